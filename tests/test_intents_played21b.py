"""Played-down, bystander-observed and question-style reports of an emergency, next to
the calm messages worded like them.  Readings covered:

- a wait asked as a home measure first (能先在家吸氧观察吗, 能先吃布洛芬等一等吗) is a
  deferral of this patient's care, no how-to question about no one.
- a question of what to do opening a clause of its own right after the event told in the
  perfect (从高处摔下来腿动不了，能不能搬动; 石灰进眼睛了，能用眼药水吗) asks about the case
  at hand, not about the words in general.
- a condition named in a question of its signs and then a sentence that opens with the
  patient (低血糖有什么症状？我爸在出汗手抖) names what is suspected in that patient.
- a nephew is a boy (侄子, 外甥; not 外甥女); a pressure that will not come down (高压降不
  下来) is a pressure told high; a person lying on a wire (趴在电线上) is at the current.
- a baby with cold hands and feet, unusually still and not crying is a danger sign.
- antivenom sought now (哪个医院有抗蛇毒血清), or a snake not made out with the jab asked
  for (蛇没看清…要去打针吗), is a bite at hand.
- near-misses: a spit of blood while brushing explained by the gums; what something
  "generally feels like" (破水一般是什么感觉) or "X的Y是什么" asked; a video watched
  (看了个车祸视频) about someone else.

Sentences written for this file."""

import pytest
from redflag_support import check

WAIT_AT_HOME = [
    ("产后突然呼吸困难心跳快，能先在家吸氧观察吗？", "pulmonary_embolism"),
    ("运动时突然头炸了一样痛，能先吃布洛芬等一等吗？", "thunderclap_headache"),
    ("剖腹产后第三天突然胸闷气短，能不能先躺着观察？", "pulmonary_embolism"),
    ("打球的时候突然头像炸开一样疼，能先吃片止痛药缓一缓吗", "thunderclap_headache"),
    ("刚才搬东西突然后脑勺剧痛，能不能先睡一觉再说？", "thunderclap_headache"),
    ("突然胸口像撕裂一样疼到后背，能先含颗救心丸等一下吗", "aortic_dissection"),
    ("宝宝刚吞了一颗纽扣电池，能先喝点水观察吗", "button_battery"),
]
WAIT_AT_HOME_CALM = [
    "偏头痛老毛病了，能先吃布洛芬缓一缓吗？",
    "发烧38度，能先吃退烧药观察吗？",
    "感冒咳嗽两天了，能先吃点药看看吗",
    "膝盖扭了一下有点肿，能先冰敷观察吗",
    "生完孩子腰酸，能先贴膏药看看吗",
]


@pytest.mark.parametrize(("text", "category"), WAIT_AT_HOME)
def test_wait_at_home_asked_is_flagged(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize("text", WAIT_AT_HOME_CALM)
def test_wait_at_home_on_a_mild_complaint_stays_calm(text: str) -> None:
    check(text, None)


CASE_THEN_QUESTION = [
    ("从高处摔下来腿动不了，能不能搬动？", "major_trauma"),
    ("从高处摔下来了，能不能随便移动？", "major_trauma"),
    ("我爸从梯子上摔下来腰动不了，能不能扶他起来？", "major_trauma"),
    ("工人从脚手架上掉下来了，要先抬到车上吗？", "major_trauma"),
    ("被蛇咬了，要先挤毒吗？", "snake_bite"),
    ("被蛇咬了，可以用嘴吸毒吗？", "snake_bite"),
    ("石灰进眼睛了，能用眼药水吗？", "eye_injury"),
    ("水泥灰溅到眼睛里了，可以先用清水冲吗", "eye_injury"),
    ("装修时生石灰进了眼睛，能直接用毛巾擦吗", "eye_injury"),
    ("被开水烫了一大片起泡了，能涂牙膏吗？", "burns"),
]
CASE_THEN_QUESTION_CALM = [
    "被蛇咬伤后为什么不能用嘴吸？",
    "眼睛进了沙子，能用眼药水冲吗？",
    "手指划了个小口子，能涂碘伏吗？",
    "眼睛干涩，能用眼药水吗？",
    "蚊子咬了，能涂风油精吗",
    "崴了脚肿了，能用红花油吗",
]


@pytest.mark.parametrize(("text", "category"), CASE_THEN_QUESTION)
def test_question_in_its_own_clause_after_the_event_is_a_case(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize("text", CASE_THEN_QUESTION_CALM)
def test_question_after_a_minor_event_stays_calm(text: str) -> None:
    check(text, None)


NAMED_THEN_TOLD = [
    ("睾丸扭转有什么症状？我儿子一边蛋疼", "testicular_torsion"),
    ("低血糖有什么症状？我爸在出汗手抖", "hypoglycaemia"),
    ("低血糖有哪些表现？我妈现在一身冷汗，手一直抖", "hypoglycaemia"),
    ("低血糖是什么症状？奶奶在发抖冒冷汗", "hypoglycaemia"),
    ("低血糖有什么症状？我老公刚才出了好多汗，心慌手抖", "hypoglycaemia"),
    ("睾丸扭转有哪些表现？我弟弟突然一侧蛋疼得厉害", "testicular_torsion"),
    ("睾丸扭转是什么症状？孩子一边睾丸肿了很疼", "testicular_torsion"),
]
NAMED_THEN_TOLD_CALM = [
    "低血糖有什么症状？我想提前了解一下",
    "低血糖有什么症状？我爸有糖尿病",
    "低血糖有什么症状？我爸以前出过汗手抖",
    "睾丸扭转有什么症状？我儿子没有蛋疼",
    "低血糖有什么症状？万一我爸手抖怎么办",
]


@pytest.mark.parametrize(("text", "category"), NAMED_THEN_TOLD)
def test_condition_asked_then_patient_told_is_flagged(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize("text", NAMED_THEN_TOLD_CALM)
def test_condition_asked_without_a_case_stays_calm(text: str) -> None:
    check(text, None)


WORDS_READ = [
    ("侄子上课时突然捂着裤裆蹲下，脸色发白", "testicular_torsion"),
    ("外甥在操场上突然捂着裆蹲在地上，脸色煞白", "testicular_torsion"),
    ("大侄子半夜捂着下面叫疼，弯着腰", "testicular_torsion"),
    ("外甥刚才踢球后捂着裤裆，一瘸一拐的", "testicular_torsion"),
    ("侄儿突然捂着下身哭，应该是撞到了吧", "testicular_torsion"),
    ("高压降不下来头痛呕吐，要叫救护车吗", "hypertensive_emergency"),
    ("血压降不下来，头疼想吐，能等明天吗", "hypertensive_emergency"),
    ("我爸吃了降压药还是降不下来，头很晕", "hypertensive_emergency"),
    ("高压一直下不来，头痛得厉害，还吐了", "hypertensive_emergency"),
    ("有人趴在电线上了，先拉开他还是先拉闸？", "electric_injury"),
    ("有人躺在电线上不动了，怎么办", "electric_injury"),
    ("孩子抱着电线不撒手，在抖", "electric_injury"),
    ("孩子被电了，要先拉闸吗", "electric_injury"),
    ("宝宝摸着手脚冰凉，很安静，不爱哭，可能是睡得好吧？", "neonatal_danger"),
    ("宝宝手脚冰凉，特别安静，很少哭，是不是太累了？", "neonatal_danger"),
    ("我家宝宝今天手脚发凉，异常安静，哭都不哭", "neonatal_danger"),
    ("宝宝脚丫冰凉，很安静不太哭，明天再去医院行吗", "neonatal_danger"),
    ("哪个医院有抗蛇毒血清？我们在郊区", "snake_bite"),
    ("附近哪里能打抗蛇毒血清？在山里", "snake_bite"),
    ("去哪能打抗蛇毒血清啊，我们在村里", "snake_bite"),
    ("抗蛇毒血清哪里有？急", "snake_bite"),
    ("蛇没看清是什么蛇，没毒的话也要去打针吗？", "snake_bite"),
    ("我爸在田里被什么东西咬了一口，蛇没看清，要去打针吗", "snake_bite"),
    ("孩子说是蛇，不知道是什么蛇，要打血清吗", "snake_bite"),
]
WORDS_READ_CALM = [
    "外甥女捂着肚子，脸色发白",
    "侄子捂着裤裆笑，在闹着玩",
    "停电了，要先拉闸吗",
    "手机没电了，能不能先借个充电宝？",
    "我家猫趴在电线上睡觉",
    "血压降不下来怎么办？一般吃什么药",
    "我爸高压降不下来，医生让换药，没有不舒服",
    "宝宝手脚冰凉，哭声很响，吃奶正常",
    "宝宝手脚有点凉，身上暖和，很安静很乖",
    "抗蛇毒血清是什么？",
    "抗蛇毒血清有什么副作用",
    "抗蛇毒血清在哪里能打？多少钱",
    "我们医院抗蛇毒血清放在哪个科室？",
    "想提前了解一下，去郊区徒步哪个医院有抗蛇毒血清",
    "路上看到一条蛇，没看清是什么蛇，吓死我了",
    "家里养的玉米蛇咬了一口，要去打针吗",
]


@pytest.mark.parametrize(("text", "category"), WORDS_READ)
def test_played_down_or_observed_words_are_read(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize("text", WORDS_READ_CALM)
def test_look_alikes_stay_calm(text: str) -> None:
    check(text, None)


NEAR_MISSES_CALM = [
    "早上刷牙吐出来有血，是牙龈出血，不是咳出来的，不喘。",
    "刷牙后吐出来带血丝，牙龈肿",
    "表姐上周破水后顺产了，母子平安，想问问破水一般是什么感觉",
    "看了个车祸视频，那个人腿都断了",
    "一氧化碳中毒的迟发性脑病是什么？",
    "煤气中毒的后遗症是什么意思",
    "一氧化碳中毒的高压氧治疗是什么？",
]
NEAR_MISSES_REPORTED = [
    ("今天吐出来有血，一大口，还头晕", "haematemesis"),
    ("我爸看了个搞笑视频，突然胸口疼得厉害", "cardiac_chest_pain"),
    ("我爸一氧化碳中毒了，现在昏迷，高压氧是什么？", "carbon_monoxide"),
]


@pytest.mark.parametrize("text", NEAR_MISSES_CALM)
def test_near_misses_stay_calm(text: str) -> None:
    check(text, None)


@pytest.mark.parametrize(("text", "category"), NEAR_MISSES_REPORTED)
def test_near_miss_words_with_a_case_are_flagged(text: str, category: str) -> None:
    check(text, category)

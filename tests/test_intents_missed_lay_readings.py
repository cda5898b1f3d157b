"""Emergencies the red-flag layer missed because a reading was not made, and their look-alikes.

Readings covered:
- a baby whose age is not told with two WHO IMCI general danger signs together (not able to
  feed, lethargic, floppy, cold all over and hard to warm, a weak cry): an emergency at any
  age under five, read as the newborn danger; one sign alone, cold hands, a content baby who
  does not cry, a soft stool or an older child stay calm.
- a poison breathed or tasted told obliquely: a pesticide breathed in while spraying with a
  poisoned body (sweat, tremor, vomiting); an irritant gas breathed in with a chest that will
  not settle; a caustic's white blisters in the mouth after a lick or a sip, the substance
  unnamed; a sip told first and the substance named after it, with the amount played down
  by litotes (没喝多少 is no denial of drinking). Masked, past, mild, asked, resolved, a hot
  drink or a mouth ulcer stay calm.
- carbon monoxide in a stuffy room blamed by a relative (屋里闷，透透气就好) with the brain's
  signs (unsteady and vomiting, drowsy, confused); a stuffy room with a passing dizziness
  that airing cured stays calm.
- an operation just done (刚做完手术) told after breathlessness and a swollen leg: the risk of
  a clot in the lung, not a treatment that ended the breathing (a treatment word that is a
  word of a concept completing the category with the sign); an operation that cured it, or
  breathing that got better, stays over.
- photophobia told by what the light does (一开灯就捂着眼睛, 嫌灯太亮) with a fever and a
  headache; a light a bit glaring or no fever stays calm.
- a young infant's fever felt by touch and told by an image of heat (摸着像个小火炉); a baby
  felt warm but not hot, a reading under 38 or an older child who sleeps warm stay calm.
- a record's large amount of a drug taken (吞服大量安眠药); a question about large doses and
  a denial stay calm.
- the baby "in there" moving as only a fetus does (在里面打拳) as a pregnancy, its usual
  movements told of the past against a still womb now (以前…今天…一点动静都没有); a
  movement back again, a child playing in a room or a sleeping 9-month-old stay calm.
- a heavy bleeding that soaks the trousers with pregnancy denied, and a lay faintness (人发飘);
  a black stool explained away by a relative with a face gone bad and breath short on a few
  steps (脸色很难看, 走几步就喘); sweat-soaked trousers and a black stool after pig's blood in
  someone well stay calm.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged

BABY_TWO_SIGNS = [
    "宝宝今天拒奶，哭声特别弱",
    "我家宝宝身上冰冰凉，盖了两床被子也捂不热，还老是睡",
    "宝宝蔫蔫的，一天没怎么喝奶",
    "婴儿 拒奶 发凉 哭不出声",
    "我家宝宝身上凉凉的，被窝里焐了半天还是暖不过来",
]

BABY_CALM = [
    "宝宝手脚有点凉，后背是暖的",
    "宝宝一岁半了，这两天不爱吃饭，有点蔫",
    "宝宝吃奶香，哭声响亮，手脚暖和",
    "宝宝大便软软的，一直睡",
    "宝宝很乖，不哭不闹，一直睡",
    "宝宝睡得很香，一直睡到天亮，身上也不凉",
    "宝宝手脚冰凉，一直睡",
    "宝宝吃完奶一直睡，很乖不哭",
    "宝宝冰凉的小手，一直睡",
    "宝宝喝了几口奶茶，一直睡",
    "上个月宝宝不吃奶一直睡，住院治好了",
    "宝宝身上冰凉，后背是暖的，一直睡",
]


@pytest.mark.parametrize("text", BABY_TWO_SIGNS)
def test_a_baby_with_two_general_danger_signs_is_an_emergency(text: str) -> None:
    assert "neonatal_danger" in flagged(text)


@pytest.mark.parametrize("text", BABY_CALM)
def test_one_sign_cold_hands_or_a_content_baby_stay_calm(text: str) -> None:
    assert not flagged(text)


POISON_BREATHED_OR_TASTED = [
    "我爸下午在果园喷农药，吸进去好多，这会儿一身一身地出汗，手一直抖",
    "姑父在大棚里喷药，吸了好多进去，晚上浑身冒汗手发抖",
    "单位锅炉房有股呛人的气体，我吸了不少，现在咳得停不下来，胸口闷",
    "女儿尝了尝柜子里一个没标签的瓶子，嘴唇和舌头上全是白泡",
    "儿子抿了一下那个清洁剂，说没事，可嘴里起白泡了",
    "抿了一小口，儿子说没喝多少，是除草剂",
]

POISON_CALM = [
    "打药的时候戴了口罩，没吸进去，现在好好的",
    "喷农药要戴什么口罩才不会吸进去",
    "以前打药吸进去过，吐了几天，现在没事了",
    "打农药的时候闻到一点味，有点头晕，歇会就好了",
    "车间里有刺鼻的味道，会不会对身体不好",
    "昨天在车间吸了刺鼻的气体，咳了几声，今天已经不咳了",
    "闻到邻居家炒辣椒的刺鼻味道，咳了两声",
    "孩子口腔溃疡，舌头起白泡，不爱吃饭",
    "孩子舔了一下冰棍，嘴唇起泡了，是不是上火",
    "孩子喝了一口水，没喝多少，不是洁厕灵",
]

STUFFY_ROOM = [
    "外婆说卧室太闷了，透透气就好，可外公现在迷迷糊糊的",
    "爸爸说房间太闷了，透透气就行，可妈妈一直吐，站不稳",
]

STUFFY_CALM = [
    "屋里闷，开窗透透气就好了",
    "屋里太闷了，有点头晕，开了窗就好了",
    "屋里闷得慌，出去透透气，现在没事了",
]


@pytest.mark.parametrize("text", POISON_BREATHED_OR_TASTED)
def test_a_poison_breathed_or_tasted_told_obliquely_is_a_poisoning(text: str) -> None:
    assert "chemical_poisoning" in flagged(text)


@pytest.mark.parametrize("text", POISON_CALM)
def test_masked_past_mild_asked_or_harmless_exposures_stay_calm(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize("text", STUFFY_ROOM)
def test_a_stuffy_room_blamed_with_signs_of_the_brain_is_carbon_monoxide(text: str) -> None:
    assert "carbon_monoxide" in flagged(text)


@pytest.mark.parametrize("text", STUFFY_CALM)
def test_a_stuffy_room_aired_with_a_passing_dizziness_stays_calm(text: str) -> None:
    assert not flagged(text)


OTHER_LAY_READINGS = [
    ("憋气 两条腿都肿了 刚做完手术", "pulmonary_embolism"),
    ("气短，小腿肿，刚做完手术没几天", "pulmonary_embolism"),
    ("儿子烧到39度，头痛得厉害，一开灯就捂着眼睛", "meningitis"),
    ("老公高烧头痛，见不得光，窗帘都拉上了", "meningitis"),
    ("孩子出生四十天，今天抱着跟个火球一样", "infant_fever"),
    ("五十天的宝宝，额头摸着像烙铁，小脸通红", "infant_fever"),
    ("今早被家人发现服下大量降糖药，叫不太醒", "drug_overdose"),
    ("平时小家伙老在里面打拳，从早上到现在一点动静也没有，快八个月了", "reduced_fetal_movement"),
    ("娃天天晚上在里头踢我，今晚啥动静都没有", "reduced_fetal_movement"),
    ("血透到裤子上了，没有怀孕，脚底发飘", "heavy_vaginal_bleeding"),
    ("婆婆说是吃了猪血，大便黑了两天，今天脸色很难看，走几步就喘", "melaena"),
    ("老爷子说前天吃了黑芝麻糊，这两天大便黑，可现在一动就喘，脸色吓人", "melaena"),
]

OTHER_CALM = [
    "喘不上气，做完手术就好了",
    "以前做过手术，喘不上气，腿肿，现在好多了",
    "头疼，开灯眼睛疼，没发烧",
    "宝宝两个月，摸着暖暖的，不烫",
    "冬天抱着两个月的宝宝像抱个暖手宝，量了体温36.9",
    "孩子三岁，晚上睡觉像个小火炉，一直踢被子",
    "大量服用维生素C有什么副作用",
    "患者没有服用大量药物，只是多吃了一片维生素",
    "这个药不能服用大量，一天最多两片",
    "孩子在里面翻跟头玩，玩得很开心",
    "宝宝九个月了，晚上睡觉一点动静都没有，睡得很沉",
    "以前宝宝老在里面打拳，现在生出来了也爱蹬腿",
    "大便黑，昨天吃了猪血，人挺好的",
    "吃了补铁药以后大便发黑，脸色比以前好看多了",
]


@pytest.mark.parametrize(("text", "category"), OTHER_LAY_READINGS)
def test_lay_signs_settings_and_record_wordings_are_read(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize("text", OTHER_CALM)
def test_their_look_alikes_stay_calm(text: str) -> None:
    assert not flagged(text)

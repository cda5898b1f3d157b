"""Signs told in plain lay words, images and typing slips, next to the calm messages worded
like them.  Readings covered:

- chest pain with any medicine taken that did not help (吃了药不管用, 含了两片还是疼, 白吃了):
  the relief that failed is a cardiac feature, as 硝酸甘油没用 was.
- a chest pain said to travel on to the left arm or the jaw (往左胳膊串, 窜到下巴, 扯着左胳膊)
  is a cardiac feature, and it outweighs the understatement (有点闷, 有点压得慌).
- the heart's pain and its pill typed by ear (心绞疼, 心胶痛; 硝酸干油, 消酸甘油).
- a follow-up visit named as the booking being changed (取消明天的复诊, 下周的复查改一下,
  预约的随访) is no long-standing illness: the breathlessness told after it is today's;
  a breath so short it cuts the sentence (喘得一句话说不完) is severe.
- a bladder told in chart words (耻骨上方胀痛, 耻骨上区, 触之有包块) is a distended bladder,
  and the urine left unsaid after 排尿 (…，完全无法排出) cannot be passed.
- the Cantonese 痛到缩埋一嚿 (curled into a ball) is a pain act, and 屙唔出嘢 (拉不出东西) is
  no stool.
- the nerve venom told plainly after a snake called harmless (眼皮睁不开, 舌头大, 喝水会呛,
  看东西重影) is a venomous bite.
- skin told whole in a longer phrase (仔细看皮肤没有破) is no rabies exposure; a book named in
  its title marks (《…》里面…自杀) tells its story, not the reader.

Sentences written for this file."""

from __future__ import annotations

import pytest
from redflag_support import flagged_case

CHEST_NO_RELIEF = [
    "我妈胸口憋着疼，吃了药不管用",
    "我爸胸口闷得慌，含了两片药还是疼",
    "老公胸口压着疼，吃了胃药也不顶用，我们想先去医院",
    "胸口一阵阵发紧，吃了止痛片没效果",
    "我婆婆胸前疼，吃了速效救心丸也不见效",
    "我胸口堵着疼，药吃了白吃了",
    "我想取消明天的体检，我妈现在胸口憋着疼，吃了药不管用，我们得先去医院",
]
CHEST_RADIATING = [
    "我爸说胸口有点闷，往左胳膊串",
    "胸口有点不舒服，疼得往左肩膀窜，他说没事",
    "我妈胸口有点压着，左胳膊也跟着串",
    "有点胸闷，窜到下巴那里",
    "老公说胸口稍微有点疼，扯着左胳膊，他说是落枕",
    "我爸说就是胸口有点压得慌，往左胳膊串，他说是颈椎病犯了，不让我们管，是我们想多了吗",
]
CHEST_TYPED_BY_EAR = [
    "我爸心绞疼发作了，吃了硝酸干油不管用，半小时了",
    "我爸心绞疼发作了，吃了消酸甘油也没用",
    "我妈心胶痛犯了，含了硝酸干油二十分钟了",
    "老头子心绞疼又发作了，硝酸肝油含了两片不管用",
]
CHEST_CALM = [
    "吃了药不管用，嗓子还是疼",
    "胃药吃了不管用，肚子胀",
    "胸口有点闷，休息一下就好了",
    "颈椎病犯了，脖子有点疼往胳膊串",
    "肩膀有点酸，往胳膊串",
    "心绞痛平时吃什么药好",
    "硝酸干油怎么保存",
]


@pytest.mark.parametrize("text", CHEST_NO_RELIEF + CHEST_RADIATING + CHEST_TYPED_BY_EAR)
def test_chest_pain_in_plain_words_flagged(text: str) -> None:
    assert "cardiac_chest_pain" in flagged_case(text), text


@pytest.mark.parametrize("text", CHEST_CALM)
def test_chest_look_alikes_stay_calm(text: str) -> None:
    assert flagged_case(text) == [], text


BREATHLESS_AFTER_BOOKING = [
    "我想取消明天的复诊，改到急诊，我老公现在喘得一句话都说不完整",
    "我想取消明天的复诊，我妈现在喘得说不出完整的话",
    "帮我把下周的复查改一下，我老公现在喘不上气，嘴唇都紫了",
    "预约的随访不去了，我爸这会儿憋得一句话说不完",
    "取消后天的复诊吧，孩子现在喘得锁骨往里吸",
]
BOOKING_CALM = [
    "我想取消明天的复诊，改到下周",
    "帮我把下周的复查改到周五",
    "预约的随访能不能推迟",
    "取消后天的复诊，已经好多了",
    "他这人说话一句话说不完就跑题",
]


@pytest.mark.parametrize("text", BREATHLESS_AFTER_BOOKING)
def test_breathless_after_a_booking_flagged(text: str) -> None:
    assert "severe_breathlessness" in flagged_case(text), text


@pytest.mark.parametrize("text", BOOKING_CALM)
def test_booking_changes_stay_calm(text: str) -> None:
    assert flagged_case(text) == [], text


RETENTION_CHART_WORDS = [
    "本人于今晨起排尿困难，至下午完全无法排出，耻骨上方胀痛，触之有包块。",
    "今早起小便费力，到下午完全排不出来，耻骨上方胀痛",
    "患者排尿困难半天，小便无法排出，耻骨上区胀痛",
    "我爸排尿困难，到现在完全无法排出，小肚子鼓起来一个包",
    "老人尿不出来，耻骨上面鼓鼓的硬硬的",
]
RETENTION_CALM = [
    "排尿有点费力，能尿出来",
    "耻骨上方按着有点疼，尿尿正常",
    "最近小便不太顺畅，想挂个泌尿科",
]


@pytest.mark.parametrize("text", RETENTION_CHART_WORDS)
def test_retention_in_chart_words_flagged(text: str) -> None:
    assert "acute_urinary_retention" in flagged_case(text), text


@pytest.mark.parametrize("text", RETENTION_CALM)
def test_voiding_look_alikes_stay_calm(text: str) -> None:
    assert flagged_case(text) == [], text


ABDOMEN_CURLED_UP = [
    "阿妈个肚痛到成个人缩埋一嚿，仲呕咗几次，屙唔出嘢",
    "阿爸个肚痛到缩埋一嚿，呕咗两次，屙唔出嘢",
    "个仔肚痛到缩成一嚿，仲呕，屙唔出嘢",
    "老婆肚子疼得缩成一团，吐了好几次，也拉不出东西",
    "阿嫲肚痛到缩埋一旧，成日呕，屙唔出嘢",
]
ABDOMEN_CALM = [
    "肚子有点痛，冷得缩成一团",
    "个仔瞓觉缩埋一嚿，好得意",
    "最近几天拉不出东西，想买点开塞露",
]


@pytest.mark.parametrize("text", ABDOMEN_CURLED_UP)
def test_abdomen_curled_up_flagged(text: str) -> None:
    assert "acute_abdomen" in flagged_case(text), text


@pytest.mark.parametrize("text", ABDOMEN_CALM)
def test_abdomen_look_alikes_stay_calm(text: str) -> None:
    assert flagged_case(text) == [], text


SNAKE_NERVE_VENOM = [
    [
        "我爸被蛇咬了，村里医生说是无毒的",
        "给敷了草药",
        "可是现在他眼皮睁不开，说话舌头大，喝水会呛",
    ],
    ["被蛇咬了一口，大家说是无毒蛇", "现在眼皮耷拉下来，看东西重影"],
    "我妈被蛇咬了，说是没毒，可现在她眼睛睁不开，说话不清楚",
    "老公前天被蛇咬，说是无毒的，今天咽东西困难，舌头发麻",
    "被蛇咬了，是无毒的蛇，但是现在眼皮抬不起来，喝水老呛",
]
SNAKE_CALM = [
    "被蛇咬了，医生说是无毒的，伤口不肿",
    "养的玉米蛇咬了一口，没破皮",
    "困得眼皮睁不开，想挂个号",
    "喝水会呛，老毛病了，想挂耳鼻喉科",
    "刚才被一条小蛇碰了一下，仔细看皮肤没有破，没有牙印没有肿，应该不算被咬吧",
]


@pytest.mark.parametrize("case", SNAKE_NERVE_VENOM)
def test_snake_nerve_venom_flagged(case: str | list[str]) -> None:
    assert "snake_bite" in flagged_case(case), case


@pytest.mark.parametrize("text", SNAKE_CALM)
def test_snake_look_alikes_stay_calm(text: str) -> None:
    assert flagged_case(text) == [], text


BOOK_STORY_CALM = [
    "最近在读《挪威的森林》，里面好多人物自杀，看得心情很沉重",
    "《红楼梦》里尤三姐自刎那段看哭了",
]
BOOK_THEN_SELF = [
    "看了《少年的你》，里面那个女孩被欺负想自杀，我也好想死",
    "在看《挪威的森林》，我现在就想自杀",
]


@pytest.mark.parametrize("text", BOOK_STORY_CALM)
def test_book_story_stays_calm(text: str) -> None:
    assert flagged_case(text) == [], text


@pytest.mark.parametrize("text", BOOK_THEN_SELF)
def test_reader_after_book_flagged(text: str) -> None:
    assert "suicide_self_harm" in flagged_case(text), text

"""Near-misses told calm by their own words (a stage of life just begun, an episode over
after a long sentence, an earlier stay on a ward, a pet's case, a fever gone, a thing taken
out at the clinic, a change asked about), next to the emergencies worded like them that
must stay flagged.  Readings covered:

- 刚怀孕 / 刚当妈妈 tells how far along, no moment of an episode: the wish to learn
  (想提前了解) stands — unless a moment of now or a sign told as now is there.
- a number followed by another unit (45天, 39周) is no thermometer reading: a fever told
  over keeps no reading of its own.
- a stay on a ward told after the event (发烧住过新生儿科) is a history — unless the fever
  is told again now.
- a pet acting on a thing of mine (小猫把我掉地上的布洛芬舔了) is the pet's case — unless a
  person is bitten or scratched.
- the fever told gone after a word of now (今天已经不烧了) keeps an infant's checked fever
  over — unless it comes back.
- a thing lodged (眼睛进了铁屑) and taken out at the clinic in the answering turn is over —
  not when it was taken out at home, nor when a sign goes on.
- a change asked about (胎动会变少吗) is a question of what will be; a wish to learn may be
  followed by 以防万一.
- the asker told a student of medicine or pharmacy (我是药学生在复习) or set homework
  (老师让我们查资料) asks to learn — unless a person's case of now is told.

Sentences written for this file."""

import pytest
from redflag_support import emergency, flagged_case

# a stage of life just begun (刚怀孕) and a wish to learn
JUST_PREGNANT_CALM = [
    ["孕晚期见红是什么意思？", "刚怀孕，想提前了解"],
    "刚怀上，想提前了解一下孕期出血哪些情况要去急诊",
    "我刚怀孕，想提前了解一下胎膜早破是怎么回事",
    "老婆刚怀孕，想提前了解子痫前期有哪些表现",
]
JUST_PREGNANT_EMERGENCY = [
    "刚怀孕，刚才见红了好多，想提前了解",
    "刚怀孕就见红了，流了很多血，想提前了解",
    ["孕晚期见红是什么意思？", "我怀孕35周，现在见红了，肚子一阵阵疼"],
    "刚怀孕，今天突然肚子剧痛，下面出血很多",
    "我刚怀孕7周，现在大出血，一直在流",
]

# a fever told over; a count of days is no reading
INFANT_FEVER_OVER_CALM = [
    "女儿45天时发烧38.5度住院做了腰穿，住了一周，现在已经好了，问下什么时候能打疫苗",
    "宝宝两个月，前天发烧去医院查了血和尿都正常，医生说是病毒感染，今天已经不烧了",
    "宝宝50天，昨天发烧38度，去医院查了血和尿都正常，现在不烧了，精神很好",
]
INFANT_FEVER_NOW_EMERGENCY = [
    "宝宝40天，发烧38度",
    "宝宝40天的时候发烧38度去医院查了，住了几天院，现在又烧到38.5",
    "宝宝两个月，前天发烧去医院查了血和尿都正常，今天又烧到38.3",
    "宝宝两个月，前天发烧去医院查了血常规正常，今天还在烧",
    "孩子42天，今天发烧38.2度，不怎么吃奶",
    "宝宝39天，摸着很烫，量了38.6",
]

# a stay on a ward told after the event
WARD_STAY_CALM = [
    "我家老大出生二十多天时发烧住过新生儿科，现在已经三岁了，这次老二快出生，想了解下注意事项",
    "儿子出生半个月时黄疸住过新生儿科，现在上小学了，问下二胎要注意什么",
    "女儿20天时发烧住过儿科病房，现在两岁了，想问下疫苗的事",
]
WARD_STAY_EMERGENCY = [
    "宝宝20天，发烧住过新生儿科，现在又烧到38度",
    "宝宝二十天，发烧住进新生儿科了",
    "宝宝25天，今天发烧38度，要不要住新生儿科",
    "孩子出生18天，发烧38.3，不吃奶",
]

# a pet acting on a thing of mine
PET_AND_PILL_CALM = [
    "小猫把我掉地上的一片布洛芬舔了，宠物会有事吗",
    "狗把我放桌上的感冒药吃了两片，狗会中毒吗",
    "猫把我落在沙发上的药片舔了一下，猫要紧吗",
]
PET_BITE_EMERGENCY = [
    "猫把我咬了，出血了",
    "狗把我的手咬破了",
    "小猫把我掉地上的药舔了，又把我手抓破了",
    "流浪狗把我儿子的腿咬出血了",
    "小狗把我手指咬了一口，出血了",
]

# a thing lodged and taken out at the clinic, told in the answering turn
LODGED_REMOVED_CALM = [
    ["昨天眼睛进了铁屑", "眼科取出来了，今天不疼了"],
    ["上午打磨的时候眼睛进了铁屑", "医生取出来了，现在不疼了"],
    ["前天干活眼睛进了铁屑", "去医院眼科取出来了，今天不疼了"],
]
LODGED_EMERGENCY = [
    ["昨天眼睛进了铁屑", "眼科取出来了，今天还是看不清"],
    ["昨天眼睛扎进了铁屑", "自己取出来了，不疼了"],
    "刚才眼睛扎进了铁屑",
    "打磨的时候铁屑崩进眼睛里了，现在睁不开",
    "眼睛被铁丝扎了一下，一直流水看不清",
]

# a change asked about, a wish to learn for the worst case
ASKED_AHEAD_CALM = [
    "快生的时候胎动会变少吗？",
    "临产前胎动会不会变少？",
    "胎动减少到什么程度需要去医院？先了解一下以防万一",
    "孕晚期胎动会变少吗，想了解一下",
]
FETAL_NOW_EMERGENCY = [
    "怀孕34周，今天胎动变少了很多",
    "怀孕36周，胎动变少了，会不会有事",
    "怀孕30周，今天胎动明显减少，先了解一下以防万一",
    "孕32周，从早上到现在没感觉到胎动",
    "宝宝胎动减少了，先了解一下",
]

# the asker a student, or homework set
STUDENT_CALM = [
    ["严重过敏反应为什么会休克？", "我是药学生在复习"],
    ["心梗为什么会出冷汗？", "我是医学生，在备考"],
    "我是护理专业的，过敏性休克为什么要用肾上腺素",
    ["低血糖昏迷怎么处理？", "老师让我们查资料"],
]
STUDENT_CASE_EMERGENCY = [
    "我是药学生，我妈现在过敏喘不上气，嘴唇肿了",
    ["过敏性休克是什么感觉？", "我是药学生，我现在全身起疹子喘不上气"],
    ["我是医学生", "我爸刚才突然胸口压着疼，一身冷汗"],
    "老师让我们查资料，可是我同学现在晕倒了叫不醒",
    "我是护理专业的学生，室友刚吃了一整瓶安眠药",
]


@pytest.mark.parametrize(
    "case",
    STUDENT_CALM
    + JUST_PREGNANT_CALM
    + INFANT_FEVER_OVER_CALM
    + WARD_STAY_CALM
    + PET_AND_PILL_CALM
    + LODGED_REMOVED_CALM
    + ASKED_AHEAD_CALM,
)
def test_told_calm_stays_calm(case: str | list[str]) -> None:
    assert not flagged_case(case), case


@pytest.mark.parametrize(
    "case",
    STUDENT_CASE_EMERGENCY
    + JUST_PREGNANT_EMERGENCY
    + INFANT_FEVER_NOW_EMERGENCY
    + WARD_STAY_EMERGENCY
    + PET_BITE_EMERGENCY
    + LODGED_EMERGENCY
    + FETAL_NOW_EMERGENCY,
)
def test_same_words_told_as_an_emergency_stay_flagged(case: str | list[str]) -> None:
    assert flagged_case(case), case


def test_single_message_reading_matches() -> None:
    assert not emergency("快生的时候胎动会变少吗？")
    assert emergency("怀孕34周，今天胎动变少了很多")

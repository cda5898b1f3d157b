"""Scope rules that set a real sign aside, and look-alikes that read as emergencies.

Each table pairs emergencies with look-alike non-emergencies for one mechanism: a
directional 过去了 or "过了十几秒" is no time word, a follow-up visit is the moment of a
reading, "每次" after a regular sign counts its bouts, a bite on a human hand hurts a
person, "以为没事" is a belief, a doctor's guess or referral closes nothing, a sign still
there after a treatment goes on, a mild word followed by acute features is an
understatement; and hearsay warnings, spitting, movements counted back to normal,
paperwork, advice read online, sleep starts and a thing spat out and found are no
report.  Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged

from intents.normalize import safety_text
from intents.redflags import assess


def set_aside(text: str, category: str) -> bool:
    return assess(safety_text(text)).set_aside(category)


# ------------------------------------------------------- words of time that are not
TIME_WORDS_THAT_ARE_NOT = [
    ("骑电动车摔进沟里，小腿整个拧过去了，骨头都戳出来了", "major_trauma"),
    ("我妈刚才在厨房突然晕倒了，过了半分钟才醒，醒来说心慌得厉害", "arrhythmia_syncope"),
    ("社区随访时测得老人血压230/125，说头痛得厉害", "hypertensive_emergency"),
]
TIME_WORDS_THAT_ARE = [
    "过去骨折过，现在阴天小腿有点酸",
    "我以前晕倒过一次，查了是低血糖，现在想做个体检",
    "高血压随访，这次量的140/90，医生让继续吃药",
]


@pytest.mark.parametrize("text,category", TIME_WORDS_THAT_ARE_NOT)
def test_a_direction_a_wait_or_a_visit_is_no_past_or_chronic_tag(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", TIME_WORDS_THAT_ARE)
def test_the_past_and_a_controlled_reading_stay_set_aside(text):
    assert not flagged(text), text


# ------------------------------------------------------- the bouts of a regular sign
BOUTS = [
    "怀孕30周，肚子一阵一阵发紧，每次都疼得直冒汗",
    "孕31周，现在规律宫缩，每次都疼得蹲在地上",
]
HABITS = [
    "孕30周，经常肚子发紧，每次躺一会就好",
    "怀孕32周，肚子时不时发硬，每次几秒钟就松开了",
]


@pytest.mark.parametrize("text", BOUTS)
def test_each_bout_of_regular_contractions_is_no_habit(text):
    assert flagged(text), text


@pytest.mark.parametrize("text", HABITS)
def test_contractions_told_as_a_habit_stay_set_aside(text):
    assert not flagged(text), text


# ------------------------------------------------------- an animal bit a person
BITTEN_PERSON = [
    "我在宠物医院上班，给一只流浪狗打针时被咬破了手指，出了不少血",
    "邻居的猫抓伤了我儿子的手背，流血了，那只猫没打过疫苗",
]
BITTEN_ANIMAL = [
    "我家狗被邻居家的狗咬了腿，流了点血",
    "我家猫和流浪猫打架，耳朵被咬破了",
]


@pytest.mark.parametrize("text", BITTEN_PERSON)
def test_a_bite_on_a_human_hand_hurts_a_person(text):
    assert "animal_bite_rabies" in flagged(text), text


@pytest.mark.parametrize("text", BITTEN_ANIMAL)
def test_an_animal_bitten_is_no_patient(text):
    assert not flagged(text), text


# ------------------------------------------------------- beliefs and open verdicts
OPEN = [
    ("前天吃了自己采的蘑菇，拉肚子，以为没事了，今天眼睛发黄，尿像浓茶", "chemical_poisoning"),
    ("刚生下来十几个小时皮肤就发黄了，医生说可能是正常的，明天再看行吗", "neonatal_danger"),
    ("对芒果严重过敏，刚才不小心吃了一口，已经打了肾上腺素，还是喘", "anaphylaxis"),
]
CLOSED = [
    "吃了野生菌拉了两次，现在已经没事了",
    "宝宝出生第五天有点黄，医生说是生理性黄疸，已经出院了",
    "刚才吃虾嘴唇有点痒，吃了抗过敏药已经好了",
]


@pytest.mark.parametrize("text,category", OPEN)
def test_a_belief_a_guess_or_a_treatment_without_effect_leaves_the_sign_open(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", CLOSED)
def test_an_outcome_or_a_doctors_verdict_closes_the_sign(text):
    assert not flagged(text), text


# ------------------------------------------------------- a mild word as an understatement
UNDERSTATED = [
    ("应该没事，胸口有点闷，往下巴那边放射，休息了也不缓解", "cardiac_chest_pain"),
    ("胸口有点压着，出了一身汗，30多分钟了", "cardiac_chest_pain"),
]
MILD = [
    ("胸口有点闷，深呼吸一下就好了", "cardiac_chest_pain"),
    ("胸口有点闷，这几天睡得不好", "cardiac_chest_pain"),
]


@pytest.mark.parametrize("text,category", UNDERSTATED)
def test_a_mild_sign_with_acute_features_does_not_veto_the_classifier(text, category):
    assert not set_aside(text, category), text


@pytest.mark.parametrize("text,category", MILD)
def test_a_mild_sign_alone_still_vetoes_the_classifier(text, category):
    assert set_aside(text, category), text


@pytest.mark.parametrize(
    "text",
    [
        "眼睛有点胀，不过下午开始特别疼，还吐了，看东西也模糊了",
        "头有点疼，不过越来越厉害，还吐了两次，脖子也硬",
    ],
)
def test_a_mild_word_then_a_severe_description_is_an_understatement(text):
    assert flagged(text), text


# ------------------------------------------------------- words the catalogue now knows
KNOWN_NOW = [
    ("我妈刚才说话舌头打结，左边嘴角不动了", "stroke"),
    ("打完增强核磁出来，浑身起风团，头晕眼花", "anaphylaxis"),
    ("孕32周，头有点疼，量血压170多/115", "preeclampsia"),
]
NOT_KNOWN = [
    "明天要做增强ct，需要空腹吗",
    "孕32周产检，血压120多/80，尿蛋白阴性",
]


@pytest.mark.parametrize("text,category", KNOWN_NOW)
def test_new_words_for_known_signs(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", NOT_KNOWN)
def test_the_same_words_without_a_sign(text):
    assert not flagged(text), text


def test_a_face_that_does_not_move_in_a_later_turn_is_a_stroke():
    history = ["我奶奶上午说胳膊有点麻"]
    assert "stroke" in flagged("刚才叫她笑一下，右边嘴角不动", history=history)


# ------------------------------------------------------- look-alikes that are no report
NO_REPORT = [
    "听说坐完长途飞机突然胸痛气短要警惕肺栓塞，出门前想了解一下",
    "早上吐口水带点血，牙龈有点肿",
    "前天鼻子出血流到喉咙，咳出点血块，现在已经没有了",
    "孕33周，上午觉得胎动少，吃完午饭躺着数了一小时动了12下",
    "前天晚上血糖2.9，吃了两块糖就上来了，之后一直好好的，胰岛素要减量吗",
    "烫伤住院的理赔需要哪些材料",
    "被毒蛇咬了到底要不要冰敷？网上看到的说法不同",
    "快睡着的时候身体抖一下就惊醒了",
    "孩子把纽扣放进嘴里，马上吐出来了，找到了，没吞",
]
REPORT = [
    ("我刚坐完长途飞机下来，突然胸痛气短", "pulmonary_embolism"),
    ("刚才吐了一大口血，头晕", "haematemesis"),
    ("孕35周，从早上到现在胎动已经没有了", "reduced_fetal_movement"),
    ("孕33周，躺着数了两小时只动了3下", "reduced_fetal_movement"),
    ("打完胰岛素测血糖2.5，吃了糖还是一身冷汗，手抖", "hypoglycaemia"),
    ("我刚被蛇咬了脚，现在腿肿得厉害", "snake_bite"),
    ("老公睡着后突然全身抽搐，口吐白沫，叫不醒", "seizure"),
    ("孩子吃花生呛到了，脸憋得发紫，咳不出来", "airway_obstruction"),
]


@pytest.mark.parametrize("text", NO_REPORT)
def test_hearsay_spitting_recovery_paperwork_and_advice_are_no_emergency(text):
    assert not flagged(text), text


@pytest.mark.parametrize("text,category", REPORT)
def test_the_matching_reports_are_emergencies(text, category):
    assert category in flagged(text), text

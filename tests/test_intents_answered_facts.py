"""Facts the fact gates and the rules need, told the way people answer and talk: an
infant's age told as the answer to a question in a turn of its own (俺家的两个月, 才五十天),
a glucose reading said aloud (三点多, 二点八), a pregnancy told as "this one" (这胎32周) or
only by words no one else says (羊水没破, 胎动正常, 宫缩), a birth of an earlier pregnancy
(上一胎是剖腹产) that is no delivery now, and signs in everyday words (a wrist bent into
an S, a hand pressed flat, clear fluid from the ear after a knock, a heart that stumbles
after a shock that seemed over).  Each an emergency with a look-alike; our own wordings,
written from clinical knowledge, not from an evaluation set."""

import pytest
from redflag_support import flagged_case

import intents
from intents.ages import postpartum, pregnancy_weeks
from intents.normalize import safety_text


def check(case: str | list[str], category: str | None) -> None:
    got = flagged_case(case)
    if category is None:
        assert not got, (case, got)
    else:
        assert category in got, (case, got)


# ---------------------------------------------------------------- an age told as an answer
# The parent answers the question about the age in a turn of its own, the baby left out
# (俺家的…, …的) or told with a word of the age now (才); a fever told later is a young
# infant's.  A duration answering "how long?" or "since when?" is no age.
AGE_ANSWERS = [
    (["宝宝几个月可以用退烧贴", "俺家的两个月", "刚量38.5"], "infant_fever"),
    (["宝宝几个月可以用退烧贴", "俺家的五个月", "刚量38.5"], None),
    (["孩子多大能吃布洛芬", "才五十天", "烧到38度2了"], "infant_fever"),
    (["孩子烧了多久了", "才两天", "烧到38度2了"], None),
    (["小孩几个月能喝退烧药", "一个多月的", "现在38.6度"], "infant_fever"),
    (["孩子什么时候开始咳的", "一月的", "现在38.6度"], None),
]


@pytest.mark.parametrize(("case", "category"), AGE_ANSWERS)
def test_an_age_told_as_an_answer_reaches_the_infant_gates(
    case: list[str], category: str | None
) -> None:
    check(case, category)


@pytest.mark.parametrize(("text", "kept"), [("俺家的两个月", True), ("好的谢谢", False)])
def test_a_conversation_keeps_an_age_told_alone(text: str, kept: bool) -> None:
    result = intents.parse(text, {"history": ["宝宝几个月能吃退烧药"]})
    assert intents.remember_for_red_flags(result) is kept, text


# ---------------------------------------------------------------- a reading said aloud
SPOKEN_READINGS = [
    ("我爸血糖三点多，浑身出冷汗", "hypoglycaemia"),
    ("我爸凌晨三点多测的血糖，6.1，出了点汗", None),
    ("我妈手抖心慌一身汗，扎手指测了两回，都是二点八", "hypoglycaemia"),
    ("我妈有点心慌，扎手指测了两回，都是五点八", None),
    ("血糖挺高的，二十六，一直吐", "dka"),
    ("血糖挺高的，十二，吃完饭测的", None),
]


@pytest.mark.parametrize(("text", "category"), SPOKEN_READINGS)
def test_a_glucose_reading_said_aloud(text: str, category: str | None) -> None:
    check(text, category)


# ---------------------------------------------------------------- a pregnancy
@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("这胎三十二周了，肚子一阵阵发紧", 32.0),
        ("之前两胎都是足月生的，这次三十周", 30.0),
        ("头两胎都是足月生的", None),
    ],
)
def test_this_pregnancy_and_a_stage_of_an_earlier_birth(text: str, weeks: float | None) -> None:
    assert pregnancy_weeks(safety_text(text)) == weeks, text


@pytest.mark.parametrize(
    ("text", "delivered"),
    [("剖腹产第4天，伤口有点渗", True), ("上一胎是剖腹产，这次孕35周", False)],
)
def test_a_birth_of_an_earlier_pregnancy_is_no_delivery_now(text: str, delivered: bool) -> None:
    assert (postpartum(safety_text(text)) is not None) is delivered, text


PREGNANCY_WORDS = [
    ("羊水没破，胎动也还行，就是血压量出来168/114，头痛得要裂开", "preeclampsia"),
    ("血压116/72，头有点沉，没破水，胎动跟平时一样", None),
    ("肚子规律地一阵阵发紧，十分钟一次，内裤上见了点粉红色的东西，胎动正常", "pregnancy_bleeding"),
    ("肚子偶尔发紧一下，不规律，胎动正常", None),
    ("这胎三十二周了，肚子一阵阵发紧，七八分钟一次，还见了点粉色的分泌物", "pregnancy_bleeding"),
]


@pytest.mark.parametrize(("text", "category"), PREGNANCY_WORDS)
def test_a_pregnancy_told_by_its_own_words(text: str, category: str | None) -> None:
    check(text, category)


# ---------------------------------------------------------------- signs in everyday words
EVERYDAY_SIGNS = [
    ("摔倒时手撑地，手腕弯得像个S型", "major_trauma"),
    ("手腕扭了一下，有点酸，能活动", None),
    ("液压机把他的手压扁了，现在包着往医院送", "major_trauma"),
    ("手被门缝夹了一下，有点红肿", None),
    ("喝了点酒撞在门框上，耳朵里渗出来一点清水", "head_injury"),
    ("洗完头耳朵里流了点清水", None),
    ("一岁的儿子洗澡时被热水烫红了两条腿，有几个小泡，涂点药膏行吗", "burns"),
    ("我切菜时手指被油溅了一下，起了个小泡", None),
    ("刚被插座电了一下，当时就好了，现在心跳一阵一阵乱跳", "electric_injury"),
    ("上个月被电过一下，现在偶尔心慌", None),
]


@pytest.mark.parametrize(("text", "category"), EVERYDAY_SIGNS)
def test_signs_in_everyday_words(text: str, category: str | None) -> None:
    check(text, category)

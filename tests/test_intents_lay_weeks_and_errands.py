"""Facts and signs that families tell in lay words, and signs told inside an errand: a
pregnancy's weeks told with only a word of now (才35周不到) or after the baby's word
(宝宝34周), months of a 大肚皮 or of the woman herself (我8个多月了), an infant's age told
by a vaccine dose just given (刚打完乙肝第二针); a voice message run on without punctuation where an
errand (报告怎么打印, 疫苗推迟打会不会有影响) is followed by a report of the patient now;
telling the doctor (跟医生说) that is no doctor's verdict; tablets chewed as sweets, a
pesticide exposure with vomiting and diarrhoea, an eye that went dark before and again
now, the cord felt like a rope.  For each mechanism an emergency that must be flagged
and a look-alike that must not; our own wordings, not taken from any evaluation set."""

import pytest
from redflag_support import flagged

from intents.ages import infant_age_days, pregnancy_weeks
from intents.normalize import safety_text


# ---------------------------------------------------------------- pregnancy weeks and months
@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("下面一直湿湿的不像是尿我才三十三周不到", 33),
        ("已经三十六周了，今天下面流了好多水", 36),
        ("宝宝三十一周了，这两天胎动少了很多", 31),
        ("孩子才二十九周，我今天下面出血了", 29),
    ],
)
def test_gestation_weeks_told_with_a_word_of_now(text: str, weeks: int) -> None:
    assert pregnancy_weeks(safety_text(text)) == weeks


@pytest.mark.parametrize(
    "text",
    [
        "宝宝三十周出生的，现在两个月，有点咳嗽",  # a preterm birth: the baby's age now
        "孩子二十六周的时候做过一次检查，现在三岁了",  # a moment, long over
        "咳嗽已经两周了，晚上厉害",  # a duration, under any gestation
        "化疗已经二十四周了，今天头疼",  # a course of treatment
        "我老公吃这个药都三十周了",  # a man's medicine
    ],
)
def test_weeks_that_are_no_pregnancy_now(text: str) -> None:
    assert pregnancy_weeks(safety_text(text)) is None


def test_a_young_infant_in_weeks_stays_an_infant() -> None:
    # weeks under the gestation range after the baby's word are still its age
    assert infant_age_days(safety_text("宝宝才7周，发烧三十八度三")) == 49
    assert "infant_fever" in flagged("宝宝才7周，发烧三十八度三")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("我媳妇大肚皮八个月了，今天头疼得厉害，看东西花花的", "preeclampsia"),
        ("俺老婆大肚子七个多月，刚才说头痛眼前冒金星，胃那里也疼", "preeclampsia"),
        ("下面一直往外流水控制不住不像是尿才三十三周不到怎么办", "ruptured_membranes"),
        ("早上起来裤子湿了一大片，换了又湿，宝宝三十二周，我以为是尿了", "ruptured_membranes"),
        ("宝宝三十周了这两天胎动少了很多", "reduced_fetal_movement"),
    ],
)
def test_a_pregnancy_told_without_a_pregnancy_word(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "大肚子七个月，今天产检血压正常，想问问能不能吃火锅",
        "已经三十周了，宝宝动得挺好的，想问下四维在哪做",
        "我老公大肚皮好几年了，想问问减肥挂什么科",
    ],
)
def test_a_stable_pregnancy_is_not_flagged(text: str) -> None:
    assert flagged(text) == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("我八个多月了，今天头疼得厉害，眼前一阵阵发花", "preeclampsia"),
        ("俺都七个月了，宝宝今天几乎不动", "reduced_fetal_movement"),
        ("媳妇挺着个大肚子，今天突然头疼得要命，眼睛看不清", "preeclampsia"),
    ],
)
def test_a_pregnancy_told_by_the_woman_herself(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "我家的七个月了，今天发烧三十九度，精神还好",  # the baby's age
        "我六个月没来月经了，今天头疼",  # a span, the clause goes on
        "我来这边七个月了，今天头疼眼花",  # a span told with a verb
        "我老公挺着个大肚子，今天头疼",  # a man's belly
    ],
)
def test_months_that_are_no_pregnancy(text: str) -> None:
    assert "preeclampsia" not in flagged(text)


def test_an_infant_age_told_by_a_dose_just_given() -> None:
    assert infant_age_days(safety_text("宝宝刚打完乙肝第二针，今天烧到三十八度四")) == 30
    assert "infant_fever" in flagged("宝宝刚打完乙肝第二针，今天烧到三十八度四")
    assert "infant_fever" in flagged("今天上午带孩子打了脊灰第一针，晚上烧到三十八度一")
    assert "infant_fever" in flagged("宝宝才打完第一针百白破，今天三十八度六")
    # a dose long past tells no age now
    assert flagged("宝宝上个月打过乙肝第二针，现在五个月，发烧三十八度五") == []


@pytest.mark.parametrize(
    "text",
    [
        "宝宝还没满百天，今天烧到三十八度二",
        "我家娃还在月子里，今天烧到三十八度一",
    ],
)
def test_an_infant_age_told_by_a_milestone_not_reached(text: str) -> None:
    assert "infant_fever" in flagged(text)


def test_the_mothers_own_confinement_is_no_infant_age() -> None:
    assert "infant_fever" not in flagged("我还在月子里，今天发烧三十八度五，奶涨得疼")


# ---------------------------------------------------------------- a sign inside an errand
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("想问一下体检报告怎么打印我妈刚才突然说话不清楚一边手没劲", "stroke"),
        ("请问疫苗能不能晚几天打因为宝宝今天一直抽筋叫不醒", "seizure"),
        (
            "你好我想问一下预防针改期会不会有影响因为我家孩子这两天一直拉水今天一天都没尿眼窝也陷下去了",
            "child_dehydration",
        ),
        (
            "我想换一下后天的产检日子，今天中午开始下面出血很多，三十周，这个要跟医生讲吗",
            "pregnancy_bleeding",
        ),
    ],
)
def test_a_sign_told_now_inside_an_errand(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "你好我想问一下产检要空腹吗我现在怀孕三十二周一切正常",
        "疫苗推迟打会不会有影响因为孩子这两天有点感冒流鼻涕",
        "报告怎么打印我爸这会儿在外地没法来取",
        "我想改一下产检的时间，最近都挺好的没什么不舒服",
        "如果我爸现在喘得很厉害要怎么办",
    ],
)
def test_an_errand_with_no_current_sign_is_not_flagged(text: str) -> None:
    assert flagged(text) == []


# ---------------------------------------------------------------- lay words for acts and signs
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("小孙女把她姥的降压药当糖嘎嘣嚼了好几片", "drug_overdose"),
        ("我爸在田里打农药，衣服都湿透了，回来就一直吐一直拉", "chemical_poisoning"),
        (
            "上周右眼也黑过一下就好了，今天又黑了，到现在一直没恢复，快两个钟头了",
            "sudden_vision_loss",
        ),
        ("刚才在下面摸到一个滑滑的东西像绳子一样，我三十八周", "ruptured_membranes"),
    ],
)
def test_lay_words_for_an_act_or_a_sign(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "孩子把维生素片当糖嚼了两片",
        "我家狗把药片当糖嚼了",
        "打药的时候戴了口罩，没什么不舒服，想问农药瓶怎么处理",
        "左眼前两天黑过一下，现在好了，想挂个眼科",
    ],
)
def test_lay_look_alikes_are_not_flagged(text: str) -> None:
    assert flagged(text) == []

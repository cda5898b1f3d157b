"""Patient facts and signs that decided an emergency and were read wrongly: an infant's
age in a run-on spoken message, hours of life, a relative's weeks of pregnancy, pinyin
typos of key words, a duration told as a Chinese-numeral range (a fit past five
minutes), a young infant's fit that stopped, severe dehydration told without an age,
and a guess that a snake had no venom.  One table of our own wordings per mechanism,
emergencies and look-alikes; written from clinical knowledge, not from an evaluation
set."""

import pytest
from redflag_support import flagged

from intents.ages import infant_age_days, pregnancy_weeks
from intents.normalize import safety_text
from intents.redflags import cn_range_top, stated


def check(text: str, category: str | None, expected: bool) -> None:
    got = flagged(text)
    if category is None:
        assert bool(got) is expected, (text, got)
    else:
        assert (category in got) is expected, (text, got)


# ---------------------------------------------------------------- an age in a run-on message
# A spoken message runs on without punctuation: the age after the baby word is followed
# by a connective or a time word (…四十几天然后…, …七十天今天…), not by a verb.
@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("我家闺女四十几天然后这两天有点咳", 41, 49),
        ("宝宝现在三十来天今天下午烧起来了", 30, 39),
        ("小宝贝六十天那个晚上吐了两口奶", 60, 60),
        ("孩子二十多天结果昨晚开始不怎么吃奶", 21, 29),
    ],
)
def test_an_age_followed_by_a_connective_or_a_time_word(text: str, low: float, high: float) -> None:
    got = infant_age_days(safety_text(text))
    assert got is not None and low <= got <= high, (text, got)


@pytest.mark.parametrize(
    "text",
    ["宝宝三天没拉屎了", "孩子两天没怎么吃东西", "宝宝发烧三天然后退了"],
)
def test_a_duration_after_the_baby_word_is_no_age(text: str) -> None:
    assert infant_age_days(safety_text(text)) is None, text


RUN_ON = [
    ("我们家小宝贝现在四十几天然后晚上发热三十八度六", "infant_fever", True),
    ("孩子七十天今天烧到三十八度二要不要去医院", "infant_fever", True),
    ("宝宝现在五个多月然后今天发烧38度2", "infant_fever", False),
    ("宝宝一岁两个月然后今天烧到38度", "infant_fever", False),
]


@pytest.mark.parametrize(("text", "category", "expected"), RUN_ON)
def test_infant_fever_in_a_run_on_message(text: str, category: str, expected: bool) -> None:
    check(text, category, expected)


# ---------------------------------------------------------------- hours of life
@pytest.mark.parametrize(
    "text",
    ["宝宝出生二十来个小时", "孩子生下来才十几个钟头", "出生刚18个多小时的宝宝"],
)
def test_hours_of_life_are_the_first_day(text: str) -> None:
    got = infant_age_days(safety_text(text))
    assert got is not None and got <= 1.5, (text, got)


HOURS = [
    ("孩子生下来才二十几个小时，眼睛和脸都黄了", "neonatal_danger", True),
    ("出生十来个钟头的宝宝，皮肤有点发黄", "neonatal_danger", True),
    ("宝宝出生第五天，脸有点黄，吃奶睡觉都好", None, False),
]


@pytest.mark.parametrize(("text", "category", "expected"), HOURS)
def test_jaundice_in_the_first_day(text: str, category: str | None, expected: bool) -> None:
    check(text, category, expected)


# ---------------------------------------------------------------- a relative's weeks of pregnancy
@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("我嫂子33周了，脚肿", 33),
        ("我闺蜜二十八周，肚子一阵一阵发紧", 28),
        ("我堂妹才25周", 25),
        ("我表哥结婚十周年", None),
        ("我同事今天30周岁生日", None),
        ("我妹妹咳了两周", None),
        ("我姐姐有3周没来月经了", None),
    ],
)
def test_weeks_after_a_woman_of_the_family(text: str, weeks: float | None) -> None:
    assert pregnancy_weeks(safety_text(text)) == weeks, text


RELATIVE_WEEKS = [
    ("我堂姐三十二周，今天头痛得厉害，眼睛看东西花", "preeclampsia", True),
    ("我同事29周，刚才下面哗一下流了好多水", "ruptured_membranes", True),
    ("我表姐35周岁，今天有点头痛", "preeclampsia", False),
]


@pytest.mark.parametrize(("text", "category", "expected"), RELATIVE_WEEKS)
def test_a_relatives_pregnancy_emergency(text: str, category: str, expected: bool) -> None:
    check(text, category, expected)


# ---------------------------------------------------------------- pinyin typos of key words
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("测了学糖二十八", "测了血糖28"),
        ("他学压一直很高", "他血压一直很高"),
        ("吃完饭一直偶吐", "吃完饭一直呕吐"),
        ("医生说可能是宫外运", "医生说可能是宫外孕"),
        # ordinary Mandarin is left alone
        ("孩子在少年宫学糖画", "孩子在少年宫学糖画"),
        ("每天早上学压腿", "每天早上学压腿"),
        ("上小学压力大", "上小学压力大"),
        ("我偶吐槽一下", "我偶吐槽一下"),
    ],
)
def test_typos_of_key_words(text: str, expected: str) -> None:
    assert safety_text(text) == expected


TYPOS = [
    ("糖尿病十年，学糖测出来二十八，一直偶吐，肚子痛", "dka", True),
    ("我爸学压两百一，头痛得要裂开", "hypertensive_emergency", True),
    ("想给我爸买个血糖仪，哪种准", None, False),
    ("血糖仪测出来6.2，正常吗", None, False),
    ("学糖画的时候被糖浆烫了一下，红了一小块", None, False),
]


@pytest.mark.parametrize(("text", "category", "expected"), TYPOS)
def test_an_emergency_told_with_a_typo(text: str, category: str | None, expected: bool) -> None:
    check(text, category, expected)


# ---------------------------------------------------------------- ranges in Chinese numerals
@pytest.mark.parametrize(
    ("raw", "value"),
    [("七八", 8), ("一两", 2), ("四五", 5), ("十七八", 18), ("二三十", 30), ("三十七八", 38)],
)
def test_a_range_is_read_at_its_upper_end(raw: str, value: float) -> None:
    assert cn_range_top(raw) == value


@pytest.mark.parametrize("raw", ["三八", "七", "十", "八七"])
def test_no_range(raw: str) -> None:
    assert cn_range_top(raw) is None


STATUS = [
    # a known epileptic's fit past five minutes, or longer than the usual ones
    ("我老公有羊癫疯，以往抽一会儿就停，这次抽了五六分钟还没停", "seizure", True),
    ("儿子癫痫好几年了，今天发作到现在十来分钟了还在抽", "seizure", True),
    ("她是癫痫病人，这次发作比平时久多了，到现在还没醒", "seizure", True),
    ("我儿子有癫痫，今天又发作了一次，一两分钟就停了，现在睡着了", None, False),
]


@pytest.mark.parametrize(("text", "category", "expected"), STATUS)
def test_status_epilepticus_in_a_known_epileptic(
    text: str, category: str | None, expected: bool
) -> None:
    check(text, category, expected)


@pytest.mark.parametrize(
    "text",
    [
        "两岁孩子发高烧，抽了一分钟左右就停了，现在睡着了",
        "孩子有癫痫，平时发作两三分钟就好",
    ],
)
def test_a_short_fit_is_no_status(text: str) -> None:
    assert not stated(safety_text(text)) & {"seizure_cluster"}, text


# ---------------------------------------------------------------- a young infant's fit
INFANT_FIT = [
    ("宝宝出生十二天，刚刚两只手一抽一抽的，过了一会停了", "neonatal_danger", True),
    ("两个月的女儿今天抽搐了一次，半分钟就好了", "neonatal_danger", True),
    ("二十来天的孩子眼睛发直，腿一下一下地抖，叫她不应", "neonatal_danger", True),
    ("宝宝二十多天，睡觉时老是惊跳一下", None, False),
    ("宝宝八个月，刚才手脚抽了几下就好了", "neonatal_danger", False),
    # sobbing is no fit; a cramping belly keeps its words
    ("宝宝一个多月，刚才哭得一抽一抽的，抱起来就好了", None, False),
    ("肚子一抽一抽地疼，疼得直打滚，出冷汗", None, True),
]


@pytest.mark.parametrize(("text", "category", "expected"), INFANT_FIT)
def test_a_fit_under_three_months_is_neonatal_danger(
    text: str, category: str | None, expected: bool
) -> None:
    check(text, category, expected)


# ---------------------------------------------------------------- severe dehydration, no age
DEHYDRATION = [
    ("上吐下泻一天了，眼眶都凹进去了，大半天没有尿", "child_dehydration", True),
    ("拉肚子拉得厉害，捏起皮肤回不去，一直吐，一点尿都没有", "child_dehydration", True),
    ("拉肚子两天，嘴巴有点干，尿比平时少", None, False),
    ("吐了两次，现在能喝水，尿也正常", None, False),
    ("熬夜熬得眼窝都凹进去了，怎么补", None, False),
]


@pytest.mark.parametrize(("text", "category", "expected"), DEHYDRATION)
def test_severe_dehydration_at_any_age(text: str, category: str | None, expected: bool) -> None:
    check(text, category, expected)


# ---------------------------------------------------------------- a guess that a snake had no venom
SNAKE = [
    ("脚踝被草丛里的蛇咬了，估计是没毒的，现在有点麻", "snake_bite", True),
    ("被蛇咬了手，看着像菜花蛇，应该没毒吧", "snake_bite", True),
    ("钓鱼时被水边一条蛇咬了，是无毒的吗", "snake_bite", True),
    ("被家里养的玉米蛇咬了一下，它是无毒的，就破了点皮", None, False),
    ("被宠物蛇咬了一口，没毒，已经消过毒了", "snake_bite", False),
]


@pytest.mark.parametrize(("text", "category", "expected"), SNAKE)
def test_a_snake_bite_with_a_guess(text: str, category: str | None, expected: bool) -> None:
    check(text, category, expected)

"""Facts and signs told the way families write them, which decided an emergency and were
read wrongly: a birth told as a caesarean (剖的) or by its month or time of day, a
pregnancy told as months after a wife's name with no pregnancy word (老婆七个多月了), a
parent named as away who is not the patient, a reading after 低烧, the classifier's
hypoglycaemia allowed after an injection and a missed meal, and lay, regional and typo
words for key signs.  One table of our own wordings per mechanism, emergencies and
look-alikes; written from clinical knowledge, not from an evaluation set."""

import pytest
from redflag_support import flagged

import intents
from intents.ages import infant_age_days, pregnancy_weeks
from intents.normalize import safety_text
from intents.redflags import assess, model_allowed, stated
from intents.triage import _away


# ---------------------------------------------------------------- the facts grammar
@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("老二是剖出来的，现在四十来天", 40, 49),  # a caesarean birth, then the age now
        ("上个月剖的，今天三十五天", 35, 35),
        ("宝宝是上个月生的", 25, 61),  # born last month: under two months
        ("这个月生的宝宝", 1, 31),
        ("今天凌晨出生的宝宝", 0, 1.5),  # born today, at a time of the day
        ("昨天下午生的孩子", 0, 1.5),
        ("满月的宝宝", 28, 40),
    ],
)
def test_an_infant_age_told_by_the_birth(text: str, low: float, high: float) -> None:
    got = infant_age_days(safety_text(text))
    assert got is not None and low <= got <= high, (text, got)


@pytest.mark.parametrize(
    "text",
    [
        "我上周生了一场病，现在头疼",  # an illness, not a birth
        "上个月生过两次病",
        "昨天下午生气了，头疼",
        "满月的时候查过黄疸，现在三岁了",
        "满月酒请了十桌",
        "解剖的时候看到的",
    ],
)
def test_no_infant_age_where_no_birth_is_told(text: str) -> None:
    assert infant_age_days(safety_text(text)) is None, text


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("我老婆七个多月了", 29, 32),
        ("俺媳妇八个月，今天有点不舒服", 33, 36),
        ("嫂子快九个月了", 36, 39),
        ("儿媳妇六个半月", 26, 29),
        ("我爱人现在五个月，", 20, 23),
    ],
)
def test_months_after_a_wife_are_a_pregnancy(text: str, low: float, high: float) -> None:
    got = pregnancy_weeks(safety_text(text))
    assert got is not None and low <= got <= high, (text, got)


@pytest.mark.parametrize(
    "text",
    [
        "我闺女八个月，流鼻涕",  # a daughter's months are a baby's age
        "我妹妹八个月，发烧",
        "我老婆三个月没来月经了",  # a duration, not a pregnancy
        "媳妇五个月前做过手术",
        "老婆8个月的工资没发",
    ],
)
def test_months_that_are_no_pregnancy(text: str) -> None:
    assert pregnancy_weeks(safety_text(text)) is None, text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("上个月剖的，今天三十五天，烧到38.3度", "infant_fever"),
        ("宝宝是上个月生的，今天发烧38.5", "infant_fever"),
        ("今天凌晨出生的宝宝，下午脸和身上都黄了", "neonatal_danger"),
        ("满月的宝宝胳膊腿一抖一抖，两只眼睛往一边斜", "neonatal_danger"),
        ("我老婆七个多月了，刚才一下子流出好多水，裤子都湿了", "ruptured_membranes"),
        ("儿媳妇六个半月，今天见红了", "pregnancy_bleeding"),
        ("宝宝一个半月，有点低烧38.2", "infant_fever"),
    ],
)
def test_emergencies_that_need_the_facts(text: str, category: str) -> None:
    assert category in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "我上周生了一场病，现在还有点低烧",
        "老婆8个月了，想问问什么时候去建档",
        "我闺女八个月，流鼻涕，烧到38度",
        "宝宝五十天，低烧37.8，吃奶好",  # a reading under 38 after 低烧
        "二十天的宝宝睡觉时手脚一抖一抖的，一碰就停",  # the startle reflex
        "宝宝一个月，眼睛有点往一边斜，是不是斜视",
    ],
)
def test_look_alikes_of_the_facts_are_no_emergency(text: str) -> None:
    assert flagged(text) == [], (text, flagged(text))


def test_a_reading_after_a_low_fever_word_is_a_temperature() -> None:
    ents = intents.parse("宝宝有点低烧38.2")["entities"]
    assert [e["value"] for e in ents if e["entity"] == "temperature"] == [38.2]


# ---------------------------------------------------------------- who the patient is
@pytest.mark.parametrize(
    ("relation", "text", "expected"),
    [
        ("mother", "我十四岁，我妈去上班了", True),
        ("mother", "我妈不在家，我一个人", True),
        ("father", "我爸出差了，我下面疼", True),
        ("mother", "我妈肚子疼得厉害", False),  # the mother is the patient
        ("mother", "我妈不在家，刚回来说我妈头晕", False),  # named again, not as away
        ("father", "我爸今天胸口疼", False),
    ],
)
def test_a_parent_told_as_away_is_not_the_patient(relation: str, text: str, expected: bool) -> None:
    assert _away(relation, text) is expected, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我十四岁，我妈去上班了，下面左边突然疼得厉害", True),
        ("我今年十五 我妈不在家 踢完球右边蛋蛋肿得走不了路", True),
        ("我妈下面左边突然疼得厉害", False),  # a woman: no testicular torsion
        ("我姐下面左边有点疼，我妈不在家", False),
    ],
)
def test_testicular_torsion_when_the_away_parent_is_a_woman(text: str, expected: bool) -> None:
    assert ("testicular_torsion" in flagged(text)) is expected, (text, flagged(text))


# ---------------------------------------------------------------- what the classifier may say
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我爸打了针没吃饭，现在手抖出汗", True),  # an injection and no meal: insulin
        ("我妈打完针一直没吃东西，人发呆", True),
        ("我爸手抖出汗，心慌", False),  # no diabetes, injection or reading told
        ("孩子打了疫苗，有点出汗", False),
    ],
)
def test_hypoglycaemia_is_allowed_after_an_injection_and_a_missed_meal(
    text: str, expected: bool
) -> None:
    assert model_allowed("hypoglycaemia", assess(safety_text(text))) is expected, text


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("我奶奶打完针忘了吃早饭，现在一身冷汗，讲胡话", "hypoglycaemia", True),
        ("我妈高血糖好多年，今天吐了好几次，叫她老是犯困", "dka", True),
        ("孩子打了疫苗没吃饭，有点低烧", "hypoglycaemia", False),
        ("高血糖的人早餐吃什么好", "dka", False),
        ("高血糖，最近有点口渴", "dka", False),
    ],
)
def test_glucose_emergencies_told_in_lay_words(text: str, category: str, expected: bool) -> None:
    assert (category in flagged(text)) is expected, (text, flagged(text))


# ---------------------------------------------------------------- lay words for key signs
@pytest.mark.parametrize(
    ("concept", "text", "expected"),
    [
        # grunting and nasal flaring in a young infant
        ("infant_danger", "宝宝呼吸的时候带着哼声", True),
        ("infant_danger", "小家伙鼻翼一张一合", True),
        ("infant_danger", "孩子鼻孔一扇一扇的", True),
        ("infant_danger", "宝宝拉屎时嗯嗯地哼", False),  # straining at stool
        # jerks with the eyes turned aside (jerks alone: the startle reflex)
        ("infant_fit", "宝宝腿一抖一抖的，眼睛斜到一边去", True),
        ("infant_fit", "宝宝睡着了手一抖一抖的", False),
        ("infant_fit", "宝宝眼睛往一边斜，是不是斜视", False),
        ("diabetic", "我爸有高血糖", True),
        ("diabetic", "我爸血压高", False),
        # pinpoint pupils
        ("cholinergic_sign", "喷了药之后瞳仁缩得很小", True),
        ("cholinergic_sign", "黑眼珠变小了", True),
        ("cholinergic_sign", "眼睛有点干", False),
        # a motorbike counts when it fell, overturned or crashed
        ("vehicle_crash", "骑摩托拐弯摔了", True),
        ("vehicle_crash", "坐摩托去县城", False),
        # tablets told as an approximate number, empty blister strips
        ("overdose", "感冒药吃了二十来粒", True),
        ("overdose", "感冒药吃了三粒", False),
        ("pills_missing", "几盒安眠药都空了", True),
        ("pills_missing", "药盒里还有几板药", False),
        ("no_stool_gas", "三天没有解大便", True),
        # numb around the anus, no feeling when passing urine
        ("saddle_numb", "屁眼周围麻麻的", True),
        ("saddle_numb", "肛门有点痒", False),
        ("bladder_new", "小便没感觉了", True),
        # a reliever that does not help, speech broken by breath
        ("dyspnea_severe", "平喘药吃了不管用", True),
        ("dyspnea_severe", "说话一句一停地喘", True),
        # choking told in written words
        ("choking", "老人进食时噎呛", True),
        ("choking", "喂饭的时候噎呛了", True),
        ("choking_severe", "卡住以后无法发声", True),
        ("choking_severe", "嗓子有点哑", False),
        ("vaginal_heavy", "月经开闸一样", True),
        # sweating that stopped in the heat
        ("heat_sign", "在太阳底下晒了一下午，汗都停了", True),
        ("heat_sign", "汗出得很多", False),
        # only a few drops of urine
        ("cannot_pee", "憋了一上午就尿了几滴", True),
        ("cannot_pee", "尿尿很痛快", False),
    ],
)
def test_lay_words_for_key_signs(concept: str, text: str, expected: bool) -> None:
    assert (concept in stated(safety_text(text))) is expected, (concept, text)


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("宝宝生下来四天，呼吸时带着哼声，鼻翼一张一合", "neonatal_danger", True),
        ("儿子骑摩托摔进沟里，肚子越来越胀，脸色发白", "major_trauma", True),
        ("我叔打药回来流口水，眼珠子缩成针尖大", "chemical_poisoning", True),
        ("前列腺增生，今天憋了半天就尿了几滴，小肚子胀得难受", "acute_urinary_retention", True),
        ("骑摩托来医院要停哪里", None, False),
        ("前列腺增生，尿完还要滴几滴，平时就这样", None, False),
        ("便秘三天没有大便，肚子不疼", None, False),
        ("平喘药一天喷几次", None, False),
        ("夏天在空调房里不怎么出汗正常吗", None, False),
    ],
)
def test_emergencies_told_in_lay_words(text: str, category: str | None, expected: bool) -> None:
    got = flagged(text)
    if category is None:
        assert bool(got) is expected, (text, got)
    else:
        assert (category in got) is expected, (text, got)


# ---------------------------------------------------------------- regional and typo words
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("宝宝不肯吃奈", "宝宝不肯吃奶"),
        ("喂奈的时候呛了", "喂奶的时候呛了"),
        ("奈粉换了牌子", "奶粉换了牌子"),
        ("手脚一斗一斗的", "手脚一抖一抖的"),
        ("老爷子满嘴胡话", "老爷子说胡话"),
        ("她一直讲胡话", "她一直说胡话"),
        ("媳妇下头一直流水", "媳妇下面一直流水"),
        ("闺女下头出血了", "闺女下面出血了"),
    ],
)
def test_regional_and_typo_words_for_key_signs(text: str, expected: str) -> None:
    assert safety_text(text) == expected


@pytest.mark.parametrize(
    "text",
    ["想吃奈雪的茶", "无奈何", "楼下头有家药店", "他这人真下头", "一斗米多少钱"],
)
def test_mandarin_next_to_those_words_is_left_alone(text: str) -> None:
    assert safety_text(text) == text.replace("，", ",")

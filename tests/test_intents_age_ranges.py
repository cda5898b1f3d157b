"""A baby's age and a pregnancy's length told as a range of neighbouring numerals (四五十天,
两三个月, 孕三十五六周, 怀孕七八个月; 40-50天, 2到3个月), as a time short of an age (差几天满
两个月, 离满两个月还差几天), as months and a half (一月半, 一个月半), by the confinement just
over (刚出月子, 出了月子没几天) or by the 42-day check just done (42天体检刚做完).  A range is
read by its lower end (``intents.ages.read_ranges``): the younger end of a baby (两三个月 is
under 3 months) and the earlier week of a pregnancy (怀孕七八周 is early).  Sentences
written for this file."""

import pytest
from redflag_support import emergency, flagged

from intents.ages import infant_age_days, pregnancy_weeks, read_ranges
from intents.normalize import safety_text


@pytest.mark.parametrize(
    ("text", "low"),
    [
        ("宝宝四五十天", "宝宝40天"),
        ("八九十天", "80天"),
        ("两三个月", "2个月"),
        ("一两个礼拜", "1个礼拜"),
        ("十七八天", "17天"),
        ("孕三十五六周", "孕35周"),
        ("孕35~36周", "孕35周"),
        ("40-50天", "40天"),
        ("2到3个月", "2个月"),
    ],
)
def test_a_range_before_a_unit_of_time_is_read_by_its_lower_end(text, low):
    assert read_ranges(text) == low


@pytest.mark.parametrize(
    "text",
    [
        "闺女二十七八了",  # no unit of time: a grown daughter's years, not read
        "九十天",  # one number, no range
        "一百四五十",  # a blood pressure's range read by the catalogue
        "一三天",  # no neighbours
    ],
)
def test_words_that_are_no_range_of_time_are_kept(text):
    assert read_ranges(text) == text


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("宝宝四五十天,发烧38.5度", 40),
        ("孙女六七周了", 42),
        ("我家小子两三个月,体温38.2", 61),
        ("外孙一两个月大", 30),
        ("娃五六十天左右", 50),
        ("二宝二三十来天", 20),
        ("儿子差几天满两个月", 60),
        ("闺女还差一周就满两个月", 60),
        ("宝宝离满两个月还差几天", 60),
        ("孙子一月半", 46),
        ("宝宝一个月半大", 46),
        ("宝宝刚出月子", 40),
        ("孙子出了月子没几天", 40),
        ("闺女42天体检刚做完,发烧38度5", 45),
        ("俺家丫头上周刚做完42天检查", 45),
    ],
)
def test_an_infant_age_told_as_a_range_or_a_time_short_of_it(text, days):
    assert infant_age_days(safety_text(text)) == pytest.approx(days, abs=1.5)


@pytest.mark.parametrize(
    "text",
    [
        "宝宝四五十天，发烧38度5",
        "儿子六七周，身上滚烫，量了38.2",
        "闺女八九十天，发热，体温38",
        "孙女两三个月，烧起来了，38.6度",
        "外孙一两个月，体温高，38度3",
        "我家小子五六十天，发烧38度5",
        "娃七八周大，发烧38.4度",
        "宝宝40-50天，发烧38.3度",
        "二宝十七八天，发热38度",
        "宝宝刚出月子，发烧38度5",
        "俺们家丫头才出了月子，烧到38.3度",
        "我刚出月子，小儿子发烧38.2度",
        "孙子出了月子没几天，发烧38度",
        "闺女差几天满两个月，发热，体温38",
        "宝宝还有三天就满两个月，体温38.6",
        "儿子离满两个月还差几天，发烧38.5度",
        "外孙女一月半，烧起来了，38.6度",
        "宝宝一个月半，发烧38.1度",
        "闺女42天体检刚做完，发热，体温38",
        "宝宝刚做完42天检查，发烧38度5",
    ],
)
def test_infant_fever_at_an_age_told_these_ways_is_an_emergency(text):
    assert "infant_fever" in flagged(text), text


@pytest.mark.parametrize(
    "text",
    [
        "宝宝四五个月，发烧38度5",  # over 3 months
        "孙子七八个月大了，发烧38.5度",
        "俺家丫头五六个月，烧到38.5",
        "孩子发烧两三天了，38度5",  # a span of the fever, no age
        "宝宝咳了四五天，今天38度2",
        "闺女二十七八了，发烧38度5",  # a grown daughter
        "闺女二十七八了，刚出月子，发烧38.5度",  # the grown daughter's own confinement
        "宝宝差几天满四个月，发烧38度5",  # short of 4 months: over 3
        "宝宝还有两周满四个月，发烧38.5",
        "我刚出月子，老大发烧38度5",  # the older child's fever
        "孩子两三岁，发烧38.5度",
    ],
)
def test_older_children_spans_and_grown_daughters_stay_calm(text):
    assert "infant_fever" not in flagged(text), text


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("我孕三十五六周,头痛", 35),
        ("老婆三十七八周了", 37),
        ("媳妇七八个月了", 30.1),
        ("儿媳怀孕八九个月", 34.4),
        ("孕32-33周", 32),
        ("孕三十来周", 30),
        ("怀孕三十多周", 30),
        ("怀孕七八周", 7),  # early: the earlier end
        ("怀孕两三个月", 8.6),
    ],
)
def test_pregnancy_weeks_told_as_a_range_or_about(text, weeks):
    assert pregnancy_weeks(safety_text(text)) == pytest.approx(weeks, abs=0.5)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("我孕三十五六周，头痛得厉害，眼睛看东西模糊，血压160/110", "preeclampsia"),
        ("媳妇七八个月了，头痛得厉害，眼睛看东西模糊", "preeclampsia"),
        ("我怀二胎七八个月了，头痛，看东西模糊，脚肿得厉害", "preeclampsia"),
        ("孕三十来周，头痛看东西模糊血压165/110", "preeclampsia"),
        ("老婆三十七八周，肚子一阵阵发紧，下面流水了", "ruptured_membranes"),
        ("我七八个月了，肚子一阵阵发紧，下面流水了", "ruptured_membranes"),
        ("孕三十二三周，肚子一阵阵发紧，下面流水了", "ruptured_membranes"),
        ("我老婆三十五六周了，胎动少了很多", "reduced_fetal_movement"),
    ],
)
def test_late_pregnancy_told_as_a_range_is_flagged(text, category):
    assert category in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "我怀孕七八周，头痛，血压150/95",  # early: no pre-eclampsia
        "怀孕两三个月，头痛得厉害，看东西模糊，血压160/100",
        "老婆怀孕六七周，偶尔头痛，看东西还清楚",
    ],
)
def test_an_early_pregnancy_told_as_a_range_is_no_preeclampsia(text):
    assert "preeclampsia" not in flagged(text), text


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("女儿还有一周就满月了", 25),  # short of a month: not 7 days old
        ("还差三天满月，宝宝发烧", 25),
        ("宝宝差几天满月", 25),
        ("宝宝还有3天就满2个月", 60),  # not 3 days old
        ("宝宝还有两周满三个月", 90),
    ],
)
def test_the_time_short_of_an_age_is_not_the_age(text, days):
    assert infant_age_days(safety_text(text)) == pytest.approx(days, abs=1.5)


def test_a_month_and_a_half_does_not_take_midnight():
    # 1个月半夜: one month old, at midnight (半夜), still an infant's age
    assert infant_age_days(safety_text("宝宝一个月半夜发烧38度5")) == pytest.approx(30.4, abs=1)
    assert emergency("宝宝一个月半夜发烧38度5")

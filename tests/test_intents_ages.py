"""Infant ages and pregnancy durations as patients write them (intents/ages.py).
Expected values are written by hand: days of life, the younger end when approximate."""

import pytest

from intents.ages import infant_age_days, pregnancy_weeks
from intents.normalize import safety_text


def days(text: str, pregnant: bool = False) -> float | None:
    return infant_age_days(safety_text(text), pregnant=pregnant)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("七十多天的宝宝发烧38度", 70, 80),
        ("我家老二是上个月底出生的，到今天刚好四十天", 40, 40),
        ("俺家大孙子才生下来二十来天", 18, 25),
        ("宝宝在家生的，现在第十二天了", 12, 12),
        ("我姐的娃出生第二天脸就黄", 2, 2),
        ("我家宝宝出生还不到两个月", 30, 60),
        ("宝宝两个月不到", 30, 60),
        ("宝宝生下来十几天", 11, 19),
        ("满月没几天的宝宝", 30, 40),
        ("宝宝一个多月", 30, 60),
        ("宝宝2个半月大", 75, 77),
        ("40天宝宝发烧", 40, 40),
        ("二十多天的宝宝", 21, 29),
        ("宝宝三周大", 21, 21),
        ("宝宝半个月", 14, 16),
        ("宝宝几十天大", 20, 90),
        ("新生儿黄疸", 1, 28),
        ("还没满月的孩子", 1, 29),
        ("日龄5天", 5, 5),
        ("孩子5个月，发烧38度", 150, 155),
    ],
)
def test_infant_ages(text: str, low: float, high: float) -> None:
    value = days(text)
    assert value is not None and low <= value <= high, (text, value)


@pytest.mark.parametrize(
    "text",
    [
        "孩子发烧三天了",  # a duration, not an age
        "我爸发烧，都3天了",
        "孩子今天一天没尿",
        "我儿子3岁",
        "宝宝出生后3天黄疸，现在2岁",  # the age now is given in years
        "宝宝满月时发烧住过院，现在5个月了",
    ],
)
def test_durations_and_older_children_are_not_infant_ages(text: str) -> None:
    value = days(text)
    assert value is None or value > 120, (text, value)


def test_in_a_pregnancy_the_baby_is_not_born_yet() -> None:
    assert days("怀孕九个月了，今儿一天孩子都没咋动弹", pregnant=True) is None
    assert days("剖腹产生下来十天的宝宝发烧", pregnant=True) == 10


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("我有咗三十二周", 32),
        ("我怀起的娃儿三十六周了", 36),
        ("姐姐孕30周", 30),
        ("停经六周", 6),
        ("怀孕九个月", 38.7),
        ("老婆大肚七个月", 30.1),  # Cantonese 大肚 = pregnant
    ],
)
def test_pregnancy_weeks(text: str, weeks: float) -> None:
    assert pregnancy_weeks(safety_text(text)) == pytest.approx(weeks, abs=0.5)

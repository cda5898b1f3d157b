"""A baby's age told by its birth date (``intents.entities``, ``_BIRTH_DATE_RE``): the days
from the date to today (``context["today"]``) are the age, so a fever three weeks after
"上个月…生的" is an infant's fever.  A date without a year is read only when a baby is
named, a date still to come is no birth, and a date of birth with a year gives an adult's
age too.  Sentences written for this file."""

import datetime as dt

import pytest
from redflag_support import flagged

import intents

TODAY = dt.date(2026, 11, 27)


def ages(text: str, today: dt.date = TODAY) -> list[float]:
    result = intents.parse(text, {"today": today})
    return [e["value"] for e in result["entities"] if e["entity"] == "age"]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("闺女是10月30号生的", 28),
        ("我家小子上个月12号出生", 46),
        ("外孙女这个月3号剖的", 24),
        ("宝宝9月份出生的", 58),  # the month's last day: the younger end
        ("孩子上个月底生的", 27),
        ("出生日期2026年11月1日的宝宝", 26),
    ],
)
def test_birth_dates_give_the_days_since(text, days):
    assert ages(text) == [round(days / 365, 4)]


def test_a_date_without_a_year_is_the_last_one_up_to_today():
    # told in February: the 20th of December was last year's
    assert ages("儿子12月20号生的", today=dt.date(2027, 2, 1)) == [round(43 / 365, 4)]


@pytest.mark.parametrize(
    "text",
    [
        "我是5月10号生的，想问体检",  # a birthday, nobody small named
        "宝宝预计12月15号生",  # still to come
        "孩子10月8号打的疫苗",  # a date, not a birth
    ],
)
def test_dates_that_are_no_birth_give_no_age(text):
    assert ages(text) == []


def test_a_year_of_birth_gives_an_adults_age():
    assert ages("患者1956年3月2日出生") == [round((TODAY - dt.date(1956, 3, 2)).days / 365, 4)]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("宝宝是上个月18号生的，今天量体温38.3", "infant_fever"),
        ("我孙子10月25号出生，夜里烧到38度6", "infant_fever"),
        ("娃这个月10号生的，今天不吃奶，怎么叫都不醒", "neonatal_danger"),
    ],
)
def test_a_baby_told_by_its_birth_date_is_an_infant(text, category):
    assert category in flagged(text, today=TODAY)


def test_a_child_born_a_year_ago_with_a_fever_is_no_infant_emergency():
    assert "infant_fever" not in flagged("女儿是2025年9月3号出生的，发烧38.5", today=TODAY)

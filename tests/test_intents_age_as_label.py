"""An infant's age put after the baby's name as a label, in a clause of its own
(``intents.ages._labelled``): 宝宝，6周，… or 孙女 出生 25天 …, the way a family fills in a
form.  Nothing is told before the count, so it is no span of an illness; a count after an
illness (宝宝咳嗽，才2天) or with 了 (宝宝，3天了，…) stays a span.  Sentences written for
this file."""

import pytest
from redflag_support import flagged

from intents.ages import infant_age_days
from intents.normalize import safety_text


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("闺女，六周，今天烧到38度4", 42),
        ("我家宝宝 50天 一直哼哼不吃奶", 50),
        ("孙女 出生 25天 嘴唇发紫", 25),
    ],
)
def test_a_count_right_after_the_babys_name_is_its_age(text, days):
    assert infant_age_days(safety_text(text)) == pytest.approx(days, abs=1)


@pytest.mark.parametrize(
    "text",
    [
        "宝宝咳嗽，才2天",  # after the illness: how long
        "宝宝，3天了，一直流鼻涕",  # 了: how long
        "孩子发烧，2个月前打过疫苗",
    ],
)
def test_a_count_after_an_illness_or_with_le_is_no_age(text):
    assert infant_age_days(safety_text(text)) is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("儿子，7周，夜里发烧38度3", "infant_fever"),
        ("外孙 出生 18天 叫不醒 不吃奶", "neonatal_danger"),
    ],
)
def test_labelled_infants_are_read_as_infants(text, category):
    assert category in flagged(text)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("闺女才满9天一直哼哼", 9),  # 满 (reached): an age, even with no stop after it
        ("孙子刚满三周吐奶带血丝", 21),
        ("二宝还没满20天发烧", 19),
    ],
)
def test_a_count_reached_after_the_babys_name_is_its_age(text, days):
    assert infant_age_days(safety_text(text)) == pytest.approx(days, abs=1)


def test_a_span_reached_after_an_illness_is_no_age():
    assert infant_age_days(safety_text("宝宝咳嗽满7天了")) is None

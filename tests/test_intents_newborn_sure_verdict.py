"""A newborn's danger is often told in words the catalogue does not know.  When the
message tells plainly that the baby is a newborn (first 28 days) and the classifier is
near-certain (`intents.MODEL_CERTAIN`) of a newborn's danger, its verdict stands
(`model_sure_needs` of neonatal_danger in intents/knowledge/red_flags.yml); a verdict
that is only probable, a baby past the newborn weeks or a newborn's jaundice (graded by
the rules: palms and soles, the first day) still needs a sign the rules read.  Sentences written for this file."""

import pytest

from intents.normalize import safety_text
from intents.redflags import assess, model_allowed


def allowed(text: str, sure: bool) -> bool:
    return model_allowed("neonatal_danger", assess(safety_text(text), {}), sure=sure)


@pytest.mark.parametrize(
    "text",
    ["宝宝出生才十天，今天看着跟平时很不一样", "刚生下来第五天的娃，一下午都不太对劲"],
)
def test_a_near_certain_verdict_stands_for_a_newborn_told_plainly(text):
    assert not allowed(text, sure=False)  # no sign the rules read ...
    assert allowed(text, sure=True)  # ... the newborn told, the classifier near-certain


def test_a_baby_past_the_newborn_weeks_still_needs_a_sign():
    assert not allowed("宝宝两个半月了，今天看着跟平时很不一样", sure=True)


def test_a_newborns_jaundice_is_graded_by_the_rules_alone():
    assert not allowed("出生10天的宝宝皮肤发黄", sure=True)


@pytest.mark.parametrize(
    ("text", "first_day"),
    [
        ("今天刚出生的宝宝，身上有点凉", True),
        ("刚生下来第五天的娃，身上有点凉", False),  # the fifth day, told after 刚生下来
        ("刚生下来3天，身上有点凉", False),
    ],
)
def test_the_days_since_the_birth_are_read_after_just_born(text, first_day):
    assert assess(safety_text(text), {}).holds("newborn_24h") is first_day

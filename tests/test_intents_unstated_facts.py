"""A near-certain classifier verdict passes a category's fact gate when the fact is only
unstated, never when it is told with another value (`model_sure_unless` in
intents/knowledge/red_flags.yml, `intents.MODEL_CERTAIN`): waters breaking, bleeding or
one-sided pain in a woman whose pregnancy nobody mentioned may be a pregnancy's, a man's
or a grandmother's are not.  Only categories whose signs few people outside them tell
have the pass: a child's fever with no age told is no infant's fever (the classifier
is near-certain of "infant fever" for "孩子发烧38度2"), and a headache with a blood
pressure of 160 is no pre-eclampsia.  Sentences written for this file."""

import pytest
from redflag_support import flagged_case

from intents.normalize import safety_text
from intents.redflags import assess, model_allowed


def allowed(category: str, text: str, sure: bool, **profile) -> bool:
    return model_allowed(category, assess(safety_text(text), profile), sure=sure)


UNSTATED = [
    ("ruptured_membranes", "下面突然流了一大股水，一直往外流"),
    ("pregnancy_bleeding", "下面出了好多血，肚子一阵阵发紧"),
    ("ectopic_pregnancy", "肚子一边突然剧痛，下面出血，头晕"),
]

TOLD_OTHERWISE = [
    ("ruptured_membranes", "下面突然流了一大股水，一直往外流", {"sex": "M"}),
    ("pregnancy_bleeding", "我奶奶下面出了好多血", {}),
    ("ectopic_pregnancy", "肚子一边突然剧痛，下面出血", {"sex": "M"}),
    ("pregnancy_bleeding", "怀孕三十八周，见红了一点点", {}),  # the gate's own veto
]


@pytest.mark.parametrize("category,text", UNSTATED)
def test_a_near_certain_verdict_passes_a_gate_whose_fact_is_unstated(category, text):
    assert not allowed(category, text, sure=False)  # the gate itself says no
    assert allowed(category, text, sure=True)


@pytest.mark.parametrize("category,text,profile", TOLD_OTHERWISE)
def test_never_when_the_fact_is_told_with_another_value(category, text, profile):
    assert not allowed(category, text, sure=True, **profile)


@pytest.mark.parametrize(
    "category,text",
    [
        ("infant_fever", "孩子发烧38度2"),
        ("preeclampsia", "头疼眼花，血压160"),
        ("button_battery", "孩子吞了一枚硬币，刚才已经拉出来了"),
    ],
)
def test_categories_without_the_pass_keep_their_gate(category, text):
    assert not allowed(category, text, sure=True)


@pytest.mark.parametrize(
    "case",
    ["孩子发烧38度2", "头疼眼花，血压160", "我老公头痛眼花，腿有点肿，血压一百四"],
)
def test_ordinary_complaints_stay_calm(case):
    assert not flagged_case(case)

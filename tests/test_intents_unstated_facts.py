"""A near-certain classifier verdict passes a category's fact gate when the fact is only
unstated, never when it is told with another value (`model_sure_unless` in
intents/knowledge/red_flags.yml, `intents.MODEL_CERTAIN`): a feverish baby whose age
nobody gave may be under three months, a 5-month-old is not; a woman with the signs of
pre-eclampsia whose pregnancy is not mentioned may be pregnant, a man, or a woman 12 weeks
pregnant, is not.  Sentences written for this file."""

import pytest
from redflag_support import flagged_case

import intents
from intents.normalize import safety_text
from intents.redflags import assess, model_allowed


def allowed(category: str, text: str, sure: bool, **profile) -> bool:
    return model_allowed(category, assess(safety_text(text), profile), sure=sure)


UNSTATED = [
    ("infant_fever", "小家伙烧到三十九度，一直哭闹"),
    ("neonatal_danger", "小家伙手脚冰凉，叫不醒，不吃奶"),
    ("preeclampsia", "头疼得厉害，看东西模糊，脚肿，血压一百六"),
    ("ruptured_membranes", "下面突然流了一大股水，一直往外流"),
]

TOLD_OTHERWISE = [
    ("infant_fever", "小家伙五个月了，烧到三十九度，一直哭闹", {}),
    ("infant_fever", "小家伙摸着烫，量了三十六度八，一直哭闹", {"temperature": 36.8}),
    ("neonatal_danger", "我爸七十多岁了，手脚冰凉，叫不醒", {}),
    ("preeclampsia", "怀孕十二周，头疼得厉害，看东西模糊，血压一百六", {}),
    ("preeclampsia", "头疼得厉害，看东西模糊，脚肿，血压一百六", {"sex": "M"}),
    ("ruptured_membranes", "下面突然流了一大股水，一直往外流", {"sex": "M"}),
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
        ("button_battery", "孩子吞了一枚硬币，刚才已经拉出来了"),
        ("reduced_fetal_movement", "孕三十周，下午胎动少了点，吃完饭又踢得很欢"),
        ("dka", "口渴得厉害，一直想喝水，尿也多，恶心想吐"),
    ],
)
def test_categories_without_the_pass_keep_their_gate(category, text):
    assert allowed(category, text, sure=True) == allowed(category, text, sure=False)


def test_a_family_telling_pre_eclampsia_signs_without_the_pregnancy_is_an_emergency(
    monkeypatch,
):
    text = "我媳妇头疼眼花，看东西一片模糊，腿脚肿得发亮，量血压一百六十多"
    assert flagged_case(text)
    monkeypatch.setattr(intents, "MODEL_CERTAIN", 1.01)  # without the pass: missed
    assert not flagged_case(text)


@pytest.mark.parametrize(
    "case",
    [
        "小家伙五个月了，烧到三十八度多，精神还行，吃奶正常",
        "我老公头痛眼花，腿有点肿，血压一百四",
        "怀孕十二周，头有点疼，血压正常",
        "我奶奶头痛眼花，脚肿，血压一百六",
    ],
)
def test_look_alikes_with_the_fact_told_stay_calm(case):
    assert not flagged_case(case)

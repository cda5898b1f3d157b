"""When the classifier reads an emergency whose category needs a fact nobody told (a
baby's age for a fever, a pregnancy for bleeding, diabetes for vomiting with deep
breathing), the NLU asks that fact first (`model_asks` in
intents/knowledge/red_flags.yml; `clarify.watch` names the category so that the question
also says what to do meanwhile).  Told with another value, or vetoed by the gate, there
is nothing to ask.  The dialogue side is in tests/test_triage_chat.py.  Sentences written
for this file."""

import pytest

import intents
from intents.knowledge import load_knowledge
from intents.redflags import ASKABLE, compile_catalogue


def clarify(text: str, **context) -> dict:
    triage = intents.parse(text, context or None)["triage"] or {}
    assert not triage.get("emergency"), text
    return triage.get("clarify") or {}


@pytest.mark.parametrize(
    "text,question,category",
    [
        ("宝宝发烧38度5", "age", "infant_fever"),
        ("宝宝还在吃夜奶，发烧了，量了三十八度四", "age", "infant_fever"),
        ("头疼眼花，血压160", "pregnancy", "preeclampsia"),
    ],
)
def test_an_unstated_fact_is_asked_first(text, question, category):
    got = clarify(text)
    assert (got.get("question"), got.get("watch")) == (question, category)


@pytest.mark.parametrize(
    "text",
    [
        "宝宝八个月，发烧38度5",  # the age is told, and it is over 3 months
        "我家老大五岁了，发烧38度5",
        "宝宝打嗝",  # the gate's other needs (a word of heat) do not hold
        "我老公头疼眼花，血压160",  # a man is not pregnant
        "我奶奶头疼眼花，血压160",
        "宝宝发烧，量了37度6",  # a reading under 38: the gate's own veto
    ],
)
def test_nothing_is_asked_when_the_fact_is_told_or_the_gate_says_no(text):
    assert clarify(text).get("watch") is None


def test_the_answer_read_with_the_question_makes_the_emergency():
    context = {"prior_text": "宝宝发烧38度5", "asked": ["age"], "clarify_turns": 1}
    triage = intents.parse("两个月", context)["triage"]
    assert triage["emergency"] and triage["red_flags"][0]["category"] == "infant_fever"
    triage = intents.parse("8个月", context)["triage"]
    assert not triage["emergency"]


def test_a_question_asked_once_is_not_asked_again():
    assert clarify("宝宝发烧38度5", asked=["age"], clarify_turns=1).get("watch") is None


def test_the_catalogue_names_only_questions_the_dialogue_has():
    doc = load_knowledge().red_flags
    bad = {**doc, "categories": [dict(c) for c in doc["categories"]]}
    bad["categories"][0]["model_asks"] = {"question": "blood_type", "tells": []}
    with pytest.raises(ValueError, match="model_asks question"):
        compile_catalogue(bad)
    assert set(ASKABLE) == {"age", "pregnancy", "diabetes"}

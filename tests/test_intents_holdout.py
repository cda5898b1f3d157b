"""Generalisation checks on our own held-out questions, and the knowledge/rule behaviour
behind them (ignored words, the question focus, specialty-vs-儿科/产科 rules)."""

import json
from pathlib import Path

import intents
from intents.cli import evaluate
from intents.knowledge import load_knowledge, match_lexicon, question_span
from intents.normalize import normalize_text

HOLDOUT = Path(__file__).parent / "data" / "nlu_holdout.jsonl"


def ranked(text, **ctx):
    t = intents.parse(text, ctx or None)["triage"]
    return [d["name"] for d in t["departments"]]


def test_holdout_is_ours_and_never_trained_on():
    rows = [json.loads(x) for x in HOLDOUT.read_text(encoding="utf-8").splitlines() if x]
    assert len(rows) >= 60
    training = "".join(
        p.read_text(encoding="utf-8")
        for p in (Path(intents.__file__).parent / "data").glob("*.yml")
    )
    assert not any(r["text"] in training for r in rows)


def test_holdout_department_accuracy():
    m = evaluate(HOLDOUT)
    assert m["department_top1"] >= 0.85, m["misses"]
    assert m["false_emergency_rate"] <= 0.05


def test_ignored_words_hide_shorter_terms():
    kb = load_knowledge()
    assert "奶奶" in kb.ignore
    terms = [h.term for h in match_lexicon("奶奶喝了牛奶以后头晕", kb)]
    assert "奶" not in terms and "头晕" in terms
    assert "新生儿科" not in ranked("奶奶最近老是头晕")[:1]


def test_abbreviation_inside_a_latin_word_is_not_a_term():
    assert [h.term for h in match_lexicon("BANANA")] == []
    assert "ana" in [h.term for h in match_lexicon(normalize_text("ANA阳性"))]


def test_question_span_and_focus():
    text = "我爸有糖尿病，最近牙疼，想问一下拔牙要注意什么？"
    start, end = question_span(text)
    assert text[start:end].startswith("想问一下拔牙")
    assert question_span("拔牙要注意什么") is None  # the whole text is the question
    focus = {h.term: h.focus for h in match_lexicon(text)}
    assert focus["拔牙"] > focus["糖尿病"] == 1.0


def test_generic_words_do_not_outvote_a_named_disease():
    assert ranked("我有乙肝小三阳好几年了，最近心烦睡不好，担心会不会肝硬化")[0] == "肝病科"
    assert ranked("我妈是糖尿病，很多年了，最近体重下降，手术后恢复得慢")[0] == "内分泌科"


def test_pregnant_patient_with_a_named_disease_sees_specialty_then_obstetrics():
    r = ranked("怀孕四个月了，以前就有癫痫，一直吃左乙拉西坦，对孩子有影响吗")
    assert r[:2] == ["神经内科", "产科"]
    assert ranked("怀孕三个月，肚子有点疼")[0] == "产科"


def test_child_common_illness_stays_with_pediatrics():
    assert ranked("宝宝三岁，感冒咳嗽")[0] == "儿科"
    assert ranked("孩子6岁，肺炎住院")[0] == "儿科"
    # a clearly named specialty disease: specialty first, 儿科 right after
    assert ranked("孩子十岁，肾病综合征又复发了")[:2] == ["肾内科", "儿科"]


def test_nursing_mother_is_the_patient_but_infant_fever_is_still_an_emergency():
    assert ranked("我感冒了嗓子疼咳嗽，宝宝才三个月，哺乳期能吃感冒药吗")[0] != "儿科"
    t = intents.parse("宝宝两个月，发烧38度5，我在哺乳期能喂奶吗")["triage"]
    assert t["emergency"] is True


def test_clarify_carries_a_key_not_patient_text():
    clarify = intents.parse("头晕")["triage"]["clarify"]
    assert set(clarify) == {"question", "options"}

import dataclasses
import io
import json

import pytest

import intents
from intents.cli import evaluate, triage_main
from intents.knowledge import _reason_templates, load_knowledge

CATALOG = set(intents.load_knowledge().dept_order) if hasattr(intents, "load_knowledge") else None


def top(text, **ctx):
    t = intents.parse(text, ctx or None)["triage"]
    return t["departments"][0]["name"] if t and t["departments"] else None


def test_load_is_idempotent():
    """Loading twice changes nothing (how fast it loads is measured in bench/)."""
    before = intents.parse("宝宝发烧")
    intents.load()
    intents.load()
    assert intents.parse("宝宝发烧") == before


def test_result_shape():
    r = intents.parse("宝宝一岁，发烧两天了")
    assert set(r) == {"text", "intent", "intent_ranking", "entities", "triage"}
    assert r["text"] == "宝宝一岁，发烧两天了"
    assert set(r["intent"]) == {"name", "confidence"} and r["intent"]["name"] in intents.INTENTS
    assert 0.0 <= r["intent"]["confidence"] <= 1.0
    assert next(x["name"] for x in r["intent_ranking"]) == r["intent"]["name"]
    assert {x["name"] for x in r["intent_ranking"]} == set(intents.INTENTS)
    for e in r["entities"]:
        assert {"entity", "value", "start", "end", "confidence_entity", "extractor"} <= set(e)
    t = r["triage"]
    assert {"departments", "emergency", "emergency_reason", "clarify"} <= set(t)
    assert t["emergency"] is False and t["emergency_reason"] is None
    for d in t["departments"]:
        assert set(d) == {"name", "confidence", "reason"} and d["reason"]
    json.dumps(r, ensure_ascii=False)  # serialisable


def test_triage_is_null_without_symptom():
    assert intents.parse("预约挂号")["triage"] is None
    assert intents.parse("你好")["triage"] is None


@pytest.mark.parametrize(
    "text,intent",
    [
        ("你好", "greet"),
        ("谢谢啦", "thanks"),
        ("拜拜", "goodbye"),
        ("我要挂明天的骨科", "book_appointment"),
        ("取消预约", "cancel_appointment"),
        ("门诊缴费", "pay_bill"),
        ("报告出来了吗", "query_report"),
        ("转人工", "human_agent"),
        ("肚子疼好几天了", "triage"),
        ("帮我写一首诗", "out_of_scope"),
    ],
)
def test_intents(text, intent):
    assert intents.parse(text)["intent"]["name"] == intent


def test_departments_from_symptoms():
    assert top("量血压160/100，头有点胀") == "心血管内科"
    assert top("我有高血压，最近有点头晕") == "心血管内科"
    assert top("二甲双胍吃了拉肚子正常吗，糖化血红蛋白7.5") == "内分泌科"
    assert top("乙肝大三阳，要不要吃恩替卡韦") == "肝病科"
    assert top("肌酐偏高，尿蛋白两个加号") == "肾内科"
    assert top("牙疼得睡不着") == "口腔科"


def test_age_rules():
    assert top("出生10天的宝宝皮肤发黄") == "新生儿科"
    assert top("孩子4岁，吃完东西就吐") == "儿科"
    assert top("咳嗽有痰", age_years=5) == "儿科"
    assert top("孩子眼睛红还痒") == "眼科"  # a clear specialty stays
    assert top("咳嗽有痰", age_years=40) != "儿科"


def test_sex_and_pregnancy_rules():
    assert top("怀孕三个月，肚子有点疼") == "产科"
    assert top("肚子疼", pregnant=True) == "产科"
    assert top("早泄怎么治") == "男科"
    assert top("白带多有异味") == "妇科"
    assert top("下面痒", sex="M") != "妇科"
    assert top("下体瘙痒", sex="F") != "男科"


def test_clarify_asks_and_context_resolves():
    first = intents.parse("头晕")
    assert first["triage"]["clarify"] is not None
    assert first["triage"]["clarify"]["question"] in {
        "age",
        "location",
        "duration",
        "symptom",
        "sex",
    }
    follow = intents.parse("3岁", {"prior_text": "头晕", "clarify_turns": 1})
    assert follow["intent"]["name"] == "triage"
    assert follow["triage"]["departments"][0]["name"] == "儿科"
    done = intents.parse("肚子疼", {"clarify_turns": 2})
    assert done["triage"]["clarify"] is None


def test_the_caller_sets_how_many_questions_may_be_asked():
    """config.yml nlu.clarify_max_turns reaches the NLU through the context."""
    more = intents.parse("头晕", {"clarify_turns": 2, "clarify_max_turns": 4})
    assert more["triage"]["clarify"] is not None
    none = intents.parse("头晕", {"clarify_max_turns": 0})
    assert none["triage"]["clarify"] is None


def test_the_reason_sentence_is_worded_in_the_knowledge_yaml():
    kb = load_knowledge()
    other = dataclasses.replace(
        kb,
        reason={
            **kb.reason,
            "with_evidence": "因{evidence}，建议：{description}",
            "evidence_joiner": "、",
        },
    )
    assert other.reason_for("呼吸内科", ["咳嗽", "有痰"]) == (
        "因“咳嗽”、“有痰”，建议：" + kb.describe("呼吸内科")
    )
    top = intents.parse("最近老是咳嗽有痰")["triage"]["departments"][0]
    assert top["reason"].startswith("根据“")
    assert top["reason"].endswith("推荐：" + kb.describe(top["name"]))
    with pytest.raises(ValueError, match=r"reason\.with_evidence"):
        _reason_templates({**kb.reason, "with_evidence": "根据{evidence}推荐"})


def test_unknown_department_question_asks_for_symptom():
    t = intents.parse("不知道挂什么科")["triage"]
    assert t["departments"] == [] and t["clarify"]["question"] == "symptom"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "头疼" * 2500,
        "😂😂😂",
        "🐶",
        "1234567890",
        "hello how are you 你好",
        "<div><b>挂号</b></div>",
        "<?xml version='1.0'?><a/>",
        "\x00\x01",
        "[](){}\\",
        None,
    ],
)
def test_bad_input_never_raises(text):
    r = intents.parse(text)
    assert r["intent"]["name"] in intents.INTENTS
    json.dumps(r, ensure_ascii=False)


def test_junk_is_out_of_scope():
    for text in ["", "😂😂😂", "1234567890", "qwerty"]:
        assert intents.parse(text)["intent"]["name"] == "out_of_scope", text


def test_cli_single_text():
    out = io.StringIO()
    assert triage_main("牙疼", jsonl=False, stdin=io.StringIO(), stdout=out) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and "牙疼" in lines[0]  # ensure_ascii=False
    assert json.loads(lines[0])["triage"]["departments"][0]["name"] == "口腔科"


def test_cli_jsonl_keeps_order_and_survives_bad_lines():
    stdin = io.StringIO(
        '{"text": "牙疼"}\nnot json\n{"text": "你好"}\n{"nope": 1}\n{"text": "胸口剧痛出冷汗"}\n'
    )
    out = io.StringIO()
    rc = triage_main(None, jsonl=True, stdin=stdin, stdout=out)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert rc == 1 and len(rows) == 5
    assert rows[0]["text"] == "牙疼" and rows[2]["intent"]["name"] == "greet"
    assert "error" in rows[1] and rows[1]["line"] == 2 and "error" in rows[3]
    assert rows[4]["triage"]["emergency"] is True


def test_a_rule_decision_is_confident_and_needs_no_question():
    t = intents.parse("宝宝两岁发烧38度5还咳嗽")["triage"]
    assert t["departments"][0]["name"] == "儿科"
    assert t["departments"][0]["confidence"] >= 0.7
    assert t["clarify"] is None


def test_unknown_sex_does_not_put_a_gendered_department_first_on_a_generic_symptom():
    assert top("肚子疼") != "妇科"
    assert top("子宫肌瘤怎么办") == "妇科"  # a named gynaecological disease still does


def test_pain_without_a_place_asks_where():
    assert intents.parse("疼")["triage"]["clarify"]["question"] == "location"
    again = intents.parse("疼", {"asked": ["location"], "clarify_turns": 1})["triage"]
    assert (again["clarify"] or {}).get("question") != "location"


def test_cli_jsonl_accepts_turns_and_history():
    stdin = io.StringIO(
        '{"turns": ["孩子发烧两天了", "脖子有点硬"]}\n'
        '{"text": "脖子有点硬", "history": ["孩子发烧两天了"]}\n'
        '{"turns": []}\n'
        '{"text": "脖子有点硬"}\n'
    )
    out = io.StringIO()
    rc = triage_main(None, jsonl=True, stdin=stdin, stdout=out)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert rc == 1 and len(rows) == 4
    for row in rows[:2]:
        assert row["text"] == "脖子有点硬"
        assert row["triage"]["red_flags"][0]["category"] == "meningitis"
    assert "error" in rows[2]
    assert not (rows[3]["triage"] or {}).get("emergency")


def test_eval_scores_red_flag_case_files(tmp_path):
    path = tmp_path / "cases.jsonl"
    rows = [
        {"text": "我爸嘴巴突然歪了", "emergency": True, "category": "stroke", "style": "plain"},
        {"text": "胃胀打嗝", "emergency": True, "category": "acute_abdomen", "style": "plain"},
        {"turns": ["孩子发烧", "脖子硬"], "emergency": True, "category": "meningitis"},
        {"text": "怎么预防中风", "emergency": False, "near": "stroke", "kind": "prevention"},
        {"text": "以前中风过", "emergency": False, "near": "stroke", "kind": "history"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    m = evaluate(path)
    assert m["red_flag_n"] == 3 and m["red_flag_recall"] == pytest.approx(2 / 3)
    assert m["recall_by_category"] == {
        "acute_abdomen": [0, 1],
        "meningitis": [1, 1],
        "stroke": [1, 1],
    }
    assert m["multi_turn_n"] == 1 and m["multi_turn_recall"] == 1.0
    assert m["near_miss_false_rate"] == 0.0
    assert m["false_by_kind"] == {"history": [0, 1], "prevention": [0, 1]}
    assert {"missed_emergency": "胃胀打嗝", "category": "acute_abdomen"} in m["misses"]

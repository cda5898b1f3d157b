"""Targets on the shared dev sets (skipped when ../shared/eval is not there)."""

from pathlib import Path

import pytest

from intents.cli import evaluate

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"

pytestmark = pytest.mark.skipif(not EVAL.is_dir(), reason="shared eval sets not available")


def test_intent_accuracy():
    m = evaluate(EVAL / "intents_dev.jsonl")
    assert m["intent_accuracy"] >= 0.90


def test_triage_dev():
    m = evaluate(EVAL / "triage_dev.jsonl")
    assert m["department_top1"] >= 0.85
    assert m["emergency_recall"] == 1.0
    assert m["false_emergency_rate"] <= 0.05


def test_toyhom_internal_medicine():
    m = evaluate(EVAL / "toyhom_im_dev.jsonl")
    assert m["department_top1"] >= 0.85
    assert m.get("false_emergency_rate", 0.0) <= 0.05

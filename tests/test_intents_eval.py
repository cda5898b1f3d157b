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
    """Department top-1 no lower than before the safety layer (0.983)."""
    m = evaluate(EVAL / "triage_dev.jsonl")
    assert m["department_top1"] >= 0.98
    assert m["emergency_recall"] == 1.0
    assert m["false_emergency_rate"] <= 0.05


def test_toyhom_internal_medicine():
    """Real questions: top-1 no lower than before (0.885), at most 2 % flagged."""
    m = evaluate(EVAL / "toyhom_im_dev.jsonl")
    assert m["department_top1"] >= 0.88
    assert m.get("false_emergency_rate", 0.0) <= 0.02

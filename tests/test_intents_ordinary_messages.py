"""Ordinary messages across the departments (a child's fever while playing, a heavy period,
a sprain, a blood pressure of 150), written by colleagues who saw no rule: the goal for
ordinary questions, at most 2 % called emergencies, in every area where toyhom (internal
medicine only) cannot look.  intents/eval/ordinary_messages.jsonl (600) and
ordinary_messages_second.jsonl (400, short phone-typed messages, most of them about
children; the development set of the classifier's topic gates)."""

from pathlib import Path

import pytest

from intents.cli import evaluate

EVAL = Path(__file__).resolve().parents[1] / "intents" / "eval"


@pytest.mark.parametrize(
    "name,n", [("ordinary_messages.jsonl", 600), ("ordinary_messages_second.jsonl", 400)]
)
def test_ordinary_messages_are_rarely_called_emergencies(name: str, n: int) -> None:
    m = evaluate(EVAL / name)
    assert m["near_miss_n"] == n
    flagged = [x for x in m["misses"] if "false_emergency" in x]
    assert m["near_miss_false_rate"] <= 0.02, flagged
    # no area carries the false alarms alone (paediatrics: 160 messages in each)
    assert all(false <= 0.05 * k for false, k in m["false_by_kind"].values()), flagged

"""Ordinary messages across the departments (a child's fever while playing, a heavy period,
a sprain, a blood pressure of 150, written by a colleague who saw no rule, in
intents/eval/ordinary_messages.jsonl): the goal for ordinary questions, at most 2 % called
emergencies, in every area where toyhom (internal medicine only) cannot look."""

from pathlib import Path

from intents.cli import evaluate

CASES = Path(__file__).resolve().parents[1] / "intents" / "eval" / "ordinary_messages.jsonl"


def test_ordinary_messages_are_rarely_called_emergencies() -> None:
    m = evaluate(CASES)
    assert m["near_miss_n"] == 600
    flagged = [x for x in m["misses"] if "false_emergency" in x]
    assert m["near_miss_false_rate"] <= 0.02, flagged
    # no area carries the false alarms alone (paediatrics: 160 messages)
    assert all(false <= 0.05 * n for false, n in m["false_by_kind"].values()), flagged

"""The red-flag case files in intents/eval/ (written by people who never saw our rules):
every emergency caught, at most 10 % of the near-misses flagged."""

from pathlib import Path

import pytest

from intents.cli import evaluate

EVAL = Path(__file__).resolve().parents[1] / "intents" / "eval"
# every case file present (set B may be held out from a checkout), the older ones named
# so that a missing file shows as a skip rather than as a smaller list
CASE_FILES = sorted(
    {"red_flags.jsonl", "red_flags_second.jsonl"} | {p.name for p in EVAL.glob("red_flags*.jsonl")}
)


@pytest.mark.parametrize("name", CASE_FILES)
def test_every_emergency_is_caught_and_near_misses_stay_quiet(name: str) -> None:
    path = EVAL / name
    if not path.exists():
        pytest.skip(f"{name} is not in intents/eval/ (set B is held out from the developers)")
    m = evaluate(path)
    missed = [x for x in m["misses"] if "missed_emergency" in x]
    assert m["red_flag_recall"] == 1.0, missed[:10]
    assert m.get("multi_turn_recall", 1.0) == 1.0
    assert m["near_miss_false_rate"] <= 0.10, [x for x in m["misses"] if "false_emergency" in x]

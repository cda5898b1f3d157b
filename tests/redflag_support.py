"""What the red-flag layer makes of one message, as the tests of its mechanisms read it."""

from __future__ import annotations

from typing import Any

import intents
from intents.normalize import safety_text
from intents.redflags import patient_facts


def flagged(text: str, **ctx: Any) -> list[str]:
    """The red-flag categories the NLU reports for `text` (in order), none when it is calm."""
    t = intents.parse(text, ctx or None)["triage"]
    return [f["category"] for f in (t or {}).get("red_flags") or []]


def flagged_case(case: str | list[str]) -> list[str]:
    """`flagged` for one message, or for a conversation given as its list of turns (the
    last turn read with the earlier ones as history)."""
    if isinstance(case, list):
        return flagged(case[-1], history=case[:-1])
    return flagged(case)


def pregnancy_read(text: str) -> bool:
    """Whether the red-flag layer reads a pregnancy among the patient's facts of `text`."""
    return "pregnant" in patient_facts(safety_text(text), {})


def emergency(text: str) -> bool:
    """Whether the NLU calls `text` an emergency (by either net)."""
    t = intents.parse(text)["triage"]
    return bool(t and t["emergency"])


def check(text: str, category: str | None) -> None:
    """`text` raises `category` (among others), or nothing at all when category is None."""
    got = flagged(text)
    if category is None:
        assert not got, (text, got)
    else:
        assert category in got, (text, got)

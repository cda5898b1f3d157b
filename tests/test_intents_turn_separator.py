"""The classifier reads a conversation as its turns joined by TURN_SEPARATOR.  It learnt
that separator from conversation-shaped copies of its training sentences of both kinds
(train.turn_copies), so the separator itself says nothing: an ordinary answer to our
"哪里疼?" is no emergency, and an emergency told over turns still is one.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged_case

# a vague first turn, then the part of the body that our clarifying question asked for
ORDINARY_TURNS = [
    ["疼", "肚子"],
    ["痛", "肚子"],
    ["疼", "肚子这里"],
    ["不舒服", "肚子"],
    ["疼", "头"],
    ["有点疼", "胃"],
    ["难受", "嗓子"],
    ["疼", "腰"],
]

EMERGENCY_TURNS = [
    (["我爸肚子疼", "疼得在床上打滚，肚子硬得像木板，一碰就叫"], "acute_abdomen"),
    (["孩子发烧了", "脖子硬，低不下头，还吐了好几次"], "meningitis"),
    (["我妈说头晕", "现在嘴歪了，右手拿不住筷子，说话也不清楚"], "stroke"),
]


@pytest.mark.parametrize("turns", ORDINARY_TURNS, ids=lambda t: "/".join(t))
def test_an_ordinary_answer_over_turns_raises_nothing(turns: list[str]) -> None:
    assert flagged_case(turns) == [], turns


@pytest.mark.parametrize(("turns", "category"), EMERGENCY_TURNS, ids=lambda x: str(x)[:12])
def test_an_emergency_over_turns_is_still_one(turns: list[str], category: str) -> None:
    assert category in flagged_case(turns), turns


def test_each_symptom_word_is_taught_after_a_vague_first_turn() -> None:
    from intents.redflags import TURN_SEPARATOR
    from intents.train import VAGUE_FIRST_TURNS, turn_copies

    [(text, label)] = turn_copies([], ["肚子"])
    first, word = text.split(TURN_SEPARATOR)
    assert (first in VAGUE_FIRST_TURNS, word, label) == (True, "肚子", "none")

"""A turn that is nothing but a count of days, weeks or months, after an earlier turn that
names a baby or the small child (那个小的, 最小的那个) and before any illness is told, is
that child's age (intents/ages.py, _age_turn).  A count answering how long an illness has
lasted, a count in a turn with other words, or a count after an adult is named stays a
duration.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged_case

from intents.ages import infant_age_days
from intents.normalize import safety_text
from intents.redflags import TURN_SEPARATOR


def turn_age(turns: list[str]) -> float | None:
    return infant_age_days(TURN_SEPARATOR.join(safety_text(t) for t in turns))


# the child named in words of no baby, its age a turn of its own, then the fever
AGE_TURN_FEVERS = [
    ["我想咨询一下家里最小的那个", "四十来天", "今天摸着烫，量了三十八度六"],
    ["问一下那个小的", "七周", "有点发热，三十八度二"],
]

# the same shapes where the count is how long, or of someone else
NOT_AN_AGE = [
    ["宝宝发烧了", "四天", "三十八度五"],  # how long the fever has lasted
    ["那个小的", "烧了三天了", "三十八度六"],  # a count in a turn with other words
    ["问一下我老公", "四十来天", "今天摸着烫，量了三十八度六"],  # an adult named
    ["那个小的一直咳", "两个月了", "今天有点热"],  # an illness told before the count
]


@pytest.mark.parametrize("turns", AGE_TURN_FEVERS, ids=lambda t: t[1])
def test_a_count_alone_after_the_child_is_its_age(turns: list[str]) -> None:
    assert 0 < (turn_age(turns) or 0) < 90, turns
    assert "infant_fever" in flagged_case(turns), turns


@pytest.mark.parametrize("turns", NOT_AN_AGE, ids=lambda t: "/".join(t)[:16])
def test_a_count_of_an_illness_or_an_adult_is_no_age(turns: list[str]) -> None:
    assert turn_age(turns) is None, turns


def test_a_count_after_an_adult_raises_no_infant_fever() -> None:
    assert "infant_fever" not in flagged_case(NOT_AN_AGE[2])

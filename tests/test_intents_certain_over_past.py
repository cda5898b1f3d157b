"""In every category a near-certain classifier verdict (`intents.MODEL_CERTAIN_OVER`) is
believed over the rules' reading of the category's signs as played down — told of the
past (a history, a habit, a known condition), softened, guessed at — because "老毛病了",
"上次也这样" or "可能是没睡好" beside a sign that is there now is how families play an
emergency down.  It is never believed over a
denial, a what-if or an episode told as over (a warning for today, not for 120), and a verdict that is only sure (below
MODEL_CERTAIN_OVER) is believed over past readings in suicide alone.  Sentences written for
this file."""

import pytest

import intents
from intents.normalize import safety_text
from intents.redflags import assess

CERTAIN = intents.MODEL_CERTAIN_OVER
SURE_ONLY = (intents.MODEL_SURE + intents.MODEL_CERTAIN_OVER) / 2

PAST = [
    ("cardiac_chest_pain", "上周胸口压着疼了半个小时，还出冷汗"),
    ("cardiac_chest_pain", "我爸胸口疼是老毛病了，一直这样"),
    ("cardiac_chest_pain", "胸口有点闷，可能是没睡好"),  # softened and guessed at
]

NOT_PAST = [
    ("cardiac_chest_pain", "如果胸口压着疼还出冷汗怎么办"),  # a what-if
    ("cardiac_chest_pain", "胸口不疼，也没出冷汗"),  # a denial
    ("cardiac_chest_pain", "刚才胸口压着疼出冷汗，歇了一会儿已经好了"),  # over
]


def believed(category: str, text: str, p: float) -> bool:
    return intents._believed_over(category, p, assess(safety_text(text), {}))


@pytest.mark.parametrize("category,text", PAST)
def test_a_near_certain_verdict_is_believed_over_a_past_reading(category, text):
    result = assess(safety_text(text), {})
    assert not result.flags  # the rules alone set the sign aside ...
    assert believed(category, text, CERTAIN)  # ... the near-certain classifier is believed
    assert not believed(category, text, SURE_ONLY)  # a sure one only in suicide


@pytest.mark.parametrize("category,text", NOT_PAST)
def test_no_verdict_is_believed_over_a_denial_or_a_what_if(category, text):
    assert assess(safety_text(text), {}).set_aside(category)
    assert not believed(category, text, 1.0)

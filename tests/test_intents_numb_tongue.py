"""A numb tongue is no speech trouble (intents/knowledge/red_flags.yml): 舌头麻 alone used
to complete a stroke as if speech were slurred, so Sichuan pepper or a hot pot called an
ambulance. A numb tongue is now a stroke sign with a numb face or limb, or when it came on
suddenly with no numbing food eaten; slurred speech, a drooping mouth and the brainstem's
combinations (a gait that will not hold) still count. A bowl (碗, read as "cannot hold a
bowl") before 麻辣烫 is no numb hand.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check, emergency

STROKE = [
    ("我爸突然舌头发麻，左边脸也麻", "stroke"),
    ("我妈舌头麻，右手也麻了，拿不住筷子", "stroke"),
    ("老公刚才突然舌头发麻，嘴角往一边歪", "stroke"),
    ("奶奶突然舌头发木，说话不利索", "stroke"),
    ("爷爷午睡起来突然舌头麻了，半边身子也麻", "stroke"),
]

FOOD = [
    "吃了花椒舌头麻",
    "吃了麻辣火锅，舌头麻麻的",
    "吃藤椒鱼吃得舌头发麻",
    "刚吃了一大碗麻辣烫，突然舌头麻了",
    "舌头上长了个溃疡，有点麻",
    "端着一碗麻酱面，手有点酸",
]


@pytest.mark.parametrize(("text", "category"), STROKE)
def test_a_numb_tongue_with_a_numb_side_or_of_a_sudden_is_a_stroke(
    text: str, category: str
) -> None:
    check(text, category)


@pytest.mark.parametrize("text", FOOD)
def test_a_tongue_numbed_by_food_stays_calm(text: str) -> None:
    assert not emergency(text), text

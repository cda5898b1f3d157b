"""A newborn's lethargy and grey colour told by what the mother notices.

WHO's young-infant danger signs include a baby who moves or cries only when stirred and
feeds poorly, and a grey or ashen colour. Families say so in what they miss: the baby
"cries little" or is "too quiet" while feeding less, the face "looks grey". Those make the
newborn danger; a calm baby who feeds well, or an older baby, does not. Our own wordings,
written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged

DANGER = [
    "坐月子呢，孩子这两天不怎么哭，奶也吃得少",
    "宝宝才出生两周，今天太安静了，吃奶比平时少一半",
    "宝宝生下来九天，脸有点发灰，喂奶也不太吃",
]

CALM = [
    "宝宝一个月，很安静很好带，吃奶也多",
    "孩子八个月了，这两天不太哭，饭也吃得少，是不是长牙",
    "宝宝十天，脸色红润，吃奶挺好，就是不太哭",
]


@pytest.mark.parametrize("text", DANGER)
def test_a_quiet_or_grey_newborn_feeding_less_is_a_danger_sign(text: str) -> None:
    assert "neonatal_danger" in flagged(text)


@pytest.mark.parametrize("text", CALM)
def test_a_calm_baby_feeding_well_or_an_older_baby_is_not(text: str) -> None:
    assert "neonatal_danger" not in flagged(text)

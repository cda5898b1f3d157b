"""Blood seen pooled (intents/knowledge/red_flags.yml, bleed_heavy_word): a bystander who
finds a person beside 一滩血 or a bed 全是血, pale or muddled, tells a heavy bleed by where
the blood went. Before, the amount was read only as 出血 ~ 一滩 or 流了好多血.
The look-alikes stay calm: an animal slaughtered, a nosebleed that stopped, a drama.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check, emergency

POOLED = [
    "看到老婆坐在地上，地板上一滩血，她脸色煞白",
    "我爸倒在卫生间，地上一大滩血，人迷迷糊糊的",
    "推开门妈妈躺在床上，床上全是血，嘴唇发白",
    "爷爷摔在院子里，满地是血，脸白得吓人，手冰凉",
]

CALM = [
    "杀鸡的时候地上一滩血，吓了一跳",
    "昨天鼻子流血，地上一滩血，现在止住了，人好好的",
    "电视剧里地上一滩血",
]


@pytest.mark.parametrize("text", POOLED)
def test_blood_pooled_beside_a_pale_or_muddled_person_is_an_emergency(text: str) -> None:
    assert emergency(text), text
    # read as the bleeding it is, not only as a faint or a stool (before: 3 of these 4
    # were missed or read as unconsciousness or black stools)
    check(text, "uncontrolled_bleeding")


@pytest.mark.parametrize("text", CALM)
def test_an_animal_a_stopped_nosebleed_or_a_drama_stays_calm(text: str) -> None:
    check(text, None)

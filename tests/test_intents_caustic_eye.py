"""A caustic in an eye (lime, lye, a drain cleaner): its pain may go while the burn goes on,
so a pain told gone does not close it (眼睛被石灰溅到了，不疼了，看得清), and any chemical
rinsed and checked days ago is not over when the sight now fails; a splash of last year, a
prevention question or a splash on the hand stay calm."""

import pytest

from tests.redflag_support import flagged


@pytest.mark.parametrize(
    "text",
    [
        "眼睛被石灰溅到了，不疼了，看得清",
        "孩子玩生石灰，溅到眼睛里了，冲了水现在不疼了",
        "管道疏通剂溅到眼里，冲了一下，好像没事了",
        "前天眼睛溅到清洁剂，在急诊冲洗检查过，今天已经不红了，但是看东西越来越模糊",
    ],
)
def test_a_caustic_in_the_eye_is_not_over_when_the_pain_goes(text: str) -> None:
    assert "eye_injury" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "去年石灰溅到过眼睛，早就好了",
        "怎么防止石灰溅到眼睛",
        "洁厕灵溅到手上了，冲干净了",
        "去年眼睛溅过洗洁精，冲干净就好了，现在老花眼看东西有点模糊",
    ],
)
def test_a_past_splash_a_question_or_the_hand_stays_calm(text: str) -> None:
    assert not flagged(text)

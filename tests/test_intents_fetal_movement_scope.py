"""Fetal movements felt well, and a pregnancy told as "N个月身子".

Vigorous movements (动得很有劲, 踢得很欢) are movements felt well, so the classifier is not
believed on a pregnancy that tells them; "八个月身子" is eight months pregnant, not a baby of
eight months. Movements that stop in late pregnancy, or told with no pregnancy, stay the
emergency they were. (A born baby's "动得少" with its age in months is still read as the
fetus's: ruling it out by the age cost emergencies whose pregnancy was not read, so a false
alarm is kept over a miss.) Our own wordings, written from clinical knowledge, not from any
evaluation set."""

import pytest
from redflag_support import flagged

STILL_FETAL = [
    "怀孕35周了，从昨天晚上到现在宝宝都没怎么动",
    "预产期还有一个月，今天一上午胎动只有两次",
    "孩子一天没动了，我肚子里这个三十周",
    "宝宝今天动得特别少，我怀孕了",
    "儿媳妇有八个月身子了，说孩子从中午到现在一直没动",  # 身子: the pregnancy, not a baby's age
]

FELT_WELL = [
    "怀孕30周，宝宝每天都踢得很有劲",
    "怀孕33周，肚子里的宝宝动得挺有劲，晚上尤其多",
]


@pytest.mark.parametrize("text", STILL_FETAL)
def test_reduced_fetal_movements_are_flagged(text: str) -> None:
    assert "reduced_fetal_movement" in flagged(text)


@pytest.mark.parametrize("text", FELT_WELL)
def test_vigorous_movements_are_not_reduced_fetal_movements(text: str) -> None:
    assert "reduced_fetal_movement" not in flagged(text)


def test_months_of_shenzi_are_months_of_pregnancy() -> None:
    # 身子 (dialect) is the pregnancy: at eight months, a headache with blurred sight is
    # pre-eclampsia's sign, which needs the pregnancy read (not an eight-month-old baby)
    assert "preeclampsia" in flagged("我闺女有八个月身子了，头疼得厉害，看东西模糊")

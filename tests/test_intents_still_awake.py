"""Stillness that is not unconsciousness, and a habit of years that is not a fit: a child
sitting still and watching (一动不动看动画片), a smoker of thirty years (抽烟抽了三十年),
a child in a bath who is born (no fetal movement there).  The emergencies told with the
same words stay emergencies."""

import pytest

from tests.redflag_support import flagged


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("孩子在浴缸里一动不动，叫他也不理", "drowning"),
        ("泳池里有个小孩趴着一动不动", "drowning"),
        ("奶奶突然倒地，一动不动", "unconsciousness"),
        ("我爸倒在厕所里一动不动的，怎么办", "unconsciousness"),
        ("老公突然抽了，口吐白沫", "seizure"),
        ("我爸抽了两次了，现在还没醒", "seizure"),
        ("孩子抽了十几分钟还在抽", "seizure"),
        ("怀孕35周，孩子今天一动不动", "reduced_fetal_movement"),
        ("孕36周，今天宝宝一动不动的，平时很活跃", "reduced_fetal_movement"),
    ],
)
def test_the_emergency_is_still_read(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "孩子坐在那一动不动看动画片",
        "宝宝洗澡的时候一动不动盯着水看",
        "儿子一动不动地玩了一下午积木",
        "我爸抽烟抽了三十年，想戒",
        "我爸抽烟抽了四十多年了，最近咳嗽",
        "老公抽了二十年烟了，怎么戒比较好",
    ],
)
def test_still_and_awake_or_a_habit_of_years_stays_calm(text: str) -> None:
    assert not flagged(text)

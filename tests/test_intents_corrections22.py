"""Corrections and bare answers in a conversation.

- A correction inside a mention ("吐的不是酒，是血", "吞的不是糖，是纽扣电池"): the "not"
  is of the thing first named; the act is affirmed with the second thing, so the sign
  is not set aside as a denial.  The reverse ("吐的不是血，是红酒") stays calm.
- A count told as a turn of its own right after a bare yes/no answer ("是的 / 三个月不到 /
  发烧38度") answers our "how old is the baby?": four weeks or more with an illness told
  after it is read as the baby's age (a few days stays how long the illness has lasted).
- "孕后" (after conceiving: 孕后头痛) names a pregnancy, as 怀孕后 does; 备孕后, 避孕后 do not.

All wordings are our own."""

from __future__ import annotations

import pytest
from redflag_support import flagged_case


@pytest.mark.parametrize(
    ("case", "category"),
    [
        ("吐的不是酒，是血", "haematemesis"),
        ("我爸刚才呕的不是菜汤，是血，一大口", "haematemesis"),
        (["喝酒后吐了", "不对，吐的不是酒，是血", "鲜红的"], "haematemesis"),
        (["晚饭后吐了一回", "他吐的不是饭，是血"], "haematemesis"),
        ("孩子吞的不是糖，是纽扣电池", "button_battery"),
        ("女儿咽下去的不是糖豆，是纽扣电池", "button_battery"),
        (["小孩吞了个东西", "吞的并不是硬币，而是纽扣电池"], "button_battery"),
    ],
)
def test_correction_inside_a_mention_is_the_new_fact(case: str | list[str], category: str) -> None:
    assert category in flagged_case(case), case


@pytest.mark.parametrize(
    ("case", "category"),
    [
        ("吐的不是血，是红酒", "haematemesis"),
        ("他吐出来的不是血，是西瓜汁", "haematemesis"),
        ("孩子吞的不是电池，是糖", "button_battery"),
        (["孩子吞了个东西", "吞的不是纽扣电池，是一颗糖豆"], "button_battery"),
    ],
)
def test_correction_to_a_calm_thing_stays_calm(case: str | list[str], category: str) -> None:
    assert category not in flagged_case(case), case


@pytest.mark.parametrize(
    "case",
    [
        ["是的", "三个月不到", "发烧38度"],
        ["嗯", "两个月", "发烧38度5"],
        ["对", "50多天", "今天烧到38.2"],
        ["是的", "不到三个月", "体温38度"],
        ["是", "六十天", "发烧了，38度"],
        ["对的", "快两个月了", "发热，量了38.3"],
    ],
)
def test_bare_age_answer_makes_infant_fever(case: str | list[str]) -> None:
    assert "infant_fever" in flagged_case(case), case


@pytest.mark.parametrize(
    "case",
    [
        ["是的", "3天", "发烧38度"],
        ["是的", "五个月", "发烧38度"],
        ["嗯", "两个月", "没发烧，就是有点咳"],
        ["是的", "两个月", "怀孕了，有点发烧38度"],
    ],
)
def test_bare_count_that_is_no_young_infant_stays_calm(case: str | list[str]) -> None:
    assert "infant_fever" not in flagged_case(case), case


@pytest.mark.parametrize(
    "case",
    [
        "孕后头痛，眼睛也看不清",
        ["不对", "不是偏头痛", "是孕后头痛，眼睛也看不清"],
        "孕后头疼得厉害，看东西模糊",
        "老婆孕后头痛很厉害，眼前冒金星",
        "她孕后血压一直高，今天头痛得厉害",
    ],
)
def test_pregnancy_after_conceiving_makes_preeclampsia(case: str | list[str]) -> None:
    assert "preeclampsia" in flagged_case(case), case


@pytest.mark.parametrize(
    "case",
    [
        "备孕后有点头痛",
        "孕后一直挺顺利，今天产检都正常",
        "避孕后月经不太规律",
    ],
)
def test_pregnancy_look_alikes_stay_calm(case: str | list[str]) -> None:
    assert not flagged_case(case), case

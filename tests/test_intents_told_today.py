"""A what-if or a general question about signs, asked while they are happening today: the
family asks "如果…是不是中风？" and then says the patient is like that now (the rules'
`told_as_this` pointing back: 今天早上起来就这样了, 这会儿就是); the same question with
no moment of today stays a question.  Sentences written for this file."""

import pytest
from redflag_support import flagged_case

ASKED_WHILE_HAPPENING = [
    ("stroke", "要是一个人突然嘴歪了、右手抬不起来，是不是中风？我婆婆今天早上起来就这样了"),
    (
        "aortic_dissection",
        "假如后背突然像被撕开一样疼，还一直往下走，是不是很危险？我舅今天下午就是这个样子",
    ),
    (
        "pregnancy_bleeding",
        "万一孕妇肚子一阵阵疼，下面流好多血，能等到周一产检吗？我老婆这会儿就是",
    ),
    (
        "sudden_vision_loss",
        "如果眼睛突然一下看不见了，能不能先滴点眼药水？我爸刚才左眼就这样了",
    ),
]

ONLY_ASKED = [
    "要是一个人突然嘴歪了、右手抬不起来，是不是中风？平时应该怎么预防",
    "假如后背突然像被撕开一样疼，是不是很危险？听说这是夹层",
    "万一孕妇肚子一阵阵疼，下面流好多血，应该怎么办？想先了解一下",
    "如果眼睛突然一下看不见了，应该挂眼科还是神经内科？",
    "今天想问一下，如果突然嘴歪了是不是中风，平时怎么预防",
]


@pytest.mark.parametrize("category,case", ASKED_WHILE_HAPPENING)
def test_a_question_about_what_is_happening_today_is_an_emergency(category, case):
    assert category in flagged_case(case), case


@pytest.mark.parametrize("case", ONLY_ASKED)
def test_the_same_question_with_no_moment_of_today_is_not(case):
    assert not flagged_case(case), case

"""How-to and knowledge questions that name no patient at hand, next to the same words
told of a real patient now.  Readings covered:

- a how-to asked of a role (家属, 家长, 旁人 …) about a kind of patient (老人晕倒了，家属应该
  怎么处理; 孩子高热惊厥，家长应该怎么做) is a lesson — not when a person is named (我爸,
  家里老人), a moment, an onset or a state going on is told (刚才, 突然, 还在), or a child is
  told with the sign done (孩子抽搐了，家长该怎么办: a parent's own child).
- two signs set side by side with how to tell them apart (咯血和呕血怎么分) and a threshold
  asked (心跳多快算心动过速) are knowledge questions — not with the asker's own signs told.

Sentences written for this file."""

import pytest
from redflag_support import check, emergency

ROLE_HOWTO_CALM = [
    "老人晕倒了，家属应该怎么处理",
    "孩子高热惊厥，家长应该怎么做",
    "病人昏迷了，家属该怎么办",
    "老人中风了，家属应该怎么做",
    "宝宝呛奶窒息，家长应该如何急救",
    "老人摔倒后昏迷，旁人应该怎么做",
    "老人心脏骤停，身边的人应该怎么急救",
]
ROLE_HOWTO_CASE = [
    ("我爸晕倒了，家属应该怎么处理", "unconsciousness"),
    ("孩子刚才高热惊厥，家长应该怎么做", "seizure"),
    ("老人突然晕倒了叫不醒，家属应该怎么处理", "unconsciousness"),
    ("孩子抽搐了，家长该怎么办", "seizure"),
    ("家里老人晕倒了，家属应该怎么处理", "unconsciousness"),
    ("我妈现在昏迷不醒，家属该怎么办", "unconsciousness"),
]

TELL_APART_CALM = [
    "咯血和呕血怎么分",
    "呕血跟咯血咋区别",
    "心跳多快算心动过速",
    "心率多少算心动过缓",
]
TELL_APART_CASE = [
    ("我爸刚才吐了一大口血，咯血和呕血怎么分", "haematemesis"),
    ("我现在心跳150，多快算心动过速", "arrhythmia_syncope"),
]


@pytest.mark.parametrize("text", ROLE_HOWTO_CALM)
def test_role_howto_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize(("text", "category"), ROLE_HOWTO_CASE)
def test_role_howto_with_patient_flagged(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize("text", TELL_APART_CALM)
def test_tell_apart_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize(("text", "category"), TELL_APART_CASE)
def test_tell_apart_with_patient_flagged(text: str, category: str) -> None:
    check(text, category)

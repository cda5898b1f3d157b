"""Everyday messages that borrow the words of an emergency, and the emergency told in the
same words.  Each mechanism with a pair (our own wordings): a bruise's colour after a
limb injury is no cyanosis; the 头 of a head movement (转头, 低头) is no head that aches;
a deformed joint named with a long-standing joint disease is no fracture; a numbness
running from the buttock down the leg is sciatica's path, not the saddle; hands only a
little cool in a fever are no sign of sepsis; the 药 of stopping a medicine is no pill gone
missing."""

from __future__ import annotations

import pytest
from redflag_support import flagged

PAIRS = [
    # a bruise's colour on an injured limb / the colour of a face that cannot breathe
    (
        "前天打球膝盖撞到了，现在一大片青紫，还有点肿",
        "孩子吃花生呛到了，咳不出来，整个人青紫",
        "severe_breathlessness",
    ),
    # pain when turning the head is the neck's / a sudden headache with a stiff neck
    (
        "落枕了，脖子僵，转头有点疼",
        "突然头疼得像炸开一样，脖子也硬了",
        "thunderclap_headache",
    ),
    # a joint deformed by a chronic arthritis / a limb bent after a fall
    (
        "我外婆有类风湿很多年了，手指关节变形，最近阴天疼，挂什么科",
        "我外婆刚才在楼梯上摔了，手腕变形了，疼得不敢动",
        "major_trauma",
    ),
    # numbness down the leg with a disc / numbness of the saddle with a bad back
    (
        "腰突，屁股到小腿有点麻，走路还行，大小便都正常",
        "腰疼一个礼拜，今天屁股周围一圈都木了，擦的时候没感觉",
        "cauda_equina",
    ),
    # slightly cool hands in a fever / icy, mottled limbs in a fever
    (
        "儿子三岁发烧38.5，手脚有点凉，在地上玩积木，奶也喝得下",
        "儿子三岁发烧39度，手脚冰凉发花，叫他也不太理人",
        "sepsis",
    ),
    # the rash faded after the medicine was stopped / the pills a toddler got at
    (
        "女儿吃阿莫西林后身上起了些小疹子，停了药就少了，还要复诊吗",
        "两岁女儿翻出我的安眠药，药板上少了好几片",
        "drug_overdose",
    ),
]


@pytest.mark.parametrize(("calm", "urgent", "category"), PAIRS)
def test_the_everyday_message_stays_calm(calm: str, urgent: str, category: str) -> None:
    assert not flagged(calm), (calm, flagged(calm))


@pytest.mark.parametrize(("calm", "urgent", "category"), PAIRS)
def test_the_emergency_in_the_same_words_is_flagged(calm: str, urgent: str, category: str) -> None:
    assert category in flagged(urgent), (urgent, flagged(urgent))

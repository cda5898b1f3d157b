"""Facts a family tells the way families tell them, and signs told across turns.

Each case is an emergency and its look-alike: the same situation with the one detail that
makes it dangerous taken away.
"""

from __future__ import annotations

import pytest

from tests.redflag_support import flagged_case

PAIRS = [
    # a low count of fetal movements told in a later turn, once 胎动 was named (a question
    # how many are normal counts); not before 28 weeks, and not a count that is plenty
    (
        "reduced_fetal_movement",
        ["已经37周了，胎动每天大概要有多少次？", "我今天到傍晚总共就五次"],
        ["怀孕19周，胎动每天大概要有多少次？", "我今天到傍晚总共就五次"],
    ),
    (
        "reduced_fetal_movement",
        ["已经37周了，胎动每天大概要有多少次？", "我今天到傍晚总共就五次"],
        ["已经37周了，胎动每天大概要有多少次？", "我今天到傍晚总共有五十多次"],
    ),
    # the usual liveliness told to compare (平时都踢得很欢) is no sign the quiet is over
    (
        "reduced_fetal_movement",
        "孕35周，今天一上午基本感觉不到宝宝动，往常这时候都动得很欢",
        "孕35周，今天一上午基本感觉不到宝宝动，后来吃了点东西又动得很欢",
    ),
    # a caustic on the hands, then the eye rubbed (the eye named in another turn)
    (
        "eye_injury",
        ["眼睛又红又疼", "刚才手上沾了洁厕灵，没冲干净就揉了"],
        ["手背有点红", "刚才手上沾了洁厕灵，没冲干净就揉了"],
    ),
    (
        "eye_injury",
        ["右眼睁不开，一直流泪", "通下水道手上沾了点烧碱，随手揉了几下"],
        ["右眼睁不开，一直流泪", "通下水道手上沾了点烧碱，马上用水冲掉了"],
    ),
    # another eye said to be fine is no end of the sudden loss in this one
    (
        "sudden_vision_loss",
        "我爸七十了，刚才右眼突然一下什么都看不见了，另外一只眼睛倒没事",
        "我爸七十了，刚才右眼突然一下什么都看不见了，过了一会儿就恢复了",
    ),
    # the weeks of confinement told in a sentence before the baby: the baby is under 3 months
    (
        "infant_fever",
        "我还在坐月子。宝宝今天额头很烫，量了38.4",
        "我还在坐月子。宝宝今天额头很烫，量了36.9",
    ),
    # an age in months and some days, told as a turn of its own
    (
        "infant_fever",
        ["孩子这两天有点吐奶", "他一个月零几天", "现在耳温38.6"],
        ["孩子这两天有点吐奶", "他一岁零几天", "现在耳温38.6"],
    ),
    # a birth certificate still being arranged: a baby only days or weeks old
    (
        "neonatal_danger",
        "出生医学证明还没去办，娃这两天一直不吃奶，软软的",
        "出生医学证明还没去办，娃这两天吃奶挺好，就是有点鼻塞",
    ),
    # the period named by a euphemism (那啥) and months without it
    (
        "ectopic_pregnancy",
        "我老婆那啥快两个月没来了，刚才小肚子一侧疼得站不起来，头晕",
        "我老婆那啥快两个月没来了，想问问去哪个科看",
    ),
    # 肚子头的娃 (southwestern 头 = 里): a pregnancy
    (
        "ruptured_membranes",
        "我老婆肚子头的娃七个多月了，刚才裤子突然湿透了，一直往下流水",
        "我老婆肚子头的娃七个多月了，这两天白带有点多",
    ),
    # years of injections at home (insulin), the injections stopped, drowsy now
    (
        "dka",
        "我妈打了二十几年的针，这两天胃口不好，家里就没让她打了，今天一直昏睡叫不太醒",
        "我妈打了二十几年的针，这两天胃口不好，家里就没让她打了，今天精神还可以",
    ),
]


@pytest.mark.parametrize(("category", "emergency", "lookalike"), PAIRS)
def test_fact_told_the_family_way(category: str, emergency, lookalike) -> None:
    assert category in flagged_case(emergency), emergency
    assert category not in flagged_case(lookalike), lookalike


LATER_PAIRS = [
    # a fast heartbeat told softly (心跳有点快) is still a sign of the blood lost
    ("melaena", "这两天大便发黑，别的还行，就是心跳有点快", "这两天大便发黑，在吃补铁的药，人挺好"),
    # the period so heavy the bed is soaked, and cold hands told softly
    (
        "heavy_vaginal_bleeding",
        "来例假了，量特别猛，褥子都湿了，手脚有点凉",
        "来例假了，量不多，就是晚上热得出汗，褥子都湿了",
    ),
    # a stomach ache, then in the next clause how bad it is (疼得蹲在地上起不来)
    ("acute_abdomen", "我爸胃疼，疼得蹲在地上起不来", "我爸胃疼，吃了两片药好多了"),
    # ... but a stomach ache that is only "bad" is the commonest gastritis complaint
    ("acute_abdomen", "我爸胃疼，疼得蹲在地上起不来", "这几天胃疼得很厉害，吃点什么药好"),
]


@pytest.mark.parametrize(("category", "emergency", "lookalike"), LATER_PAIRS)
def test_sign_told_softly_or_in_the_next_clause(category: str, emergency, lookalike) -> None:
    assert category in flagged_case(emergency), emergency
    assert category not in flagged_case(lookalike), lookalike

"""Emergencies told in the register of voice input, dialect and elderly typing, and
their calm look-alikes (our own wordings, one table per mechanism).

- a bite heard as its homophone (被狗药了, 猫舀破了手);
- a reading said as two neighbouring tens after the hundreds (两百一二十, 一百八九);
- a pregnancy told by its order and its week (头胎32周) is the pregnancy of today, not
  an earlier one;
- the colour of the waters (棕色, 发黑) tells a rupture by itself;
- singed eyebrows or lashes, and a hoarse voice after a gas flash, are a burn of the
  face and airway; a gas word or a hoarse word misspelt (煤汽, 沙亚) is still read;
- a first-aid choice question (先…还是先…) asked by a household that is ill is a report;
- a poison named first and sipped later in the sentence (那瓶农药，他吵完架喝了几口);
- an unsteady stance told softly (站不太稳) is still unsteady;
- a method decided on and pills ready, with low mood told before.
"""

import pytest
from redflag_support import flagged_case

from intents import redflags
from intents.normalize import safety_text


@pytest.mark.parametrize(
    ("case", "category"),
    [
        ("俺孙子刚才被狗药了一口 手背流血了", "animal_bite_rabies"),
        ("隔壁的猫舀破了我的手 出了点血 要打针吗", "animal_bite_rabies"),
        ("我爷爷量的血压一百八九 头痛得厉害 还吐了两次", "hypertensive_emergency"),
        ("我妈血压两百一二十 现在说头疼想吐", "hypertensive_emergency"),
        ("头胎32周 下边一直往外流清水", "ruptured_membranes"),
        ("羊水流出来是咖啡色的", "ruptured_membranes"),
        ("点炉子的时候火窜出来 睫毛都燎了 说话嗓子也哑了", "burns"),
        ("热水器煤汽爆燃 他眉毛烧没了 嗓子沙亚", "burns"),
        ("屋里烧炭取暖 一家人都头疼想吐 先开窗还是先打120", "carbon_monoxide"),
        ("百草枯放在柜子上，我爸刚才想不开喝了几口", "chemical_poisoning"),
        ("我爸七十了 早上起来天旋地转 走路不大稳 吐了两回", "sudden_imbalance"),
        (["最近心情低落", "办法我都想好了，药也买好了"], "suicide_self_harm"),
    ],
)
def test_voice_register_emergencies(case, category):
    assert category in flagged_case(case), (case, flagged_case(case))


@pytest.mark.parametrize(
    "case",
    [
        "给狗喂药了以后它一直睡觉",
        "体重一百八九十斤 想减肥挂什么科",
        "头胎的时候也是这个月份开始腿抽筋",
        "羊水穿刺的结果什么时候能出来",
        "这事火烧眉毛了 我的体检报告到底什么时候出",
        "修眉毛的时候把眉毛剃掉了一块",
        "煤气中毒了应该先开窗还是先打120",
        "腿有点软 站不太稳 是不是缺钙",
        "手术方案我想好怎么做了，术前的药也准备好了",
    ],
)
def test_their_look_alikes_stay_calm(case):
    assert not flagged_case(case), (case, flagged_case(case))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("那瓶敌敌畏，他跟人吵完架喝了几口", True),
        ("除草剂，他吵架喝了一口，后来又喝了几口水漱口", True),
        ("农药放在柜子上，我口渴喝了一口水", False),
        ("杀虫剂搁在窗台上，孩子刚才喝了几口牛奶", False),
    ],
)
def test_a_poison_named_first_and_sipped_later(text, expected):
    """The rules themselves: a sip of water or milk is no sip of the poison named before."""
    got = {f.category for f in redflags.assess(safety_text(text)).flags}
    assert ("chemical_poisoning" in got) is expected, (text, got)

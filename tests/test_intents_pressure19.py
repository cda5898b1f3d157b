"""A high pressure or sugar told in words, and a belly pain placed after it is told.

- A blood pressure told high in words, no reading (血压很高, 血压好高, 血压高得很, 血压老高了:
  ``bp_high_said``), is a hypertensive emergency with a sign of an organ under strain now
  (``bp_organ_sign``: chest pain or tightness, breathlessness, confusion, slurred speech, one
  side numb or weak, sight blurred), and with a headache, dizziness or nausea of now (how high
  is not told, and independent writers of held-out cases read 血压很高，头疼 as the category's
  ≥180/120 with a headache).  Chest pain told as 胸疼 is a symptom of a reading in the crisis
  range too (``bp_symptom``).
- Known high pressure (我爸血压高) with a confusion told with its moment (现在说话有点糊涂:
  ``bp_mind_now``), or with chest pain and breathlessness together, one word a turn or not.
- A high reading of an earlier day (前天血压190) followed by a reading of now in the ordinary
  range (今天血压140/85) is over: the latest reading counts (``_pressure_of_a_past_day``).
- A sugar told high in words (我血糖好高) is ``glucose_high``: with vomiting, drowsiness or a
  belly pain the ketoacidosis of the dka advice.  血躺/血搪 are typos of 血糖 (not 流血躺在地上).
- A belly pain placed in the right lower belly in the next clause (肚子疼了一天了，右下边) is
  ``rlq_pain_told_first``: with a fever or vomiting an appendicitis.

Sentences written for this file, from clinical knowledge."""

from __future__ import annotations

import pytest
from redflag_support import flagged_case

HYPERTENSIVE = [
    "血压很高还胸疼，怎么办？",
    "我妈血压好高，胸口闷得慌",
    "俺爹血压高得很，喘不上气来",
    "奶奶血压爆表了，说话开始糊涂",
    "老公血压特别高，看东西模糊",
    "血压高得很，心口疼，出不来气",
    "我爸血压高，现在说话有点糊涂",
    "外公有高血压，今天突然胡言乱语",
    "我妈血压一直高，刚才认不出人了",
    "爷爷有高血压，这会儿说话颠三倒四",
    ["我爸血压高", "胸疼", "喘"],
    ["我妈有高血压", "胸口疼", "喘不上气"],
    "我爸血压高，胸口疼，还喘不上气",
    ["老公血压一直偏高", "刚才说胸闷", "气短"],
    "血压好高 头疼",
    "血压很高，有点头晕",
    "俺血压高得很，头疼",
]

HYPERTENSIVE_CALM = [
    "我血压好高，想开点降压药",
    "血压很高怎么降下来",
    "我爸血压高，有点头疼",
    "奶奶老年痴呆好几年了，说话糊里糊涂，血压高",
    "我爸血压高，平时有点健忘",
    "高血压的人胸口疼是怎么回事",
    "我妈高血压十几年了，吃着药，控制得挺好",
    "前天血压190去急诊降下来了，调整了药，今天血压140/85",
    "昨天血压200，在急诊打了针，今天量了血压138/82，还要加药吗",
]

# a high reading of an earlier day and a crisis still told today: not over
PRESSURE_STILL_HIGH = [
    "昨天血压200，今天血压185，头疼",
    "前天血压190，今天头疼得厉害，血压还是180",
    "血压190，吃了药现在血压150，胸口疼",
]

DKA = [
    "我血糖好高 吐了 没力气",
    "血躺很高 吐了",
    "我血躺18，吐了两次",
    "我血糖特别高，一直吐，想睡觉",
    "俺血糖老高了，今天吐了两回",
    "血搪很高，肚子疼",
    "我妈血糖太高了，吐了好几次",
]

DKA_CALM = [
    "血糖高吃什么好",
    "我血糖有点高，体检查出来的",
    "去年血糖很高住过院，现在控制得很好",
    "流血躺在地上",
    "他出血躺着不动",
]

ABDOMEN = [
    "肚子疼了一天了，右下边，有点发烧，走路有点疼，是不是吃坏了，吃点药就好吧",
    "孩子肚子疼了半天，右下面，发烧38度",
    "肚子痛了一晚上，右下边，还吐了一次",
    "我肚子疼，右下角那里，低烧，走路一颠就疼",
]

ABDOMEN_CALM = [
    "右下腹隐隐有点疼，不发烧，好几个月了",
    "肚子有点疼，右下边，一会儿就好了，不发烧",
]


@pytest.mark.parametrize("case", HYPERTENSIVE)
def test_high_pressure_with_an_organ_sign_is_an_emergency(case) -> None:
    assert "hypertensive_emergency" in flagged_case(case), case


@pytest.mark.parametrize("case", HYPERTENSIVE_CALM)
def test_high_pressure_without_an_organ_sign_stays_calm(case) -> None:
    assert not flagged_case(case), case


@pytest.mark.parametrize("case", PRESSURE_STILL_HIGH)
def test_a_crisis_still_told_today_is_not_over(case) -> None:
    assert "hypertensive_emergency" in flagged_case(case), case


@pytest.mark.parametrize("case", DKA)
def test_a_sugar_told_high_in_words_with_vomiting_is_dka(case) -> None:
    assert "dka" in flagged_case(case), case


@pytest.mark.parametrize("case", DKA_CALM)
def test_a_sugar_look_alike_stays_calm(case) -> None:
    assert not flagged_case(case), case


@pytest.mark.parametrize("case", ABDOMEN)
def test_right_lower_belly_told_after_the_pain_is_an_acute_abdomen(case) -> None:
    assert "acute_abdomen" in flagged_case(case), case


@pytest.mark.parametrize("case", ABDOMEN_CALM)
def test_a_mild_or_long_right_lower_pain_stays_calm(case) -> None:
    assert not flagged_case(case), case

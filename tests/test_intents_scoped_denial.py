"""What a message's other words reach: a question about a clinic's hours after a report
told from a moment of today is no how-to question, a later clause that says a sign no longer is (不麻了) ends it, and saddle numbness or
incontinence told as 没有感觉 / 控制不住.  Each mechanism has an emergency it must let
through and a look-alike it must keep calm (sentences written for this file)."""

import pytest
from redflag_support import flagged

REPORTS = [
    # an event told from a moment of today, then a question about a clinic's hours
    ("animal_bite_rabies", "此刻手背上被流浪猫抓出三道血口子，在渗血，请问疫苗门诊几点开门"),
    # saddle numbness told as 没有感觉, incontinence as 控制不住
    ("cauda_equina", "腰扭了好几天，今天发现屁股没有感觉了"),
    ("cauda_equina", "腰痛了半个月，昨天开始大便控制不住了"),
    # a sign that stopped, then a different sign told as present
    ("stroke", "刚才左手发麻，现在也不麻了，可是说话不利索，嘴角歪了"),
]

LOOKALIKES = [
    # a first-aid question about no one in particular, an onset word only in hearsay
    "被狗咬伤出血了怎么处理，狂犬疫苗门诊几点开门",
    "听说突然被狗咬伤要马上冲洗，那狂犬疫苗门诊几点开门",
    # 麻了一下, then 不麻了: over, told in a later clause
    "刚才切菜时左手突然麻了一下，很快就不麻了，现在拿东西都正常",
    # incontinence denied
    "腰有点酸，大便正常，小便也没有控制不住",
]


@pytest.mark.parametrize("category,text", REPORTS)
def test_report_is_flagged(category, text):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalike_stays_calm(text):
    assert not flagged(text), text


def test_a_question_or_a_verb_is_no_stop():
    """不麻了吗 asks, 看不清了 is worse: neither ends the sign."""
    assert "stroke" in flagged("刚才右边手脚突然没劲还发麻，说话也含糊了，现在还不麻了吗")
    assert flagged("眼睛被烟花崩了一下，现在越来越看不清了")

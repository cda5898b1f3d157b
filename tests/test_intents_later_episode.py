"""A danger told now inside a story of history, partial improvement or errands: what a
past-time word, a hypothetical, an outcome or a clinic's name reaches over, and what
it does not.  Each mechanism has an emergency it must let through and a look-alike it
must still set aside (sentences written for this file)."""

import pytest
from redflag_support import flagged

from intents.normalize import safety_text
from intents.redflags import assess, model_allowed, stated

REPORTS = [
    # 当时 … then the story moves on to a later moment (到晚上, 后来) or to a worsening
    (
        "major_trauma",
        "下午被电瓶车撞了一下，当时觉得没什么就去上班了，到晚上肚子越来越疼，脸发白，站起来就头晕",
    ),
    # an outcome with a part (止住了一些): better, not over
    ("major_trauma", "我老公被人用刀扎了肚子，血止住了一些，可肚子越来越胀，人直冒冷汗"),
    # a purpose word (预防) closed in an earlier clause, today's episode told after it
    ("acute_glaucoma", "前年右眼做过激光预防青光眼，今天左眼突然胀痛，看灯有彩色的圈，还吐了"),
    # 过去 as "went over there", not "in the past"
    ("unconsciousness", "这几天天太热，今天我过去发现姥爷倒在屋里，身上滚烫，怎么叫都不醒"),
    # the bleeding stopped, the bite is not undone
    ("animal_bite_rabies", "被邻居家的猫挠了一道，血也止住了，伤口挺深"),
    # a clinic named after the report does not hide the report
    ("snake_bite", "我刚被蛇咬了，小腿肿得发亮，蛇伤门诊在哪"),
    # 有了两个来月: an approximate month count of a pregnancy
    ("pregnancy_bleeding", "我老婆有了两个来月，小肚子一侧剧痛，还见红了，脸色发白"),
]

LOOKALIKES = [
    "去年摔过一跤，当时头疼了几天，后来就好了",
    "手上划了个小口子，血已经止住了，贴了创可贴",
    "为了预防青光眼，要不要定期查眼压",
    "姥爷过去中暑过一次，现在天热了要注意什么",
    "蛇伤门诊在哪里挂号？我上周被蛇咬了已经治好了，来复查",
    "被狗咬了一口，已经打了狂犬疫苗，伤口也好了",
    "看了新闻有人在河里溺水，暑假要怎么教育孩子",
    "病房的呼叫按钮没反应了，找谁",
]


@pytest.mark.parametrize("category,text", REPORTS)
def test_later_episode_is_reported(category, text):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalike_stays_calm(text):
    assert not flagged(text), text


def test_sign_told_after_a_history_is_not_set_aside():
    """A history or question about the same category does not set aside the classifier's
    verdict when a sign of the category holds in a later sentence."""
    later = assess(safety_text("腰椎间盘突出复发了，腰疼，吃什么药好。今天屁股周围发麻"))
    assert not later.set_aside("cauda_equina")
    same = assess(safety_text("腰椎间盘突出复发了，腰疼，屁股周围发麻，吃什么药好"))
    assert same.set_aside("cauda_equina")


def test_glucose_control_says_diabetic():
    """血糖一直控制得不错 tells a diabetic patient: the DKA fact gate opens."""
    text = safety_text("我血糖一直控制得不错，今天一直吐，喘得厉害")
    assert "diabetic" in stated(text)
    assert model_allowed("dka", assess(text))
    assert "diabetic" not in stated(safety_text("体检查了血糖，正常"))

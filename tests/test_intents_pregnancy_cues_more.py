"""More facts told by cues, and signs told in lay words: the child carried and its months
(揣孩子七个来月), the last antenatal visit (上回产检), a placenta's place found in pregnancy
(胎盘低置), a woman and the child she carries however it is written after (我爱人怀的…), a
baby just found by a test, fluid taken for discharge or urine, a cord-like thing felt
below, a push on the belly with no answer; a diabetic crisis told by thirst and water by
the bottle, by a reading told again for this time (这回…), and a habit told before today's
signs in a message without commas.  For each mechanism an emergency that must be flagged
and a look-alike that must not; our own wordings, not taken from any evaluation set."""

import pytest
from redflag_support import flagged
from redflag_support import pregnancy_read as _pregnant

from intents.ages import pregnancy_implied, pregnancy_weeks
from intents.normalize import safety_text


# ---------------------------------------------------------------- pregnancy facts
def test_the_child_carried_and_its_months() -> None:
    weeks = pregnancy_weeks(safety_text("我嫂子揣孩子七个来月了，这两天眼睛发花"))
    assert weeks is not None and 28 <= weeks <= 33


def test_a_baby_of_months_is_no_pregnancy() -> None:
    assert pregnancy_weeks(safety_text("我家娃七个多月了，这两天拉肚子")) is None


@pytest.mark.parametrize(
    "text",
    [
        "上回产检说血压偏高，这会儿后脑勺疼得厉害",  # the last visit of this pregnancy
        "医生说我是胎盘低置，今天下面出了不少血",  # a placenta found low
        "我爱人怀的是第三个，今天脚肿得鞋都穿不上",  # the child she carries
        "我老婆怀的老二，过几天就要生了，今天头晕眼花",  # a birth to come
        "我姐有宝宝了才测出来，今天肚子疼还见了点血",  # a baby just found
    ],
)
def test_a_pregnancy_told_by_a_cue(text: str) -> None:
    assert pregnancy_implied(safety_text(text)) is not None or _pregnant(text)
    assert _pregnant(text)


@pytest.mark.parametrize(
    "text",
    [
        "上次怀孕的时候血压偏高，现在孩子五岁了",  # an earlier pregnancy
        "我老婆怀的老大，今年都上初中了",  # a child born since
        "我爱人怀的时候血压高过",  # a moment of an earlier pregnancy
        "我哥有孩子了才查出来有高血压",  # a disease found, not a baby
    ],
)
def test_no_pregnancy_now_from_a_look_alike(text: str) -> None:
    assert not _pregnant(text)


# ---------------------------------------------------------------- pregnancy emergencies
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("我嫂子揣孩子七个来月了，这两天头痛，看东西一闪一闪的", "preeclampsia"),
        ("上次产检血压就偏高，今天头疼得睡不着，量了170/115", "preeclampsia"),
        ("医生说是胎盘低置，今天下面又见红了，比上回多", "pregnancy_bleeding"),
        ("三十一周，早上湿了一片以为是白带，刚才又开始一点点往外渗", "ruptured_membranes"),
        ("下面突然哗地出了好多水，又摸到一根像带子一样的东西露在外面", "ruptured_membranes"),
        ("三十六周了，平时这个点特别闹腾，今天拍拍肚子也没反应", "reduced_fetal_movement"),
    ],
)
def test_a_pregnancy_emergency_told_by_cues_is_flagged(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "我家娃七个多月了，今天有点咳嗽",  # a baby's age, not a pregnancy
        "上回产检一切正常，想问下次什么时候去",  # the last visit, nothing wrong
        "我妈六十多了，下面有个肉球掉出来，咳嗽时还漏尿",  # a prolapse in an old woman
    ],
)
def test_a_pregnancy_look_alike_stays_calm(text: str) -> None:
    assert not flagged(text)


# ---------------------------------------------------------------- diabetic crisis
@pytest.mark.parametrize(
    "text",
    [
        "儿子这阵子总嚷着渴，一天要喝四五瓶水，今天吐了两回，肚子疼，呼吸又粗又快",
        "外甥女十岁最近瘦得很快总是喝水今天下午开始吐还说肚子疼喘气很重",
        "以前血糖也有过二十几，喝水就降了，这回二十九点多，吐了，肚子疼",
    ],
)
def test_a_diabetic_crisis_told_by_lay_signs_is_flagged(text: str) -> None:
    assert "dka" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "孩子玩了一下午，回来一口气喝了两瓶水，精神挺好",  # thirst after play
        "以前血糖二十多，这回复查是六点多，想问还要吃药吗",  # a reading now normal
    ],
)
def test_a_diabetic_look_alike_stays_calm(text: str) -> None:
    assert "dka" not in flagged(text)

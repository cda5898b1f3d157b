"""Signs told the way people speak them, often spread over a conversation: a baby's age
given with a pronoun in a later turn, the last period dated a month and more ago, pills
swallowed by the handful, a belly that hurts more when the hand lets go, a day of field
work before a hot and barely answering man, a fast pulse with black stools, too few
kicks counted, pain that "has not passed", a faint told as "then I knew nothing", and a
refusal (不让碰) that is no denial — each with look-alikes that must stay calm."""

import pytest

from intents.ages import infant_age_days
from intents.normalize import safety_text
from intents.redflags import check
from tests.redflag_support import emergency, flagged


def _conversation(*turns: str) -> list[str]:
    return flagged(turns[-1], history=list(turns[:-1]))


# ---------------------------------------------------------------- age told with a pronoun
@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("女儿拉肚子，她才5周", 35.0),
        ("小孩鼻塞，他刚满8周", 56.0),
        ("宝宝吐奶，她还不到2个月", 59.8),
    ],
)
def test_a_pronoun_with_an_age_word_gives_the_babys_age(text: str, days: float) -> None:
    assert infant_age_days(text) == pytest.approx(days, abs=0.5)


@pytest.mark.parametrize(
    "text",
    [
        "儿子咳嗽，他已经咳了2周",  # a duration
        "宝宝发烧，他3天了",  # a duration without an age word
        "孩子发烧，她才6岁",  # years
    ],
)
def test_a_pronoun_with_a_duration_is_no_age(text: str) -> None:
    assert infant_age_days(text) is None


def test_a_fever_in_a_baby_whose_age_comes_later_with_a_pronoun() -> None:
    got = _conversation("孩子身上烫烫的", "刚测腋温38.2，她才6周大")
    assert "infant_fever" in got


def test_a_fever_in_an_older_child_told_the_same_way_is_no_infant_fever() -> None:
    assert "infant_fever" not in _conversation("孩子身上烫烫的", "刚测腋温38.2，她才6岁")


# ---------------------------------------------------------------- last period long ago
def test_a_last_period_dated_over_a_month_ago_is_a_missed_period() -> None:
    assert "ectopic_pregnancy" in flagged(
        "上次来例假是两个多月前，今天小肚子左边一直疼，站起来头发晕"
    )


def test_a_last_period_dated_long_ago_alone_is_calm() -> None:
    assert not emergency("上次月经是两个月前，想问经期能不能吃布洛芬")


# ---------------------------------------------------------------- swallowed by the handful
@pytest.mark.parametrize(
    "text",
    ["他把抽屉里的安眠药全吞了", "我妈刚吞了一大把降压药", "她把所有的药片都吞了，叫不太醒"],
)
def test_pills_swallowed_all_at_once_are_an_overdose(text: str) -> None:
    assert emergency(text)


@pytest.mark.parametrize(
    "text",
    ["药片太大吞不下去，能掰开吗", "每天要吃一大把药，能不能减量", "胶囊能不能拆开吃"],
)
def test_talk_of_swallowing_pills_is_calm(text: str) -> None:
    assert not emergency(text)


# ---------------------------------------------------------------- rebound tenderness
@pytest.mark.parametrize(
    "text", ["肚子按下去还好，一松手更疼，还发烧", "右边肚子压下去再松开疼得直叫"]
)
def test_pain_on_letting_go_is_a_peritoneal_sign(text: str) -> None:
    assert emergency(text)


@pytest.mark.parametrize("text", ["腰按下去松开就不疼了", "按摩完肩膀松开了，舒服多了"])
def test_pressing_without_pain_on_release_is_calm(text: str) -> None:
    assert not emergency(text)


# ---------------------------------------------------------------- field work in the heat
def test_a_day_of_field_work_then_hot_and_barely_answering_is_heat_stroke() -> None:
    assert "heat_stroke" in flagged("今天在田里插了一天秧，我爸回来叫他不太应，身上滚烫")


def test_a_day_of_field_work_with_aches_is_calm() -> None:
    assert not emergency("下地干了一天活，腰有点酸，贴膏药行吗")


# ---------------------------------------------------------------- pulse with black stools
def test_black_stools_with_a_fast_pulse_are_a_bleed() -> None:
    assert "melaena" in flagged("拉的大便黑乎乎的，心率一百一，腿发软")


@pytest.mark.parametrize(
    "text", ["吃了黑芝麻糊大便有点黑，心率75，人挺好", "跑完步心跳110，正常吗"]
)
def test_a_pulse_without_a_bleed_or_a_calm_pulse_is_no_bleed(text: str) -> None:
    assert "melaena" not in flagged(text)


# ---------------------------------------------------------------- kicks counted
def test_too_few_kicks_counted_over_hours() -> None:
    assert "reduced_fetal_movement" in flagged("怀孕35周，数了一个多小时才2下")


def test_plenty_of_kicks_counted_is_no_rule_finding() -> None:
    # the rules only (the classifier's verdict on counted kicks is a near-miss matter)
    assert not check(safety_text("怀孕35周，数了两个小时动了二十多下，正常吧"))
    assert not check(safety_text("孕36周，一个小时数了十二下"))


# ---------------------------------------------------------------- pain that has not passed
def test_pain_that_has_not_passed_is_going_on_not_history() -> None:
    assert emergency("可能是累的吧，胸口有点压着，四十分钟了还没过去，左胳膊也发麻，出了点汗")


def test_pain_long_past_is_history() -> None:
    assert not emergency("过去一年胸口偶尔刺一下，几秒就好，想做个体检")


# ---------------------------------------------------------------- a faint in lay words
@pytest.mark.parametrize(
    "text", ["打篮球冲刺的时候眼前一黑就不知道了", "长跑的时候摔倒了，一会儿才醒"]
)
def test_knowing_nothing_after_the_eyes_went_dark_is_a_faint(text: str) -> None:
    assert emergency(text)


@pytest.mark.parametrize("text", ["那个药叫什么名字我就不知道了", "跑完步腿酸，倒下就睡着了"])
def test_not_knowing_is_no_faint(text: str) -> None:
    assert not emergency(text)


# ---------------------------------------------------------------- a refusal is no denial
def test_a_refusal_in_a_late_turn_does_not_deny_the_signs() -> None:
    got = _conversation("孩子吐了两回", "你问烧不烧？烧到39.6", "喊头疼，脖子不让碰，怕光")
    assert got


@pytest.mark.parametrize("text", ["孩子头上没碰到，就是有点晕车", "孩子不让碰他的玩具，一直发脾气"])
def test_a_refusal_or_a_real_denial_is_calm(text: str) -> None:
    assert not emergency(text)


# ---------------------------------------------------------------- a reading with 多
def test_a_pressure_reading_told_as_over_two_hundred_is_a_crisis() -> None:
    assert emergency("爷爷降压药断了几天，早上头晕想吐，刚量了210多")


@pytest.mark.parametrize("text", ["今天称体重，量了200多斤，头有点晕", "量了血压130多，头有点晕"])
def test_a_weight_or_a_normal_reading_is_no_crisis(text: str) -> None:
    assert "hypertensive_emergency" not in flagged(text)


# ---------------------------------------------------------------- about to fall on standing
def test_a_fever_with_falling_on_standing_is_sepsis() -> None:
    assert "sepsis" in flagged("老爸发烧39.8，一站起来就眼前发晕要倒")


@pytest.mark.parametrize(
    "text", ["发烧38.3，起床的时候有点头晕", "昨天发烧了，今天退了，站起来还有点晕"]
)
def test_a_fever_with_a_little_dizziness_is_no_sepsis(text: str) -> None:
    assert "sepsis" not in flagged(text)


# ---------------------------------------------------------------- urine held for a day
def test_urine_held_in_for_hours_is_retention() -> None:
    assert emergency("我爸尿憋了大半天，小肚子胀得鼓鼓的")


@pytest.mark.parametrize("text", ["尿憋不住好几天了，老漏", "晚上尿憋醒两次，白天还好"])
def test_urgency_or_leaking_is_no_retention(text: str) -> None:
    assert not emergency(text)

"""Readings of the red-flag rules that a careless reading gets wrong both ways.

Each table pairs emergencies with look-alikes for one mechanism: a lay person's bare
verdict (…，她婆婆说没事) after a sign is that person's reading, not the sign's end; a
clock hour in Chinese numerals after a part of the day (早上七点…晚上九点) makes a span of
hours; an oximeter named by its device (脉氧仪, 指夹) gives a saturation; strong magnets
(强磁, 钕铁硼) are swallowed magnets, a strong magnetic field is not; a bone told by what it
did (卡了刺) is a fish bone; a bleeding whose clause names another site (鼻子, 牙龈) is no
bleeding in pregnancy; a condition named as a risk (子痫前期高危) is a risk; a treatment or
its cost asked of a bare condition (…要做高压氧吗, …住院的费用) is information; and a
doctor's verdict followed by "today the child is well" (今天精神很好) keeps the episode
over.  Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged

from intents.normalize import safety_text
from intents.redflags import assess


def rules(text: str) -> list[str]:
    """The categories the catalogue's rules alone raise for ``text``."""
    return [f.category for f in assess(safety_text(text), {}).flags]


# ------------------------------------------------ a lay person's bare verdict
LAY_VERDICT_BUT_THERE = [
    ("儿子十三岁，半夜被蛋疼醒了，疼得直冒汗，他爸说是着凉，没事", "testicular_torsion"),
    ("老婆怀孕三十二周，刚才下面出了不少血，岳母说头胎都这样，没事", "pregnancy_bleeding"),
]
TOLD_OVER = [
    "爸爸刚才突然眼前发黑差点晕倒，歇了一会儿，他说已经没事了",
]


@pytest.mark.parametrize("text,category", LAY_VERDICT_BUT_THERE)
def test_a_lay_verdict_after_the_sign_does_not_end_it(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", TOLD_OVER)
def test_a_change_told_by_the_patient_still_ends_it(text):
    assert not flagged(text), text


# ------------------------------------------------ readings: clock hours, oximeters
def test_a_clock_span_in_chinese_numerals_is_hours():
    assert "acute_urinary_retention" in rules("早上七点到晚上七点没尿，小肚子胀")


def test_a_bit_is_no_clock_hour():
    # 一点 after 现在 is "at all", not one o'clock: no span is read
    assert rules("早上吃了药，现在一点也不胀了") == []


def test_an_oximeter_named_by_its_device_gives_the_saturation():
    assert "severe_breathlessness" in flagged("我妈脉氧仪上显示八十四")
    assert not flagged("脉氧仪显示97，正常吗")


# ------------------------------------------------ swallowed things
def test_strong_magnets_are_magnets():
    assert "button_battery" in rules("孩子吞了三颗强磁")
    assert not flagged("做核磁共振的房间有强磁场，孩子能进去吗")


def test_a_bone_told_by_what_it_did_is_a_fish_bone():
    assert "button_battery" in rules("吃鱼卡了根刺，一天了，咽口水都疼")
    assert not flagged("吃鱼卡了刺，喝了口水就下去了，现在不疼了")


# ------------------------------------------------ bleeding at another site in pregnancy
def test_a_bleeding_at_another_site_is_no_pregnancy_bleeding():
    assert "pregnancy_bleeding" in flagged("孕三十四周，刷牙的时候发现内裤上有血")
    assert not flagged("怀孕二十六周，鼻子流了点血，别的没什么")


# ------------------------------------------------ a risk, a treatment or a cost asked
def test_a_condition_named_as_a_risk_is_no_sign():
    assert "preeclampsia" in flagged("孕三十三周，我是子痫前期高危，今天头疼得厉害，眼前冒金星")
    assert not flagged("子痫前期高风险的孕妇平时要注意什么")


def test_a_treatment_asked_of_a_bare_condition_is_information():
    assert "carbon_monoxide" in flagged("我老公煤气中毒要做高压氧吗")
    assert not flagged("煤气中毒一般需要做高压氧吗")


def test_a_cost_asked_of_a_bare_condition_is_information():
    assert "pregnancy_bleeding" in flagged("怀孕二十八周出血了，住院的费用多少")
    assert not flagged("孕期见红住院的费用能报销吗")


# ------------------------------------------------ well today after the doctor's verdict
def test_well_today_after_a_doctors_verdict_keeps_it_over():
    assert "seizure" in flagged(
        "宝宝昨天抽了一次，医生说是高热惊厥，今天精神很好，可刚才又抽起来了"
    )
    assert not flagged(
        "女儿前天高热惊厥了一回，当天去医院看了，医生说是单纯型的，今天人挺好，要复查吗"
    )

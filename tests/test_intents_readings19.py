"""Readings and signs told in passing, next to the calm messages worded like them.
Readings covered:

- a high sugar told after a comma as a spoken range in tens (血糖有点高，三十几 / 二十多 /
  30多) is read at its lower end; insulin missed told beside the sugar (血糖高…这两天没打针),
  however far apart in the sentence, is a diabetic's missed insulin.
- sugar readings listed by the count of the test (一次二点六一次二点三, 一回2.8一回3.0):
  the 一 of 一次 is no digit of the decimal before it, and each reading after its
  一次/一回 is read; buying test strips (开点血糖试纸) tells home monitoring.
- green waters leaking (流出来的水发绿, 下面漏水黄绿色): meconium-stained waters, late
  pregnancy and an emergency in themselves; not green discharge from the ear, a wound,
  a vaginitis (白带发绿) or a baby's watery stool.
- a pregnancy of unknown weeks with belly pain on one side (怀孕了，肚子有点疼，一边的), even
  told as mild or normal, is an ectopic until a scan says otherwise (NICE NG126); not
  when the scan has shown it in the womb (b超看到在宫内), the weeks told are late (孕30周),
  or the pain is long gone.

Sentences written for this file."""

import pytest
from redflag_support import flagged

HIGH_SUGAR_RANGE = [
    "血糖有点高，三十几，可能是这两天没打针的原因，有点恶心肚子疼，明天再去开药行吗",
    "我爸血糖挺高的，二十几，一直想吐",
    "血糖高，30几，肚子疼得不想动",
    "老公血糖不太好，二十多，今天吐了两次",
    "血糖偏高，三十多，人有点迷糊想睡",
    "血糖老高了，这几天忘了打针，吐了两回",
    "这两天没打针，血糖二十多，肚子疼",
    "我妈这两天没打针，血糖测不出来，有点迷糊",
]
HIGH_SUGAR_CALM = [
    "血糖有点高，三十几，想问问挂什么科",
    "血糖十几，有点恶心",
    "孩子这两天没打针，发烧了，有点吐",
    "血糖有点高，七点几，想开点药",
]

LOW_SUGAR_LISTED = [
    "想给我妈开点血糖试纸，她今天测了两次血糖一次二点六一次二点三，出汗手抖，吃了饼干也没好多少",
    "血糖一次二点八一次三点一，手抖出汗",
    "测了两回血糖，一回2.8一回3.0，心慌出汗",
    "我爸今天血糖测了三次，一次3.2一次2.9，浑身冒冷汗",
    "血糖试纸测了两次，一次二点五一次二点七，手一直抖",
    "奶奶血糖第一次二点九，第二次二点六，人有点糊涂",
]
LOW_SUGAR_CALM = [
    "血糖测了两次，一次五点六一次六点一，想问问正常吗",
    "想开点血糖试纸，我妈血糖一直挺稳的",
    "体温一次三十八点五一次三十七点八，想问问挂什么科",
]

GREEN_WATERS = [
    "破了一点点吧，流出来的水有点发绿，量不多，我想等老公下班再说",
    "下面流水了，颜色有点绿，不多",
    "流出来的水黄绿色的，肚子还不怎么疼",
    "裤子湿了，流的水是绿色的，想等明天产检再问",
    "今早起来下面漏了点水，发绿，明天再去行吗",
    "老婆下面一直在流水，水有点绿，她说不疼",
]
GREEN_WATERS_CALM = [
    "白带发绿有异味",
    "宝宝拉的水样便发绿",
    "耳朵流出来的水有点发绿",
    "伤口流出来的水发绿",
    "喝的水有点绿",
]

ONE_SIDE_PAIN = [
    "怀孕了，肚子有点疼，一边的，可能是正常现象吧，不想大惊小怪",
    "验孕两条杠，左下腹有点隐隐的疼，应该没事吧",
    "刚知道怀孕，右边小肚子有点疼，是不是正常的",
    "怀孕了，肚子一侧有点疼，不想大惊小怪",
    "我老婆怀孕了，说肚子疼，在右边",
    "怀孕两个月，肚子一侧隐隐作痛",
    "月经推迟了十天，测了怀孕，左边小肚子有点疼",
    "怀孕了，b超还没看到在宫内，肚子一边疼",
]
ONE_SIDE_PAIN_CALM = [
    "怀孕了，b超看到在宫内，肚子一边有点疼",
    "怀孕了，医生说确定是宫内的，左边肚子有点疼",
    "怀孕30周了，小肚子右边有点疼",
    "怀孕七个月，肚子一边有点疼",
    "怀孕了，前几天左边肚子疼了一下，早就不疼了",
]


@pytest.mark.parametrize("text", HIGH_SUGAR_RANGE)
def test_high_sugar_told_as_a_range_is_ketoacidosis(text: str) -> None:
    assert "dka" in flagged(text), text


@pytest.mark.parametrize("text", HIGH_SUGAR_CALM)
def test_high_sugar_look_alikes_stay_calm(text: str) -> None:
    assert not flagged(text), text


@pytest.mark.parametrize("text", LOW_SUGAR_LISTED)
def test_low_readings_listed_per_test_are_hypoglycaemia(text: str) -> None:
    assert "hypoglycaemia" in flagged(text), text


@pytest.mark.parametrize("text", LOW_SUGAR_CALM)
def test_normal_readings_listed_stay_calm(text: str) -> None:
    assert not flagged(text), text


@pytest.mark.parametrize("text", GREEN_WATERS)
def test_green_waters_are_ruptured_membranes(text: str) -> None:
    assert "ruptured_membranes" in flagged(text), text


@pytest.mark.parametrize("text", GREEN_WATERS_CALM)
def test_green_discharge_elsewhere_stays_calm(text: str) -> None:
    assert not flagged(text), text


@pytest.mark.parametrize("text", ONE_SIDE_PAIN)
def test_one_sided_pain_in_early_pregnancy_is_ectopic(text: str) -> None:
    assert "ectopic_pregnancy" in flagged(text), text


@pytest.mark.parametrize("text", ONE_SIDE_PAIN_CALM)
def test_one_sided_pain_with_scan_late_weeks_or_gone_stays_calm(text: str) -> None:
    assert "ectopic_pregnancy" not in flagged(text), text

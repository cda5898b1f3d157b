"""A doctor's word that names a danger confirms the emergency (intents/knowledge/red_flags.yml,
doctor_open): "医生说是中风" used to read as a verdict that closed the episode, the way
"医生说是肋间神经痛" does, so a stroke, an ectopic pregnancy or a meningitis a doctor had
just named was set aside as over. A diagnosis of a danger told of today now leaves the
sign open; one denied or ruled out (说是面瘫不是中风, 排除了) still closes it, and a visit
to the emergency room that found something benign (去急诊看说是面瘫) is a verdict too.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check, emergency

NAMED_TODAY = [
    "我妈今天突然嘴歪了，医生说是中风",
    "我妈今天突然嘴歪了，去急诊看说是中风",
    "我老婆肚子疼出血，医生说是宫外孕",
    "孩子发烧脖子硬，社区医生说像脑膜炎",
    "刚才我爸突然说不出话，诊所医生说是脑梗，让赶紧去大医院",
    "我爸胸口疼，医生说是心梗，让马上住院",
]

RULED_OUT_OR_PAST = [
    "前两天嘴有点歪，去急诊看说是面瘫不是中风，做了核磁排除了",
    "上个月胸口疼，医生说是肋间神经痛，已经好了",
    "上周突然一侧脸动不了，去医院看了说是面神经炎，在吃药",
    "前天晕了一下，去急诊查了说是低血糖，现在好好的",
]


@pytest.mark.parametrize("text", NAMED_TODAY)
def test_a_danger_a_doctor_names_today_is_an_emergency(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", RULED_OUT_OR_PAST)
def test_a_danger_ruled_out_or_a_benign_verdict_stays_calm(text: str) -> None:
    check(text, None)

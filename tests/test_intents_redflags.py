import pytest

import intents


def triage(text, **ctx):
    return intents.parse(text, ctx or None)["triage"]


EMERGENCIES = {
    "chest pain": "胸口剧痛，左边胳膊也疼，出冷汗",
    "chest pressure + sweat": "胸口像压了块石头，一直出汗",
    "stroke": "老公突然口角歪斜，一边手脚没劲",
    "slurred speech": "我爸刚才突然说话不清楚了",
    "breathing": "喘不上气，说话都困难",
    "cyanosis": "孩子嘴唇发紫",
    "choking": "孩子吃果冻卡在喉咙里了",
    "bleeding": "手被刀割了个大口子，血一直流",
    "unconscious": "我妈突然晕倒了叫不醒",
    "seizure": "全身抽搐，口吐白沫",
    "suicide": "我想自杀",
    "self harm": "活着没意思，想割腕",
    "overdose": "孩子误吃了很多药片",
    "pesticide": "老人喝了农药",
    "infant fever": "一个月大的宝宝高烧",
    "newborn fever": "新生儿发烧38度",
    "pregnancy bleeding": "孕晚期肚子一阵阵发紧疼，见红了",
    "fetal movement": "怀孕32周，今天胎动减少了",
    "anaphylaxis": "吃了海鲜过敏，喉咙发紧",
    "trauma": "出车祸了，腿骨头露出来了",
    "burns": "全身大面积烧伤",
    "vomiting blood": "吐了一大口血",
}


@pytest.mark.parametrize("text", EMERGENCIES.values(), ids=EMERGENCIES.keys())
def test_each_red_flag_fires(text):
    t = triage(text)
    assert t is not None and t["emergency"] is True, text
    assert t["emergency_reason"]
    assert t["departments"][0]["name"] == "急诊科"
    assert t["clarify"] is None


def test_suicide_mentions_hotline_and_psychiatry():
    t = triage("我不想活了")
    assert "12356" in t["emergency_reason"]
    assert {"急诊科", "精神心理科"} <= {d["name"] for d in t["departments"]}
    assert intents.parse("我不想活了")["intent"]["name"] == "triage"


def test_infant_fever_uses_context_age():
    assert triage("发烧了", age_years=0.1)["emergency"] is True
    assert triage("发烧了", age_years=3)["emergency"] is False


def test_pregnancy_flag_uses_context():
    assert triage("下面出血了", pregnant=True)["emergency"] is True


@pytest.mark.parametrize(
    "text",
    [
        "以前抽过烟",
        "胸口有点闷一会就好了",
        "我没有想自杀",
        "没有晕倒，就是头晕",
        "以前晕倒过一次",
        "咳嗽带血丝，抽烟二十年了",
        "爬楼梯的时候有点喘",
        "脑梗后遗症说话不清楚，想做康复",
        "孕早期有点褐色分泌物",
        "两个月大的宝宝拉肚子，没有发烧",
        "三岁孩子发烧38度5",
        "我爸有癫痫，平时吃药控制，想问问能不能停药",
        "大便带血，是不是痔疮",
    ],
)
def test_negated_mild_or_chronic_is_not_emergency(text):
    t = triage(text)
    assert t is None or t["emergency"] is False, text

import datetime as dt

import intents

TODAY = dt.date(2024, 3, 6)  # a Wednesday


def ents(text, **ctx):
    ctx.setdefault("today", TODAY)
    return intents.parse(text, ctx)["entities"]


def values(text, kind, **ctx):
    return [e["value"] for e in ents(text, **ctx) if e["entity"] == kind]


def test_relative_dates():
    assert values("明天的号", "date") == ["2024-03-07"]
    assert values("后天上午", "date") == ["2024-03-08"]
    assert values("今天", "date") == ["2024-03-06"]
    assert values("下周三的骨科", "date") == ["2024-03-13"]
    assert values("周五有号吗", "date") == ["2024-03-08"]
    assert values("3月5号", "date") == ["2025-03-05"] or values("3月5号", "date") == ["2024-03-05"]
    assert values("三月十号", "date") == ["2024-03-10"]


def test_today_accepts_iso_string():
    assert values("明天", "date", today="2024-12-31") == ["2025-01-01"]


def test_session():
    assert values("明天下午", "session") == ["下午"]
    assert values("早上有号吗", "session") == ["上午"]
    assert values("晚上", "session") == ["夜间"]


def test_temperature():
    assert values("发烧三十八度五", "temperature") == [38.5]
    assert values("体温39.2℃", "temperature") == [39.2]
    assert values("烧到40", "temperature") == [40.0]
    assert values("量了一下37度8", "temperature") == [37.8]


def test_age():
    assert values("宝宝两岁", "age") == [2.0]
    assert values("三个月大的宝宝", "age") == [0.25]
    assert values("孩子3岁半", "age") == [3.5]
    assert values("我今年四十五岁", "age") == [45.0]
    assert values("出生10天", "age") == [round(10 / 365, 4)]


def test_relation_and_sex():
    assert values("我妈头晕", "relation") == ["mother"]
    assert values("给孩子挂号", "relation") == ["child"]
    assert values("老人膝盖疼", "relation") == ["elder"]
    assert values("我是男的，尿频", "sex") == ["M"]
    assert values("女，32岁", "sex") == ["F"]


def test_department_aliases():
    assert values("挂个心内科", "department") == ["心血管内科"]
    assert values("消化科还有号吗", "department") == ["消化内科"]
    assert values("想约耳鼻喉的号", "department") == ["耳鼻喉科"]
    assert values("想看中医", "department") == ["中医科"]
    # a disease word is not a department mention
    assert values("我有肝病", "department") == []


def test_doctor_name():
    found = [e for e in ents("帮我挂陈医生的号") if e["entity"] == "doctor"]
    assert found and found[0]["value"] == "陈" and found[0]["role"] == "医生"
    assert values("王主任下周三出诊吗", "doctor") == ["王"]


def test_pregnancy_duration_symptom():
    assert values("怀孕20周肚子疼", "pregnancy") == [True]
    assert values("没怀孕", "pregnancy") == [False]
    assert values("咳嗽一个多星期了", "duration") == [10.5]
    assert values("头疼三天", "duration") == [3.0]
    assert "咳嗽" in values("咳嗽有痰", "symptom")
    assert "发烧" not in values("没有发烧，就是咳嗽", "symptom")


def test_offsets_point_into_original_text():
    text = "宝宝三個月大，發燒三十八度五"
    for e in intents.parse(text)["entities"]:
        assert 0 <= e["start"] < e["end"] <= len(text)
    temp = next(e for e in intents.parse(text)["entities"] if e["entity"] == "temperature")
    assert text[temp["start"] : temp["end"]] == "三十八度五"

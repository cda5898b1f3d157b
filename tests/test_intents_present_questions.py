"""A case at hand asked as a first-aid question is no general-knowledge question.

A message with no person or moment named (人晕倒叫不醒，是先打120还是先做心肺复苏？) was
read as a how-to about no one in particular, and its signs were set aside as "info",
although the case is described: the event and what is seen of it now, two signs of one
emergency in words of their own, before the question (车祸后腿变形了，要不要先固定？).
A how-to names the situation in one word (晕倒了应该怎么急救), as the time of a condition
(心梗发作时…), of someone unnamed (有人突然晕倒…), of a kind of person (…的人), in a
clause that asks itself (…怎么处理，门诊几点开门) or as a source's (讲座说…): those stay
calm.  Two wordings were read as questions that are none: a denial of symptoms after the
thing swallowed (吞了纽扣电池没症状) as "…的症状" asked, and a guess (可能揉揉就好) as
"能揉…吗".
"""

import pytest

import intents

# (category, text)
EMERGENCIES: list[tuple[str, str]] = [
    # --- a case described before a what-to-do-now question (two signs of one emergency)
    ("unconsciousness", "人晕倒叫不醒，是先打120还是先做心肺复苏？"),
    ("unconsciousness", "人晕倒以后叫不醒，呼吸很怪，应该先做什么？打120吗？"),
    ("unconsciousness", "人倒在地上拍也拍不醒，先掐人中还是先打120？"),
    ("unconsciousness", "人晕倒以后一直叫不醒，嘴唇发紫，应该先做什么"),
    ("unconsciousness", "老人晕过去了叫不醒，先打120还是先送医院？"),
    ("unconsciousness", "人突然倒了，怎么喊都没反应，要不要先做心肺复苏？"),
    ("major_trauma", "车祸后腿变形了，要不要先固定？能不能挪动？"),
    ("major_trauma", "从三楼摔下来，腿都变形了，要先固定吗？"),
    ("major_trauma", "被车撞了，大腿骨头戳出来了，先止血还是先打120？"),
    ("major_trauma", "骑电动车摔了，小腿弯了，能不能自己掰直？"),
    ("major_trauma", "出车祸了，胳膊扭成奇怪的角度，能不能先把他抬到路边？"),
    ("head_injury", "摔了一跤头撞到台阶，吐了两次，能不能先睡一觉？"),
    ("stroke", "人突然嘴歪了，说话也不清楚，先打120还是先吃降压药？"),
    ("drowning", "人从水里捞上来，没有呼吸了，是先控水还是先按压？"),
    # --- no symptom after a button battery is no question about its symptoms
    ("button_battery", "孩子吞了纽扣电池没症状，可以在家观察吗？"),
    ("button_battery", "宝宝吞了一颗纽扣电池，现在没症状，需要去医院吗"),
    ("button_battery", "娃把纽扣电池吞下去了，无症状，观察一晚行吗"),
    ("button_battery", "孩子好像吞了颗纽扣电池，暂时没什么症状，能等明天吗"),
    ("button_battery", "小孩吞了遥控器里的扣子电池，没有症状，还用去医院吗"),
    # --- a guess (可能…就好) is no question "能…吗"
    ("eye_injury", "干活时铁屑飞进眼睛了，有点疼，看东西有点模糊，可能揉揉就好"),
    ("eye_injury", "打磨的时候铁屑崩进眼里了，眼睛疼，可能冲一冲就好"),
    ("eye_injury", "切割钢管时碎片弹到眼睛里，看不清了，可能歇歇就好"),
    ("eye_injury", "电钻钻墙，碎屑飞进眼睛，一直流泪，可能眨眨眼就出来了"),
    ("eye_injury", "眼睛被烧碱溅到了，火辣辣地疼，可能用水冲冲就好"),
]

NOT_EMERGENCIES: list[str] = [
    # a situation named in one word, asked as a how-to
    "晕倒了应该怎么急救？",
    "溺水急救先控水还是先做心肺复苏",
    "骨折了能不能挪动",
    "烫伤起水泡能不能挑破",
    # the time of a condition, someone unnamed, a source's words, a class
    "心梗发作时应该怎么急救，先打120还是先吃药",
    "有人突然晕倒没反应,旁人应该怎么做?心肺复苏怎么学",
    "看骨科讲座说腰疼伴大小便失禁要马上手术，这是什么原理？",
    "急救课上老师问：人晕倒叫不醒，是先打120还是先做心肺复苏？",
    "如果看到有人倒地叫不醒，第一步应该做什么？想学一下急救知识",
    "溺水后没呼吸是先控水还是先按压？我是学校老师想学一下",
    "青春期男孩睾丸突然疼，家长怎么判断要不要马上就医？",
    # a kind of person (…的人), and signs in a clause that asks itself
    "倒地叫不醒没有呼吸的人，路人应该怎么做心肺复苏",
    "烫伤起泡了怎么处理，烧伤科几点开门",
    # symptoms asked, and a guess about a harmless complaint
    "吞纽扣电池有什么症状",
    "眼睛里进了沙子，可能揉揉就好",
    "感冒了有点咳嗽，可能吃点药就好",
]


def triage(text: str) -> dict | None:
    return intents.parse(text)["triage"]


@pytest.mark.parametrize(("category", "text"), EMERGENCIES, ids=[t for _, t in EMERGENCIES])
def test_present_case_asked_as_first_aid_is_caught(category: str, text: str) -> None:
    t = triage(text)
    assert t is not None and t["emergency"] is True, (category, text)
    assert category in {f["category"] for f in t["red_flags"]}, (category, t["red_flags"])


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_how_to_question_stays_calm(text: str) -> None:
    t = triage(text)
    assert t is None or t["emergency"] is False, (text, t and t["red_flags"])

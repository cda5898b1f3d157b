"""Near-misses that were called emergencies although the message itself settles them: a
danger reading taken again and found normal, one extra tablet taken by an adult with
nothing wrong, an animal's touch that did not break the skin, a question of general knowledge (why, what principle,
which first-line drug, what safe dose, how someone was saved) or about a story seen on
a screen, with no one's episode told.  Each mechanism has an emergency it must still let
through and a look-alike it must now leave calm (sentences written for this file)."""

import pytest
from redflag_support import flagged_case

REPORTS = [
    # a reading taken again that is still in the danger range
    ("hypoglycaemia", "午饭前测血糖3.2，手抖出汗，喝了糖水十分钟再测还是3.4"),
    ("severe_breathlessness", "夹上指夹测血氧87，换只手测还是86，嘴唇发紫"),
    ("arrhythmia_syncope", "心率一直170多，躺着休息半小时了还是172，眼前发黑"),
    # one extra tablet with a sign of poisoning, or taken by a child
    ("drug_overdose", "我今天把降压药多吃了一片，现在头晕眼花，站都站不稳"),
    ("drug_overdose", "孙子趁我不注意多吃了一片我的降压药"),
    # a bite that broke the skin
    (
        "animal_bite_rabies",
        ["刚才被小狗轻轻咬了一口手指", "仔细看了，皮破了，在渗血", "这样也要去打针吗"],
    ),
    ("animal_bite_rabies", "晚上被邻居的狗扑上来，隔着裤子咬了一口，裤子上都是血"),
    # a person's episode told before the same knowledge question
    ("heat_stroke", "我爸在太阳底下干活晕倒了，浑身滚烫叫不醒，为什么要先降温而不是先送医院"),
    ("anaphylaxis", "孩子吃了花生后嘴唇肿、喘不上气，过敏性休克的一线用药是什么"),
    ("hypoglycaemia", "老公血糖2.1，现在叫不醒，低血糖昏迷是怎么回事？"),
    ("chemical_poisoning", "我爸刚喝了百草枯，吐了好几次，能怎么救过来？"),
    ("button_battery", "我家孩子刚吞了一颗纽扣电池，短视频里说要喝蜂蜜，家长该怎么处理"),
]

LOOKALIKES = [
    # the reading taken again is out of the danger range
    "下午测了一下血糖3.6，有点心慌，吃了几颗糖，过了一刻钟复测是6.3，已经不慌了",
    "夹上指夹测血氧87，后来发现夹反了，换只手再测是97，孩子在玩，呼吸不快",
    "爬楼时手环显示心率172，坐下歇了三分钟就降到92了，没有头晕胸闷",
    # one extra tablet, an adult, nothing wrong
    "我今天把降压药多吃了一片，现在量血压是110/70，没什么感觉",
    # the skin was not broken
    ["刚才被小狗轻轻咬了一口手指", "仔细看了，皮没破，没出血", "这样也要去打针吗"],
    # knowledge questions about no one, and a story seen on a screen
    "热射病为什么要先降温，而不是先送医院",
    "过敏性休克的一线用药是什么",
    "低血糖昏迷是怎么回事？",
    "布洛芬吃多了会中毒吗，安全剂量是多少",
    "百草枯中毒的人后来是怎么救过来的？",
    "心脏骤停的人倒地后，AED是什么原理",
    "短视频里一个小孩吞了纽扣电池，家长该怎么处理",
]


@pytest.mark.parametrize("category,case", REPORTS)
def test_unsettled_emergency_is_reported(category, case):
    assert category in flagged_case(case), case


@pytest.mark.parametrize("case", LOOKALIKES)
def test_settled_lookalike_is_not_an_emergency(case):
    assert not flagged_case(case), case

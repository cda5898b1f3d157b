"""Near-misses that were called emergencies although the message itself settles them: a
danger reading taken again and found normal, an episode said to be over in a later
sentence or turn, one extra tablet taken by an adult with nothing wrong, an animal's
touch that did not break the skin.  Each mechanism has an emergency it must still let
through and a look-alike it must now leave calm (sentences written for this file)."""

import pytest
from redflag_support import flagged_case

REPORTS = [
    # a reading taken again that is still in the danger range
    ("hypoglycaemia", "午饭前测血糖3.2，手抖出汗，喝了糖水十分钟再测还是3.4"),
    ("severe_breathlessness", "夹上指夹测血氧87，换只手测还是86，嘴唇发紫"),
    ("arrhythmia_syncope", "心率一直170多，躺着休息半小时了还是172，眼前发黑"),
    # treated, and a later turn tells the sign as still there
    (
        "eye_injury",
        ["擦桌子时消毒液溅到眼睛里了", "对着水龙头冲了十分钟", "可现在眼睛还是睁不开，火辣辣地疼"],
    ),
    (
        "reduced_fetal_movement",
        [
            "孕35周，中午开始觉得宝宝不怎么动",
            "吃了点东西左侧躺着数，一个钟头就动了两下",
            "现在还是很少动",
        ],
    ),
    # one extra tablet with a sign of poisoning, or taken by a child
    ("drug_overdose", "我今天把降压药多吃了一片，现在头晕眼花，站都站不稳"),
    ("drug_overdose", "孙子趁我不注意多吃了一片我的降压药"),
    # a bite that broke the skin
    (
        "animal_bite_rabies",
        ["刚才被小狗轻轻咬了一口手指", "仔细看了，皮破了，在渗血", "这样也要去打针吗"],
    ),
    ("animal_bite_rabies", "晚上被邻居的狗扑上来，隔着裤子咬了一口，裤子上都是血"),
]

LOOKALIKES = [
    # the reading taken again is out of the danger range
    "下午测了一下血糖3.6，有点心慌，吃了几颗糖，过了一刻钟复测是6.3，已经不慌了",
    "夹上指夹测血氧87，后来发现夹反了，换只手再测是97，孩子在玩，呼吸不快",
    "爬楼时手环显示心率172，坐下歇了三分钟就降到92了，没有头晕胸闷",
    # treated or counted, and a later turn says it is over
    ["擦桌子时消毒液溅到眼睛里了", "对着水龙头冲了十分钟", "现在已经不红不疼了，看东西跟平时一样"],
    ["孕35周，中午觉得宝宝不怎么动", "吃了点东西左侧躺着数，一个钟头动了十多下", "跟平时一样了"],
    # one extra tablet, an adult, nothing wrong
    "我今天把降压药多吃了一片，现在量血压是110/70，没什么感觉",
    # the skin was not broken
    ["刚才被小狗轻轻咬了一口手指", "仔细看了，皮没破，没出血", "这样也要去打针吗"],
]


@pytest.mark.parametrize("category,case", REPORTS)
def test_unsettled_emergency_is_reported(category, case):
    assert category in flagged_case(case), case


@pytest.mark.parametrize("case", LOOKALIKES)
def test_settled_lookalike_is_not_an_emergency(case):
    assert not flagged_case(case), case

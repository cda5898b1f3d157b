"""Conversations: how one turn's safe reading reaches a sign told in another turn.  The
turn that answers a reading or a sign may tell it over; a conversation about an animal or
a game character names its subject once; a topic asked about is no report; a doctor's name
for an episode told over does not report it again.  Each mechanism has an emergency that
must still be flagged and a look-alike that must stay calm (sentences written for this
file)."""

import pytest
from redflag_support import flagged_case

EMERGENCIES = [
    # the next turn tells an outcome, but the sign is still there
    (
        "hypoglycaemia",
        ["我妈手抖冒虚汗，血糖仪显示二点九", "喝了半杯糖水，现在还在抖，叫她也不太应"],
    ),
    # the next turn's outcome is only what a relative says will end it
    (
        "chemical_poisoning",
        ["全家晚上炖了山里捡的野蘑菇，现在一个个上吐下泻", "我公公说吐出来就好了"],
    ),
    # the outcome of one episode, then a later turn tells the sign back now
    (
        "reduced_fetal_movement",
        ["怀孕三十六周，早上觉得宝宝不怎么动", "中午又动得挺欢的", "可是现在两个小时一下都没动"],
    ),
    # an animal in one turn, a person hurt in another
    ("haematemesis", ["家里的猫吐了一地", "我老公刚才也吐了好多血，脸都白了"]),
    # a child playing a game, the seizure is the child's
    ("seizure", ["儿子打游戏打到一半", "突然全身抽搐，口吐白沫，叫不醒"]),
    # a topic asked about, then the sign told now
    (
        "cardiac_chest_pain",
        ["想咨询下我爸胸口疼的问题", "他有冠心病，现在胸口压着疼了半个多钟头，一身冷汗"],
    ),
    # a doctor's name in a turn that tells it happened again today
    (
        "unconsciousness",
        ["我妈上个月晕过一回，很快就醒了", "医生说是晕厥，今天在菜场又晕倒了，现在还叫不醒"],
    ),
]

LOOKALIKES = [
    # the next turn tells the reading taken again and the patient well
    ["下午突然心慌手抖，测了血糖三点一", "吃了几块糖，半小时后再测六点二，现在完全好了"],
    # monitoring normal, the baby moving a lot today
    ["昨晚感觉胎动少了，连夜去做了胎监，没问题", "今天宝宝动得很欢，下次产检约哪天"],
    # the subject of every turn is the pet
    ["我家猫咪刚才吐了", "吐的东西是红色的，好像是吃了番茄酱", "应该不算吐血吧"],
    # a game character
    ["游戏里的角色中毒昏迷了，用什么道具救", "问的是游戏，不是真人"],
    # a topic asked about, the answer tells history and no complaint
    ["我想问一下心绞痛的事", "我妈三年前放过支架，现在挺好的，什么不舒服都没有", "想开点常吃的药"],
    # warning signs asked for a class
    ["你好", "老师让我们整理中学生自伤的预警信号", "有相关的宣传材料吗"],
    # a doctor's name for a faint told over
    ["我上周献血后晕了一下", "马上就醒过来了，查了一圈都正常", "医生说是血管迷走性晕厥"],
]


@pytest.mark.parametrize("category,turns", EMERGENCIES)
def test_conversation_emergency_is_flagged(category, turns):
    assert category in flagged_case(turns), turns


@pytest.mark.parametrize("turns", LOOKALIKES)
def test_conversation_lookalike_stays_calm(turns):
    assert not flagged_case(turns), turns

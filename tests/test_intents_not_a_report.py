"""Messages that name an emergency sign without reporting one now: a how-to question, a
childhood episode long over, a sign found to come from elsewhere, a disease name, a
known condition with a question about an upcoming procedure, someone on a screen, a
splash rinsed at once, prevention at home, a small burn that has healed, symptoms
denied together, paperwork.  Each table pairs look-alikes with the emergencies that
must stay flagged.  Our own wordings, not from any evaluation set."""

import pytest
from redflag_support import flagged

CASES = {
    "how to tell, with words between": (
        [
            "怎么在家里判断孩子是不是脱水了",
            "怎样从外表看出老人是不是中风了？",
            "如何在路边识别一个人是不是心脏骤停",
        ],
        [("我爸突然嘴歪了，怎么在家判断是不是中风", "stroke")],
    ),
    "a childhood episode, a procedure name": (
        [
            "女儿两岁的时候被果冻噎住过，现在七岁了，平时要注意什么",
            "孩子两岁时吃花生卡住了，做了支气管镜取出来，现在五岁很好",
            "儿子一岁多的时候吃果冻噎着了，现在都上小学了，想问问要注意什么",
        ],
        [
            ("孩子刚才吃花生卡住了，脸都憋紫了", "airway_obstruction"),
            ("我儿子两岁，刚才吃果冻噎住了，喘不上气", "airway_obstruction"),
        ],
    ),
    "found to come from elsewhere": (
        [
            "早上起来吐的口水里有血，后来发现是牙龈在出血",
            "刷完牙吐出来的水里有血，原来是牙龈出血",
            "吐出来的东西红红的，原来是吃了火龙果",
        ],
        [
            ("吐了好多血，后来又吐了一次，头晕", "haematemesis"),
            ("吐了一口血，是鲜红色的，还在吐", "haematemesis"),
        ],
    ),
    "a disease name is no bleeding": (
        [
            "孩子有血友病，最近一直在打凝血因子，没出血，想约下次门诊",
            "我有血友病，想问问凝血因子怎么报销",
        ],
        [("我有血友病，刚才磕到膝盖，肿得很大，一直在出血止不住", "uncontrolled_bleeding")],
    ),
    "a known condition, precautions for this time": (
        [
            "我有体位性低血压，以前起床太快晕过两次，这次做手术要注意什么",
            "孩子有热性惊厥，以前抽过一次，这次打疫苗要注意什么",
        ],
        [("孩子有热性惊厥，刚才又抽起来了，叫不醒", "seizure")],
    ),
    "someone on a screen": (
        [
            "电视上演一个人突然抽搐，旁边的人往他嘴里塞东西，这样对吗",
            "昨晚看纪录片，里面有个人被蛇咬了，用嘴吸毒，这样有用吗",
            "电影里有人心脏骤停，做了心肺复苏就醒了，现实中也这样吗",
        ],
        [("我爸看电视的时候突然晕倒了，叫不醒", "unconsciousness")],
    ),
    "a splash rinsed at once, not in the eye": (
        [
            "拖地的时候84溅到手背上一点，马上用清水冲了，有点红，不疼",
            "洗厕所时洁厕灵溅到腿上，立刻冲了，没什么感觉",
        ],
        [
            ("洁厕灵溅到眼睛里了，马上冲了，现在还是睁不开，很疼", "eye_injury"),
            ("石灰溅进眼睛里了", "eye_injury"),
            ("漂白水溅到了，眼睛疼得睁不开", "eye_injury"),
        ],
    ),
    "prevention at home": (
        [
            "家里有两岁小孩，哪些东西最容易被吞下去，磁铁怎么收好",
            "有个一岁的宝宝，家里哪些小东西容易误吞，磁力珠要怎么收起来",
            "洗衣凝珠要怎么存放，哪些家里东西小孩容易误食",
        ],
        [("孩子把纽扣电池吞下去了", "button_battery")],
    ),
    "a small burn, cooled or healed": (
        [
            "被热油溅到手腕，红了一小块，冲了凉水现在不怎么疼了",
            "上周被熨斗烫了手指，起了个小水泡，现在结痂了，不疼了",
            "前几天被开水烫到手背，就指甲盖那么大，已经结痂不疼了",
        ],
        [
            ("被开水烫了大腿，皮肤发白，现在不疼了", "burns"),
            ("孩子被开水烫了整条胳膊，起了大水泡", "burns"),
        ],
    ),
    "symptoms denied together": (
        [
            "怀孕32周，今天量血压120/80，没有头痛眼花",
            "怀孕30周，昨天血压有点高，今天复查正常了，没有头晕眼花",
            "我爸胸口不舒服两天了，没有胸闷气短，想挂心内科",
        ],
        [
            ("怀孕32周，头痛，眼睛看东西模糊，没有大便", "preeclampsia"),
            ("孩子三天没有大便肚子胀得厉害，一直吐绿水", "acute_abdomen"),
        ],
    ),
    "paperwork about an event": (
        [
            "去年车祸骨折的诊断证明在哪里补开",
            "孩子上次烫伤的病历怎么复印",
            "我想开一个工伤触电的病假条",
        ],
        [("刚才工地有人触电了，叫不醒", "electric_injury")],
    ),
}

LOOK_ALIKES = [(kind, text) for kind, (quiet, _) in CASES.items() for text in quiet]
EMERGENCIES = [(kind, t, c) for kind, (_, loud) in CASES.items() for t, c in loud]


@pytest.mark.parametrize("kind,text", LOOK_ALIKES)
def test_a_sign_named_but_not_reported_now_is_no_emergency(kind, text):
    assert not flagged(text), (kind, text)


@pytest.mark.parametrize("kind,text,category", EMERGENCIES)
def test_the_same_sign_reported_now_is_still_flagged(kind, text, category):
    assert category in flagged(text), (kind, text)

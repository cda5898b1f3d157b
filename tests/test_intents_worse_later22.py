"""Development-set misses of D28 (played down, then worse; signs spread over turns), read by
mechanism.  Readings covered:

- a right lower belly pain told as slight (有点疼) with a fever or vomiting is a surgical
  belly: appendicitis starts as a mild ache; the fever and the vomiting make it urgent.
- 抽筋 said of a child with no limb named (孩子在抽筋！！) is a convulsion, not a cramp.
- known high pressure with a clouded mind and a weak limb told together is a hypertensive
  emergency; the pressure may be named as a bare turn (奶奶 / 血压 / 现在迷迷糊糊，胳膊没力).
- blood told by the cloths it soaks through (血浸透了三条毛巾) is a bleeding not held.
- an abortion booked or planned (预约了人流) tells a pregnancy of now.
- a sign played down (一点点胸闷，没事) and a later turn telling the complaint grown severe
  (现在疼得说话都费劲了，满身汗) is the episode not over.
- a guess that it was the old trouble (以为是老毛病) followed by 结果/后来 and a worse pain opens
  this episode.

Sentences written for this file."""

import pytest
from redflag_support import flagged_case

RLQ_FLAGGED = [
    "肚子有点疼，右下边，有点发烧，可能是吃坏了",
    "右下腹有点隐隐作痛，发烧38度2",
    "右下腹有点疼，吐了两次",
    ["孩子", "右下边肚子有点疼", "还有点低烧"],
    "我老公右下腹有点痛，今天发烧了，以为是着凉",
    "女儿说右下边肚子有一点点疼，刚才吐了一回",
]

RLQ_CALM = [
    "我右下腹有点疼，没发烧",
    "右下腹有点疼，以前发烧过",
    "右下腹有点疼，不发烧也不吐，拉完肚子好了",
]

CHILD_FIT_FLAGGED = [
    "孩子在抽筋！！",
    "宝宝突然抽筋了",
    "我儿子三岁，刚才抽筋，叫他没反应",
    "女儿发着烧，现在在抽筋",
    ["孩子", "在抽筋", "怎么办"],
    "小孙子正在抽筋，快点",
]

CHILD_FIT_CALM = [
    "小孩子晚上睡觉经常腿抽筋",
    "孩子游泳的时候抽筋了，已经上岸没事了",
    "孩子踢球小腿抽筋",
    "我抽筋了",
    "孩子晚上老是抽筋，是缺钙吗",
]

BP_MIND_FLAGGED = [
    ["奶奶", "血压", "现在迷迷糊糊，胳膊没力"],
    ["奶奶血压高", "现在迷迷糊糊，胳膊没力"],
    ["我妈", "高血压好多年", "这会儿迷迷糊糊的，腿也没力气"],
    ["外婆", "血压", "刚才开始说胡话，一边腿没力气"],
    ["血压", "人有点迷糊，手脚没劲"],
    "我爸有高血压，今天人糊里糊涂的，右手没劲",
]

BP_MIND_CALM = [
    ["奶奶想量个血压", "现在迷迷糊糊，胳膊没力"],
    ["奶奶", "血压", "最近睡不好"],
    ["奶奶", "血压正常", "想问问体检"],
    ["血压", "没力气"],
    ["奶奶", "血压", "以前迷迷糊糊过，胳膊没力是老毛病了"],
    "奶奶高血压十年了，吃着药，胳膊没力是老毛病",
    "爷爷高血压，最近睡不好，白天迷迷糊糊的",
]

SOAKED_FLAGGED = [
    ["说只是小口子，创可贴就行", "现在血浸透了三条毛巾"],
    "手割破了，血浸透了两条毛巾",
    "刀划的口子，纱布都被血泡透了",
    "我爸腿上的伤，绷带红透了还在渗",
    ["切菜切到手", "血把毛巾都浸透了"],
]

SOAKED_CALM = [
    "孩子膝盖擦破了，用纱布包上，纱布有点红",
    "毛巾浸透了冷水敷额头",
    "鼻血把纸巾浸透了一点，按了一会就停了",
]

ABORTION_BOOKED_FLAGGED = [
    ["预约人流", "不过今天下面出血，一边肚子疼得很"],
    "约了下周做无痛人流，今天突然下面出血，右边肚子疼得厉害",
    ["我准备做药流", "现在一侧小肚子剧痛，还出了血"],
    "打算做人流，今天一边肚子疼得直不起腰",
    "上周约了医生做人流，现在一边肚子疼得受不了",
]

ABORTION_BOOKED_CALM = [
    "上个月做了人流，想问问多久能同房",
    "人流后一周，还有点出血正常吗",
    "预约人流需要空腹吗",
    "约了周五做人流，有点紧张睡不着",
]

WORSE_LATER_FLAGGED = [
    ["一点点胸闷，没事", "现在疼得说话都费劲了，满身汗"],
    ["胸口有点闷，歇了会儿没事了", "后来疼得受不了，一身冷汗"],
    "我爸说胸口有点不舒服，没事。现在疼得直不起腰，满头大汗",
    ["我婆婆说背疼，以为是老毛病", "结果越来越重，说像被刀劈开，往肚子下面走"],
    "我爸胃疼，以为是老胃病，结果疼得直不起腰，吐了两回",
]

WORSE_LATER_CALM = [
    ["有点胸闷，没事", "现在好多了"],
    ["胸口闷了一下，没事了", "现在在上班"],
    ["昨天胸闷了一会儿，休息就好了", "今天热得满身汗"],
    "老胃病了，后来吃了药越来越好了",
    "腰疼是老毛病，后来做了理疗，好多了",
    "颈椎病多年，结果今天又有点酸",
]

FLAGGED = (
    RLQ_FLAGGED
    + CHILD_FIT_FLAGGED
    + BP_MIND_FLAGGED
    + SOAKED_FLAGGED
    + ABORTION_BOOKED_FLAGGED
    + WORSE_LATER_FLAGGED
)
CALM = (
    RLQ_CALM + CHILD_FIT_CALM + BP_MIND_CALM + SOAKED_CALM + ABORTION_BOOKED_CALM + WORSE_LATER_CALM
)


@pytest.mark.parametrize("case", FLAGGED, ids=str)
def test_flagged(case: str | list[str]) -> None:
    assert flagged_case(case), case


@pytest.mark.parametrize("case", CALM, ids=str)
def test_calm(case: str | list[str]) -> None:
    assert not flagged_case(case), case


@pytest.mark.parametrize(
    ("case", "category"),
    [
        ("肚子有点疼，右下边，有点发烧，可能是吃坏了", "acute_abdomen"),
        ("孩子在抽筋！！", "seizure"),
        (["奶奶", "血压", "现在迷迷糊糊，胳膊没力"], "hypertensive_emergency"),
        (["说只是小口子，创可贴就行", "现在血浸透了三条毛巾"], "uncontrolled_bleeding"),
        (["预约人流", "不过今天下面出血，一边肚子疼得很"], "ectopic_pregnancy"),
        (["一点点胸闷，没事", "现在疼得说话都费劲了，满身汗"], "cardiac_chest_pain"),
        (
            ["我婆婆说背疼，以为是老毛病", "结果越来越重，说像被刀劈开，往肚子下面走"],
            "aortic_dissection",
        ),
    ],
    ids=str,
)
def test_category(case: str | list[str], category: str) -> None:
    assert category in flagged_case(case), case

"""Signs set aside by a marker that does not reach them, and sign families the catalogue
did not know.  Each mechanism pairs emergencies with look-alikes:

- a question about a known condition (吃什么药好) asked in an earlier turn does not cover
  a later turn that tells the complaint moving on;
- 过去两个小时 is a window of this episode, not the past;
- doing what the internet says (照着网上说的按住) is first aid, not learning;
- 犯病了 is this attack (犯病的时候 stays a habit);
- 半天才缓过来 tells how bad it was, not that it is over;
- an iron pill or a vitamin with iron is no harmless pill for a child;
- a fall with no helmet put the head at risk;
- pain at each jolt (一颠就疼) is a sign of peritonitis;
- silence and blood from under a locked door;
- Cantonese 郁 (move): 冇乜郁, 冇郁过, 郁得少; and a clinic-hours question beside a report.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged_case

from intents.normalize import safety_text
from intents.redflags import unhedged

EMERGENCIES = [
    # consult question in an earlier turn
    (
        [
            "我爸胃胀 平时吃什么药好",
            "他说是胸口正中间那块",
            "疼到左边肩膀和下巴了 满头大汗 他70了 有高血压",
        ],
        "cardiac_chest_pain",
    ),
    # a recent window
    (
        "我有哮喘 过去两个小时一直喘得很厉害 喷了三次药也不管用 说话只能一个字一个字往外蹦",
        "severe_breathlessness",
    ),
    # following advice read online
    ("孩子鼻子出血 我照着网上说的按住鼻翼 都压了半个小时了还在流", "uncontrolled_bleeding"),
    # this attack
    ("我老公有癫痫 刚才又犯病了 全身抽搐 口吐白沫 五分钟了还没停", "seizure"),
    ("家里老人突然犯病了 倒在地上浑身抽 嘴里吐沫 叫不应", "seizure"),
    # iron
    ("三岁孩子把含铁的复合维生素当糖豆吃了一把", "drug_overdose"),
    ("孩子偷吃了好几片补铁的药 现在看着挺好的", "drug_overdose"),
    # no helmet
    ("儿子骑电动车摔了 没戴头盔 现在一直吐 还想睡觉", "head_injury"),
    # jolt pain, also beside a clinic-hours question
    ("肚子右下边疼了一上午 坐车一颠就疼得厉害", "acute_abdomen"),
    (
        "想问下普外科周日有门诊吗 我肚子从昨晚疼到现在 吃了药也没用 一走路颠一下就疼",
        "acute_abdomen",
    ),
    # locked door
    (
        [
            "我室友跟男朋友分手了 一个人关在浴室里",
            "喊她也不答应 里面一点动静都没有",
            "门底下渗出来血水了",
        ],
        "suicide_self_harm",
    ),
    # took long to recover
    ("停经七周 刚才小肚子一侧疼得直不起腰 蹲在地上好久才缓过来 还有点出血", "ectopic_pregnancy"),
    # Cantonese movement
    ("老婆有咗三十二周 BB成晚冇乜郁", "reduced_fetal_movement"),
]

LOOK_ALIKES = [
    ["我妈冠心病好多年了", "胸口偶尔有点闷 吃什么药好"],
    "我爸冠心病十年了 胸口疼的时候吃什么药好",
    "过去哮喘发作过很多次 现在好多了 想复查一下肺功能",
    "网上说流鼻血要仰头 这个对吗 我家孩子偶尔流一点",
    "我儿子有癫痫 犯病的时候会抽搐 吐白沫 一般一两分钟就好 平时怎么护理",
    "孩子把维生素当糖吃了两颗 是普通的维C",
    "孕妇每天吃一片补铁的药 会便秘吗",
    "骑车摔了 没戴头盔 膝盖擦破了 需要打破伤风吗",
    "腰疼了好几天 坐车一颠就疼",
    "坐车一颠就想吐 晕车怎么办",
    "卫生间门缝底下老是渗水 是不是防水坏了",
    "孩子把自己锁在房间里打游戏 敲门不开 喊吃饭也不出来",
    "刚才小肚子疼了一下 休息一会儿缓过来了 月经刚来第二天",
    "想问下皮肤科周日有门诊吗 脸上起了几个痘痘",
    "宝宝三个月 瞓觉成日郁嚟郁去",
]


@pytest.mark.parametrize("case,category", EMERGENCIES)
def test_the_sign_is_read_as_said(case, category):
    assert category in flagged_case(case), case


@pytest.mark.parametrize("case", LOOK_ALIKES)
def test_the_look_alike_stays_calm(case):
    assert not flagged_case(case), case


@pytest.mark.parametrize(
    "text,moved",
    [
        ("BB今日冇乜郁", "没怎么动"),
        ("BB成日冇郁过", "没动过"),
        ("BB今日郁得少", "动得少"),
        ("BB郁嚟郁去", "动来动去"),
    ],
)
def test_cantonese_move_reads_as_move(text, moved):
    assert moved in safety_text(text)


@pytest.mark.parametrize("text", ["我最近好抑郁", "这酒香味浓郁得很", "心情忧郁得很"])
def test_other_yu_stays(text):
    assert "动" not in safety_text(text)


def test_a_clinic_hours_question_is_cut_for_the_classifier():
    text = safety_text("请问消化科周六有门诊吗 我肚子疼了一天")
    assert "门诊" not in unhedged(text)
    assert "肚子疼" in unhedged(text)

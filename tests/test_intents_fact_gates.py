"""The facts a classifier verdict needs (model_needs): a pregnancy, a missed period, a
birth, diabetes and a low sugar, a child, a wish to die, a person bitten, a retention of
urine, a medicine taken for a sweet.  Families state them in words the fact concepts
did not know (揣上了, 准妈妈, 做月子, 诺和锐, 低糖了, 想去陪我妈, 让狗咬了 …); each
table pairs our own wordings the fact must read with look-alikes it must not."""

import pytest

from intents.ages import infant_age_days
from intents.normalize import safety_text
from intents.redflags import assess


def _holds(text: str, fact: str) -> bool:
    return assess(safety_text(text), every=True).holds(fact)


@pytest.mark.parametrize(
    ("fact", "text"),
    [
        ("pregnant", "我家那位揣上了，今天下面见红"),
        ("pregnant", "儿媳揣着娃呢，肚子一阵一阵发紧"),
        ("pregnant", "我是准妈妈，这两天脚肿头疼"),
        ("pregnant", "她有孕在身，早上开始流血"),
        ("pregnant", "我女儿怀上娃了，小腹疼"),
        ("pregnant", "老婆怀着双胞胎，头晕眼花"),
        ("pregnant", "这位孕产妇血压一百七"),
        ("pregnant", "我媳妇有孩子了，下边一直出血"),
        ("pregnant", "我们家那口子有了，一早上吐个不停"),
        ("pregnant", "俺媳妇有了一个来月，小肚子一边疼"),  # 一个来月: about a month
        ("pregnant", "我现在怀上五周多，下面出血"),  # weeks after 怀上
        ("pregnant_28w", "我老婆八个多月的肚子，今天没怎么动"),
        ("pregnant_28w", "快临盆了，头痛得要命"),
        ("pregnant_28w", "媳妇揣了八个月，胎动少了"),
        ("missed_period", "好朋友迟了快两周，小肚子一边疼"),
        ("missed_period", "月经往后推了十来天，肚子疼"),
        ("postpartum", "我在做月子，今天头痛看东西模糊"),
        ("postpartum", "生了才九天，下面出血像来月经"),
        ("postpartum", "还没出月子，血一直止不住"),
        ("suicide_topic", "我爸一直念叨要去陪我妈，今天把存折密码告诉我了"),
        ("suicide_topic", "她说熬到头了，偷偷买了一整瓶药"),
        ("suicide_topic", "我哥说他要投河"),
        ("suicide_topic", "我舅妈说自己是个废物，一个人在顶楼"),
        ("diabetic", "我奶奶每天打诺和锐，今天叫不醒"),
        ("diabetic", "我爸是糖尿病人，吐了一天"),
        ("diabetic", "外公血糖一直控制得不好，今天迷迷糊糊"),
        ("hypo_named", "我妈低糖了，手抖出汗"),
        ("hypo_named", "打完胰岛素血糖往下掉，一身冷汗"),
        ("glucose_low", "血糖仪显示lo，人迷糊"),
        ("glucose_low", "测了血糖才两点几，在冒冷汗"),
        ("child", "我家丫头肚子疼了一晚上"),
        ("child", "孙儿拉了一天肚子"),
        ("cannot_pee", "老爷子尿不通，小肚子鼓鼓的"),
        ("cannot_pee", "一晚上小便拉不出来"),
        ("person_scratched", "昨天让邻居家的狗咬了，狗还把鞋咬烂了"),
        ("person_scratched", "叫猫挠了，猫把沙发也抓破了"),
        ("med_taken_for", "奶奶吃错药了，把降压药当成钙片"),
        ("med_taken_for", "孩子误服了外婆的降压药，还吃了几粒维生素"),
    ],
)
def test_a_fact_told_in_family_words_is_read(fact: str, text: str) -> None:
    assert _holds(text, fact), (fact, text)


@pytest.mark.parametrize(
    ("fact", "text"),
    [
        ("pregnant", "我有了发烧，头也疼"),  # 有了 of a symptom
        ("pregnant", "我老公大肚子，胸口闷"),  # the belly of a stout man
        ("pregnant", "我一直在吃避孕药，头疼"),
        ("pregnant", "我想怀上，最近肚子疼"),
        ("pregnant", "他兜里揣着手机，胸口疼"),  # 揣 is also to pocket a thing
        ("pregnant", "我给准妈妈们讲课，讲着讲着头疼"),
        ("postpartum", "孩子生下来就有心脏病，现在五岁"),
        ("suicide_topic", "肚子疼得厉害，还吐了"),
        ("hypo_named", "吃的都是低糖饼干，头晕"),
        ("hypo_named", "血糖高，血压低，头晕"),
        ("glucose_low", "血压低得测不出来"),
        ("glucose_low", "下午两点测的血糖"),
        ("child", "我老婆小儿麻痹后遗症，腿疼"),
        ("cannot_pee", "没有尿急尿痛"),
        ("suicide_topic", "我舅舅血压高，一直在喝药控制"),  # 喝药: taking medicine
        ("med_taken_for", "早上好像把降压药多吃了半片，没什么感觉"),  # a dose, no mix-up
        ("person_scratched", "狗把沙发咬坏了"),
    ],
)
def test_a_look_alike_is_not_that_fact(fact: str, text: str) -> None:
    assert not _holds(text, fact), (fact, text)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("宝宝生下来吸过氧，后来好了，现在两个月，今天发烧", 55, 65),
        ("我家孩子早产住过保温箱，出院以后挺好，目前50天，今天不吃奶", 45, 55),
    ],
)
def test_the_age_now_after_an_earlier_episode(text: str, low: float, high: float) -> None:
    got = infant_age_days(safety_text(text))
    assert got is not None and low <= got <= high, (text, got)


@pytest.mark.parametrize(
    "text",
    [
        "宝宝咳嗽断断续续，到现在2个月了",  # a duration, not an age
        "孩子腹泻反反复复，有2个月了",  # how long, not how old
    ],
)
def test_no_age_now_from_a_duration(text: str) -> None:
    assert infant_age_days(safety_text(text)) is None, text

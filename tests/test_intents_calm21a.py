"""Near-misses of development set D18 that name an emergency's words but tell no emergency
now, next to the emergencies worded like them that must stay flagged — and two of its
emergencies that were read as calm.  Readings covered:

- another person told fine after eating or drinking less of the same thing (婶婶吃得少还没事,
  我妈只吃了一口倒没事) is that person's state, not the end of the patient's poisoning;
  uncles, aunts and in-laws are such other persons too.
- a flow of water told not urine and not held back or still going (地上一滩水，她说不是尿，
  忍不住，一直在滴) is the waters breaking, pregnancy untold — not a man's, a child's or an
  old woman's, nor a puddle told not urine only.
- a care given at a hospital (急诊处理了, 急诊观察了6小时) and the patient told well after it
  (今天喉咙不痛了, 血压正常回家了) closes an exposure or episode of an earlier day — unless
  the sign goes on or comes back.
- a textbook why-question (为什么果冻容易卡住…, 为什么…代表出血, 为什么碱比酸更厉害,
  溺水后为什么不能控水) is information — unless a case of now is told.
- a question closed by a remark that it is asked ahead of need (…吗？想提前知道) is no
  report — unless the question tells a moment of now (刚才).
- a later clause that dates the story years back (那是十年前了) makes it history — unless a
  later clause tells today's episode.
- a child told by someone in a parents' group (妈妈群里有人说孩子…) is that person's child.
- a button cell only licked and told not taken into the mouth is no swallowed cell — unless
  a turn tells one missing or swallowed.
- a bare bite (被咬了一口) whose biter is told to be no mammal (看了是蜈蚣, 是蜘蛛) is no rabies
  exposure — unless a mammal is named too.
- no one told unwell (今天没人不舒服, 大家都没有不舒服) ends a gas alarm; an amount told
  within the safe range ends an excess; the urine told flowing (尿得很顺) ends a retention;
  a fear of not passing water (怕尿不出来) is no retention.

Sentences written for this file."""

import pytest
from redflag_support import emergency

OTHER_PERSON_ATE_LESS = [
    "叔叔吃了山上采的野蘑菇，两个小时后开始吐拉，肚子痛，脸色发黄，婶婶吃得少还没事",
    "我爸吃了自己采的野生菌，现在上吐下泻，我妈只吃了一口倒没事",
    "爷爷中午吃了山上采的蘑菇，下午一直吐，肚子疼，奶奶没吃还没事",
    "老公吃了野蘑菇炒肉，现在吐得厉害还出冷汗，我吃得不多还没事",
    "舅舅喝了自己泡的草乌药酒，嘴巴发麻心慌，舅妈只喝了一点倒没事",
    "婶婶吃了采的野蘑菇，吐了好几次，叔叔吃得少没事",
]
WATERS_NOT_URINE = [
    "老婆刚才从沙发站起来，地上一滩水，她说不是尿，忍不住，一直在滴",
    "媳妇刚下床，裤子全湿了，不是尿，一直往外流",
    "我刚才站起来下面哗的一下流了好多水，不是尿，控制不住",
    "老婆说下面一直在流水，闻了不是尿，止不住",
    "我老婆早上起来床单湿了一大片，她说不是尿，现在还一直在滴",
    "我老婆刚才打了个喷嚏，下面流了一摊水，不是尿，一直在往外流",
]
CARED_FOR_BUT_GOING_ON = [
    "昨天误喝了一口洗衣液，急诊处理了，今天还是喉咙痛，一直流口水",
    "昨天血压190头痛来急诊处理了，今天又到了200，头痛得厉害",
    "昨天孩子误吃了两片降压药，急诊观察了6小时，现在又开始犯困叫不醒",
    "昨天吃了野蘑菇，急诊处理了，今天又开始吐",
    "前天尿潴留插了尿管，今天拔了，还是尿不出，肚子胀",
]
WHY_QUESTION_WITH_A_CASE = [
    "孩子被果冻卡住了，喘不上气，为什么会容易卡住",
    "我爸刚吐了咖啡渣样的东西，为什么这代表出血",
    "孩子刚才溺水了，救上来后为什么不能控水",
]
ASKED_AHEAD_BUT_NOW = [
    "孩子刚才误吃药了应该先催吐吗？想提前知道",
    "孩子刚误吃了药，应该先催吐吗",
]
OTHER_TURNS_TOLD = [
    "热射病倒过一次，那是十年前了，今天又在工地晕倒了，身上滚烫",
    "妈妈群里有人说我家孩子脱水了",
    "宝宝舔了一下纽扣电池，没放进嘴里，可是另一颗找不到了",
    "宝宝把纽扣电池放进嘴里吞了",
    "孩子舔了纽扣电池，后来吞下去了",
    "报警器响了，家里人都头痛想吐",
    "孩子吃了10片退烧药，不知道在不在安全范围",
    "孩子吃了一把退烧药，在安全范围吗",
    "我爸前列腺增生，吃了感冒药，现在一天没尿了，肚子胀得很，怕尿不出来了",
]

CARED_FOR_AND_WELL = [
    "昨天误喝了一口洗衣液，急诊处理了，今天喉咙不痛了",
    "前天孩子舔了一下洗衣凝珠，急诊处理了，今天一切正常",
    "昨天血压190头痛来急诊处理了，今天降到140/90，不痛了",
    "昨天孩子误吃了两片降压药，急诊观察了6小时，血压正常回家了",
    "上周老人误服了两倍的降糖药，医院观察了一晚，没事就出院了",
]
WHY_QUESTIONS = [
    "为什么果冻容易卡住孩子喉咙",
    "为什么咖啡渣样呕吐物代表出血",
    "眼睛化学伤为什么碱比酸更厉害",
    "为什么老人容易噎住",
    "为什么黑便意味着消化道出血",
    "溺水后为什么不能控水",
    "颈椎骨折后为什么不能随便搬动",
]
ASKED_AHEAD = [
    "孩子误吃药了应该先催吐吗？想提前知道",
    "宝宝吞了纽扣电池要怎么办？想提前了解一下",
    "孩子被烫了冲冷水要冲多久？提前问问",
]
DATED_BACK = [
    "我上大学军训时热射病倒过一次，抽过筋，那是十年前了，现在跑步都没问题",
    "我小时候冬天烧煤炉，全家早上起来头痛吐，我被抬出去才醒，那是二十多年前了，现在想问会不会影响记忆",
    "我爸心梗放过支架，那都是五年前的事了，现在想问能不能爬山",
]
OTHERS_CALM = [
    "看到妈妈群里有人说孩子拉肚子脱水进ICU，吓得我一直看我家孩子",
    "宝妈群里有人发了孩子吞磁铁住院的事，我好担心",
    "宝宝舔了一下纽扣电池，没放进嘴里，我马上拿走了",
    "孩子拿着电池舔了舔，没含进去也没吞，我就收起来了",
    "昨晚报警器响了，我们马上开窗出门，燃气公司修好了阀门，今天没人不舒服",
    "昨天家里燃气泄漏，开窗通风了，大家都没有不舒服",
    "感冒药和退烧药重复吃了一次，药师算过量在安全范围，我现在挺好",
    "前列腺增生的人吃感冒药要注意什么？怕尿不出来",
    "我爸前列腺大，喝酒怕尿不出来，能喝吗",
    "前天尿潴留插了尿管，今天拔了，尿得很顺",
    "上周尿潴留导了尿，现在小便很通畅",
]


@pytest.mark.parametrize(
    "text",
    OTHER_PERSON_ATE_LESS
    + WATERS_NOT_URINE
    + CARED_FOR_BUT_GOING_ON
    + WHY_QUESTION_WITH_A_CASE
    + ASKED_AHEAD_BUT_NOW
    + OTHER_TURNS_TOLD,
)
def test_emergency_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize(
    "text", CARED_FOR_AND_WELL + WHY_QUESTIONS + ASKED_AHEAD + DATED_BACK + OTHERS_CALM
)
def test_near_miss_stays_calm(text: str) -> None:
    assert not emergency(text), text


WATERS_NOT_URINE_CALM = [
    "老公的裤子湿了，不是尿，一直在滴",
    "孩子裤子湿了，不是尿，是打翻了水",
    "我妈八十了，裤子湿了不是尿，控制不住",
    "地上一滩水不是尿，是狗打翻的水盆",
]


@pytest.mark.parametrize("text", WATERS_NOT_URINE_CALM)
def test_water_not_urine_of_no_pregnancy_stays_calm(text: str) -> None:
    assert not emergency(text), text


BITER_NOT_MAMMAL = [
    "在山上被咬了一口，看了是蜈蚣不是蛇，有点痛，没有肿到别的地方",
    "晚上睡觉被咬了，是蜘蛛，起了个包",
    "在草地上被咬了一下，一看是蚂蚁，有点痒",
]
BITER_MAMMAL_TOO = [
    "孩子被咬了，是流浪狗，出血了",
    "被狗咬了，又被蜈蚣咬了一口，出血了",
    "被咬了一口，伤口在流血",
    "被咬了，蛇跑了，腿越来越肿",
    "晚上被咬了，是蝙蝠",
]


@pytest.mark.parametrize("text", BITER_NOT_MAMMAL)
def test_bite_of_no_mammal_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", BITER_MAMMAL_TOO)
def test_bite_of_a_mammal_or_unknown_flagged(text: str) -> None:
    assert emergency(text), text

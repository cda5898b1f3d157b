"""Rare wordings of signs and calm readings lost, from the folk-words development set.
Readings covered:

- a colour told by a likeness to a red food (吐出来跟猪血一样, 像番茄酱似的) names no food
  eaten: the vomit is blood — unless the food is told eaten (昨晚吃了猪血).
- a swallow by mistake of an earlier day that a doctor or hospital has seen and cleared
  (昨天误喝了一口清洁剂，来急诊看了说没事) is over — unless it is of now, a sign follows the
  verdict, or the all-clear is only asked (说没事吧).
- a knowledge question about no one in particular: what an overdose does (…吃多了会怎样),
  how long until a sign appears (多久会出现), what people with a condition should carry
  (…的人应该随身带什么药) — unless a person is told having it now.
- a fear or a mood after an event, treated by a psychologist (溺水后一直怕水，在心理科治疗),
  is a late effect of an event over — unless a new episode is told.
- a sign of an earlier day gone after a treatment (吃了药好了, 输了液就好了) is over — unless
  it is only better (好了一点) and worse again, not yet gone, or the end is asked.
- a relative not known by name (不知道我是谁) and its regional words (不晓得我是哪个,
  认不到人) is confusion: with a cold sweat and a tremor it is a hypoglycaemia's picture —
  unless someone unrelated is meant (网上那个人不知道我是谁).
- the 一直 that opens a standing follow-up (一直在血液科随访) is no amount of a bleeding —
  unless the bleeding itself is told going on (一直流, 止不住, 还在流).
- an infant's fever of an earlier month, the baby now told healthy (现在三个月了很健康),
  is over — unless a fever of now is told, or the well-being is only a look of today
  (现在看着挺正常的, 现在挺健康的) after an event of today.

Sentences written for this file."""

import pytest
from redflag_support import emergency

VOMIT_LIKE_RED_FOOD = [
    "我这胃里翻腾 吐出来的都是红的 跟猪血一样 一脸盆 头晕眼花",
    "我爸刚才吐了一大口 红红的像番茄酱似的 人有点发晕",
    "老公吐出来的东西像猪血一样 一大摊 脸色发白",
    "奶奶吐了好几口 颜色跟红酒一样 手脚冰凉",
    "孩子吐出来红红的 像西瓜汁一样 吐了一碗",
    "吐出来的是暗红色的 猪血似的 好几口",
]

VOMIT_AFTER_RED_FOOD = [
    "昨晚吃了猪血 今天吐出来有点红",
    "刚吃了火龙果 吐出来红红的",
    "中午吃了毛血旺 吐了点红的 没别的不舒服",
    "喝了红酒 吐出来红色的 现在好了",
]


@pytest.mark.parametrize("text", VOMIT_LIKE_RED_FOOD)
def test_vomit_likened_to_red_food_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", VOMIT_AFTER_RED_FOOD)
def test_vomit_after_red_food_stays_calm(text: str) -> None:
    assert not emergency(text), text


MISINGESTION_CLEARED = [
    "昨天误喝了一口清洁剂 来急诊看了说没事",
    "昨天孩子误吃了一片药 来急诊看了说没事 观察了一夜",
    "前天我妈误服了两片降压药 去医院看了说没问题",
    "上周儿子误喝了洗洁精 医院检查说一切正常",
    "昨晚老人吃错药了 急诊看了说不要紧",
]

MISINGESTION_NOT_CLEARED = [
    "孩子刚刚误吃了一片降压药",
    "昨天孩子误吃了一片降压药 来急诊看了说没事 今天又开始吐了",
    "奶奶误服了安眠药 现在叫不醒",
    "孩子误喝了消毒水 医生说没事吧",
]


@pytest.mark.parametrize("text", MISINGESTION_CLEARED)
def test_misingestion_cleared_by_doctor_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", MISINGESTION_NOT_CLEARED)
def test_misingestion_not_cleared_flagged(text: str) -> None:
    assert emergency(text), text


KNOWLEDGE_QUESTIONS = [
    "扑热息痛吃多了会怎样",
    "布洛芬一次吃多了会怎么样",
    "安眠药吃多了会有什么后果",
    "溺水后多久会出现干性溺水",
    "严重过敏的人应该随身带什么药 肾上腺素笔在哪买",
    "有哮喘的人出门要带哪些药",
]

KNOWLEDGE_WORDS_REPORTED = [
    "我刚把一瓶扑热息痛全吃了 会怎样",
    "孩子刚把半瓶安眠药都吃了 会怎么样",
    "我老婆吃了一整瓶安眠药 多久会有反应",
    "我严重过敏了 喉咙肿 应该带什么药",
    "我爸刚溺水被救上来 多久会出现干性溺水",
]


@pytest.mark.parametrize("text", KNOWLEDGE_QUESTIONS)
def test_knowledge_question_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", KNOWLEDGE_WORDS_REPORTED)
def test_knowledge_words_reported_flagged(text: str) -> None:
    assert emergency(text), text


PSYCHOLOGICAL_LATE_EFFECT = [
    "我溺水后一直怕水 在心理科治疗",
    "孩子溺水以后一直不敢下水 在看心理医生",
    "他触电以后一直做噩梦 在精神科门诊看",
]

NEW_EPISODE_AFTER = [
    "我溺水后一直怕水 今天又呛水了 现在咳个不停",
    "孩子刚溺水了 现在在心理科门口",
]


@pytest.mark.parametrize("text", PSYCHOLOGICAL_LATE_EFFECT)
def test_psychological_late_effect_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", NEW_EPISODE_AFTER)
def test_new_episode_after_late_effect_flagged(text: str) -> None:
    assert emergency(text), text


GONE_AFTER_TREATMENT = [
    "昨天儿子睾丸疼来看了 说是附睾炎 吃了药好了",
    "上周我蛋疼去医院看了 医生说是附睾炎 输了液就好了",
    "前天孩子睾丸痛 门诊说是睾丸炎 打了针已经好了",
    "宝宝一个半月时发烧住院查了 说没事 现在三个月了很健康",
    "孩子两个月的时候发烧住过院 现在五个月了挺健康的",
    "宝宝一个月时发过烧 查了没事 目前一直很健康",
    "宝宝两个月的时候发烧住过院 现在半岁了很健康",
]

NOT_GONE_AFTER_TREATMENT = [
    "儿子睾丸疼 吃了药好了一点 现在又疼得厉害",
    "儿子突然睾丸剧痛 吃了药还没好",
    "昨天儿子睾丸疼 吃了药好了吗",
    "宝宝两个月 以前很健康 今天突然发烧38度5",
    "两个月宝宝发烧38度5 现在精神很正常",
    "孩子刚把爷爷的降压药吃了几片 现在挺健康的",
    "女儿摔了后脑勺着地 当时昏过去一会儿 现在挺健康的",
    "孩子两岁把他爷爷的降压药吃了几片，现在看着还挺正常的，应该没事吧",
]


@pytest.mark.parametrize("text", GONE_AFTER_TREATMENT)
def test_sign_gone_after_treatment_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", NOT_GONE_AFTER_TREATMENT)
def test_sign_not_gone_after_treatment_flagged(text: str) -> None:
    assert emergency(text), text


CONFUSION_FOLK = [
    "我妈突然坐在地上，一身冷汗，手一直抖，叫她她也不知道我是谁",
    "我爸一身冷汗 手抖得厉害 问他也不知道我是谁",
    "外婆出了一身汗 手发抖 认不到人了",
    "老汉儿浑身冒冷汗 手在抖 不晓得我是哪个了",
    "奶奶突然大汗淋漓 手抖 叫她也不认得我是哪个",
]

NOT_CONFUSION = [
    "网上那个人根本不知道我是谁",
    "新来的同事还不知道我是谁",
    "打电话过去 对方不知道我是谁",
    "我爸一身冷汗 手一直抖 刚吃完饭",
]


@pytest.mark.parametrize("text", CONFUSION_FOLK)
def test_relative_not_known_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", NOT_CONFUSION)
def test_stranger_not_knowing_stays_calm(text: str) -> None:
    assert not emergency(text), text


FOLLOW_UP_NOT_AMOUNT = [
    "我血小板一直偏低 平时刷牙牙龈爱出血 一直在血液科随访",
    "奶奶血小板少 鼻子爱出血 一直在血液科随访",
    "孩子凝血因子缺乏 磕一下就出血 一直在儿科复诊",
]

BLEEDING_GOING_ON = [
    "我有血友病 腿上伤口出血一直止不住",
    "我血小板低 今天鼻子出血一直流 按了半小时还在流",
    "我血小板低 鼻子出血一直流 塞了棉花还在流",
    "爸爸吃华法林 伤口出血止不住 在血液科随访的",
    "爷爷吃阿司匹林 鼻血一直止不住 一直在心内科复查",
]


@pytest.mark.parametrize("text", FOLLOW_UP_NOT_AMOUNT)
def test_follow_up_not_an_amount_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", BLEEDING_GOING_ON)
def test_bleeding_going_on_flagged(text: str) -> None:
    assert emergency(text), text

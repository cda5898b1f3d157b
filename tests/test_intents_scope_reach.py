"""What a word in one part of a message says about a sign in another: hearsay closed in
its own clause does not make a later report hypothetical, another actor between an animal
and a bite is the one that bit, a harmless cause told with its own sign explains it, and a
quality compared away (不像刀割那种) is denied.  Each table pairs emergencies with
look-alikes.  Our own wordings, written from clinical knowledge, not from any evaluation
set."""

import pytest
from redflag_support import check, flagged

from intents.normalize import safety_text
from intents.redflags import assess, model_allowed

# ------------------------------------------------------- hearsay, then a report
HEARSAY_THEN_REPORT = [
    ("听说心梗很危险，我爸现在胸口像压着石头，满头冷汗快一个钟头了", "cardiac_chest_pain"),
    ("据说中风要抢救得快，我妈刚才突然半边身子动不了，话也说不清", "stroke"),
    ("网上说吃错药很危险，我儿子刚刚把我的降压药吞了一把", "drug_overdose"),
    ("听说心梗很危险，胸闷的话平时要注意些什么", None),
    ("听说小孩吞磁铁很危险，要是真吞了两颗怎么办", None),
    ("听人说高烧抽筋挺吓人，假如宝宝发烧抽起来要先做什么", None),
]


@pytest.mark.parametrize("text,category", HEARSAY_THEN_REPORT)
def test_hearsay_closed_in_its_clause_does_not_cancel_a_later_report(text, category):
    check(text, category)


# ------------------------------------------------------- who bit
WHO_BIT = [
    ("遛狗的时候草丛里窜出一条蛇咬了我脚踝，现在肿到小腿了", "snake_bite"),
    ("牵着狗去河边，蛇咬了孩子的手，两个牙印", "snake_bite"),
    ("邻居的狗扑过来把我小腿咬破了，流了血", "animal_bite_rabies"),
    ("我家猫被蛇咬了一口，嘴巴肿起来了", None),
    ("狗狗在院子里被一条蛇咬了，要不要带去宠物医院", None),
]


@pytest.mark.parametrize("text,category", WHO_BIT)
def test_another_actor_between_an_animal_and_a_bite_is_the_biter(text, category):
    got = flagged(text)
    check(text, category)
    if category == "snake_bite":
        assert "animal_bite_rabies" not in got, (text, got)


# ------------------------------------------------------- hiccups are not a fit
HICCUP_JERKS = [
    ("两个月的宝宝打嗝好半天了，小肚子跟着一抽一抽的", None),
    ("孩子吃完奶老打嗝，身子一抽一抽，正常吗", None),
    ("宝宝刚才打嗝，接着全身抽搐，两眼往上翻，叫不应", "seizure"),
    ("宝宝两个月，没打嗝，手脚一抽一抽的，眼睛发直", "neonatal_danger"),
]


@pytest.mark.parametrize("text,category", HICCUP_JERKS)
def test_the_jerks_of_hiccups_are_not_a_fit(text, category):
    got = flagged(text)
    if category == "neonatal_danger":
        assert got, (text, got)  # a fit in a young infant, whichever category names it
    else:
        check(text, category)


# ------------------------------------------------------- a quality compared away
COMPARED_AWAY = [
    ("后背突然疼，像有刀在割，往腰那边走，血压190", "aortic_dissection"),
    ("胸口疼，不太像刀割，更像有点酸胀，按着更疼", None),
    ("肚子有点疼，不像刀绞那种，隐隐约约的，拉完就好点", None),
]


@pytest.mark.parametrize("text,category", COMPARED_AWAY)
def test_a_quality_compared_away_is_denied(text, category):
    check(text, category)


# ------------------------------------------------------- what the classifier's verdict needs
MODEL_GATES = [
    # a young infant's fever needs a word of heat that the rules did not cancel
    ("infant_fever", "宝宝出生七周，今天摸着浑身滚烫，量了38.4度", True),
    ("infant_fever", "满月没多久的宝宝一直打嗝，肚子一抽一抽的", False),
    ("infant_fever", "假如六周大的宝宝烧起来了，可以先用退热贴吗", False),
    # a suicide verdict needs a word of the topic: a locked room, a balcony, "better off"
    ("suicide_self_harm", "朋友把自己反锁在屋里，里面一点动静也没有，门底下有血", True),
    ("suicide_self_harm", "她总说没有她家里人会过得更好，今晚一个人在阳台站了很久", True),
    ("suicide_self_harm", "宝宝今天吃奶少，睡得多", False),
]


@pytest.mark.parametrize("category,text,allowed", MODEL_GATES)
def test_what_a_classifier_verdict_needs(category, text, allowed):
    assert model_allowed(category, assess(safety_text(text))) is allowed, text


# ------------------------------------------ a wish to learn after a person's event
# 提前问问 / 提前了解 makes a message a learning question only when it comes first or no
# one is named: told after what happened to someone, the event is a report.
LEARNING_AFTER_AN_EVENT = [
    ("我闺女把助听器的小电池吞了，想提前了解一下急诊要带什么", "button_battery"),
    ("我爸刚喝了半瓶敌敌畏，想提前问问急诊在哪个门", "chemical_poisoning"),
]
LEARNING_FIRST = [
    "想提前了解一下，小孩要是吞了纽扣电池怎么办",
    "网上说吞了电池很危险，想提前科普一下",
]


@pytest.mark.parametrize(("text", "category"), LEARNING_AFTER_AN_EVENT)
def test_an_event_told_before_a_wish_to_learn_is_a_report(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize("text", LEARNING_FIRST)
def test_a_wish_to_learn_told_first_is_no_report(text: str) -> None:
    check(text, None)

"""A danger told as present now, inside a message that also supposes, remembers, plays
down or asks: the scope of those words must not reach it.  And the look-alikes that stay
calm: the same words about something that is only supposed, past, or not a person.

Mechanisms: a conjunction that opens with a negator's character (不过) denies nothing;
a supposition closed as a question by 怎么办 ends before a present-time word; "if it goes
on" (要是再这样…下去, 如果还不…) presupposes the sign; a supposed event told again as done
(…怎么办？他刚才喝了两口) is a report; a past-time word followed by "never" (以前从没
这样过) tells a sign as new; a baby's age told as a clause of its own (…，现在一个半月，…);
blood in the water spat after brushing the teeth; a repair or a water pipe is a thing; a
"why is it …" question about a condition; 一直 before a medicine tells the habit, not the
bleeding.  Our own wordings, written from clinical knowledge, not from any evaluation
set."""

import pytest
from redflag_support import flagged

from intents.ages import infant_age_days
from intents.normalize import safety_text

TOLD_NOW = [
    # a conjunction, not a denial
    ("手指被玻璃割了个口子，不过血哗哗往外冒，压了十分钟还止不住", "uncontrolled_bleeding"),
    # a supposition asked with 怎么办, then the patient now
    ("心肺复苏按压多深？要是按不动怎么办，我爸现在倒在地上叫不醒", "unconsciousness"),
    # "if it goes on" presupposes the sign
    ("要是一直这样疼下去可怎么办，胸口压着疼，出了一身冷汗", "cardiac_chest_pain"),
    # the supposed swallowing told again as done
    ("要是吃了洁厕灵怎么办？孙女刚才偷偷喝了两口，一直哭", "chemical_poisoning"),
    # "never before" is no history
    ("突然头痛得厉害，以前从没这样过，接着就晕过去了", "unconsciousness"),
    # the age now, in a clause of its own after an old stay in hospital
    ("宝宝出生后黄疸照过蓝光，好了，现在一个半月，今天烧到38.2度", "infant_fever"),
    # the same words, with real vomited blood
    ("牙龈有点肿，今天突然吐了一大口鲜红的血", "haematemesis"),
    # the danger sign of a pipe's burn is a person's
    ("暖气片爆了，热水喷到孩子腿上，起了一大片水泡", "burns"),
    ("一家人都头晕想吐，屋里烧着炭火，我妈嘴唇是樱桃红色", "carbon_monoxide"),
    ("一直吃华法林，鼻子出血半小时了止不住", "uncontrolled_bleeding"),
]

CALM = [
    "手上划了个口子，不过没怎么流血",
    "要是孩子吃东西噎住了怎么办，应该怎么拍背",
    "要是以后再犯心绞痛怎么办，需要备什么药",
    "要是吃了老鼠药怎么办？孩子刚才吃了饼干",
    "以前中风过一次，说话有点不清楚，现在恢复得差不多了",
    "刷完牙吐出来的漱口水是淡红色的，牙龈有点肿",
    "望远镜目镜里突然一半看不见了，去哪修",
    "厨房水管爆了水一直往外喷，止不住，怎么办",
    "为什么煤气中毒的人脸色是红的",
    "一直在吃氯吡格雷，刷牙牙龈出了点血，要紧吗",
]


@pytest.mark.parametrize("text,category", TOLD_NOW)
def test_a_danger_told_now_is_not_set_aside_by_other_words(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", CALM)
def test_the_same_words_without_a_present_danger_stay_calm(text):
    assert not flagged(text), text


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("宝宝出生时住过保温箱，后来好了，现在两个月，今天有点咳", 60, 62),
        ("孩子早产，在医院住了半个月，现在一个多月", 30, 60),
    ],
)
def test_an_age_now_in_a_clause_of_its_own(text, low, high):
    got = infant_age_days(safety_text(text))
    assert got is not None and low <= got <= high, (text, got)


@pytest.mark.parametrize("text", ["宝宝发烧，现在3天了", "孩子咳嗽，现在两个月了还没好"])
def test_a_duration_after_now_is_no_age(text):
    assert infant_age_days(safety_text(text)) is None, text

"""Near-misses that name an emergency sign without reporting one, and the emergencies
that look like them and must stay flagged.

Mechanisms: a fear of a choking or swallowing accident to come (怕噎着, 防吞) is a
supposition; a question about the fever threshold for going to hospital (烧到几度要去
医院) asks for information; an operation already done (做完手术了) treats the sign told
before it.  And the scope that must NOT be widened: a later turn saying the episode is
over does not clear an earlier turn's stroke, chest pain or heat stroke (a passing
episode of those is still an emergency), and "提前问好急诊" after a present fever is a
report.  Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged


def flagged_after(turns: list[str]) -> list[str]:
    """The red flags of the last turn, read with the earlier ones as its history."""
    return flagged(turns[-1], history=turns[:-1])


# ------------------------------------------------------- a fear of an accident to come
FEARS = [
    "宝宝十个月，想给他吃小番茄，怕噎着，要切开吗",
    "老人牙口不好，吃年糕怕噎住，怎么做比较软",
    "刚加辅食，米粉调稀一点是不是就不怕呛到",
    "孩子爱往嘴里塞东西，买玩具要挑防吞设计的电池盖吗",
    "有没有防误吞的磁力片，家里有两岁的娃",
]
FEAR_LOOKALIKES = [
    ("孩子吃葡萄噎住了，脸憋得发紫，怕噎死了", "airway_obstruction"),
    ("爷爷吃馒头噎着了，说不出话，脸都青了", "airway_obstruction"),
    ("我怕宝宝吞下去了纽扣电池，遥控器里少了一颗", "button_battery"),
    ("孩子吃果冻，怕是卡住了，一直咳不出来，嘴唇发紫", "airway_obstruction"),
]


@pytest.mark.parametrize("text", FEARS)
def test_a_fear_of_a_choking_or_swallowing_accident_is_no_report(text):
    assert not flagged(text), text


@pytest.mark.parametrize("text,category", FEAR_LOOKALIKES)
def test_a_choking_or_a_suspected_swallow_told_with_fear_stays_flagged(text, category):
    assert category in flagged(text), text


# ------------------------------------------------------- the fever threshold question
THRESHOLDS = [
    "宝宝满月了，请问烧到几度就要去医院",
    "五十天的宝宝，体温多高需要看急诊",
    "一个半月的孩子，烧到多少度该吃退烧药",
]
THRESHOLD_LOOKALIKES = [
    ("宝宝出生四十天，刚才量了38.3，多少度需要看急诊", "infant_fever"),
    ("七周的宝宝发烧了，摸着很烫，烧到几度要去医院", "infant_fever"),
    ("两个月宝宝烧到38.6度了，要去医院吗", "infant_fever"),
]


@pytest.mark.parametrize("text", THRESHOLDS)
def test_asking_the_fever_threshold_for_a_young_infant_is_information(text):
    assert "infant_fever" not in flagged(text), text


@pytest.mark.parametrize("text,category", THRESHOLD_LOOKALIKES)
def test_a_young_infant_with_a_fever_told_and_the_threshold_asked_stays_flagged(text, category):
    assert category in flagged(text), text


# ------------------------------------------------------- an operation already done
OPERATED = [
    "同学视网膜脱离，上周已经做完手术了，一般要趴着多久",
    "舅舅去年主动脉夹层，手术很成功，平时血压控制在多少",
]
OPERATED_LOOKALIKES = [
    ("我爸眼睛突然看不见一半，医生说视网膜脱离，还没做手术", "sudden_vision_loss"),
    ("老公主动脉夹层做完手术了，现在又背疼得像撕开一样", "aortic_dissection"),
    ("宫外孕破裂做完手术了，现在肚子还是很疼，头晕", "ectopic_pregnancy"),
]


@pytest.mark.parametrize("text", OPERATED)
def test_a_sign_treated_by_an_operation_already_done_is_over(text):
    assert not flagged(text), text


@pytest.mark.parametrize("text,category", OPERATED_LOOKALIKES)
def test_a_sign_not_yet_operated_or_present_after_the_operation_stays_flagged(text, category):
    assert category in flagged(text), text


# ------------------------------------------------------- scope that must not widen
PASSING_EPISODES = [
    (["我爸刚才突然说话不清楚，右手拿不住筷子", "现在好了，能说话了"], "stroke"),
    (["刚才胸口压着疼，出冷汗", "现在好了"], "cardiac_chest_pain"),
    (["下午在工地晒得头晕想吐，体温40度，说胡话", "现在已经不吐了"], "heat_stroke"),
]


@pytest.mark.parametrize("turns,category", PASSING_EPISODES)
def test_a_later_turn_saying_it_passed_keeps_an_earlier_emergency(turns, category):
    assert category in flagged_after(turns), turns


PRESENT_FEVER_ASKING_AHEAD = [
    "我在化疗，发烧39度了，打寒战，想提前问好急诊流程",
    "老妈化疗后第十天，发烧38.6，想提前打听一下急诊怎么走",
]


@pytest.mark.parametrize("text", PRESENT_FEVER_ASKING_AHEAD)
def test_a_present_fever_in_chemotherapy_asking_the_way_ahead_stays_flagged(text):
    assert "sepsis" in flagged(text), text

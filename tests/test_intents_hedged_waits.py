"""Emergencies played down: a hedge in front (可能是我想多了…, 估计没啥事…) and a question
whether it can wait at the end (…明天再去看行吗, …我先观察一下？, …这算正常吧？).  The
emergency classifier reads such a report twice, as told and without the hedges and
wait-questions (`redflags.unhedged`, the catalogue's ``hedge`` and ``wait`` markers), and
is trained on copies of our sentences of both classes told that way (`train.hedged_copies`),
so neither the hedge nor the question decides; the signs between them do.  Look-alike mild
complaints with the same hedges stay ordinary.  All wordings are our own."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest
from redflag_support import flagged

import intents
from intents.normalize import safety_text
from intents.redflags import unhedged
from intents.train import NONE, hedged_copies, unhedged_copies


def p_none(text: str) -> float:
    """P(not an emergency) as the red-flag layer reads the message (both readings)."""
    intents.load()
    model = intents._state.artifact.redflag
    probs = intents.emergency_probs(model, safety_text(text))
    return float(probs[model.labels.index(NONE)])


# ------------------------------------------------------------ the second reading
@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("可能是我想多了，我爸胸口压得慌", "我爸胸口压得慌"),
        ("孩子嘴唇发紫，明天再去看行吗？", "孩子嘴唇发紫"),
        ("老人半边身子没劲，我先在家观察一晚上？", "老人半边身子没劲"),
        ("肚子疼得直不起腰，要不再等等看", "肚子疼得直不起腰"),
        ("不好意思打扰了，下面一直流水，能等到下礼拜一吗", "下面一直流水"),
        ("头疼得厉害，吐了两回，这样算正常的吧？", "头疼得厉害，吐了两回"),
        ("一直出冷汗，应该不用跑急诊吧", "一直出冷汗"),
        ("估计是累了，右手拿不住筷子", "右手拿不住筷子"),
        # a home remedy asked instead of going (能先吃点胃药看看吗, 可以在家躺几天吗)
        ("婆婆心口疼得满头汗，能先吃点胃药看看吗", "婆婆心口疼得满头汗"),
        ("老人摔了一跤髋部疼站不起来，可以在家躺几天吗", "老人摔了一跤髋部疼站不起来"),
        ("我爸胸口闷得慌，出冷汗，能先喝点热水吗", "我爸胸口闷得慌，出冷汗"),
    ],
)
def test_the_second_reading_drops_hedges_and_wait_questions(text, plain):
    assert unhedged(safety_text(text)) == safety_text(plain)


@pytest.mark.parametrize(
    "text",
    [
        "我爸说话不清楚，右手没劲",  # 说话不清楚 is a sign, not "I am not sure"
        "眼睛突然看不清楚东西了",
        "明天开始化疗要注意什么",  # 明天 alone is no question whether it can wait
        "医生让先观察血压，下周复查",
        "宝宝一直哭，是不是饿了",
        "吃了药能喝酒吗",  # a question about a medicine, no remedy instead of a visit
    ],
)
def test_the_second_reading_keeps_the_report(text):
    assert unhedged(safety_text(text)) == safety_text(text)


def test_nothing_but_a_hedge_is_read_as_told():
    assert unhedged(safety_text("应该没事吧？")) == safety_text("应该没事吧？")


def test_earlier_turns_keep_their_separator():
    text = "头疼。\n" + safety_text("可能是我想多了，胸口压着疼")
    assert unhedged(text) == "头疼。\n" + safety_text("胸口压着疼")


class _Stub:
    """A classifier that is sure of "none" whenever it sees the wait-question."""

    labels: ClassVar[list[str]] = ["cardiac_chest_pain", NONE]

    def predict_proba(self, text: str) -> np.ndarray:
        return np.array([0.05, 0.95] if "行吗" in text else [0.8, 0.2])


def test_the_reading_less_sure_of_none_counts():
    text = safety_text("胸口压着疼，明天再去看行吗")
    assert intents.emergency_probs(_Stub(), text)[1] == pytest.approx(0.2)
    plain = safety_text("胸口压着疼")
    assert intents.emergency_probs(_Stub(), plain)[1] == pytest.approx(0.2)


# ------------------------------------------------------------ the classifier itself
# Understated emergencies that the catalogue alone may not complete: the classifier
# must keep them whatever hedge or question comes with them …
UNDERSTATED_EMERGENCIES = [
    "老人发烧两天，今天有点糊涂了，叫他反应慢",
    "喝酒后心跳很快，一分钟一百六，有点要晕的感觉",
    "晚上躺下就喘不上气，得坐起来，脚也肿了",
    "嘴唇和指甲有点发紫，说话喘",
    "额头撞到桌角后，过了半天开始吐，人有点迷糊",
    "孩子拉了一天水样便，今天尿很少，嘴唇干，没精神",
]
# … and mild complaints with the same words must stay ordinary with them.
MILD_LOOK_ALIKES = [
    "胸口有点闷，深呼吸一下就好了",
    "孩子拉肚子一天两次，吃喝都正常，尿也不少",
    "老人有点低烧，吃饭睡觉都正常",
    "喝完咖啡心跳有点快，一会儿就平了",
    "爬楼梯有点喘，歇一下就好",
    "额头撞了一下，起了个小包，没吐也不晕",
]
WRAPS = [
    ("", "，明天白天再去医院可以吗"),
    ("是不是我太敏感了，", ""),
    ("", "，我先在家观察一晚上？"),
    ("可能没什么大问题，", "，能等到下礼拜一吗"),
    ("", "，这样算正常的吧？"),
    ("", "，要不再等等看"),
    ("我也不确定严不严重，", "，应该不用跑急诊吧"),
    ("", "，估计是最近太累了"),
    ("不好意思打扰了，", "，明早挂个号来得及吗"),
]


@pytest.mark.parametrize("core", UNDERSTATED_EMERGENCIES)
def test_a_hedge_or_a_wait_question_does_not_talk_the_classifier_out_of_it(core):
    missed = [
        (before, after)
        for before, after in WRAPS
        if p_none(before + core + after) >= intents.MODEL_NONE_THRESHOLD
    ]
    assert not missed


@pytest.mark.parametrize("core", MILD_LOOK_ALIKES)
def test_a_mild_complaint_stays_ordinary_with_the_same_hedges(core):
    alarmed = [
        (before, after)
        for before, after in WRAPS
        if p_none(before + core + after) < intents.MODEL_NONE_THRESHOLD
    ]
    assert not alarmed


# ------------------------------------------------------------ whole messages
HEDGED_EMERGENCIES = [
    ("可能是我太紧张了，我妈突然说话含糊不清，右手拿不住碗，等明天上午再去医院行吗", "stroke"),
    ("应该没啥大事，我老公胸口压着疼了快一个小时，后背也疼，一直冒冷汗，先在家观察一下？", None),
    ("我爸拉了两次柏油一样的黑便，站起来就眼前发黑，明天再去看行吗", None),
    ("怀孕33周，下面一直流水，裤子都湿了，能等到明天产检吗", "ruptured_membranes"),
    ("孩子把一颗纽扣电池吞下去了，现在看着还挺好，先观察观察？", "button_battery"),
    ("孕30周，今天一整天几乎没感觉到胎动，是不是我想多了，等明天产检再说吧", None),
    ("可能是我想多了，我爸今天下午开始总说左边那一半看不见，撞了两次门框，明天去看行吗", None),
    (
        "不好意思打扰一下，我爸下午搬完家具说胸口有点闷，左边膀子发沉，出了一身汗，歇会儿应该就好了吧",
        None,
    ),
    ("估计是吃坏东西了，我爸肚子疼了一晚上，疼得在床上打滚，肚子硬邦邦的，能等到明天挂号吗", None),
    ("家里人说我大惊小怪，老人从楼梯上摔下来以后一直迷迷糊糊，吐了两回，能等到周一吗", None),
    ("我婆婆心口疼得满头汗，能先吃点胃药看看吗", "cardiac_chest_pain"),
    ("老人摔了一跤髋部疼站不起来，可以在家躺几天吗", "major_trauma"),
]


@pytest.mark.parametrize(("text", "category"), HEDGED_EMERGENCIES)
def test_a_hedged_emergency_that_asks_to_wait_is_flagged(text, category):
    got = flagged(text)
    assert got
    if category:
        assert category in got


HEDGED_MILD = [
    "可能是我太紧张了，嗓子有点疼，有点咳嗽，明天再去看行吗",
    "应该没啥大事，孩子流鼻涕两天了，精神挺好，先在家观察一下？",
    "这两天有点便秘，肚子胀，是不是再等等看",
    "手指被纸划了个小口子，出了一点血，已经止住了，应该不用去医院吧",
    "宝宝一岁半，打完疫苗有点低烧37.8，精神还好，观察一晚上行吗",
    "最近睡不好，有点头痛，估计是累了，明早去看行吗",
    "孕28周，胎动一天比一天有劲，踢得我睡不着，应该没事吧",
    "扭了一下脚踝，有点肿，能走路，应该不用去急诊吧",
    "血压145/90，没有头痛头晕，能等到周一复诊吗",
    "家里人说我大惊小怪，孩子摔了一跤膝盖擦破皮，哭了一会就去玩了，不用去医院吧",
    "估计没啥事，月经推迟了五天，没有别的不舒服，再等等看？",
    "可能是着凉了，有点拉肚子，吃东西还行，我先观察一下？",
    "胃有点不舒服，能先吃点胃药吗",
    "扭了一下脚，有点肿，可以在家休息几天吗",
]


@pytest.mark.parametrize("text", HEDGED_MILD)
def test_a_hedged_mild_complaint_that_asks_to_wait_is_not_flagged(text):
    assert not flagged(text)


# ------------------------------------------------------------ training copies
SPEC = {
    "hedge_every": 2,
    "hedge_prefixes": ["可能是我想多了，", "估计没啥事，"],
    "wait_suffixes": ["，明天再去行吗", "，先观察一下？"],
}


def _pairs() -> list[tuple[str, str]]:
    emergencies = [(f"第{i}次胸口压着疼，一身冷汗。", "cardiac_chest_pain") for i in range(200)]
    ordinary = [(f"第{i}次嗓子有点疼", NONE) for i in range(600)]
    return emergencies + ordinary


def test_hedged_copies_sample_both_classes_at_one_rate():
    pairs = _pairs()
    copies = hedged_copies(pairs, SPEC)
    by_label = {label: sum(1 for _, lab in copies if lab == label) for _, label in pairs}
    assert 0.35 < by_label["cardiac_chest_pain"] / 200 < 0.65
    assert 0.35 < by_label[NONE] / 600 < 0.65
    assert copies == hedged_copies(pairs, SPEC)  # deterministic


def test_hedged_copies_keep_the_label_and_the_report():
    copies = hedged_copies(_pairs(), SPEC)
    assert copies
    for text, label in copies:
        core = text
        for prefix in SPEC["hedge_prefixes"]:
            core = core.removeprefix(prefix)
        for suffix in SPEC["wait_suffixes"]:
            core = core.removesuffix(suffix)
        assert core != text
        assert (core in dict(_pairs())) or (core + "。" in dict(_pairs()))
        assert label == dict(_pairs()).get(core, dict(_pairs()).get(core + "。"))
    assert not any("。，" in text for text, _ in copies)  # the wait-question ends the report


def test_no_hedged_copies_without_the_lists():
    assert hedged_copies(_pairs(), {}) == []


def test_unhedged_copies_are_what_the_second_reading_sees():
    pairs = [
        ("可能是我想多了，胸口压着疼", "cardiac_chest_pain"),
        ("嗓子有点疼，明天再去看行吗", NONE),
        ("嗓子有点疼", NONE),
    ]
    assert unhedged_copies(pairs) == [
        (safety_text("胸口压着疼"), "cardiac_chest_pain"),
        (safety_text("嗓子有点疼"), NONE),
    ]

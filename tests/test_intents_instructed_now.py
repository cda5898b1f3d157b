"""A danger told now after words that read as a supposition, a past or an outcome.

Mechanisms: a doctor's earlier "if X happens, come at once" (万一…就…, 如果…就要…) is a
supposition that ends with its clause: a later clause that opens with a present-time word
(现在, 目前, 此刻 …) tells the patient's state, not another supposition (a plan asked
with 现在该/要/能… is still no report); a past time named as what the present is compared
with (跟上回一模一样, 比上次还厉害) tells the sign as now, not as a story of then; an
outcome that ends a swallowing (拉出来了, 吐出来了) told before a later sentence with a new
swallowing (这次又吞了…) belonged to the earlier one; 门脉 / 门静脉 (the portal vein) is no
door.  Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged

TOLD_NOW = [
    # a doctor's what-if, then the present
    ("大夫交代过如果胸口压着疼就直接打急救电话，我爸现在就是胸口压着疼，满头大汗", None),
    ("医生讲过万一喉咙发紧就赶紧打肾上腺素，孩子吃了花生酱，目前嘴唇肿起来，喘不上气", None),
]

CALM = [
    "医生交代过万一胸口疼超过二十分钟就打120，现在该备点什么药",
    "如果孩子吞了电池怎么办，现在要怎么预防",
    "普萘洛尔是降门静脉压力的药，饭前吃还是饭后吃",
]


@pytest.mark.parametrize("text,category", TOLD_NOW)
def test_a_danger_told_after_a_what_if_or_a_comparison_is_flagged(text, category):
    got = flagged(text)
    assert got, text
    if category is not None:
        assert category in got, (text, got)


@pytest.mark.parametrize("text", CALM)
def test_a_what_if_with_a_plan_now_stays_calm(text):
    assert not flagged(text), text


def test_an_outcome_before_a_new_swallowing_belongs_to_the_earlier_one():
    from intents.normalize import safety_text
    from intents.redflags import assess

    told = safety_text("儿子上个月吞过一颗弹珠，过两天拉出来了。今天他又吞了东西，喉咙疼")
    assert "object_passed" not in assess(told, every=True).concepts
    over = safety_text("儿子昨天吞了一颗弹珠，今天早上拉出来了")
    assert "object_passed" in assess(over, every=True).concepts


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("他现在胸口闷，跟上次住院前一模一样，还出冷汗", True),
        ("上次住院前他也出冷汗，现在好了", False),
    ],
)
def test_a_past_time_compared_with_is_no_history(text, present):
    from intents.normalize import safety_text
    from intents.redflags import assess

    assert ("chest_feature" in assess(safety_text(text), every=True).concepts) is present, text


@pytest.mark.parametrize(
    ("text", "weak_cry"),
    [
        ("孩子生下来第五天，哭声洪亮，大小便都正常", False),
        ("孩子生下来第五天，哭声特别小，叫也叫不醒", True),
    ],
)
def test_the_small_of_stools_and_urine_is_no_weak_cry(text, weak_cry):
    from intents.normalize import safety_text
    from intents.redflags import assess

    assert ("infant_danger" in assess(safety_text(text), every=True).concepts) is weak_cry, text


@pytest.mark.parametrize(
    ("text", "overdose"),
    [
        ("女儿说她把爷爷的降压药吃了，我去数了，药板上一颗也没少，她有说有笑的", False),
        ("女儿说她把爷爷的降压药吃了一板，现在脸色发白，叫她也不怎么应", True),
    ],
)
def test_a_childs_claim_disproved_by_a_count(text, overdose):
    assert ("drug_overdose" in flagged(text)) is overdose, text


@pytest.mark.parametrize(
    ("text", "seizure"),
    [
        ("新买的键盘抽风，按一个键出来好几个字", False),
        ("触摸板又抽风了，怎么修", False),
        ("儿子玩着电脑突然抽搐，口吐白沫，叫不应", True),
    ],
)
def test_a_pointer_device_that_plays_up_is_no_fit(text, seizure):
    assert ("seizure" in flagged(text)) is seizure, text

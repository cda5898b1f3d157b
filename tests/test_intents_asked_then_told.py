"""Signs first told as a supposition or a general question, then said to be happening now.

Mechanisms: a later sentence or turn that points back at the supposed or asked-about signs
with a present-time word and an anaphor (现在就是这样, 刚才也是这些症状, 跟这一样) or with
the time they have lasted (这样四十分钟了) makes them a report; a sign asked about in a
general question (…多少算严重, …有什么症状) and then told again as done now — after a
present-time word or a time counted back in minutes or hours (半小时前) — with a bare
amount (吐了大半碗, 喝了一口) is a report too; a question whether it can wait until
tomorrow (等明早, 明天再去) asks about the patient now, not a how-to about no one; a
worried question (会不会有影响) followed by a "because" about a person tells that reason
(因为我闺女…一直吐), it does not worry about it.  A
supposition pointed at nothing now (想先了解一下, 以前也是这样, 要是以后也这样呢), a
general question alone and a wait-question about a harmless complaint stay calm.  Our
own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged_case

POINTED_BACK = [
    (
        "假如有人突然半边脸麻、嘴角往一边歪，能不能睡一觉再看？我婆婆现在就是这样，半个钟头了",
        "stroke",
    ),
    (["如果胸口压着疼还出冷汗，要不要叫救护车", "我老伴现在就是这样"], "cardiac_chest_pain"),
]

POINTED_AT_NOTHING = [
    "假如有人突然半边脸麻、嘴角往一边歪，能不能睡一觉再看？我就是想先了解一下",
    "假如有人突然半边脸麻、嘴角往一边歪，能不能睡一觉再看？我婆婆以前也是这样",
    ["如果胸口压着疼还出冷汗，要不要叫救护车", "要是以后也这样呢"],
    "万一孩子夜里烧到四十度还抽起来怎么办？现在是这样的，我们下周要带他去旅游",
]

RETOLD_DONE = [
    ("吐血吐多少算严重？我老公刚才吐了大半碗", "haematemesis"),
    ("误喝了洁厕灵有什么症状？我外婆半小时前喝了一口", "chemical_poisoning"),
]

ASKED_ONLY = [
    "吐血吐多少算严重？",
    "误喝了洁厕灵有什么症状？我外婆半小时前喝了一口水",
    "误喝了洁厕灵有什么症状？我外婆三年前喝过一口",
]

CAN_IT_WAIT = [
    ("右下肚子疼了七八个小时，一按再松开更疼，还发烧，能吃片止痛药等明早吗", "acute_abdomen"),
]

REASON_TOLD = [
    (
        "想问下流感疫苗往后推会不会有影响因为我闺女从昨晚开始一直吐一直拉一上午都没尿眼窝都陷下去了",
        "child_dehydration",
    ),
]

WORRY_ONLY = [
    "想问下流感疫苗往后推会不会有影响因为我闺女从昨晚开始有点咳嗽",
    "会不会因为吃了海鲜过敏喘不上气",
]

HARMLESS_WAIT = [
    "痛经肚子疼，能吃片止痛药等明早吗",
    "被蚊子咬了起包，能涂点药等明天再看吗",
]


@pytest.mark.parametrize("case,category", POINTED_BACK)
def test_supposed_signs_pointed_back_to_as_now_are_flagged(case, category):
    got = flagged_case(case)
    assert category in got, (case, got)


@pytest.mark.parametrize("case", POINTED_AT_NOTHING)
def test_a_supposition_pointed_at_nothing_now_stays_calm(case):
    assert not flagged_case(case), case


@pytest.mark.parametrize("text,category", RETOLD_DONE)
def test_a_sign_asked_about_then_told_as_done_now_is_flagged(text, category):
    got = flagged_case(text)
    assert category in got, (text, got)


@pytest.mark.parametrize("text", ASKED_ONLY)
def test_a_general_question_not_told_again_stays_calm(text):
    assert not flagged_case(text), text


@pytest.mark.parametrize("text,category", CAN_IT_WAIT)
def test_a_wait_question_after_told_signs_is_no_how_to(text, category):
    got = flagged_case(text)
    assert category in got, (text, got)


@pytest.mark.parametrize("text", HARMLESS_WAIT)
def test_a_wait_question_about_a_harmless_complaint_stays_calm(text):
    assert not flagged_case(text), text


@pytest.mark.parametrize("text,category", REASON_TOLD)
def test_a_reason_told_after_a_worried_question_is_flagged(text, category):
    got = flagged_case(text)
    assert category in got, (text, got)


@pytest.mark.parametrize("text", WORRY_ONLY)
def test_a_worry_with_no_danger_told_stays_calm(text):
    assert not flagged_case(text), text


def test_the_anaphor_reading_is_the_rules_own():
    """The rules themselves keep the supposed signs (the classifier is not needed)."""
    from intents.normalize import safety_text
    from intents.redflags import assess

    told = safety_text("要是突然一只手脚没劲、说话含糊是不是中风？我外公现在就这样，四十分钟了")
    assert "one_side_weak" in assess(told, every=True).concepts
    asked = safety_text("要是突然一只手脚没劲、说话含糊是不是中风？我外公以前就这样过")
    assert "one_side_weak" not in assess(asked, every=True).concepts
    # pointed back to, but told over in the same sentence: the rules keep it a what-if
    # (a sure classifier verdict may still be believed over it, as today's moment is named)
    over = safety_text("要是胸口压着疼还出冷汗，要不要叫救护车？我刚才也是这样，歇了一会儿就好了")
    assert "chest_pain" not in assess(over, every=True).concepts

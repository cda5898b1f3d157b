"""An emergency told now beside words that make it look over, past, supposed or someone
else's belief: what those words reach, and what they do not.

- ``这回``/``这一回`` opens this episode like ``这次`` (the ``onset`` marker): a long-standing
  trouble named before it (前列腺老毛病) no longer governs what follows.
- A per-bout word (每次, 每回) right after a clause that counts this episode's bouts (半小时
  里紧了4回) measures those bouts; it tells no habit reaching the clauses after it.
- A what-if closed in an earlier clause (医生说要是…就来急诊) does not reach a later
  mention whose own words tell the present (从早上到现在一滴没尿).
- An outcome believed (以为就好了) or promised by a lay person's remedy (他说揉揉就好了)
  is not an outcome reached.
- A reassurance on a lay person's word (邻居说这蛇没毒) that the sentence then turns
  against (可…, 但…) is no fact that rules the emergency out.
- A reading asked about (血糖仪显示HI是什么意思) and then told as the patient's own, just
  measured (我爸刚测的), is a report.

- A question to learn how to notice a danger (怎么才能发现…) or why a remedy or a sign
  (为什么要先用…冲, 为什么会出现…), asked of no one in particular, is no report.
- Fetal movements told as usual (动得跟平时一样) keep the classifier from calling them
  reduced, as 胎动跟平时一样 did.

Each emergency has a look-alike the same words must still set aside.  Sentences written
for this file."""

from __future__ import annotations

import pytest
from redflag_support import flagged_case

from intents.normalize import safety_text
from intents.redflags import assess


def rules(text: str):
    return assess(safety_text(text))


# ------------------------------------------------------------ 这回 opens this episode
def test_this_time_reopens_a_long_standing_trouble():
    text = "我爸七十多了，前列腺是老毛病，这回从中午到现在一直尿不出来，肚子胀得鼓鼓的"
    assert "acute_urinary_retention" in [f.category for f in rules(text).flags]


def test_a_long_standing_trouble_without_this_time_stays_set_aside():
    text = "我爸前列腺老毛病了，平时经常尿不出来，要等半天才尿得出，要调药吗"
    assert not rules(text).flags
    assert not flagged_case(text)


# ------------------------------------------------------------ bouts of today
def test_per_bout_words_after_a_count_of_bouts_measure_this_episode():
    text = "怀孕34周了，今天半小时里肚子紧了4回，每回都一分钟左右，内裤上有血"
    assert "pregnancy_bleeding" in [f.category for f in rules(text).flags]


def test_per_bout_words_of_a_habit_still_govern():
    text = "孕30周，每次走路多了肚子就发紧，还有一点点褐色分泌物，正常吗"
    assert not rules(text).flags
    assert not flagged_case(text)


# ------------------------------------------------------------ the what-if ends
def test_a_what_if_does_not_reach_a_mention_told_up_to_now():
    text = (
        "医生说过要是尿不出来就得来急诊，我爸78岁，从早上9点到现在下午5点一滴尿都没有，小肚子胀痛"
    )
    result = rules(text)
    assert not result.set_aside("acute_urinary_retention")


def test_a_what_if_still_holds_its_own_mention():
    text = "医生说如果从早上到现在都没尿就要去急诊，这个说法对吗"
    assert not rules(text).flags
    assert not flagged_case(text)


# ------------------------------------------------------------ outcomes believed
@pytest.mark.parametrize(
    "text",
    [
        "洗衣液溅到眼睛里了，点了几滴眼药水，以为就好了，可这会儿疼得睁不开眼",
        "木屑飞进我老公眼睛里，他说揉揉就好了，揉了半天，现在眼睛红得睁不开",
    ],
)
def test_an_outcome_believed_or_promised_is_not_reached(text):
    assert not rules(text).set_aside("eye_injury")


@pytest.mark.parametrize(
    "text",
    [
        "洗衣液溅到眼睛里，马上用清水冲了十几分钟就好了，现在不疼也不红",
        "沙子进眼睛了，揉一揉就出来了，现在没感觉了",
    ],
)
def test_an_outcome_told_is_still_an_outcome(text):
    assert rules(text).set_aside("eye_injury")
    assert not flagged_case(text)


# ------------------------------------------------------------ a lay reassurance turned against
def test_a_lay_reassurance_turned_against_is_no_fact():
    text = "我爷爷在菜园被蛇咬了手，邻居说这种蛇没毒，但他手上两个牙印一直在渗血，手背肿了"
    assert "snake_bite" in [f.category for f in rules(text).flags]


def test_a_lay_reassurance_left_standing_still_counts():
    text = "朋友说这种蛇没毒，我手上就两个小红点，不疼不肿"
    assert not rules(text).flags
    assert not flagged_case(text)


# ------------------------------------------------------------ a reading asked about, then owned
def test_a_reading_asked_about_then_told_as_just_measured_is_a_report():
    turns = [
        "请教一下，血糖仪屏幕上出现HI是啥意思",
        "我老公刚才自己测的",
        "他觉得是仪器出毛病了，可他现在吐了好几次，叫他反应也慢",
    ]
    assert "dka" in flagged_case(turns)


def test_a_reading_only_asked_about_stays_a_question():
    turns = ["请教一下，血糖仪屏幕上出现HI是啥意思", "我在网上看到的，家里没人测"]
    assert not flagged_case(turns)


# ------------------------------------------------------------ questions that learn, not reports
# (how to notice a danger early: 怎么才能发现…; why a remedy or a sign: 为什么要先用…冲,
# 为什么会出现…) — the report of the same sign stays an emergency
@pytest.mark.parametrize(
    ("report", "category", "question"),
    [
        (
            "孩子刚才说不想活了，手腕上有好几道自己划的口子，还在流血",
            "suicide_self_harm",
            "想问问家长平时怎么才能发现孩子有没有自残的倾向",
        ),
        (
            "眼睛刚溅进了强碱，现在睁不开，疼得厉害",
            "eye_injury",
            "眼睛进了强碱为什么要用大量流水冲，而不是去医院再处理",
        ),
        (
            "我爸胸口压着疼，左胳膊也疼，一直出冷汗",
            "cardiac_chest_pain",
            "心梗为什么会出现左胳膊疼和出冷汗",
        ),
        ("我妈血糖2.1，浑身冷汗，叫她反应很慢", "hypoglycaemia", "低血糖为什么会有手抖和出冷汗"),
    ],
)
def test_a_question_to_learn_is_no_report(report, category, question):
    assert category in flagged_case(report)
    assert not flagged_case(question)


# ------------------------------------------------------------ movements told as usual
def test_movements_told_as_usual_do_not_let_the_classifier_call_them_reduced():
    assert "reduced_fetal_movement" in flagged_case(
        "孕35周，宝宝从早上到现在一直没动，拍肚子也没反应"
    )
    assert not flagged_case("怀孕36周，宝宝动得跟往常一样勤，就是胎动的感觉从上面换到下面了")

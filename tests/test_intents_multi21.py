"""Several items in one message (intents/knowledge/red_flags.yml): a question about a
hospital service asked first (能不能陪护？再就是…) does not make the whole message a how-to
when the later item tells a relative's case in formal or in-law kin words (家母, 父亲, 老伴,
婆婆) or from a moment such as 今晨, 昨夜; and a time one cannot hold out until (撑不到那时候了)
is no what-if over the act told after it (我已经吃了很多药). How-to questions about no one
and true what-ifs (到时候要是…) stay calm.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check, flagged

KIN_AFTER_A_QUESTION = [
    (
        "先问个事，住院能不能陪护？再就是家母今晨突发胸痛、气促，咳痰带血，一条腿肿得厉害",
        "pulmonary_embolism",
    ),
    ("请问医院停车场在哪？另外我父亲刚才突然胸口压着疼，出冷汗，喘不上气", "cardiac_chest_pain"),
    ("想问下探视时间，还有就是老伴今晨起来嘴歪了，说话含糊，右手没劲", "stroke"),
    ("能不能线上复诊？再就是婆婆昨夜开始胸口剧痛，出了一身冷汗", "cardiac_chest_pain"),
    ("问一下挂号怎么退？另外岳母今晨突然一边手脚不能动，说话不清楚", "stroke"),
    ("医保能报销吗？还有母亲突然喘不上气，嘴唇发紫", "severe_breathlessness"),
]

CANNOT_HOLD_OUT = [
    "想约个精神科号，不过我今天可能撑不到那时候了，我已经吃了很多药",
    "挂了下周的心理门诊，可我等不到那时候了，刚吞了一整瓶安眠药",
    "医生让我下个月复诊，我撑不到那时了，已经割了手腕，血止不住",
    "心理咨询约在周五，我等不到那时候了，我刚把一板药全吃了",
]

CALM = [
    "先问个事，住院能不能陪护？再就是家母想约个心内科复诊",
    "请问医院停车场在哪？另外我父亲想做个体检",
    "胸痛有什么症状？怎么判断是不是心梗",
    "到时候要是咳血了要不要去急诊",
    "下周的号太远了，我撑不到那时候，能不能约早一点，最近睡不好",
]


@pytest.mark.parametrize(("text", "category"), KIN_AFTER_A_QUESTION)
def test_a_relatives_case_after_a_service_question_is_told(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize("text", CANNOT_HOLD_OUT)
def test_a_time_one_cannot_hold_out_until_is_no_what_if(text: str) -> None:
    assert flagged(text), text


@pytest.mark.parametrize("text", CALM)
def test_questions_and_true_what_ifs_stay_calm(text: str) -> None:
    check(text, None)

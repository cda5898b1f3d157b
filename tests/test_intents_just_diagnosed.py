"""A danger diagnosed today (intents/knowledge/red_flags.yml, word class just_found): 刚查出
脑梗 / 刚检查出心梗 tell a stroke or a heart attack found today, not a history, so the
category is named as surely as by 脑梗了 / 急性心梗. A diagnosis of an earlier year and a
question about a diet stay calm.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check

FOUND_TODAY = [
    ("我爸刚查出脑梗，医生让赶紧住院", "stroke"),
    ("我妈刚检查出脑出血", "stroke"),
    ("我妈刚检查出心梗，医生让马上放支架", "cardiac_chest_pain"),
    ("老公今天确诊心肌梗死，在等手术", "cardiac_chest_pain"),
]

EARLIER = [
    "去年查出心梗，放了支架，现在挺好",
    "我爸三年前查出脑梗，现在能走路，想复查",
    "刚查出心梗的人饮食要注意什么",
]


@pytest.mark.parametrize(("text", "category"), FOUND_TODAY)
def test_a_danger_diagnosed_today_is_named(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize("text", EARLIER)
def test_an_old_diagnosis_or_a_diet_question_stays_calm(text: str) -> None:
    check(text, None)

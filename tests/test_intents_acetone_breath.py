"""Ketones and a usual sugar told in family words (intents/knowledge/red_flags.yml): a
breath that smells of nail-polish remover (呼出来的气有股指甲油的味道: acetone) is the
fruity breath of ketoacidosis, and a usual sugar in the teens (血糖平时十几) is a known
diabetes. Both are facts the classifier's verdict of ketoacidosis needs. A room that smells
of nail polish or thinner, and a diabetic asking to adjust the drugs, stay calm.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check

KETOSIS = [
    "儿子呼出来的气有股指甲油的味道，一直吐，叫他没什么反应",
    "我妈血糖平时十几，这两天感冒，吐了，人很困",
    "女儿嘴里一股洗甲水的味儿，肚子疼，吐了好几回",
]

CALM = [
    "指甲油的味道太大了，闻着头晕",
    "我血糖平时十几，想调一下药，挂内分泌科",
    "屋里一股香蕉水的气味，刷油漆呢",
]


@pytest.mark.parametrize("text", KETOSIS)
def test_acetone_breath_or_a_usual_high_sugar_with_vomiting_is_ketoacidosis(text: str) -> None:
    check(text, "dka")


@pytest.mark.parametrize("text", CALM)
def test_a_smelly_room_or_a_drug_question_stays_calm(text: str) -> None:
    check(text, None)

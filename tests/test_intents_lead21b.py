"""A question about a condition asked first and then the case of a named person (酮症酸中毒
有什么症状？我孩子呼吸很深，一直吐): the question does not cover the later sentence that opens
with the person it happens to, and the family's own suspicion named (酮症酸中毒) stands for a
diabetes not yet named when its signs are told."""

import pytest

from tests.redflag_support import flagged


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("酮症酸中毒有什么症状？我孩子呼吸很深，一直吐，很困", "dka"),
        ("低血糖有什么症状？我爸打完胰岛素出冷汗手抖，说话糊涂", "hypoglycaemia"),
        ("心梗有什么症状？我爸胸口压着疼，满头大汗", "cardiac_chest_pain"),
        ("中风是什么表现？我妈一边手脚突然没劲了，嘴也歪了", "stroke"),
        # a wish to learn first does not cover "是不是要马上去医院", asked of the case at hand
        (
            "想先了解一下，宝宝出生十天，今天不吃奶一直睡，叫不太醒，是不是要马上去医院",
            "neonatal_danger",
        ),
        ("提前问问，我妈今天突然一边手脚没劲，说话不清，是不是要马上去医院", "stroke"),
    ],
)
def test_the_case_told_after_the_question_is_read(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "中风有什么症状？我妈以前中风过，现在恢复得挺好",
        "心梗有什么症状？我爸有冠心病，一直吃药控制得挺好",
        "低血糖有什么症状？我孩子刚确诊糖尿病，想提前了解",
        "酮症酸中毒有什么症状？",
        "酮症酸中毒有什么症状，是不是呼吸很深、会吐",
        "我孩子以前得过酮症酸中毒，现在控制得很好",
    ],
)
def test_a_question_with_no_case_at_hand_stays_calm(text: str) -> None:
    assert not flagged(text)

"""Signs told mildly but with what makes them acute, and the look-alikes that stay calm
(our own wordings, one table per mechanism).

- a mild word (有点闷, 有点疼) does not cancel a sign whose sentence goes on with its acute
  features (a cold sweat, 二十多分钟了, 三四个小时了, no relief with rest): the rules count it;
- a testicular pain of some hours is an acute scrotum whatever the adjective (not days);
- a heavy chest (胸口发沉) is a chest pressure;
- a bare reading in the fever range (45天的宝宝 38.3) is a temperature unless a unit or a
  measured word makes it another number;
- a sign still going on (压了十分钟还在流) is someone's, not a how-to question;
- a bright ring or flashes at the edge of sight are a visual disturbance (pre-eclampsia);
- a nerve-root cause named (腰椎间盘突出) explains a numbness of the leg alone, not of the
  arm, face or half the body;
- fluid in the underwear said not to be there is a denial.
"""

import pytest
from redflag_support import emergency, flagged

from intents.normalize import safety_text
from intents.redflags import assess


def rules(text: str) -> list[str]:
    """The categories the catalogue's rules alone find (no classifier)."""
    return [f.category for f in assess(safety_text(text), {}).flags]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("我爸胸口有点闷，已经二十多分钟了，一直在出冷汗", "cardiac_chest_pain"),
        ("小伙子睾丸有点疼，三四个小时了，走路也别扭", "testicular_torsion"),
        ("大学生，左边蛋蛋有点疼，两个多小时了", "testicular_torsion"),
        ("我58了，胸口发沉，往左胳膊窜，有点恶心", "cardiac_chest_pain"),
        ("孕36周，看东西边上一圈亮亮的", "preeclampsia"),
        ("孕34周，眼前一闪一闪的亮光，头有点胀", "preeclampsia"),
    ],
)
def test_the_rules_read_an_understated_sign_with_its_acute_features(
    text: str, category: str
) -> None:
    assert category in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "胸口有点闷，一会儿就好了",
        "最近经常有点胸闷，是不是更年期",
        "胸口有点闷，跑了五分钟步",
        "右边睾丸有点胀，好几个月了，久坐更明显",
        "睾丸有点疼，两三天了，尿尿也有点疼",
        "胸口有点沉，感冒咳嗽一周了",
    ],
)
def test_a_mild_sign_without_acute_features_stays_calm(text: str) -> None:
    assert not emergency(text), flagged(text)


@pytest.mark.parametrize(
    ("text", "calm"),
    [
        ("45天的宝宝 38.3", False),
        ("50天的宝宝，刚量了一下38.6，哭闹", False),
        ("宝宝两个月，体重5.6，今天吃奶很好", True),
        ("五岁孩子体重18.5公斤，正常吗", True),
        ("宝宝50天，买的奶粉38.5元一罐", True),
        ("宝宝两个月，今天36.9，吃奶很好", True),
    ],
)
def test_a_bare_reading_in_the_fever_range_is_a_temperature(text: str, calm: bool) -> None:
    assert ("infant_fever" not in flagged(text)) is calm, flagged(text)


@pytest.mark.parametrize(
    ("text", "calm"),
    [
        ("切菜切到手腕，纱布按了好久还在流，外科门诊几点开", False),
        ("流鼻血不止的话，门诊几点开", True),
        ("手指划了个小口子，门诊几点开门", True),
    ],
)
def test_a_sign_still_going_on_is_no_how_to_question(text: str, calm: bool) -> None:
    assert emergency(text) is not calm, flagged(text)


@pytest.mark.parametrize(
    ("text", "calm"),
    [
        ("腰椎间盘突出，左小腿外侧有点麻，大小便正常", True),
        ("坐骨神经痛犯了，右边大腿后面发麻，能走路", True),
        ("坐骨神经痛好多年，今天突然左边胳膊抬不起来，嘴也歪了", False),
        ("有腰突，刚才突然右边手脚都没劲", False),
        ("腰突好几年，刚才右边半边身子突然没劲", False),
    ],
)
def test_a_nerve_root_cause_explains_a_leg_only_numbness(text: str, calm: bool) -> None:
    assert ("stroke" not in flagged(text)) is calm, flagged(text)


@pytest.mark.parametrize(
    ("text", "calm"),
    [
        ("孕32周，内裤干干的，没流水，就是腰酸", True),
        ("怀孕31周，内裤没有流水，白带有点多", True),
        ("孕35周，内裤一直在流水，止不住", False),
    ],
)
def test_fluid_in_the_underwear_denied_is_no_leak(text: str, calm: bool) -> None:
    assert ("ruptured_membranes" not in flagged(text)) is calm, flagged(text)

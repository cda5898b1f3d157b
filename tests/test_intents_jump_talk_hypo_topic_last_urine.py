"""Three readings of the catalogue (intents/knowledge/red_flags.yml), sentences written
for this file:
- the classifier's low blood sugar needs a word of its topic besides diabetes (a sign, a
  reading, a meal, insulin, sugar given): a question about which diabetes medicine a
  pregnant woman may take is information, not an emergency (`hypo_topic`);
- a person who says they will jump, at a dangerous place, is a suicide emergency
  (`jump_talk`), and dancing or skipping on a roof terrace is not a jump;
- the hours since a child last passed urine (最后一次尿是12小时前) tell a long time
  without urine (`no_urine_long`); two hours do not."""

import pytest
from redflag_support import flagged

from intents.normalize import safety_text
from intents.redflags import assess, model_allowed


def allowed(category: str, text: str) -> bool:
    return model_allowed(category, assess(safety_text(text), {}))


@pytest.mark.parametrize(
    "text",
    [
        "我爸有糖尿病，今天浑身冒汗，叫他不太应",
        "我妈有糖尿病，饭没吃几口，现在说话含含糊糊的",
    ],
)
def test_low_blood_sugar_with_a_word_of_its_topic_passes_the_gate(text):
    assert allowed("hypoglycaemia", text)


@pytest.mark.parametrize(
    "text",
    [
        "我姐有糖尿病，现在怀孕了，降糖药还能不能接着吃",
        "糖尿病十年了，二甲双胍要吃一辈子吗",
    ],
)
def test_diabetes_alone_does_not_pass_the_gate(text):
    assert not allowed("hypoglycaemia", text)


@pytest.mark.parametrize(
    "text",
    [
        "男朋友打电话说他在江边，说要跳",
        "我妹妹站在天台上，说想往下跳",
    ],
)
def test_talk_of_jumping_at_a_dangerous_place_is_a_suicide_emergency(text):
    assert "suicide_self_harm" in flagged(text)


@pytest.mark.parametrize("text", ["我们几个在天台跳舞，有人扭了脚", "周末在楼顶跳绳，膝盖有点疼"])
def test_dancing_or_skipping_on_a_roof_is_no_jump(text):
    assert "suicide_self_harm" not in flagged(text)


def test_hours_since_the_last_urine_tell_a_long_time_without_it():
    assert "child_dehydration" in flagged("孩子上吐下泻一天了，最后一次尿是十个小时前")
    assert "child_dehydration" not in flagged("孩子拉肚子，最后一次尿是两个小时前，精神挺好")

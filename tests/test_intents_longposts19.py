"""Long posts whose sign is told as going on, or told and then named (intents/redflags.py).

A doctor's word told after a sign no longer closes it when the sign is said to be still
going on before that word (全是鲜血，还在往下流。产检的时候医生说我胎盘低), nor when the
word is set at an earlier visit by a past-time word of its own later sentence (…他说有点晕。
上次查INR是3.2，医生说偏高): the verdict speaks of that visit, not of this bleed.

A sign told in the perfect in a first clause (孕晚期流水了) makes the question that follows
to name it (怎么判断是不是破水？) a question about a present case, not a lesson.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check

STILL_BLEEDING = [
    "我妈一直吃华法林，下午切菜切到手指，开始觉得没事，贴了创可贴。结果血一直往外冒，"
    "纱布换了好几块都湿透了，按了半个多小时还在流。上次复查医生说INR有点高。",
    "老公在吃利伐沙班，刚才刮胡子划了个口子，压了四十分钟还在流血，毛巾都湿透了。"
    "去年医生说他房颤要长期吃药。",
    "我爷爷腿上蹭破了，按着一个多小时了血还是止不住，纱布全湿了，人有点晕。"
    "上次住院医生说他血小板低。",
    "孩子鼻子流血两个小时了还在流，纸巾用了一大包都止不住，上次体检医生说他有点贫血。",
    "手被玻璃割了，血一直在流，按了半小时还是往外涌，毛巾都湿透了。上周体检医生说我凝血有点慢。",
]

PREGNANT_STILL_BLEEDING = [
    "怀孕三十四周，刚才上厕所发现出了好多鲜血，还在往下流。上次产检医生说我是前置胎盘。",
    "我老婆怀孕32周，刚才突然下面出血，把裤子都浸透了，现在还在流。"
    "产检的时候医生说她胎盘低，让她少动。",
    "怀孕七个月了，晚上起夜发现卫生巾全是血，还在一直流，不疼。之前医生说我胎盘有点低。",
    "孕30周，下面流了很多鲜红的血，到现在还在流，肚子不太疼。上个月产检医生说胎盘位置低。",
]

TOLD_THEN_NAMED = [
    "孕晚期流水了，怎么判断是不是破水？要马上去医院吗？",
    "怀孕38周，下面一直流水了，怎么判断是不是破水？",
    "怀孕36周，刚才裤子突然湿了，怎么判断是不是羊水破了？",
    "孕37周，下面流水了，这是不是破水啊？",
    "我老婆怀孕35周，刚刚下面流水了，算不算破水？",
    "孕39周，刚刚内裤一下子湿了一大片，是不是破水了？",
]

CALM = [
    # a question only, or a thing that is no leak, or a leak denied
    "孕晚期流水怎么判断是不是破水？",
    "怎么判断是不是破水？",
    "孕晚期喝水了，怎么判断是不是破水？",
    "怀孕八个月，没流水，怎么判断是不是破水",
    "怀孕36周，裤子没湿，怎么判断是不是羊水破了？",
    # a doctor's word at an earlier visit, with nothing going on now
    "手划了个口子，流了点血，按了一会儿就止住了，上次体检医生说我血小板正常。",
    "怀孕三十周，前几天有点见红，医生说是宫颈炎，现在没有了。",
    "我妈在吃华法林，上次查INR是3.2，医生说偏高，请问抗凝门诊周几开？",
    "怀孕31周，产检的时候医生说我胎盘位置有点低，让我少活动，想改一下糖耐检查时间。",
    "鼻子出血一直流，后来去医院医生说是鼻炎，现在已经止住了。",
    # the visit made for this very sign (its past word in the same sentence) still closes it
    "孩子刚生下来时总是抽动，有一次抽厉害了去医院仔细检查医生说是癫痫，治疗癫痫多少钱？",
]


@pytest.mark.parametrize("text", STILL_BLEEDING)
def test_a_bleed_still_going_is_not_closed_by_an_earlier_doctors_word(text: str) -> None:
    check(text, "uncontrolled_bleeding")


@pytest.mark.parametrize("text", PREGNANT_STILL_BLEEDING)
def test_a_pregnant_bleed_still_going_is_not_closed_by_an_antenatal_word(text: str) -> None:
    check(text, "pregnancy_bleeding")


@pytest.mark.parametrize("text", TOLD_THEN_NAMED)
def test_a_leak_told_then_named_is_a_present_case(text: str) -> None:
    check(text, "ruptured_membranes")


@pytest.mark.parametrize("text", CALM)
def test_questions_and_closed_episodes_stay_calm(text: str) -> None:
    check(text, None)

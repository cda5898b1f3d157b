"""A case at hand asked as a question: the event told in the perfect (误喝了农药, 被蛇咬了,
从高处摔下来) or a state told (胎动少, 尿不出来) and right after it a question of what to do
(要先催吐吗, 应该怎么处理, 能不能随便移动) or of whether and where to go (要去医院吗, 挂什么
科) is a report, not a general-knowledge question (``redflags._asked_as_case``); an elderly
person who cannot pee, asked where to go, and a child's diarrhoea with little urine are
emergencies.  The same words asked about in general (…为什么…, …一般是什么原因), after a
question already asked or with a case supposed (万一…, 怎么预防…) stay calm.  Sentences
written for this file."""

import pytest
from redflag_support import flagged


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("误服了老鼠药要先催吐吗", "chemical_poisoning"),
        ("喝了百草枯要先喝水吗", "chemical_poisoning"),
        ("误喝了洗洁精能不能先喝牛奶", "chemical_poisoning"),
        ("被蛇咬了应该怎么处理", "snake_bite"),
        ("被五步蛇咬了要不要先绑住腿", "snake_bite"),
        ("孕后期胎动变少要去医院吗", "reduced_fetal_movement"),
        ("孕晚期胎动少要去医院吗？", "reduced_fetal_movement"),
        ("从梯子上摔下来能不能扶起来", "major_trauma"),
        ("从房顶摔下来了能不能随便挪动", "major_trauma"),
        ("从高处摔下来能不能随便移动？", "major_trauma"),
    ],
)
def test_an_event_told_then_what_to_do_or_where_to_go_is_a_case(text, category):
    assert category in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "孩子拉肚子尿少要去医院吗",
        "孩子拉肚子尿少挂什么科",
        "小孩上吐下泻尿也少怎么办",
        "孩子拉肚子尿少要去急诊吗？",
        "闺女腹泻一天了，尿很少",
    ],
)
def test_a_child_with_diarrhoea_and_little_urine_is_dehydrated(text):
    assert "child_dehydration" in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "老人尿不出来要去哪个科？",
        "老人尿不出来挂什么科",
        "老爷子尿不出来了看哪个科",
        "我爷爷尿不出来了，要不要去医院",
        "外婆尿不出来，要去急诊吗",
    ],
)
def test_an_elderly_person_who_cannot_pee_asked_where_to_go_is_retention(text):
    assert "acute_urinary_retention" in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "被蛇咬伤后为什么不能用嘴吸？",
        "胎动减少一般是什么原因",
        "喝农药的人为什么要洗胃",
        "怎么预防蛇咬，被咬了怎么处理",
        "万一喝了农药要先催吐吗",
        "孕晚期胎动少正常吗",
        "孕晚期胎动减少说明什么",
        "被蛇咬伤后第一时间怎么处理",
        "老人经常尿不出来挂什么科",
        "老人尿不出来一般是什么原因",
        "听说老人憋尿憋久了会尿不出来，要是真发生了，在家能先怎么处理？",
        "孩子拉肚子怎么预防脱水",
        "被蛇咬了能不能用嘴吸毒？",
        "喝了农药能不能用肥皂水催吐",
    ],
)
def test_the_same_words_asked_in_general_stay_calm(text):
    assert flagged(text) == [], (text, flagged(text))

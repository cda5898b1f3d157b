"""A pregnancy and diabetes told without being named: a test done only in pregnancy
(唐筛, 四维彩超), a wife's belly grown big, the child carried (怀的老二), the time left to
the birth (离生还有三周, 下周就要生了, Cantonese 还有一个月先生), a friend's pregnancy just
found (女朋友有宝宝了刚查出来), a caesarean told with a recent time (前天在这剖腹产的), waters
broken told without 羊水 (水好像破了); a diabetic who pricks a finger for sugar every day.
For each mechanism a reading that must hold and a look-alike that must not; our own
wordings, not taken from any evaluation set."""

import pytest
from redflag_support import flagged
from redflag_support import pregnancy_read as _pregnant

from intents.ages import postpartum, pregnancy_implied, pregnancy_weeks
from intents.normalize import safety_text


# ---------------------------------------------------------------- pregnancy cues
@pytest.mark.parametrize(
    "text",
    [
        "上礼拜刚做的唐筛，今天早上起来眼睛发花，头也胀痛",
        "我爱人肚子都这么大了，今天两条腿肿得发亮",
        "她肚子已经挺大了，刚才在楼梯上绊了一跤",
        "老婆怀的是老二，这几天老说心口下面疼",
    ],
)
def test_a_pregnancy_told_by_a_cue(text: str) -> None:
    assert pregnancy_implied(safety_text(text)) is not None
    assert _pregnant(text)


@pytest.mark.parametrize(
    "text",
    [
        "我老婆肚子好大，吃完火锅胀得难受",  # a bloated belly
        "我老公啤酒肚子很大，血压有点高",  # a man's belly
        "啤酒肚，大肚子，血压170头痛",  # a bare big belly
        "她肚子大便不通好几天了",  # bowels, not a big belly
        "当年怀的二胎是个女儿，现在上初中了",  # an earlier pregnancy
    ],
)
def test_a_big_belly_or_an_old_pregnancy_is_no_pregnancy_now(text: str) -> None:
    assert not _pregnant(text)


# ---------------------------------------------------------------- time left to the birth
@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("离生还有三周，今天一直头疼", 36, 38),
        ("我嫂子下周就要生了，今天脸肿得厉害", 34, 38),
        ("我老婆还有一个月先生，今天见红了", 34, 37),
    ],
)
def test_the_time_left_tells_the_weeks(text: str, low: float, high: float) -> None:
    weeks = pregnancy_weeks(safety_text(text))
    assert weeks is not None and low <= weeks <= high


@pytest.mark.parametrize(
    "text",
    [
        "下周就要过生日了，想问体检能不能改期",
        "还有一个月先生回来，我想先把牙看了",  # 先生 of a husband, the clause goes on
    ],
)
def test_a_birthday_or_a_husband_is_no_birth_due(text: str) -> None:
    assert pregnancy_weeks(safety_text(text)) is None


# ---------------------------------------------------------------- a friend's pregnancy found
def test_a_pregnancy_just_found() -> None:
    assert _pregnant("女朋友有宝宝了才查出来，下午开始小肚子疼")
    assert not _pregnant("女朋友有宝宝了吗？我们还没去查")


# ---------------------------------------------------------------- a recent caesarean
def test_a_caesarean_told_with_a_recent_time_is_postpartum() -> None:
    assert postpartum(safety_text("我是前天在你们这剖腹产的，现在头疼得厉害"))
    assert not postpartum(safety_text("我儿子是剖腹产的，现在八岁了"))


# ---------------------------------------------------------------- waters and diabetes
def test_waters_broken_told_without_the_word() -> None:
    assert "ruptured_membranes" in flagged("怀孕三十四周，刚才水好像破了，裤子全湿了")
    assert not flagged("家里的水管好像破了，厨房地上都是水，物业电话多少")


@pytest.mark.parametrize(
    "text",
    [
        "我爸天天扎手指测血糖，今天测了三十多，吐了好几回，人没精神",
        "她每天测糖，早上二十九，一直吐",
    ],
)
def test_a_finger_prick_every_day_tells_diabetes(text: str) -> None:
    assert "dka" in flagged(text)


def test_a_finger_prick_once_for_a_check_is_calm() -> None:
    assert not flagged("体检时扎手指测了个血糖，5.6，正常吗")

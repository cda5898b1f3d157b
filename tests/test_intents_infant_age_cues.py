"""An infant's age told by what the baby does or has, or by where its mother is, with
no number: the cord stump not yet off, the first milestones not yet reached, the month
or hundred-day celebration or the 42-day check still ahead, the mother's milk just come
in, her stitches just out or her confinement, the day she gave birth.  Only cues of the
first weeks or months: night feeds or nappies tell no age, a cue told of a child long
grown is none now.  Our own wordings, not taken from any evaluation set."""

import pytest
from redflag_support import flagged

from intents.ages import infant_age_days
from intents.normalize import safety_text

U3M = 91.5


@pytest.mark.parametrize(
    "text",
    [
        "我家小子肚脐那块的脐带到现在都还没掉，今天有点热",
        "脐带昨天才掉的，孩子身上烫",
        "闺女头还抬不起来，这两天有点咳",
        "我家这个还不会冲人笑，身上有点热",
        "娃的百天照都没拍，今天吐了两回",
        "我们家满月宴还没办呢，小家伙今天烫烫的",
        "四十二天复查约在后天，现在体温有点高",
        "我这边奶才刚下来，宝宝脸上红红的",
        "顺产完还在住院，宝宝在新生儿科",
        "我在月子会所，孩子今天不太吃",
        "宝宝出生后还没打乙肝第二针，手脚发凉",
    ],
)
def test_age_told_by_a_cue_of_the_first_months(text: str) -> None:
    days = infant_age_days(safety_text(text))
    assert days is not None and days <= U3M


@pytest.mark.parametrize(
    "text",
    [
        "孩子一岁多了还在吃夜奶，今天有点烫",  # night feeds: any age
        "娃还穿着尿不湿，今天发烧了",  # nappies: any age
        "老大脐带没掉的时候也发过烧，现在三岁了",  # a moment long over
        "孩子得了百日咳，咳得厉害",  # a disease, no celebration
        "我姐在吃牛初乳粉，说能提高免疫力",  # a supplement
        "我昨天才生完病，头有点晕",  # an illness over, no birth
    ],
)
def test_no_age_from_a_cue_of_any_age(text: str) -> None:
    days = infant_age_days(safety_text(text))
    assert days is None or days > U3M


def test_delivery_day_told_by_the_mother() -> None:
    assert infant_age_days(safety_text("我今天凌晨才生完，宝宝现在皮肤有点黄")) == 1.0
    assert infant_age_days(safety_text("我今天凌晨才生完，肚子还疼")) is None


def test_infant_fever_by_a_cue_is_flagged_and_an_older_baby_is_not() -> None:
    assert "infant_fever" in flagged("宝宝脐带都还没掉，刚量体温三十八度五")
    assert "infant_fever" not in flagged("宝宝十个月了还在吃夜奶，今天三十八度，精神很好能吃能玩")

"""An infant's age read wherever the family tells it about the same baby: as a clause of
its own at the end of the news (…烧到三十八度四了，才七周), as the speaker's own (我家这个才
六十来天), as a turn of its own with its days (一个月零十天), right before the fever (娃六十天
发热), before 就 (才五十天就烧到), by the mother's confinement told anywhere in the message,
or by a dose of the schedule due in the next days.  An older child's, a past episode's, a
fever's own count of days, or a later dose are not read as the baby's age.  Our own
wordings, not taken from any evaluation set."""

import pytest
from redflag_support import flagged_case

from intents.ages import infant_age_days
from intents.normalize import safety_text

U3M = 91.5


def _days(text: str) -> float | None:
    return infant_age_days(safety_text(text))


@pytest.mark.parametrize(
    ("emergency", "lookalike"),
    [
        # the age as a clause of its own after the fever, not a few days of illness
        (
            "宝宝下午量体温三十八度三，退了又起来了，才七周",
            "宝宝下午量体温三十八度三，咳得厉害，才两天",
        ),
        # the speaker's own baby, with no baby word at the age
        (
            "老人说发烧没事，我家这个才六十来天，烧到三十八度四",
            "老人说发烧没事，我家这个烧了两天，三十八度四",
        ),
        # a count of months with its days, a turn of its own
        (
            ["孩子发烧了咋办", "一个月零十天", "三十八度七"],
            ["孩子发烧了咋办", "一岁零两个月", "三十八度七"],
        ),
        # days right before the fever: an age from ten days, not a fever that goes on
        ("娃六十天发热三十八度二，要去医院吗", "娃三天发烧不退，三十八度二，要去医院吗"),
        # a word of the age now before 就
        ("宝宝才五十天就烧到三十八度五了", "宝宝才三天就退烧了，前两天最高三十八度五"),
        # the mother's confinement told apart from the baby's fever
        (
            "在坐月子呢屋里暖气开得足，孩子额头烫，量了三十八度四",
            "我在坐月子，老大今天烧到三十八度五",
        ),
        # a dose of the schedule due in the next days
        (
            "宝宝后天该打乙肝第二针，今天量了三十八度三",
            "宝宝下周要打百白破第二针，今天量了三十八度三",
        ),
        # a fever never had before is no past episode; a fever had at an earlier age is
        (
            "宝宝从来没发过烧，这次烧到三十八度五，才六周",
            "宝宝两周大的时候也烧过，现在又烧到三十八度五",
        ),
        # an upper bound told after the count
        ("孩子烧到三十八度一，两个月还不到", "孩子烧到三十八度一，咳嗽两个月了"),
    ],
)
def test_infant_fever_when_the_age_is_told_anywhere(
    emergency: str | list[str], lookalike: str | list[str]
) -> None:
    assert "infant_fever" in flagged_case(emergency)
    assert "infant_fever" not in flagged_case(lookalike)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("宝宝吃奶少还老睡，才二十来天", 20.0),
        ("宝宝三十八度，我家的才六周", 42.0),
        ("宝宝五十天体温三十八度六", 50.0),
        ("我家宝宝明天该打乙肝第二针，摸着烫", 29.0),
    ],
)
def test_the_age_read(text: str, days: float) -> None:
    assert _days(text) == days


@pytest.mark.parametrize(
    "text",
    [
        "宝宝发烧，才两天",  # how long the fever lasted
        "宝宝以前烧过一次三十九度，才两个月",  # a past episode
        "以前坐月子的时候宝宝发过烧，现在又发烧三十八度五",  # an earlier confinement
        "孩子三岁了，发烧，才两个月前打的疫苗",  # an older child
        "宝宝三天发烧不退",  # a fever's days
    ],
)
def test_no_infant_age_from_a_span_or_an_older_child(text: str) -> None:
    days = _days(text)
    assert days is None or days > U3M

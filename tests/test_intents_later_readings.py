"""A temperature read again later in the message (intents/entities.py): after a reading
told with its word or its place (低烧37.8, 测了37.9), a later bare reading (后来38.1, 过了
半小时38.3) is the same thermometer read again, and the highest reading counts. Before,
only the first reading was taken, so a baby's fever that rose to 38 was read as 37.8 and
the infant-fever gate said afebrile.

The look-alikes stay calm: a later reading that is lower or still under 38, a bare number
that is a weight or a jaundice value, a sugar reading.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check

import intents

ROSE_TO_FEVER = [
    "宝宝出生45天，低烧37.8，后来38.1",
    "娃才生下来二十多天，额头发烫，用体温枪测了37.9，过了半小时38.3",
    "闺女刚满月，下午低热37.5，晚上又烫了38.0",
    "孩子两个月，早上体温37.6，中午再量38.4",
    "五十天的宝宝腋温37.7，隔了一小时又量了一次38.2",
]

STAYED_UNDER = [
    "宝宝两个月，体温37.6，过了一会儿37.4",
    "宝宝出生40天，体温37.5，后来36.9",
    "宝宝两个月，体温37.5，体重5.2公斤",
    "宝宝50天，体温37.4，黄疸值12.5",
    "宝宝两个月，体温36.8，测了血糖是38.1吗",
]


@pytest.mark.parametrize("text", ROSE_TO_FEVER)
def test_a_fever_read_again_higher_counts(text: str) -> None:
    check(text, "infant_fever")


@pytest.mark.parametrize("text", STAYED_UNDER)
def test_a_later_reading_under_38_or_of_another_measure_stays_calm(text: str) -> None:
    check(text, None)


def test_the_entities_hold_every_reading() -> None:
    values = [
        e["value"]
        for e in intents.parse("宝宝出生45天，低烧37.8，后来38.1")["entities"]
        if e["entity"] == "temperature"
    ]
    assert values == [37.8, 38.1]

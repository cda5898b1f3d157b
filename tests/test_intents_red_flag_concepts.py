"""Concept-level rules of the catalogue: bleeding told by its effects, indirect suicide talk.

These go through the rules alone (``assess``), so each case fails if the catalogue entry
that carries it is removed, whatever the emergency classifier learned.
"""

import pytest

from intents.normalize import safety_text
from intents.redflags import assess


def rule_categories(text: str) -> list[str]:
    return [f.category for f in assess(safety_text(text)).flags]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("孕二十九周，醒来发现床单上红了一大块", "pregnancy_bleeding"),  # the effect, no 出血
        ("老婆大肚七个月，落咗好多血", "pregnancy_bleeding"),  # Cantonese pregnancy and 落红
        ("怀孕八个月，肚子硬得跟石头一样，疼了一小时不松", "pregnancy_bleeding"),  # abruption
        ("我弟说他只会给家里添麻烦，现在一个人在楼顶上", "suicide_self_harm"),  # burden + place
        ("我爸说活着没意思，打他电话一直关机", "suicide_self_harm"),  # despair + unreachable
        ("我妹把药瓶里的药全倒出来在床上数", "suicide_self_harm"),  # counting pills
        ("我妈抓着一瓶百草枯说如果你们逼她就喝", "suicide_self_harm"),  # conditional threat
    ],
)
def test_concepts_are_flagged_by_the_rules(text: str, category: str) -> None:
    assert category in rule_categories(text), text


@pytest.mark.parametrize(
    "text",
    [
        "我爸最近心情不好，总说给家里添麻烦",  # burden talk alone, no place, no silence
        "周末去江边散步，风景很好",  # a place alone
        "如果家里有农药，怎么放才安全",  # the means named, no one holding it, no threat
        "药盒里的药怎么分装，每天数着吃",  # pills, no pouring out
        "电话不接，可能在开会",  # unreachable alone
    ],
)
def test_parts_alone_are_not_flagged(text: str) -> None:
    assert "suicide_self_harm" not in rule_categories(text), text

"""A snake called harmless by the family is a guess (intents/knowledge/red_flags.yml,
snake_called_harmless): the 2018 Chinese snakebite consensus treats a bite of a snake
no expert has named as venomous until seen. "他说是菜花蛇没毒" used to veto the bite.
A kept snake of a known kind, a doctor's verdict and an old bite stay calm.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check

SAY_SO = [
    "我爷爷被蛇咬了，他说是菜花蛇没毒，不用去医院",
    "他说是菜花蛇没毒，可是我爸脚背上两个牙印，在山里被咬的",
    "老公被蛇咬了小腿，他觉得不是毒蛇，不想去医院",
    "外婆在菜园被蛇咬了，她以为是水蛇没毒，还在干活",
    "我妈上山砍柴被蛇咬了手，她自己讲那蛇没毒",
]

CALM = [
    "我养的玉米蛇咬了我一下，朋友说没毒，破了点皮",
    "医生说是无毒蛇，伤口消毒处理好了，现在没事",
    "被蛇咬了，医院检查说是无毒蛇咬伤，处理完回家了",
    "小时候被蛇咬过，老人说是没毒的，也没事",
    "家里养的宠物蛇咬了孩子手指一口，无毒的",
]


@pytest.mark.parametrize("text", SAY_SO)
def test_a_bite_of_a_snake_the_family_calls_harmless_is_an_emergency(text: str) -> None:
    check(text, "snake_bite")


@pytest.mark.parametrize("text", CALM)
def test_a_known_kept_snake_a_doctors_verdict_or_an_old_bite_stays_calm(text: str) -> None:
    check(text, None)

"""Emergencies the red-flag layer missed because a reading was not made, and their look-alikes.

Readings covered:
- a baby whose age is not told with two WHO IMCI general danger signs together (not able to
  feed, lethargic, floppy, cold all over and hard to warm, a weak cry): an emergency at any
  age under five, read as the newborn danger; one sign alone, cold hands, a content baby who
  does not cry, a soft stool or an older child stay calm.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged

BABY_TWO_SIGNS = [
    "小婴儿一下午都不肯吃奶，浑身软塌塌的",
    "宝宝今天拒奶，哭声特别弱",
    "我家宝宝身上冰冰凉，盖了两床被子也捂不热，还老是睡",
    "宝宝蔫蔫的，一天没怎么喝奶",
    "婴儿 拒奶 发凉 哭不出声",
    "我家宝宝身上凉凉的，被窝里焐了半天还是暖不过来",
]

BABY_CALM = [
    "宝宝手脚有点凉，后背是暖的",
    "宝宝一岁半了，这两天不爱吃饭，有点蔫",
    "宝宝吃奶香，哭声响亮，手脚暖和",
    "宝宝大便软软的，一直睡",
    "宝宝很乖，不哭不闹，一直睡",
    "宝宝睡得很香，一直睡到天亮，身上也不凉",
    "宝宝手脚冰凉，一直睡",
    "宝宝吃完奶一直睡，很乖不哭",
    "宝宝冰凉的小手，一直睡",
    "宝宝喝了几口奶茶，一直睡",
    "上个月宝宝不吃奶一直睡，住院治好了",
    "宝宝身上冰凉，后背是暖的，一直睡",
]


@pytest.mark.parametrize("text", BABY_TWO_SIGNS)
def test_a_baby_with_two_general_danger_signs_is_an_emergency(text: str) -> None:
    assert "neonatal_danger" in flagged(text)


@pytest.mark.parametrize("text", BABY_CALM)
def test_one_sign_cold_hands_or_a_content_baby_stay_calm(text: str) -> None:
    assert not flagged(text)

"""Two lay tellings of a sign (intents/knowledge/red_flags.yml):

- a near fall, 差点从凳子上栽下来 / 一头栽倒 (word class near_fall): the faintness of a
  patient who is losing blood or fainting, told by what it nearly made them do; 栽树,
  栽花 are planting;
- a newborn's navel whose redness spreads, 红了一大片 / 在往外扩 (WHO IMCI: umbilical
  redness extending to the skin is a possible serious bacterial infection); a navel red
  around it with some discharge is a local infection for the newborn clinic, and a navel
  a little red in a lively baby stays calm.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check

SIGNS = [
    ("我姥爷大便黑了好几天了，今天吃饭时差点从凳子上栽下来", "melaena"),
    ("我爸拉黑便，刚才在厕所一头栽倒了", "melaena"),
    ("奶奶大便发黑，站起来往前栽，被我扶住了", "melaena"),
    ("新生儿肚脐周围红了一大片，发烧37.8", "neonatal_danger"),
    ("宝宝出生十天，肚脐周围一圈都红了，在往外扩", "neonatal_danger"),
    ("二十天的宝宝脐带那里红了一大片，有点臭", "neonatal_danger"),
]

CALM = [
    "我爸在院子里栽树，大便有点黑，吃了猪血",
    "今天去栽花，腰有点酸",
    "宝宝满月了，肚脐有点红，没有脓，精神好",
    "新生儿脐带脱落后肚脐有点湿，消毒了",
    "新生儿肚脐周围有点红，有一点分泌物",
]


@pytest.mark.parametrize(("text", "category"), SIGNS)
def test_a_near_fall_or_a_spreading_red_navel_is_read(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize("text", CALM)
def test_planting_or_a_slightly_red_navel_stays_calm(text: str) -> None:
    check(text, None)

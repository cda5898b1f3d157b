"""A young baby's age told only by cues of its birth, and the look-alikes that stay calm.

Mechanisms: a baby home from hospital days ago with no illness named for the stay is
home from its birth (出院才N天, and such a discharge is the time since, not the signs
seen to and over); the mother's birth wound (stitches out since the caesarean, a fresh
episiotomy wound, lochia not yet over) and the delivery room she has just left; birth
customs (洗三 just held, 胎毛 not yet shaved); the BCG dose not yet made its scar;
jaundice not yet gone; the cue gate read from the cues themselves (拆完线).  A fever told
after a birth that is the mother's own is no fever of the baby.  Words: 喂…不张嘴 is a
refused feed, 黄得发亮 a deep jaundice.  A child's last passing of
urine told by two clock times (上次尿是早上6点，现在晚上7点) is a span of hours without urine.
Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged

from intents.ages import infant_age_days
from intents.normalize import safety_text

U3M = 91.5


@pytest.mark.parametrize(
    ("text", "most"),
    [
        ("娃娃出院才4天，今天哭得少", 28),
        ("我家宝宝刚出院没几天，出院第3天开始吐奶", 28),
        ("我剖宫产才拆完线，宝宝这两天拉得多", 28),
        ("剖腹产生的，我现在还在拆线后恢复，孩子今天有点咳", 28),
        ("顺产侧切，伤口还有点肿，孩子晚上老醒", 28),
        ("恶露都还没干净，宝宝一直打嗝", U3M),
        ("老婆刚从产房出来，孩子在旁边睡", 1.5),
        ("小孙女洗三才办完，这两天鼻子不通", 28),
        ("胎毛还没剃的小娃娃，手脚有点凉", U3M),
        ("卡介苗打的那个地方还没结痂，宝宝这两天有点咳", U3M),
        ("女儿黄疸都还没完全消，这两天老吐奶", U3M),
    ],
)
def test_age_told_by_a_cue_of_the_birth(text: str, most: float) -> None:
    days = infant_age_days(safety_text(text))
    assert days is not None and days <= most, days


@pytest.mark.parametrize(
    "text",
    [
        "孩子支气管肺炎住院，出院才5天，今天又咳",  # an illness stay
        "出院才一周，之前是因为腹泻住的院，孩子今天还拉",  # the stay's reason told after
        "宝宝8个月了，出院才3天",  # the age is told
        "我出院才5天，伤口还疼",  # no baby
        "洗三要准备什么东西，老人说要用艾叶",  # no time told
    ],
)
def test_no_birth_age_from_an_illness_stay_or_no_cue(text: str) -> None:
    days = infant_age_days(safety_text(text))
    assert days is None or days > 28, days


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("娃娃出院才4天，今天身上好烫，量了38.3", "infant_fever"),
        ("中午喂的奶，到晚上7点怎么弄都叫不醒，出院才第4天", "neonatal_danger"),
        ("顺产侧切，伤口还有点肿，我们家宝宝今天量了38.3度", "infant_fever"),
        ("老婆刚从产房出来，孩子皮肤已经发黄了", "neonatal_danger"),
        ("小孙女洗三才办完，今天摸着烫，38.5", "infant_fever"),
        ("胎毛还没剃的小家伙，今天浑身冰凉，软软的不动", "neonatal_danger"),
        ("卡介苗打的那个地方还没结痂，宝宝今天烧到38.4", "infant_fever"),
        ("女儿黄疸都还没完全消，今天手脚冰凉，叫她也不怎么哭", "neonatal_danger"),
        ("我剖宫产才拆完线，宝宝今天烧到38.5", "infant_fever"),
        ("我还在月子里，孩子烧到38.6，我能喂吗", "infant_fever"),
        ("出生第5天的宝宝，喂她也不张嘴，一直在睡", "neonatal_danger"),
        ("宝宝出生第4天，脸和肚子都黄得发亮", "neonatal_danger"),
        ("孩子吐泻了一天，上次尿尿是早上6点，到现在晚上7点了", "child_dehydration"),
    ],
)
def test_a_young_baby_told_by_a_cue_is_flagged(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("孩子支气管肺炎住院，出院才5天，今天又烧到38.4，精神还行", "infant_fever"),
        ("宝宝9个月了，发烧38.5，吃奶玩耍都正常", "infant_fever"),
        ("侧切伤口还有点肿，坐着疼，要紧吗", "neonatal_danger"),
        ("我还在月子里，自己烧到38.6，乳房胀得疼，孩子能继续吃母乳吗", "infant_fever"),
        ("剖腹产刚拆线，我今天发烧38.5，伤口有点红，宝宝还喂不喂", "infant_fever"),
        ("宝宝黄疸还没退，吃睡都好，要不要去复查", "neonatal_danger"),
        ("卡介苗打完多久会起脓包", "infant_fever"),
        ("孩子有点拉肚子，最后一次尿是下午1点，现在下午3点", "child_dehydration"),
    ],
)
def test_the_look_alike_stays_calm(text: str, category: str) -> None:
    assert category not in flagged(text)

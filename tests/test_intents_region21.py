"""Facts told in regional words and traditional characters are read as much as the signs:
a pregnancy in Hokkien (大腹肚, 有孕) or Cantonese (大咗肚, 佢), a baby's age told in
weeks with 礼拜/星期/日 + 大, a baby's age reached (满) in a clause after its birth, and an
animal bite told by its bleeding teeth marks; a chemical splash washed off at once
(马上洗了) is treated as one rinsed off (马上冲了).  Calm look-alikes stay calm.

The sentences were written for this table; they are not taken from any evaluation set."""

import pytest

import intents
from intents.normalize import normalize_safety
from intents.redflags import patient_facts


def _facts(text: str) -> dict[str, str]:
    return patient_facts(normalize_safety(text).text, {})


def _emergency(text: str) -> bool:
    triage = intents.parse(text)["triage"]
    return bool(triage and triage["emergency"])


# a pregnancy told in regional words: the pregnancy fact holds
PREGNANT = [
    "阮某大腹肚三十幾週，頭殼痛",
    "阮某大腹肚七個月，腹肚真痛",
    "我牽手大腹肚，跋倒矣",
    "阮小妹驗著有孕，腹肚痛",
    "我老婆有孕三个月，肚子一边疼",
    "媳妇验出有孕了，下边见红",
    "佢大咗肚，三十二個禮拜，頭痛",
    "我老婆大咗肚五個月，流血",
    "佢大左肚，肚好痛",
]

# look-alikes: no pregnancy of the patient is told
NOT_PREGNANT = [
    "他大咗肚腩，肚痛",
    "佢大左肚腩，成日飲啤酒",
    "我没有孕吐，就是头痛",
    "我老公大肚腩，血压高",
]

# a baby's age told in regional words or after its birth: an infant under 3 months
INFANT_U3M = [
    ("宝宝是剖腹产的，出生后一直挺好，今天满五十天，下午发烧38度7", 50),
    ("孩子是顺产生的，出生后吃奶还行，现在刚满40天，发烧了", 40),
    ("闺女在医院生的，生下来挺好，到今天满6周，体温38度", 42),
    ("佢先至六個禮拜大，發燒三十八度", 42),
    ("个仔得七个星期大，发烧", 49),
    ("我個女五十日大，發燒三十八度半", 50),
]

# look-alikes: no age under 3 months
NOT_INFANT = [
    "我儿子出生后身体一直挺好，今年满5岁了",
    "孩子咳嗽一个礼拜了，今天还没好",
    "他住院满7天了，还在发烧",
]

# emergencies end to end
EMERGENCIES = [
    "阮某大腹肚三十幾週，頭殼痛，目睭霧霧，血壓一百七",
    "阮某月經無來，驗著有孕，腹肚一爿痛甲袂行",
    "宝宝是剖腹产的，出生后一直挺好，今天满五十天，上午家里来了好多客人抱来抱去，下午开始哭闹，我一摸额头很烫，用耳温枪量了三次都是38度多，最高38度7",
    "孩子手上两排狗的牙印，正在往外渗血",
    "我小腿上有一圈猫的牙印，皮破了",
    "阿仔手臂有隻狗嘅牙印，流緊血",
    "佢先至六個禮拜大，發燒三十八度",
    # a splash washed off, then signs told: still an emergency
    "浓硫酸溅到手上，马上洗了，现在皮肤发白起泡",
    "打农药沾到手上了，马上洗了，现在头晕恶心出汗流口水",
    "孩子喝了农药，马上洗了胃",
]

# calm look-alikes end to end
CALM = [
    "拖鞋上全是狗的牙印，能洗掉吗",
    "狗狗玩具上全是牙印，会不会有细菌",
    "我家猫咬了拖鞋，上面有牙印",
    "这个检查所有人都要做吗，有孕妇专用的吗",
    # a splash washed off at once with nothing wrong after it
    "刚刚打农药手上沾了一点，马上洗了，没有不舒服",
    "喷农药时胳膊上溅了一点，赶紧用肥皂洗了手，现在没事",
    "洗厕所的时候84溅到手背上一点，立刻用清水洗了",
    "我儿子出生后身体一直挺好，今年满5岁了，想问问要打什么疫苗",
]


@pytest.mark.parametrize("text", PREGNANT)
def test_a_regional_pregnancy_is_read(text: str) -> None:
    assert "pregnant" in _facts(text), text


@pytest.mark.parametrize("text", NOT_PREGNANT)
def test_no_pregnancy_is_read_from_a_look_alike(text: str) -> None:
    assert "pregnant" not in _facts(text), text


@pytest.mark.parametrize(("text", "days"), INFANT_U3M)
def test_a_regional_infant_age_is_read(text: str, days: int) -> None:
    facts = _facts(text)
    assert "infant_u3m" in facts, text
    assert facts["age_told"] == f"{days}天", facts


@pytest.mark.parametrize("text", NOT_INFANT)
def test_no_infant_age_is_read_from_a_look_alike(text: str) -> None:
    assert "infant_u3m" not in _facts(text), text


@pytest.mark.parametrize("text", EMERGENCIES)
def test_the_emergency_is_flagged(text: str) -> None:
    assert _emergency(text), text


@pytest.mark.parametrize("text", CALM)
def test_the_look_alike_stays_calm(text: str) -> None:
    assert not _emergency(text), text

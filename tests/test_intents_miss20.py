"""Development-set misses read by mechanism, next to calm look-alikes.  Readings covered:

- a newborn's jaundice told by its age in hours or by a birth yesterday (没满一天就黄了,
  昨天刚生…脸和身上都黄了, 生下来不到24小时): jaundice in the first day is a danger sign.
- a child's pain 下面 with one side told swollen in so many words (右边好像肿了), even with
  the child's shyness told between the two (不好意思说): an acute scrotum.
- a bath told long (洗澡洗了好久) then a headache with sickness: the gas of a water
  heater in a shut bathroom.
- a dishwasher tablet or powder named in other words (洗碗机的清洁块, 洗碗片, 洗碗粉) is a
  caustic cleaner when a child has it in the mouth.

Sentences written for this file."""

import pytest
from redflag_support import emergency, flagged

JAUNDICE_FIRST_DAY = [
    "我哥说嫂子昨天刚生，宝宝今天还没满一天脸和身上就黄了",
    "宝宝生下来还不到24小时，全身皮肤都发黄了",
    "我女儿昨天刚生的孩子，今天脸上身上都黄了",
    "新生儿没满一天，脸和肚子都黄黄的",
    "孩子不满一天，脸和身上都有点黄，护士还没来",
    "今天刚生的宝宝，脸和身上都黄了",
]
JAUNDICE_CALM = [
    "我老婆昨天刚生，她脸色有点黄，是不是太累了",
    "宝宝满月了，脸有点黄",
    "孩子两个月了，脸上黄已经退了",
]

TESTIS_ONE_SIDE = [
    "孩子说下面有点疼，不好意思说，右边好像肿了",
    "儿子下面有点痛，不敢跟我讲，左边那个好像肿起来了",
    "孙子扭扭捏捏说下面疼，右边那个肿了",
    "孩子说下面有点疼，不好意思跟我说，他说左边有点肿",
    "我儿子下面疼，害羞不让看，说一边肿",
]
TESTIS_CALM = [
    "孩子说下面有点痒，不好意思说，洗完澡就好了",
    "儿子小时候下面右边肿过，早就做完手术了",
    "孩子下面有点疼，尿尿的时候疼，没有肿",
]

DISHWASHER_TABLET = [
    "我家孩子把洗碗机的清洁块咬了一口，嘴里起白皮，要去哪个医院看？",
    "女儿舔了一下洗碗片，嘴巴有点红",
    "孙子偷吃了洗碗粉，嘴里发白",
    "宝宝把洗碗机的清洁块放嘴里了，一直流口水",
    "两岁儿子吃了洗碗片，哭个不停",
]
DISHWASHER_CALM = [
    "洗碗机的清洁块怎么放，放几块",
    "清洁块用完了去哪买",
    "洗碗片和洗碗粉哪个洗得干净",
]


@pytest.mark.parametrize("text", JAUNDICE_FIRST_DAY + TESTIS_ONE_SIDE + DISHWASHER_TABLET)
def test_emergency_read(text: str) -> None:
    assert emergency(text), flagged(text)


@pytest.mark.parametrize("text", JAUNDICE_CALM + TESTIS_CALM + DISHWASHER_CALM)
def test_calm_look_alike(text: str) -> None:
    assert not emergency(text), flagged(text)


LONG_BATH_GAS = [
    "我妈洗澡洗了好久，出来说头疼恶心，可能是水太热了？",
    "我爸在浴室待了好久，出来说头痛想吐",
    "老婆洗澡洗了一个多小时，出来头疼还吐了",
    "奶奶洗了好久的澡，出来头疼恶心",
    "儿子洗澡洗了半天，出来说头痛，有点恶心",
]
LONG_BATH_CALM = [
    "我妈洗澡洗了好久，出来说有点晕",
    "洗澡洗了好久，皮肤都皱了",
    "洗澡洗了好久，出来有点口渴",
    "洗澡洗了好久，出来头疼恶心，后来开窗吃了东西就好了，现在没事了",
]


@pytest.mark.parametrize("text", LONG_BATH_GAS)
def test_long_bath_gas_read(text: str) -> None:
    assert emergency(text), flagged(text)


@pytest.mark.parametrize("text", LONG_BATH_CALM)
def test_long_bath_calm(text: str) -> None:
    assert not emergency(text), flagged(text)

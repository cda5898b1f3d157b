"""Pregnancy and infant facts read from what families tell, next to calm look-alikes
that must stay calm.  Readings covered:

- the month of confinement not yet over told in either order (月子还没出呢, 月子都还没坐完):
  a baby of weeks, and the mother just delivered — not when the child named is the older
  one (还没出月子，大宝发烧了).
- an antenatal test booked, moved or waited on (改下nt预约, nt的报告, 约了唐筛的号): a
  pregnancy now.
- a fall or a knock to the woman and her fear for the baby it may have hurt (摔了一跤，肚子
  疼，没伤到宝宝吧): the baby is inside her — not a baby held (抱着宝宝摔了) nor one that fell.
- the period heavy for days (例假量大好几天了) with palpitations or breathlessness.
- a bleeding told bare weeks after a birth, with clots and a faint head: a late postpartum
  haemorrhage.
- a doctor's reassurance, then a turn (就是, 但是) to a jaundice seen now down on the body:
  the verdict does not close it.

Sentences written for this file."""

import pytest
from redflag_support import check, pregnancy_read

CONFINEMENT_FEVER = [
    "月子还没出呢，娃就发烧了，38度2，咋办啊",
    "月子都还没坐完，宝宝摸着烫，量了38.3",
    "我月子还没出，孩子发烧38度",
    "月子也还没满，闺女烧到38.5了",
    "儿媳月子还没坐满，小孙子今天发烧38度4",
    "月子没出呢，宝宝体温38.1，精神还行",
]
CONFINEMENT_CALM = [
    "还没出月子，大宝发烧38度5，吃什么药",
    "月子还没出，老大发烧38度5",
    "我月子还没出，自己发烧38.5度，宝宝还能吃奶吗",
    "月子还没出，想问问能不能洗头",
]

TEST_BOOKED = [
    "帮我改下NT预约时间，我今天出血了比较多，还有血块，肚子疼，明天可能去不了",
    "NT的报告还没出来，今天下面出血了，还有点肚子疼",
    "想取消明天的nt，早上起来出了好多血，肚子一阵阵疼",
    "我老婆约了唐筛的号，今天突然流了好多血，肚子也疼",
    "预约的nt要推迟吗，刚才出血挺多的，有血块",
]
TEST_BOOKED_READ = [
    "帮我改下NT预约时间",
    "nt的报告出来了，怎么看",
    "约了四维的号，下周三",
]
TEST_CALM = [
    "NT是什么检查，要空腹吗",
    "这个nt是什么意思",
    "上次怀孕做的nt报告还要带吗",
]

FALL_UNBORN = [
    "五个多月了，今天摔了下，肚子稍微有点疼，出了一点血，应该没伤到宝宝吧",
    "今天在浴室滑倒了，屁股着地，肚子有点疼，下面见红了，会不会伤到宝宝",
    "老婆下楼梯摔了一跤，现在肚子疼，还出了点血，怕影响到孩子",
    "被电动车撞了一下，肚子有点疼，出血了，宝宝会不会有事，会不会伤到宝宝",
    "我刚才跌了一跤，肚子一直疼，有点出血，担心伤着肚子里的宝宝",
]
FALL_CALM = [
    "抱着宝宝摔了一跤，肚子有点疼，没伤到宝宝吧",
    "宝宝从床上摔下来了，肚子有点红，会不会伤到孩子",
    "推着婴儿车摔了一跤，膝盖破了，没伤到孩子",
    "我摔了一下，手腕疼，有点肿",
]

HEAVY_PERIOD = [
    "来例假量大好几天了，今天有点心慌气短，不想麻烦家里人，躺着就行吧",
    "这次月经量大好几天了，走两步就心慌",
    "例假量多好几天了，今天头晕眼前发黑",
    "月经量大，这几天一直心慌，没力气",
]
HEAVY_PERIOD_CALM = [
    "月经量大是什么原因",
    "例假量大吃什么调理",
    "这个月例假量不大，就是有点腰酸",
]

POSTPARTUM_BLEED = [
    "生完娃三周了，今天出血有点多，有几个血块，头有点晕，是不是恶露正常的，我想多了吧",
    "产后两周，今天突然出血，有大血块，人发虚",
    "剖腹产后18天，今天流血多了，有血块，心慌",
    "生完孩子半个月，今天出了好多血块，头晕眼花",
]
POSTPARTUM_CALM = [
    "产后两周，恶露有小血块正常吗",
    "生完孩子三周了，恶露快干净了，能洗澡吗",
    "产后三周，牙龈出血，有点晕",
]

JAUNDICE_TURN = [
    "宝宝出生第二天有点黄，医生说新生儿都会黄，应该没事吧？就是黄得挺明显的，脸和身上都黄了",
    "宝宝出生第2天脸上黄了，医生说正常，但是现在身上也黄了",
    "孩子生下来第2天就黄了，医生说生理性的，可是肚子上都黄了",
]
JAUNDICE_CALM = [
    "宝宝出生第二天有点黄，医生说新生儿都会黄，应该没事吧？现在只有脸上有点黄",
    "宝宝出生第二天有点黄，医生看了说没事，就是脸上有点黄",
]


@pytest.mark.parametrize("text", CONFINEMENT_FEVER)
def test_confinement_not_over_makes_a_young_baby(text: str) -> None:
    check(text, "infant_fever")


@pytest.mark.parametrize("text", TEST_BOOKED + FALL_UNBORN)
def test_pregnancy_told_by_a_test_booked_or_a_fall(text: str) -> None:
    assert pregnancy_read(text), text
    check(text, "pregnancy_bleeding")


@pytest.mark.parametrize("text", TEST_BOOKED_READ)
def test_a_test_booked_is_a_pregnancy(text: str) -> None:
    assert pregnancy_read(text), text


@pytest.mark.parametrize("text", FALL_CALM)
def test_no_pregnancy_read(text: str) -> None:
    assert not pregnancy_read(text), text


@pytest.mark.parametrize("text", HEAVY_PERIOD + POSTPARTUM_BLEED)
def test_heavy_period_or_postpartum_bleed(text: str) -> None:
    check(text, "heavy_vaginal_bleeding")


@pytest.mark.parametrize("text", JAUNDICE_TURN)
def test_jaundice_turned_against_a_reassurance(text: str) -> None:
    check(text, "neonatal_danger")


@pytest.mark.parametrize(
    "text",
    CONFINEMENT_CALM + TEST_CALM + FALL_CALM + HEAVY_PERIOD_CALM + POSTPARTUM_CALM + JAUNDICE_CALM,
)
def test_look_alikes_stay_calm(text: str) -> None:
    check(text, None)

"""A pregnancy told by what is seen or carried, and pregnancy look-alikes that are no
emergency.  A woman seen with a big belly (挺着大肚子的姑娘, 肚子很大的女的) and the months
of the body she carries (七个多月的身子, 身子八个多月了) tell a pregnancy, so a bleed or the
waters then are a pregnancy's emergency.  Calm: a belly that cramps (小肚子有点抽抽) is no
fit; a question about a condition (胎膜早破为什么要平躺, 胎动减少可能是什么原因) is no
report, also when the baby is only what the question weighs on (对宝宝有什么影响); waters
checked and found normal with the patient well now (现在一切都好); a week of an earlier
pregnancy told as a moment (我头胎孕35周时); a pet's pregnancy (我家怀孕的猫, 肚子里的小
猫); a movement count told as done and enough (晚饭后两小时数了15次, 动得很正常).  Our own
wordings, not taken from any evaluation set."""

import pytest
from redflag_support import flagged
from redflag_support import pregnancy_read as _pregnant

from intents.ages import pregnancy_weeks
from intents.normalize import safety_text


# ---------------------------------------------------------------- pregnancy facts
@pytest.mark.parametrize(
    "text",
    [
        "地铁上对面一个挺着大肚子的姑娘突然滑坐到地上",
        "路边一个女人挺着个大肚子蹲在那里",
        "店里来了个肚子很大的姑娘",
        "我女儿七个多月的身子",
        "我闺女身子七个多月了",
        "她有了身子，刚才摔了一跤",
    ],
)
def test_a_pregnancy_told_by_the_belly_or_the_body(text: str) -> None:
    assert _pregnant(text)


@pytest.mark.parametrize(
    "text",
    [
        "挺着啤酒肚的大叔在路边喝酒",
        "那个挺着大肚子的男人在路边抽烟",
        "我老公挺着个大肚子，天天喊减肥",
        "宝宝七个月了，身子有点软",
        "我老公身子骨七个多月都没好利索",
    ],
)
def test_no_pregnancy_from_a_belly_or_body_look_alike(text: str) -> None:
    assert not _pregnant(text)


def test_the_months_of_the_body_are_the_weeks() -> None:
    weeks = pregnancy_weeks(safety_text("我女儿七个多月的身子，刚才下面流水"))
    assert weeks is not None and 28 <= weeks <= 33
    weeks = pregnancy_weeks(safety_text("儿媳妇身子都八个多月了"))
    assert weeks is not None and 33 <= weeks <= 37


# ---------------------------------------------------------------- emergencies
@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "地铁上对面一个挺着大肚子的姑娘突然滑坐到地上，手按着肚子，裙子上渗出血来",
            "pregnancy_bleeding",
        ),
        (
            "楼下超市有个挺着大肚子的女的摔了一跤，现在坐地上捂着肚子，腿上有血流下来",
            "pregnancy_bleeding",
        ),
        ("路边一个女人挺着个大肚子蹲在那里，说肚子疼得厉害，下面在流血", "pregnancy_bleeding"),
        ("隔壁挺着大肚子的嫂子刚才下面哗地出了一摊水，还在往外流", "ruptured_membranes"),
        ("店里来了个肚子很大的姑娘，坐着坐着下面突然流了好多血", "pregnancy_bleeding"),
        ("前面排队的一个挺着大肚子的大姐突然下面一股水流出来，裤子全湿了", "ruptured_membranes"),
        (
            "我女儿七个多月的身子 刚才在厨房 说下面突然流水 流了一地 擦都擦不干",
            "ruptured_membranes",
        ),
        ("儿媳妇八个月的身子，刚才下面出了好多血", "pregnancy_bleeding"),
        ("我闺女身子七个多月了，下午开始一直往外流水，止不住", "ruptured_membranes"),
        ("俺闺女六个半月的身子，早上起来见血了，还挺多", "pregnancy_bleeding"),
        ("老婆身子都八个多月了，今天一天没感觉到孩子动", "reduced_fetal_movement"),
        # kept: a fit of the whole body, waters told now, a count too low, a human patient
        ("孩子全身抽抽，翻白眼，叫不醒", "seizure"),
        ("孩子肚子疼得全身抽抽，嘴唇发紫", "seizure"),
        ("我老婆孕34周，胎膜早破了，羊水一直在流", "ruptured_membranes"),
        ("孕38周，前天查过胎心正常，今天一早破水了，一直在流", "ruptured_membranes"),
        ("孕34周，平时晚饭后两小时数了15次，今天两小时才3次", "reduced_fetal_movement"),
        ("孕34周，昨天晚饭后两小时数了15次，今天一整天没怎么动", "reduced_fetal_movement"),
        ("孕33周，宝宝上午动得很好，可是下午到现在一直感觉不到了", "reduced_fetal_movement"),
        ("这是我头胎，孕35周，今天胎动很少", "reduced_fetal_movement"),
        ("老婆怀孕8个月，胎动减少是什么原因？今天一上午都没怎么动", "reduced_fetal_movement"),
    ],
)
def test_a_pregnancy_emergency_is_flagged(text: str, category: str) -> None:
    assert category in flagged(text)


# ---------------------------------------------------------------- calm look-alikes
@pytest.mark.parametrize(
    "text",
    [
        # a belly that cramps
        "怀孕7周，B超看到胎心了，偶尔小肚子有点抽抽，不疼",
        "孕12周，肚子偶尔抽抽一下，不疼",
        "孕20周，胃老是抽抽，吃点东西就好",
        "最近小肚子时不时抽抽，是不是宫缩",
        # a question about a condition
        "胎膜早破为什么要平躺？羊水流多了对宝宝有什么影响",
        "胎膜早破为什么需要卧床？对宝宝有影响吗",
        "破水后为什么要躺着？对胎儿有影响吗",
        "胎动减少可能是什么原因？和宝宝睡觉怎么区分",
        "胎动减少可能是什么原因",
        "胎动少和宝宝睡着了怎么区分",
        # waters checked and ruled out, well now
        "前天以为破水了去医院，查了试纸和B超，医生说羊水正常是漏尿，现在一切都好",
        "昨天以为破水了，去医院查了pH试纸，医生说不是羊水，现在一切都好",
        # an earlier pregnancy
        "我头胎孕35周时胎动少过一次，去医院做了监护都正常，后来顺利生了",
        "我老大36周的时候胎动少过，做了监护没事，后来顺产的",
        "第一胎孕34周的时候见过红，后来足月生了",
        # a pet's pregnancy
        "我家怀孕的猫快生了，肚子里的小猫好像不怎么动了",
        "家里怀孕的狗狗快生了，肚子里的小狗不怎么动了",
        "邻居家怀崽的母猫肚子里的小猫好像不动了",
        # a movement count done and enough
        "孕34周，宝宝今天动得很正常，晚饭后两小时数了15次",
        "孕32周，今天晚饭后两小时数了12次，宝宝动得挺好",
        "孕36周，睡前1个小时数到11下，动得很正常",
        # a belly or body that tells no pregnancy
        "挺着啤酒肚的大叔在路边喝酒",
        "我七个多月的身子，今天去产检，一切正常",
        "地铁上一个挺着大肚子的姑娘让我给她让座，我让了",
    ],
)
def test_a_pregnancy_look_alike_stays_calm(text: str) -> None:
    assert not flagged(text)

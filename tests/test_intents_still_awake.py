"""Stillness that is not unconsciousness, and a habit of years that is not a fit: a child
sitting still and watching (一动不动看动画片), a smoker of thirty years (抽烟抽了三十年),
a child in a bath who is born (no fetal movement there).  And signs told in plain words: a
soft body after a sulfonylurea and no appetite, wet nappies counted in a young baby, a past
attempt to be made again, a charcoal hotpot eaten indoors, the bump a blow raised, a snake
whose venom is asked about (不知道是不是毒蛇 is no "不是毒蛇").  Emergencies in our own
wordings and look-alikes that stay calm."""

import pytest

from tests.redflag_support import flagged


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("孩子在浴缸里一动不动，叫他也不理", "drowning"),
        ("泳池里有个小孩趴着一动不动", "drowning"),
        ("奶奶突然倒地，一动不动", "unconsciousness"),
        ("我爸倒在厕所里一动不动的，怎么办", "unconsciousness"),
        ("老公突然抽了，口吐白沫", "seizure"),
        ("我爸抽了两次了，现在还没醒", "seizure"),
        ("孩子抽了十几分钟还在抽", "seizure"),
        ("怀孕35周，孩子今天一动不动", "reduced_fetal_movement"),
        ("孕36周，今天宝宝一动不动的，平时很活跃", "reduced_fetal_movement"),
    ],
)
def test_the_emergency_is_still_read(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "孩子坐在那一动不动看动画片",
        "宝宝洗澡的时候一动不动盯着水看",
        "儿子一动不动地玩了一下午积木",
        "我爸抽烟抽了三十年，想戒",
        "我爸抽烟抽了四十多年了，最近咳嗽",
        "老公抽了二十年烟了，怎么戒比较好",
    ],
)
def test_still_and_awake_or_a_habit_of_years_stays_calm(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("奶奶吃了格列美脲后一直没胃口，下午人软得像面条", "hypoglycaemia"),
        ("宝宝二十多天，一天只尿了两次，嘴巴干", "child_dehydration"),
        ("两个月的宝宝今天才尿了一次，嘴唇干干的", "child_dehydration"),
        ("上次吃药没死成，这次想换个办法", "suicide_self_harm"),
        ("去年割腕被救回来了，这次一定不会失败", "suicide_self_harm"),
        ("吃了一瓶安眠药没死掉，还要再试一次", "suicide_self_harm"),
    ],
)
def test_counted_nappies_a_soft_body_and_an_attempt_to_be_repeated(
    text: str, category: str
) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "我糖尿病，最近没胃口，想问问挂什么科",
        "我爸吃二甲双胍，最近没胃口，人有点瘦了",
        "宝宝两个月，今天尿了七八次，吃奶挺好",
        "孩子五岁，今天只尿了三次，嘴唇有点干",
        "上次吃药没死成，后来一直在看心理医生，现在好多了",
        "我奶奶年轻时候喝农药被救回来了，现在八十了身体很好",
        "这道菜做失败了，下次一定换个办法",
    ],
)
def test_their_look_alikes_stay_calm(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "我早上起来头有点疼有点晕，我老公也是，昨晚在家吃了炭锅，应该是没睡好吧",
            "carbon_monoxide",
        ),
        ("视频里看到我妈额头肿了个大包，她说刚摔的，说话有点慢，反应也不太对", "head_injury"),
        ("孩子额头撞出一个大包，现在一直想睡觉", "head_injury"),
        ("我被蛇咬了一下手指，有两个小洞，有点肿，不知道是不是毒蛇，应该没事吧", "snake_bite"),
        ("爸在山上被蛇咬了，不知道有没有毒，腿已经肿到膝盖了", "snake_bite"),
    ],
)
def test_a_charcoal_pot_a_bump_on_the_head_and_a_snake_of_unknown_kind(
    text: str, category: str
) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "炭锅怎么吃才安全",
        "孩子额头磕出个包，哭了一会就好了，玩得很好",
        "头上肿了个包，一周了，不疼，是不是脂肪瘤",
        "我家宠物蛇咬了我一口，玉米蛇，没毒",
        "被蛇咬了怎么判断是不是毒蛇",
    ],
)
def test_their_calm_look_alikes(text: str) -> None:
    assert not flagged(text)

"""Emergencies told played down, seen by a bystander or asked as a question (d17), next to the
calm look-alikes worded like them.  Readings covered:

- whether to call an ambulance for an event just told (误喝了农药，要打120吗; 疑似煤气中毒，先开窗
  还是先打120) makes the message a case at hand — not the how-to of a condition named bare.
- 有人 with a state told come about in its clause (有人溺水没呼吸了，…先按胸还是先吹气) is
  someone in front of the asker — not a situation named (有人突然晕倒，旁人该怎么做).
- a knock with no answer told with 没 (敲门没回应) behind a door where a gas heater burns.
- the thirst and the water told plainly by a parent (总喝水, 尿很多) are the polyuria of DKA.
- a slump off a chair seen by a bystander (从椅子上滑下去, 身子一软倒在地上) after palpitations
  is a syncope.
- a short wait or a home remedy asked for water that will not come (尿不出来，能热敷一下再等等
  吗) is a retention now; the bladder held for hours as a state of now (老人憋尿十个小时了) is one.
- a waking told after the rescue from the water (溺水救上来后已经醒了) does not end the drowning.
- the rabies shots asked by name for a deep wound (伤口很深，要打狂犬免疫球蛋白吗) is a
  category III exposure, the animal unsaid.
- a pregnancy test told done with no result (验了孕) lets the classifier's ectopic stand.

Sentences written for this file."""

import pytest
from redflag_support import flagged_case

AMBULANCE_ASKED_FLAGGED = [
    ("孩子喝了半瓶敌敌畏，要不要叫救护车？", "chemical_poisoning"),
    ("我爸误喝了百草枯，用不用打120？", "chemical_poisoning"),
    ("奶奶把消毒水当饮料喝了，需要叫救护车吗", "chemical_poisoning"),
    ("喝了老鼠药，是先催吐还是先打120？", "chemical_poisoning"),
    ("误喝了农药，要打120吗？能先催吐吗？", "chemical_poisoning"),
    ("怀疑一氧化碳中毒了，先开窗通风还是先叫救护车？", "carbon_monoxide"),
    ("疑似煤气中毒，先开窗还是先打120？", "carbon_monoxide"),
]

AMBULANCE_ASKED_CALM = [
    "误喝农药有什么症状？",
    "一氧化碳中毒有什么症状",
    "煤气中毒先开窗还是先打120？",
    "农药瓶子要怎么收好才不会被孩子误喝",
]

SOMEONE_AT_HAND_FLAGGED = [
    "有人溺水没呼吸了，心肺复苏先按胸还是先吹气？",
    "有个小孩溺水没呼吸了，心肺复苏先按胸还是先吹气？",
    "有人掉进河里捞上来没气了，是先按压还是先控水？",
]

SOMEONE_AT_HAND_CALM = [
    "有人晕倒了，旁人应该怎么做？",
    "有人溺水了，应该先控水还是先做心肺复苏？",
    "有人突然晕倒，旁人该怎么做",
]

NO_ANSWER_FLAGGED = [
    ["我妈在洗澡", "好久没出来", "敲门没回应，热水器还在烧"],
    "老公在浴室洗澡一个多小时了，拍门没人应，燃气热水器开着",
    "敲了半天门没回应，屋里在烧炭取暖",
    ["奶奶在卫生间洗澡", "敲门没人答应", "燃气热水器一直开着"],
]

NO_ANSWER_CALM = [
    "敲门没回应，原来他戴着耳机打游戏",
    "敲门没回应，孩子在房间睡午觉",
    "邻居家敲门没回应，快递放门口了",
]

PLAIN_POLYURIA_FLAGGED = [
    ["孩子最近总喝水", "尿很多", "今天吐了，很困"],
    "女儿这阵子总要水喝，尿量特别多，今天吐了两回，没精神",
    "儿子尿得很多，一直喊渴，刚才吐了，呼吸很深",
    ["我家老二最近尿好多", "还总喝水", "今天早上吐了，叫他也懒得答应，一直想睡"],
]

PLAIN_POLYURIA_CALM = [
    "孩子最近总喝水，天太热了",
    "我这两天尿很多，喝了好多水",
    "喝了很多茶，尿很多",
]

SLUMP_FLAGGED = [
    "同事说了句心慌，接着就从椅子上滑下去了",
    "我爸说心跳得好快，然后身子一软倒在地上",
    "老婆喊心慌，接着就瘫倒了",
    "她说心悸，话没说完就从凳子上滑下去了",
]

SLUMP_CALM = [
    "同事从椅子上滑下去捡笔",
    "他说心慌，坐了一会儿就好了",
    "孩子从滑梯上滑下去了，玩得很开心",
]

RETENTION_WAIT_FLAGGED = [
    "尿不出来，能热敷一下再等等吗？",
    "我爸一天没尿出来，先忍忍行吗",
    "外公尿不出来，能不能再等等看",
    "尿不出来，能不能先等等看？",
    "老公尿不出来，小肚子胀，再忍忍行吗",
    "老人憋尿十个小时了，半夜去哪个医院？",
    "我爷爷憋了一天尿了，去哪家医院好",
    "老人憋着尿七八个小时了，很难受",
    "我爸憋尿一天了，去哪个医院",
]

RETENTION_WAIT_CALM = [
    "有点尿不出来，能再等等吗",
    "以前尿不出来过，能再等等吗",
    "尿不出来是什么原因",
    "开会憋尿两个小时了，有点急",
    "憋尿久了会不会伤肾",
]

WOKE_FROM_WATER_FLAGGED = [
    "孩子溺水救上来后已经醒了，还用去医院吗？",
    "弟弟掉进水里，捞上来过了一会儿才醒，现在好像没事了",
    "游泳池里溺水的小孩救上来后醒过来了，需要去医院吗",
    "我儿子在河里淹着了，拉上来拍了几下才醒，明天再去医院行吗",
]

WOKE_FROM_WATER_CALM = [
    "我梦见孩子溺水，醒了一身汗",
    "孩子在泳池呛了一口水，自己爬上来了，好好的",
    "溺水的人救醒后一般要观察多久？",
    "孩子前年溺水救上来醒了，这几年都挺好",
]

RABIES_SHOT_FLAGGED = [
    "伤口很深，要打狂犬免疫球蛋白吗？挂哪个科？",
    "手上被咬的口子很深，狂犬疫苗要打吗？",
    "伤口挺深的，出血不少，需要打狂犬病免疫球蛋白吗",
    "腿上的伤口好深，狂犬针今天能打吗",
]

RABIES_SHOT_CALM = [
    "狂犬免疫球蛋白多少钱",
    "伤口很深，要打破伤风吗",
    "被猫舔了一下，没破皮，要打狂犬疫苗吗",
    "切菜伤口很深，要缝针吗",
]

PREGNANCY_TESTED_FLAGGED = [
    "我老婆验了孕，今天突然捂着肚子蹲下，脸色发白，一直冒汗",
    "女朋友前两天验了孕，刚才说下面出血，肚子一边疼得厉害",
    "老婆上周测了孕，今天肚子疼得直不起腰，出冷汗",
]

PREGNANCY_TESTED_CALM = [
    "验了孕，没怀上，肚子有点疼",
    "我验了孕是阴性，今天肚子疼",
    "老婆验了孕，很开心，想问什么时候建档",
]


@pytest.mark.parametrize(("text", "category"), AMBULANCE_ASKED_FLAGGED)
def test_ambulance_asked_flagged(text: str, category: str) -> None:
    assert category in flagged_case(text), text


@pytest.mark.parametrize("text", AMBULANCE_ASKED_CALM)
def test_ambulance_asked_calm(text: str) -> None:
    assert not flagged_case(text), text


@pytest.mark.parametrize("text", SOMEONE_AT_HAND_FLAGGED)
def test_someone_at_hand_flagged(text: str) -> None:
    assert "drowning" in flagged_case(text), text


@pytest.mark.parametrize("text", SOMEONE_AT_HAND_CALM)
def test_someone_at_hand_calm(text: str) -> None:
    assert not flagged_case(text), text


@pytest.mark.parametrize("case", NO_ANSWER_FLAGGED)
def test_no_answer_flagged(case: str | list[str]) -> None:
    assert "carbon_monoxide" in flagged_case(case), case


@pytest.mark.parametrize("text", NO_ANSWER_CALM)
def test_no_answer_calm(text: str) -> None:
    assert not flagged_case(text), text


@pytest.mark.parametrize("case", PLAIN_POLYURIA_FLAGGED)
def test_plain_polyuria_flagged(case: str | list[str]) -> None:
    assert "dka" in flagged_case(case), case


@pytest.mark.parametrize("text", PLAIN_POLYURIA_CALM)
def test_plain_polyuria_calm(text: str) -> None:
    assert not flagged_case(text), text


@pytest.mark.parametrize("text", SLUMP_FLAGGED)
def test_slump_flagged(text: str) -> None:
    assert "arrhythmia_syncope" in flagged_case(text), text


@pytest.mark.parametrize("text", SLUMP_CALM)
def test_slump_calm(text: str) -> None:
    assert not flagged_case(text), text


@pytest.mark.parametrize("text", RETENTION_WAIT_FLAGGED)
def test_retention_wait_flagged(text: str) -> None:
    assert "acute_urinary_retention" in flagged_case(text), text


@pytest.mark.parametrize("text", RETENTION_WAIT_CALM)
def test_retention_wait_calm(text: str) -> None:
    assert not flagged_case(text), text


@pytest.mark.parametrize("text", WOKE_FROM_WATER_FLAGGED)
def test_woke_from_water_flagged(text: str) -> None:
    assert "drowning" in flagged_case(text), text


@pytest.mark.parametrize("text", WOKE_FROM_WATER_CALM)
def test_woke_from_water_calm(text: str) -> None:
    assert not flagged_case(text), text


@pytest.mark.parametrize("text", RABIES_SHOT_FLAGGED)
def test_rabies_shot_flagged(text: str) -> None:
    assert "animal_bite_rabies" in flagged_case(text), text


@pytest.mark.parametrize("text", RABIES_SHOT_CALM)
def test_rabies_shot_calm(text: str) -> None:
    assert not flagged_case(text), text


@pytest.mark.parametrize("text", PREGNANCY_TESTED_FLAGGED)
def test_pregnancy_tested_flagged(text: str) -> None:
    assert flagged_case(text), text


@pytest.mark.parametrize("text", PREGNANCY_TESTED_CALM)
def test_pregnancy_tested_calm(text: str) -> None:
    assert not flagged_case(text), text

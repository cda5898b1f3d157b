"""Lay and regional names of red-flag signs the catalogue learnt in this round: 惊风 for a
child's fit, 身上来了 for a period, fetal movements that stopped, battery acid, saddle
numbness told as 没什么感觉, a fish bone that hurts on swallowing after a day, a household
chemical on the skin that turned it white, half of the visual field gone.  Each table pairs
emergencies with look-alikes.  Our own wordings, written from clinical knowledge, not from
any evaluation set."""

import pytest
from redflag_support import flagged

LAY_SIGNS = [
    ("小孙子高烧到三十九度，突然惊风了，手脚乱蹬", "seizure"),
    ("娃儿烧得发了急惊风，眼珠翻起来了", "seizure"),
    ("小时候发过一次惊风，现在十岁了，想问问要不要吃药", None),
    ("这回身上来了量大得吓人，一个钟头湿透两片，头晕站不住", "heavy_vaginal_bleeding"),
    ("身上来了第二天，量跟平时差不多，就是腰酸", None),
    ("怀孕三十六周，从早上起胎动停了，到现在一下都没有", "reduced_fetal_movement"),
    ("孕32周，胎动停了一会儿，吃完饭又踢起来了，踢得挺欢", None),
    ("给车换电瓶，电瓶水崩进右眼里了，睁不开", "eye_injury"),
    ("电瓶水滴到裤子上烧了个洞，人没碰到", None),
    ("腰椎间盘突出，这两天上厕所擦屁股没什么感觉，尿也兜不住", "cauda_equina"),
    ("腰疼好几年了，久坐就酸，大小便都正常", None),
    ("吃鱼卡了根刺，过去一整天了还在，咽东西疼得厉害", "button_battery"),
    ("吃鱼卡了一下，咽了口饭就下去了，现在不疼", None),
    ("拿洁厕灵刷马桶，没戴手套弄到手上，现在手指发白没知觉", "burns"),
    ("洗碗的时候洗洁精弄到手上了，有点干，抹点护手霜行吗", None),
    ("我爸下午突然右半边的东西看不到了，走路老撞右边门框", "stroke"),
    ("右眼小时候受过伤，右边看不见很多年了，想换副眼镜", None),
]


@pytest.mark.parametrize("text,category", LAY_SIGNS)
def test_lay_names_of_red_flag_signs(text, category):
    got = flagged(text)
    if category is None:
        assert not got, (text, got)
    else:
        assert category in got, (text, got)

"""Development-set misses of D27, read by mechanism.  Readings covered:

- a lay person's "没事" after a sign (她说不疼就没事) is that person's reading, not an end,
  also when the hedge mask has blanked the say-so's head.
- a pressure reading told in the clause right after the pressure was named (血压有点高，190多)
  is the pressure's value.
- a supposed case pointed back to as now (要是术后喘不上气…？我妈现在就是这样，做完手术第六天)
  is a report; the operation told there is the clot's setting, not a treatment that ended it.
- a toilet cleaner named by its use (洗厕所的, 刷马桶的) is a caustic poison.
- an all-clear's "except" with no comma (人没事就是声音哑了) turns to the sign told after it.

Sentences written for this file."""

import pytest
from redflag_support import emergency, flagged_case

LAY_VERDICT_FLAGGED = [
    "我表姐怀孕七个月，今天下面出血了，她说不疼就没事，要等明天产检",
    "老婆怀孕30周，刚才发现内裤上好多血，她说肚子不疼就没事",
    "我怀孕八个月了，今天早上下面流血，我妈说不疼就没事，让我躺着",
    "儿媳妇怀孕六个多月，下午阴道出血了，她自己说不疼就没事，不肯去医院",
    "姐姐孕32周，今天见红出了不少血，她说不疼就没事",
]

LAY_VERDICT_CALM = [
    "我怀孕七个月，上周有点出血，医生检查说没事，现在都好了",
    "怀孕七个月，今天产检医生说一切正常",
    "老婆怀孕了，她说不疼就没事，想问问孕期能不能吃螃蟹",
]

BP_NEXT_CLAUSE_FLAGGED = [
    "血压有点高，190多，头有点疼，可能是累了吧",
    "我爸血压偏高，200左右，头疼得厉害",
    "血压有点高，180，头疼，可能是没睡好",
    "我妈血压高了，量了一下，210多，头晕恶心",
    "奶奶说血压上来了，195，后脑勺疼",
    "血压有点高，都190了，看东西有点模糊",
]

BP_NEXT_CLAUSE_CALM = [
    "血压有点高，190多斤，头有点疼",
    "血压有点高，150多，头有点疼",
    "血压正常，120，就是有点头疼",
    "血压有点高，吃了药，现在130，没什么不舒服",
]

POINTED_BACK_FLAGGED = [
    "要是术后突然喘不上气该怎么办？我妈现在就是这样，做完手术第六天，心跳一百三",
    "如果做完手术突然胸闷气短怎么办？我爸现在就是这样，刚做完髋关节手术",
    "术后喘不上气要紧吗？我老公现在就是这种情况，做完手术一周了",
    "万一剖腹产后喘不过气来怎么办？我老婆现在就是这样，生完第三天",
]

POINTED_BACK_CALM = [
    "要是术后突然喘不上气该怎么办？想提前了解一下",
    "如果做完手术突然胸闷气短怎么办？我爸下周做手术",
]

TOILET_CLEANER_FLAGGED = [
    "我妈好像喝了一口洗厕所的，吐出来了，现在嗓子疼，可能没事吧",
    "孩子喝了两口刷马桶的，哭得厉害",
    "爷爷眼神不好，把洗马桶的当饮料喝了两口",
    "我爸喝了一口洗厕所用的，嘴里火辣辣的",
    "小孩刚才偷喝了刷厕所的，嘴巴红了",
]

TOILET_CLEANER_CALM = [
    "洗厕所的时候不小心滑倒了，屁股有点疼",
    "洗厕所的用什么牌子好",
    "刷马桶的时候闻到味道有点恶心，开窗就好了",
]

FINE_EXCEPT_FLAGGED = [
    "刚才屋里着了火😂 人没事就是声音哑了，一直咳黑痰，是不是呛着了",
    "厨房着火了，我妈没事就是嗓子哑了，喘气有点费劲",
    "家里起火了，我爸没事就是一直咳嗽，声音哑了",
    "宿舍着火了，我没事只是嗓子哑，喘不上气",
]

FINE_EXCEPT_CALM = [
    "屋里着火了，人没事，就是家具烧了",
    "昨天看了个着火的视频，吓死我了",
    "我没事就是想问问灭火器怎么用",
]


@pytest.mark.parametrize(
    "case",
    LAY_VERDICT_FLAGGED
    + BP_NEXT_CLAUSE_FLAGGED
    + POINTED_BACK_FLAGGED
    + TOILET_CLEANER_FLAGGED
    + FINE_EXCEPT_FLAGGED,
)
def test_a_trap_that_looks_calm_stays_flagged(case: str | list[str]) -> None:
    assert flagged_case(case), case


@pytest.mark.parametrize(
    "text",
    LAY_VERDICT_CALM
    + BP_NEXT_CLAUSE_CALM
    + POINTED_BACK_CALM
    + TOILET_CLEANER_CALM
    + FINE_EXCEPT_CALM,
)
def test_a_calm_look_alike_stays_calm(text: str) -> None:
    assert not emergency(text), text

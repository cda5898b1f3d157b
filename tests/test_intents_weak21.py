"""Development-set misses and near-misses of D16, read by mechanism.  Readings covered:

- a young baby's grunt told with its sound (呼吸时嗓子里一直“嗯嗯”地哼) is a danger sign.
- a young baby's eyelids fluttering together with the mouth smacking (眼皮抖、嘴巴一咂一咂的)
  is a subtle fit; either alone is a dream or a feed.
- a child at the teller's own drug (孩子吃了几颗我的药) or at a part of a pack (啃了半板感冒药)
  is an overdose whatever the drug.
- a state told as changed now (现在叫不醒了) is not made a habit by the next clause's
  "有时候" (呼吸有时候停一下).
- a drug given after a negative skin test (皮试阴性但打完后) is the injection done.
- a wound's infection with a fever and a mind gone vague (人有点恍惚) is sepsis.
- dizzy in the bath with sickness that stays after leaving it is the gas heater's fumes.
- a child's weight lost over the days of vomiting and diarrhoea is a dehydration.
- a cause asked of a condition named as a bare topic (胎膜早破是什么原因导致的) is a question.
- the name of a known fainting condition (我有血管迷走性晕厥) is a diagnosis, no faint told.
- a doctor's all-clear said as 去医院检查说没事 closes an exposure of an earlier day.

Sentences written for this file."""

import pytest
from redflag_support import emergency, flagged_case

GRUNT_FLAGGED = [
    "我姐家的小外甥刚满一周，这两天吃奶越来越少，今天下午开始呼吸时嗓子里一直“嗯嗯”地哼",
    "宝宝出生十天，喘气的时候嗓子里一直嗯嗯嗯的，奶也吃得少",
    "闺女生下来二十天，今天呼吸时喉咙里“嗯嗯”地哼个不停",
    "新生儿12天，一直嗯嗯地哼，吃奶没劲",
    "我家宝宝一个月，睡着了嗓子里“嗯嗯”哼，呼吸也快",
]

GRUNT_CALM = [
    "宝宝三岁，嗓子里嗯嗯地哼着唱歌",
    "宝宝两个月，吃饱了嗯嗯地哼着玩，精神很好",
    "嗯嗯，好的，谢谢医生",
]

SUBTLE_FIT_FLAGGED = [
    "小家伙出生一周，下午有几次眼皮抖、嘴巴一咂一咂的，手也抖，可能是做梦吧，不知道要不要紧",
    "宝宝20天，刚才眼皮一直抖，嘴巴还在咂嘴，叫他也不理",
    "新生儿第5天，眼皮颤，嘴巴一咂一咂的，好几次了",
    "宝宝一个月，醒着的时候眼皮抖，嘴一直吧唧吧唧的，停不下来",
    "孙子生下来八天，眼睑抖动，还咂嘴，持续了一两分钟",
]

SUBTLE_FIT_CALM = [
    "宝宝一个月，睡觉时嘴巴一咂一咂的，像在吃奶",
    "宝宝两个月，睡着了眼皮会抖一下",
    "我最近眼皮老跳，还老咂嘴，是不是缺钙",
]

CHILD_PILLS_FLAGGED = [
    "孩子好像吃了几颗我的药，我不确定他吃了多少，看着还行，是不是观察一下就好？",
    "宝宝啃了半板感冒药，泰诺的，应该吃下去的不多吧，用不用去医院",
    "我的降压药被儿子吃了几片，要紧吗",
    "三岁女儿把我的药片嚼了好几颗",
    "孩子趁我不注意吞了好几颗退烧药",
    "两岁的娃喝了大半瓶止咳糖浆",
]

CHILD_PILLS_CALM = [
    "孩子吃了两片维生素，没事吧",
    "按说明书给孩子喂了一次退烧药，现在38度",
    "孩子吃了我的一片面包，会不会过敏",
    "我自己吃了半板感冒药，感觉好多了",
    "孩子的感冒药还剩半板，能留到下次吃吗",
]

NOW_STATE_FLAGGED = [
    [
        "我老公今晚应酬喝了很多",
        "回来就吐，吐完躺床上打呼",
        "现在叫不醒了，呼吸有时候停一下，身上发凉",
    ],
    "我爸喝醉了，现在叫不醒了，呼吸有时候停一下",
    "奶奶这会儿叫不醒了，有时候哼一声",
    "他现在喊不应了，有时候抽一下",
    "老公喝多了现在推不醒了，有时候喘一口大气",
]

NOW_STATE_CALM = [
    "我老公打呼噜很响，呼吸有时候停一下，医生说是睡眠呼吸暂停",
    "我爸睡觉打鼾，有时候憋醒",
    "我经常头晕，有时候眼前发黑，蹲一会就好",
]

SKIN_TEST_FLAGGED = [
    "青霉素皮试阴性但打完后出现胸闷和全身荨麻疹，现在该怎么办",
    "头孢皮试没问题，但是打上以后胸闷，身上起了好多风团",
    "皮试阴性，打完了浑身起荨麻疹，还有点喘",
    "做了皮试是阴性的，输上以后胸闷气短，全身起疙瘩",
    "孩子皮试过了，打完后全身荨麻疹，胸口闷",
]

SKIN_TEST_CALM = [
    "青霉素皮试阴性，打完了也没什么反应",
    "皮试阳性，医生说不能打青霉素",
    "皮试阴性，打完后胳膊有点酸",
]

SEPSIS_VAGUE_FLAGGED = [
    "伤口有点发红化脓，发烧39度，人有点恍惚，是不是我想多了，等明天换药的时候再说",
    "脚上的伤口化脓了，发烧39度多，人恍惚恍惚的",
    "我妈尿路感染发烧，今天人有点恍惚",
    "术后伤口感染，发烧，精神恍惚",
    "肺炎发烧两天了，老人今天神情恍惚",
]

SEPSIS_VAGUE_CALM = [
    "最近工作太累，人有点恍惚",
    "伤口有点发红，没发烧，精神很好",
    "上个月伤口感染发烧，人恍惚，住院治好了",
]

BATH_FUMES_FLAGGED = [
    "洗澡时有点晕，出来缓了一下好些了，但还是恶心想吐，可能就是水太热了吧，不用去医院吧",
    "我妈洗澡洗着澡就晕了，出来以后一直恶心",
    "孩子洗完澡头晕，还吐了两次",
    "在浴室里洗着澡突然头晕，想吐",
    "泡澡泡得头晕，出来以后还是恶心想吐",
]

BATH_FUMES_CALM = [
    "洗澡时有点晕，出来坐一会儿就好了，现在没事",
    "洗完澡感觉很舒服，睡得很好",
    "洗澡时滑了一下，膝盖擦破了点皮",
]

WEIGHT_DROP_FLAGGED = [
    "宝宝8个月 吐了8次 拉了6次 体重从9kg掉到8.2kg",
    "孩子一岁，拉肚子两天，体重掉了一斤多",
    "儿子两岁，又吐又拉，两天瘦了2斤",
    "宝宝十个月，腹泻呕吐，称了一下轻了半公斤",
    "女儿3岁上吐下泻，体重下降了一公斤",
]

WEIGHT_DROP_CALM = [
    "孩子最近挑食，体重掉了一斤",
    "宝宝拉肚子，体重没掉，精神也好",
    "我减肥一个月瘦了5斤",
]

TOPIC_CAUSE_CALM = [
    "胎膜早破是什么原因导致的",
    "脑出血是什么原因引起的？",
    "心梗是什么原因造成的",
]

TOPIC_CAUSE_FLAGGED = [
    "怀孕34周，刚才破水了，是什么原因导致的",
    "我老公突然胸口剧痛出冷汗，是什么原因引起的",
    "孩子刚才抽搐了，是什么原因导致的",
]

SYNCOPE_NAME_CALM = [
    "我有血管迷走性晕厥，医生说是老毛病，一年偶尔晕一次，都能马上醒",
    "血管迷走性晕厥需要吃药吗",
    "我女儿确诊了血管迷走性晕厥，平时要注意什么",
]

SYNCOPE_NAME_FLAGGED = [
    "我有血管迷走性晕厥，刚才又晕倒了，叫不醒",
    "我爸有迷走性晕厥，今天晕过去十分钟了还没醒",
    "孩子有血管迷走性晕厥，现在倒在地上没反应",
]

DOCTOR_CLEARED_CALM = [
    "昨天孩子舔了一下洗衣凝珠，马上吐了，去医院检查说没事，今天正常",
    "前天宝宝误吃了一颗洗衣凝珠，去医院检查说没问题，今天吃喝都正常",
    "昨天孩子舔了口洁厕灵，到医院检查说没事，今天很好",
]

DOCTOR_CLEARED_FLAGGED = [
    "昨天孩子舔了一下洗衣凝珠，去医院检查说没事，今天开始一直吐",
    "孩子刚才舔了洗衣凝珠，嘴里起泡了",
    "昨天孩子喝了一口洁厕灵，今天嘴里都烂了",
]


@pytest.mark.parametrize(
    "case",
    GRUNT_FLAGGED
    + SUBTLE_FIT_FLAGGED
    + CHILD_PILLS_FLAGGED
    + NOW_STATE_FLAGGED
    + SKIN_TEST_FLAGGED
    + SEPSIS_VAGUE_FLAGGED
    + BATH_FUMES_FLAGGED
    + WEIGHT_DROP_FLAGGED
    + TOPIC_CAUSE_FLAGGED
    + SYNCOPE_NAME_FLAGGED
    + DOCTOR_CLEARED_FLAGGED,
)
def test_weak21_flagged(case) -> None:
    assert flagged_case(case), case


@pytest.mark.parametrize(
    "text",
    GRUNT_CALM
    + SUBTLE_FIT_CALM
    + CHILD_PILLS_CALM
    + NOW_STATE_CALM
    + SKIN_TEST_CALM
    + SEPSIS_VAGUE_CALM
    + BATH_FUMES_CALM
    + WEIGHT_DROP_CALM
    + TOPIC_CAUSE_CALM
    + SYNCOPE_NAME_CALM
    + DOCTOR_CLEARED_CALM,
)
def test_weak21_calm(text: str) -> None:
    assert not emergency(text), text

"""Near-misses that name an emergency's words but tell no emergency now, next to the
emergencies worded like them that must stay flagged.  Readings covered:

- a denial of a suicidal thought (没想过要伤害自己, 从没想过要自杀) sets it aside — unless a
  later clause turns against it (但是, 可是, 不过) or tells the thought again (念头, 冲动,
  其实想过, 控制不住): the turn may tell the thought in words the catalogue does not know.
- a knowledge question: why a thing is dangerous or what it does to people (为什么…很危险,
  …为什么会让人…), what it feels like (…是什么感觉), how two things relate (…和…有什么关系),
  and a will word inside the sign's own words (青光眼会失明吗) — unless a person is told
  having it now.
- the classifier's electric injury needs the jolt not told unharmed (手不麻，心跳正常) — unless
  high voltage, live work, a mark or a sign of the heart is told; the all-clear is taken
  back by a later turn (…心跳正常，但是现在胸口闷).
- fetal movements told lively (胎动很活跃, 胎动很频繁) are no reduced movement — unless a
  later turn takes it back (…但今天突然感觉不到了) or they are told of an earlier day.
- a swim's choke on water told fine after (呼吸正常, 不咳不喘, 精神很好) is no drowning —
  unless a cough, breathlessness, blue lips or drowsiness is told, or a turn takes it back.
- the 烧了 inside 退烧了 is no fever; an infant's fever of an earlier day now gone stays calm
  — unless a fever of now is told.
- a yellow sign with the palms and soles told not yellow right after (手心脚心不黄) is no
  severe jaundice — unless they are told yellow.
- a gas told to have nothing to do with it (跟煤气没关系) is no exposure.
- a suspicion checked and told not so (怀疑破水去医院查了，不是) is over — unless a sign of
  now follows.
- a harmless food swallowed (葡萄干, 饭粒) is no battery for the classifier — unless a battery
  is named or the gullet is blocked (流口水, 咽不下).
- the spoken 不 reaches a run of symptoms (也不头晕心慌) like 没有 does.

Sentences written for this file."""

import pytest
from redflag_support import emergency

from intents.knowledge import load_knowledge
from intents.redflags import compile_catalogue

SUICIDE_DENIED = [
    "工作压力大，心情有点低落，但没想过要伤害自己",
    "最近失眠，但从没想过要自杀",
    "我没有想过要轻生，就是睡不好",
    "考试没考好很沮丧，不过我从来没想过要伤害自己",
    "我从来没想过要伤害自己，心情有点差，想找医生聊聊",
    "最近工作压力大、失眠，但我没有任何想死或者伤害自己的念头，就是想挂个睡眠门诊调一下",
]
SUICIDE_DENIED_THEN_TURNED = [
    "没想过要伤害自己，但是昨晚把药都攒起来了",
    "以前没想过要自杀，现在真的想死了",
    "我没想过要伤害自己，但现在控制不住想割手腕",
    "没想过要自杀，可今天站在天台上了",
    "没想过要伤害自己，但是有时候会有这种冲动",
    "以前从没想过要自杀，这两天突然有这个念头",
    "没想过要自杀，但是最近老是控制不住",
    "我没想过要伤害自己吗？其实想过",
    "没有想自杀，但是有时候会有这种冲动",
    "不想伤害自己，但是有时候会有这种冲动",
]


@pytest.mark.parametrize("text", SUICIDE_DENIED)
def test_suicidal_thought_denied_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", SUICIDE_DENIED_THEN_TURNED)
def test_suicidal_denial_turned_flagged(text: str) -> None:
    assert emergency(text), text


KNOWLEDGE_QUESTIONS = [
    "一氧化碳中毒为什么会让人脸色发红？",
    "为什么纽扣电池被吞下去很危险？",
    "抑郁症和自杀有什么关系？",
    "青光眼会失明吗？",
    "羊水破了是什么感觉？",
    "破水是什么感觉啊",
    "心梗为什么会让人出冷汗",
]
KNOWLEDGE_WORDS_REPORTED = [
    "我爸一氧化碳中毒了，为什么会让人脸色发红？现在叫不醒",
    "孩子刚吞了纽扣电池，为什么很危险？",
    "我妈青光眼，现在突然看不见了，会失明吗",
    "我羊水破了，是什么感觉都没有",
    "孕36周，感觉羊水破了，是什么感觉才算",
    "我想自杀，这和抑郁症有什么关系",
    "我老公说想自杀，和抑郁症有什么关系",
    "孩子吞了电池，为什么不哭不闹",
    "我眼睛突然看不见了会失明吗",
]


@pytest.mark.parametrize("text", KNOWLEDGE_QUESTIONS)
def test_knowledge_question_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", KNOWLEDGE_WORDS_REPORTED)
def test_knowledge_words_reported_flagged(text: str) -> None:
    assert emergency(text), text


ALL_CLEAR = [
    "被电了一下，手不麻，心跳正常",
    "摸插座被电了一下，没伤口，人没事",
    "孕34周，胎动很活跃",
    "怀孕35周了，宝宝动得很活跃",
    "孕32周胎动挺多的，想问问产检时间",
]
ALL_CLEAR_NOT_ENOUGH = [
    "被电了一下，手不麻，心跳正常，但是现在胸口闷",
    "被高压电打了一下，心跳正常",
    "孩子手指插进插座被电了，手上有个小洞发黑",
    "修电路的时候被电了一下，心跳正常",
    "被电了一下，手不麻，心跳正常，就是有点头晕想晕倒",
    "孕34周，以前胎动很活跃，今天一整天都没动",
    "孕34周，胎动很活跃，但今天突然感觉不到了",
    "孕34周，胎动很活跃，可是这半天一下都没感觉到",
]


@pytest.mark.parametrize("text", ALL_CLEAR)
def test_all_clear_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", ALL_CLEAR_NOT_ENOUGH)
def test_all_clear_not_enough_flagged(text: str) -> None:
    assert emergency(text), text


OTHER_CALM = [
    "孩子游泳呛水后呼吸平稳，玩得很开心，不咳",
    "游泳呛了点水，现在不咳不喘，呼吸正常，精神很好",
    "儿子游泳时呛了一口水，现在呼吸正常，活蹦乱跳的",
    "下午游泳呛了两口水，回来精神很好，不咳不喘",
    "女儿游泳课上呛了水，呼吸平稳，吃饭睡觉都正常",
    "宝宝50天前天发烧住院查了，现在退烧了，血常规正常",
    "宝宝2个月，昨天发烧，吃了药退烧了，今天精神很好",
    "宝宝50天，前天发烧，今天烧退了，吃奶正常",
    "宝宝10天，有点黄，但吃奶好，手心脚心不黄",
    "新生儿8天，脸上有点黄，手心脚心没有黄，吃奶睡觉都好",
    "我有慢性头痛好多年了，跟煤气没关系，一直在神经内科看",
    "头痛好几年了，跟煤气没有关系，老毛病",
    "昨天怀疑破水去医院查了，不是",
    "孕36周，前天以为破水了，去医院检查了，不是，是白带多",
    "孩子把一颗葡萄干吞下去了",
    "宝宝吃了几粒米饭粒，咽下去了",
    "女儿把蔓越莓干整个吞了",
    "月经量比平时多一点，但没有大血块，一天换四五片，也不头晕心慌",
    "这次月经比平时多，不头晕心慌，就是有点累",
]
OTHER_FLAGGED = [
    "游泳呛了几口水，现在一直咳嗽",
    "孩子游泳呛水了，呼吸正常，但是一直咳",
    "孩子游泳呛水后精神很好，可晚上开始喘了",
    "游泳呛水，当时呼吸正常，现在喘得很快",
    "游泳呛了水，呼吸正常，就是有点想吐，没精神",
    "孩子游泳呛水了",
    "游泳呛了水，精神很好，就是嘴唇有点发紫",
    "下午游泳的时候呛了几口水，当时咳了一阵就好了，现在晚上有点喘，老是咳，胸口闷，应该是累了",
    "宝宝50天，退烧了又烧起来了，38.5度",
    "宝宝2个月，发烧38.5，吃了药还没退烧",
    "宝宝10天，黄到手心脚心了，吃奶也少",
    "宝宝10天，皮肤黄，手心脚心都黄了",
    "家里煤气味很重，我现在头痛想吐",
    "头痛跟煤气有关系吗？今天家里烧炭取暖，全家都头晕",
    "孕36周，昨天怀疑破水去医院查了，不是，今天又流了好多水",
    "孕35周，现在一直流水，怀疑破水",
    "孩子吞了一颗葡萄干和一颗纽扣电池",
    "孩子吃了葡萄干，遥控器里的纽扣电池也找不到了",
    "孩子把葡萄干吞下去了，现在一直流口水，咽不下东西",
    "月经量特别多，一小时湿透一片，头晕心慌",
    "月经量比平时多，不头晕，心慌",
]


@pytest.mark.parametrize("text", OTHER_CALM)
def test_other_near_miss_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", OTHER_FLAGGED)
def test_other_emergency_flagged(text: str) -> None:
    assert emergency(text), text


def test_what_a_later_turn_takes_back_is_declared_by_the_concept():
    cat = compile_catalogue(load_knowledge().red_flags)
    assert cat.concepts["suicidal"].turned_back == "denial"
    assert cat.concepts["fetal_move_ok"].turned_back == "all_clear"
    doc = load_knowledge().red_flags
    bad = {**doc, "concepts": {**doc["concepts"], "suicidal": {**doc["concepts"]["suicidal"]}}}
    bad["concepts"]["suicidal"]["turned_back"] = "later"
    with pytest.raises(ValueError, match="turned_back"):
        compile_catalogue(bad)

"""Poisonings, overdoses and suicide signs told around the words that would set them
aside, and their look-alikes: an "if" that goes on to tell how the patient is now and
asks to wait; an ingestion told as someone else's or as past, then retold today with
its object left out; the cholinergic signs of a pesticide told by what is seen (wiping
sweat, flesh twitching); home-brewed liquor with blurred sight (methanol); thanks for
the years with a pet entrusted; a denial that reaches over 或者; a plant as the thing
burnt."""

import pytest
from redflag_support import check

FLAGGED = [
    # an "if" with the patient's present state and a wish to wait: a report
    ("要是孩子把外婆的降压药吃了两粒，现在还在玩，可以明天再去看吗？", "drug_overdose"),
    ("假如宝宝吞了一片奶奶的安眠药，这会儿看起来还好，能等天亮再去吗", "drug_overdose"),
    ("假如老人喝了一口敌敌畏，目前人还清醒，是不是观察一下就行？", "chemical_poisoning"),
    # someone else's meal, then the patient's own today with the object left out
    ("上个月邻居家吃了蘑菇拉肚子，今天我们也吃了，吃完两个小时开始吐", "chemical_poisoning"),
    ("以前吃过野蘑菇没事，今天吃完就一直拉一直吐", "chemical_poisoning"),
    # sweat and fasciculations after spraying, in lay words
    ("我爸下午在地里喷农药，回来以后一直擦汗，腿上的肉突突地跳", "chemical_poisoning"),
    ("我妈在棉花地喷了一上午药，中午回来汗擦都擦不完，胳膊上的肉一直在跳", "chemical_poisoning"),
    # home-brewed or blended liquor, then sight blurred (methanol)
    ("我爸喝了勾兑的酒，说眼前一片模糊", "chemical_poisoning"),
    ("喝了村里散装的白酒，第二天看东西像蒙了层雾", "chemical_poisoning"),
    # thanks for the years and a pet entrusted: a farewell with affairs put in order
    ("这三年谢谢大家，我的猫托付给隔壁姐姐了", "suicide_self_harm"),
    # a list denied with 或者 leaves a later wish standing
    ("我不想吃饭或者说话，只想伤害自己", "suicide_self_harm"),
    # a person's hand burnt by bleach is no plant
    ("我的手被84消毒液烧了，起泡了", "burns"),
]

QUIET = [
    # the "if" asked to learn, with no present state told
    "如果孩子吃了大人的降压药，应该怎么处理？",
    "要是孩子吃了两片降糖药，会有什么症状？",
    # "now" that asks of a remedy or a need, not of the patient's state
    "如果吃了毒蘑菇，现在已经有解药了吗？",
    "假如被毒蛇咬了，目前还有血清吗？",
    "万一他半夜胸痛，现在还不用去医院吧？",
    # an old poisoning, and today a meal with its own object
    "前年吃野生菌中毒住过院，今天吃完饭有点胃胀",
    # spraying with a change of clothes, or clothes wet with the spray
    "我爸下午在地里喷农药，回来换了件衣服就睡了",
    "打完农药回来衣服都湿透了，是被药水打湿的，人没什么不舒服",
    # home-brewed liquor with no sign of the eyes
    "朋友自己酿的葡萄酒挺好喝的，想问下糖尿病能喝吗",
    "喝了自家酿的米酒，有点头晕",
    # a pet entrusted for a trip, and thanks before moving abroad
    "我出差一周，猫拜托给邻居了，想问一下疫苗什么时候打",
    "这几年谢谢大家的帮助，下个月我要出国了，狗狗托付给我妈了",
    # denials joined by 或者
    "我没有想过自杀或者伤害自己，就是睡不好",
    "我没有发烧或者呕吐，就是头有点疼",
    # a plant's leaves "burnt" by a chemical
    "我家的绿萝叶子被84消毒液烧了，发黄了",
]


@pytest.mark.parametrize(("text", "category"), FLAGGED)
def test_signs_told_around_their_set_asides_are_flagged(text, category):
    check(text, category)


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_stay_quiet(text):
    check(text, None)

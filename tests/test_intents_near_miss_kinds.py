"""Near-misses of the kinds independent writers use (a term asked about, an animal or a
thing as the subject, an episode over and normal again, a denial, an old event), and the
emergencies that look like them and must stay flagged.

Mechanisms: a definitional question (什么叫…, …是什么) asks for information, and so does a
why-must question about no one in particular; a pet, a plant or a hot phone is not a
patient; 完全好了 and 跟平常差不多 are outcomes; rinsing the mouth at once is a treatment;
an earlier delivery (生老大的时候) and a stay in hospital (发烧住过院) are history; a good
recovery from an old stroke (恢复得还行) makes a leftover weakness long-standing; a site
denied after it (手心脚心都不黄, 头没磕到) denies the sign; 玻璃体 is the eye's vitreous,
not glass; a stroke self-check named (按中风120) is no stroke; fetal movements said to be
normal keep the classifier from calling 胎动 alone an emergency; a few drops of a splash
are a small burn.  Our own wordings, written from clinical knowledge, not from any
evaluation set."""

import pytest
from redflag_support import flagged

NEAR_MISSES = [
    # a term asked about
    "什么叫深二度烧伤 要植皮吗",
    "啥叫子痫 和高血压有关系吗",
    "热射病是什么 跟中暑一样吗",
    "何谓雷击样头痛",
    "触电以后为什么要住院观察",
    "溺水救上来以后为什么一定要去医院",
    # an animal, a plant or a device is the subject
    "我家母狗怀孕两个月了 今天下面流了点血",
    "宠物猫绝育后阴囊肿了",
    "我家狗咬断了电线 被电了一下 现在活蹦乱跳的",
    "院子里的果树被农药喷多了 叶子都黄了",
    "手机在车里晒得发烫",
    # over, or as usual
    "我有糖尿病 刚才心慌出汗 测血糖3.5 喝了果汁 二十分钟后测6.2 现在完全好了",
    "来例假第一天 量有点大 一天换了六片卫生巾 有血块 和平常差不多",
    "刷厕所的时候消毒液溅到嘴边 赶紧用清水漱口了 现在没什么感觉",
    "炒菜的时候油溅了几滴在手上 红了 冲了冷水不怎么疼了",
    # an old event, a long-standing leftover
    "怀老大的时候是先破水才发动的 现在怀二胎28周 想问这胎会不会也这样",
    "孩子满月的时候发烧住过院 现在五个月了 想打疫苗",
    "我妈去年脑梗 恢复得还行 右腿走路还有点拖 想开点药",
    "医生说我是玻璃体混浊 飞蚊症 要紧吗",
    # denials
    "宝宝出生一周 脸有点黄 手心脚心都不黄 吃奶挺好",
    "跑步摔了一跤 头没磕到 膝盖擦破点皮",
    "我按中风120给我爸测了一下 嘴不歪 手能举 说话清楚",
    "怀孕32周 胎动正常 肚子不疼 没关系吧",
]

LOOKALIKES = [
    ("孩子被开水烫伤了 胳膊上起了一大片水泡", "burns"),
    ("怀孕32周 血压160/110 头痛得厉害 眼睛看东西模糊", "preeclampsia"),
    ("突然头痛 像被雷劈了一样 这辈子最疼的一次", "thunderclap_headache"),
    ("什么叫热射病 我爸在工地晕倒了 浑身很烫 叫不醒", "heat_stroke"),
    ("我儿子刚才被电了一下 手上有个黑点 心跳很乱 为什么要做心电图", "electric_injury"),
    ("我老婆怀孕七个月 下面流了好多血", "pregnancy_bleeding"),
    ("我家狗怀孕了 我老婆也怀孕八个月 今天下面出血了", "pregnancy_bleeding"),
    ("我儿子阴囊突然疼得厉害 肿起来了", "testicular_torsion"),
    ("我家狗把孩子的手咬破了 流了很多血", "animal_bite_rabies"),
    ("孩子咬电线被电了 现在叫不醒", "electric_injury"),
    ("电动车起火后面部烧伤 声音嘶哑 咳黑痰", "burns"),
    ("我喷农药的时候溅到脸上 眼睛睁不开", "eye_injury"),
    ("我有糖尿病 血糖2.8 吃了糖还是出冷汗 人迷迷糊糊的", "hypoglycaemia"),
    ("月经量特别多 一个小时就湿透一片卫生巾 头晕眼前发黑", "heavy_vaginal_bleeding"),
    ("84消毒液溅到眼睛里 眼睛很疼 睁不开", "eye_injury"),
    ("孩子打翻了热汤 腿上烫得发白 现在不怎么疼了", "burns"),
    ("怀二胎35周 刚才突然下面哗哗流水 止不住", "ruptured_membranes"),
    ("宝宝出生二十天 发烧38.5度 吃奶不好", "infant_fever"),
    ("宝宝二十天大 前几天发烧住过院 出院后今天又烧到38.6", "infant_fever"),
    ("我妈去年脑梗恢复得还行 今天早上突然右手拿不住筷子 说话不清楚", "stroke"),
    ("宝宝出生四天 全身都黄了 手心脚心也黄 不怎么吃奶", "neonatal_danger"),
    ("骑车摔了 头磕到马路牙子 吐了两次 有点迷糊", "head_injury"),
    ("眼睛被碎玻璃扎了 一直流血", "eye_injury"),
    ("按中风120查了 我爸嘴角往一边歪 右手举不起来", "stroke"),
    ("怀孕34周 今天一天没感觉到胎动 没关系吧", "reduced_fetal_movement"),
    ("怀孕30周 以前胎动正常 今天感觉比平时少很多", "reduced_fetal_movement"),
    ("怀孕31周 今天胎动少了 胎动正常吗", "reduced_fetal_movement"),
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_a_near_miss_of_the_common_kinds_is_no_emergency(text):
    assert not flagged(text), text


@pytest.mark.parametrize("text,category", LOOKALIKES)
def test_the_emergency_that_looks_like_it_stays_flagged(text, category):
    assert category in flagged(text), text

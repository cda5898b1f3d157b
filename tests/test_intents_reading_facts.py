"""Emergencies carried by facts and readings: a blood pressure or glucose read out in
words or told apart from its word, a glucometer's HI, a preterm baby's corrected age,
an errand asked before the report, carers' reports of retention, a whole pack of pills,
a farewell letter with a plan, a missed period with disabling pain; and look-alikes
(normal or old readings, a newborn's ordinary jaundice, a plain errand).  Written from
clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged

import intents
from intents import ages
from intents.normalize import normalize_text
from intents.redflags import unhedged


# ---------------------------------------------------------------- number grammar
@pytest.mark.parametrize(
    ("spoken", "digits"),
    [
        ("血压二百一百一十", "血压200/110"),
        ("高压一百八十五低压一百零五", "高压185低压105"),
        ("量出来一百七九十五", "量出来170/95"),
        ("一百九十八十", "190/80"),
        ("血压一百五一百六", "血压150-160"),  # a rising pair is a range
        ("一百四五十", "一百四五十"),  # 140 to 150: left to the catalogue's respellings
        ("一百零八", "108"),
        ("两千五百", "2500"),
    ],
)
def test_numeral_pairs(spoken: str, digits: str) -> None:
    assert normalize_text(spoken) == digits


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("早产宝宝，矫正胎龄三十九周，发烧了", 7.0),  # before the due date: a newborn
        ("纠正胎龄45周的早产儿", 35.0),
    ],
)
def test_corrected_gestational_age(text: str, days: float) -> None:
    assert ages.infant_age_days(normalize_text(text)) == days


def test_these_two_days_stool_is_no_age() -> None:
    res = intents.parse("这两天大便有点稀，腰也酸")
    assert not any(e["entity"] == "age" for e in res["entities"])


def test_errand_cut_for_the_second_reading() -> None:
    text = normalize_text("请问核磁共振要提前预约吗？我爸刚才突然说话含糊，嘴歪了")
    assert unhedged(text) == normalize_text("我爸刚才突然说话含糊，嘴歪了")


# ---------------------------------------------------------------- end to end
EMERGENCIES = [
    # readings
    ("在家量了下血压，二百一百一十五，头疼得要炸，眼睛看东西发花", "hypertensive_emergency"),
    ("血糖有点高，刚才测的是二十九点四，想吐，浑身没劲", "dka"),
    ("糖尿病十年了，这两天血糖仪总测出HI，胃有点疼", "dka"),
    ("血糖偏低，测出来2.6，喝了糖水还是没升上来，手一直抖", "hypoglycaemia"),
    # corrected age, newborn signs told plainly
    ("早产宝宝，纠正胎龄三十九周，刚回家几天，今天体温38.3", "infant_fever"),
    ("宝宝生下来第五天，这一天吃奶比以前少多了，睡得也比平时多，黄黄的", "neonatal_danger"),
    ("娃出生一个礼拜，奶都不吃，光知道睡，身上发凉", "neonatal_danger"),
    # telegraphic, no age
    ("呕吐腹泻 一天没尿 嗜睡", "child_dehydration"),
    # polydipsia, polyuria, weight loss, vomiting, drowsy
    ("女儿十一岁，这阵子特别能喝水，起夜好几次，瘦了七八斤，今天吐了两回，人昏昏沉沉", "dka"),
    # carers' reports of retention
    ("我在照顾一个老奶奶，她从早上开始就没有小便，下腹胀得鼓鼓的", "acute_urinary_retention"),
    ("隔壁床大爷从昨晚到现在没尿过，小肚子鼓起来一大块", "acute_urinary_retention"),
    # errands before the report
    ("儿保科要预约吗？另外我女儿现在全身抽搐，叫不醒，五分钟了", "seizure"),
    # a whole pack, a farewell letter and a plan
    ("我刚吃了一整瓶那个安眠的药，头有点沉", "drug_overdose"),
    ("想挂个号，另外我给孩子的信已经写好了，准备今晚就走", "suicide_self_harm"),
    # missed period, pain that stops her
    ("月经推迟一个多星期了，现在右边疼得站不起来", "ectopic_pregnancy"),
    # cauda equina understated, deformity, choking, own pet
    ("老腰病了，最近屁股那一圈发木，解大便没什么感觉", "cauda_equina"),
    ("骑车摔了，小臂变成S字形了，肿得老高", "major_trauma"),
    ("爷爷吃东西卡了一下，现在喘气有响声，脸憋红了", "airway_obstruction"),
    ("自家的小狗玩的时候牙齿划到我手，破了皮渗血", "animal_bite_rabies"),
]

NOT_EMERGENCIES = [
    "血压一百三八十五，有点头晕，想开点降压药",
    "我血压一直一百八十多好多年了，偶尔头晕",
    "血糖有点高，早上空腹测的是8.4，没有不舒服",
    "去年血糖测过二十多，现在吃药控制在七点几，偶尔口渴",
    "血糖仪显示HI是什么意思",
    "宝宝出生第四天，脸和胸口有点黄，吃奶睡觉都和平时一样",
    "早产宝宝矫正月龄六个月，体温37.3，想问能不能打疫苗",
    "这两天大便有点干，腰也有点酸",
    "请问核磁共振要提前预约吗",
    "想挂个心理科的号，最近压力大睡不好",
    "给爸妈写好了信，准备明天出发去外地上学",
    "刚吃了一整板巧克力，有点腻",
    "例假推迟了五天，肚子有点胀，想测一下有没有怀孕",
    "手腕打球扭了一下，有点肿，能活动",
    "孩子吃饭有点噎，喝口水就下去了，说话正常",
    "我家狗把拖鞋咬坏了",
    "老人晚上起夜两三次，尿得顺畅",
]


# A bare reading from a glucose meter (血糖仪 … 测了两次都是2.8) is a blood glucose, with
# the signs of a low; a crisis blood pressure makes even a mild chest tightness a target-
# organ sign.  Look-alikes: no sign with the reading, a count that is no reading (测了3次),
# a tightness beside an ordinary pressure.
METER_AND_CRISIS = [
    ("刚买的血糖仪，测了两次都是2.8，手一直在抖，出了一身冷汗", "hypoglycaemia"),
    ("早上量血压190/125，心口有点闷，等明天门诊可以吗", "hypertensive_emergency"),
    ("血糖仪怎么校准 测了3次都是3.2 我一点不舒服都没有", None),
    ("血糖仪测了两次都是2.9 刚跑完步 不慌也不抖", None),
    ("血压145/90，胸口有点闷，是不是没休息好", None),
]


@pytest.mark.parametrize(("text", "category"), METER_AND_CRISIS)
def test_meter_reading_and_crisis_pressure(text: str, category: str | None) -> None:
    got = flagged(text)
    assert (category in got) if category else got == [], got


@pytest.mark.parametrize(("text", "category"), EMERGENCIES)
def test_emergency_read_from_facts(text: str, category: str) -> None:
    assert category in flagged(text), flagged(text)


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_look_alike_not_flagged(text: str) -> None:
    assert flagged(text) == []

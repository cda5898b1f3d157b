"""End to end: emergencies whose patient fact (an infant's age, a pregnancy and its
weeks, a recent delivery, old age) is written the way parents, grandparents and
pregnant women write it, and look-alikes where the fact does not hold.  Written from
knowledge, not from any evaluation set."""

import pytest
from redflag_support import emergency, flagged

EMERGENCIES = [
    # infants under 3 months with fever, newborn danger signs
    ("个仔先至四十几日，发烧三十八度五", "infant_fever"),
    ("宝宝才个把月，摸着好烫，量了38度2", "infant_fever"),
    ("孩子一个来月，发烧38度", "infant_fever"),
    ("满月没几天的宝宝发烧了，38.3", "infant_fever"),
    ("刚出月子的宝宝今天发烧38度", "infant_fever"),
    ("宝宝百天不到，发烧38度5", "infant_fever"),
    ("一月龄宝宝体温38.1", "infant_fever"),
    ("宝宝四十五天大，发热38.6度", "infant_fever"),
    ("早产宝宝，矫正月龄两个月，发烧38度", "infant_fever"),
    ("BB啱啱满月，发烧38度半", "infant_fever"),
    ("我家伢才五十几天，烧到38度4", "infant_fever"),
    ("十天前生的宝宝，今天发烧38度", "infant_fever"),
    ("宝宝两个月零五天，发烧38.5", "infant_fever"),
    ("个女先至一个几月，发烧38度", "infant_fever"),
    ("还在坐月子，宝宝发烧38度", "infant_fever"),
    ("奶娃娃才四十来天，体温38.2", "infant_fever"),
    ("孩子七周大，夜里烧到38度6", "infant_fever"),
    ("才生三天的宝宝一直睡，叫不醒，也不吃奶", "neonatal_danger"),
    ("出生27天的孩子不吃奶，嘴唇发紫", "neonatal_danger"),
    ("昨晚刚生的宝宝，今天脸上身上都黄了", "neonatal_danger"),
    ("宝宝三个星期大，不吃奶，一直睡叫不醒", "neonatal_danger"),
    # pregnancy
    ("孕三十五周，头痛得厉害，眼睛看东西模糊", "preeclampsia"),
    ("35+3周，今天下面一直往下流水", "ruptured_membranes"),
    ("怀孕八个多月，脚肿得厉害，头也痛", "preeclampsia"),
    ("大肚七个几月，头痛得好厉害，眼花", "preeclampsia"),
    ("肚子八个月了，今天一天没感觉到胎动", "reduced_fetal_movement"),
    ("快生了，下面见红还一阵阵肚子疼", "pregnancy_bleeding"),
    ("怀二胎七个月，血压160/110，头很痛", "preeclampsia"),
    ("还有一个月就生了，今天头痛眼花，手脚都肿", "preeclampsia"),
    ("停经四十天，下面出血，左边肚子剧痛", "ectopic_pregnancy"),
    ("我有咗几个月，下面出血", "pregnancy_bleeding"),
    ("孕32+5，今天胎动少了一半", "reduced_fetal_movement"),
    ("身怀六甲，下面突然流血", "pregnancy_bleeding"),
    ("肚里的娃七个多月了，今天头痛得厉害，看东西模糊", "preeclampsia"),
    # just delivered
    ("刚出院的产妇，头痛得厉害，看东西模糊", "preeclampsia"),
    ("我在坐月，今日血压170/110", "preeclampsia"),
    ("剖完三天，头痛，眼花看不清", "preeclampsia"),
    ("产褥期，头很痛，眼前模糊看不清", "preeclampsia"),
    # old age, children
    ("我妈七十多了，肚子痛，刚才差点晕过去", "acute_abdomen"),
    ("我爸今年七十八，胸口痛", "cardiac_chest_pain"),
    ("我家伢两岁，拉肚子吐了一天，一整天没尿", "child_dehydration"),
    # written after the grammar was generalised (11 of 12 at first contact)
    ("孙女出生才二十来天，今天发烧到38度3", "infant_fever"),
    ("俺家老二刚满四十天，摸着发烫，38度", "infant_fever"),
    ("宝宝八周大，烧到三十八度七", "infant_fever"),
    ("生下来第五天的宝宝，全身黄得像橘子", "neonatal_danger"),
    ("孕三十三周+4天，头特别痛，眼前冒金星", "preeclampsia"),
    ("怀孕七个半月，下面流了好多血", "pregnancy_bleeding"),
    ("老婆还有半个月就生了，今天一直往下流水", "ruptured_membranes"),
    ("剖宫产术后第四天，血压170/110，头痛", "preeclampsia"),
    ("月子第十天，头痛得要命，看东西模糊", "preeclampsia"),
    ("我公公八十有三，突然肚子痛，出冷汗", "acute_abdomen"),
    ("宝宝两个半月，高烧39度", "infant_fever"),
    ("奶奶八十好几了，憋不出尿，小肚子胀得鼓鼓的", "acute_urinary_retention"),
]


@pytest.mark.parametrize(("text", "category"), EMERGENCIES)
def test_an_emergency_with_the_fact_written_as_people_write_it(text: str, category: str) -> None:
    assert category in flagged(text), (text, flagged(text))


NOT_URGENT = [
    ("宝宝五个月，发烧38度", "infant_fever"),
    ("宝宝一岁三个月大，发烧38度", "infant_fever"),
    ("宝宝三个月零十天，发烧38度", "infant_fever"),
    ("孩子2个月大时得过肺炎，现在有点咳嗽", None),
    ("宝宝五个月了，45天疫苗漏打了，今天发烧38度", "infant_fever"),
    ("宝宝两个月的时候黄疸高住过院，现在五个月，发烧38度", "infant_fever"),
    ("孩子肺炎出院第二天又发烧38度，三岁", "infant_fever"),
    ("宝宝满月酒那天着凉了，现在四个月，流鼻涕", None),
    ("孩子八个月，拉肚子两天，尿还挺多的", None),
    ("怀孕初期，有点头痛", None),
    ("怀孕头三个月，头痛，能吃什么药", None),
    ("停经四十天，头痛", "preeclampsia"),
    ("刚怀上，这两天头痛", None),
    ("孕12周，头痛", None),
    ("我怀孕八个月时生的他，今年五岁，这两天头痛", None),
    ("准备怀孕，最近老是头痛", None),
    ("生完孩子三年了，最近头痛眼花", None),
    ("产后两年，血压有点高，头痛", None),
    ("咳嗽两个多月了，头痛", None),
    ("我怀老大的时候血压高过，现在头痛", None),
    ("宝宝一百来天，发烧38度", "infant_fever"),
    ("怀孕刚两个月，有点头痛", "preeclampsia"),
    ("孩子两岁，一个月前打了疫苗，今天发烧38度", "infant_fever"),
    ("顺产后两个月，头痛，眼睛有点花", "preeclampsia"),
    ("我妈怀我弟的时候血压高，现在她头痛", "preeclampsia"),
]


@pytest.mark.parametrize(("text", "category"), NOT_URGENT)
def test_the_same_symptom_without_the_fact_is_not_that_emergency(
    text: str, category: str | None
) -> None:
    if category is None:
        assert not emergency(text), (text, flagged(text))
    else:
        assert category not in flagged(text), (text, flagged(text))

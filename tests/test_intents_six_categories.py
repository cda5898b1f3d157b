"""Emergency recall in six categories the held-back sets still missed: coin cells and
magnets (swallowed and looking well, gone from a device a child played with, pushed into a
nostril or an ear), pins gone with drooling, choking told as stridor, laboured speech or
collapse, retention that is not mere frequency, cauda equina told as leaking unnoticed and
legs that do not obey, trauma followed by belly pain or pallor, bleeding in pregnancy
(a show at term is none; a worried question does not reach an added fact), and an
allergen followed by two organ systems.  Each table
pairs emergencies with look-alikes.  Our own wordings, written from clinical knowledge, not
from any evaluation set."""

import pytest

from tests.redflag_support import flagged

COIN_CELLS = [
    # swallowed: looking well afterwards, or the cell going down, is no reassurance
    ("外甥把电子秤里的扣式电池咽下去了，现在还蹦蹦跳跳的", "button_battery"),
    ("孩子把磁力珠含在嘴里，我一喊他一吞就下去了，看着一切正常", "button_battery"),
    ("小女儿吞了一颗纽扣电池，后来一直吐口水", "button_battery"),
    ("孩子吞了纽扣电池，刚才在医院用胃镜取出来了，医生说食道没伤到", None),
    ("宝宝把纽扣电池放进嘴里，我立刻从嘴里抠出来了，电池完整", None),
    ("两颗纽扣电池都找到了，孩子没吞", None),
    ("纽扣电池要放在孩子够不着的地方吗", None),
    # gone from a device a child was playing with
    ("三岁儿子拆了遥控器，里面的电池丢了，到处找不着", "button_battery"),
    ("孩子玩过的电子手表背面空了，电池没了，他说嗓子烫", "button_battery"),
    ("孩子的玩具车电池没了，该买几号的", None),
    ("手表电池没了，去哪家店能换", None),
    # in a nostril or an ear
    ("外孙女把一颗纽扣电池塞进鼻孔，鼻子里流出带血的水", "button_battery"),
    ("儿子往耳朵眼里放了个小电池，掏不出来了", "button_battery"),
    ("我耳朵里戴着助听器，电池用得特别快", None),
    ("耳机的电池不耐用，怎么办", None),
]

PINS = [
    ("小外孙拿着奶奶的大头针玩，大头针找不到了，他一直流口水", "button_battery"),
    ("孩子拿回形针玩，现在回形针少了一个，他干呕不肯吃饭", "button_battery"),
    ("缝衣服的针找不到了，满地找了半天", None),
]

CHOKING = [
    ("爷爷吃粽子噎住了，快不行了", "airway_obstruction"),
    ("奶奶吃馒头噎着了，喘气呼呼地响", "airway_obstruction"),
    ("我爸吃肉噎住以后说话很费劲，憋得难受", "airway_obstruction"),
    ("外婆吃汤圆噎着了，人一下子软了", "airway_obstruction"),
    ("孩子吃苹果呛了一下，咳了两声吐出来一小块，现在又说又笑的", None),
    ("宝宝喝奶呛着了，咳出来就好了，现在哭声洪亮", None),
    ("老人吃饭老是容易呛，平时要注意什么", None),
]

RETENTION = [
    ("我爸前列腺增生，吃了感冒药后一晚上没尿出来，小肚子胀得鼓鼓的", "acute_urinary_retention"),
    ("最近一个钟头跑一次厕所，不过每次都能尿出来，也不疼", None),
    ("晚上要起夜三四回，尿得挺顺的", None),
]

CAUDA = [
    ("腰疼了好几天，今天内裤湿了自己没感觉到尿，两条腿也不利索", "cauda_equina"),
    ("腰椎间盘突出，两条腿都不听使唤，今天尿了自己不知道", "cauda_equina"),
    ("腰有点酸，两条腿都好好的，大小便正常", None),
]

TRAUMA = [
    ("骑三轮车翻到沟里了，之后肚子越来越痛，脸色发白", "major_trauma"),
    ("开电动车被小轿车刮倒，左上腹痛，嘴唇发白", "major_trauma"),
    ("骑电动车摔了一下，膝盖擦破点皮", None),
    ("每天骑电动车上班，最近肚子有点胀", None),
]

PREGNANCY = [
    ("孕30周，肚子一直疼，胎盘会不会有问题，还出血了", "pregnancy_bleeding"),
    ("孕31周，担心台盘会不会有问题，而且下面流血了", "pregnancy_bleeding"),
    ("孕36周，见红了一点点，粉色的", "pregnancy_bleeding"),  # preterm: any bleeding
    ("孕38周，见红以后血越来越多，卫生巾都湿透了", "pregnancy_bleeding"),
    ("孕39周，内裤上见红了一点点，褐色的，没有规律宫缩，胎动正常", None),
    ("孕38周，早上见红，只有少量粉色分泌物，别的没什么", None),
    ("孕30周，胎盘会不会有问题，要做什么检查", None),
    ("孕30周，万一胎盘有问题，还出血了怎么办", None),
]

# right after a likely allergen, the skin with the airway or the gut (WAO criterion 2)
ALLERGY_TWO_SYSTEMS = [
    ("女儿刚吃了两只虾，嘴边起了一片风团，一直清嗓子", "anaphylaxis"),
    ("孩子刚吃了花生酱，身上起了好多疹子，吐了两回", "anaphylaxis"),
    ("吃了芒果嘴巴周围起了点红疹，别的都好", None),
    ("孩子昨天吃了虾，今天身上起了红疹，有点痒", None),
    ("感冒咳嗽几天了，今天吃了海鲜，肚子有点疼", None),
]

FETAL_MOVEMENT_BARRIER = [
    ("孕37周，没有宫缩，胎动跟平时一样", None),
    ("孕33周，从早上到现在没有胎动", "reduced_fetal_movement"),
]


@pytest.mark.parametrize(
    "text,category",
    COIN_CELLS
    + PINS
    + CHOKING
    + RETENTION
    + CAUDA
    + TRAUMA
    + PREGNANCY
    + ALLERGY_TWO_SYSTEMS
    + FETAL_MOVEMENT_BARRIER,
)
def test_six_categories(text: str, category: str | None) -> None:
    got = flagged(text)
    if category is None:
        assert got == [], got
    else:
        assert category in got, got

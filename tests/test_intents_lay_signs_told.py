"""Danger signs told in lay words the catalogue did not know, or with a fact a gate
needs told in the family's own words: a vertigo with vomiting and a gait gone (不能行走,
无法行走, 走不了了), a rectal bleed told by what it soaked (拉了一裤子血), a hand held
fast by a live wire (抓着电线松不开), a belly hard as stone to the hand (按着像石头一样
硬), belly pain shown by acts (抱着肚子在地上, 碰一下就尖叫), insulin run out (胰岛素断
了) with deep breathing, the jab (打了针) followed by sweat and confusion, the pressure
said to be up (血压高了) with a new confusion, an older adult's belly pain with vomiting
and a fever, a weak suck in a newborn and a jaundice reaching the trunk in the first two
days.  Calm look-alikes (chronic, mild, past, another sense of the words, the gated
near-misses) stay calm.  All wordings are our own."""

from __future__ import annotations

import pytest
from redflag_support import check, emergency

EMERGENCIES = [
    # sudden_imbalance: vertigo, vomiting and the gait gone
    ("68岁 眩晕3小时 呕吐5次 血压170/95 不能行走", "sudden_imbalance"),
    ("我爸突然天旋地转，吐了好几次，现在无法行走", "sudden_imbalance"),
    ("老妈头晕得厉害，一直吐，路都走不了", "sudden_imbalance"),
    ("72岁，今天早上起来眩晕，呕吐，没法行走", "sudden_imbalance"),
    ("我外公晕得很，吐了三回，人走不了了", "sudden_imbalance"),
    ("头晕伴呕吐两小时，不能行走，我妈六十七了", "sudden_imbalance"),
    # melaena: a heavy rectal bleed told by what it soaked
    ("我奶奶拉了一裤子血，人叫她有反应但很虚", "melaena"),
    ("我爸刚才拉了一床血，脸色发白", "melaena"),
    ("老公上厕所没来得及，拉了一裤子的血", "melaena"),
    ("我妈拉肚子，拉得裤子上全是血", "melaena"),
    ("爷爷拉血，裤子都湿透了", "melaena"),
    ("外婆拉了一地血，站不起来", "melaena"),
    # electric_injury: a hand held fast by a live wire
    ("我看见那个人手抓着电线，抖个不停，松不开", "electric_injury"),
    ("工地上一个工人握着电线一直在抖，叫他也不应", "electric_injury"),
    ("我儿子手攥着电线松不开了，怎么办", "electric_injury"),
    ("师傅的手好像粘在电线上了，人在哆嗦", "electric_injury"),
    ("老头抓住那根电线甩不开，浑身抖", "electric_injury"),
    # acute_abdomen: a belly hard as stone to the hand
    ("想挂个消化科，我妈肚子疼了一天，按着像石头一样硬", "acute_abdomen"),
    ("我爸肚子痛了半天，摸着像石头一样", "acute_abdomen"),
    ("老公腹痛，摸上去像木板一样硬", "acute_abdomen"),
    ("我妈肚子疼得不行，按着梆硬", "acute_abdomen"),
    ("孩子他爸胃疼，按上去像石头", "acute_abdomen"),
    # acute_abdomen: pain shown by acts, tenderness to a touch
    ("我老婆抱着肚子在地上，碰一下就尖叫", "acute_abdomen"),
    ("我爸捂着肚子蜷在地上，一碰就叫", "acute_abdomen"),
    ("儿子抱着肚子在地上打滚", "acute_abdomen"),
    ("我妈捂着肚子，碰都不让碰", "acute_abdomen"),
    ("老婆捂着小肚子倒在地上起不来", "acute_abdomen"),
    ("姐姐抱着肚子在床上打滚，一摸就叫", "acute_abdomen"),
    # acute_abdomen: an older adult's belly pain with vomiting and fever
    ("65岁 腹痛8小时 呕吐5次 体温38.6", "acute_abdomen"),
    ("我奶奶肚子疼了一上午，吐了好几次，发烧38.8", "acute_abdomen"),
    ("70岁老人，腹痛呕吐，体温39度", "acute_abdomen"),
    ("我爷爷今天肚子疼，还吐了，量了体温38.5", "acute_abdomen"),
    # dka: insulin run out and deep breathing
    ("邻居说她女儿胰岛素断了两天，现在呼吸很粗", "dka"),
    ("我儿子是1型糖尿病，胰岛素用完了三天，现在大口喘气", "dka"),
    ("我妈胰岛素没了好几天，今天呼吸又深又快", "dka"),
    ("孩子有糖尿病，胰岛素断了，现在吐了好几次", "dka"),
    # hypoglycaemia: the jab, then sweat and confusion
    ("我老伴打了针 现在一身汗 说话糊涂", "hypoglycaemia"),
    ("我爸打完针一会儿满头大汗，人迷迷糊糊的", "hypoglycaemia"),
    ("奶奶打了针以后出冷汗，说胡话", "hypoglycaemia"),
    ("我老公打针后浑身是汗，认不出人了", "hypoglycaemia"),
    # hypertensive_emergency: the pressure up and a new confusion
    ("我奶奶血压高了，说话开始语无伦次", "hypertensive_emergency"),
    ("我爷爷血压上来了，现在人糊涂了", "hypertensive_emergency"),
    ("外婆血压又高了，突然胡言乱语", "hypertensive_emergency"),
    ("老爸血压高了，突然认不出人", "hypertensive_emergency"),
    # neonatal_danger: a weak suck, an early jaundice reaching the trunk
    ("宝宝出生第二天，脸和身上都黄了，吃奶也没劲", "neonatal_danger"),
    ("医生说黄疸要注意，宝宝第二天就黄到肚子了", "neonatal_danger"),
    ("宝宝生下来第2天，胸口都黄了", "neonatal_danger"),
    ("新生儿10天，吃奶没劲，一直睡", "neonatal_danger"),
    ("宝宝出生第一天身上就黄了", "neonatal_danger"),
    ("孩子出生3天，吸得没劲，吃几口就不吃了", "neonatal_danger"),
]

CALM = [
    # walking limited by other causes, or the old gait
    "膝盖疼了好几年，走不了远路",
    "我妈腿脚不好，走不了太远",
    "脚崴了，有点肿，走路疼",
    "头晕多年了，走路一直不太稳，想看看",
    # rectal blood: small, past, another sense
    "擦屁股的时候纸上有一点血",
    "去年拉过一次血，现在想复查肠镜",
    "孩子拉了一裤子，要不要紧，大便正常颜色",
    "痔疮出血，就几滴",
    # wires: no current, a cord, the past
    "家门口电线松了，找谁修",
    "我想问问电线老化了要怎么换",
    "以前被电过一下，现在没事",
    # stone-hard stool, a laughing belly, a child's play
    "肚子有点疼，大便像石头一样硬，三天一次",
    "大便干得像石头一样，三天一次",
    "孩子看动画片笑得抱着肚子",
    "孩子抱着肚子玩玩具，吃饭正常",
    "宝宝腿上蚊子包，碰一下就哭",
    # younger adult with a stomach bug, an older adult without fever
    "25岁，肚子有点不舒服，吐了一次，没发烧",
    "我妈70岁，肚子有点胀，没吐没发烧",
    "我奶奶以前肚子疼呕吐发烧住过院",
    # insulin: no breathing sign, a reading fine
    "胰岛素用完了，去哪里买",
    "胰岛素断了一天，血糖12，人没什么不舒服",
    # a jab without confusion
    "打了针出了点汗，人很清醒",
    "孩子打了疫苗，有点发烧",
    # pressure up without confusion, or the confusion old
    "奶奶血压高了，有点头晕，想开点药",
    "奶奶老年痴呆好几年了，说话糊里糊涂，血压高",
    "以前血压高了说话语无伦次过一次，现在好了",
    # jaundice late, on the face only, or gone
    "宝宝出生第十天，身上有点黄，吃奶很好",
    "宝宝第二天脸有点黄，吃奶睡觉都好",
    "孩子两岁，身上黄黄的，吃橘子吃多了",
]


@pytest.mark.parametrize(("text", "category"), EMERGENCIES)
def test_lay_signs_are_emergencies(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize("text", CALM)
def test_lay_look_alikes_stay_calm(text: str) -> None:
    assert not emergency(text), text

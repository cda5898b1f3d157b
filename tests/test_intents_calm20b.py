"""Near-misses from rural families, children and very old people that name an emergency's
words but tell no emergency now, next to the emergencies worded like them that must stay
flagged.  Readings covered:

- a pet kept at a relative's home (奶奶家的老黄狗) or a newborn animal (小狗狗刚生下来) is no
  patient — unless a person is told hurt too.
- a class's lesson told by its topic (体育课老师讲急救, 生理课讲心脏病发作), a film telling of a
  subject (一部电影讲青少年自杀), a lesson prepared (备课) or a school demonstration (来学校演示
  灭火) is the source's case — unless a person is told after it.
- knowledge questions with no person named: what warns of it (有什么前兆), how two differ
  (…和…有什么不同), whether a sign is always a danger (…一定是危险信号吗).
- a sign of an earlier day checked and told 没事 (查了…都没事), or cared for at the place
  (在医院补了液, 在急诊冲洗检查过) and told well now (尿量正常, 不红了) — unless a sign of
  now follows.
- an event followed by a stay in hospital (溺水后吸入性肺炎住过院) or dated to a year long
  gone (2015年喝农药) is a history — unless a present time tells it again.
- what to do when a sign starts (抽起来怎么做), asked after another question, is a how-to —
  unless a moment, an onset or 了 tells it happening.
- another woman's delivery told as a time (闺蜜生孩子前破水了) is her past episode.
- a child's one extra vitamin or calcium tablet is no overdose — unless it holds iron, a
  toxic sign is told or another drug is named.
- a pain told by a likeness (针扎一样痛) is no needle, and 一下就没了 tells how fast it went,
  not a sudden onset.
- a 、 list denied after a turn or a named person (但没有头疼、胸闷; 外公没有…) is denied —
  unless a later item turns again.
- 能下地走了 is walking again, not field work in the heat.

Sentences written for this file."""

import pytest
from redflag_support import emergency

CALM = [
    # a pet at a relative's home, a newborn animal
    "我奶奶家的老黄狗突然走路歪，一边脸耷拉，兽医说是前庭病，狗也会中风吗",
    "姥姥家的大黄狗突然站不稳，走路歪，是不是中风了",
    "外婆家的小黑狗今天吐了好几次，还抽搐了",
    "小狗狗刚生下来一只不吃奶，要怎么办",
    "小猫刚生下来一只不吃奶，一直叫",
    # a lesson, a film, a demonstration
    "我们体育课老师讲急救，说心梗的人会捂胸口，想问真的都这样吗",
    "生理课老师讲月经，说一小时湿透一片要就医，我想问为什么",
    "我们班今天生理课讲心脏病发作，学生问胸痛会不会传到手臂，想找点科普资料",
    "健康课老师讲中风，说一边脸耷拉就要打120，为什么",
    "我在看一部电影讲青少年自杀，想了解怎么预防",
    "我在备课讲人的生殖，羊水有多少毫升？破水一般在什么时候？",
    "消防队来学校演示灭火，说油锅着火不能泼水，为什么",
    # knowledge questions
    "视网膜脱离是怎么回事，有什么前兆",
    "中风有什么前兆",
    "胎动减少一定是危险信号吗？",
    "高压电和家用电伤害有什么不同？",
    "脑出血和脑梗有什么区别？",
    "心梗发作前有哪些先兆？",
    # checked, cared for, over
    "前天半夜胸闷，120拉去查了肌钙蛋白和冠脉CTA，都没事，这两天也没再闷",
    "昨晚胸闷，去急诊查了心电图和心肌酶，都没事",
    "孩子前天拉肚子脱水，在医院补了液，现在尿量正常，能吃能喝",
    "前天眼睛溅到清洁剂，在急诊冲洗检查过，今天已经不红了",
    # a history
    "溺水后吸入性肺炎住过院，现在半年了，复查胸片都好了",
    "我叔叔2015年喝农药被救回来了，现在身体还行",
    # a how-to of when it starts
    "孩子容易热性惊厥，发烧时怎么预防？抽起来怎么做？",
    # another woman's delivery
    "我闺蜜生孩子前破水了，她说像尿裤子一样，是真的吗",
    "我表姐生孩子的时候破水了，她说热热的，是真的吗",
    # a harmless extra tablet
    "孩子多吃了一颗维生素软糖，精神正常，没有不舒服",
    "孩子多吃了一片钙片，没什么不舒服",
    # a likeness, a pain gone at once
    "孩子12岁，跑步后说胸口左边针扎一样痛一下就没了，按着有点痛，现在活蹦乱跳的",
    # a denied list
    "外公血压量了165/100，但没有头疼、胸闷、视物模糊，休息半小时复测150/95",
    "外公没有头疼、胸闷、视物模糊",
    # walking again
    "前天眩晕吐得厉害，急诊做了核磁没有梗塞，是前庭神经炎，今天能下地走了",
]

EMERGENCIES = [
    # a person hurt besides the pet
    "奶奶家的狗叫了一声，奶奶突然一边脸耷拉，说话不清楚",
    "在姥姥家遛狗，姥姥突然走路歪，一边嘴角耷拉",
    "我奶奶喂狗的时候突然倒地，叫不醒",
    "外婆家的狗刚生了小狗，外婆突然说话不清楚，一只手抬不起来",
    # a person told after the lesson or the film
    "体育课老师讲急救的时候，我儿子突然捂着胸口倒地了",
    "看了一部电影讲自杀，我现在也不想活了",
    "生理课上老师讲着讲着，我儿子突然抽搐，叫不醒",
    "我在备课，突然胸口剧痛，出冷汗",
    "生理课讲心脏病发作，讲完我就胸口压着疼，出冷汗",
    "在电影里看到有人自杀，我今晚就想跳楼",
    "我奶奶家的狗咬了我奶奶，流了好多血",
    "外公家的老黄狗咬了孩子的脸，伤口很深",
    # a knowledge question about a person's sign now
    "我爸突然一边手脚没劲，说话不清，这是中风的前兆吗",
    "孕32周胎动减少，今天一天没怎么动，一定是危险信号吗",
    "右眼突然看不见了，像拉了窗帘，有什么前兆吗",
    "突然一边手脚没劲，和脑梗有什么不同",
    "突然胸口剧痛，一定是心梗吗？",
    "心梗和心绞痛有什么区别，我现在胸口压着疼出冷汗",
    # a sign of now after the checked one
    "前天胸闷，查了心电图都没事，今天又胸口压着疼，出冷汗",
    "前天半夜胸闷，查了都没事，现在又闷得厉害，出冷汗",
    "孩子前天拉肚子脱水，在医院补了液，今天又拉了十几次，一直没尿",
    "前天眼睛溅到清洁剂，在急诊冲洗检查过，今天已经不红了，但是看东西越来越模糊",
    "今天眼睛溅到清洁剂，在急诊冲洗过，现在不红了",
    "昨天眼睛溅到了洗厕所的强酸，在医院冲洗过，今天还是看不清",
    # the history told again now
    "溺水后住过院，今天又掉进河里了，呛了很多水，一直咳",
    "我叔叔2015年出生，今天喝了农药",
    "我叔叔2015年喝过农药，今天又喝了一瓶",
    "我叔叔2015年喝农药被救回来了，刚才又喝了半瓶敌敌畏",
    # the start told happening
    "孩子突然抽起来怎么办",
    "孩子容易热性惊厥，发烧时怎么预防？现在抽起来了怎么做？",
    "发烧时怎么预防？他又抽起来了怎么办？",
    # her own waters now
    "我闺蜜生孩子前破水了，今天我也破水了，一直在流",
    "我闺蜜快生孩子了，刚才破水了，一直在流",
    "我闺蜜生孩子的时候破水了，现在我怀孕37周，刚才也破水了",
    # iron, a toxic sign, another drug
    "孩子多吃了一颗含铁的维生素",
    "孩子多吃了一颗补铁的维生素片",
    "孩子多吃了一颗钙片，现在吐了好几次",
    "孩子多吃了一颗维生素，还多吃了一片降压药",
    "孩子多吃了一片药，不是维生素，是我的降压药",
    # a real needle, a sudden pain
    "孩子在玩缝衣针，针不见了，他说喉咙疼",
    "3岁孩子玩大头针，现在针找不到了，一直流口水",
    "孩子12岁，跑步后胸口一下就疼得厉害，满头大汗，现在还疼",
    "我爸胸口疼一下就没了，过一会又疼，出冷汗，已经半个小时了",
    # the list turned
    "外公血压180/110，没有头疼，但胸闷、出冷汗",
    "外公血压180，但没有头疼、但是胸闷得厉害、出冷汗",
    "外公没有头疼、可是胸口压着疼、出冷汗",
    # field work in the heat
    "大热天在地里干活，突然晕倒，叫不醒",
    "下地干活回来吐了，说胡话，浑身滚烫",
]


@pytest.mark.parametrize("text", CALM)
def test_near_miss_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergency_worded_alike_stays_flagged(text: str) -> None:
    assert emergency(text), text

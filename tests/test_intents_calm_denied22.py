"""Near-misses that keep a calm reading (a denial, a resolution, a mild word, a managed
condition), next to the emergencies worded like them that must stay flagged.  Readings covered:

- a 血 inside a test or a clot named (复查凝血, 血栓) is no bleeding, and the 一直 of a lab
  value kept in range (INR一直在范围里) is no bleeding that will not stop.
- a palsy named as the diagnosis (诊断面瘫) and a stroke ruled out by a scan with another
  cause named (磁共振排除了中风，诊断前庭神经炎) explain the droop or the dizziness.
- a sip gone down the wrong way (喝水呛了一下) is no fall into water; no water breathed in
  (掉进水沟马上爬起来，没呛水) ends a wetting — unless a sign of the breath follows.
- a 火 inside a food (红心火龙果, 火锅) is no fire; smoke that only stung the eyes a little
  (被烟熏得眼睛有点辣) is no smoke inhalation — unless a fire or the breath is told.
- small clots said with the adjective after (血块很小) are an ordinary period's.
- a sleeper told answering at once (马上睁眼回答我) is roused — unless the answer is denied.
- a newborn told waking for each feed (一到点喂奶就醒) is no lethargic baby.
- the energy told back (精神也回来了), a remedy taken and the patient well (吃了糖好了),
  a pad found dry since (一上午都是干的) tell the episode over.
- a doctor's examination told with its finding (医生检查嘴里没伤, 急诊查了心电图…都正常)
  clears an earlier day's exposure or faint; a follow-up told with its result (今天复查食管
  正常) is no question.
- the end-word 又开始动了 is the movements back, no sign going on.
- a sugar read in the ordinary range (测血糖7点多) is no low for the classifier.
- 没有别的感觉 after a household jolt is the jolt unharmed — not with high voltage or a
  sign of the heart.

Sentences written for this file."""

import pytest
from redflag_support import emergency

CALM = [
    # anticoagulant follow-up
    "我有反复深静脉血栓，长期吃华法林，INR一直在范围里，来复查凝血",
    "我妈房颤吃华法林好几年了，INR一直很稳定，想约个时间复查凝血",
    "老公下肢静脉血栓，在吃利伐沙班，想问复查凝血挂什么科",
    # palsy / vestibular diagnosis after a scan
    "上周老爸嘴歪来急诊，查了头颅磁共振没有梗死，诊断面瘫，正在吃药好转",
    "我妈前几天口角歪斜，做了CT排除了脑梗，诊断面神经炎，在做针灸",
    "昨天突然晕得站不住，急诊做了磁共振排除了中风，诊断前庭神经炎，今天好多了",
    "前天我爸突然天旋地转站不稳，医院查了磁共振不是中风，确诊耳石症，复位后好了",
    # a sip down the wrong way; a wetting with no water breathed in
    "喝水呛了一下咳了几声，现在说话呼吸都正常",
    "孩子喝奶呛了一下，咳了两声就好了",
    "我喝水太快呛了，咳了一会儿，现在没事了",
    "掉进浅水沟马上爬起来了，没呛水，呼吸正常",
    "孩子在小河边踩空掉进水里，大人马上拉起来了，没呛水，现在在玩",
    # no fire
    "吐的口水有点粉红，是刚吃了红心火龙果，咳嗽时痰里没血",
    "昨晚吃完火锅有点上火，嗓子疼咳嗽",
    "在烧烤摊坐久了被烟熏得眼睛有点辣",
    "厨房炒辣椒被烟熏得眼睛有点流泪",
    # ordinary period
    "老婆月经有点多，我问了，不晕不心慌，血块很小",
    "这次月经比上次多一点，血块都不大，人没什么不舒服",
    # roused sleeper; newborn waking to feed
    "奶奶刚才闭着眼不说话，我摸她叫她，她马上睁眼回答我，就是困了",
    "爷爷在沙发上闭着眼不吭声，我喊他，他立刻睁眼回答我，说在打盹",
    "新生儿一直睡，但一到点喂奶就醒，吸得有力",
    "宝宝出生十天，白天一直睡，不过到点喂奶就会醒，吃得挺好",
    # energy back, remedy worked, dry since
    "前天宝宝脱水急诊补液，今天尿多了，精神也回来了",
    "孩子前天拉肚子有点脱水，输了液，现在精神头恢复了",
    "想问问，前天我妈血糖2点几，吃了糖好了，医生已经减了药量",
    "上周我爸低血糖2.8，喝了糖水就好了，想问降糖药要不要调",
    "血糖2.1 出了一身冷汗 吃了块糖好了",
    "怀孕八个月，今天内裤有点湿，我换了护垫观察，一上午都是干的",
    "孕33周，早上内裤湿了一点，垫了护垫，后来一直是干的",
    # checked by a doctor
    "你好，前天孩子舔了一下洗衣凝珠，医生检查嘴里没伤，已经没事",
    "昨天孩子舔了一口洗衣液，去医院医生看了喉咙没有烧伤",
    "昨天心慌晕倒去急诊查了心电图和动态心电图，都正常",
    "前天我妈心慌晕倒了一下，医院查了心电图，结果正常",
    "咨询下：前天孩子吞了电池，急诊胃镜取出来了，今天复查食管正常",
    "昨天胎动少去做了胎心监护，一切正常，宝宝又开始动了",
    # sugar normal; a household jolt
    "我爸打了胰岛素，现在吃了饭，测血糖7点多，很精神",
    "我妈打完胰岛素吃了早饭，血糖6.5，人挺好的",
    "摸到漏电的洗衣机有点麻，马上松手了，没有别的感觉",
    "插插头的时候被电了一下，手麻了一下，没有其他不舒服",
]

FLAGGED = [
    # bleeding on an anticoagulant
    "长期吃华法林，流鼻血一直止不住",
    "我爸吃华法林，今天牙龈出血一直不停",
    "我有深静脉血栓在吃利伐沙班，今天尿血，一直流",
    # a droop or a dizziness told now
    "我爸突然嘴歪了，说话不清楚",
    "刚才老爸突然嘴歪，是面瘫还是中风",
    "我妈突然一边脸歪了，手也抬不起来",
    "昨天突然晕得站不住，医生说是中风",
    # drowning
    "孩子掉进泳池里，捞上来不哭不动",
    "孩子掉进泳池，没呛水，但是现在一直咳嗽喘",
    "孩子下午掉进水塘，当时没呛水，晚上开始喘、呼吸很快",
    "游泳的时候呛了好几口水，现在一直咳，喘不上气",
    # fire smoke
    "楼下着火，被烟熏得眼睛有点辣",
    "家里失火，被浓烟呛了，现在嗓子哑一直咳",
    "被烟熏了，嗓子哑了一直咳",
    "被烟熏得眼睛有点辣，喘不上气",
    # heavy bleeding
    "月经量特别大，一小时湿透一片卫生巾，有很大的血块，头晕",
    "月经血块很大，像鸡蛋那么大，人发晕心慌",
    # not roused
    "奶奶刚才闭着眼不说话，我摸她叫她，她不回答我，也不睁眼",
    "爷爷躺在床上闭着眼，怎么叫都叫不醒",
    "奶奶突然倒地，叫她不答应我，马上睁眼又闭上了",
    # lethargic newborn
    "新生儿一直睡，叫不醒，不吃奶",
    "宝宝出生10天，一直睡，到点喂奶也不醒",
    "新生儿一直睡，到点喂奶就醒，但是吃两口就睡，吸得没劲",
    # not over
    "前天宝宝脱水急诊补液，精神也回来了，今天又一直吐，一天没尿",
    "宝宝拉肚子脱水了，一天没尿，精神差",
    "我妈血糖2点几，吃了糖好了一点，还是迷糊",
    "我妈刚才血糖2点几，吃了糖还没好",
    "怀孕八个月，今天内裤有点湿，我换了护垫，一直在往下流水",
    "怀孕35周，早上内裤湿了一片，换了护垫，后来都是干的，但是刚才又流了一股水",
    "孕36周，刚才一股水流出来，内裤湿了",
    # a nappy dry all day is a sign, not an all-clear
    "我奶奶有老年痴呆，今天一直烦躁乱喊，摸她小肚子鼓鼓的硬硬的，尿不湿一整天都是干的",
    "宝宝拉肚子脱水，尿布一天都是干的，后来一直是干的",
    # exposure or faint not cleared
    "前天孩子舔了一下洗衣凝珠，医生检查嘴里没伤，今天开始吐了",
    "昨天孩子喝了一口84消毒液，医生检查了一下，现在一直吐",
    "昨天心慌晕倒去急诊查了心电图，都正常，今天又晕倒了",
    "昨天心慌晕倒了，医生查了心电图说要住院",
    "前天突然心慌然后晕过去了，医院看了心电图正常，刚才又心慌得厉害",
    "孩子刚才吞了一颗纽扣电池",
    # hypoglycaemia
    "我爸打了胰岛素还没吃饭，出冷汗手抖，说胡话",
    "我爸打了胰岛素，现在出冷汗，手发抖，人迷糊",
    "我爸有糖尿病，平时血糖7点多，今天出冷汗手抖说胡话",
    "我爸打了胰岛素，血糖从7点多掉到2点几，出冷汗",
    # electric
    "摸到漏电的洗衣机电了一下，没有别的感觉，就是心跳很乱",
    "被高压电电了一下，没有别的感觉",
]


@pytest.mark.parametrize("text", CALM)
def test_calm_reading_kept(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", FLAGGED)
def test_danger_worded_alike_flagged(text: str) -> None:
    assert emergency(text), text

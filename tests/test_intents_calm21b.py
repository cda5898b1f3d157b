"""Near-misses about an info question, a question asked ahead of time and an episode of an
earlier day that was treated or checked and is over, next to the emergencies worded like
them that must stay flagged.  Readings covered:

- a bare question about the cause of a named sign or condition (晕厥是什么原因, 胎膜早破是
  什么原因引起的) is an info question (``info_question``) — unless an onset or a moment of
  now is told (突然, 刚才, 现在, 这会儿) or a person is named (我爸晕倒了叫不醒，是什么原因).
- "why must one not (move, lift, pull) such a casualty" (为什么高处摔下来的人不能随便扶起来)
  is a first-aid question — not 为什么我爸摔下来以后腿不能动了, where the person is named.
- a wish to learn ahead of time (提前问好, 先了解一下: ``learning``) is not taken back by
  a 马上 that asks when to come (要马上来吗) or by a clause that tells all well now (我现在28
  周都正常: ``learning_not_now``) — unless a sign of now is told (现在发烧39度).
- an episode of an earlier day that came to the hospital (来急诊处理了, 来缝了针, 来急诊填塞
  了) and is told not back since (今天没再渗血, 现在已经停了, 现在没再发生) is over; how long
  it went on before (1个小时止不住) belongs to that episode — unless it is told going on or
  back after the care or the end (今天还在流, 又流了, 现在血从嘴里往外涌).
- a blood test told normal (查血没问题) is a test told normal.
- an earlier time told with a sign going on (小时候经常流鼻血止不住) is history when years
  without it are told since (10几年没流过了: ``absent_for_years``) — unless it is back now.
- fetal movements told not reduced (胎动没有少, 没减少) are no absent movements — unless
  a later clause tells them stopped (但是今天下午到现在一直不动了).
- a gush denied with its measure word between (没有一股一股流水: ``一股`` follows the
  negator) is denied — unless the gush is told without the denial.
- a lopsided smile or a crooked mouth after a local cause at the mouth (咬到嘴唇肿了, 拔牙打了
  麻药: ``mouth_local``) is that cause's — not half the face not moving, a weak arm or
  slurred speech.

Sentences written for this file."""

import pytest
from redflag_support import emergency

CALM = [
    # the cause of a sign or condition asked
    "晕厥是什么原因",
    "胎膜早破是什么原因引起的",
    "昏迷一般是由什么原因引起的",
    "晕倒是什么原因导致的？",
    "新生儿黄疸是什么原因引起的",
    "脑出血是什么原因造成的",
    # why a casualty must not be moved
    "为什么高处摔下来的人不能随便扶起来",
    "为什么车祸受伤的人不能随便搬动",
    "为什么触电的人不能直接用手去拉",
    # asked ahead of time
    "化疗后发烧多少度要马上来医院？提前问好",
    "孕晚期出现头痛、眼花、看东西有闪光要马上来吗？我现在28周都正常，先了解一下",
    "孩子吞了异物要马上去医院吗？想提前了解一下",
    # an earlier day's episode, cared for or checked, over
    "前天大出血来急诊处理了，复查血红蛋白正常，现在已经停了",
    "上周产后出血来医院处理了，复查都正常，现在已经停了",
    "昨天手被玻璃割伤血流不止来缝了针，今天没再渗血，想问什么时候拆线",
    "前天切菜割到手指血止不住，来急诊缝了三针，今天没再出血",
    "前天鼻血一个小时止不住来急诊填塞了，今天取出了没再出血",
    "昨天我爸流鼻血半小时止不住，来医院填塞了，今天没再流",
    "前天眼前突然一片黑几秒钟，当天来眼科查了眼底正常，现在没再发生",
    "昨天宝宝不怎么吃奶来看了，查血没问题，今天吃奶好了",
    "昨天孩子发烧抽了一下，来急诊查了血都正常，今天精神很好",
    # years gone since
    "小时候经常流鼻血止不住，后来烧灼了血管，十几年没流过了",
    "我年轻时经常流鼻血止不住，做了手术，二十年都没再流过",
    "以前月经量大血止不住，后来做了手术，好多年没犯过了",
    # fetal movements told not reduced
    "孕34周，胎动没有少，就是比以前位置往下了",
    "孕30周，胎动没少，就是踢得位置变低了",
    "孕36周，感觉胎动没有减少，就是有点胀",
    # a gush denied
    "孕30周，分泌物有点多，白色糊状的，没有一股一股流水",
    "孕30周，没有一股流水",
    "孕35周，白带多了点，没有一阵一阵往下流水",
    # a crooked smile after a local cause at the mouth
    "吃饭咬到嘴唇肿了，笑起来有点不对称，别的都正常",
    "刚拔完牙打了麻药，嘴有点歪",
    "孩子摔了一跤嘴唇磕肿了，笑起来嘴角不对称",
    "下午补牙打了麻药，现在笑起来嘴歪",
]

EMERGENCIES = [
    # a cause asked of a case at hand
    "我爸晕倒了叫不醒，是什么原因",
    "突然晕倒是什么原因",
    "孩子刚才晕过去了，现在还叫不醒，是什么原因",
    "我妈这会儿叫不醒了，是什么原因",
    # why, of a named person
    "为什么我爸从高处摔下来以后腿不能动了",
    "为什么他摔下来以后一直叫不醒",
    # a sign of now beside the question of when to come
    "化疗后现在发烧39度要马上来医院吗",
    "我在化疗，现在发烧39度，提前问好要不要马上来",
    "孕30周，现在头痛眼花，看东西有闪光，要马上来吗",
    "我现在孕22周出血了，是不是要马上来",
    "孕32周，现在出血很多，要马上来吗，先问问",
    # treated, then back or going on
    "前天大出血来急诊处理了，复查血红蛋白正常，现在又出血了止不住",
    "昨天手被玻璃割伤血流不止来缝了针，今天还在流血止不住",
    "前天鼻血一个小时止不住来急诊填塞了，今天取出来又流了，止不住",
    "前天鼻血来急诊填塞了，现在血从嘴里往外涌，止不住",
    "昨天鼻血止不住来急诊填塞了，现在还在往外流血",
    "昨天鼻血一个小时止不住，压了一下止住了，今天又流了一个小时止不住",
    "刚才手被割伤血流不止，现在还在流",
    "刚才眼前突然一片黑，现在还是看不见",
    "昨天宝宝不怎么吃奶来看了，查血没问题，今天不吃奶了，叫不醒",
    "昨天摔了来急诊缝了针，现在呼吸停了",
    "我爸刚才大出血，现在已经停了一会儿又开始流",
    # back now after years
    "小时候经常流鼻血止不住，十几年没流过了，今天又流了一个小时止不住",
    "小时候经常流鼻血，十几年没流过了，现在流鼻血止不住",
    # movements stopped
    "孕34周，胎动没了，一上午都没动",
    "孕34周，胎动没有了，从早上到现在没感觉到",
    "孕34周，以前胎动没有少过，今天一上午都没动",
    "孕33周，胎动没有少，但是今天下午到现在一直不动了",
    # a gush told
    "孕30周，刚才一股一股流水",
    "孕30周，没有宫缩，一股一股流水",
    "孕35周，没有一股流水，但是下面一直湿，裤子湿透了",
    "孕30周，下面突然一阵一阵流水，没有一股血",
    # a droop beside a local cause
    "吃饭咬到嘴唇了，现在半边脸不动，说话不清",
    "刚拔完牙，突然嘴歪，右手拿不住筷子",
    "我爸突然嘴歪了，笑起来不对称",
    "咬到嘴唇以后，嘴歪，一侧胳膊没力气",
]


@pytest.mark.parametrize("text", CALM)
def test_near_miss_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergency_worded_alike_stays_flagged(text: str) -> None:
    assert emergency(text), text

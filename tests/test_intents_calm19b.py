"""Near-misses that name an emergency's words but tell no emergency now, next to the
emergencies worded like them that must stay flagged.  Readings covered:

- a child's missing pill found after (找了一下在地上, 在沙发底下找到了) was not swallowed —
  unless the search failed (找了半天没找到) or some are still missing (还差两片, 剩下的找不到);
  a lay "it's over" no longer ends a pill gone missing, only the pill found does.
- an exposure of an earlier day cleared by a call or a question to the hospital, a doctor or
  a poison line (问了医院说量很少没关系) is over like one seen there.
- a clause of now telling everything well (现在一切都好) keeps a checked episode over.
- someone on a screen watched — a player in a match, a character in a show (看球赛，有个后卫
  倒地好久; 追一部剧，里面一家人烧炭) — is not the asker's patient.
- past times told as 前些年, 早些年, 多年前, an older child's pregnancy by its weeks (老大34周的
  时候) and an age in Chinese numerals (七八岁那年) are history.
- a fetal count reached in two hours told plainly (两小时动了十五六次) and the baby told lively
  (宝宝今天挺活跃) are no reduced movement for the classifier.
- an episode of an earlier day cared for at a hospital (送医院打了葡萄糖) and told well now
  (今天血糖都正常) is over — unless a sign of now is told.
- a pet named as the animal before it (养了条玉米蛇当宠物) is that animal, no mammal.
- two sepsis signs told normal (人清醒，呼吸不快，手脚是暖的) leave the classifier's sepsis
  without a sign — unless a later turn takes it back.
- a lick on skin told without a wound (被狗舔了手，手上没伤口) is no rabies exposure.

Sentences written for this file."""

import pytest
from redflag_support import emergency

PILL_FOUND = [
    "刚发现少了一片药，仔细找了一下在地上，孩子没吃",
    "孩子玩我的药盒，少了一片，后来在沙发底下找到了",
    "女儿翻了药箱，数了一下药少了一粒，找了找原来掉在地上了",
    "儿子拿着药板玩，少了一片，在床底下找到了，他说没吃",
    "宝宝把药盒打开了，少了一片药，找到了，滚到桌子底下了",
]
PILL_STILL_MISSING = [
    "孩子玩药盒，少了一片，在地上找了半天没找到",
    "孩子玩药板，少了三片，在沙发底下找到一片，还差两片",
    "孩子翻了药箱，药少了两片，只找到一片",
    "宝宝拿着药瓶玩，少了几片，找到了两片，剩下的找不到",
    "孩子把药盒打开了，少了一片药",
    "药少了一片，在地上找到了，但孩子现在一直睡叫不醒",
    "女儿玩爷爷的降压药，少了两片，到处找都找不到",
]

CLEARED_BY_A_CALL = [
    "昨天孩子舔了一下洗洁精，问了医院说量很少没关系，今天孩子一切正常",
    "前天宝宝舔了一口洗衣液，打电话问了医生说没事，今天精神很好",
    "昨天儿子尝了一点点花露水，咨询了中毒热线说不要紧，今天一切正常",
    "昨晚女儿舔了一下消毒液，打电话问了120，说量很少没关系，今天好好的",
]
CALLED_NOT_CLEARED = [
    "孩子刚刚舔了一下洗洁精，问了医院说要来看看",
    "昨天孩子喝了一口消毒液，问了医院说没关系，今天开始一直吐",
    "孩子刚喝了一口洗洁精，问了医生说没关系吗",
    "昨天孩子舔了一下农药瓶口，问了医生说没事，今天嘴里起泡还流口水",
    "孩子刚才喝了几口洗衣液，现在一直咳",
]

ALL_WELL_NOW = [
    "昨天燃气泄漏有点头疼，去医院查了碳氧血红蛋白正常，现在一切都好",
    "前天家里煤气漏气头晕，去急诊查了碳氧血红蛋白都正常，现在一切都挺好的",
    "昨晚烧炭取暖有点头疼恶心，今天去医院检查都正常，现在一切都好",
]
ALL_WELL_THEN_SIGN = [
    "昨天燃气泄漏有点头疼，去医院查了碳氧血红蛋白正常，现在又开始头疼想吐",
    "家里燃气泄漏，我爸现在头疼得厉害还想吐",
    "昨晚烧炭取暖，今天早上一家人都头疼恶心",
    "刚才煤气泄漏，我妈晕倒了叫不醒",
]

ON_SCREEN = [
    "在追一部民国剧，里面一家人冬天关着门烧炭睡过去了，那个年代这种事很多吗",
    "昨晚看球赛，有个后卫头球撞在一起倒地好久，队医让他下场，这种是脑震荡吗",
    "昨天看比赛直播，有个拳手被打倒地好久没起来，这种会有后遗症吗",
    "看了部电影，里面的主角烧炭昏过去了，现实中是这样吗",
]
WATCHING_BUT_REAL = [
    "看球赛的时候我爸激动得倒地了，叫不醒",
    "看比赛，有个球员倒地了，后来我爸也晕倒了",
    "在追剧，我妈突然倒地了",
    "我儿子是后卫，刚才踢球头撞在一起倒地了，现在叫不醒",
    "一家人看电视，烧着炭火，现在都头疼想吐",
]

PAST_TOLD = [
    "我爸前些年从脚手架上摔下来腰椎压缩骨折，现在弯腰久了会酸，骨科说稳定了不用再拍片",
    "早些年我从二楼摔下来过，腰椎骨折，现在阴天会疼",
    "老大三十四周的时候胎动少过一次，去做了胎监挺好的，后来顺产了",
    "大宝七个月那会儿胎动少过，医院查了没事",
    "七八岁那年在村口池塘里呛过水，被我哥拽上来的，现在都快四十了",
]
PAST_THEN_NOW = [
    "我爸前些年从脚手架上摔下来腰椎骨折过，今天又从梯子上摔下来了，腰疼得动不了",
    "早些年我从二楼摔下来过，刚才又从楼梯上滚下去了，腿变形了",
    "老大三十四周的时候胎动少过一次，这次怀二胎三十五周，今天一天都没怎么动",
    "大宝七个月那会儿胎动少过，现在二胎三十三周，胎动明显少了",
    "孩子刚才在池塘里呛了水，被我哥拽上来的，现在一直咳，喘不上气",
    "儿子掉进池塘里，被我拽上来了，嘴唇发紫",
]

FETAL_COUNT_ENOUGH = [
    "孕三十三周，宝宝今天挺活跃，晚饭后两小时动了十五六次",
    "孕32周，两个小时胎动了十二次，正常吗",
    "怀孕三十四周，宝宝今天很活跃，晚上两小时动了20次",
]
FETAL_COUNT_LOW = [
    "孕三十三周，晚饭后两小时只动了三次",
    "怀孕三十四周，两小时动了五次",
    "孕三十五周，宝宝平时很活跃，今天一上午都没动",
    "孕34周，宝宝平时挺活跃的，今天明显动得少了",
    "孕36周，两个小时才动了两下",
]

CARED_FOR_AND_WELL = [
    "昨天低血糖晕倒了，送医院打了葡萄糖，医生调了药，今天血糖都正常",
    "前天孩子吃了奶奶的降压药，送急诊洗了胃，今天精神很好",
    "昨天晚上煤气中毒晕过去了，送医院吸了氧，今天一切都好",
    "我爸昨天低血糖昏过去了，送医院输了葡萄糖，今天人挺好的",
]
CARED_FOR_STILL_ILL = [
    "昨天低血糖晕倒了，送医院打了葡萄糖，今天又晕了一次",
    "昨天低血糖晕倒了，送医院打了葡萄糖，今天人还是迷迷糊糊",
    "昨天晕倒了，送医院打了针，现在叫不醒",
    "我爸低血糖晕倒了，刚送医院打了葡萄糖，还没醒",
    "昨天煤气中毒晕过去了，送医院吸了氧，今天还是头疼想吐",
]

PET_NOT_A_MAMMAL = [
    "养了条玉米蛇当宠物，今天喂食时咬了我一下，这种蛇没毒的吧？就破了点皮",
    "养了条玉米蛇当宠物，刚才换垫材时咬了我手指，破了点皮",
    "家里养了条玉米蛇当宠物，今天喂它的时候咬了我手背一下",
]
PET_A_MAMMAL = [
    "养了只仓鼠当宠物，今天喂食时咬了我一下，破了点皮",
    "养了只猫当宠物，今天被它咬了一口出血了",
    "家里的宠物狗今天咬了我一口，出血了",
    "养了只狗当宠物，今天喂食时咬了我手，流血了",
    "养了条蛇，今天被邻居家的狗咬了一口，出血了",
]

SEPSIS_SIGNS_NORMAL = [
    "发烧三十八度，人清醒，呼吸不快，手脚是暖的，尿量正常",
    "发烧38.5，精神很好，能吃能喝",
    "孩子发烧三十八度五，人很清醒，呼吸平稳，尿量也正常",
    "我妈发烧38度，神志清楚，手脚暖和，小便正常",
]
SEPSIS_SIGN_TOLD = [
    "发烧39度，人清醒，尿量正常，但是今天开始说胡话",
    "发烧三十九度，呼吸很快，人有点迷糊",
    "发烧38度，人很清醒，呼吸正常，就是浑身发抖，手脚冰凉",
    "高烧39度，一天没尿，人叫着反应慢",
    "发烧40度，手脚冰凉，身上发花",
]

LICK_ON_INTACT_SKIN = [
    "被狗舔了手，手上没伤口",
    "邻居家的猫舔了我手背，皮肤好好的没有伤口",
    "流浪狗舔了孩子的手，看了没有任何伤口",
    "被猫舔了一下脸，皮肤完好",
]
LICK_ON_A_WOUND = [
    "狗舔了孩子脸上的伤口",
    "被狗舔了手，手上有伤口",
    "流浪狗舔了我手上刚划破的口子",
    "被狗舔了手，手上没伤口吧？",
    "被狗舔了手，没伤口，但是昨天还被它咬了一口出血了",
]


@pytest.mark.parametrize(
    "text",
    PILL_FOUND
    + CLEARED_BY_A_CALL
    + ALL_WELL_NOW
    + ON_SCREEN
    + PAST_TOLD
    + FETAL_COUNT_ENOUGH
    + CARED_FOR_AND_WELL
    + PET_NOT_A_MAMMAL
    + SEPSIS_SIGNS_NORMAL
    + LICK_ON_INTACT_SKIN,
)
def test_near_miss_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize(
    "text",
    PILL_STILL_MISSING
    + CALLED_NOT_CLEARED
    + ALL_WELL_THEN_SIGN
    + WATCHING_BUT_REAL
    + PAST_THEN_NOW
    + FETAL_COUNT_LOW
    + CARED_FOR_STILL_ILL
    + PET_A_MAMMAL
    + SEPSIS_SIGN_TOLD
    + LICK_ON_A_WOUND,
)
def test_emergency_like_it_stays_flagged(text: str) -> None:
    assert emergency(text), text

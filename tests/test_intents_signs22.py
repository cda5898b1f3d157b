"""Development-set leftovers of D26 and D27, read by mechanism.  Readings covered:

- a new effort to pass urine (尿有点费劲, 小便很费力) in one clause, with the saddle numb
  or both legs weak, is the cauda equina's bladder sign.
- the eyes rolled up told with a word between (眼睛有点往上翻) are a fit's eyes.
- pills gathered in an amount (准备好大量安眠药) with a low mood are a plan with its means.
- a person who cannot pass urine and weighs the emergency room (挂泌尿科还是急诊) is a
  case at hand.
- a cough counted and done (咳了一下) after water went down, now breathing well, is no
  aspiration; a fall into water told with no water taken in and the child well now is set aside.
- the airway told open in speech and breath (能正常说话呼吸) sets the classifier's choking aside.
- 一直 of care kept up (一直在随访) is no amount of blood coughed.
- coffee-ground vomit told as a likeness (颜色有点像咖啡) is blood.
- shock told as shown after an infection (感染后出现休克表现) is septic shock, not a question
  about its signs.

Sentences written for this file."""

import pytest
from redflag_support import emergency, flagged_case

CAUDA_FLAGGED = [
    "腰有点疼，屁股有点麻，尿有点费劲，可能是老毛病吧",
    "我爸腰椎间盘突出，这两天屁股周围发麻，小便也很费力",
    "腰疼好几天了，今天下面有点麻，撒尿费劲",
    "屁股麻了两天，尿起来有点费劲，腰也疼",
    "两条腿都没劲，尿尿有些不畅，是不是腰的问题",
    "搬东西闪了腰，现在会阴有点麻，排尿有点困难",
    "我老公腰疼，说屁股下面麻麻的，尿有点不顺",
]

CAUDA_CALM = [
    "腰有点疼，尿酸高，走路费劲",
    "屁股有点麻，每次小便都费劲，好多年了",
    "腰有点酸，尿有点黄，可能是喝水少",
    "屁股坐久了有点麻，站起来就好了",
]

EYES_UP_FLAGGED = [
    "孩子刚才抖了几下，眼睛有点往上翻，可能是做噩梦吧，不想大半夜去医院",
    "宝宝发烧，刚才眼睛一直往上翻，手在抖",
    "我爸突然倒了，两眼有点往上吊，叫他不答应",
    "孩子睡着睡着眼珠子突然往上翻，身子一挺一挺的",
    "女儿刚才愣住了，眼睛都往上翻了，过了一会儿才好",
]

EYES_UP_CALM = [
    "眼睛痒，翻眼皮往上翻看了看没东西",
    "滴眼药水的时候眼睛要往上翻吗",
    "孩子眼睛有点红，往上看的时候有点疼",
    "我不耐烦的时候会翻个白眼，这正常吗",
]

PILLS_AMASSED_FLAGGED = [
    "本人近期情绪低落，已准备好大量安眠药，请问心理科如何预约？",
    "最近心情很差，囤了好几瓶安眠药，想挂个精神科",
    "我抑郁好久了，偷偷买了一大堆安定",
    "心情低落，什么都不想干，已经攒了很多药了",
    "我觉得活着没意思，家里备好了大量的安眠药",
]

PILLS_AMASSED_CALM = [
    "要出国半年，准备了很多降压药，请问能开长处方吗",
    "情绪低落，医生开了药，想问问怎么预约复诊",
    "心情不好，想挂个心理科",
    "家里准备了好多感冒药，孩子发烧该吃哪个",
]

ER_WEIGHED_FLAGGED = [
    "尿不出来挂泌尿科还是急诊？",
    "从早上到现在尿不出来，要不要去急诊",
    "我爸尿不出来了，挂急诊吗",
    "憋了半天尿不出来，是去急诊还是等明天门诊",
    "一点尿都尿不出来，该去急诊吗？",
]

ER_WEIGHED_CALM = [
    "尿频尿急，挂泌尿科还是妇科？",
    "尿尿有点疼，要不要去急诊",
    "前列腺增生多年，经常尿不出来，想挂泌尿科复查",
]

WATER_FLAGGED = [
    "孩子游泳呛了水，咳了几下，现在还在咳",
    "游泳呛了水，呼吸正常，就是一直咳",
    "孩子掉水里拉上来，说没呛水，现在不咳不喘，就是有点迷糊",
    "孩子掉进河里被拉上来，没呛到水，呼吸正常，就是嘴唇有点紫",
    "孩子掉水里了，被拉上来，一直在咳",
    "孩子掉进池塘，捞上来不咳不喘，但是叫不太醒",
]

WATER_CALM = [
    "孩子游泳呛了一口水，咳了一下，现在呼吸正常",
    "游泳呛了口水，咳了两声，现在呼吸正常，玩得很开心",
    "孩子掉水里马上被拉上来，没呛水，不咳不喘",
    "儿子掉进浅水池，马上拉起来了，一口水都没呛，呼吸正常",
    "女儿在泳池滑了一下掉进水里，立刻抱起来，没呛到水，不咳也不喘",
]

AIRWAY_OPEN_CALM = [
    "吃东西呛了一下，咳了几声，现在能正常说话呼吸，不紫",
    "吃饼干呛了一下，咳了一会儿，现在能正常呼吸",
    "孩子吃饭呛了一下，咳了几声，现在能正常说话",
]

AIRWAY_FLAGGED = [
    "孩子吃花生卡住了，不能正常呼吸，脸都紫了",
    "老人吃饭噎住了，说不出话，喘不上气",
]

CARE_KEPT_CALM = [
    "支气管扩张多年，偶尔痰中带血，一直在随访",
    "肺结核治疗中，痰中带点血丝，一直在吃药",
    "肺结核治疗中，痰中带点血丝，一直在复查",
]

COUGH_BLOOD_FLAGGED = [
    "咳嗽带血，一直止不住，已经咳了半杯了",
    "我爸咳血，量很多，一口一口的",
]

COFFEE_FLAGGED = [
    "刚吐了几口，颜色有点像咖啡，可能是昨晚喝的中药吧？有点头晕，休息一下应该就好",
    "我妈吐了，吐出来的东西跟咖啡一个颜色",
    "爷爷吐了一次，吐的东西像咖啡一样，黑乎乎的",
    "老公胃不好，刚才呕吐，颜色和咖啡差不多一样",
]

COFFEE_CALM = [
    "早上喝了咖啡，有点恶心想吐",
    "咖啡喝多了胃不舒服",
]

SHOCK_SHOWN_FLAGGED = [
    "患者感染后出现休克表现。",
    "肺炎住院三天，今天出现了休克的表现",
    "伤口感染化脓，现在人休克了",
]

SHOCK_SHOWN_CALM = [
    "休克有哪些表现？",
    "感染性休克的表现是什么",
]

FLAGGED = [
    *CAUDA_FLAGGED,
    *EYES_UP_FLAGGED,
    *PILLS_AMASSED_FLAGGED,
    *ER_WEIGHED_FLAGGED,
    *WATER_FLAGGED,
    *AIRWAY_FLAGGED,
    *COUGH_BLOOD_FLAGGED,
    *COFFEE_FLAGGED,
    *SHOCK_SHOWN_FLAGGED,
]

CALM = [
    *CAUDA_CALM,
    *EYES_UP_CALM,
    *PILLS_AMASSED_CALM,
    *ER_WEIGHED_CALM,
    *WATER_CALM,
    *AIRWAY_OPEN_CALM,
    *CARE_KEPT_CALM,
    *COFFEE_CALM,
    *SHOCK_SHOWN_CALM,
]


@pytest.mark.parametrize("case", FLAGGED)
def test_the_sign_is_read_in_its_category(case: str | list[str]) -> None:
    assert flagged_case(case), case


@pytest.mark.parametrize("text", CALM)
def test_its_look_alike_stays_calm(text: str) -> None:
    assert not emergency(text), text

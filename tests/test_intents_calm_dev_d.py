"""Near-misses that name an emergency's sign but tell no emergency now, next to the
emergencies worded like them that must stay flagged.  Readings covered:

- a knowledge question asked of no one in particular: what a sign means (…说明什么,
  …一般是什么原因), why a treatment has a deadline (为什么要在6小时内手术), what a named
  condition is (…是怎么回事), what a role does when it happens (…时家长应该怎么做) and
  whether late-pregnancy spotting means labour (孕晚期见红是不是要生了) — unless a person,
  a moment or a sign going on is told.
- a bleeding told stopped (没有再出血, 出血已经停了, 现在不出血了, 之后就没有了), also after a
  doctor's verdict on an earlier day's bleeding — unless it is told going on again.
- a low reading taken again after a told interval (过了十五分钟测到6.8) — unless the new
  reading is still low.
- a sign told through a class (生理课讲到…) or a source's claim that it can kill
  (电视里说…能致命) is the source's case — unless a person is told hurt after it.
- an intrauterine pregnancy seen on the scan (B超看到宫内孕囊和胎心) is no ectopic one for a
  mild ache — unless the pain is severe, with fainting, or no sac is seen.
- an infant's fever reading told only inside an episode set aside as over or past
  (…第二天就退了, 上周…已经出院) — unless a reading of now or a fever going on is told.
- a battery told counted (数了数一颗没少) or still in the hand (电池还在手里) is out — unless
  one is missing.
- a poison of an earlier day that a doctor has seen and cleared (去医院看了说没事) — not one
  of today, a doctor's guess, or one with a sign told now.
- an adult's usual drug taken once more (降压药多吃了一次) — unless a child, a narrow-window
  drug or a toxic sign is told.
- who was in the water is a fact, not a sign: 现在会游泳了 after a childhood drowning tells
  no episode — unless it happens again now.
- the classifier's high-blood-pressure emergency needs a crisis reading or a symptom: a
  long-standing pressure told as managed is neither.
- a household jolt told unharmed (手不麻，心跳正常，没伤口) — not high voltage, live work,
  nor one told with palpitations, chest tightness or a mark.
- a smell of gas is an exposure, not a poisoning: with no sign of the gas it stays calm.
- a kick count still reaching ten in two hours (两小时还是有十几次) is no reduced movement —
  unless the count is of an earlier day or is low.

Sentences written for this file."""

import pytest
from redflag_support import emergency

# what a sign means, why a deadline, what a condition is, what a role does, asked of no one
KNOWLEDGE_QUESTIONS = [
    "吐出咖啡渣样的东西说明什么？",
    "大便像柏油一样黑意味着什么",
    "胎动减少一般是什么原因？",
    "睾丸扭转为什么要在6小时内手术？",
    "过敏性休克是怎么回事",
    "孩子高热惊厥时家长应该怎么做？",
    "老人中风的时候家属应该怎么处理",
    "孕晚期见红是不是要生了？",
]
KNOWLEDGE_WORDS_REPORTED = [
    "我爸刚才吐了好多咖啡渣样的东西，说明什么？",
    "孕32周，今天胎动减少了很多，一般是什么原因？",
    "儿子睾丸突然疼了两个小时，为什么要在6小时内手术？",
    "孩子吃了花生脸肿了喘不上气，是过敏性休克吗",
    "孩子正在高热惊厥，抽得停不下来，家长应该怎么做？",
    "孕32周，见红了，流了好多血，是不是要生了？",
    "我老婆孕34周，现在下面一直流血，是不是要生了？",
    "孕晚期肚子一直发硬疼得不放松，是怎么回事",
]


@pytest.mark.parametrize("text", KNOWLEDGE_QUESTIONS)
def test_knowledge_question_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", KNOWLEDGE_WORDS_REPORTED)
def test_knowledge_words_reported_flagged(text: str) -> None:
    assert emergency(text), text


# a bleeding told stopped; a low reading taken again after a told interval
BLEEDING_STOPPED = [
    "昨天流鼻血流了很久去急诊塞了棉条，今天拿掉了，没有再出血",
    "前几天早孕出血去医院查了B超，确认是宫内孕，医生说没事，出血已经停了",
    "孕12周，同房后有一点点粉红色分泌物，没有腹痛，之后就没有了",
    "前天孕29周出血去医院检查，医生说宫颈有点息肉，胎儿很好，现在不出血了",
    "刚才低血糖3.5，吃了糖过了十五分钟测到6.8，现在完全正常了",
]
BLEEDING_GOING_ON = [
    "流鼻血流了一个小时，压着还是不停",
    "前天孕29周出血去医院检查，医生说宫颈有点息肉，现在又出血了，比上次多",
    "孕12周，下面出血，刚才量很多，之后就没有了，但是肚子一阵阵疼",
    "孕30周，下面出血出了半个小时了，还没停",
    "刚才低血糖3.5，吃了糖过了十五分钟测到3.2，人还是迷糊",
]


@pytest.mark.parametrize("text", BLEEDING_STOPPED)
def test_bleeding_stopped_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", BLEEDING_GOING_ON)
def test_bleeding_going_on_flagged(text: str) -> None:
    assert emergency(text), text


# a class or a source's claim that it can kill
SOURCE_CLAIMS = [
    "我们生理课讲到产后大出血，想了解一下为什么会大出血",
    "动物世界里说眼镜蛇的毒能致命，那被咬了还有救吗？",
    "纪录片里说银环蛇的毒会致命，被咬了多久会发作",
]
SOURCE_THEN_HURT = [
    "生理课讲到产后大出血，我老婆刚生完现在流血止不住",
    "动物世界里说眼镜蛇的毒能致命，我爸刚被眼镜蛇咬了，还有救吗？",
    "电视里说眼镜蛇的毒能致命，我爸刚被咬了，还有救吗？",
    "书上说银环蛇的毒会致命，我刚才在田里被银环蛇咬了一口",
]


@pytest.mark.parametrize("text", SOURCE_CLAIMS)
def test_source_claim_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", SOURCE_THEN_HURT)
def test_source_then_hurt_flagged(text: str) -> None:
    assert emergency(text), text


# an intrauterine pregnancy seen on the scan
IUP_SEEN = [
    "早孕六周，偶尔下腹有点坠胀，B超已经看到宫内孕囊和胎心",
    "怀孕7周了，B超确认宫内孕，下腹偶尔有点隐隐的坠痛",
    "停经50天，B超看到宫内孕囊和胎芽，小肚子有点胀",
]
ECTOPIC_SIGNS = [
    "早孕六周，下腹一侧有点坠胀，B超还没看到宫内孕囊",
    "怀孕7周，B超看到宫内孕囊和胎心，今天右下腹疼得厉害，头晕",
    "停经40天，验孕阳性，左下腹疼",
    "怀孕6周，下腹一侧剧痛，刚才差点晕倒",
    "停经快两个月，今天小肚子一边疼得直不起腰",
]


@pytest.mark.parametrize("text", IUP_SEEN)
def test_iup_seen_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", ECTOPIC_SIGNS)
def test_ectopic_signs_flagged(text: str) -> None:
    assert emergency(text), text


# an infant's fever reading told only inside an episode over or past
INFANT_FEVER_OVER = [
    "宝宝两个月打完疫苗发烧38度，当天去医院看了，查了血常规，第二天就退了，现在很好",
    "上周满月宝宝发烧38度住院检查，都正常，已经出院，现在体温正常",
    "宝宝50天，上个月发烧38.5住院一周，已经出院了，现在一切正常",
]
INFANT_FEVER_NOW = [
    "宝宝两个月，昨天发烧38度，吃药退了，现在又38.3",
    "宝宝两个月，昨天发烧38度，今天还在烧",
    "宝宝50天，发烧38.2度",
    "满月宝宝发烧38度，精神不好",
    "宝宝两个月打完疫苗发烧38.5度，一直没退",
    # a hope is no end, a treatment told after a reading of now does not end it
    "宝宝才50天，摸着很烫，量了38.2，奶奶说捂一捂就好了",
    "请问疫苗本丢了怎么补？宝宝两个月，刚才量体温38.5，前天打了疫苗",
]


@pytest.mark.parametrize("text", INFANT_FEVER_OVER)
def test_infant_fever_over_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", INFANT_FEVER_NOW)
def test_infant_fever_now_flagged(text: str) -> None:
    assert emergency(text), text


# a battery counted or still in the hand; a poison of an earlier day cleared by a doctor;
# one extra dose of an adult's usual drug
BATTERY_AND_DOSE_CLEARED = [
    "孩子舔了一下电池，没吞，电池还在手里",
    "孩子把电池放嘴里，我马上抠出来了，数了数一颗没少",
    "宝宝把纽扣电池塞嘴里，我抢下来了，数了一下一个没少",
    "孩子昨天舔了一下洗衣凝珠，马上打电话问过医生，已经去医院看了，没有问题",
    "昨天孩子舔了一下洗洁精，去医院看了说没事，今天正常",
    "前天女儿喝了一口消毒液，去医院看了，医生说没事，今天能吃能玩",
    "老人可能把今天的降压药多吃了一次，量了血压正常，人清醒，没有头晕",
    "我妈早上降压药多吃了一片，血压量了正常",
]
BATTERY_AND_DOSE_DANGER = [
    "孩子把纽扣电池放嘴里，我去抠没抠到，少了一颗",
    "孩子玩遥控器，电池少了一颗，到处找不到",
    "孩子舔了一下纽扣电池，后来电池找不到了",
    "孩子刚才舔了一下洗衣凝珠，去医院看了说没事",
    "昨天孩子喝了一口84消毒液，去医院看了说没事，今天开始吐，嗓子疼",
    "昨天孩子喝了一口农药，医生说可能没事，先观察",
    "前天老人误喝了敌敌畏，去医院看了说没事，现在又流口水出汗",
    "我妈把降压药多吃了一次，现在头晕得站不住",
    "孩子把降压药多吃了一次",
    "我爸把地高辛多吃了一次",
    "我把降压药一次全吃了",
    "我把降糖药吃了两次",
    "我爸把降糖药多吃了一次",
]


@pytest.mark.parametrize("text", BATTERY_AND_DOSE_CLEARED)
def test_battery_poison_dose_cleared_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", BATTERY_AND_DOSE_DANGER)
def test_battery_poison_dose_danger_flagged(text: str) -> None:
    assert emergency(text), text


# a childhood drowning; a managed blood pressure; a household jolt told unharmed; a smell
# of gas with no sign; a kick count still reaching ten
PAST_OR_MANAGED = [
    "我小时候溺过水，被救上来了，现在会游泳了",
    "我老公年轻时溺过水，现在去游泳没问题",
    "我高血压二十年，一直吃药，血压在130左右",
    "我妈高血压十几年了，吃着药，控制得挺好",
    "被插座电了一下，手不麻，心跳正常，没伤口",
    "我刚才被插座电了一下，现在没有不舒服，心跳也正常",
    "做饭时闻到一点煤气味，开窗了，没有不舒服",
    "孕30周，今天胎动比昨天少了一点，但两小时还是有十几次",
    "孕34周，感觉今天胎动少了，刚才数了两个小时动了12下",
]
NOW_AND_DANGEROUS = [
    "孩子小时候溺过水，今天游泳又呛水了，一直咳，嘴唇发紫",
    "孩子刚才掉进泳池里了，捞上来一直咳",
    "我爸有高血压，今天血压210，头疼得厉害",
    "孩子手指插进插座被电了一下，没伤口，但是一直说心慌",
    "我爸碰到高压线被电了一下，没伤口",
    "被插座电了一下，没伤口，可是胸口闷得慌",
    "修电路的时候被电了一下，手不麻",
    "被插座电了一下，现在手还麻，心跳很快",
    "家里煤气味好大，我妈头晕站不起来了",
    "屋里有股煤气味，孩子一直睡，叫不太醒",
    "孕32周，今天胎动明显减少，两小时才动了3次",
    "孕33周，昨天两小时有十几次，今天胎动少了很多",
    "孕36周今天胎动很少，有点担心",
    # the usual count is a baseline, not today's
    "孕35周，今天数了两个小时胎动只有4次，以前两个小时都有十几次",
]


@pytest.mark.parametrize("text", PAST_OR_MANAGED)
def test_past_or_managed_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", NOW_AND_DANGEROUS)
def test_now_and_dangerous_flagged(text: str) -> None:
    assert emergency(text), text

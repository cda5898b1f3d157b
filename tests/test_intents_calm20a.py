"""Near-misses that name an emergency's words but tell no emergency now, next to the
emergencies worded like them that must stay flagged.  Readings covered:

- a check done at home and found without the danger signs: a FAST check told normal
  (两边嘴角一样高，两只手都举得起来，说话也清楚), a sleeper woken with a word who answers
  (一叫就醒，问什么都答得上来), a hot sweaty runner told clear-headed and not hot (说话清楚，
  脸不烫), a choking child crying loudly, coughing and talking (大声哭，能咳能说话), a baby
  with diarrhoea feeding well with tears (哭有眼泪，喝奶挺好): the classifier's verdict for
  the category needs a sign of it then.
- denials: 没拉过黑便 (a stool passed is denied), 没人头疼头晕 (nobody has either sign), a
  snake's touch or fright (被蛇碰了一下) is no bite, pills counted none missing
  (一颗都没少) are no overdose nor pills gathered.
- over and checked: a poison seen at the emergency room and cleared (急诊看过说没事), a gas
  exposure re-tested normal (复查碳氧血红蛋白正常), a suspected leak of the waters tested
  negative with a normal check today (今天胎心监护也正常), a cough of blood with not a
  mouthful since (一口血都没再咳), packing pulled out (抽了纱条) is no fit.
- long-standing: a late effect told with the years since or a clinic's follow-up
  (…中毒后记忆力差，好几年了，神经内科随访; 被蛇咬以后留了个疤，好多年了).
- a first pregnancy's weeks with that child's age now (头胎孕36周…现在老大两岁) is no
  pregnancy now; 还没怀二胎 denies one.
- a low-glucose word with a reading of 4 or more (血糖偏低到4点几) is the ordinary range.
- shampoo or soap in an eye, rinsed, told not red and seeing clearly.
- small clots of a period (有小血块) are no heavy bleeding.
- a why-question about a saying (为什么说…是…？) asks for information.

Sentences written for this file."""

import pytest
from redflag_support import emergency, flagged

# ---------------------------------------------------------------- a FAST check told normal
FAST_NORMAL_CALM = [
    "我爸说头有点晕，我让他笑了一下，两边嘴角一样高，两只手都举得起来，说话也清楚",
    "我妈说头晕，我让她笑，嘴角对称，两只手都能举起来",
    "老公有点头昏，嘴不歪，说话很清楚，手脚都有劲",
    "奶奶说脑袋沉，我看她嘴角没歪，两只手都抬得起来",
]
FAST_BUT_SIGN = [
    "我爸两边嘴角一样高，两只手都举得起来，说话也清楚，可是突然一只眼睛看不见了",
    "我妈嘴没歪，说话也清楚，但是突然天旋地转站不稳，走路往一边倒",
    "老公说话清楚，两只手都能举起来，可刚才突然右腿没劲，走路拖着",
    "我爸刚才嘴歪了，两只手都举得起来，说话也清楚",
    "爷爷突然说话含糊，嘴角一样高，两只手都举得起来",
]

# ---------------------------------------------------------------- woken with a word
AWAKE_CALM = [
    "我爸在沙发上打盹，我叫了一声他就醒了，问他什么都答得上来，就是困",
    "老公午睡，一叫就醒，问什么都答得上来，就是犯困",
    "爷爷打瞌睡，喊一声就醒了，认得人，对答如流",
]
NOT_AWAKE = [
    "我爸叫了一声他就醒了，可是又昏睡过去，怎么叫都叫不醒了",
    "我妈一叫就醒，可是说话含糊，右边手脚动不了",
    "奶奶刚才晕倒了，现在叫一声就醒，答得上来",
    "爷爷在沙发上睡着，怎么叫都叫不醒，打呼噜声很大",
]

# ---------------------------------------------------------------- hot and sweaty, checked
HEAT_CLEAR_CALM = [
    "儿子跑完步满头大汗，我看他说话清楚，脸不烫，还在喝冰水",
    "女儿打完球出一身汗，说话很清楚，身上不烫，还在大口喝水",
    "老公在太阳底下干活，满头大汗，人很清醒，体温正常",
]
HEAT_SIGN = [
    "儿子跑完步满头大汗，说话清楚，可是现在体温40度，人开始说胡话",
    "工地干活中暑了，刚才还说话清楚，现在叫不醒，身上滚烫",
    "大热天在地里干活，人突然倒了，身上滚烫，不出汗",
]

# ---------------------------------------------------------------- a choke cleared
AIRWAY_CLEAR_CALM = [
    "孩子吃饭呛了一下，我看他一直在大声哭，能咳能说话，脸色红润",
    "宝宝喝奶呛了一下，哭声很大，脸色红润",
    "孩子吃饼干呛了一口，能咳嗽能说话，又说又笑",
]
AIRWAY_BLOCKED = [
    "孩子吃饭呛了一下，一直在大声哭，可是现在突然脸憋紫了，哭不出声",
    "孩子呛了，刚才还能咳能说话，现在喘不上气",
    "孩子吃花生呛住了，说不出话，脸憋得发紫",
]

# ---------------------------------------------------------------- a baby feeding well
HYDRATED_CALM = [
    "宝宝拉肚子三次，但尿不湿两三小时就湿一次，哭有眼泪，喝奶挺好",
    "宝宝拉肚子两次，吃奶正常，哭有眼泪",
    "孩子腹泻，喝奶很好，尿了好几次",
]
DEHYDRATED = [
    "宝宝拉肚子三天，今天一天没尿，哭没有眼泪，眼窝凹下去了",
    "宝宝拉肚子，喝奶挺好，可是今天一直没尿，精神萎靡叫不醒",
]

# ---------------------------------------------------------------- denials
DENIED_CALM = [
    "胃溃疡好几年了，一直吃奥美拉唑，偶尔反酸，没吐过血没拉过黑便，来开药",
    "我爸胃溃疡，吃药控制着，没有拉过黑便，想复查胃镜",
    "屋里放了个炭盆，我看窗户开着条缝，大家都有说有笑，没人头疼头晕",
    "家里烧了煤炉，窗户开着，没有人头疼恶心",
    "在山上被蛇碰了一下腿，我看了好几遍，裤子没破，皮肤上没有牙印，也不疼",
    "孩子在草丛被蛇擦了一下脚，没有牙印，不红不肿",
    "钓鱼时被蛇吓了一跳，没被咬",
    "孩子拿着药瓶在玩，我看瓶盖是拧紧的，把药片倒出来数了，一颗都没少",
    "女儿翻出了我的降压药，我数了一下，一片都没少",
]
DENIED_BUT_TOLD = [
    "我爸胃溃疡好几年了，这两天拉黑便，头晕",
    "胃溃疡的人，今天没吐血，但是拉了好多柏油样的黑便，站起来就晕",
    "我妈没拉过肚子，今天突然拉了黑便，像柏油一样",
    "可能吃坏了吧，肚子疼了一整天，一直吐，不拉也不放屁，肚子越来越大，吃了点药也没用",
    "屋里烧炭盆取暖，窗户都关着，全家人头疼头晕，有人吐了",
    "屋里放了个炭盆，刚开始没人头疼，现在我妈头晕想吐，站不起来",
    "烧炭取暖，没人说头疼，可是奶奶叫不醒了",
    "在山上被蛇碰了一下腿，现在腿上有两个牙印，肿得厉害",
    "被蛇碰了一下，后来发现脚踝有两个小孔，开始发麻",
    "在山上被蛇碰了一下腿，现在小腿肿得厉害，发麻发紫",
    "被蛇碰了一下手，手越来越肿，眼皮睁不开",
    "孩子被蛇缠住咬了一口，手肿起来了",
    "孩子拿着药瓶在玩，我把药片倒出来数了，少了五六颗，他嘴里有药味",
    "女儿翻出了我的降压药，数了一下少了三片，现在她很困",
    "我爸最近把安眠药都攒着，今天倒出来数够了",
    "他把药片全倒出来数了一遍，说够了，就不用再受罪了",
]

# ---------------------------------------------------------------- over and checked
OVER_CALM = [
    "前天孩子舔了一口洗衣液，来急诊看过说量很少没事，今天吃喝都正常",
    "昨天女儿误喝了一口消毒液，医院查过说没问题，今天玩得挺好",
    "上周儿子吃了一颗干燥剂，急诊看过说不要紧，这几天都正常",
    "前天家里煤气泄漏头晕，来医院吸了氧，复查碳氧血红蛋白正常，已经全好了",
    "昨天烧炭取暖一家人头疼，在医院吸了氧，复查碳氧血红蛋白正常，今天都好了",
    "昨天怀疑破水来产科测了试纸是阴性，医生说是漏尿，今天胎心监护也正常",
    "前天以为破水了，来医院测了试纸是阴性，医生说是白带多，今天复查也正常",
    "上个月咳血住院做了支气管镜，已经止住了，这两周一口血都没再咳",
    "前阵子咯血住过院，出院以后一口血也没再咯过",
    "昨天鼻出血来耳鼻喉科填塞了，今天抽了纱条，没再流",
    "前天鼻子填塞止血，今天医生抽出纱条，没再出血",
    "胸腔积液住院，今天抽了积液，人舒服多了",
]
NOT_OVER = [
    "前天孩子舔了一口洗衣液，急诊看过说没事，今天开始一直吐，喘得厉害",
    "昨天孩子喝了一口洗衣液，急诊看过说没事，可是今天嘴里起泡，咽不下东西",
    "前天误喝了百草枯，医院看过说量很少没事，今天开始尿少了",
    "前天家里煤气泄漏头晕，吸了氧，复查碳氧血红蛋白正常，可今天又头疼想吐，走路不稳",
    "家里煤气泄漏，全家都头疼头晕，我爸叫不醒",
    "前天煤气中毒，复查碳氧血红蛋白还是很高，人一直迷迷糊糊",
    "昨天怀疑破水来产科测了试纸是阴性，今天又流了一大股水，止不住",
    "昨天测了试纸是阴性，医生说是漏尿，可今天内裤一直湿，流出绿色的水",
    "孕32周，昨天查了试纸阴性，今天又哗一下流了好多水，胎心监护也不正常",
    "上个月咳血住院，已经止住了，今天又咳了一大口鲜血",
    "这两周都没再咳，今天突然咳了一口血，好多",
    "昨天鼻出血填塞了，今天抽了纱条以后孩子突然全身抽搐，叫不醒",
    "我爸抽了纱条回家后突然抽起来了，口吐白沫",
    "奶奶在输液，突然抽了，嘴唇发紫",
    "宝宝刚才抽了一次，现在还迷迷糊糊的",
]

# ---------------------------------------------------------------- long-standing
LATE_EFFECT_CALM = [
    "一氧化碳中毒后记忆力一直不太好，好几年了，神经内科随访，情况稳定",
    "被蛇咬以后小腿留了个疤，好多年了，没有任何不舒服",
    "小时候被蛇咬之后脚背留了一道疤，二十年了，现在有点痒",
]
LATE_BUT_NOW = [
    "被蛇咬以后小腿留了个疤，好多年了，今天又被蛇咬了，腿肿得厉害",
    "一氧化碳中毒后记忆力一直不好，好几年了，今天家里炉子又冒烟，全家头疼想吐",
    "被蛇咬以后小腿肿得发紫，伤口一直流血",
    "煤气中毒后人一直叫不醒",
]

# ---------------------------------------------------------------- an earlier pregnancy
EARLIER_PREGNANCY_CALM = [
    "头胎孕36周破的水，很顺利生了，现在老大两岁，我还没怀二胎",
    "第一胎孕35周破的水，生得很顺，孩子现在3岁，还没要二胎",
]
PREGNANT_NOW = [
    "头胎孕36周，刚才破水了，流了好多",
    "二胎孕34周了，头胎是顺产，现在老大两岁，刚刚突然破水了",
    "头胎孕36周破的水，现在怀二胎33周，今天又流了好多水",
]

# ---------------------------------------------------------------- a glucose in range
GLUCOSE_IN_RANGE_CALM = [
    "糖尿病多年，偶尔餐前血糖偏低到4点几，吃点东西就好，医生在调药",
    "我妈糖尿病，早上血糖掉到4.5，吃了早饭就正常了",
    "血糖有时候低到五点多，这个要调药吗",
]
GLUCOSE_LOW = [
    "我爸糖尿病，血糖低到2点几，出冷汗，叫他反应很慢",
    "打完胰岛素血糖掉到3.1，浑身发抖冒冷汗",
    "我妈血糖只有2.3，人迷迷糊糊的",
    "糖尿病人血糖低到4点几后又掉到2点多，满头冷汗说胡话",
    "老公打了胰岛素没吃饭，血糖很低，手抖出冷汗，说话不清楚",
]

# ---------------------------------------------------------------- soap in an eye
EYE_SOAP_CALM = [
    "孩子洗头时洗发水进了眼睛，冲了一下就不哭了，眼睛不红，看东西清楚",
    "女儿洗澡沐浴露弄进眼睛了，用清水冲了，现在不红了，看得很清楚",
    "宝宝洗发水进眼里了，冲干净后眼睛不疼了，也不红",
]
EYE_BURNT = [
    "孩子洗头时洗发水进了眼睛，冲了以后眼睛还是很红，一直流泪睁不开",
    "洗发水进了眼睛，一直喊疼，看东西模糊",
    "孩子洗头时洗发水进了眼睛，冲完不红了，可刚才又把84消毒液溅进眼睛了",
    "下水道疏通剂溅进眼睛了，冲了一下，现在不红了，看东西清楚",
    "石灰进了眼睛，冲了一下眼睛不红",
    "孩子把洗洁精弄进眼睛了，眼睛通红，睁不开",
]

# ---------------------------------------------------------------- small clots of a period
PERIOD_CALM = [
    "这次月经比平时多一些，一天换五六片日用的，有小血块，人不头晕，可能是最近熬夜",
    "月经第二天量有点多，有一点血块，没有头晕",
    "这个月例假比平时多，有少量血块，精神挺好",
]
PERIOD_HEAVY = [
    "这次月经比平时多很多，一个小时就湿透一片，有小血块，头晕眼前发黑",
    "来月经有好多血块，一直往下流，止不住",
    "月经比平时多，有大血块，人头晕想吐",
]

# ---------------------------------------------------------------- a saying asked about
SAYING_ASKED_CALM = [
    "为什么说蛛网膜下腔出血是'一生中最剧烈的头痛'？",
    "为什么医生常说脑出血是像被雷劈一样的头痛？",
]
SAYING_BUT_TOLD = [
    "我爸刚才突然头疼，说是一生中最剧烈的头痛，吐了两次",
    "为什么我妈突然头痛得像炸开一样，一生中最剧烈的那种，还吐了？",
    "老公说这是一生中最剧烈的头痛，脖子也硬",
]


@pytest.mark.parametrize(
    "text",
    FAST_NORMAL_CALM
    + AWAKE_CALM
    + HEAT_CLEAR_CALM
    + AIRWAY_CLEAR_CALM
    + HYDRATED_CALM
    + DENIED_CALM
    + OVER_CALM
    + LATE_EFFECT_CALM
    + EARLIER_PREGNANCY_CALM
    + GLUCOSE_IN_RANGE_CALM
    + EYE_SOAP_CALM
    + PERIOD_CALM
    + SAYING_ASKED_CALM,
)
def test_a_near_miss_stays_calm(text):
    assert not emergency(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    FAST_BUT_SIGN
    + NOT_AWAKE
    + HEAT_SIGN
    + AIRWAY_BLOCKED
    + DEHYDRATED
    + DENIED_BUT_TOLD
    + NOT_OVER
    + LATE_BUT_NOW
    + PREGNANT_NOW
    + GLUCOSE_LOW
    + EYE_BURNT
    + PERIOD_HEAVY
    + SAYING_BUT_TOLD,
)
def test_the_emergency_worded_alike_is_flagged(text):
    assert emergency(text), text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("爷爷突然说话含糊，嘴角一样高，两只手都举得起来", "stroke"),
        ("我妈一叫就醒，可是说话含糊，右边手脚动不了", "stroke"),
        ("我妈没拉过肚子，今天突然拉了黑便，像柏油一样", "melaena"),
        ("烧炭取暖，没人说头疼，可是奶奶叫不醒了", "carbon_monoxide"),
        ("在山上被蛇碰了一下腿，现在腿上有两个牙印，肿得厉害", "snake_bite"),
        (
            "昨天孩子喝了一口洗衣液，急诊看过说没事，可是今天嘴里起泡，咽不下东西",
            "chemical_poisoning",
        ),
        ("二胎孕34周了，头胎是顺产，现在老大两岁，刚刚突然破水了", "ruptured_membranes"),
        ("打完胰岛素血糖掉到3.1，浑身发抖冒冷汗", "hypoglycaemia"),
        ("孩子洗头时洗发水进了眼睛，冲了以后眼睛还是很红，一直流泪睁不开", "eye_injury"),
        (
            "这次月经比平时多很多，一个小时就湿透一片，有小血块，头晕眼前发黑",
            "heavy_vaginal_bleeding",
        ),
        ("上个月咳血住院，已经止住了，今天又咳了一大口鲜血", "haemoptysis"),
        ("我爸抽了纱条回家后突然抽起来了，口吐白沫", "seizure"),
    ],
)
def test_the_category_named_is_the_right_one(text, category):
    assert category in flagged(text), (text, flagged(text))

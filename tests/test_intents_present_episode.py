"""A complaint first told as habitual, chronic or past, then a present episode told
after a time anchor (今天, 现在, 刚才, 突然 …) with its acute features.  The history
marker sets aside the first mention; the present episode must still count.  Without a
present anchor carrying acute features the history set-aside must hold."""

import pytest
from redflag_support import flagged

PRESENT_EPISODES = [
    # chest pain / acute coronary syndrome
    ("chest", "我爸以前经常胸口疼，今天突然疼得厉害，出冷汗"),
    ("chest", "我爸经常胸口疼，今天疼得出冷汗，左胳膊也疼"),
    ("chest", "我爸老说胸口疼，今天疼得出冷汗，左胳膊也疼"),
    ("chest", "我爸78了，老喊胸口压着疼，现在满头大汗"),
    ("chest", "我妈一直有胸闷的老毛病，刚才突然闷得喘不上气，一身冷汗"),
    ("chest", "老公多年心绞痛，这次疼了半个多小时不缓解，出冷汗"),
    ("chest", "我爷爷老是心口疼，这会儿疼得脸色发白，满头大汗"),
    # stroke
    ("stroke", "我爸以前中风过，今天突然右边手脚没劲，说话不清楚"),
    ("stroke", "我妈老是头晕，刚才突然嘴歪了，说话含糊"),
    ("stroke", "奶奶前年脑梗过，今天早上起来左手抬不起来，嘴也歪了"),
    # headache (thunderclap)
    ("headache", "我经常头疼，今天突然疼得像要炸开，这辈子最疼的一次"),
    ("headache", "老婆偏头痛多年，刚才突然头疼得厉害，吐了好几次，脖子也硬"),
    # seizure
    ("seizure", "孩子有癫痫，今天抽起来停不下来，抽了十几分钟了"),
    ("seizure", "我弟以前经常抽风，刚才又抽了，现在叫不醒"),
    ("seizure", "老公癫痫好多年了，这次一直抽，抽完又接着抽"),
    # asthma / breathing
    ("breathing", "我有哮喘好多年了，今天喘得说不出话，嘴唇发紫"),
    ("breathing", "孩子经常咳喘，现在喘不上气，嘴唇发紫"),
    ("breathing", "我爸慢阻肺多年，今天憋得喘不上气，躺不下"),
    # GI bleeding
    ("gi_bleed", "我老胃病了，今天拉黑便，头晕眼前发黑"),
    ("gi_bleed", "他胃溃疡多年，刚才吐了一大口血"),
    ("gi_bleed", "我爸肝硬化好几年了，今天突然吐血，吐了一大碗"),
    # abdominal pain
    ("abdomen", "经常肚子疼，今天突然疼得直不起腰，肚子硬得像木板"),
    # syncope / unconscious
    ("unconscious", "我妈以前也晕过，刚才突然晕倒了，叫不醒"),
    ("unconscious", "我爸经常头晕，今天突然晕倒了，怎么叫都没反应"),
    # diabetes
    ("dka", "孩子有糖尿病，今天一直吐，呼吸很深很快，人迷迷糊糊"),
    ("hypoglycemia", "我爸糖尿病多年了，刚才突然大汗淋漓，叫不醒"),
    # palpitations / arrhythmia
    ("arrhythmia", "我妈经常心慌，今天突然心跳一百八，人快晕过去了"),
    # heart failure
    ("heart_failure", "我爸心衰好几年了，今天晚上喘得躺不下，咳粉红色泡沫痰"),
    # allergy
    ("anaphylaxis", "我以前吃海鲜就过敏，刚才吃了虾，喉咙发紧喘不上气"),
    # pregnancy
    ("pregnancy", "怀孕30周，以前偶尔肚子发紧，今天见红了，肚子一阵阵疼"),
    ("pregnancy", "孕35周，之前经常头疼，今天头疼得厉害，眼睛看不清，脚也肿"),
    # kidney / urinary
    ("urinary", "我爸前列腺增生多年，今天一天都尿不出来，肚子胀得疼"),
    # back / aorta
    ("aorta", "老公高血压多年，刚才突然胸背撕裂样疼，出冷汗"),
    # suicide
    ("suicide", "我抑郁好几年了，今天真的不想活了，药都准备好了"),
    ("suicide", "女儿以前也说过想死，刚才又说要跳楼，站在阳台上"),
    # infant
    ("infant", "宝宝两个月，之前经常吐奶，今天吐得像喷射一样，高烧不退"),
    # hypertension crisis
    ("bp", "我爸高血压十几年了，今天血压210，头疼得厉害，看东西模糊"),
    # dizziness -> stroke features
    ("stroke", "我妈多年头晕的老毛病，今天突然晕得站不住，说话不清楚"),
    # testicular
    ("testis", "儿子以前也蛋蛋疼过，今天突然疼得厉害，肿起来了，还吐了"),
    # eye
    ("eye", "我经常眼睛胀，今天突然眼睛剧痛，看不见了，还恶心呕吐"),
    # bleeding
    ("bleeding", "我经常流鼻血，今天流了一个多小时止不住，头晕"),
    # chest, bare re-mention only
    ("chest", "我妈以前经常胸口疼，今天又疼了，疼得出冷汗，喘不上气"),
    # bare re-mentions (疼/痛/闷/晕/慌) after the anchor, the body part named only before
    ("chest", "我妈一直心口闷，今天闷得喘不上气，出冷汗"),
    ("chest", "老伴经常胸口憋得慌，刚才憋得满头大汗，脸发白"),
    ("headache", "我妈老说头疼，今天疼得吐了，脖子发硬"),
    ("headache", "我经常头疼，这次疼得跟以前不一样，突然一下就疼得受不了"),
    ("abdomen", "我爸经常肚子疼，今天疼得满头大汗，一直吐"),
    ("abdomen", "孩子经常肚子疼，今天疼得在床上打滚，一碰肚子就哭"),
    ("eye", "我经常眼睛胀痛，今天突然疼得厉害，看东西模糊，恶心想吐"),
    ("aorta", "老公腰疼好多年了，刚才突然疼得像撕裂一样，出冷汗"),
    ("pregnancy", "怀孕32周，以前也经常肚子疼，今天疼得厉害，还出血了"),
    ("arrhythmia", "我爸经常心慌，今天慌得厉害，人晕过去了"),
    ("testis", "儿子以前蛋蛋疼过，刚才又疼了，疼得直哭，还吐了"),
    ("bleeding", "孩子经常流鼻血，今天流得止不住，脸色发白，头晕"),
]

LOOK_ALIKES = [
    # habitual only
    "我妈七十了，最近老说心口闷",
    "我爸经常胸口疼，想挂个心内科",
    "老是头疼，看哪个科",
    "孩子经常肚子疼，是怎么回事",
    "我有时候心慌，要做什么检查",
    "我妈老说头晕，想约个神经内科",
    # past only
    "以前经常胸口疼，现在好了",
    "我爸以前中风过，现在恢复得挺好，想复查一下",
    "我以前有哮喘，现在很少发作了",
    "以前胃出血过，现在想复查胃镜",
    "小时候经常抽风，现在好多年没犯了",
    # present but mild / usual
    "老胃病了，今天又有点隐隐作痛",
    "经常头疼，今天也是老样子",
    "我经常胸闷，今天也有一点，休息一下就好了",
    "老是腰疼，今天又有点疼",
    "偏头痛多年了，今天又犯了，跟平时一样",
    "经常失眠，今天又没睡好",
    "老毛病胃疼，今天稍微有点不舒服",
    "孩子经常咳嗽，今天也咳了几声",
    "我一直有点头晕，今天还是有点晕",
    # prevention / question forms
    "经常胸口疼的人怎么预防心梗",
    "老胃病的人吃什么好",
    "有癫痫的孩子平时要注意什么",
    "高血压多年，平时吃什么药好",
    "经常头疼需要做什么检查",
    "哮喘好多年了，哪家医院看得好",
    # a present anchor without acute features (denied, milder, better, old sequelae)
    "以前经常胸口疼，今天没有出冷汗",
    "经常头疼，今天比平时轻一点",
    "多年前中风，现在走路拖",
    "我妈经常胸闷，今天好多了，没那么闷了",
    "我爸老说腰疼，今天疼得睡不着",
    "经常头晕，现在还好，不像以前晕得厉害",
    "以前哮喘发作时喘不上气，现在想问平时吃什么药",
]


@pytest.mark.parametrize("kind,text", PRESENT_EPISODES)
def test_a_present_episode_after_a_habitual_or_past_complaint_is_flagged(kind, text):
    assert flagged(text), (kind, text)


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_habitual_past_or_mild_present_complaints_stay_non_urgent(text):
    assert not flagged(text), text


def test_the_table_is_broad():
    assert len(PRESENT_EPISODES) >= 40 and len({k for k, _ in PRESENT_EPISODES}) >= 15
    assert len(LOOK_ALIKES) >= 25

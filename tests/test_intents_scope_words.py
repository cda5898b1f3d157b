"""How far a word of the catalogue reaches, and what a word really says: a denied longer
word denies the sign inside it, an understatement is a mild sign and no denial, a recent
injury counts again when its danger signs follow, a later sentence can reopen an episode
said to be over, a ride is no crash, hearsay, news and learning name no patient, and the
classifier is not believed against a stated harmless cause.  Each table pairs
emergencies with look-alikes.  Our own wordings, written from clinical knowledge, not
from any evaluation set."""

import pytest
from redflag_support import check

import intents
from intents.normalize import safety_text
from intents.redflags import assess, compiled, model_allowed

# ------------------------------------------------------- a denied longer word
# 没大血块 denies 血块, 没呕吐 denies 吐: the shorter word inside is no report of its own
DENIED_WORD = [
    ("例假量特别大，一个钟头就湿透一片，掉出来好几块大血块", "heavy_vaginal_bleeding"),
    ("血糖28，从早上开始一直呕吐", "dka"),
    ("儿子撞到头以后吐了好几回", "head_injury"),
    ("月经这次比上次多一点，也没有大血块，人也不晕", None),
    ("孩子在床边磕了一下头，没呕吐，哭完就去玩了", None),
    ("空腹血糖17，没恶心也没呕吐，人挺精神", None),
]


@pytest.mark.parametrize("text,category", DENIED_WORD)
def test_a_denied_longer_word_denies_the_word_inside_it(text, category):
    check(text, category)


# ------------------------------------------------------- a result written as negative
RESULT_NEGATIVE = [
    ("血糖23，尿酮查出来是阳性，吐了三次", "dka"),
    ("血糖16.9，尿酮试纸测了是阴性，没吐，也不犯困", None),
    ("血糖十七，尿酮结果阴性，胃口还行", None),
]


@pytest.mark.parametrize("text,category", RESULT_NEGATIVE)
def test_a_result_told_as_negative_a_few_words_later_is_a_denial(text, category):
    check(text, category)


# ------------------------------------------------------- understated, not denied
def test_an_understated_sign_is_mild_and_a_denied_one_is_not():
    soft = assess(safety_text("胸口不怎么疼，想问问体检"), every=True).soft
    assert "chest_pain" in soft
    denied = assess(safety_text("胸口不疼，想问问体检"), every=True)
    assert "chest_pain" not in denied.soft and "chest_pain" not in denied.concepts


UNDERSTATED = [
    # several softened signs of early pregnancy together: ruptured ectopic until proven not
    ("试纸测出两道杠，小肚子不太疼，人有点发虚，直冒冷汗", "ectopic_pregnancy"),
    ("我不怎么头疼，就是脖子有点酸，挂什么科", None),
    ("胸口不太闷了，想问问体检套餐", None),
]


@pytest.mark.parametrize("text,category", UNDERSTATED)
def test_understated_signs_count_with_their_companions(text, category):
    check(text, category)


# ------------------------------------------------------- what a word really says
WORD_SENSE = [
    ("地铁站有个人倒地后一动不动，叫他也不吭声", "unconsciousness"),  # 一动不动 is no habit
    ("孩子动不动就说累，平时跑跳都正常", None),  # 动不动就 is no fetal movement
    ("我每天活着都没什么意思，安眠药已经备好了", "suicide_self_harm"),
    ("出门旅游前常用药都备好了，想问问晕车药怎么吃", None),
    ("我爸肚子胀得像鼓，吐了好几次，屁都不放", "acute_abdomen"),
    ("最近屁多，屁也不臭，想问问怎么回事", None),
    ("期末考试考砸了，气得想死的心都有了，哈哈", None),
    ("想死的心都有了，安眠药偷偷攒了一瓶", "suicide_self_harm"),
]


@pytest.mark.parametrize("text,category", WORD_SENSE)
def test_words_are_read_in_their_own_sense(text, category):
    check(text, category)


# ------------------------------------------------------- asking where to go for care
CARE_SEEKING = [
    ("右眼突然黑了一半看不见，明天才能挂眼科，可以先去急诊吗", "sudden_vision_loss"),
    ("左眼突然啥也看不见了，能直接去计诊吗", "sudden_vision_loss"),  # a typo of 急诊
    ("眼前有黑点飘来飘去好几个月了，可以先去眼科门诊吗", None),
]


@pytest.mark.parametrize("text,category", CARE_SEEKING)
def test_asking_whether_to_go_to_the_emergency_room_is_no_first_aid_question(text, category):
    check(text, category)


# ------------------------------------------------------- a soaked pad locates the bleeding
PAD = [
    ("我妈五十岁，今天下面出血一个小时就把夜用的湿透了，头晕", "heavy_vaginal_bleeding"),
    (
        "阿姨说这月来得不规律。今天不到一小时就湿透一片夜用的，脸发白、心慌",
        "heavy_vaginal_bleeding",
    ),
    ("月经第二天，夜用的一晚上用一片，正常吗", None),
]


@pytest.mark.parametrize("text,category", PAD)
def test_a_soaked_pad_says_the_bleeding_is_vaginal(text, category):
    check(text, category)


@pytest.mark.parametrize(
    "text,vaginal",
    [
        ("今天不到一小时就湿透一片夜用的", True),
        ("安心裤都渗透了", True),
        ("夜用的卫生巾哪个牌子好", False),
        ("出汗把衣服湿透了", False),
    ],
)
def test_the_rules_read_a_soaked_pad_as_vaginal_bleeding(text, vaginal):
    assert ("vaginal_bleed" in assess(safety_text(text), every=True).concepts) is vaginal, text


# ------------------------------------------------------- a recent injury, then its danger signs
DELAYED_HARM = [
    ("我爸前几天骑车摔了头，这两天说话颠三倒四，今天一直犯困", "head_injury"),
    ("外婆上周在厕所滑倒撞到头，这两天越来越糊涂", "head_injury"),
    ("前天孩子从床上掉下来磕到头，现在还是想睡，叫了也不太理人", "head_injury"),
    ("我爸小时候磕到过头，现在记性不好", None),
    ("上周磕到头，当时吐了一次，现在好好的", None),
    ("前几天撞到头了，没什么症状，想问要不要拍片", None),
    ("上周摔了一跤磕到头，今天来复查，头不疼也不吐", None),
]


@pytest.mark.parametrize("text,category", DELAYED_HARM)
def test_a_recent_injury_counts_when_its_danger_signs_follow_as_present(text, category):
    check(text, category)


# ------------------------------------------------------- over today, then a breathing sign hours later
# An injury said to be over (咳了几声就好了) counts again when a danger sign of it follows
# as present, even said softly (有点喘, 呼吸有些快): the lungs can fail hours after the water.
OVER_THEN_SIGN = [
    (
        "下午孩子在河边掉进水里，马上被拉上来，咳了几下就没事了，现在过了三个小时，有点喘",
        "drowning",
    ),
    ("傍晚儿子在浴缸里滑进去呛了水，哭了一会儿就好了，到了晚上呼吸有些快，人也蔫蔫的", "drowning"),
    ("中午在水库游泳呛了好几口水，当时咳了一会儿就好了，这会儿胸口憋，老是喘", "drowning"),
    ("孩子在游泳池呛了一口水，咳了两下就好了，现在过了三个小时，呼吸平稳，在家玩积木", None),
    ("女儿在泳池沉下去一下，马上捞起来就好了，现在不喘也不咳，吃饭也香", None),
    ("小时候游泳呛过水，现在一跑步就有点喘", None),
]


@pytest.mark.parametrize("text,category", OVER_THEN_SIGN)
def test_an_injury_told_as_over_counts_when_a_breathing_sign_follows(text, category):
    check(text, category)


# ------------------------------------------------------- a recent bite whose vaccine is still due
# A bite told as past (上周, 前天) with no rabies vaccine begun (没打疫苗, 还来得及吗) is due
# now; a course already begun (打了第一针) or a bite years ago is not.
STILL_DUE = [
    ("前天被邻居家的猫抓破了手，流了点血，一直没打疫苗，现在去打还来得及吗", "animal_bite_rabies"),
    ("五天前在老家被狗咬了小腿 出了血 针也没打 今天才想起来", "animal_bite_rabies"),
    ("上周被狗咬了，当天就打了第一针，今天第二针晚了一天，还能打吗", None),
    ("上周被狗咬了，打了三针了，还需要打吗", None),
    ("十年前被狗咬过没打针，现在还会得狂犬病吗", None),
]


@pytest.mark.parametrize("text,category", STILL_DUE)
def test_a_recent_bite_counts_while_its_vaccine_is_still_due(text, category):
    check(text, category)


# an unknown animal (不认识的狗) is no denial of the bite
UNKNOWN_ANIMAL = [
    ("刚才在公园被一只不认识的狗咬了小腿，出血了", "animal_bite_rabies"),
    ("一只不认识的狗冲我叫了半天，没咬到", None),
]


@pytest.mark.parametrize("text,category", UNKNOWN_ANIMAL)
def test_an_unknown_animal_does_not_deny_the_bite(text, category):
    check(text, category)


# ------------------------------------------------------- a general question, then today's report
# A question closed in its clause (…会导致尿不出来吗，) does not make hypothetical a later
# clause that opens today's episode (我今天…); with no such report it stays a question.
ASKED_THEN_TOLD = [
    ("腰突压迫神经会让人大小便失禁吗，我今天早上开始小便控制不住，屁股周围也发麻", "cauda_equina"),
    ("椎间盘突出会引起尿不出来吗 我爸从今早到现在一直没尿 两条腿也没劲", "cauda_equina"),
    ("腰椎间盘突出会导致尿不出来吗，想提前了解一下", None),
    ("腰突严重了会不会大小便失禁呢 我现在只是腰疼 大小便都正常", None),
    ("如果发烧了会抽筋吗 今天孩子体温37.5 精神挺好", None),
]


@pytest.mark.parametrize("text,category", ASKED_THEN_TOLD)
def test_a_closed_question_does_not_reach_a_report_of_today(text, category):
    check(text, category)


# ------------------------------------------------------- over, then a later sentence says otherwise
LATER = [
    ("孩子中午在河边掉进水里，捞上来就好了。现在发烧，呼吸很急", "drowning"),
    ("女儿下午在浴缸里滑进去呛了水，咳几声就没事了。晚上一直喘，嘴唇发紫", "drowning"),
    ("孩子在游泳池呛了口水，咳两声就好了。现在在玩积木，吃饭也香", None),
    ("儿子在泳池沉下去一下，马上拉上来就好了。现在不喘也不咳", None),
]


@pytest.mark.parametrize("text,category", LATER)
def test_a_later_sentence_with_a_present_sign_reopens_the_episode(text, category):
    check(text, category)


def test_a_later_turn_with_a_present_sign_reopens_the_episode():
    context = {"history": ["孩子下午在水库边掉下去了，拉上来就好了"]}
    tri = intents.parse("现在一直咳，呼吸很急，叫他也没精神", context)["triage"] or {}
    assert "drowning" in [f["category"] for f in tri.get("red_flags") or []]
    quiet = intents.parse("现在睡得挺香", context)["triage"] or {}
    assert not quiet.get("red_flags")


# ------------------------------------------------------- "可他 …": a turn, then a burn mark
TURN_KE = [
    ("师傅说被电了一下没事，可他手指进电的地方发黑了", "electric_injury"),
    ("手碰到插座电了一下，现在没事了，可手机还能充电吗", None),
]


@pytest.mark.parametrize("text,category", TURN_KE)
def test_a_sign_after_ke_keeps_a_shock_open(text, category):
    check(text, category)


# ------------------------------------------------------- a ride is no crash
TRANSPORT = [
    ("坐大巴出车祸了，我老公腿弯了，疼得厉害", "major_trauma"),
    ("骑电动车摔了，腿弯成奇怪的角度，疼得厉害", "major_trauma"),
    ("坐的出租车被货车撞了，人疼得厉害", "major_trauma"),
    ("我晕车严重，每次坐长途大巴都难受得厉害，有什么药", None),
    ("天天骑电动车上班，膝盖疼得厉害，挂什么科", None),
    ("坐地铁去上班，想问问挂号要带什么", None),
]


@pytest.mark.parametrize("text,category", TRANSPORT)
def test_a_vehicle_is_a_crash_only_with_an_accident(text, category):
    check(text, category)


# ------------------------------------------------------- the classifier against a harmless cause
# (rules first; the gate only says whether a classifier verdict may stand)
MODEL_GATES = [
    ("melaena", "昨天吃了鸭血粉丝，今天拉的大便发黑，没别的不舒服", False),
    ("melaena", "这两天大便发黑，黏糊糊的，没吃过铁剂也没吃猪血", True),
    ("child_dehydration", "宝宝拉肚子三次，尿了好几次，精神挺好", False),
    ("child_dehydration", "孩子拉了一天，喝不进水，尿了几次都很少", True),
    ("button_battery", "孩子把一颗葡萄籽咽下去了，有事吗", False),
    ("button_battery", "孩子刚才吞了个东西，好像是个小圆片", True),
]


@pytest.mark.parametrize("category,text,allowed", MODEL_GATES)
def test_a_stated_harmless_cause_gates_the_classifier(category, text, allowed):
    assert model_allowed(category, assess(safety_text(text))) is allowed, text


HARMLESS_BUT_RULES = [
    ("大便黑得像柏油，头晕心慌，也没吃过铁剂", "melaena"),
    ("吃了补铁药，但大便黑，今天晕倒了", "melaena"),
    ("宝宝拉了十几次，精神还行，但是大半天没尿了，哭没眼泪", "child_dehydration"),
    ("孩子吞了西瓜籽，又吞了遥控器里的电池", "button_battery"),
]


@pytest.mark.parametrize("text,category", HARMLESS_BUT_RULES)
def test_the_rules_still_flag_emergencies_next_to_a_harmless_cause(text, category):
    check(text, category)


# ------------------------------------------------------- a sequel months later
SEQUEL = [
    ("燃气泄漏，我妈一氧化碳中毒后现在叫不醒", "carbon_monoxide"),
    ("一氧化碳中毒后半小时就晕倒了", "carbon_monoxide"),
    ("被狗咬后3个月，伤口周围发麻，现在怕水怕风", "animal_bite_rabies"),
    ("煤气中毒后反应慢了好几个月，想挂神经内科", None),
]


@pytest.mark.parametrize("text,category", SEQUEL)
def test_a_symptom_lasting_months_after_an_event_is_a_sequel(text, category):
    check(text, category)


# ------------------------------------------------------- hearsay, news and learning
NO_REPORT = [
    ("听说孩子误吞磁铁特别危险，家里该怎么收好", None),
    ("听说过“继发性溺水”，孩子呛水后要注意什么", None),
    ("看新闻说有人被雷劈了，被雷击过的人会留什么毛病", None),
    ("给学生做个科普，小孩子吞了纽扣电池会怎样", None),
    ("孩子游泳呛水后一直咳，嘴唇发紫", "drowning"),
    ("刚才打雷，我爸在田里被雷劈了，叫不醒", "electric_injury"),
    ("看新闻的时候我爸突然说不出话，嘴歪了", "stroke"),
    ("孩子今天睾丸疼得厉害，我想科普一下这是什么病", "testicular_torsion"),
    ("宝宝发烧抽搐了，眼睛上翻，能给科普一下吗", "seizure"),
]


@pytest.mark.parametrize("text,category", NO_REPORT)
def test_hearsay_news_and_learning_report_no_patient(text, category):
    check(text, category)


# ------------------------------------------------------- the baby is born
DELIVERED = [
    ("嫂子羊水破了以后已经顺利生了，产后多久能洗澡", None),
    ("老婆已经生了，想问月子里能不能洗头", None),
    ("老婆33周，刚才破水了，还没生", "ruptured_membranes"),
    ("表姐羊水破了，都快生了，还能坐车去县医院吗", "ruptured_membranes"),
]


@pytest.mark.parametrize("text,category", DELIVERED)
def test_a_birth_told_after_the_waters_ends_that_episode(text, category):
    check(text, category)


# ------------------------------------------------------- markers read the normalised text
@pytest.mark.parametrize(
    "marker,phrase",
    [("present", "这两天"), ("present", "这一次"), ("episode", "这一次"), ("same_day", "这一次")],
)
def test_markers_match_the_normalised_spelling(marker, phrase):
    text = safety_text(phrase)
    assert compiled().markers[marker].search(text), (phrase, text)

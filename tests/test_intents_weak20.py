"""Emergencies told played down, in a record's words or in dialect, next to calm
look-alikes that must stay calm.  Readings covered:

- retention in a record's words (术后未能自行排尿, 小便未解) and the urine left unsaid after
  the tries to pass it (蹲了好几回 一滴都没有) with a bursting belly (下面胀死了); a remedy's
  hoped-for end (泡泡热水说不定就好了) is no end of the signs.
- an empty bottle of a named drug (那瓶氯硝西泮空了) beside a drowsy person (一直打瞌睡).
- a pill still in a child's mouth (嘴里还有没化的白色药片).
- insulin injected, then confusion in a record's words (言语错乱, 行为异常), not helped by
  sugar (已喂糖水，仍未好转).
- insulin stopped in a record's words (自行停用胰岛素) with drowsiness.
- hours of life in a record's words (生后18小时, 出生后20小时) make a baby in its first day.
- a newborn's fit told as rhythmic shaking (有节奏地抖) or the eyes held to one side for a
  while (往一边斜，持续了好一会儿); a squint asked about (是不是斜视) is none.
- Cantonese 先 before a baby's age is 才 (BB先六个礼拜).
- the psychiatric care called off as needed no more with a decision made (取消心理门诊…
  用不着了，我已经决定好了); pills taken with a long sleep wished and being left alone asked.
- right after a jab, an itchy body with any breathlessness however played down.
- rectal blood whose amount is told after a playing down (拉了点血，挺多的).
- 还发少 typed for 还发烧, 烂尾炎 for 阑尾炎.
- calm: 不哭闹 of a content newborn is no weak cry; the causes of a condition asked in
  general (…的原因有哪些) and the norm asked of a reading (低血糖的标准是多少) are a
  knowledge question — unless a reading of the patient's own is told beside it.

Sentences written for this file."""

import pytest
from redflag_support import check, flagged_case

RETENTION = [
    "家父术后返家，自昨晚起未能自行排尿，耻骨上区膨隆、疼痛，请问如何处理？",
    "患者前列腺术后第二天，至今未能自主排尿，下腹部隆起，压痛明显",
    "我外公做完疝气手术回家，从早上到现在未自行排尿，小肚子胀得鼓鼓的",
    "老人今晨起小便未解，下腹膨隆，伴胀痛",
    "医生 我蹲了好几回 一滴都没有 下面胀死了 我快八十了",
    "我爸去了五六趟厕所，一滴也没出来，小肚子胀死了",
    "他在马桶上坐了半天一滴都没有，下面胀得要炸了",
    "老公说尿不出，小肚子胀，他说不想去医院，泡泡热水说不定就好了",
    "我爷爷尿不出来，肚子胀得硬邦邦，他说多喝点水没准就好了",
    "老伴一上午尿不出，下腹胀痛，他说躺躺兴许就好了",
]
RETENTION_CALM = [
    "我爸术后第一天自己排尿了，尿得挺顺，想问什么时候能出院",
    "前天尿不出来去急诊插了尿管，今天拔了尿管自己能尿了",
    "我蹲了好一会儿才拉出来，有点便秘，吃什么好",
    "最近小便次数多，每次都能尿出来，就是有点急",
]

OVERDOSE = [
    "刚看见我婆婆在厨房坐着一直打瞌睡，桌上她那瓶氯硝西泮空了，昨天还有半瓶",
    "我爸一直打瞌睡，床头那瓶安眠药空了",
    "奶奶那盒地西泮空了，人昏昏沉沉的叫不太醒",
    "我妈一直犯困，她那瓶阿普唑仑空了，上周刚开的",
    "小家伙嘴里还有没化的白色药片，旁边是我爸的美托洛尔，现在嘴唇发白，手脚冰凉",
    "孩子嘴里还有药片，旁边是奶奶的降压药，药板少了几片",
    "宝宝嘴里含着药片在玩，是我的安眠药",
]
OVERDOSE_CALM = [
    "这瓶维生素吃完了，还要再买吗",
    "上课一直打瞌睡怎么办，晚上睡不好",
    "我的降压药那瓶空了，想再开一些",
]

HYPO = [
    "我母亲注射胰岛素后约一小时出现言语错乱、行为异常，已喂糖水，仍未好转。",
    "我爸打完胰岛素后说话有点乱，喂了糖水也没好转",
    "爷爷打了胰岛素，现在行为异常，出冷汗，吃了糖也没好转",
    "外婆注射胰岛素后言语混乱，喂糖水不见好",
    "患者注射胰岛素后出现言语错乱，喂糖水后仍未好转",
]
HYPO_CALM = [
    "打完胰岛素后要多久吃饭？",
    "我打胰岛素两年了，血糖控制得不错，想复查一下",
    "注射胰岛素后注射部位有点红，正常吗",
]

DKA = [
    "家母糖尿病史十年，近期自行停用胰岛素，今日出现嗜睡、呼吸深大，请问如何处理？",
    "我爸有糖尿病，三天前停用胰岛素，今天特别想睡，还一直吐",
    "患者糖尿病，自行停掉胰岛素一周，今日嗜睡",
    "我妈糖尿病，胰岛素停用好几天了，今天昏昏沉沉的",
    "糖尿病人中断胰岛素三天，今天呕吐不止",
]
DKA_CALM = [
    "糖尿病能不能停用胰岛素改成吃药？",
    "医生让我停用胰岛素改口服药，血糖一直正常，要复查吗",
    "我妈糖尿病，胰岛素停用之前要注意什么",
]

NEWBORN_FIRST_DAY_JAUNDICE = [
    "生后18小时就黄了，经皮测黄疸12",
    "宝宝出生后20小时脸和身上都黄了，测了11",
    "孩子生后十个小时皮肤就发黄了",
    "新生儿出生后16小时，脸黄了",
    "生后第12小时就黄疸了，测了8",
]
NEWBORN_LATER_JAUNDICE_CALM = [
    "宝宝出生后5天有点黄，吃奶好，精神好",
    "医生2小时后来查房，宝宝吃奶挺好",
    "宝宝十天了，黄疸已经退了，想问什么时候打疫苗",
]

NEWBORN_FIT = [
    [
        "宝宝十天了，今天好像有点怪",
        "睡着的时候手一直有节奏地抖，叫他也不醒",
        "刚才眼睛还往一边斜，持续了好一会儿",
    ],
    "宝宝二十天，胳膊一直有节奏地抖，抱起来也停不下来",
    "新生儿十五天，刚才眼睛往一边斜，腿一抖一抖的",
    "宝宝一个月，手脚有规律地抖，叫也不太醒",
    "宝宝18天，两只眼睛偏向一边，持续了一两分钟",
]
NEWBORN_CALM = [
    "新生儿刚洗完澡，脸红红的，量了体温37.1，吃奶好，不哭闹",
    "宝宝二十天，很乖不哭，吃完奶就睡，想问要不要补维生素D",
    "宝宝一个月了，吃奶好，不哭闹，睡得香",
    "宝宝二十天，眼睛有时候往一边斜，是不是斜视",
]

INFANT_FEVER_YUE = [
    "BB先六个礼拜，依家发烧38度4，好烫手",
    "个女先四十日，发烧38度5",
    "bb先两个月，发烧38度",
    "BB先五个星期，烧到38度6",
    "宝宝先七周，发烧了38.2",
]
INFANT_FEVER_YUE_CALM = [
    "宝宝先观察两天再说，发烧38度",
    "BB先两个礼拜后再打疫苗，医生说不用急",
    "先三天吃药，再看看，我35岁，发烧38度",
]

SUICIDE_PLAYED_DOWN = [
    "帮我取消下周的心理门诊预约吧，用不着了，我已经决定好了",
    "心理咨询不去了，以后用不着了，我已经想好了",
    "把我的精神科复诊取消吧，用不上了，我已经决定好了",
    "没什么大事，就是吃了一些药，想睡久一点，不用管我",
    "我吃了好多药，想睡很久，别叫醒我",
    "吃了安眠药，一睡不醒也好，不要管我",
]
SUICIDE_CALM = [
    "帮我取消下周的心理门诊预约，我出差了，改到月底",
    "我想取消心理咨询，换个时间，已经决定好了改周六",
    "吃了感冒药，想睡一会儿，你们先吃饭",
    "最近睡不好，想睡久一点，有什么办法",
]

ANAPHYLAXIS = [
    "打完针有点喘，身上痒，可能是我太紧张了，躺一会儿应该就好了吧",
    "打了针以后身上有点痒，还有点喘，是不是没事",
    "孩子打完针身上痒，胸闷，应该没事吧",
    "刚打完针，浑身痒，有点气短",
    "打针后身上起疙瘩，有点喘，我想先观察一下",
]
ANAPHYLAXIS_CALM = [
    "打完针身上有点痒，不喘",
    "上周打完针身上痒了两天，没喘，现在好了",
    "打完针针眼有点红，摸着痒",
]

RECTAL_BLOOD = [
    "拉了点血，挺多的，不过不疼，人有点乏，是不是痔疮，不想折腾",
    "大便拉了点血，还不少，头有点晕",
    "今天拉了点血，很多，马桶都红了",
    "早上拉了些血，好多，人没劲",
    "我爸便血挺多的，不想去医院",
]
RECTAL_BLOOD_CALM = [
    "拉了点血，不多，纸上一点点，是不是痔疮",
    "以前拉过血，挺多的，后来做了痔疮手术就好了",
    "大便干，纸上有点血丝，挂什么科",
]

APPENDIX_TYPOS = [
    "右下腹疼还发少，按着疼，是不是烂尾炎",
    "右下腹疼，还发烧，是不是阑尾炎",
    "肚子右下边疼，又发少，是不是烂尾炎",
    "右下腹痛了一天，也发少了",
    "孩子右下腹疼，还发少38度",
]
APPENDIX_CALM = [
    "我头发少，还掉得厉害",
    "右下腹有点隐隐的疼，不发烧",
    "烂尾楼的事情找谁问",
]

INFO_CALM = [
    "胎膜早破的原因有哪些？",
    "尿潴留一般有哪些诱因",
    "新生儿黄疸的病因都有哪些？",
    "低血糖的标准是多少？3.9还是2.8？",
    "血糖正常值是多少",
]
INFO_BUT_TOLD = [
    ("我刚测了血糖2.5，正常值是多少？", "hypoglycaemia"),
    ("我妈血糖测出来2.3，血糖正常范围是多少", "hypoglycaemia"),
    ("怀孕34周，刚才破水了，破水的原因有哪些？", "ruptured_membranes"),
    ("我爸尿不出来，小肚子胀得硬邦邦，尿潴留的原因有哪些", "acute_urinary_retention"),
]


@pytest.mark.parametrize("text", RETENTION)
def test_retention_record_and_played_down(text: str) -> None:
    check(text, "acute_urinary_retention")


@pytest.mark.parametrize("text", OVERDOSE)
def test_overdose_empty_bottle_and_pill_in_mouth(text: str) -> None:
    check(text, "drug_overdose")


@pytest.mark.parametrize("text", HYPO)
def test_insulin_then_confusion_sugar_no_help(text: str) -> None:
    check(text, "hypoglycaemia")


@pytest.mark.parametrize("text", DKA)
def test_insulin_stopped_record_words(text: str) -> None:
    check(text, "dka")


@pytest.mark.parametrize("text", NEWBORN_FIRST_DAY_JAUNDICE)
def test_jaundice_within_first_day_by_hours_after_birth(text: str) -> None:
    check(text, "neonatal_danger")


@pytest.mark.parametrize("case", NEWBORN_FIT)
def test_newborn_fit_rhythmic_or_eyes_aside(case: str | list[str]) -> None:
    assert "neonatal_danger" in flagged_case(case), case


@pytest.mark.parametrize("text", INFANT_FEVER_YUE)
def test_cantonese_xian_before_infant_age(text: str) -> None:
    check(text, "infant_fever")


@pytest.mark.parametrize("text", SUICIDE_PLAYED_DOWN)
def test_suicide_told_as_care_cancelled_or_long_sleep(text: str) -> None:
    check(text, "suicide_self_harm")


@pytest.mark.parametrize("text", ANAPHYLAXIS)
def test_jab_itch_and_wheeze_played_down(text: str) -> None:
    check(text, "anaphylaxis")


@pytest.mark.parametrize("text", RECTAL_BLOOD)
def test_rectal_blood_amount_after_playing_down(text: str) -> None:
    check(text, "melaena")


@pytest.mark.parametrize("text", APPENDIX_TYPOS)
def test_fever_and_appendix_typos(text: str) -> None:
    check(text, "acute_abdomen")


@pytest.mark.parametrize(("text", "category"), INFO_BUT_TOLD)
def test_causes_asked_beside_a_report(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize(
    "text",
    RETENTION_CALM
    + OVERDOSE_CALM
    + HYPO_CALM
    + DKA_CALM
    + NEWBORN_LATER_JAUNDICE_CALM
    + NEWBORN_CALM
    + INFANT_FEVER_YUE_CALM
    + SUICIDE_CALM
    + ANAPHYLAXIS_CALM
    + RECTAL_BLOOD_CALM
    + APPENDIX_CALM
    + INFO_CALM,
)
def test_look_alikes_stay_calm(text: str) -> None:
    check(text, None)

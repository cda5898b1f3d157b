"""Emergencies told in words the red-flag rules did not read, and their look-alikes.

Each table pairs emergencies with calm messages for one mechanism:

- readings: a gas alarm that shows a number (报警器上显示150) is a reading of this
  home, not a question about alarms; a blood sugar named by its short name 糖 right
  before the number (糖才1点多, 糖高到33) is a glucose reading, unlike a sweet eaten
  (吃了糖2颗), a urine test (尿糖) or HbA1c (糖化); a high sugar named in one sentence or
  turn and its value in the next, opened by a time word (血糖一直偏高。今天测出来33);
- lay descriptions of a sign: an encounter told with 遇到 and then a done event
  (钓鱼时遇到雷雨，老公被雷打了) is not "if one meets"; a strong acid or alkali named
  after its verb (蹭到了电瓶液) with damaged skin is a chemical burn; skin charred by a
  hot thing (指尖烫焦了) is a deep burn, food charred is not; with known high blood
  pressure, print suddenly unreadable (看书字都认不出来) with a headache and vomiting, not
  long-standing presbyopia or a question about a group (高血压的人…是什么原因); a scan that
  measures the sign (b超说膀胱里有700多毫升) tells the finding, not an all-clear (b超说正常了);
- a baby's age and danger signs in lay words: 刚生没几天 (also typed 刚生 没几天) is a
  few days of life; a suck too weak to feed (吸两口奶就松嘴, 没力气吸); a limp baby who
  neither cries nor fusses (软塌塌的，也不哭不闹) is lethargic, unlike a content one
  praised (不哭不闹很乖), a mother just delivered, or a kitten; an age told "all told"
  (满打满算才5周, 算下来才50来天) or with days over the months after a routine question
  about the baby (…能改期吗？她俩月零五天);
- a septic picture in plain words with a fever: an answer that comes only after a long
  while (好一会儿才应), a body too weak to sit (扶着都坐不稳), shaking with cold together
  with little urine (发冷直抖，尿也少) — not a restless child (坐不住) or a flu in bed;
- a sign after a bystander's all-clear: a collapse, then minutes without waking told after
  whatever someone said (外公说她老这样…，可十分钟还没醒), and a jolt told as 电一下 —
  not a nap, a past faint, or a jolt judged normal (电一下很正常吧); a snake called harmless
  on a bystander's word (村里人都说没毒) even after a routine question (挂什么科), unlike a
  doctor's word; a harmless pill named only as what someone said was taken (说吞的是维C) or
  as what a drug was taken for (把降压药当鱼油吃了), unlike a vitamin really taken.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged, flagged_case

from intents.normalize import safety_text
from intents.redflags import assess

# ------------------------------------------------ readings in words or odd forms
READINGS = [
    ("煤气报警器上显示150多，我和女儿都头晕想吐", "carbon_monoxide"),
    ("我爸糖低到二点五，满头大汗喊不太应", "hypoglycaemia"),
    ("外婆糖高到33，一直吐，人昏昏沉沉", "dka"),
    ("老伴糖才1点8，浑身冷汗叫不醒", "hypoglycaemia"),
    ("外公血糖一直偏高。今天测出来33，肚子疼，没力气", "dka"),
    (["你好", "我爸血糖这两天一直很高", "刚才测的30，吐了三次，肚子疼"], "dka"),
]
READINGS_CALM = [
    "一氧化碳报警器有必要装吗",
    "给孩子吃了糖2颗，还在哭",
    "尿糖3个加号，口渴",
    "他糖化7.5，控制得怎么样",
    "上个月糖2点几晕过一次，现在控制得挺好",
    "我血糖控制得挺好。今天测出来体温38，肚子疼",
]


@pytest.mark.parametrize("text,category", READINGS)
def test_a_reading_told_in_words_or_short_names_counts(text, category):
    assert category in flagged_case(text), text


@pytest.mark.parametrize("text", READINGS_CALM)
def test_sweets_urine_sugar_and_alarm_questions_stay_calm(text):
    assert not flagged(text), text


# ------------------------------------------------ a sign told by what it looks like
DESCRIBED = [
    ("钓鱼时遇到雷雨，老公被雷打了，现在叫不醒", "electric_injury"),
    ("放牛时遇到打雷，我哥被雷劈了，趴在地上不动", "electric_injury"),
    ("修车时胳膊上蹭到了电瓶液，那块皮发白还不疼", "burns"),
    ("女儿碰了卷发棒，指尖烫焦了一块", "burns"),
    ("外公血压高，今天看书字都认不出来，头痛，恶心想吐", "hypertensive_emergency"),
    ("奶奶有高血压，刚才手机上的字全糊了，脑袋疼，吐了两口", "hypertensive_emergency"),
    ("爷爷前列腺增生，喝了感冒冲剂后一整天没尿，b超说膀胱里有700多毫升", "acute_urinary_retention"),
    ("老公前列腺肥大，昨晚到现在15个小时没尿，彩超提示膀胱内1000ml", "acute_urinary_retention"),
]
DESCRIBED_CALM = [
    "我爸前列腺肥大，昨天尿不出来，去医院导了尿，b超说正常了",
    "前几天尿不出来，医院b超显示残余尿50毫升，医生说没事",
    "我妈血压高，老花眼好几年了，看报纸字都是花的",
    "我有高血压，看手机字有点花，是不是该配眼镜",
    "高血压的人看字模糊头疼想吐是什么原因",
    "高血压患者看书字都花了还头疼呕吐，要注意什么",
    "遇到有人被雷劈了怎么急救",
    "户外遇到打雷，被雷劈了会怎样",
    "野外遇到有人触电了，先断电对吗",
    "手上沾了强酸，马上冲了很久，现在一点都不红",
    "锅里的肉烫焦了，孩子哭着要吃别的",
    "牛排烙焦了怎么办",
]


@pytest.mark.parametrize("text,category", DESCRIBED)
def test_a_sign_told_by_its_look_counts(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", DESCRIBED_CALM)
def test_questions_and_food_stay_calm(text):
    assert not flagged(text), text


# ------------------------------------------------ a baby's danger signs in lay words
BABY = [
    ("孙女 刚生 没几天 不吃奶", "neonatal_danger"),
    ("儿子才生没两天，发烧38度", "infant_fever"),
    ("宝宝吸了三口奶就松嘴，没力气吸，一直在睡", "neonatal_danger"),
    ("宝宝抱起来软塌塌的，胳膊腿都耷拉着，也不哭不闹", "neonatal_danger"),
]
INFANT_AGE_TOLD_ODDLY = [
    "宝宝的42天体检能改期吗？她俩月零五天，昨晚烧到38.2",
    "姥姥说是捂热了，可闺女算下来才50来天，额温38.3",
    "娃满打满算才5周，肛温38.1",
]
INFANT_AGE_CALM = [
    "我儿子满打满算才5岁，发烧38.5",
    "宝宝疫苗能推迟吗？他两个月零几天，没有发烧也没别的不舒服",
]
BABY_CALM = [
    "我刚生没几天，自己发烧38.5，奶水少",
    "刚生没几天的小猫不吃奶怎么办",
    "我刚生没几天，想问什么时候能洗头",
    "宝宝含不住乳头，是不是我乳头太短",
    "宝宝吸两口奶就停了，一会儿又要吃，睡得很香",
    "宝宝软绵绵的好可爱，不哭不闹很乖",
    "宝宝身上软软的香香的，不哭不闹",
    "宝宝软绵绵的一坨，不哭不闹自己玩",
]


@pytest.mark.parametrize("text,category", BABY)
def test_a_babys_age_and_danger_signs_in_lay_words_count(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", INFANT_AGE_TOLD_ODDLY)
def test_a_young_infants_age_told_all_told_or_after_a_question_is_read(text):
    assert "infant_fever" in flagged(text), text


@pytest.mark.parametrize("text", INFANT_AGE_CALM)
def test_an_older_child_or_no_fever_stays_calm(text):
    assert not flagged(text), text


@pytest.mark.parametrize("text", BABY_CALM)
def test_a_content_baby_a_mother_and_a_kitten_stay_calm(text):
    assert not flagged(text), text


# ------------------------------------------------ a septic picture in plain words
SEPTIC = [
    "爷爷发热，扶着都坐不稳",
    "婆婆发烧一天，喊她好一会儿才应",
    "体温38.6，发冷直抖，尿也少",
]
SEPTIC_CALM = [
    "孩子发烧，上课坐不住，老走神",
    "我发烧了，浑身疼，起不来床",
    "宝宝发烧喝水少，尿也少了一点，精神还好",
    "孩子发烧两天，尿也少，精神还行",
    "昨天发烧冷得发抖，吃了药退烧了，尿也多了",
]


@pytest.mark.parametrize("text", SEPTIC)
def test_fever_with_a_slow_answer_a_body_too_weak_or_chills_and_little_urine(text):
    assert "sepsis" in flagged(text), text


@pytest.mark.parametrize("text", SEPTIC_CALM)
def test_a_restless_child_a_flu_in_bed_and_a_fever_drinking_less_stay_calm(text):
    assert not flagged(text), text


# ------------------------------------------------ a bystander's word that it is nothing
# (read on the rule layer: the classifier may catch some of these on its own)
def rule_flags(text: str) -> list[str]:
    return [f.category for f in assess(safety_text(text)).flags]


SET_ASIDE_BY_A_BYSTANDER = [
    ("外婆倒在阳台，外公说她老这样一会就好，可十分钟还没醒", "unconsciousness"),
    ("同事午饭后倒在工位上，旁边人说累的歇会就好，可已经十来分钟都没醒", "unconsciousness"),
    ("奶奶说电一下麻一下不要紧，可孙子指头上有个焦黑的点，脸发白", "electric_injury"),
]
BYSTANDERS_REASSURANCE = [
    ("请问蛇伤挂什么科？下午割草被蛇咬了脚踝，村里人都说这种蛇没毒", "snake_bite"),
    ("傍晚在河边被蛇咬了小腿，邻居说是水蛇没毒", "snake_bite"),
]
HARMLESS_PILL_CLAIMED = [
    "儿子笑着说吞的是维C，可药瓶上写的是对乙酰氨基酚，整瓶空了",
    "爷爷把降压药当鱼油吃了好几粒，现在头晕",
]
SET_ASIDE_CALM = [
    "孩子吃了两片钙片，没事吧",
    "宝宝吃的是维生素，一次吃两粒可以吗",
    "被蛇咬了，医生说是无毒蛇，已经处理好了",
    "村里人都说这种蛇没毒，是真的吗",
    "宝宝午睡了40分钟还没醒",
    "孩子睡了二十分钟还没醒，要叫醒吗",
    "去年我爸晕倒过一次，十分钟才醒，现在想做个检查",
    "冬天摸门把手电一下很正常吧",
]


@pytest.mark.parametrize("text,category", SET_ASIDE_BY_A_BYSTANDER)
def test_the_present_sign_counts_after_a_bystanders_all_clear(text, category):
    assert category in rule_flags(text), text


@pytest.mark.parametrize("text,category", BYSTANDERS_REASSURANCE)
def test_a_bystanders_word_that_the_snake_is_harmless_is_no_fact(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", HARMLESS_PILL_CLAIMED)
def test_a_harmless_pill_that_was_only_claimed_or_mistaken_is_no_excuse(text):
    assert "drug_overdose" in flagged(text), text


@pytest.mark.parametrize("text", SET_ASIDE_CALM)
def test_a_nap_a_past_faint_and_static_stay_calm_on_the_rules(text):
    assert not rule_flags(text), text

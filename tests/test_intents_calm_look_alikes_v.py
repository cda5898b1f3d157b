"""Near-misses that name an emergency's sign but tell no emergency now, next to the
emergencies worded like them that must stay flagged.  Readings covered:

- a test done and told normal after a sign of an earlier day may name the test with no 了
  when a word of "all" or "the result" gives the outcome (去医院复查胎心都正常), and a clause
  of now after it that tells the patient well keeps the episode over: with no subject
  (现在很好), by what the patient does again (今天又说又笑, 能吃能玩, 活蹦乱跳) or, in
  pregnancy, by the movements back (今天踢得又多了) — unless the clause of now tells a sign
  (今天又抽了两次, 今天喘得厉害).
- a sign told through a source — a book or handbook (护理手册上写着…), a class or a talk
  (急救课上讲了…, 安全知识讲座), a feed (抖音上在传…) — is the source's case, not the
  asker's; a later clause that tells it done now (孩子刚刚吞了一颗) or a person's sign of now
  (我爸现在就是胸口压着疼) is a report.
- another person's pet (同事的猫, 亲戚家的狗) is not a patient, unless a person is hurt too.
- what to do first (第一时间怎么处理) asked of no one in particular is first-aid information,
  unless a person or a moment is named or a sign is told as going on.
- a late effect named right after its event (煤气中毒迟发性脑病) with a follow-up is a history;
  a scale (昏迷量表怎么用) or the kinds of a thing (毒蛇有几类) asked are information; a sign
  over in a moment (麻了一下就好) is over; a site denied with 不在/没在 (不在脸上) is denied —
  each unless a new episode, a score, a bite, a sign of now or the site is told.
- a doctor's verdict (医生诊断为高热惊厥) on an episode of an earlier day names that episode
  when the patient is told well now, unless a sign is told again now.
- another woman's pregnancy told as a time (表姐怀孕的时候) is her past, unless it is told
  again now or the asker's own pregnancy is told.
- a bite that reached only the clothes (咬住了裤腿) with the skin told untouched is denied,
  unless the skin is told hurt or asked about.
- a step or two (小台阶, 两级台阶) is no height to fall from; the signs told with the fall
  decide (头磕破了，叫不醒), and many steps are a height.

Sentences written for this file."""

import pytest
from redflag_support import emergency

CHECKED_AND_WELL = [
    "女儿前天吃饭时噎住了，拍背吐出来后去医院检查都正常，今天又说又笑",
    "儿子昨天晚上高热惊厥了半分钟，去医院化验都正常，现在很好",
    "老公昨天触电了一下，去医院做了心电图都正常，今天活蹦乱跳的",
    "前天胎动少了，去医院复查胎心都正常，今天踢得又多了",
]

CHECKED_BUT_SIGNS_NOW = [
    "儿子昨天高热惊厥了半分钟，去医院化验都正常，今天又抽了两次",
    "女儿昨天在浴缸里呛了水，去医院查了血氧都正常，今天喘得厉害嘴唇发紫",
    "前天胎动少了，去医院复查胎心都正常，今天一整天都没动",
    "老公昨天触电了一下，去医院做了心电图都正常，今天胸口疼得厉害",
]

SOURCE_CASES = [
    "护理手册上写着宝宝呼吸暂停要马上送医，多长时间算暂停",
    "抖音上在传吃了发芽土豆会中毒昏迷，真的假的",
    "绘本里讲小朋友吞了纽扣电池很危险，怎么跟孩子说",
]

SOURCE_THEN_REPORT = [
    "护理手册上写着宝宝呼吸暂停要马上送医，我家宝宝刚才就停了十几秒，嘴唇发紫",
    "急救课上讲了心梗的胸痛是压榨样的，我爸现在就是胸口压着疼，满头大汗",
    "抖音上在传吃了发芽土豆会中毒，我儿子刚吃了一大盘，现在吐得厉害",
    "绘本里讲吞纽扣电池很危险，孩子刚刚吞了一颗",
    "育儿书上说新生儿不吃奶要警惕，我家宝宝出生12天，已经一天没吃奶了",
]


@pytest.mark.parametrize("text", CHECKED_AND_WELL + SOURCE_CASES)
def test_look_alike_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", CHECKED_BUT_SIGNS_NOW + SOURCE_THEN_REPORT)
def test_emergency_still_flagged(text: str) -> None:
    assert emergency(text), text


# another person's pet (同事的猫, 亲戚家的狗) is no patient; the owner is not either, unless
# a person is hurt (咬了我儿子的脸) or a person's sign of now is told
ANOTHER_PERSONS_PET = [
    "同事的猫吃了百合花后一直昏睡不醒，动物医院几点开门",
    "亲戚家的狗吃了巧克力以后抽搐，兽医说要催吐",
]

PET_AND_A_PERSON_HURT = [
    "我朋友的狗咬了我儿子的脸，咬得很深",
    "闺蜜的猫抓了她一下，她现在喘不上气全身起疹子",
    "同事的狗跑丢了，我去找的路上被车撞了，腿断了",
]

# what to do first (第一时间怎么处理), asked of no one in particular, is first-aid
# information; a person or a moment named (我妈刚被狗咬了) or a sign of now is a report
FIRST_AID_ASKED = [
    "被猫抓伤了第一时间怎么处理",
    "烫伤了第一时间怎么冲洗",
]

FIRST_AID_DURING_AN_EMERGENCY = [
    "我妈刚被狗咬了，第一时间怎么处理",
    "孩子被开水烫了一大片，起了好多泡，第一时间怎么处理",
]


@pytest.mark.parametrize("text", ANOTHER_PERSONS_PET + FIRST_AID_ASKED)
def test_not_a_patient_or_first_aid_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", PET_AND_A_PERSON_HURT + FIRST_AID_DURING_AN_EMERGENCY)
def test_person_hurt_or_asked_during_an_emergency_flagged(text: str) -> None:
    assert emergency(text), text


# a late effect named right after the event (迟发性脑病, 后遗症) with a standing follow-up is
# a history, unless the sentence tells a new episode (今天突然叫不醒了)
LATE_EFFECT_NAMED = ["煤气中毒迟发性脑病，每个月去神经内科复查"]
LATE_EFFECT_THEN_AN_EPISODE = ["煤气中毒迟发性脑病，在神经内科随访，今天突然叫不醒了"]

# a scale named after the sign and asked about (昏迷量表怎么用) or the kinds of it asked
# (毒蛇有几类) are questions for information; a score told (评分只有6分) or a bite told is not
SCALE_OR_KINDS_ASKED = ["昏迷量表怎么用", "南方常见的毒蛇有几类，怎么认"]
SCORE_OR_BITE_TOLD = [
    "老人昏迷评分只有6分，呼吸很弱",
    "刚被毒蛇咬了，不知道是哪种，医院有几种血清",
]

# a sign over within a moment, told with no 了 (麻了一下就好) is over, unless a later
# clause tells a sign of now (现在说话也不清楚了)
OVER_IN_A_MOMENT = ["开车门时被静电打了一下，手指麻了一下就好"]
OVER_THEN_A_SIGN_NOW = [
    "早上起来左手麻了一会儿就好，现在说话也不清楚了",
    "左边胳膊突然麻了一下就好，过了半小时整条胳膊抬不起来",
]

# a place denied with 不在/没在 (不在脸上, 没在关节上) is a denial of the site
SITE_DENIED = [
    "热油溅了一下，只是手背一个小点，不在脸上也没起泡",
    "开水烫了手背一小块，没在关节上，没起泡",
]
SITE_TOLD = [
    "孩子被开水烫到了，脸上一大片都起泡了",
    "没在意，现在胸口疼得厉害，喘不上气",
]


@pytest.mark.parametrize(
    "text", LATE_EFFECT_NAMED + SCALE_OR_KINDS_ASKED + OVER_IN_A_MOMENT + SITE_DENIED
)
def test_late_effect_info_over_or_denied_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize(
    "text", LATE_EFFECT_THEN_AN_EPISODE + SCORE_OR_BITE_TOLD + OVER_THEN_A_SIGN_NOW + SITE_TOLD
)
def test_episode_score_sign_or_site_told_flagged(text: str) -> None:
    assert emergency(text), text


# a doctor's verdict (医生说是…, 诊断为…) on an episode told of an earlier day names that
# episode, with the patient told well now (现在很好, 现在正常) — unless a clause of now tells
# a sign again (今天又晕倒了, 现在又抽起来了)
VERDICT_ON_A_PAST_EPISODE = [
    "女儿前天晕过去一次，查了心电图，医生说是血管迷走性晕厥，现在很好",
    "儿子上个月抽了两分钟，做了脑电图，医生诊断为高热惊厥，现在正常",
]
VERDICT_THEN_A_SIGN_NOW = [
    "女儿前天晕过去一次，医生说是血管迷走性晕厥，今天又晕倒了，叫不醒",
    "儿子上个月抽了两分钟，医生诊断为高热惊厥，现在又抽起来了，停不下来",
    "老公前天胸口疼，医生说是心绞痛，现在又疼得满头大汗",
]


@pytest.mark.parametrize("text", VERDICT_ON_A_PAST_EPISODE)
def test_verdict_on_a_past_episode_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", VERDICT_THEN_A_SIGN_NOW)
def test_verdict_then_a_sign_now_flagged(text: str) -> None:
    assert emergency(text), text


# another woman's pregnancy told as a time (表姐怀孕的时候, 嫂子怀孕时) is her past episode,
# unless a clause of now tells it again or the asker's own pregnancy is told
ANOTHER_WOMANS_PAST_PREGNANCY = [
    "表姐说她怀孕的时候见红住过院，见红要紧吗",
    "嫂子怀孕时见红住院保胎，见红都是先兆流产吗",
]
A_PREGNANCY_NOW = [
    "表姐怀孕36周，今天一整天没胎动，我陪她来的",
    "表姐怀孕的时候见红过一次，现在她又见红了，流了很多血",
    "同事说她怀孕时也这样，可我现在孕32周，下面一直流血止不住",
]


@pytest.mark.parametrize("text", ANOTHER_WOMANS_PAST_PREGNANCY)
def test_another_womans_past_pregnancy_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", A_PREGNANCY_NOW)
def test_a_pregnancy_now_flagged(text: str) -> None:
    assert emergency(text), text


# a bite or scratch that reached only the clothes (挠到了袖子, 咬住了我的裤腿) with the skin
# told untouched later is denied, unless the skin is told hurt or only asked about
CLOTHES_ONLY = [
    "被猫挠到了袖子，胳膊上一道印子都没有",
    "邻居的狗冲过来咬住了我的裤腿，看了下腿上皮肤完好",
]
CLOTHES_AND_SKIN = [
    "被狗咬到了裤子，腿上也咬破了，流血了",
    "被狗咬了裤子，腿上有牙印吗我看不清",
]


@pytest.mark.parametrize("text", CLOTHES_ONLY)
def test_clothes_only_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", CLOTHES_AND_SKIN)
def test_skin_reached_or_asked_flagged(text: str) -> None:
    assert emergency(text), text


# a step or two (一级台阶, 小台阶) is no height to fall from: what the fall did is read from
# the signs told with it (头磕破了，叫不醒; 后脑勺着地，吐了好几次); many steps are a height
SMALL_STEP_FALLS = [
    "从小台阶上摔下来，手掌擦破点皮，别的地方都不疼",
]
STEP_FALLS_WITH_SIGNS = [
    "老人从两级台阶上摔下来，髋部疼得站不起来",
    "孩子从两个台阶上摔下来，头磕破了，叫不醒",
    "从两级台阶上摔下来，后脑勺着地，吐了好几次",
    "爸爸从二十多级台阶上滚下来，腿动不了",
]


@pytest.mark.parametrize("text", SMALL_STEP_FALLS)
def test_small_step_fall_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", STEP_FALLS_WITH_SIGNS)
def test_step_fall_with_signs_flagged(text: str) -> None:
    assert emergency(text), text

"""Three readings of the catalogue (intents/knowledge/red_flags.yml): urine that barely
comes (尿不太出来) with a belly swelling, however softly, in a man of the prostate's age is
an acute retention, whatever old trouble is named beside it; an injection taken every day
or before meals (每天饭前打针) is a diabetic's insulin and no new allergen, so a cold sweat
and a tremor after it are a low sugar, not anaphylaxis (a jab just given at a clinic with
hives or breathlessness stays anaphylaxis); an older person who cannot get up after a
fall (我爸摔倒了站不起来) is a broken hip or a long lie until shown otherwise.
The calm readings: a sugar told high and brought down with insulin is no low (a sign of a
low still is); a scan that showed the pregnancy in the womb vetoes the classifier's
ectopic; one told walking and moving freely after a fall vetoes its major trauma; a whiff
of a cleaner with nothing else wrong is no poisoning (a swallow still is).
The look-alikes stay calm: a slow stream with no swollen belly, one who got up after the
fall, legs stiff after a long squat.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check, flagged

RETENTION = [
    "尿不太出来 肚子有点胀 可能是前列腺老毛病",
    "我爸前列腺增生，今天尿不太出来，小肚子胀胀的",
    "外公尿不怎么出来，肚子有点鼓，前列腺的老问题了",
    "老爷子一上午尿不太出来，下面有点胀",
    "我父亲尿不大出来，小腹有点胀，他前列腺不好",
    "我公公尿不太出来，肚子憋得有点胀，他说是前列腺的老毛病",
    "爷爷尿不太出来，肚子鼓鼓的，说是前列腺肥大",
]

RETENTION_CALM = [
    "前列腺增生好几年了，尿不太出来，一直吃着药",
    "我爸前列腺不好，晚上起夜多，尿得出来，想挂个号",
    "肚子有点胀，可能吃多了",
    "前列腺肥大需要手术吗",
]

LOW_SUGAR_NOT_ALLERGY = [
    "老人每天饭前打针，现在出冷汗，手抖",
    "我爸每天饭前打一针，刚才出冷汗，手一直抖",
    "奶奶天天打针，这会儿出冷汗，手一直在抖",
    "外公每顿饭前都要打针，现在满头冷汗，手在抖",
    "我妈早晚打针，今天出冷汗，手发抖",
]

ANAPHYLAXIS_AFTER_A_JAB = [
    "刚在诊所打了一针，现在全身起风团，喘不上气",
    "孩子打完针十分钟，浑身起疹子，嘴唇肿了",
    "刚才在卫生院打了消炎针，现在出冷汗，头晕，快晕了",
    "每天来打青霉素，今天打完出冷汗，心慌，头晕",
    "打完疫苗半小时，喉咙发紧，喘不过气",
]

FALL_CANNOT_RISE = [
    "我爸摔倒了站不起来",
    "奶奶摔了一跤起不来了",
    "我妈在卫生间滑倒了，爬不起来",
    "爷爷刚才跌了一跤，现在站不起来，喊腿疼",
    "老人在家摔倒了，起不来，一直躺在地上",
    "外婆绊倒了站不起来",
    "老太太在菜市场摔了，倒在地上起不来",
]

FALL_CALM = [
    "摔了一跤，自己爬起来了",
    "蹲久了站不起来",
    "坐久了站不起来，腿麻",
    "我爸摔了一跤，自己站起来了，膝盖擦破点皮",
    "奶奶去年摔了一跤，后来慢慢能走了，想复查",
]


@pytest.mark.parametrize("text", RETENTION)
def test_urine_that_barely_comes_with_a_swollen_belly_in_an_older_man_is_a_retention(
    text: str,
) -> None:
    check(text, "acute_urinary_retention")


@pytest.mark.parametrize("text", RETENTION_CALM)
def test_a_slow_stream_without_a_swollen_belly_stays_calm(text: str) -> None:
    check(text, None)


@pytest.mark.parametrize("text", LOW_SUGAR_NOT_ALLERGY)
def test_a_daily_jab_with_sweat_and_tremor_is_a_low_sugar_not_anaphylaxis(text: str) -> None:
    got = flagged(text)
    assert "hypoglycaemia" in got, (text, got)
    assert "anaphylaxis" not in got, (text, got)


@pytest.mark.parametrize("text", ANAPHYLAXIS_AFTER_A_JAB)
def test_a_jab_just_given_with_hives_or_breathlessness_stays_anaphylaxis(text: str) -> None:
    check(text, "anaphylaxis")


@pytest.mark.parametrize("text", FALL_CANNOT_RISE)
def test_an_older_person_who_cannot_get_up_after_a_fall_is_major_trauma(text: str) -> None:
    check(text, "major_trauma")


@pytest.mark.parametrize("text", FALL_CALM)
def test_one_who_got_up_or_stiff_legs_with_no_fall_stay_calm(text: str) -> None:
    check(text, None)


HIGH_SUGAR_TREATED_CALM = [
    "昨天血糖高来急诊打了胰岛素 现在降下来了",
    "我妈血糖高，医生给打了胰岛素，现在血糖降了",
    "高血糖住院打胰岛素，现在控制住了",
]

LOW_AFTER_INSULIN = [
    "昨天血糖高打了胰岛素，今天出冷汗手抖",
    "我爸糖尿病打胰岛素，现在人迷迷糊糊叫不太醒",
]

SCAN_IN_THE_WOMB_CALM = [
    "怀孕六周 B超看到在宫内 不痛不出血",
    "孕7周，b超确定宫内孕，有胎心，没有不舒服",
    "怀孕了，医生说是宫内的，想问什么时候建档",
]

MOVES_FREELY_CALM = [
    "从椅子上摔下来 但能走能动 没有明显疼痛",
    "孩子从滑梯上摔下来，能跑能跳，没哭多久",
    "骑车摔了一下，活动自如，就是膝盖擦破点皮",
]

WHIFF_CALM = [
    "闻了一下消毒水 有点刺鼻 没别的不舒服",
    "打扫卫生闻了84消毒液，鼻子有点呛，没有其他不舒服",
    "闻了点洁厕灵，有点刺鼻，其他都挺好",
]

WHIFF_OR_SWALLOW_EMERGENCY = [
    "在厕所吸入了洁厕灵和84的气味，现在咳嗽胸闷",
    "喝了一口消毒水，没别的不舒服",
    "闻了一下消毒水，头晕恶心，喘不上气",
]


@pytest.mark.parametrize("text", HIGH_SUGAR_TREATED_CALM)
def test_a_high_sugar_brought_down_with_insulin_stays_calm(text: str) -> None:
    check(text, None)


@pytest.mark.parametrize("text", LOW_AFTER_INSULIN)
def test_a_sign_of_a_low_after_insulin_is_a_low_sugar(text: str) -> None:
    check(text, "hypoglycaemia")


@pytest.mark.parametrize("text", SCAN_IN_THE_WOMB_CALM)
def test_a_pregnancy_seen_in_the_womb_stays_calm(text: str) -> None:
    check(text, None)


@pytest.mark.parametrize("text", MOVES_FREELY_CALM)
def test_one_moving_freely_after_a_fall_stays_calm(text: str) -> None:
    check(text, None)


@pytest.mark.parametrize("text", WHIFF_CALM)
def test_a_whiff_with_nothing_else_wrong_stays_calm(text: str) -> None:
    check(text, None)


@pytest.mark.parametrize("text", WHIFF_OR_SWALLOW_EMERGENCY)
def test_fumes_with_signs_or_a_swallow_stay_a_poisoning(text: str) -> None:
    check(text, "chemical_poisoning")


NO_SAC_IN_THE_WOMB = [
    "hcg阳性，b超宫内没看到孕囊，今天右边肚子疼",
    "验孕阳性，B超说宫内未见孕囊，下午小肚子一边疼",
]


@pytest.mark.parametrize("text", NO_SAC_IN_THE_WOMB)
def test_a_scan_with_no_sac_in_the_womb_and_pain_stays_an_ectopic(text: str) -> None:
    check(text, "ectopic_pregnancy")

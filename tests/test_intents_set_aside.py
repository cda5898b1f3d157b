"""Signs the rules saw and must not set aside: an outcome or a treatment after which the
message says the sign goes on, an episode that came back, a treatment of signs told as
present, an understatement corrected by a severe description, a word of habit that
speaks of today, a "before" that is a moment of today's episode.  Each table pairs
emergencies with look-alikes where the set-aside is right.  Our own wordings, written
from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged

from intents.normalize import safety_text
from intents.redflags import assess

# ------------------------------------------------------- an outcome, then "but still …"
GOES_ON = [
    ("老人在浴缸里滑进去呛了水，扶起来缓过来了，不过嘴唇还是发紫", "drowning"),
    ("我弟在河里沉下去了，救上来醒过来了，只是一直咳一直喘", "drowning"),
    ("儿子在泳池沉下去一会儿，救上来已经好了，可是一直吐", "drowning"),
    ("女儿对鸡蛋过敏，吃了蛋糕后脸肿了，吃了药已经消了，可是一直喘", "anaphylaxis"),
]
OVER_FOR_GOOD = [
    "孩子在泳池呛了一口水，咳了几声就好了，现在玩得很开心",
    "孩子在游泳池沉下去一下，马上被拉上来了，已经没事了，想问问以后怎么学游泳",
    "刚才吃虾嘴唇有点痒，吃了药已经好了，但是想问以后还能吃虾吗",
    "我妈昨天晕了一下，很快就缓过来了，不过想做个检查",
    "孩子在河里呛水了，救上来已经好了，但是没再喘",
]


@pytest.mark.parametrize("text,category", GOES_ON)
def test_a_sign_that_goes_on_after_a_turn_keeps_the_episode_open(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", OVER_FOR_GOOD)
def test_an_outcome_with_nothing_after_it_still_ends_the_episode(text):
    assert not flagged(text), text


# ------------------------------------------------------- over, then it came back
CAME_BACK = [
    ("宝宝二十天，刚才眼睛发直手脚一抽一抽的，一会儿就好了，今天已经出现了三次", "neonatal_danger"),
    ("老公没有癫痫，刚才抽搐了半分钟，已经不抽了，这样反复好几次", "seizure"),
    ("我家娃出生十天，今天手脚一抽一抽的，过了一下又好了，后来又抽了", "neonatal_danger"),
]
ONCE_AND_OVER = [
    "孩子以前发烧抽过一次，后来好了，现在三岁了想问问要注意什么",
    "宝宝一个月，刚才打了个嗝一抽一抽的，很快就好了",
]


@pytest.mark.parametrize("text,category", CAME_BACK)
def test_an_episode_that_comes_back_is_not_over(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", ONCE_AND_OVER)
def test_a_single_episode_that_ended_is_not_an_emergency(text):
    assert not flagged(text), text


# ------------------------------------------------------- treated, signs told as now
TREATED_BUT_PRESENT = [
    ("被蜜蜂蛰了，现在全身起疹子、头晕，已经打了一针", "anaphylaxis"),
    ("我对青霉素过敏，刚才打错了针，现在脸肿、心慌，已经处理过了", "anaphylaxis"),
    (
        "孩子花生过敏，刚才不小心吃了花生糖，现在眼皮肿、一直咳、有点喘，已经打了肾上腺素",
        "anaphylaxis",
    ),
]
TREATED_AND_DONE = [
    "被狗抓了一下，已经打了狂犬疫苗，现在伤口结痂了",
    "孩子对虾过敏，上次脸肿了一次，已经看过医生了，想问平时吃什么药",
    "拖地的时候84溅到手背上一点，马上用清水冲了，有点红，不疼",
]


@pytest.mark.parametrize("text,category", TREATED_BUT_PRESENT)
def test_a_treatment_does_not_end_signs_told_as_present(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", TREATED_AND_DONE)
def test_a_treatment_with_nothing_left_ends_the_sign(text):
    assert not flagged(text), text


# ------------------------------------------------------- "a bit", then "but it is like …"
# (the classifier decides these messages: what the rules owe it is not to set the
# sign aside as mild)
UNDERSTATED = [
    "我爸说后背有点疼，不过他说疼起来要命，像有人拿锥子往里钻，他有高血压",
    "老伴说后背有些痛，可是他形容像被刀从上往下划开，他血压一直高，估计是扭着了",
    "她说胸口有点闷，但是说像被什么东西撕开了一样",
]
MILD_INDEED = [
    "我爸说后背有点疼，不过他说不严重，可能是扭着了",
    "后背有点疼，不过不是刀割那种，就是酸",
    "后背有点疼，不过休息一下就好了",
]


@pytest.mark.parametrize("text", UNDERSTATED)
def test_a_mild_word_corrected_by_a_severe_description_is_not_set_aside(text):
    assert not assess(safety_text(text)).set_aside("aortic_dissection"), text


@pytest.mark.parametrize("text", MILD_INDEED)
def test_a_mild_sign_without_a_severe_correction_stays_mild(text):
    assert assess(safety_text(text)).set_aside("aortic_dissection"), text
    assert not flagged(text), text


def test_a_strain_guess_is_a_hedge_not_a_verdict():
    text = "老公后背突然撕裂样疼，他血压一直高，估计是扭着了"
    assert "aortic_dissection" in flagged(text)


# ------------------------------------------------------- "老是" about today
TODAY_ALL_ALONG = [
    ("我儿子烧了两天，今天老是迷迷糊糊的，喊头疼，吐了好几次", "meningitis"),
    ("外孙女发烧三天了，今天叫她总是昏昏沉沉的，一直吐", "meningitis"),
]
A_HABIT = [
    "孩子老是头疼，去年查过没事，想挂个号",
    "我妈最近总是迷迷糊糊的，想看看神经内科",
    "孩子感冒发烧，今天老是咳嗽流鼻涕，精神还行",
]


@pytest.mark.parametrize("text,category", TODAY_ALL_ALONG)
def test_a_habit_word_after_today_describes_the_present_episode(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", A_HABIT)
def test_a_habit_word_still_sets_a_long_pattern_aside(text):
    assert not flagged(text), text


# ------------------------------------------------------- "之前" in today's story; a faint
BEFORE_THE_EVENT = [
    ("我姐刚才在超市突然倒地，醒过来说倒之前心慌得厉害", "arrhythmia_syncope"),
    ("刚才我妈突然就倒下了，后来醒了，她说之前心跳一下子特别快", "arrhythmia_syncope"),
    ("我爸突然心跳很快，然后晕过去了，过了一会儿醒了", "arrhythmia_syncope"),
]
EARLIER_TIMES = [
    "我以前心慌过，做过心电图，今天来复查",
    "我爸之前晕倒过一次，医生说是低血糖，现在想复查",
    "之前心跳有点快，今天来开点药",
]


@pytest.mark.parametrize("text,category", BEFORE_THE_EVENT)
def test_palpitations_before_a_faint_today_are_an_emergency_after_coming_round(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", EARLIER_TIMES)
def test_palpitations_or_a_faint_at_an_earlier_time_stay_history(text):
    assert not flagged(text), text

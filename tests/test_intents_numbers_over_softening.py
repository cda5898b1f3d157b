"""A number or a hard fact is not talked down by the soft words told beside it: a heart
rate of 170 stands when the near-faint told after it passed (坐着就好了 ends the near-faint,
not the rate); a pack of pills told after the pills (吃了点药，一盒左右吧) is a pack taken,
and taken for a low mood it is self-harm; a right-lower-quadrant pain told before its
place (疼了8小时 右下腹) with a fever or vomiting is the belly's emergency; a metal chip in
the eye stays an injury when the teller guesses rubbing will fix it (可能揉揉就好); a button
battery swallowed with no symptoms yet (没症状) is no question about symptoms; a numb
tongue with a spinning head and a gait that will not hold is a brainstem sign however
softly said.  Each look-alike keeps the reading that clears it.  Sentences written for
this file."""

import pytest
from redflag_support import flagged

from intents.normalize import safety_text
from intents.redflags import assess


def rules(text: str) -> list[str]:
    """The categories the catalogue's rules raise on their own (no classifier)."""
    return [f.category for f in assess(safety_text(text), {}).flags]


# --- a reading in the danger range outlasts the end of another sign told after it
RATE_STANDS = [
    "我妈心率180，刚才差点晕倒，躺了一会儿就好了",
    "脉搏一直160多，刚才眼前发黑，蹲下就好了，估计是累的",
    "手表显示心率172，刚才眼前一黑，现在缓过来了",
    "心跳有点快，测了下168，头晕了一下，歇会就好了，是不是没睡好",
    "我爸心率只有35，刚才头晕差点摔倒，坐下就好了",
    "老婆心跳一分钟170多 刚才眼前黑了 扶着墙就好了 应该是太累了",
]
RATE_OVER = [
    "心跳170 坐了一会就好了",  # the outcome is the rate's own
    "刚才跑完步心跳170，歇了一会就降下来了",
    "心跳170 心慌 歇了一会就好了",  # 心慌 is the rate felt
    "血糖2.1 出了一身冷汗 吃了块糖就好了",  # the remedy was the reading's
    "刚才心率160，头晕了一下，坐下复测心率85，现在好了",  # taken again, normal
    "心跳有点快 90多 刚才头晕了一下 坐着就好了",  # no reading in the danger range
]


@pytest.mark.parametrize("text", RATE_STANDS)
def test_a_reading_outlasts_the_end_of_another_sign(text):
    assert "arrhythmia_syncope" in rules(text)


@pytest.mark.parametrize("text", RATE_OVER)
def test_a_reading_ended_in_its_own_words_is_over(text):
    assert not flagged(text)


# --- a pack of pills told after the pills; taken for a mood, a self-harm act
PACK_TAKEN = [
    "跟老公吵架 吞了安眠药 大概半瓶 现在有点困",
    "我女儿刚才吃了感冒药，一整板，说没事",
    "我妈吃了降压药 好几板 现在说头晕",
    "吃了点止痛药，一大把吧，现在胃有点难受",
    "儿子考试没考好 吞了退烧药 好几十片 还说不用去医院",
    "失恋了 喝了药 半瓶 现在还好",
]
PACK_FOR_A_MOOD = [
    "跟老公吵架 吞了安眠药 大概半瓶 现在有点困",
    "失恋了 喝了药 半瓶 现在还好",
    "心情不好，吃了点药，一盒左右，现在就是有点恶心",
]
COURSE_TAKEN = [
    "消炎药吃了两盒了还没好",
    "吃了头孢 一盒了 也不见好",
    "心情不好吃了一盒维生素",
    "感冒药吃了 两盒了 还是咳嗽",
    "医生开了降压药 一盒 怎么吃",
]


@pytest.mark.parametrize("text", PACK_TAKEN)
def test_a_pack_told_after_the_pills_is_an_overdose(text):
    assert "drug_overdose" in rules(text)


@pytest.mark.parametrize("text", PACK_FOR_A_MOOD)
def test_an_overdose_taken_for_a_mood_is_self_harm(text):
    assert "suicide_self_harm" in flagged(text)


@pytest.mark.parametrize("text", COURSE_TAKEN)
def test_a_course_so_far_or_a_harmless_pill_is_calm(text):
    assert not flagged(text)


# --- a right-lower-quadrant pain told before its place
RLQ_TOLD_FIRST = [
    "疼了一上午了，在右下腹，发烧38.6，吐了两次",
    "痛在右下腹 烧到39度",
    "肚子疼了十个小时 右下腹 吐了好几次",
    "孩子喊疼 右下腹那里 按着更疼 发烧38.8",
    "疼得厉害的地方是右下腹，体温38.7",
]
BELLY_CALM = [
    "右下腹有点疼 37.6度",
    "肚子有点疼 有点低烧37.8",
    "右下腹隐隐有点不舒服 没发烧 没吐",
    "头疼 右下腹不疼 发烧38.6",
    "胃疼了两天 右下腹没事 37.5度",
]


@pytest.mark.parametrize("text", RLQ_TOLD_FIRST)
def test_a_pain_told_before_its_place_in_the_right_lower_belly(text):
    assert "acute_abdomen" in rules(text)


@pytest.mark.parametrize("text", BELLY_CALM)
def test_a_mild_or_denied_belly_pain_stays_calm(text):
    assert "acute_abdomen" not in flagged(text)


# --- a metal chip in the eye is no question when the teller guesses it will pass
EYE_STRUCK = [
    "打磨的时候铁渣崩进眼里了 有点疼 看东西模糊 可能揉揉就好",
    "切割的时候铁片飞到眼睛里 看不清了 可能冲冲就好",
    "砂轮上的铁屑溅到眼睛里，有点疼，看东西有点花，应该揉揉就好",
]
EYE_CALM = [
    "眼睛进了沙子，有点疼，可能揉揉就好",
    "眼睛进了点灰，能揉揉吗",
]


@pytest.mark.parametrize("text", EYE_STRUCK)
def test_a_guess_that_rubbing_helps_is_no_question(text):
    assert "eye_injury" in rules(text)


@pytest.mark.parametrize("text", EYE_CALM)
def test_dust_in_the_eye_stays_calm(text):
    assert not flagged(text)


# --- a battery swallowed with no symptoms yet
BATTERY_NO_SYMPTOMS = [
    "宝宝吞了一颗纽扣电池 目前没什么症状 能不能先观察",
    "孩子误吞磁铁 现在没有任何表现 明天再去行吗",
    "儿子把遥控器里的纽扣电池吞了，没啥症状，还在玩",
]
BATTERY_CALM = [
    "纽扣电池的症状有哪些",
    "孩子玩纽扣电池，没吞，没症状",
    "吞纽扣电池的危害",
]


@pytest.mark.parametrize("text", BATTERY_NO_SYMPTOMS)
def test_no_symptoms_yet_is_no_question_about_symptoms(text):
    assert "button_battery" in rules(text)


@pytest.mark.parametrize("text", BATTERY_CALM)
def test_a_question_about_the_symptoms_or_a_battery_not_swallowed_is_calm(text):
    assert "button_battery" not in flagged(text)


# --- a numb tongue or lips with vertigo and a gait that will not hold
MOUTH_NUMB = [
    "我妈头晕 站不稳 嘴唇有点麻 说是没睡好",
    "我爸头晕得走不了直线 舌头发木 他说躺会就好",
    "外婆头晕 走路往一边倒 舌头有点木 她说歇歇就好",
    "老爸头晕乎乎的，走路打晃，舌根发麻，可能是累的",
]
MOUTH_CALM = [
    "奶奶头晕走路不稳好几年了，舌头有点麻",
    "头晕 嘴唇有点干",
]


@pytest.mark.parametrize("text", MOUTH_NUMB)
def test_a_numb_mouth_with_vertigo_and_ataxia(text):
    assert "sudden_imbalance" in rules(text)


@pytest.mark.parametrize("text", MOUTH_CALM)
def test_a_long_standing_gait_or_dry_lips_is_calm(text):
    assert "sudden_imbalance" not in flagged(text)

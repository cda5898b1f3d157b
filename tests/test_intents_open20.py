"""Readings for the last misses of the open sets (intents/eval/open/), sentences written
for this file:
- an eye struck by a fist or a kick (眼睛被打伤了, 挨了一拳) is a blow to the globe, as one
  struck by a ball (`eye_pierced`);
- a muddled mind after hard exercise (跑完步后人有点糊涂) is exertional heat stroke in any
  weather (`exertion_mind`); tiredness, a light head or 迷糊 are not;
- a grown child's father who cannot pass water (俺爹尿不出来了) is the prostate's retention,
  as 外公 (`father_named`);
- an alternative of three signs or more, two said softly and one plainly (有点晕，走路有点飘，
  还吐了两次), holds: the understatement is the patient's, not the measure of the signs;
  a gait told floating (走路有点飘) is the loss of balance;
- a wife's belly seen bulging again and again (肚子以前一直鼓包) tells a pregnancy and its
  baby, and pinyin of a baby gone still (baobao jintian yizhi bu dong) is read;
- an event told as it happened (人突然晕倒叫不醒) and first aid asked in a clause of its own
  (，应该怎么急救) is a case at hand, not a how-to."""

import pytest
from redflag_support import flagged, pregnancy_read


def _emergency(category: str, text: str) -> None:
    got = flagged(text)
    assert category in got, (text, got)


def _calm(text: str) -> None:
    got = flagged(text)
    assert not got, (text, got)


@pytest.mark.parametrize(
    "text",
    [
        "我同事眼睛被打伤了",
        "我儿子放学跟人打架，左眼被打伤了",
        "老公喝酒跟人起冲突，眼睛被人揍了一拳",
        "他右眼挨了一拳，现在肿得睁不开",
        "打篮球的时候眼睛被对方胳膊肘打肿了",
        "我爸眼睛被牛踢伤了",
        "孩子眼睛被同学打伤了，一直流眼泪",
        "眼珠子被打伤了，看东西模糊",
    ],
)
def test_an_eye_struck_by_a_blow_is_an_eye_injury(text):
    _emergency("eye_injury", text)


@pytest.mark.parametrize(
    "text",
    [
        "上个月眼睛被打伤过，现在早就好了",
        "眼睛被打伤后为什么不能揉，想了解一下",
        "我没被打到眼睛，就是脸上擦破点皮",
        "眼睛有点红，没被打过也没撞到",
        "脸被打了一巴掌，有点红",
    ],
)
def test_no_blow_to_the_eye_now_stays_calm(text):
    _calm(text)


@pytest.mark.parametrize(
    "text",
    [
        "跑完步后人有点糊涂，应该没事",
        "我儿子跑完马拉松说胡话",
        "他打完球以后神志不清，问什么都答非所问",
        "跑完步后我老公认不出人了",
        "体测跑完一千米，孩子人糊涂了，叫他名字没反应",
        "运动完我爸开始胡言乱语",
        "跑步的时候突然糊涂了，说话颠三倒四",
    ],
)
def test_a_muddled_mind_after_exercise_is_heat_stroke(text):
    _emergency("heat_stroke", text)


@pytest.mark.parametrize(
    "text",
    [
        "跑完步后有点累，腿酸",
        "跑完步头有点晕，喝了点水就好了",
        "跑完步人有点迷糊，想睡觉",
        "跑完步心跳有点快，休息一下就平了",
        "运动完反应有点慢，是不是太累了",
    ],
)
def test_tiredness_after_exercise_stays_calm(text):
    _calm(text)


@pytest.mark.parametrize(
    "text",
    [
        "俺爹尿不出来了",
        "我爸尿不出来了，小肚子不怎么疼",
        "我父亲从早上开始一点尿都尿不出来",
        "我岳父尿不出来，急死了",
        "老爸昨晚开始尿不出来",
        "我爹一滴尿都尿不出来了",
        "我公公尿不出来，坐立不安",
    ],
)
def test_a_father_who_cannot_pass_water_is_a_retention(text):
    _emergency("acute_urinary_retention", text)


@pytest.mark.parametrize(
    "text",
    [
        "我爸以前尿不出来，做了前列腺手术现在好了",
        "我爸经常尿不出来，前列腺增生好多年了",
        "我爸没有尿不出来，就是晚上起夜多",
        "我爸尿得出来，就是尿得慢，要等半天",
        "我爸尿频尿急，尿得出来",
    ],
)
def test_a_father_passing_water_or_of_a_long_trouble_stays_calm(text):
    _calm(text)


@pytest.mark.parametrize(
    "text",
    [
        "就是有点晕，走路有点飘，还吐了两次，估计是颈椎病犯了，没必要跑医院吧",
        "我妈有点头晕，走路有点飘，吐了好几次",
        "今天起床有点晕，走起路来发飘，还吐了一次",
        "我老公有点晕乎，走路有点飘，刚吐了",
        "头有点晕，站不太稳，吐了两回",
    ],
)
def test_softened_vertigo_and_gait_with_vomiting_is_a_sudden_imbalance(text):
    _emergency("sudden_imbalance", text)


@pytest.mark.parametrize(
    "text",
    [
        "有点晕，走路有点飘，昨晚没睡好",
        "坐船有点晕，吐了一次",
        "走路有点飘，感觉腿软，没吐也不晕",
        "最近经常有点晕，走路有点飘，是不是颈椎病",
    ],
)
def test_a_light_head_without_the_third_sign_or_of_weeks_stays_calm(text):
    _calm(text)


@pytest.mark.parametrize(
    "text",
    [
        "我老婆肚子以前一直鼓包，今天一点动静都没有",
        "baobao jintian yizhi bu dong,从早上到现在,预产期 hai you 3 zhou,zenme ban",
        "我媳妇肚皮以前老是一鼓一鼓的，今天一整天都没动静",
        "老婆肚子平时总是鼓包，从早上到现在一点动静也没有",
        "预产期还有两周，baobao yizhi bu dong",
        "预产期下个月，宝宝 jintian yizhi budong",
    ],
)
def test_a_baby_gone_still_told_by_the_belly_or_in_pinyin(text):
    _emergency("reduced_fetal_movement", text)


@pytest.mark.parametrize(
    "text",
    [
        "我老婆肚子上鼓了个包，按下去就没了",
        "我老婆肚子以前一直鼓包，今天也动得很多",
        "wo bu dong zenme shu taidong",
        "预产期还有3周，想问问待产包要准备什么",
    ],
)
def test_a_lump_a_lively_baby_or_a_question_stays_calm(text):
    _calm(text)


@pytest.mark.parametrize(
    "text, pregnant",
    [
        ("我老婆肚子以前一直鼓包，今天一点动静都没有", True),
        ("我媳妇肚皮老是一鼓一鼓的", True),
        ("我老婆肚子上鼓了个包，按下去就没了", False),
        ("我老婆肚子一直鼓包，躺下就没了", False),
        ("我老婆肚子老是鼓包，胀气放屁", False),
    ],
)
def test_a_belly_bulging_again_and_again_tells_a_pregnancy(text, pregnant):
    assert pregnancy_read(text) is pregnant


@pytest.mark.parametrize(
    "text",
    [
        "人突然晕倒叫不醒，应该怎么急救？",
        "我爸刚才突然倒地叫不醒，怎么急救",
        "同事突然晕倒叫不醒，该怎么急救",
        "老人突然倒下叫不醒了，应该如何急救？",
        "孩子刚刚突然昏过去叫不醒，要怎么急救",
    ],
)
def test_first_aid_asked_for_an_event_just_told_is_a_case(text):
    _emergency("unconsciousness", text)


@pytest.mark.parametrize(
    "text",
    [
        "突然晕倒的人应该怎么急救？",
        "如果有人突然晕倒叫不醒，应该怎么急救？",
        "晕倒叫不醒应该怎么急救，想学一下",
        "人晕倒叫不醒的急救方法有哪些",
    ],
)
def test_first_aid_asked_in_general_stays_calm(text):
    _calm(text)

"""Emergencies told in plain or understated words, next to calm messages worded like them.
Readings covered:

- a person who cannot be roused by a push, a shake, a pat or a pinch (推了好几下都没醒, 摇了
  半天也没醒, 拍她脸都没醒, 晃了几下没反应) is unconscious, however the teller plays it
  down (平时不这样，可能是昨晚没睡好吧) — not one who woke after the push (推了几下才醒), one
  only called who sleeps on (叫了好几遍都没醒，赖床), nor a habit of the past.
- a long-standing word of an earlier clause (想改约神经内科复诊, 癫痫好多年了) does not reach
  a fit told as going on now in a later one (现在又在发作, 这会儿又在抽, 又在犯病了): repeated
  fits with no waking between them are status epilepticus in a known epileptic too — not
  fits of an earlier week or a habit told with a recovery (抽完就醒).  还在抽烟, 又在抽烟,
  抽了血 are a smoke or a blood test, no fit.
- a sibling's child (外甥, 外甥女, 侄子, 侄女) is a baby when its age is an infant's (我外甥才
  四十几天), so a fever at that age is an infant's fever; a child's rank (老二, 老三) before a
  numeral age (我家老二四十几天) leaves the age readable.
- a breathing rate told in speech (每分钟呼吸七十多次, 一分钟喘65下, 一分钟70多次呼吸, 喘气
  一分钟六十几下) is read like a written one, and in a young infant 60 or more a minute is a
  danger sign (WHO IMCI fast breathing); a feed the baby tires before finishing (吃奶吃不完
  就累了, 吃两口奶就累了) is its weak feeding.  A heart rate is no breathing rate, and a
  baby who falls asleep content after a feed is well.

Sentences written for this file."""

import pytest
from redflag_support import emergency, flagged

NOT_ROUSED = [
    "我爸睡得特别沉，推了好几下都没醒，平时不这样，可能是昨晚没睡好吧",
    "我妈躺在沙发上，摇了半天也没醒，呼吸很粗",
    "奶奶午睡到现在，拍她脸都没醒",
    "我老公喝了点酒睡着了，晃了他几下没反应",
    "外公一早就没起床，推了他好几次都没醒过来",
    "我老婆下午一直在睡，掐她胳膊都没醒，应该是太累了吧",
    "姐姐躺床上怎么喊都没醒，平时一叫就醒的",
    "爷爷坐在椅子上睡着了，我摇他肩膀摇了好几下还是没醒",
]
ROUSED_OR_ASLEEP = [
    "我儿子早上推了好几下才醒，是不是睡眠不够",
    "孩子早上叫了好几遍都没醒，天天赖床",
    "以前他喝醉了推都推不醒",
    "宝宝睡得很香，要不要叫醒喂奶",
    "我爸睡觉打呼噜很响，推他一下就醒了",
]


@pytest.mark.parametrize("text", NOT_ROUSED)
def test_not_roused_by_a_push_is_unconscious(text: str) -> None:
    assert "unconsciousness" in flagged(text), text


@pytest.mark.parametrize("text", ROUSED_OR_ASLEEP)
def test_roused_or_only_asleep_stays_calm(text: str) -> None:
    assert not emergency(text), text


FITS_GOING_ON_NOW = [
    "我想改约一下神经内科复诊，我弟弟现在又在发作，抽了两次中间没醒",
    "我想改约一下神经内科复诊，我弟弟现在在发作，抽了两次中间没醒",
    "帮我挂个癫痫门诊复查的号，我儿子这会儿又在抽，已经抽了3回，中间一直没清醒",
    "我女儿癫痫五年了，想问下复诊怎么预约，她又在犯病了，连着抽了两次都没醒过来",
    "我弟弟癫痫好多年了，现在又在发作，抽了两次中间没醒",
    "我要取消复诊，孩子现在又在抽，一次接一次的",
    "随访的时间能不能往后推，我妈现在正在抽，这是第二次了，中间没醒",
]
FITS_OVER_OR_HABITUAL = [
    "我想改约一下神经内科复诊，我弟弟最近又在发作，上周抽了两次",
    "我想改约一下神经内科复诊，我弟弟前两天又发作了，抽了一次就醒了",
    "我弟弟癫痫复诊要带什么，他平时一个月发作一两次，抽完就醒",
    "复诊时医生问发作情况，他上个月抽了两次，中间都醒了",
    "我弟弟癫痫好多年了，现在还在吃药，上个月发作过一次",
]
NOT_A_FIT = [
    "他还在抽烟，咳嗽老不好",
    "今天抽了血，结果还没出来",
    "我老公一直在抽烟，想戒烟挂什么科",
]


@pytest.mark.parametrize("text", FITS_GOING_ON_NOW)
def test_fit_going_on_now_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", FITS_OVER_OR_HABITUAL + NOT_A_FIT)
def test_fit_over_habitual_or_no_fit_stays_calm(text: str) -> None:
    assert not emergency(text), text


NEPHEW_INFANT_FEVER = [
    "我刚抱我外甥，才四十几天，小脸通红，手心脚心都烫，测了三十八度七",
    "我外甥才五十几天，发烧38.5度",
    "小侄女七十几天，今天烧到三十八度三",
    "我侄子两个月零几天，刚量体温38.2",
    "帮我姐问一下，外甥女四十来天，发烧三十八度",
    "我家老二四十几天了，发烧三十八度二",
    "侄儿才20来天，体温38度",
]
NEPHEW_OLDER_OR_NO_FEVER = [
    "我外甥25岁，发烧38.5度，要挂什么科",
    "我外甥四十几天，体温36.8，正常吗",
    "我侄子三岁，发烧38度，精神挺好",
    "我外甥女四个月了，发烧38度，吃奶正常",
]


@pytest.mark.parametrize("text", NEPHEW_INFANT_FEVER)
def test_sibling_child_infant_fever_flagged(text: str) -> None:
    assert "infant_fever" in flagged(text), text


@pytest.mark.parametrize("text", NEPHEW_OLDER_OR_NO_FEVER)
def test_sibling_child_older_or_no_fever_not_infant_fever(text: str) -> None:
    assert "infant_fever" not in flagged(text), text


YOUNG_INFANT_FAST_OR_TIRING = [
    "宝宝二十天，每分钟呼吸七十多次，吃奶吃不完就累了",
    "宝宝20天，每分钟呼吸七十多次",
    "宝宝20天，我数了一下一分钟呼吸有72下",
    "宝宝一个月，数了数一分钟70多次呼吸",
    "孩子40天，喘气一分钟六十几下",
    "宝宝20天，吃奶吃不完就累了",
    "孩子一个月，吃几口就累得不吃了，满头汗",
    "宝宝50天，吃两口奶就累了，要歇一会儿",
    "宝宝20天，吸几口就累了，吸吸停停",
]
YOUNG_INFANT_WELL = [
    "宝宝20天，呼吸平稳，心率140次",
    "宝宝20天，每分钟呼吸40多次，吃奶正常",
    "宝宝两个月，每分钟呼吸40次左右，正常吗",
    "宝宝20天，吃奶吃累了就睡着了，醒了接着吃",
    "宝宝3岁，吃几口就累了不想吃饭",
]


@pytest.mark.parametrize("text", YOUNG_INFANT_FAST_OR_TIRING)
def test_young_infant_fast_breathing_or_tiring_feed_flagged(text: str) -> None:
    assert "neonatal_danger" in flagged(text), text


@pytest.mark.parametrize("text", YOUNG_INFANT_WELL)
def test_young_infant_well_stays_calm(text: str) -> None:
    assert not emergency(text), text

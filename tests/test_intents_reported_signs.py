"""Signs that were set aside or not read although told as happening now, and their
look-alikes.

Each table pairs emergencies with look-alike non-emergencies for one mechanism: "每次"
per breath is no habit; a term asked about and then told as happening now through an
anaphor (…这样的) is a report; a word at the very end of the message is read whole
(叫她不太醒 after a turn keeps the fit going); 血液 told as spurting is bleeding; a cell
gone from a device and not found; a headache that peaks at once; an exertional faint
that ended; the clinical words for the parts of the head; the triad of cholangitis; a
question whether to wait is no question about a term; a parent spoken to is not the
patient.  Our own wordings, written from clinical knowledge, not from any evaluation
set."""

import pytest
from redflag_support import flagged

import intents
from intents.triage import build_profile

EMERGENCIES = [
    # per breath, not per bout
    ("孙女8个月，呼吸很急，每次呼吸胸口下面都往里陷", "severe_breathlessness"),
    # asked about, then told as happening now
    ("吐出来的像咖啡渣一样是什么意思？我爸刚才吐了一碗这种", "haematemesis"),
    # the fit stopped, but after a turn he does not wake (the last word of the message)
    ("我爸刚才突然倒地抽搐，口吐白沫，现在停了但叫他不太醒", "seizure"),
    # 血液 spurting
    ("切菜把手指切了很深，血液往外喷", "uncontrolled_bleeding"),
    # the cell gone from a toy a child played with
    ("3岁儿子刚玩遥控器，里面的纽扣电池没了，家里哪都找不到", "button_battery"),
    # a headache at its peak at once
    ("头痛是突然开始的，几秒钟就疼到了极点", "thunderclap_headache"),
    # a faint during exercise, over now
    ("儿子跑步的时候突然倒在地上，过了十几秒自己醒过来了", "arrhythmia_syncope"),
    # the clinical words for the parts of the head
    ("外婆一直吃华法林，今天摔了一跤枕部着地", "head_injury"),
    # pain under the right ribs, fever and yellow eyes
    ("我爸右上腹疼，发烧38.8度，眼白发黄", "acute_abdomen"),
    # asking whether to wait is a report
    ("血压185/125，头很胀，能不能拖到下周再看", "hypertensive_emergency"),
    # a parent who is only told is not the patient
    ("我14岁，蛋蛋突然疼得厉害还肿了，不敢告诉我妈", "testicular_torsion"),
    # a traffic accident named as such, with a passenger's belly signs after it
    ("刚出了交通意外，副驾驶的老婆说肚子越来越疼，脸色发白", "major_trauma"),
]

LOOK_ALIKES = [
    "孩子每次感冒都会喘一阵，现在好了，想问问要不要查过敏",
    "孩子哮喘，每次喘的时候用一下喷雾就好了",
    "吐出来像咖啡渣是什么意思？体检手册上看到这种说法",
    "血液科复查，血小板偏低，要不要住院",
    "遥控器的纽扣电池没了，找不到备用的，哪里能买",
    "头疼了三天，是慢慢加重的，吃了止痛药好些了",
    "儿子跑步的时候脚崴了一下，休息了一会就好了",
    "外婆一直吃华法林，今天摔了一跤膝盖着地，擦破点皮",
    "我爸右上腹隐隐作痛两天了，没发烧，痰有点发黄",
    "要是血压到了190/120还头疼，能不能等到明天挂号？",
    "上周的交通事故责任认定书去哪里拿，人都没受伤",
]


@pytest.mark.parametrize("text,category", EMERGENCIES)
def test_signs_told_as_now_are_emergencies(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_stay_calm(text):
    assert not flagged(text), text


def _sex(text: str) -> str | None:
    intents.load()
    kb = intents._state.kb
    ents = intents.parse(text)["entities"]
    return build_profile(text, ents, {}, kb).sex


def test_a_parent_spoken_to_is_not_the_patient_but_a_parent_telling_is():
    assert _sex("我右边那个有点疼，不好意思跟我妈说") is None
    assert _sex("没敢告诉我爸，我下面疼") is None
    assert _sex("我妈说她右下腹有点疼") == "F"

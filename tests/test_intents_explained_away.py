"""An emergency the writer explains away or tells only obliquely.  Readings covered:

- an animal's vaccination (它打过疫苗的, 狗是打过疫苗的) is no treatment of the bitten
  person: the bite and its bleeding stand;
- a past occasion tried and borne (以前也吃过没事, 上次也打过没事) does not end this
  exposure, and a sign told with a word of now (现在脸肿了) is not history for a
  past-time word before it;
- an amount told by litotes (咳了不少血, 量还挺多) is a large amount, and a belief the
  writer held of a harmless cause (我以为是喉咙干裂了) is cut for the classifier's second
  reading (``unhedged``);
- an approximator inside a count (吃了起码四五颗我的铁剂) does not part the act from the
  medicine;
- an infant's age told obliquely: the month of confinement left only days ago (我出月子
  才没几天) and days after the baby word before a vaccine just given (45天打了预防针);
- a pregnancy told by the baby's movements in lay words beside a sign of the womb (宝宝动
  得很正常，没见红; 她一个钟头能踢七八下…肚子里没感觉);
- a snake's fang marks told as two dots (两个血点, 两个小口子) with a snake named: the bite;
- a blood sugar named at the end of a turn and its value opening the next (刚给我爸测了血
  糖 / 1.9，…): the answer is the reading.

Each look-alike keeps the reading that clears it: a bite with no wound, the patient's own
vaccine, a past allergy asked about, streaks of blood seen by a doctor, a few vitamins,
a mother's own fever, an older child, a born baby's belly.  Sentences written for this
file."""

import pytest
from redflag_support import emergency, flagged, flagged_case

from intents.normalize import safety_text
from intents.redflags import unhedged

EMERGENCIES = [
    # the biter's vaccine
    ("邻居家的猫把我手背抓破了，渗了好多血，它打过疫苗的，应该没问题吧", "animal_bite_rabies"),
    ("被朋友家的狗咬了一口，流血了，狗是打过疫苗的，不用去打针吧", "animal_bite_rabies"),
    ("我女儿被家里的小猫咬破了手指，血流了不少，它早就打过疫苗了，要紧吗", "animal_bite_rabies"),
    # a past occasion borne
    (
        "刚吃了几只虾，以前也吃过都没事，现在脸肿了，喉咙发紧，喘气费劲，吃片扑尔敏应该就好了吧",
        "anaphylaxis",
    ),
    ("孩子喝了一口芒果汁，之前也喝过没事，现在嘴唇肿得老高，嗓子紧，声音都哑了", "anaphylaxis"),
    ("刚打了头孢，上次也打过没事，现在嗓子紧，喘不上气，全身起疹子", "anaphylaxis"),
    # an amount by litotes, a belief of a harmless cause
    ("没发烧，咳了两三口血，量还挺多，我以为是喉咙干裂了", "haemoptysis"),
    ("不疼不痒，咳了几口血，不少，开始以为是鼻子流下来的", "haemoptysis"),
    ("咳嗽的时候咳了不少血", "haemoptysis"),
    # fang marks told as dots
    ("草丛里窜出一条蛇，我脚踝上有两个血点，现在有点麻", "snake_bite"),
    ("刚在菜地里碰到蛇，小腿上留了两个小口子，流了点血，应该没事吧", "snake_bite"),
    # an approximate count
    ("孩子一直在跑，只是吃了起码四五颗我的补铁的铁剂", "drug_overdose"),
    # an infant's age told obliquely
    ("我出月子才没几天，宝宝今天摸着烫，一量38.2", "infant_fever"),
    ("孩子今天正好45天打了预防针，下午烧到38.2，家里人说是正常反应", "infant_fever"),
    ("我家宝宝现在70天刚打完疫苗，晚上体温38.1", "infant_fever"),
    # a pregnancy told by the baby's movements
    ("宝宝动得很正常，没见红，可是这两天眼前老冒金星，头痛得厉害，血压160", "preeclampsia"),
    ("宝宝动得挺欢的，没见红，就是上腹右边疼，人有点迷糊，血压一百六", "preeclampsia"),
    ("平常一个钟头她能踢七八下，今天一下午一下都没有，肚子里没感觉", "reduced_fetal_movement"),
    ("以前他晚上能动好几十下，今天一下都没动了，总觉得肚子里没动静", "reduced_fetal_movement"),
]

LOOK_ALIKES = [
    "被自家狗咬了，没破皮，它打过疫苗的",
    "被狗咬了，已经打过疫苗了",
    "以前吃芒果嘴唇肿过，后来一直没吃，今天想问问这算过敏吗",
    "以前也吃过花生没事，今天吃完有点口干，别的都好",
    "咳嗽咳了不少天了，痰里偶尔有血丝",
    "咳了不少痰，痰里带点血丝",
    "咳痰里有一点血丝，我以为是嗓子破了，医生看过说是咽炎",
    "孩子精神挺好，就是吃了两片维生素，大概五六颗糖豆",
    "胳膊上有两个小红点，痒，可能是蚊子",
    "去年被蛇咬过，现在腿上还有两个小红点的疤",
    "怎么分辨毒蛇？听说被咬后会有两个小红点",
    "孩子出月子没几天就会笑了，现在三岁了",
    "我出月子没几天，自己发烧38.5，乳房胀痛",
    "宝宝3天打了两次针，今天体温正常",
    "孩子满100天打完疫苗，有点低烧37.6",
    "宝宝动得挺好的，吃奶也正常，就是肚子里咕噜咕噜响",
    "孩子一下都没动过这个玩具，肚子里有点胀气",
    "宝宝躺着踢了几下腿，肚子里咕噜咕噜响，拉了两次稀",
    "宝宝动得挺好，没见红，血压120/80，头也不疼，就是想问下次产检什么时候",
]


# a reading named in one turn, its value told in the next
READING_TURNS = [
    (["在吗", "刚给我爸测了血糖", "1.9，叫他反应很慢，一直出汗"], "hypoglycaemia"),
    (["帮我看看", "老公刚测的血糖", "2.6，满头大汗，说话含糊"], "hypoglycaemia"),
]
READING_TURNS_CALM = [
    ["我妈测了血糖", "5.6，正常吧"],
    ["测了血糖", "2.9", "吃了饼干复测6.1，现在好了"],
]


@pytest.mark.parametrize(("turns", "category"), READING_TURNS)
def test_reading_answered_in_the_next_turn(turns: list[str], category: str) -> None:
    assert category in flagged_case(turns)


@pytest.mark.parametrize("turns", READING_TURNS_CALM)
def test_reading_answered_in_range_or_rechecked_stays_calm(turns: list[str]) -> None:
    assert not flagged_case(turns)


@pytest.mark.parametrize(("text", "category"), EMERGENCIES)
def test_told_away_or_obliquely_is_flagged(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alike_stays_calm(text: str) -> None:
    assert not emergency(text)


def test_belief_of_a_harmless_cause_is_cut_for_the_second_reading() -> None:
    plain = unhedged(safety_text("咳了几口血，我还以为是嗓子破了"))
    assert "以为" not in plain
    assert "咳" in plain

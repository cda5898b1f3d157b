"""A denial, a pastime or a treatment told beside an emergency can reach less far than
its words: a red food denied (没喝红酒) explains no red vomit; a denied excess (没吃
降糖药过量) still tells the drug the patient takes; an animal not caught (蛇没捉到) was
not denied to have bitten; a sign denied (没吐) before a turn to the poison's name (可那
是敌敌畏) does not set the poisoning aside; the person doing a pastime (我爸在看新闻) is
the one the next clauses speak of; an operation dated before the episode (上周刚做完
手术) does not end it.  Each look-alike keeps the reading that clears it.  Sentences
written for this file."""

import pytest
from redflag_support import emergency, flagged

from intents.normalize import safety_text
from intents.redflags import assess


def read(text: str):
    return assess(safety_text(text), {})


# --- a veto denied right before it vetoes nothing
RED_FOOD_DENIED = [
    "我没喝红酒也没吃火龙果，可我妈刚吐出来一大口暗红色的，手脚冰凉",
]
RED_FOOD_EATEN = [
    "晚饭喝了不少红酒，刚才吐出来红红的，人挺精神",
    "早上吃了两个火龙果，吐出来的东西有点红",
]


@pytest.mark.parametrize("text", RED_FOOD_DENIED)
def test_a_red_food_denied_does_not_explain_red_vomit(text):
    assert "haematemesis" in flagged(text)


@pytest.mark.parametrize("text", RED_FOOD_EATEN)
def test_a_red_food_eaten_still_explains_it(text):
    assert "haematemesis" not in flagged(text)


# --- a denied excess keeps the drug taken
def test_a_denied_excess_still_tells_the_diabetes_drug():
    assert read("没吃降糖药吃多了，就是早饭没吃，现在一身冷汗，迷迷糊糊的").holds("diabetic")
    assert "hypoglycaemia" in flagged("没吃降糖药吃多了，就是早饭没吃，现在一身冷汗，迷迷糊糊的")


def test_a_denied_drug_is_still_denied():
    assert not read("我爸没吃降糖药，他没有糖尿病，今天饭吃得少").holds("diabetic")


# --- an animal not caught is no denial of the bite
@pytest.mark.parametrize(
    "text",
    [
        "蛇跑了没捉到，我爸被咬以后小腿肿得发亮",
        "蛇没抓到，我姐被咬的脚踝肿得发亮",
    ],
)
def test_an_animal_not_caught_leaves_the_bite_standing(text):
    assert not read(text).set_aside("snake_bite")


@pytest.mark.parametrize("text", ["蛇没咬到他，他跳开了", "猫没抓到他，他躲开了，一点事都没有"])
def test_a_bite_denied_stays_denied(text):
    assert read(text).set_aside("snake_bite")
    assert not emergency(text)


# --- a sign denied, then a turn to the poison itself
@pytest.mark.parametrize(
    "text",
    ["他说喝得不多，也没吐，可那是敌敌畏啊", "孩子就舔了一下，没吐也没哭，可那瓶子里装的是百草枯"],
)
def test_a_denied_sign_before_a_turn_to_the_poison_does_not_set_it_aside(text):
    assert not read(text).set_aside("chemical_poisoning")


@pytest.mark.parametrize(
    "text", ["孩子没吐，可我还是有点不放心", "他没吐也没拉，但是我还是想问问要不要去医院"]
)
def test_a_denied_sign_before_a_worry_still_sets_it_aside(text):
    assert read(text).set_aside("chemical_poisoning")
    assert not emergency(text)


# --- the doer of a pastime is the patient of the clauses after it
@pytest.mark.parametrize(
    "text,category",
    [
        ("我爸正在看新闻，突然一边手脚动不了，嘴也歪了", "stroke"),
        ("我妈正在看新闻，一下子说头痛得受不了，量了血压210/125", "hypertensive_emergency"),
    ],
)
def test_the_person_watching_is_the_patient(text, category):
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "我在看纪录片，里面有个人突然胸口疼倒在地上",
        "我在看新闻，说有个人突然一边手脚动不了，嘴也歪了",
    ],
)
def test_someone_on_the_show_is_not(text):
    assert not flagged(text)


# --- an operation dated before the episode does not end it
@pytest.mark.parametrize(
    "text",
    [
        "我妈突然喘不上气，心跳很快，她上周刚做完手术",
        "我爸刚才一下子喘不过气来，他前几天做完手术一直躺着",
    ],
)
def test_an_earlier_operation_is_background_not_the_end(text):
    assert "pulmonary_embolism" in flagged(text)


def test_an_operation_that_ended_it_still_does():
    assert not emergency("前阵子喘不上气，做完手术了，现在好了")

"""Understated reports that still carry a dangerous reading or sign: a glucose reading told
in the clause after its word or read off test strips, a typo of 血糖, confusion told as
认不清人, mottled legs, an antipyretic already given, a soft "尿不太出来" with hours of it
and a swollen belly, a hard eyeball, a pet that bites its owner, a snake seen only after
the sting, a folk poultice followed by the venom's bleeding; and the look-alikes that must
stay calm.  Written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged, flagged_case


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a glucose reading told after its word, in the next clause
        ("没什么大事，血糖偏高一点，刚测了27，肚子有点疼，歇会儿应该就好", "dka"),
        ("血糖有点高，三十左右吧，老想吐，应该没啥", "dka"),
        # read off test strips with no word 血糖
        ("用试纸扎了一下，显示29.4，有点恶心，估计不要紧", "dka"),
        # a typo of 血糖
        ("雪糖测出来31.2，一直吐", "dka"),
    ],
)
def test_glucose_reading_told_apart(text: str, category: str) -> None:
    assert category in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "血糖仪200块一个贵不贵",  # a price, not a reading
        "血糖有点高，测了12，没有不舒服",  # high, not a crisis, no symptom
        "用试纸测了一下，6.8，正常吗",
    ],
)
def test_glucose_look_alikes(text: str) -> None:
    assert not flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # fever with a confusion told as 认不清人
        ("体温还是有39.6，他现在认不清人了", "sepsis"),
        # mottled legs told softly
        ("就是发烧，39度多，小腿上花花的，可能是累着了", "sepsis"),
        # an antipyretic already taken is the fever told
        ("退烧药喂了以后好一点，可是现在爷爷叫不醒，血压85/50", "sepsis"),
    ],
)
def test_sepsis_signs_told_softly(text: str, category: str) -> None:
    assert category in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "吃了退烧药，现在37.3，精神不错",
        "孩子手上用彩笔画得花花的，洗不掉",
    ],
)
def test_sepsis_look_alikes(text: str) -> None:
    assert not flagged(text), (text, flagged(text))


def test_soft_retention_with_hours_and_belly() -> None:
    text = "我爸就是尿不怎么出来，从早上到现在了，小肚子有点胀疼，应该没事吧"
    assert "acute_urinary_retention" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "这两天尿不太出来，有点尿频，小肚子有点胀",  # days, not hours
        "前列腺增生好多年了，尿不太出来，小肚子胀，吃什么药好",
    ],
)
def test_soft_retention_look_alikes(text: str) -> None:
    assert "acute_urinary_retention" not in flagged(text), (text, flagged(text))


def test_hard_eyeball_after_watching_tv() -> None:
    text = "我奶奶晚上关着灯看了1集电视剧，半夜左眼胀疼得厉害，眼球摸着硬邦邦的，还吐了两次"
    assert "acute_glaucoma" in flagged(text)


def test_programme_content_still_not_a_patient() -> None:
    assert not flagged("刚看了个纪录片，里面有人被毒蛇咬了还走了好远的路")


def test_own_pet_bites_across_turns() -> None:
    case = ["我们家猫平时不咬人", "刚才剪指甲的时候它咬了我的手", "咬出血了，它没打过针"]
    assert "animal_bite_rabies" in flagged_case(case)


@pytest.mark.parametrize(
    "text",
    [
        "我家狗很乖，昨天它咬坏了我的拖鞋",
        "我家狗被邻居的狗咬了，流血了，要打疫苗吗",
    ],
)
def test_pet_look_alikes(text: str) -> None:
    assert "animal_bite_rabies" not in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        # the snake seen only after the sting
        "在菜地里拔草，手背被什么东西扎了一下，回头看见一条花蛇钻进草里，现在手背发紫肿起来了",
        # a folk poultice, then the venom's bleeding
        "伤口敷了草药，肿消了一点，但是现在牙龈一直出血，尿像浓茶",
    ],
)
def test_snake_bite_told_indirectly(text: str) -> None:
    assert "snake_bite" in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "刚才散步看到一条蛇，没被咬，吓死了",
        "敷了草药以后伤口好多了，不红不肿",
    ],
)
def test_snake_look_alikes(text: str) -> None:
    assert "snake_bite" not in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # palpitations with a faint that ended at once
        ("刚才心里扑腾扑腾的，接着晕了一下，很快就醒了，应该没啥事", "arrhythmia_syncope"),
        # a collapse while exercising, over in seconds
        ("打篮球的时候眼前发黑倒了，几秒钟就醒过来了", "arrhythmia_syncope"),
        # a reading told as 二十几点几
        ("测了下血糖，二十九点几，人有点犯困，应该没事", "dka"),
        # hours without urine and a hard belly, told by a carer who plays it down
        ("我外公十几个小时没解小便了，肚子有点硬，他自己说没事", "acute_urinary_retention"),
    ],
)
def test_brief_events_and_readings_told_softly(text: str, category: str) -> None:
    assert category in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "心慌了一阵，现在好了",
        "以前心慌过，晕倒过一次，现在都好了",
        "跑步的时候有点头晕眼前发黑，歇了一会就好了",
        "肚子鼓鼓的，吃完饭胀气",
    ],
)
def test_brief_events_look_alikes(text: str) -> None:
    assert not flagged(text), (text, flagged(text))

"""Two facts a pregnancy needs that are not told: the classifier's near-certain verdict of
pre-eclampsia stands when no one says whether she is pregnant if the whole picture is told
(a wife's face swollen all at once, a bursting headache, lights before her eyes), while a
headache with blurred sight alone (头疼眼花，血压160) still asks about a pregnancy first; and
a wet patch on the floor, a chair or the trousers that "is not urine" is the waters, unless
it is said to be sweat, a spilt cup or a pet's.  And a wound told on the leg (腿上伤口血止
不住) is no vaginal bleeding, nor a baby's urine told few (宝宝今天尿很少) its movements; and a hand held by
the current (手被吸住松不开) is an electric injury however well the person feels after; which
hospital asked beside a how-to (误喝了百草枯 要去哪个医院 洗胃有用吗) asks of a case at hand."""

import pytest

from tests.redflag_support import flagged


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("我看我老婆今天脸突然肿起来了，眼睛也肿，她说头疼得很，看东西有光点", "preeclampsia"),
        ("媳妇这两天脚肿得厉害，今天头痛得要命，眼前冒金星", "preeclampsia"),
        (
            "先问个事，能不能线上开药？再就是我老婆站起来的时候，地上湿了一大片，她说不是尿",
            "ruptured_membranes",
        ),
        ("老婆刚起床裤子湿透了，她说不是尿，现在还在往下滴", "ruptured_membranes"),
        ("沙发上湿了一片，媳妇说不是尿，她也没憋", "ruptured_membranes"),
        ("我媳妇坐的椅子上一滩水，她说不像尿，也没味道", "ruptured_membranes"),
    ],
)
def test_the_pregnancy_unstated_does_not_hide_its_emergency(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "我老婆偏头痛老毛病，今天又犯了，吃了布洛芬好点",
        "早上起来眼睛肿，昨晚喝水多了",
        "我头疼，看东西有点模糊，熬夜打游戏了",
        "老婆月经期间头疼，每个月都这样",
        "我老婆最近脸有点浮肿，没别的不舒服",
        "我老婆头疼眼花，血压160",
        "老婆脸有点肿，头疼",
        "床单湿了一大片，不是尿，是出汗出的",
        "孩子裤子湿了一片，不是尿，是水杯洒了",
        "地上一滩水不是尿，是狗狗喝水洒的",
    ],
)
def test_a_headache_or_a_wet_patch_of_another_cause_stays_calm(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    ["我有血友病 腿上伤口出血一直止不住", "腿上伤口血止不住", "老公腿上划了个口子，血止不住"],
)
def test_a_wound_on_the_leg_is_no_vaginal_bleeding(text: str) -> None:
    got = flagged(text)
    assert "uncontrolled_bleeding" in got
    assert "heavy_vaginal_bleeding" not in got


@pytest.mark.parametrize("text", ["老婆腿上都是血，下面一直流", "顺着腿流血，止不住"])
def test_blood_down_the_legs_with_no_wound_is_still_from_below(text: str) -> None:
    assert "heavy_vaginal_bleeding" in flagged(text)


@pytest.mark.parametrize("text", ["宝宝今天尿很少", "宝宝这两天大便很少", "孩子今天尿尿很少"])
def test_a_babys_urine_or_stool_is_no_fetal_movement(text: str) -> None:
    assert "reduced_fetal_movement" not in flagged(text)


@pytest.mark.parametrize("text", ["孕32周，宝宝今天动得很少", "孕34周，今天尿多，宝宝动得很少"])
def test_the_movements_told_few_stay_flagged(text: str) -> None:
    assert "reduced_fetal_movement" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "插座漏电手被吸住松不开，后来拔了电源，现在手不麻了",
        "摸插座被电了，手被吸住了甩不开，现在没有别的感觉",
        "拔充电器被电了一下，手被吸住放不开，现在不麻了",
    ],
)
def test_a_hand_held_by_the_current_is_an_electric_injury_however_well_after(text: str) -> None:
    assert "electric_injury" in flagged(text)


@pytest.mark.parametrize(
    "text",
    ["摸到漏电的洗衣机，手麻了一下，没有别的感觉", "被插座电了一下，手麻了一下，没有别的感觉"],
)
def test_a_brief_tingle_with_nothing_else_stays_calm(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    ["误喝了百草枯 要去哪个医院 洗胃有用吗", "吞了好几颗安眠药，去哪家医院，洗胃管用吗"],
)
def test_which_hospital_asked_with_a_how_to_is_a_case_at_hand(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize("text", ["药吃多了催吐有没有用", "溺水急救要不要控水"])
def test_a_how_to_alone_stays_a_question(text: str) -> None:
    assert not flagged(text)

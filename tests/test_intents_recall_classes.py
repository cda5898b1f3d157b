"""Classes of presentations the references list for infant fever, newborn danger signs,
faints with palpitations or on exertion, a hernia that no longer goes back, medicines
with a narrow margin, and indirect suicide warnings — each mechanism with emergencies in
our own wordings and the look-alikes that must stay calm."""

import pytest

from intents.entities import extract
from intents.normalize import normalize, safety_text
from tests.redflag_support import emergency, flagged


def _temperatures(text: str) -> list[float]:
    n = normalize(text)
    return [e["value"] for e in extract(n, text) if e["entity"] == "temperature"]


# ---------------------------------------------------------------- thermometer readings
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("夹在胳肢窝五分钟，显示38.3", [38.3]),
        ("耳温枪连着测了三遍，每次都是38.9", [38.9]),
        ("早上额头打出来37.2，中午腋窝又量到38.4", [37.2, 38.4]),
        ("烧得挺高，有39.1", [39.1]),
        ("腋下37.6，算发烧吗", [37.6]),
    ],
)
def test_a_reading_told_without_a_unit_is_a_temperature(text: str, expected: list) -> None:
    assert _temperatures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "量了体重38.5，比上个月重了",  # a weight
        "孕38.5周了，想问什么时候住院",  # weeks of pregnancy
        "测了血糖，餐后是38.2吗不太确定",  # another measure named between
        "烧烤店38.5元一份",  # a price
        "体温计多少钱，38.8块那种好吗",
    ],
)
def test_other_measures_are_no_temperature(text: str) -> None:
    assert _temperatures(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("体问三十八度二", "体温38.2度"),
        ("耳稳38.6", "耳温38.6"),
        ("新声儿黄疸", "新生儿黄疸"),
        ("我家包包才两个月", "我家宝宝才2个月"),
    ],
)
def test_homophone_typos_of_reading_sites_and_babies(text: str, expected: str) -> None:
    assert safety_text(text) == expected


@pytest.mark.parametrize("text", ["具体问一下流程", "这个包包3天到货吗", "耳稳定性训练"])
def test_the_typo_entries_leave_ordinary_words_alone(text: str) -> None:
    assert safety_text(text) == text


# ---------------------------------------------------------------- infant fever
@pytest.mark.parametrize(
    "text",
    [
        "闺女八周大，腋窝夹出来38.2",
        "宝宝出生二十五天，耳温测着38.4，吃奶还行",
        "我儿子一个月零十二天呀，刚才额头枪打了个38.5",
        "宝宝七个礼拜，用水银的量了一下是38.1，哭得厉害",
        "包包才40来天，体问38.3",
    ],
)
def test_an_infant_under_three_months_with_a_reading_of_38_is_flagged(text: str) -> None:
    assert "infant_fever" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "奶奶说孙子脑门烫，宝宝六周，体温计量出来36.9，吃睡都好",
        "宝宝两个月，额头摸着热热的，腋下量了37.1，精神很好",
        "宝宝五个月，腋下37.6，需要吃退烧药吗",
    ],
)
def test_a_normal_reading_or_an_older_baby_is_no_infant_fever(text: str) -> None:
    assert "infant_fever" not in flagged(text)


# ---------------------------------------------------------------- newborn danger
@pytest.mark.parametrize(
    "text",
    [
        "宝宝半个月，身上摸着冰冰凉，怎么捂都不热",
        "刚满月的宝宝手脚冰凉，后背也凉，不怎么动",
        "宝宝三周，刚才手脚一下一下地抽，眼睛往一边斜，这是抽搐吗",
    ],
)
def test_a_cold_body_or_a_fit_in_a_young_infant_is_flagged(text: str) -> None:
    assert "neonatal_danger" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "宝宝二十天，小手小脚摸着凉凉的，胸口和后背热乎乎的，吃奶很带劲",
        "新生儿被关门声吓到两只手一张，抱起来就安静了，这是抽搐吗",
    ],
)
def test_cold_hands_with_a_warm_trunk_and_a_startle_asked_about_stay_calm(text: str) -> None:
    assert not emergency(text)


# ---------------------------------------------------------------- faints
@pytest.mark.parametrize(
    "text",
    [
        "女儿打篮球的时候突然就倒了，叫了好几声才醒",
        "我跑五公里冲刺的时候眼前一黑倒地，醒过来心跳乱得很",
        "他有心动过缓，今天下楼梯时晕了一下，醒了说没事",
        "我妈房颤多年，刚才坐着坐着晕过去了，一会儿自己醒了",
    ],
)
def test_a_faint_on_exertion_or_with_a_rhythm_problem_is_flagged(text: str) -> None:
    assert emergency(text)


@pytest.mark.parametrize(
    "text",
    [
        "亲戚家族里有人心源性猝死，我想约个心电图检查",
        "家族史里有肥厚型心肌病，孩子要不要做心脏彩超",
        "跑完步有点头晕，喝了水就好了，没有晕倒",
    ],
)
def test_a_family_history_or_a_light_head_after_a_run_stays_calm(text: str) -> None:
    assert not emergency(text)


# ---------------------------------------------------------------- hernia that is stuck
@pytest.mark.parametrize(
    "text",
    [
        "小肠气掉出来按不进去，鼓包一摸就痛",
        "腹股沟的疝推不回去两个小时了，吐了一次",
        "脐疝今天鼓出来缩不回去，颜色发紫",
    ],
)
def test_a_bulge_that_no_longer_goes_back_with_danger_signs_is_flagged(text: str) -> None:
    assert "acute_abdomen" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "疝气一躺下就能推回去，不痛，想约手术",
        "孩子脐疝哭的时候鼓出来，安静下来就平了",
    ],
)
def test_a_bulge_that_goes_back_stays_calm(text: str) -> None:
    assert not emergency(text)


# ---------------------------------------------------------------- medicines
@pytest.mark.parametrize(
    "text",
    [
        "我爸吃碳酸锂，最近自己加了量，今天又吐又拉，走路不稳",
        "奶奶把华法林当成钙片多吃了几片，牙龈一直渗血",
        "老伴眼花把地高辛当作维生素吞了两片，现在恶心",
        "不小心多吃了一片格列本脲，现在头晕出汗",
    ],
)
def test_a_narrow_margin_medicine_above_the_dose_is_flagged(text: str) -> None:
    assert "drug_overdose" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "早上不小心多吃了一片降压药，量了血压正常，现在也没有不舒服",
        "长期吃碳酸锂，复查血药浓度要空腹吗",
        "街道想请医生来开一场老人误服药物的急救讲座，怎么预约",
        "把维生素当成钙片吃了两片，有关系吗",
    ],
)
def test_one_extra_ordinary_tablet_or_a_talk_request_stays_calm(text: str) -> None:
    assert "drug_overdose" not in flagged(text)


# ---------------------------------------------------------------- suicide warnings
@pytest.mark.parametrize(
    "text",
    [
        "觉得这个家没有我更好，狗我已经托朋友照顾了",
        "室友之前说过想死，现在把自己锁在卫生间里，敲门一直不应",
        "我姐以前自杀过，今天发消息说对不起大家，现在电话打不通",
    ],
)
def test_indirect_suicide_warnings_are_flagged(text: str) -> None:
    assert "suicide_self_harm" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "排位又输了，气得我想跳楼，开玩笑的，眼科几点下班",
        "出差一个月，猫托朋友照顾了，回来想挂个皮肤科",
    ],
)
def test_a_declared_joke_or_a_pet_minded_for_a_trip_stays_calm(text: str) -> None:
    assert "suicide_self_harm" not in flagged(text)


def test_a_joke_denied_still_counts() -> None:
    assert "suicide_self_harm" in flagged("累得我想死，不是开玩笑的，真的撑不下去了")

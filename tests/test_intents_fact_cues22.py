"""Facts a category needs told only by cues (intents/ages.py, intents/knowledge/red_flags.yml):
a big belly said as a pregnancy (挺着大肚子, 大着肚子, a message that starts 大肚子 出血); a
test strip with two lines (试纸两道); a belly clutched after a late period (捂着肚子蹲在地上,
例假晚了); an injection taken every day (每天要打针) as a diabetic's insulin beside the
signs of a low sugar; a sign that rarely comes (很少低血糖) denied for now.
The look-alikes stay calm: a beer belly, a strip with one line, a laugh, a daily jab
with no sign, a rare sign asked about.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check

BIG_BELLY_BLEEDING = [
    "大肚子 出血 肚子痛",
    "大肚子，见红了，肚子一阵阵疼",
    "我老婆挺着大肚子，下面出血了，肚子疼",
    "嫂子大着肚子，今天突然流血，肚子痛",
    "她现在大肚子，刚才出了好多血",
    "儿媳妇怀着个大肚子，早上起来裤子上都是血，肚子疼",
]

BIG_BELLY_CALM = [
    "我老公啤酒肚，大肚子，想减肥",
    "大肚子 胖了很多 想咨询减肥门诊",
    "我爸大肚子，肝硬化腹水，今天复查",
    "大肚子是怎么回事，吃完饭就胀气",
]

ECTOPIC = [
    "我老婆这阵子闻到油烟就吐，试纸两道，今天肚子疼，还出血了",
    "女朋友测出两条杠，今天肚子疼还出血",
    "验孕棒两道，今天下面出血肚子疼",
    "我老婆捂着肚子蹲在地上，脸色煞白，她例假晚了",
    "她大姨妈推迟了十几天，刚才突然捂着小肚子蹲下起不来",
    "女儿月经没来，现在抱着肚子蜷在地上",
    "媳妇例假晚了一周，捂着肚子在地上打滚",
]

ECTOPIC_CALM = [
    "试纸一道，月经推迟了几天，没有不舒服",
    "例假晚了，笑得捂着肚子，哈哈",
    "月经推迟一周正常吗",
    "试纸两道，想问下什么时候去建档",
]

LOW_SUGAR = [
    "老人满头大汗，手在抖，他每天要打针",
    "我爸天天打针，刚才一身冷汗，手抖个不停",
    "姥爷天天自己打针，这会儿满头大汗，手在抖",
    "我妈一天打两针，现在浑身是汗，人迷迷糊糊的",
    "爷爷每天自己往肚皮上打针，今天大汗淋漓，手一直抖",
]

LOW_SUGAR_CALM = [
    "我爸每天要打针，今天精神挺好",
    "糖尿病多年，一直打胰岛素，很少低血糖",
    "我妈打胰岛素好多年了，极少低血糖，这次来复查",
    "他每天打针，想问下针头多久换一次",
]


@pytest.mark.parametrize("text", BIG_BELLY_BLEEDING)
def test_a_big_belly_told_as_a_pregnancy_with_bleeding_is_an_emergency(text: str) -> None:
    check(text, "pregnancy_bleeding")


@pytest.mark.parametrize("text", BIG_BELLY_CALM)
def test_a_belly_big_for_another_reason_stays_calm(text: str) -> None:
    check(text, None)


@pytest.mark.parametrize("text", ECTOPIC)
def test_a_late_period_or_two_lines_with_belly_pain_is_an_ectopic(text: str) -> None:
    check(text, "ectopic_pregnancy")


@pytest.mark.parametrize("text", ECTOPIC_CALM)
def test_a_late_period_with_no_pain_stays_calm(text: str) -> None:
    check(text, None)


@pytest.mark.parametrize("text", LOW_SUGAR)
def test_a_daily_jab_with_sweat_and_tremor_is_a_low_sugar(text: str) -> None:
    check(text, "hypoglycaemia")


@pytest.mark.parametrize("text", LOW_SUGAR_CALM)
def test_a_daily_jab_with_no_sign_or_a_rare_low_stays_calm(text: str) -> None:
    check(text, None)

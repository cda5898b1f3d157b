"""Emergencies told only by what a bystander sees or hears, or played down by the patient
or the family, next to the calm look-alikes that must stay calm.  Readings covered:

- a baby's kicks told in lay words (宝宝就踢得欢) with a woman feeling her own belly for
  them (我老婆摸了一晚上肚子) tell a pregnancy now — not a child's tummy felt, nor a ball
  kicked well.
- a live wire that strikes or falls on someone (电线打到人了, 被电线打了) is an electric
  injury — not a wire run to a wall.
- a word that the person is or looks fine (没事, 看着也没事, 不疼了) does not undo an
  exposure whose harm shows later (an animal's bite that bled, a pin or a battery
  swallowed) — a treatment or a removal still does.
- a lay person's promise that a thing will pass (婆婆说多吃点韭菜就拉出来了) is no fact
  that it came out.
- 我过去给他们送饺子 (went over to give) is no "in the past".
- a baby grunting with each breath and breathing fast by the belly (嗓子里有哼哼声，肚子
  一起一伏特别快) is in respiratory distress at any age under five.
- a head clutched all of a sudden with a grey face, eyes shut or steadying oneself is a
  thunderclap headache as a bystander sees it.
- a swim's choke whose cough cleared at once (咳了两声就顺了，继续游) is over — unless a sign
  of now follows.

Sentences written for this file."""

import pytest
from redflag_support import check, emergency

FETAL_KICKS_GONE = [
    "以往一到晚上吃完饭宝宝就踢得欢，今天我老婆摸了一晚上肚子，一下都没感觉到",
    "平时宝宝踢得很勤，今天我摸了一下午肚子，一下都没感觉",
    "宝宝以前蹬得可欢了，我媳妇今天一直摸着肚子，一点也感觉不到",
    "以前一到睡前宝宝就踢得挺多，今晚她摸着自己的肚子，一次都没感觉",
    "我老婆说宝宝平时动得很欢，今天她摸了半天肚子，完全感觉不到",
]
FETAL_KICKS_CALM = [
    "孩子足球踢得很好，今天说肚子里有点胀",
    "宝宝晚上踢得很欢，我摸了摸他肚子，软软的",
    "宝宝今天踢得很欢，我老婆摸着肚子笑",
]


@pytest.mark.parametrize("text", FETAL_KICKS_GONE)
def test_kicks_gone_with_belly_felt_flagged(text: str) -> None:
    check(text, "reduced_fetal_movement")


@pytest.mark.parametrize("text", FETAL_KICKS_CALM)
def test_kicks_look_alike_stays_calm(text: str) -> None:
    assert not emergency(text), text


WIRE_STRUCK = [
    "电线打到人了",
    "刚才风把电线刮断了，电线头甩到我爸身上",
    "电缆掉下来搭在他身上",
    "被电线打了一下，手发麻",
    "工地上电线掉下来砸到我同事了",
    "孩子被电源线抽到了",
]
WIRE_CALM = [
    "电线打到墙角了，怎么固定好看",
    "电线打了个结，怎么解开",
    "家里电线老化了要换吗",
]


@pytest.mark.parametrize("text", WIRE_STRUCK)
def test_wire_struck_flagged(text: str) -> None:
    check(text, "electric_injury")


@pytest.mark.parametrize("text", WIRE_CALM)
def test_wire_look_alike_stays_calm(text: str) -> None:
    assert not emergency(text), text


EXPOSURE_PLAYED_DOWN = [
    ("我喂狗的时候被咬了一口 出了点血 自家狗 没事", "animal_bite_rabies"),
    ("给猫剪指甲被咬了，流了点血，没事", "animal_bite_rabies"),
    ("刚才被邻居家的狗咬了一口，出血了，人没事", "animal_bite_rabies"),
    ("孩子吞了一根大头针，他说不疼，看着也没事，要不要等等看能不能拉出来", "button_battery"),
    ("女儿刚吞了一颗纽扣电池，现在好好的", "button_battery"),
    ("儿子吞了一根缝衣针，看着也没事，还在玩", "button_battery"),
    ("小孩把一颗磁力珠吞了，不疼了，没事", "button_battery"),
]
EXPOSURE_CALM = [
    "上周被狗咬了一口，已经打完疫苗了，现在没事了",
    "被猫抓了一下，没破皮，没事",
    "孩子吞了一颗纽扣电池，医院已经取出来了，现在没事",
    "被猫抓了一下，皮肤没破，一切正常",
]


@pytest.mark.parametrize(("text", "category"), EXPOSURE_PLAYED_DOWN)
def test_exposure_told_fine_flagged(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize("text", EXPOSURE_CALM)
def test_exposure_treated_or_denied_stays_calm(text: str) -> None:
    assert not emergency(text), text


PASSING_PROMISED = [
    "两岁的儿子吞了几个磁力球，现在看着好好的，还在玩。我婆婆说多吃点韭菜就拉出来了",
    "孩子吞了两颗磁力珠，奶奶说多喝水就排出来了",
    "女儿把纽扣电池吞了，她爸说吃点香蕉就拉出来了",
    "孩子吞了一颗电池，我妈说多吃饭就拉出来了",
    "宝宝吞了磁铁，估计已经拉出来了吧",
]
PASSED_CALM = [
    "孩子昨天吞了一颗磁力珠，今天已经拉出来了，大便里找到了",
    "宝宝吞了一颗塑料珠子，今天拉出来了",
    "孩子吞了硬币，吃了韭菜后已经拉出来了，在大便里看到了",
]


@pytest.mark.parametrize("text", PASSING_PROMISED)
def test_passing_only_promised_flagged(text: str) -> None:
    check(text, "button_battery")


@pytest.mark.parametrize("text", PASSED_CALM)
def test_passing_told_done_stays_calm(text: str) -> None:
    assert not emergency(text), text


WENT_OVER_TO = [
    "今天早上我过去给他们送饺子，一进门就闻到一股煤烟味，外公说头疼，想吐，外婆叫了几声才迷迷糊糊答应",
    "刚才我过去送饭，屋里烧着炭火，我奶奶迷迷糊糊叫不醒",
    "中午我过去给我爸送药，他说话不清楚，嘴角歪了",
    "我过去喂狗，看见爷爷倒在院子里叫不醒",
    "今天我过去给邻居帮忙，他突然胸口剧痛，满头大汗",
]
PAST_STILL_PAST = [
    "过去我爸有过一次头晕，现在好了",
    "过去几年我妈胸口偶尔闷一下",
    "过去给老人送饭需要注意什么",
]


@pytest.mark.parametrize("text", WENT_OVER_TO)
def test_went_over_to_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", PAST_STILL_PAST)
def test_past_still_calm(text: str) -> None:
    assert not emergency(text), text


BABY_GRUNTING = [
    "看见宝宝呼吸的时候嗓子里有哼哼声，肚子一起一伏特别快",
    "孩子喘气带着哼哼，呼吸很快",
    "宝宝喉咙里一直哼，鼻翼一扇一扇的",
    "我家宝宝出气的时候哼哼的，肚子起伏很快",
    "宝宝吸气的时候嗓子里哼，呼吸特别快",
]
BABY_GRUNT_CALM = [
    "宝宝拉屎的时候哼哼，脸憋得通红",
    "宝宝睡觉的时候嗓子里哼哼，呼吸平稳",
    "宝宝哭完以后呼吸有点快，一会就平了",
]


@pytest.mark.parametrize("text", BABY_GRUNTING)
def test_baby_grunting_fast_breath_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", BABY_GRUNT_CALM)
def test_baby_grunt_look_alike_stays_calm(text: str) -> None:
    assert not emergency(text), text


HEAD_CLUTCHED = [
    "他刚和我吵完架，突然一只手捂着后脑勺，另一只手扶着桌子，脸色发灰，眼睛闭着不想睁",
    "我妈刚才突然双手抱着头，扶着墙站不稳",
    "老公打球时突然捂住头蹲下，吐了",
    "我爸突然捂住了头，脸色煞白，出冷汗",
    "奶奶吃着饭突然抱住头，眼睛闭着，叫她也不想睁眼",
    "同事开会时突然按着后脑勺趴在桌上，脸色发灰",
]
HEAD_CLUTCH_CALM = [
    "孩子突然捂着头说不想听，跑回房间",
    "爷爷经常抱着头，扶着墙走路",
    "考试没考好，他抱着头坐了一会儿",
]


@pytest.mark.parametrize("text", HEAD_CLUTCHED)
def test_head_clutched_sudden_grave_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", HEAD_CLUTCH_CALM)
def test_head_clutch_look_alike_stays_calm(text: str) -> None:
    assert not emergency(text), text


SWIM_CHOKE_CLEARED = [
    "游泳呛了一口水，咳了两声就顺了，继续游完了课",
    "孩子游泳呛了水，咳了几声就好了，接着游",
    "游泳时呛了口水，咳了一下就顺过来了，游完了才上岸",
]
SWIM_CHOKE_NOT_CLEARED = [
    "游泳呛水后一直咳，喘不上气",
    "游泳呛了水，咳了两声就顺了，可是现在嘴唇发紫",
    "孩子游泳呛水，回家后越来越迷糊",
    "游泳呛了水，咳个不停",
    "儿子游泳呛水，之后一直咳，呼吸很快",
]


@pytest.mark.parametrize("text", SWIM_CHOKE_CLEARED)
def test_swim_choke_cleared_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", SWIM_CHOKE_NOT_CLEARED)
def test_swim_choke_not_cleared_flagged(text: str) -> None:
    assert emergency(text), text

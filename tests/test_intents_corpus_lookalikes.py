"""The classifier trained on the written corpus, with look-alikes of the ordinary patterns
it used to over-read (data/red_flags_lookalikes.yml), and the concepts the corpus showed
missing (a voice-typed gas leak, a wild mushroom called only 菌); after a vaccine the
classifier's sepsis needs a sign of sepsis, and in an open garage its carbon monoxide a sign
in the person (model_needs).  Each mechanism with an
emergency it must catch and a look-alike it must leave alone (our own wordings, none of
them in the training file)."""

from __future__ import annotations

import pytest
from redflag_support import flagged

CAUGHT = [
    # 炼气: 燃气 typed by voice, a leak with the household's symptoms
    ("厨房炼气漏了一晚上，早上起来全家头晕想吐，老人叫不太醒", "carbon_monoxide"),
    # 燃气泄露: the common miswriting of 泄漏
    ("楼道里燃气泄露，我妈在屋里头疼恶心，站都站不稳", "carbon_monoxide"),
    # a wild mushroom called only 菌 (捡回来的菌) and the sickness after it
    ("我妈吃了从林子里捡回来的菌，中午开始上吐下泻，手脚发麻", "chemical_poisoning"),
    # the same look-alike patterns told as real dangers stay emergencies
    ("我爸腰疼了好几年，今天突然两条腿没劲，尿不出来，屁股周围都麻了", "cauda_equina"),
    ("量了血压210/125，头疼得要炸开，看东西模糊", "hypertensive_emergency"),
    ("我爸一天没尿了，小肚子胀得像鼓一样，疼得直哼哼", "acute_urinary_retention"),
    # an open garage door does not undo a person's signs of the gas (model_needs)
    ("车库卷帘门开着，可车一直发动着，我叔在驾驶座上打瞌睡，喊他半天才哼一声", "carbon_monoxide"),
    # after a vaccine, a fever with a sign of sepsis is still sepsis
    ("打完疫苗第二天高烧不退，人叫不醒，手脚冰凉发花", "sepsis"),
]

NOT_EMERGENCIES = [
    # a habitual complaint that is worse today
    "我妈腰疼是多年的毛病了，今天拖地以后疼得厉害，晚上没怎么睡",
    # a normal reading with slight dizziness
    "血压测出来126/78，起床猛了头有点晕",
    # an infant's sobbing after a cry that settles when held
    "孩子五十多天，哭得太凶了，哭完还一抽一抽的倒气，抱着拍拍就安静了",
    # relief after an ordinary dose of a painkiller
    "头痛吃了一片去痛片，过了一会儿好多了",
    # slight urgency with a weak stream, for an hour or two
    "尿有点不太顺，有一点急，一个来小时了，能尿出来",
    # an engine run with the door open and nobody unwell
    "早上在车库里打着火暖车，卷帘门一直开着，我在旁边等着",
    # the same with the window open, as the written tellings of garages taught the classifier
    "开着车窗在车库里等人，发动机转着，人一点事没有",
    # 练气功 is no gas
    "我爸每天早上去公园练气功，最近有点头晕，挂什么科",
    # a stomach bug: cramps eased by the toilet, loose stools, a low fever
    "昨晚肚子一阵阵疼，上了几趟厕所拉稀，拉完舒服多了，今早有点低烧",
    # a vaccine's ordinary fever and rash in an adult
    "我前天打了流感疫苗，昨天开始反复低烧，胳膊上还起了些红疹子",
]


@pytest.mark.parametrize(("text", "category"), CAUGHT)
def test_the_concepts_and_dangers_are_caught(text: str, category: str) -> None:
    assert category in flagged(text), (text, flagged(text))


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_the_ordinary_look_alikes_stay_quiet(text: str) -> None:
    assert not flagged(text), (text, flagged(text))

"""Diabetes and a crisis of sugar told in family words (intents/knowledge/red_flags.yml):
糖高好几年了 and 有糖 are a known diabetes, 尿糖四个加号 a sugar spilling over, 糖测不出来 / 显示最高 a meter past its range, 掉秤 the
weight a new diabetes loses. These are the facts the classifier's verdict of diabetic
ketoacidosis needs (model_needs); without them a sure verdict was held back.
The look-alikes stay calm: a stable diabetic's check-up, a diet question, weight lost on
purpose, a meter out of battery with the person well.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check

CRISIS = [
    "我老公糖高好几年了，这两天停了药，现在吐得厉害，迷迷糊糊",
    "老妈的糖这两天测不出来，一直显示最高，吐了一天了",
    "女儿十岁，最近特别能吃能喝还掉秤，今天突然吐了，喘气像叹气一样",
    "我爸糖一直高，这两天感冒不吃饭，今天吐了好几回，喘粗气",
    "老爸有糖，这几天胃口差，今天一直吐，有点糊涂",
    "老婆测了尿糖四个加号，吐个不停，口干得厉害",
]

CALM = [
    "我糖高好几年了，今天复查，血糖7.2，没有不舒服",
    "糖尿病饮食要注意什么，想了解一下",
    "最近减肥掉秤好快，精神很好",
    "血糖仪测不出来是不是没电了，人好好的",
    "家里有糖吗，孩子低血糖了要吃点",
    "这个饮料有糖，糖尿病能喝吗",
]


@pytest.mark.parametrize("text", CRISIS)
def test_a_sugar_crisis_told_in_family_words_is_an_emergency(text: str) -> None:
    check(text, "dka")


@pytest.mark.parametrize("text", CALM)
def test_a_stable_diabetic_a_diet_or_a_meter_fault_stays_calm(text: str) -> None:
    check(text, None)

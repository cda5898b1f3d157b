"""Emergencies told in words the red-flag rules did not read, and their look-alikes.

Each table pairs emergencies with calm messages for one mechanism:

- readings: a gas alarm that shows a number (报警器上显示150) is a reading of this
  home, not a question about alarms; a blood sugar named by its short name 糖 right
  before the number (糖才1点多, 糖高到33) is a glucose reading, unlike a sweet eaten
  (吃了糖2颗), a urine test (尿糖) or HbA1c (糖化);
- lay descriptions of a sign: an encounter told with 遇到 and then a done event
  (钓鱼时遇到雷雨，老公被雷打了) is not "if one meets"; a strong acid or alkali named
  after its verb (蹭到了电瓶液) with damaged skin is a chemical burn; skin charred by a
  hot thing (指尖烫焦了) is a deep burn, food charred is not.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged

# ------------------------------------------------ readings in words or odd forms
READINGS = [
    ("煤气报警器上显示150多，我和女儿都头晕想吐", "carbon_monoxide"),
    ("我爸糖低到二点五，满头大汗喊不太应", "hypoglycaemia"),
    ("外婆糖高到33，一直吐，人昏昏沉沉", "dka"),
    ("老伴糖才1点8，浑身冷汗叫不醒", "hypoglycaemia"),
]
READINGS_CALM = [
    "一氧化碳报警器有必要装吗",
    "给孩子吃了糖2颗，还在哭",
    "尿糖3个加号，口渴",
    "他糖化7.5，控制得怎么样",
    "上个月糖2点几晕过一次，现在控制得挺好",
]


@pytest.mark.parametrize("text,category", READINGS)
def test_a_reading_told_in_words_or_short_names_counts(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", READINGS_CALM)
def test_sweets_urine_sugar_and_alarm_questions_stay_calm(text):
    assert not flagged(text), text


# ------------------------------------------------ a sign told by what it looks like
DESCRIBED = [
    ("钓鱼时遇到雷雨，老公被雷打了，现在叫不醒", "electric_injury"),
    ("放牛时遇到打雷，我哥被雷劈了，趴在地上不动", "electric_injury"),
    ("修车时胳膊上蹭到了电瓶液，那块皮发白还不疼", "burns"),
    ("女儿碰了卷发棒，指尖烫焦了一块", "burns"),
]
DESCRIBED_CALM = [
    "遇到有人被雷劈了怎么急救",
    "户外遇到打雷，被雷劈了会怎样",
    "野外遇到有人触电了，先断电对吗",
    "手上沾了强酸，马上冲了很久，现在一点都不红",
    "锅里的肉烫焦了，孩子哭着要吃别的",
    "牛排烙焦了怎么办",
]


@pytest.mark.parametrize("text,category", DESCRIBED)
def test_a_sign_told_by_its_look_counts(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize("text", DESCRIBED_CALM)
def test_questions_and_food_stay_calm(text):
    assert not flagged(text), text

"""Messages typed with a space after every character or two, as some elderly people type
(儿 媳 怀 孕 八个 月): the spaces that split words are dropped before anything reads the
text (``intents.normalize``), so the words of a sign and of an age meet again.  Spaces
between words of two or more characters stay as pauses, and spaces between digits are
left alone.  Sentences written for this file."""

import pytest
from redflag_support import emergency, flagged

from intents.normalize import normalize, normalize_text, safety_text


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("我 女 儿 抽 筋 了", "我女儿抽筋了"),
        ("外孙 才 五十 天 发烧", "外孙才50天发烧"),  # typed this way throughout
        ("老头 胸口 疼 出 汗", "老头胸口疼出汗"),
    ],
)
def test_words_typed_a_character_at_a_time_are_joined(typed, read):
    assert normalize_text(typed) == read
    assert safety_text(typed) == read


@pytest.mark.parametrize(
    "text",
    [
        "抽筋 口吐白沫 翻白眼",  # pauses between signs of two or more characters
        "体温 38 5",  # digits on both sides
        "hello world",
    ],
)
def test_spaces_between_whole_words_and_digits_stay(text):
    assert normalize_text(text) == text


def test_offsets_still_point_into_the_typed_text():
    typed = "我 妈 嘴 歪 了"
    norm = normalize(typed)
    assert norm.text == "我妈嘴歪了"
    start = norm.text.index("嘴歪")
    assert typed[slice(*norm.span(start, start + 2))] == "嘴 歪"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("我 老 伴 嘴 歪 了 说 话 不 清 楚", "stroke"),
        ("外 孙 女 才 满 八 天 一 直 睡 叫 不 醒", "neonatal_danger"),
        ("闺女 怀 孕 七 个 月 下 面 见 红 了", "pregnancy_bleeding"),
        ("孙子 才 一个 月 发烧 三十八 度 五", "infant_fever"),
        ("老 头 子 打 胰 岛 素 的 现 在 浑 身 冷 汗 叫 不 醒", "hypoglycaemia"),
    ],
)
def test_spaced_emergencies_are_caught(text, category):
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "我 想 挂 个 号 看 看 牙",
        "孙子 三 岁 了 有 点 咳 嗽",
    ],
)
def test_spaced_ordinary_messages_stay_calm(text):
    assert not emergency(text)

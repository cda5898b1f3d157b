"""Speed shortcuts that must not change an answer: a pattern scanned only near its
anchor words finds the matches the full scan finds, and the models' n-grams keyed as
integers are the n-grams the string lookup finds."""

import random
import re

import numpy as np
import pytest

from intents import ages, entities, redflags
from intents.gates import Anchored, anchored
from intents.model import load_artifact
from intents.normalize import safety_text
from intents.redflags import compiled
from tests.test_intents_matching import _texts

WORDS = [
    "请问一下要不要提前预约",
    "家里人说可能没什么，明天再去看行吗",
    "不知道算不算严重，先观察一下可以吗",
    "我家狗被蛇咬了",
    "孩子出生28天，昨天开始发烧",
    "72岁老人，3月5号摔了一跤",
    "有没有专家门诊呢",
    "之前好好的，当时就晕倒了",
]


def _samples(n: int = 1500) -> list[str]:
    rng = random.Random(5)
    out = [safety_text(t) for t in _texts(n)]
    for _ in range(n):
        out.append("，".join(rng.sample(WORDS, 3)))
    return out


def _patterns() -> list[tuple[str, re.Pattern[str], Anchored]]:
    out = []
    for name, rx in compiled().markers.items():
        if isinstance(rx, Anchored):
            out.append((name, rx.rx, rx))
    for name in ("_ELDER_AGE", "_DELIVERED", "_AFTER_BIRTH", "_HOURS", "_BORN_RE"):
        rx = getattr(ages, name)
        if isinstance(rx, Anchored):
            out.append((name, rx.rx, rx))
    for name, rx in (
        ("_DATE_RE", entities._DATE_RE),
        ("pregnancy", entities.load_lookups().pregnancy_re),
        ("red flag pregnancy", redflags._pregnancy_re()),
    ):
        if isinstance(rx, Anchored):
            out.append((name, rx.rx, rx))
    return out


def test_the_long_markers_are_scanned_near_their_words():
    markers = compiled().markers
    for name in ("wait", "admin", "hedge", "nonhuman", "hypothetical"):
        assert isinstance(markers[name], Anchored), name


def test_an_anchored_scan_finds_what_the_full_scan_finds():
    rng = random.Random(3)
    texts = _samples()
    for name, plain, fast in _patterns():
        for text in texts:
            full = [(m.span(), m.group(), m.groups()) for m in plain.finditer(text)]
            assert [(m.span(), m.group(), m.groups()) for m in fast.finditer(text)] == full, (
                name,
                text,
            )
            lo = rng.randrange(len(text) + 1)
            hi = rng.randrange(lo, len(text) + 2)
            a, b = plain.search(text, lo, hi), fast.search(text, lo, hi)
            assert (a and a.span()) == (b and b.span()), (name, text, lo, hi)


@pytest.mark.parametrize(
    ("pattern", "text", "spans"),
    [
        # the literal 有 may begin ten characters after the start of a match
        (
            r"(?:请问)?[^，]{0,10}有(?:门诊|号)吗",
            "请问明天上午到底有号吗，有门诊吗",
            [(0, 11), (12, 16)],
        ),
        # overlapping literals (有没有 holds 有): each occurrence opens its window
        (r"[^，]{0,3}(?:有没有|有)号", "没有没有号", [(0, 5)]),
        # a lookbehind sees the text before the window it is tried in
        (r"(?<!神经)[^，]{0,4}能修好", "神经能修好，手机能修好", [(0, 5), (6, 11)]),
        (r"(?<!神经)[^，]{0,1}能修好", "看了神经能修好", [(3, 7)]),
    ],
)
def test_anchored_examples(pattern, text, spans):
    rx = re.compile(pattern)
    fast = anchored(rx)
    assert isinstance(fast, Anchored)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in rx.finditer(text)]
    assert [m.span() for m in fast.finditer(text)] == spans


def test_a_pattern_the_engine_skips_through_itself_is_left_alone():
    rx = re.compile(r"(?:体温|发烧)\d+")  # every match begins with 体 or 发
    assert anchored(rx) is rx


def test_integer_keyed_ngrams_are_the_string_ngrams():
    shared = load_artifact().intent.shared
    assert shared is not None and shared.keys is not None
    texts = [
        *_samples(300),
        "",
        " ",
        "😂 a  b",
        "\U0010ffff\U0010ffff",
        "头疼" * 400,
        "a\ud800b" * 30,
    ]
    for text in texts:
        ids, tf = shared._joint_features(text)
        ids2, tf2 = shared._joint_features_by_string(text)
        assert np.array_equal(ids, ids2), text
        assert tf.dtype == tf2.dtype and np.array_equal(tf, tf2), text

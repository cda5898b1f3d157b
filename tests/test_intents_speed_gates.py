"""The cheap tests that skip scans (intents/gates.py, ages.py, redflags.py) skip only
scans that would find nothing: each is compared with the plain reading it replaces."""

import random
import re

import pytest

from intents.ages import (
    _BARE_MONTHS,
    _INFANT_RES,
    _INFANT_RES_GATES,
    _INFANT_RES_WORDS,
    _PREG_CHARS,
    _WEEKS_WORDS,
    _weeks,
    pregnancy_weeks,
)
from intents.gates import held, literal_gates, literal_index, may_hold_all, may_match_all
from intents.normalize import safety_text
from intents.redflags import compiled, respelled

_WORDS = ["孕", "怀孕", "宝宝", "生", "出生", "天", "个月", "周", "+", "老婆", "还有", "停经", "，"]


def _texts(n: int = 400) -> list[str]:
    rng = random.Random(3)
    alphabet = (
        "的了我他她宝孩子生出天月周个多来几孕怀肚有没还停经老婆媳妇才刚满不到大龄，。0123456789+w"
    )
    out = []
    for _ in range(n):
        parts = [rng.choice(_WORDS) if rng.random() < 0.4 else rng.choice(alphabet)]
        parts += [rng.choice(alphabet) for _ in range(rng.randint(0, 20))]
        parts += [rng.choice(_WORDS) for _ in range(rng.randint(0, 3))]
        rng.shuffle(parts)
        out.append("".join(parts))
    return out


def test_held_finds_what_a_substring_test_finds():
    literals = ["孕", "怀孕", "宝宝", "出生", "个月", "+", "]", "^", "-", "\\"]
    index = literal_index(literals)
    for text in [*_texts(), "a]b^c-d\\e", ""]:
        assert held(index, text) == {w for w in literals if w in text}


def test_infant_gates_by_held_words_agree_with_the_pattern_gates():
    pattern_gates = [literal_gates(rx) for rx in _INFANT_RES]
    for text in _texts():
        present = held(_INFANT_RES_WORDS, text)
        for (_, sets), gates in zip(_INFANT_RES_GATES, pattern_gates, strict=True):
            assert may_hold_all(sets, present) == may_match_all(gates, text)


@pytest.mark.parametrize(
    "text",
    [
        "孕三十周了，头疼",
        "我怀孕八个多月，脚肿得厉害",
        "俺媳妇8个月了，肚子一阵一阵疼",
        "离预产期还有两周",
        "停经四十天，见红了",
        "孕晚期，眼睛看东西模糊",
        "35+3周，见红",
        "我老婆32周了",
        "肚子里的娃7个多月了",
        "快临盆了，羊水破了",
    ],
)
def test_a_pregnancy_told_any_way_passes_the_weeks_words(text):
    # the cheap test never hides a reading: whatever _weeks reads, the words are there
    t = safety_text(text)
    assert _WEEKS_WORDS.search(t) or _weeks(t) is None
    assert pregnancy_weeks(t) == _pregnancy_weeks_unguarded(t)


def _pregnancy_weeks_unguarded(text: str) -> float | None:
    """pregnancy_weeks with its older test only (its characters or a bare month count)."""
    if not _PREG_CHARS.search(text) and not ("月" in text and _BARE_MONTHS.search(text)):
        return None
    return _weeks(text)


def test_weeks_words_skip_only_texts_without_a_reading():
    for text in _texts(2000):
        if not _WEEKS_WORDS.search(text):
            assert _weeks(text) is None
        assert pregnancy_weeks(text) == _pregnancy_weeks_unguarded(text)


def test_ordinary_long_message_skips_the_pregnancy_scans():
    t = safety_text("医生您好，我有高血压好几年了，最近没有什么不舒服，就是想问问要不要换药")
    assert _WEEKS_WORDS.search(t) is None
    assert pregnancy_weeks(t) is None


def _respelled_in_order(text: str) -> str:
    """The rewrites tried one by one in catalogue order, each when a literal of its gate
    occurs (the reading ``respelled`` must give)."""
    cat = compiled()
    for rx, replacement, gate in cat.respell:
        if not any(lit in text for lit in gate):
            continue
        text = rx.sub(lambda m, r=replacement: r if len(r) == len(m.group(0)) else m.group(0), text)
    return text


def test_respelled_tries_the_same_rewrites_in_the_same_order():
    cat = compiled()
    literals = sorted({lit for _, _, gate in cat.respell for lit in gate})
    rng = random.Random(5)
    fillers = list("我孩子被狗猫蛇了一口今天头疼吃药要，")
    for _ in range(300):
        parts = [rng.choice(literals) for _ in range(rng.randint(1, 4))]
        parts += [rng.choice(fillers) for _ in range(rng.randint(0, 12))]
        rng.shuffle(parts)
        text = safety_text("".join(parts))
        assert respelled(text, cat) == _respelled_in_order(text)
    assert re.search("咬", respelled(safety_text("被狗药了一口"), cat))

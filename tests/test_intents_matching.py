"""The shortcuts of the matchers give the answers of the plain algorithms they stand for."""

import random
import re

import pytest

from intents.gates import literal_gate, may_match
from intents.knowledge import TermIndex, load_knowledge
from intents.normalize import _respell_regional, glossary, safety_text
from intents.redflags import compiled

SAMPLES = [
    "发烧39度两天了，血压180/110，心率130",
    "宝宝2个月，体温38.5，吃了10片药",
    "我妈量了血压190、100，血糖2.8",
    "呼吸30次，血氧85，脉搏40",
    "胸口疼了20多分钟，出了200毫升血",
    "从3米高的地方摔下来，昏迷了6个小时",
    "头疼好几天了，挂什么科",
]


def _texts(n: int = 3000) -> list[str]:
    rng = random.Random(11)
    words = [*load_knowledge().lexicon, *compiled().words.terms]
    pieces = [*SAMPLES, "，", "。", "38度", "120/80", "3天", "5小时", "没有", "不"]
    out = list(SAMPLES)
    for _ in range(n):
        out.append("".join(rng.choice(rng.choice((words, pieces))) for _ in range(6)))
    return out


def test_a_quantity_is_only_skipped_when_it_cannot_match():
    texts = [safety_text(t) for t in _texts()]
    for rx, gate, _ in compiled().quantities:
        assert gate, rx.pattern  # every catalogue quantity has a cheap test today
        for text in texts:
            if rx.search(text):
                assert any(g in text for g in gate), (rx.pattern, text)


def test_a_marker_is_only_skipped_when_it_cannot_match():
    cat = compiled()
    texts = [safety_text(t) for t in _texts()]
    texts += [
        "请问要不要吃药",
        "可能是累了吧",
        "明天再去看行吗",
        "想挂个心理科的号",
        "不知道算不算严重",
    ]
    for name, rx in cat.markers.items():
        gate = cat.marker_gates[name]
        for text in texts:
            if rx.search(text):
                assert may_match(gate, text), (name, text)


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        (r"(\d+)\s*(?:天|日)", ("天", "日")),
        (r"(?:血压|高压)[^，]{0,6}(\d{3})", ("血压", "高压")),
        (r"血糖(\d+)", ("血糖",)),
        (r"(\d+)\s*多?分钟", ("分钟",)),
        (r"\d+[片粒]", ("片", "粒")),
        (r"(\d+)(?:ml)?", None),  # nothing is required
        (r"(?i)(\d+)ml", None),  # case-insensitive: no literal test
        (r"(?i:ml)(\d+)", None),
        (r"[^度](\d+)", None),
    ],
)
def test_literal_gates(pattern, gate):
    assert literal_gate(re.compile(pattern)) == gate


def _greedy(index: TermIndex, text: str) -> list:
    """The plain greedy longest match the index stands for."""
    hits, i = [], 0
    longest = max(map(len, index.terms))
    while i < len(text):
        for length in range(min(longest, len(text) - i), 0, -1):
            payload = index.terms.get(text[i : i + length])
            if payload is not None:
                hits.append((i, i + length, text[i : i + length], payload))
                i += length
                break
        else:
            i += 1
    return hits


def test_term_lookup_is_greedy_longest_match():
    kb = load_knowledge()
    for text in _texts(1500):
        for index in (kb.lexicon_index, kb.alias_index, compiled().words):
            assert index.find(text) == _greedy(index, text), text


def _respell_by_first_character(text: str) -> str:
    """The plain scan the two-character index stands for: at every character that
    starts some entry, the first (longest) entry that is there and allowed."""
    gloss, out, pos = glossary(), [], 0
    for m in gloss.firsts.finditer(text):
        i = m.start()
        if i < pos:
            continue
        for entry in gloss.by_first[text[i]]:
            j = i + len(entry.source)
            if text.startswith(entry.source, i) and entry.allowed(text, i, j):
                out += [text[pos:i], entry.target]
                pos = j
                break
    return "".join([*out, text[pos:]])


def test_regional_words_are_read_at_every_position_an_entry_may_start():
    gloss = glossary()
    rng = random.Random(5)
    sources = [e.source for entries in gloss.by_first.values() for e in entries]
    for _ in range(3000):
        text = "".join(
            rng.choice((rng.choice(sources), *SAMPLES[:3], "我", "不")) for _ in range(4)
        )
        n = len(text)
        got, starts, ends = _respell_regional(text, list(range(n)), list(range(1, n + 1)), gloss)
        assert got == _respell_by_first_character(text), text
        assert len(starts) == len(ends) == len(got)

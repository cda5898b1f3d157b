"""The gated emergencies typed another way are still emergencies: wrapped in courtesy
(a greeting and a lead-in before, thanks and a request for a reply after, pleas and
emoji), buried in a post of calm sentences, typed with no punctuation, or naming the
baby with a regional word.  A seeded sample of the gated sets' single messages, so a
reading that only holds for the way the writers happened to type fails here.  The floors
sit just under what the layer reaches on this sample and above what the code before these
readings reached (greeting 1175, emoji 1194, calm post 1181, no punctuation 1178 of 1,200)."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from redflag_support import emergency

EVAL = Path(__file__).resolve().parents[1] / "intents" / "eval"
SAMPLE = 1200
_STOPS = re.compile(r"[，。！？、；：,.!?;:~～…\"“”'‘’（）()]+")


def _gated_emergencies() -> list[str]:
    texts = []
    for path in sorted(EVAL.glob("red_flags*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("emergency") is True and isinstance(row.get("text"), str):
                texts.append(row["text"])
    return random.Random(29).sample(texts, SAMPLE)


TEXTS = _gated_emergencies()


def _sentence(text: str) -> str:
    return text if text.endswith(("。", "？", "！", "?", "!")) else text + "。"


VARIANTS: dict[str, tuple[Callable[[str], str], float]] = {
    "greeting and lead-in": (lambda t: "医生您好，在吗？我想咨询一下，" + t, 1.0),
    "thanks and a request for a reply": (lambda t: t + "，谢谢大夫，麻烦尽快回复", 1.0),
    "pleas and interjections": (lambda t: t + "！！！急急急，求求了，呜呜呜", 1.0),
    "emoji and stickers": (lambda t: t.replace("，", "😭，", 1) + "[流泪]🙏", 1.0),
    "a post of calm sentences": (
        lambda t: "家里离医院远，平时很少生病。" + _sentence(t) + "挂号要带身份证吗？",
        0.99,
    ),
    "no punctuation": (lambda t: _STOPS.sub("", t), 0.99),
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_an_emergency_typed_another_way_is_still_one(name):
    change, floor = VARIANTS[name]
    changed = [change(t) for t in TEXTS]
    missed = [t for t in changed if not emergency(t)]
    assert 1 - len(missed) / len(changed) >= floor, (name, missed[:10])


BABY_WORDS = ["毛毛", "宝儿", "小毛头", "伢伢", "崽崽", "小baby"]


@pytest.mark.parametrize("word", BABY_WORDS)
def test_the_baby_named_by_a_regional_word_is_still_the_baby(word):
    about_babies = [
        json.loads(line)["text"]
        for path in sorted(EVAL.glob("red_flags*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if '"emergency": true' in line and "宝宝" in line and '"text"' in line
    ]
    sample = random.Random(29).sample(about_babies, 150)
    missed = [t for t in (s.replace("宝宝", word) for s in sample) if not emergency(t)]
    assert len(missed) <= 2, (word, missed)

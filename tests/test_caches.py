"""What the hot path remembers, and that it remembers only what is pure: the NLU parse of
an identical (text, context), and the text of a template with plain-data values."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import intents
from bot.clock import SHANGHAI
from bot.config import Department
from bot.nlu import ParseCache
from bot.render import Texts, text_helper

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)


def _corpus() -> list[str]:
    lines = (ROOT / "tests" / "data" / "nlu_holdout.jsonl").read_text(encoding="utf-8")
    texts = [json.loads(line)["text"] for line in lines.splitlines() if line.strip()]
    return [*texts[:150], "", "😀", "我要挂号", "明天上午的眼科", "孩子发烧两天了，还一直咳嗽"]


def test_a_cached_parse_is_the_parse() -> None:
    """Pure: for each text and context, the answer from memory equals a fresh parse by
    `intents.parse` (the oracle), on the second call as on the first."""
    cache = ParseCache()
    contexts: list[dict[str, Any]] = [
        {"today": TODAY},
        {"today": date(2026, 12, 31)},
        {"today": TODAY, "prior_text": "疼", "clarify_turns": 1, "asked": ["location"]},
    ]
    for text in _corpus():
        for context in contexts:
            fresh = intents.parse(text, context)
            assert cache(text, context) == fresh
            assert cache(text, context) == fresh  # from memory
    assert len(cache.entries) == len({(t, i) for t in _corpus() for i in range(3)})


def test_a_cached_parse_is_a_copy_and_keys_on_the_whole_context() -> None:
    calls: list[tuple[str, dict[str, Any]]] = []

    def parse(text: str, context: dict[str, Any]) -> dict[str, Any]:
        calls.append((text, context))
        day = str(context.get("today", "wall clock"))
        return {"text": text, "entities": [{"entity": "date", "value": day}]}

    cache = ParseCache(parse=parse)
    first = cache("明天", {"today": TODAY})
    first["entities"].append({"entity": "changed by a caller"})
    first["text"] = "x"
    again = cache("明天", {"today": TODAY})
    assert again == {"text": "明天", "entities": [{"entity": "date", "value": "2026-11-25"}]}
    assert len(calls) == 1
    # Another day, another question asked, or no day at all: parsed again.
    cache("明天", {"today": date(2026, 11, 26)})
    cache("明天", {"today": TODAY, "asked": ["age"]})
    cache("明天", {"today": TODAY, "asked": ["sex"]})
    cache("明天", {})  # no `today`: the model would read the wall clock, never cached
    cache("明天", {})
    assert len(calls) == 6


def test_the_ranking_of_a_cached_parse_is_a_copy_in_its_place() -> None:
    cache = ParseCache()
    first = cache("我要挂号", {"today": TODAY})
    first["intent_ranking"][0]["confidence"] = -1.0
    first["intent_ranking"].append({"name": "changed by a caller"})
    again = cache("我要挂号", {"today": TODAY})
    assert again == intents.parse("我要挂号", {"today": TODAY})
    assert list(again) == list(intents.parse("我要挂号", {"today": TODAY}))  # key order
    again["intent_ranking"][1]["name"] = "changed again"
    assert cache("我要挂号", {"today": TODAY}) == intents.parse("我要挂号", {"today": TODAY})


def test_cached_parses_expire_and_are_bounded() -> None:
    now = [100.0]
    calls: list[str] = []

    def parse(text: str, context: dict[str, Any]) -> dict[str, Any]:
        calls.append(text)
        return {"text": text}

    cache = ParseCache(size=2, ttl=60.0, parse=parse, clock=lambda: now[0])
    cache("a", {"today": TODAY})
    now[0] += 59
    cache("a", {"today": TODAY})
    assert calls == ["a"]
    now[0] += 2  # 61 s after the first parse
    cache("a", {"today": TODAY})
    assert calls == ["a", "a"]
    cache("b", {"today": TODAY})
    cache("c", {"today": TODAY})  # the least recently used ("a") goes
    cache("a", {"today": TODAY})
    assert calls == ["a", "a", "b", "c", "a"]


def _texts() -> Texts:
    hospital = {"name": "示例医院", "phone": "0571-88888888", "short_name": "市一院"}
    return Texts({}, hospital, "http://h.example")


def test_a_remembered_text_is_the_rendered_text() -> None:
    texts = _texts()
    values: dict[str, Any] = {"code": "limit_week", "details": {"limit": 3}}
    expected = "同一就诊人每周最多预约 3 个号，您已达到上限。"
    assert texts.render("booking/refused.j2", **values) == expected
    assert texts.render("booking/refused.j2", **values) == expected
    assert len(texts.rendered) == 1
    # Other values, another text (the key is the values, not their identity).
    values["details"]["limit"] = 4
    assert texts.render("booking/refused.j2", **values) == (
        "同一就诊人每周最多预约 4 个号，您已达到上限。"
    )
    assert len(texts.rendered) == 2


def test_values_that_are_not_plain_data_are_rendered_every_time() -> None:
    class Limit:
        def __init__(self) -> None:
            self.limit = 3

        def get(self, key: str, default: Any = None) -> Any:
            return getattr(self, key, default)

        def __getitem__(self, key: str) -> Any:
            return getattr(self, key)

    texts = _texts()
    details = Limit()
    first = texts.render("booking/refused.j2", code="limit_week", details=details)
    details.limit = 5  # same object, new content: must not be answered from memory
    second = texts.render("booking/refused.j2", code="limit_week", details=details)
    assert (first, second) == (
        "同一就诊人每周最多预约 3 个号，您已达到上限。",
        "同一就诊人每周最多预约 5 个号，您已达到上限。",
    )
    assert texts.rendered == {}
    # 1, 1.0 and True are different values to a template.
    keys = {
        texts.render("booking/refused.j2", code="limit_week", details={"limit": v})
        for v in (1, 1.0, True)
    }
    assert len(keys) == 3


def test_frozen_dataclasses_of_plain_data_are_remembered_by_value() -> None:
    texts = _texts()
    values = {"top": {"name": "儿科", "reason": "r", "confidence": 0.9}}
    first = texts.render(
        "triage/recommend.j2", dept=Department("peds", "儿科", "妇儿楼 1 层"), **values
    )
    again = texts.render(
        "triage/recommend.j2", dept=Department("peds", "儿科", "妇儿楼 1 层"), **values
    )
    assert again == first and len(texts.rendered) == 1  # an equal department: remembered
    assert first.startswith("建议您挂【儿科】（妇儿楼 1 层）。")
    moved = texts.render(
        "triage/recommend.j2", dept=Department("peds", "儿科", "门诊楼 2 层"), **values
    )
    assert moved.startswith("建议您挂【儿科】（门诊楼 2 层）。") and len(texts.rendered) == 2


def test_equal_instants_in_two_zones_are_two_texts() -> None:
    """An aware datetime equals the same instant in another zone, but a template that
    formats it as given prints a different time: the zone is part of what is remembered."""
    texts = _texts()
    opens_utc = datetime(2026, 11, 26, 0, 30, tzinfo=UTC)
    opens_local = opens_utc.astimezone(SHANGHAI)
    assert opens_utc == opens_local
    utc = texts.render("booking/refused.j2", code="not_released", details={"opens": opens_utc})
    local = texts.render("booking/refused.j2", code="not_released", details={"opens": opens_local})
    assert utc == "该日号源将于 11月26日 00:30 放出，请届时再来预约。"
    assert local == "该日号源将于 11月26日 08:30 放出，请届时再来预约。"
    assert len(texts.rendered) == 2


class _Names:
    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    @text_helper
    def dept_name(self, code: str) -> str:
        return self.names.get(code, code)

    def live_name(self, code: str) -> str:  # not marked: may change while running
        return self.names.get(code, code)


def test_text_helpers_and_time_zones_are_remembered_by_identity() -> None:
    """Replies render with `dept_name=booking.dept_name` and `tz=...`: a method marked
    `text_helper` (pure for its object) and a time zone key the text like plain data;
    the same function of another object is another text, an unmarked method none."""
    texts = _texts()
    names = _Names({"peds": "儿科"})
    first = texts.render(
        "booking/need_patient.j2", max_patients=5, dept_name=names.dept_name, tz=SHANGHAI
    )
    again = texts.render(
        "booking/need_patient.j2", max_patients=5, dept_name=names.dept_name, tz=SHANGHAI
    )
    assert again == first and len(texts.rendered) == 1
    other = _Names({"peds": "小儿科"})
    texts.render("booking/need_patient.j2", max_patients=5, dept_name=other.dept_name, tz=SHANGHAI)
    assert len(texts.rendered) == 2
    texts.render("booking/need_patient.j2", max_patients=5, dept_name=names.live_name, tz=SHANGHAI)
    assert len(texts.rendered) == 2

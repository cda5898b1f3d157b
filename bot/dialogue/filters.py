"""Filters select a handler and hand it what they matched (aiogram's magic filters).

A filter is called with the `Context` and returns None (no match) or the keyword
arguments it provides to the handler:

    @router.state(PatientFlow.relation, Choice())     # "3", "３", "第三个", "三" -> n=3
    async def relation(ctx: Context, n: int) -> Reply: ...

    @router.command("删除就诊人{n}")                  # a command with a number in it
    async def remove(ctx: Context, patients: PatientService, n: int) -> Reply: ...
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from bot.dialogue.context import Context

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
NUMERALS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
NUMBER = r"\d{1,2}|十|十[一二三四五六七八九]|[一二两三四五六七八九]"
_CHOICE = re.compile(rf"^(?:第|选|选择)?({NUMBER})(?:个|号|项|位)?$")


def normalize_command(text: str) -> str:
    """What commands and word lists compare: no spaces, no closing punctuation, lower
    case, ASCII digits."""
    return "".join(text.split()).translate(_FULLWIDTH).strip("。.!！?？~～").lower()


def to_number(token: str) -> int:
    """ "12" -> 12, "三" -> 3, "十二" -> 12."""
    if token.isdigit():
        return int(token)
    if token.startswith("十"):
        return 10 + (NUMERALS[token[1]] if len(token) > 1 else 0)
    return NUMERALS[token]


def parse_choice(text: str) -> int | None:
    """A numbered choice: "2", "２", "第2个", "二", "选二" -> 2; anything else None."""
    m = _CHOICE.match(normalize_command(text or ""))
    return to_number(m.group(1)) if m else None


class Filter:
    """Base class: `provides` names the keyword arguments a match hands the handler."""

    provides: ClassVar[tuple[str, ...]] = ()

    def __call__(self, ctx: Context) -> Mapping[str, Any] | None:
        raise NotImplementedError


class Choice(Filter):
    """A numbered choice (digits, full-width digits, 中文 numerals) → `n`."""

    provides = ("n",)

    def __call__(self, ctx: Context) -> Mapping[str, Any] | None:
        n = parse_choice(ctx.msg.text)
        return {"n": n} if n else None


class Words(Filter):
    """The whole message is one of these words (after `normalize_command`)."""

    def __init__(self, *words: str) -> None:
        self.words = frozenset(normalize_command(w) for w in words)

    def __call__(self, ctx: Context) -> Mapping[str, Any] | None:
        return {} if ctx.command in self.words else None


class AnyText(Filter):
    """Any non-empty text → `text` (stripped)."""

    provides = ("text",)

    def __call__(self, ctx: Context) -> Mapping[str, Any] | None:
        text = ctx.msg.text.strip()
        return {"text": text} if text else None


class Pattern(Filter):
    """A command template: literal text with `{n}` for a number, e.g. "删除就诊人{n}"."""

    def __init__(self, template: str) -> None:
        literal = normalize_command(template.replace("{n}", "\x00"))
        parts = [re.escape(p) for p in literal.split("\x00")]
        self.regex = re.compile("^" + f"(?P<n>{NUMBER})".join(parts) + "$")
        self.provides = ("n",) if len(parts) > 1 else ()  # type: ignore[misc]

    def __call__(self, ctx: Context) -> Mapping[str, Any] | None:
        m = self.regex.match(ctx.command)
        if m is None:
            return None
        return {"n": to_number(m.group("n"))} if "n" in m.groupdict() else {}


FilterLike = Filter | Callable[["Context"], Mapping[str, Any] | None]

"""Catalog helpers shared by the booking chat, H5 pages and the queue: finding a
department from what the patient typed, reading a numbered choice, naming a day."""

from __future__ import annotations

import re
from datetime import date

from bot.config import Department, Settings

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
# Chinese numerals a patient types for a choice ("选二"), shared by every numbered list.
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
_CHOICE = re.compile(r"^(?:第|选|选择)?(\d{1,2}|[一二两三四五六七八九])(?:个|号|项)?$")


def resolve_department(settings: Settings, text: str) -> Department | None:
    """Exact name or code, else the one department whose name contains the text (or
    is contained in it: "我想挂眼科的号" -> 眼科)."""
    t = "".join((text or "").split())
    if not t:
        return None
    exact = settings.department(t)
    if exact:
        return exact
    inside = [d for d in settings.departments if d.name in t]
    if inside:
        return max(inside, key=lambda d: len(d.name))
    partial = [d for d in settings.departments if t in d.name]
    return partial[0] if len(partial) == 1 else None


def parse_choice(text: str) -> int | None:
    """ "2", "２", "第2个", "二" -> 2."""
    t = "".join((text or "").split()).translate(_FULLWIDTH).strip("。.!！")
    m = _CHOICE.match(t)
    if not m:
        return None
    token = m.group(1)
    return int(token) if token.isdigit() else NUMERALS[token]


def day_label(day: date, today: date) -> str:
    delta = (day - today).days
    named = {0: "今天", 1: "明天", 2: "后天"}.get(delta)
    base = f"{day.month}月{day.day}日{WEEKDAYS[day.weekday()]}"
    return f"{base}（{named}）" if named else base


def parse_day(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None

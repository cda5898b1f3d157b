"""Catalog helpers shared by the booking chat and H5 pages: finding a department from
what the patient typed, reading a day the NLU extracted."""

from __future__ import annotations

from datetime import date

from bot.config import Department, Settings


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


def parse_day(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None

"""Pure rules of staff work: the `console:` settings, the compose form, who may reach
whom, who may approve, and how patients' details are masked on a staff screen.

Who may broadcast (`may_act`): an admin anywhere; a nurse only inside her departments
and wards, never to everyone (all followers, or every department's appointments on a
day). The scope is worked out from the audience on the server (`scope_of`), whatever
the form claims. Above `console.approval_threshold` recipients a second staff member
must approve before it starts: not its author, and someone who could have sent it
(an admin, or a nurse covering every department and ward it reaches).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.config import ConfigError
from handlers.staff.models import AUDIENCE_KINDS, AudienceChoice, Scope, Staff, StaffError

TITLE_MAX = 40
BODY_MAX = 600
URL_MAX = 500
_CARD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,31}")
_CARD_SPLIT = re.compile(r"[\s,;，；、]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CODE = re.compile(r"[a-z0-9_-]{1,32}")


@dataclass(frozen=True)
class ConsoleRules:
    """config.yml `console:`, validated at start-up."""

    approval_threshold: int = 500  # recipients; above this a second staff member approves
    idle_timeout_minutes: int = 30  # a session unused this long is over
    session_max_hours: int = 12  # and any session after this long
    login_failures_per_user: int = 5  # failed logins per username within the lock window ...
    login_failures_per_ip: int = 20  # ... or per client address, then logins are refused
    login_lock_minutes: int = 15  # the window failed logins are counted in
    max_cards: int = 5000  # card numbers in one uploaded list


_LIMITS: dict[str, tuple[int, int]] = {
    "approval_threshold": (1, 10_000_000),
    "idle_timeout_minutes": (1, 24 * 60),
    "session_max_hours": (1, 24 * 7),
    "login_failures_per_user": (1, 1000),
    "login_failures_per_ip": (1, 100_000),
    "login_lock_minutes": (1, 24 * 60),
    "max_cards": (1, 100_000),
}


def parse_console(section: Mapping[str, Any]) -> ConsoleRules:
    values: dict[str, int] = {}
    for key, value in section.items():
        if key not in _LIMITS:
            known = ", ".join(_LIMITS)
            raise ConfigError(f"console.{key}: unknown setting. Fix: use one of {known}.")
        lo, hi = _LIMITS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            default = getattr(ConsoleRules, key)
            raise ConfigError(
                f"console.{key}: must be a whole number from {lo} to {hi}, got {value!r}. "
                f"Fix: e.g. `{key}: {default}`."
            )
        values[key] = value
    return ConsoleRules(**values)


# --- the compose form ---------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    title: str
    body: str
    url: str


def _clean(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n")).strip()


def parse_draft(form: Mapping[str, str]) -> Draft:
    """Title, body and an optional link, or StaffError naming what to fix."""
    title, body, url = (_clean(str(form.get(k) or "")) for k in ("title", "body", "url"))
    if not title or len(title) > TITLE_MAX:
        raise StaffError("title", max=TITLE_MAX)
    if not body or len(body) > BODY_MAX:
        raise StaffError("body", max=BODY_MAX)
    if url and (
        len(url) > URL_MAX or not re.fullmatch(r"https?://[^\s<>\"']+", url) or "\n" in url
    ):
        raise StaffError("url", max=URL_MAX)
    return Draft(title, body, url)


def parse_cards(text: str, limit: int) -> tuple[list[str], list[str], int]:
    """An uploaded list (CSV or plain text: one or many per line, any separator) →
    (valid card numbers in order, invalid entries, duplicates dropped). A header cell
    such as 卡号 / card_no counts as invalid, which is what a nurse should see."""
    cards: list[str] = []
    invalid: list[str] = []
    seen: set[str] = set()
    duplicates = 0
    for raw in _CARD_SPLIT.split(text.replace('"', " ").replace("'", " ")):
        item = raw.strip()
        if not item:
            continue
        if not _CARD.fullmatch(item):
            invalid.append(item[:40])
            continue
        key = item.upper()
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        cards.append(item)
    if len(cards) > limit:
        raise StaffError("too_many_cards", max=limit, got=len(cards))
    return cards, invalid, duplicates


def _day(text: str, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StaffError("date", field=field) from None


def parse_audience(form: Mapping[str, str], cards: tuple[str, ...] = ()) -> AudienceChoice:
    kind = str(form.get("audience") or "")
    if kind not in AUDIENCE_KINDS:
        raise StaffError("audience")
    if kind == "followers":
        return AudienceChoice("followers")
    if kind == "ward":
        ward = _clean(str(form.get("ward") or ""))
        if not ward or len(ward) > 40:
            raise StaffError("ward")
        return AudienceChoice("ward", ward=ward)
    if kind == "cards":
        if not cards:
            raise StaffError("no_cards")
        return AudienceChoice("cards", cards=cards)
    department = str(form.get("department") or "").strip()
    doctor_id = str(form.get("doctor_id") or "").strip()
    if department and not _CODE.fullmatch(department):
        raise StaffError("department")
    if len(doctor_id) > 64:
        raise StaffError("doctor")
    day_from = _day(str(form.get("day_from") or "").strip(), "day_from")
    day_to = _day(str(form.get("day_to") or "").strip(), "day_to")
    if day_from and day_to and day_to < day_from:
        raise StaffError("date_order")
    if not (department or doctor_id or day_from or day_to):
        raise StaffError("appointments_empty")
    return AudienceChoice(
        "appointments",
        department=department,
        doctor_id=doctor_id,
        day_from=day_from,
        day_to=day_to,
    )


# --- who may do what ----------------------------------------------------------------


def scope_of(choice: AudienceChoice, doctor_department: str = "") -> Scope:
    """The part of the hospital an audience reaches (not for card lists: `card_scope`).
    `doctor_department`: the department of `choice.doctor_id`, looked up by the caller."""
    if choice.kind == "followers":
        return Scope(everyone=True)
    if choice.kind == "ward":
        return Scope(wards=frozenset({choice.ward}))
    if choice.kind == "appointments":
        departments = {d for d in (choice.department, doctor_department) if d}
        if not departments:
            return Scope(everyone=True)  # a date range alone: every department's patients
        return Scope(departments=frozenset(departments))
    raise ValueError(f"scope_of: {choice.kind} has no fixed scope")


def may_act(staff: Staff, scope: Scope) -> bool:
    """May `staff` send to (or approve, pause ... a broadcast of) this scope?"""
    if staff.is_admin:
        return True
    if scope.everyone or not (scope.departments or scope.wards):
        return False
    return scope.departments <= set(staff.departments) and scope.wards <= set(staff.wards)


def needs_approval(recipients: int, rules: ConsoleRules) -> bool:
    return recipients > rules.approval_threshold


def may_approve(staff: Staff, author: str, scope: Scope) -> bool:
    return staff.username != author and may_act(staff, scope)


# --- masking ------------------------------------------------------------------------


def mask_name(name: str) -> str:
    """张三 → 张*, 王小明 → 王*明, 欧阳娜娜 → 欧**娜."""
    if not name:
        return ""
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_card(card: str) -> str:
    """A0001 → A0**1: enough to tell cards apart on a screen, not to use one."""
    if len(card) <= 3:
        return "*" * len(card)
    return card[:2] + "*" * (len(card) - 3) + card[-1]


def mask_openid(openid: str) -> str:
    if len(openid) <= 8:
        return "*" * len(openid)
    return openid[:4] + "****" + openid[-4:]

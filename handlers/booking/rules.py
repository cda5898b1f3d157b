"""Booking rules, pure: config.yml `booking:` validated once at start-up, session times,
bands, release, and THE patient rules (`check_standing`) shared by booking and the
waitlist. Nothing here touches storage or the clock: `now` is always passed in.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import ConfigError, number
from handlers.booking.models import PatientRef, Slots, Standing
from handlers.his.models import SESSIONS, HISError, Schedule

DEFAULT_SESSIONS = {
    "上午": ("08:00", "12:00"),
    "下午": ("13:30", "17:30"),
    "夜间": ("18:00", "21:00"),
}


def _hhmm(value: Any, where: str) -> time:
    try:
        hh, mm = str(value).split(":")
        return time(int(hh), int(mm))
    except (ValueError, TypeError) as exc:
        raise ConfigError(f'booking.{where}: {value!r} must be HH:MM. Fix: e.g. "07:00".') from exc


@dataclass(frozen=True)
class BookingRules:
    tz: ZoneInfo
    window_days: int = 7
    release_time: time = time(7, 0)
    sessions: dict[str, tuple[time, time]] = field(default_factory=dict)
    band_minutes: int = 30
    limit_per_day: int = 3
    limit_per_week: int = 6
    limit_per_month: int = 12
    max_active_per_account: int = 6
    cancel_until: time = time(0, 0)
    hold_minutes: int = 15
    no_show_threshold: int = 3
    no_show_window_days: int = 90
    ban_days: int = 30
    waitlist_offer_minutes: int = 10
    minutes_per_patient: float = 8.0
    checkin_token_minutes: int = 1440
    staff_token: str = ""

    # --- time helpers -------------------------------------------------------------
    def session_bounds(self, day: date, session: str) -> tuple[datetime, datetime]:
        start, end = self.sessions[session]
        return (datetime.combine(day, start, self.tz), datetime.combine(day, end, self.tz))

    def band_starts(self, session: str) -> list[tuple[str, str]]:
        start, end = self.sessions[session]
        t = datetime.combine(date(2000, 1, 1), start)
        stop = datetime.combine(date(2000, 1, 1), end)
        out = []
        while t < stop:
            nxt = min(t + timedelta(minutes=self.band_minutes), stop)
            out.append((t.strftime("%H:%M"), nxt.strftime("%H:%M")))
            t = nxt
        return out

    def release_at(self, day: date) -> datetime:
        """The newest bookable day opens `window_days - 1` days ahead at release_time."""
        opens = day - timedelta(days=self.window_days - 1)
        return datetime.combine(opens, self.release_time, self.tz)

    def cancel_deadline(self, day: date) -> datetime:
        return datetime.combine(day, self.cancel_until, self.tz)

    def bookable_days(self, now: datetime) -> list[date]:
        today = now.astimezone(self.tz).date()
        days = [today + timedelta(days=i) for i in range(self.window_days)]
        return [d for d in days if self.release_at(d) <= now]


def parse_rules(section: dict[str, Any], tz: ZoneInfo) -> BookingRules:
    def num(key: str, default: float, lo: float, hi: float, integer: bool = True) -> Any:
        return number(section, "booking", key, default, lo=lo, hi=hi, integer=integer)

    sessions_raw = section.get("sessions") or DEFAULT_SESSIONS
    if not isinstance(sessions_raw, dict):
        raise ConfigError(
            "booking.sessions: must map 上午/下午/夜间 to [start, end]. "
            'Fix: e.g. 上午: ["08:00", "12:00"].'
        )
    sessions: dict[str, tuple[time, time]] = {}
    for name, bounds in sessions_raw.items():
        if name not in SESSIONS:
            raise ConfigError(f"booking.sessions: unknown session {name!r}. Fix: use {SESSIONS}.")
        if not isinstance(bounds, (list, tuple)) or len(bounds) != 2:
            raise ConfigError(
                f'booking.sessions.{name}: must be [start, end]. Fix: e.g. ["08:00", "12:00"].'
            )
        start, end = _hhmm(bounds[0], f"sessions.{name}"), _hhmm(bounds[1], f"sessions.{name}")
        if start >= end:
            raise ConfigError(
                f"booking.sessions.{name}: start must be before end. Fix: swap the two times."
            )
        sessions[name] = (start, end)
    return BookingRules(
        tz=tz,
        window_days=num("window_days", 7, 1, 60),
        release_time=_hhmm(section.get("release_time", "07:00"), "release_time"),
        sessions=sessions,
        band_minutes=num("band_minutes", 30, 5, 240),
        limit_per_day=num("limit_per_day", 3, 1, 50),
        limit_per_week=num("limit_per_week", 6, 1, 100),
        limit_per_month=num("limit_per_month", 12, 1, 300),
        max_active_per_account=num("max_active_per_account", 6, 1, 100),
        cancel_until=_hhmm(section.get("cancel_until", "00:00"), "cancel_until"),
        hold_minutes=num("hold_minutes", 15, 1, 24 * 60),
        no_show_threshold=num("no_show_threshold", 3, 1, 100),
        no_show_window_days=num("no_show_window_days", 90, 1, 3650),
        ban_days=num("ban_days", 30, 1, 3650),
        waitlist_offer_minutes=num("waitlist_offer_minutes", 10, 1, 24 * 60),
        minutes_per_patient=num("minutes_per_patient", 8, 0.5, 120, integer=False),
        checkin_token_minutes=num("checkin_token_minutes", 1440, 1, 30 * 1440),
        staff_token=str(section.get("staff_token") or ""),
    )


def week_key(day: date) -> str:
    return (day - timedelta(days=day.weekday())).isoformat()


def month_key(day: date) -> str:
    return day.isoformat()[:7]


def limit_window(day: date) -> tuple[str, str]:
    """[first, after-last) ISO days covering the week and the month of `day`."""
    week0 = day - timedelta(days=day.weekday())
    lo = min(week0, day.replace(day=1))
    nxt = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    hi = max(week0 + timedelta(days=6), nxt - timedelta(days=1)) + timedelta(days=1)
    return lo.isoformat(), hi.isoformat()


def free_slot(used: list[int | None], limit: int, code: str) -> int:
    """The lowest number in 1..limit not taken; HISError(code) when `limit` are counted."""
    taken = {u for u in used if u is not None}
    free = next((n for n in range(1, limit + 1) if n not in taken), None)
    if len(used) >= limit or free is None:
        raise HISError(code, limit=limit)
    return free


def appointment_id_for(idem_key: str | None) -> str:
    """A retried action (same idempotency key) gets the same appointment id."""
    if not idem_key:
        return "ap" + uuid.uuid4().hex[:22]
    return "ap" + hashlib.sha256(idem_key.encode()).hexdigest()[:22]


def check_time(r: BookingRules, s: Schedule, now: datetime) -> None:
    """Released, inside the window, not started, not stopped; else HISError."""
    if s.status != "open":
        raise HISError("stopped", schedule=s)
    if s.day > now.date() + timedelta(days=r.window_days - 1):
        raise HISError("beyond_window", days=r.window_days)
    if now < r.release_at(s.day):
        raise HISError("not_released", opens=r.release_at(s.day))
    if now >= s.starts_at:
        raise HISError("closed", schedule=s)


def open_for_booking(r: BookingRules, s: Schedule, now: datetime) -> bool:
    """Released, not yet started, inside the window and not stopped (full or not)."""
    return s.status == "open" and s.day in r.bookable_days(now) and now < s.starts_at


def takes_same_day(p: PatientRef) -> bool:
    """Same-day places are paid online at once: only with a bound hospital card."""
    return bool(p.card_no)


def check_standing(
    r: BookingRules, p: PatientRef, s: Schedule, now: datetime, st: Standing
) -> Slots:
    """THE patient rules, for booking and the waitlist alike: bans, unverified ID without
    a card, same-day card, per-ID day/week/month limits, active appointments per account.
    Returns the slots the new appointment takes; raises HISError."""
    for until in (st.banned_until, st.account_banned_until):
        if until is not None and until > now:
            raise HISError("banned", until=until.astimezone(r.tz), threshold=r.no_show_threshold)
    if p.needs_card and not p.card_no:
        raise HISError("unverified_id_needs_card", name=p.name)
    if s.day == now.date() and not takes_same_day(p):
        raise HISError("same_day_needs_card")
    week, month = week_key(s.day), month_key(s.day)
    return Slots(
        day=free_slot(
            [c.slot_day for c in st.counted if c.day == s.day], r.limit_per_day, "limit_day"
        ),
        week=free_slot(
            [c.slot_week for c in st.counted if week_key(c.day) == week],
            r.limit_per_week,
            "limit_week",
        ),
        month=free_slot(
            [c.slot_month for c in st.counted if month_key(c.day) == month],
            r.limit_per_month,
            "limit_month",
        ),
        account=free_slot(list(st.account), r.max_active_per_account, "limit_account"),
    )

"""Schedule rules: config.yml `booking:` validated once, session times, bands, release.

Every time computation takes `now` from `services.clock`, so tests move time with a
FrozenClock and production follows the wall clock in the hospital's zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.config import ConfigError
from handlers.his import SESSIONS

if TYPE_CHECKING:
    from bot.services import Services

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
        value = section.get(key, default)
        try:
            n = int(value) if integer else float(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"booking.{key}: must be a number, got {value!r}.") from exc
        if not lo <= n <= hi:
            raise ConfigError(f"booking.{key}: {n} is out of range. Fix: use {lo}..{hi}.")
        return n

    sessions_raw = section.get("sessions") or DEFAULT_SESSIONS
    if not isinstance(sessions_raw, dict):
        raise ConfigError("booking.sessions: must map 上午/下午/夜间 to [start, end].")
    sessions: dict[str, tuple[time, time]] = {}
    for name, bounds in sessions_raw.items():
        if name not in SESSIONS:
            raise ConfigError(f"booking.sessions: unknown session {name!r}. Fix: use {SESSIONS}.")
        if not isinstance(bounds, (list, tuple)) or len(bounds) != 2:
            raise ConfigError(f"booking.sessions.{name}: must be [start, end].")
        start, end = _hhmm(bounds[0], f"sessions.{name}"), _hhmm(bounds[1], f"sessions.{name}")
        if start >= end:
            raise ConfigError(f"booking.sessions.{name}: start must be before end.")
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


def rules_for(services: Services) -> BookingRules:
    rules = services.extras.get("booking_rules")
    if rules is None:
        rules = services.extras["booking_rules"] = parse_rules(
            services.settings.section("booking"), services.settings.tz
        )
    return rules  # type: ignore[no-any-return]

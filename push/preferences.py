"""What a patient lets us send, and when: the opt-out of non-essential notices and the
hospital's quiet hours, applied when a notice is delivered (`PushService.deliver`).

Essential notices (停诊, an expired hold, a payment about to lapse, a waitlist offer,
"请到X诊室") always go, at any hour. A non-essential one (the evening-before and 取号
reminders, "前面还有N人", a report or medicine ready, the survey) is dropped, recorded
as `opted_out`, for a patient who sent 「退订提醒」, and held back to the end of the
quiet hours when it falls inside them (dropped as expired if that is past its
`not_after`).

```yaml
push:
  quiet_hours: {start: "21:00", end: "08:00"}   # hospital time; empty: none
```
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, ClassVar

from pymongo import IndexModel
from pymongo.errors import DuplicateKeyError

from bot.config import ConfigError
from bot.storage import Repository


@dataclass(frozen=True)
class QuietHours:
    """A daily window (may cross midnight) in the hospital's time zone."""

    start: time
    end: time

    def contains(self, local: datetime) -> bool:
        t = local.timetz().replace(tzinfo=None)
        if self.start <= self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def ends_after(self, local: datetime) -> datetime | None:
        """The end of the quiet hours `local` falls in; None outside them."""
        if not self.contains(local):
            return None
        end = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return end if end > local else end + timedelta(days=1)


def _hhmm(value: Any, where: str) -> time:
    try:
        hour, minute = str(value).split(":")
        return time(int(hour), int(minute))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f'{where}: {value!r} is not a time. Fix: write "HH:MM".') from exc


def parse_quiet_hours(section: dict[str, Any]) -> QuietHours | None:
    """`push.quiet_hours`, validated; None when not configured."""
    raw = section.get("quiet_hours")
    if not raw:
        return None
    if not isinstance(raw, dict) or "start" not in raw or "end" not in raw:
        raise ConfigError(
            'push.quiet_hours: needs start and end. Fix: {start: "21:00", end: "08:00"}, '
            "or remove it for no quiet hours."
        )
    start = _hhmm(raw["start"], "push.quiet_hours.start")
    end = _hhmm(raw["end"], "push.quiet_hours.end")
    if start == end:
        raise ConfigError("push.quiet_hours: start equals end. Fix: remove it, or widen it.")
    return QuietHours(start, end)


class NoticePrefs(Repository):
    """`notice_prefs`: one document per openid that opted out of non-essential notices."""

    collection = "notice_prefs"
    indexes: ClassVar[list[IndexModel]] = []

    async def set_opted_out(self, openid: str, opted_out: bool, now: datetime) -> bool:
        """Record the choice; True when it changed anything."""
        try:
            result = await self.col.update_one(
                {"_id": openid, "opted_out": {"$ne": opted_out}},
                {"$set": {"opted_out": opted_out, "updated_at": now}},
                upsert=True,
            )
        except DuplicateKeyError:  # already so (the filter missed, the upsert collided)
            return False
        return bool(result.modified_count or result.upserted_id)

    async def opted_out(self, openid: str) -> bool:
        doc = await self.col.find_one({"_id": openid}, {"opted_out": 1})
        return bool(doc and doc.get("opted_out"))

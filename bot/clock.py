"""The one clock every time-dependent rule uses: injectable, Asia/Shanghai aware."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """Wall-clock time in the hospital's zone. Tests use `FrozenClock`."""

    def __init__(self, tz: ZoneInfo = SHANGHAI) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(self.tz)

    def timestamp(self) -> float:
        return time.time()


class FrozenClock(Clock):
    """A clock that only moves when told to."""

    def __init__(self, at: datetime, tz: ZoneInfo = SHANGHAI) -> None:
        super().__init__(tz)
        self._now = at if at.tzinfo else at.replace(tzinfo=tz)

    def now(self) -> datetime:
        return self._now.astimezone(self.tz)

    def timestamp(self) -> float:
        return self._now.timestamp()

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)

    def set(self, at: datetime) -> None:
        self._now = at if at.tzinfo else at.replace(tzinfo=self.tz)

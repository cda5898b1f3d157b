"""Per-hour counters of what reaches /wechat, for the staff dashboard.

One Redis hash per hour of the hospital's clock, `traffic:YYYYMMDDHH`, kept 8 days:
`msg` (messages a patient typed or sent), `event` (menu taps, follows ...),
`intent:<name>` (the NLU intent of a text) and `dept:<name>` (triage's first
department). The /wechat endpoint queues the increments into the Redis batch that
already saves the conversation (`Turns.queue`): no extra round trip per message. The
dashboard reads a day in one pipeline of 24 HGETALLs (`Traffic.hours`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta

import redis.asyncio as aioredis

from bot.clock import Clock
from bot.redis_batch import Batch, Packed

PREFIX = "traffic:"
KEEP_SECONDS = 8 * 86400


def hour_key(moment: datetime) -> str:
    """`traffic:YYYYMMDDHH` (what strftime("%Y%m%d%H") gives, without its per-call
    set-up: this runs for every message)."""
    return f"{PREFIX}{moment.year:04d}{moment.month:02d}{moment.day:02d}{moment.hour:02d}"


MAX_FIELDS = 512  # increments of one hour kept packed (intents, departments: < 100)


class Turns:
    """Counts each message in the caller's Redis batch. Within an hour every message
    sends the same commands (`HINCRBY traffic:<hour> msg 1`, its intent's, `EXPIRE`):
    each is packed once (`Packed`) and reused until the hour changes."""

    def __init__(self) -> None:
        self.hour = (0, 0, 0, 0)  # (hour, day, month, year) of `key`; none yet
        self.key = ""
        self.expire = Packed("EXPIRE", self.key, KEEP_SECONDS)
        self.increments: dict[str, Packed] = {}

    def queue(self, batch: Batch, moment: datetime, kind: str, turn: Mapping[str, str]) -> None:
        """Count one message (`kind` "event" for events) and what it was about; `moment`
        in the hospital's time zone."""
        hour = (moment.hour, moment.day, moment.month, moment.year)
        if hour != self.hour:
            self.hour, self.key, self.increments = hour, hour_key(moment), {}
            self.expire = Packed("EXPIRE", self.key, KEEP_SECONDS)
        batch.add_packed(self._increment("event" if kind == "event" else "msg"))
        if turn.get("intent"):
            batch.add_packed(self._increment(f"intent:{turn['intent']}"))
        if turn.get("department"):
            batch.add_packed(self._increment(f"dept:{turn['department']}"))
        batch.add_packed(self.expire)

    def _increment(self, field: str) -> Packed:
        command = self.increments.get(field)
        if command is None:
            command = Packed("HINCRBY", self.key, field, 1)
            if len(self.increments) < MAX_FIELDS:
                self.increments[field] = command
        return command


class Traffic:
    def __init__(self, redis: aioredis.Redis, clock: Clock) -> None:
        self.redis, self.clock = redis, clock

    async def hours(self, n: int = 24) -> list[tuple[datetime, dict[str, int]]]:
        """The last `n` hours (this one included), oldest first, zeros where quiet."""
        now = self.clock.now().replace(minute=0, second=0, microsecond=0)
        starts = [now - timedelta(hours=i) for i in range(n - 1, -1, -1)]
        async with self.redis.pipeline(transaction=False) as pipe:
            for start in starts:
                pipe.hgetall(hour_key(start))
            found = await pipe.execute()
        return [
            (start, {_s(k): int(v) for k, v in (raw or {}).items()})
            for start, raw in zip(starts, found, strict=True)
        ]

    async def totals(self, n: int = 24) -> Counter[str]:
        """Every field summed over the last `n` hours."""
        total: Counter[str] = Counter()
        for _, counts in await self.hours(n):
            total.update(counts)
        return total


def _s(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value

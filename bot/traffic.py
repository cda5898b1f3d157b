"""Per-hour counters of what reaches /wechat, for the staff dashboard.

One Redis hash per hour of the hospital's clock, `traffic:YYYYMMDDHH`, kept 8 days:
`msg` (messages a patient typed or sent), `event` (menu taps, follows ...),
`intent:<name>` (the NLU intent of a text) and `dept:<name>` (triage's first
department). The /wechat endpoint queues the increments into the Redis batch that
already saves the conversation (`queue_turn`): no extra round trip per message. The
dashboard reads a day in one pipeline of 24 HGETALLs (`Traffic.hours`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta

import redis.asyncio as aioredis

from bot.clock import Clock
from bot.redis_batch import Batch

PREFIX = "traffic:"
KEEP_SECONDS = 8 * 86400


def hour_key(moment: datetime) -> str:
    """`traffic:YYYYMMDDHH` (what strftime("%Y%m%d%H") gives, without its per-call
    set-up: this runs for every message)."""
    return f"{PREFIX}{moment.year:04d}{moment.month:02d}{moment.day:02d}{moment.hour:02d}"


def queue_turn(batch: Batch, moment: datetime, kind: str, turn: Mapping[str, str]) -> None:
    """Count one message (`kind` "event" for events) and what it was about, in the
    caller's Redis batch; `moment` in the hospital's time zone."""
    key = hour_key(moment)
    batch.add("HINCRBY", key, "event" if kind == "event" else "msg", 1)
    if turn.get("intent"):
        batch.add("HINCRBY", key, f"intent:{turn['intent']}", 1)
    if turn.get("department"):
        batch.add("HINCRBY", key, f"dept:{turn['department']}", 1)
    batch.add("EXPIRE", key, KEEP_SECONDS)


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

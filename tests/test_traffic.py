"""Per-hour traffic counters: what the /wechat endpoint queues for each message."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import FrozenClock
from bot.redis_batch import Batch
from bot.storage import Storage
from bot.traffic import KEEP_SECONDS, Traffic, Turns, hour_key


async def test_each_hour_counts_its_own_messages(storage: Storage) -> None:
    turns = Turns()
    nine = datetime(2026, 3, 1, 9, 59)
    ten = nine + timedelta(minutes=1)
    for moment, kind, turn in (
        (nine, "text", {"intent": "greet"}),
        (nine, "text", {"intent": "triage", "department": "儿科"}),
        (ten, "text", {"intent": "greet"}),
        (ten, "event", {}),
        (nine.replace(month=4), "text", {}),  # the same hour of another day
    ):
        batch = Batch()
        turns.queue(batch, moment, kind, turn)
        await storage.batches.execute(batch)
    redis = storage.redis
    assert await redis.hgetall(hour_key(nine)) == {
        b"msg": b"2",
        b"intent:greet": b"1",
        b"intent:triage": b"1",
        b"dept:\xe5\x84\xbf\xe7\xa7\x91": b"1",
    }
    assert await redis.hgetall(hour_key(ten)) == {
        b"msg": b"1",
        b"intent:greet": b"1",
        b"event": b"1",
    }
    assert await redis.hgetall(hour_key(nine.replace(month=4))) == {b"msg": b"1"}
    assert KEEP_SECONDS - 5 <= await redis.ttl(hour_key(ten)) <= KEEP_SECONDS


async def test_the_dashboard_reads_the_hours_back(storage: Storage) -> None:
    clock = FrozenClock(datetime(2026, 3, 1, 10, 30))
    turns = Turns()
    batch = Batch()
    turns.queue(batch, clock.now() - timedelta(hours=1), "text", {"intent": "greet"})
    turns.queue(batch, clock.now(), "text", {})
    await storage.batches.execute(batch)
    hours = await Traffic(storage.redis, clock).hours(3)
    assert [counts for _, counts in hours] == [{}, {"msg": 1, "intent:greet": 1}, {"msg": 1}]

"""Booking benchmark through the chat path: 1,000 users, 100 places released at 07:00.

Every user has a real-name patient and, the moment the day is released, sends the three
messages of a booking ("帮我约<day>上午的眼科", "1", "确认") through the real dispatcher
(NLU, Redis conversation state, MongoDB through LocalHIS). Reports latency of each
user's booking conversation, places booked (must equal the capacity) and MongoDB round
trips (pymongo CommandListener) per booking and per conversation (a ContextVar names the
user whose task sent each command).

    .venv/bin/python -m bench.booking.run [--users 1000] [--places 100]
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import json
import statistics
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import redis.asyncio as aioredis
from pymongo import AsyncMongoClient, monitoring

from bot.clock import FrozenClock
from bot.compose import build_services
from bot.config import load_settings
from bot.dialogue import Message
from bot.localstack import LocalStack
from bot.storage import Storage
from handlers.his import Doctor
from handlers.patients import PatientForm

CURRENT_USER: contextvars.ContextVar[int] = contextvars.ContextVar("bench_user", default=-1)


class Commands(monitoring.CommandListener):
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.per_user: Counter[int] = Counter()
        self.on = False

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if self.on:
            self.counts[event.command_name] += 1
            self.per_user[CURRENT_USER.get()] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


def id_number(i: int) -> str:
    first17 = f"1101051980{1 + i // 28 % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    total = sum(int(d) * (2 ** (17 - k) % 11) for k, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return first17 + ("X" if value == 10 else str(value))


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


async def bench(users: int, places: int, mongodb_uri: str, redis_url: str) -> dict[str, object]:
    settings = load_settings().with_overrides(
        mongodb_uri=mongodb_uri,
        redis_url=redis_url,
        database=f"bench_{int(time.time())}",
        secret_key="bench-secret-key-0123456789",
    )
    listener = Commands()
    storage = Storage(mongodb_uri, redis_url, settings.database)
    await storage.mongo.close()
    storage.mongo = AsyncMongoClient(
        mongodb_uri, tz_aware=True, event_listeners=[listener], maxPoolSize=200
    )
    storage.db = storage.mongo[settings.database]
    # Storage's default Redis pool refuses beyond its size (MaxConnectionsError) when
    # 1,000 conversations hit it at once; a blocking pool queues them instead.
    await storage.redis.aclose()
    storage.redis = aioredis.Redis(
        connection_pool=aioredis.BlockingConnectionPool.from_url(
            redis_url, max_connections=200, timeout=60
        )
    )
    await storage.redis.flushdb()
    await storage.ensure_indexes()
    clock = FrozenClock(datetime(2026, 11, 23, 6, 59), settings.tz)
    services = build_services(settings, storage, clock=clock)
    try:
        his = services.his
        day = clock.now().date() + timedelta(days=6)  # opens today at 07:00
        doctor = Doctor(id="d_bench", name="李明", department="eye", title="主任医师")
        sid = await his.add_schedule(
            doctor=doctor,
            department="eye",
            day=day,
            session="上午",
            capacity=places,
            fee_cents=5000,
            room="1号诊室",
        )
        svc = services.patients
        for i in range(users):
            await svc.add(
                f"o_{i}",
                PatientForm(
                    name=f"病人{chr(0x4E00 + i)}",
                    id_number=id_number(i),
                    phone="13812345678",
                    relation="本人",
                ),
            )
        clock.set(datetime(2026, 11, 23, 7, 0))  # the release moment
        sentence = f"帮我约{day.month}月{day.day}日上午的眼科"

        async def say(openid: str, text: str, n: int) -> str:
            msg = Message(
                openid=openid, kind="text", create_time=n, text=text, msg_id=f"{openid}:{n}"
            )
            return (await services.dispatcher.dispatch(msg)).text

        async def user(i: int) -> tuple[float, bool]:
            CURRENT_USER.set(i)  # this task's copy of the context: its commands are i's
            openid = f"o_{i}"
            t0 = time.perf_counter()
            reply = await say(openid, sentence, 1)
            if "回复序号选择" in reply and "余" in reply.split("\n")[1]:
                reply = await say(openid, "1", 2)
                if "请确认预约信息" in reply:
                    reply = await say(openid, "确认", 3)
            return time.perf_counter() - t0, "预约成功" in reply

        listener.on = True
        t0 = time.perf_counter()
        results = await asyncio.gather(*(user(i) for i in range(users)))
        wall = time.perf_counter() - t0
        listener.on = False
        booked = sum(ok for _, ok in results)
        s = await his.schedule(sid)
        active = await services.booking.appointments.col.count_documents(
            {"schedule_id": sid, "active": True}
        )
        lat = [t * 1000 for t, _ in results]
        lat_ok = [t * 1000 for t, ok in results if ok]
        total = sum(listener.counts.values())
        won = [listener.per_user[i] for i, (_, ok) in enumerate(results) if ok]
        lost = [listener.per_user[i] for i, (_, ok) in enumerate(results) if not ok]
        return {
            "users": users,
            "places": places,
            "booked_replies": booked,
            "appointments_in_db": active,
            "remaining": s.remaining if s else None,
            "wall_seconds": round(wall, 2),
            "bookings_per_second": round(booked / wall, 1),
            "conversations_per_second": round(users / wall, 1),
            "latency_ms_all": {
                "p50": round(pct(lat, 50), 1),
                "p99": round(pct(lat, 99), 1),
                "mean": round(statistics.mean(lat), 1),
            },
            "latency_ms_booked": {
                "p50": round(pct(lat_ok, 50), 1),
                "p99": round(pct(lat_ok, 99), 1),
            }
            if lat_ok
            else None,
            "mongo_commands_total": total,
            "mongo_round_trips_per_booking": round(total / max(booked, 1), 1),
            "mongo_round_trips_per_user": round(total / users, 2),
            "mongo_round_trips_per_winning_conversation": {
                "mean": round(statistics.mean(won), 2),
                "max": max(won),
            }
            if won
            else None,
            "mongo_round_trips_per_losing_conversation": {
                "mean": round(statistics.mean(lost), 2),
                "max": max(lost),
            }
            if lost
            else None,
            "mongo_commands_outside_conversations": listener.per_user[-1],
            "mongo_commands_by_name": dict(listener.counts.most_common()),
        }
    finally:
        await storage.mongo.drop_database(settings.database)
        await storage.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=1000)
    ap.add_argument("--places", type=int, default=100)
    ap.add_argument("--mongodb-uri", default="")
    ap.add_argument("--redis-url", default="")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stack = LocalStack(
            data_dir=Path(tmp), mongodb_uri=args.mongodb_uri, redis_url=args.redis_url
        ).start()
        try:
            result = asyncio.run(bench(args.users, args.places, stack.mongodb_uri, stack.redis_url))
        finally:
            stack.stop()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    assert result["appointments_in_db"] == args.places, "places booked must equal capacity"


if __name__ == "__main__":
    main()

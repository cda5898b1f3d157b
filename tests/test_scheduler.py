"""The scheduler: leases in MongoDB (several processes, each run fires once), and the
jobs registered at start-up running under a frozen clock."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from booking_support import TODAY, clock_of, frozen_services, make_schedule, ref, remaining

from bot.config import Settings
from bot.scheduler import Job, Scheduler
from bot.storage import Storage
from push.outbox import STREAM


async def test_two_schedulers_fire_a_job_once_per_interval(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    runs: list[str] = []

    async def job() -> None:
        runs.append("ran")

    jobs = [Job("test.job", 60, job)]
    a = Scheduler(services.storage, services.clock, jobs, owner="a")
    b = Scheduler(services.storage, services.clock, jobs, owner="b")
    fired = await asyncio.gather(a.run_due(), b.run_due(), a.run_due(), b.run_due())
    assert sum(len(f) for f in fired) == 1 and runs == ["ran"]

    clock_of(services).advance(seconds=59)
    assert await a.run_due() == [] and await b.run_due() == []
    clock_of(services).advance(seconds=1)
    fired = await asyncio.gather(b.run_due(), a.run_due())
    assert sum(len(f) for f in fired) == 1 and runs == ["ran", "ran"]


async def test_run_fires_due_jobs_and_stops_on_the_event(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    started = asyncio.Event()
    runs: list[int] = []

    async def job() -> None:
        runs.append(1)
        started.set()

    stop = asyncio.Event()
    scheduler = Scheduler(services.storage, services.clock, [Job("t", 60, job)], tick_seconds=0.05)
    task = asyncio.create_task(scheduler.run(stop))
    await asyncio.wait_for(started.wait(), 5)
    stop.set()
    await asyncio.wait_for(task, 5)
    # The frozen clock never reached the next interval: one run, and a clean stop.
    assert runs == [1] and task.done() and task.exception() is None


def test_the_composition_root_registers_the_booking_jobs(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    assert [j.name for j in services.jobs] == [
        "booking.expire_holds",
        "booking.waitlist_offers",
        "booking.no_shows",
        "booking.extend_roster",
    ]


async def test_registered_jobs_run_under_a_frozen_clock(
    settings: Settings, storage: Storage
) -> None:
    """Holds expire, waitlist offers move on, and one failing job does not stop the
    others: the jobs as registered at start-up, driven by a FrozenClock."""
    services = frozen_services(settings, storage)
    clock, svc = clock_of(services), services.booking
    hold_minutes = services.booking_rules.hold_minutes  # from config.yml `booking:`
    offer_minutes = services.booking_rules.waitlist_offer_minutes
    # A same-day place held unpaid (`pending_payment`) ...
    today = await make_schedule(services, TODAY, "下午", capacity=2)
    holder = await ref(services, "o_hold", "周甲", card_no="C1")
    held = await svc.book(holder, today, idem_key="held")
    # ... and a full session tomorrow with two patients waiting.
    tomorrow = await make_schedule(services, TODAY + timedelta(days=1), capacity=1)
    taker = await svc.book(await ref(services, "o_take", "吴乙"), tomorrow, idem_key="t")
    s = await services.his.schedule(tomorrow)
    assert s is not None
    for openid, name in (("o_w1", "郑丙"), ("o_w2", "王丁")):
        await svc.waitlist.join(await ref(services, openid, name), s, clock.now())
        clock.advance(seconds=1)
    await svc.cancel("o_take", taker.id)  # the place is offered to o_w1

    broken_runs: list[int] = []

    async def broken() -> None:
        broken_runs.append(1)
        raise RuntimeError("HIS unreachable")

    jobs = [Job("test.broken", 30, broken), *services.jobs]
    scheduler = Scheduler(services.storage, clock, jobs, owner="test")
    clock.advance(minutes=max(hold_minutes, offer_minutes) + 1)
    fired = await scheduler.run_due()
    assert fired[0] == "test.broken" and broken_runs == [1]  # it failed ...
    assert "booking.expire_holds" in fired and "booking.waitlist_offers" in fired  # ... others ran
    doc = await svc.appointments.col.find_one({"_id": held.id})
    assert doc is not None and doc["status"] == "expired"
    assert await remaining(services, today) == 2  # the expired hold's place is back
    offers = [
        json.loads(f[b"payload"])["content"]
        for _, f in await services.storage.redis.xrange(STREAM)
        if f[b"openid"] == b"o_w2"
    ]
    assert offers and "接受候补" in offers[0]  # o_w1's offer ran out: o_w2's turn

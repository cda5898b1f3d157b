"""Scheduler leases in MongoDB: several scheduler processes, each run fires once."""

from __future__ import annotations

import asyncio

from booking_support import clock_of, frozen_services

from bot.config import Settings
from bot.scheduler import Job, Scheduler
from bot.services import Services
from bot.storage import Storage


async def test_two_schedulers_fire_a_job_once_per_interval(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    runs: list[str] = []

    async def job(s: Services) -> None:
        runs.append("ran")

    jobs = [Job("test.job", 60, job)]
    a = Scheduler(services, jobs, owner="a")
    b = Scheduler(services, jobs, owner="b")
    fired = await asyncio.gather(a.run_due(), b.run_due(), a.run_due(), b.run_due())
    assert sum(len(f) for f in fired) == 1 and runs == ["ran"]

    clock_of(services).advance(seconds=59)
    assert await a.run_due() == [] and await b.run_due() == []
    clock_of(services).advance(seconds=1)
    fired = await asyncio.gather(b.run_due(), a.run_due())
    assert sum(len(f) for f in fired) == 1 and runs == ["ran", "ran"]


async def test_run_stops_on_the_event(settings: Settings, storage: Storage) -> None:
    services = frozen_services(settings, storage)
    started = asyncio.Event()

    async def job(s: Services) -> None:
        started.set()

    stop = asyncio.Event()
    task = asyncio.create_task(
        Scheduler(services, [Job("t", 60, job)], tick_seconds=0.05).run(stop)
    )
    await asyncio.wait_for(started.wait(), 5)
    stop.set()
    await asyncio.wait_for(task, 5)

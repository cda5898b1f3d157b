"""Periodic jobs, safe with several scheduler processes: a MongoDB lease per job.

Each job has one lease document `{_id: name, next_run}`. A scheduler fires a job only
if it wins ONE conditional upsert — `next_run <= now` moves it to `now + interval` —
so however many schedulers run, each due run happens exactly once. Time comes from
`services.clock`, so tests drive it with a FrozenClock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from pymongo.errors import DuplicateKeyError

from bot.observability import log_failure
from bot.storage import Repository

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

JobFn = Callable[["Services"], Awaitable[Any]]


@dataclass(frozen=True)
class Job:
    name: str
    interval_seconds: float
    fn: JobFn


class LeaseRepo(Repository):
    collection = "scheduler_leases"


_EXTRA_JOBS: list[Job] = []


def register(job: Job) -> None:
    """Capabilities add their periodic jobs here (at import time)."""
    if all(j.name != job.name for j in _EXTRA_JOBS):
        _EXTRA_JOBS.append(job)


async def _expire_holds(services: Services) -> int:
    from handlers.booking import booking_service

    return await booking_service(services).expire_holds()


async def _waitlist_offers(services: Services) -> int:
    from handlers import waitlist

    return await waitlist.expire_offers(services)


async def _no_shows(services: Services) -> int:
    from handlers.booking import booking_service

    return await booking_service(services).mark_no_shows()


async def _extend_roster(services: Services) -> int:
    """LocalHIS: create the sessions of the day entering the booking window."""
    from handlers.his import his_for
    from handlers.local_his import LocalHIS

    his = his_for(services)
    if not isinstance(his, LocalHIS):
        return 0
    return await his.extend_roster(services.clock.now().date())


def default_jobs() -> list[Job]:
    return [
        Job("booking.expire_holds", 30, _expire_holds),
        Job("booking.waitlist_offers", 30, _waitlist_offers),
        Job("booking.no_shows", 300, _no_shows),
        Job("booking.extend_roster", 3600, _extend_roster),
        *_EXTRA_JOBS,
    ]


class Scheduler:
    def __init__(
        self, services: Services, jobs: list[Job], *, owner: str = "", tick_seconds: float = 1.0
    ) -> None:
        self.services = services
        self.jobs = jobs
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.tick = tick_seconds
        self.leases = services.storage.repo(LeaseRepo).col

    async def claim(self, job: Job) -> bool:
        """Win this run of `job`, or learn another scheduler has it."""
        now = self.services.clock.now()
        try:
            await self.leases.find_one_and_update(
                {"_id": job.name, "next_run": {"$lte": now}},
                {
                    "$set": {
                        "next_run": now + timedelta(seconds=job.interval_seconds),
                        "owner": self.owner,
                        "fired_at": now,
                    }
                },
                upsert=True,
            )
        except DuplicateKeyError:
            return False  # the lease exists and is not due: someone else ran it
        return True

    async def run_due(self) -> list[str]:
        """Fire every due job this instance wins; returns their names."""
        fired = []
        for job in self.jobs:
            if not await self.claim(job):
                continue
            fired.append(job.name)
            try:
                result = await job.fn(self.services)
                log.info("scheduler.fired", extra={"job": job.name, "result": str(result)})
            except Exception as exc:
                log_failure(log, "scheduler.job_failed", exc, job=job.name)
        return fired

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.run_due()
            except Exception as exc:
                log_failure(log, "scheduler.tick_failed", exc)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), self.tick)


async def run_scheduler(services: Services, stop: asyncio.Event) -> None:
    await Scheduler(services, default_jobs()).run(stop)

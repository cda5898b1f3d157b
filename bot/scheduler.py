"""Periodic jobs, safe with several scheduler processes: a MongoDB lease per job.

Each job has one lease document `{_id: name, next_run}`. A scheduler fires a job only
if it wins ONE conditional upsert — `next_run <= now` moves it to `now + interval` —
so however many schedulers run, each due run happens exactly once. Time comes from
the injected clock, so tests drive it with a FrozenClock.

The jobs are a plain list of named `Job`s built once by the composition root from each
capability's `jobs` module (`handlers/booking/jobs.py` ...): nothing registers itself
at import time. One failing job is logged and the others still run.
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
from typing import Any

from pymongo.errors import DuplicateKeyError

from bot.clock import Clock
from bot.observability import log_failure
from bot.storage import Repository, Storage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    interval_seconds: float
    fn: Callable[[], Awaitable[Any]]


class LeaseRepo(Repository):
    collection = "scheduler_leases"


class Scheduler:
    def __init__(
        self,
        storage: Storage,
        clock: Clock,
        jobs: list[Job],
        *,
        owner: str = "",
        tick_seconds: float = 1.0,
    ) -> None:
        self.clock = clock
        self.jobs = jobs
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.tick = tick_seconds
        self.leases = storage.repo(LeaseRepo).col

    async def claim(self, job: Job) -> bool:
        """Win this run of `job`, or learn another scheduler has it."""
        now = self.clock.now()
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
                result = await job.fn()
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

"""The one job system: named jobs and cron jobs on Redis, run by `hospital-bot worker`.

Built on arq (0.28): a job is a named async function with its own timeout and max tries;
the queue is a Redis sorted set ordered by due time, so `raise Retry(defer=s)` puts a job
back exactly `s` seconds later (the per-code delay of `push.policy`); a job id makes an
enqueue idempotent (the same id is queued once until it has run); a job a worker took
and never finished (the process was killed) runs again on another worker once its
in-progress mark expires (its timeout + a grace, 10 s by default). Nothing is ever trimmed.

What arq does not give and this module adds:
- `Job`: one registration type for on-demand jobs and cron jobs (`every=` seconds or
  `at="HH:MM"` Asia/Shanghai), listed by the composition root (`bot.compose.jobs`);
- expiry that is *recorded*: `enqueue(..., not_after=)` carries the deadline; a job
  started after it is not run, but written to `expired_jobs` (and counted), so a
  10-minute waitlist offer is dropped visibly instead of arriving hours late;
- two queues: on-demand jobs (`hb:jobs`, run by `worker`) and cron jobs (`hb:cron`, run
  by `worker` and by `scheduler`); every cron run has the id `cron:<name>:<due ms>`, so
  however many processes fire it, it runs once (its result is kept an hour to make
  that hold even for a late process);
- JSON (not pickle) job payloads, and the process's shared Redis connection pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

import redis.asyncio as aioredis
from arq import Retry, cron, func
from arq.connections import ArqRedis
from arq.constants import job_key_prefix, result_key_prefix
from arq.jobs import deserialize_job
from arq.worker import Worker
from pymongo import ASCENDING, IndexModel
from pymongo.errors import ConnectionFailure
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.exceptions import WatchError

from bot.clock import Clock
from bot.observability import log_failure, record_job_expired, record_job_failed
from bot.storage import Repository, Storage

__all__ = ["CRON_QUEUE", "QUEUE", "Job", "JobQueue", "Retry", "run_jobs"]

log = logging.getLogger(__name__)

QUEUE = "hb:jobs"  # on-demand jobs: deliveries, broadcasts, deferred replies
CRON_QUEUE = "hb:cron"  # timed jobs: booking holds, reconcilers, payments ...
NOT_AFTER = "_not_after"  # kwarg carrying a job's deadline (epoch seconds)
CRON_KEEP_RESULT = 3600.0  # a cron run's id stays taken this long (fired once)
OUTAGE_RETRY_SECONDS = 2.0
OUTAGES: tuple[type[BaseException], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionFailure,
)


@dataclass(frozen=True)
class Job:
    """A named job. With `every` (seconds) or `at` ("HH:MM", daily, in the hospital's
    time zone) it is a cron job, fired once per period across all processes and called
    without arguments; without either it runs when enqueued (`JobQueue.enqueue`),
    called with the enqueued arguments (JSON values).

    `timeout`: seconds before the run is cancelled; `max_tries`: runs before giving up
    (a run killed with its process counts); `at_startup`: also once when a worker
    starts (reconcilers)."""

    name: str
    fn: Callable[..., Awaitable[Any]]
    every: float | None = None
    at: str | None = None
    timeout: float = 60.0
    max_tries: int = 5
    at_startup: bool = False

    @property
    def timed(self) -> bool:
        return self.every is not None or self.at is not None


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=str).encode()


def _loads(raw: bytes) -> Any:
    return json.loads(raw)


def arq_redis(redis: aioredis.Redis, queue: str = QUEUE) -> ArqRedis:
    """An arq client over the process's own Redis pool (never closed by arq)."""
    return ArqRedis(
        redis.connection_pool,
        job_serializer=_dumps,
        job_deserializer=_loads,
        default_queue_name=queue,
    )


@dataclass(frozen=True)
class Queued:
    """A job waiting in a queue (tests, the console's queue view)."""

    job_id: str
    function: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    due: datetime


class JobQueue:
    """The enqueue side, shared by every process (web app, workers)."""

    def __init__(self, redis: aioredis.Redis, clock: Clock) -> None:
        self.arq = arq_redis(redis)
        self.clock = clock

    async def enqueue(
        self,
        name: str,
        *args: Any,
        job_id: str | None = None,
        defer: float | None = None,
        not_after: datetime | None = None,
        queue: str = QUEUE,
    ) -> bool:
        """Queue `name(*args)`; False when a job with `job_id` is already queued (or
        running). `defer`: seconds from now; `not_after`: not run after this moment
        (recorded as expired instead)."""
        kwargs: dict[str, Any] = {}
        expires: float | None = None
        if not_after is not None:
            kwargs[NOT_AFTER] = not_after.timestamp()
            # Redis drops the payload an hour after the deadline; the run records it first.
            expires = max(not_after.timestamp() - self.clock.timestamp(), 0) + 3600
        job = await self.arq.enqueue_job(
            name,
            *args,
            _job_id=job_id,
            _queue_name=queue,
            _defer_by=defer or None,
            _expires=expires,
            **kwargs,
        )
        return job is not None

    async def queued(self, queue: str = QUEUE, function: str | None = None) -> list[Queued]:
        """Jobs in `queue`, earliest first (optionally only those of `function`)."""
        ids = await self.arq.zrange(queue, 0, -1, withscores=True)
        found = []
        for raw_id, score in ids:
            job_id = raw_id.decode()
            raw = await self.arq.get(job_key_prefix + job_id)
            if raw is None:
                continue
            j = deserialize_job(raw, deserializer=_loads)
            if function is None or j.function == function:
                found.append(
                    Queued(
                        job_id,
                        j.function,
                        tuple(j.args),
                        dict(j.kwargs),
                        datetime.fromtimestamp(score / 1000, self.clock.tz),
                    )
                )
        return found

    async def exists(self, job_id: str) -> bool:
        """Queued, running, or finished within its kept-result time."""
        return bool(await self.arq.exists(job_key_prefix + job_id, result_key_prefix + job_id))


class ExpiredJobs(Repository):
    """Jobs dropped because they started after their deadline: who was not told what."""

    collection = "expired_jobs"
    indexes: ClassVar[list[IndexModel]] = [IndexModel([("dropped_at", ASCENDING)])]

    async def record(
        self, job_id: str, name: str, args: Sequence[Any], not_after: float, now: datetime
    ) -> None:
        await self.col.update_one(
            {"_id": job_id},
            {
                "$setOnInsert": {
                    "function": name,
                    "args": list(args),
                    "not_after": datetime.fromtimestamp(not_after, now.tzinfo),
                    "dropped_at": now,
                }
            },
            upsert=True,
        )


def _wrap(job: Job, expired: ExpiredJobs, clock: Clock) -> Callable[..., Awaitable[Any]]:
    """arq passes a context first; ours get only their arguments. A run past its
    deadline is recorded instead of run."""

    async def run(ctx: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        job_id = ctx.get("job_id", "")
        not_after = kwargs.pop(NOT_AFTER, None)
        if not_after is not None and clock.timestamp() > float(not_after):
            await expired.record(job_id, job.name, args, not_after, clock.now())
            record_job_expired(job.name)
            log.warning("jobs.expired", extra={"job": job.name, "job_id": job_id})
            return "expired"
        try:
            # Our own deadline, just inside arq's: an overrun is retried (the jobs keep
            # their progress in MongoDB), where arq would drop the job as failed.
            async with asyncio.timeout(max(job.timeout - 1.0, job.timeout * 0.9)):
                return await job.fn(*args, **kwargs)
        except Retry:  # the job's own "later" (a 45009 storm, a busy WeChat)
            raise
        except TimeoutError as exc:
            log.warning("jobs.overran", extra={"job": job.name, "job_id": job_id})
            raise Retry(defer=1) from exc
        except OUTAGES as exc:  # a database went away: try again when it is back
            log.warning("jobs.outage", extra={"job": job.name, "error": type(exc).__name__})
            raise Retry(defer=OUTAGE_RETRY_SECONDS) from exc
        except Exception as exc:
            # One line per failed run, its traceback at most once a minute per kind (arq
            # would log the whole traceback every time). arq never retries a run that
            # raised, so ending it here changes nothing else: a timed job runs again at
            # its next period, an owed notice is queued again by the outbox relay.
            log_failure(log, "jobs.failed", exc, job=job.name, job_id=job_id)
            record_job_failed(job.name)
            return "failed"

    run.__qualname__ = job.name
    return run


def _cron_fields(job: Job) -> dict[str, Any]:
    """arq's cron fields for `every` seconds (a divisor of a minute, an hour or a day)
    or for `at` HH:MM."""
    if job.at is not None:
        hour, _, minute = job.at.partition(":")
        return {"hour": {int(hour)}, "minute": {int(minute)}, "second": 0}
    every = int(job.every or 0) if float(job.every or 0).is_integer() else 0
    if every > 0 and 60 % every == 0:
        return {"second": set(range(0, 60, every))}
    if every > 0 and every % 60 == 0 and 3600 % every == 0:
        return {"minute": set(range(0, 60, every // 60)), "second": 0}
    if every > 0 and every % 3600 == 0 and 86400 % every == 0:
        return {"hour": set(range(0, 24, every // 3600)), "minute": 0, "second": 0}
    raise ValueError(
        f"job {job.name}: every={job.every} s must divide a minute, an hour or a day "
        "(e.g. 1, 5, 30, 60, 300, 3600)"
    )


def cron_job(job: Job, expired: ExpiredJobs, clock: Clock) -> Any:
    return cron(
        _wrap(job, expired, clock),
        name=job.name,
        run_at_startup=job.at_startup,
        timeout=job.timeout,
        max_tries=job.max_tries,
        keep_result=CRON_KEEP_RESULT,
        **_cron_fields(job),
    )


def check(jobs: Sequence[Job]) -> None:
    """Start-up check: unique names, valid periods."""
    seen: set[str] = set()
    for job in jobs:
        if job.name in seen:
            raise ValueError(f"job {job.name}: registered twice")
        seen.add(job.name)
        if job.timed:
            _cron_fields(job)


@dataclass(frozen=True)
class WorkerOptions:
    """`push.jobs` in config.yml may override these."""

    max_jobs: int = 16  # jobs run at once per process (a broadcast batch is one)
    poll_seconds: float = 0.2  # how often the queue is looked at (first-message latency)
    # Push jobs' timeout. A job whose worker was killed runs again elsewhere this +
    # `takeover_grace_seconds` later (arq's in-progress mark): the takeover delay after a
    # crash.
    timeout_seconds: float = 60.0
    # How long the in-progress mark outlives the longest timeout of a worker's jobs
    # (arq's own 10 s). It covers the time between a job's pick-up and its start, and its
    # end and its clean-up: shorter, a live worker's overrunning job could run twice.
    takeover_grace_seconds: float = 10.0


def build_workers(
    storage: Storage,
    clock: Clock,
    jobs: Sequence[Job],
    *,
    on_demand: bool = True,
    timed: bool = True,
    options: WorkerOptions | None = None,
) -> list[Worker]:
    """arq workers for the on-demand queue and/or the cron queue."""
    check(jobs)
    options = options or WorkerOptions()
    expired = storage.repo(ExpiredJobs)
    tz = clock.tz
    common: dict[str, Any] = {
        "handle_signals": False,
        "job_serializer": _dumps,
        "job_deserializer": _loads,
        "poll_delay": options.poll_seconds,
        "max_jobs": options.max_jobs,
        "keep_result": 0,
        "timezone": tz,
        "log_results": False,
        "health_check_interval": 60,
    }
    grace = options.takeover_grace_seconds
    workers: list[Worker] = []
    if on_demand:
        functions = [
            func(
                _wrap(j, expired, clock),
                name=j.name,
                timeout=j.timeout,
                max_tries=j.max_tries,
                keep_result=0,
            )
            for j in jobs
            if not j.timed
        ]
        if functions:
            worker = Worker(
                functions=functions,
                redis_pool=arq_redis(storage.redis, QUEUE),
                queue_name=QUEUE,
                **common,
            )
            workers.append(_marked(worker, [j for j in jobs if not j.timed], grace))
    if timed:
        crons = [cron_job(j, expired, clock) for j in jobs if j.timed]
        if crons:
            worker = Worker(
                functions=[],
                cron_jobs=crons,
                redis_pool=arq_redis(storage.redis, CRON_QUEUE),
                queue_name=CRON_QUEUE,
                **common,
            )
            workers.append(_marked(worker, [j for j in jobs if j.timed], grace))
    return workers


def _marked(worker: Worker, jobs: Sequence[Job], grace: float) -> Worker:
    """arq marks a picked job in progress for its worker's longest timeout + 10 s, fixed;
    here + `grace` (`WorkerOptions.takeover_grace_seconds`)."""
    worker.in_progress_timeout_s = max(j.timeout for j in jobs) + grace
    return worker


async def run_jobs(workers: Sequence[Worker], stop: asyncio.Event, grace: float = 10.0) -> None:
    """Run the workers until `stop` is set, then let running jobs finish for `grace`
    seconds; jobs still running are cancelled and run again elsewhere (arq puts a
    cancelled job back at once)."""
    mains = [asyncio.create_task(_keep_running(w, stop)) for w in workers]
    stopper = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait([stopper, *mains], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task is not stopper and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
    finally:
        stopper.cancel()
        for w in workers:
            w.allow_pick_jobs = False
        running = [t for w in workers for t in w.tasks.values() if not t.done()]
        if running:
            await asyncio.wait(running, timeout=grace)
        for w in workers:
            for t in w.tasks.values():
                t.cancel()
        for m in mains:
            m.cancel()
        for t in [*mains, *(t for w in workers for t in w.tasks.values())]:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t


async def _keep_running(worker: Worker, stop: asyncio.Event) -> None:
    """arq's loop ends on a Redis error; start it again until `stop` (Redis restarts,
    failovers): jobs are still in Redis, and a job whose run was cut short runs again."""
    while not stop.is_set():
        try:
            await worker.async_run()
            return
        except (*OUTAGES, WatchError) as exc:
            # WatchError: a Redis restart between arq's WATCH and EXEC of a job pick-up
            log.warning("jobs.worker_redis_down", extra={"error": type(exc).__name__})
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), OUTAGE_RETRY_SECONDS)

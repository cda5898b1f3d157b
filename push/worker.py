"""The push side of a process: the jobs it registers and the worker loop that runs them.

`PushService` is built once by the composition root (`services.push`). Its jobs are
ordinary registered jobs (`push.jobs.Job`):

- `push.deliver(key)` — one notice owed in the transactional outbox (job id = key);
- `push.send(key, openid, message)` — one direct message (a deferred chat reply);
- `push.broadcast_expand(id)`, `push.broadcast_batch(id, n)` — broadcasts;

and the relay (`relay_forever`) runs beside them in every worker process, moving owed
notices from the outbox onto the queue. The WeChat API client needs an HTTP session,
opened when a worker starts (`connected`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any, Protocol

import aiohttp
from arq.utils import timestamp_ms

from bot.clock import Clock
from bot.config import ConfigError, Settings
from bot.observability import log_failure
from bot.render import Texts
from bot.storage import Storage
from push.broadcast import (
    BATCH,
    EXPAND,
    Audience,
    AudienceLists,
    BroadcastBatches,
    BroadcastEngine,
    Broadcasts,
    ListAudience,
)
from push.channels import Channels, parse_channels
from push.client import WeChatClient
from push.consent import SubscribeConsent
from push.delivery import DEFAULT_MAX_ATTEMPTS, Message, PushDeliveries, Sender
from push.jobs import QUEUE, Job, JobQueue, WorkerOptions, build_workers, run_jobs
from push.outbox import DELIVER, SEND, Outbox, OutboxRepo, relay
from push.preferences import NoticePrefs, parse_quiet_hours

log = logging.getLogger(__name__)

RELAY_SECONDS = 0.5


class PushService:
    def __init__(
        self,
        settings: Settings,
        storage: Storage,
        clock: Clock,
        texts: Texts,
        *,
        audiences: Mapping[str, Audience] | None = None,
    ) -> None:
        section = settings.section("push")
        self.settings, self.storage, self.clock = settings, storage, clock
        self.queue = JobQueue(storage.redis, clock)
        self.outbox = Outbox(self.queue)
        self.owed = storage.repo(OutboxRepo)
        self.deliveries = storage.repo(PushDeliveries)
        self.consent = storage.repo(SubscribeConsent)
        self.prefs = storage.repo(NoticePrefs)
        self.quiet_hours = parse_quiet_hours(section)
        self.channels = Channels(parse_channels(section), storage.redis, self.consent, clock)
        self.max_attempts = int(section.get("max_attempts") or DEFAULT_MAX_ATTEMPTS)
        self.options = _worker_options(section)
        self.lists = storage.repo(AudienceLists)
        self.broadcasts = BroadcastEngine(
            storage.repo(Broadcasts),
            storage.repo(BroadcastBatches),
            self.deliveries,
            self.queue,
            {"list": ListAudience(self.lists), **(audiences or {})},
            clock,
            texts,
        )
        self.broadcasts.slice_seconds = self.options.timeout_seconds / 3
        self.sender: Sender | None = None

    # --- the WeChat client (a worker opens it) ------------------------------------------
    def connect(self, client: WeChatClient) -> None:
        self.sender = Sender(
            self.deliveries,
            client,
            self.channels,
            self.consent,
            self.clock,
            max_attempts=self.max_attempts,
        )
        self.broadcasts.sender = self.sender

    @contextlib.asynccontextmanager
    async def connected(self) -> AsyncIterator[PushService]:
        async with aiohttp.ClientSession() as http:
            # The client's own wall clock: its rate limiter must see time pass.
            self.connect(WeChatClient(self.settings, self.storage.redis, http))
            yield self

    # --- jobs -------------------------------------------------------------------------
    def jobs(self) -> list[Job]:
        timeout = self.options.timeout_seconds
        return [
            Job(DELIVER, self.deliver, timeout=timeout, max_tries=25),
            Job(SEND, self.send, timeout=timeout, max_tries=10),
            # Runs are time-sliced (a third of the timeout each), kills count as tries.
            Job(EXPAND, self.broadcasts.expand, timeout=timeout, max_tries=500),
            Job(BATCH, self.broadcasts.run_batch, timeout=timeout, max_tries=500),
            Job("push.resume_broadcasts", self.broadcasts.resume_stalled, every=60),
        ]

    async def deliver(self, key: str) -> str:
        """An owed notice: delivered (or recorded as not deliverable), then marked done."""
        assert self.sender is not None
        doc = await self.owed.get(key)
        if doc is None or doc.get("status") == "done":
            return "done"
        if not doc.get("essential", True) and (held := await self._held_back(key, doc)):
            return held
        status = await self.sender.deliver(
            key, doc["openid"], Message.from_doc(doc), not_after=doc.get("not_after")
        )
        await self.owed.mark_done(key, status, self.clock.now())
        return status

    async def _held_back(self, key: str, doc: dict[str, Any]) -> str:
        """A non-essential notice: dropped for a patient who opted out, put off to the
        end of the quiet hours (or dropped, when that is past its deadline). Returns
        the outcome, or "" when it goes now."""
        now = self.clock.now()
        if await self.prefs.opted_out(doc["openid"]):
            await self.owed.mark_done(key, "opted_out", now)
            return "opted_out"
        until = self.quiet_hours.ends_after(now) if self.quiet_hours else None
        if until is None:
            return ""
        not_after = doc.get("not_after")
        if not_after is not None and until > not_after:
            await self.owed.mark_done(key, "expired", now)
            return "expired"
        await self.owed.defer(key, until)
        log.info("push.quiet_hours", extra={"key": key, "until": until.isoformat()})
        return "deferred"

    async def send(self, key: str, openid: str, message: dict[str, Any]) -> str:
        assert self.sender is not None
        return await self.sender.deliver(key, openid, Message.from_doc(message))

    async def relay_once(self) -> int:
        return await relay(self.owed, self.queue, self.clock.now())

    async def relay_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.relay_once()
            except Exception as exc:  # a database hiccup: try again next beat
                log_failure(log, "outbox.relay_failed", exc, level=logging.WARNING)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), RELAY_SECONDS)


def _worker_options(section: Mapping[str, Any]) -> WorkerOptions:
    """`push.jobs` in config.yml, validated (errors name the field and the fix)."""
    raw = section.get("jobs") or {}
    if not isinstance(raw, dict):
        raise ConfigError("push.jobs: must be a mapping. Fix: max_jobs: 16, poll_seconds: 0.2.")
    values: dict[str, Any] = {}
    for key, kind, lo in (
        ("max_jobs", int, 1),
        ("poll_seconds", float, 0.01),
        ("timeout_seconds", float, 1),
        ("takeover_grace_seconds", float, 1),
    ):
        if key not in raw:
            continue
        try:
            values[key] = kind(raw[key])
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"push.jobs.{key}: must be a number. Fix: e.g. {lo}.") from exc
        if values[key] < lo:
            raise ConfigError(f"push.jobs.{key}: too small. Fix: use at least {lo}.")
    return WorkerOptions(**values)


async def run_worker(
    push: PushService,
    jobs: Sequence[Job],
    stop: asyncio.Event,
    *,
    on_demand: bool = True,
    timed: bool = True,
) -> None:
    """`hospital-bot worker` (on-demand + cron jobs + the outbox relay) or, with
    `on_demand=False`, `hospital-bot scheduler` (cron jobs only)."""
    async with push.connected():
        workers = build_workers(
            push.storage, push.clock, jobs, on_demand=on_demand, timed=timed, options=push.options
        )
        pieces = [run_jobs(workers, stop)]
        if on_demand:
            pieces.append(push.relay_forever(stop))
        log.info("jobs.worker_started", extra={"on_demand": on_demand, "timed": timed})
        await asyncio.gather(*pieces)


class HasPush(Protocol):
    push: PushService
    jobs: list[Job]


async def drain_once(
    services: HasPush, *, client: WeChatClient | None = None, rounds: int = 20
) -> int:
    """Relay owed notices, then run every on-demand job due now, again until none is
    left (jobs a run queues, like broadcast batches, included); returns how many ran.
    For tests and one-off scripts; `hospital-bot worker` runs the same jobs for good."""
    push = services.push
    if client is None:
        async with push.connected():
            return await drain_once(services, client=push.sender.client, rounds=rounds)  # type: ignore[union-attr]
    push.connect(client)
    ran = 0
    for _ in range(rounds):
        await push.relay_once()
        due = int(await push.storage.redis.zcount(QUEUE, "-inf", timestamp_ms()))
        if not due:
            break
        [worker] = build_workers(
            push.storage, push.clock, services.jobs, timed=False, options=push.options
        )
        worker.burst, worker.max_burst_jobs = True, due
        async with asyncio.timeout(120):  # a job held by a killed worker is not due yet
            await worker.async_run()
        ran += due
    return ran

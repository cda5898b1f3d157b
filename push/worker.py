"""The push worker: delivers jobs from the `push:jobs` Redis Stream through WeChat.

Any number of workers share the stream through one consumer group. Each delivery is
first recorded in MongoDB under a unique (job, openid) key, so:
- a job read twice (a crashed worker's entry claimed by another) is sent once:
  the second reader finds it `sent` (or `failed`) and only acknowledges it;
- a job is acknowledged only once its outcome is recorded, so a crash loses nothing:
  the unacknowledged entry is claimed again (XAUTOCLAIM) after `claim_idle_seconds`.
Permanent WeChat errors (unsubscribed, outside the 48 h window, bad openid...) are
recorded as `failed` and acknowledged; transient ones (busy, rate limit, token) are
retried with exponential backoff up to `max_attempts`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

import aiohttp
from pymongo import IndexModel, ReturnDocument
from pymongo.errors import DuplicateKeyError

from bot.clock import Clock
from bot.config import Settings
from bot.observability import log_failure
from bot.storage import Repository, Storage
from push.client import WeChatAPIError, WeChatClient
from push.outbox import STREAM, Outbox, OutboxRepo, relay

log = logging.getLogger(__name__)

GROUP = "push-workers"


class WorkerDeps(Protocol):
    """What a worker is built with (the composition root's services fit)."""

    settings: Settings
    storage: Storage
    clock: Clock


@dataclass(frozen=True)
class WorkerConfig:
    batch: int = 32
    block_ms: int = 1000
    claim_idle_seconds: float = 60.0
    max_attempts: int = 8
    backoff_seconds: float = 5.0
    backoff_max_seconds: float = 600.0

    @classmethod
    def from_settings(cls, section: dict[str, Any]) -> WorkerConfig:
        """`push:` in config.yml may override any field."""
        fields = {k: type(getattr(cls, k))(v) for k, v in section.items() if hasattr(cls, k)}
        return cls(**fields)


class PushDeliveries(Repository):
    """One document per (job, openid): the delivery's status survives any crash."""

    collection = "push_deliveries"
    indexes = [  # noqa: RUF012 (Repository declares indexes as a class attribute)
        IndexModel([("job", 1), ("openid", 1)], unique=True, name="job_openid"),
        IndexModel([("status", 1), ("updated_at", 1)], name="status_updated"),
    ]

    async def ensure(self) -> None:
        await self.col.create_indexes(self.indexes)

    async def get(self, job: str, openid: str) -> dict[str, Any] | None:
        return await self.col.find_one({"job": job, "openid": openid})


@dataclass
class Job:
    entry_id: str
    key: str
    kind: str
    openid: str
    payload: dict[str, Any]


def _decode(entry_id: bytes | str, fields: dict[Any, Any]) -> Job:
    def s(v: Any) -> str:
        return v.decode() if isinstance(v, bytes) else str(v or "")

    f = {s(k): s(v) for k, v in fields.items()}
    eid = s(entry_id)
    try:
        payload = json.loads(f.get("payload") or "{}")
    except ValueError:
        payload = {"_invalid": f.get("payload", "")}
    return Job(
        entry_id=eid,
        key=f.get("job_id") or eid,
        kind=f.get("kind", ""),
        openid=f.get("openid", ""),
        payload=payload if isinstance(payload, dict) else {"_invalid": payload},
    )


class PushWorker:
    def __init__(
        self,
        services: WorkerDeps,
        client: WeChatClient,
        config: WorkerConfig | None = None,
        consumer: str = "",
    ) -> None:
        self.services = services
        self.redis = services.storage.redis
        self.client = client
        self.config = config or WorkerConfig.from_settings(services.settings.section("push"))
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.deliveries = services.storage.repo(PushDeliveries)
        self.owed = services.storage.repo(OutboxRepo)
        self.stream = Outbox(self.redis)

    async def start(self) -> None:
        """Create the consumer group and indexes (both idempotent)."""
        await self.deliveries.ensure()
        try:
            await self.redis.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
        except Exception as exc:  # BUSYGROUP: it already exists
            if "BUSYGROUP" not in str(exc):
                raise

    async def run(self, stop: asyncio.Event) -> None:
        await self.start()
        log.info("push.worker_started", extra={"consumer": self.consumer})
        loop = asyncio.get_running_loop()
        next_claim = 0.0
        while not stop.is_set():
            try:
                if loop.time() >= next_claim:
                    await self.claim_stale()
                    next_claim = loop.time() + max(self.config.claim_idle_seconds / 4, 1.0)
                await self.relay()
                await self.read_new(self.config.block_ms)
            except Exception as exc:  # Redis/MongoDB hiccup: back off, keep the worker alive
                log_failure(log, "push.worker_error", exc, level=logging.WARNING)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 1.0)

    async def drain_once(self, *, claim_idle_seconds: float | None = None) -> int:
        """Handle stale pending entries, then whatever is new, without blocking."""
        await self.start()
        await self.relay()
        handled = await self.claim_stale(claim_idle_seconds)
        return handled + await self.read_new(None)

    async def relay(self) -> int:
        """Notices owed in the transactional outbox → the stream."""
        return await relay(self.owed, self.stream, self.services.clock.now(), self.config.batch)

    async def read_new(self, block_ms: int | None) -> int:
        reply = await self.redis.xreadgroup(
            GROUP, self.consumer, {STREAM: ">"}, count=self.config.batch, block=block_ms
        )
        entries = [e for _, batch in reply or [] for e in batch]
        return await self._handle(entries)

    async def claim_stale(self, idle_seconds: float | None = None) -> int:
        """Take over entries another worker read but never acknowledged."""
        idle = self.config.claim_idle_seconds if idle_seconds is None else idle_seconds
        start, handled = "0-0", 0
        while True:
            reply = await self.redis.xautoclaim(
                STREAM, GROUP, self.consumer, int(idle * 1000), start, count=self.config.batch
            )
            start, entries = reply[0], reply[1]
            deleted = reply[2] if len(reply) > 2 else []
            if deleted:  # trimmed from the stream: nothing left to deliver
                await self.redis.xack(STREAM, GROUP, *deleted)
            handled += await self._handle([e for e in entries if e[1]])
            if start in (b"0-0", "0-0") or not entries:
                return handled

    async def _handle(self, entries: list[tuple[Any, Any]]) -> int:
        """Deliver concurrently across users, in order for each user."""
        by_user: dict[str, list[Job]] = defaultdict(list)
        for entry_id, fields in entries:
            job = _decode(entry_id, fields)
            by_user[job.openid].append(job)

        async def one_user(jobs: list[Job]) -> list[str]:
            return [j.entry_id for j in jobs if await self.process(j)]

        done = await asyncio.gather(*(one_user(jobs) for jobs in by_user.values()))
        acks = [eid for ids in done for eid in ids]
        if acks:
            await self.redis.xack(STREAM, GROUP, *acks)
        return len(entries)

    async def process(self, job: Job) -> bool:
        """Deliver one job at most once; True when it may be acknowledged."""
        doc = await self._claim(job)
        if doc is None:
            return True  # already sent or failed
        if doc is False:
            return False  # not due yet, or another worker is sending it right now
        if job.kind not in ("custom_text", "custom", "template") or "_invalid" in job.payload:
            await self._finish(doc, "failed", errcode=None, errmsg=f"bad job kind {job.kind!r}")
            return True
        try:
            result = await self._deliver(job)
        except WeChatAPIError as exc:
            if exc.transient and doc["attempts"] < self.config.max_attempts:
                await self._retry_later(doc, exc)
                return False
            await self._finish(doc, "failed", errcode=exc.errcode, errmsg=exc.errmsg)
            log.info("push.failed", extra={"job": job.key, "errcode": exc.errcode})
            return True
        await self._finish(doc, "sent", msgid=result)
        return True

    async def _deliver(self, job: Job) -> int:
        p = job.payload
        if job.kind == "custom_text":
            await self.client.send_custom_text(job.openid, str(p.get("content", "")))
            return 0
        if job.kind == "custom":
            await self.client.send_custom({**p, "touser": job.openid})
            return 0
        return await self.client.send_template(
            job.openid,
            str(p.get("template_id", "")),
            p.get("data") or {},
            str(p.get("url") or ""),
            client_msg_id=job.key,
        )

    async def _claim(self, job: Job) -> dict[str, Any] | bool | None:
        """The delivery record this worker now owns; None = finished, False = not now."""
        now = self.services.clock.now()
        col = self.deliveries.col
        doc = {
            "job": job.key,
            "openid": job.openid,
            "kind": job.kind,
            "entry_id": job.entry_id,
            "status": "sending",
            "attempts": 1,
            "owner": self.consumer,
            "created_at": now,
            "updated_at": now,
        }
        try:
            await col.insert_one(doc)
            return doc
        except DuplicateKeyError:
            pass
        existing = await self.deliveries.get(job.key, job.openid)
        if existing is None or existing["status"] in ("sent", "failed"):
            return None
        lease = timedelta(seconds=self.config.claim_idle_seconds)
        if existing["status"] == "retry" and existing.get("next_attempt_at", now) > now:
            return False
        if existing["status"] == "sending" and existing["updated_at"] + lease > now:
            return False
        # Due for a retry, or its sender vanished mid-send: take it over, once.
        return (
            await col.find_one_and_update(
                {"_id": existing["_id"], "updated_at": existing["updated_at"]},
                {
                    "$set": {"status": "sending", "owner": self.consumer, "updated_at": now},
                    "$inc": {"attempts": 1},
                },
                return_document=ReturnDocument.AFTER,
            )
            or False
        )

    async def _retry_later(self, doc: dict[str, Any], exc: WeChatAPIError) -> None:
        now = self.services.clock.now()
        delay = min(
            self.config.backoff_seconds * 2 ** (doc["attempts"] - 1),
            self.config.backoff_max_seconds,
        )
        await self.deliveries.col.update_one(
            {"_id": doc["_id"]},
            {
                "$set": {
                    "status": "retry",
                    "errcode": exc.errcode,
                    "errmsg": exc.errmsg,
                    "next_attempt_at": now + timedelta(seconds=delay),
                    "updated_at": now,
                }
            },
        )

    async def _finish(self, doc: dict[str, Any], status: str, **fields: Any) -> None:
        now = self.services.clock.now()
        update = {"status": status, "updated_at": now, **fields}
        if status == "sent":
            update["sent_at"] = now
        await self.deliveries.col.update_one({"_id": doc["_id"]}, {"$set": update})


async def run_worker(
    services: WorkerDeps, stop: asyncio.Event, *, config: WorkerConfig | None = None
) -> None:
    """Deliver push jobs until `stop` is set (`hospital-bot worker`, or in-process)."""
    async with aiohttp.ClientSession() as session:
        client = WeChatClient(services.settings, services.storage.redis, session)
        await PushWorker(services, client, config).run(stop)


async def drain_once(
    services: WorkerDeps,
    *,
    client: WeChatClient | None = None,
    config: WorkerConfig | None = None,
    claim_idle_seconds: float | None = None,
) -> int:
    """Deliver what is queued now and return (tests, one-off scripts)."""
    if client is not None:
        worker = PushWorker(services, client, config)
        return await worker.drain_once(claim_idle_seconds=claim_idle_seconds)
    async with aiohttp.ClientSession() as session:
        client = WeChatClient(services.settings, services.storage.redis, session)
        worker = PushWorker(services, client, config)
        return await worker.drain_once(claim_idle_seconds=claim_idle_seconds)

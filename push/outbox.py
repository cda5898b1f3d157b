"""Requesting a push.

Two ways in, one queue out (the job system, `push.jobs`):

- `OutboxRepo.add(Notice, now=..., session=...)` — the transactional outbox. A state
  change that owes a patient a notice (停诊, a waitlist offer, an expired hold, a
  payment receipt, a refund) writes the notice in the SAME MongoDB transaction as the
  change, keyed by an idempotency key, so a crash either keeps both or neither. The
  relay (`relay`, run by every worker) moves pending notices to the job queue as
  `push.deliver` jobs whose job id is the notice key; the delivery marks the notice
  `done`. A crash anywhere in between only delays a notice: a notice still `queued`
  after `REQUEUE_AFTER` (its job lost with a Redis that restarted without its
  append-only file, say) is queued again, and the delivery record (unique per job
  and openid) keeps it to one message.
- `Outbox.send_text` — straight onto the job queue, for what owes nothing durable (a
  deferred chat reply: if it is lost the patient simply asks again).

Handlers never call the WeChat API themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from bot.observability import OUTBOX_RELAYED
from bot.storage import Repository
from push.delivery import Message
from push.jobs import JobQueue

log = logging.getLogger(__name__)

DELIVER = "push.deliver"  # job: one owed notice (job id = the notice key)
SEND = "push.send"  # job: one direct message (job id = the caller's key)
REQUEUE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Notice:
    """Something a patient is owed. `key` is its idempotency key: one notice per key, ever
    (e.g. ``stop:<appointment id>``). `text` is the customer-service text, already
    rendered from a jinja2 template; `type` names the notice kind that config.yml maps
    to a template / subscription message when the 48-hour window is closed, with `data`
    as its fields. A notice still unsent at `not_after` is dropped and recorded."""

    key: str
    openid: str
    type: str
    text: str
    data: Mapping[str, str] = field(default_factory=dict)
    url: str = ""
    not_after: datetime | None = None
    essential: bool = True  # opt-outs and quiet hours apply to non-essential notices only

    @property
    def message(self) -> Message:
        return Message(self.type, self.text, self.data, self.url)


class OutboxRepo(Repository):
    """The `outbox` collection: notices owed, written inside the owing transaction."""

    collection = "outbox"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("status", ASCENDING), ("created_at", ASCENDING)], name="relay"),
        IndexModel([("openid", ASCENDING), ("created_at", DESCENDING)], name="by_patient"),
    ]

    async def add(
        self, notice: Notice, *, now: datetime, session: AsyncClientSession | None = None
    ) -> bool:
        """Record `notice` as owed; False when a notice with its key already exists.

        Pass the caller's transaction `session`: the notice commits with the change.
        (Inside a transaction a duplicate key aborts the transaction: check `exists`
        first when a retried change may meet its own earlier notice.)"""
        doc = {
            "_id": notice.key,
            "openid": notice.openid,
            "type": notice.type,
            "text": notice.text,
            "data": dict(notice.data),
            "url": notice.url,
            "not_after": notice.not_after,
            "essential": notice.essential,
            "status": "pending",
            "created_at": now,
        }
        try:
            await self.col.insert_one(doc, session=session)
        except DuplicateKeyError:
            if session is not None and session.in_transaction:
                raise
            return False
        return True

    async def exists(self, key: str, session: AsyncClientSession | None = None) -> bool:
        return await self.col.find_one({"_id": key}, {"_id": 1}, session=session) is not None

    async def keys(self, keys: list[str]) -> set[str]:
        """Which of `keys` are recorded (reconcilers)."""
        return {d["_id"] async for d in self.col.find({"_id": {"$in": keys}}, {"_id": 1})}

    async def due(self, now: datetime, limit: int = 100) -> list[dict[str, Any]]:
        """Pending notices, and queued ones whose job may have been lost."""
        query = {
            "$or": [
                {"status": "pending"},
                {"status": "queued", "queued_at": {"$lte": now - REQUEUE_AFTER}},
            ]
        }
        cursor = self.col.find(query).sort("created_at", ASCENDING).limit(limit)
        return await cursor.to_list(limit)

    async def mark_queued(self, key: str, now: datetime) -> None:
        await self.col.update_one(
            {"_id": key, "status": {"$in": ["pending", "queued"]}},
            {"$set": {"status": "queued", "queued_at": now}},
        )

    async def mark_done(self, key: str, outcome: str, now: datetime) -> None:
        await self.col.update_one(
            {"_id": key}, {"$set": {"status": "done", "outcome": outcome, "done_at": now}}
        )

    async def get(self, key: str) -> dict[str, Any] | None:
        return await self.col.find_one({"_id": key})


class Outbox:
    """Direct pushes (non-durable) through the job queue."""

    def __init__(self, queue: JobQueue) -> None:
        self.queue = queue

    async def send(self, openid: str, message: Message, job_id: str) -> bool:
        """Queue one delivery; a repeated `job_id` is queued (and delivered) once."""
        return await self.queue.enqueue(SEND, job_id, openid, message.to_doc(), job_id=job_id)

    async def send_text(self, openid: str, text: str, job_id: str) -> bool:
        """A customer-service text (a chat answer: the user just wrote, so the 48-hour
        window is open)."""
        return await self.send(openid, Message("chat_reply", text), job_id)


async def relay(repo: OutboxRepo, queue: JobQueue, now: datetime, batch: int = 100) -> int:
    """Move owed notices onto the job queue (job id = notice key: a relay that crashes
    after the enqueue and runs again queues nothing new; a lost job is queued again and
    delivered once)."""
    moved = 0
    for doc in await repo.due(now, batch):
        # No queue deadline here: the delivery itself records a notice past `not_after`
        # as expired (and marks it done), so the relay never queues it again.
        await queue.enqueue(DELIVER, doc["_id"], job_id=doc["_id"])
        await repo.mark_queued(doc["_id"], now)
        moved += 1
    if moved:
        OUTBOX_RELAYED.inc(moved)
    return moved

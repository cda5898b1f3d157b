"""Requesting a push.

Two ways in, one way out:

- `OutboxRepo.add(Notice, session=...)` — the transactional outbox. A state change that
  owes a patient a notice (停诊, a payment receipt, a refund) writes the notice in the
  SAME MongoDB transaction as the change, keyed by an idempotency key, so a crash
  either keeps both or neither. A relay moves pending notices to the job queue; a
  crash between the two only delays a notice, never loses it.
- `Outbox.send_text` / `send_template` — straight onto the Redis Stream, for what owes
  nothing durable (a deferred chat reply: if it is lost the patient simply asks again).

Handlers never call the WeChat API themselves.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

import redis.asyncio as aioredis
from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from bot.storage import Repository

STREAM = "push:jobs"
STREAM_MAXLEN = 100_000


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

        Pass the caller's transaction `session`: the notice commits with the change."""
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
            return False
        return True

    async def pending(self, limit: int = 100) -> list[dict[str, Any]]:
        cursor = self.col.find({"status": "pending"}).sort("created_at", ASCENDING).limit(limit)
        return await cursor.to_list(limit)

    async def mark_queued(self, key: str, now: datetime) -> None:
        await self.col.update_one(
            {"_id": key, "status": "pending"}, {"$set": {"status": "queued", "queued_at": now}}
        )

    async def get(self, key: str) -> dict[str, Any] | None:
        return await self.col.find_one({"_id": key})


class Outbox:
    """The Redis Stream of push jobs (see push.worker)."""

    def __init__(self, redis: aioredis.Redis) -> None:
        self.redis = redis

    async def enqueue(
        self, kind: str, openid: str, payload: dict[str, Any], job_id: str = ""
    ) -> str:
        """Queue one delivery. `job_id` makes a retried request idempotent downstream."""
        fields = {
            "kind": kind,
            "openid": openid,
            "job_id": job_id,
            "payload": json.dumps(payload, ensure_ascii=False),
        }
        entry = await self.redis.xadd(STREAM, fields, maxlen=STREAM_MAXLEN, approximate=True)
        return entry.decode() if isinstance(entry, bytes) else str(entry)

    async def send_text(self, openid: str, text: str, job_id: str = "") -> str:
        """A customer-service text message (valid within 48 h of the user's last message)."""
        return await self.enqueue("custom_text", openid, {"content": text}, job_id)

    async def send_template(
        self, openid: str, template_id: str, data: dict[str, Any], url: str = "", job_id: str = ""
    ) -> str:
        payload = {"template_id": template_id, "data": data, "url": url}
        return await self.enqueue("template", openid, payload, job_id)


async def relay(repo: OutboxRepo, outbox: Outbox, now: datetime, batch: int = 100) -> int:
    """Move pending notices onto the push queue (job id = notice key, so a relay that
    crashes after the enqueue and runs again delivers once: the worker's delivery
    record is unique per job and openid)."""
    moved = 0
    for doc in await repo.pending(batch):
        await outbox.send_text(doc["openid"], doc["text"], job_id=doc["_id"])
        await repo.mark_queued(doc["_id"], now)
        moved += 1
    return moved

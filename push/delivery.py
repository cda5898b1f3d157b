"""Delivering one message to one user, at most once, recorded before it counts as done.

Every delivery has one document in `push_deliveries`, unique per (job, openid):
`sending` is written (with the channel) BEFORE the WeChat call, and the outcome after
it: `sent`, `failed` (a permanent WeChat refusal, or out of tries: the dead letters),
`unreachable` (no channel allowed, with the reason), `expired` (too late to matter), or
`retry` (transient; the job is put back in the time-ordered queue for the per-code
delay of `push.policy`). A delivery found `sent`/`failed`/`unreachable`/`expired` is
never attempted again, whoever asks.

A delivery found `sending` was interrupted by a crash between the record and the
outcome: the WeChat call may or may not have happened. A template message is sent
again with the same `client_msg_id` (the job key), which WeChat (and the sandbox)
de-duplicates, so it arrives once. A customer-service or subscription message has no
such id: it is sent again (a notice must not be lost), so a kill -9 at exactly that
moment may deliver it twice. That window is one HTTP call per message in flight.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, IndexModel, ReturnDocument
from pymongo.errors import DuplicateKeyError

from bot.clock import Clock
from bot.observability import record_delivery
from bot.storage import Repository
from push.channels import CUSTOM, SUBSCRIBE, TEMPLATE, Channels, Choice
from push.client import WeChatAPIError, WeChatClient
from push.consent import SubscribeConsent
from push.jobs import Retry

log = logging.getLogger(__name__)

FINAL = ("sent", "failed", "unreachable", "expired")
# Permanent refusals of one channel that another channel may still get past.
CHANNEL_CLOSED = {CUSTOM: {45015, 45047}, SUBSCRIBE: {43101}, TEMPLATE: set()}
DEFAULT_MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Message:
    """What to tell a user: the customer-service text, and the data the template or
    subscription message of `type` is filled from (`push.channels`)."""

    type: str
    text: str
    data: Mapping[str, Any] = field(default_factory=dict)
    url: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {"type": self.type, "text": self.text, "data": dict(self.data), "url": self.url}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Message:
        return cls(
            type=str(doc.get("type") or ""),
            text=str(doc.get("text") or ""),
            data=dict(doc.get("data") or {}),
            url=str(doc.get("url") or ""),
        )


@dataclass(frozen=True)
class Attempt:
    """The outcome of trying the channels once for one recipient."""

    status: str  # sent | failed | unreachable | retry
    channel: str = ""
    errcode: int | None = None
    reason: str = ""
    msgid: int = 0
    delay: float = 0.0  # retry: seconds before the next try (push.policy)
    max_attempts: int | None = None  # retry: the code's own limit, if any


class PushDeliveries(Repository):
    """One document per (job, openid): the delivery's status survives any crash."""

    collection = "push_deliveries"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("job", ASCENDING), ("openid", ASCENDING)], unique=True, name="job_openid"),
        IndexModel([("openid", ASCENDING), ("updated_at", ASCENDING)], name="by_patient"),
        IndexModel([("status", ASCENDING), ("updated_at", ASCENDING)], name="status_updated"),
    ]

    async def get(self, job: str, openid: str) -> dict[str, Any] | None:
        return await self.col.find_one({"job": job, "openid": openid})

    async def of_job(self, job: str, openids: list[str]) -> dict[str, dict[str, Any]]:
        """The records of `job` for these recipients, by openid (one indexed read)."""
        cursor = self.col.find({"job": job, "openid": {"$in": openids}})
        return {d["openid"]: d async for d in cursor}

    async def claim(self, job: str, openid: str, now: datetime) -> dict[str, Any] | None:
        """The record this run now owns, or None when the delivery is finished.

        Runs of one job never overlap (the queue runs a job id once at a time), so a
        `sending` record left behind is a crashed attempt: taken over at once."""
        doc = {
            "job": job,
            "openid": openid,
            "status": "sending",
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
        }
        try:
            await self.col.insert_one(doc)
            return doc
        except DuplicateKeyError:
            pass
        return await self.col.find_one_and_update(
            {"job": job, "openid": openid, "status": {"$nin": list(FINAL)}},
            {"$set": {"updated_at": now}},
            return_document=ReturnDocument.AFTER,
        )

    async def set(self, doc: dict[str, Any], **fields: Any) -> None:
        await self.col.update_one({"_id": doc["_id"]}, {"$set": fields})

    async def attempt(self, doc: dict[str, Any], channel: str, now: datetime) -> None:
        """Written before each WeChat call: which channel, and one more attempt."""
        await self.col.update_one(
            {"_id": doc["_id"]},
            {
                "$set": {"status": "sending", "channel": channel, "updated_at": now},
                "$inc": {"attempts": 1},
            },
        )
        doc["attempts"] = int(doc.get("attempts") or 0) + 1

    # --- reading, for staff (the console's deliveries, dead letters and dashboard) -----
    async def of_accounts(self, openids: list[str], limit: int) -> list[dict[str, Any]]:
        """The latest deliveries to these accounts, newest first (the by_patient index)."""
        if not openids:
            return []
        cursor = self.col.find({"openid": {"$in": openids}}).sort("updated_at", DESCENDING)
        return await cursor.limit(limit).to_list(limit)

    async def dead_letters(
        self, jobs: list[str] | None, since: datetime, limit: int
    ) -> list[dict[str, Any]]:
        """Deliveries failed for good since `since`, newest first; `jobs`: only these
        jobs (None: all)."""
        query: dict[str, Any] = {"status": "failed", "updated_at": {"$gte": since}}
        if jobs is not None:
            query["job"] = {"$in": jobs}
        cursor = self.col.find(query).sort("updated_at", DESCENDING)
        return await cursor.limit(limit).to_list(limit)

    async def by_id(self, delivery_id: str) -> dict[str, Any] | None:
        """One record by its id as the console shows it (None for a malformed id)."""
        if not ObjectId.is_valid(delivery_id):
            return None
        return await self.col.find_one({"_id": ObjectId(delivery_id)})

    async def mark_retried(self, record_id: Any, key: str, by: str, now: datetime) -> bool:
        """A failed delivery handed to a new job `key`, once (a conditional update: two
        staff members clicking together queue it once)."""
        done = await self.col.update_one(
            {"_id": record_id, "status": "failed", "retried": {"$exists": False}},
            {"$set": {"retried": {"job": key, "by": by, "at": now}}},
        )
        return bool(done.modified_count)

    async def outcomes(self, since: datetime) -> dict[str, dict[str, int]]:
        """Finished deliveries since `since`, per channel and status (the staff
        dashboard; one aggregation on the status/updated_at index)."""
        cursor = await self.col.aggregate(
            [
                {"$match": {"status": {"$in": list(FINAL)}, "updated_at": {"$gte": since}}},
                {"$group": {"_id": {"c": "$channel", "s": "$status"}, "n": {"$sum": 1}}},
            ]
        )
        found: dict[str, dict[str, int]] = {}
        async for doc in cursor:
            channel = str(doc["_id"].get("c") or "none")
            found.setdefault(channel, {})[str(doc["_id"]["s"])] = int(doc["n"])
        return found


class Sender:
    """Channel choice + the WeChat call + the delivery record, for one recipient."""

    def __init__(
        self,
        deliveries: PushDeliveries,
        client: WeChatClient,
        channels: Channels,
        consent: SubscribeConsent,
        clock: Clock,
        *,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    ) -> None:
        self.deliveries, self.client, self.channels = deliveries, client, channels
        self.consent, self.clock, self.max_attempts = consent, clock, max_attempts

    async def deliver(
        self, job: str, openid: str, message: Message, *, not_after: datetime | None = None
    ) -> str:
        """Deliver `message` once, recorded per (job, openid); returns the final status.
        Raises `Retry(defer=...)` for a transient failure (the job goes back in the
        queue for the per-code delay)."""
        now = self.clock.now()
        doc = await self.deliveries.claim(job, openid, now)
        if doc is None:
            found = await self.deliveries.get(job, openid)
            return str(found["status"]) if found else "sent"
        if doc.get("next_attempt_at") and doc["next_attempt_at"] > now:
            raise Retry(defer=(doc["next_attempt_at"] - now) / timedelta(seconds=1))
        if not_after is not None and now > not_after:
            return await self._finish(doc, "expired", "", reason="too late: past its deadline")

        async def before(channel: str) -> None:
            await self.deliveries.attempt(doc, channel, now)

        result = await self.attempt(job, openid, message, before=before)
        if result.status == "retry":
            limit = result.max_attempts or self.max_attempts
            if int(doc["attempts"]) < limit:
                await self.deliveries.set(
                    doc,
                    status="retry",
                    errcode=result.errcode,
                    reason=result.reason,
                    next_attempt_at=now + timedelta(seconds=result.delay),
                    updated_at=now,
                )
                raise Retry(defer=result.delay)
            result = Attempt(
                "failed",
                result.channel,
                result.errcode,
                f"gave up after {doc['attempts']} attempts: {result.reason}",
            )
        fields: dict[str, Any] = {"reason": result.reason} if result.reason else {}
        if result.errcode is not None:
            fields["errcode"] = result.errcode
        if result.status == "sent":
            fields["msgid"] = result.msgid
        return await self._finish(doc, result.status, result.channel, **fields)

    async def attempt(
        self,
        job: str,
        openid: str,
        message: Message,
        *,
        before: Callable[[str], Awaitable[None]] | None = None,
        choice: Choice | None = None,
    ) -> Attempt:
        """Try the allowed channels in order (`push.channels`): the first that takes the
        message wins; a channel WeChat closes for this user (45015, 45047, 43101) passes
        to the next. `before(channel)` runs before each WeChat call (the record);
        `choice`: the channels, when the caller chose them for a group (`choose_many`)."""
        if choice is None:
            choice = await self.channels.choose(openid, message.type, custom=bool(message.text))
        reasons = list(choice.skipped)
        for channel in choice.channels:
            if before is not None:
                await before(channel)
            try:
                msgid = await self._send(channel, job, openid, message)
            except WeChatAPIError as exc:
                outcome = exc.outcome
                if exc.errcode in CHANNEL_CLOSED[channel]:
                    if channel == CUSTOM:
                        await self.channels.close_window(openid)
                    reasons.append(outcome.reason)
                    continue
                if outcome.permanent:
                    return Attempt("failed", channel, exc.errcode, outcome.reason)
                return Attempt(
                    "retry",
                    channel,
                    exc.errcode,
                    outcome.reason,
                    delay=outcome.delay,
                    max_attempts=outcome.max_attempts,
                )
            return Attempt("sent", channel, msgid=msgid)
        return Attempt("unreachable", "", reason="; ".join(reasons))

    async def _send(self, channel: str, job: str, openid: str, message: Message) -> int:
        if channel == CUSTOM:
            await self.client.send_custom_text(openid, message.text)
            await self.channels.count_custom(openid)
            return 0
        spec = self.channels.for_type(message.type)
        if channel == TEMPLATE:
            assert spec.template is not None
            return await self.client.send_template(
                openid,
                spec.template.id,
                spec.template.render(message.data),
                message.url,
                client_msg_id=job,
            )
        assert spec.subscribe is not None
        template_id = spec.subscribe.id
        if not await self.consent.take_one(openid, template_id, at=self.clock.now()):
            raise WeChatAPIError(43101, "no subscription consent left")
        try:
            return await self.client.send_subscribe(
                openid, template_id, spec.subscribe.render(message.data), page=message.url
            )
        except WeChatAPIError as exc:
            if not exc.outcome.permanent:
                await self.consent.give_back(openid, template_id)
            raise

    async def _finish(self, doc: dict[str, Any], status: str, channel: str, **fields: Any) -> str:
        """The outcome, recorded: from now on the delivery counts as done."""
        now = self.clock.now()
        extra = {"sent_at": now} if status == "sent" else {}
        await self.deliveries.set(
            doc, status=status, channel=channel, updated_at=now, **extra, **fields
        )
        record_delivery(channel, status)
        if status != "sent":
            log.info(
                "push.not_sent",
                extra={"job": doc["job"], "status": status, "reason": fields.get("reason", "")},
            )
        return status

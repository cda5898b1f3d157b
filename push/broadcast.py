"""Broadcasts: one stored job with its audience, expanded in batches, resumable.

A broadcast is ONE document (`broadcasts`): the message, the audience (`{kind, params}`,
resolved by an `Audience` the composition root injects: push never imports handlers),
its status and an expansion checkpoint. Nothing about it lives only in Redis.

    create → start ──▶ push.broadcast_expand (job) pages the audience, BATCH_SIZE
                       openids at a time, into `broadcast_batches` documents, each
                       queued as a push.broadcast_batch job; the cursor (last openid)
                       is saved after every batch: a killed expansion resumes there.
           ──▶ push.broadcast_batch (job, any worker) sends its recipients through the
               channel choice (`push.channels`), CONCURRENCY at a time, then records
               the outcomes under the unique (job, openid) key of `push_deliveries`
               (one insert for the group) before they count as sent.

Before each group the batch document names the recipients in flight: after a kill,
those without a recorded outcome are sent again (template messages carry the
broadcast id as `client_msg_id`, which WeChat de-duplicates; a customer-service
message in flight at the kill may arrive twice). Everybody else of the batch is
either recorded (skipped) or never tried (sent now). A transient WeChat error (45009
storm, busy) stops the batch and puts it back in the time-ordered queue for the
per-code delay, never hammering WeChat. `pause`/`cancel` are read between groups;
`resume` queues the expansion and every unfinished batch again.

Progress (`progress`) sums the batch documents: sent / failed / unreachable / expired /
pending, with the reasons.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from pymongo import ASCENDING, IndexModel, ReturnDocument
from pymongo.errors import BulkWriteError, DuplicateKeyError

from bot.clock import Clock
from bot.observability import record_delivery
from bot.render import Texts
from bot.storage import Repository, Storage
from push.delivery import Attempt, Message, PushDeliveries, Sender
from push.jobs import JobQueue, Retry

log = logging.getLogger(__name__)

EXPAND = "push.broadcast_expand"
BATCH = "push.broadcast_batch"
BATCH_SIZE = 200
CONCURRENCY = 20  # sends in flight per batch
EXPAND_SLICE = 50  # batches written per expansion run before it queues its next slice
MAX_BATCH_RETRIES = 12
STATUSES = ("sent", "failed", "unreachable", "expired")


class Audience(Protocol):
    """Who a broadcast reaches: openids in the audience's own stable order (each once),
    one page at a time; the last openid of a page is the cursor of the next."""

    async def page(self, params: Mapping[str, Any], after: str, limit: int) -> list[str]:
        """Up to `limit` distinct openids that come after `after` ("" for the start)."""
        ...

    async def count(self, params: Mapping[str, Any]) -> int: ...


class AudienceError(ValueError):
    """The audience is unknown or its parameters are not valid (a 4xx for the console)."""


class AudienceLists(Repository):
    """Uploaded recipient lists (e.g. card numbers resolved to openids): audience `list`.

    Every member has its place `i` in the list (0, 1, 2 ... in the order stored; the
    head document in `audience_list_heads` hands out the places), so a page is one
    bounded range `i in (a, a + limit]`. SecantusDB reads every document a query
    matches before it applies a limit: `openid > after ... limit 200` read the whole
    rest of the list for each page, quadratic in the list's size."""

    collection = "audience_lists"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("list", ASCENDING), ("openid", ASCENDING)], unique=True, name="list_openid"),
        IndexModel([("list", ASCENDING), ("i", ASCENDING)], name="list_order"),
    ]

    def __init__(self, storage: Storage) -> None:
        super().__init__(storage)
        self.heads = storage.db["audience_list_heads"]

    async def store(self, list_id: str, openids: list[str], chunk: int = 5000) -> int:
        """Add these openids to the list (those already in it are skipped)."""
        stored = 0
        unique = list(dict.fromkeys(openids))
        for i in range(0, len(unique), chunk):
            part = unique[i : i + chunk]
            known = self.col.find({"list": list_id, "openid": {"$in": part}}, {"openid": 1})
            found = {d["openid"] async for d in known}
            part = [o for o in part if o not in found]
            if not part:
                continue
            first = await self._places(list_id, len(part))
            docs = [{"list": list_id, "openid": o, "i": first + k} for k, o in enumerate(part)]
            try:
                result = await self.col.insert_many(docs, ordered=False)
                stored += len(result.inserted_ids)
            except BulkWriteError as exc:  # stored at the same time by another call
                stored += int(exc.details.get("nInserted", 0))
        return stored

    async def _places(self, list_id: str, n: int) -> int:
        """Reserve `n` places at the end of the list; returns the first."""
        try:
            head = await self.heads.find_one_and_update(
                {"_id": list_id},
                {"$inc": {"next": n}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:  # two first stores at once: the other created the head
            head = await self.heads.find_one_and_update(
                {"_id": list_id}, {"$inc": {"next": n}}, return_document=ReturnDocument.AFTER
            )
        return int(head["next"]) - n

    async def size(self, list_id: str) -> int:
        """Places handed out so far (members, plus any lost to a concurrent duplicate)."""
        head = await self.heads.find_one({"_id": list_id})
        return int(head["next"]) if head else 0


class ListAudience:
    """Audience `list`: params `{"list": <list id>}` (see `AudienceLists.store`), in the
    order the list was stored."""

    def __init__(self, lists: AudienceLists) -> None:
        self.lists = lists

    def _list(self, params: Mapping[str, Any]) -> str:
        list_id = params.get("list")
        if not isinstance(list_id, str) or not list_id:
            raise AudienceError("audience list: params need `list`, the id of a stored list")
        return list_id

    async def page(self, params: Mapping[str, Any], after: str, limit: int) -> list[str]:
        list_id = self._list(params)
        start = -1
        if after:
            doc = await self.lists.col.find_one({"list": list_id, "openid": after}, {"i": 1})
            if doc is None:
                return []
            start = int(doc["i"])
        end = await self.lists.size(list_id)
        found: list[str] = []
        while len(found) < limit and start + 1 < end:  # more than one range only past gaps
            last = min(start + limit - len(found), end - 1)
            cursor = self.lists.col.find(
                {"list": list_id, "i": {"$gt": start, "$lte": last}}, {"openid": 1, "i": 1}
            ).sort("i", ASCENDING)
            found += [d["openid"] async for d in cursor]
            start = last
        return found

    async def count(self, params: Mapping[str, Any]) -> int:
        return await self.lists.col.count_documents({"list": self._list(params)})


class Broadcasts(Repository):
    collection = "broadcasts"
    indexes: ClassVar[list[IndexModel]] = [IndexModel([("created_at", ASCENDING)])]


class BroadcastBatches(Repository):
    collection = "broadcast_batches"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("broadcast", ASCENDING), ("n", ASCENDING)], name="by_broadcast"),
        IndexModel([("broadcast", ASCENDING), ("status", ASCENDING)], name="by_status"),
    ]


@dataclass(frozen=True)
class Progress:
    status: str
    total: int  # recipients found so far (all of them once `expanded`)
    expanded: bool
    sent: int = 0
    failed: int = 0
    unreachable: int = 0
    expired: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def pending(self) -> int:
        return max(self.total - self.sent - self.failed - self.unreachable - self.expired, 0)

    @property
    def done(self) -> bool:
        return self.expanded and self.pending == 0


def job_key(broadcast_id: str) -> str:
    """The delivery job of a broadcast (and its template messages' client_msg_id)."""
    return broadcast_id


class BroadcastEngine:
    """create / start / pause / resume / cancel / progress, and the two job functions."""

    def __init__(
        self,
        broadcasts: Broadcasts,
        batches: BroadcastBatches,
        deliveries: PushDeliveries,
        queue: JobQueue,
        audiences: Mapping[str, Audience],
        clock: Clock,
        texts: Texts,
    ) -> None:
        self.broadcasts, self.batches, self.deliveries = broadcasts.col, batches.col, deliveries
        self.queue, self.audiences, self.clock = queue, dict(audiences), clock
        self.texts = texts
        self.sender: Sender | None = None  # set by the worker (it owns the HTTP client)
        # A run stops after this long and puts its job back (progress is in MongoDB):
        # well inside the job's timeout, however slow the machine.
        self.slice_seconds = 20.0

    # --- operations (the console calls these) -----------------------------------------
    async def create(
        self,
        *,
        title: str,
        body: str,
        audience: str,
        params: Mapping[str, Any] | None = None,
        url: str = "",
        created_by: str = "",
        text: str = "",
    ) -> str:
        """Store a broadcast (not started). `text` is the customer-service text (default:
        push/broadcast.j2); a template message gets `title`, `body`, `url`."""
        if audience not in self.audiences:
            raise AudienceError(
                f"unknown audience {audience!r}; known: {', '.join(sorted(self.audiences))}"
            )
        params = dict(params or {})
        await self.audiences[audience].page(params, "", 1)  # validates the params
        broadcast_id = "bc" + uuid.uuid4().hex[:16]
        message = Message(
            "broadcast",
            text or self.texts.render("push/broadcast.j2", title=title, body=body, url=url),
            {"title": title, "body": body, "url": url},
            url,
        )
        await self.broadcasts.insert_one(
            {
                "_id": broadcast_id,
                "message": message.to_doc(),
                "audience": {"kind": audience, "params": params},
                "status": "draft",
                "cursor": "",
                "batches": 0,
                "batches_done": 0,
                "total": 0,
                "expanded": False,
                "created_by": created_by,
                "created_at": self.clock.now(),
            }
        )
        return broadcast_id

    async def audience_size(self, audience: str, params: Mapping[str, Any]) -> int:
        if audience not in self.audiences:
            raise AudienceError(f"unknown audience {audience!r}")
        return await self.audiences[audience].count(params)

    async def start(self, broadcast_id: str) -> bool:
        """Send: the expansion is queued at once (the first batch follows within a poll)."""
        done = await self.broadcasts.update_one(
            {"_id": broadcast_id, "status": "draft"},
            {"$set": {"status": "running", "started_at": self.clock.now()}},
        )
        if done.modified_count:
            await self._queue_expand(broadcast_id, 0)
        return bool(done.modified_count)

    async def pause(self, broadcast_id: str) -> bool:
        return await self._move(broadcast_id, "running", "paused")

    async def cancel(self, broadcast_id: str) -> bool:
        done = await self.broadcasts.update_one(
            {"_id": broadcast_id, "status": {"$in": ["draft", "running", "paused"]}},
            {"$set": {"status": "cancelled", "finished_at": self.clock.now()}},
        )
        return bool(done.modified_count)

    async def resume(self, broadcast_id: str) -> bool:
        """Paused → running: the expansion and every unfinished batch are queued again."""
        if not await self._move(broadcast_id, "paused", "running"):
            return False
        await self.requeue(broadcast_id)
        return True

    async def requeue(self, broadcast_id: str) -> int:
        """Queue whatever of a running broadcast is unfinished (resume; a lost queue)."""
        doc = await self.broadcasts.find_one({"_id": broadcast_id, "status": "running"})
        if doc is None:
            return 0
        if not doc["expanded"]:
            await self._queue_expand(broadcast_id, int(doc["batches"]))
        n = 0
        async for b in self.batches.find(_unfinished(broadcast_id), {"n": 1}):
            await self.queue.enqueue(BATCH, broadcast_id, b["n"], job_id=b["_id"])
            n += 1
        if n == 0 and doc["expanded"]:  # all done, but its end was not recorded (a kill)
            await self._maybe_done(broadcast_id, count=True)
        return n

    async def resume_stalled(self) -> int:
        """Cron: queue again whatever of a running broadcast has no job (a job dropped
        after an unexpected error, a Redis that lost its data); queued jobs are not
        queued twice (same ids)."""
        n = 0
        async for doc in self.broadcasts.find({"status": "running"}, {"_id": 1}):
            n += await self.requeue(doc["_id"])
        return n

    async def progress(self, broadcast_id: str) -> Progress | None:
        doc = await self.broadcasts.find_one({"_id": broadcast_id})
        if doc is None:
            return None
        totals: Counter[str] = Counter()
        reasons: Counter[str] = Counter()
        async for b in self.batches.find({"broadcast": broadcast_id}, {"counts": 1, "reasons": 1}):
            totals.update(b.get("counts") or {})
            reasons.update(b.get("reasons") or {})
        return Progress(
            status=doc["status"],
            total=int(doc["total"]),
            expanded=bool(doc["expanded"]),
            reasons=dict(reasons),
            **{s: int(totals.get(s, 0)) for s in STATUSES},
        )

    async def message(self, broadcast_id: str) -> Message | None:
        """What a broadcast says (a dead letter retried by staff is sent it again)."""
        doc = await self.broadcasts.find_one({"_id": broadcast_id}, {"message": 1})
        return Message.from_doc(doc["message"]) if doc else None

    async def _move(self, broadcast_id: str, before: str, after: str) -> bool:
        done = await self.broadcasts.update_one(
            {"_id": broadcast_id, "status": before}, {"$set": {"status": after}}
        )
        return bool(done.modified_count)

    async def _queue_expand(self, broadcast_id: str, from_batch: int) -> None:
        await self.queue.enqueue(EXPAND, broadcast_id, job_id=f"{broadcast_id}:x{from_batch}")

    # --- job: expansion -----------------------------------------------------------------
    async def expand(self, broadcast_id: str) -> int:
        """Write up to EXPAND_SLICE batches from the checkpoint, queue each, then queue
        the next slice (so a kill loses at most one slice's progress, never a batch)."""
        doc = await self.broadcasts.find_one({"_id": broadcast_id})
        if doc is None or doc["status"] != "running" or doc["expanded"]:
            return 0
        audience = self.audiences[doc["audience"]["kind"]]
        params = doc["audience"]["params"]
        cursor, n, written = str(doc["cursor"]), int(doc["batches"]), 0
        until = time.monotonic() + self.slice_seconds
        while written < EXPAND_SLICE and time.monotonic() < until:
            openids = await audience.page(params, cursor, BATCH_SIZE)
            if not openids:
                await self.broadcasts.update_one(
                    {"_id": broadcast_id}, {"$set": {"expanded": True}}
                )
                await self._maybe_done(broadcast_id)
                return written
            batch_id = f"{broadcast_id}:{n:06d}"
            try:
                await self.batches.insert_one(
                    {
                        "_id": batch_id,
                        "broadcast": broadcast_id,
                        "n": n,
                        "openids": openids,
                        "status": "pending",
                        "inflight": [],
                        "counts": {},
                        "reasons": {},
                        "retries": 0,
                    }
                )
            except DuplicateKeyError:
                pass  # written before a crash, checkpoint not saved: the same batch
            await self.queue.enqueue(BATCH, broadcast_id, n, job_id=batch_id)
            # The checkpoint moves only from where this run found it: a second
            # expansion (requeued while this one ran) stops here instead of counting twice.
            moved = await self.broadcasts.update_one(
                {"_id": broadcast_id, "batches": n},
                {
                    "$set": {"cursor": openids[-1], "batches": n + 1},
                    "$inc": {"total": len(openids)},
                },
            )
            if not moved.modified_count:
                return written
            cursor, n, written = openids[-1], n + 1, written + 1
        await self._queue_expand(broadcast_id, n)
        return written

    # --- job: one batch -------------------------------------------------------------------
    async def run_batch(self, broadcast_id: str, n: int) -> dict[str, int]:
        assert self.sender is not None, "the worker sets the sender"
        batch_id = f"{broadcast_id}:{n:06d}"
        batch = await self.batches.find_one({"_id": batch_id})
        if batch is None or batch["status"] == "done":
            return {}
        job = job_key(broadcast_id)
        openids: list[str] = batch["openids"]
        # A batch no run has touched yet (`updated_at` is set by the first) has no
        # records: the read (a $in over its recipients) is for resumed batches only.
        records = await self.deliveries.of_job(job, openids) if "updated_at" in batch else {}
        counts = Counter(r["status"] for r in records.values())
        reasons = Counter(r["reason"] for r in records.values() if r.get("reason"))
        todo = [o for o in openids if o not in records]
        doc = await self.broadcasts.find_one({"_id": broadcast_id}, {"message": 1, "status": 1})
        message = Message.from_doc(doc["message"]) if doc else None
        retry: Attempt | None = None
        until = time.monotonic() + self.slice_seconds
        for i in range(0, len(todo), CONCURRENCY):
            if time.monotonic() > until:  # this run's slice is used up: the rest next run
                await self._save(batch_id, counts, reasons, [], "pending")
                raise Retry(defer=0)
            status = await self._status(broadcast_id)
            if status != "running" or message is None:
                await self._save(batch_id, counts, reasons, [], "pending")
                return dict(counts)  # paused or cancelled: resume queues it again
            group = todo[i : i + CONCURRENCY]
            await self._save(batch_id, counts, reasons, group, "running")
            choices = await self.sender.channels.choose_many(
                group, message.type, custom=bool(message.text)
            )
            results = await asyncio.gather(
                *(self.sender.attempt(job, o, message, choice=choices[o]) for o in group)
            )
            now = self.clock.now()
            finished = []
            for openid, result in zip(group, results, strict=True):
                if result.status == "retry":
                    retry = retry or result
                    continue
                finished.append(
                    {
                        "job": job,
                        "openid": openid,
                        "status": result.status,
                        "channel": result.channel,
                        "errcode": result.errcode,
                        "reason": result.reason,
                        "msgid": result.msgid,
                        "attempts": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                counts[result.status] += 1
                if result.reason:
                    reasons[result.reason] += 1
                record_delivery(result.channel, result.status)
            if finished:
                try:
                    await self.deliveries.col.insert_many(finished, ordered=False)
                except BulkWriteError:
                    pass  # recorded by an earlier run that died before its checkpoint
            if retry is not None:
                break
        if retry is not None:
            return await self._defer(batch_id, batch, counts, reasons, retry)
        await self._done(batch_id, broadcast_id, counts, reasons)
        return dict(counts)

    async def _defer(
        self,
        batch_id: str,
        batch: dict[str, Any],
        counts: Counter[str],
        reasons: Counter[str],
        retry: Attempt,
    ) -> dict[str, int]:
        """A transient error: the batch waits the code's delay in the queue (or, after
        MAX_BATCH_RETRIES, its unsent recipients are recorded as failed)."""
        if int(batch.get("retries", 0)) + 1 > (retry.max_attempts or MAX_BATCH_RETRIES):
            await self._give_up(batch_id, batch, retry)
            return dict(counts)
        await self._save(batch_id, counts, reasons, [], "pending", retries=1)
        log.info(
            "broadcast.batch_deferred",
            extra={"batch": batch_id, "errcode": retry.errcode, "delay": retry.delay},
        )
        raise Retry(defer=retry.delay)

    async def _give_up(self, batch_id: str, batch: dict[str, Any], retry: Attempt) -> None:
        job = job_key(batch["broadcast"])
        records = await self.deliveries.of_job(job, batch["openids"])
        now = self.clock.now()
        reason = f"gave up after {batch.get('retries', 0) + 1} tries: {retry.reason}"
        docs = [
            {
                "job": job,
                "openid": o,
                "status": "failed",
                "channel": retry.channel,
                "errcode": retry.errcode,
                "reason": reason,
                "attempts": int(batch.get("retries", 0)) + 1,
                "created_at": now,
                "updated_at": now,
            }
            for o in batch["openids"]
            if o not in records
        ]
        if docs:
            try:
                await self.deliveries.col.insert_many(docs, ordered=False)
            except BulkWriteError:
                pass
        records = await self.deliveries.of_job(job, batch["openids"])
        counts = Counter(r["status"] for r in records.values())
        reasons = Counter(r["reason"] for r in records.values() if r.get("reason"))
        await self._done(batch_id, batch["broadcast"], counts, reasons)

    async def _status(self, broadcast_id: str) -> str:
        doc = await self.broadcasts.find_one({"_id": broadcast_id}, {"status": 1})
        return str(doc["status"]) if doc else "cancelled"

    async def _save(
        self,
        batch_id: str,
        counts: Counter[str],
        reasons: Counter[str],
        inflight: list[str],
        status: str,
        retries: int = 0,
    ) -> None:
        update: dict[str, Any] = {
            "$set": {
                "counts": dict(counts),
                "reasons": dict(reasons),
                "inflight": inflight,
                "status": status,
                "updated_at": self.clock.now(),
            }
        }
        if retries:
            update["$inc"] = {"retries": retries}
        await self.batches.update_one({"_id": batch_id}, update)

    async def _done(
        self, batch_id: str, broadcast_id: str, counts: Counter[str], reasons: Counter[str]
    ) -> None:
        """The batch is finished: counted once on its broadcast (`batches_done`), which
        then ends when every batch is done."""
        done = await self.batches.update_one(
            {"_id": batch_id, "status": {"$ne": "done"}},
            {
                "$set": {
                    "counts": dict(counts),
                    "reasons": dict(reasons),
                    "inflight": [],
                    "status": "done",
                    "updated_at": self.clock.now(),
                }
            },
        )
        if done.modified_count:
            await self.broadcasts.update_one({"_id": broadcast_id}, {"$inc": {"batches_done": 1}})
            await self._maybe_done(broadcast_id)

    async def _maybe_done(self, broadcast_id: str, *, count: bool = False) -> None:
        """Mark the broadcast done once it is expanded and no batch is unfinished.

        `batches_done` says when to look (a kill between a batch's end and its count
        leaves it short: `requeue`, run every minute, then looks with `count=True`);
        the count of unfinished batches decides. Counting at every batch's end read
        every batch document of every broadcast each time (SecantusDB cannot use an
        index for `$ne`): quadratic in the broadcast's size."""
        doc = await self.broadcasts.find_one({"_id": broadcast_id})
        if doc is None or not doc["expanded"] or doc["status"] != "running":
            return
        if not count and int(doc.get("batches_done") or 0) < int(doc["batches"]):
            return
        left = await self.batches.count_documents(_unfinished(broadcast_id))
        if left == 0:
            await self.broadcasts.update_one(
                {"_id": broadcast_id, "status": "running"},
                {"$set": {"status": "done", "finished_at": self.clock.now()}},
            )


def _unfinished(broadcast_id: str) -> dict[str, Any]:
    """The batches of a broadcast not done yet (an index range, unlike `$ne`)."""
    return {"broadcast": broadcast_id, "status": {"$in": ["pending", "running"]}}

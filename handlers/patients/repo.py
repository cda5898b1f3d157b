"""The patients capability's storage: `patients` and the daily counters, one owner each,
and the Redis set of the accounts that may have patients (`AccountIndex`)."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, ClassVar

from bson import ObjectId
from bson.errors import InvalidId
from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from bot.storage import Repository, Storage
from handlers.patients.models import PatientError

log = logging.getLogger(__name__)

# What staff screens may read of a patient (never the encrypted ID number or phone).
_STAFF_FIELDS = {"openid": 1, "name": 1, "card_no": 1, "id_hash": 1}


# Openids of the accounts that must stay listed for another reason (booking's: the
# accounts with an active appointment), read by a rebuild.
AccountSource = Callable[[], AsyncIterator[str]]

REBUILD_LOCK_SECONDS = 600  # a rebuild that takes longer lets another one start
COMPLETE_SECONDS = 3600  # the set is rebuilt at least this often (see AccountIndex)
RETRY_SECONDS = 5.0  # a process asks for a rebuild at most this often
_CHUNK = 1000

# KEYS: complete, lock. ARGV: token, seconds. Set `complete` only while the rebuild still
# holds its lock: a FLUSHALL (or a restart without persistence) during the rebuild took
# the lock with it, and then what was added before it is gone: no `complete`.
_FINISH = """
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('DEL', KEYS[2])
return 1
"""
_UNLOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end"


class AccountIndex:
    """A Redis set of the openids that MAY have patients, so that an account with none
    (most first messages: a hospital's many new followers) is answered without a
    MongoDB query. The conversation's acquire reads `SISMEMBER` and whether `complete`
    exists in the same Redis round trip (`membership`, `bot.dialogue.state.Membership`).

    Invariant, while `complete` exists: every openid with a patient document, or with an
    active appointment (booking's `AccountSource`), is a member. Members without either
    are allowed (a superset costs the MongoDB query, as without the set; never a wrong
    answer).

    Writers add the openid BEFORE their MongoDB write and once more AFTER it
    (`listing`): a crash between the two leaves a superset. Nothing is ever removed:
    removing the last patient keeps the member. An SREM "after the delete" would race
    with an addition from another channel (H5, not under the chat lock): the add's
    SADD, then the remove's count of 0 (the insert not committed yet), the SREM, then
    the insert — a patient the set does not list. A second reason: an account may keep
    active appointments after its last patient is gone (booking checks the patient
    before its transaction, a removal checks the appointments before its delete).

    A rebuild (`rebuild`: at start-up and whenever a reader finds `complete` missing;
    single-flight per process, and across processes by a Redis lock with a random
    token) adds every openid of `patients` and of the `sources`, then sets `complete`
    only if it still holds its lock (`_FINISH`). It only ever adds, so nothing a writer
    added meanwhile is lost.

    Why `complete` is then true. Take a document D of openid x committed by the time
    `complete` is set. If D was committed before the scan began, the scan read it and
    the rebuild added x. Otherwise D's writer added x before it began the insert, and
    that member is still there unless Redis lost its data after that SADD. Data lost
    after the rebuild took its lock took the lock too, and then the rebuild does not
    set `complete`. So the one gap: Redis lost its data between the writer's first SADD
    and the rebuild's lock, and D was committed after the scan had passed it; the
    writer's second SADD, one round trip after its commit, closes it.

    Redis restored from an older snapshot (RDB, AOF fsync'd a second ago) may return
    `complete` with a set that lacks the last additions: `complete` expires after
    `COMPLETE_SECONDS`, so such a gap lasts at most that long (a rebuild then runs).

    The first rollout of this index: processes of the previous release add patients
    without listing them. `complete` expires within the hour after the last of them is
    gone (or delete the key after the rollout: `DEL patients:<database>:accounts:complete`).

    Redis down: adding a patient or booking fails (the SADD comes first) rather than
    write what the set would not list.

    Keys carry the database's name: two deployments that share a Redis never trust each
    other's set. One key for all accounts: on Redis Cluster it would live on one node.
    """

    def __init__(self, redis: Any, col: Any, database: str) -> None:
        self.redis = redis
        self.col = col
        self.members = f"patients:{database}:accounts"
        self.complete = f"patients:{database}:accounts:complete"
        self.lock = f"patients:{database}:accounts:rebuilding"
        self.sources: list[AccountSource] = []
        self.building: asyncio.Task[bool] | None = None
        self._asked = float("-inf")

    async def add(self, openid: str) -> None:
        await self.redis.sadd(self.members, openid)

    @asynccontextmanager
    async def listing(self, openid: str) -> AsyncIterator[None]:
        """Around a MongoDB write that gives `openid` a patient or an active appointment:
        listed before it starts and again after it ends (see the class docstring)."""
        await self.add(openid)
        try:
            yield
        finally:
            await self.add(openid)

    async def rebuild(self) -> bool:
        """Unless the set is complete: add every account that must be listed, then mark
        the set complete. False when another rebuild holds the lock, or Redis lost the
        lock meanwhile."""
        if await self.redis.exists(self.complete):
            return True  # another process has just rebuilt it
        token = secrets.token_hex(8)
        if not await self.redis.set(self.lock, token, nx=True, ex=REBUILD_LOCK_SECONDS):
            return False
        try:
            n = await self._add_all(self._patient_accounts())
            for source in self.sources:
                n += await self._add_all(source())
            finish = self.redis.eval(_FINISH, 2, self.complete, self.lock, token, COMPLETE_SECONDS)
            done = bool(await finish)
        except BaseException:
            await self.redis.eval(_UNLOCK, 1, self.lock, token)
            raise
        log.info("patients.accounts_rebuilt", extra={"added": n, "complete": done})
        return done

    async def _patient_accounts(self) -> AsyncIterator[str]:
        async for doc in self.col.find({}, {"openid": 1, "_id": 0}):
            if doc.get("openid"):
                yield doc["openid"]

    async def _add_all(self, openids: AsyncIterator[str]) -> int:
        n, chunk = 0, []
        async for openid in openids:
            chunk.append(openid)
            if len(chunk) >= _CHUNK:
                n += await self._add_chunk(chunk)
                chunk = []
        return n + await self._add_chunk(chunk)

    async def _add_chunk(self, openids: Iterable[str]) -> int:
        members = sorted(set(openids))
        if members:
            await self.redis.sadd(self.members, *members)
        return len(members)

    def ensure(self) -> asyncio.Task[bool] | None:
        """Start a rebuild in the background unless one runs in this process, or one that
        did not complete the set was asked for in the last `RETRY_SECONDS`; the task
        (tests await it), or None."""
        if self.building is not None and not self.building.done():
            return self.building
        now = time.monotonic()
        if now - self._asked < RETRY_SECONDS:
            return None
        self._asked = now
        self.building = asyncio.create_task(self._rebuild_logged())
        return self.building

    async def _rebuild_logged(self) -> bool:
        try:
            done = await self.rebuild()
        except Exception as exc:  # readers keep asking MongoDB; the next reader retries
            log.warning("patients.accounts_rebuild_failed", extra={"error": repr(exc)})
            return False
        if done:  # only a failed or locked-out attempt waits before the next one
            self._asked = float("-inf")
        return done

    async def close(self) -> None:
        task, self.building = self.building, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


class PatientRepo(Repository):
    """Raw documents. `slot` (1..max) under a unique index caps patients per account
    without a race; a partial unique index allows one default per account."""

    collection: ClassVar[str] = "patients"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel(
            [("openid", ASCENDING), ("id_hash", ASCENDING)],
            unique=True,
            name="one_patient_per_document",
        ),
        IndexModel(
            [("openid", ASCENDING), ("slot", ASCENDING)], unique=True, name="patients_per_account"
        ),
        IndexModel(
            [("openid", ASCENDING)],
            unique=True,
            name="one_default",
            partialFilterExpression={"is_default": True},
        ),
        IndexModel([("openid", ASCENDING), ("created_at", ASCENDING)], name="by_account"),
        IndexModel([("card_no", ASCENDING)], name="by_card"),
        IndexModel([("name", ASCENDING)], name="by_name"),  # staff search (console)
        # A card bound where the HIS does not share cards belongs to one account only.
        IndexModel(
            [("card_no", ASCENDING)],
            unique=True,
            name="one_account_per_card",
            partialFilterExpression={"card_exclusive": True},
        ),
    ]

    def __init__(self, storage: Storage) -> None:
        super().__init__(storage)
        self.accounts = AccountIndex(storage.redis, self.col, storage.db.name)

    async def by_cards(self, cards: list[str]) -> list[dict[str, Any]]:
        """Patients holding these bound cards (exact, or upper-cased as typed lower):
        their account, card, name and id_hash, for staff (no encrypted fields)."""
        wanted = sorted({c for card in cards for c in (card, card.upper())})
        if not wanted:
            return []
        cursor = self.col.find({"card_no": {"$in": wanted}}, _STAFF_FIELDS)
        return await cursor.to_list(None)

    async def find_for_staff(self, *, card_no: str = "", name: str = "") -> list[dict[str, Any]]:
        """Staff search by a card or an exact name (index-backed, at most 50)."""
        query = {"card_no": {"$in": [card_no, card_no.upper()]}} if card_no else {"name": name}
        return await self.col.find(query, _STAFF_FIELDS).limit(50).to_list(50)

    async def of_accounts(self, openids: list[str]) -> list[dict[str, Any]]:
        """The patients of these accounts, for staff screens (masked there)."""
        if not openids:
            return []
        cursor = self.col.find({"openid": {"$in": openids}}, _STAFF_FIELDS)
        return await cursor.to_list(500)

    async def docs(self, openid: str) -> list[dict[str, Any]]:
        cursor = self.col.find({"openid": openid}).sort([("created_at", 1), ("_id", 1)])
        return await cursor.to_list(None)

    async def doc(self, openid: str, patient_id: str) -> dict[str, Any] | None:
        query = self.match(openid, patient_id)
        return await self.col.find_one(query) if query else None

    @staticmethod
    def match(openid: str, patient_id: str) -> dict[str, Any] | None:
        """The filter for one patient of an account (None: not a patient id); lets another
        capability read the patient inside its own query (one round trip)."""
        oid = _oid(patient_id)
        return {"_id": oid, "openid": openid} if oid else None

    async def insert(self, doc: dict[str, Any], max_slots: int) -> dict[str, Any]:
        """Insert into the lowest free slot; PatientError('limit') when none is free. The
        account is listed in `accounts` before and after (`AccountIndex.listing`)."""
        async with self.accounts.listing(doc["openid"]):
            return await self._insert(doc, max_slots)

    async def _insert(self, doc: dict[str, Any], max_slots: int) -> dict[str, Any]:
        for _ in range(max_slots + 1):
            used = {d["slot"] async for d in self.col.find({"openid": doc["openid"]}, {"slot": 1})}
            free = [s for s in range(1, max_slots + 1) if s not in used]
            if not free:
                raise PatientError("limit", max=max_slots)
            doc = {**doc, "slot": free[0], "is_default": not used}
            try:
                result = await self.col.insert_one(doc)
            except DuplicateKeyError as exc:
                index = (exc.details or {}).get("keyPattern", {})
                if "id_hash" in index or "one_patient_per_document" in str(exc):
                    raise PatientError("duplicate") from None
                continue  # lost a race for the slot or the default: look again
            return {**doc, "_id": result.inserted_id}
        raise PatientError("busy")

    async def remove(self, openid: str, patient_id: str) -> dict[str, Any] | None:
        oid = _oid(patient_id)
        if oid is None:
            return None
        removed = await self.col.find_one_and_delete({"_id": oid, "openid": openid})
        if removed and removed.get("is_default"):
            nxt = await self.col.find_one({"openid": openid}, sort=[("created_at", 1)])
            if nxt:
                try:
                    await self.col.update_one({"_id": nxt["_id"]}, {"$set": {"is_default": True}})
                except DuplicateKeyError:
                    pass  # someone chose a default meanwhile
        return removed

    async def make_default(self, openid: str, patient_id: str) -> bool:
        oid = _oid(patient_id)
        if oid is None or not await self.col.count_documents({"_id": oid, "openid": openid}):
            return False
        for _ in range(3):
            await self.col.update_many(
                {"openid": openid, "is_default": True, "_id": {"$ne": oid}},
                {"$set": {"is_default": False}},
            )
            try:
                await self.col.update_one(
                    {"_id": oid, "openid": openid}, {"$set": {"is_default": True}}
                )
                return True
            except DuplicateKeyError:
                continue
        raise PatientError("busy")

    async def set_card(
        self, openid: str, patient_id: str, card_no: str, now: datetime, *, exclusive: bool = True
    ) -> None:
        """Bind the card; PatientError('card_taken_elsewhere') when `exclusive` and another
        account holds it (the unique index `one_account_per_card` decides)."""
        try:
            await self.col.update_one(
                {"_id": _oid(patient_id), "openid": openid},
                {"$set": {"card_no": card_no, "card_bound_at": now, "card_exclusive": exclusive}},
            )
        except DuplicateKeyError:
            raise PatientError("card_taken_elsewhere") from None


class DailyQuotaRepo(Repository):
    """Per-account daily counters (patient additions, card lookups), one document per
    account, purpose and day. Taken with one conditional update, so parallel requests
    cannot exceed the limit; nothing but a failed action gives a unit back."""

    collection: ClassVar[str] = "patient_quotas"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0, name="expiry")
    ]

    async def take(self, key: str, limit: int, expires_at: datetime) -> bool:
        """One unit of `key` if fewer than `limit` are used; False when none is left."""
        query = {"_id": key, "n": {"$lt": limit}}
        try:
            await self.col.update_one(
                query, {"$inc": {"n": 1}, "$setOnInsert": {"expires_at": expires_at}}, upsert=True
            )
            return True
        except DuplicateKeyError:
            # The day's document exists and is at the limit, or a parallel first take
            # created it: try again on the existing document.
            result = await self.col.update_one(query, {"$inc": {"n": 1}})
            return result.modified_count == 1

    async def give_back(self, key: str) -> None:
        await self.col.update_one({"_id": key, "n": {"$gt": 0}}, {"$inc": {"n": -1}})

    async def used(self, key: str) -> int:
        doc = await self.col.find_one({"_id": key}, {"n": 1})
        return int((doc or {}).get("n", 0))


def _oid(value: str) -> ObjectId | None:
    try:
        return ObjectId(value)
    except (InvalidId, TypeError):
        return None

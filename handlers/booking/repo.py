"""Booking's storage: each collection has one owner here, and nothing else names it.

`AppointmentRepo` owns `appointments` (and answers LocalHIS's queue questions as its
`QueueRegister`), `StandingRepo` the no-show records and bans, `WaitlistRepo` the
waitlist, `RefundRepo` refund requests. The notices booking owes go to the
transactional outbox (`push.outbox.OutboxRepo`, see `notices.py`). Writes take the
caller's transaction `session` (one booking, one cancellation, one 停诊 = one
transaction, see `service.py`).

The admission read (`AppointmentRepo.admission`) starts from the patient's document
through `PatientRepo.match` (the patients capability's own filter) and `$lookup`s the
bans, the counted bookings and the account's active slots: ONE round trip for every
rule of a booking.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from pymongo import ASCENDING, IndexModel, ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from bot.storage import Repository
from handlers.booking.models import (
    CANCELLABLE,
    COUNTED,
    QUEUED,
    Appointment,
    Counted,
    Standing,
    Status,
)
from handlers.booking.rules import limit_window
from handlers.patients.repo import PatientRepo

QUOTA_INDEXES = frozenset({"quota_day", "quota_week", "quota_month", "quota_account"})
_DUP_INDEX = re.compile(r"index: (\S+) dup key")
_COUNTED_FIELDS = {
    "day": "$$this.day",
    "slot_day": "$$this.slot_day",
    "slot_week": "$$this.slot_week",
    "slot_month": "$$this.slot_month",
}


def dup_index(exc: DuplicateKeyError) -> str:
    """The name of the unique index an insert ran into."""
    found = _DUP_INDEX.search(str((exc.details or {}).get("errmsg", "")) or str(exc))
    return found.group(1) if found else ""


def _slot(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _counted(doc: dict[str, Any]) -> Counted:
    return Counted(
        day=date.fromisoformat(doc["day"]),
        slot_day=_slot(doc.get("slot_day")),
        slot_week=_slot(doc.get("slot_week")),
        slot_month=_slot(doc.get("slot_month")),
    )


def account_key(openid: str) -> str:
    """The standing document of an account (bans after no-shows of unverified bookings)."""
    return f"account:{openid}"


class StandingRepo(Repository):
    """No-show records and bans: `{_id: id_hash}` for a real-name ID (verified bookings),
    `{_id: "account:<openid>", openid}` for an account (unverified bookings)."""

    collection = "patient_standing"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("openid", ASCENDING)], name="by_account", sparse=True)
    ]

    async def record_no_show(
        self, key: str, openid: str | None, at: datetime, since: datetime
    ) -> int:
        """Add a no-show; the number of them since `since`."""
        update: dict[str, Any] = {"$push": {"no_shows": {"$each": [at], "$slice": -50}}}
        if openid:
            update["$set"] = {"openid": openid}
        st = await self.col.find_one_and_update(
            {"_id": key}, update, upsert=True, return_document=ReturnDocument.AFTER
        )
        return len([t for t in st.get("no_shows", []) if t >= since])

    async def ban(self, key: str, until: datetime) -> None:
        await self.col.update_one({"_id": key}, {"$set": {"banned_until": until, "no_shows": []}})

    async def bans(self, id_hash: str, openid: str) -> tuple[datetime | None, datetime | None]:
        """(the ID's ban, the account's ban)."""
        by_id: datetime | None = None
        by_account: datetime | None = None
        async for d in self.col.find(
            {"_id": {"$in": [id_hash, account_key(openid)]}}, {"banned_until": 1}
        ):
            if d["_id"] == id_hash:
                by_id = d.get("banned_until")
            else:
                by_account = d.get("banned_until")
        return by_id, by_account


class RefundRepo(Repository):
    """Refund requests for the payments capability (one per appointment): it takes each
    `requested` one (`mark`) in the same transaction as the refund it starts."""

    collection = "refund_requests"
    indexes: ClassVar[list[IndexModel]] = [IndexModel([("status", ASCENDING)])]

    async def request(
        self,
        appt: Appointment,
        why: str,
        now: datetime,
        session: AsyncClientSession | None = None,
    ) -> None:
        """One refund request per appointment (inside a transaction: callers request it
        only on the change that stops the appointment, which happens once)."""
        try:
            await self.col.insert_one(
                {
                    "_id": f"refund:{appt.id}",
                    "appointment_id": appt.id,
                    "openid": appt.openid,
                    "amount_cents": appt.fee_cents,
                    "reason": why,
                    "status": "requested",
                    "created_at": now,
                },
                session=session,
            )
        except DuplicateKeyError:
            if session is not None and session.in_transaction:
                raise
            # already requested

    async def requested(self, limit: int = 50) -> list[dict[str, Any]]:
        """Requests not yet taken by the payments capability, oldest first."""
        cursor = self.col.find({"status": "requested"}).sort("created_at", ASCENDING)
        return await cursor.limit(limit).to_list(limit)

    async def mark(
        self,
        request_id: str,
        status: str,
        now: datetime,
        session: AsyncClientSession | None = None,
    ) -> bool:
        """requested → `status` (refunding, no_online_payment ...); False if taken before."""
        done = await self.col.update_one(
            {"_id": request_id, "status": "requested"},
            {"$set": {"status": status, "updated_at": now}},
            session=session,
        )
        return done.modified_count == 1


class AppointmentRepo(Repository):
    collection = "appointments"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel(
            [
                ("id_hash", ASCENDING),
                ("department", ASCENDING),
                ("day", ASCENDING),
                ("session", ASCENDING),
            ],
            unique=True,
            name="one_active_per_dept_session",
            partialFilterExpression={"active": True},
        ),
        # One number per slot: the per-ID limits and the per-account active cap.
        IndexModel(
            [("id_hash", ASCENDING), ("day", ASCENDING), ("slot_day", ASCENDING)],
            unique=True,
            name="quota_day",
            partialFilterExpression={"counted": True},
        ),
        IndexModel(
            [("id_hash", ASCENDING), ("week", ASCENDING), ("slot_week", ASCENDING)],
            unique=True,
            name="quota_week",
            partialFilterExpression={"counted": True},
        ),
        IndexModel(
            [("id_hash", ASCENDING), ("month", ASCENDING), ("slot_month", ASCENDING)],
            unique=True,
            name="quota_month",
            partialFilterExpression={"counted": True},
        ),
        IndexModel(
            [("openid", ASCENDING), ("slot_account", ASCENDING)],
            unique=True,
            name="quota_account",
            partialFilterExpression={"active": True},
        ),
        IndexModel([("openid", ASCENDING), ("starts_at", ASCENDING)], name="by_account"),
        IndexModel([("id_hash", ASCENDING), ("day", ASCENDING)], name="by_patient_day"),
        IndexModel([("schedule_id", ASCENDING), ("number", ASCENDING)], name="queue"),
        IndexModel([("status", ASCENDING), ("hold_expires_at", ASCENDING)], name="holds"),
        IndexModel([("status", ASCENDING), ("ends_at", ASCENDING)], name="by_end"),
        IndexModel([("day", ASCENDING), ("status", ASCENDING)], name="by_day"),
        # the staff dashboard's bookings and cancellations per day
        IndexModel([("created_at", ASCENDING)], name="by_created"),
        IndexModel([("cancelled_at", ASCENDING)], name="by_cancelled", sparse=True),
    ]

    # --- reading ---------------------------------------------------------------------
    async def per_day(self, since: datetime, tz: str) -> dict[str, dict[str, int]]:
        """Bookings (by `created_at`) and patients' cancellations (by `cancelled_at`)
        per day of `tz` since `since`: {"2025-06-15": {"booked": 12, "cancelled": 2}}.
        Two index-backed aggregations; 停诊 (stopped by the hospital) is not counted as
        a cancellation."""
        found: dict[str, dict[str, int]] = {}
        for name, field, extra in (
            ("booked", "created_at", {}),
            ("cancelled", "cancelled_at", {"status": Status.CANCELLED}),
        ):
            day = {"$dateToString": {"format": "%Y-%m-%d", "date": f"${field}", "timezone": tz}}
            cursor = await self.col.aggregate(
                [
                    {"$match": {field: {"$gte": since}, **extra}},
                    {"$group": {"_id": day, "n": {"$sum": 1}}},
                ]
            )
            async for doc in cursor:
                found.setdefault(str(doc["_id"]), {})[name] = int(doc["n"])
        return found

    async def departments_of(
        self, id_hashes: list[str], departments: list[str], since: str
    ) -> dict[str, set[str]]:
        """Which of these departments each patient (by id_hash) has an appointment in on
        or after day `since` (YYYY-MM-DD), whatever its status (the console checks a
        nurse's card list against her departments with it)."""
        if not id_hashes or not departments:
            return {}
        query = {
            "id_hash": {"$in": id_hashes},
            "department": {"$in": departments},
            "day": {"$gte": since},
        }
        found: dict[str, set[str]] = {}
        async for doc in self.col.find(query, {"id_hash": 1, "department": 1, "_id": 0}):
            found.setdefault(str(doc["id_hash"]), set()).add(str(doc["department"]))
        return found

    async def get(self, appointment_id: str, openid: str | None = None) -> Appointment | None:
        query: dict[str, Any] = {"_id": appointment_id}
        if openid is not None:
            query["openid"] = openid
        doc = await self.col.find_one(query)
        return Appointment.from_doc(doc) if doc else None

    async def of_account(self, openid: str) -> list[Appointment]:
        docs = await self.col.find({"openid": openid}).sort("starts_at", 1).to_list(200)
        return [Appointment.from_doc(d) for d in docs]

    async def active_accounts(self) -> AsyncIterator[str]:
        """The openids with an active appointment (the patients' `AccountIndex` keeps
        them listed: an appointment may outlive its patient's document)."""
        async for doc in self.col.find({"active": True}, {"openid": 1, "_id": 0}):
            if doc.get("openid"):
                yield doc["openid"]

    async def active_of_patient(self, openid: str, patient_id: str) -> int:
        """How many active appointments the patient has (such a patient stays)."""
        return await self.col.count_documents(
            {"openid": openid, "patient_id": patient_id, "active": True}
        )

    async def admission(
        self, openid: str, patient_id: str, day: date
    ) -> tuple[dict[str, Any] | None, Standing | None]:
        """The patient document with its bans, the bookings counted toward the limits
        around `day` and the account's active appointments, in ONE aggregate:
        `$lookup`s from the patient on its stored `id_hash` and `openid` (index-backed;
        SecantusDB scans `$unionWith` sub-pipelines, so not those). The standing is None
        when the patient is unknown or has no id_hash."""
        match = PatientRepo.match(openid, patient_id)
        if match is None:
            return None, None
        lo, hi = limit_window(day)
        counted = {
            "$and": [
                {"$in": ["$$this.status", [str(s) for s in COUNTED]]},
                {"$gte": ["$$this.day", lo]},
                {"$lt": ["$$this.day", hi]},
            ]
        }
        bans = {"$map": {"input": "$_bans", "in": "$$this.banned_until"}}
        pipeline: list[dict[str, Any]] = [
            {"$match": match},
            {"$limit": 1},
            {
                "$lookup": {
                    "from": StandingRepo.collection,
                    "localField": "id_hash",
                    "foreignField": "_id",
                    "as": "_bans",
                }
            },
            {
                "$lookup": {
                    "from": StandingRepo.collection,
                    "localField": "openid",
                    "foreignField": "openid",
                    "as": "_account_bans",
                }
            },
            {
                "$lookup": {
                    "from": self.collection,
                    "localField": "id_hash",
                    "foreignField": "id_hash",
                    "as": "_counted",
                }
            },
            {
                "$lookup": {
                    "from": self.collection,
                    "localField": "openid",
                    "foreignField": "openid",
                    "as": "_account",
                }
            },
            {
                "$set": {
                    "_bans": bans,
                    "_account_bans": {
                        "$map": {"input": "$_account_bans", "in": "$$this.banned_until"}
                    },
                    "_counted": {
                        "$map": {
                            "input": {"$filter": {"input": "$_counted", "cond": counted}},
                            "in": _COUNTED_FIELDS,
                        }
                    },
                    "_account": {
                        "$map": {
                            "input": {
                                "$filter": {
                                    "input": "$_account",
                                    "cond": {"$eq": ["$$this.active", True]},
                                }
                            },
                            "in": {"a": "$$this.slot_account"},
                        }
                    },
                }
            },
        ]
        patients = self.storage.db[PatientRepo.collection]
        docs = await (await patients.aggregate(pipeline)).to_list(1)
        if not docs:
            return None, None
        doc = docs[0]
        bans, account_bans = doc.pop("_bans", []), doc.pop("_account_bans", [])
        counted_docs, account = doc.pop("_counted", []), doc.pop("_account", [])
        if not doc.get("id_hash"):
            return doc, None
        return doc, Standing(
            next((b for b in bans if b is not None), None),
            tuple(_counted(c) for c in counted_docs),
            tuple(_slot(a.get("a")) for a in account),
            next((b for b in account_bans if b is not None), None),
        )

    async def standing(self, id_hash: str, openid: str, day: date, bans: StandingRepo) -> Standing:
        """The same by id_hash and openid alone (three indexed reads): for a patient whose
        document is gone or carries another key's hash, and after a lost slot race."""
        by_id, by_account = await bans.bans(id_hash, openid)
        lo, hi = limit_window(day)
        cursor = self.col.find(
            {
                "id_hash": id_hash,
                "status": {"$in": [str(s) for s in COUNTED]},
                # `$lt` the day after, never `$lte` (SecantusDB quirk, see LocalHIS.schedules)
                "day": {"$gte": lo, "$lt": hi},
            },
            {"day": 1, "slot_day": 1, "slot_week": 1, "slot_month": 1},
        )
        counted = tuple([_counted(d) async for d in cursor])
        active = self.col.find({"openid": openid, "active": True}, {"slot_account": 1})
        account = tuple([_slot(d.get("slot_account")) async for d in active])
        return Standing(by_id, counted, account, by_account)

    # --- writing ---------------------------------------------------------------------
    async def insert(self, doc: dict[str, Any], session: AsyncClientSession | None = None) -> None:
        """Raises DuplicateKeyError (see `dup_index`) when a unique rule refuses it."""
        await self.col.insert_one(doc, session=session)

    async def _move(
        self,
        query: dict[str, Any],
        changes: dict[str, Any],
        session: AsyncClientSession | None = None,
        unset: tuple[str, ...] = (),
    ) -> Appointment | None:
        update: dict[str, Any] = {"$set": changes}
        if unset:
            update["$unset"] = dict.fromkeys(unset, "")
        done = await self.col.find_one_and_update(
            query, update, return_document=ReturnDocument.AFTER, session=session
        )
        return Appointment.from_doc(done) if done else None

    async def cancel(
        self,
        appointment_id: str,
        reason: str,
        now: datetime,
        session: AsyncClientSession | None = None,
    ) -> Appointment | None:
        return await self._move(
            {
                "_id": appointment_id,
                "active": True,
                "status": {"$in": [str(s) for s in CANCELLABLE]},
            },
            {
                "status": Status.CANCELLED,
                "active": False,
                "counted": False,
                "cancel_reason": reason[:200],
                "cancelled_at": now,
            },
            session,
        )

    async def expire_next_hold(
        self, now: datetime, session: AsyncClientSession | None = None
    ) -> Appointment | None:
        """One unpaid same-day hold past its time, now expired (None: none left)."""
        return await self._move(
            {"status": Status.PENDING_PAYMENT, "hold_expires_at": {"$lte": now}},
            {"status": Status.EXPIRED, "active": False, "counted": False, "expired_at": now},
            session,
        )

    async def mark_release_pending(self, appointment_id: str, session: AsyncClientSession) -> None:
        """External HIS (no shared transaction): the place is still to be given back."""
        await self.col.update_one(
            {"_id": appointment_id}, {"$set": {"release_pending": True}}, session=session
        )

    async def release_done(self, appointment_id: str) -> None:
        await self.col.update_one({"_id": appointment_id}, {"$unset": {"release_pending": ""}})

    async def releases_pending(self, limit: int = 100) -> list[Appointment]:
        docs = await self.col.find({"release_pending": True}).to_list(limit)
        return [Appointment.from_doc(d) for d in docs]

    async def stop_all(
        self, schedule_id: str, reason: str, now: datetime, session: AsyncClientSession
    ) -> list[Appointment]:
        """Every active appointment of a stopped session, now stopped (停诊), in the
        caller's transaction."""
        docs = await self.col.find(
            {"schedule_id": schedule_id, "active": True}, session=session
        ).to_list(None)
        if docs:
            await self.col.update_many(
                {"_id": {"$in": [d["_id"] for d in docs]}, "active": True},
                {
                    "$set": {
                        "status": Status.STOPPED,
                        "active": False,
                        "counted": False,
                        "cancelled_at": now,
                        "cancel_reason": reason[:200],
                    }
                },
                session=session,
            )
        return [
            Appointment.from_doc(
                {**d, "status": Status.STOPPED, "active": False, "cancel_reason": reason[:200]}
            )
            for d in docs
        ]

    async def taken_places(
        self, schedule_ids: list[str], session: AsyncClientSession | None = None
    ) -> dict[str, dict[str, int]]:
        """Places held by active appointments: schedule id → band start → count."""
        taken: dict[str, dict[str, int]] = {}
        async for d in self.col.find(
            {"schedule_id": {"$in": schedule_ids}, "active": True},
            {"schedule_id": 1, "hold": 1},
            session=session,
        ):
            band = taken.setdefault(d["schedule_id"], {})
            start = d["hold"]["band_start"]
            band[start] = band.get(start, 0) + 1
        return taken

    async def without_notice(
        self, status: Status, since: datetime, field: str
    ) -> list[Appointment]:
        """Appointments that moved to `status` since `since` (by `field`), newest last."""
        docs = await self.col.find({"status": status, field: {"$gte": since}}).to_list(None)
        return [Appointment.from_doc(d) for d in docs]

    async def mark_paid(
        self, appointment_id: str, now: datetime, session: AsyncClientSession | None = None
    ) -> Appointment | None:
        """A same-day hold paid: booked. `session`: the payment's transaction."""
        done = await self.col.find_one_and_update(
            {"_id": appointment_id, "status": Status.PENDING_PAYMENT},
            {
                "$set": {
                    "status": Status.BOOKED,
                    "paid": True,
                    "hold_expires_at": None,
                    "paid_at": now,
                }
            },
            session=session,
            return_document=ReturnDocument.AFTER,
        )
        return Appointment.from_doc(done) if done else None

    async def expire_hold(
        self, appointment_id: str, now: datetime, session: AsyncClientSession | None = None
    ) -> Appointment | None:
        """This unpaid hold, past its time, now expired (None: paid, gone or not due)."""
        return await self._move(
            {
                "_id": appointment_id,
                "status": Status.PENDING_PAYMENT,
                "hold_expires_at": {"$lte": now},
            },
            {"status": Status.EXPIRED, "active": False, "counted": False, "expired_at": now},
            session,
        )

    async def check_in(
        self,
        appointment_id: str,
        today: date,
        now: datetime,
        session: AsyncClientSession | None = None,
    ) -> Appointment | None:
        return await self._move(
            {"_id": appointment_id, "status": Status.BOOKED, "day": today.isoformat()},
            {"status": Status.CHECKED_IN, "checked_in_at": now},
            session,
        )

    async def finish_visits(self, now: datetime) -> None:
        """Checked-in appointments whose session ended are done."""
        await self.col.update_many(
            {"status": Status.CHECKED_IN, "ends_at": {"$lte": now}},
            {"$set": {"status": Status.DONE, "active": False}},
        )

    async def next_no_show(self, now: datetime) -> Appointment | None:
        """One booked appointment whose session ended unvisited, now a no-show."""
        return await self._move(
            {"status": Status.BOOKED, "ends_at": {"$lte": now}},
            {"status": Status.NO_SHOW, "active": False},
        )

    # --- reminders ------------------------------------------------------------------
    async def of_day(self, day: date, statuses: Sequence[Status]) -> list[Appointment]:
        """The day's appointments in these statuses (reminders, surveys)."""
        docs = self.col.find(
            {"day": day.isoformat(), "status": {"$in": [str(s) for s in statuses]}}
        )
        return [Appointment.from_doc(d) async for d in docs]

    async def holds_expiring(self, after: datetime, until: datetime) -> list[Appointment]:
        """Unpaid holds lapsing in (after, until]."""
        docs = self.col.find(
            {"status": Status.PENDING_PAYMENT, "hold_expires_at": {"$gt": after, "$lte": until}}
        )
        return [Appointment.from_doc(d) async for d in docs]

    async def in_queue(self, schedule_id: str) -> list[Appointment]:
        """A session's appointments still in its queue, by number."""
        docs = self.col.find(
            {"schedule_id": schedule_id, "status": {"$in": [str(s) for s in QUEUED]}}
        ).sort("number", 1)
        return [Appointment.from_doc(d) async for d in docs]

    # --- the queue (LocalHIS's QueueRegister) ---------------------------------------
    async def waiting_before(self, schedule_id: str, called: int, number: int) -> int:
        return await self.col.count_documents(
            {
                "schedule_id": schedule_id,
                "status": {"$in": [str(s) for s in QUEUED]},
                "number": {"$gt": called, "$lt": number},
            }
        )

    async def next_waiting(self, schedule_id: str, called: int) -> tuple[str, int] | None:
        nxt = await self.col.find_one(
            {
                "schedule_id": schedule_id,
                "status": {"$in": [str(s) for s in QUEUED]},
                "number": {"$gt": called},
            },
            {"number": 1},
            sort=[("number", 1)],
        )
        return (nxt["_id"], int(nxt["number"])) if nxt else None

    async def mark_called(self, appointment_id: str, at: datetime) -> None:
        await self.col.update_one({"_id": appointment_id}, {"$set": {"called_at": at}})

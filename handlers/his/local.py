"""LocalHIS: the HIS of a standalone hospital (and the demo), over our MongoDB.

Places are counted on the schedule document: `remaining` for the session and
`bands.<key>.remaining` for each 30-minute band, both changed by ONE conditional
`find_one_and_update`, so two patients can never take the same last place. In a
standalone deployment booking's appointments are the hospital's register, so the queue
is computed from them through the `QueueRegister` the composition root hands in.

Money (bills, deposits, the payment ledger) lives in `local_billing.LocalBilling`;
LocalHIS answers the seam's money questions through it.

Round trips matter (a release at 07:00 is a burst): taking a place is one
`findAndModify` whether or not the band is given (the earliest free band is picked
inside the update, by an update pipeline), and the doctor list, which changes rarely,
is cached in process for `DOCTOR_CACHE_SECONDS`.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from pymongo import ASCENDING, IndexModel, ReturnDocument, UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession

from bot.storage import Repository
from handlers.his.adapter import HISDeps
from handlers.his.codec import band_key, doctor_from_doc, schedule_from_doc, schedule_to_doc
from handlers.his.local_billing import LocalBilling
from handlers.his.models import (
    Admission,
    Bill,
    BillItem,
    CardInfo,
    DepartmentInfo,
    Doctor,
    HISError,
    Hold,
    QueueState,
    Schedule,
    Settlement,
    TimeBand,
)

if TYPE_CHECKING:
    from handlers.booking.rules import BookingRules

DOCTOR_CACHE_SECONDS = 60.0  # a doctor added or renamed is seen within this time

# The key of the earliest band with a place left ("t0800" < "t0830" < "t1330": keys
# sort like times), or null. Computed inside the update so the choice and the
# decrement are one atomic step on the schedule document.
_FIRST_FREE_BAND: dict[str, Any] = {
    "$reduce": {
        "input": {"$objectToArray": "$bands"},
        "initialValue": None,
        "in": {
            "$cond": [
                {
                    "$and": [
                        {"$gt": ["$$this.v.remaining", 0]},
                        {"$or": [{"$eq": ["$$value", None]}, {"$lt": ["$$this.k", "$$value"]}]},
                    ]
                },
                "$$this.k",
                "$$value",
            ]
        },
    }
}
# Takes one place in the band `_FIRST_FREE_BAND` picked and records the pick in
# `last_band`, which the caller reads back from the updated document.
_TAKE_FIRST_FREE: list[dict[str, Any]] = [
    {"$set": {"last_band": _FIRST_FREE_BAND}},
    {
        "$set": {
            "bands": {
                "$arrayToObject": {
                    "$map": {
                        "input": {"$objectToArray": "$bands"},
                        "in": {
                            "$cond": [
                                {"$eq": ["$$this.k", "$last_band"]},
                                {
                                    "k": "$$this.k",
                                    "v": {
                                        "$mergeObjects": [
                                            "$$this.v",
                                            {"remaining": {"$subtract": ["$$this.v.remaining", 1]}},
                                        ]
                                    },
                                },
                                "$$this",
                            ]
                        },
                    }
                }
            },
            "remaining": {"$subtract": ["$remaining", 1]},
            "issued": {"$add": ["$issued", 1]},
        }
    },
]


class DoctorRepo(Repository):
    collection = "his_doctors"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("department", ASCENDING)]),
        IndexModel([("name", ASCENDING)]),
    ]


class ScheduleRepo(Repository):
    collection = "his_schedules"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("department", ASCENDING), ("day", ASCENDING), ("session", ASCENDING)]),
        IndexModel([("doctor_id", ASCENDING), ("day", ASCENDING)]),
    ]


class CardRepo(Repository):
    collection = "his_cards"
    indexes: ClassVar[list[IndexModel]] = [IndexModel([("id_hash", ASCENDING)])]


class LocalHIS:
    shares_cards = False  # one card, one WeChat account
    joins_transactions = True  # places live in our MongoDB: taken in the caller's transaction

    def __init__(self, deps: HISDeps) -> None:
        self.deps = deps
        self.settings = deps.settings
        self.clock = deps.clock
        self.rules: BookingRules = deps.rules
        self.register = deps.register
        self.doctors_col = deps.storage.repo(DoctorRepo).col
        self.schedules_col = deps.storage.repo(ScheduleRepo).col
        self.cards_col = deps.storage.repo(CardRepo).col
        self._doctors: tuple[float, list[Doctor]] | None = None  # (expires, all doctors)
        self.billing = LocalBilling(deps.storage)

    # --- catalog ----------------------------------------------------------------
    async def departments(self) -> list[DepartmentInfo]:
        return [
            DepartmentInfo(code=d.code, name=d.name, floor=d.floor)
            for d in self.settings.departments
        ]

    async def _all_doctors(self) -> list[Doctor]:
        """Every doctor, sorted by id; one query per DOCTOR_CACHE_SECONDS per process."""
        now = time.monotonic()
        if self._doctors is None or self._doctors[0] <= now:
            found = [doctor_from_doc(d) async for d in self.doctors_col.find({}).sort("_id", 1)]
            self._doctors = (now + DOCTOR_CACHE_SECONDS, found)
        return self._doctors[1]

    async def doctors(self, department: str | None = None) -> list[Doctor]:
        return [
            d for d in await self._all_doctors() if not department or d.department == department
        ]

    async def doctor(self, doctor_id: str) -> Doctor | None:
        cached = next((d for d in await self._all_doctors() if d.id == doctor_id), None)
        if cached is not None:
            return cached
        doc = await self.doctors_col.find_one({"_id": doctor_id})  # newer than the cache
        if doc is not None:
            self._doctors = None
        return doctor_from_doc(doc) if doc else None

    async def find_doctor(self, name: str) -> list[Doctor]:
        name = name.strip().removesuffix("医生").removesuffix("大夫") or name
        pattern = re.compile(re.escape(name))
        return [d for d in await self._all_doctors() if pattern.search(d.name)][:10]

    async def schedules(
        self,
        department: str | None = None,
        doctor_id: str | None = None,
        day_from: date | None = None,
        day_to: date | None = None,
    ) -> list[Schedule]:
        query: dict[str, Any] = {}
        if department:
            query["department"] = department
        if doctor_id:
            query["doctor_id"] = doctor_id
        if day_from or day_to:
            query["day"] = {}
            if day_from:
                query["day"]["$gte"] = day_from.isoformat()
            if day_to:
                # `$lt` the next day, not `$lte`: SecantusDB 0.7 drops the upper bound's
                # equal keys on a compound index whose next field follows.
                query["day"]["$lt"] = (day_to + timedelta(days=1)).isoformat()
        cursor = self.schedules_col.find(query).sort([("starts_at", 1), ("_id", 1)])
        return [schedule_from_doc(d) async for d in cursor]

    async def schedule(self, schedule_id: str) -> Schedule | None:
        doc = await self.schedules_col.find_one({"_id": schedule_id})
        return schedule_from_doc(doc) if doc else None

    # --- places -----------------------------------------------------------------
    async def hold(
        self,
        schedule_id: str,
        band_start: str | None = None,
        *,
        session: AsyncClientSession | None = None,
    ) -> Hold:
        """One conditional findAndModify takes the place (no read before it); only a
        refusal costs a second round trip, to tell 停诊 from full."""
        took = {"_id": schedule_id, "status": "open", "remaining": {"$gt": 0}}
        if band_start:
            key = f"bands.{band_key(band_start)}.remaining"
            got = await self.schedules_col.find_one_and_update(
                {**took, key: {"$gt": 0}},
                {"$inc": {"remaining": -1, key: -1, "issued": 1}},
                projection={"issued": 1},
                return_document=ReturnDocument.AFTER,
                session=session,
            )
            start = band_start
        else:
            got = await self.schedules_col.find_one_and_update(
                {**took, "$expr": {"$ne": [_FIRST_FREE_BAND, None]}},
                _TAKE_FIRST_FREE,
                projection={"issued": 1, "last_band": 1, "bands": 1},
                return_document=ReturnDocument.AFTER,
                session=session,
            )
            start = got["bands"][got["last_band"]]["start"] if got is not None else ""
        if got is not None:
            number = int(got["issued"])
            return Hold(
                hold_id=f"{schedule_id}#{number}",
                schedule_id=schedule_id,
                band_start=start,
                number=number,
            )
        doc = await self.schedules_col.find_one(
            {"_id": schedule_id}, {"status": 1}, session=session
        )
        if doc is None and not band_start:
            raise HISError("no_schedule")
        if doc is not None and doc.get("status") != "open":
            raise HISError("stopped")
        raise HISError("full")

    async def confirm(
        self, hold: Hold, appointment_id: str, *, session: AsyncClientSession | None = None
    ) -> None:
        """Standalone: the appointment document is the registration; nothing to do."""

    async def release(self, hold: Hold, *, session: AsyncClientSession | None = None) -> None:
        """One conditional update: the band's place comes back (never above capacity)."""
        key = band_key(hold.band_start)
        await self.schedules_col.update_one(
            {
                "_id": hold.schedule_id,
                "$expr": {"$lt": [f"$bands.{key}.remaining", f"$bands.{key}.capacity"]},
            },
            {"$inc": {"remaining": 1, f"bands.{key}.remaining": 1}},
            session=session,
        )

    async def stop_session(
        self, schedule_id: str, reason: str, *, session: AsyncClientSession | None = None
    ) -> Schedule | None:
        doc = await self.schedules_col.find_one_and_update(
            {"_id": schedule_id},
            {"$set": {"status": "stopped", "stop_reason": reason}},
            return_document=ReturnDocument.AFTER,
            session=session,
        )
        return schedule_from_doc(doc) if doc else None

    async def set_taken(
        self, schedule_id: str, taken: dict[str, int], *, session: AsyncClientSession
    ) -> bool:
        """Reconciler: make the schedule's free places match `taken` (band start → places
        held by active appointments and waitlist offers). True when it had to repair."""
        doc = await self.schedules_col.find_one({"_id": schedule_id}, session=session)
        if doc is None:
            return False
        changes: dict[str, int] = {}
        total = 0
        for key, band in doc["bands"].items():
            free = max(int(band["capacity"]) - taken.get(band["start"], 0), 0)
            total += free
            if int(band["remaining"]) != free:
                changes[f"bands.{key}.remaining"] = free
        if int(doc["remaining"]) != total:
            changes["remaining"] = total
        if changes:
            await self.schedules_col.update_one(
                {"_id": schedule_id}, {"$set": changes}, session=session
            )
        return bool(changes)

    # --- cards and queue ----------------------------------------------------------
    async def lookup_card(self, card_no: str) -> CardInfo | None:
        doc = await self.cards_col.find_one({"_id": card_no.strip()})
        return (
            CardInfo(card_no=doc["_id"], name=doc["name"], id_hash=doc["id_hash"]) if doc else None
        )

    async def queue_state(self, schedule_id: str, number: int) -> QueueState | None:
        doc = await self.schedules_col.find_one(
            {"_id": schedule_id}, {"called": 1, "room": 1, "department": 1, "starts_at": 1}
        )
        if doc is None:
            return None
        called = int(doc.get("called") or 0)
        ahead = await self.register.waiting_before(schedule_id, called, number)
        dept = self.settings.department(doc["department"])
        return QueueState(
            schedule_id=schedule_id,
            room=doc.get("room", ""),
            floor=dept.floor if dept else "",
            ahead=ahead,
            called_number=called or None,
            your_number=number,
            minutes_per_patient=self.rules.minutes_per_patient,
            # Before the session (and before staff call anyone) nobody is "next" yet.
            started=bool(called) or self.clock.now() >= doc["starts_at"],
        )

    async def call_next(self, schedule_id: str) -> int | None:
        doc = await self.schedules_col.find_one({"_id": schedule_id}, {"called": 1})
        if doc is None:
            return None
        called = int(doc.get("called") or 0)
        nxt = await self.register.next_waiting(schedule_id, called)
        if nxt is None:
            return None
        appointment_id, number = nxt
        await self.schedules_col.update_one(
            {"_id": schedule_id, "called": {"$lt": number}}, {"$set": {"called": number}}
        )
        await self.register.mark_called(appointment_id, self.clock.now())
        return number

    # --- money (see local_billing) ------------------------------------------------------
    async def bills(self, card_no: str) -> list[Bill]:
        return await self.billing.bills(card_no)

    async def bill(self, bill_id: str) -> Bill | None:
        return await self.billing.bill(bill_id)

    async def admission(self, card_no: str) -> Admission | None:
        return await self.billing.admission(card_no)

    async def wards(self) -> list[str]:
        return await self.billing.wards()

    async def inpatients(self, ward: str) -> list[Admission]:
        return await self.billing.inpatients(ward)

    async def settle(self, settlement: Settlement) -> None:
        await self.billing.settle(settlement)

    async def reverse(self, out_trade_no: str, refund_fen: int, reason: str) -> None:
        await self.billing.reverse(out_trade_no, refund_fen, reason)

    async def _holder(self, card_no: str) -> str:
        """The name on a card (LocalHIS only): HISError("not_found") for no such card."""
        card = await self.cards_col.find_one({"_id": card_no})
        if card is None:
            raise HISError("not_found")
        return str(card["name"])

    async def add_visit(
        self,
        *,
        card_no: str,
        department: str,
        doctor_name: str = "",
        now: datetime | None = None,
        items: list[BillItem] | None = None,
    ) -> Bill:
        """LocalHIS only: a visit of the card holder produces its bill (prescription,
        exam and lab orders; `items` to choose them, else a typical set for the
        department)."""
        return await self.billing.add_visit(
            card_no=card_no,
            patient_name=await self._holder(card_no),
            department=department,
            doctor_name=doctor_name,
            now=now or self.clock.now(),
            items=items,
        )

    async def admit(
        self, *, card_no: str, department: str, ward: str, bed: str, deposit_fen: int
    ) -> Admission:
        """LocalHIS only: an inpatient stay for the card holder, with a deposit paid."""
        return await self.billing.add_admission(
            card_no=card_no,
            patient_name=await self._holder(card_no),
            department=department,
            ward=ward,
            bed=bed,
            now=self.clock.now(),
            deposit_fen=deposit_fen,
        )

    # --- LocalHIS only: schedule generation (demo roster, daily release) ------------
    async def add_schedule(
        self,
        *,
        doctor: Doctor | None,
        department: str,
        day: date,
        session: str,
        capacity: int,
        fee_cents: int,
        room: str = "",
    ) -> str:
        """Create one session (idempotent: the id is derived from doctor, day, session)."""
        sid, doc = self._schedule_doc(doctor, department, day, session, capacity, fee_cents, room)
        await self.schedules_col.update_one({"_id": sid}, {"$setOnInsert": doc}, upsert=True)
        return sid

    async def extend_roster(self, today: date) -> int:
        """Create the sessions of every rostered doctor up to the end of the window."""
        rules = self.rules
        ops = []
        async for d in self.doctors_col.find({"roster": {"$exists": True}}):
            doctor = doctor_from_doc(d)
            for i in range(rules.window_days):
                day = today + timedelta(days=i)
                for weekday, session in d["roster"]:
                    if weekday == day.weekday() and session in rules.sessions:
                        sid, doc = self._schedule_doc(
                            doctor,
                            doctor.department,
                            day,
                            session,
                            int(d.get("capacity", 20)),
                            int(d.get("fee_cents", 1000)),
                            d.get("room", ""),
                        )
                        ops.append(UpdateOne({"_id": sid}, {"$setOnInsert": doc}, upsert=True))
        if not ops:
            return 0
        result = await self.schedules_col.bulk_write(ops, ordered=False)
        return result.upserted_count

    def _schedule_doc(
        self,
        doctor: Doctor | None,
        department: str,
        day: date,
        session: str,
        capacity: int,
        fee_cents: int,
        room: str,
    ) -> tuple[str, dict[str, Any]]:
        rules = self.rules
        starts, ends = rules.session_bounds(day, session)
        spec = rules.band_starts(session)
        per, extra = divmod(capacity, len(spec))
        caps = [per + (1 if i < extra else 0) for i in range(len(spec))]
        owner = doctor.id if doctor else f"{department}-general"
        s = Schedule(
            id=f"{owner}-{day.isoformat()}-{session_code(session)}",
            department=department,
            doctor_id=doctor.id if doctor else "",
            doctor_name=doctor.name if doctor else "",
            doctor_title=doctor.title if doctor else "",  # "" = the general clinic
            day=day,
            session=session,
            starts_at=starts,
            ends_at=ends,
            fee_cents=fee_cents,
            capacity=capacity,
            remaining=capacity,
            bands=tuple(TimeBand(b, e, c, c) for (b, e), c in zip(spec, caps, strict=True)),
            release_at=rules.release_at(day),
            room=room,
        )
        doc = schedule_to_doc(s)
        return doc.pop("_id"), {**doc, "issued": 0, "called": 0}


def session_code(session: str) -> str:
    return {"上午": "am", "下午": "pm", "夜间": "night"}.get(session, session)

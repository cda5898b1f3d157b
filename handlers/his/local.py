"""LocalHIS: the HIS of a standalone hospital (and the demo), over our MongoDB.

Places are counted on the schedule document: `remaining` for the session and
`bands.<key>.remaining` for each 30-minute band, both changed by ONE conditional
`find_one_and_update`, so two patients can never take the same last place. In a
standalone deployment the `appointments` collection is the hospital's register, so the
queue is computed from it.

Round trips matter (a release at 07:00 is a burst): taking a place is one
`findAndModify` whether or not the band is given (the earliest free band is picked
inside the update, by an update pipeline), and the doctor list, which changes rarely,
is cached in process for `DOCTOR_CACHE_SECONDS`.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from pymongo import ASCENDING, IndexModel, ReturnDocument, UpdateOne

from bot.storage import Repository
from handlers.his import (
    CardInfo,
    DepartmentInfo,
    Doctor,
    HISError,
    Hold,
    QueueState,
    Schedule,
    TimeBand,
)
from handlers.schedules import rules_for

if TYPE_CHECKING:
    from bot.services import Services

QUEUED = ["booked", "checked_in"]  # appointment states that wait in the queue
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


def band_key(start: str) -> str:
    return "t" + start.replace(":", "")


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


def schedule_from_doc(doc: dict[str, Any]) -> Schedule:
    bands = tuple(
        TimeBand(
            start=b["start"],
            end=b["end"],
            capacity=int(b["capacity"]),
            remaining=int(b["remaining"]),
        )
        for b in doc.get("bands", {}).values()
    )
    return Schedule(
        id=doc["_id"],
        department=doc["department"],
        doctor_id=doc.get("doctor_id", ""),
        doctor_name=doc.get("doctor_name", ""),
        doctor_title=doc.get("doctor_title", ""),
        day=date.fromisoformat(doc["day"]),
        session=doc["session"],
        starts_at=doc["starts_at"],
        ends_at=doc["ends_at"],
        fee_cents=int(doc["fee_cents"]),
        capacity=int(doc["capacity"]),
        remaining=int(doc["remaining"]),
        status=doc.get("status", "open"),
        bands=bands,
        release_at=doc.get("release_at"),
        room=doc.get("room", ""),
    )


def doctor_from_doc(doc: dict[str, Any]) -> Doctor:
    return Doctor(
        id=doc["_id"],
        name=doc["name"],
        department=doc["department"],
        title=doc.get("title", ""),
        specialties=doc.get("specialties", ""),
        introduction=doc.get("introduction", ""),
    )


class LocalHIS:
    shares_cards = False  # one card, one WeChat account

    def __init__(self, services: Services) -> None:
        self.services = services
        self.settings = services.settings
        storage = services.storage
        self.doctors_col = storage.repo(DoctorRepo).col
        self.schedules_col = storage.repo(ScheduleRepo).col
        self.cards_col = storage.repo(CardRepo).col
        self.appointments_col = storage.db["appointments"]
        self._doctors: tuple[float, list[Doctor]] | None = None  # (expires, all doctors)

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
    async def hold(self, schedule_id: str, band_start: str | None = None) -> Hold:
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
            )
            start = band_start
        else:
            got = await self.schedules_col.find_one_and_update(
                {**took, "$expr": {"$ne": [_FIRST_FREE_BAND, None]}},
                _TAKE_FIRST_FREE,
                projection={"issued": 1, "last_band": 1, "bands": 1},
                return_document=ReturnDocument.AFTER,
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
        doc = await self.schedules_col.find_one({"_id": schedule_id}, {"status": 1})
        if doc is None and not band_start:
            raise HISError("no_schedule")
        if doc is not None and doc.get("status") != "open":
            raise HISError("stopped")
        raise HISError("full")

    async def confirm(self, hold: Hold, appointment_id: str) -> None:
        """Standalone: the appointment document is the registration; nothing to do."""

    async def release(self, hold: Hold) -> None:
        key = band_key(hold.band_start)
        doc = await self.schedules_col.find_one(
            {"_id": hold.schedule_id}, {f"bands.{key}.capacity": 1}
        )
        if doc is None:
            return
        cap = int(doc["bands"][key]["capacity"])
        await self.schedules_col.update_one(
            {"_id": hold.schedule_id, f"bands.{key}.remaining": {"$lt": cap}},
            {"$inc": {"remaining": 1, f"bands.{key}.remaining": 1}},
        )

    async def stop_session(self, schedule_id: str, reason: str) -> Schedule | None:
        doc = await self.schedules_col.find_one_and_update(
            {"_id": schedule_id},
            {"$set": {"status": "stopped", "stop_reason": reason}},
            return_document=ReturnDocument.AFTER,
        )
        return schedule_from_doc(doc) if doc else None

    # --- cards and queue ----------------------------------------------------------
    async def lookup_card(self, card_no: str) -> CardInfo | None:
        doc = await self.cards_col.find_one({"_id": card_no.strip()})
        return (
            CardInfo(card_no=doc["_id"], name=doc["name"], id_hash=doc["id_hash"]) if doc else None
        )

    async def queue_state(self, schedule_id: str, number: int) -> QueueState | None:
        doc = await self.schedules_col.find_one(
            {"_id": schedule_id}, {"called": 1, "room": 1, "department": 1}
        )
        if doc is None:
            return None
        called = int(doc.get("called") or 0)
        ahead = await self.appointments_col.count_documents(
            {
                "schedule_id": schedule_id,
                "status": {"$in": QUEUED},
                "number": {"$gt": called, "$lt": number},
            }
        )
        dept = self.settings.department(doc["department"])
        return QueueState(
            schedule_id=schedule_id,
            room=doc.get("room", ""),
            floor=dept.floor if dept else "",
            ahead=ahead,
            called_number=called or None,
            your_number=number,
            minutes_per_patient=rules_for(self.services).minutes_per_patient,
        )

    async def call_next(self, schedule_id: str) -> int | None:
        doc = await self.schedules_col.find_one({"_id": schedule_id}, {"called": 1})
        if doc is None:
            return None
        called = int(doc.get("called") or 0)
        nxt = await self.appointments_col.find_one(
            {"schedule_id": schedule_id, "status": {"$in": QUEUED}, "number": {"$gt": called}},
            {"number": 1},
            sort=[("number", 1)],
        )
        if nxt is None:
            return None
        await self.schedules_col.update_one(
            {"_id": schedule_id, "called": {"$lt": nxt["number"]}},
            {"$set": {"called": nxt["number"]}},
        )
        await self.appointments_col.update_one(
            {"_id": nxt["_id"]}, {"$set": {"called_at": self.services.clock.now()}}
        )
        return int(nxt["number"])

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
        rules = rules_for(self.services)
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
        rules = rules_for(self.services)
        starts, ends = rules.session_bounds(day, session)
        spec = rules.band_starts(session)
        per, extra = divmod(capacity, len(spec))
        bands = {}
        for i, (b_start, b_end) in enumerate(spec):
            cap = per + (1 if i < extra else 0)
            bands[band_key(b_start)] = {
                "start": b_start,
                "end": b_end,
                "capacity": cap,
                "remaining": cap,
            }
        owner = doctor.id if doctor else f"{department}-general"
        sid = f"{owner}-{day.isoformat()}-{session_code(session)}"
        return sid, {
            "department": department,
            "doctor_id": doctor.id if doctor else "",
            "doctor_name": doctor.name if doctor else "",
            "doctor_title": doctor.title if doctor else "普通门诊",
            "day": day.isoformat(),
            "session": session,
            "starts_at": starts,
            "ends_at": ends,
            "release_at": rules.release_at(day),
            "fee_cents": fee_cents,
            "capacity": capacity,
            "remaining": capacity,
            "issued": 0,
            "called": 0,
            "status": "open",
            "room": room,
            "bands": bands,
        }


def session_code(session: str) -> str:
    return {"上午": "am", "下午": "pm", "夜间": "night"}.get(session, session)

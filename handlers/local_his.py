"""LocalHIS: the HIS of a standalone hospital (and the demo), over our MongoDB.

Places are counted on the schedule document: `remaining` for the session and
`bands.<key>.remaining` for each 30-minute band, both changed by ONE conditional
`find_one_and_update`, so two patients can never take the same last place. In a
standalone deployment the `appointments` collection is the hospital's register, so the
queue is computed from it.
"""

from __future__ import annotations

import re
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
    def __init__(self, services: Services) -> None:
        self.services = services
        self.settings = services.settings
        storage = services.storage
        self.doctors_col = storage.repo(DoctorRepo).col
        self.schedules_col = storage.repo(ScheduleRepo).col
        self.cards_col = storage.repo(CardRepo).col
        self.appointments_col = storage.db["appointments"]

    # --- catalog ----------------------------------------------------------------
    async def departments(self) -> list[DepartmentInfo]:
        return [
            DepartmentInfo(code=d.code, name=d.name, floor=d.floor)
            for d in self.settings.departments
        ]

    async def doctors(self, department: str | None = None) -> list[Doctor]:
        query = {"department": department} if department else {}
        return [doctor_from_doc(d) async for d in self.doctors_col.find(query).sort("_id", 1)]

    async def doctor(self, doctor_id: str) -> Doctor | None:
        doc = await self.doctors_col.find_one({"_id": doctor_id})
        return doctor_from_doc(doc) if doc else None

    async def find_doctor(self, name: str) -> list[Doctor]:
        name = name.strip().removesuffix("医生").removesuffix("大夫") or name
        query = {"name": {"$regex": re.escape(name)}}
        return [doctor_from_doc(d) async for d in self.doctors_col.find(query).limit(10)]

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
        if band_start:
            candidates = [band_start]
        else:
            doc = await self.schedules_col.find_one(
                {"_id": schedule_id}, {"bands": 1, "status": 1, "remaining": 1}
            )
            if doc is None:
                raise HISError("no_schedule")
            if doc.get("status") != "open":
                raise HISError("stopped")
            candidates = [b["start"] for b in doc["bands"].values() if b["remaining"] > 0]
        for start in candidates:
            key = f"bands.{band_key(start)}.remaining"
            got = await self.schedules_col.find_one_and_update(
                {"_id": schedule_id, "status": "open", "remaining": {"$gt": 0}, key: {"$gt": 0}},
                {"$inc": {"remaining": -1, key: -1, "issued": 1}},
                projection={"issued": 1},
                return_document=ReturnDocument.AFTER,
            )
            if got is not None:
                number = int(got["issued"])
                return Hold(
                    hold_id=f"{schedule_id}#{number}",
                    schedule_id=schedule_id,
                    band_start=start,
                    number=number,
                )
        doc = await self.schedules_col.find_one({"_id": schedule_id}, {"status": 1})
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

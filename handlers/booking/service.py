"""Booking: the rules, the service that takes places through the HIS, and its storage.

No overbooking: a place is taken by ONE conditional update in the HIS (`HIS.hold`), and
a partial unique index allows one active appointment per real-name patient per
department per session. A retried chat action carries an idempotency key that becomes
the appointment id, so a double tap or a WeChat retry never books twice. When the insert
loses on a unique index the place taken just before is given back (compensation).

`BookingService` is plain business logic shared by chat, H5 and the scheduler; the chat
router (slot-filling form "booking") is at the bottom of this module.

Round trips (a release at 07:00 is a burst; `tests/test_booking_roundtrips.py` counts
them): a chat booking is 2 + 1 + 3. The first message reads the account's patients and
the department's whole booking window (one query); choosing reads the schedule; the
confirmation reads the patient, ban record and limit counts in ONE aggregate, takes the
place with ONE conditional update and inserts the appointment. The schedule read at the
choice is carried in the conversation for the confirmation: only fields that never
change (day, times, doctor, fee) are taken from it; status and places are enforced by
the conditional update itself.

Limits cannot be raced: every appointment carries numbered slots (`slot_day`,
`slot_week`, `slot_month` for its patient's per-ID limits, `slot_account` for its
account's active cap), each under a unique partial index, so N parallel bookings can
take at most `limit` distinct numbers however the checks interleave. The numbers are
chosen from the same aggregate read as before (no extra round trip); a lost race is a
duplicate-key error on a `quota_*` index, answered by re-reading the slots and trying
the next free number, or refusing with the limit's reason. A slot is given back when
its appointment stops counting (`counted: False` on cancel, expiry and 停诊; `active:
False` for the account cap), by the database itself, so nothing can leak or drift.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from pymongo import ASCENDING, IndexModel, ReturnDocument
from pymongo.errors import DuplicateKeyError

from bot.dialogue import Context, Reply, Router
from bot.dialogue.router import EXIT_WORDS, normalize_command
from bot.render import render
from bot.storage import Repository
from handlers import waitlist
from handlers.catalog import day_label, parse_choice, parse_day, resolve_department
from handlers.his import HIS, SESSIONS, HISError, Hold, Schedule, TimeBand, his_for
from handlers.schedules import BookingRules, rules_for

if TYPE_CHECKING:
    from bot.services import Services
    from handlers.patients import Patient

log = logging.getLogger(__name__)

ACTIVE = ("pending_payment", "booked", "checked_in")
COUNTED = (*ACTIVE, "done", "no_show")  # toward the per-day/week/month limits
QUOTA_INDEXES = frozenset({"quota_day", "quota_week", "quota_month", "quota_account"})
SLOT_TRIES = 16  # re-reads after lost slot races before answering "busy"
_DUP_INDEX = re.compile(r"index: (\S+) dup key")


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
    ]

    async def active_of_patient(self, openid: str, patient_id: str) -> list[dict[str, Any]]:
        """The patient's active appointments (a patient with any cannot be removed)."""
        cursor = self.col.find(
            {"openid": openid, "patient_id": patient_id, "active": True},
            {"day": 1, "session": 1, "department": 1, "status": 1},
        ).sort("starts_at", 1)
        return await cursor.to_list(50)


class StandingRepo(Repository):
    """No-show record and booking ban of a real-name patient, keyed by id_hash."""

    collection = "patient_standing"


class RefundRepo(Repository):
    """Refund requests for the payments capability (one per appointment)."""

    collection = "refund_requests"
    indexes: ClassVar[list[IndexModel]] = [IndexModel([("status", ASCENDING)])]


class NoticeRepo(Repository):
    """Every booking notice we asked push/ to deliver (停诊, waitlist offers ...)."""

    collection = "booking_notices"
    indexes: ClassVar[list[IndexModel]] = [IndexModel([("openid", ASCENDING)])]


@dataclass(frozen=True)
class PatientRef:
    """What booking needs of a patient (from handlers.patients)."""

    id: str
    openid: str
    name: str
    relation: str
    id_hash: str
    card_no: str = ""
    needs_card: bool = False  # an ID that cannot be verified: books only with a card


def patient_ref(services: Services, patient: Patient) -> PatientRef:
    from handlers.patients import patient_service

    id_hash = patient_service(services).keyring.lookup_hash(patient.id_number)
    return PatientRef(
        id=patient.id,
        openid=patient.openid,
        name=patient.name,
        relation=patient.relation,
        id_hash=id_hash,
        card_no=patient.card_no,
        needs_card=patient.needs_card_to_book,
    )


@dataclass(frozen=True)
class Counted:
    """One of the patient's bookings that counts toward the limits, with its slots."""

    day: date
    slot_day: int | None = None  # None: booked before slots existed
    slot_week: int | None = None
    slot_month: int | None = None


@dataclass(frozen=True)
class Standing:
    """What the patient rules need: the ban, the patient's counted bookings around the
    day, and the slots of the account's active appointments."""

    banned_until: datetime | None
    counted: tuple[Counted, ...]
    account: tuple[int | None, ...]


@dataclass(frozen=True)
class Slots:
    """The numbers a new appointment takes under the `quota_*` unique indexes."""

    day: int
    week: int
    month: int
    account: int

    def to_doc(self) -> dict[str, int]:
        return {
            "slot_day": self.day,
            "slot_week": self.week,
            "slot_month": self.month,
            "slot_account": self.account,
        }


def _slot(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _free_slot(used: list[int | None], limit: int, code: str) -> int:
    """The lowest number in 1..limit not taken; HISError(code) when `limit` are counted."""
    taken = {u for u in used if u is not None}
    free = next((n for n in range(1, limit + 1) if n not in taken), None)
    if len(used) >= limit or free is None:
        raise HISError(code, limit=limit)
    return free


def _dup_index(exc: DuplicateKeyError) -> str:
    """The name of the unique index an insert ran into."""
    found = _DUP_INDEX.search(str((exc.details or {}).get("errmsg", "")) or str(exc))
    return found.group(1) if found else ""


# A counted booking as the aggregate returns it (see `_counted`).
_COUNTED_FIELDS = {
    "day": "$$this.day",
    "slot_day": "$$this.slot_day",
    "slot_week": "$$this.slot_week",
    "slot_month": "$$this.slot_month",
}


def _counted(doc: dict[str, Any]) -> Counted:
    return Counted(
        day=date.fromisoformat(doc["day"]),
        slot_day=_slot(doc.get("slot_day")),
        slot_week=_slot(doc.get("slot_week")),
        slot_month=_slot(doc.get("slot_month")),
    )


def _week_key(day: date) -> str:
    return (day - timedelta(days=day.weekday())).isoformat()


def _month_key(day: date) -> str:
    return day.isoformat()[:7]


def schedule_to_slot(s: Schedule) -> dict[str, Any]:
    """A schedule as JSON for the conversation state (see `schedule_from_slot`)."""
    return {
        "id": s.id,
        "department": s.department,
        "doctor_id": s.doctor_id,
        "doctor_name": s.doctor_name,
        "doctor_title": s.doctor_title,
        "day": s.day.isoformat(),
        "session": s.session,
        "starts_at": s.starts_at.isoformat(),
        "ends_at": s.ends_at.isoformat(),
        "fee_cents": s.fee_cents,
        "capacity": s.capacity,
        "remaining": s.remaining,
        "status": s.status,
        "bands": [[b.start, b.end, b.capacity, b.remaining] for b in s.bands],
        "release_at": s.release_at.isoformat() if s.release_at else None,
        "room": s.room,
    }


def schedule_from_slot(value: object) -> Schedule | None:
    """The schedule a conversation saved earlier; None if absent or unreadable."""
    if not isinstance(value, dict):
        return None
    try:
        return Schedule(
            id=str(value["id"]),
            department=str(value["department"]),
            doctor_id=str(value["doctor_id"]),
            doctor_name=str(value["doctor_name"]),
            doctor_title=str(value["doctor_title"]),
            day=date.fromisoformat(value["day"]),
            session=str(value["session"]),
            starts_at=datetime.fromisoformat(value["starts_at"]),
            ends_at=datetime.fromisoformat(value["ends_at"]),
            fee_cents=int(value["fee_cents"]),
            capacity=int(value["capacity"]),
            remaining=int(value["remaining"]),
            status=str(value["status"]),
            bands=tuple(TimeBand(str(a), str(b), int(c), int(r)) for a, b, c, r in value["bands"]),
            release_at=datetime.fromisoformat(value["release_at"])
            if value.get("release_at")
            else None,
            room=str(value.get("room", "")),
        )
    except (KeyError, TypeError, ValueError):
        return None


def appointment_id_for(idem_key: str | None) -> str:
    if not idem_key:
        return "ap" + uuid.uuid4().hex[:22]
    return "ap" + hashlib.sha256(idem_key.encode()).hexdigest()[:22]


class BookingService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.clock = services.clock
        self.rules: BookingRules = rules_for(services)
        self.his: HIS = his_for(services)
        self.appts = services.storage.repo(AppointmentRepo).col
        self.standing = services.storage.repo(StandingRepo).col
        self.refunds = services.storage.repo(RefundRepo).col
        self.notices = services.storage.repo(NoticeRepo).col
        from handlers.patients import PatientRepo

        self.patients_col = services.storage.repo(PatientRepo).col

    # --- what can be booked ---------------------------------------------------------
    def open_for_booking(self, s: Schedule, now: datetime) -> bool:
        """Released, not yet started, inside the window and not stopped (full or not)."""
        return s.status == "open" and s.day in self.rules.bookable_days(now) and now < s.starts_at

    def check_time(self, s: Schedule, now: datetime) -> None:
        if s.status != "open":
            raise HISError("stopped", schedule=s)
        today = now.date()
        if s.day > today + timedelta(days=self.rules.window_days - 1):
            raise HISError("beyond_window", days=self.rules.window_days)
        if now < self.rules.release_at(s.day):
            raise HISError("not_released", opens=self.rules.release_at(s.day))
        if now >= s.starts_at:
            raise HISError("closed", schedule=s)

    async def available(
        self,
        department: str | None = None,
        doctor_id: str | None = None,
        day: date | None = None,
        session: str | None = None,
    ) -> list[Schedule]:
        now = self.clock.now()
        days = self.rules.bookable_days(now)
        if not days:
            return []
        lo, hi = (day, day) if day else (days[0], days[-1])
        found = await self.his.schedules(
            department=department, doctor_id=doctor_id, day_from=lo, day_to=hi
        )
        return [
            s
            for s in found
            if self.open_for_booking(s, now) and (session is None or s.session == session)
        ]

    # --- patient rules ----------------------------------------------------------------
    async def patient_standing(
        self, openid: str, patient_id: str, day: date
    ) -> tuple[dict[str, Any] | None, Standing | None]:
        """The patient document with its ban record, the bookings counted toward the
        limits around `day` and the account's active appointments, in ONE aggregate:
        `$lookup`s from the patient on its stored `id_hash` and `openid` (index-backed;
        SecantusDB scans `$unionWith` sub-pipelines, so not those). The standing is None
        when the patient is unknown or has no id_hash."""
        from handlers.patients import PatientRepo

        match = PatientRepo.match(openid, patient_id)
        if match is None:
            return None, None
        lo, hi = _limit_window(day)
        counted = {
            "$and": [
                {"$in": ["$$this.status", list(COUNTED)]},
                {"$gte": ["$$this.day", lo]},
                {"$lt": ["$$this.day", hi]},
            ]
        }
        pipeline: list[dict[str, Any]] = [
            {"$match": match},
            {"$limit": 1},
            {
                "$lookup": {
                    "from": StandingRepo.collection,
                    "localField": "id_hash",
                    "foreignField": "_id",
                    "as": "_standing",
                }
            },
            {
                "$lookup": {
                    "from": AppointmentRepo.collection,
                    "localField": "id_hash",
                    "foreignField": "id_hash",
                    "as": "_counted",
                }
            },
            {
                "$lookup": {
                    "from": AppointmentRepo.collection,
                    "localField": "openid",
                    "foreignField": "openid",
                    "as": "_account",
                }
            },
            {
                "$set": {
                    "_standing": {"$map": {"input": "$_standing", "in": "$$this.banned_until"}},
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
        docs = await (await self.patients_col.aggregate(pipeline)).to_list(1)
        if not docs:
            return None, None
        doc = docs[0]
        bans, counted_docs = doc.pop("_standing", []), doc.pop("_counted", [])
        account = doc.pop("_account", [])
        if not doc.get("id_hash"):
            return doc, None
        until = next((b for b in bans if b is not None), None)
        return doc, Standing(
            until,
            tuple(_counted(c) for c in counted_docs),
            tuple(_slot(a.get("a")) for a in account),
        )

    async def standing_of(self, id_hash: str, openid: str, day: date) -> Standing:
        """Ban record, counted bookings and the account's active slots by id_hash and
        openid alone (three indexed reads): for a patient whose document is gone or
        carries another key's hash, and after a lost slot race."""
        standing = await self.standing.find_one({"_id": id_hash}, {"banned_until": 1})
        lo, hi = _limit_window(day)
        cursor = self.appts.find(
            {
                "id_hash": id_hash,
                "status": {"$in": list(COUNTED)},
                # `$lt` the day after, never `$lte` (SecantusDB quirk, see LocalHIS.schedules)
                "day": {"$gte": lo, "$lt": hi},
            },
            {"day": 1, "slot_day": 1, "slot_week": 1, "slot_month": 1},
        )
        counted = tuple([_counted(d) async for d in cursor])
        active = self.appts.find({"openid": openid, "active": True}, {"slot_account": 1})
        account = tuple([_slot(d.get("slot_account")) async for d in active])
        return Standing((standing or {}).get("banned_until"), counted, account)

    async def check_patient(self, p: PatientRef, s: Schedule, now: datetime) -> Slots:
        """The rules of `check_standing` for a patient known by reference."""
        doc, standing = await self.patient_standing(p.openid, p.id, s.day)
        if standing is None or doc is None or doc.get("id_hash") != p.id_hash:
            standing = await self.standing_of(p.id_hash, p.openid, s.day)
        return self.check_standing(p, s, now, standing)

    async def admit(
        self, openid: str, patient_id: str, s: Schedule, now: datetime
    ) -> tuple[PatientRef, Slots]:
        """The patient of `openid` read fresh, in the same round trip as the ban, limits
        and account cap, and checked by `check_standing`. HISError("no_patient") when the
        patient was removed meanwhile."""
        from handlers.patients import patient_service

        doc, standing = await self.patient_standing(openid, patient_id, s.day)
        if doc is None:
            raise HISError("no_patient")
        p = patient_ref(self.services, patient_service(self.services).from_doc(doc))
        if standing is None or doc.get("id_hash") != p.id_hash:  # keys rotated
            standing = await self.standing_of(p.id_hash, openid, s.day)
        return p, self.check_standing(p, s, now, standing)

    def check_standing(self, p: PatientRef, s: Schedule, now: datetime, st: Standing) -> Slots:
        """THE patient rules, for booking and the waitlist alike: ban, unverified ID
        without a card, same-day card, per-ID day/week/month limits, active appointments
        per account. Returns the slots the new appointment takes; raises HISError."""
        until = st.banned_until
        if until is not None and until > now:
            raise HISError(
                "banned",
                until=until.astimezone(self.rules.tz),
                threshold=self.rules.no_show_threshold,
            )
        if p.needs_card and not p.card_no:
            raise HISError("unverified_id_needs_card", name=p.name)
        if s.day == now.date() and not p.card_no:
            raise HISError("same_day_needs_card")
        week, month = _week_key(s.day), _month_key(s.day)
        r = self.rules
        return Slots(
            day=_free_slot(
                [c.slot_day for c in st.counted if c.day == s.day], r.limit_per_day, "limit_day"
            ),
            week=_free_slot(
                [c.slot_week for c in st.counted if _week_key(c.day) == week],
                r.limit_per_week,
                "limit_week",
            ),
            month=_free_slot(
                [c.slot_month for c in st.counted if _month_key(c.day) == month],
                r.limit_per_month,
                "limit_month",
            ),
            account=_free_slot(list(st.account), r.max_active_per_account, "limit_account"),
        )

    # --- booking ------------------------------------------------------------------------
    async def book(
        self,
        p: PatientRef,
        schedule_id: str,
        *,
        band_start: str | None = None,
        idem_key: str | None = None,
        source: str = "chat",
        schedule: Schedule | None = None,
    ) -> dict[str, Any]:
        """Book one place or raise HISError; a repeated idem_key returns the first booking.

        `schedule`: a snapshot of `schedule_id` the caller read earlier (saves a read);
        only its fixed fields are used, the place is taken by the HIS's conditional update.
        """

        async def checked(s: Schedule, now: datetime) -> tuple[PatientRef, Slots]:
            return p, await self.check_patient(p, s, now)

        return await self._book(schedule_id, schedule, band_start, idem_key, source, checked)

    async def book_for_account(
        self,
        openid: str,
        patient_id: str,
        schedule_id: str,
        *,
        idem_key: str,
        schedule: Schedule | None = None,
        source: str = "chat",
    ) -> dict[str, Any]:
        """`book` for a patient of `openid` known by id (see `admit`)."""

        async def checked(s: Schedule, now: datetime) -> tuple[PatientRef, Slots]:
            return await self.admit(openid, patient_id, s, now)

        return await self._book(schedule_id, schedule, None, idem_key, source, checked)

    async def _book(
        self,
        schedule_id: str,
        schedule: Schedule | None,
        band_start: str | None,
        idem_key: str | None,
        source: str,
        checked: Callable[[Schedule, datetime], Awaitable[tuple[PatientRef, Slots]]],
    ) -> dict[str, Any]:
        appt_id = appointment_id_for(idem_key)
        try:
            s = schedule if schedule is not None and schedule.id == schedule_id else None
            if s is None:
                s = await self.his.schedule(schedule_id)
            if s is None:
                raise HISError("no_schedule")
            now = self.clock.now()
            self.check_time(s, now)
            p, slots = await checked(s, now)
            # ONE conditional update; without a band the HIS takes the earliest free one.
            hold = await self.his.hold(s.id, band_start)
        except HISError:
            # A retry of an action that already booked (maybe the last place, or up to
            # a limit) is not refused: it gets the first booking back.
            if (earlier := await self._earlier(appt_id, idem_key)) is not None:
                return earlier
            raise
        try:
            doc, took_hold = await self._record(p, s, hold, appt_id, source, now, slots)
        except HISError:
            await self.his.release(hold)  # compensate: the place goes back
            if (earlier := await self._earlier(appt_id, idem_key)) is not None:
                return earlier
            raise
        if not took_hold:
            await self.his.release(hold)  # the same action booked before: one booking
        return doc

    async def _earlier(self, appt_id: str, idem_key: str | None) -> dict[str, Any] | None:
        """The booking a retried action already made (its id comes from the idem key)."""
        return await self.appts.find_one({"_id": appt_id}) if idem_key else None

    async def _record(
        self,
        p: PatientRef,
        s: Schedule,
        hold: Hold,
        appt_id: str,
        source: str,
        now: datetime,
        slots: Slots,
    ) -> tuple[dict[str, Any], bool]:
        """Insert the appointment for `hold`: (the appointment, True), or (the earlier
        appointment with this id, False) for a retried action. Raises HISError on
        refusal; the caller still owns the hold then. A lost slot race re-reads the
        slots and tries the next free numbers (or refuses with the limit's reason)."""
        same_day = s.day == now.date()
        band = s.band(hold.band_start)
        doc = {
            "_id": appt_id,
            "openid": p.openid,
            "patient_id": p.id,
            "patient_name": p.name,
            "relation": p.relation,
            "id_hash": p.id_hash,
            "card_no": p.card_no,
            "kind": "card" if p.card_no else "nocard",
            "schedule_id": s.id,
            "department": s.department,
            "doctor_id": s.doctor_id,
            "doctor_name": s.doctor_name,
            "doctor_title": s.doctor_title,
            "day": s.day.isoformat(),
            "week": _week_key(s.day),
            "month": _month_key(s.day),
            "session": s.session,
            "band_start": hold.band_start,
            "band_end": band.end if band else "",
            "starts_at": s.starts_at,
            "ends_at": s.ends_at,
            "number": hold.number,
            "hold": hold.to_doc(),
            "fee_cents": s.fee_cents,
            "room": s.room,
            "status": "pending_payment" if same_day else "booked",
            "active": True,
            "counted": True,
            "paid": False,
            "same_day": same_day,
            "source": source,
            "created_at": now,
            "hold_expires_at": now + timedelta(minutes=self.rules.hold_minutes)
            if same_day
            else None,
        }
        for _ in range(SLOT_TRIES):
            doc.update(slots.to_doc())
            try:
                await self.appts.insert_one(doc)
                break
            except DuplicateKeyError as exc:
                index = _dup_index(exc)
                if index in QUOTA_INDEXES:
                    log.info("booking.slot_race", extra={"index": index})
                    standing = await self.standing_of(p.id_hash, p.openid, s.day)
                    slots = self.check_standing(p, s, now, standing)
                    continue
                existing = await self.appts.find_one({"_id": appt_id})
                if existing is not None:
                    return existing, False  # the same action, retried: no second booking
                log.info("booking.duplicate", extra={"schedule_id": s.id, "index": index})
                raise HISError("duplicate", schedule=s) from None
        else:
            raise HISError("busy")
        await self.his.confirm(hold, appt_id)
        log.info(
            "booking.booked",
            extra={
                "appointment_id": appt_id,
                "schedule_id": s.id,
                "status": doc["status"],
                "source": source,
            },
        )
        return doc, True

    async def book_held(
        self,
        openid: str,
        patient_id: str,
        hold: Hold,
        idem_key: str,
        source: str = "waitlist",
    ) -> dict[str, Any]:
        """Book a place already held for this patient (a waitlist offer), under the same
        rules as any booking (`admit`). On HISError the caller still owns the hold."""
        s = await self.his.schedule(hold.schedule_id)
        if s is None or s.status != "open":
            raise HISError("stopped")
        now = self.clock.now()
        if now >= s.starts_at:
            raise HISError("closed", schedule=s)
        p, slots = await self.admit(openid, patient_id, s, now)
        doc, _ = await self._record(p, s, hold, appointment_id_for(idem_key), source, now, slots)
        return doc

    async def join_waitlist(self, p: PatientRef, s: Schedule) -> tuple[dict[str, Any], int]:
        """Wait for a full session: the same time and patient rules as booking, so a
        banned patient or one at a limit does not queue for a place they cannot take."""
        now = self.clock.now()
        self.check_time(s, now)
        await self.check_patient(p, s, now)
        return await waitlist.join(self.services, p, s)

    # --- releasing places ---------------------------------------------------------------
    async def release(self, hold: Hold) -> None:
        """A place came back: the first waiting patient gets it first, else the pool."""
        if not await waitlist.offer_next(self.services, hold):
            await self.his.release(hold)

    async def cancel(self, openid: str, appointment_id: str, reason: str = "") -> dict[str, Any]:
        doc = await self.appts.find_one({"_id": appointment_id, "openid": openid})
        if doc is None:
            raise HISError("not_found")
        if not doc.get("active"):
            raise HISError("not_active", status=doc["status"])
        now = self.clock.now()
        deadline = self.rules.cancel_deadline(date.fromisoformat(doc["day"]))
        if doc["status"] != "pending_payment" and now >= deadline:
            raise HISError("cancel_closed", deadline=deadline)
        if doc["status"] == "checked_in":
            raise HISError("checked_in")
        done = await self.appts.find_one_and_update(
            {
                "_id": appointment_id,
                "active": True,
                "status": {"$in": ["pending_payment", "booked"]},
            },
            {
                "$set": {
                    "status": "cancelled",
                    "active": False,
                    "counted": False,
                    "cancel_reason": reason[:200],
                    "cancelled_at": now,
                }
            },
            return_document=ReturnDocument.AFTER,
        )
        if done is None:
            raise HISError("not_active", status="cancelled")
        if done.get("paid"):
            await self.request_refund(done, "cancelled")
        await self.release(Hold.from_doc(done["hold"]))
        log.info("booking.cancelled", extra={"appointment_id": appointment_id})
        return done

    async def request_refund(self, appt: dict[str, Any], why: str) -> None:
        refund = {
            "appointment_id": appt["_id"],
            "openid": appt["openid"],
            "amount_cents": appt["fee_cents"],
            "reason": why,
            "status": "requested",
            "created_at": self.clock.now(),
        }
        try:
            await self.refunds.insert_one({"_id": f"refund:{appt['_id']}", **refund})
        except DuplicateKeyError:
            pass  # already requested

    async def expire_holds(self) -> int:
        """Unpaid same-day holds past their time: expire them and release the place."""
        now, n = self.clock.now(), 0
        while True:
            done = await self.appts.find_one_and_update(
                {"status": "pending_payment", "hold_expires_at": {"$lte": now}},
                {
                    "$set": {
                        "status": "expired",
                        "active": False,
                        "counted": False,
                        "expired_at": now,
                    }
                },
                return_document=ReturnDocument.AFTER,
            )
            if done is None:
                return n
            n += 1
            await self.release(Hold.from_doc(done["hold"]))
            log.info("booking.hold_expired", extra={"appointment_id": done["_id"]})

    async def mark_paid(self, appointment_id: str) -> dict[str, Any] | None:
        """For the payments capability: a paid same-day hold becomes a booking."""
        return await self.appts.find_one_and_update(
            {"_id": appointment_id, "status": "pending_payment"},
            {
                "$set": {
                    "status": "booked",
                    "paid": True,
                    "hold_expires_at": None,
                    "paid_at": self.clock.now(),
                }
            },
            return_document=ReturnDocument.AFTER,
        )

    # --- no-shows -----------------------------------------------------------------------
    async def mark_no_shows(self) -> int:
        """Sessions that ended with the patient never checked in count as no-shows."""
        now, n, r = self.clock.now(), 0, self.rules
        await self.appts.update_many(
            {"status": "checked_in", "ends_at": {"$lte": now}},
            {"$set": {"status": "done", "active": False}},
        )
        while True:
            done = await self.appts.find_one_and_update(
                {"status": "booked", "ends_at": {"$lte": now}},
                {"$set": {"status": "no_show", "active": False}},
                return_document=ReturnDocument.AFTER,
            )
            if done is None:
                return n
            n += 1
            since = now - timedelta(days=r.no_show_window_days)
            st = await self.standing.find_one_and_update(
                {"_id": done["id_hash"]},
                {"$push": {"no_shows": {"$each": [now], "$slice": -50}}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
            recent = [t for t in st.get("no_shows", []) if t >= since]
            if len(recent) >= r.no_show_threshold:
                await self.standing.update_one(
                    {"_id": done["id_hash"]},
                    {"$set": {"banned_until": now + timedelta(days=r.ban_days), "no_shows": []}},
                )

    # --- 停诊 ----------------------------------------------------------------------------
    async def stop_session(self, schedule_id: str, reason: str) -> int:
        """Stop a session and tell every booked patient (re-book link, refund if paid)."""
        s = await self.his.stop_session(schedule_id, reason)
        if s is None:
            raise HISError("no_schedule")
        now, n = self.clock.now(), 0
        await waitlist.cancel_for_schedule(self.services, schedule_id)
        while True:
            done = await self.appts.find_one_and_update(
                {"schedule_id": schedule_id, "active": True},
                {
                    "$set": {
                        "status": "stopped",
                        "active": False,
                        "counted": False,
                        "cancelled_at": now,
                        "cancel_reason": reason[:200],
                    }
                },
                return_document=ReturnDocument.AFTER,
            )
            if done is None:
                return n
            n += 1
            if done.get("paid"):
                await self.request_refund(done, "stopped")
            await self.notify(
                done["openid"],
                f"stop:{done['_id']}",
                "booking/stopped.j2",
                appt=done,
                reason=reason,
                dept=self.dept_name(s.department),
                rebook_url=f"{self.services.base_url}/h5/booking/dept/{s.department}",
            )

    async def notify(self, openid: str, notice_id: str, template: str, **values: Any) -> None:
        """Record the notice, then ask push/ to deliver it (job_id = notice id)."""
        text = render(
            template,
            hospital=self.services.settings.hospital,
            base_url=self.services.base_url,
            **values,
        )
        try:
            await self.notices.insert_one(
                {
                    "_id": notice_id,
                    "openid": openid,
                    "text": text,
                    "template": template,
                    "created_at": self.clock.now(),
                }
            )
        except DuplicateKeyError:
            return  # already sent
        await self.services.outbox.send_text(openid, text, job_id=notice_id)

    def dept_name(self, code: str) -> str:
        d = self.services.settings.department(code)
        return d.name if d else code

    # --- reading ------------------------------------------------------------------------
    async def appointments(self, openid: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(upcoming active, past or inactive), upcoming soonest first."""
        now = self.clock.now()
        docs = await self.appts.find({"openid": openid}).sort("starts_at", 1).to_list(200)
        upcoming = [d for d in docs if d.get("active") and d["ends_at"] > now]
        past = [d for d in docs if d not in upcoming]
        past.reverse()
        return upcoming, past[:10]


def booking_service(services: Services) -> BookingService:
    svc = services.extras.get("booking")
    if svc is None:
        svc = services.extras["booking"] = BookingService(services)
    return svc  # type: ignore[no-any-return]


def _limit_window(day: date) -> tuple[str, str]:
    """[first, after-last) ISO days covering the week and the month of `day`."""
    week0 = day - timedelta(days=day.weekday())
    lo = min(week0, day.replace(day=1))
    hi = max(week0 + timedelta(days=6), _month_end(day)) + timedelta(days=1)
    return lo.isoformat(), hi.isoformat()


def _month_end(d: date) -> date:
    nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return nxt - timedelta(days=1)


# -- chat ------------------------------------------------------------------------------

router = Router("booking")

FORM = "booking"
MAX_OPTIONS = 9
CANCEL_WORDS = EXIT_WORDS | {"不挂了"}
YES_WORDS = frozenset({"确认", "确定", "是", "好", "好的", "对", "可以", "1", "确认预约"})
NO_WORDS = frozenset({"2", "不", "否", "不要", "不是"})
WAIT_WORDS = frozenset({"候补", "1", "加入候补", "好", "好的", "是", "排候补"})


def _view(ctx: Context, template: str, **values: Any) -> Reply:
    today = ctx.clock.now().date()
    return ctx.reply(
        template,
        day_label=lambda d: day_label(d, today),
        dept_name=booking_service(ctx.services).dept_name,
        **values,
    )


async def _patients(ctx: Context) -> list[Patient]:
    from handlers.patients import patient_service

    return await patient_service(ctx.services).list(ctx.openid)


# NLU canonical relation values (intents/data/lookups.yml) -> (patient relation, sex)
NLU_RELATIONS = {
    "mother": ("父母", "女"),
    "father": ("父母", "男"),
    "elder": ("父母", None),
    "child": ("子女", None),
    "spouse": ("配偶", None),
    "self": ("本人", None),
}


def _pick_patient(patients: list[Patient], relation: str | None) -> Patient | None:
    from handlers.patients import RELATION_WORDS

    if relation:
        word = "".join(str(relation).split())
        rel, sex = NLU_RELATIONS.get(word, (RELATION_WORDS.get(word, word), None))
        matching = [p for p in patients if p.relation == rel]
        if len(matching) > 1 and sex:
            matching = [p for p in matching if p.sex == sex]
        if len(matching) == 1:
            return matching[0]
    return patients[0] if len(patients) == 1 else None


@router.click("BOOK")
@router.command("挂号", "预约挂号", "我要挂号", "预约", "我要预约")
@router.intent("book_appointment")
async def start(ctx: Context) -> Reply:
    """Fill what the sentence gave (department, doctor, date, session, relation), ask the rest."""
    slots: dict[str, Any] = {"nonce": uuid.uuid4().hex[:16]}
    svc = booking_service(ctx.services)
    dept_text = ctx.entity("department")
    dept = resolve_department(ctx.settings, dept_text) if dept_text else None
    if dept:
        slots["dept"] = dept.code
    doctor_text = ctx.entity("doctor")
    if doctor_text:
        doctors = await svc.his.find_doctor(str(doctor_text))
        if dept:
            doctors = [d for d in doctors if d.department == dept.code]
        if len(doctors) == 1:
            slots["doctor_id"], slots["dept"] = doctors[0].id, doctors[0].department
    day = parse_day(ctx.entity("date"))
    if day:
        slots["day"] = day.isoformat()
    session = ctx.entity("session")
    if session in SESSIONS:
        slots["session"] = session
    patients = await _patients(ctx)
    if not patients:
        ctx.conv.end_form()
        return _view(ctx, "booking/need_patient.j2")
    chosen = _pick_patient(patients, ctx.entity("relation"))
    if chosen and not chosen.can_book:
        return _needs_card(ctx, chosen)
    if chosen:
        slots.update(_patient_slots(chosen))
    ctx.conv.start_form(FORM, **slots)
    return await _advance(ctx, patients)


def _needs_card(ctx: Context, patient: Patient) -> Reply:
    """Said as soon as such a patient is chosen, not after the whole form (the booking
    itself refuses the same way: `check_standing`)."""
    ctx.conv.end_form()
    return _view(
        ctx, "booking/refused.j2", code="unverified_id_needs_card", details={"name": patient.name}
    )


def _patient_slots(patient: Patient) -> dict[str, Any]:
    """The chosen patient and what the confirmation shows of it, so the choice step
    need not read it again (the booking itself reads it fresh)."""
    return {
        "patient_id": patient.id,
        "patient_name": patient.name,
        "patient_relation": patient.relation,
    }


async def _advance(ctx: Context, patients: list[Patient] | None = None) -> Reply:
    slots = ctx.conv.slots
    if not slots.get("patient_id"):
        ctx.conv.update(step="patient")
        return _view(ctx, "booking/ask_patient.j2", patients=patients or await _patients(ctx))
    if not slots.get("dept"):
        ctx.conv.update(step="department")
        return _view(
            ctx, "booking/ask_department.j2", departments=ctx.settings.departments, unknown=""
        )
    svc = booking_service(ctx.services)
    day = parse_day(slots.get("day"))
    session = slots.get("session")
    # The whole window in one query; the asked day/session is picked here, and the
    # window is the fallback when nothing matches.
    window = await svc.available(slots["dept"], slots.get("doctor_id"))
    options = [
        s
        for s in window
        if (day is None or s.day == day) and (session is None or s.session == session)
    ]
    no_match = False
    if not options and (day or session):
        no_match = True
        options = window
    if not options:
        ctx.conv.end_form()
        return _view(ctx, "booking/none_available.j2", dept=slots["dept"])
    options = options[:MAX_OPTIONS]
    ctx.conv.update(step="choose", options=[s.id for s in options])
    return _view(
        ctx,
        "booking/choose.j2",
        options=options,
        no_match=no_match,
        day=day,
        session=slots.get("session"),
        dept=slots["dept"],
    )


@router.form(FORM)
async def step(ctx: Context) -> Reply | None:
    text = normalize_command(ctx.msg.text)
    slots = ctx.conv.slots
    if text in CANCEL_WORDS:
        ctx.conv.end_form()
        return _view(ctx, "booking/cancelled_flow.j2")
    current = slots.get("step")
    if current == "patient":
        return await _step_patient(ctx, text)
    if current == "department":
        dept = resolve_department(ctx.settings, text)
        if dept is None:
            return _view(
                ctx,
                "booking/ask_department.j2",
                departments=ctx.settings.departments,
                unknown=ctx.msg.text.strip(),
            )
        ctx.conv.update(dept=dept.code)
        return await _advance(ctx)
    if current == "choose":
        return await _step_choose(ctx, text)
    if current == "confirm":
        if text in YES_WORDS:
            return await _book(ctx)
        if text in NO_WORDS:
            ctx.conv.end_form()
            return _view(ctx, "booking/cancelled_flow.j2")
        return None
    if current == "waitlist":
        if text in WAIT_WORDS:
            return await _join_waitlist(ctx)
        ctx.conv.end_form()
        return _view(ctx, "booking/cancelled_flow.j2")
    return None


async def _step_patient(ctx: Context, text: str) -> Reply | None:
    patients = await _patients(ctx)
    n = parse_choice(text)
    chosen = patients[n - 1] if n and 1 <= n <= len(patients) else None
    if chosen is None:
        chosen = next((p for p in patients if text in (p.name, p.relation)), None) or _pick_patient(
            patients, text
        )
    if chosen is None:
        return None
    if not chosen.can_book:
        return _needs_card(ctx, chosen)
    ctx.conv.update(**_patient_slots(chosen))
    return await _advance(ctx, patients)


async def _step_choose(ctx: Context, text: str) -> Reply | None:
    n = parse_choice(text)
    options = ctx.conv.slots.get("options") or []
    if not n or not 1 <= n <= len(options):
        return None
    svc = booking_service(ctx.services)
    s = await svc.his.schedule(options[n - 1])  # fresh: places and 停诊 may have changed
    if s is None or not svc.open_for_booking(s, ctx.clock.now()):
        return await _advance(ctx)
    slots = ctx.conv.slots
    patient: Patient | dict[str, str] | None
    if slots.get("patient_name"):
        patient = {"name": slots["patient_name"], "relation": slots.get("patient_relation", "")}
    else:  # a conversation saved by an older release
        patient = await _current_patient(ctx)
        if patient is not None:
            ctx.conv.update(**_patient_slots(patient))
    if patient is None:
        ctx.conv.end_form()
        return _view(ctx, "booking/need_patient.j2")
    if s.remaining <= 0:
        ctx.conv.update(step="waitlist", chosen=s.id, chosen_schedule=schedule_to_slot(s))
        return _view(ctx, "booking/full.j2", schedule=s)
    ctx.conv.update(step="confirm", chosen=s.id, chosen_schedule=schedule_to_slot(s))
    return _view(
        ctx,
        "booking/confirm.j2",
        schedule=s,
        patient=patient,
        same_day=s.day == ctx.clock.now().date(),
        hold_minutes=svc.rules.hold_minutes,
    )


async def _current_patient(ctx: Context) -> Patient | None:
    from handlers.patients import patient_service

    pid = ctx.conv.slots.get("patient_id")
    return await patient_service(ctx.services).get(ctx.openid, pid) if pid else None


def _chosen_schedule(ctx: Context) -> Schedule | None:
    """The schedule read when it was chosen (fixed fields only are relied on)."""
    s = schedule_from_slot(ctx.conv.slots.get("chosen_schedule"))
    return s if s is not None and s.id == ctx.conv.slots.get("chosen") else None


async def _book(ctx: Context) -> Reply:
    slots = ctx.conv.slots
    svc = booking_service(ctx.services)
    if not slots.get("patient_id"):
        ctx.conv.end_form()
        return _view(ctx, "booking/need_patient.j2")
    chosen = _chosen_schedule(ctx)
    try:
        appt = await svc.book_for_account(
            ctx.openid,
            slots["patient_id"],
            slots["chosen"],
            idem_key=f"chat:{ctx.openid}:{slots['nonce']}",
            schedule=chosen,
        )
    except HISError as exc:
        if exc.code == "no_patient":
            ctx.conv.end_form()
            return _view(ctx, "booking/need_patient.j2")
        if exc.code == "full":
            ctx.conv.update(step="waitlist")
            s = chosen or await svc.his.schedule(slots["chosen"])
            return _view(ctx, "booking/full.j2", schedule=s)
        ctx.conv.end_form()
        return _view(ctx, "booking/refused.j2", code=exc.code, details=exc.details)
    ctx.conv.end_form()
    return _view(
        ctx,
        "booking/booked.j2",
        appt=appt,
        day=date.fromisoformat(appt["day"]),
        hold_minutes=svc.rules.hold_minutes,
    )


async def _join_waitlist(ctx: Context) -> Reply:
    svc = booking_service(ctx.services)
    patient = await _current_patient(ctx)
    s = _chosen_schedule(ctx) or await svc.his.schedule(ctx.conv.slots.get("chosen", ""))
    ctx.conv.end_form()
    if patient is None or s is None:
        return _view(ctx, "booking/need_patient.j2")
    try:
        _, position = await svc.join_waitlist(patient_ref(ctx.services, patient), s)
    except HISError as exc:
        return _view(ctx, "booking/refused.j2", code=exc.code, details=exc.details)
    return _view(
        ctx,
        "booking/waitlist_joined.j2",
        schedule=s,
        position=position,
        minutes=svc.rules.waitlist_offer_minutes,
    )


@router.command("接受候补", "确认候补", "候补确认")
async def accept_offer(ctx: Context) -> Reply:
    try:
        appt = await waitlist.accept(ctx.services, ctx.openid)
    except HISError as exc:
        return _view(ctx, "booking/refused.j2", code=exc.code, details=exc.details)
    svc = booking_service(ctx.services)
    return _view(
        ctx,
        "booking/booked.j2",
        appt=appt,
        day=date.fromisoformat(appt["day"]),
        hold_minutes=svc.rules.hold_minutes,
    )


@router.command("取消候补", "退出候补")
async def leave_waitlist(ctx: Context) -> Reply:
    n = await waitlist.leave(ctx.services, ctx.openid)
    return _view(ctx, "booking/waitlist_left.j2", count=n)


@router.intent("doctor_info")
async def doctor_info(ctx: Context) -> Reply:
    svc = booking_service(ctx.services)
    name = ctx.entity("doctor")
    doctors = await svc.his.find_doctor(str(name)) if name else []
    if not doctors:
        dept_text = ctx.entity("department")
        dept = resolve_department(ctx.settings, dept_text) if dept_text else None
        doctors = (await svc.his.doctors(dept.code))[:6] if dept else []
    schedules = {d.id: (await svc.available(doctor_id=d.id))[:3] for d in doctors[:3]}
    return _view(ctx, "booking/doctors.j2", doctors=doctors[:6], schedules=schedules)

"""BookingService: takes places through the HIS, keeps the appointments, releases them.

No overbooking: a place is taken by ONE conditional update in the HIS (`HIS.hold`), and
a partial unique index allows one active appointment per real-name patient per
department per session. A retried chat action carries an idempotency key that becomes
the appointment id, so a double tap or a WeChat retry never books twice. When the insert
loses on a unique index the place taken just before is given back (compensation).

Plain business logic shared by chat (`chat.py`), H5 pages and the scheduled jobs
(`jobs.py`); built once by the composition root. The rules themselves are pure
(`rules.py`); the collections are owned by `repo.py`.

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

No-shows: a no-show of a booking made with the ID verified (a hospital card the HIS
confirmed belongs to the patient) counts toward a ban of that ID on every account; a
no-show of an unverified booking counts toward a ban of the booking account only, so
knowing someone's ID number is not enough to get them banned.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from bot.clock import Clock
from bot.config import Settings
from bot.render import Texts
from handlers.booking import rules as R
from handlers.booking.models import Appointment, PatientRef, Slots, Standing, Status
from handlers.booking.repo import (
    QUOTA_INDEXES,
    AppointmentRepo,
    NoticeRepo,
    RefundRepo,
    StandingRepo,
    account_key,
    dup_index,
)
from handlers.booking.rules import BookingRules
from handlers.booking.waitlist import WaitlistRepo
from handlers.his.adapter import HIS
from handlers.his.models import HISError, Hold, Schedule
from handlers.patients.models import Patient
from handlers.patients.service import PatientService
from push.outbox import Outbox

log = logging.getLogger(__name__)

SLOT_TRIES = 16  # re-reads after lost slot races before answering "busy"


class Notices:
    """Booking notices (停诊, waitlist offers): recorded once, then queued on push/."""

    def __init__(self, repo: NoticeRepo, outbox: Outbox, texts: Texts, clock: Clock) -> None:
        self.repo, self.outbox, self.texts, self.clock = repo, outbox, texts, clock

    async def send(self, openid: str, notice_id: str, template: str, **values: Any) -> None:
        text = self.texts.render(template, today=self.clock.now().date(), **values)
        if await self.repo.record(notice_id, openid, text, template, self.clock.now()):
            await self.outbox.send_text(openid, text, job_id=notice_id)


@dataclass
class BookingService:
    settings: Settings
    clock: Clock
    rules: BookingRules
    his: HIS
    patients: PatientService
    appointments: AppointmentRepo
    standing_repo: StandingRepo
    refunds: RefundRepo
    waitlist: WaitlistRepo
    notices: Notices

    # --- patients -----------------------------------------------------------------
    def ref(self, patient: Patient) -> PatientRef:
        return PatientRef(
            id=patient.id,
            openid=patient.openid,
            name=patient.name,
            relation=patient.relation,
            id_hash=self.patients.id_hash(patient),
            card_no=patient.card_no,
            needs_card=patient.needs_card_to_book,
        )

    def dept_name(self, code: str) -> str:
        d = self.settings.department(code)
        return d.name if d else code

    # --- what can be booked ---------------------------------------------------------
    def open_for_booking(self, s: Schedule, now: datetime) -> bool:
        return R.open_for_booking(self.rules, s, now)

    async def available(
        self,
        department: str | None = None,
        doctor_id: str | None = None,
        day: date | None = None,
        session: str | None = None,
        *,
        same_day: bool = True,
    ) -> list[Schedule]:
        """Open sessions; `same_day=False` leaves out today's, which only a patient with
        a bound card can take (they are paid online at once)."""
        now = self.clock.now()
        days = self.rules.bookable_days(now)
        if not same_day:
            days = [d for d in days if d != now.date()]
        if not days:
            return []
        lo, hi = (day, day) if day else (days[0], days[-1])
        found = await self.his.schedules(
            department=department, doctor_id=doctor_id, day_from=lo, day_to=hi
        )
        return [
            s
            for s in found
            if self.open_for_booking(s, now)
            and s.day in days
            and (session is None or s.session == session)
        ]

    # --- patient rules ----------------------------------------------------------------
    async def standing(self, id_hash: str, openid: str, day: date) -> Standing:
        return await self.appointments.standing(id_hash, openid, day, self.standing_repo)

    async def check_patient(self, p: PatientRef, s: Schedule, now: datetime) -> Slots:
        """`rules.check_standing` for a patient known by reference."""
        doc, standing = await self.appointments.admission(p.openid, p.id, s.day)
        if standing is None or doc is None or doc.get("id_hash") != p.id_hash:
            standing = await self.standing(p.id_hash, p.openid, s.day)
        return R.check_standing(self.rules, p, s, now, standing)

    async def admit(
        self, openid: str, patient_id: str, s: Schedule, now: datetime
    ) -> tuple[PatientRef, Slots]:
        """The patient of `openid` read fresh, in the same round trip as the bans, limits
        and account cap, and checked by `rules.check_standing`. HISError("no_patient")
        when the patient was removed meanwhile."""
        doc, standing = await self.appointments.admission(openid, patient_id, s.day)
        if doc is None:
            raise HISError("no_patient")
        p = self.ref(self.patients.from_doc(doc))
        if standing is None or doc.get("id_hash") != p.id_hash:  # keys rotated
            standing = await self.standing(p.id_hash, openid, s.day)
        return p, R.check_standing(self.rules, p, s, now, standing)

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
    ) -> Appointment:
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
    ) -> Appointment:
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
    ) -> Appointment:
        appt_id = R.appointment_id_for(idem_key)
        try:
            s = schedule if schedule is not None and schedule.id == schedule_id else None
            if s is None:
                s = await self.his.schedule(schedule_id)
            if s is None:
                raise HISError("no_schedule")
            now = self.clock.now()
            R.check_time(self.rules, s, now)
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
            appt, took_hold = await self._record(p, s, hold, appt_id, source, now, slots)
        except HISError:
            await self.his.release(hold)  # compensate: the place goes back
            if (earlier := await self._earlier(appt_id, idem_key)) is not None:
                return earlier
            raise
        if not took_hold:
            await self.his.release(hold)  # the same action booked before: one booking
        return appt

    async def _earlier(self, appt_id: str, idem_key: str | None) -> Appointment | None:
        """The booking a retried action already made (its id comes from the idem key)."""
        return await self.appointments.get(appt_id) if idem_key else None

    async def _record(
        self,
        p: PatientRef,
        s: Schedule,
        hold: Hold,
        appt_id: str,
        source: str,
        now: datetime,
        slots: Slots,
    ) -> tuple[Appointment, bool]:
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
            "week": R.week_key(s.day),
            "month": R.month_key(s.day),
            "session": s.session,
            "band_start": hold.band_start,
            "band_end": band.end if band else "",
            "starts_at": s.starts_at,
            "ends_at": s.ends_at,
            "number": hold.number,
            "hold": hold.to_doc(),
            "fee_cents": s.fee_cents,
            "room": s.room,
            "status": str(Status.PENDING_PAYMENT if same_day else Status.BOOKED),
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
                await self.appointments.insert(doc)
                break
            except DuplicateKeyError as exc:
                index = dup_index(exc)
                if index in QUOTA_INDEXES:
                    log.info("booking.slot_race", extra={"index": index})
                    standing = await self.standing(p.id_hash, p.openid, s.day)
                    slots = R.check_standing(self.rules, p, s, now, standing)
                    continue
                existing = await self.appointments.get(appt_id)
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
        return Appointment.from_doc(doc), True

    async def book_held(
        self, openid: str, patient_id: str, hold: Hold, idem_key: str, source: str = "waitlist"
    ) -> Appointment:
        """Book a place already held for this patient (a waitlist offer), under the same
        rules as any booking (`admit`). On HISError the caller still owns the hold."""
        s = await self.his.schedule(hold.schedule_id)
        if s is None or s.status != "open":
            raise HISError("stopped")
        now = self.clock.now()
        if now >= s.starts_at:
            raise HISError("closed", schedule=s)
        p, slots = await self.admit(openid, patient_id, s, now)
        appt, _ = await self._record(p, s, hold, R.appointment_id_for(idem_key), source, now, slots)
        return appt

    # --- the waitlist -------------------------------------------------------------------
    async def join_waitlist(self, p: PatientRef, s: Schedule) -> tuple[dict[str, Any], int]:
        """Wait for a full session: the same time and patient rules as booking, so a
        banned patient or one at a limit does not queue for a place they cannot take."""
        now = self.clock.now()
        R.check_time(self.rules, s, now)
        await self.check_patient(p, s, now)
        return await self.waitlist.join(p, s, now)

    async def offer_next(self, hold: Hold) -> bool:
        """Offer a held place to the first waiting patient. False: nobody waits."""
        now = self.clock.now()
        minutes = self.rules.waitlist_offer_minutes
        entry = await self.waitlist.offer(hold, now, minutes)
        if entry is None:
            return False
        s = await self.his.schedule(hold.schedule_id)
        await self.notices.send(
            entry["openid"],
            f"offer:{entry['_id']}",
            "booking/waitlist_offer.j2",
            entry=entry,
            schedule=s,
            dept=self.dept_name(entry["department"]),
            minutes=minutes,
            expires=entry["offer_expires_at"].astimezone(self.rules.tz),
        )
        log.info("waitlist.offered", extra={"entry_id": entry["_id"]})
        return True

    async def accept_offer(self, openid: str) -> Appointment:
        """The patient takes the offered place: booked with the held place, the patient
        read fresh and checked like any booking."""
        entry = await self.waitlist.take_offer(openid, self.clock.now())
        if entry is None:
            raise HISError("no_offer")
        hold = Hold.from_doc(entry["hold"])
        try:
            appt = await self.book_held(
                openid, entry["patient_id"], hold, idem_key=f"waitlist:{entry['_id']}"
            )
        except HISError:
            await self.waitlist.close(entry["_id"], "failed")
            await self.release(hold)
            raise
        await self.waitlist.close(entry["_id"], "booked", appointment_id=appt.id)
        return appt

    async def decline_offer(self, openid: str) -> bool:
        entry = await self.waitlist.decline(openid, self.clock.now())
        if entry is None:
            return False
        await self.release(Hold.from_doc(entry["hold"]))
        return True

    async def expire_offers(self) -> int:
        """Offers past their window: pass the held place to the next patient."""
        n = 0
        while (entry := await self.waitlist.expire_next(self.clock.now())) is not None:
            n += 1
            await self.release(Hold.from_doc(entry["hold"]))
            log.info("waitlist.offer_expired", extra={"entry_id": entry["_id"]})
        return n

    # --- releasing places ---------------------------------------------------------------
    async def release(self, hold: Hold) -> None:
        """A place came back: the first waiting patient gets it first, else the pool."""
        if not await self.offer_next(hold):
            await self.his.release(hold)

    async def cancel(self, openid: str, appointment_id: str, reason: str = "") -> Appointment:
        appt = await self.appointments.get(appointment_id, openid)
        if appt is None:
            raise HISError("not_found")
        if not appt.active:
            raise HISError("not_active", status=appt.status)
        now = self.clock.now()
        deadline = self.rules.cancel_deadline(appt.day)
        if appt.status != Status.PENDING_PAYMENT and now >= deadline:
            raise HISError("cancel_closed", deadline=deadline)
        if appt.status == Status.CHECKED_IN:
            raise HISError("checked_in")
        done = await self.appointments.cancel(appointment_id, reason, now)
        if done is None:
            raise HISError("not_active", status=Status.CANCELLED)
        if done.paid:
            await self.refunds.request(done, "cancelled", now)
        await self.release(done.hold)
        log.info("booking.cancelled", extra={"appointment_id": appointment_id})
        return done

    async def expire_holds(self) -> int:
        """Unpaid same-day holds past their time: expire them and release the place."""
        n = 0
        while (done := await self.appointments.expire_next_hold(self.clock.now())) is not None:
            n += 1
            await self.release(done.hold)
            log.info("booking.hold_expired", extra={"appointment_id": done.id})
        return n

    async def mark_paid(
        self, appointment_id: str, *, session: AsyncClientSession | None = None
    ) -> Appointment | None:
        """For the payments capability: a paid same-day hold becomes a booking, in the
        payment's transaction (`session`). None: the hold expired or was cancelled
        meanwhile (the payment is refunded)."""
        return await self.appointments.mark_paid(appointment_id, self.clock.now(), session)

    async def release_unpaid(self, appointment_id: str) -> Appointment | None:
        """For the payments capability, once the hold's payment order is closed at WeChat
        Pay: expire this hold now if its time is up, and release the place."""
        done = await self.appointments.expire_hold(appointment_id, self.clock.now())
        if done is not None:
            await self.release(done.hold)
            log.info("booking.hold_expired", extra={"appointment_id": done.id})
        return done

    # --- no-shows -----------------------------------------------------------------------
    async def mark_no_shows(self) -> int:
        """Sessions that ended with the patient never checked in count as no-shows:
        toward a ban of the ID when the booking was verified (card), else toward a ban
        of the booking account."""
        now, n, r = self.clock.now(), 0, self.rules
        await self.appointments.finish_visits(now)
        since = now - timedelta(days=r.no_show_window_days)
        while (done := await self.appointments.next_no_show(now)) is not None:
            n += 1
            key = done.id_hash if done.verified else account_key(done.openid)
            openid = None if done.verified else done.openid
            if (
                await self.standing_repo.record_no_show(key, openid, now, since)
                >= r.no_show_threshold
            ):
                await self.standing_repo.ban(key, now + timedelta(days=r.ban_days))
                log.info("booking.banned", extra={"scope": "id" if done.verified else "account"})
        return n

    # --- 停诊 ----------------------------------------------------------------------------
    async def stop_session(self, schedule_id: str, reason: str) -> int:
        """Stop a session and tell every booked patient (re-book link, refund if paid)."""
        s = await self.his.stop_session(schedule_id, reason)
        if s is None:
            raise HISError("no_schedule")
        now, n = self.clock.now(), 0
        await self.waitlist.cancel_for_schedule(schedule_id)
        while (done := await self.appointments.stop_next(schedule_id, reason, now)) is not None:
            n += 1
            if done.paid:
                await self.refunds.request(done, "stopped", now)
            await self.notices.send(
                done.openid,
                f"stop:{done.id}",
                "booking/stopped.j2",
                appt=done,
                reason=reason,
                dept=self.dept_name(s.department),
                rebook_path=f"/h5/booking/dept/{s.department}",
            )
        return n

    # --- reading ------------------------------------------------------------------------
    async def upcoming_and_past(self, openid: str) -> tuple[list[Appointment], list[Appointment]]:
        """(upcoming active, past or inactive), upcoming soonest first."""
        now = self.clock.now()
        appts = await self.appointments.of_account(openid)
        upcoming = [a for a in appts if a.active and a.ends_at > now]
        past = [a for a in appts if a not in upcoming]
        past.reverse()
        return upcoming, past[:10]

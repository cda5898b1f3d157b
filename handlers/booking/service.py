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
them): a chat booking is 2 + 1 + 4. The first message reads the account's patients and
the department's whole booking window (one query); choosing reads the schedule; the
confirmation reads the patient, ban record and limit counts in ONE aggregate, takes the
place with ONE conditional update and inserts the appointment, then commits (the place
and the appointment are one transaction). The schedule read at the
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

Crash consistency: every change that moves a place is ONE MongoDB transaction with the
place itself (LocalHIS's schedules live in the same database and take the session):
a booking and its place; a cancellation, its refund request and the place going back
(or, to the first waiting patient, the offer and its notice); an expired hold, its
place and the patient's notice; a 停诊, every stopped appointment, refund requests and
every notice. Notices go to the transactional outbox (`notices.py`), delivered by the
job system. A lost slot race or a retried action (its appointment id already taken)
aborts the transaction, place included, so nothing has to be given back by hand.
An external HIS that cannot join the transaction (`HIS.joins_transactions` False) is
called outside it in a fixed order: hold, then the transaction (released if it
fails); the transaction records `release_pending`, then the HIS release, which
`reconcile.py` finishes after a crash.

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
from bot.render import text_helper
from handlers.booking import rules as R
from handlers.booking.models import Appointment, PatientRef, Slots, Standing, Status
from handlers.booking.notices import BookingNotices
from handlers.booking.repo import (
    QUOTA_INDEXES,
    AppointmentRepo,
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

log = logging.getLogger(__name__)

SLOT_TRIES = 16  # re-reads after lost slot races before answering "busy"
Transact = Callable[[Callable[[AsyncClientSession], Awaitable[Any]]], Awaitable[Any]]


class _ReleaseOutside(Exception):
    """An external HIS: the place is given back after the transaction commits."""


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
    notices: BookingNotices
    transact: Transact  # Storage.transaction: run fn(session) as one transaction

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

    @text_helper  # the departments of config.yml, fixed for the process
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
            return await self._take(p, s, band_start, appt_id, source, now, slots)
        except HISError:
            # A retry of an action that already booked (maybe the last place, or up to
            # a limit) is not refused: it gets the first booking back.
            if (earlier := await self._earlier(appt_id, idem_key)) is not None:
                return earlier
            raise

    async def _earlier(self, appt_id: str, idem_key: str | None) -> Appointment | None:
        """The booking a retried action already made (its id comes from the idem key)."""
        return await self.appointments.get(appt_id) if idem_key else None

    async def _take(
        self,
        p: PatientRef,
        s: Schedule,
        band_start: str | None,
        appt_id: str,
        source: str,
        now: datetime,
        slots: Slots,
    ) -> Appointment:
        """Take a place and record the appointment as ONE transaction (an external HIS:
        hold first, given back if the record is refused). A lost slot race re-reads the
        slots and tries the next free numbers (or refuses with the limit's reason); a
        retried action gets its first appointment back."""
        joins = self.his.joins_transactions
        for _ in range(SLOT_TRIES):
            outside = None if joins else await self.his.hold(s.id, band_start)

            async def book(
                session: AsyncClientSession, outside: Hold | None = outside, slots: Slots = slots
            ) -> dict[str, Any]:
                hold = outside or await self.his.hold(s.id, band_start, session=session)
                doc = self._appointment_doc(p, s, hold, appt_id, source, now, slots)
                await self.appointments.insert(doc, session=session)
                return doc

            try:
                async with self.patients.listing(p.openid):  # may outlive the patient
                    doc = await self.transact(book)
            except DuplicateKeyError as exc:
                if outside is not None:
                    await self.his.release(outside)
                index = dup_index(exc)
                if index in QUOTA_INDEXES:
                    log.info("booking.slot_race", extra={"index": index})
                    standing = await self.standing(p.id_hash, p.openid, s.day)
                    slots = R.check_standing(self.rules, p, s, now, standing)
                    continue
                existing = await self.appointments.get(appt_id)
                if existing is not None:
                    return existing  # the same action, retried: no second booking
                log.info("booking.duplicate", extra={"schedule_id": s.id, "index": index})
                raise HISError("duplicate", schedule=s) from None
            except BaseException:
                if outside is not None:
                    await self.his.release(outside)
                raise
            appt = Appointment.from_doc(doc)
            await self.his.confirm(appt.hold, appt_id)
            log.info(
                "booking.booked",
                extra={
                    "appointment_id": appt_id,
                    "schedule_id": s.id,
                    "status": doc["status"],
                    "source": source,
                },
            )
            return appt
        raise HISError("busy")

    def _appointment_doc(
        self,
        p: PatientRef,
        s: Schedule,
        hold: Hold,
        appt_id: str,
        source: str,
        now: datetime,
        slots: Slots,
    ) -> dict[str, Any]:
        same_day = s.day == now.date()
        band = s.band(hold.band_start)
        return {
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
            **slots.to_doc(),
        }

    # --- the waitlist -------------------------------------------------------------------
    async def join_waitlist(self, p: PatientRef, s: Schedule) -> tuple[dict[str, Any], int]:
        """Wait for a full session: the same time and patient rules as booking, so a
        banned patient or one at a limit does not queue for a place they cannot take."""
        now = self.clock.now()
        R.check_time(self.rules, s, now)
        await self.check_patient(p, s, now)
        return await self.waitlist.join(p, s, now)

    async def offer_next(self, hold: Hold, session: AsyncClientSession) -> bool:
        """Offer a held place to the first waiting patient, with its notice, in the
        caller's transaction. False: nobody waits."""
        now = self.clock.now()
        minutes = self.rules.waitlist_offer_minutes
        entry = await self.waitlist.offer(hold, now, minutes, session)
        if entry is None:
            return False
        s = await self.his.schedule(hold.schedule_id)
        notice = self.notices.offer(entry, s, minutes, entry["offer_expires_at"])
        await self.notices.add(notice, session)
        log.info("waitlist.offered", extra={"entry_id": entry["_id"]})
        return True

    async def accept_offer(self, openid: str) -> Appointment:
        """The patient takes the offered place: the appointment and the closed offer are
        one transaction; refused (rules, limits) → the place goes on to the next one."""
        now = self.clock.now()
        entry = await self.waitlist.live_offer(openid, now)
        if entry is None:
            raise HISError("no_offer")
        hold = Hold.from_doc(entry["hold"])
        appt_id = R.appointment_id_for(f"waitlist:{entry['_id']}")
        try:
            s = await self.his.schedule(hold.schedule_id)
            if s is None or s.status != "open":
                raise HISError("stopped")
            if now >= s.starts_at:
                raise HISError("closed", schedule=s)
            p, slots = await self.admit(openid, entry["patient_id"], s, now)
            doc = self._appointment_doc(p, s, hold, appt_id, "waitlist", now, slots)

            async def accept(session: AsyncClientSession) -> None:
                if not await self.waitlist.settle(entry["_id"], "booked", session, appt_id):
                    raise HISError("no_offer")
                await self.appointments.insert(doc, session=session)

            try:
                async with self.patients.listing(openid):
                    await self.transact(accept)
            except DuplicateKeyError as exc:
                raise HISError("duplicate", schedule=s) from exc
        except HISError as exc:
            if exc.code == "no_offer":
                raise

            async def refuse(session: AsyncClientSession) -> bool:
                if not await self.waitlist.settle(entry["_id"], "failed", session):
                    return False
                return await self._release_in("", hold, session)

            if await self.transact(refuse):
                await self.his.release(hold)
            raise
        await self.his.confirm(hold, appt_id)
        return Appointment.from_doc(doc)

    async def decline_offer(self, openid: str) -> bool:
        async def decline(session: AsyncClientSession) -> tuple[Hold | None, bool]:
            entry = await self.waitlist.decline(openid, self.clock.now(), session)
            if entry is None:
                return None, False
            hold = Hold.from_doc(entry["hold"])
            return hold, await self._release_in("", hold, session)

        hold, outside = await self.transact(decline)
        if hold is not None and outside:
            await self.his.release(hold)
        return hold is not None

    async def expire_offers(self) -> int:
        """Offers past their window: the held place passes to the next patient (offer +
        notice), as one transaction per offer."""
        n = 0

        async def expire(session: AsyncClientSession) -> tuple[dict[str, Any] | None, bool]:
            entry = await self.waitlist.expire_next(self.clock.now(), session)
            if entry is None:
                return None, False
            return entry, await self._release_in("", Hold.from_doc(entry["hold"]), session)

        while True:
            entry, outside = await self.transact(expire)
            if entry is None:
                return n
            n += 1
            if outside:
                await self.his.release(Hold.from_doc(entry["hold"]))
            log.info("waitlist.offer_expired", extra={"entry_id": entry["_id"]})

    # --- releasing places ---------------------------------------------------------------
    async def release(self, hold: Hold, session: AsyncClientSession) -> None:
        """A place came back, inside the caller's transaction: the first waiting patient
        gets it first (offer + notice), else the pool. An external HIS: raises
        `_ReleaseOutside` (the caller gives it back after the commit)."""
        if await self.offer_next(hold, session):
            return
        if not self.his.joins_transactions:
            raise _ReleaseOutside
        await self.his.release(hold, session=session)

    async def _release_in(
        self, appointment_id: str, hold: Hold, session: AsyncClientSession
    ) -> bool:
        """`release`; True when the HIS release must follow the commit (an external
        HIS; the appointment is marked `release_pending` for the reconciler)."""
        try:
            await self.release(hold, session)
        except _ReleaseOutside:
            if appointment_id:
                await self.appointments.mark_release_pending(appointment_id, session)
            return True
        return False

    async def _release_after(self, appt: Appointment) -> None:
        await self.his.release(appt.hold)
        await self.appointments.release_done(appt.id)

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

        async def cancel(session: AsyncClientSession) -> tuple[Appointment | None, bool]:
            done = await self.appointments.cancel(appointment_id, reason, now, session)
            if done is None:
                return None, False
            if done.paid:
                await self.refunds.request(done, "cancelled", now, session)
            return done, await self._release_in(done.id, done.hold, session)

        done, outside = await self.transact(cancel)
        if done is None:
            raise HISError("not_active", status=Status.CANCELLED)
        if outside:
            await self._release_after(done)
        log.info("booking.cancelled", extra={"appointment_id": appointment_id})
        return done

    async def expire_holds(self) -> int:
        """Unpaid same-day holds past their time: each expired, its place released and
        the patient told, as one transaction."""
        n = 0

        async def expire(session: AsyncClientSession) -> tuple[Appointment | None, bool]:
            done = await self.appointments.expire_next_hold(self.clock.now(), session)
            if done is None:
                return None, False
            await self.notices.add(self.notices.hold_expired(done), session)
            return done, await self._release_in(done.id, done.hold, session)

        while True:
            done, outside = await self.transact(expire)
            if done is None:
                return n
            n += 1
            if outside:
                await self._release_after(done)
            log.info("booking.hold_expired", extra={"appointment_id": done.id})

    async def mark_paid(
        self, appointment_id: str, *, session: AsyncClientSession | None = None
    ) -> Appointment | None:
        """For the payments capability: a paid same-day hold becomes a booking, in the
        payment's transaction (`session`). None: the hold expired or was cancelled
        meanwhile (the payment is refunded)."""
        return await self.appointments.mark_paid(appointment_id, self.clock.now(), session)

    async def release_unpaid(self, appointment_id: str) -> Appointment | None:
        """For the payments capability, once the hold's payment order is closed at WeChat
        Pay: expire this hold now if its time is up, release the place and tell the
        patient, as one transaction (the same change as `expire_holds`, for one hold)."""

        async def expire(session: AsyncClientSession) -> tuple[Appointment | None, bool]:
            done = await self.appointments.expire_hold(appointment_id, self.clock.now(), session)
            if done is None:
                return None, False
            await self.notices.add(self.notices.hold_expired(done), session)
            return done, await self._release_in(done.id, done.hold, session)

        done, outside = await self.transact(expire)
        if done is not None:
            if outside:
                await self._release_after(done)
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
        """Stop a session and tell every booked patient (re-book link, refund if paid):
        the stop, every appointment, refund requests and every notice are ONE
        transaction. Asking again stops nothing twice and owes nothing twice."""
        joins = self.his.joins_transactions
        if not joins and await self.his.stop_session(schedule_id, reason) is None:
            raise HISError("no_schedule")
        now = self.clock.now()

        async def stop(session: AsyncClientSession) -> int:
            if joins and await self.his.stop_session(schedule_id, reason, session=session) is None:
                raise HISError("no_schedule")
            await self.waitlist.cancel_for_schedule(schedule_id, session)
            stopped = await self.appointments.stop_all(schedule_id, reason, now, session)
            for appt in stopped:
                if appt.paid:
                    await self.refunds.request(appt, "stopped", now, session)
                await self.notices.add(self.notices.stopped(appt, reason), session)
            return len(stopped)

        n = int(await self.transact(stop))
        log.info("booking.session_stopped", extra={"schedule_id": schedule_id, "stopped": n})
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

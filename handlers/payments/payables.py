"""What an account can pay, read from the HIS and from booking, checked for ownership.

Only patients with a hospital card the HIS confirmed can pay online: bills belong to a
card, and a card is bound to one account (see the patients capability). Three kinds:
a visit's outpatient bill (the HIS's), the registration fee of a same-day hold (the
appointment's), and an inpatient deposit top-up of an amount within the limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.render import Texts
from handlers.booking.models import Appointment, Status
from handlers.booking.service import BookingService
from handlers.his.adapter import HIS
from handlers.his.models import Admission, Bill, BillItem
from handlers.patients.models import Patient
from handlers.patients.service import PatientService
from handlers.payments.models import Kind, Payable, PayError
from handlers.payments.rules import PaymentRules

PAID_HISTORY_DAYS = 90


@dataclass(frozen=True)
class PatientBills:
    """One card holder's money matters: what is unpaid, what was paid, the stay."""

    patient: Patient
    unpaid: list[Bill] = field(default_factory=list)
    paid: list[Bill] = field(default_factory=list)
    registrations: list[Appointment] = field(default_factory=list)  # holds to pay now
    admission: Admission | None = None

    @property
    def unpaid_total_fen(self) -> int:
        return sum(b.total_fen for b in self.unpaid) + sum(a.fee_cents for a in self.registrations)


@dataclass(frozen=True)
class Overview:
    holders: list[PatientBills]
    without_card: list[Patient]  # patients who must bind a card to pay online

    @property
    def nothing_to_pay(self) -> bool:
        return not any(h.unpaid or h.registrations for h in self.holders)


class Payables:
    def __init__(
        self,
        his: HIS,
        booking: BookingService,
        patients: PatientService,
        rules: PaymentRules,
        clock: Clock,
        texts: Texts,
    ) -> None:
        self.his, self.booking, self.patients = his, booking, patients
        self.rules, self.clock, self.texts = rules, clock, texts

    def _name(self, kind: Kind, part: str = "title", **values: str) -> str:
        """A payment's title, line item name or unit, as payments/payable.j2 words it."""
        return self.texts.render("payments/payable.j2", kind=kind.value, part=part, **values)

    # --- what the account has -------------------------------------------------------
    async def overview(self, openid: str) -> Overview:
        """Every card holder of the account, default patient first."""
        now = self.clock.now()
        patients = sorted(await self.patients.list(openid), key=lambda p: not p.is_default)
        # Registration holds matter only to card holders: an account without one (a new
        # follower's) costs one query, not two.
        appointments = (
            await self.booking.appointments.of_account(openid)
            if any(p.card_no for p in patients)
            else []
        )
        holders, without = [], []
        for p in patients:
            if not p.card_no:
                without.append(p)
                continue
            bills = await self.his.bills(p.card_no)
            since = now - timedelta(days=PAID_HISTORY_DAYS)
            holds = [
                a
                for a in appointments
                if a.patient_id == p.id
                and a.status == Status.PENDING_PAYMENT
                and a.hold_expires_at is not None
                and a.hold_expires_at > now
            ]
            holders.append(
                PatientBills(
                    patient=p,
                    unpaid=[b for b in bills if b.unpaid and not _past_due(b, now)],
                    paid=[b for b in bills if b.status == "paid" and b.created_at >= since],
                    registrations=holds,
                    admission=await self.his.admission(p.card_no),
                )
            )
        return Overview(holders, without)

    async def _holder(self, openid: str, card_no: str) -> Patient:
        found = [p for p in await self.patients.list(openid) if p.card_no and p.card_no == card_no]
        if not found:
            raise PayError("not_yours")
        return found[0]

    # --- one payable ------------------------------------------------------------------
    async def for_bill(self, openid: str, bill_id: str) -> Payable:
        bill = await self.his.bill(bill_id)
        if bill is None:
            raise PayError("not_found")
        patient = await self._holder(openid, bill.card_no)
        now = self.clock.now()
        if bill.status == "paid":
            raise PayError("already_paid")
        if not bill.unpaid:
            raise PayError("not_payable")
        if _past_due(bill, now):
            raise PayError("past_due")
        expires = self.rules.order_expiry(now, bill.due_at)
        return Payable(
            key=f"bill:{bill.id}",
            kind=Kind.OUTPATIENT,
            ref=bill.id,
            openid=openid,
            patient_id=patient.id,
            patient_name=patient.name,
            card_no=bill.card_no,
            title=self._name(Kind.OUTPATIENT),
            department=bill.department,
            doctor_name=bill.doctor_name,
            items=bill.items,
            total_fen=bill.total_fen,
            expires_at=expires,
            details={"visit_id": bill.visit_id, "created_at": bill.created_at},
        )

    async def for_registration(self, openid: str, appointment_id: str) -> Payable:
        appt = await self.booking.appointments.get(appointment_id, openid)
        if appt is None:
            raise PayError("not_found")
        if appt.paid:
            raise PayError("already_paid")
        now = self.clock.now()
        if appt.status != Status.PENDING_PAYMENT or appt.hold_expires_at is None:
            raise PayError("hold_gone")
        if not self.rules.payable_until(now, appt.hold_expires_at):
            raise PayError("hold_gone")
        dept = self.booking.dept_name(appt.department)
        item = BillItem(
            name=self._name(Kind.REGISTRATION, "item", dept=dept, doctor=appt.doctor_name),
            category="registration",
            quantity=1,
            unit=self._name(Kind.REGISTRATION, "unit"),
            unit_fen=appt.fee_cents,
            amount_fen=appt.fee_cents,
            where=appt.room,
        )
        return Payable(
            key=f"appt:{appt.id}",
            kind=Kind.REGISTRATION,
            ref=appt.id,
            openid=openid,
            patient_id=appt.patient_id,
            patient_name=appt.patient_name,
            card_no=appt.card_no,
            title=self._name(Kind.REGISTRATION, dept=dept),
            department=appt.department,
            doctor_name=appt.doctor_name,
            items=(item,),
            total_fen=appt.fee_cents,
            expires_at=appt.hold_expires_at,  # WeChat Pay closes the order with the hold
            details={
                "number": appt.number,
                "room": appt.room,
                "day": appt.day.isoformat(),
                "session": appt.session,
                "band_start": appt.band_start,
                "band_end": appt.band_end,
                "starts_at": appt.starts_at,
                "hold": appt.hold.hold_id,
            },
        )

    async def admission_of(self, openid: str, patient_id: str) -> tuple[Patient, Admission]:
        patient = await self.patients.get(openid, patient_id)
        if patient is None:
            raise PayError("not_found")
        if not patient.card_no:
            raise PayError("needs_card")
        stay = await self.his.admission(patient.card_no)
        if stay is None:
            raise PayError("not_admitted")
        return patient, stay

    async def for_deposit(
        self, openid: str, patient_id: str, amount_fen: int, nonce: str
    ) -> Payable:
        patient, stay = await self.admission_of(openid, patient_id)
        if not self.rules.deposit_ok(amount_fen):
            raise PayError(
                "deposit_amount", min=self.rules.deposit_min_fen, max=self.rules.deposit_max_fen
            )
        if not nonce.isalnum() or len(nonce) > 32:
            raise PayError("expired_form")
        item = BillItem(
            name=self._name(Kind.DEPOSIT, "item"),
            category="deposit",
            quantity=1,
            unit=self._name(Kind.DEPOSIT, "unit"),
            unit_fen=amount_fen,
            amount_fen=amount_fen,
            where=f"{stay.ward} {stay.bed}",
        )
        return Payable(
            key=f"deposit:{stay.id}:{nonce}",
            kind=Kind.DEPOSIT,
            ref=stay.id,
            openid=openid,
            patient_id=patient.id,
            patient_name=patient.name,
            card_no=patient.card_no,
            title=self._name(Kind.DEPOSIT),
            department=stay.department,
            doctor_name="",
            items=(item,),
            total_fen=amount_fen,
            expires_at=self.rules.order_expiry(self.clock.now(), None),
            details={"ward": stay.ward, "bed": stay.bed, "balance_fen": stay.deposit_fen},
        )


def _past_due(bill: Bill, now: datetime) -> bool:
    return bill.due_at is not None and bill.due_at <= now

"""Booking's data: a typed `Appointment` with its status, and what the rules read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from handlers.his.models import Hold


class Status(StrEnum):
    PENDING_PAYMENT = "pending_payment"  # same-day hold, until paid or expired
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    DONE = "done"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # unpaid same-day hold
    STOPPED = "stopped"  # 停诊
    NO_SHOW = "no_show"


ACTIVE = (Status.PENDING_PAYMENT, Status.BOOKED, Status.CHECKED_IN)
COUNTED = (*ACTIVE, Status.DONE, Status.NO_SHOW)  # toward the per-day/week/month limits
CANCELLABLE = (Status.PENDING_PAYMENT, Status.BOOKED)
QUEUED = (Status.BOOKED, Status.CHECKED_IN)  # wait in the clinic's queue


@dataclass(frozen=True)
class Appointment:
    """One booking as stored in `appointments` (AppointmentRepo owns the collection)."""

    id: str
    openid: str
    patient_id: str
    patient_name: str
    relation: str
    id_hash: str
    card_no: str
    schedule_id: str
    department: str
    doctor_id: str
    doctor_name: str
    doctor_title: str
    day: date
    session: str
    band_start: str
    band_end: str
    starts_at: datetime
    ends_at: datetime
    number: int
    hold: Hold
    fee_cents: int
    room: str
    status: Status
    active: bool
    paid: bool = False
    same_day: bool = False
    source: str = "chat"
    created_at: datetime | None = None
    hold_expires_at: datetime | None = None
    cancel_reason: str = ""

    @property
    def fee_yuan(self) -> str:
        return f"{self.fee_cents / 100:.2f}"

    @property
    def verified(self) -> bool:
        """Booked with a hospital card the HIS confirmed belongs to this patient."""
        return bool(self.card_no)

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Appointment:
        return cls(
            id=str(doc["_id"]),
            openid=doc["openid"],
            patient_id=str(doc["patient_id"]),
            patient_name=doc["patient_name"],
            relation=doc.get("relation", ""),
            id_hash=doc["id_hash"],
            card_no=str(doc.get("card_no") or ""),
            schedule_id=doc["schedule_id"],
            department=doc["department"],
            doctor_id=doc.get("doctor_id", ""),
            doctor_name=doc.get("doctor_name", ""),
            doctor_title=doc.get("doctor_title", ""),
            day=date.fromisoformat(doc["day"]),
            session=doc["session"],
            band_start=doc.get("band_start", ""),
            band_end=doc.get("band_end", ""),
            starts_at=doc["starts_at"],
            ends_at=doc["ends_at"],
            number=int(doc["number"]),
            hold=Hold.from_doc(doc["hold"]),
            fee_cents=int(doc["fee_cents"]),
            room=doc.get("room", ""),
            status=Status(doc["status"]),
            active=bool(doc.get("active")),
            paid=bool(doc.get("paid")),
            same_day=bool(doc.get("same_day")),
            source=doc.get("source", "chat"),
            created_at=doc.get("created_at"),
            hold_expires_at=doc.get("hold_expires_at"),
            cancel_reason=str(doc.get("cancel_reason") or ""),
        )


@dataclass(frozen=True)
class PatientRef:
    """What booking needs of a patient (read through the patients capability)."""

    id: str
    openid: str
    name: str
    relation: str
    id_hash: str
    card_no: str = ""
    needs_card: bool = False  # an ID that cannot be verified: books only with a card


@dataclass(frozen=True)
class Counted:
    """One of the patient's bookings that counts toward the limits, with its slots."""

    day: date
    slot_day: int | None = None  # None: booked before slots existed
    slot_week: int | None = None
    slot_month: int | None = None


@dataclass(frozen=True)
class Standing:
    """What the patient rules need: the bans (the ID's, after no-shows of verified
    bookings; the account's, after no-shows of unverified ones), the patient's counted
    bookings around the day, and the slots of the account's active appointments."""

    banned_until: datetime | None
    counted: tuple[Counted, ...]
    account: tuple[int | None, ...]
    account_banned_until: datetime | None = None


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

"""What the HIS speaks in: departments, doctors, schedules, holds, cards, queues, bills."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

SESSIONS = ("上午", "下午", "夜间")  # schedule sessions, in day order


@dataclass(frozen=True)
class DepartmentInfo:
    code: str
    name: str
    floor: str = ""
    description: str = ""


@dataclass(frozen=True)
class Doctor:
    id: str
    name: str
    department: str  # department code
    title: str  # 主任医师 / 副主任医师 / 主治医师 / 医师
    specialties: str = ""
    introduction: str = ""


@dataclass(frozen=True)
class TimeBand:
    start: str  # "08:00"
    end: str  # "08:30"
    capacity: int
    remaining: int


@dataclass(frozen=True)
class Schedule:
    """One doctor's (or a department's general clinic) session on one day."""

    id: str
    department: str  # code
    doctor_id: str  # "" for a general (普通) clinic
    doctor_name: str
    doctor_title: str
    day: date
    session: str  # one of SESSIONS
    starts_at: datetime
    ends_at: datetime
    fee_cents: int
    capacity: int
    remaining: int
    status: str = "open"  # open | stopped (停诊)
    bands: tuple[TimeBand, ...] = field(default_factory=tuple)
    release_at: datetime | None = None  # bookable from this moment (None: already released)
    room: str = ""

    def band(self, start: str) -> TimeBand | None:
        return next((b for b in self.bands if b.start == start), None)


@dataclass(frozen=True)
class Hold:
    """One place taken in the HIS; `number` is the visit order number (就诊序号)."""

    hold_id: str
    schedule_id: str
    band_start: str
    number: int

    def to_doc(self) -> dict[str, Any]:
        return {
            "hold_id": self.hold_id,
            "schedule_id": self.schedule_id,
            "band_start": self.band_start,
            "number": self.number,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Hold:
        return cls(
            hold_id=doc["hold_id"],
            schedule_id=doc["schedule_id"],
            band_start=doc["band_start"],
            number=int(doc["number"]),
        )


@dataclass(frozen=True)
class CardInfo:
    card_no: str
    name: str
    id_hash: str  # keyed hash of the resident ID number (never the number itself)


@dataclass(frozen=True)
class QueueState:
    schedule_id: str
    room: str
    floor: str
    ahead: int
    called_number: int | None
    your_number: int
    minutes_per_patient: float
    started: bool = True  # the session has begun (before that nobody is "next")

    @property
    def wait_minutes(self) -> int:
        return round(self.ahead * self.minutes_per_patient)


BILL_KINDS = ("outpatient", "registration", "deposit")
ITEM_CATEGORIES = ("registration", "drug", "exam", "lab", "treatment", "material", "deposit")


@dataclass(frozen=True)
class BillItem:
    """One line of a bill. Money in integer fen; `where` says where the patient goes
    once it is paid (the pharmacy window, the exam room and its floor)."""

    name: str
    category: str  # one of ITEM_CATEGORIES
    quantity: int
    unit: str
    unit_fen: int
    amount_fen: int
    where: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "category": self.category,
            "quantity": self.quantity,
            "unit": self.unit,
            "unit_fen": self.unit_fen,
            "amount_fen": self.amount_fen,
            "where": self.where,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> BillItem:
        return cls(
            name=str(doc["name"]),
            category=str(doc.get("category") or "treatment"),
            quantity=int(doc.get("quantity") or 1),
            unit=str(doc.get("unit") or ""),
            unit_fen=int(doc.get("unit_fen") or doc["amount_fen"]),
            amount_fen=int(doc["amount_fen"]),
            where=str(doc.get("where") or ""),
        )


@dataclass(frozen=True)
class Bill:
    """An outpatient bill (门诊缴费单): what one visit's orders cost. The HIS owns it;
    `status` is the HIS's: unpaid, paid (by us or at a counter), refunded, void."""

    id: str
    card_no: str
    patient_name: str
    visit_id: str
    department: str  # department code
    doctor_name: str
    items: tuple[BillItem, ...]
    total_fen: int
    created_at: datetime
    due_at: datetime | None = None  # unpaid after this: void, pay at a counter
    status: str = "unpaid"
    paid_at: datetime | None = None
    out_trade_no: str = ""  # our payment order, once paid online

    @property
    def unpaid(self) -> bool:
        return self.status == "unpaid"


@dataclass(frozen=True)
class Admission:
    """An inpatient stay (住院) and its deposit (预交金) balance."""

    id: str
    card_no: str
    patient_name: str
    department: str  # department code
    ward: str
    bed: str
    admitted_at: datetime
    deposit_fen: int  # balance after every top-up and charge so far


@dataclass(frozen=True)
class Settlement:
    """What the payments capability tells the HIS once WeChat Pay says "paid": the
    HIS records it, so the hospital's own system is the record. `ref` is the bill id,
    the registration's hold id or the admission id, by `kind`."""

    out_trade_no: str
    transaction_id: str
    kind: str  # one of BILL_KINDS
    ref: str
    card_no: str
    amount_fen: int
    paid_at: datetime


class HISError(Exception):
    """A business refusal (full, closed, duplicate ...): `code` + template variables."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details

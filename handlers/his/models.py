"""What the HIS speaks in: departments, doctors, schedules, holds, cards, queues."""

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

    @property
    def fee_yuan(self) -> str:
        return f"{self.fee_cents / 100:.2f}"

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


class HISError(Exception):
    """A business refusal (full, closed, duplicate ...): `code` + template variables."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details

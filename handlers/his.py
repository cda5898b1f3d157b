"""The HIS seam: everything the handlers need from the hospital information system.

Handlers only ever talk to `HIS`. `handlers.local_his.LocalHIS` implements it over our
own MongoDB collections (standalone hospitals and the demo); an adapter for a
hospital's integration bus is one new module implementing the same protocol.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

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


@dataclass(frozen=True)
class CardInfo:
    card_no: str
    name: str
    id_hash: str  # keyed hash of the resident ID number (never the number itself)


@dataclass(frozen=True)
class QueueState:
    appointment_id: str
    room: str
    floor: str
    ahead: int
    called_number: int | None
    your_number: int
    minutes_per_patient: float

    @property
    def wait_minutes(self) -> int:
        return round(self.ahead * self.minutes_per_patient)


class HISError(Exception):
    """A business refusal from the HIS (full, closed, duplicate ...): `code` + template vars."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


class HIS(Protocol):
    async def departments(self) -> list[DepartmentInfo]: ...

    async def doctors(self, department: str | None = None) -> list[Doctor]: ...

    async def find_doctor(self, name: str) -> list[Doctor]: ...

    async def schedules(
        self,
        department: str | None = None,
        doctor_id: str | None = None,
        day_from: date | None = None,
        day_to: date | None = None,
    ) -> list[Schedule]: ...

    async def schedule(self, schedule_id: str) -> Schedule | None: ...

    async def take_place(self, schedule_id: str, band_start: str | None = None) -> bool:
        """Atomically take one place; False when none is left (never overbooks)."""
        ...

    async def release_place(self, schedule_id: str, band_start: str | None = None) -> None: ...

    async def lookup_card(self, card_no: str) -> CardInfo | None: ...

    async def queue_state(self, appointment_id: str) -> QueueState | None: ...

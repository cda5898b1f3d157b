"""The HIS seam: everything the handlers need from the hospital information system.

Handlers only ever talk to `HIS` (obtained with `his_for(services)`).
`handlers.local_his.LocalHIS` implements it over our own MongoDB collections
(standalone hospitals and the demo); an adapter for a hospital's integration bus is one
new module implementing the same protocol, named in config.yml `booking.his`.

A place is taken in two steps, like real HIS "lock / confirm" APIs: `hold()` takes one
place atomically (never overbooks) and `confirm()` turns the hold into a registration;
`release()` gives a held or confirmed place back.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from bot.services import Services

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

    @property
    def wait_minutes(self) -> int:
        return round(self.ahead * self.minutes_per_patient)


class HISError(Exception):
    """A business refusal (full, closed, duplicate ...): `code` + template variables."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


class HIS(Protocol):
    # Capability: may one hospital card be bound by several WeChat accounts (family
    # sharing)? When False a card binds to one account only, enforced by a unique index.
    shares_cards: bool

    async def departments(self) -> list[DepartmentInfo]: ...

    async def doctors(self, department: str | None = None) -> list[Doctor]: ...

    async def doctor(self, doctor_id: str) -> Doctor | None: ...

    async def find_doctor(self, name: str) -> list[Doctor]: ...

    async def schedules(
        self,
        department: str | None = None,
        doctor_id: str | None = None,
        day_from: date | None = None,
        day_to: date | None = None,
    ) -> list[Schedule]: ...

    async def schedule(self, schedule_id: str) -> Schedule | None: ...

    async def hold(self, schedule_id: str, band_start: str | None = None) -> Hold:
        """Atomically take one place (a given band, or the earliest free one).

        Raises HISError("full") when none is left and HISError("stopped") for 停诊.
        """
        ...

    async def confirm(self, hold: Hold, appointment_id: str) -> None:
        """Turn a hold into a registration (the booking record is `appointment_id`)."""
        ...

    async def release(self, hold: Hold) -> None:
        """Give the place back. Callers guarantee at most one release per hold."""
        ...

    async def stop_session(self, schedule_id: str, reason: str) -> Schedule | None:
        """停诊: no more bookings; returns the updated schedule."""
        ...

    async def lookup_card(self, card_no: str) -> CardInfo | None: ...

    async def queue_state(self, schedule_id: str, number: int) -> QueueState | None: ...

    async def call_next(self, schedule_id: str) -> int | None:
        """Staff: call the next patient; returns the called number (None: nobody left)."""
        ...


def his_for(services: Services) -> HIS:
    """The configured HIS adapter, one per process (`booking.his: module:Class`)."""
    his = services.extras.get("his")
    if his is None:
        spec = str(services.settings.section("booking").get("his") or "handlers.local_his:LocalHIS")
        module, _, name = spec.partition(":")
        cls = getattr(importlib.import_module(module), name)
        his = services.extras["his"] = cls(services)
    return his  # type: ignore[no-any-return]

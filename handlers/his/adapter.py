"""The HIS seam: everything booking needs from the hospital information system.

Booking only ever talks to `HIS`. `handlers.his.local.LocalHIS` implements it over our
own MongoDB collections (standalone hospitals and the demo); an adapter for a
hospital's integration bus is one new module implementing the same protocol, named in
config.yml `booking.his` (`module:Class`) and built once at start-up with `HISDeps`.

A place is taken in two steps, like real HIS "lock / confirm" APIs: `hold()` takes one
place atomically (never overbooks) and `confirm()` turns the hold into a registration;
`release()` gives a held or confirmed place back.

Money: `bills()` lists a card's outpatient bills, `admission()` an inpatient stay with
its deposit; once WeChat Pay confirms a payment, `settle()` records it in the HIS (the
hospital's own system stays the record) and `reverse()` records a refund of a settled
payment. Both are idempotent by our `out_trade_no`, because the payments capability
retries them until they succeed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from bot.config import ConfigError
from handlers.his.models import (
    Admission,
    Bill,
    CardInfo,
    DepartmentInfo,
    Doctor,
    Hold,
    QueueState,
    Schedule,
    Settlement,
)

if TYPE_CHECKING:
    from pymongo.asynchronous.client_session import AsyncClientSession

    from bot.clock import Clock
    from bot.config import Settings
    from bot.storage import Storage
    from handlers.booking.rules import BookingRules

DEFAULT_ADAPTER = "handlers.his.local:LocalHIS"


class QueueRegister(Protocol):
    """Where a standalone HIS finds who waits in a session (our appointments)."""

    async def waiting_before(self, schedule_id: str, called: int, number: int) -> int: ...

    async def next_waiting(self, schedule_id: str, called: int) -> tuple[str, int] | None: ...

    async def mark_called(self, appointment_id: str, at: datetime) -> None: ...


@dataclass(frozen=True)
class HISDeps:
    """What an adapter is built with (once, by the composition root)."""

    settings: Settings
    storage: Storage
    clock: Clock
    rules: BookingRules
    register: QueueRegister


class HIS(Protocol):
    # Capability: may one hospital card be bound by several WeChat accounts (family
    # sharing)? When False a card binds to one account only, enforced by a unique index.
    shares_cards: bool
    # Capability: do hold/confirm/release/stop_session write through the `session` they
    # are given, i.e. join booking's MongoDB transaction (LocalHIS: yes)? An adapter for
    # an external HIS cannot: it ignores `session`, and booking keeps a write order
    # instead (hold, then record; record the release as pending, then release) with a
    # reconciler that finishes pending releases (`booking.reconcile_his`); its release
    # must be idempotent per hold id, as HIS unlock APIs are.
    joins_transactions: bool

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

    async def hold(
        self,
        schedule_id: str,
        band_start: str | None = None,
        *,
        session: AsyncClientSession | None = None,
    ) -> Hold:
        """Atomically take one place (a given band, or the earliest free one).

        Raises HISError("full") when none is left and HISError("stopped") for 停诊.
        """
        ...

    async def confirm(
        self, hold: Hold, appointment_id: str, *, session: AsyncClientSession | None = None
    ) -> None:
        """Turn a hold into a registration (the booking record is `appointment_id`)."""
        ...

    async def release(self, hold: Hold, *, session: AsyncClientSession | None = None) -> None:
        """Give the place back. Callers guarantee at most one release per hold."""
        ...

    async def stop_session(
        self, schedule_id: str, reason: str, *, session: AsyncClientSession | None = None
    ) -> Schedule | None:
        """停诊: no more bookings; returns the updated schedule."""
        ...

    async def lookup_card(self, card_no: str) -> CardInfo | None: ...

    async def queue_state(self, schedule_id: str, number: int) -> QueueState | None: ...

    async def call_next(self, schedule_id: str) -> int | None:
        """Staff: call the next patient; returns the called number (None: nobody left)."""
        ...

    # --- money ------------------------------------------------------------------------
    async def bills(self, card_no: str) -> list[Bill]:
        """The card's outpatient bills of the last weeks, newest first, any status."""
        ...

    async def bill(self, bill_id: str) -> Bill | None: ...

    async def admission(self, card_no: str) -> Admission | None:
        """The card holder's current inpatient stay, if any."""
        ...

    async def settle(self, settlement: Settlement) -> None:
        """Record a payment WeChat Pay confirmed. Raises HISError("already_paid") when
        the bill was paid another way meanwhile (the payment must then be refunded),
        HISError("not_found") for an unknown reference. Idempotent by out_trade_no."""
        ...

    async def reverse(self, out_trade_no: str, refund_fen: int, reason: str) -> None:
        """Record the refund of a settled payment (a cancelled paid registration ...).
        Idempotent by out_trade_no; a payment never settled is a no-op."""
        ...


def load_adapter(spec: str, deps: HISDeps) -> HIS:
    """Build the adapter named by `booking.his` (`module:Class`), at start-up."""
    module, _, name = (spec or DEFAULT_ADAPTER).partition(":")
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError) as exc:
        raise ConfigError(
            f"booking.his: {spec!r} cannot be loaded ({exc}). "
            f"Fix: name an adapter as module:Class, e.g. {DEFAULT_ADAPTER}."
        ) from exc
    return cls(deps)  # type: ignore[no-any-return]

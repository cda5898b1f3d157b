"""Helpers shared by the booking, HIS, queue, waitlist and scheduler tests."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

from pymongo import monitoring

from bot.clock import FrozenClock
from bot.compose import build_services
from bot.config import Settings
from bot.dialogue import Message
from bot.services import Services
from bot.storage import Storage
from handlers.booking import PatientRef
from handlers.his import Doctor
from handlers.his.local import DoctorRepo, LocalHIS
from handlers.patients import Patient, PatientForm
from push.outbox import OutboxRepo

TEST_KEY = "booking-test-secret-key-0123456789abcdef"
# Sunday 22 November 2026, 10:00 in Shanghai.
NOW = datetime(2026, 11, 22, 10, 0)
TODAY = NOW.date()
_seq = itertools.count(1)


def with_check(first17: str) -> str:
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return first17 + ("X" if value == 10 else str(value))


def id_number(i: int) -> str:
    """A distinct valid adult resident ID number."""
    return with_check(f"1101051980{1 + i // 28 % 12:02d}{1 + i % 28:02d}{i % 1000:03d}")


def frozen_services(
    settings: Settings,
    storage: Storage,
    at: datetime = NOW,
    *,
    booking: dict[str, Any] | None = None,
    patients: dict[str, Any] | None = None,
) -> Services:
    """Services on a FrozenClock; `booking` / `patients` override those config.yml sections."""
    raw = dict(settings.raw)
    for name, changes in (("booking", booking), ("patients", patients)):
        if changes:
            raw[name] = {**(raw.get(name) or {}), **changes}
    settings = settings.with_overrides(secret_key=TEST_KEY, raw=raw)
    return build_services(settings, storage, clock=FrozenClock(at, settings.tz))


async def say(services: Services, openid: str, text: str) -> str:
    """One chat message through the real dispatcher (NLU, Redis state, MongoDB)."""
    msg = Message(openid=openid, kind="text", create_time=next(_seq), text=text)
    return (await services.dispatcher.dispatch(msg)).text


def clock_of(services: Services) -> FrozenClock:
    assert isinstance(services.clock, FrozenClock)
    return services.clock


async def add_patient(
    services: Services,
    openid: str,
    name: str = "张三",
    *,
    relation: str = "本人",
    card_no: str = "",
    i: int | None = None,
) -> Patient:
    n = next(_seq) if i is None else i
    svc = services.patients
    p = await svc.add(
        openid,
        PatientForm(name=name, id_number=id_number(n), phone="13812345678", relation=relation),
    )
    if card_no:
        await svc.repo.set_card(openid, p.id, card_no, services.clock.now())
        got = await svc.get(openid, p.id)
        assert got is not None
        p = got
    return p


async def ref(services: Services, openid: str, name: str = "张三", **kw: object) -> PatientRef:
    return services.booking.ref(await add_patient(services, openid, name, **kw))  # type: ignore[arg-type]


async def add_doctor(
    services: Services, doctor_id: str = "d_eye", name: str = "李明", department: str = "eye"
) -> Doctor:
    doc = {
        "_id": doctor_id,
        "name": name,
        "department": department,
        "title": "主任医师",
        "specialties": "白内障",
        "introduction": "",
    }
    await services.storage.repo(DoctorRepo).col.insert_one(doc)
    doctor = await services.his.doctor(doctor_id)
    assert doctor is not None
    return doctor


async def make_schedule(
    services: Services,
    day: date,
    session: str = "上午",
    *,
    capacity: int = 10,
    department: str = "eye",
    fee_cents: int = 3000,
    doctor: Doctor | None = None,
) -> str:
    his = services.his
    assert isinstance(his, LocalHIS)
    return await his.add_schedule(
        doctor=doctor,
        department=department,
        day=day,
        session=session,
        capacity=capacity,
        fee_cents=fee_cents,
        room="3号诊室",
    )


async def owed(services: Services, openid: str | None = None) -> list[dict[str, Any]]:
    """Notices owed in the transactional outbox (oldest first), for one openid or all."""
    query = {"openid": openid} if openid else {}
    cursor = services.storage.repo(OutboxRepo).col.find(query).sort("created_at", 1)
    return await cursor.to_list(None)


async def remaining(services: Services, schedule_id: str) -> int:
    s = await services.his.schedule(schedule_id)
    assert s is not None
    return s.remaining


__all__ = [
    "TODAY",
    "add_doctor",
    "add_patient",
    "clock_of",
    "frozen_services",
    "make_schedule",
    "owed",
    "ref",
    "remaining",
    "say",
]


class Commands(monitoring.CommandListener):
    """The commands sent to MongoDB: how many in all (`count`), and each one sent while
    `on`, as (command name, collection)."""

    def __init__(self) -> None:
        self.count = 0
        self.seen: list[tuple[str, str]] = []
        self.on = False

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.count += 1
        if self.on:
            self.seen.append((event.command_name, str(event.command.get(event.command_name))))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@asynccontextmanager
async def counted_services(settings: Settings, listener: Commands) -> AsyncIterator[Services]:
    """Frozen-clock services on a storage whose MongoDB commands `listener` sees (an
    empty Redis and database; dropped afterwards)."""
    st = Storage(
        settings.mongodb_uri, settings.redis_url, settings.database, event_listeners=[listener]
    )
    await st.redis.flushdb()
    await st.ensure_indexes()
    services = frozen_services(settings, st)
    try:
        yield services
    finally:
        await services.patients.repo.accounts.close()
        await st.mongo.drop_database(settings.database)
        await st.close()

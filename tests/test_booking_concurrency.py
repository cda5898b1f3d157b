"""No overbooking against the real MongoDB server: one atomic conditional update per
place plus a partial unique index per patient and department session."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from booking_support import TODAY, frozen_services, make_schedule, ref, remaining

from bot.config import Settings
from bot.storage import Storage
from handlers.his import HISError


async def test_200_concurrent_attempts_at_the_last_place_book_exactly_one(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    sid = await make_schedule(services, TODAY + timedelta(days=1), capacity=1)
    patients = [await ref(services, f"o_{i}", f"病人{chr(0x4E00 + i)}", i=i) for i in range(200)]
    svc = services.booking

    async def attempt(i: int) -> str:
        try:
            await svc.book(patients[i], sid, idem_key=f"t:{i}")
        except HISError as exc:
            return exc.code
        return "booked"

    results = await asyncio.gather(*(attempt(i) for i in range(200)))
    assert results.count("booked") == 1
    assert set(results) == {"booked", "full"}
    assert await svc.appointments.col.count_documents({"schedule_id": sid, "active": True}) == 1
    assert await remaining(services, sid) == 0


async def test_50_concurrent_attempts_by_one_patient_book_once_and_give_places_back(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    sid = await make_schedule(services, TODAY + timedelta(days=2), capacity=60)
    p = await ref(services, "o_same", "王五")
    svc = services.booking

    async def attempt(i: int) -> str:
        try:
            await svc.book(p, sid, idem_key=f"tap:{i}")  # 50 different chat actions
        except HISError as exc:
            return exc.code
        return "booked"

    results = await asyncio.gather(*(attempt(i) for i in range(50)))
    assert results.count("booked") == 1
    assert await svc.appointments.col.count_documents({"id_hash": p.id_hash, "active": True}) == 1
    assert await remaining(services, sid) == 59  # every losing attempt released its place


async def test_a_retried_chat_action_returns_the_first_booking(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    sid = await make_schedule(services, TODAY + timedelta(days=2), capacity=5)
    p = await ref(services, "o_retry", "赵六")
    svc = services.booking
    first, second = await asyncio.gather(
        svc.book(p, sid, idem_key="chat:o_retry:n1"), svc.book(p, sid, idem_key="chat:o_retry:n1")
    )
    assert first.id == second.id
    assert await svc.appointments.col.count_documents({"schedule_id": sid}) == 1
    assert await remaining(services, sid) == 4

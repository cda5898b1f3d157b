"""Waitlist: a released place is offered to the first waiting patient, then the next on
timeout (the scheduler job), and goes back to the pool when nobody is left."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from booking_support import (
    TODAY,
    clock_of,
    frozen_services,
    make_schedule,
    owed,
    ref,
    remaining,
    say,
)

from bot.config import Settings
from bot.services import Services
from bot.storage import Storage
from handlers.booking import PatientRef
from handlers.booking.waitlist import WaitlistRepo
from handlers.his import HISError, Schedule


@pytest.fixture
def services(settings: Settings, storage: Storage) -> Services:
    return frozen_services(settings, storage)


async def pushed(services: Services) -> list[dict[str, Any]]:
    """Notices owed in the transactional outbox, oldest first."""
    return await owed(services)


async def test_offer_accept_and_timeout_moves_to_the_next_patient(services: Services) -> None:
    svc = services.booking
    sid = await make_schedule(services, TODAY + timedelta(days=1), capacity=1)
    holder = await ref(services, "o_holder", "周甲")
    appt = await svc.book(holder, sid, idem_key="h")
    s = await services.his.schedule(sid)
    assert s is not None and s.remaining == 0
    first, second = await ref(services, "o_first", "吴乙"), await ref(services, "o_second", "郑丙")
    _, pos1 = await services.booking.waitlist.join(first, s, services.clock.now())
    clock_of(services).advance(seconds=1)
    _, pos2 = await services.booking.waitlist.join(second, s, services.clock.now())
    assert (pos1, pos2) == (1, 2)

    await svc.cancel("o_holder", appt.id, "时间冲突")
    assert await remaining(services, sid) == 0  # held for the first waiting patient
    jobs = await pushed(services)
    assert [j["openid"] for j in jobs] == ["o_first"]
    assert "接受候补" in jobs[0]["text"] and jobs[0]["type"] == "waitlist_offer"
    assert jobs[0]["not_after"] is not None  # a late offer is dropped, not delivered

    # someone else cannot take the held place
    with pytest.raises(HISError) as info:
        await svc.book(await ref(services, "o_x", "王丁"), sid, idem_key="x")
    assert info.value.code == "full"

    # the first patient lets the window pass: the scheduler job offers it to the next
    clock_of(services).advance(minutes=svc.rules.waitlist_offer_minutes - 1)
    assert await services.booking.expire_offers() == 0
    clock_of(services).advance(minutes=1)
    assert await services.booking.expire_offers() == 1
    with pytest.raises(HISError):
        await services.booking.accept_offer("o_first")
    assert [j["openid"] for j in await pushed(services)] == ["o_first", "o_second"]

    booked = await services.booking.accept_offer("o_second")
    assert booked.status == "booked" and booked.patient_name == "郑丙"
    assert booked.number == appt.number  # the same place changed hands
    assert await svc.appointments.col.count_documents({"schedule_id": sid, "active": True}) == 1
    assert await remaining(services, sid) == 0


async def test_expiry_with_nobody_waiting_returns_the_place_to_the_pool(services: Services) -> None:
    svc = services.booking
    sid = await make_schedule(services, TODAY + timedelta(days=1), capacity=1)
    s = await services.his.schedule(sid)
    assert s is not None
    await svc.book(await ref(services, "o1", "周甲"), sid, idem_key="1")
    only = await ref(services, "o2", "吴乙")
    await services.booking.waitlist.join(only, s, services.clock.now())
    await svc.cancel("o1", (await svc.appointments.col.find_one({"openid": "o1"}))["_id"])
    clock_of(services).advance(minutes=svc.rules.waitlist_offer_minutes)
    assert await services.booking.expire_offers() == 1
    assert await remaining(services, sid) == 1


async def test_a_patient_joins_a_waitlist_once(services: Services) -> None:
    sid = await make_schedule(services, TODAY + timedelta(days=1), capacity=1)
    s = await services.his.schedule(sid)
    assert s is not None
    p = await ref(services, "o1")
    e1, _ = await services.booking.waitlist.join(p, s, services.clock.now())
    e2, _ = await services.booking.waitlist.join(p, s, services.clock.now())
    assert e1["_id"] == e2["_id"]


# -- the booking rules apply to the waitlist (BookingService.check_standing) --------------


async def ban(services: Services, p: PatientRef) -> None:
    """A ban on record, as mark_no_shows leaves it (tested in test_booking_rules)."""
    until = services.clock.now() + timedelta(days=30)
    await services.booking.standing_repo.col.update_one(
        {"_id": p.id_hash}, {"$set": {"banned_until": until}}, upsert=True
    )


async def full_session(services: Services, capacity: int = 1) -> tuple[str, Schedule]:
    """A session for tomorrow that someone else has filled."""
    svc = services.booking
    sid = await make_schedule(services, TODAY + timedelta(days=1), capacity=capacity)
    for i in range(capacity):
        await svc.book(await ref(services, f"o_fill{i}", "周甲"), sid, idem_key=f"fill{i}")
    s = await services.his.schedule(sid)
    assert s is not None and s.remaining == 0
    return sid, s


async def free_the_place(services: Services, sid: str) -> None:
    svc = services.booking
    holder = await svc.appointments.col.find_one({"schedule_id": sid, "active": True})
    await svc.cancel(holder["openid"], holder["_id"])


async def test_a_banned_patient_cannot_join_a_waitlist(services: Services) -> None:
    _, s = await full_session(services)
    p = await ref(services, "o_banned", "吴乙")
    await ban(services, p)
    with pytest.raises(HISError) as info:
        await services.booking.join_waitlist(p, s)
    assert info.value.code == "banned"
    assert await services.storage.repo(WaitlistRepo).col.count_documents({}) == 0


async def test_a_patient_banned_while_waiting_cannot_accept_and_the_place_moves_on(
    services: Services,
) -> None:
    sid, s = await full_session(services)
    svc = services.booking
    first, second = await ref(services, "o_w1", "吴乙"), await ref(services, "o_w2", "郑丙")
    await svc.join_waitlist(first, s)
    clock_of(services).advance(seconds=1)
    await svc.join_waitlist(second, s)
    await ban(services, first)
    await free_the_place(services, sid)

    reply = await say(services, "o_w1", "接受候补")
    assert "爽约" in reply and "暂停网上预约" in reply and "预约成功" not in reply
    assert await svc.appointments.col.count_documents({"openid": "o_w1"}) == 0
    booked = await services.booking.accept_offer("o_w2")  # the place went to the next one
    assert booked.patient_name == "郑丙"
    assert await remaining(services, sid) == 0


async def test_a_patient_at_the_day_limit_cannot_accept_an_offer(services: Services) -> None:
    sid, s = await full_session(services)
    svc = services.booking
    p = await ref(services, "o_lim", "吴乙")
    await svc.join_waitlist(p, s)
    for dept in ("ent", "derm", "dental"):  # meanwhile: three other bookings that day
        other = await make_schedule(services, s.day, department=dept)
        await svc.book(p, other, idem_key=dept)
    await free_the_place(services, sid)

    with pytest.raises(HISError) as info:
        await services.booking.accept_offer("o_lim")
    assert info.value.code == "limit_day"
    assert await svc.appointments.col.count_documents({"schedule_id": sid, "active": True}) == 0
    assert await remaining(services, sid) == 1  # nobody else waits: back to the pool
    entry = await services.storage.repo(WaitlistRepo).col.find_one({"openid": "o_lim"})
    assert entry["status"] == "failed"


async def test_a_patient_at_the_limit_cannot_join_either(services: Services) -> None:
    _, s = await full_session(services)
    svc = services.booking
    p = await ref(services, "o_lim2", "吴乙")
    for dept in ("ent", "derm", "dental"):
        await svc.book(p, await make_schedule(services, s.day, department=dept), idem_key=dept)
    with pytest.raises(HISError) as info:
        await svc.join_waitlist(p, s)
    assert info.value.code == "limit_day"

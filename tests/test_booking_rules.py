"""Booking rules with a FrozenClock: window, release time, session start, cancel cutoff,
per-patient limits, same-day holds and their expiry, no-show ban."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from booking_support import (
    NOW,
    TODAY,
    clock_of,
    frozen_services,
    make_schedule,
    ref,
    remaining,
)

from bot.config import ConfigError, Settings
from bot.render import render
from bot.services import Services
from bot.storage import Storage
from handlers.booking.models import PatientRef
from handlers.booking.rules import parse_rules
from handlers.his import HISError


@pytest.fixture
def services(settings: Settings, storage: Storage) -> Services:
    return frozen_services(settings, storage)


async def refused(coro: object) -> HISError:
    with pytest.raises(HISError) as info:
        await coro  # type: ignore[misc]
    return info.value


async def test_session_start_closes_booking(services: Services) -> None:
    sid = await make_schedule(services, TODAY, "下午", capacity=5)  # 13:30 today
    p = await ref(services, "o1", card_no="A1")
    clock_of(services).set(datetime(2026, 11, 22, 13, 29, 59))
    await services.booking.book(p, sid, idem_key="a")
    clock_of(services).set(datetime(2026, 11, 22, 13, 30))
    q = await ref(services, "o2", "李四", card_no="A2")
    err = await refused(services.booking.book(q, sid, idem_key="b"))
    assert err.code == "closed"
    assert await remaining(services, sid) == 4


async def test_seven_day_window_and_release_at_seven(services: Services) -> None:
    svc = services.booking
    p = await ref(services, "o1")
    last = await make_schedule(services, TODAY + timedelta(days=6))
    beyond = await make_schedule(services, TODAY + timedelta(days=7))
    assert (await refused(svc.book(p, beyond, idem_key="x"))).code == "beyond_window"
    await svc.book(p, last, idem_key="y")  # released at 07:00 today, now 10:00

    newest = await make_schedule(services, TODAY + timedelta(days=7), "下午")
    clock_of(services).set(datetime(2026, 11, 23, 6, 59))
    err = await refused(svc.book(p, newest, idem_key="z"))
    assert err.code == "not_released"
    assert err.details["opens"].hour == 7
    assert [s.id for s in await svc.available("eye")].count(newest) == 0
    clock_of(services).set(datetime(2026, 11, 23, 7, 0))
    assert newest in [s.id for s in await svc.available("eye")]
    await svc.book(p, newest, idem_key="z")


async def test_cancel_until_midnight_of_the_visit_day_gives_the_place_back(
    services: Services,
) -> None:
    svc = services.booking
    sid = await make_schedule(services, TODAY + timedelta(days=1), capacity=3)
    p = await ref(services, "o1")
    a = await svc.book(p, sid, idem_key="1")
    b = await svc.book(await ref(services, "o2", "李四"), sid, idem_key="2")
    assert await remaining(services, sid) == 1
    clock_of(services).set(datetime(2026, 11, 22, 23, 59, 59))
    done = await svc.cancel("o1", a.id, "时间冲突")
    assert done.status == "cancelled" and done.cancel_reason == "时间冲突"
    assert await remaining(services, sid) == 2
    clock_of(services).set(datetime(2026, 11, 23, 0, 0))
    err = await refused(svc.cancel("o2", b.id, "病情好转"))
    assert err.code == "cancel_closed"
    assert await remaining(services, sid) == 2
    # a cancelled appointment cannot be cancelled twice (no double release)
    assert (await refused(svc.cancel("o1", a.id))).code == "not_active"


async def test_paid_cancellation_records_a_refund_request(services: Services) -> None:
    svc = services.booking
    sid = await make_schedule(services, TODAY + timedelta(days=2))
    a = await svc.book(await ref(services, "o1"), sid, idem_key="1")
    await svc.appointments.col.update_one({"_id": a.id}, {"$set": {"paid": True}})
    await svc.cancel("o1", a.id, "其他原因")
    refund = await svc.refunds.col.find_one({"appointment_id": a.id})
    assert refund is not None and refund["amount_cents"] == 3000
    assert refund["status"] == "requested"


async def test_one_active_appointment_per_department_session(services: Services) -> None:
    svc = services.booking
    day = TODAY + timedelta(days=1)
    s1 = await make_schedule(services, day, capacity=5)
    s2 = await make_schedule(
        services, day, capacity=5, department="eye", doctor=await _doctor(services)
    )
    p = await ref(services, "o1")
    await svc.book(p, s1, idem_key="1")
    assert (await refused(svc.book(p, s2, idem_key="2"))).code == "duplicate"
    assert await remaining(services, s2) == 5


async def _doctor(services: Services):
    from booking_support import add_doctor

    return await add_doctor(services)


async def test_per_patient_limits_per_day_week_month(services: Services) -> None:
    svc = services.booking
    svc.rules = svc.rules.__class__(
        **{**svc.rules.__dict__, "limit_per_day": 2, "limit_per_week": 3}
    )
    p = await ref(services, "o1")
    day = TODAY + timedelta(days=1)  # Monday
    depts = ["eye", "ent", "derm"]
    ids = [await make_schedule(services, day, department=d) for d in depts]
    await svc.book(p, ids[0], idem_key="1")
    await svc.book(p, ids[1], idem_key="2")
    err = await refused(svc.book(p, ids[2], idem_key="3"))
    assert err.code == "limit_day" and err.details["limit"] == 2
    other = await make_schedule(services, day + timedelta(days=1), department="derm")
    await svc.book(p, other, idem_key="4")
    fifth = await make_schedule(services, day + timedelta(days=2), department="peds")
    err = await refused(svc.book(p, fifth, idem_key="5"))
    assert err.code == "limit_week"
    text = render(
        "booking/refused.j2",
        code=err.code,
        details=err.details,
        hospital=services.settings.hospital,
    )
    assert text == "同一就诊人每周最多预约 3 个号，您已达到上限。"


async def test_same_day_needs_a_card_and_the_unpaid_hold_expires(services: Services) -> None:
    svc = services.booking
    sid = await make_schedule(services, TODAY, "下午", capacity=1)
    no_card = await ref(services, "o1")
    assert (await refused(svc.book(no_card, sid, idem_key="1"))).code == "same_day_needs_card"
    p = await ref(services, "o2", "李四", card_no="A0002")
    appt = await svc.book(p, sid, idem_key="2")
    assert appt.status == "pending_payment"
    assert appt.hold_expires_at == NOW.replace(tzinfo=services.settings.tz) + timedelta(
        minutes=svc.rules.hold_minutes
    )
    assert await remaining(services, sid) == 0
    clock_of(services).advance(minutes=svc.rules.hold_minutes - 1)
    assert await svc.expire_holds() == 0
    clock_of(services).advance(minutes=1)
    assert await svc.expire_holds() == 1
    assert (await svc.appointments.col.find_one({"_id": appt.id}))["status"] == "expired"
    assert await remaining(services, sid) == 1


async def test_no_shows_lead_to_a_timed_ban_with_the_reason(services: Services) -> None:
    svc = services.booking
    p = await ref(services, "o1")
    for i in range(svc.rules.no_show_threshold):
        sid = await make_schedule(services, TODAY + timedelta(days=1 + i), department="eye")
        await svc.book(p, sid, idem_key=f"n{i}")
    clock_of(services).set(datetime(2026, 11, 26, 12, 0))  # all three sessions are over
    assert await svc.mark_no_shows() == svc.rules.no_show_threshold
    later = await make_schedule(services, TODAY + timedelta(days=6), department="ent")
    err = await refused(svc.book(p, later, idem_key="after"))
    assert err.code == "banned"
    until = err.details["until"]
    assert until.date() == (datetime(2026, 11, 26) + timedelta(days=svc.rules.ban_days)).date()
    text = render(
        "booking/refused.j2",
        code=err.code,
        details=err.details,
        hospital=services.settings.hospital,
    )
    assert text == (
        "由于近期爽约（预约后未就诊）已达 3 次，按医院规定暂停网上预约，\n"
        "2026年12月26日 12:00 后恢复。如有疑问请致电 0571-88888888。"
    )


def test_the_account_cap_is_configured_and_validated(services: Services) -> None:
    assert services.booking.rules.max_active_per_account == 6  # config.yml
    with pytest.raises(ConfigError) as info:
        parse_rules({"max_active_per_account": 0}, services.settings.tz)
    assert "booking.max_active_per_account" in str(info.value) and "Fix:" in str(info.value)


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ({"hold_minutes": "soon"}, "booking.hold_minutes: must be a whole number"),
        ({"sessions": ["08:00", "12:00"]}, "booking.sessions: must map"),
        ({"sessions": {"上午": "08:00"}}, "booking.sessions.上午: must be [start, end]"),
        ({"sessions": {"上午": ["12:00", "08:00"]}}, "booking.sessions.上午: start must be"),
    ],
)
def test_bad_booking_settings_name_the_field_and_the_fix(
    services: Services, section: dict[str, Any], field: str
) -> None:
    with pytest.raises(ConfigError) as info:
        parse_rules(section, services.settings.tz)
    assert str(info.value).startswith(field) and "Fix: " in str(info.value), str(info.value)


async def _no_shows(services: Services, p: PatientRef, days: int) -> None:
    """`days` bookings from tomorrow on, every one missed."""
    svc = services.booking
    for i in range(days):
        sid = await make_schedule(services, TODAY + timedelta(days=1 + i), department="eye")
        await svc.book(p, sid, idem_key=f"{p.openid}:{i}")
    clock_of(services).set(datetime(2026, 11, 26, 12, 0))  # those sessions are over
    assert await svc.mark_no_shows() == days


async def test_unverified_no_shows_ban_the_booking_account_not_the_id(
    services: Services,
) -> None:
    """Knowing someone's ID number is not enough to get them banned: no-shows of
    bookings made without a card the HIS confirmed count against the booking account."""
    svc, threshold = services.booking, services.booking_rules.no_show_threshold
    stolen = await ref(services, "o_attacker", "王五", i=4242)  # the victim's ID, no card
    await _no_shows(services, stolen, threshold)
    later = await make_schedule(services, TODAY + timedelta(days=6), department="ent")
    victim = await ref(services, "o_victim", "王五", i=4242)  # the same ID, own account
    assert (await svc.book(victim, later, idem_key="victim")).status == "booked"
    assert (await refused(svc.book(stolen, later, idem_key="again"))).code == "banned"
    # ... and the attacker's account books for nobody else either
    other = await ref(services, "o_attacker", "赵六", relation="子女")
    assert (await refused(svc.book(other, later, idem_key="other"))).code == "banned"


async def test_verified_no_shows_ban_the_id_on_every_account(services: Services) -> None:
    svc, threshold = services.booking, services.booking_rules.no_show_threshold
    carded = await ref(services, "o_owner", "钱七", i=5151, card_no="C5151")
    await _no_shows(services, carded, threshold)
    later = await make_schedule(services, TODAY + timedelta(days=6), department="ent")
    elsewhere = await ref(services, "o_family", "钱七", i=5151)  # the same ID elsewhere
    assert (await refused(svc.book(elsewhere, later, idem_key="fam"))).code == "banned"
    # the account itself is not banned for its other patients
    child = await ref(services, "o_owner", "钱小七", relation="子女")
    assert (await svc.book(child, later, idem_key="child")).status == "booked"

"""Booking cannot be hoarded: the per-ID limits and the per-account active cap hold under
parallel attempts (unique slot indexes, not a check before the insert), a patient with
active appointments cannot be removed, additions per day are counted durably, and an ID
that cannot be verified books only with a hospital card. Each refusal is checked with the
reply the patient reads."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from booking_support import (
    TODAY,
    add_patient,
    clock_of,
    frozen_services,
    make_schedule,
    ref,
    remaining,
    say,
)

from bot.config import Settings
from bot.services import Services
from bot.storage import Storage
from handlers.his import HISError
from handlers.patients import PatientError, PatientForm

TOMORROW = TODAY + timedelta(days=1)  # Monday 23 November 2026


def departments(services: Services, n: int) -> list[str]:
    codes = [d.code for d in services.settings.departments]
    assert len(codes) >= n
    return codes[:n]


async def attempt(coro: object) -> str:
    try:
        await coro  # type: ignore[misc]
    except HISError as exc:
        return exc.code
    return "booked"


# -- parallel attempts ---------------------------------------------------------------------


async def test_20_parallel_h5_bookings_of_one_person_on_one_day_book_exactly_the_limit(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    svc = services.booking
    assert svc.rules.limit_per_day == 3
    # the same person on two accounts: the limit is the person's, not the account's
    first = await add_patient(services, "o_h5_a", "张三", i=7)
    second = await add_patient(services, "o_h5_b", "张三", relation="子女", i=7)
    sids = [
        await make_schedule(services, TOMORROW, "上午", capacity=5, department=d)
        for d in departments(services, 20)
    ]

    def h5_booking(i: int) -> object:  # what POST /h5/booking/s/{sid} calls
        patient = first if i % 2 else second
        return svc.book(
            services.booking.ref(patient),
            sids[i],
            band_start=None,
            idem_key=f"h5:{patient.openid}:form{i}",
            source="h5",
        )

    results = await asyncio.gather(*(attempt(h5_booking(i)) for i in range(20)))
    assert results.count("booked") == 3, results
    assert results.count("limit_day") == 17, results
    id_hash = services.booking.ref(first).id_hash
    booked = await svc.appointments.col.find({"id_hash": id_hash, "active": True}).to_list(None)
    assert len(booked) == 3
    assert sorted(a["slot_day"] for a in booked) == [1, 2, 3]
    # every refused attempt gave its place back
    assert sorted([await remaining(services, sid) for sid in sids]) == [4] * 3 + [5] * 17


async def test_20_parallel_bookings_of_one_account_book_exactly_the_account_cap(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(
        settings,
        storage,
        booking={
            "max_active_per_account": 3,
            "limit_per_day": 50,
            "limit_per_week": 100,
            "limit_per_month": 300,
        },
    )
    svc = services.booking
    family = [
        await add_patient(services, "o_family", name, relation=rel)
        for name, rel in (("张三", "本人"), ("张母", "母亲"), ("张小", "子女"))
    ]
    sids = [
        await make_schedule(services, TOMORROW, "下午", capacity=2, department=d)
        for d in departments(services, 20)
    ]
    results = await asyncio.gather(
        *(
            attempt(
                svc.book_for_account(
                    "o_family", family[i % 3].id, sids[i], idem_key=f"chat:o_family:{i}"
                )
            )
            for i in range(20)
        )
    )
    assert results.count("booked") == 3, results
    assert results.count("limit_account") == 17, results
    assert await svc.appointments.col.count_documents({"openid": "o_family", "active": True}) == 3


# -- the per-account cap -------------------------------------------------------------------


async def test_the_seventh_active_appointment_of_an_account_is_refused_until_one_ends(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    svc = services.booking
    assert svc.rules.max_active_per_account == 6
    family = [
        await add_patient(services, "o_cap", name, relation=rel)
        for name, rel in (("张三", "本人"), ("张母", "母亲"), ("张父", "父亲"))
    ]
    depts = departments(services, 3)
    first = None
    for n, patient in enumerate(family):
        for k, dept in enumerate(depts[:2]):
            sid = await make_schedule(services, TODAY + timedelta(days=1 + k), department=dept)
            appt = await svc.book(services.booking.ref(patient), sid, idem_key=f"{n}{k}")
            first = first or appt
    assert await svc.appointments.col.count_documents({"openid": "o_cap", "active": True}) == 6

    await make_schedule(services, TOMORROW, "上午", department="eye")
    await say(services, "o_cap", "帮我约明天上午的眼科")
    await say(services, "o_cap", "1")  # 张三
    assert "请确认预约信息" in await say(services, "o_cap", "1")
    reply = await say(services, "o_cap", "确认")
    assert "每个微信账号最多同时保留 6 个未就诊的预约" in reply and "预约成功" not in reply

    assert first is not None
    await svc.cancel("o_cap", first.id, "时间冲突")  # gives the account's slot back
    await say(services, "o_cap", "帮我约明天上午的眼科")
    await say(services, "o_cap", "1")
    await say(services, "o_cap", "1")
    assert "预约成功" in await say(services, "o_cap", "确认")


async def test_a_cancelled_appointment_gives_its_day_slot_back(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    svc = services.booking
    p = await ref(services, "o_back")
    sids = [await make_schedule(services, TOMORROW, department=d) for d in departments(services, 5)]
    booked = [await svc.book(p, sids[i], idem_key=str(i)) for i in range(3)]
    assert (await attempt(svc.book(p, sids[3], idem_key="3"))) == "limit_day"
    await svc.cancel("o_back", booked[1].id)
    again = await svc.book(p, sids[3], idem_key="3b")
    slots = {
        d["_id"]: d["slot_day"]
        async for d in svc.appointments.col.find({"_id": {"$in": [again.id, booked[1].id]}})
    }
    assert slots[again.id] == slots[booked[1].id]  # the freed number is reused
    assert (await attempt(svc.book(p, sids[4], idem_key="4"))) == "limit_day"


# -- removing patients ---------------------------------------------------------------------


async def test_a_patient_with_active_appointments_cannot_be_removed(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    svc = services.booking
    patient = await add_patient(services, "o_rm", "张三")
    sid = await make_schedule(services, TOMORROW)
    appt = await svc.book(services.booking.ref(patient), sid, idem_key="rm")

    reply = await say(services, "o_rm", "删除就诊人 1")
    assert "张三还有 1 个未就诊的预约，暂时不能删除" in reply
    assert "回复“取消预约”" in reply
    assert await services.patients.get("o_rm", patient.id) is not None
    try:
        await services.patients.remove("o_rm", patient.id)
    except PatientError as exc:
        assert exc.code == "has_appointments" and exc.details["count"] == 1
    else:
        raise AssertionError("removed a patient with an active appointment")

    await svc.cancel("o_rm", appt.id)
    assert "已删除就诊人张三" in await say(services, "o_rm", "删除就诊人 1")
    assert await services.patients.get("o_rm", patient.id) is None


# -- additions per day ---------------------------------------------------------------------


def person(i: int, name: str = "家人") -> PatientForm:
    from booking_support import id_number

    return PatientForm(name=name, id_number=id_number(i), phone="13812345678", relation="其他")


async def test_additions_per_day_are_not_given_back_by_removing_a_patient(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    svc = services.patients
    assert svc.rules.max_additions_per_day == 3
    added = [await svc.add("o_add", person(100 + i)) for i in range(3)]
    await svc.remove("o_add", added[0].id)
    assert len(await svc.list("o_add")) == 2  # room for 3 more patients, but ...
    try:
        await svc.add("o_add", person(110))
    except PatientError as exc:
        assert exc.code == "additions_limit" and exc.details["max"] == 3
    else:
        raise AssertionError("a fourth patient was added on the same day")
    reply = await say(services, "o_add", "添加就诊人")
    assert "每天最多添加 3 位就诊人" in reply and "删除就诊人不会恢复次数" in reply
    assert "姓名" not in reply  # the form does not start

    clock_of(services).advance(days=1)
    await svc.add("o_add", person(110))
    assert len(await svc.list("o_add")) == 3


async def test_parallel_additions_cannot_exceed_the_day_limit(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    svc = services.patients

    async def add(i: int) -> str:
        try:
            await svc.add("o_burst", person(200 + i))
        except PatientError as exc:
            return exc.code
        return "added"

    results = await asyncio.gather(*(add(i) for i in range(10)))
    assert results.count("added") == 3, results
    assert set(results) == {"added", "additions_limit"}
    assert len(await svc.list("o_burst")) == 3


async def test_a_refused_addition_does_not_use_up_the_day(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    svc = services.patients
    await svc.add("o_dup", person(300))
    for _ in range(3):  # already added: refused before anything is counted
        try:
            await svc.add("o_dup", person(300))
        except PatientError as exc:
            assert exc.code == "duplicate"
    assert await svc.additions_left("o_dup") == 2


# -- IDs that cannot be verified -----------------------------------------------------------

TAIWAN_PASS = "12345678"  # format only: anyone can make one up


async def add_permit_holder(services: Services, openid: str) -> str:
    p = await services.patients.add(
        openid,
        PatientForm(
            name="林小明",
            id_number=TAIWAN_PASS,
            id_kind="taiwan_pass",
            birth_date="1990-05-01",
            phone="13812345678",
            relation="本人",
        ),
    )
    return p.id


async def test_an_unverified_id_books_only_after_a_card_is_bound(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    svc = services.booking
    pid = await add_permit_holder(services, "o_tw")
    sid = await make_schedule(services, TOMORROW, "上午")

    err = await attempt(svc.book_for_account("o_tw", pid, sid, idem_key="x"))
    assert err == "unverified_id_needs_card"
    assert await remaining(services, sid) == 10
    reply = await say(services, "o_tw", "帮我约明天上午的眼科")
    assert "林小明登记的证件" in reply and "无法在线核验" in reply
    assert "回复「绑定就诊卡」" in reply and "门诊服务台" in reply
    assert "/h5/patients" in await say(services, "o_tw", "就诊人")  # the list still works
    assert "绑定就诊卡后才能预约" in await say(services, "o_tw", "就诊人")

    patients = services.patients
    await patients.repo.set_card("o_tw", pid, "TW0001", services.clock.now())
    appt = await svc.book_for_account("o_tw", pid, sid, idem_key="y")
    assert appt.patient_name == "林小明" and appt.verified


async def test_a_hospital_may_let_unverified_ids_book(settings: Settings, storage: Storage) -> None:
    services = frozen_services(settings, storage, patients={"unverified_ids_need_card": False})
    pid = await add_permit_holder(services, "o_tw2")
    sid = await make_schedule(services, TOMORROW, "上午")
    appt = await services.booking.book_for_account("o_tw2", pid, sid, idem_key="z")
    assert not appt.verified

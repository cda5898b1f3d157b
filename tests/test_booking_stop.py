"""停诊: a stopped session refuses bookings and every booked patient gets a notice
(owed in the transactional outbox, in the stop's transaction) with a one-tap re-book
link; paid ones a refund."""

from __future__ import annotations

from datetime import timedelta

import pytest
from booking_support import TODAY, frozen_services, make_schedule, owed, ref

from bot.config import Settings
from bot.storage import Storage
from handlers.his import HISError


async def test_stop_notifies_every_booked_patient_once(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    svc = services.booking
    sid = await make_schedule(services, TODAY + timedelta(days=2), capacity=5)
    other = await make_schedule(services, TODAY + timedelta(days=3), capacity=5)
    a = await svc.book(await ref(services, "o_a", "周甲"), sid, idem_key="a")
    b = await svc.book(await ref(services, "o_b", "吴乙"), sid, idem_key="b")
    await svc.book(await ref(services, "o_c", "郑丙"), other, idem_key="c")
    await svc.appointments.col.update_one({"_id": b.id}, {"$set": {"paid": True}})

    assert await svc.stop_session(sid, "专家外出会诊") == 2
    notices = await owed(services)
    assert sorted(n["openid"] for n in notices) == ["o_a", "o_b"]
    assert {n["_id"] for n in notices} == {f"stop:{a.id}", f"stop:{b.id}"}
    assert {n["type"] for n in notices} == {"booking_stopped"}
    texts = {n["openid"]: n["text"] for n in notices}
    assert "停诊" in texts["o_a"] and "专家外出会诊" in texts["o_a"]
    assert "/h5/booking/dept/eye" in texts["o_a"]
    assert "原路退回" in texts["o_b"] and "原路退回" not in texts["o_a"]
    assert next(n for n in notices if n["openid"] == "o_a")["data"]["reason"] == "专家外出会诊"
    assert await svc.refunds.col.count_documents({"appointment_id": b.id}) == 1
    assert {d["status"] async for d in svc.appointments.col.find({"schedule_id": sid})} == {
        "stopped"
    }

    assert await svc.stop_session(sid, "专家外出会诊") == 0  # nothing sent twice
    assert len(await owed(services)) == 2
    with pytest.raises(HISError) as info:
        await svc.book(await ref(services, "o_d", "王丁"), sid, idem_key="d")
    assert info.value.code == "stopped"


async def test_a_stop_without_a_reason_gives_the_templates_default(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    sid = await make_schedule(services, TODAY + timedelta(days=2), capacity=5)
    await services.booking.book(await ref(services, "o_a", "周甲"), sid, idem_key="a")
    assert await services.booking.stop_session(sid, "") == 1
    [notice] = await owed(services)
    assert notice["data"]["reason"] == "医生临时安排"  # booking/stop_reason.j2
    assert "因医生临时安排停诊" in notice["text"]

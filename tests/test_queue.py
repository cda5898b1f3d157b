"""Queue status in chat from the HIS queue state, the staff "call next" endpoint, the
check-in QR page (signed, expiring token) and the H5 booking pages."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from booking_support import (
    TODAY,
    add_patient,
    clock_of,
    frozen_services,
    make_schedule,
    ref,
    remaining,
)

from bot.app import create_app
from bot.config import Settings
from bot.dialogue import Message
from bot.h5.session import COOKIE, new_session, signer_for
from bot.services import Services
from bot.storage import Storage

STAFF_TOKEN = "queue-test-staff-token-0123456789abcdef"
STAFF = f"Bearer {STAFF_TOKEN}"


@pytest.fixture
async def app(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> tuple[TestClient, Services]:
    booking = {**settings.section("booking"), "staff_token": STAFF_TOKEN}
    s = settings.with_overrides(
        wechat=replace(settings.wechat, secret="test-secret"),
        secret_key="test-only-secret-key-0123456789abcdef",
        raw={**settings.raw, "booking": booking},
    )
    services = frozen_services(s, storage, at=datetime(2026, 11, 22, 7, 30))
    client = await aiohttp_client(create_app(services.settings, services=services))
    return client, services


async def chat(services: Services, openid: str, text: str) -> str:
    msg = Message(openid=openid, kind="text", create_time=0, text=text, msg_id=text)
    return (await services.dispatcher.dispatch(msg)).text


def login(client: TestClient, services: Services, openid: str) -> str:
    session = new_session(services, openid)
    client.session.cookie_jar.update_cookies({COOKIE: signer_for(services).dumps(session)})
    return signer_for(services).csrf_token(session)


async def test_queue_status_moves_when_staff_call_the_next_patient(
    app: tuple[TestClient, Services],
) -> None:
    client, services = app
    svc = services.booking
    sid = await make_schedule(services, TODAY, "上午", capacity=10)
    for i, name in enumerate(["周一一", "吴二二", "郑三三"]):
        p = await ref(services, f"o{i}", name, card_no=f"C{i}")
        appt = await svc.book(p, sid, idem_key=str(i))
        await svc.mark_paid(appt.id)  # same-day: paid online

    # 07:30, the session starts at 08:00 and nobody has been called: the first in line
    # is told when it starts, never "马上就到您了".
    first = await chat(services, "o0", "排队")
    assert "马上就到您了" not in first and "08:00 开始" in first and "前面有 0 人" in first
    reply = await chat(services, "o2", "排队")
    assert "08:00 开始" in reply and "前面有 2 人" in reply
    assert "门诊楼 2 层" in reply and "3号诊室" in reply

    resp = await client.post(f"/his/queue/{sid}/next")
    assert resp.status == 401
    resp = await client.post(f"/his/queue/{sid}/next", headers={"Authorization": STAFF})
    assert (await resp.json())["called"] == 1
    reply = await chat(services, "o2", "排队")
    assert "当前叫到第 1 号" in reply and "前面还有 1 人" in reply and "预计等待 8 分钟" in reply
    await client.post(f"/his/queue/{sid}/next", headers={"Authorization": STAFF})
    assert "马上就到您了" in await chat(services, "o2", "排队")


async def test_checkin_token_is_signed_and_expires(app: tuple[TestClient, Services]) -> None:
    _, services = app
    token = services.checkin.issue("ap123")
    assert services.checkin.verify(token) == "ap123"
    assert services.checkin.verify(token.replace("ap123", "ap124")) is None
    clock_of(services).advance(minutes=services.booking.rules.checkin_token_minutes, seconds=1)
    assert services.checkin.verify(token) is None


async def test_checkin_page_shows_a_qr_that_staff_can_scan(
    app: tuple[TestClient, Services],
) -> None:
    client, services = app
    svc = services.booking
    sid = await make_schedule(services, TODAY + timedelta(days=1), "上午", capacity=3)
    appt = await svc.book(await ref(services, "o_qr", "张三"), sid, idem_key="q")
    login(client, services, "o_qr")
    resp = await client.get(f"/h5/booking/checkin/{appt.id}", allow_redirects=False)
    html = await resp.text()
    assert resp.status == 200 and "<svg" in html and "第 1 号" in html
    login(client, services, "o_someone_else")
    resp = await client.get(f"/h5/booking/checkin/{appt.id}", allow_redirects=False)
    assert resp.status == 404

    clock_of(services).set(datetime(2026, 11, 23, 7, 50))  # visit day
    token = services.checkin.issue(appt.id)
    resp = await client.post(
        "/his/checkin", json={"token": token}, headers={"Authorization": STAFF}
    )
    assert (await resp.json())["ok"] is True
    assert (await svc.appointments.col.find_one({"_id": appt.id}))["status"] == "checked_in"
    # The same (valid) token again: the appointment is already checked in.
    resp = await client.post(
        "/his/checkin", json={"token": token}, headers={"Authorization": STAFF}
    )
    assert (resp.status, (await resp.json())["error"]) == (409, "not_checkable")
    # A tampered token is refused as such, before any lookup: not the "already" answer.
    other = await svc.book(await ref(services, "o_qr2", "李四", card_no="C9"), sid, idem_key="q2")
    forged = services.checkin.issue(appt.id).replace(appt.id, other.id)
    for bad in (token + "0", forged, "ap.1.x", ""):
        resp = await client.post(
            "/his/checkin", json={"token": bad}, headers={"Authorization": STAFF}
        )
        assert (resp.status, (await resp.json())["error"]) == (403, "bad_token"), bad
    assert (await svc.appointments.col.find_one({"_id": other.id}))["status"] == other.status


async def test_h5_lists_seven_days_and_books_a_band(app: tuple[TestClient, Services]) -> None:
    client, services = app
    await add_patient(services, "o_h5", "张三")
    sid = await make_schedule(services, TODAY + timedelta(days=3), "下午", capacity=8)
    csrf = login(client, services, "o_h5")
    # The triage reply links to /h5/booking?dept=CODE: it opens that department.
    resp = await client.get("/h5/booking?dept=eye", allow_redirects=False)
    assert resp.status == 302 and resp.headers["Location"] == "/h5/booking/dept/eye"
    html = await (await client.get("/h5/booking/dept/eye")).text()
    assert html.count('class="card day"') == 7 and f"/h5/booking/s/{sid}" in html
    page = await (await client.get(f"/h5/booking/s/{sid}")).text()
    idem = re.search(r'name="idem" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    pid = re.search(r'<option value="([0-9a-f]{24})"', page).group(1)  # type: ignore[union-attr]
    form = {"csrf": csrf, "idem": idem, "patient_id": pid, "band": "14:00"}
    resp = await client.post(f"/h5/booking/s/{sid}", data=form, allow_redirects=False)
    assert resp.status == 303
    again = await client.post(f"/h5/booking/s/{sid}", data=form, allow_redirects=False)
    assert again.status == 303 and again.headers["Location"] == resp.headers["Location"]
    assert await remaining(services, sid) == 7
    appt = await services.booking.appointments.col.find_one({"openid": "o_h5"})
    assert appt["band_start"] == "14:00" and appt["band_end"] == "14:30"
    detail = await (await client.get(resp.headers["Location"])).text()
    assert "14:00-14:30" in detail and "已预约" in detail

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
        await svc.mark_paid(appt["_id"])  # same-day: paid online

    reply = await chat(services, "o2", "排队")
    assert "前面还有 2 人" in reply and "预计等待 16 分钟" in reply
    assert "门诊楼 2 层" in reply and "3号诊室" in reply

    resp = await client.post(f"/his/queue/{sid}/next")
    assert resp.status == 401
    resp = await client.post(f"/his/queue/{sid}/next", headers={"Authorization": STAFF})
    assert (await resp.json())["called"] == 1
    reply = await chat(services, "o2", "排队")
    assert "当前叫到第 1 号" in reply and "前面还有 1 人" in reply
    await client.post(f"/his/queue/{sid}/next", headers={"Authorization": STAFF})
    assert "马上就到您了" in await chat(services, "o2", "排队")


async def test_checkin_token_is_signed_and_expires(app: tuple[TestClient, Services]) -> None:
    _, services = app
    token = services.checkin.issue("ap123")
    assert verify_services.checkin.issue(token) == "ap123"
    assert verify_services.checkin.issue(token.replace("ap123", "ap124")) is None
    clock_of(services).advance(
        minutes=services.booking.rules.checkin_token_minutes, seconds=1
    )
    assert verify_services.checkin.issue(token) is None


async def test_checkin_page_shows_a_qr_that_staff_can_scan(
    app: tuple[TestClient, Services],
) -> None:
    client, services = app
    svc = services.booking
    sid = await make_schedule(services, TODAY + timedelta(days=1), "上午", capacity=3)
    appt = await svc.book(await ref(services, "o_qr", "张三"), sid, idem_key="q")
    login(client, services, "o_qr")
    resp = await client.get(f"/h5/booking/checkin/{appt['_id']}", allow_redirects=False)
    html = await resp.text()
    assert resp.status == 200 and "<svg" in html and "第 1 号" in html
    login(client, services, "o_someone_else")
    resp = await client.get(f"/h5/booking/checkin/{appt['_id']}", allow_redirects=False)
    assert resp.status == 404

    clock_of(services).set(datetime(2026, 11, 23, 7, 50))  # visit day
    token = services.checkin.issue(appt["_id"])
    resp = await client.post(
        "/his/checkin", json={"token": token}, headers={"Authorization": STAFF}
    )
    assert (await resp.json())["ok"] is True
    assert (await svc.appts.find_one({"_id": appt["_id"]}))["status"] == "checked_in"
    resp = await client.post(
        "/his/checkin", json={"token": token + "0"}, headers={"Authorization": STAFF}
    )
    assert resp.status == 409


async def test_h5_lists_seven_days_and_books_a_band(app: tuple[TestClient, Services]) -> None:
    client, services = app
    await add_patient(services, "o_h5", "张三")
    sid = await make_schedule(services, TODAY + timedelta(days=3), "下午", capacity=8)
    csrf = login(client, services, "o_h5")
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
    appt = await services.booking.appts.find_one({"openid": "o_h5"})
    assert appt["band_start"] == "14:00" and appt["band_end"] == "14:30"
    detail = await (await client.get(resp.headers["Location"])).text()
    assert "14:00-14:30" in detail and "已预约" in detail

"""Broadcasts from the console, on the job system's broadcast engine (push.broadcast):
who may send to whom (decided on the server), approval above the threshold, progress
reaching 100 % once a worker ran, and a dead letter retried once."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from booking_support import make_schedule, ref
from console_support import add_staff, console_client, field, login

from bot.config import Settings
from bot.sandbox.state import SandboxState
from bot.services import Services
from bot.storage import Storage
from handlers.staff.broadcasts import BroadcastRequests
from push.broadcast import Broadcasts
from push.delivery import PushDeliveries
from push.jobs import QUEUE
from push.worker import drain_once

PEDS = ("o_peds_a", "o_peds_b", "o_peds_c")  # a and b tomorrow, c the day after


def one_day(services: Services) -> dict[str, str]:
    """Tomorrow only: 2 of the 3 children's-department patients."""
    day = (services.clock.now() + timedelta(days=1)).date().isoformat()
    return {"day_from": day, "day_to": day}


@pytest.fixture
async def console(aiohttp_client: Any, settings: Settings, storage: Storage) -> Any:
    client, services, clock = await console_client(
        aiohttp_client, settings, storage, console={"approval_threshold": 2}
    )
    await add_staff(storage, "nurse_li", departments=("peds",), name="李护士")
    await add_staff(storage, "nurse_wang", departments=("peds",), name="王护士")
    await add_staff(storage, "nurse_eye", departments=("eye",), name="赵护士")
    day = services.clock.now().date() + timedelta(days=1)
    peds = [
        await make_schedule(services, day, department="peds", capacity=10),
        await make_schedule(services, day + timedelta(days=1), department="peds", capacity=10),
    ]
    for openid, name, sid in zip(PEDS, ("周甲", "吴乙", "郑丙"), (0, 0, 1), strict=True):
        patient = await ref(services, openid, name, card_no=f"A1000{openid[-1]}")
        await services.booking.book(patient, peds[sid], idem_key=openid)
    eye = await make_schedule(services, day, department="eye", capacity=10)
    eye_patient = await ref(services, "o_eye_a", "钱丁", card_no="E0001")
    await services.booking.book(eye_patient, eye, idem_key="e")
    state = SandboxState(storage.redis, services.settings, clock)
    for openid in (*PEDS, "o_eye_a"):
        await state.subscribe(openid)
    return client, services, state


def compose_form(csrf: str, department: str, **extra: str) -> dict[str, str]:
    return {
        "csrf": csrf,
        "title": "门诊调整",
        "body": "明天上午儿科门诊调整到2楼",
        "audience": "appointments",
        "department": department,
        **extra,
    }


async def compose(client: Any, csrf: str, department: str, **extra: str) -> Any:
    return await client.post(
        "/console/broadcasts",
        data=compose_form(csrf, department, **extra),
        allow_redirects=False,
    )


async def draft_id(resp: Any) -> str:
    assert resp.status == 303, await resp.text()
    m = re.fullmatch(r"/console/broadcasts/(\w+)", resp.headers["Location"])
    assert m, resp.headers["Location"]
    return m.group(1)


async def stored_broadcasts(storage: Storage) -> int:
    return await storage.repo(Broadcasts).col.count_documents({})


@pytest.mark.parametrize(
    "form",
    [
        {"department": "eye"},  # another department
        {"department": "", "audience": "followers"},  # everyone
        {"department": "", "day_from": "2026-01-01", "day_to": "2026-12-31"},  # all depts
    ],
)
async def test_a_nurse_cannot_broadcast_outside_her_departments(
    console: Any, storage: Storage, form: dict[str, str]
) -> None:
    client, _, _ = console
    csrf = await login(client, "nurse_li")
    department = form.pop("department")

    resp = await compose(client, csrf, department, **form)

    assert resp.status == 403
    assert "您只能向本人负责的科室或病区的患者发送通知" in await resp.text()
    assert await stored_broadcasts(storage) == 0  # nothing reached the engine
    assert await storage.repo(BroadcastRequests).col.count_documents({}) == 0


async def test_a_nurse_broadcast_of_another_department_cannot_be_approved_by_her(
    console: Any,
) -> None:
    client, _, _ = console
    csrf = await login(client, "nurse_li")
    bid = await draft_id(await compose(client, csrf, "peds"))
    await client.post("/console/logout", data={"csrf": csrf})

    csrf = await login(client, "nurse_eye")
    assert (await client.get(f"/console/broadcasts/{bid}")).status == 404  # not hers to see
    resp = await client.post(f"/console/broadcasts/{bid}/send", data={"csrf": csrf})
    assert resp.status == 404


async def test_above_the_threshold_a_second_staff_member_must_approve(
    console: Any, storage: Storage
) -> None:
    client, services, state = console
    engine = services.push.broadcasts
    csrf = await login(client, "nurse_li")
    bid = await draft_id(await compose(client, csrf, "peds"))  # 3 recipients > 2
    page = await (await client.get(f"/console/broadcasts/{bid}")).text()
    assert '<span id="recipients">3</span>' in page and "提交审批" in page

    resp = await client.post(
        f"/console/broadcasts/{bid}/send", data={"csrf": csrf}, allow_redirects=False
    )
    assert resp.status == 303 and resp.headers["Location"].endswith("?done=submitted")
    assert (await engine.progress(bid)).status == "draft"  # the engine was not started
    assert await storage.redis.zcard(QUEUE) == 0  # nothing queued
    resp = await client.post(f"/console/broadcasts/{bid}/approve", data={"csrf": csrf})
    assert resp.status == 403 and "不能审批自己创建的通知" in await resp.text()
    await client.post("/console/logout", data={"csrf": csrf})

    csrf = await login(client, "nurse_wang")
    page = await (await client.get(f"/console/broadcasts/{bid}")).text()
    assert 'id="approve-button"' in page
    resp = await client.post(
        f"/console/broadcasts/{bid}/approve", data={"csrf": csrf}, allow_redirects=False
    )
    assert resp.status == 303 and resp.headers["Location"].endswith("?done=approved")
    assert (await engine.progress(bid)).status == "running"
    request = await storage.repo(BroadcastRequests).get(bid)
    assert request is not None and request["approved_by"] == "nurse_wang"

    await drain_once(services)  # a worker runs the broadcast through the sandbox

    progress = await (await client.get(f"/console/broadcasts/{bid}/progress")).json()
    assert (progress["status"], progress["sent"], progress["pending"]) == ("done", 3, 0)
    assert progress["percent"] == 100
    for openid in PEDS:
        texts = [m for m in await state.outbox(openid) if "儿科门诊调整到2楼" in str(m)]
        assert len(texts) == 1, openid
    assert not [m for m in await state.outbox("o_eye_a") if "儿科门诊调整到2楼" in str(m)]


async def test_at_the_threshold_the_author_sends_at_once(console: Any) -> None:
    client, services, _ = console
    csrf = await login(client, "nurse_li")
    bid = await draft_id(await compose(client, csrf, "peds", **one_day(services)))  # 2, not above
    page = await (await client.get(f"/console/broadcasts/{bid}")).text()
    assert '<span id="recipients">2</span>' in page and "确认发送" in page

    resp = await client.post(
        f"/console/broadcasts/{bid}/send", data={"csrf": csrf}, allow_redirects=False
    )

    assert resp.headers["Location"].endswith("?done=started")
    assert (await services.push.broadcasts.progress(bid)).status == "running"


async def test_a_dead_letter_is_retried_once_through_the_job_queue(
    console: Any, storage: Storage
) -> None:
    client, services, state = console
    csrf = await login(client, "nurse_li")
    await state.unsubscribe("o_peds_b")  # WeChat refuses this one for good (43004)
    bid = await draft_id(await compose(client, csrf, "peds", title="停水通知", **one_day(services)))
    await client.post(f"/console/broadcasts/{bid}/send", data={"csrf": csrf})
    await drain_once(services)
    deliveries = storage.repo(PushDeliveries)
    failed = await deliveries.get(bid, "o_peds_b")
    assert failed is not None and failed["status"] == "failed"

    page = await (await client.get("/console/dead-letters")).text()
    assert f'data-id="{failed["_id"]}"' in page and "停水通知" in page
    csrf = field(page, "csrf")
    await state.subscribe("o_peds_b")  # she followed again
    resp = await client.post(
        f"/console/dead-letters/{failed['_id']}/retry", data={"csrf": csrf}, allow_redirects=False
    )
    assert resp.status == 303
    again = await client.post(f"/console/dead-letters/{failed['_id']}/retry", data={"csrf": csrf})
    assert again.status == 400  # once

    await drain_once(services)

    retried = await deliveries.col.find_one({"job": f"{bid}~retry~o_peds_b"})
    assert retried is not None and retried["status"] == "sent"
    assert len([m for m in await state.outbox("o_peds_b") if "停水通知" in str(m)]) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/console/broadcasts",
        "/console/broadcasts/new",
        "/console/deliveries",
        "/console/dead-letters",
    ],
)
async def test_the_broadcast_and_delivery_pages_open(console: Any, path: str) -> None:
    client, _, _ = console
    await login(client, "nurse_li")
    resp = await client.get(path)
    assert resp.status == 200, await resp.text()
    assert "儿科" in await resp.text() or path != "/console/broadcasts/new"  # her department


async def test_a_delivery_search_by_card_shows_what_was_sent_masked(console: Any) -> None:
    client, services, _ = console
    csrf = await login(client, "nurse_li")
    bid = await draft_id(await compose(client, csrf, "peds", **one_day(services)))
    await client.post(f"/console/broadcasts/{bid}/send", data={"csrf": csrf})
    await drain_once(services)
    card = (await services.patients.list("o_peds_a"))[0].card_no
    assert card

    resp = await client.post("/console/deliveries", data={"csrf": csrf, "by": "card", "q": card})

    html = await resp.text()
    assert resp.status == 200 and "门诊调整" in html
    assert "o_peds_a" not in html and card not in html  # masked


async def test_a_nurse_card_list_keeps_only_her_patients_and_reports_the_rest(
    console: Any, storage: Storage
) -> None:
    client, services, _ = console
    csrf = await login(client, "nurse_li")
    cards = "A1000a\nA1000c, A1000a\nE0001\nNOPE1\n!!"

    resp = await compose(client, csrf, "", audience="cards", cards_text=cards)

    bid = await draft_id(resp)
    html = await (await client.get(f"/console/broadcasts/{bid}")).text()
    assert '<span id="recipients">2</span>' in html  # A1000a and A1000c (peds)
    assert "不在您负责的科室或病区 1 个：E0001" in html  # the eye patient
    assert "未绑定的卡号 1 个：NOPE1" in html and "重复的卡号 1 个已合并" in html
    engine = services.push.broadcasts
    assert (
        await engine.audience_size(
            "list", (await engine.broadcasts.find_one({"_id": bid}))["audience"]["params"]
        )
        == 2
    )

"""Staff review in the console: red-flag events from a real emergency chat (masked, marked
reviewed once, with a note), payment incidents for admins, the dashboard's counts from
real /wechat traffic, and the audit log that records each action."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from chat_support import Chat
from console_support import add_staff, console_client, login

from bot.config import Settings
from bot.storage import Storage
from bot.wechat.simulate import event_xml, signed_query
from handlers.booking.repo import AppointmentRepo
from handlers.staff.audit import AuditRepo
from handlers.triage import RedFlagEventRepo

OPENID = "o_console_patient_7f3a9c"


@pytest.fixture
async def console(aiohttp_client: Any, settings: Settings, storage: Storage) -> Any:
    client, services, clock = await console_client(aiohttp_client, settings, storage)
    await add_staff(storage, "nurse_li", departments=("peds",))
    await add_staff(storage, "admin_wang", "admin")
    return client, services, clock


async def audit_log(storage: Storage) -> list[tuple[str, str, str, str, str]]:
    entries = await storage.repo(AuditRepo).page(limit=100)
    return [(e["staff"], e["action"], e["target"], e["outcome"], e["reason"]) for e in entries]


async def test_a_red_flag_from_chat_is_reviewed_once_with_a_note(
    console: Any, storage: Storage
) -> None:
    client, services, _ = console
    chat = Chat(client, services, OPENID)
    assert "120" in await chat.say("我爸吃了一整瓶安眠药，现在叫不醒")
    [event] = await storage.repo(RedFlagEventRepo).recent()

    csrf = await login(client, "nurse_li")
    html = await (await client.get("/console/red-flags")).text()
    assert "药物过量" in html or "中毒" in html  # category names, not ids
    assert OPENID not in html and "o_co****3a9c" in html  # the account masked
    [event_id] = re.findall(r'data-id="([0-9a-f]{24})"', html)

    resp = await client.post(
        f"/console/red-flags/{event_id}/review",
        data={"csrf": csrf, "note": "已电话联系，家属已送急诊"},
        allow_redirects=False,
    )
    assert resp.status == 303
    [stored] = await storage.repo(RedFlagEventRepo).page(pending_only=False)
    assert stored["review"]["by"] == "nurse_li"
    assert stored["review"]["note"] == "已电话联系，家属已送急诊"
    assert await storage.repo(RedFlagEventRepo).pending() == 0
    assert "没有待复核的记录" in await (await client.get("/console/red-flags")).text()
    shown = await (await client.get("/console/red-flags?all=1")).text()
    assert "已电话联系，家属已送急诊" in shown and "已复核" in shown

    again = await client.post(
        f"/console/red-flags/{event_id}/review", data={"csrf": csrf, "note": "again"}
    )
    assert again.status == 409 and "已经有人复核过了" in await again.text()
    unknown = await client.post("/console/red-flags/not-an-id/review", data={"csrf": csrf})
    assert unknown.status == 404
    log = await audit_log(storage)
    assert ("nurse_li", "red_flag.review", event_id, "refused", "already_reviewed") in log
    assert ("nurse_li", "red_flag.review", event_id, "ok", "") in log
    assert event["openid"] == OPENID  # stored as it was; only the screen masks it


async def test_payment_incidents_are_for_admins_and_need_a_note(
    console: Any, storage: Storage
) -> None:
    client, services, _ = console
    assert await services.payments.ledger.flag(
        "reconcile:2025-06-14:amount:HB123", "reconcile_amount", "HB123",
        ours_fen=1250, wechat_fen=1200,
    )  # fmt: skip
    csrf = await login(client, "nurse_li")
    assert (await client.get("/console/incidents")).status == 403
    denied = await client.post(
        "/console/incidents/reconcile:2025-06-14:amount:HB123/resolve",
        data={"csrf": csrf, "note": "x"},
    )
    assert denied.status == 403
    await client.post("/console/logout", data={"csrf": csrf})

    csrf = await login(client, "admin_wang")
    html = await (await client.get("/console/incidents")).text()
    assert "对账：金额不符" in html and "HB123" in html and "¥12.50" in html
    path = "/console/incidents/reconcile%3A2025-06-14%3Aamount%3AHB123/resolve"
    empty = await client.post(path, data={"csrf": csrf, "note": "  "})
    assert empty.status == 400 and "请填写处理说明" in await empty.text()
    done = await client.post(path, data={"csrf": csrf, "note": "银行手续费差额，已核实"})
    assert done.status == 200 and "已处理" in await done.text()
    [doc] = await services.payments.ledger.incidents.of("HB123")
    assert doc["status"] == "resolved" and doc["resolution"]["by"] == "admin_wang"
    log = await audit_log(storage)
    target = "reconcile:2025-06-14:amount:HB123"
    assert ("nurse_li", "incident.resolve", target, "refused", "admins_only") in log
    assert ("admin_wang", "incident.resolve", target, "refused", "note_needed") in log
    assert ("admin_wang", "incident.resolve", target, "ok", "") in log


async def test_the_dashboard_counts_real_traffic_and_bookings(
    console: Any, storage: Storage
) -> None:
    client, services, clock = console
    chat = Chat(client, services, OPENID)
    await chat.say("你好")
    await chat.say("宝宝两岁发烧38度5还咳嗽")
    await chat.say("医院地址在哪")
    await chat.click("HOSPITAL_INFO")
    await Chat(client, services, "o_console_new_follower")._post(
        event_xml("subscribe", "", openid="o_console_new_follower")
    )

    now = clock.now()
    appointments = storage.repo(AppointmentRepo).col
    await appointments.insert_many(
        [
            {"_id": "a1", "created_at": now - timedelta(days=1), "status": "booked"},
            {"_id": "a2", "created_at": now - timedelta(days=1), "status": "booked"},
            {
                "_id": "a3",
                "created_at": now - timedelta(days=3),
                "status": "cancelled",
                "cancelled_at": now - timedelta(days=1),
            },
            {
                "_id": "a4",
                "created_at": now - timedelta(days=3),
                "status": "stopped",  # 停诊: the hospital's doing, not a cancellation
                "cancelled_at": now - timedelta(days=1),
            },
        ]
    )
    await login(client, "nurse_li")
    html = await (await client.get("/console/")).text()
    assert re.search(r'id="stat-messages">3<', html)  # three typed messages today
    yesterday = (now - timedelta(days=1)).strftime("%m/%d")
    assert f"{yesterday} 预约：2" in html and f"{yesterday} 取消：1" in html
    hour = now.strftime("%H")
    assert f"{hour} 患者消息：3" in html and f"{hour} 菜单与关注：2" in html
    assert "症状咨询" in html and "儿科" in html  # intents and triage departments
    followers = await services.storage.redis.zrange("push:followers", 0, -1)
    assert set(followers) == {OPENID.encode(), b"o_console_new_follower"}


async def test_an_unfollow_leaves_the_followers(console: Any) -> None:
    client, services, _ = console
    chat = Chat(client, services, OPENID)
    await chat.say("你好")
    query = signed_query(services.settings.wechat.token, services.clock.timestamp())
    resp = await client.post(
        "/wechat", params=query, data=event_xml("unsubscribe", "", openid=OPENID)
    )
    assert resp.status == 200
    assert await services.storage.redis.zcard("push:followers") == 0


async def test_the_audit_log_page_is_for_admins(console: Any, storage: Storage) -> None:
    client, _, _ = console
    csrf = await login(client, "nurse_li")
    assert (await client.get("/console/audit")).status == 403
    await client.post("/console/logout", data={"csrf": csrf})
    await login(client, "admin_wang")
    html = await (await client.get("/console/audit?action=login")).text()
    assert html.count("<tr>") == 3  # header + two logins
    assert "nurse_li" in html and "admin_wang" in html and "退出" in html
    only = await (await client.get("/console/audit?staff=nurse_li")).text()
    assert "admin_wang</td>" not in only

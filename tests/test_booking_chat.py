"""Booking through `/wechat` the way WeChat calls us: signed plaintext XML, the real
dispatcher, NLU, Redis conversation state and MongoDB."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
import xmltodict
from aiohttp.test_utils import TestClient
from booking_support import (
    TODAY,
    add_doctor,
    add_patient,
    frozen_services,
    make_schedule,
    remaining,
)

from bot.app import create_app
from bot.config import Settings
from bot.services import SERVICES, Services
from bot.storage import Storage
from bot.wechat.simulate import event_xml, signed_query, text_xml

TOKEN = "booktest"


@pytest.fixture
async def chat(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> tuple[TestClient, Services]:
    s = settings.with_overrides(
        wechat=replace(settings.wechat, secret="test-secret", token=TOKEN),
        secret_key="test-only-secret-key-0123456789abcdef",
    )
    services = frozen_services(s, storage)
    client = await aiohttp_client(create_app(services.settings, services=services))
    return client, services


async def say(client: TestClient, openid: str, text: str = "", *, click: str = "") -> str:
    xml = event_xml("CLICK", click, openid=openid) if click else text_xml(text, openid=openid)
    resp = await client.post(
        "/wechat",
        params=signed_query(TOKEN, client.app[SERVICES].clock.timestamp()),
        data=xml.encode(),
        headers={"Content-Type": "text/xml"},
    )
    assert resp.status == 200
    body = await resp.text()
    return "" if body == "success" else xmltodict.parse(body)["xml"]["Content"]


async def test_book_from_a_sentence_see_it_cancel_it_and_the_place_comes_back(
    chat: tuple[TestClient, Services],
) -> None:
    client, services = chat
    await add_patient(services, "o_e2e", "张三")
    doctor = await add_doctor(services)
    sid = await make_schedule(
        services, TODAY + timedelta(days=1), "上午", capacity=5, doctor=doctor
    )

    reply = await say(client, "o_e2e", "帮我约明天上午的眼科")
    assert "1. " in reply and "李明" in reply and "回复序号选择" in reply
    reply = await say(client, "o_e2e", "1")
    assert "请确认预约信息" in reply and "张三" in reply
    reply = await say(client, "o_e2e", "确认")
    assert "预约成功" in reply and "第 1 号" in reply
    assert await remaining(services, sid) == 4

    reply = await say(client, "o_e2e", "我的预约")
    assert "【待就诊】" in reply and "眼科" in reply and "已预约" in reply

    reply = await say(client, "o_e2e", "取消预约")
    assert "取消原因" in reply
    reply = await say(client, "o_e2e", "1")
    assert "请确认取消" in reply and "确认取消" in reply
    assert await remaining(services, sid) == 4  # nothing cancelled without confirmation
    reply = await say(client, "o_e2e", "确认取消")
    assert "已取消" in reply
    assert await remaining(services, sid) == 5
    appt = await services.booking.appointments.col.find_one({"openid": "o_e2e"})
    assert appt["status"] == "cancelled" and appt["cancel_reason"] == "时间冲突"
    reply = await say(client, "o_e2e", "我的预约")
    assert "【历史记录】" in reply and "已取消" in reply


async def test_menu_tap_asks_which_patient_and_which_department(
    chat: tuple[TestClient, Services],
) -> None:
    client, services = chat
    await add_patient(services, "o_fam", "张三")
    await add_patient(services, "o_fam", "张母", relation="母亲")
    sid = await make_schedule(
        services, TODAY + timedelta(days=2), "下午", capacity=2, department="peds"
    )

    reply = await say(client, "o_fam", click="BOOK")
    assert "为哪位就诊人挂号" in reply and "2. 张母" in reply
    reply = await say(client, "o_fam", "2")
    assert "挂哪个科室" in reply
    reply = await say(client, "o_fam", "牙科")
    assert "没有找到「牙科」" in reply
    reply = await say(client, "o_fam", "儿科")
    assert "儿科可预约的号源" in reply and "余 2" in reply
    await say(client, "o_fam", "1")
    # a double tap: two confirmations racing on the same chat step book once
    replies = await asyncio.gather(say(client, "o_fam", "确认"), say(client, "o_fam", "确认"))
    assert any("预约成功" in r for r in replies)
    svc = services.booking
    assert await svc.appointments.col.count_documents({"openid": "o_fam"}) == 1
    appt = await svc.appointments.col.find_one({"openid": "o_fam"})
    assert appt["patient_name"] == "张母"
    assert await remaining(services, sid) == 1


async def test_relation_in_the_sentence_picks_the_patient(
    chat: tuple[TestClient, Services],
) -> None:
    client, services = chat
    await add_patient(services, "o_rel", "张三")
    await add_patient(services, "o_rel", "张母", relation="母亲")
    await make_schedule(services, TODAY + timedelta(days=1), "上午", capacity=2)
    reply = await say(client, "o_rel", "帮我妈约明天上午的眼科")
    assert "为哪位就诊人" not in reply and "眼科可预约的号源" in reply
    await say(client, "o_rel", "1")
    reply = await say(client, "o_rel", "确认")
    assert "预约成功" in reply and "张母" in reply


async def test_full_session_offers_the_waitlist_in_chat(chat: tuple[TestClient, Services]) -> None:
    client, services = chat
    await add_patient(services, "o_full", "张三")
    sid = await make_schedule(services, TODAY + timedelta(days=1), "上午", capacity=1)
    other = await add_patient(services, "o_other", "李四")

    await services.booking.book(services.booking.ref(other), sid, idem_key="x")
    reply = await say(client, "o_full", "帮我约明天上午的眼科")
    assert "已满（可候补）" in reply
    reply = await say(client, "o_full", "1")
    assert "已约满" in reply and "候补" in reply
    reply = await say(client, "o_full", "候补")
    assert "已加入候补" in reply and "第 1 位" in reply


async def test_a_waitlist_offer_is_accepted_through_wechat(
    chat: tuple[TestClient, Services],
) -> None:
    """The offer says "回复 1 或「接受候补」": a bare "1" to /wechat, outside any flow,
    books the held place for the waiting patient."""
    client, services = chat
    await add_patient(services, "o_wait", "张三")
    sid = await make_schedule(services, TODAY + timedelta(days=1), "上午", capacity=1)
    other = await add_patient(services, "o_other", "李四")
    taken = await services.booking.book(services.booking.ref(other), sid, idem_key="x")
    await say(client, "o_wait", "帮我约明天上午的眼科")
    await say(client, "o_wait", "1")
    assert "已加入候补" in await say(client, "o_wait", "候补")

    await services.booking.cancel("o_other", taken.id, "时间冲突")  # the offer goes out
    assert await services.booking.waitlist.has_offer("o_wait", services.clock.now())
    reply = await say(client, "o_wait", "1")
    assert "预约成功" in reply and "张三" in reply
    [appt] = await services.booking.appointments.col.find(
        {"openid": "o_wait", "active": True}
    ).to_list(None)
    assert appt["schedule_id"] == sid and appt["status"] == "booked"
    assert not await services.booking.waitlist.has_offer("o_wait", services.clock.now())
    assert await remaining(services, sid) == 0


async def test_without_a_patient_booking_asks_to_add_one(chat: tuple[TestClient, Services]) -> None:
    client, _ = chat
    reply = await say(client, "o_new", "挂号")
    assert "需要先添加就诊人" in reply and '<a href="' in reply and "/h5/patients/new" in reply

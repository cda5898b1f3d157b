"""What a new user hit, tried as a new user would: each through the real dispatcher
(NLU, Redis state under the lock, MongoDB), or through /wechat where WeChat is part of it."""

from __future__ import annotations

import re
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
    id_number,
    make_schedule,
    owed,
    ref,
    say,
)

from bot.app import create_app
from bot.config import Settings
from bot.services import Services
from bot.storage import Storage
from bot.wechat.simulate import signed_query, text_xml

BARE_URL = re.compile(r"(?<![\"'>])https?://")


@pytest.fixture
def services(settings: Settings, storage: Storage) -> Services:
    return frozen_services(settings, storage)


async def test_a_bare_cancel_then_1_never_cancels_an_appointment(services: Services) -> None:
    sid = await make_schedule(services, TODAY + timedelta(days=1), capacity=3)
    await services.booking.book(await ref(services, "o_c"), sid, idem_key="c")
    # right after another flow (a red flag would end it the same way) ...
    await say(services, "o_c", "意见反馈")
    await say(services, "o_c", "取消")
    # ... and with nothing active at all
    reply = await say(services, "o_c", "取消")
    assert "当前没有正在办理的事项" in reply
    await say(services, "o_c", "1")
    doc = await services.booking.appointments.col.find_one({"openid": "o_c"})
    assert doc is not None and doc["status"] == "booked"


async def test_booking_resumes_after_adding_the_missing_patient(services: Services) -> None:
    doctor = await add_doctor(services, department="peds", doctor_id="d_peds", name="王医生")
    await make_schedule(services, TODAY + timedelta(days=2), department="peds", doctor=doctor)
    reply = await say(services, "o_new", "预约儿科")
    assert "需要先添加就诊人" in reply and "请输入就诊人的姓名" in reply
    await say(services, "o_new", "王小宝")
    await say(services, "o_new", id_number(77))
    await say(services, "o_new", "13812345678")
    reply = await say(services, "o_new", "3")  # the relationship list takes its digits: 子女
    assert "已添加就诊人：王小宝（子女）" in reply and "回复「继续」" in reply
    reply = await say(services, "o_new", "继续")
    assert "儿科可预约的号源" in reply and "王医生" in reply  # the department was kept


@pytest.mark.parametrize("typed", ["本人", "孩子", "我"])
async def test_a_relation_word_is_not_accepted_as_a_name(services: Services, typed: str) -> None:
    await say(services, "o_nm", "添加就诊人")
    reply = await say(services, "o_nm", typed)
    assert "姓名格式不对" in reply
    assert (await services.conversations.load("o_nm")).state == "patient_add:ask_name"


async def test_chinese_numerals_choose_from_numbered_lists(services: Services) -> None:
    await add_patient(services, "o_num", "张三")
    await add_patient(services, "o_num", "张小三", relation="子女")
    await make_schedule(services, TODAY + timedelta(days=1))
    reply = await say(services, "o_num", "预约眼科")
    assert "为哪位就诊人挂号" in reply
    reply = await say(services, "o_num", "二")
    assert "眼科可预约的号源" in reply
    reply = await say(services, "o_num", "第一个")
    assert "请确认预约信息" in reply and "张小三" in reply


async def test_todays_places_are_offered_only_to_a_patient_with_a_card(
    services: Services,
) -> None:
    await make_schedule(services, TODAY, "下午")
    await make_schedule(services, TODAY + timedelta(days=1), "上午")
    await add_patient(services, "o_nocard", "张三")
    reply = await say(services, "o_nocard", "预约眼科")
    assert "（今天）" not in reply  # not offered, rather than refused after 「确认」
    assert "（明天）" in reply and "今天的号需绑定就诊卡" in reply
    await add_patient(services, "o_card", "李四", card_no="A0002")
    reply = await say(services, "o_card", "预约眼科")
    assert "（今天）" in reply


async def test_replies_link_with_anchors_never_bare_urls(services: Services) -> None:
    await make_schedule(services, TODAY + timedelta(days=1))
    await add_patient(services, "o_link", "张三")
    replies = [
        await say(services, "o_link", text)
        for text in ("科室导航", "预约眼科", "就诊人", "宝宝两岁发烧38度5还咳嗽")
    ]
    replies.append(await say(services, "o_nolink", "挂号"))
    for reply in replies:
        assert not BARE_URL.search(reply), reply
    assert all('<a href="' in r for r in replies[:3])


async def test_the_department_list_is_short_with_a_link_to_all(services: Services) -> None:
    reply = await say(services, "o_dep", "科室导航")
    assert len(reply) < 200 and "/h5/booking" in reply
    assert str(len(services.settings.departments)) in reply


@pytest.mark.parametrize("text", ["缴费", "查报告", "发票"])
async def test_no_reply_promises_a_service_that_is_not_there(services: Services, text: str) -> None:
    assert "即将开通" not in await say(services, "o_soon", text)


async def test_feeling_unwell_alone_asks_what_is_wrong(services: Services) -> None:
    reply = await say(services, "o_unwell", "我不舒服")
    assert "哪里不舒服" in reply and "人工" not in reply


# ------------------------------------------------------------ through /wechat


@pytest.fixture
async def client(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> tuple[TestClient, Services]:
    s = settings.with_overrides(
        wechat=replace(settings.wechat, secret="test-secret"),
        secret_key="new-user-test-secret-key-0123456789abcdef",
    )
    services = frozen_services(s, storage)
    return await aiohttp_client(create_app(services.settings, services=services)), services


async def wechat(client: TestClient, services: Services, openid: str, text: str) -> str:
    token = services.settings.wechat.token
    query = signed_query(token, services.clock.timestamp())
    resp = await client.post("/wechat", params=query, data=text_xml(text, openid=openid))
    return str(xmltodict.parse(await resp.text())["xml"]["Content"])


async def test_a_waitlist_offer_is_accepted_with_1_through_wechat(
    client: tuple[TestClient, Services],
) -> None:
    http, services = client
    svc = services.booking
    sid = await make_schedule(services, TODAY + timedelta(days=1), capacity=1)
    holder = await svc.book(await ref(services, "o_holder", "周甲"), sid, idem_key="h")
    await add_patient(services, "o_wait", "郑丙")
    await wechat(http, services, "o_wait", "预约眼科")
    assert "已约满" in await wechat(http, services, "o_wait", "1")
    assert "已加入候补" in await wechat(http, services, "o_wait", "1")
    await svc.cancel("o_holder", holder.id)  # the place is offered to o_wait
    [notice] = await owed(services)
    assert "回复 1" in notice["text"]
    reply = await wechat(http, services, "o_wait", "1")
    assert "预约成功" in reply and "郑丙" in reply
    doc = await svc.appointments.col.find_one({"openid": "o_wait", "active": True})
    assert doc is not None and doc["schedule_id"] == sid

"""Dialogue routing: events by name and key, scenes, forms, commands, state in Redis."""

from __future__ import annotations

import pytest

from bot.dialogue import Context, Message, Reply, Router
from bot.dialogue.dispatcher import Dispatcher
from bot.dialogue.routes import default_dispatcher
from bot.dialogue.state import KEY
from bot.services import Services


def event(name: str, key: str = "", openid: str = "o_user1") -> Message:
    return Message(openid=openid, kind="event", create_time=1700000000, event=name, event_key=key)


def text(content: str, openid: str = "o_user1") -> Message:
    return Message(openid=openid, kind="text", create_time=1700000000, text=content, msg_id="1")


async def test_subscribe_welcomes_with_menu_guide(services: Services) -> None:
    reply = await services.dispatcher.dispatch(event("subscribe"), services)
    assert services.settings.hospital["name"] in reply.text
    for button in services.settings.menu:
        assert button.name in reply.text
    assert "120" in reply.text


async def test_click_routes_by_configured_key(services: Services) -> None:
    reply = await services.dispatcher.dispatch(event("click", "HOSPITAL_INFO"), services)
    assert services.settings.hospital["address"] in reply.text


async def test_every_click_key_in_config_has_a_handler(services: Services) -> None:
    keys = [b.key for top in services.settings.menu for b in top.sub_button if b.type == "click"]
    missing = [k for k in keys if k not in services.dispatcher.clicks]
    assert missing == [], f"menu keys without a handler: {missing}"


async def test_unknown_click_and_event_get_no_reply(services: Services) -> None:
    assert (await services.dispatcher.dispatch(event("click", "NOPE"), services)).empty
    assert (await services.dispatcher.dispatch(event("weird_event"), services)).empty


async def test_scan_scene_routes_to_its_handler(services: Services) -> None:
    router = Router("scene-test")
    seen: list[str] = []

    @router.click("CHECKIN")
    async def checkin(ctx: Context) -> Reply:
        seen.append(ctx.msg.event_key)
        return Reply(text="checked")

    dispatcher = Dispatcher([router])
    reply = await dispatcher.dispatch(event("scan", "checkin:A123"), services)
    assert reply.text == "checked" and seen == ["checkin:A123"]
    # subscribe through a QR code carries the scene too (qrscene_ already stripped)
    reply = await dispatcher.dispatch(event("subscribe", "checkin:B9"), services)
    assert reply.text == "checked" and seen[-1] == "checkin:B9"


async def test_form_state_lives_in_redis_with_ttl(services: Services) -> None:
    router = Router("form-test")

    @router.command("开始")
    async def begin(ctx: Context) -> Reply:
        ctx.conv.start_form("ask", step=1)
        return Reply(text="name?")

    @router.form("ask")
    async def answer(ctx: Context) -> Reply:
        name = ctx.msg.text
        ctx.conv.end_form()
        return Reply(text=f"hello {name}")

    dispatcher = Dispatcher([router])
    assert (await dispatcher.dispatch(text("开始"), services)).text == "name?"
    key = KEY.format(openid="o_user1")
    ttl = await services.storage.redis.ttl(key)
    assert 0 < ttl <= services.settings.limits.state_ttl_seconds
    assert (await dispatcher.dispatch(text("小王"), services)).text == "hello 小王"
    assert await services.storage.redis.exists(key) == 0


async def test_menu_tap_ends_an_active_form(services: Services) -> None:
    await services.dispatcher.dispatch(text("意见反馈"), services)
    conv = await services.conversations.load("o_user1")
    assert conv.form == "feedback"
    await services.dispatcher.dispatch(event("click", "HOSPITAL_INFO"), services)
    conv = await services.conversations.load("o_user1")
    assert conv.form == ""


async def test_duplicate_routes_are_refused() -> None:
    a, b = Router("a"), Router("b")

    @a.click("X")
    async def one(ctx: Context) -> Reply:
        return Reply(text="1")

    @b.click("X")
    async def two(ctx: Context) -> Reply:
        return Reply(text="2")

    with pytest.raises(ValueError, match="already routed"):
        Dispatcher([a, b])


async def test_non_text_kinds_get_a_helpful_answer(services: Services) -> None:
    msg = Message(openid="o1", kind="image", create_time=1, msg_id="9")
    reply = await services.dispatcher.dispatch(msg, services)
    assert "文字" in reply.text


def test_default_dispatcher_builds() -> None:
    assert "subscribe" in default_dispatcher().events


async def test_a_typed_command_wins_over_an_active_form(services: Services) -> None:
    await services.dispatcher.dispatch(text("意见反馈"), services)
    assert (await services.conversations.load("o_user1")).form == "feedback"
    # Without command precedence the feedback form would file this as feedback.
    reply = await services.dispatcher.dispatch(text("医院介绍"), services)
    assert services.settings.hospital["address"] in reply.text
    assert (await services.conversations.load("o_user1")).form == ""
    assert await services.storage.db.feedback.count_documents({}) == 0

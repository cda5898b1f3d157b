"""Dialogue routing: events by name and key, scenes, declared flows, filters, commands,
injection by signature, the one exit handler, resuming flows, state in Redis."""

from __future__ import annotations

import pytest

from bot.dialogue import (
    NO_STATE,
    AnyText,
    Choice,
    Context,
    Message,
    Reply,
    Router,
    State,
    StatesGroup,
)
from bot.dialogue.dispatcher import Dispatcher
from bot.dialogue.filters import parse_choice
from bot.services import Services


def event(name: str, key: str = "", openid: str = "o_user1") -> Message:
    return Message(openid=openid, kind="event", create_time=1700000000, event=name, event_key=key)


def text(content: str, openid: str = "o_user1") -> Message:
    return Message(openid=openid, kind="text", create_time=1700000000, text=content, msg_id="1")


def dispatcher_of(services: Services, *routers: Router, **deps: object) -> Dispatcher:
    return Dispatcher(
        list(routers),
        deps,
        conversations=services.conversations,
        nlu=services.nlu,
        settings=services.settings,
        clock=services.clock,
        texts=services.texts,
    )


class Ask(StatesGroup, flow="ask"):
    who = State()
    age = State()


async def test_subscribe_welcomes_with_menu_guide(services: Services) -> None:
    reply = await services.dispatcher.dispatch(event("subscribe"))
    assert services.settings.hospital["name"] in reply.text
    for button in services.settings.menu:
        assert button.name in reply.text
    assert "120" in reply.text


async def test_click_routes_by_configured_key(services: Services) -> None:
    reply = await services.dispatcher.dispatch(event("click", "HOSPITAL_INFO"))
    assert services.settings.hospital["address"] in reply.text


async def test_every_click_key_in_config_has_a_handler(services: Services) -> None:
    keys = [b.key for top in services.settings.menu for b in top.sub_button if b.type == "click"]
    missing = [k for k in keys if k not in services.dispatcher.clicks]
    assert missing == [], f"menu keys without a handler: {missing}"


async def test_unknown_click_and_event_get_no_reply(services: Services) -> None:
    assert (await services.dispatcher.dispatch(event("click", "NOPE"))).empty
    assert (await services.dispatcher.dispatch(event("weird_event"))).empty


async def test_scan_scene_routes_to_its_handler(services: Services) -> None:
    router = Router("scene-test")
    seen: list[str] = []

    @router.click("CHECKIN")
    async def checkin(ctx: Context) -> Reply:
        seen.append(ctx.msg.event_key)
        return Reply(text="checked")

    dispatcher = dispatcher_of(services, router)
    reply = await dispatcher.dispatch(event("scan", "checkin:A123"))
    assert reply.text == "checked" and seen == ["checkin:A123"]
    # subscribe through a QR code carries the scene too (qrscene_ already stripped)
    reply = await dispatcher.dispatch(event("subscribe", "checkin:B9"))
    assert reply.text == "checked" and seen[-1] == "checkin:B9"


async def test_flow_state_lives_in_redis_with_ttl(services: Services) -> None:
    router = Router("form-test")

    @router.command("开始")
    async def begin(ctx: Context) -> Reply:
        ctx.conv.start(Ask.who)
        return Reply(text="name?")

    @router.state(Ask.who, AnyText())
    async def answer(ctx: Context, text: str) -> Reply:
        ctx.conv.finish()
        return Reply(text=f"hello {text}")

    dispatcher = dispatcher_of(services, router)
    assert (await dispatcher.dispatch(text("开始"))).text == "name?"
    key = services.conversations.key("o_user1")
    assert (await services.conversations.load("o_user1")).state == "ask:who"
    ttl = await services.storage.redis.ttl(key)
    assert 0 < ttl <= services.settings.limits.state_ttl_seconds
    assert (await dispatcher.dispatch(text("小王"))).text == "hello 小王"
    assert await services.storage.redis.exists(key) == 0
    # the lock is released after every message
    assert await services.storage.redis.exists(services.conversations.lock_key("o_user1")) == 0


@pytest.mark.parametrize(
    ("typed", "n"),
    [("3", 3), ("３", 3), ("三", 3), ("第三个", 3), ("选二", 2), ("十二", 12), ("2号", 2)],
)
def test_numbered_choices_take_digits_and_chinese_numerals(typed: str, n: int) -> None:
    assert parse_choice(typed) == n


@pytest.mark.parametrize("typed", ["三天", "我3岁", "", "第", "abc"])
def test_text_that_is_not_a_choice_is_none(typed: str) -> None:
    assert parse_choice(typed) is None


async def test_a_step_filter_passes_what_it_matched(services: Services) -> None:
    router = Router("filters")

    @router.command("选")
    async def begin(ctx: Context) -> Reply:
        ctx.conv.start(Ask.age)
        return Reply(text="几号?")

    @router.state(Ask.age, Choice())
    async def picked(ctx: Context, n: int) -> Reply:
        ctx.conv.finish()
        return Reply(text=f"第{n}项")

    dispatcher = dispatcher_of(services, router)
    await dispatcher.dispatch(text("选"))
    assert (await dispatcher.dispatch(text("第三个"))).text == "第3项"


async def test_a_command_pattern_passes_its_number(services: Services) -> None:
    router = Router("patterns")
    got: list[int | None] = []

    @router.command("删除就诊人{n}", "删除就诊人")
    async def remove(ctx: Context, n: int | None = None) -> Reply:
        got.append(n)
        return Reply(text="ok")

    @router.command("设为默认{n}", "第{n}位改名")
    async def other(ctx: Context, n: int) -> Reply:
        got.append(-n)
        return Reply(text="ok")

    dispatcher = dispatcher_of(services, router)
    assert dispatcher.pattern_gate is not None  # one match for texts no pattern takes
    for typed in ("删除就诊人 2", "删除就诊人二", "删除就诊人", "删除就诊人１２", "第3位改名"):
        await dispatcher.dispatch(text(typed))
    await dispatcher.dispatch(text("删除就诊人吧"))  # no pattern, no command: not routed here
    assert got == [2, 2, None, 12, -3]


async def test_services_are_injected_by_parameter_name(services: Services) -> None:
    router = Router("inject")

    @router.command("谁")
    async def who(ctx: Context, greeting: str) -> Reply:
        return Reply(text=greeting)

    dispatcher = dispatcher_of(services, router, greeting="您好")
    assert (await dispatcher.dispatch(text("谁"))).text == "您好"


def test_a_handler_asking_for_an_unknown_service_fails_at_start_up(services: Services) -> None:
    router = Router("broken")

    @router.command("x")
    async def needs(ctx: Context, payments: object) -> Reply:
        return Reply(text="")

    with pytest.raises(ValueError, match="'payments', which no service provides"):
        dispatcher_of(services, router, booking=object())


async def test_menu_tap_ends_an_active_flow(services: Services) -> None:
    await services.dispatcher.dispatch(text("意见反馈"))
    assert (await services.conversations.load("o_user1")).state == "feedback:text"
    await services.dispatcher.dispatch(event("click", "HOSPITAL_INFO"))
    assert (await services.conversations.load("o_user1")).state == ""


async def test_exit_words_leave_the_feedback_flow_without_filing_them(
    services: Services,
) -> None:
    await services.dispatcher.dispatch(text("意见反馈"))
    reply = await services.dispatcher.dispatch(text("取消"))
    assert "已退出「意见反馈」" in reply.text
    assert await services.storage.db.feedback.count_documents({}) == 0
    await services.dispatcher.dispatch(text("意见反馈"))
    await services.dispatcher.dispatch(text("挂号排队太久了"))
    assert await services.storage.db.feedback.count_documents({"text": "挂号排队太久了"}) == 1


async def test_cancel_alone_outside_a_flow_leaves_nothing_and_cancels_nothing(
    services: Services,
) -> None:
    reply = await services.dispatcher.dispatch(text("取消"))
    assert "当前没有正在办理的事项" in reply.text and "取消预约" in reply.text
    assert (await services.conversations.load("o_user1")).state == ""


async def test_duplicate_routes_are_refused(services: Services) -> None:
    a, b = Router("a"), Router("b")

    @a.click("X")
    async def one(ctx: Context) -> Reply:
        return Reply(text="1")

    @b.click("X")
    async def two(ctx: Context) -> Reply:
        return Reply(text="2")

    with pytest.raises(ValueError, match="already routed"):
        dispatcher_of(services, a, b)


async def test_non_text_kinds_get_a_helpful_answer(services: Services) -> None:
    msg = Message(openid="o1", kind="image", create_time=1, msg_id="9")
    reply = await services.dispatcher.dispatch(msg)
    assert "文字" in reply.text


async def test_a_typed_command_wins_over_an_active_flow(services: Services) -> None:
    await services.dispatcher.dispatch(text("意见反馈"))
    # Without command precedence the feedback flow would file this as feedback.
    reply = await services.dispatcher.dispatch(text("医院介绍"))
    assert services.settings.hospital["address"] in reply.text
    assert (await services.conversations.load("o_user1")).state == ""
    assert await services.storage.db.feedback.count_documents({}) == 0


async def test_an_interrupted_flow_is_offered_again_and_resumes(services: Services) -> None:
    router = Router("resume")

    class Outer(StatesGroup, flow="outer"):
        step = State()

    @router.command("外")
    async def outer(ctx: Context) -> Reply:
        ctx.conv.start(Outer.step, kept="yes")
        ctx.conv.interrupt(Ask.who)
        return Reply(text="先回答")

    @router.state(Ask.who, AnyText())
    async def inner(ctx: Context, text: str) -> Reply:
        ctx.conv.finish()
        return Reply(text="好的")

    @router.resume(Outer)
    async def back(ctx: Context) -> Reply:
        return Reply(text=f"继续外层 {ctx.conv.slots['kept']}")

    @router.state(NO_STATE, AnyText())
    async def idle(ctx: Context, text: str) -> Reply:
        return Reply(text="idle")

    dispatcher = dispatcher_of(services, router)
    await dispatcher.dispatch(text("外"))
    reply = await dispatcher.dispatch(text("小王"))
    assert reply.text.startswith("好的") and "回复「继续」" in reply.text
    assert (await dispatcher.dispatch(text("继续"))).text == "继续外层 yes"
    assert (await services.conversations.load("o_user1")).state == "outer:step"

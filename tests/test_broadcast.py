"""Broadcasts: one stored job with its audience, expanded in batches, each recipient
reached once on the channel allowed, with progress, pause / resume / cancel."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from booking_support import TODAY, frozen_services, make_schedule, ref
from push_support import due_in, make_due
from test_push_worker import Env, environment

from bot.compose import build_services
from bot.config import Settings
from bot.storage import Storage
from push.broadcast import (
    BATCH_SIZE,
    AudienceError,
    BroadcastBatches,
    Broadcasts,
    ListAudience,
)
from push.delivery import PushDeliveries

FAST = {"per_second": 5000, "burst": 1000}  # the shared limiter is tested elsewhere


def fast(settings: Settings) -> Settings:
    raw = dict(settings.raw)
    raw["push"] = {**raw["push"], "rate_limits": {"custom": FAST, "template": FAST}}
    return settings.with_overrides(raw=raw)


@pytest.fixture
async def env(settings: Settings, storage: Storage) -> AsyncIterator[Env]:
    async with environment(fast(settings), storage) as e:
        yield e


async def followers(env: Env, n: int, prefix: str = "o_f") -> list[str]:
    openids = [f"{prefix}{i:05d}" for i in range(n)]
    for o in openids:
        await env.state.subscribe(o)
        await env.state.backdate(o, 3 * 86400)  # followers who have not written lately
    await env.services.push.lists.store("l1", openids)
    return openids


async def messages(env: Env, openids: list[str]) -> dict[str, list[dict]]:
    return {o: await env.state.outbox(o) for o in openids}


async def test_a_broadcast_reaches_each_recipient_once_on_the_allowed_channel(env: Env) -> None:
    openids = await followers(env, BATCH_SIZE + 30)  # two batches
    await env.seen(openids[0])  # this one wrote recently: customer-service text
    engine = env.services.push.broadcasts
    bid = await engine.create(
        title="门诊调整", body="明天上午儿科门诊调整到2楼", audience="list", params={"list": "l1"}
    )
    assert (await engine.progress(bid)).status == "draft"
    assert await engine.start(bid)

    await env.drain()

    sent = await messages(env, openids)
    assert all(len(m) == 1 for m in sent.values())
    assert sent[openids[0]][0]["kind"] == "custom"
    assert (
        sent[openids[0]][0]["message"]["text"]["content"] == "门诊调整\n明天上午儿科门诊调整到2楼"
    )
    tpl = sent[openids[1]][0]
    assert tpl["kind"] == "template" and tpl["message"]["template_id"] == "TPL_BROADCAST"
    assert tpl["message"]["data"]["keyword1"] == {"value": "明天上午儿科门诊调整到2楼"}
    assert tpl["message"]["client_msg_id"] == bid
    progress = await engine.progress(bid)
    assert (progress.status, progress.total, progress.sent, progress.pending) == (
        "done",
        BATCH_SIZE + 30,
        BATCH_SIZE + 30,
        0,
    )
    assert await env.services.storage.repo(BroadcastBatches).col.count_documents({}) == 2

    await engine.requeue(bid)  # asking again sends nothing twice
    await env.drain()
    assert all(len(m) == 1 for m in (await messages(env, openids)).values())


async def test_unreachable_and_failed_recipients_are_counted_with_reasons(env: Env) -> None:
    openids = await followers(env, 5)
    await env.state.unsubscribe(openids[1])
    await env.services.push.lists.store("l1", ["o_nobody"])  # not a follower at all
    engine = env.services.push.broadcasts
    bid = await engine.create(
        title="通知", body="体检中心搬迁", audience="list", params={"list": "l1"}
    )
    await engine.start(bid)

    await env.drain()

    p = await engine.progress(bid)
    assert (p.total, p.sent, p.failed, p.pending) == (6, 4, 2, 0)
    assert any("unfollowed" in r for r in p.reasons)
    assert any("invalid openid" in r for r in p.reasons)


async def test_a_list_is_paged_in_stored_order_each_member_once(env: Env) -> None:
    lists = env.services.push.lists
    assert await lists.store("l9", ["o_c", "o_a", "o_c", "o_b"]) == 3  # repeat dropped
    await lists._places("l9", 2)  # places taken by a store that lost a race: a gap
    assert await lists.store("l9", ["o_b", "o_e", "o_d"]) == 2  # o_b is already in it
    audience = ListAudience(lists)
    pages, after = [], ""
    while page := await audience.page({"list": "l9"}, after, 2):
        pages.append(page)
        after = page[-1]

    assert pages == [["o_c", "o_a"], ["o_b", "o_e"], ["o_d"]]  # the gap ends no page early
    assert await audience.count({"list": "l9"}) == 5
    assert await audience.page({"list": "nope"}, "", 2) == []


async def test_a_finished_broadcast_whose_end_was_not_counted_is_closed_by_requeue(
    env: Env,
) -> None:
    await followers(env, 3)
    engine = env.services.push.broadcasts
    bid = await engine.create(title="t", body="b", audience="list", params={"list": "l1"})
    await engine.start(bid)
    await env.drain()
    assert (await engine.progress(bid)).status == "done"
    broadcasts = env.services.storage.repo(Broadcasts).col
    # A kill after the batch was marked done, before the broadcast counted it:
    await broadcasts.update_one({"_id": bid}, {"$set": {"status": "running", "batches_done": 0}})

    assert await engine.resume_stalled() == 0  # nothing to send again ...
    assert (await engine.progress(bid)).status == "done"  # ... and the broadcast is closed


async def test_pause_resume_and_cancel(env: Env) -> None:
    openids = await followers(env, 3 * BATCH_SIZE)
    engine = env.services.push.broadcasts
    bid = await engine.create(title="t", body="b", audience="list", params={"list": "l1"})
    await engine.start(bid)
    assert await engine.pause(bid)

    await env.drain()  # the expansion and batches see `paused`: nothing goes out
    assert sum(len(m) for m in (await messages(env, openids)).values()) == 0
    assert (await engine.progress(bid)).pending == (await engine.progress(bid)).total

    assert await engine.resume(bid)
    await env.drain()
    p = await engine.progress(bid)
    assert (p.status, p.sent, p.total) == ("done", 3 * BATCH_SIZE, 3 * BATCH_SIZE)

    other = await engine.create(title="t2", body="b2", audience="list", params={"list": "l1"})
    await engine.start(other)
    assert await engine.cancel(other)
    await env.drain()
    assert (await engine.progress(other)).sent == 0
    assert not await engine.resume(other)  # a cancelled broadcast stays cancelled


async def test_a_45009_storm_defers_the_batch_instead_of_hammering(env: Env) -> None:
    openids = await followers(env, 50)
    await env.state.inject(45009, calls=3)
    engine = env.services.push.broadcasts
    bid = await engine.create(title="t", body="b", audience="list", params={"list": "l1"})
    await engine.start(bid)
    redis = env.services.storage.redis

    await env.drain()

    calls = (await env.state.calls()).get("template_send", 0)
    assert calls <= 20  # one group tried, then the batch waits: not 50 calls into a storm
    assert 1700 < await due_in(redis, f"{bid}:000000") <= 1800  # push.policy's 45009 delay
    env.clock.advance(seconds=1800)
    await make_due(redis)
    await env.drain()

    assert all(len(m) == 1 for m in (await messages(env, openids)).values())
    assert (await engine.progress(bid)).sent == 50


async def test_expired_tokens_cost_one_refresh_and_skip_nobody(env: Env) -> None:
    await followers(env, 2 * BATCH_SIZE)
    engine = env.services.push.broadcasts
    bid = await engine.create(title="t", body="b", audience="list", params={"list": "l1"})
    await engine.start(bid)
    await env.drain()  # first run: tokens fetched, everything sent
    assert (await engine.progress(bid)).sent == 2 * BATCH_SIZE
    before = (await env.state.calls()).get("token", 0)

    await followers(env, BATCH_SIZE, prefix="o_g")  # a second broadcast ...
    await env.services.push.lists.store("l2", [f"o_g{i:05d}" for i in range(BATCH_SIZE)])
    second = await engine.create(title="t", body="b", audience="list", params={"list": "l2"})
    await env.state.expire_tokens("expire")  # ... after every token expired
    await engine.start(second)
    await env.drain()

    assert (await engine.progress(second)).sent == BATCH_SIZE
    assert (await env.state.calls()).get("token", 0) == before + 1  # refreshed once
    deliveries = env.services.storage.repo(PushDeliveries)
    assert await deliveries.col.count_documents({"job": second, "status": "sent"}) == BATCH_SIZE


async def test_audience_appointments_selects_by_department_and_dates(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    day = TODAY + timedelta(days=1)
    eye = await make_schedule(services, day, capacity=5)
    for openid, name in (("o_b", "吴乙"), ("o_a", "周甲"), ("o_c", "郑丙")):
        await services.booking.book(await ref(services, openid, name), eye, idem_key=openid)
    cancelled = await services.booking.appointments.col.find_one({"openid": "o_c"})
    await services.booking.cancel("o_c", cancelled["_id"])
    engine = services.push.broadcasts
    params = {"department": "eye", "day_from": day.isoformat(), "day_to": day.isoformat()}

    assert await engine.audience_size("appointments", params) == 2
    audience = engine.audiences["appointments"]
    assert await audience.page(params, "", 10) == ["o_a", "o_b"]
    assert await audience.page(params, "o_a", 10) == ["o_b"]
    with pytest.raises(AudienceError, match="department, a doctor or a date"):
        await engine.create(title="t", body="b", audience="appointments", params={})
    with pytest.raises(AudienceError, match="unknown audience"):
        await engine.create(title="t", body="b", audience="everyone")


async def test_a_broadcast_without_its_own_text_gets_the_templates_words(
    settings: Settings, storage: Storage
) -> None:
    """push/broadcast.j2 words it (with the link); config.yml `templates:` can point it
    at a hospital's own template."""
    args = {"title": "停水通知", "body": "周六门诊楼停水", "audience": "list", "url": "https://h/x"}
    args["params"] = {"list": "l1"}
    ours = build_services(settings, storage).push.broadcasts
    bid = await ours.create(**args)
    doc = await ours.broadcasts.find_one({"_id": bid})
    assert doc["message"]["text"] == '停水通知\n周六门诊楼停水\n<a href="https://h/x">查看详情</a>'
    theirs = settings.with_overrides(templates={"push/broadcast.j2": "staff/broadcast.j2"})
    engine = build_services(theirs, storage).push.broadcasts
    doc = await engine.broadcasts.find_one({"_id": await engine.create(**args)})
    assert (
        doc["message"]["text"] == '【停水通知】\n周六门诊楼停水\n<a href="https://h/x">查看详情</a>'
    )

"""Deliveries through the job system: queue → channel choice → WeChat (sandbox) →
push_deliveries, at most once each, retried in the time-ordered queue."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiohttp
import pytest
from live_app import live_app
from push_support import due_in, make_due

from bot.clock import FrozenClock
from bot.config import Settings
from bot.sandbox.state import SandboxState
from bot.services import Services
from bot.storage import Storage
from push.channels import SEEN
from push.client import WeChatClient
from push.delivery import PushDeliveries
from push.jobs import QUEUE, ExpiredJobs, Job
from push.outbox import Notice, OutboxRepo
from push.worker import drain_once, run_worker


@dataclass
class Env:
    services: Services
    state: SandboxState
    http: aiohttp.ClientSession
    clock: FrozenClock

    def client(self) -> WeChatClient:
        # A wall clock for the client: its rate limiter must see time pass.
        return WeChatClient(self.services.settings, self.services.storage.redis, self.http)

    async def drain(self) -> int:
        return await drain_once(self.services, client=self.client())

    async def delivery(self, job: str, openid: str) -> dict:
        doc = await self.services.storage.repo(PushDeliveries).get(job, openid)
        assert doc is not None, f"no delivery record for {job} / {openid}"
        return doc

    async def seen(self, openid: str) -> None:
        """The user just wrote (what the /wechat endpoint records, and the sandbox too)."""
        await self.services.storage.redis.set(SEEN + openid, int(self.clock.timestamp()))
        await self.state.touch(openid)

    async def owe(self, key: str, openid: str = "o_patient", **fields: object) -> Notice:
        notice = Notice(
            key=key,
            openid=openid,
            type=str(fields.pop("type", "booking_stopped")),
            text=str(fields.pop("text", "您预约的眼科门诊停诊了")),
            data={"dept": "眼科", "time": "2025-03-04 上午", "reason": "专家外出会诊"},
            **fields,  # type: ignore[arg-type]
        )
        assert await self.services.storage.repo(OutboxRepo).add(notice, now=self.clock.now())
        return notice


@contextlib.asynccontextmanager
async def environment(
    settings: Settings, storage: Storage, **sandbox: object
) -> AsyncIterator[Env]:
    clock = FrozenClock(datetime(2025, 3, 3, 9, 0, 0))
    async with (
        live_app(settings, storage, clock, **sandbox) as (_, services),
        aiohttp.ClientSession() as http,
    ):
        state = SandboxState(storage.redis, services.settings, clock)
        await state.subscribe("o_patient", "张三")
        yield Env(services, state, http, clock)


@pytest.fixture
async def env(settings: Settings, storage: Storage) -> AsyncIterator[Env]:
    async with environment(settings, storage) as e:
        yield e


async def test_within_48_hours_a_notice_goes_out_as_customer_service_text(env: Env) -> None:
    await env.seen("o_patient")
    await env.owe("stop:a1")

    assert await env.drain() == 1

    [sent] = await env.state.outbox("o_patient")
    assert (
        sent["kind"] == "custom" and sent["message"]["text"]["content"] == "您预约的眼科门诊停诊了"
    )
    record = await env.delivery("stop:a1", "o_patient")
    assert (record["status"], record["channel"], record["attempts"]) == ("sent", "custom", 1)
    assert (await env.services.storage.repo(OutboxRepo).get("stop:a1"))["outcome"] == "sent"
    assert await env.drain() == 0  # nothing left, nothing sent again
    assert len(await env.state.outbox("o_patient")) == 1


async def test_outside_the_window_the_configured_template_is_used(env: Env) -> None:
    await env.owe("stop:a2")  # the patient never wrote: no customer-service window

    await env.drain()

    [sent] = await env.state.outbox("o_patient")
    assert sent["kind"] == "template"
    assert sent["message"]["template_id"] == "TPL_BOOKING_STOPPED"  # config.yml push.notices
    assert sent["message"]["data"]["first"] == {"value": "预约的眼科门诊停诊"}
    assert sent["message"]["data"]["remark"]["value"].startswith("停诊原因：专家外出会诊")
    assert sent["message"]["client_msg_id"] == "stop:a2"
    assert (await env.delivery("stop:a2", "o_patient"))["channel"] == "template"


async def test_45015_falls_back_to_the_template_message(env: Env) -> None:
    """Our record says the window is open, WeChat says it is not (45015): the same
    delivery goes out as the template message, once."""
    await env.seen("o_patient")
    await env.state.inject(45015, openid="o_patient", calls=1)  # the next call only
    await env.owe("stop:a3")

    await env.drain()

    kinds = [m["kind"] for m in await env.state.outbox("o_patient")]
    assert kinds == ["template"]
    record = await env.delivery("stop:a3", "o_patient")
    assert record["status"] == "sent" and record["channel"] == "template"


async def test_no_channel_allowed_is_recorded_as_unreachable_with_the_reason(env: Env) -> None:
    # chat_reply has no template: outside the window nothing may reach the user.
    await env.services.outbox.send_text("o_patient", "您的问题已转人工", job_id="wx:late")

    await env.drain()

    assert await env.state.outbox("o_patient") == []
    record = await env.delivery("wx:late", "o_patient")
    assert record["status"] == "unreachable"
    assert "48-hour" in record["reason"] and "no template message" in record["reason"]


async def test_permanent_errors_are_recorded_as_failed(env: Env) -> None:
    await env.state.unsubscribe("o_patient")
    await env.owe("stop:b1")
    await env.owe("stop:b2", openid="o_stranger")

    await env.drain()

    failed = await env.delivery("stop:b1", "o_patient")
    assert failed["status"] == "failed" and failed["errcode"] == 43004
    assert "unfollowed" in failed["reason"]
    assert (await env.delivery("stop:b2", "o_stranger"))["errcode"] == 40003
    assert await env.services.push.queue.queued() == []  # nothing left to retry


async def test_45009_defers_the_job_by_the_policy_delay_then_delivers_once(env: Env) -> None:
    await env.state.inject(45009, calls=3)
    await env.owe("stop:c1")
    redis = env.services.storage.redis

    assert await env.drain() == 1
    record = await env.delivery("stop:c1", "o_patient")
    assert (record["status"], record["errcode"]) == ("retry", 45009)
    # Back in the time-ordered queue for push.policy's 45009 delay (1800 s), not 60 s.
    assert 1700 < await due_in(redis, "stop:c1") <= 1800
    assert await env.drain() == 0  # not due: nothing runs, nothing is sent
    assert await env.state.outbox("o_patient") == []

    env.clock.advance(seconds=1800)
    await make_due(redis)
    await env.drain()  # the storm is still on (2 more calls): deferred again
    env.clock.advance(seconds=1800)
    await make_due(redis)
    await env.drain()
    env.clock.advance(seconds=1800)
    await make_due(redis)
    await env.drain()

    assert len(await env.state.outbox("o_patient")) == 1
    done = await env.delivery("stop:c1", "o_patient")
    assert (done["status"], done["attempts"]) == ("sent", 4)


async def test_a_retried_template_send_whose_answer_was_lost_arrives_once(env: Env) -> None:
    """WeChat sent the message but answered -1: the retry carries the job key as
    client_msg_id, so it is still one message."""
    await env.state.inject(-1, calls=1, delivered=True)
    await env.owe("stop:d1")

    await env.drain()
    assert len(await env.state.outbox("o_patient")) == 1
    assert (await env.delivery("stop:d1", "o_patient"))["status"] == "retry"

    env.clock.advance(seconds=5)
    await make_due(env.services.storage.redis)
    await env.drain()

    [message] = await env.state.outbox("o_patient")
    done = await env.delivery("stop:d1", "o_patient")
    assert (done["status"], done["attempts"], done["msgid"]) == ("sent", 2, message["id"])


async def test_a_send_interrupted_by_a_crash_is_taken_over_once(env: Env) -> None:
    """A worker recorded `sending` (template) and died before the outcome: the next run
    sends again with the same client_msg_id; WeChat keeps one message."""
    await env.owe("stop:e1")
    client = env.client()
    await client.send_template(
        "o_patient", "TPL_BOOKING_STOPPED", {"first": "x"}, client_msg_id="stop:e1"
    )  # what the dead worker's call did
    deliveries = env.services.storage.repo(PushDeliveries)
    await deliveries.col.insert_one(
        {
            "job": "stop:e1",
            "openid": "o_patient",
            "status": "sending",
            "channel": "template",
            "attempts": 1,
            "created_at": env.clock.now(),
            "updated_at": env.clock.now(),
        }
    )

    await env.drain()

    assert len(await env.state.outbox("o_patient")) == 1
    assert (await env.delivery("stop:e1", "o_patient"))["status"] == "sent"


async def test_a_notice_past_its_deadline_is_dropped_and_recorded(env: Env) -> None:
    await env.owe(
        "offer:w1",
        type="waitlist_offer",
        text="有名额了",
        not_after=env.clock.now() + timedelta(minutes=10),
    )
    env.clock.advance(minutes=11)  # the worker could not get to it in time

    await env.drain()

    assert await env.state.outbox("o_patient") == []
    record = await env.delivery("offer:w1", "o_patient")
    assert record["status"] == "expired" and "deadline" in record["reason"]
    assert (await env.services.storage.repo(OutboxRepo).get("offer:w1"))["outcome"] == "expired"
    await env.drain()
    assert await env.state.outbox("o_patient") == []  # never delivered late


async def test_a_job_started_after_its_deadline_is_recorded_not_run(env: Env) -> None:
    runs: list[str] = []

    async def remind(text: str) -> None:
        runs.append(text)

    env.services.jobs = [*env.services.jobs, Job("test.remind", remind)]
    queue = env.services.push.queue
    await queue.enqueue(
        "test.remind", "8:30前取号", job_id="r1", not_after=env.clock.now() + timedelta(minutes=5)
    )
    await queue.enqueue("test.remind", "按时", job_id="r2")
    env.clock.advance(minutes=6)

    assert await env.drain() == 2

    assert runs == ["按时"]
    dropped = await env.services.storage.repo(ExpiredJobs).col.find_one({"_id": "r1"})
    assert dropped is not None and dropped["function"] == "test.remind"
    assert dropped["args"] == ["8:30前取号"]


async def test_the_same_job_id_is_queued_and_delivered_once(env: Env) -> None:
    await env.seen("o_patient")
    outbox = env.services.outbox
    assert await outbox.send_text("o_patient", "答复", job_id="wx:o_patient:1")
    assert not await outbox.send_text("o_patient", "答复", job_id="wx:o_patient:1")

    await env.drain()
    await outbox.send_text("o_patient", "答复", job_id="wx:o_patient:1")  # a late repeat
    await env.drain()

    assert len(await env.state.outbox("o_patient")) == 1


async def test_run_worker_relays_and_delivers_until_stopped(env: Env) -> None:
    await env.owe("stop:f1")
    stop = asyncio.Event()
    services = env.services
    task = asyncio.create_task(run_worker(services.push, services.jobs, stop))
    owed = services.storage.repo(OutboxRepo)
    # Wait on the outcome itself: the notice marked done by its delivery.
    async with asyncio.timeout(15):
        while (await owed.get("stop:f1") or {}).get("status") != "done":
            await services.storage.redis.ping()  # yield to the worker between checks
    stop.set()
    await asyncio.wait_for(task, 15)
    assert len(await env.state.outbox("o_patient")) == 1
    assert await services.storage.redis.zcard(QUEUE) == 0

"""The push worker: stream → WeChat (sandbox) → push_deliveries, at most once each."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import aiohttp
import pytest
from live_app import live_app

from bot.clock import FrozenClock
from bot.config import Settings
from bot.sandbox.state import SandboxState
from bot.services import Services
from bot.storage import Storage
from push.client import WeChatClient
from push.outbox import STREAM
from push.worker import GROUP, PushDeliveries, PushWorker, WorkerConfig, _decode, drain_once


@dataclass
class Env:
    services: Services
    state: SandboxState
    http: aiohttp.ClientSession
    clock: FrozenClock

    def worker(self, consumer: str) -> PushWorker:
        client = WeChatClient(self.services.settings, self.services.storage.redis, self.http)
        return PushWorker(self.services, client, WorkerConfig(), consumer=consumer)

    async def delivery(self, job: str, openid: str) -> dict:
        doc = await self.services.storage.repo(PushDeliveries).get(job, openid)
        assert doc is not None
        return doc

    async def pending(self) -> int:
        info = await self.services.storage.redis.xpending(STREAM, GROUP)
        return int(info["pending"])


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


async def test_queued_jobs_are_delivered_and_recorded(env: Env) -> None:
    await env.state.add_template("TPL_APPT")
    outbox = env.services.outbox
    await outbox.send_text("o_patient", "您预约的号源已确认", job_id="appt-1:text")
    await outbox.send_template(
        "o_patient", "TPL_APPT", {"first": "预约成功", "keyword1": "眼科"}, job_id="appt-1:tpl"
    )

    assert await drain_once(env.services) == 2

    sent = await env.state.outbox("o_patient")
    assert [m["kind"] for m in sent] == ["custom", "template"]
    assert sent[0]["message"]["text"]["content"] == "您预约的号源已确认"
    assert sent[1]["message"]["data"]["keyword1"] == {"value": "眼科"}
    text = await env.delivery("appt-1:text", "o_patient")
    tpl = await env.delivery("appt-1:tpl", "o_patient")
    assert text["status"] == "sent" and text["attempts"] == 1
    assert tpl["status"] == "sent" and tpl["msgid"] == sent[1]["id"]
    assert await env.pending() == 0
    assert await drain_once(env.services) == 0  # nothing left, nothing sent again
    assert len(await env.state.outbox("o_patient")) == 2


async def test_entry_delivered_but_not_acked_is_not_sent_again(env: Env) -> None:
    """Worker A sends, then crashes before XACK; worker B claims the entry."""
    await env.services.outbox.send_text("o_patient", "明天上午 9:00 眼科复诊", job_id="remind-7")
    a, b = env.worker("worker-a"), env.worker("worker-b")
    await a.start()
    [(_, entries)] = await env.services.storage.redis.xreadgroup(
        GROUP, "worker-a", {STREAM: ">"}, count=10
    )
    [(entry_id, fields)] = entries
    assert await a.process(_decode(entry_id, fields))  # sent, would ack... then the crash
    assert await env.pending() == 1

    assert await b.drain_once(claim_idle_seconds=0) == 1
    assert await env.pending() == 0
    assert len(await env.state.outbox("o_patient")) == 1  # still exactly one message
    assert (await env.delivery("remind-7", "o_patient"))["status"] == "sent"


async def test_entry_read_by_a_crashed_worker_is_claimed_and_sent_once(env: Env) -> None:
    await env.services.outbox.send_text("o_patient", "请于 10:30 前到 3 楼候诊", job_id="queue-3")
    dead = env.worker("worker-dead")
    await dead.start()
    await env.services.storage.redis.xreadgroup(GROUP, "worker-dead", {STREAM: ">"}, count=10)

    assert await env.worker("worker-b").drain_once() == 0  # not idle long enough yet
    assert len(await env.state.outbox("o_patient")) == 0
    assert await env.worker("worker-b").drain_once(claim_idle_seconds=0) == 1
    assert await env.worker("worker-c").drain_once(claim_idle_seconds=0) == 0
    sent = await env.state.outbox("o_patient")
    assert [m["message"]["text"]["content"] for m in sent] == ["请于 10:30 前到 3 楼候诊"]
    assert await env.pending() == 0


async def test_permanent_error_is_recorded_as_failed_and_acked(env: Env) -> None:
    await env.state.unsubscribe("o_patient")
    await env.services.outbox.send_text("o_patient", "您的报告已出", job_id="report-9")
    await env.services.outbox.send_text("o_stranger", "您好", job_id="hello-1")

    assert await drain_once(env.services) == 2

    failed = await env.delivery("report-9", "o_patient")
    assert failed["status"] == "failed" and failed["errcode"] == 43004
    assert (await env.delivery("hello-1", "o_stranger"))["errcode"] == 40003
    assert await env.pending() == 0
    assert await drain_once(env.services, claim_idle_seconds=0) == 0


async def test_transient_error_is_retried_with_backoff(
    settings: Settings, storage: Storage
) -> None:
    async with environment(settings, storage, rate_limit_per_minute=1) as env:
        await env.services.outbox.send_text("o_patient", "一", job_id="j1")
        await env.services.outbox.send_text("o_patient", "二", job_id="j2")
        assert await drain_once(env.services) == 2
        retry = await env.delivery("j2", "o_patient")
        assert retry["status"] == "retry" and retry["errcode"] == 45011
        assert await env.pending() == 1  # kept for a later attempt

        env.clock.advance(seconds=2)  # backoff (5 s) not over: claimed but not sent
        assert await drain_once(env.services, claim_idle_seconds=0) == 1
        assert (await env.delivery("j2", "o_patient"))["status"] == "retry"

        env.clock.advance(minutes=1)  # backoff over, new rate-limit minute
        assert await drain_once(env.services, claim_idle_seconds=0) == 1
        done = await env.delivery("j2", "o_patient")
        assert done["status"] == "sent" and done["attempts"] == 2
        assert await env.pending() == 0
        sent = [m["message"]["text"]["content"] for m in await env.state.outbox("o_patient")]
        assert sent == ["一", "二"]


async def test_run_worker_stops_when_asked(env: Env) -> None:
    import asyncio

    from push.worker import run_worker

    await env.services.outbox.send_text("o_patient", "运行中", job_id="live-1")
    stop = asyncio.Event()
    task = asyncio.create_task(run_worker(env.services, stop, config=WorkerConfig(block_ms=50)))
    redis = env.services.storage.redis
    # Wait on the outcome itself: the delivery record turning `sent`.
    deliveries = env.services.storage.repo(PushDeliveries)
    async with asyncio.timeout(10):
        while (await deliveries.get("live-1", "o_patient") or {}).get("status") != "sent":
            await redis.ping()  # yield to the worker between checks
    stop.set()
    await asyncio.wait_for(task, 5)
    assert len(await env.state.outbox("o_patient")) == 1

"""The deadline fallback end to end: a handler that sleeps past the reply budget.

The real app on a loopback port with the sandbox standing in for WeChat: `/wechat`
answers `success` in time, the late reply goes onto `push:jobs`, and the push worker
delivers it through the sandbox's customer-service API, which records it for the user.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import aiohttp
import pytest
from live_app import live_app
from push_support import next_queued

from bot.clock import Clock
from bot.compose import ROUTERS
from bot.config import Settings
from bot.dialogue.context import Context
from bot.dialogue.router import Router
from bot.dialogue.types import Reply
from bot.sandbox.platform import UserAction, request_for
from bot.services import Services
from bot.storage import Storage
from push.delivery import PushDeliveries
from push.worker import drain_once

AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
BUDGET_SECONDS = 0.2
HANDLER_SECONDS = 0.6
SLOW_COMMAND = "慢慢查"
SLOW_TEXT = "您的检查结果已整理好，请查收。"
OPENID = "o_slow_patient_01"
MSG_ID = 24_000_000_000_000_777
WORKER_PASSES = 5

slow = Router("slow_lookup")


@slow.command(SLOW_COMMAND)
async def slow_lookup(ctx: Context) -> Reply:
    await asyncio.sleep(HANDLER_SECONDS)  # the slow handler under test, not synchronisation
    return Reply(text=SLOW_TEXT)


@contextlib.asynccontextmanager
async def served(
    settings: Settings, storage: Storage, clock: Clock
) -> AsyncIterator[tuple[aiohttp.ClientSession, Services]]:
    """`create_app` on a real loopback socket, the sandbox pointed at that same server."""
    async with (
        live_app(settings, storage, clock, routers=[*ROUTERS, slow]) as (base, services),
        aiohttp.ClientSession(base_url=base) as http,
    ):
        yield http, services


async def sandbox_outbox(http: aiohttp.ClientSession, openid: str) -> list[dict[str, Any]]:
    async with http.get("/sandbox/chat/api/messages", params={"openid": openid}) as resp:
        assert resp.status == 200
        return (await resp.json())["messages"]


@pytest.mark.parametrize("aes_key", ["", AES_KEY], ids=["plaintext", "safe-mode"])
async def test_slow_handler_reply_arrives_as_customer_service_message(
    settings: Settings, storage: Storage, clock: Clock, aes_key: str
) -> None:
    settings = settings.with_overrides(
        wechat=replace(settings.wechat, aes_key=aes_key),
        limits=replace(settings.limits, reply_budget_seconds=BUDGET_SECONDS),
    )
    async with served(settings, storage, clock) as (http, services):
        # The patient follows the account first (the 48 h customer-service window opens).
        async with http.post(
            "/sandbox/admin/users", json={"openid": OPENID, "nickname": "小慢"}
        ) as resp:
            assert resp.status == 200 and (await resp.json())["ok"]

        # WeChat pushes the patient's message; the handler outlives the budget.
        params, body = request_for(
            services.settings,
            UserAction(OPENID, "text", content=SLOW_COMMAND),
            to_user=str(settings.sandbox.get("original_id") or "gh_sandbox00001"),
            create_time=int(clock.timestamp()),
            msg_id=MSG_ID,
            timestamp=int(clock.timestamp()),
            nonce="20240601",
        )
        async with http.post("/wechat", params=params, data=body) as resp:
            assert resp.status == 200
            assert await resp.text() == "success"
        assert await sandbox_outbox(http, OPENID) == []  # nothing pushed yet

        # The finished dispatch queues its reply; block until the job is queued.
        job_key = await next_queued(storage.redis)
        assert job_key == f"wx:{OPENID}:{MSG_ID}"  # retry keys are scoped to the sender
        [job] = await services.push.queue.queued()
        assert job.function == "push.send" and job.args[1] == OPENID

        # The push worker delivers it through the sandbox's customer-service API.
        deliveries = storage.repo(PushDeliveries)
        doc: dict[str, Any] | None = None
        for _ in range(WORKER_PASSES):
            await drain_once(services)
            doc = await deliveries.get(job_key, OPENID)
            if doc is not None and doc["status"] == "sent":
                break
        assert doc is not None and doc["status"] == "sent", doc

        pushed = await sandbox_outbox(http, OPENID)
        assert [(m["kind"], m["type"], m["content"]) for m in pushed] == [
            ("custom", "text", SLOW_TEXT)
        ]

        # Another worker pass sends nothing twice: one delivery record, one message.
        await drain_once(services)
        assert await deliveries.col.count_documents({"openid": OPENID}) == 1
        assert len(await sandbox_outbox(http, OPENID)) == 1

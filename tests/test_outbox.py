"""The transactional outbox: a notice commits or aborts with the change that owes it,
is recorded once per key, and reaches the patient once through the relay."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from arq.constants import job_key_prefix
from pymongo.asynchronous.client_session import AsyncClientSession
from test_push_worker import Env, environment

from bot.config import Settings
from bot.storage import Storage
from push.jobs import QUEUE
from push.outbox import REQUEUE_AFTER, Notice, OutboxRepo

NOTICE = Notice(
    key="stop:ap1", openid="o_patient", type="booking_stopped", text="您预约的门诊停诊了"
)


@pytest.fixture
async def env(settings: Settings, storage: Storage) -> AsyncIterator[Env]:
    async with environment(settings, storage) as e:
        yield e


async def test_notice_commits_with_the_change_that_owes_it(env: Env) -> None:
    storage = env.services.storage
    repo = storage.repo(OutboxRepo)
    now = env.clock.now()

    async def stop(session: AsyncClientSession) -> None:
        await storage.db["t_appointments"].insert_one(
            {"_id": "ap1", "status": "stopped"}, session=session
        )
        assert await repo.add(NOTICE, now=now, session=session)

    await storage.transaction(stop)
    assert (await repo.get("stop:ap1"))["status"] == "pending"
    assert await storage.db["t_appointments"].count_documents({}) == 1


async def test_notice_aborts_with_the_change(env: Env) -> None:
    storage = env.services.storage
    repo = storage.repo(OutboxRepo)

    async def stop(session: AsyncClientSession) -> None:
        await storage.db["t_appointments"].insert_one(
            {"_id": "ap1", "status": "stopped"}, session=session
        )
        await repo.add(NOTICE, now=env.clock.now(), session=session)
        raise RuntimeError("crash before commit")

    with pytest.raises(RuntimeError):
        await storage.transaction(stop)
    assert await repo.get("stop:ap1") is None
    assert await storage.db["t_appointments"].count_documents({}) == 0


async def test_one_notice_per_key_delivered_once(env: Env) -> None:
    repo = env.services.storage.repo(OutboxRepo)
    assert await repo.add(NOTICE, now=env.clock.now())
    assert not await repo.add(NOTICE, now=env.clock.now())  # owed once, whoever asks again

    await env.seen("o_patient")
    await env.drain()
    await env.drain()

    sent = await env.state.outbox("o_patient")
    assert [m["message"]["text"]["content"] for m in sent] == ["您预约的门诊停诊了"]
    assert (await repo.get("stop:ap1"))["status"] == "done"


async def test_relay_that_crashed_after_enqueue_still_sends_once(env: Env) -> None:
    """The relay enqueued the notice, then died before marking it: the next relay
    enqueues it again under the same job id, and one message goes out."""
    repo = env.services.storage.repo(OutboxRepo)
    await env.seen("o_patient")
    await repo.add(NOTICE, now=env.clock.now())
    await env.services.push.queue.enqueue("push.deliver", NOTICE.key, job_id=NOTICE.key)

    await env.drain()

    sent = await env.state.outbox("o_patient")
    assert len(sent) == 1


async def test_a_queued_notice_whose_job_was_lost_is_queued_again(env: Env) -> None:
    """Redis lost the job (restarted without its append-only file): the notice is still
    `queued` in MongoDB, and after REQUEUE_AFTER the relay queues it again: one message."""
    repo = env.services.storage.repo(OutboxRepo)
    await env.seen("o_patient")
    await repo.add(NOTICE, now=env.clock.now())
    assert await env.services.push.relay_once() == 1
    await env.services.storage.redis.delete(QUEUE, job_key_prefix + NOTICE.key)  # lost

    await env.drain()
    assert await env.state.outbox("o_patient") == []  # too early to call it lost
    assert (await repo.get("stop:ap1"))["status"] == "queued"

    env.clock.advance(seconds=REQUEUE_AFTER.total_seconds() + 1)
    await env.seen("o_patient")
    await env.drain()
    await env.drain()

    sent = await env.state.outbox("o_patient")
    assert [m["message"]["text"]["content"] for m in sent] == ["您预约的门诊停诊了"]
    assert (await repo.get("stop:ap1"))["status"] == "done"

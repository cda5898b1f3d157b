"""The accounts that may have patients (`handlers/patients/repo.py`, `AccountIndex`).

An account with no patient is answered without a MongoDB query: the conversation's
lock script reads the Redis set in the same round trip. MongoDB commands are counted
on the wire by a pymongo `CommandListener` on the test's own client; the replies are
compared with those the MongoDB path gives (the set not complete), so the shortcut
changes no answer. Each writer lists the account before and after its insert; nothing
is removed; a rebuild adds everything and marks the set complete only while it still
holds its lock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from booking_support import (
    TODAY,
    Commands,
    add_patient,
    counted_services,
    frozen_services,
    id_number,
    make_schedule,
    ref,
)
from chat_support import Chat

from bot.app import create_app
from bot.config import Settings
from bot.dialogue import Message
from bot.services import Services
from bot.storage import Storage
from handlers.patients.repo import AccountIndex

MIX = ("我要挂号", "前面还有几个人", "缴费")
# Other first taps answered from the set too: the patient list, the check-in code,
# cancelling (upcoming appointments only), the inpatient deposit.
ALSO = ("就诊人", "签到", "取消预约", "预交金")


@pytest.fixture
async def counted(settings: Settings) -> AsyncIterator[tuple[Services, Commands]]:
    listener = Commands()
    async with counted_services(settings, listener) as services:
        yield services, listener


@pytest.fixture
async def app(
    aiohttp_client: Any, counted: tuple[Services, Commands]
) -> tuple[TestClient, Services, Commands]:
    services, listener = counted
    client = await aiohttp_client(create_app(services.settings, services=services))
    await built(services)  # the app's start-up rebuild
    return client, services, listener


def index(services: Services) -> AccountIndex:
    return services.patients.repo.accounts


async def built(services: Services) -> None:
    """Wait for the rebuild in the background (started at start-up or by a reader)."""
    task = index(services).building
    if task is not None:
        assert await task


async def costs(chat: Chat, listener: Commands, text: str) -> tuple[str, int]:
    """The reply to `text` through `/wechat`, and the MongoDB commands it cost."""
    before = listener.count
    reply = await chat.say(text)
    return reply, listener.count - before


async def test_an_account_without_patients_is_answered_without_mongodb(
    app: tuple[TestClient, Services, Commands],
) -> None:
    client, services, listener = app
    accounts = index(services)
    assert await services.storage.redis.exists(accounts.complete)
    slow = {}
    for text in MIX + ALSO:
        # The set not complete: the MongoDB path, which answers as before the set
        # existed; the reader asks for a rebuild.
        await services.storage.redis.delete(accounts.complete)
        chat = Chat(client, services, f"o_slow_{text}")
        slow[text], queries = await costs(chat, listener, text)
        assert queries >= 1, text
        await built(services)
    for text in MIX + ALSO:
        reply, queries = await costs(Chat(client, services, f"o_new_{text}"), listener, text)
        assert queries == 0, text
        assert reply == slow[text]
    # The dispatcher's own acquire (`queue_acquire`, as `hospital-bot run`'s simulator
    # uses) reads the set in its round trip too.
    before = listener.count
    msg = Message(openid="o_direct", kind="text", create_time=1, text="缴费")
    assert (await services.dispatcher.dispatch(msg)).text == slow["缴费"]
    assert listener.count == before


async def test_a_patient_added_is_seen_at_once(
    app: tuple[TestClient, Services, Commands],
) -> None:
    client, services, listener = app
    chat = Chat(client, services, "o_family")
    need_patient, queries = await costs(chat, listener, "我要挂号")
    assert queries == 0 and "就诊人" in need_patient
    await chat.say("取消")
    # Added elsewhere (the H5 page), not under the chat's conversation lock.
    patient = await add_patient(services, "o_family", "王小明")
    assert await services.storage.redis.sismember(index(services).members, "o_family")
    reply, queries = await costs(chat, listener, "我要挂号")
    assert queries >= 1 and reply.startswith("请问挂哪个科室")
    state, slots = await chat.state()
    assert state == "booking:department" and slots["patient_id"] == patient.id


async def test_a_patient_added_in_chat_is_booked_for_right_after(
    app: tuple[TestClient, Services, Commands],
) -> None:
    """ "我要挂号" with no patient (answered from the set) interrupts the booking to add
    one; after the patient is saved the booking resumes with that patient."""
    client, services, listener = app
    chat = Chat(client, services, "o_chat_add")
    _, queries = await costs(chat, listener, "我要挂号")
    assert queries == 0
    await chat.say("李四")
    await chat.say(id_number(900))
    await chat.say("13812345678")
    added = await chat.say("本人")
    assert "李四" in added and "继续" in added
    resumed = await chat.say("继续")
    assert resumed.startswith("请问挂哪个科室")
    state, slots = await chat.state()
    assert state == "booking:department" and slots["patient_name"] == "李四"
    assert await services.storage.redis.sismember(index(services).members, "o_chat_add")


async def test_flushed_redis_falls_back_to_mongodb_and_rebuilds(
    app: tuple[TestClient, Services, Commands],
) -> None:
    client, services, listener = app
    await add_patient(services, "o_known", "赵六")
    await services.storage.redis.flushdb()  # FLUSHALL, a restart without persistence
    accounts = index(services)
    # Nothing in Redis: a new account is asked about in MongoDB (a correct answer), and
    # the reader starts a rebuild.
    reply, queries = await costs(Chat(client, services, "o_stranger"), listener, "缴费")
    assert queries >= 1
    assert accounts.building is not None
    await built(services)
    assert await services.storage.redis.exists(accounts.complete)
    assert await services.storage.redis.sismember(accounts.members, "o_known")
    again, queries = await costs(Chat(client, services, "o_stranger2"), listener, "缴费")
    assert queries == 0 and again == reply
    known = Chat(client, services, "o_known")
    booking, queries = await costs(known, listener, "我要挂号")
    assert queries >= 1 and booking.startswith("请问挂哪个科室")
    assert (await known.state())[1]["patient_name"] == "赵六"


async def test_a_crash_between_listing_and_insert_stays_correct(
    app: tuple[TestClient, Services, Commands],
) -> None:
    """Listed, then the process died before the insert: a member with no patient costs
    the query it costs without the set, and the answer is still "no patient"."""
    client, services, listener = app
    fresh, queries = await costs(Chat(client, services, "o_fresh"), listener, "我要挂号")
    assert queries == 0
    await index(services).add("o_crashed")
    reply, queries = await costs(Chat(client, services, "o_crashed"), listener, "我要挂号")
    assert queries >= 1 and reply == fresh


async def test_removing_the_last_patient_keeps_the_account_listed(
    app: tuple[TestClient, Services, Commands],
) -> None:
    client, services, listener = app
    fresh, _ = await costs(Chat(client, services, "o_fresh"), listener, "我要挂号")
    patient = await add_patient(services, "o_leaving", "钱七")
    assert await services.patients.remove("o_leaving", patient.id) is not None
    assert await services.storage.redis.sismember(index(services).members, "o_leaving")
    reply, queries = await costs(Chat(client, services, "o_leaving"), listener, "我要挂号")
    assert queries >= 1 and reply == fresh


async def test_an_appointment_that_outlived_its_patient_keeps_the_account_listed(
    app: tuple[TestClient, Services, Commands],
) -> None:
    """Booking checks the patient before its transaction and a removal checks the
    appointments before its delete, so an active appointment may outlive its patient
    document: a rebuild lists the accounts of active appointments too, and the queue
    still finds it."""
    client, services, listener = app
    sid = await make_schedule(services, TODAY + timedelta(days=1), "上午")
    p = await ref(services, "o_orphan", "孙八")
    await services.booking.book(p, sid, idem_key="orphan")
    await services.patients.repo.col.delete_many({"openid": "o_orphan"})
    await services.storage.redis.flushdb()
    assert await index(services).rebuild()
    assert await services.storage.redis.sismember(index(services).members, "o_orphan")
    none, _ = await costs(Chat(client, services, "o_nobody"), listener, "前面还有几个人")
    assert none.startswith("您没有待就诊的预约")
    reply, queries = await costs(Chat(client, services, "o_orphan"), listener, "前面还有几个人")
    assert queries >= 1 and reply.startswith("您今天没有候诊中的预约")  # tomorrow's


async def test_listing_around_a_write_survives_a_flush_in_between(
    counted: tuple[Services, Commands],
) -> None:
    """Redis lost its data after the writer listed the account and the rebuild's scan
    ran before the insert: the writer's second SADD lists it again."""
    services, _ = counted
    accounts, redis = index(services), services.storage.redis
    async with accounts.listing("o_gap"):
        await redis.flushdb()
        assert await accounts.rebuild()
        assert not await redis.sismember(accounts.members, "o_gap")
        await services.patients.repo.col.insert_one({"openid": "o_gap", "slot": 1})
    assert await redis.sismember(accounts.members, "o_gap")


async def test_a_rebuild_that_lost_its_lock_does_not_mark_the_set_complete(
    counted: tuple[Services, Commands],
) -> None:
    services, _ = counted
    accounts, redis = index(services), services.storage.redis
    await add_patient(services, "o_before", "周九")

    async def flushed_meanwhile() -> AsyncIterator[str]:
        await redis.flushdb()  # takes the lock and the members added so far
        yield "o_appointment"

    accounts.sources = [flushed_meanwhile]
    assert await accounts.rebuild() is False
    assert not await redis.exists(accounts.complete)
    assert not await redis.exists(accounts.lock)

    accounts.sources = []
    assert await accounts.rebuild()
    assert await redis.sismember(accounts.members, "o_before")
    # Another process's rebuild holds the lock: no second one.
    await redis.delete(accounts.complete)
    await redis.set(accounts.lock, "theirs")
    assert await accounts.rebuild() is False


async def test_two_databases_on_one_redis_never_share_the_set(
    counted: tuple[Services, Commands], settings: Settings
) -> None:
    services, _ = counted
    other = Storage(settings.mongodb_uri, settings.redis_url, settings.database + "_b")
    try:
        theirs = frozen_services(settings.with_overrides(database=other.db.name), other)
        assert index(theirs).members != index(services).members
        assert index(theirs).complete != index(services).complete
    finally:
        await other.close()

"""Auto-pipelined Redis batches on the real redis-server: one write for the batches of
one loop iteration, each batch its own replies, scripts by SHA with an EVAL fallback,
errors raised, a silent or lost connection failing only what was in flight."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError

from bot.config import Settings
from bot.redis_batch import AutoPipeline, Batch, Packed, PoolBatches, Script, pack
from bot.storage import Storage

ECHO = Script("return {KEYS[1], ARGV[1]}")


@pytest.fixture
async def mux(settings: Settings, storage: Storage) -> AsyncIterator[AutoPipeline]:
    auto = AutoPipeline(settings.redis_url)
    yield auto
    await auto.close()


def batch(*commands: tuple[object, ...]) -> Batch:
    b = Batch()
    for c in commands:
        b.add(*c)  # type: ignore[arg-type]
    return b


def test_commands_are_packed_as_resp() -> None:
    assert pack(("SET", "k", "值", 5, 1.5, b"\x00")) == (
        b"*6\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\xe5\x80\xbc\r\n$1\r\n5\r\n$3\r\n1.5\r\n$1\r\n\x00\r\n"
    )
    with pytest.raises(TypeError):
        pack(("SET", "k", True))
    assert pack(Packed("HINCRBY", "h", "意图", 1)) == pack(("HINCRBY", "h", "意图", 1))


async def test_packed_commands_run_like_any_other(mux: AutoPipeline, storage: Storage) -> None:
    increment = Packed("HINCRBY", "counts", "msg", 1)
    for runner in (mux, PoolBatches(storage.redis)):
        b = Batch()
        b.add_packed(increment)
        b.add("HGET", "counts", "msg")
        b.add_packed(increment)
        first, read, second = await runner.execute(b)
        assert (second - first, int(read)) == (1, first)
    assert await storage.redis.hget("counts", "msg") == b"4"


async def test_concurrent_batches_share_one_write_and_get_their_own_replies(
    mux: AutoPipeline, storage: Storage
) -> None:
    await mux.execute(batch(("PING",)))  # connected
    before = mux.writes
    results = await asyncio.gather(
        *(
            mux.execute(batch(("SET", f"k{i}", f"v{i}"), ("INCRBY", "n", i), ("GET", f"k{i}")))
            for i in range(20)
        )
    )
    assert mux.writes - before == 1  # twenty messages' batches, one system call
    assert [r[0] for r in results] == [b"OK"] * 20
    assert [r[2] for r in results] == [f"v{i}".encode() for i in range(20)]
    assert sorted(r[1] for r in results) == sorted(sum(range(i + 1)) for i in range(20))
    assert await storage.redis.get("n") == str(sum(range(20))).encode()


async def test_a_script_runs_by_sha_and_is_taught_to_redis_once(
    mux: AutoPipeline, storage: Storage
) -> None:
    await storage.redis.script_flush()
    b = Batch()
    b.call(ECHO, ["key"], ["arg"])
    assert await mux.execute(b) == [[b"key", b"arg"]]  # NOSCRIPT, then EVAL
    assert await storage.redis.script_exists(ECHO.sha) == [True]
    before = mux.writes
    b = Batch()
    b.call(ECHO, ["k2"], [7])
    assert await mux.execute(b) == [[b"k2", b"7"]]
    assert mux.writes - before == 1  # EVALSHA alone now


async def test_an_error_reply_is_raised_after_the_whole_batch_ran(
    mux: AutoPipeline, storage: Storage
) -> None:
    await storage.redis.set("text", "x")
    with pytest.raises(ResponseError):
        await mux.execute(batch(("INCR", "text"), ("SET", "after", "1")))
    assert await storage.redis.get("after") == b"1"
    assert await mux.execute(batch(("GET", "after"))) == [b"1"]  # still in step


async def test_a_silent_connection_fails_what_is_in_flight_then_reconnects(
    settings: Settings, storage: Storage
) -> None:
    auto = AutoPipeline(settings.redis_url, timeout=0.3)
    try:
        with pytest.raises(RedisConnectionError):
            await auto.execute(batch(("BLPOP", "never-pushed", 30)))  # blocks past timeout
        assert await auto.execute(batch(("PING",))) == [b"PONG"]
    finally:
        await auto.close()


async def test_a_killed_connection_is_replaced_on_the_next_batch(
    mux: AutoPipeline, storage: Storage
) -> None:
    (client_id,) = await mux.execute(batch(("CLIENT", "ID")))
    assert await storage.redis.execute_command("CLIENT", "KILL", "ID", client_id) == 1
    replies: list[object] = []
    for _ in range(2):  # the first may still see the dying connection
        try:
            replies = await mux.execute(batch(("PING",)))
            break
        except RedisConnectionError:
            continue
    assert replies == [b"PONG"]


async def test_the_database_and_password_of_the_url_are_used(
    settings: Settings, storage: Storage
) -> None:
    base = settings.redis_url.rsplit("/", 1)[0]
    auto = AutoPipeline(f"{base}/3")
    other = aioredis.Redis.from_url(f"{base}/3")
    try:
        await auto.execute(batch(("SET", "db3-key", "here")))
        assert await other.get("db3-key") == b"here"
        assert await storage.redis.get("db3-key") is None  # not in the test's database
        await other.delete("db3-key")
        wrong = AutoPipeline(base.replace("redis://", "redis://:wrong-password@") + "/0")
        with pytest.raises(RedisConnectionError):
            await wrong.execute(batch(("PING",)))
    finally:
        await other.aclose()
        await auto.close()


async def test_pool_batches_answer_like_the_auto_pipeline(storage: Storage) -> None:
    pooled = PoolBatches(storage.redis)
    await storage.redis.script_flush()
    b = batch(("SET", "p", "1"), ("GET", "p"))
    b.call(ECHO, ["k"], ["a"])
    assert await pooled.execute(b) == [True, b"1", [b"k", b"a"]]
    with pytest.raises(ResponseError):
        await pooled.execute(batch(("INCR", "p"), ("HGET", "p", "f")))

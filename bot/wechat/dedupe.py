"""WeChat retry de-duplication in Redis.

WeChat retries a message three times when it gets no answer within 5 s, with the same
MsgId (events: the same CreateTime); the key is always scoped to the sender
(`Message.dedupe_key`). The first delivery claims the key with `SET NX EX`, in the same
pipeline that records the request's (timestamp, nonce) stamp (`replay`), takes the
sender's conversation lock and reads the conversation (`ConversationStore.queue_acquire`);
when it has answered it stores the plaintext reply XML (`SET` + `PUBLISH`) in the
pipeline that saves the conversation and releases the lock. A retry never runs the business logic again: it answers
the stored reply, or — while the first is still in flight — waits for it (pub/sub, so
it works across `serve` processes) until its own budget runs out and then answers
`success`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.asyncio.client import Pipeline

from bot.dialogue.state import Conversation, ConversationStore, Lease
from bot.wechat.errors import Forbidden
from bot.wechat.replay import Stamp

PREFIX = "wx:msg:"
CHANNEL = "wx:msg:done:"
PENDING = b"p"  # first delivery still running
DEFERRED = b"d"  # first delivery answered `success`; the reply goes out as a push
DONE = b"r"  # followed by the plaintext reply XML ("" means `success`)


@dataclass(frozen=True)
class Outcome:
    """What a retry should answer: the first delivery's XML, or nothing (`success`)."""

    state: str  # done | deferred | pending | expired
    xml: str = ""


def _outcome(value: bytes | None) -> Outcome | None:
    if value is None:
        return Outcome("expired")
    if value.startswith(DONE):
        return Outcome("done", value[len(DONE) :].decode("utf-8"))
    if value == DEFERRED:
        return Outcome("deferred")
    return None  # still pending


def _record(pipe: Pipeline, stamp: Stamp) -> None:
    """Queue `SET NX` of the stamp and a `GET` of what it holds now (Redis 6.2 has no
    `SET NX GET`): ours when first, the earlier request's digest otherwise."""
    pipe.set(stamp.key, stamp.digest, nx=True, ex=stamp.ttl)
    pipe.get(stamp.key)


def _replayed(seen: bytes | None, stamp: Stamp) -> bool:
    """The pair came before with a different message (an identical one is a retry)."""
    return seen is not None and seen != stamp.digest


class Deduper:
    def __init__(self, redis: aioredis.Redis, ttl_seconds: int) -> None:
        self.redis = redis
        self.ttl = ttl_seconds

    async def claim_and_lock(
        self, key: str, stamp: Stamp, conversations: ConversationStore, openid: str
    ) -> tuple[bool, tuple[Conversation, Lease] | None]:
        """Record `stamp`, claim `key` (True for the first delivery), take the sender's
        conversation lock and read the conversation, all in one round trip. The second
        value is the locked conversation, or None when another message holds the lock
        (or this is a retry: the lock it took is released with `wait`).

        Forbidden when the stamp was seen with another message; the claim and lock such
        a request may have made are released so it cannot hold back the real message."""
        async with self.redis.pipeline(transaction=False) as pipe:
            _record(pipe, stamp)
            pipe.set(PREFIX + key, PENDING, nx=True, ex=self.ttl)
            lease = conversations.queue_acquire(pipe, openid)
            _, seen, claimed, locked, raw = await pipe.execute()
        got = conversations.acquired(lease, locked, raw)
        if _replayed(seen, stamp):
            async with self.redis.pipeline(transaction=False) as pipe:
                if claimed:
                    pipe.delete(PREFIX + key)
                if got is not None:
                    conversations.queue_release(pipe, lease)
                await pipe.execute()
            raise Forbidden("nonce_replayed")
        return bool(claimed), got

    async def record(self, stamp: Stamp) -> None:
        """Record `stamp` alone (messages nobody answers); Forbidden as above."""
        async with self.redis.pipeline(transaction=False) as pipe:
            _record(pipe, stamp)
            _, seen = await pipe.execute()
        if _replayed(seen, stamp):
            raise Forbidden("nonce_replayed")

    def queue_finish(self, pipe: Pipeline, key: str, xml: str) -> None:
        """Queue storing the reply (and telling waiting retries), in the caller's pipeline."""
        self._queue_store(pipe, key, DONE + xml.encode("utf-8"))

    async def defer(self, key: str) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            self._queue_store(pipe, key, DEFERRED)
            await pipe.execute()

    def _queue_store(self, pipe: Pipeline, key: str, value: bytes) -> None:
        pipe.set(PREFIX + key, value, ex=self.ttl)
        pipe.publish(CHANNEL + key, value)

    async def wait(
        self,
        key: str,
        within: float,
        release: tuple[ConversationStore, Lease] | None = None,
    ) -> Outcome:
        """The first delivery's outcome, waiting at most `within` seconds for it.
        `release`: a conversation lock this retry took, given back in the same round
        trip as the first look."""
        async with self.redis.pipeline(transaction=False) as pipe:
            if release is not None:
                release[0].queue_release(pipe, release[1])
            pipe.get(PREFIX + key)
            *_, value = await pipe.execute()
        found = _outcome(value)
        if found is not None or within <= 0:
            return found or Outcome("pending")
        deadline = time.monotonic() + within
        pubsub = self.redis.pubsub()
        try:
            await pubsub.subscribe(CHANNEL + key)
            # It may have finished between the GET and the SUBSCRIBE: look again.
            found = _outcome(await self.redis.get(PREFIX + key))
            while found is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return Outcome("pending")
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=left)
                if message is not None and message.get("type") == "message":
                    found = _outcome(message["data"])
            return found
        finally:
            with contextlib.suppress(Exception):
                await asyncio.shield(pubsub.aclose())

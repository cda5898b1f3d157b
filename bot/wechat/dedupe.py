"""WeChat retry de-duplication in Redis.

WeChat retries a message three times when it gets no answer within 5 s, with the same
MsgId (events: FromUserName + CreateTime). The first delivery claims the key with one
`SET NX EX`; when it has answered it stores the plaintext reply XML (one pipelined
`SET` + `PUBLISH`). A retry never runs the business logic again: it answers the stored
reply, or — while the first is still in flight — waits for it (pub/sub, so it works
across `serve` processes) until its own budget runs out and then answers `success`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

import redis.asyncio as aioredis

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


class Deduper:
    def __init__(self, redis: aioredis.Redis, ttl_seconds: int) -> None:
        self.redis = redis
        self.ttl = ttl_seconds

    async def claim(self, key: str) -> bool:
        """True for the first delivery of this message (one round trip)."""
        return bool(await self.redis.set(PREFIX + key, PENDING, nx=True, ex=self.ttl))

    async def claim_and_read(self, key: str, other: str) -> tuple[bool, bytes | None]:
        """`claim` plus a GET of `other` in the same round trip (the hot path reads the
        sender's conversation state this way)."""
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.set(PREFIX + key, PENDING, nx=True, ex=self.ttl)
            pipe.get(other)
            claimed, value = await pipe.execute()
        return bool(claimed), value

    async def finish(self, key: str, xml: str) -> None:
        await self._store(key, DONE + xml.encode("utf-8"))

    async def defer(self, key: str) -> None:
        await self._store(key, DEFERRED)

    async def _store(self, key: str, value: bytes) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.set(PREFIX + key, value, ex=self.ttl)
            pipe.publish(CHANNEL + key, value)
            await pipe.execute()

    async def wait(self, key: str, within: float) -> Outcome:
        """The first delivery's outcome, waiting at most `within` seconds for it."""
        found = _outcome(await self.redis.get(PREFIX + key))
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

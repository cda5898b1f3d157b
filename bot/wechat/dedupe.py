"""WeChat retry de-duplication in Redis.

WeChat retries a message three times when it gets no answer within 5 s, with the same
MsgId (events: the same CreateTime); the key is always scoped to the sender
(`Message.dedupe_key`). One round trip records the request's (timestamp, nonce) stamp
(`replay`) and runs the claim script: `SET NX EX` of the key, and for the first delivery
only, the sender's conversation lock and the conversation (`ConversationStore`); a retry
gets what the key holds instead. When the first delivery has answered it stores the
plaintext reply XML (`SET` + `PUBLISH`) in the batch that saves the conversation and
releases the lock. A retry never runs the business logic again: it answers the stored
reply, or — while the first is still in flight — waits for it (pub/sub, so it works
across `serve` processes) until its own budget runs out and then answers `success`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

import redis.asyncio as aioredis

from bot.dialogue.state import Batches, Conversation, ConversationStore, Lease
from bot.redis_batch import Batch, Script
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


# KEYS: retry key, conversation lock, conversation, then (members, complete) per
# membership (`ConversationStore.membership_keys`). ARGV: pending marker, key TTL, lock
# token, lock ms, openid. The first delivery claims the key, then takes the lock (when
# free) and reads the conversation and the memberships: {1, locked, state, member,
# complete, ...}. A retry takes nothing: {0, 0, the key}.
# (Storage talks to one Redis node; on Redis Cluster the retry key would need the
# conversation's {openid} hash tag to share its slot, and the membership sets are one
# key each for all accounts.)
_CLAIM = Script("""
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  return {0, 0, redis.call('GET', KEYS[1])}
end
if not redis.call('SET', KEYS[2], ARGV[3], 'NX', 'PX', ARGV[4]) then
  return {1, 0, false}
end
local out = {1, 1, redis.call('GET', KEYS[3])}
for i = 4, #KEYS, 2 do
  out[#out + 1] = redis.call('SISMEMBER', KEYS[i], ARGV[5])
  out[#out + 1] = redis.call('EXISTS', KEYS[i + 1])
end
return out
""")


def _outcome(value: bytes | None) -> Outcome | None:
    if value is None:
        return Outcome("expired")
    if value.startswith(DONE):
        return Outcome("done", value[len(DONE) :].decode("utf-8"))
    if value == DEFERRED:
        return Outcome("deferred")
    return None  # still pending


def _record(batch: Batch, stamp: Stamp) -> None:
    """Queue `SET NX` of the stamp and a `GET` of what it holds now (Redis 6.2 has no
    `SET NX GET`): ours when first, the earlier request's digest otherwise."""
    batch.add("SET", stamp.key, stamp.digest, "NX", "EX", stamp.ttl)
    batch.add("GET", stamp.key)


def _replayed(seen: bytes | None, stamp: Stamp) -> bool:
    """The pair came before with a different message (an identical one is a retry)."""
    return seen is not None and seen != stamp.digest


@dataclass(frozen=True, slots=True)
class Claim:
    """The first round trip's answer: a first delivery (`claimed`) with its locked
    conversation (None while another message holds the lock), or a retry with what the
    first delivery has stored so far (`stored`)."""

    claimed: bool
    got: tuple[Conversation, Lease] | None
    stored: bytes | None


class Deduper:
    def __init__(self, redis: aioredis.Redis, batches: Batches, ttl_seconds: int) -> None:
        self.redis = redis  # pub/sub for retries that wait
        self.batches = batches
        self.ttl = ttl_seconds

    async def claim_and_lock(
        self, key: str, stamp: Stamp, conversations: ConversationStore, openid: str
    ) -> Claim:
        """Record `stamp`, claim `key`, and for the first delivery take the sender's
        conversation lock and read the conversation, all in one round trip.

        Forbidden when the stamp was seen with another message; the claim and lock such
        a request may have made are released so it cannot hold back the real message."""
        batch = Batch()
        _record(batch, stamp)
        lease = conversations.new_lease(openid)
        keys = (
            PREFIX + key,
            conversations.lock_key(openid),
            conversations.key(openid),
            *conversations.membership_keys(),
        )
        args = (PENDING, self.ttl, lease.token, conversations.lock_ms, openid)
        batch.call(_CLAIM, keys, args)
        _, seen, (claimed, locked, raw, *facts) = await self.batches.execute(batch)
        got = conversations.acquired(lease, locked, raw, facts) if claimed else None
        if _replayed(seen, stamp):
            batch = Batch()
            if claimed:
                batch.add("DEL", PREFIX + key)
            if got is not None:
                conversations.queue_release(batch, lease)
            await self.batches.execute(batch)
            raise Forbidden("nonce_replayed")
        return Claim(bool(claimed), got, None if claimed else raw)

    async def record(self, stamp: Stamp) -> None:
        """Record `stamp` alone (messages nobody answers); Forbidden as above."""
        batch = Batch()
        _record(batch, stamp)
        _, seen = await self.batches.execute(batch)
        if _replayed(seen, stamp):
            raise Forbidden("nonce_replayed")

    def queue_finish(self, batch: Batch, key: str, xml: str) -> None:
        """Queue storing the reply (and telling waiting retries), in the caller's batch."""
        self._queue_store(batch, key, DONE + xml.encode("utf-8"))

    async def defer(self, key: str) -> None:
        batch = Batch()
        self._queue_store(batch, key, DEFERRED)
        await self.batches.execute(batch)

    def _queue_store(self, batch: Batch, key: str, value: bytes) -> None:
        batch.add("SET", PREFIX + key, value, "EX", self.ttl)
        batch.add("PUBLISH", CHANNEL + key, value)

    async def wait(self, key: str, within: float, stored: bytes | None) -> Outcome:
        """The first delivery's outcome (`stored`: what its key held when this retry
        claimed), waiting at most `within` seconds for it."""
        found = _outcome(stored)
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

"""Per-user conversation state in Redis, isolated per openid (aiogram's event isolation).

One JSON document per openid (`conv:{openid}`, with a TTL) holds the active step of a
flow (`state`, see `bot.dialogue.states`), its slots, long-lived `data`, and the `stack`
of flows a prerequisite interrupted ("预约儿科" → "请先添加就诊人" → back to booking).

Isolation: a lock per openid (`conv:{openid}:lock`, a unique token with a TTL) is taken
*before* the state is read, in the same Redis round trip (`queue_acquire`; the WeChat
endpoint's claim script takes it together with the retry key), and released by the same
script that saves the state (`queue_commit`, one round trip, together with the stored
reply). Commands go out as `bot.redis_batch.Batch`es (auto-pipelined across messages). A dispatch that misses the reply budget keeps the lock until its deferred tail
has saved. A second message from the same user waits for the lock: the release pushes a
token onto `conv:{openid}:wake` and waiters block on it (`BLPOP`), so the next message
runs as soon as the first has saved, in arrival order, in any `serve` process.

The save is conditional on still holding the lock: a dispatch that outlived the lock's
TTL (`limits.conversation_lock_seconds`) never overwrites what a later message saved.
The keys share the `{openid}` hash tag, so the script also runs on Redis Cluster.

Facts about the account ride along (`Membership`): a capability may keep a Redis set of
openids (e.g. the accounts that may have patients) and the acquire reads `SISMEMBER`
and whether the set is complete in the same round trip, into `Conversation.facts`
(never saved). The framework knows no capability: the composition root names the sets.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import redis.asyncio as aioredis

from bot.jsontext import dumps
from bot.observability import mask_pii
from bot.redis_batch import Batch, Script

log = logging.getLogger(__name__)

MAX_STACK = 2  # interrupted flows kept (a prerequisite of a prerequisite at most)
WAKE_POLL_SECONDS = 1.0  # a waiter looks again this often (a holder may have crashed)

# KEYS: state, lock, wake. ARGV: token, mode ("" keep, "set", "del"), body, ttl, lock ms.
# Saves only while holding the lock; always wakes the next waiter when it releases.
_COMMIT = Script("""
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
if ARGV[2] == 'set' then redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[4])
elseif ARGV[2] == 'del' then redis.call('DEL', KEYS[1]) end
redis.call('DEL', KEYS[2])
redis.call('RPUSH', KEYS[3], 1)
redis.call('LTRIM', KEYS[3], -1, -1)
redis.call('PEXPIRE', KEYS[3], ARGV[5])
return 1
""")
# KEYS: lock, wake. ARGV: token, lock ms. Release without saving (a retry that took it).
_RELEASE = Script("""
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('RPUSH', KEYS[2], 1)
redis.call('LTRIM', KEYS[2], -1, -1)
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
""")


@dataclass(frozen=True)
class Membership:
    """A Redis set of openids read with each conversation, in the same round trip.

    `Conversation.facts[name]` is True when the openid is in `members`, False when it is
    not and `complete` exists (the owner keeps that key only while the set holds every
    openid it must), None when it is not and the set is not known complete."""

    name: str
    members: str
    complete: str


def read_facts(memberships: Sequence[Membership], replies: Sequence[Any]) -> dict[str, bool | None]:
    """`Conversation.facts` from (SISMEMBER, EXISTS) reply pairs, in `memberships` order."""
    facts: dict[str, bool | None] = {}
    for i, m in enumerate(memberships):
        member, complete = replies[2 * i], replies[2 * i + 1]
        facts[m.name] = True if member else (False if complete else None)
    return facts


class Batches(Protocol):
    """Runs a `Batch` in one round trip (`bot.redis_batch.AutoPipeline` or `PoolBatches`)."""

    async def execute(self, batch: Batch) -> list[Any]: ...


class _Tokens:
    """Lock tokens: unique across processes and restarts (a random prefix per process,
    drawn again in a forked worker, and a counter), without a system call each."""

    def __init__(self) -> None:
        self.reset()
        os.register_at_fork(after_in_child=self.reset)

    def reset(self) -> None:
        self.prefix = secrets.token_hex(6)
        self.counter = itertools.count(1)

    def next(self) -> str:
        return f"{self.prefix}{next(self.counter):x}"


_tokens = _Tokens()


class LockTimeout(RuntimeError):
    """The conversation stayed locked longer than a message may wait."""


# Symptoms accumulate across the turns of one conversation ("孩子发烧" … "脖子有点硬"):
# the last few symptom messages are kept for this long and passed to the NLU.
SYMPTOM_TTL_SECONDS = 30 * 60
MAX_SYMPTOM_TURNS = 4


@dataclass
class Conversation:
    openid: str
    state: str = ""  # "flow:step" of the active flow, "" when none
    slots: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)  # long-lived bits (e.g. last dept)
    stack: list[dict[str, Any]] = field(default_factory=list)  # interrupted flows
    dirty: bool = False
    # What this message was about (NLU intent, triage's first department), for the
    # dashboard's counters (`bot.traffic`); set by the dispatcher, never saved.
    turn: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # Facts about the account read with the conversation (`Membership`), never saved.
    facts: dict[str, bool | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def flow(self) -> str:
        return self.state.partition(":")[0]

    def start(self, state: Any, **slots: Any) -> None:
        """Begin a flow at `state` (a `State` or its name) with fresh slots."""
        self.state, self.slots, self.dirty = str(state), dict(slots), True

    def goto(self, state: Any, **slots: Any) -> None:
        """Move to another step of the current flow, keeping (and adding to) its slots."""
        self.state = str(state)
        self.slots.update(slots)
        self.dirty = True

    def update(self, **slots: Any) -> None:
        self.slots.update(slots)
        self.dirty = True

    def finish(self) -> None:
        """The flow is done (or abandoned by its own handler); an interrupted flow below
        it is offered again by the dispatcher."""
        if self.state or self.slots:
            self.state, self.slots, self.dirty = "", {}, True

    def reset(self) -> None:
        """Start afresh: no flow, nothing interrupted (menu taps, commands, red flags)."""
        self.finish()
        if self.stack:
            self.stack, self.dirty = [], True

    def interrupt(self, state: Any, **slots: Any) -> None:
        """A prerequisite first: keep the current flow on the stack, start `state`."""
        if self.state:
            self.stack = [*self.stack, {"state": self.state, "slots": self.slots}][-MAX_STACK:]
        self.start(state, **slots)

    def pop(self) -> bool:
        """Resume the most recently interrupted flow; False when there is none."""
        if not self.stack:
            return False
        top = self.stack.pop()
        self.state, self.slots, self.dirty = str(top["state"]), dict(top["slots"]), True
        return True

    def remember(self, **values: Any) -> None:
        self.data.update(values)
        self.dirty = True

    def recent_symptoms(self, now: float) -> list[str]:
        """The symptom messages of the last `SYMPTOM_TTL_SECONDS`, oldest first."""
        turns = self.data.get("symptoms") or []
        return [
            t["text"]
            for t in turns
            if isinstance(t, dict) and now - float(t.get("at", 0)) <= SYMPTOM_TTL_SECONDS
        ]

    def add_symptom(self, text: str, now: float) -> None:
        """Keep `text` (a message that described a symptom or a fact about the patient)
        for the next turns, with any ID or phone number in it masked: the state is kept
        in Redis in the clear, and the red-flag layer has no use for them."""
        text = mask_pii(text)
        turns = [
            t
            for t in self.data.get("symptoms") or []
            if isinstance(t, dict) and now - float(t.get("at", 0)) <= SYMPTOM_TTL_SECONDS
        ]
        if turns and turns[-1].get("text") == text:
            return
        turns.append({"text": text, "at": now})
        self.remember(symptoms=turns[-MAX_SYMPTOM_TURNS:])

    def forget_symptoms(self) -> None:
        if self.data.pop("symptoms", None) is not None:
            self.dirty = True


@dataclass(frozen=True)
class Lease:
    """Proof of holding one conversation's lock (its random token)."""

    openid: str
    token: str


class ConversationStore:
    def __init__(
        self,
        redis: aioredis.Redis,
        batches: Batches,
        ttl_seconds: int,
        lock_seconds: float = 60.0,
        memberships: Sequence[Membership] = (),
    ) -> None:
        self.redis = redis  # BLPOP while waiting for the lock, and reads for tools
        self.batches = batches
        self.ttl = ttl_seconds
        self.lock_ms = int(lock_seconds * 1000)
        self.memberships = tuple(memberships)
        self._membership_keys = [k for m in self.memberships for k in (m.members, m.complete)]

    @staticmethod
    def key(openid: str) -> str:
        return f"conv:{{{openid}}}"

    @staticmethod
    def lock_key(openid: str) -> str:
        return f"conv:{{{openid}}}:lock"

    @staticmethod
    def wake_key(openid: str) -> str:
        return f"conv:{{{openid}}}:wake"

    # --- acquiring ---------------------------------------------------------------
    def new_lease(self, openid: str) -> Lease:
        return Lease(openid, _tokens.next())

    def queue_acquire(self, batch: Batch, openid: str) -> Lease:
        """Queue `SET lock NX PX`, `GET state` and a (SISMEMBER, EXISTS) pair per
        membership (replies read by `acquired`)."""
        lease = self.new_lease(openid)
        batch.add("SET", self.lock_key(openid), lease.token, "NX", "PX", self.lock_ms)
        batch.add("GET", self.key(openid))
        for m in self.memberships:
            batch.add("SISMEMBER", m.members, openid)
            batch.add("EXISTS", m.complete)
        return lease

    def membership_keys(self) -> list[str]:
        """(members, complete) per membership, flattened: for a script that reads them
        itself (`bot.wechat.dedupe`) and returns the replies in the same order."""
        return self._membership_keys

    def acquired(
        self, lease: Lease, locked: Any, raw: bytes | None, facts: Sequence[Any] = ()
    ) -> tuple[Conversation, Lease] | None:
        """The conversation read under the lock, or None when another message holds it
        (then the state read is stale and must not be used)."""
        if not locked:
            return None
        conv = self.decode(lease.openid, raw)
        if self.memberships:
            conv.facts = read_facts(self.memberships, facts)
        return conv, lease

    async def acquire(
        self, openid: str, wait_seconds: float | None = None
    ) -> tuple[Conversation, Lease]:
        """Take the lock and read the state (one round trip when free); otherwise wait for
        the holder's release. LockTimeout after `wait_seconds` (default: twice the lock
        TTL, by which time a crashed holder's lock has expired)."""
        limit = 2 * self.lock_ms / 1000 if wait_seconds is None else wait_seconds
        deadline = time.monotonic() + limit
        while True:
            batch = Batch()
            lease = self.queue_acquire(batch, openid)
            locked, raw, *facts = await self.batches.execute(batch)
            got = self.acquired(lease, locked, raw, facts)
            if got is not None:
                return got
            left = deadline - time.monotonic()
            if left <= 0:
                raise LockTimeout(openid)
            await self.redis.blpop([self.wake_key(openid)], timeout=min(left, WAKE_POLL_SECONDS))

    # --- releasing ---------------------------------------------------------------
    def queue_commit(self, batch: Batch, conv: Conversation, lease: Lease) -> None:
        """Queue the script that saves `conv` (when changed) and releases the lock."""
        mode, body = "", ""
        if conv.dirty:
            if conv.state or conv.slots or conv.data or conv.stack:
                mode, body = "set", self.encode(conv)
            else:
                mode = "del"
        o = conv.openid
        keys = (self.key(o), self.lock_key(o), self.wake_key(o))
        batch.call(_COMMIT, keys, (lease.token, mode, body, self.ttl, self.lock_ms))

    def queue_release(self, batch: Batch, lease: Lease) -> None:
        o = lease.openid
        keys = (self.lock_key(o), self.wake_key(o))
        batch.call(_RELEASE, keys, (lease.token, self.lock_ms))

    async def commit(self, conv: Conversation, lease: Lease) -> bool:
        """Save and release in one round trip; False (and nothing saved) when the lock
        had expired meanwhile."""
        batch = Batch()
        self.queue_commit(batch, conv, lease)
        (saved,) = await self.batches.execute(batch)
        return self.committed(conv, saved)

    def committed(self, conv: Conversation, result: Any) -> bool:
        if not result:
            log.warning("dialogue.lock_lost", extra={"state": conv.state})
            return False
        conv.dirty = False
        return True

    async def release(self, lease: Lease) -> None:
        batch = Batch()
        self.queue_release(batch, lease)
        await self.batches.execute(batch)

    # --- reading (tests, tools) --------------------------------------------------
    async def load(self, openid: str) -> Conversation:
        """The saved state, without the lock (for inspection, not for a dispatch)."""
        return self.decode(openid, await self.redis.get(self.key(openid)))

    @staticmethod
    def encode(conv: Conversation) -> str:
        doc: dict[str, Any] = {"state": conv.state, "slots": conv.slots, "data": conv.data}
        if conv.stack:
            doc["stack"] = conv.stack
        return dumps(doc)

    @staticmethod
    def decode(openid: str, raw: bytes | None) -> Conversation:
        if not raw:
            return Conversation(openid)
        try:
            doc = json.loads(raw)
        except ValueError:
            return Conversation(openid)
        if not isinstance(doc, dict):
            return Conversation(openid)
        return Conversation(
            openid,
            state=str(doc.get("state") or ""),
            slots=doc.get("slots") or {},
            data=doc.get("data") or {},
            stack=[f for f in doc.get("stack") or [] if isinstance(f, dict) and "state" in f],
        )

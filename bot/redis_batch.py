"""Batches of Redis commands, and auto-pipelining them on one shared connection.

Every WeChat message costs two Redis round trips (`bot/wechat/dedupe.py`): lock and
read its conversation, then save it and store the reply. Through redis-py's pool each
round trip is a pool checkout, one write and one read system call, for one message.
`AutoPipeline` does what ioredis' `enableAutoPipelining` does: the batches that messages
queue during one event-loop iteration go out in a single write on one connection, and
Redis answers them in order, so each batch gets its own replies back. With dozens of
messages in flight that is one write for all of them.

A `Batch` is a plain list of commands (and `Script` calls: EVALSHA, falling back to
EVAL once when the server does not know the script yet). `Storage.batch` runs one:
through `AutoPipeline` for redis:// and unix:// URLs, through a redis-py pipeline
otherwise (TLS). Blocking commands (BLPOP) and pub/sub always use redis-py.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import deque
from collections.abc import Sequence
from typing import Any

import hiredis
import redis.asyncio as aioredis
from redis.asyncio.connection import parse_url
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError, ResponseError

Arg = str | bytes | int | float


def pack(args: Sequence[Arg]) -> bytes:
    """One command in RESP (hiredis' C packer; str, bytes, int and float only)."""
    kind = type(args)
    if kind is tuple:
        return hiredis.pack_command(args)  # type: ignore[no-any-return]
    if kind is Packed:
        return args.raw  # type: ignore[attr-defined, no-any-return]
    return hiredis.pack_command(tuple(args))  # type: ignore[no-any-return]


class Packed(tuple):  # type: ignore[type-arg]
    """A command packed once, for one that many messages send alike (this hour's
    counter increment): hiredis formats every argument's length with sprintf, about
    9k instructions for a command of five arguments."""

    raw: bytes

    def __new__(cls, *args: Arg) -> Packed:
        self = super().__new__(cls, args)
        self.raw = hiredis.pack_command(args)
        return self


class Script:
    """A Lua script called by its SHA1 (the source crosses the wire only when Redis has
    not seen it: after a restart or SCRIPT FLUSH)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.sha = hashlib.sha1(source.encode()).hexdigest()


class Batch:
    """Commands sent together, answered together (in order)."""

    __slots__ = ("commands", "scripts")

    def __init__(self) -> None:
        self.commands: list[tuple[Arg, ...]] = []
        self.scripts: dict[int, Script] = {}

    def __len__(self) -> int:
        return len(self.commands)

    def add(self, *args: Arg) -> None:
        self.commands.append(args)

    def add_packed(self, command: Packed) -> None:
        self.commands.append(command)

    def call(self, script: Script, keys: Sequence[Arg], args: Sequence[Arg]) -> None:
        self.scripts[len(self.commands)] = script
        self.commands.append(("EVALSHA", script.sha, len(keys), *keys, *args))


def _noscript(reply: Any) -> bool:
    """NOSCRIPT, as hiredis gives it (the raw error line) or as redis-py maps it."""
    return isinstance(reply, NoScriptError) or (
        isinstance(reply, ResponseError) and str(reply).startswith("NOSCRIPT")
    )


def _eval(script: Script, command: tuple[Arg, ...]) -> tuple[Arg, ...]:
    return ("EVAL", script.source, *command[2:])


def _raise_errors(replies: list[Any]) -> list[Any]:
    """Every command of the batch ran; the first error reply is raised (as redis-py's
    pipelines do)."""
    for reply in replies:
        if isinstance(reply, ResponseError):
            raise reply
    return replies


class _Protocol(asyncio.Protocol):
    def __init__(self, owner: AutoPipeline) -> None:
        self.owner = owner

    def data_received(self, data: bytes) -> None:
        self.owner._received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self.owner._lost(exc)


class _Sent:
    __slots__ = ("at", "expected", "future", "replies")

    def __init__(self, future: asyncio.Future[list[Any]], expected: int, at: float) -> None:
        self.future, self.expected, self.replies, self.at = future, expected, [], at


class AutoPipeline:
    """One connection; the batches of one event-loop iteration in one write.

    Replies come back undecoded (bytes, ints, lists, None; `SET` gives b"OK"); an error
    reply is raised once the whole batch has run. A lost or silent connection (no reply within `timeout`)
    fails every batch in flight with ConnectionError; the next batch reconnects."""

    def __init__(self, url: str, timeout: float = 10.0, connect_timeout: float = 3.0) -> None:
        opts = parse_url(url)
        self.path: str | None = opts.get("path")
        self.host: str = opts.get("host", "localhost")
        self.port: int = int(opts.get("port", 6379))
        self.hello: list[tuple[Arg, ...]] = []
        if opts.get("password"):
            user = opts.get("username")
            self.hello.append(
                ("AUTH", user, opts["password"]) if user else ("AUTH", opts["password"])
            )
        if int(opts.get("db") or 0):
            self.hello.append(("SELECT", int(opts["db"])))
        self.timeout, self.connect_timeout = timeout, connect_timeout
        self.transport: asyncio.Transport | None = None
        self.connecting: asyncio.Task[None] | None = None
        self.reader = hiredis.Reader(replyError=ResponseError)
        self.out: list[bytes] = []
        self.queued: list[_Sent] = []
        self.sent: deque[_Sent] = deque()
        self.flushing = False
        self.watchdog: asyncio.TimerHandle | None = None
        self.writes = 0  # one per write on the socket (tests and benches count them)

    @staticmethod
    def supports(url: str) -> bool:
        return url.startswith(("redis://", "unix://"))

    async def execute(self, batch: Batch) -> list[Any]:
        if not batch.commands:
            return []
        replies = await self._send([pack(c) for c in batch.commands])
        for i, script in batch.scripts.items():
            if _noscript(replies[i]):  # EVAL runs it and teaches Redis the script
                (replies[i],) = await self._send([pack(_eval(script, batch.commands[i]))])
        return _raise_errors(replies)

    async def _send(self, packed: list[bytes]) -> list[Any]:
        if self.transport is None:
            await self._connect()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[Any]] = loop.create_future()
        self.out.extend(packed)
        self.queued.append(_Sent(future, len(packed), 0.0))
        if not self.flushing:
            self.flushing = True
            loop.call_soon(self._flush)
        return await future

    async def _connect(self) -> None:
        if self.connecting is None:
            self.connecting = asyncio.ensure_future(self._open())
        task = self.connecting
        try:
            await asyncio.shield(task)
        finally:
            if task.done() and self.connecting is task:
                self.connecting = None

    async def _open(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.connect_timeout):
                if self.path:
                    transport, _ = await loop.create_unix_connection(
                        lambda: _Protocol(self), self.path
                    )
                else:
                    transport, _ = await loop.create_connection(
                        lambda: _Protocol(self), self.host, self.port
                    )
        except (OSError, TimeoutError) as exc:
            raise RedisConnectionError(f"Redis unreachable: {exc}") from exc
        self.reader = hiredis.Reader(replyError=ResponseError)
        self.transport = transport  # type: ignore[assignment]
        if self.hello:
            for reply in await self._send([pack(c) for c in self.hello]):
                if isinstance(reply, ResponseError):
                    transport.close()
                    raise RedisConnectionError(f"Redis refused the connection: {reply}")

    def _flush(self) -> None:
        self.flushing = False
        if not self.out:
            return
        transport = self.transport
        if transport is None or transport.is_closing():
            self._fail(self.queued, RedisConnectionError("Redis connection lost"))
            self.out, self.queued = [], []
            return
        now = time.monotonic()
        for s in self.queued:
            s.at = now
        self.sent.extend(self.queued)
        transport.write(b"".join(self.out))
        self.writes += 1
        self.out, self.queued = [], []
        if self.watchdog is None:
            self.watchdog = asyncio.get_running_loop().call_later(self.timeout, self._watch)

    def _received(self, data: bytes) -> None:
        self.reader.feed(data)
        sent = self.sent
        while True:
            reply = self.reader.gets()
            if reply is False:
                return
            if not sent:  # a reply nobody asked for: the stream is out of step
                self._abort()
                return
            head = sent[0]
            head.replies.append(reply)
            if len(head.replies) == head.expected:
                sent.popleft()
                if not head.future.done():
                    head.future.set_result(head.replies)

    def _watch(self) -> None:
        self.watchdog = None
        if not self.sent:
            return
        late = time.monotonic() - self.sent[0].at
        if late >= self.timeout:
            self._abort()
        else:
            self.watchdog = asyncio.get_running_loop().call_later(self.timeout - late, self._watch)

    def _abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()  # connection_lost fails what is in flight

    def _lost(self, exc: Exception | None) -> None:
        self.transport = None
        error = RedisConnectionError(f"Redis connection lost: {exc or 'closed'}")
        self._fail(self.sent, error)
        self.sent = deque()
        if self.watchdog is not None:
            self.watchdog.cancel()
            self.watchdog = None

    @staticmethod
    def _fail(batches: Any, error: Exception) -> None:
        for s in batches:
            if not s.future.done():
                s.future.set_exception(error)

    async def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
            self.transport = None


class PoolBatches:
    """The same `execute(batch)` on a redis-py pipeline (for URLs AutoPipeline does not
    speak, e.g. rediss://)."""

    def __init__(self, redis: aioredis.Redis) -> None:
        self.redis = redis
        self.writes = 0

    async def execute(self, batch: Batch) -> list[Any]:
        if not batch.commands:
            return []
        self.writes += 1
        async with self.redis.pipeline(transaction=False) as pipe:
            for c in batch.commands:
                pipe.execute_command(*c)
            replies = await pipe.execute(raise_on_error=False)
        for i, script in batch.scripts.items():
            if _noscript(replies[i]):
                self.writes += 1
                replies[i] = await self.redis.execute_command(*_eval(script, batch.commands[i]))
        return _raise_errors(list(replies))

    async def close(self) -> None:
        pass

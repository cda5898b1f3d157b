"""The one owner of the MongoDB and Redis connections.

Handlers never see a client: they get repositories (`storage.repo(SomeRepo)`), each a
small class over one or a few collections that declares its own indexes. Indexes are
created idempotently at start-up by `ensure_indexes()`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

import pymongo
import redis.asyncio as aioredis
from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.redis_batch import AutoPipeline, PoolBatches

log = logging.getLogger(__name__)

R = TypeVar("R", bound="Repository")
T = TypeVar("T")

_REGISTRY: list[type[Repository]] = []

PING_TIMEOUT_SECONDS = 0.4
PING_GRACE_SECONDS = 0.2


def _retrieve(task: asyncio.Future[Any]) -> None:
    """Collect the outcome of an abandoned ping so asyncio does not warn about it."""
    if not task.cancelled():
        task.exception()


class Repository:
    """Base class: subclasses set `collection` and `indexes`; registered automatically."""

    collection: ClassVar[str] = ""
    indexes: ClassVar[list[IndexModel]] = []

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.db = storage.db
        self.redis = storage.redis
        self.col = storage.db[self.collection] if self.collection else None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.collection:
            _REGISTRY.append(cls)


class Storage:
    def __init__(
        self,
        mongodb_uri: str,
        redis_url: str,
        database: str,
        redis_max_connections: int = 256,
        event_listeners: list[Any] | None = None,
    ) -> None:
        # event_listeners: pymongo monitoring listeners (tests and benches count commands).
        self.mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
            mongodb_uri,
            tz_aware=True,
            serverSelectionTimeoutMS=5000,
            connectTimeoutMS=3000,
            retryWrites=True,
            appname="hospital-bot",
            event_listeners=event_listeners or [],
        )
        self.db: AsyncDatabase[dict[str, Any]] = self.mongo[database]
        # A blocking pool: a burst of concurrent conversations waits for a connection
        # instead of failing with "Too many connections".
        pool = aioredis.BlockingConnectionPool.from_url(
            redis_url,
            max_connections=redis_max_connections,
            timeout=10,
            health_check_interval=15,
            socket_connect_timeout=3,
            retry_on_timeout=True,
            # A command on a connection the server closed (a Redis restart, a failover)
            # reconnects and runs again, as redis-py >= 6 does by default (we pin 5.x
            # for arq).
            retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), 3),
            retry_on_error=[RedisConnectionError, RedisTimeoutError],
        )
        self.redis: aioredis.Redis = aioredis.Redis(connection_pool=pool)
        # The per-message round trips (conversation lock, retry key, reply) go out
        # auto-pipelined on one connection (`bot.redis_batch`); everything else uses `redis`.
        self.batches: AutoPipeline | PoolBatches = (
            AutoPipeline(redis_url) if AutoPipeline.supports(redis_url) else PoolBatches(self.redis)
        )
        self._repos: dict[type[Repository], Repository] = {}

    def repo(self, cls: type[R]) -> R:
        inst = self._repos.get(cls)
        if inst is None:
            inst = self._repos[cls] = cls(self)
        return inst  # type: ignore[return-value]

    async def ensure_indexes(self) -> None:
        for cls in _REGISTRY:
            if cls.indexes:
                await self.db[cls.collection].create_indexes(cls.indexes)

    async def transaction(self, fn: Callable[[AsyncClientSession], Awaitable[T]]) -> T:
        """Run `fn(session)` in one multi-document transaction, retried as a whole on
        transient errors (write conflicts, elections). `fn` must only write through the
        session it is given and must be safe to run again."""
        async with self.mongo.start_session() as session:
            return await session.with_transaction(fn)

    async def ping(self, within: float = PING_TIMEOUT_SECONDS) -> dict[str, str]:
        """Each database asked concurrently, each `within` seconds: "ok" or
        "down: <ErrorClass>". Never raises, never takes much longer than `within`
        (the health check of a load balancer must not hang on a database)."""
        checks = {
            "mongodb": asyncio.ensure_future(self._ping_mongodb(within)),
            "redis": asyncio.ensure_future(self._ping_redis(within)),
        }
        # A little past the drivers' own deadline, so their error class is what we
        # report; asyncio.wait, unlike wait_for, does not wait for a stuck task to
        # finish cancelling.
        try:
            await asyncio.wait(checks.values(), timeout=within + PING_GRACE_SECONDS)
        finally:
            late = {name for name, task in checks.items() if not task.done()}
            for name in late:
                checks[name].cancel()
                checks[name].add_done_callback(_retrieve)
        result: dict[str, str] = {}
        for name, task in checks.items():
            if name in late:
                result[name] = "down: TimeoutError"
            elif (error := task.exception()) is not None:
                result[name] = f"down: {type(error).__name__}"
            else:
                result[name] = "ok"
            if result[name] != "ok":
                log.warning(f"health.{name}_down", extra={"error": result[name][6:]})
        return result

    async def _ping_mongodb(self, within: float) -> None:
        # A client-side operation timeout bounds server selection too, which the
        # client's serverSelectionTimeoutMS (5 s) would otherwise stretch. PyMongo
        # checks it every 0.5 s while selecting: `ping`'s grace covers that.
        with pymongo.timeout(within):
            await self.db.command("ping")

    async def _ping_redis(self, within: float) -> None:
        async with asyncio.timeout(within):  # redis-py has no deadline for a reply
            await self.redis.ping()

    async def close(self) -> None:
        await self.batches.close()
        await self.redis.aclose()
        await self.redis.connection_pool.disconnect()
        await self.mongo.close()

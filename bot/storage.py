"""The one owner of the MongoDB and Redis connections.

Handlers never see a client: they get repositories (`storage.repo(SomeRepo)`), each a
small class over one or a few collections that declares its own indexes. Indexes are
created idempotently at start-up by `ensure_indexes()`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

import redis.asyncio as aioredis
from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

R = TypeVar("R", bound="Repository")
T = TypeVar("T")

_REGISTRY: list[type[Repository]] = []


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

    async def ping(self) -> dict[str, bool]:
        result = {"mongodb": False, "redis": False}
        try:
            await self.db.command("ping")
            result["mongodb"] = True
        except Exception as exc:  # health check reports, never raises
            log.warning("health.mongodb_down", extra={"error": type(exc).__name__})
        try:
            result["redis"] = bool(await self.redis.ping())
        except Exception as exc:
            log.warning("health.redis_down", extra={"error": type(exc).__name__})
        return result

    async def close(self) -> None:
        await self.redis.aclose()
        await self.redis.connection_pool.disconnect()
        await self.mongo.close()

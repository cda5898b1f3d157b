"""The access_token cache shared by every process, with single-flight refresh.

WeChat allows a limited number of token requests a day, and asking for a new token
can invalidate the one other processes still hold. So one token per appid lives in
Redis; when it is missing, exactly one caller (a Redis lock across processes, one
in-flight task within a process) asks WeChat, and everyone else waits for the value.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable

import redis.asyncio as aioredis

from bot.config import Settings

DEFAULT_SANDBOX_SECRET = "sandboxsecret"

# Delete a key only when it still holds the value we saw (lock release, stale token).
_COMPARE_AND_DELETE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

Fetch = Callable[[bool], Awaitable[tuple[str, int]]]


class TokenTimeout(Exception):
    """Another process held the refresh lock and no token appeared in time."""


def credentials(settings: Settings) -> tuple[str, str]:
    """(appid, secret). Without a real secret the local sandbox's secret is used."""
    secret = settings.wechat.secret
    if not secret:
        secret = str(settings.sandbox.get("appsecret") or DEFAULT_SANDBOX_SECRET)
    return settings.wechat.appid, secret


class TokenManager:
    """`get()` returns a valid token; `refresh_after(stale)` replaces a rejected one.

    `fetch(force_refresh)` asks WeChat for a token and returns (token, expires_in).
    """

    def __init__(
        self,
        redis: aioredis.Redis,
        appid: str,
        fetch: Fetch,
        *,
        margin_seconds: int = 300,
        lock_seconds: float = 10.0,
        wait_seconds: float = 15.0,
    ) -> None:
        self.redis = redis
        self.key = f"wechat:access_token:{appid}"
        self.lock_key = f"wechat:access_token:lock:{appid}"
        self.fetch = fetch
        self.margin = margin_seconds
        self.lock_ms = int(lock_seconds * 1000)
        self.wait_seconds = wait_seconds
        self._inflight: dict[str | None, asyncio.Task[str]] = {}

    async def get(self) -> str:
        cached = await self.redis.get(self.key)
        if cached:
            return cached.decode()
        return await self._single_flight(stale=None)

    async def refresh_after(self, stale: str) -> str:
        """WeChat rejected `stale` (40001/42001/40014): drop it and get a fresh one."""
        await self.redis.eval(_COMPARE_AND_DELETE, 1, self.key, stale)
        return await self._single_flight(stale=stale)

    async def _single_flight(self, stale: str | None) -> str:
        task = self._inflight.get(stale)
        if task is None or task.done():
            task = self._inflight[stale] = asyncio.create_task(self._acquire(stale))
            task.add_done_callback(lambda done: self._forget(stale, done))
        return await asyncio.shield(task)

    def _forget(self, stale: str | None, task: asyncio.Task[str]) -> None:
        if self._inflight.get(stale) is task:
            del self._inflight[stale]
        if not task.cancelled():
            task.exception()  # retrieved: waiters got it already

    async def _acquire(self, stale: str | None) -> str:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.wait_seconds
        delay = 0.01
        while True:
            cached = await self._cached_other_than(stale)
            if cached:
                return cached
            owner = uuid.uuid4().hex
            if await self.redis.set(self.lock_key, owner, nx=True, px=self.lock_ms):
                try:
                    return await self._refresh(stale)
                finally:
                    await self.redis.eval(_COMPARE_AND_DELETE, 1, self.lock_key, owner)
            if loop.time() > deadline:
                raise TokenTimeout(f"no access_token after {self.wait_seconds:.0f}s")
            # Another process is refreshing: wait for its value to appear.
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.2)

    async def _cached_other_than(self, stale: str | None) -> str | None:
        cached = await self.redis.get(self.key)
        if cached and cached.decode() != stale:
            return cached.decode()
        return None

    async def _refresh(self, stale: str | None) -> str:
        cached = await self._cached_other_than(stale)  # someone finished just before us
        if cached:
            return cached
        token, expires_in = await self.fetch(False)
        if stale is not None and token == stale:
            # WeChat still hands out the token it just rejected: force a new one.
            token, expires_in = await self.fetch(True)
        ttl = expires_in - self.margin if expires_in > 2 * self.margin else max(expires_in // 2, 1)
        await self.redis.set(self.key, token, ex=ttl)
        return token

"""The access_token cache shared by every process, with single-flight refresh.

Tokens come from `POST /cgi-bin/stable_token`. In its normal mode WeChat hands out the
same token while it is valid (and a new one during its last 5 minutes, both working
meanwhile), so processes cannot knock each other's token out. One token per appid
lives in Redis; when it is missing, exactly one caller (a Redis lock across
processes, one in-flight task within a process) asks WeChat, and everyone else waits
for the value.

When WeChat rejects a token (40001/42001/40014) and the normal mode still returns that
same token, only `force_refresh: true` gets a new one, and WeChat allows that 20 times
a day, 30 s apart. So forced refreshes are rationed across all processes (one per
`min_interval_seconds`, `per_day` a day, counted in Redis against the injected clock);
without a ration left the token WeChat gave is kept, the call fails with the token
outcome, and the worker tries again later.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable

import redis.asyncio as aioredis

from bot.clock import Clock
from bot.config import Settings
from push.settings import ForceRefreshRation

log = logging.getLogger(__name__)

DEFAULT_SANDBOX_SECRET = "sandboxsecret"

# Delete a key only when it still holds the value we saw (lock release, stale token).
_COMPARE_AND_DELETE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

# KEYS last-force timestamp, today's force count; ARGV now, min interval, per day.
# 1: granted; 0: too soon after the last one; -1: none left today.
_FORCE_RATION = """
local now = tonumber(ARGV[1])
local last = tonumber(redis.call('GET', KEYS[1]) or '')
if last ~= nil and now - last < tonumber(ARGV[2]) then return 0 end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[3]) then return -1 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', 172800)
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], 172800)
return 1
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
        clock: Clock,
        *,
        ration: ForceRefreshRation | None = None,
        margin_seconds: int = 300,
        lock_seconds: float = 10.0,
        wait_seconds: float = 15.0,
    ) -> None:
        self.redis = redis
        self.appid = appid
        self.key = f"wechat:access_token:{appid}"
        self.lock_key = f"wechat:access_token:lock:{appid}"
        self.fetch = fetch
        self.clock = clock
        self.ration = ration or ForceRefreshRation()
        self.margin = margin_seconds
        self.lock_ms = int(lock_seconds * 1000)
        self.wait_seconds = wait_seconds
        self._inflight: dict[str | None, asyncio.Task[str]] = {}
        self._force_ration = redis.register_script(_FORCE_RATION)

    async def get(self) -> str:
        cached = await self.redis.get(self.key)
        if cached:
            return cached.decode()
        return await self._single_flight(stale=None)

    async def refresh_after(self, stale: str) -> str:
        """WeChat rejected `stale` (40001/42001/40014): drop it and get a fresh one.

        Returns `stale` itself when WeChat still insists on it and no forced refresh is
        left in the ration; the caller's retry then fails with the token outcome."""
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
            # WeChat still hands out the token it just rejected: only a forced refresh
            # replaces it, and those are rationed.
            granted = await self.take_force_ration()
            if granted:
                token, expires_in = await self.fetch(True)
            else:
                log.warning("wechat.force_refresh_rationed", extra={"appid": self.appid})
        ttl = expires_in - self.margin if expires_in > 2 * self.margin else max(expires_in // 2, 1)
        await self.redis.set(self.key, token, ex=ttl)
        return token

    async def take_force_ration(self) -> bool:
        """One forced refresh from the ration shared by every process, if one is left."""
        now = self.clock.timestamp()
        day = self.clock.now().strftime("%Y%m%d")
        granted = await self._force_ration(
            keys=[
                f"wechat:force_refresh:last:{self.appid}",
                f"wechat:force_refresh:count:{self.appid}:{day}",
            ],
            args=[repr(now), repr(self.ration.min_interval_seconds), self.ration.per_day],
        )
        return int(granted) == 1

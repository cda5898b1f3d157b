"""One send rate for every worker process: a token bucket in Redis, one round trip.

WeChat answers 45009/45011 when an account calls an API too often, whichever process
made the calls, so the budget is shared: each API family (customer-service, template,
subscription messages) has one bucket in Redis. `take` runs one Lua script that
refills the bucket for the time elapsed, then either takes the tokens or returns how
long to wait for them. `acquire` sleeps exactly that long (no polling loop), one
waiter per process at a time; the clock and the sleeper are injected so tests drive
virtual time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

import redis.asyncio as aioredis

from bot.clock import Clock
from push.settings import Rate

Sleep = Callable[[float], Awaitable[None]]

# KEYS[1] bucket; ARGV now (integer ms, so time differences are exact), per_second,
# burst, n, ttl_ms. Returns the wait in seconds as a string (Lua numbers would be
# truncated to integers), "0" when the tokens were taken.
_TAKE = """
local now = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2]) / 1000
local burst = tonumber(ARGV[3])
local n = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * per_ms)
  ts = now
end
local wait = 0
if tokens + 1e-9 >= n then
  tokens = math.max(tokens - n, 0)
else
  wait = math.ceil((n - tokens) / per_ms) / 1000
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return tostring(wait)
"""


class RateLimiter:
    """`await acquire("template")` before each send; shared by every process."""

    def __init__(
        self,
        redis: aioredis.Redis,
        rates: Mapping[str, Rate],
        clock: Clock,
        *,
        sleep: Sleep = asyncio.sleep,
        prefix: str = "push:rate:",
    ) -> None:
        self.redis = redis
        self.rates = dict(rates)
        self.clock = clock
        self.sleep = sleep
        self.prefix = prefix
        self._take = redis.register_script(_TAKE)
        # One waiter per family and process asks Redis at a time, the others queue
        # here in order: hundreds of sends waiting on one bucket otherwise all wake
        # at the same moment, one wins and the rest ask again (a round trip and a
        # script run per waiter per token: measured 2 ms of Redis CPU per message).
        self._turns: dict[str, asyncio.Lock] = {}

    async def take(self, family: str, n: int = 1) -> float:
        """Take `n` tokens now and return 0, or take nothing and return the wait."""
        rate = self.rates[family]
        if n > rate.burst:
            raise ValueError(f"{n} tokens never fit a bucket of {rate.burst}")
        # Keep an idle bucket at least until it would be full again, at least a minute.
        ttl_ms = int(max(60.0, 2 * rate.burst / rate.per_second) * 1000)
        wait = await self._take(
            keys=[self.prefix + family],
            args=[
                round(self.clock.timestamp() * 1000),
                repr(rate.per_second),
                rate.burst,
                n,
                ttl_ms,
            ],
        )
        return float(wait)

    async def acquire(self, family: str, n: int = 1) -> float:
        """Wait until `n` tokens are ours; returns the seconds spent waiting.

        Families without a configured rate are not limited."""
        if family not in self.rates:
            return 0.0
        waited = 0.0
        async with self._turns.setdefault(family, asyncio.Lock()):
            while True:
                wait = await self.take(family, n)
                if wait <= 0:
                    return waited
                waited += wait
                await self.sleep(wait)

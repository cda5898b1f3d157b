"""Per-client-IP rate limits on the web surfaces that invite guessing or flooding.

Limits come from config.yml's `rate_limits:` section (requests per minute per client
IP, per route; 0 switches a route's limit off) and are counted in Redis, so every
`serve` process behind the load balancer shares one count:

    @routes.post("/his/queue/{schedule_id}/next")
    @rate_limited("his")
    async def call_next(request): ...

A fixed one-minute window (taken from `services.clock`) costs one Redis round trip
per request: INCR and EXPIRE in one MULTI/EXEC pipeline. Over the limit the route
answers 429 with Retry-After (the seconds left in the window).

The client IP is the peer address; `X-Forwarded-For` is believed only when the peer is
one of `rate_limits.trusted_proxies` (default: loopback, i.e. nginx on the same host),
and then only its last hop, the address that proxy itself saw. IPv6 clients are
counted per /64, the block one subscriber usually gets.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import logging
import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from redis.exceptions import RedisError

from bot.clock import Clock
from bot.config import ConfigError
from bot.services import SERVICES

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60
REDIS_TIMEOUT_SECONDS = 0.5
KEY = "rl:{route}:{client}:{window}"
MAX_PER_MINUTE = 1_000_000
# route name -> (config key, default requests per minute per client IP)
ROUTES: dict[str, tuple[str, int]] = {
    "h5_login": ("h5_login_per_minute", 120),
    "his": ("his_per_minute", 300),
    "nlu_parse": ("nlu_parse_per_minute", 600),
    "console_login": ("console_login_per_minute", 30),
}
DEFAULT_TRUSTED_PROXIES = ("127.0.0.1/32", "::1/128")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Refusal = Callable[[web.Request, int], web.StreamResponse]


@dataclass(frozen=True)
class RateLimits:
    per_minute: Mapping[str, int]  # route name -> limit; 0 = unlimited
    trusted_proxies: tuple[Network, ...]


def parse_rate_limits(section: Mapping[str, Any]) -> RateLimits:
    """Validate config.yml's `rate_limits:` mapping (errors name the field and the fix)."""
    keys = {key: route for route, (key, _) in ROUTES.items()}
    for name in section:
        if name not in keys and name != "trusted_proxies":
            known = ", ".join([*keys, "trusted_proxies"])
            raise ConfigError(f"rate_limits.{name}: unknown setting. Fix: use one of {known}.")
    per_minute: dict[str, int] = {}
    for route, (key, default) in ROUTES.items():
        value = section.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(
                f"rate_limits.{key}: must be a whole number of requests per minute, "
                f"got {value!r}. Fix: e.g. `{key}: {default}` (0 switches the limit off)."
            )
        if not 0 <= value <= MAX_PER_MINUTE:
            raise ConfigError(
                f"rate_limits.{key}: {value} is out of range. Fix: use 0..{MAX_PER_MINUTE} "
                "(0 switches the limit off)."
            )
        per_minute[route] = value
    proxies = section.get("trusted_proxies", list(DEFAULT_TRUSTED_PROXIES))
    if proxies is None:
        proxies = []
    if not isinstance(proxies, list):
        raise ConfigError(
            "rate_limits.trusted_proxies: must be a list of addresses or networks. "
            "Fix: e.g. `trusted_proxies: [127.0.0.1, 10.0.0.0/8]`, or [] to trust none."
        )
    networks: list[Network] = []
    for i, item in enumerate(proxies):
        try:
            networks.append(ipaddress.ip_network(str(item), strict=False))
        except ValueError as exc:
            raise ConfigError(
                f"rate_limits.trusted_proxies[{i}]: {item!r} is not an IP address or network. "
                "Fix: write e.g. 127.0.0.1 or 10.0.0.0/8."
            ) from exc
    return RateLimits(per_minute=per_minute, trusted_proxies=tuple(networks))


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def client_ip(request: web.Request, trusted_proxies: tuple[Network, ...]) -> str:
    """Who to count this request against (see the module docstring)."""
    peer_text = request.remote or ""
    peer = _ip(peer_text)
    if peer is None:
        return peer_text or "unknown"  # e.g. a unix socket: one bucket for all
    client = peer
    forwarded = request.headers.getall("X-Forwarded-For", [])
    if forwarded and any(peer in net for net in trusted_proxies):
        last = _ip(forwarded[-1].split(",")[-1])
        if last is not None:
            client = last
    if isinstance(client, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((client, 64), strict=False))
    return str(client)


class RateLimiter:
    """Fixed-window counters in Redis, shared by every process that uses the same Redis."""

    def __init__(self, limits: RateLimits, redis: Any, clock: Clock) -> None:
        self.limits = limits
        self.redis = redis
        self.clock = clock
        self._degraded = False

    async def hit(self, route: str, client: str) -> int | None:
        """Count one request; the seconds to wait when it is over the limit, else None."""
        limit = self.limits.per_minute[route]
        if limit <= 0:
            return None
        now = self.clock.timestamp()
        window = int(now // WINDOW_SECONDS)
        key = KEY.format(route=route, client=client, window=window)
        try:
            (count,) = await count_in_windows(self.redis, [key], WINDOW_SECONDS)
        except (RedisError, OSError, TimeoutError) as exc:
            # Fail open: when Redis is down or slow we serve without throttling rather
            # than refuse patients and nurses; the warning says protection is off.
            if not self._degraded:
                self._degraded = True
                log.warning(
                    "ratelimit.redis_unavailable",
                    extra={"route": route, "error": type(exc).__name__},
                )
            return None
        if self._degraded:
            self._degraded = False
            log.info("ratelimit.redis_back")
        if count <= limit:
            return None
        return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))


async def count_in_windows(redis: Any, keys: list[str], window_seconds: int) -> list[int]:
    """The primitive under every limit here: INCR each fixed-window key (named with its
    window by the caller) and let it expire with the window, in one MULTI/EXEC round
    trip; the new counts, in order."""
    async with redis.pipeline(transaction=True) as pipe:
        for key in keys:
            pipe.incr(key)
            pipe.expire(key, window_seconds + 5)
        replies = await asyncio.wait_for(pipe.execute(), REDIS_TIMEOUT_SECONDS)
    return [int(n) for n in replies[::2]]


class FailureThrottle:
    """Failed attempts counted per key (a username, a client IP) over a fixed window,
    e.g. the staff console's logins: `blocked` is checked BEFORE the expensive check
    (the password KDF), `failed` counts one failure under every key, `clear` forgets a
    key after a success. Unlike `RateLimiter` this fails closed: it guards passwords,
    and the console cannot log anyone in without Redis anyway."""

    def __init__(self, redis: Any, clock: Clock, prefix: str, window_seconds: int) -> None:
        self.redis, self.clock = redis, clock
        self.prefix, self.window = prefix, window_seconds

    def _key(self, name: str) -> str:
        window = int(self.clock.timestamp() // self.window)
        return f"{self.prefix}:{name}:{window}"

    def retry_after(self) -> int:
        """Seconds until the current window ends."""
        now = self.clock.timestamp()
        return max(1, math.ceil((int(now // self.window) + 1) * self.window - now))

    async def blocked(self, limits: Mapping[str, int]) -> bool:
        """True when any key (name -> its limit of failures) has reached its limit."""
        names = list(limits)
        counts = await self.redis.mget([self._key(n) for n in names])
        return any(int(c or 0) >= limits[n] for n, c in zip(names, counts, strict=True))

    async def failed(self, names: list[str]) -> list[int]:
        return await count_in_windows(self.redis, [self._key(n) for n in names], self.window)

    async def clear(self, name: str) -> None:
        await self.redis.delete(self._key(name))


RATE_LIMITER: web.AppKey[RateLimiter] = web.AppKey("rate_limiter", RateLimiter)


def setup(app: web.Application) -> None:
    """Read and validate `rate_limits:` at start-up (once, however many surfaces ask)."""
    if _start not in app.on_startup:
        app.on_startup.append(_start)


async def _start(app: web.Application) -> None:
    services = app[SERVICES]
    limits = parse_rate_limits(services.settings.section("rate_limits"))
    app[RATE_LIMITER] = RateLimiter(limits, services.storage.redis, services.clock)


async def over_limit(request: web.Request, route: str) -> int | None:
    """Count this request for `route`; Retry-After seconds when it must be refused."""
    limiter = request.app[RATE_LIMITER]
    client = client_ip(request, limiter.limits.trusted_proxies)
    retry_after = await limiter.hit(route, client)
    if retry_after is not None:
        log.info("ratelimit.refused", extra={"route": route, "client": client})
    return retry_after


def json_refusal(request: web.Request, retry_after: int) -> web.Response:
    return web.json_response(
        {"error": "rate_limited", "retry_after": retry_after},
        status=429,
        headers={"Retry-After": str(retry_after)},
    )


def rate_limited(route: str, refuse: Refusal = json_refusal) -> Callable[[Handler], Handler]:
    """Decorator: count the request first (before any token check), refuse with 429."""
    if route not in ROUTES:
        raise ValueError(f"unknown rate-limited route {route!r}")

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            retry_after = await over_limit(request, route)
            if retry_after is not None:
                return refuse(request, retry_after)
            return await handler(request)

        return wrapper

    return decorate

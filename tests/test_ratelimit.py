"""Per-client-IP rate limits on the H5 login, the /his staff endpoints and /nlu/parse:
counted in the real Redis (shared by every app process), 429 with Retry-After, the
client IP from X-Forwarded-For only behind a trusted proxy, fail open without Redis."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
import redis.asyncio as aioredis
from aiohttp.test_utils import TestClient
from h5_support import h5_client

from bot.app import create_app
from bot.clock import FrozenClock
from bot.compose import build_services
from bot.config import ConfigError, Settings
from bot.localstack import free_port
from bot.ratelimit import RateLimiter, parse_rate_limits
from bot.services import SERVICES
from bot.storage import Storage

NLU = {"Authorization": "Bearer t0ken"}
AT = datetime(2025, 6, 15, 10, 0, 0)  # on a minute boundary: a full window remains


def limited(settings: Settings, **section: Any) -> Settings:
    """`settings` with a `rate_limits:` section and the NLU API switched on."""
    return settings.with_overrides(
        raw={**settings.raw, "rate_limits": section},
        limits=replace(settings.limits, nlu_token="t0ken"),
    )


async def app_client(aiohttp_client: Any, settings: Settings, storage: Storage) -> TestClient:
    """One app process; several of them on the same Redis are several `serve` processes."""
    services = build_services(settings, storage, clock=FrozenClock(AT, settings.tz))
    return await aiohttp_client(create_app(settings, services=services))


def ip(addr: str) -> dict[str, str]:
    return {"X-Forwarded-For": addr}  # believed: the test client connects from loopback


async def parse(client: TestClient, headers: dict[str, str]) -> Any:
    return await client.post("/nlu/parse", json={"text": "你好"}, headers={**NLU, **headers})


async def test_nlu_parse_refuses_the_request_over_the_limit_per_ip(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    client = await app_client(aiohttp_client, limited(settings, nlu_parse_per_minute=3), storage)
    for _ in range(3):
        assert (await parse(client, ip("198.51.100.7"))).status == 200
    resp = await parse(client, ip("198.51.100.7"))
    assert resp.status == 429 and resp.headers["Retry-After"] == "60"
    assert await resp.json() == {"error": "rate_limited", "retry_after": 60}
    # a different client is unaffected
    assert (await parse(client, ip("198.51.100.8"))).status == 200
    # a wrong token is counted too (guessing costs), and refused before it is checked
    resp = await client.post(
        "/nlu/parse", json={"text": "你好"}, headers={**ip("198.51.100.7"), "Authorization": "x"}
    )
    assert resp.status == 429
    # Retry-After counts down to the end of the window; the next window starts afresh
    clock = client.server.app[SERVICES].clock
    clock.advance(seconds=45)  # type: ignore[attr-defined]
    resp = await parse(client, ip("198.51.100.7"))
    assert resp.status == 429 and resp.headers["Retry-After"] == "15"
    clock.advance(seconds=15)  # type: ignore[attr-defined]
    for _ in range(3):
        assert (await parse(client, ip("198.51.100.7"))).status == 200
    clock.advance(seconds=20)  # type: ignore[attr-defined]
    resp = await parse(client, ip("198.51.100.7"))
    assert resp.status == 429 and resp.headers["Retry-After"] == "40"


async def test_two_app_processes_share_one_count(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    s = limited(settings, his_per_minute=3)
    other_storage = Storage(s.mongodb_uri, s.redis_url, s.database)  # its own connections
    try:
        a = await app_client(aiohttp_client, s, storage)
        b = await app_client(aiohttp_client, s, other_storage)
        # counted before the staff token is checked: 401s use up the allowance
        assert (await a.post("/his/queue/x/next", headers=ip("203.0.113.5"))).status == 401
        assert (await b.post("/his/queue/x/next", headers=ip("203.0.113.5"))).status == 401
        assert (await a.post("/his/checkin", headers=ip("203.0.113.5"))).status == 401
        for client in (a, b):
            resp = await client.post(
                "/his/schedules/x/stop",
                headers={**ip("203.0.113.5"), "Authorization": "Bearer demo-staff-token"},
            )
            assert resp.status == 429 and int(resp.headers["Retry-After"]) == 60
            assert (await resp.json())["error"] == "rate_limited"
        assert (await b.post("/his/queue/x/next", headers=ip("203.0.113.6"))).status == 401
    finally:
        await other_storage.close()


async def test_h5_login_is_limited_with_a_chinese_page(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    s = limited(settings, h5_login_per_minute=2)
    client, _ = await h5_client(aiohttp_client, s, storage)
    headers = ip("192.0.2.44")
    for _ in range(2):
        resp = await client.get("/h5/patients", headers=headers, allow_redirects=False)
        assert resp.status == 302
    for path in ("/h5/booking", "/h5/oauth/callback?code=c&state=s"):
        resp = await client.get(path, headers=headers, allow_redirects=False)
        assert resp.status == 429 and int(resp.headers["Retry-After"]) > 0
        assert resp.content_type == "text/html" and "访问过于频繁" in await resp.text()
    resp = await client.get("/h5/patients", headers=ip("192.0.2.45"), allow_redirects=False)
    assert resp.status == 302


async def test_forwarded_for_counts_only_its_last_hop_from_a_trusted_proxy(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    client = await app_client(aiohttp_client, limited(settings, nlu_parse_per_minute=2), storage)
    # behind the trusted proxy (loopback by default): a forged first hop changes nothing
    assert (await parse(client, ip("1.1.1.1, 198.51.100.20"))).status == 200
    assert (await parse(client, ip("2.2.2.2, 198.51.100.20"))).status == 200
    assert (await parse(client, ip("3.3.3.3, 198.51.100.20"))).status == 429
    # IPv6 clients are counted per /64
    assert (await parse(client, ip("2001:db8:1:2::a"))).status == 200
    assert (await parse(client, ip("2001:db8:1:2::b"))).status == 200
    assert (await parse(client, ip("2001:db8:1:2:ffff::c"))).status == 429
    assert (await parse(client, ip("2001:db8:1:3::a"))).status == 200


async def test_forwarded_for_is_ignored_from_an_untrusted_peer(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    s = limited(settings, nlu_parse_per_minute=2, trusted_proxies=["10.0.0.0/8"])
    client = await app_client(aiohttp_client, s, storage)
    # the test client (127.0.0.1) is no trusted proxy: every request counts for the peer
    assert (await parse(client, ip("198.51.100.1"))).status == 200
    assert (await parse(client, ip("198.51.100.2"))).status == 200
    assert (await parse(client, ip("198.51.100.3"))).status == 429
    assert (await parse(client, {})).status == 429


async def test_zero_switches_a_limit_off(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    client = await app_client(aiohttp_client, limited(settings, nlu_parse_per_minute=0), storage)
    for _ in range(5):
        assert (await parse(client, ip("198.51.100.9"))).status == 200
    assert await storage.redis.keys("rl:*") == []


async def test_without_redis_requests_pass_and_one_warning_is_logged(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    dead = aioredis.Redis(port=free_port(), socket_connect_timeout=0.5)  # nothing listens
    limiter = RateLimiter(
        parse_rate_limits({"his_per_minute": 1}), dead, FrozenClock(AT, settings.tz)
    )
    try:
        with caplog.at_level(logging.INFO, logger="bot.ratelimit"):
            for _ in range(3):
                assert await limiter.hit("his", "203.0.113.1") is None
    finally:
        await dead.aclose()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == ["ratelimit.redis_unavailable"]


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"his_per_minute": "many"}, "rate_limits.his_per_minute: must be a whole number"),
        ({"his_per_minute": True}, "rate_limits.his_per_minute: must be a whole number"),
        ({"nlu_parse_per_minute": -1}, "rate_limits.nlu_parse_per_minute: -1 is out of range"),
        ({"h5_login": 5}, "rate_limits.h5_login: unknown setting"),
        ({"trusted_proxies": "127.0.0.1"}, "rate_limits.trusted_proxies: must be a list"),
        ({"trusted_proxies": ["nginx"]}, "rate_limits.trusted_proxies[0]: 'nginx' is not"),
    ],
)
def test_bad_settings_name_the_field_and_the_fix(section: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_rate_limits(section)
    assert str(err.value).startswith(message) and "Fix: " in str(err.value)


async def test_bad_settings_stop_the_app_at_start_up(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    with pytest.raises(ConfigError, match=r"rate_limits\.his_per_minute[\s\S]*Fix: "):
        await app_client(aiohttp_client, limited(settings, his_per_minute="lots"), storage)

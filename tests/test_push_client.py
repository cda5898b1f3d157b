"""The outbound WeChat client against the real sandbox, over real HTTP.

The app (with the sandbox) is served on a loopback port and a frozen clock; every
client gets that clock, and a sleeper that either fails (no waiting expected) or is
the virtual time of `push_support.VirtualTime`. "Processes" are clients with their own
Redis connection, sharing only what production processes share: Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import aiohttp
import pytest
import redis.asyncio as aioredis
from live_app import live_app
from push_support import VirtualTime, make_due

from bot.clock import FrozenClock
from bot.config import ConfigError, Settings
from bot.sandbox.state import SandboxError, SandboxState
from bot.services import Services
from bot.storage import Storage
from push.client import WeChatAPIError, WeChatClient
from push.consent import SubscribeConsent
from push.delivery import PushDeliveries
from push.outbox import Notice, OutboxRepo
from push.policy import Kind
from push.ratelimit import RateLimiter, Sleep
from push.settings import PushSettings, Rate, parse_push
from push.token import credentials
from push.worker import drain_once


async def no_sleep(seconds: float) -> None:
    raise AssertionError(f"unexpected wait of {seconds:.3f}s for the rate limiter")


@dataclass
class Platform:
    base: str
    settings: Settings
    services: Services
    state: SandboxState
    http: aiohttp.ClientSession
    clock: FrozenClock
    connections: list[aioredis.Redis] = field(default_factory=list)

    def client(
        self,
        *,
        sleep: Sleep = no_sleep,
        rates: dict[str, Rate] | None = None,
        process: bool = False,
    ) -> WeChatClient:
        """A client; `process=True` gives it its own Redis connection (another process)."""
        redis = self.services.storage.redis
        if process:
            redis = aioredis.Redis.from_url(self.settings.redis_url)
            self.connections.append(redis)
        push = PushSettings.from_settings(self.settings)
        if rates is not None:
            push = replace(push, rates=rates)
        return WeChatClient(
            self.settings, redis, self.http, clock=self.clock, sleep=sleep, push=push
        )

    async def admin(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        async with self.http.post(f"{self.base}/sandbox/admin/{path}", json=body) as resp:
            assert resp.status == 200, await resp.text()
            return await resp.json()

    async def calls(self) -> dict[str, int]:
        async with self.http.get(f"{self.base}/sandbox/admin/stats") as resp:
            return (await resp.json())["calls"]

    async def sent(self, openid: str) -> list[dict[str, Any]]:
        return await self.state.outbox(openid)


@contextlib.asynccontextmanager
async def platform(settings: Settings, storage: Storage, **sandbox: Any) -> AsyncIterator[Platform]:
    clock = FrozenClock(datetime(2025, 3, 3, 9, 0, 0))
    async with (
        live_app(settings, storage, clock, **sandbox) as (base, services),
        aiohttp.ClientSession() as http,
    ):
        state = SandboxState(storage.redis, services.settings, clock)
        p = Platform(base, services.settings, services, state, http, clock)
        try:
            yield p
        finally:
            for conn in p.connections:
                await conn.aclose()


@pytest.fixture
async def wx(settings: Settings, storage: Storage) -> AsyncIterator[Platform]:
    async with platform(settings, storage) as p:
        yield p


async def _fails(send: Awaitable[Any]) -> WeChatAPIError:
    with pytest.raises(WeChatAPIError) as exc:
        await send
    return exc.value


# -- access tokens ------------------------------------------------------------------------


async def test_expired_token_mid_run_is_refreshed_once_for_all_processes(wx: Platform) -> None:
    await wx.state.subscribe("o_a", "张三")
    clients = [wx.client(process=True) for _ in range(4)]
    await clients[0].send_custom_text("o_a", "第一条")
    assert (await wx.calls())["token"] == 1

    await wx.admin("expire_tokens", {"mode": "expire"})  # every token answers 42001 now
    await asyncio.gather(
        *(c.send_custom_text("o_a", f"{i}-{j}") for i, c in enumerate(clients) for j in range(4))
    )

    calls = await wx.calls()
    assert calls["token"] == 2  # one stable_token call for 4 processes and 16 senders
    assert calls.get("token_force", 0) == 0  # the normal mode gave a new token
    assert len(await wx.sent("o_a")) == 17


async def test_forced_refresh_is_rationed_across_processes(wx: Platform) -> None:
    await wx.state.subscribe("o_a", "张三")
    a, b = wx.client(process=True), wx.client(process=True)
    await a.send_custom_text("o_a", "准备")

    # WeChat rejects the token, yet stable_token's normal mode keeps returning it.
    await wx.admin("expire_tokens", {"mode": "reject"})
    await asyncio.gather(a.send_custom_text("o_a", "甲"), b.send_custom_text("o_a", "乙"))
    calls = await wx.calls()
    assert calls["token_force_asked"] == calls["token_force"] == 1  # two reports, one force

    await wx.admin("expire_tokens", {"mode": "reject"})  # again, within 30 s
    failed = await _fails(b.send_custom_text("o_a", "丙"))
    assert failed.errcode == 40001
    assert failed.outcome.kind is Kind.TOKEN and failed.outcome.delay > 0
    assert (await wx.calls())["token_force_asked"] == 1  # no ration left: WeChat not asked

    wx.clock.advance(seconds=31)
    await a.send_custom_text("o_a", "丁")
    calls = await wx.calls()
    assert calls["token_force_asked"] == calls["token_force"] == 2
    sent = [m["message"]["text"]["content"] for m in await wx.sent("o_a")]
    assert sorted(sent) == sorted(["准备", "甲", "乙", "丁"])


async def test_force_refresh_ration_has_a_daily_limit(settings: Settings, storage: Storage) -> None:
    base = settings.with_overrides(raw={**settings.raw, "push": {"force_refresh": {"per_day": 2}}})
    async with platform(base, storage, token_ttl_seconds=2 * 86400) as wx:
        await wx.state.subscribe("o_a", "张三")
        client = wx.client()
        await client.send_custom_text("o_a", "取 token")
        for i in range(2):
            await wx.admin("expire_tokens", {"mode": "reject"})
            await client.send_custom_text("o_a", f"第{i}次")
            wx.clock.advance(minutes=1)
        await wx.admin("expire_tokens", {"mode": "reject"})
        assert (await _fails(client.send_custom_text("o_a", "第三次"))).errcode == 40001
        assert (await wx.calls())["token_force_asked"] == 2
        wx.clock.set(datetime(2025, 3, 4, 0, 0, 1))  # a new day in Beijing
        await client.send_custom_text("o_a", "新的一天")
        assert (await wx.calls())["token_force"] == 3


async def _stable_token(wx: Platform, force: bool = False) -> dict[str, Any]:
    appid, secret = credentials(wx.settings)
    body = {"grant_type": "client_credential", "appid": appid, "secret": secret}
    async with wx.http.post(
        f"{wx.base}/sandbox/api/cgi-bin/stable_token", json={**body, "force_refresh": force}
    ) as resp:
        return await resp.json()


async def _token_error(wx: Platform, token: str) -> int:
    try:
        await wx.state.check_token(token)
    except SandboxError as exc:
        return exc.errcode
    return 0


async def test_sandbox_stable_token_follows_wechat(settings: Settings, storage: Storage) -> None:
    async with platform(settings, storage, force_refresh_per_day=3) as wx:
        first = await _stable_token(wx)
        assert first["expires_in"] == 7200
        wx.clock.advance(minutes=10)
        again = await _stable_token(wx)  # normal mode: the same token while valid
        assert again == {"access_token": first["access_token"], "expires_in": 7200 - 600}

        # In its last 5 minutes a new token; the old one works until it expires.
        wx.clock.advance(seconds=7200 - 600 - 299)
        renewed = await _stable_token(wx)
        assert renewed["access_token"] != first["access_token"]
        assert renewed["expires_in"] == 7200
        assert await _token_error(wx, first["access_token"]) == 0
        wx.clock.advance(seconds=299)
        assert await _token_error(wx, first["access_token"]) == 42001

        # force_refresh: a new token, the previous one dead at once (grace 0) ...
        forced = await _stable_token(wx, force=True)
        assert forced["access_token"] != renewed["access_token"]
        assert await _token_error(wx, renewed["access_token"]) == 40001
        assert await _token_error(wx, forced["access_token"]) == 0
        # ... not again within 30 s (the same token comes back) ...
        wx.clock.advance(seconds=29)
        assert (await _stable_token(wx, force=True))["access_token"] == forced["access_token"]
        # ... and only so many a day.
        for _ in range(2):
            wx.clock.advance(seconds=31)
            assert "access_token" in await _stable_token(wx, force=True)
        wx.clock.advance(seconds=31)
        assert (await _stable_token(wx, force=True))["errcode"] == 45009
        calls = await wx.calls()
        assert calls["token_force"] == 3 and calls["token_force_asked"] == 5


async def test_sandbox_force_refresh_grace_keeps_the_old_token_a_while(
    settings: Settings, storage: Storage
) -> None:
    async with platform(settings, storage, force_refresh_grace_seconds=60) as wx:
        old = (await _stable_token(wx))["access_token"]
        new = (await _stable_token(wx, force=True))["access_token"]
        assert new != old
        wx.clock.advance(seconds=59)
        assert await _token_error(wx, old) == 0
        wx.clock.advance(seconds=1)
        assert await _token_error(wx, old) == 40001
        assert await _token_error(wx, new) == 0


# -- the error policy, against the sandbox's real answers -----------------------------------

Scenario = Callable[[Platform, WeChatClient], Awaitable[Any]]


async def _unfollowed(wx: Platform, c: WeChatClient) -> None:
    await wx.state.unsubscribe("o_a")
    await c.send_custom_text("o_a", "您好")


async def _unknown_user(wx: Platform, c: WeChatClient) -> None:
    await c.send_custom_text("o_nobody", "您好")


async def _window_closed(wx: Platform, c: WeChatClient) -> None:
    wx.clock.advance(hours=48, minutes=1)
    await c.send_custom_text("o_a", "您好")


async def _cap_reached(wx: Platform, c: WeChatClient) -> None:
    for i in range(20):
        await c.send_custom_text("o_a", f"第{i}条")
    await c.send_custom_text("o_a", "第21条")


async def _no_consent(wx: Platform, c: WeChatClient) -> None:
    await c.send_subscribe("o_a", "SUB_VISIT", {"thing1": "眼科复诊"})


async def _quota_storm(wx: Platform, c: WeChatClient) -> None:
    await wx.admin("inject", {"errcode": 45009, "calls": 3})
    await c.send_custom_text("o_a", "您好")


async def _busy(wx: Platform, c: WeChatClient) -> None:
    await wx.admin("inject", {"errcode": -1, "calls": 2, "api": "template_send"})
    await c.send_template("o_a", "TPL_VISIT", {"first": "您好"})


async def _minute_rate(wx: Platform, c: WeChatClient) -> None:
    for i in range(4):  # the sandbox runs with rate_limit_per_minute=3 below
        await c.send_template("o_a", "TPL_VISIT", {"first": f"{i}"})


async def _bad_template(wx: Platform, c: WeChatClient) -> None:
    await c.send_template("o_a", "TPL_NOPE", {"first": "您好"})


async def _bad_data(wx: Platform, c: WeChatClient) -> None:
    await wx.admin("consent", {"openid": "o_a", "template_id": "SUB_VISIT"})
    too_long = "一段超过二十个字的事项说明，订阅通知放不下这么长"  # thing: at most 20
    await c.send_subscribe("o_a", "SUB_VISIT", {"thing1": too_long})


async def _empty_text(wx: Platform, c: WeChatClient) -> None:
    await c.send_custom_text("o_a", " ")  # 44004: not in the policy table


async def _stale_token_no_ration(wx: Platform, c: WeChatClient) -> None:
    await c.send_custom_text("o_a", "取 token")
    await wx.admin("expire_tokens", {"mode": "reject"})
    await c.send_custom_text("o_a", "强制刷新一次")
    await wx.admin("expire_tokens", {"mode": "reject"})
    await c.send_custom_text("o_a", "这次没有配额了")


# (scenario, sandbox settings, errcode, kind, a word the reason must contain, max_attempts)
POLICY_CASES: list[tuple[Scenario, dict[str, Any], int, Kind, str, int | None]] = [
    (_unfollowed, {}, 43004, Kind.PERMANENT, "follow", None),
    (_unknown_user, {}, 40003, Kind.PERMANENT, "openid", None),
    (_window_closed, {}, 45015, Kind.PERMANENT, "48-hour", None),
    (_cap_reached, {"custom_cap": 20}, 45047, Kind.PERMANENT, "cap", None),
    (_no_consent, {}, 43101, Kind.PERMANENT, "subscription", None),
    (_quota_storm, {}, 45009, Kind.RETRY, "quota", None),
    (_busy, {}, -1, Kind.RETRY, "busy", None),
    (_minute_rate, {"rate_limit_per_minute": 3}, 45011, Kind.RETRY, "minute", None),
    (_bad_template, {}, 40037, Kind.PERMANENT, "template_id", None),
    (_bad_data, {}, 47003, Kind.PERMANENT, "data", None),
    (_empty_text, {}, 44004, Kind.RETRY, "44004", 3),
    (_stale_token_no_ration, {}, 40001, Kind.TOKEN, "access_token", None),
]


@pytest.mark.parametrize(
    ("scenario", "sandbox", "errcode", "kind", "word", "max_attempts"),
    POLICY_CASES,
    ids=[case[0].__name__.strip("_") for case in POLICY_CASES],
)
async def test_policy_classifies_what_the_sandbox_really_answers(
    settings: Settings,
    storage: Storage,
    scenario: Scenario,
    sandbox: dict[str, Any],
    errcode: int,
    kind: Kind,
    word: str,
    max_attempts: int | None,
) -> None:
    async with platform(settings, storage, **sandbox) as wx:
        await wx.state.subscribe("o_a", "张三")
        await wx.state.add_template("TPL_VISIT")
        error = await _fails(scenario(wx, wx.client()))
    assert error.errcode == errcode
    assert error.outcome.kind is kind
    assert word in error.outcome.reason
    assert error.outcome.max_attempts == max_attempts
    assert error.transient is (kind is not Kind.PERMANENT)
    if kind is not Kind.PERMANENT:
        assert error.outcome.delay > 0


async def test_45015_injected_for_one_user_is_permanent_with_a_reason(wx: Platform) -> None:
    await wx.state.subscribe("o_a", "张三")
    await wx.state.subscribe("o_b", "李四")
    client = wx.client()
    await wx.admin("inject", {"errcode": 45015, "openid": "o_b"})

    for _ in range(2):  # sticky until cleared
        error = await _fails(client.send_custom_text("o_b", "报告已出"))
        assert error.errcode == 45015 and error.outcome.permanent
        assert "48-hour customer-service window" in error.outcome.reason
    await client.send_custom_text("o_a", "报告已出")  # other users are unaffected

    await wx.admin("inject", {"clear": True})
    await client.send_custom_text("o_b", "报告已出")
    assert len(await wx.sent("o_a")) == len(await wx.sent("o_b")) == 1


async def test_injected_storms_last_the_given_number_of_calls(wx: Platform) -> None:
    await wx.state.subscribe("o_a", "张三")
    await wx.state.add_template("TPL_VISIT")
    client = wx.client()
    await wx.admin("inject", {"errcode": 45009, "calls": 2})
    await wx.admin("inject", {"errcode": -1, "calls": 1, "api": "template_send"})

    assert (await _fails(client.send_custom_text("o_a", "一"))).errcode == 45009
    # the api-specific rule answers before the any-API storm
    assert (await _fails(client.send_template("o_a", "TPL_VISIT", {"k": "二"}))).errcode == -1
    assert (await _fails(client.send_template("o_a", "TPL_VISIT", {"k": "三"}))).errcode == 45009
    await client.send_custom_text("o_a", "四")
    await client.send_template("o_a", "TPL_VISIT", {"k": "五"})
    assert len(await wx.sent("o_a")) == 2


async def test_sandbox_refuses_bad_injections(wx: Platform) -> None:
    for body in ({"errcode": 12345}, {"errcode": 40001}, {"calls": 2}, {"errcode": -1, "calls": 0}):
        async with wx.http.post(f"{wx.base}/sandbox/admin/inject", json=body) as resp:
            assert resp.status == 400, body
    async with wx.http.post(f"{wx.base}/sandbox/admin/inject", data=b"[1") as resp:
        assert resp.status == 400


async def test_daily_quota_answers_45009_until_the_next_day(
    settings: Settings, storage: Storage
) -> None:
    async with platform(settings, storage, daily_quota={"template_send": 2}) as wx:
        await wx.state.subscribe("o_a", "张三")
        await wx.state.add_template("TPL_VISIT")
        client = wx.client()
        for i in range(2):
            await client.send_template("o_a", "TPL_VISIT", {"k": i})
        error = await _fails(client.send_template("o_a", "TPL_VISIT", {"k": 3}))
        assert error.errcode == 45009 and error.outcome.kind is Kind.RETRY
        await client.send_custom_text("o_a", "客服消息不受影响")
        wx.clock.set(datetime(2025, 3, 4, 0, 0, 1))
        await client.send_template("o_a", "TPL_VISIT", {"k": 4})
        assert [m["kind"] for m in await wx.sent("o_a")] == [
            "template",
            "template",
            "custom",
            "template",
        ]


async def test_customer_service_cap_restarts_when_the_user_writes(
    settings: Settings, storage: Storage
) -> None:
    async with platform(settings, storage, custom_cap=3) as wx:
        await wx.state.subscribe("o_a", "张三")
        client = wx.client()
        for i in range(3):
            await client.send_custom_text("o_a", f"{i}")
        assert (await _fails(client.send_custom_text("o_a", "3"))).errcode == 45047
        await wx.state.touch("o_a")  # the patient writes again
        await client.send_custom_text("o_a", "4")
        await client.send_custom_news("o_a", "检验报告", "https://h5.example.org/r/1", "血常规")
        sent = await wx.sent("o_a")
        assert len(sent) == 5 and sent[-1]["message"]["news"]["articles"][0]["title"] == "检验报告"


# -- subscription notifications (订阅通知) ---------------------------------------------------


async def test_bizsend_needs_consent_and_one_time_consent_is_used_up(wx: Platform) -> None:
    await wx.state.subscribe("o_a", "张三")
    client = wx.client()
    consent = wx.services.storage.repo(SubscribeConsent)
    data = {"thing1": "眼科复诊", "time2": "2025-03-04 09:00"}

    assert (await _fails(client.send_subscribe("o_a", "SUB_VISIT", data))).errcode == 43101

    # The user accepts the one-time template in the popup: WeChat and we both remember.
    await wx.admin("consent", {"openid": "o_a", "template_id": "SUB_VISIT"})
    await consent.record("o_a", "SUB_VISIT", "accept", "one_time", at=wx.clock.now())
    assert await consent.take_one("o_a", "SUB_VISIT", at=wx.clock.now())
    msgid = await client.send_subscribe("o_a", "SUB_VISIT", data, page="https://h5.example.org/a")
    assert msgid > 0

    assert not await consent.take_one("o_a", "SUB_VISIT", at=wx.clock.now())
    again = await _fails(client.send_subscribe("o_a", "SUB_VISIT", data))
    assert again.errcode == 43101 and again.outcome.permanent  # WeChat agrees: used up

    # Long-term consent stays until the user turns it off.
    await wx.admin("consent", {"openid": "o_a", "template_id": "SUB_REPORT", "kind": "long_term"})
    for i in range(3):
        await client.send_subscribe("o_a", "SUB_REPORT", {"thing1": f"第{i}份报告"})
    await wx.admin(
        "consent",
        {"openid": "o_a", "template_id": "SUB_REPORT", "status": "reject", "kind": "long_term"},
    )
    assert (await _fails(client.send_subscribe("o_a", "SUB_REPORT", data))).errcode == 43101

    [first, *reports] = await wx.sent("o_a")
    assert first["kind"] == "subscribe" and first["id"] == msgid
    assert first["message"]["data"]["thing1"] == {"value": "眼科复诊"}
    assert first["message"]["page"] == "https://h5.example.org/a"
    assert len(reports) == 3


# -- client_msg_id -----------------------------------------------------------------------


async def test_client_msg_id_makes_a_retried_template_send_one_message(wx: Platform) -> None:
    """WeChat sends the message but its answer is lost (-1): the job's retry, with the
    job key as client_msg_id, must not send it twice."""
    await wx.state.subscribe("o_a", "张三")
    await wx.admin("inject", {"errcode": -1, "calls": 1, "delivered": True})
    notice = Notice("appt-42:stop", "o_a", "booking_stopped", "停诊", {"dept": "眼科"})
    await wx.services.storage.repo(OutboxRepo).add(notice, now=wx.clock.now())
    deliveries = wx.services.storage.repo(PushDeliveries)

    assert await drain_once(wx.services, client=wx.client()) == 1
    first = await deliveries.get("appt-42:stop", "o_a")
    assert first is not None and first["status"] == "retry" and first["errcode"] == -1
    assert len(await wx.sent("o_a")) == 1  # delivered, though the answer said otherwise

    wx.clock.advance(minutes=1)  # past the policy's delay for -1
    await make_due(wx.services.storage.redis)
    await drain_once(wx.services, client=wx.client())
    done = await deliveries.get("appt-42:stop", "o_a")
    [message] = await wx.sent("o_a")
    assert done is not None and done["status"] == "sent" and done["attempts"] == 2
    assert done["msgid"] == message["id"]
    assert message["message"]["client_msg_id"] == "appt-42:stop"


# -- the shared rate limiter ----------------------------------------------------------------


async def test_token_bucket_shared_by_processes_never_exceeds_the_rate(
    wx: Platform,
) -> None:
    """Four processes take as fast as they can for 10 simulated seconds at 10/s, burst 5."""
    limiters = [
        RateLimiter(
            aioredis.Redis.from_url(wx.settings.redis_url),
            {"template": Rate(per_second=10, burst=5)},
            wx.clock,
            sleep=no_sleep,
        )
        for _ in range(4)
    ]
    wx.connections.extend(lim.redis for lim in limiters)
    waits: list[float] = []

    async def take_all() -> int:
        granted = 0
        for lim in limiters:
            while (wait := await lim.take("template")) == 0:
                granted += 1
            waits.append(wait)
        return granted

    granted = [await take_all()]  # t = 0: the burst
    for _tick in range(100):
        wx.clock.advance(seconds=0.1)
        granted.append(await take_all())
    assert granted[0] == 5  # the burst, shared: not 5 per process
    assert granted[1:] == [1] * 100  # then one per 0.1 s, whoever asks first
    assert sum(granted) == 5 + 10 * 10  # burst + rate × 10 s
    assert waits == [pytest.approx(0.1)] * len(waits)  # each refusal says how long


async def test_clients_in_several_processes_stay_under_the_platform_rate(
    settings: Settings, storage: Storage
) -> None:
    """120 template sends from 4 processes at 10/s (burst 5) against a sandbox that
    allows 15 calls a second: none refused, and the sandbox's own timestamps show
    at most burst + rate × window in every window."""
    async with platform(settings, storage, rate_limit_per_second=15) as wx:
        await wx.state.subscribe("o_a", "张三")
        await wx.state.add_template("TPL_NOTICE")
        vt = VirtualTime(wx.clock)
        rates = {"template": Rate(per_second=10, burst=5)}
        clients = [wx.client(sleep=vt.sleep, rates=rates, process=True) for _ in range(4)]
        start = wx.clock.timestamp()

        async def sender(c: WeChatClient, n: int) -> None:
            for i in range(30):
                await c.send_template("o_a", "TPL_NOTICE", {"first": f"{n}-{i}"})

        await vt.run(*(sender(c, n) for n, c in enumerate(clients)))

        stamps = sorted(m["at"] - start for m in await wx.sent("o_a"))
        assert len(stamps) == 120
        for i, t in enumerate(stamps):
            in_window = sum(1 for u in stamps[i:] if u < t + 1.0)
            assert in_window <= 5 + 10, f"{in_window} sends in the second after {t:.3f}s"
        assert stamps[-1] >= (120 - 5) / 10 - 1e-6  # it took the time the rate implies
        # Each wait is the one the bucket gave (whole milliseconds, never a spin); a
        # process sleeps again only when another one took the token first.
        assert all(s >= 0.001 for s in vt.sleeps)
        assert len(vt.sleeps) <= 4 * 120


async def test_without_the_limiter_the_sandbox_does_refuse(
    settings: Settings, storage: Storage
) -> None:
    """The control for the test above: the sandbox's per-second limit really bites."""
    async with platform(settings, storage, rate_limit_per_second=15) as wx:
        await wx.state.subscribe("o_a", "张三")
        await wx.state.add_template("TPL_NOTICE")
        rates = {"template": Rate(per_second=1000, burst=1000)}
        client = wx.client(rates=rates)
        results = await asyncio.gather(
            *(client.send_template("o_a", "TPL_NOTICE", {"k": i}) for i in range(30)),
            return_exceptions=True,
        )
        refused = [r for r in results if isinstance(r, WeChatAPIError)]
        assert refused and {r.errcode for r in refused} == {45011}
        assert len(await wx.sent("o_a")) == 15


# -- configuration ------------------------------------------------------------------------


def test_push_settings_are_read_from_config_yml(settings: Settings) -> None:
    push = PushSettings.from_settings(settings)
    assert set(push.rates) == {"custom", "template", "subscribe"}
    assert push.force_refresh.min_interval_seconds == 30
    assert push.consent_kind("ANY") == "one_time"
    custom = parse_push(
        {
            "rate_limits": {"template": {"per_second": 2.5, "burst": 10}},
            "subscribe_templates": {"long_term": ["SUB_REPORT"]},
        }
    )
    assert custom.rates["template"] == Rate(per_second=2.5, burst=10)
    assert custom.consent_kind("SUB_REPORT") == "long_term"


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"rate_limits": {"mass": {}}}, "push.rate_limits.mass: unknown API family"),
        ({"rate_limits": {"custom": {"per_second": 0}}}, "push.rate_limits.custom.per_second"),
        ({"rate_limits": {"custom": {"burst": 2.5}}}, "push.rate_limits.custom.burst"),
        ({"rate_limits": {"custom": "fast"}}, "push.rate_limits.custom: must be a mapping"),
        ({"force_refresh": {"per_day": 21}}, "push.force_refresh.per_day"),
        ({"force_refresh": {"min_interval_seconds": 5}}, "min_interval_seconds"),
        ({"subscribe_templates": {"long_term": "SUB"}}, "push.subscribe_templates.long_term"),
    ],
)
def test_bad_push_settings_name_the_field_and_the_fix(section: dict, message: str) -> None:
    with pytest.raises(ConfigError) as exc:
        parse_push(section)
    assert message in str(exc.value) and "Fix" in str(exc.value)


def test_sandbox_error_for_injection_uses_wechat_wording() -> None:
    assert SandboxError.of(45047).errmsg == "out of response count limit"

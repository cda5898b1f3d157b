"""The WeChat sandbox through our real async client, over real HTTP.

The app from `bot.app.create_app` is served on a loopback port; the client's API base
points at its `/sandbox/api`, exactly as `hospital-bot run` wires it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from live_app import live_app

from bot.clock import Clock, FrozenClock
from bot.config import Settings
from bot.sandbox import oauth_authorize_url
from bot.sandbox.state import SandboxError, SandboxState
from bot.services import Services
from bot.storage import Storage
from push.client import WeChatAPIError, WeChatClient
from push.menu import push_menu
from push.token import credentials


@dataclass
class Sandbox:
    base: str
    settings: Settings
    services: Services
    state: SandboxState
    http: aiohttp.ClientSession

    def client(self) -> WeChatClient:
        return WeChatClient(self.settings, self.services.storage.redis, self.http)

    async def calls(self) -> dict[str, int]:
        return await self.state.calls()


@contextlib.asynccontextmanager
async def running(
    settings: Settings, storage: Storage, clock: Clock, **sandbox: Any
) -> AsyncIterator[Sandbox]:
    """Serve the real app on 127.0.0.1 with the sandbox pointed at itself."""
    async with (
        live_app(settings, storage, clock, **sandbox) as (base, services),
        aiohttp.ClientSession() as http,
    ):
        state = SandboxState(storage.redis, services.settings, clock)
        yield Sandbox(base, services.settings, services, state, http)


@pytest.fixture
def frozen() -> FrozenClock:
    return FrozenClock(datetime(2025, 3, 3, 9, 0, 0))


@pytest.fixture
async def sandbox(
    settings: Settings, storage: Storage, frozen: FrozenClock
) -> AsyncIterator[Sandbox]:
    async with running(settings, storage, frozen) as sb:
        yield sb


async def test_token_endpoints_check_appid_and_secret(sandbox: Sandbox) -> None:
    appid, secret = credentials(sandbox.settings)
    url = sandbox.base + "/sandbox/api/cgi-bin/token"
    cases = [
        ({"grant_type": "client_credential", "appid": "wxnope", "secret": secret}, 40013),
        ({"grant_type": "client_credential", "appid": appid, "secret": "wrong"}, 40125),
        ({"grant_type": "password", "appid": appid, "secret": secret}, 40002),
    ]
    for params, errcode in cases:
        async with sandbox.http.get(url, params=params) as resp:
            assert (await resp.json())["errcode"] == errcode
    async with sandbox.http.get(
        url, params={"grant_type": "client_credential", "appid": appid, "secret": secret}
    ) as resp:
        body = await resp.json()
    assert body["expires_in"] == 7200 and len(body["access_token"]) > 64

    stable = sandbox.base + "/sandbox/api/cgi-bin/stable_token"
    req = {"grant_type": "client_credential", "appid": appid, "secret": secret}
    async with sandbox.http.post(stable, json={**req, "secret": "x"}) as resp:
        assert (await resp.json())["errcode"] == 40125
    async with sandbox.http.post(stable, json=req) as resp:
        first = await resp.json()
    async with sandbox.http.post(stable, json=req) as resp:
        again = await resp.json()
    assert again["access_token"] == first["access_token"]  # stable: same token while valid
    async with sandbox.http.post(stable, json={**req, "force_refresh": True}) as resp:
        forced = await resp.json()
    assert forced["access_token"] != first["access_token"]
    with pytest.raises(SandboxError) as old:
        await sandbox.state.check_token(first["access_token"])
    assert old.value.errcode == 40001


async def test_api_call_without_valid_token_is_refused(sandbox: Sandbox) -> None:
    url = sandbox.base + "/sandbox/api/cgi-bin/message/custom/send"
    async with sandbox.http.post(url, params={"access_token": "made-up"}, json={}) as resp:
        assert (await resp.json())["errcode"] == 40001
    async with sandbox.http.post(url, json={}) as resp:
        assert (await resp.json())["errcode"] == 41001


@pytest.mark.parametrize(("mode", "errcode"), [("invalidate", 40001), ("expire", 42001)])
async def test_stale_token_is_refreshed_and_the_call_retried(
    sandbox: Sandbox, mode: str, errcode: int
) -> None:
    await sandbox.state.subscribe("o_patient_a", "张三")
    client = sandbox.client()
    await client.send_custom_text("o_patient_a", "第一条")
    assert (await sandbox.calls())["token"] == 1
    stale = await client.tokens.get()

    async with sandbox.http.post(
        sandbox.base + "/sandbox/admin/expire_tokens", json={"mode": mode}
    ) as resp:
        assert (await resp.json())["ok"]
    with pytest.raises(SandboxError) as rejected:
        await sandbox.state.check_token(stale)
    assert rejected.value.errcode == errcode

    await client.send_custom_text("o_patient_a", "第二条")  # 40001/42001 → refresh → retry
    calls = await sandbox.calls()
    assert calls["token"] == 2
    assert calls["custom_send"] == 3  # first, rejected, retried
    assert await client.tokens.get() != stale
    sent = [m["message"]["text"]["content"] for m in await sandbox.state.outbox("o_patient_a")]
    assert sent == ["第一条", "第二条"]


async def test_customer_service_message_outside_48_hours_gets_45015(
    sandbox: Sandbox, frozen: FrozenClock
) -> None:
    await sandbox.state.subscribe("o_patient_b", "李四")
    client = sandbox.client()
    frozen.advance(hours=47, minutes=59)
    await client.send_custom_text("o_patient_b", "窗口内")
    frozen.advance(minutes=2)  # last message now 48 h 01 min ago
    with pytest.raises(WeChatAPIError) as exc:
        await client.send_custom_text("o_patient_b", "窗口外")
    assert exc.value.errcode == 45015 and not exc.value.transient

    await sandbox.state.touch("o_patient_b")  # the patient writes again
    await client.send_custom_text("o_patient_b", "又在窗口内")
    async with sandbox.http.post(
        sandbox.base + "/sandbox/admin/backdate",
        json={"openid": "o_patient_b", "seconds": 49 * 3600},
    ) as resp:
        assert (await resp.json())["ok"]
    with pytest.raises(WeChatAPIError) as exc:
        await client.send_custom_text("o_patient_b", "窗口外")
    assert exc.value.errcode == 45015
    sent = [m["message"]["text"]["content"] for m in await sandbox.state.outbox("o_patient_b")]
    assert sent == ["窗口内", "又在窗口内"]


async def test_unsubscribed_user_gets_43004_and_unknown_user_40003(sandbox: Sandbox) -> None:
    await sandbox.state.subscribe("o_patient_c", "王五")
    await sandbox.state.add_template("TPL_VISIT")
    client = sandbox.client()
    assert await client.send_template("o_patient_c", "TPL_VISIT", {"first": "您好"}) > 0
    await sandbox.state.unsubscribe("o_patient_c")
    with pytest.raises(WeChatAPIError) as exc:
        await client.send_custom_text("o_patient_c", "还在吗")
    assert exc.value.errcode == 43004
    with pytest.raises(WeChatAPIError) as exc:
        await client.send_template("o_patient_c", "TPL_VISIT", {"first": "您好"})
    assert exc.value.errcode == 43004
    with pytest.raises(WeChatAPIError) as exc:
        await client.send_custom_text("o_nobody", "你是谁")
    assert exc.value.errcode == 40003
    assert len(await sandbox.state.outbox("o_patient_c")) == 1


async def test_template_messages(sandbox: Sandbox) -> None:
    await sandbox.state.subscribe("o_patient_d", "赵六")
    client = sandbox.client()
    with pytest.raises(WeChatAPIError) as exc:
        await client.send_template("o_patient_d", "TPL_UNKNOWN", {"first": "x"})
    assert exc.value.errcode == 40037
    await sandbox.state.add_template("TPL_REPORT")
    data = {"first": "您的检验报告已出", "keyword1": {"value": "血常规", "color": "#173177"}}
    msgid = await client.send_template(
        "o_patient_d", "TPL_REPORT", data, "https://example.org/r/1", client_msg_id="job-1"
    )
    again = await client.send_template("o_patient_d", "TPL_REPORT", data, client_msg_id="job-1")
    assert again == msgid  # WeChat drops a duplicate client_msg_id
    [entry] = await sandbox.state.outbox("o_patient_d")
    assert entry["kind"] == "template" and entry["id"] == msgid
    assert entry["message"]["data"]["first"] == {"value": "您的检验报告已出"}
    assert entry["message"]["data"]["keyword1"]["color"] == "#173177"

    async with sandbox.http.get(
        sandbox.base + "/sandbox/api/_outbox", params={"openid": "o_patient_d"}
    ) as resp:
        assert [m["id"] for m in (await resp.json())["messages"]] == [msgid]


async def test_concurrent_repeats_of_one_client_msg_id_store_one_message(
    sandbox: Sandbox,
) -> None:
    """The check and the store are one decision: ten sends of one id at once (a retry
    racing the first answer) leave one message, and every answer names it."""
    await sandbox.state.subscribe("o_patient_f", "周八")
    await sandbox.state.add_template("TPL_STOP")
    client = sandbox.client()
    ids = await asyncio.gather(
        *(
            client.send_template("o_patient_f", "TPL_STOP", {"first": "停诊"}, client_msg_id="b-7")
            for _ in range(10)
        )
    )
    [entry] = await sandbox.state.outbox("o_patient_f")
    assert set(ids) == {entry["id"]}


async def test_calls_above_the_minute_rate_get_45011(
    settings: Settings, storage: Storage, frozen: FrozenClock
) -> None:
    async with running(settings, storage, frozen, rate_limit_per_minute=3) as sandbox:
        await sandbox.state.subscribe("o_patient_e", "孙七")
        client = sandbox.client()
        for i in range(3):
            await client.send_custom_text("o_patient_e", f"第{i}条")
        with pytest.raises(WeChatAPIError) as exc:
            await client.send_custom_text("o_patient_e", "太快了")
        assert exc.value.errcode == 45011 and exc.value.transient
        frozen.advance(minutes=1)  # a new minute, a new quota
        await client.send_custom_text("o_patient_e", "下一分钟")
        assert len(await sandbox.state.outbox("o_patient_e")) == 4


async def test_fifty_concurrent_callers_cause_one_token_request(
    settings: Settings, storage: Storage, frozen: FrozenClock
) -> None:
    """Single flight across processes (separate clients) and within one client."""
    async with running(settings, storage, frozen, custom_cap=0) as sandbox:
        await _fifty_concurrent_callers(sandbox)


async def _fifty_concurrent_callers(sandbox: Sandbox) -> None:
    await sandbox.state.subscribe("o_patient_f", "周八")
    clients = [sandbox.client() for _ in range(50)]  # as if 50 processes
    await asyncio.gather(
        *(c.send_custom_text("o_patient_f", f"{i}") for i, c in enumerate(clients))
    )
    assert (await sandbox.calls())["token"] == 1

    await sandbox.state.expire_tokens("invalidate")
    one = sandbox.client()
    await asyncio.gather(*(one.send_custom_text("o_patient_f", f"b{i}") for i in range(50)))
    assert (await sandbox.calls())["token"] == 2
    assert len(await sandbox.state.outbox("o_patient_f")) == 100


def _click(name: str, key: str) -> dict[str, str]:
    return {"type": "click", "name": name, "key": key}


async def test_menu_create_validates_wechat_limits(sandbox: Sandbox) -> None:
    assert await push_menu(sandbox.settings) == 0
    menu = await sandbox.client().get_menu()
    # config.yml's menu as WeChat stores it, {base} expanded in the VIEW link
    assert menu["menu"] == {
        "button": [
            {
                "name": "预约挂号",
                "sub_button": [
                    _click("智能导诊", "TRIAGE"),
                    _click("预约挂号", "BOOK"),
                    _click("我的预约", "MY_APPOINTMENTS"),
                    _click("候诊排队", "QUEUE"),
                ],
            },
            {
                "name": "诊疗服务",
                "sub_button": [
                    _click("门诊缴费", "PAY"),
                    _click("报告查询", "REPORTS"),
                    _click("就诊人管理", "PATIENTS"),
                    {"type": "view", "name": "预约页面", "url": sandbox.base + "/h5/booking"},
                ],
            },
            {
                "name": "医院信息",
                "sub_button": [
                    _click("医院介绍", "HOSPITAL_INFO"),
                    _click("科室导航", "DEPARTMENTS"),
                    _click("人工客服", "HUMAN"),
                ],
            },
        ]
    }
    async with sandbox.http.get(
        sandbox.base + "/sandbox/api/cgi-bin/get_current_selfmenu_info",
        params={"access_token": await sandbox.client().tokens.get()},
    ) as resp:
        info = await resp.json()
    assert info["is_menu_open"] == 1
    assert info["selfmenu_info"]["button"][2]["sub_button"]["list"][0]["key"] == "HOSPITAL_INFO"

    client = sandbox.client()
    click = {"type": "click", "name": "介绍", "key": "K"}
    bad = [
        ({"button": [click] * 4}, 40016),
        ({"button": [{"type": "click", "name": "医院信息介绍一下", "key": "K"}]}, 40018),
        ({"button": [{"name": "服务", "sub_button": [click] * 6}]}, 40023),
        ({"button": [{"name": "服务", "sub_button": [{**click, "type": "tap"}]}]}, 40024),
        ({"button": [{"type": "view", "name": "官网", "url": "ftp://x"}]}, 40055),
        ({"button": [{"type": "click", "name": "介绍", "key": "K" * 129}]}, 40019),
    ]
    for body, errcode in bad:
        with pytest.raises(WeChatAPIError) as exc:
            await client.create_menu(body)
        assert exc.value.errcode == errcode, body


async def test_web_oauth_code_flow(sandbox: Sandbox) -> None:
    await sandbox.state.subscribe("o_patient_g", "吴九")
    url = oauth_authorize_url(sandbox.settings, "https://h5.example.org/h5/cb?x=1", "st4te")
    assert url.startswith(sandbox.base + "/sandbox/connect/oauth2/authorize?appid=")
    assert url.endswith("#wechat_redirect")
    async with sandbox.http.get(
        url.split("#")[0], cookies={"sandbox_openid": "o_patient_g"}, allow_redirects=False
    ) as resp:
        assert resp.status == 302
        target = urlsplit(resp.headers["Location"])
    assert target.netloc == "h5.example.org" and target.path == "/h5/cb"
    query = parse_qs(target.query)
    assert query["x"] == ["1"] and query["state"] == ["st4te"]

    client = sandbox.client()
    result = await client.oauth_exchange(query["code"][0])
    assert result["openid"] == "o_patient_g" and result["scope"] == "snsapi_base"
    assert result["access_token"] and result["refresh_token"] and result["expires_in"] == 7200
    with pytest.raises(WeChatAPIError) as exc:
        await client.oauth_exchange(query["code"][0])  # a code works once
    assert exc.value.errcode == 40029

    async with sandbox.http.get(url.split("#")[0], allow_redirects=False) as resp:
        page = await resp.text()  # no user chosen yet: a picker, as the phone would know
    assert resp.status == 200 and "o_patient_g" in page


def test_oauth_url_points_at_real_wechat_with_real_credentials(settings: Settings) -> None:
    from dataclasses import replace

    real = settings.with_overrides(wechat=replace(settings.wechat, secret="s3cret"))
    url = oauth_authorize_url(real, "https://h.example.org/cb?a=1", "s1")
    assert url == (
        "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx0000000000demo"
        "&redirect_uri=https%3A%2F%2Fh.example.org%2Fcb%3Fa%3D1&response_type=code"
        "&scope=snsapi_base&state=s1#wechat_redirect"
    )


async def test_tokens_expire_after_the_configured_ttl(
    settings: Settings, storage: Storage, frozen: FrozenClock
) -> None:
    async with running(settings, storage, frozen, token_ttl_seconds=900) as sandbox:
        await sandbox.state.subscribe("o_patient_h", "郑十")
        client = sandbox.client()
        await client.send_custom_text("o_patient_h", "一")
        token = await client.tokens.get()
        frozen.advance(seconds=899)
        assert await sandbox.state.check_token(token) == sandbox.settings.wechat.appid
        frozen.advance(seconds=2)
        with pytest.raises(SandboxError) as exc:
            await sandbox.state.check_token(token)
        assert exc.value.errcode == 42001
        await client.send_custom_text("o_patient_h", "二")  # 42001 → refresh → retry
        assert (await sandbox.calls())["token"] == 2

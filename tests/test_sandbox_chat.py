"""The chat simulator's relay: it plays WeChat towards the real `/wechat` endpoint.

Plaintext and safe (AES) mode, over real HTTP, through `bot.app.create_app`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import aiohttp
import pytest
from chat_support import GREETING, HOSPITAL_INFO, WELCOME
from live_app import live_app

from bot.clock import Clock
from bot.config import Settings
from bot.dialogue.types import Message, Reply
from bot.sandbox.platform import UserAction, request_for
from bot.sandbox.state import SandboxState
from bot.services import Services
from bot.storage import Storage
from bot.wechat import xml_out
from bot.wechat.crypto import MessageCrypto
from bot.wechat.simulate import BadReply, decode_reply
from push.client import WeChatClient

AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


@contextlib.asynccontextmanager
async def simulator(
    settings: Settings, storage: Storage, clock: Clock
) -> AsyncIterator[tuple[str, aiohttp.ClientSession, Services]]:
    async with (
        live_app(settings, storage, clock) as (base, services),
        aiohttp.ClientSession(base_url=base) as http,
    ):
        yield base, http, services


async def post(http: aiohttp.ClientSession, path: str, body: dict[str, Any]) -> dict[str, Any]:
    async with http.post(path, json=body) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.json()


@pytest.mark.parametrize("aes_key", ["", AES_KEY], ids=["plaintext", "safe-mode"])
async def test_simulated_user_talks_to_the_real_endpoint(
    settings: Settings, storage: Storage, clock: Clock, aes_key: str
) -> None:
    settings = settings.with_overrides(wechat=replace(settings.wechat, aes_key=aes_key))
    async with simulator(settings, storage, clock) as (_, http, services):
        created = await post(http, "/sandbox/chat/api/users", {"nickname": "小明"})
        openid = created["user"]["openid"]
        assert created["ok"], created["error"]
        assert created["reply"] == {"type": "text", "content": WELCOME}

        said = await post(
            http, "/sandbox/chat/api/send", {"openid": openid, "type": "text", "content": "你好"}
        )
        assert said["ok"] and said["reply"] == {"type": "text", "content": GREETING}

        clicked = await post(
            http,
            "/sandbox/chat/api/send",
            {"openid": openid, "type": "click", "key": "HOSPITAL_INFO"},
        )
        assert clicked["ok"] and clicked["reply"] == {"type": "text", "content": HOSPITAL_INFO}

        async with http.get("/sandbox/chat/api/users") as resp:
            users = (await resp.json())["users"]
        assert [u["nickname"] for u in users] == ["小明"]

        # A push after the chat reaches the simulator's message list.
        state = SandboxState(storage.redis, services.settings, clock)
        client = WeChatClient(services.settings, storage.redis, http)
        await client.send_custom_text(openid, "您的报告已出")
        async with http.get("/sandbox/chat/api/messages", params={"openid": openid}) as resp:
            pushed = (await resp.json())["messages"]
        assert [(m["type"], m["content"]) for m in pushed] == [("text", "您的报告已出")]
        assert (await state.user(openid)).subscribed  # type: ignore[union-attr]


async def test_unsubscribe_ends_pushes_and_messages(
    settings: Settings, storage: Storage, clock: Clock
) -> None:
    async with simulator(settings, storage, clock) as (_, http, services):
        openid = (await post(http, "/sandbox/chat/api/users", {"nickname": "小红"}))["user"][
            "openid"
        ]
        left = await post(http, "/sandbox/chat/api/send", {"openid": openid, "type": "unsubscribe"})
        assert left["ok"] and left["reply"]["type"] == "none"
        async with http.post(
            "/sandbox/chat/api/send", json={"openid": openid, "type": "text", "content": "在吗"}
        ) as resp:
            assert resp.status == 409
        state = SandboxState(storage.redis, services.settings, clock)
        assert not (await state.user(openid)).subscribed  # type: ignore[union-attr]


async def test_forged_signature_is_what_the_endpoint_refuses(
    settings: Settings, storage: Storage, clock: Clock
) -> None:
    """The relay's signing is the real thing: the same request with a bad signature fails."""
    async with simulator(settings, storage, clock) as (_, http, _services):
        action = UserAction("o_forger", "text", content="你好")
        params, body = request_for(
            settings,
            action,
            to_user="gh_sandbox00001",
            create_time=1700000000,
            msg_id=1,
            timestamp=int(clock.timestamp()),
            nonce="123",
        )
        async with http.post("/wechat", params=params, data=body) as resp:
            assert resp.status == 200
            reply = decode_reply(await resp.read(), openid="o_forger", to_user="gh_sandbox00001")
        assert reply == {"type": "text", "content": GREETING}  # answered, not just accepted
        params["signature"] = "0" * 40
        async with http.post("/wechat", params=params, data=body) as resp:
            assert resp.status == 403


async def test_chat_page_renders_the_configured_menu(
    settings: Settings, storage: Storage, clock: Clock
) -> None:
    async with simulator(settings, storage, clock) as (base, http, _):
        async with http.get("/sandbox/chat") as resp:
            html = await resp.text()
        assert resp.status == 200
        for top in settings.menu:
            assert top.name in html
            for sub in top.sub_button:
                assert sub.name in html
        assert f"{base}/h5/booking" in html  # VIEW link with {base} expanded
        async with http.get("/sandbox/static/chat.js") as resp:
            assert resp.status == 200


def test_safe_mode_reply_is_checked_like_wechat() -> None:
    """The relay reads a safe-mode reply only when its msg_signature and appid are ours."""
    token, appid, account, openid = "hospitalbot", "wx0000000000demo", "gh_sandbox00001", "o_me"
    ours = MessageCrypto(token, AES_KEY, appid)
    msg = Message(openid=openid, kind="text", create_time=1700000000, to_user=account)
    xml = xml_out.render(Reply(text="好的"), msg, 1700000001)

    def sealed(crypto: MessageCrypto, plain: str = xml) -> bytes:
        return crypto.encrypt(plain, "123", "1700000001").encode()

    def read(body: bytes, to: str = openid) -> dict[str, Any]:
        return decode_reply(body, openid=to, to_user=account, crypto=ours)

    assert read(sealed(ours)) == {"type": "text", "content": "好的"}
    assert read(b"success") == {"type": "none"}
    with pytest.raises(BadReply, match="signature or appid"):
        read(sealed(MessageCrypto("another-token", AES_KEY, appid)))
    with pytest.raises(BadReply, match="signature or appid"):
        read(sealed(MessageCrypto(token, AES_KEY, "wx_another_app")))
    with pytest.raises(BadReply, match="not encrypted"):
        read(xml.encode())
    with pytest.raises(BadReply, match="wrong user"):
        read(sealed(ours), to="o_someone_else")
    with pytest.raises(BadReply, match="not XML"):
        read(b"<html>oops")

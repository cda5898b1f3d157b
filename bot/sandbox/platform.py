"""The sandbox playing the WeChat platform towards our own `/wechat` endpoint.

For a user's message or event it builds the XML WeChat would push with
`bot.wechat.simulate` (signed, and in safe mode encrypted, with the account's token and
EncodingAESKey), POSTs it over real HTTP, and reads the passive reply with
`simulate.decode_reply` the way the WeChat client would show it. WeChat waits 5 s per request
and retries the same request (same MsgId) up to three times in all; so does the
sandbox.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.config import Settings, WeChatSettings
from bot.wechat import simulate
from bot.wechat.crypto import MessageCrypto
from bot.wechat.simulate import BadReply

ATTEMPTS = 3


@dataclass(frozen=True)
class UserAction:
    """What the simulated user did: a text message or an event."""

    openid: str
    kind: str  # text | event
    content: str = ""
    event: str = ""  # subscribe | unsubscribe | CLICK | VIEW
    event_key: str = ""


@functools.lru_cache(maxsize=8)
def _crypto(token: str, aes_key: str, appid: str) -> MessageCrypto:
    return MessageCrypto(token, aes_key, appid)


def crypto_for(wx: WeChatSettings) -> MessageCrypto | None:
    """The account's AES crypto in safe mode, None in plaintext mode."""
    return _crypto(wx.token, wx.aes_key, wx.appid) if wx.safe_mode else None


def request_for(
    settings: Settings,
    action: UserAction,
    *,
    to_user: str,
    create_time: int,
    msg_id: int,
    timestamp: int,
    nonce: str,
) -> tuple[dict[str, str], bytes]:
    """Query parameters and body for POST /wechat, plaintext or safe (AES) mode.

    Events carry no MsgId; a VIEW event carries WeChat's MenuId."""
    common: dict[str, Any] = {
        "openid": action.openid,
        "to_user": to_user,
        "create_time": create_time,
    }
    if action.kind == "text":
        xml = simulate.text_xml(action.content, msg_id=msg_id, **common)
    else:
        fields = {"MenuId": 1} if action.event == "VIEW" else {}
        xml = simulate.event_xml(action.event, action.event_key, fields=fields, **common)
    wx = settings.wechat
    crypto = crypto_for(wx)
    if crypto is None:
        return simulate.signed_query(wx.token, timestamp, nonce, action.openid), xml.encode()
    query, body = simulate.encrypted_request(
        crypto, xml, timestamp, nonce, to_user=to_user, openid=action.openid
    )
    return query, body.encode()


async def deliver(
    session: aiohttp.ClientSession,
    url: str,
    settings: Settings,
    action: UserAction,
    *,
    to_user: str,
    create_time: int,
    timestamp: int,
    msg_id: int,
    timeout_seconds: float = 5.0,
) -> dict[str, Any]:
    """POST the action to `/wechat` as WeChat does and return what the user would see."""
    params, body = request_for(
        settings,
        action,
        to_user=to_user,
        create_time=create_time,
        msg_id=msg_id,
        timestamp=timestamp,
        nonce=str(secrets.randbelow(10**10)),
    )
    timeout = aiohttp.ClientTimeout(total=timeout_seconds)
    error = ""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with session.post(
                url,
                params=params,
                data=body,
                headers={"Content-Type": "text/xml"},
                timeout=timeout,
            ) as resp:
                raw = await resp.read()
                if resp.status != 200:
                    return {
                        "ok": False,
                        "status": resp.status,
                        "attempts": attempt,
                        "error": f"HTTP {resp.status}",
                        "reply": None,
                    }
            reply = simulate.decode_reply(
                raw, openid=action.openid, to_user=to_user, crypto=crypto_for(settings.wechat)
            )
            return {"ok": True, "status": 200, "attempts": attempt, "error": "", "reply": reply}
        except BadReply as exc:
            return {
                "ok": False,
                "status": 200,
                "attempts": attempt,
                "error": str(exc),
                "reply": None,
            }
        except TimeoutError:
            error = f"no answer within {timeout_seconds:g} s"
        except aiohttp.ClientError as exc:
            error = f"cannot reach {url}: {type(exc).__name__}"
    return {"ok": False, "status": 0, "attempts": ATTEMPTS, "error": error, "reply": None}

"""The sandbox playing the WeChat platform towards our own `/wechat` endpoint.

It builds the XML WeChat would push for a user's message or event, signs it (and in
safe mode encrypts it) with the account's token and EncodingAESKey, POSTs it over
real HTTP, and decodes the passive reply the way the WeChat client would show it.
WeChat waits 5 s per request and retries the same request (same MsgId) up to three
times in all; so does the sandbox.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import aiohttp
import xmltodict
from wechatpy.crypto import PrpCrypto, WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException

from bot.config import Settings

ATTEMPTS = 3


@dataclass(frozen=True)
class UserAction:
    """What the simulated user did: a text message or an event."""

    openid: str
    kind: str  # text | event
    content: str = ""
    event: str = ""  # subscribe | unsubscribe | CLICK | VIEW
    event_key: str = ""


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def inbound_xml(action: UserAction, *, to_user: str, create_time: int, msg_id: int) -> str:
    """The plaintext XML WeChat pushes for this action (events carry no MsgId)."""
    parts = [
        f"<ToUserName>{_cdata(to_user)}</ToUserName>",
        f"<FromUserName>{_cdata(action.openid)}</FromUserName>",
        f"<CreateTime>{create_time}</CreateTime>",
        f"<MsgType>{_cdata(action.kind)}</MsgType>",
    ]
    if action.kind == "text":
        parts += [f"<Content>{_cdata(action.content)}</Content>", f"<MsgId>{msg_id}</MsgId>"]
    else:
        parts += [
            f"<Event>{_cdata(action.event)}</Event>",
            f"<EventKey>{_cdata(action.event_key)}</EventKey>",
        ]
        if action.event == "VIEW":
            parts.append("<MenuId>1</MenuId>")
    return "<xml>" + "".join(parts) + "</xml>"


def signature(*values: str) -> str:
    """WeChat's signature: SHA-1 over the lexically sorted values, concatenated."""
    return hashlib.sha1("".join(sorted(values)).encode()).hexdigest()


def signed_request(
    settings: Settings,
    xml: str,
    *,
    openid: str,
    to_user: str,
    timestamp: int,
    nonce: str,
) -> tuple[dict[str, str], bytes]:
    """Query parameters and body for POST /wechat, plaintext or safe (AES) mode."""
    wx = settings.wechat
    params = {
        "signature": signature(wx.token, str(timestamp), nonce),
        "timestamp": str(timestamp),
        "nonce": nonce,
        "openid": openid,
    }
    if not wx.safe_mode:
        return params, xml.encode()
    key = WeChatCrypto(wx.token, wx.aes_key, wx.appid).key
    encrypt = PrpCrypto(key).encrypt(xml, wx.appid)
    encrypt = encrypt.decode() if isinstance(encrypt, bytes) else encrypt
    params["encrypt_type"] = "aes"
    params["msg_signature"] = signature(wx.token, str(timestamp), nonce, encrypt)
    body = (
        f"<xml><ToUserName>{_cdata(to_user)}</ToUserName><Encrypt>{_cdata(encrypt)}</Encrypt></xml>"
    )
    return params, body.encode()


class BadReply(Exception):
    """What WeChat would reject: the user sees "该公众号暂时无法提供服务"."""


def decode_reply(settings: Settings, body: bytes, *, openid: str, to_user: str) -> dict[str, Any]:
    """The passive reply as plain data; `{"type": "none"}` for "" or "success"."""
    text = body.decode("utf-8", errors="strict").strip()
    if text in ("", "success"):
        return {"type": "none"}
    try:
        doc = xmltodict.parse(text)["xml"]
    except Exception as exc:
        raise BadReply("reply is not XML") from exc
    if settings.wechat.safe_mode:
        if "Encrypt" not in doc:
            raise BadReply("safe mode reply is not encrypted")
        crypto = WeChatCrypto(settings.wechat.token, settings.wechat.aes_key, settings.wechat.appid)
        try:
            plain = crypto.decrypt_message(
                text, doc.get("MsgSignature"), doc.get("TimeStamp"), doc.get("Nonce")
            )
        except (InvalidSignatureException, InvalidAppIdException) as exc:
            raise BadReply("reply signature or appid is wrong") from exc
        doc = xmltodict.parse(plain)["xml"]
    if doc.get("ToUserName") != openid or doc.get("FromUserName") != to_user:
        raise BadReply("reply is addressed to the wrong user or account")
    return _reply_data(doc)


def _reply_data(doc: dict[str, Any]) -> dict[str, Any]:
    kind = doc.get("MsgType") or ""
    if kind == "text":
        return {"type": "text", "content": doc.get("Content") or ""}
    if kind == "news":
        items = (doc.get("Articles") or {}).get("item") or []
        if isinstance(items, dict):
            items = [items]
        articles = [
            {
                "title": i.get("Title") or "",
                "description": i.get("Description") or "",
                "picurl": i.get("PicUrl") or "",
                "url": i.get("Url") or "",
            }
            for i in items
        ]
        return {"type": "news", "articles": articles}
    if kind == "transfer_customer_service":
        return {"type": "transfer"}
    if kind in ("image", "voice", "video", "music"):
        return {"type": kind}
    raise BadReply(f"unknown reply type {kind!r}")


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
    xml = inbound_xml(action, to_user=to_user, create_time=create_time, msg_id=msg_id)
    params, body = signed_request(
        settings,
        xml,
        openid=action.openid,
        to_user=to_user,
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
            reply = decode_reply(settings, raw, openid=action.openid, to_user=to_user)
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

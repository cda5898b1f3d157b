"""Play WeChat's servers towards `/wechat`: signed queries, message XML, reply decoding.

Used by the tests, the load benchmark and the local sandbox, so that WeChat XML is
written (and read back, as the WeChat client would) in one place only.
"""

from __future__ import annotations

import itertools
import secrets
import time
from collections.abc import Mapping
from typing import Any

from bot.wechat import xml_in
from bot.wechat.crypto import MessageCrypto
from bot.wechat.errors import BadRequest, Forbidden
from bot.wechat.signature import sign

_msg_ids = itertools.count(7_000_000_000_000_000_000)


def signed_query(
    token: str, timestamp: str | float | None = None, nonce: str = "", openid: str = ""
) -> dict[str, str]:
    """`signature`, `timestamp`, `nonce` (and `openid`) as WeChat puts them on the URL.

    Like WeChat, a fresh pair each time: `timestamp` defaults to now (pass the app's
    clock when it is not the wall clock) and `nonce` to a random number; `/wechat`
    refuses a stale timestamp and a pair reused for another message."""
    nonce = nonce or str(secrets.randbelow(10**10))
    ts = str(int(time.time() if timestamp is None else float(timestamp)))
    query = {"signature": sign(token, ts, nonce), "timestamp": ts, "nonce": nonce}
    if openid:
        query["openid"] = openid
    return query


def _field(name: str, value: Any) -> str:
    if isinstance(value, Mapping):
        inner = "".join(_field(k, v) for k, v in value.items())
        return f"<{name}>{inner}</{name}>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"<{name}>{value}</{name}>"
    text = str(value).replace("]]>", "]]]]><![CDATA[>")
    return f"<{name}><![CDATA[{text}]]></{name}>"


def message_xml(
    msg_type: str,
    *,
    openid: str = "o_patient_1",
    to_user: str = "gh_hospital",
    create_time: int = 1700000000,
    msg_id: int | None = None,
    **fields: Any,
) -> str:
    """A user message (`msg_type` text, image, voice, ...) with a fresh MsgId."""
    body = {
        "ToUserName": to_user,
        "FromUserName": openid,
        "CreateTime": create_time,
        "MsgType": msg_type,
        **fields,
    }
    if msg_type != "event":
        body["MsgId"] = next(_msg_ids) if msg_id is None else msg_id
    return "<xml>" + "".join(_field(k, v) for k, v in body.items()) + "</xml>"


def text_xml(content: str, **kw: Any) -> str:
    return message_xml("text", Content=content, **kw)


def event_xml(event: str, event_key: str | None = None, **kw: Any) -> str:
    fields: dict[str, Any] = {"Event": event}
    if event_key is not None:
        fields["EventKey"] = event_key
    fields.update(kw.pop("fields", {}))
    return message_xml("event", **fields, **kw)


def encrypted_request(
    crypto: MessageCrypto,
    xml: str,
    timestamp: str | float | None = None,
    nonce: str = "",
    to_user: str = "gh_hospital",
    openid: str = "",
) -> tuple[dict[str, str], str]:
    """(query, body) for safe mode: Encrypt envelope plus `msg_signature`."""
    query = signed_query(crypto.token, timestamp, nonce, openid)
    encrypt = crypto.seal(xml)
    query.update(
        encrypt_type="aes",
        msg_signature=sign(crypto.token, query["timestamp"], query["nonce"], encrypt),
    )
    body = "<xml>" + _field("ToUserName", to_user) + _field("Encrypt", encrypt) + "</xml>"
    return query, body


# ---------------------------------------------------------------------- replies


class BadReply(Exception):
    """A passive reply WeChat would reject: the user sees "该公众号暂时无法提供服务"."""


def decode_reply(
    body: bytes, *, openid: str, to_user: str, crypto: MessageCrypto | None = None
) -> dict[str, Any]:
    """The passive reply as the WeChat client shows it; `{"type": "none"}` for "" or
    "success". With `crypto` (safe mode) the reply must be an Encrypt envelope whose
    `msg_signature` and appid check out, as WeChat requires."""
    try:
        text = body.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise BadReply("reply is not UTF-8") from exc
    if text in ("", "success"):
        return {"type": "none"}
    doc = _xml_root(text)
    if crypto is not None:
        doc = _xml_root(_open_envelope(crypto, doc))
    if doc.get("ToUserName") != openid or doc.get("FromUserName") != to_user:
        raise BadReply("reply is addressed to the wrong user or account")
    return _reply_data(doc)


def _xml_root(text: str) -> dict[str, Any]:
    try:
        return xml_in.parse_xml(text.encode("utf-8"))
    except BadRequest as exc:
        raise BadReply("reply is not XML") from exc


def _open_envelope(crypto: MessageCrypto, doc: dict[str, Any]) -> str:
    encrypt = doc.get("Encrypt")
    if not isinstance(encrypt, str) or not encrypt:
        raise BadReply("safe mode reply is not encrypted")

    def part(name: str) -> str:
        value = doc.get(name)
        return value if isinstance(value, str) else ""

    try:
        crypto.verify(part("MsgSignature"), part("TimeStamp"), part("Nonce"), encrypt)
        return crypto.decrypt(encrypt)
    except Forbidden as exc:
        raise BadReply("reply signature or appid is wrong") from exc
    except BadRequest as exc:
        raise BadReply("reply cannot be decrypted") from exc


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

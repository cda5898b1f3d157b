"""Build what WeChat's servers send to `/wechat`: signed queries and message XML.

Used by the tests, the load benchmark and the local sandbox, so that WeChat XML is
written in one place only.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from bot.wechat.crypto import MessageCrypto
from bot.wechat.signature import sign

_msg_ids = itertools.count(7_000_000_000_000_000_000)


def signed_query(token: str, timestamp: str | int = 1700000000, nonce: str = "") -> dict[str, str]:
    """`signature`, `timestamp`, `nonce` as WeChat puts them on the callback URL."""
    nonce = nonce or str(secrets.randbelow(10**9))
    ts = str(timestamp)
    return {"signature": sign(token, ts, nonce), "timestamp": ts, "nonce": nonce}


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
    timestamp: str | int = 1700000000,
    nonce: str = "",
    to_user: str = "gh_hospital",
) -> tuple[dict[str, str], str]:
    """(query, body) for safe mode: Encrypt envelope plus `msg_signature`."""
    query = signed_query(crypto.token, timestamp, nonce)
    encrypt = crypto.seal(xml)
    query.update(
        encrypt_type="aes",
        msg_signature=sign(crypto.token, query["timestamp"], query["nonce"], encrypt),
    )
    body = (
        f"<xml><ToUserName><![CDATA[{escape(to_user)}]]></ToUserName>"
        f"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    )
    return query, body

"""Inbound XML → plain `Message`, safely.

Any `<!DOCTYPE` or `<!ENTITY` outside CDATA is refused before a parser sees the body
(billion laughs, external entities); everything else goes through wechatpy's
`parse_message` and is mapped onto `bot.dialogue.types.Message`.
"""

from __future__ import annotations

import re
from typing import Any
from xml.parsers.expat import ExpatError

import xmltodict
from wechatpy import parse_message

from bot.dialogue.types import Message
from bot.wechat.errors import BadRequest

# Message kinds WeChat documents for official accounts; other MsgTypes are answered
# `success` without running any business logic.
KNOWN_KINDS = frozenset(
    {
        "text",
        "image",
        "voice",
        "video",
        "shortvideo",
        "location",
        "link",
        "file",
        "miniprogrampage",
        "event",
    }
)

# Events whose passive reply WeChat discards (or that no user is waiting on).
SILENT_EVENTS = frozenset(
    {
        "unsubscribe",
        "templatesendjobfinish",
        "masssendjobfinish",
        "view",
        "view_miniprogram",
        "location",
        "subscribe_msg_popup_event",
        "subscribe_msg_change_event",
        "subscribe_msg_sent_event",
    }
)

_CONSUMED = frozenset(
    {
        "ToUserName",
        "FromUserName",
        "CreateTime",
        "MsgType",
        "MsgId",
        "Content",
        "Event",
        "EventKey",
        "Recognition",
    }
)
_DANGER = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DANGER_HINT = re.compile(rb"<!\s*[DdEe]")
_CDATA = re.compile(rb"<!\[CDATA\[.*?\]\]>", re.DOTALL)
QRSCENE = "qrscene_"


def guard(body: bytes) -> None:
    """Refuse empty bodies and any DTD or entity declaration outside CDATA."""
    if not body or not body.strip():
        raise BadRequest("empty")
    if _DANGER_HINT.search(body) and _DANGER.search(_CDATA.sub(b"", body)):
        raise BadRequest("doctype")


def parse_xml(body: bytes) -> dict[str, Any]:
    """The `<xml>` root as a dict (used for the AES envelope)."""
    guard(body)
    try:
        doc = xmltodict.parse(body, disable_entities=True)
    except (ExpatError, ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("malformed_xml") from exc
    root = doc.get("xml") if isinstance(doc, dict) else None
    if not isinstance(root, dict):
        raise BadRequest("no_xml_root")
    return root


def _scalar(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise BadRequest(f"missing_{key}")
        return ""
    if not isinstance(value, str):
        raise BadRequest(f"bad_{key}")
    return value


def parse(body: bytes | str) -> Message:
    """Parse a (plaintext) WeChat message or event into a `Message`."""
    raw = body.encode() if isinstance(body, str) else body
    guard(raw)
    try:
        text = raw.decode("utf-8")
        wx = parse_message(text)
    except (ExpatError, ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("malformed_xml") from exc
    except (KeyError, TypeError, AttributeError) as exc:
        raise BadRequest("missing_MsgType") from exc
    data: dict[str, Any] = wx._data  # wechatpy keeps the parsed fields here
    if not isinstance(data, dict):
        raise BadRequest("no_xml_root")
    kind = _scalar(data, "MsgType", required=True).lower()
    openid = _scalar(data, "FromUserName", required=True)
    try:
        create_time = int(_scalar(data, "CreateTime", required=True))
    except ValueError as exc:
        raise BadRequest("bad_CreateTime") from exc
    event = _scalar(data, "Event").lower() if kind == "event" else ""
    event_key = _scalar(data, "EventKey")
    if event in ("subscribe_scan", "subscribe_scan_product"):
        event = "subscribe"  # wechatpy's names for subscribe-by-QR; we keep WeChat's
    if event_key.startswith(QRSCENE) and event in ("subscribe", "scan"):
        event_key = event_key[len(QRSCENE) :]
    if kind == "voice":
        content = _scalar(data, "Recognition")
    elif kind == "text":
        content = _scalar(data, "Content")
    else:
        content = ""
    msg_id = (data.get("MsgId") or data.get("MsgID")) if kind != "event" else ""
    return Message(
        openid=openid,
        kind=kind,
        create_time=create_time,
        text=content,
        event=event,
        event_key=event_key,
        msg_id=str(msg_id or ""),
        to_user=_scalar(data, "ToUserName"),
        extra={k: v for k, v in data.items() if k not in _CONSUMED},
    )

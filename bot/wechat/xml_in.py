"""Inbound XML → plain `Message`, safely.

WeChat's XML never carries a DTD, a comment or any encoding but UTF-8, so before a
parser sees the body (`guard`) we refuse:
- any `<!` that does not open a CDATA section, anywhere, CDATA content included: a
  scan with no notion of context cannot be fooled by comments, processing
  instructions or CDATA openers hidden in either (billion laughs, external entities);
- NUL bytes, UTF-16/32 byte-order marks and a prolog declaring another encoding, so
  the bytes scanned are the characters parsed.
The parser itself (pyexpat, building the dict xmltodict would build, in one pass with
a handful of callbacks) then reads the body as UTF-8 whatever it declares and refuses a
DTD, an entity declaration or an external entity on its own, should anything ever slip
past the scan. The envelope as WeChat actually sends it (flat fields of CDATA or plain
text) is read by one strict pattern instead (`_flat`: the same dict, or it steps aside
for expat on anything else, so every error is still expat's). The result is mapped onto
`bot.dialogue.types.Message`.
"""

from __future__ import annotations

import re
from typing import Any
from xml.parsers import expat
from xml.parsers.expat import ExpatError

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
_DECLARATION = re.compile(rb"<!(?!\[CDATA\[)")  # DOCTYPE, ENTITY, comments, ...
# The XML declaration, only valid at the very start (expat refuses it anywhere else);
# bounded, so a body of unterminated `<?xml` costs one short scan.
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?\s*<\?xml\s([^>]{0,256})>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']?([^"'\s?]*)""", re.IGNORECASE)
_UTF8 = frozenset({b"utf-8", b"utf8"})
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16 (and the UTF-32 LE prefix)
QRSCENE = "qrscene_"


def guard(body: bytes) -> None:
    """Refuse empty bodies, any `<!` but a CDATA opener, and anything not UTF-8."""
    if not body or not body.strip():
        raise BadRequest("empty")
    if b"\x00" in body or body.startswith(_WIDE_BOMS):
        raise BadRequest("encoding")
    prolog = _PROLOG.match(body)
    declared = _ENCODING.search(prolog.group(1)) if prolog else None
    if declared is not None and declared.group(1).lower() not in _UTF8:
        raise BadRequest("encoding")
    if _DECLARATION.search(body):
        raise BadRequest("doctype")


def _refuse_dtd(*_: Any) -> None:
    raise BadRequest("doctype")


class _Builder:
    """Elements to dicts as xmltodict does: text of a leaf as a string (whitespace
    stripped; None when empty), children by name (a list when repeated), attributes as
    "@name", text beside children or attributes as "#text"."""

    __slots__ = ("root", "stack")

    def __init__(self) -> None:
        self.stack: list[tuple[str, dict[str, Any], list[str]]] = []
        self.root: dict[str, Any] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.stack.append((name, {f"@{k}": v for k, v in attrs.items()}, []))

    def text(self, data: str) -> None:
        if self.stack:
            self.stack[-1][2].append(data)

    def end(self, name: str) -> None:
        _, item, parts = self.stack.pop()
        data = "".join(parts).strip() if parts else ""
        value: Any
        if item:
            if data:
                item["#text"] = data
            value = item
        else:
            value = data or None
        parent = self.stack[-1][1] if self.stack else self.root
        if name in parent:
            old = parent[name]
            parent[name] = [*old, value] if isinstance(old, list) else [old, value]
        else:
            parent[name] = value


def _tree(body: bytes) -> Any:
    """The document as nested dicts; call `guard` first."""
    parser = expat.ParserCreate("utf-8")  # UTF-8 whatever the prolog says
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    builder = _Builder()
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.text
    try:
        parser.Parse(body, True)
    except (ExpatError, ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("malformed_xml") from exc
    return builder.root


# One field: CDATA content stops at the first `]]>` (as in XML), plain text at `<`; each
# field is matched from where the previous one ended, never backtracked into, so any
# body costs one linear pass.
# (On the decoded text: UTF-8 never puts `]`, `<` or `&` inside another character, so
# the fields are the ones the bytes hold.)
_FIELD = re.compile(
    r"[ \t\n]*<([A-Za-z_][A-Za-z0-9_]*)>"
    r"(?:<!\[CDATA\[([^\]]*+(?:\](?!\]>)[^\]]*+)*+)\]\]>|([^<&]*+))</\1>"
)
_OPEN = re.compile(rb"[ \t\n]*<xml>")
_CLOSE = re.compile(r"[ \t\n]*</xml>[ \t\n]*")
# Bytes that XML forbids (C0 controls but tab and LF; CR is refused here only because
# XML turns it into LF, which the fast path does not do); U+FFFE and U+FFFF below.
_CONTROL = bytes([*range(0x09), *range(0x0B, 0x20)])


def _flat(body: bytes) -> dict[str, Any] | None:
    """The `<xml>` root as `_tree` would give it, for the plain envelope WeChat sends
    (`<xml>`, flat fields with ASCII names each holding one CDATA section or plain text
    without references, `</xml>`, XML whitespace but CR between), without a parser
    callback per element; None for any other body (then expat decides, errors
    included). Call `guard` first."""
    opened = _OPEN.match(body)
    if opened is None or len(body.translate(None, _CONTROL)) != len(body):
        return None
    try:  # decoded once: outside the fields' contents a body that passes is ASCII
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\ufffe" in text or "\uffff" in text:
        return None
    root: dict[str, Any] = {}
    pos = opened.end()  # ASCII up to here: the same offset in the text
    match = _FIELD.match
    while (m := match(text, pos)) is not None:
        key, cdata, raw = m.groups()
        if raw is None:
            raw = cdata
        elif "]]>" in raw:  # not well-formed in text
            return None
        if key in root:  # repeated: a list, as `_tree` builds it
            return None
        root[key] = raw.strip() or None
        pos = m.end()
    if _CLOSE.fullmatch(text, pos) is None:
        return None
    return root


def parse_xml(body: bytes) -> dict[str, Any]:
    """The `<xml>` root as a dict (`{}` when empty)."""
    guard(body)
    flat = _flat(body)
    if flat is not None:
        return flat
    doc = _tree(body)
    if not isinstance(doc, dict) or "xml" not in doc:
        raise BadRequest("no_xml_root")
    root = doc["xml"]
    if root is None:
        return {}
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
    data = parse_xml(body.encode() if isinstance(body, str) else body)
    kind = _scalar(data, "MsgType", required=True).lower()
    openid = _scalar(data, "FromUserName", required=True)
    try:
        create_time = int(_scalar(data, "CreateTime", required=True))
    except ValueError as exc:
        raise BadRequest("bad_CreateTime") from exc
    event = _scalar(data, "Event").lower() if kind == "event" else ""
    event_key = _scalar(data, "EventKey")
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

"""The plain-envelope fast path of `xml_in.parse_xml` gives what expat gives, or steps
aside: for every body it either returns exactly `_tree`'s `<xml>` dict or returns None
(and expat decides, errors included)."""

from __future__ import annotations

import pytest

from bot.wechat import xml_in
from bot.wechat.errors import BadRequest
from bot.wechat.simulate import event_xml, text_xml

PLAIN = (
    b"<xml><ToUserName><![CDATA[gh_1]]></ToUserName>\n"
    b"<FromUserName><![CDATA[o_1]]></FromUserName>\n<CreateTime>1700000000</CreateTime>\n"
    b"<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[\xe4\xbd\xa0\xe5\xa5\xbd]]></Content>\n"
    b"<MsgId>7000000000000000001</MsgId>\n</xml>"
)


def _expat(body: bytes) -> object:
    """What the expat path answers: the root dict, or the BadRequest reason."""
    try:
        doc = xml_in._tree(body)
    except BadRequest as exc:
        return exc.reason
    root = doc.get("xml")
    return {} if root is None else root


BODIES = [
    PLAIN,
    text_xml("孩子发烧两天了，还一直咳嗽，挂什么科？", openid="o_x").encode(),
    text_xml("a ]]> b <c> & d", openid="o_x").encode(),  # split CDATA: expat's job
    event_xml("CLICK", event_key="menu_book").encode(),
    b"<xml></xml>",
    b"  \n<xml>\n</xml>\n",
    b"<xml><A></A><B>  </B><C><![CDATA[]]></C><D><![CDATA[  x  ]]></D></xml>",
    b"<xml><A>1</A><A>2</A></xml>",  # repeated: a list
    b"<xml><A>x]]>y</A></xml>",  # `]]>` in text is not well-formed
    b"<xml><A><![CDATA[x]]]></A></xml>",  # content "x]"
    b"<xml><A><![CDATA[x]]]]></A></xml>",  # content "x]]"
    b"<xml><A><![CDATA[a]]>b]]></A></xml>",  # text "b]]>" after the section
    b"<xml><A>&amp;</A></xml>",
    b"<xml><A>&lt;b&gt;</A></xml>",
    b"<xml><A>&bogus;</A></xml>",
    b"<xml><A>&#12354;</A></xml>",
    b"<xml><A>x\x01y</A></xml>",
    b"<xml><A><![CDATA[x\x0cy]]></A></xml>",
    b"<xml><A>\xef\xbf\xbe</A></xml>",  # U+FFFE
    b"<xml><A>\xef\xbf\xa5 \xef\xbf\xbf</A></xml>",  # U+FFE5 (fullwidth yen), U+FFFF
    b"<xml><A>\xef\xbf\xa5</A></xml>",
    b"<xml><A>\xff\xfe</A></xml>",  # not UTF-8
    b"<xml><A><![CDATA[\xed\xa0\x80]]></A></xml>",  # an encoded surrogate
    b"<xml><A>a\r\nb</A></xml>",  # CR: XML makes it LF
    b"<xml><A><![CDATA[a\r\nb]]></A></xml>",
    b"<xml><A>x</B></xml>",
    b"<xml><A>x</A>",
    b"<xml><A>x</A></xml><xml></xml>",
    b"<xml><A>x</A></xml>junk",
    b"<xml><A x='1'>v</A></xml>",
    b"<xml a='1'><A>v</A></xml>",
    b"<xml><A/></xml>",
    b"<xml/>",
    b"<xml>text<A>v</A></xml>",
    b"<xml><A> <![CDATA[v]]> </A></xml>",
    b"<xml><A><B>nested</B></A></xml>",
    b"<xml><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>",
    b"<xml><A><![CDATA[v]]></A></xml>\x0c",
    b"<xml><A>v</A>\x0b</xml>",
    b"<xml><\xe5\x90\x8d>v</\xe5\x90\x8d></xml>",  # a non-ASCII element name
    b"<xml><1A>v</1A></xml>",
    b"<?xml version='1.0' encoding='utf-8'?><xml><A>v</A></xml>",
    b"<xml><A><![CDATA[<![CDATA[inner]]></A></xml>",
    b"<notxml><A>v</A></notxml>",
    b"<xml><A><![CDATA[unterminated</A></xml>",
]


@pytest.mark.parametrize("body", BODIES)
def test_fast_path_equals_expat_or_steps_aside(body: bytes) -> None:
    flat = xml_in._flat(body)
    if flat is not None:
        assert flat == _expat(body)


def test_the_envelope_wechat_sends_takes_the_fast_path() -> None:
    got = xml_in._flat(PLAIN)
    assert got == {
        "ToUserName": "gh_1",
        "FromUserName": "o_1",
        "CreateTime": "1700000000",
        "MsgType": "text",
        "Content": "你好",
        "MsgId": "7000000000000000001",
    }
    assert got == _expat(PLAIN)
    assert xml_in._flat(b"<xml><A></A><B>  </B></xml>") == {"A": None, "B": None}
    assert xml_in._flat(b"<xml><A><![CDATA[x]]]></A></xml>") == {"A": "x]"}


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<xml><A>x]]>y</A></xml>", "malformed_xml"),
        (b"<xml><A>x\x01y</A></xml>", "malformed_xml"),
        (b"<xml><A>\xff\xfe</A></xml>", "malformed_xml"),
        (b"<xml><A>\xef\xbf\xbf</A></xml>", "malformed_xml"),
        (b"<xml><A>&bogus;</A></xml>", "malformed_xml"),
        (b"<xml><A>x</B></xml>", "malformed_xml"),
        (b"<xml><A>x</A></xml>junk", "malformed_xml"),
        (b'<!DOCTYPE x [<!ENTITY e "boom">]><xml><A>&e;</A></xml>', "doctype"),
        (b"<xml><!-- c --><A>v</A></xml>", "doctype"),
        (b"", "empty"),
    ],
)
def test_bodies_the_fast_path_refuses_are_refused_as_before(body: bytes, reason: str) -> None:
    with pytest.raises(BadRequest) as err:
        xml_in.parse_xml(body)
    assert err.value.reason == reason


def test_missing_fields_still_refused() -> None:
    body = b"<xml><MsgType><![CDATA[text]]></MsgType><CreateTime>1</CreateTime></xml>"
    assert xml_in._flat(body) is not None
    with pytest.raises(BadRequest) as err:
        xml_in.parse(body)
    assert err.value.reason == "missing_FromUserName"


def test_unmatched_bodies_fail_in_linear_time() -> None:
    """No backtracking into earlier fields: many CDATA fields and no `</xml>` are
    refused by one pass (a pattern that backtracks would not finish at this size)."""
    assert xml_in._flat(b"<xml>" + b"<a><![CDATA[x]]></a>" * 3000) is None
    assert xml_in._flat(b"<xml>" + b"<a><![CDATA[x]]></a><b>y</b>" * 3000 + b"<c>") is None

"""Every message and event type WeChat sends, parsed into a plain `Message`."""

from __future__ import annotations

import pytest
import xmltodict
from wechatpy.replies import TextReply

from bot.dialogue.types import Article, Message, Reply
from bot.wechat import xml_in, xml_out
from bot.wechat.errors import BadRequest
from bot.wechat.simulate import event_xml, message_xml, text_xml


def test_text() -> None:
    msg = xml_in.parse(text_xml("孩子发烧两天了", openid="o_a", msg_id=1234567890123456))
    assert (msg.kind, msg.openid, msg.text, msg.msg_id) == (
        "text",
        "o_a",
        "孩子发烧两天了",
        "1234567890123456",
    )
    assert msg.to_user == "gh_hospital" and msg.create_time == 1700000000
    assert msg.dedupe_key == "o_a:1234567890123456"  # scoped to the sender


def test_voice_uses_recognition_as_text() -> None:
    xml = message_xml("voice", MediaId="m1", Format="amr", Recognition="我要挂号")
    msg = xml_in.parse(xml)
    assert (msg.kind, msg.text) == ("voice", "我要挂号")
    assert msg.extra == {"MediaId": "m1", "Format": "amr"}


@pytest.mark.parametrize(
    ("msg_type", "fields"),
    [
        ("image", {"PicUrl": "http://x/p.jpg", "MediaId": "m"}),
        ("video", {"MediaId": "m", "ThumbMediaId": "t"}),
        ("shortvideo", {"MediaId": "m", "ThumbMediaId": "t"}),
        (
            "location",
            {"Location_X": "30.27", "Location_Y": "120.15", "Scale": "15", "Label": "健康路1号"},
        ),
        ("link", {"Title": "t", "Description": "d", "Url": "http://x"}),
        (
            "file",
            {
                "Title": "a.pdf",
                "Description": "",
                "FileKey": "k",
                "FileMd5": "m",
                "FileTotalLen": "10",
            },
        ),
        (
            "miniprogrampage",
            {"Title": "t", "AppId": "wx1", "PagePath": "p", "ThumbUrl": "u", "ThumbMediaId": "m"},
        ),
    ],
)
def test_media_kinds_keep_their_fields_in_extra(msg_type: str, fields: dict[str, str]) -> None:
    msg = xml_in.parse(message_xml(msg_type, **fields))
    assert msg.kind == msg_type and msg.text == "" and msg.msg_id
    for key, value in fields.items():
        assert msg.extra[key] == (value or None)


def test_subscribe_with_qrscene_strips_prefix() -> None:
    msg = xml_in.parse(
        event_xml("subscribe", "qrscene_checkin:dept=peds", fields={"Ticket": "TICKET"})
    )
    assert (msg.kind, msg.event, msg.event_key) == ("event", "subscribe", "checkin:dept=peds")
    assert msg.extra["Ticket"] == "TICKET"
    assert msg.msg_id == "" and msg.dedupe_key == "o_patient_1:1700000000:subscribe"


def test_plain_subscribe_and_unsubscribe() -> None:
    assert xml_in.parse(event_xml("subscribe")).event == "subscribe"
    assert xml_in.parse(event_xml("subscribe", "")).event_key == ""
    assert xml_in.parse(event_xml("unsubscribe")).event == "unsubscribe"


@pytest.mark.parametrize(
    ("event", "key", "expected_key"),
    [
        ("SCAN", "checkin", "checkin"),
        ("CLICK", "HOSPITAL_INFO", "HOSPITAL_INFO"),
        ("VIEW", "https://h.example/h5/booking", "https://h.example/h5/booking"),
        ("scancode_push", "SCAN_KEY", "SCAN_KEY"),
        ("scancode_waitmsg", "SCAN_KEY", "SCAN_KEY"),
        ("pic_sysphoto", "PIC", "PIC"),
        ("pic_photo_or_album", "PIC", "PIC"),
        ("pic_weixin", "PIC", "PIC"),
        ("location_select", "LOC", "LOC"),
        ("view_miniprogram", "pages/index", "pages/index"),
    ],
)
def test_key_events(event: str, key: str, expected_key: str) -> None:
    msg = xml_in.parse(event_xml(event, key))
    assert (msg.kind, msg.event, msg.event_key) == ("event", event.lower(), expected_key)


def test_location_event() -> None:
    msg = xml_in.parse(
        event_xml("LOCATION", fields={"Latitude": "30.1", "Longitude": "120.2", "Precision": "65"})
    )
    assert msg.event == "location" and msg.extra["Latitude"] == "30.1"


def test_job_finish_events_keep_msgid_in_extra() -> None:
    msg = xml_in.parse(
        event_xml("TEMPLATESENDJOBFINISH", fields={"MsgID": 200163836, "Status": "success"})
    )
    assert msg.event == "templatesendjobfinish" and msg.extra["MsgID"] == "200163836"
    assert msg.msg_id == ""  # events dedupe on FromUserName + CreateTime
    mass = xml_in.parse(event_xml("MASSSENDJOBFINISH", fields={"MsgID": 1, "TotalCount": 5}))
    assert mass.event == "masssendjobfinish" and mass.extra["TotalCount"] == "5"


def test_scancode_nested_fields() -> None:
    xml = event_xml(
        "scancode_waitmsg", "K", fields={"ScanCodeInfo": {"ScanType": "qrcode", "ScanResult": "1"}}
    )
    msg = xml_in.parse(xml)
    assert msg.extra["ScanCodeInfo"] == {"ScanType": "qrcode", "ScanResult": "1"}


def test_unknown_type_and_event_still_parse() -> None:
    assert xml_in.parse(message_xml("hologram", Foo="bar")).kind == "hologram"
    msg = xml_in.parse(event_xml("brand_new_event", "k"))
    assert (msg.kind, msg.event) == ("event", "brand_new_event")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"hello, not xml", "malformed_xml"),
        (b"<xml><MsgType>text</MsgType>", "malformed_xml"),
        (b"<xml></xml>", "missing_MsgType"),
        (b"<other><MsgType>text</MsgType></other>", "no_xml_root"),
        (b"<xml><MsgType>text</MsgType><CreateTime>1</CreateTime></xml>", "missing_FromUserName"),
        (
            b"<xml><MsgType>text</MsgType><FromUserName>a</FromUserName><CreateTime>x</CreateTime>"
            b"</xml>",
            "bad_CreateTime",
        ),
        (b"<xml><MsgType>text</MsgType><MsgType>image</MsgType></xml>", "bad_MsgType"),
        (b"\xff\xfe<\x00x\x00", "encoding"),
        (b"<xml><Content>\xc3\x28</Content></xml>", "malformed_xml"),  # not UTF-8
        (
            b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b"<xml><Content>&lol2;</Content></xml>",
            "doctype",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b"<xml><Content>&xxe;</Content></xml>",
            "doctype",
        ),
        (b"<!doctype xml><xml/>", "doctype"),
        (b'<xml><!ENTITY x "y"></xml>', "doctype"),
    ],
)
def test_bad_input_is_bad_request(body: bytes, reason: str) -> None:
    with pytest.raises(BadRequest) as exc:
        xml_in.parse(body)
    assert exc.value.reason == reason and exc.value.status == 400


# Shapes that slipped past (or could slip past) a DTD check that strips CDATA or
# comments first, or that reads the body in another encoding than the parser does.
_TAIL = (
    "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>text</MsgType><Content>&x;</Content><MsgId>1</MsgId></xml>"
)
BYPASS_SHAPES = {
    "comment then doctype": f'<!-- --><!DOCTYPE xml [<!ENTITY x "y">]>{_TAIL}',
    "cdata opener inside a comment": (
        f'<!--<![CDATA[--><!DOCTYPE xml [<!ENTITY x "y">]><!--]]>-->{_TAIL}'
    ),
    "cdata opener inside a processing instruction": (
        f'<?pi <![CDATA[ ?><!DOCTYPE xml [<!ENTITY x "y">]><?pi ]]> ?>{_TAIL}'
    ),
    # these two reached the parser with a DOCTYPE before (the old scan skipped from the
    # hidden CDATA opener to the next `]]>`)
    "external dtd behind a comment": (
        '<!--<![CDATA[--><!DOCTYPE xml SYSTEM "http://127.0.0.1:9/x.dtd"><!--]]>-->'
        + _TAIL.replace("&x;", "hi")
    ),
    "external dtd behind a processing instruction": (
        '<?pi <![CDATA[ ?><!DOCTYPE xml SYSTEM "http://127.0.0.1:9/x.dtd"><?pi ]]> ?>'
        + _TAIL.replace("&x;", "hi")
    ),
    "doctype inside cdata": _TAIL.replace("&x;", '<![CDATA[<!DOCTYPE a [<!ENTITY x "y">]>]]>'),
    "mixed case": f'<!DocType xml [<!EnTiTy x "y">]>{_TAIL}',
    "whitespace after <!": f'<! DOCTYPE xml [<!\tENTITY x "y">]>{_TAIL}',
    "entity alone in the body": _TAIL.replace("<MsgId>", '<!ENTITY x "y"><MsgId>'),
    "comment alone": _TAIL.replace("&x;", "hi<!-- c -->"),
    "lower-case cdata opener": _TAIL.replace("&x;", "<![cdata[x]]>"),
}


@pytest.mark.parametrize("body", BYPASS_SHAPES.values(), ids=BYPASS_SHAPES.keys())
def test_every_markup_declaration_is_refused(body: str) -> None:
    with pytest.raises(BadRequest) as exc:
        xml_in.parse(body.encode())
    assert exc.value.reason == "doctype"
    with pytest.raises(BadRequest) as exc:
        xml_in.guard(body.encode())  # by the byte scan alone, before any parser
    assert exc.value.reason == "doctype"


@pytest.mark.parametrize(
    "body",
    [
        ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>' + _TAIL).encode(
            "utf-16"  # with its byte-order mark
        ),
        ('<!DOCTYPE x [<!ENTITY a "b">]>' + _TAIL).encode("utf-16-le"),  # no mark
        ('<!DOCTYPE x [<!ENTITY a "b">]>' + _TAIL).encode("utf-32"),
        ('<?xml version="1.0" encoding="ISO-8859-1"?>' + _TAIL.replace("&x;", "x")).encode(),
        ("<?xml version='1.0' encoding='utf-7'?>" + _TAIL.replace("&x;", "x")).encode(),
    ],
    ids=["utf-16 with bom", "utf-16 without bom", "utf-32", "latin-1 declared", "utf-7"],
)
def test_bodies_not_in_utf8_are_refused(body: bytes) -> None:
    with pytest.raises(BadRequest) as exc:
        xml_in.parse(body)
    assert exc.value.reason == "encoding"


def test_utf8_declaration_and_bom_are_fine() -> None:
    xml = text_xml("你好")
    for body in (
        '<?xml version="1.0" encoding="UTF-8"?>' + xml,
        "\ufeff" + xml,
    ):
        assert xml_in.parse(body.encode()).text == "你好"


def test_the_parser_refuses_a_dtd_on_its_own() -> None:
    """Second line: should the byte guard ever miss one, expat stops at the DTD."""
    with pytest.raises(BadRequest) as exc:
        xml_in._tree(b'<!DOCTYPE x [<!ENTITY a "b">]><xml>&a;</xml>')  # past the guard
    assert exc.value.reason == "doctype"


def test_doctype_typed_by_a_patient_is_refused_too() -> None:
    """WeChat puts the text in CDATA unescaped; we refuse `<!` there as well, so no
    lexer has to decide what is CDATA. The cost: such a message gets no answer."""
    with pytest.raises(BadRequest):
        xml_in.parse(text_xml("<!DOCTYPE html> 是什么"))
    assert xml_in.parse(text_xml("a <b> & ]]> c!")).text == "a <b> & ]]> c!"


# ----------------------------------------------------------------------------- replies


def _msg(kind: str = "text") -> Message:
    return Message(
        openid="o_a",
        kind=kind,
        create_time=1,
        to_user="gh_h",
        event="click" if kind == "event" else "",
    )


def test_text_reply_xml() -> None:
    out = xml_in.parse_xml(xml_out.render(Reply(text="您好]]>再见"), _msg(), 1700000001).encode())
    assert out["MsgType"] == "text" and out["Content"] == "您好]]>再见"
    assert (out["ToUserName"], out["FromUserName"], out["CreateTime"]) == (
        "o_a",
        "gh_h",
        "1700000001",
    )


def test_news_reply_one_article_for_messages_eight_for_events() -> None:
    articles = tuple(Article(title=f"t{i}", url=f"http://x/{i}") for i in range(10))
    out = xml_in.parse_xml(xml_out.render(Reply(articles=articles), _msg(), 1).encode())
    assert out["MsgType"] == "news" and out["ArticleCount"] == "1"
    assert out["Articles"]["item"]["Title"] == "t0"
    out = xml_in.parse_xml(xml_out.render(Reply(articles=articles), _msg("event"), 1).encode())
    assert out["ArticleCount"] == "8" and len(out["Articles"]["item"]) == 8


def test_empty_reply_renders_nothing() -> None:
    assert xml_out.render(Reply(), _msg(), 1) == ""
    assert xml_out.as_text(Reply(articles=(Article("标题", "说明", "http://x"),))) == (
        "标题\n说明\nhttp://x"
    )


@pytest.mark.parametrize(
    "body",
    [
        text_xml("  前后有空格  "),
        "<xml><ToUserName>gh</ToUserName><Empty></Empty><Tag a='1'>t</Tag><L>1</L><L>2</L></xml>",
        "<xml><N><a>1</a><b/></N>\n  <C>混合<b>x</b>文本</C></xml>",
        event_xml(
            "scancode_waitmsg",
            "K",
            fields={"ScanCodeInfo": {"ScanType": "qrcode", "ScanResult": "r"}},
        ),
        "<xml><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item>"
        "<item><PicMd5Sum>b</PicMd5Sum></item></PicList></SendPicsInfo></xml>",
        "<xml></xml>",
        '<?xml version="1.0" encoding="ISO-8859-1"?><xml><C>中文</C></xml>',
    ],
)
def test_the_parsed_tree_is_the_one_xmltodict_builds(body: str) -> None:
    """The dict our pyexpat builder makes equals xmltodict's (an independent oracle),
    whatever encoding the prolog claims (always read as UTF-8)."""
    data = body.encode("utf-8")
    assert xml_in._tree(data) == xmltodict.parse(data, encoding="utf-8")


@pytest.mark.parametrize(
    "text", ["您好", "a ]]> b {x} {{y}} %s", "<a href='https://h/x?y=1&z=2'>预约</a>\n1. 第一"]
)
def test_a_text_reply_is_the_xml_wechatpy_renders(text: str) -> None:
    msg = Message(openid="o]]>1", kind="text", create_time=1, to_user="gh_h")
    expected = TextReply(
        source="gh_h",
        target="o]]]]><![CDATA[>1",
        time=1700000001,
        content=text.replace("]]>", "]]]]><![CDATA[>"),
    ).render()
    assert xml_out.render(Reply(text=text), msg, 1700000001) == expected

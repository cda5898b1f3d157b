"""`/wechat` end to end: real app, real Redis and MongoDB, WeChat's side simulated."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis
import xmltodict
import yaml
from aiohttp.test_utils import TestClient
from test_wechat_parse import BYPASS_SHAPES

from bot.app import create_app
from bot.clock import SHANGHAI, Clock, FrozenClock
from bot.compose import build_services
from bot.config import ConfigError, Settings, load_settings
from bot.dialogue.types import Article, Message, Reply
from bot.observability import REGISTRY
from bot.services import Services
from bot.storage import Storage
from bot.wechat.crypto import MessageCrypto
from bot.wechat.signature import sign
from bot.wechat.simulate import encrypted_request, event_xml, message_xml, signed_query, text_xml
from push.jobs import QUEUE

TOKEN = "spamtest"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APPID = "wx2c2769f8efd9abc2"
# Tencent's official WXBizMsgCrypt sample request.
TX_QUERY = {
    "signature": "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a",
    "timestamp": "1409735669",
    "nonce": "1320562132",
    "encrypt_type": "aes",
    "msg_signature": "5d197aaffba7e9b25a30732f161a50dee96bd5fa",
}
TX_BODY = (
    "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA["
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8"
    "PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jis"
    "a+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X"
    "8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9F"
    "yJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE="
    "]]></Encrypt></xml>"
)


SECRET = "endpoint-test-secret-key-0123456789abcdef"  # a real account needs one
OK = Reply(text="好的")
NOW = datetime(2026, 3, 2, 9, 30, 0, tzinfo=SHANGHAI)
WINDOW = 300  # limits.timestamp_window_seconds in config.yml


def at_sample_time() -> FrozenClock:
    """The official samples were signed in 2014: replay them at their own timestamp."""
    return FrozenClock(datetime.fromtimestamp(int(TX_QUERY["timestamp"]), SHANGHAI))


class RecordingDispatcher:
    """Counts business-logic runs; answers `reply` (a Reply or a callable of the message).

    `gate` (an asyncio.Event) holds every dispatch until it is set; `started` is set
    when the first dispatch begins.
    """

    def __init__(
        self,
        reply: Reply | Callable[[Message], Reply] = OK,
        gate: asyncio.Event | None = None,
        error: Exception | None = None,
    ) -> None:
        self.reply = reply
        self.gate = gate
        self.error = error
        self.messages: list[Message] = []
        self.started = asyncio.Event()
        self.finished = asyncio.Event()

    async def route(self, message: Message, conv: Any) -> Reply:
        self.messages.append(message)
        self.started.set()
        try:
            if self.gate is not None:
                await self.gate.wait()
            if self.error is not None:
                raise self.error
            return self.reply(message) if callable(self.reply) else self.reply
        finally:
            self.finished.set()


Make = Callable[..., Awaitable[tuple[TestClient, Services]]]


@pytest.fixture
def make_client(aiohttp_client: Any, settings: Settings, storage: Storage, clock: Clock) -> Make:
    async def make(
        *,
        dispatcher: Any = None,
        aes_key: str = "",
        token: str = TOKEN,
        appid: str = APPID,
        budget: float | None = None,
        at: Clock | None = None,
        store: Storage | None = None,
    ) -> tuple[TestClient, Services]:
        wechat = replace(
            settings.wechat, secret="test-secret", token=token, aes_key=aes_key, appid=appid
        )
        limits = (
            settings.limits
            if budget is None
            else replace(settings.limits, reply_budget_seconds=budget)
        )
        s = settings.with_overrides(wechat=wechat, limits=limits, secret_key=SECRET)
        services = build_services(s, store or storage, clock=at or clock, dispatcher=dispatcher)
        client = await aiohttp_client(create_app(s, services=services))
        # The app's start-up rebuild of the patients' account index runs in the
        # background: done before the test, which counts its own Redis round trips.
        if (building := services.patients.repo.accounts.building) is not None:
            await building
        return client, services

    return make


def parse(xml: str) -> dict[str, Any]:
    return xmltodict.parse(xml)["xml"]


async def post(
    client: TestClient, body: str | bytes, query: dict[str, str] | None = None, token: str = TOKEN
) -> tuple[int, str]:
    resp = await client.post(
        "/wechat", params=signed_query(token) if query is None else query, data=body
    )
    return resp.status, await resp.text()


# ----------------------------------------------------------------------------- GET


async def test_get_verification_echoes_echostr(make_client: Make) -> None:
    client, _ = await make_client(at=at_sample_time())
    resp = await client.get("/wechat", params={**TX_QUERY_PLAIN, "echostr": "shr5ch"})
    assert resp.status == 200 and await resp.text() == "shr5ch"


TX_QUERY_PLAIN = {k: TX_QUERY[k] for k in ("signature", "timestamp", "nonce")}


@pytest.mark.parametrize(
    "query",
    [
        {**TX_QUERY_PLAIN, "signature": "0" * 40},
        {**TX_QUERY_PLAIN, "nonce": "1"},
        {"timestamp": "1409735669", "nonce": "1320562132"},
        {},
    ],
)
async def test_get_verification_refuses_bad_signature(
    make_client: Make, query: dict[str, str]
) -> None:
    client, _ = await make_client()
    resp = await client.get("/wechat", params={**query, "echostr": "shr5ch"})
    assert resp.status == 403 and "shr5ch" not in await resp.text()


# ----------------------------------------------------------------------------- plaintext


async def test_plaintext_round_trip(make_client: Make) -> None:
    dispatcher = RecordingDispatcher(lambda m: Reply(text=f"收到：{m.text}"))
    client, _ = await make_client(dispatcher=dispatcher)
    status, body = await post(client, text_xml("头疼", openid="o_p", to_user="gh_h"))
    assert status == 200
    out = parse(body)
    assert out["MsgType"] == "text" and out["Content"] == "收到：头疼"
    assert (out["ToUserName"], out["FromUserName"]) == ("o_p", "gh_h")
    assert [m.text for m in dispatcher.messages] == ["头疼"]


async def test_news_reply(make_client: Make) -> None:
    reply = Reply(articles=(Article("预约挂号", "点击预约", "http://h/booking", "http://h/p.png"),))
    client, _ = await make_client(dispatcher=RecordingDispatcher(reply))
    status, body = await post(client, event_xml("CLICK", "BOOK"))
    out = parse(body)
    assert status == 200 and out["MsgType"] == "news" and out["ArticleCount"] == "1"
    assert out["Articles"]["item"]["Url"] == "http://h/booking"


async def test_real_dispatcher_menu_click(make_client: Make, settings: Settings) -> None:
    client, _ = await make_client()  # the default routers (handlers.info)
    status, body = await post(client, event_xml("CLICK", "HOSPITAL_INFO"))
    assert status == 200
    assert settings.hospital["phone"] in parse(body)["Content"]


async def test_empty_reply_answers_success(make_client: Make) -> None:
    client, _ = await make_client(dispatcher=RecordingDispatcher(Reply()))
    assert await post(client, event_xml("CLICK", "NOTHING")) == (200, "success")


async def test_unknown_msg_type_answers_success_without_dispatch(make_client: Make) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher)
    assert await post(client, message_xml("hologram", Foo="bar")) == (200, "success")
    assert dispatcher.messages == []


async def test_unknown_event_answers_success(make_client: Make) -> None:
    client, _ = await make_client()  # real dispatcher: no route for this event
    assert await post(client, event_xml("brand_new_event", "x")) == (200, "success")


async def test_silent_events_answer_success(make_client: Make) -> None:
    dispatcher = RecordingDispatcher(Reply(text="不会送达"))
    client, _ = await make_client(dispatcher=dispatcher)
    for event in ("unsubscribe", "TEMPLATESENDJOBFINISH", "MASSSENDJOBFINISH"):
        assert await post(client, event_xml(event, create_time=1)) == (200, "success")
    assert [m.event for m in dispatcher.messages] == [
        "unsubscribe",
        "templatesendjobfinish",
        "masssendjobfinish",
    ]


async def test_handler_exception_answers_polite_fallback(
    make_client: Make, settings: Settings
) -> None:
    dispatcher = RecordingDispatcher(error=RuntimeError("boom"))
    client, _ = await make_client(dispatcher=dispatcher)
    status, body = await post(client, text_xml("挂号"))
    assert status == 200
    assert settings.hospital["phone"] in parse(body)["Content"]


# ----------------------------------------------------------------------------- AES


async def test_official_sample_in_safe_mode(make_client: Make) -> None:
    dispatcher = RecordingDispatcher(Reply(text="您好"))
    client, _ = await make_client(dispatcher=dispatcher, aes_key=AES_KEY, at=at_sample_time())
    status, body = await post(client, TX_BODY, TX_QUERY)
    assert status == 200
    [msg] = dispatcher.messages
    assert (msg.openid, msg.text, msg.msg_id) == (
        "oyORnuP8q7ou2gfYjqLzSIWZf0rs",
        "abcdteT",
        "6054768590064713728",
    )
    envelope = parse(body)
    assert "Content" not in envelope  # the reply is encrypted, not plaintext
    crypto = MessageCrypto(TOKEN, AES_KEY, APPID)
    assert envelope["MsgSignature"] == sign(
        TOKEN, envelope["TimeStamp"], envelope["Nonce"], envelope["Encrypt"]
    )
    assert envelope["Nonce"] == TX_QUERY["nonce"]
    reply = parse(crypto.decrypt(envelope["Encrypt"]))
    assert reply["Content"] == "您好" and reply["ToUserName"] == "oyORnuP8q7ou2gfYjqLzSIWZf0rs"


async def test_compatible_mode_uses_the_encrypted_part(make_client: Make) -> None:
    """Compatible mode carries plaintext fields too; only the authenticated part counts."""
    dispatcher = RecordingDispatcher(lambda m: Reply(text=m.text))
    client, _ = await make_client(dispatcher=dispatcher, aes_key=AES_KEY)
    crypto = MessageCrypto(TOKEN, AES_KEY, APPID)
    query, envelope = encrypted_request(crypto, text_xml("真的内容"))
    forged_plain = text_xml("伪造的明文")
    body = forged_plain.replace("</xml>", envelope.removeprefix("<xml>"))
    status, out = await post(client, body, query)
    assert status == 200 and [m.text for m in dispatcher.messages] == ["真的内容"]
    assert parse(crypto.decrypt(parse(out)["Encrypt"]))["Content"] == "真的内容"


@pytest.mark.parametrize(
    ("mutate", "status"),
    [
        (lambda q, b: ({**q, "msg_signature": "0" * 40}, b), 403),
        (lambda q, b: ({k: v for k, v in q.items() if k != "msg_signature"}, b), 403),
        (lambda q, b: ({**q, "signature": "0" * 40}, b), 403),
        (lambda q, b: ({**q, "encrypt_type": "rot13"}, b), 400),
        (lambda q, b: (q, "<xml><ToUserName>gh</ToUserName></xml>"), 400),
        (lambda q, b: (q, "<xml><Encrypt><![CDATA[]]></Encrypt></xml>"), 400),
    ],
)
async def test_safe_mode_refusals(
    make_client: Make, mutate: Callable[..., Any], status: int
) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher, aes_key=AES_KEY, at=at_sample_time())
    query, body = mutate(dict(TX_QUERY), TX_BODY)
    assert (await post(client, body, query))[0] == status
    assert dispatcher.messages == []


async def test_safe_mode_wrong_appid_is_forbidden(make_client: Make) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(
        dispatcher=dispatcher, aes_key=AES_KEY, appid="wx0000000000000001", at=at_sample_time()
    )
    assert (await post(client, TX_BODY, TX_QUERY))[0] == 403
    assert dispatcher.messages == []


async def test_safe_mode_corrupted_ciphertext_is_bad_request(make_client: Make) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher, aes_key=AES_KEY)
    for encrypt in ("@@not-base64@@", "QUJD", "A" * 64):
        query = signed_query(TOKEN)
        query.update(
            encrypt_type="aes",
            msg_signature=sign(TOKEN, query["timestamp"], query["nonce"], encrypt),
        )
        body = f"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
        assert (await post(client, body, query))[0] == 400, encrypt
    assert dispatcher.messages == []


async def test_safe_mode_refuses_plaintext_posts(make_client: Make) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher, aes_key=AES_KEY)
    assert (await post(client, text_xml("明文")))[0] == 403
    assert dispatcher.messages == []


async def test_aes_request_without_configured_key_is_bad_request(make_client: Make) -> None:
    client, _ = await make_client(dispatcher=RecordingDispatcher(), at=at_sample_time())
    assert (await post(client, TX_BODY, TX_QUERY))[0] == 400


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"timestamp": "1", "nonce": "2"},
        {"signature": "0" * 40, "timestamp": "1", "nonce": "2"},
        {**signed_query(TOKEN), "nonce": "tampered"},
        signed_query("anothertoken"),
    ],
)
async def test_forged_or_missing_signature_is_forbidden_and_not_processed(
    make_client: Make, query: dict[str, str]
) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher)
    status, _ = await post(client, text_xml("hi"), query)
    assert status == 403 and dispatcher.messages == []


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
    "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>text</MsgType><Content>&lol2;</Content><MsgId>1</MsgId></xml>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>"
)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not xml at all",
        b"<xml><MsgType>text",
        b"<xml></xml>",
        BILLION_LAUGHS,
        XXE,
        b"\x00\x01\x02",
        b"<xml><MsgType><![CDATA[text]]></MsgType></xml>",
    ],
)
async def test_bad_bodies_are_400(make_client: Make, body: str | bytes) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher)
    assert (await post(client, body))[0] == 400
    assert dispatcher.messages == []


async def test_oversized_body_is_413(make_client: Make, settings: Settings) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher)
    limit = settings.limits.max_body_bytes
    assert (await post(client, b"x" * (limit + 1)))[0] == 413
    assert (await post(client, b"x" * limit))[0] == 400  # at the limit: read, then refused

    async def chunked() -> Any:  # no Content-Length: the cap applies while reading
        for _ in range(limit // 4096 + 2):
            yield b"y" * 4096

    resp = await client.post("/wechat", params=signed_query(TOKEN), data=chunked())
    assert resp.status == 413 and dispatcher.messages == []


# ----------------------------------------------------------------------------- retries


async def test_retry_after_done_gets_the_same_reply_without_running_again(
    make_client: Make,
) -> None:
    dispatcher = RecordingDispatcher(lambda m: Reply(text=f"第{len(dispatcher.messages)}次"))
    client, _ = await make_client(dispatcher=dispatcher)
    xml = text_xml("挂号", msg_id=424242)
    first = await post(client, xml)
    again = await post(client, xml)
    assert first == again and parse(first[1])["Content"] == "第1次"
    assert len(dispatcher.messages) == 1


async def test_event_retries_dedupe_on_sender_and_time(make_client: Make) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher)
    await post(client, event_xml("CLICK", "X", create_time=1700000100))
    await post(client, event_xml("CLICK", "X", create_time=1700000100))
    await post(client, event_xml("CLICK", "X", create_time=1700000101))
    assert len(dispatcher.messages) == 2


async def test_retry_while_in_flight_waits_for_the_first_reply(make_client: Make) -> None:
    """WeChat's retries are the identical request (same timestamp, nonce and body)."""
    gate = asyncio.Event()
    dispatcher = RecordingDispatcher(Reply(text="唯一答复"), gate=gate)
    client, services = await make_client(dispatcher=dispatcher)
    xml, query = text_xml("我要挂号", msg_id=777, openid="o_wait"), signed_query(TOKEN)
    first = asyncio.create_task(post(client, xml, query))
    await dispatcher.started.wait()
    retry = asyncio.create_task(post(client, xml, query))
    retry2 = asyncio.create_task(post(client, xml, query))
    # Both retries are parked on the first delivery's completion channel.
    await _until(lambda: _subscribers(services, "wx:msg:done:o_wait:777"), 2)
    assert len(dispatcher.messages) == 1
    gate.set()
    results = await asyncio.gather(first, retry, retry2)
    assert len(dispatcher.messages) == 1
    assert results[0][0] == 200 and parse(results[0][1])["Content"] == "唯一答复"
    assert results[1] == results[0] and results[2] == results[0]


async def test_retry_in_flight_past_its_budget_answers_success(make_client: Make) -> None:
    gate = asyncio.Event()
    dispatcher = RecordingDispatcher(Reply(text="迟到的答复"), gate=gate)
    client, services = await make_client(dispatcher=dispatcher, budget=0.2)
    xml = text_xml("挂号", msg_id=888, openid="o_slow")
    assert await post(client, xml) == (200, "success")  # deadline fallback
    assert await post(client, xml) == (200, "success")  # retry: the push is on its way
    gate.set()
    job = await _next_job(services)
    assert job["openid"] == "o_slow" and len(dispatcher.messages) == 1


# ----------------------------------------------------------------------------- deadline


async def test_deadline_fallback_pushes_the_reply(make_client: Make) -> None:
    gate = asyncio.Event()
    dispatcher = RecordingDispatcher(Reply(text="您的挂号已受理"), gate=gate)
    client, services = await make_client(dispatcher=dispatcher, budget=0.2)
    fallbacks = REGISTRY.get_sample_value("hospital_bot_wechat_deadline_fallbacks_total") or 0
    status, body = await post(client, text_xml("帮我挂号", openid="o_late", msg_id=99))
    assert (status, body) == (200, "success")
    assert not dispatcher.finished.is_set()  # still running, not cancelled
    after = REGISTRY.get_sample_value("hospital_bot_wechat_deadline_fallbacks_total")
    assert after == fallbacks + 1
    gate.set()
    job = await _next_job(services)
    assert job["kind"] == "custom_text" and job["openid"] == "o_late"
    assert json.loads(job["payload"]) == {"content": "您的挂号已受理"}
    assert job["job_id"] == "wx:o_late:99"


async def test_deadline_fallback_for_a_slow_handler_really_sleeping(make_client: Make) -> None:
    class Sleepy(RecordingDispatcher):
        async def route(self, message: Message, conv: Any) -> Reply:
            self.messages.append(message)
            await asyncio.sleep(0.6)  # the slow handler under test, not synchronisation
            return Reply(text="慢慢来")

    client, services = await make_client(dispatcher=Sleepy(), budget=0.2)
    assert await post(client, text_xml("慢", openid="o_sleepy")) == (200, "success")
    job = await _next_job(services)
    assert json.loads(job["payload"])["content"] == "慢慢来"


async def test_deferred_failure_pushes_the_polite_fallback(
    make_client: Make, settings: Settings
) -> None:
    gate = asyncio.Event()
    dispatcher = RecordingDispatcher(gate=gate, error=RuntimeError("HIS down"))
    client, services = await make_client(dispatcher=dispatcher, budget=0.2)
    assert await post(client, text_xml("查报告", openid="o_err")) == (200, "success")
    gate.set()
    job = await _next_job(services)
    assert settings.hospital["phone"] in json.loads(job["payload"])["content"]


# ----------------------------------------------------------------------------- freshness


def refusals(check: str) -> float:
    return (
        REGISTRY.get_sample_value("hospital_bot_wechat_signature_failures_total", {"check": check})
        or 0
    )


@pytest.mark.parametrize(
    ("offset", "status"),
    [(-WINDOW - 1, 403), (WINDOW + 1, 403), (-WINDOW, 200), (WINDOW, 200), (0, 200)],
    ids=["past", "future", "just inside, past", "just inside, future", "now"],
)
async def test_timestamp_outside_the_window_is_refused(
    make_client: Make, offset: int, status: int
) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher, at=FrozenClock(NOW))
    before = refusals("timestamp_stale")
    query = signed_query(TOKEN, NOW.timestamp() + offset)
    assert (await post(client, text_xml("挂号"), query))[0] == status
    assert len(dispatcher.messages) == (status == 200)
    assert refusals("timestamp_stale") == before + (status == 403)


@pytest.mark.parametrize("timestamp", ["17e8", "-1700000000", "１７００００００００", "", "1" * 13])
async def test_a_timestamp_that_is_not_plain_seconds_is_refused(
    make_client: Make, timestamp: str
) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher)
    query = {**signed_query(TOKEN), "timestamp": timestamp}
    query["signature"] = sign(TOKEN, timestamp, query["nonce"])  # correctly signed
    assert (await post(client, text_xml("挂号"), query))[0] == 403
    assert dispatcher.messages == []


async def test_url_verification_needs_a_fresh_timestamp(make_client: Make) -> None:
    client, _ = await make_client(at=FrozenClock(NOW))
    fresh = {**signed_query(TOKEN, NOW.timestamp() - WINDOW), "echostr": "e1"}
    stale = {**signed_query(TOKEN, NOW.timestamp() - WINDOW - 1), "echostr": "e2"}
    resp = await client.get("/wechat", params=fresh)
    assert resp.status == 200 and await resp.text() == "e1"
    resp = await client.get("/wechat", params=stale)
    assert resp.status == 403 and "e2" not in await resp.text()


def test_the_window_is_configurable_and_validated(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    raw = yaml.safe_load((root / "config.yml").read_text(encoding="utf-8"))
    raw["limits"]["timestamp_window_seconds"] = 120
    good = tmp_path / "good.yml"
    good.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert load_settings(good, env={}).limits.timestamp_window_seconds == 120
    raw["limits"]["timestamp_window_seconds"] = 5
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_settings(bad, env={})
    assert "limits.timestamp_window_seconds" in str(exc.value) and "Fix:" in str(exc.value)


# ----------------------------------------------------------------------------- replay


async def test_a_pair_replayed_with_another_message_is_refused(make_client: Make) -> None:
    dispatcher = RecordingDispatcher(lambda m: Reply(text=f"收到：{m.text}"))
    client, _ = await make_client(dispatcher=dispatcher)
    query = signed_query(TOKEN)
    status, body = await post(client, text_xml("我要挂号", openid="o_real", msg_id=1), query)
    assert status == 200 and parse(body)["Content"] == "收到：我要挂号"
    before = refusals("nonce_replayed")
    # The captured query string with a forged body (plaintext signatures cover no body).
    forged = text_xml("取消我的预约", openid="o_real", msg_id=2)
    assert await post(client, forged, query) == (403, "forbidden")
    assert refusals("nonce_replayed") == before + 1
    assert [m.text for m in dispatcher.messages] == ["我要挂号"]
    # The refused request did not keep the retry key of the message it forged: when that
    # message really comes, with its own pair, it is answered.
    status, body = await post(client, forged)
    assert status == 200 and parse(body)["Content"] == "收到：取消我的预约"


async def test_an_identical_resend_is_a_retry_not_a_replay(make_client: Make) -> None:
    dispatcher = RecordingDispatcher(lambda m: Reply(text=f"第{len(dispatcher.messages)}次"))
    client, _ = await make_client(dispatcher=dispatcher)
    xml, query = text_xml("挂号", openid="o_retry", msg_id=31), signed_query(TOKEN)
    first = await post(client, xml, query)
    assert first[0] == 200 and parse(first[1])["Content"] == "第1次"
    assert await post(client, xml, query) == first
    assert await post(client, xml, query) == first
    assert len(dispatcher.messages) == 1


async def test_an_identical_resend_in_safe_mode_is_a_retry(make_client: Make) -> None:
    dispatcher = RecordingDispatcher(lambda m: Reply(text=f"第{len(dispatcher.messages)}次"))
    client, _ = await make_client(dispatcher=dispatcher, aes_key=AES_KEY)
    crypto = MessageCrypto(TOKEN, AES_KEY, APPID)
    query, body = encrypted_request(crypto, text_xml("挂号", openid="o_aes", msg_id=41))
    replies = []
    for _ in range(3):
        status, out = await post(client, body, query)
        assert status == 200
        replies.append(parse(crypto.decrypt(parse(out)["Encrypt"]))["Content"])
    assert replies == ["第1次"] * 3 and len(dispatcher.messages) == 1
    # The same pair around another message, correctly encrypted and signed: refused.
    forged = encrypted_request(
        crypto, text_xml("别的", openid="o_aes", msg_id=42), query["timestamp"], query["nonce"]
    )
    assert (await post(client, forged[1], forged[0]))[0] == 403
    assert len(dispatcher.messages) == 1


async def test_a_pair_is_remembered_until_its_timestamp_leaves_the_window(
    make_client: Make, storage: Storage
) -> None:
    clock = FrozenClock(NOW)
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher, at=clock)
    ahead = int(NOW.timestamp()) + 200  # a sender clock 200 s ahead of ours
    query = signed_query(TOKEN, ahead, nonce="4242")
    assert (await post(client, event_xml("CLICK", "A"), query))[0] == 200
    ttl = await storage.redis.ttl(f"wx:nonce:{ahead}:4242")
    assert ahead + WINDOW - NOW.timestamp() <= ttl <= ahead + WINDOW - NOW.timestamp() + 1
    clock.advance(seconds=WINDOW + 201)  # the pair has left the window: stale, whatever Redis holds
    assert (await post(client, event_xml("CLICK", "B"), query))[0] == 403
    assert len(dispatcher.messages) == 1


# ----------------------------------------------------------------------------- isolation


async def test_another_user_reusing_a_msgid_never_gets_that_users_reply(
    make_client: Make,
) -> None:
    dispatcher = RecordingDispatcher(lambda m: Reply(text=f"{m.openid} 的答复：{m.text}"))
    client, _ = await make_client(dispatcher=dispatcher)
    status, a_body = await post(client, text_xml("我的检查报告", openid="o_user_a", msg_id=5150))
    assert status == 200 and parse(a_body)["Content"] == "o_user_a 的答复：我的检查报告"
    status, b_body = await post(client, text_xml("你好", openid="o_user_b", msg_id=5150))
    assert status == 200
    assert parse(b_body)["Content"] == "o_user_b 的答复：你好"
    assert "检查报告" not in b_body and "o_user_a" not in b_body
    assert [m.openid for m in dispatcher.messages] == ["o_user_a", "o_user_b"]


async def test_another_users_event_at_the_same_second_is_answered_for_itself(
    make_client: Make,
) -> None:
    dispatcher = RecordingDispatcher(lambda m: Reply(text=f"{m.openid}:{m.event_key}"))
    client, _ = await make_client(dispatcher=dispatcher)
    at = 1700000500
    a = await post(client, event_xml("CLICK", "MY_REPORTS", openid="o_user_a", create_time=at))
    b = await post(client, event_xml("CLICK", "INFO", openid="o_user_b", create_time=at))
    assert parse(a[1])["Content"] == "o_user_a:MY_REPORTS"
    assert parse(b[1])["Content"] == "o_user_b:INFO" and "MY_REPORTS" not in b[1]
    assert len(dispatcher.messages) == 2


# ----------------------------------------------------------------------------- markup


@pytest.mark.parametrize("body", BYPASS_SHAPES.values(), ids=BYPASS_SHAPES.keys())
async def test_markup_declarations_are_400_and_never_dispatched(
    make_client: Make, body: str
) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher)
    assert (await post(client, body))[0] == 400
    # the same inside an encrypted message
    safe, _ = await make_client(dispatcher=dispatcher, aes_key=AES_KEY)
    query, envelope = encrypted_request(MessageCrypto(TOKEN, AES_KEY, APPID), body)
    assert (await post(safe, envelope, query))[0] == 400
    assert dispatcher.messages == []


async def test_a_utf16_body_is_400(make_client: Make) -> None:
    dispatcher = RecordingDispatcher()
    client, _ = await make_client(dispatcher=dispatcher)
    body = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x>' + text_xml("hi")).encode("utf-16")
    assert (await post(client, body))[0] == 400 and dispatcher.messages == []


# ----------------------------------------------------------------------------- round trips


class RoundTrips:
    """A Storage whose Redis writes are counted: on redis-py's connections one per
    command or pipeline (sent in one packed write), plus every write of the
    auto-pipelined connection (`storage.batches`, one per batch of one message here)."""

    def __init__(self, settings: Settings) -> None:
        self.pooled = 0
        counter = self

        class Counting(aioredis.Connection):
            async def send_packed_command(self, command: Any, check_health: bool = True) -> None:
                counter.pooled += 1
                await super().send_packed_command(command, check_health)

        self.storage = Storage(settings.mongodb_uri, settings.redis_url, settings.database)
        self.storage.redis.connection_pool.connection_class = Counting

    @property
    def sent(self) -> int:
        return self.pooled + self.storage.batches.writes


@pytest.fixture
async def round_trips(settings: Settings, storage: Storage) -> AsyncIterator[RoundTrips]:
    counted = RoundTrips(settings)
    await counted.storage.redis.ping()  # connect (HELLO, SELECT ...) before counting
    yield counted
    await counted.storage.close()


class Counting(RecordingDispatcher):
    """Keeps a counter in the conversation: read, wait at the gate (if any), write."""

    async def route(self, message: Message, conv: Any) -> Reply:
        seen = int(conv.data.get("n", 0))
        reply = await super().route(message, conv)
        conv.remember(n=seen + 1, last=message.text)
        return reply


async def test_one_message_costs_two_redis_round_trips(
    make_client: Make, round_trips: RoundTrips
) -> None:
    client, _ = await make_client(dispatcher=Counting(), store=round_trips.storage)

    async def cost(body: str, query: dict[str, str] | None = None) -> int:
        before = round_trips.sent
        assert (await post(client, body, query))[0] == 200
        return round_trips.sent - before

    query = signed_query(TOKEN)
    xml = text_xml("你好", openid="o_rt", msg_id=61)
    # stamp + retry claim + conversation lock + state read in one round trip; then the
    # state saved, the lock released and the reply stored in another (before the lock
    # existed a changed state cost a third round trip: now it never does).
    assert await cost(xml, query) == 2
    assert await cost(event_xml("CLICK", "X", openid="o_rt")) == 2
    # a retry: the same first round trip brings back the stored reply; it locks nothing
    assert await cost(xml, query) == 1
    # a message kind nobody answers: its stamp only
    assert await cost(message_xml("hologram", openid="o_rt")) == 1


async def _blocked_clients(services: Services) -> int:
    """Redis connections blocked in BLPOP: messages waiting for a conversation lock."""
    return int((await services.storage.redis.info("clients"))["blocked_clients"])


async def test_two_messages_from_one_user_never_overwrite_each_others_state(
    make_client: Make,
) -> None:
    gate = asyncio.Event()
    dispatcher = Counting(gate=gate)
    client, services = await make_client(dispatcher=dispatcher)
    first = asyncio.create_task(post(client, text_xml("一", openid="o_iso", msg_id=1)))
    await dispatcher.started.wait()
    second = asyncio.create_task(post(client, text_xml("二", openid="o_iso", msg_id=2)))
    # The second message waits for the lock instead of reading the state mid-change.
    await _until(lambda: _blocked_clients(services), 1)
    assert [m.text for m in dispatcher.messages] == ["一"]
    gate.set()
    assert [r[0] for r in await asyncio.gather(first, second)] == [200, 200]
    assert [m.text for m in dispatcher.messages] == ["一", "二"]
    conv = await services.conversations.load("o_iso")
    assert conv.data == {"n": 2, "last": "二"}  # without the lock: n == 1, one write lost
    assert await services.storage.redis.exists(services.conversations.lock_key("o_iso")) == 0


async def test_a_deferred_dispatch_keeps_the_lock_until_its_state_is_saved(
    make_client: Make,
) -> None:
    gate = asyncio.Event()
    dispatcher = Counting(gate=gate)
    client, services = await make_client(dispatcher=dispatcher, budget=0.2)
    # The first message misses the budget: answered `success`, still running.
    assert await post(client, text_xml("一", openid="o_def", msg_id=1)) == (200, "success")
    assert not dispatcher.finished.is_set()
    second = asyncio.create_task(post(client, text_xml("二", openid="o_def", msg_id=2)))
    await _until(lambda: _blocked_clients(services), 1)
    assert await second == (200, "success")  # queued behind the first, not lost
    assert [m.text for m in dispatcher.messages] == ["一"]
    gate.set()
    jobs = await _jobs(services, 2)
    assert [j["job_id"] for j in jobs] == ["wx:o_def:1", "wx:o_def:2"]
    assert (await services.conversations.load("o_def")).data == {"n": 2, "last": "二"}


async def test_two_app_instances_answer_one_msgid_in_flight_once(
    make_client: Make, storage: Storage
) -> None:
    """Two `serve` processes behind nginx share Redis: WeChat's retry reaching the other
    one waits for the first dispatch's reply instead of running the message again."""
    gate = asyncio.Event()
    first_app = RecordingDispatcher(Reply(text="只答一次"), gate=gate)
    other_app = RecordingDispatcher(Reply(text="不该出现"))
    client1, _ = await make_client(dispatcher=first_app)
    client2, services2 = await make_client(dispatcher=other_app)
    xml, query = text_xml("查排队", openid="o_two", msg_id=4242), signed_query(TOKEN)
    first = asyncio.create_task(post(client1, xml, query))
    await first_app.started.wait()
    retry = asyncio.create_task(post(client2, xml, query))
    await _until(lambda: _subscribers(services2, "wx:msg:done:o_two:4242"), 1)
    gate.set()
    one, two = await asyncio.gather(first, retry)
    assert one == two and parse(one[1])["Content"] == "只答一次"
    assert len(first_app.messages) == 1 and other_app.messages == []


# ----------------------------------------------------------------------------- helpers


async def _next_job(services: Services, wait_ms: int = 5000) -> dict[str, str]:
    """Block (BZPOPMIN) until the first push job is queued; it in the old stream shape."""
    [job] = await _jobs(services, 1, wait_ms)
    return job


async def _jobs(services: Services, count: int, wait_ms: int = 5000) -> list[dict[str, str]]:
    """The first `count` push jobs, blocking (BZPOPMIN, then put back) until they are
    queued, earliest first."""
    redis = services.storage.redis
    taken: list[tuple[bytes, float]] = []
    while len(taken) < count:
        popped = await redis.bzpopmin(QUEUE, timeout=wait_ms / 1000)
        assert popped, f"only {len(taken)} of {count} push jobs appeared"
        taken.append((popped[1], popped[2]))
    await redis.zadd(QUEUE, dict(taken))
    by_id = {q.job_id: q for q in await services.push.queue.queued()}
    found = []
    for raw_id, _ in taken:
        q = by_id[raw_id.decode()]
        key, openid, message = q.args
        kind = "custom_text" if message["type"] == "chat_reply" else message["type"]
        payload = json.dumps({"content": message["text"]}, ensure_ascii=False)
        found.append({"kind": kind, "openid": openid, "payload": payload, "job_id": key})
    return found


async def _subscribers(services: Services, channel: str) -> int:
    [(_, count)] = await services.storage.redis.pubsub_numsub(channel)
    return int(count)


async def _until(probe: Callable[[], Awaitable[int]], at_least: int, limit: float = 5.0) -> None:
    """Wait until `probe()` reaches `at_least` (bounded so a bug fails, not hangs)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + limit
    while await probe() < at_least:
        assert loop.time() < end, "condition never became true"


async def test_redis_outage_answers_the_apology_never_500(
    aiohttp_client: Any, settings: Settings, clock: Clock
) -> None:
    from bot.localstack import free_port

    dead = Storage(settings.mongodb_uri, f"redis://127.0.0.1:{free_port()}/0", settings.database)
    try:
        s = settings.with_overrides(
            wechat=replace(settings.wechat, secret="x", token=TOKEN), secret_key=SECRET
        )
        dispatcher = RecordingDispatcher()
        services = build_services(s, dead, clock=clock, dispatcher=dispatcher)
        client = await aiohttp_client(create_app(s, services=services))
        status, body = await post(client, text_xml("挂号"))
        assert status == 200 and settings.hospital["phone"] in parse(body)["Content"]
        assert await post(client, event_xml("unsubscribe")) == (200, "success")
        assert dispatcher.messages == []
    finally:
        await dead.close()

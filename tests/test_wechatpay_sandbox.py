"""Our WeChat Pay client against the WeChat Pay sandbox, over real loopback HTTP.

The app from `bot.app.create_app` serves the emulator; a tiny receiver app plays our
future `/pay/notify` (verify + decrypt with the client, answer 200 or 401). The clock
is frozen and the background ticker off: timed work runs when a test moves the clock
and calls `/sandbox/pay/admin/tick`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import socket
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from live_app import live_app

from bot.clock import SHANGHAI, Clock, FrozenClock
from bot.config import Settings
from bot.sandbox.pay_keys import ensure_keys
from bot.services import Services
from bot.storage import Storage
from bot.wechatpay import (
    PaymentNotice,
    RefundNotice,
    VerificationFailed,
    WeChatPayClient,
    WeChatPayConfig,
    WeChatPayError,
    parse_wechatpay,
)
from bot.wechatpay.signing import verify

OPENID = "oSandboxPatient0000000000001"
START = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)


@dataclasses.dataclass
class Receiver:
    """Our notify endpoint in miniature: verifies with the client, records everything."""

    url: str = ""
    client: WeChatPayClient | None = None
    got: list[tuple[dict[str, str], bytes]] = dataclasses.field(default_factory=list)
    answered: list[int] = dataclasses.field(default_factory=list)
    fail_next: int = 0
    arrived: asyncio.Condition = dataclasses.field(default_factory=asyncio.Condition)

    async def wait_for(self, count: int) -> bool:
        """Until `count` notifications have arrived (for the real-clock ticker test)."""
        async with asyncio.timeout(10), self.arrived:
            await self.arrived.wait_for(lambda: len(self.got) >= count)
        return True

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.got.append((dict(request.headers), body))
        async with self.arrived:
            self.arrived.notify_all()
        status = 200
        if self.fail_next:
            self.fail_next -= 1
            status = 500
        else:
            assert self.client is not None
            try:
                self.client.parse_notification(request.headers, body)
            except VerificationFailed:
                status = 401
        self.answered.append(status)
        if status == 200:
            return web.Response(status=200)
        return web.json_response({"code": "FAIL", "message": "失败"}, status=status)

    def notices(self) -> list[Any]:
        assert self.client is not None
        return [self.client.parse_notification(h, b) for h, b in self.got]


@dataclasses.dataclass
class PaySandbox:
    base: str
    services: Services
    config: WeChatPayConfig
    client: WeChatPayClient
    http: aiohttp.ClientSession
    receiver: Receiver
    clock: FrozenClock

    def client_with(self, **changes: Any) -> WeChatPayClient:
        return WeChatPayClient(
            dataclasses.replace(self.config, **changes), self.http, clock=self.clock
        )

    async def admin(
        self, what: str, body: dict[str, Any] | None = None, status: int = 200
    ) -> dict[str, Any]:
        async with self.http.post(f"{self.base}/sandbox/pay/admin/{what}", json=body or {}) as resp:
            data = await resp.json()
            assert resp.status == status, data
            return data

    async def order(self, no: str, total: int = 2550, minutes: int = 15, **kw: Any) -> str:
        return await self.client.create_jsapi_order(
            out_trade_no=no,
            description=kw.pop("description", "挂号费-内科"),
            total=total,
            openid=kw.pop("openid", OPENID),
            time_expire=self.clock.now() + timedelta(minutes=minutes),
            notify_url=self.receiver.url,
            **kw,
        )

    async def paid(self, no: str, total: int = 2550) -> str:
        await self.order(no, total)
        return str(
            (await self.admin("pay", {"out_trade_no": no, "openid": OPENID}))["transaction_id"]
        )


@contextlib.asynccontextmanager
async def _receiver_server(receiver: Receiver) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post("/pay/notify", receiver.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/pay/notify"
    finally:
        await runner.cleanup()


@pytest.fixture
def frozen() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
async def pay(
    settings: Settings, storage: Storage, frozen: FrozenClock
) -> AsyncIterator[PaySandbox]:
    receiver = Receiver()
    async with (
        live_app(settings, storage, frozen, pay_tick_seconds=0) as (base, services),
        aiohttp.ClientSession() as http,
        _receiver_server(receiver) as url,
    ):
        config = parse_wechatpay(services.settings)
        assert config is not None and config.sandbox
        client = WeChatPayClient(config, http, clock=frozen)
        receiver.url, receiver.client = url, client
        yield PaySandbox(base, services, config, client, http, receiver, frozen)


async def _error(coro: Any) -> WeChatPayError:
    with pytest.raises(WeChatPayError) as exc:
        await coro
    return exc.value


# -- pay: create, pay, notify --------------------------------------------------------


async def test_create_pay_and_the_notification_verifies(pay: PaySandbox) -> None:
    prepay_id = await pay.order("BILL0303001", total=2550, attach="bill=42")
    assert prepay_id.startswith("wx20250303")
    params = pay.client.jsapi_params(prepay_id).as_dict()
    assert params["package"] == f"prepay_id={prepay_id}" and params["signType"] == "RSA"
    message = (
        f"{params['appId']}\n{params['timeStamp']}\n{params['nonceStr']}\n{params['package']}\n"
    )
    assert verify(pay.config.private_key.public_key(), message, params["paySign"])

    before = await pay.client.query_order("BILL0303001")
    assert (before.trade_state, before.transaction_id, before.total) == ("NOTPAY", "", 2550)
    assert not before.paid

    paid = await pay.admin("pay", {"out_trade_no": "BILL0303001", "openid": OPENID})
    assert [d["status"] for d in paid["deliveries"]] == [200]
    assert pay.receiver.answered == [200]
    (notice,) = pay.receiver.notices()
    assert isinstance(notice, PaymentNotice) and notice.event_type == "TRANSACTION.SUCCESS"
    assert notice.out_trade_no == "BILL0303001"
    assert notice.transaction_id == paid["transaction_id"] and len(notice.transaction_id) == 28
    assert (notice.trade_state, notice.total, notice.payer_total) == ("SUCCESS", 2550, 2550)
    assert (notice.mchid, notice.appid) == (pay.config.mchid, pay.config.appid)
    assert notice.payer_openid == OPENID and notice.attach == "bill=42"
    assert notice.success_time == START and notice.summary == "支付成功"
    headers = pay.receiver.got[0][0]
    assert headers["Wechatpay-Serial"] == pay.config.public_key_id  # the default scheme

    after = await pay.client.query_order("BILL0303001")
    assert (after.trade_state, after.transaction_id, after.success_time) == (
        "SUCCESS",
        notice.transaction_id,
        START,
    )
    again = await _error(pay.order("BILL0303001", total=2550, attach="bill=42"))
    assert (again.status, again.code) == (403, "ORDERPAID")
    assert (await pay.admin("pay", {"out_trade_no": "BILL0303001"}, status=409))["ok"] is False


async def test_same_out_trade_no(pay: PaySandbox) -> None:
    first = await pay.order("BILL0303002")
    assert await pay.order("BILL0303002") == first  # identical parameters: the same prepay_id
    err = await _error(pay.order("BILL0303002", total=2551))
    assert (err.status, err.code) == (400, "INVALID_REQUEST") and not err.transient


async def test_twice_sends_the_same_notification_twice(pay: PaySandbox) -> None:
    await pay.order("BILL0303003")
    result = await pay.admin("pay", {"out_trade_no": "BILL0303003", "times": 2})
    assert [d["status"] for d in result["deliveries"]] == [200, 200]
    first, second = pay.receiver.notices()
    assert first.id == second.id and first.transaction_id == second.transaction_id
    assert pay.receiver.got[0][1] != pay.receiver.got[1][1]  # encrypted and signed afresh


async def test_late_after_a_delay(pay: PaySandbox) -> None:
    await pay.order("BILL0303004")
    result = await pay.admin("pay", {"out_trade_no": "BILL0303004", "delay_seconds": 30})
    assert result["deliveries"] == [] and result["scheduled"] == [START.timestamp() + 30]
    assert (await pay.client.query_order("BILL0303004")).trade_state == "SUCCESS"
    assert (await pay.admin("tick"))["done"] == [] and pay.receiver.got == []
    pay.clock.advance(seconds=29)
    assert (await pay.admin("tick"))["done"] == []
    pay.clock.advance(seconds=2)
    tick = await pay.admin("tick")
    assert [d["status"] for d in tick["done"]] == [200] and tick["pending"] == 0
    (notice,) = pay.receiver.notices()  # verifies: signed when sent, not when paid
    assert notice.success_time == START
    assert pay.receiver.got[0][0]["Wechatpay-Timestamp"] == str(int(START.timestamp()) + 31)


async def test_late_after_the_order_expired(pay: PaySandbox) -> None:
    await pay.order("BILL0303005", minutes=15)
    pay.clock.advance(minutes=14)  # the patient pays a minute before expiry ...
    await pay.admin("pay", {"out_trade_no": "BILL0303005", "after_expiry": True})
    pay.clock.advance(minutes=1)
    assert (await pay.admin("tick"))["done"] == []  # ... not yet: still before expiry + 1 s
    pay.clock.advance(seconds=1)
    assert [d["status"] for d in (await pay.admin("tick"))["done"]] == [200]
    (notice,) = pay.receiver.notices()
    expiry = START + timedelta(minutes=15)
    assert notice.success_time == START + timedelta(minutes=14) < expiry
    assert int(pay.receiver.got[0][0]["Wechatpay-Timestamp"]) > expiry.timestamp()
    assert (await pay.client.query_order("BILL0303005")).trade_state == "SUCCESS"


async def test_wrong_amount_is_notified_as_told(pay: PaySandbox) -> None:
    await pay.order("BILL0303006", total=2550)
    await pay.admin("pay", {"out_trade_no": "BILL0303006", "amount": 1})
    (notice,) = pay.receiver.notices()
    assert (notice.total, notice.payer_total) == (1, 1)  # signed and genuine, but not the bill
    assert (await pay.client.query_order("BILL0303006")).total == 2550


async def test_forged_notification_is_refused_and_not_retried(pay: PaySandbox) -> None:
    await pay.order("BILL0303007")
    result = await pay.admin("pay", {"out_trade_no": "BILL0303007", "forge": True})
    assert [(d["status"], d["ok"], d["forged"]) for d in result["deliveries"]] == [
        (401, False, True)
    ]
    headers, body = pay.receiver.got[0]
    assert headers["Wechatpay-Serial"] == pay.config.public_key_id  # claims to be WeChat Pay
    with pytest.raises(VerificationFailed) as exc:
        pay.client.parse_notification(headers, body)
    assert exc.value.reason == "bad_signature"
    pay.clock.advance(hours=25)
    assert (await pay.admin("tick"))["done"] == [] and len(pay.receiver.got) == 1


async def test_refused_delivery_is_retried_on_schedule(pay: PaySandbox) -> None:
    await pay.order("BILL0303008")
    pay.receiver.fail_next = 1
    result = await pay.admin("pay", {"out_trade_no": "BILL0303008"})
    (first,) = result["deliveries"]
    assert (first["status"], first["ok"], first["retry_at"]) == (500, False, START.timestamp() + 15)
    pay.clock.advance(seconds=15)
    (retry,) = (await pay.admin("tick"))["done"]
    assert (retry["status"], retry["attempt"]) == (200, 1)
    first_notice, second_notice = pay.receiver.notices()
    assert first_notice.id == second_notice.id
    async with pay.http.get(f"{pay.base}/sandbox/pay/admin/deliveries") as resp:
        log = await resp.json()
    assert [(d["status"], d["attempt"]) for d in log["deliveries"]] == [(200, 1), (500, 0)]


async def test_certificate_and_public_key_modes(pay: PaySandbox) -> None:
    keys = ensure_keys(pay.services.settings.data_dir)
    only_cert = pay.client_with(public_key_id="", public_key=None)
    only_pubkey = pay.client_with(platform_certs={})
    await pay.order("BILL0303009")
    # API answers are signed with the public key by default: a certificate-only client
    # refuses them, a public-key-only client accepts them.
    assert (await only_pubkey.query_order("BILL0303009")).trade_state == "NOTPAY"
    err = await _error(only_cert.query_order("BILL0303009"))
    assert err.code == "RESPONSE_SIGNATURE_INVALID"

    await pay.admin("pay", {"out_trade_no": "BILL0303009", "sign_with": "certificate"})
    headers, body = pay.receiver.got[0]
    assert headers["Wechatpay-Serial"] == keys.platform_serial
    notice = only_cert.parse_notification(headers, body)
    assert isinstance(notice, PaymentNotice) and notice.out_trade_no == "BILL0303009"
    with pytest.raises(VerificationFailed) as exc:
        only_pubkey.parse_notification(headers, body)
    assert exc.value.reason == "unknown_serial"


# -- errors ---------------------------------------------------------------------------


async def test_request_signature_is_checked(pay: PaySandbox) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    err = await _error(pay.client_with(private_key=stranger).query_order("BILL0303010"))
    assert (err.status, err.code) == (401, "SIGN_ERROR")
    err = await _error(pay.client_with(serial_no="0123ABCD").query_order("BILL0303010"))
    assert (err.status, err.code) == (401, "SIGN_ERROR")
    slow = WeChatPayClient(pay.config, pay.http, clock=FrozenClock(START - timedelta(minutes=6)))
    err = await _error(slow.query_order("BILL0303010"))
    assert (err.status, err.code) == (401, "SIGN_ERROR")
    # A signed request the sandbox accepts but an order it does not know.
    err = await _error(pay.client.query_order("BILL0303010"))
    assert (err.status, err.code) == (404, "ORDER_NOT_EXIST")


async def test_bad_order_fields(pay: PaySandbox) -> None:
    cases = [
        pay.order("abc"),  # out_trade_no too short
        pay.order("BILL0303011", total=0),
        pay.order("BILL0303011", minutes=-1),  # time_expire already passed
        pay.order("BILL0303011", description=""),
        pay.order("BILL0303011", openid=""),
    ]
    for case in cases:
        err = await _error(case)
        assert (err.status, err.code) == (400, "PARAM_ERROR"), err
        assert err.message  # WeChat-style reason in Chinese
    other_app = pay.client_with(appid="wx0000000000000000")
    err = await _error(
        other_app.create_jsapi_order(
            out_trade_no="BILL0303011",
            description="挂号费",
            total=1,
            openid=OPENID,
            time_expire=START + timedelta(minutes=5),
            notify_url=pay.receiver.url,
        )
    )
    assert (err.status, err.code) == (400, "APPID_MCHID_NOT_MATCH")


async def test_close_and_expiry(pay: PaySandbox) -> None:
    await pay.order("BILL0303012")
    await pay.client.close_order("BILL0303012")
    await pay.client.close_order("BILL0303012")  # closing twice is fine
    assert (await pay.client.query_order("BILL0303012")).trade_state == "CLOSED"
    err = await _error(pay.order("BILL0303012"))
    assert (err.status, err.code) == (403, "ORDER_CLOSED")
    assert (await pay.admin("pay", {"out_trade_no": "BILL0303012"}, status=409))["ok"] is False

    await pay.order("BILL0303013", minutes=15)
    pay.clock.advance(minutes=15)
    assert (await pay.client.query_order("BILL0303013")).trade_state == "CLOSED"
    refused = await pay.admin("pay", {"out_trade_no": "BILL0303013"}, status=409)
    assert "expired" in refused["error"]

    await pay.paid("BILL0303014")
    err = await _error(pay.client.close_order("BILL0303014"))
    assert (err.status, err.code) == (403, "ORDERPAID")
    err = await _error(pay.client.close_order("BILL0303099"))
    assert (err.status, err.code) == (404, "ORDER_NOT_EXIST")

    await pay.order("BILL0303015")
    wrong = await pay.admin(
        "pay", {"out_trade_no": "BILL0303015", "openid": "oSomeoneElse"}, status=409
    )
    assert "payer" in wrong["error"]


async def test_network_errors_are_transient(pay: PaySandbox) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    closed_port = sock.getsockname()[1]
    sock.close()
    err = await _error(
        pay.client_with(api_base=f"http://127.0.0.1:{closed_port}").query_order("B" * 8)
    )
    assert (err.status, err.code, err.transient) == (0, "NETWORK_ERROR", True)


# -- refunds --------------------------------------------------------------------------


async def test_refund_completes_later_with_a_notification(pay: PaySandbox) -> None:
    txn = await pay.paid("BILL0303020", total=2550)
    pay.receiver.got.clear()
    refund = await pay.client.refund(
        out_trade_no="BILL0303020",
        out_refund_no="R0303020",
        total=2550,
        refund=1000,
        reason="取消挂号",
        notify_url=pay.receiver.url,
    )
    assert (refund.status, refund.refund, refund.total, refund.transaction_id) == (
        "PROCESSING",
        1000,
        2550,
        txn,
    )
    assert (await pay.client.query_order("BILL0303020")).trade_state == "REFUND"
    assert (await pay.client.query_refund("R0303020")).status == "PROCESSING"
    again = await pay.client.refund(
        out_trade_no="BILL0303020",
        out_refund_no="R0303020",
        total=2550,
        refund=1000,
        reason="取消挂号",
        notify_url=pay.receiver.url,
    )
    assert again.refund_id == refund.refund_id  # the same out_refund_no never refunds twice

    pay.clock.advance(seconds=5)
    await pay.admin("tick")
    (notice,) = pay.receiver.notices()
    assert isinstance(notice, RefundNotice) and notice.event_type == "REFUND.SUCCESS"
    assert (notice.out_refund_no, notice.refund_id, notice.refund_status) == (
        "R0303020",
        refund.refund_id,
        "SUCCESS",
    )
    assert (notice.refund, notice.total, notice.out_trade_no, notice.transaction_id) == (
        1000,
        2550,
        "BILL0303020",
        txn,
    )
    assert notice.success_time == START + timedelta(seconds=5)
    done = await pay.client.query_refund("R0303020")
    assert (done.status, done.success_time) == ("SUCCESS", START + timedelta(seconds=5))
    by_txn = await pay.client.refund(
        transaction_id=txn, out_refund_no="R0303020B", total=2550, refund=1550
    )
    assert (by_txn.out_trade_no, by_txn.refund) == ("BILL0303020", 1550)  # 2550 in all
    err = await _error(
        pay.client.refund(transaction_id=txn, out_refund_no="R0303020C", total=2550, refund=1)
    )
    assert (err.status, err.code) == (400, "INVALID_REQUEST")


async def test_refund_limits_and_outcomes(pay: PaySandbox) -> None:
    await pay.paid("BILL0303021", total=2550)

    async def refund(no: str, amount: int, **kw: Any) -> Any:
        args = {"out_trade_no": "BILL0303021", "total": 2550, "notify_url": pay.receiver.url, **kw}
        return await pay.client.refund(out_refund_no=no, refund=amount, **args)

    await refund("R1", 2000)
    err = await _error(refund("R2", 551))  # 550 left
    assert (err.status, err.code) == (400, "INVALID_REQUEST")
    err = await _error(refund("R1", 1999))  # same number, other parameters
    assert (err.status, err.code) == (400, "INVALID_REQUEST")
    err = await _error(refund("R3", 10, total=2551))
    assert (err.status, err.code) == (400, "PARAM_ERROR")
    err = await _error(
        pay.client.refund(out_trade_no="NOPE0001", out_refund_no="R4", total=1, refund=1)
    )
    assert (err.status, err.code) == (404, "RESOURCE_NOT_EXISTS")
    await pay.order("BILL0303022")
    err = await _error(
        pay.client.refund(out_trade_no="BILL0303022", out_refund_no="R5", total=2550, refund=1)
    )
    assert (err.status, err.code) == (400, "INVALID_REQUEST")
    err = await _error(pay.client.query_refund("R404"))
    assert (err.status, err.code) == (404, "RESOURCE_NOT_EXISTS")

    # A refund that closes gives its amount back; an abnormal one does not.
    closed = await pay.admin("refund", {"out_refund_no": "R1", "status": "CLOSED"})
    assert closed["refund"]["status"] == "CLOSED"
    await refund("R6", 2550)
    abnormal_txn = (await pay.client.query_order("BILL0303021")).transaction_id
    await pay.admin("refund", {"out_refund_no": "R6", "status": "ABNORMAL"})
    err = await _error(refund("R7", 1))
    assert err.code == "INVALID_REQUEST"
    notices = pay.receiver.notices()[1:]  # after the payment notification
    assert [(n.event_type, n.refund_status) for n in notices] == [
        ("REFUND.CLOSED", "CLOSED"),
        ("REFUND.ABNORMAL", "ABNORMAL"),
    ]
    assert notices[1].transaction_id == abnormal_txn and notices[1].success_time is None
    # Finished by hand: the scheduled completion finds nothing left to do.
    pay.clock.advance(seconds=10)
    assert (await pay.admin("tick"))["done"] == []
    assert (await pay.admin("refund", {"out_refund_no": "R6"}, status=409))["ok"] is False


# -- trade bill -------------------------------------------------------------------------


async def test_trade_bill_lists_the_days_payments_and_refunds(pay: PaySandbox) -> None:
    txn_a = await pay.paid("BILL0303030", total=2550)
    pay.clock.advance(hours=1)
    txn_b = await pay.paid("BILL0303031", total=1200)
    await pay.order("BILL0303032", total=999)  # never paid: not in the bill
    pay.clock.advance(hours=1)
    await pay.client.refund(
        out_trade_no="BILL0303030", out_refund_no="R0303030", total=2550, refund=500
    )
    err = await _error(pay.client.trade_bill(date(2025, 3, 3)))
    assert (err.status, err.code) == (400, "NO_STATEMENT_EXIST")  # made the next day

    pay.clock.set(datetime(2025, 3, 4, 10, 0, tzinfo=SHANGHAI))
    bill = await pay.client.trade_bill(date(2025, 3, 3))
    assert [(r.out_trade_no, r.trade_state) for r in bill.rows] == [
        ("BILL0303030", "SUCCESS"),
        ("BILL0303031", "SUCCESS"),
        ("BILL0303030", "REFUND"),
    ]
    pay_a, pay_b, refund = bill.rows
    assert (pay_a.transaction_id, pay_a.settlement_total, pay_a.order_total) == (txn_a, 2550, 2550)
    assert pay_a.trade_time == START and pay_a.openid == OPENID and pay_a.mchid == pay.config.mchid
    assert (pay_b.transaction_id, pay_b.settlement_total) == (txn_b, 1200)
    assert pay_b.trade_time == START + timedelta(hours=1) and pay_b.description == "挂号费-内科"
    assert (refund.out_refund_no, refund.refund, refund.refund_status) == (
        "R0303030",
        500,
        "PROCESSING",
    )
    assert refund.trade_time == START + timedelta(hours=2) and refund.transaction_id == txn_a
    s = bill.summary
    assert (s.count, s.settlement_total, s.refund_total, s.order_total) == (3, 3750, 500, 3750)
    assert s.fee_total == sum(r.fee for r in bill.rows)

    success = await pay.client.trade_bill(date(2025, 3, 3), "SUCCESS")
    assert [r.out_trade_no for r in success.rows] == ["BILL0303030", "BILL0303031"]
    refunds = await pay.client.trade_bill(date(2025, 3, 3), "REFUND")
    assert [r.out_refund_no for r in refunds.rows] == ["R0303030"]
    err = await _error(pay.client.trade_bill(date(2025, 3, 2)))
    assert err.code == "NO_STATEMENT_EXIST"

    info = await pay.client.apply_trade_bill(date(2025, 3, 3))
    assert info["hash_type"] == "SHA1" and len(info["hash_value"]) == 40
    async with pay.http.get(info["download_url"]) as resp:  # unsigned: refused
        assert resp.status == 401


# -- the background ticker, on the real clock ------------------------------------------


async def test_ticker_sends_late_notifications_and_finishes_refunds(
    settings: Settings, storage: Storage
) -> None:
    """What `hospital-bot run` does without anyone calling /admin/tick."""
    receiver = Receiver()
    clock = Clock(SHANGHAI)
    async with (
        live_app(settings, storage, clock, pay_tick_seconds=0.05, pay_refund_seconds=0) as (
            base,
            services,
        ),
        aiohttp.ClientSession() as http,
        _receiver_server(receiver) as url,
    ):
        config = parse_wechatpay(services.settings)
        assert config is not None
        client = WeChatPayClient(config, http, clock=clock)
        receiver.url, receiver.client = url, client
        await client.create_jsapi_order(
            out_trade_no="BILLTICK001",
            description="挂号费",
            total=100,
            openid=OPENID,
            time_expire=clock.now() + timedelta(minutes=5),
            notify_url=url,
        )
        async with http.post(
            f"{base}/sandbox/pay/admin/pay",
            json={"out_trade_no": "BILLTICK001", "delay_seconds": 0.2},
        ) as resp:
            assert (await resp.json())["scheduled"]
        assert await receiver.wait_for(1)
        await client.refund(
            out_trade_no="BILLTICK001",
            out_refund_no="RTICK001",
            total=100,
            refund=100,
            notify_url=url,
        )
        assert await receiver.wait_for(2)
        payment, refund = receiver.notices()
        assert isinstance(payment, PaymentNotice) and payment.out_trade_no == "BILLTICK001"
        assert isinstance(refund, RefundNotice) and refund.refund_status == "SUCCESS"

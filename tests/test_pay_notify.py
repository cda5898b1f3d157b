"""POST /pay/notify against the WeChat Pay sandbox over real HTTP: only a verified,
fresh notification for our order with our amount marks it paid, and exactly once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from pay_support import BILL_TOTAL, OPENID, PayEnv, pay_env

from bot.clock import FrozenClock
from bot.config import Settings
from bot.sandbox.pay_notify import Notifier
from bot.storage import Storage
from handlers.booking.models import Status
from handlers.his.local_billing import BillRepo, LedgerRepo
from handlers.payments.models import OrderStatus, RefundStatus

FAIL = {"code": "FAIL", "message": "失败"}


@pytest.fixture
async def env(settings: Settings, storage: Storage) -> AsyncIterator[PayEnv]:
    async with pay_env(settings, storage) as e:
        await e.patient()
        yield e


async def checkout_bill(env: PayEnv) -> tuple[str, dict[str, str], str]:
    """The patient opens the bill page and taps 微信支付: (order, JSAPI params, bill id)."""
    bill = await env.bill()
    html = await env.login(f"/h5/pay/b/{bill.id}")
    status, data = await env.checkout(html)
    assert status == 200 and data["ok"], data
    return data["order"], data["params"], bill.id


async def held_back_notification(env: PayEnv, no: str) -> tuple[dict[str, str], bytes]:
    """WeChat Pay takes the money; its notification is built (signed and encrypted exactly
    as it would send it) but not sent: the test sends it."""
    await env.admin("pay", {"out_trade_no": no, "openid": OPENID, "delay_seconds": 600})
    return await notification(env, no)


async def notification(
    env: PayEnv, no: str, clock: FrozenClock | None = None, sign_with: str = ""
) -> tuple[dict[str, str], bytes]:
    """A genuine notification for an order WeChat Pay has marked paid, signed now (or at
    `clock`'s time), with the public key (or `sign_with="certificate"`)."""
    emulator = env.emulator
    order = await emulator.state.order(emulator.keys().mchid, no)
    assert order is not None and order["trade_state"] == "SUCCESS"
    notifier = Notifier(emulator.keys, emulator.state, clock or env.clock, emulator.http)
    job = notifier.new_job(
        url=env.base + "/pay/notify",
        event_type="TRANSACTION.SUCCESS",
        original_type="transaction",
        resource=emulator.transaction_json(order),
        ref=no,
        sign_with=sign_with,
    )
    return notifier.envelope(job)


async def post_notify(
    env: PayEnv, headers: dict[str, str], body: bytes
) -> tuple[int, dict[str, Any] | None]:
    async with env.http.post(env.base + "/pay/notify", data=body, headers=headers) as resp:
        raw = await resp.read()
        return resp.status, (json.loads(raw) if raw else None)


async def nothing_changed(env: PayEnv, no: str, bill_id: str) -> None:
    order = await env.order(no)
    assert order.status == OrderStatus.CREATED and order.transaction_id == ""
    assert await env.audit(no) == [("", "created")]
    assert await env.owed() == []
    bill = await env.services.his.bill(bill_id)
    assert bill is not None and bill.status == "unpaid"


async def test_forged_signature_is_refused_and_nothing_changes(env: PayEnv) -> None:
    no, params, bill_id = await checkout_bill(env)

    paid = await env.wallet(params, mode="forged")  # signed with a stranger's key

    (delivery,) = paid["deliveries"]
    assert delivery["status"] == 401 and delivery["forged"]
    await nothing_changed(env, no, bill_id)
    assert await env.incidents() == []

    # The genuine notification altered, unsigned, or signed six minutes ago: the same
    # answer, which says nothing about why.
    headers, body = await notification(env, no)
    tampered = body.replace(b'"summary":"', b'"summary":"x', 1)
    assert await post_notify(env, headers, tampered) == (401, FAIL)
    unsigned = {k: v for k, v in headers.items() if k != "Wechatpay-Signature"}
    assert await post_notify(env, unsigned, body) == (401, FAIL)
    stale = await notification(env, no, FrozenClock(env.clock.now() - timedelta(minutes=6)))
    assert await post_notify(env, *stale) == (401, FAIL)
    await nothing_changed(env, no, bill_id)
    assert await env.incidents() == []

    # The genuine one, signed with the platform certificate (the older scheme; the
    # sandbox's default is the WeChat Pay public key): accepted, paid.
    headers, body = await notification(env, no, sign_with="certificate")
    assert headers["Wechatpay-Serial"] == env.emulator.keys().platform_serial
    assert await post_notify(env, headers, body) == (204, None)
    assert (await env.order(no)).status == OrderStatus.PAID


async def test_wrong_amount_is_not_paid_and_flagged_for_staff(env: PayEnv) -> None:
    no, params, bill_id = await checkout_bill(env)

    paid = await env.wallet(params, mode="wrong_amount")  # notified as 1 fen

    assert [d["status"] for d in paid["deliveries"]] == [204]  # recorded: no retries
    order = await env.order(no)
    assert order.status == OrderStatus.HELD and not order.paid
    assert order.paid_total_fen == 1 and order.total_fen == BILL_TOTAL
    assert await env.audit(no) == [("", "created"), ("created", "held")]
    (incident,) = await env.incidents()
    assert incident["kind"] == "amount_mismatch" and incident["subject"] == no
    assert incident["detail"]["expected_fen"] == BILL_TOTAL
    assert incident["detail"]["notified_fen"] == 1
    bill = await env.services.his.bill(bill_id)
    assert bill is not None and bill.status == "unpaid"  # the HIS was not told "paid"
    # The page's poll asks WeChat Pay (whose order says SUCCESS): still not paid.
    assert (await env.status(no))["status"] == "held"
    (owed,) = await env.owed()
    assert owed["_id"] == f"held:{no}" and "暂未入账" in owed["text"]
    status, again = await env.checkout(await env.login(f"/h5/pay/b/{bill_id}"))
    assert status == 409 and again["code"] == "held"  # no second payment meanwhile


async def test_replayed_notification_pays_once(env: PayEnv) -> None:
    no, params, bill_id = await checkout_bill(env)

    paid = await env.wallet(params, mode="twice")  # the same event, sent twice
    headers, body = await notification(env, no)
    replays = [await post_notify(env, headers, body) for _ in range(3)]  # byte-identical

    assert [d["status"] for d in paid["deliveries"]] == [204, 204]
    assert replays == [(204, None)] * 3
    assert await env.audit(no) == [("", "created"), ("created", "paid")]
    assert [o["_id"] for o in await env.owed()] == [f"receipt:{no}"]
    ledger = await env.services.storage.repo(LedgerRepo).col.find({"ref": bill_id}).to_list(9)
    assert [line["_id"] for line in ledger] == [no]  # the HIS recorded one payment
    assert len(await env.pushed()) == 1


async def test_twenty_concurrent_identical_notifications_change_the_state_once(
    env: PayEnv,
) -> None:
    no, _, bill_id = await checkout_bill(env)
    headers, body = await held_back_notification(env, no)

    answers = await asyncio.gather(*(post_notify(env, headers, body) for _ in range(20)))

    assert answers == [(204, None)] * 20
    assert await env.audit(no) == [("", "created"), ("created", "paid")]
    assert [o["_id"] for o in await env.owed()] == [f"receipt:{no}"]
    bill = await env.services.his.bill(bill_id)
    assert bill is not None and bill.status == "paid" and bill.out_trade_no == no
    assert (await env.order(no)).his_settled


async def test_late_payment_after_expiry_is_refunded(env: PayEnv) -> None:
    """A same-day hold is paid a minute before it expires, but WeChat Pay's notification
    arrives after booking released the place: the money goes back, automatically."""
    services = env.services
    his = services.his
    sid = await his.add_schedule(  # type: ignore[attr-defined]
        doctor=None, department="resp", day=env.clock.now().date(), session="下午",
        capacity=5, fee_cents=2550, room="5号诊室",
    )  # fmt: skip
    patient = (await services.patients.list(OPENID))[0]
    appt = await services.booking.book_for_account(OPENID, patient.id, sid, idem_key="late-1")
    assert appt.status == Status.PENDING_PAYMENT and appt.hold_expires_at is not None
    reply_link = f"/h5/pay/r/{appt.id}"
    status, data = await env.checkout(await env.login(reply_link))
    assert status == 200
    order = await env.order(data["order"])
    assert order.time_expire == appt.hold_expires_at  # WeChat Pay closes it with the hold

    env.clock.advance(minutes=14)  # a minute to spare ...
    paid = await env.wallet(data["params"], mode="after_expiry")  # ... but the news is late
    assert paid["deliveries"] == []
    env.clock.advance(minutes=1, seconds=30)
    assert await services.booking.expire_holds() == 1  # booking's own job releases the place
    assert (await his.schedule(sid)).remaining == 5  # type: ignore[union-attr]
    delivered = (await env.admin("tick"))["done"]
    assert [d["status"] for d in delivered] == [204]

    no = data["order"]
    order = await env.order(no)
    assert order.status == OrderStatus.REFUNDING and order.refund_reason == "hold_gone"
    assert await env.audit(no) == [("", "created"), ("created", "paid"), ("paid", "refunding")]
    refund = await services.payments.ledger.refunds.get(no + "R")
    assert refund is not None and refund.status == RefundStatus.PROCESSING  # WeChat Pay took it
    assert refund.amount_fen == 2550
    at_wechat = await env.emulator.state.refund(env.emulator.keys().mchid, no + "R")
    assert at_wechat is not None and int(at_wechat["refund"]) == 2550
    assert at_wechat["reason"] == "号源已释放，挂号费原路退回"  # payments/refund_reason.j2
    # Two messages: booking's own notice of the expired hold (owed by the expiry), then
    # the late payment's, which says the money goes back.
    expired, late = sorted(await env.pushed(), key=lambda t: "原路退回" in t)
    owed = {o["_id"]: o["text"] for o in await env.owed()}
    assert expired == owed[f"expired:{appt.id}"] and "已失效" in expired
    assert "号源已超时释放" in late and "原路退回" in late and "¥25.50" in late
    appt_now = await services.booking.appointments.get(appt.id)
    assert appt_now is not None and appt_now.status == Status.EXPIRED and not appt_now.paid


async def test_refund_notification_is_recorded_and_pushed(env: PayEnv) -> None:
    """The bill was paid at a counter while the patient paid online: the HIS refuses the
    second payment, which is refunded; WeChat Pay's REFUND.SUCCESS (sent twice) is
    recorded once and the patient is told the money is back."""
    no, params, bill_id = await checkout_bill(env)
    await env.services.storage.repo(BillRepo).col.update_one(
        {"_id": bill_id}, {"$set": {"status": "paid", "out_trade_no": "COUNTER-1"}}
    )

    await env.wallet(params)

    payments = env.services.payments
    out_refund_no = no + "R"
    refund = await payments.ledger.refunds.get(out_refund_no)
    assert refund is not None and refund.status == RefundStatus.PROCESSING
    assert refund.amount_fen == BILL_TOTAL and refund.reason == "his_refused"
    assert [i["kind"] for i in await env.incidents()] == ["his_refused"]
    (late,) = await env.pushed()
    assert "已通过其他方式缴清" in late

    done = await env.admin("refund", {"out_refund_no": out_refund_no, "times": 2})

    assert [d["status"] for d in done["deliveries"]] == [204, 204]
    refund = await payments.ledger.refunds.get(out_refund_no)
    assert refund is not None and refund.status == RefundStatus.SUCCESS
    assert refund.succeeded_at == env.clock.now()
    assert (await env.order(no)).status == OrderStatus.REFUNDED
    assert await env.audit(no) == [  # paid, but never "paid" here: the HIS refused it
        ("", "created"),
        ("created", "refunding"),
        ("refunding", "refunded"),
    ]
    assert await env.audit(out_refund_no) == [
        ("", "requested"),
        ("requested", "processing"),
        ("processing", "success"),
    ]
    texts = await env.pushed()
    assert len(texts) == 2  # why it did not count, then one refund notice for two deliveries
    assert "退款到账" in texts[1] and "¥322.20" in texts[1]

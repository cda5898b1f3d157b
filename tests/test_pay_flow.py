"""Paying as a patient does it, end to end through the sandbox: 「缴费」 in the chat
simulator, the link, the H5 page (OAuth + CSRF), WeChat's payment sheet, the
notification, the receipt pushed back into the chat."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pay_support import BILL_TOTAL, OPENID, PayEnv, links, pay_env

from bot.config import Settings
from bot.storage import Storage
from handlers.booking.models import Status
from handlers.his.local import LocalHIS
from handlers.his.local_billing import LedgerRepo
from handlers.payments.models import OrderStatus, RefundStatus


@pytest.fixture
async def env(settings: Settings, storage: Storage) -> AsyncIterator[PayEnv]:
    async with pay_env(settings, storage) as e:
        await e.patient()
        await e.follow()
        yield e


def local(env: PayEnv, url: str) -> str:
    assert url.startswith(env.base)
    return url.removeprefix(env.base)


async def test_pay_a_bill_from_chat_to_the_receipt(env: PayEnv) -> None:
    bill = await env.bill()

    reply = await env.say("缴费")

    assert "¥322.20" in reply and "呼吸内科" in reply and "3 项" in reply
    (link,) = links(reply)
    assert local(env, link) == f"/h5/pay/b/{bill.id}"
    overview = await env.login("/h5/pay")
    assert "待缴 ¥322.20" in overview and f"/h5/pay/b/{bill.id}" in overview
    page = await env.login(local(env, link))
    assert "阿莫西林胶囊" in page and "¥37.20" in page and "微信支付 ¥322.20" in page
    tampered = await env.checkout(page, kind="coupon")  # not a kind the page sends
    assert tampered == (400, {"ok": False, "message": "请求格式不正确，请刷新页面后重试。"})
    status, data = await env.checkout(page)
    assert status == 200
    params = data["params"]
    assert params["signType"] == "RSA" and params["package"].startswith("prepay_id=")
    at_wechat = await env.emulator.state.order(env.emulator.keys().mchid, data["order"])
    assert at_wechat is not None and int(at_wechat["total"]) == BILL_TOTAL
    assert at_wechat["description"] == "市一院-门诊缴费"  # short name, payments/payable.j2
    assert float(at_wechat["time_expire"]) == env.clock.timestamp() + 30 * 60  # order_minutes

    sheet = await env.wallet(params)  # the patient confirms in WeChat's payment sheet

    assert [d["status"] for d in sheet["deliveries"]] == [204]
    assert await env.status(data["order"]) == {"ok": True, "status": "paid", "done": True}
    status, result = await env.get(data["result_url"])
    assert status == 200 and "支付成功" in result and "门诊西药房 2 号窗口" in result
    receipts = await env.received()
    assert [r for r in receipts if "缴费成功" in r] == receipts[-1:]
    receipt = receipts[-1]
    assert "¥322.20" in receipt and sheet["transaction_id"] in receipt
    assert "取药：门诊西药房 2 号窗口（门诊楼 1 层）" in receipt
    assert "检查：放射科 CT 室（医技楼 2 层）（胸部CT平扫）" in receipt
    assert (await env.services.his.bill(bill.id)).status == "paid"  # type: ignore[union-attr]

    assert "没有待缴费用" in await env.say("缴费")
    fees = await env.say("费用查询")
    assert "¥322.20" in fees and "胸部CT平扫" in fees


async def test_same_day_registration_link_expiry_and_receipt(env: PayEnv) -> None:
    his = env.services.his
    assert isinstance(his, LocalHIS)
    sid = await his.add_schedule(
        doctor=None, department="resp", day=env.clock.now().date(), session="下午",
        capacity=5, fee_cents=2550, room="5号诊室",
    )  # fmt: skip
    assert "（今天） 下午 呼吸内科" in await env.say("帮我约今天下午的呼吸内科")
    assert "请确认预约信息" in await env.say("1")
    booked = await env.say("确认")

    assert "09:15 前" in booked and "¥25.50" in booked  # the hold's expiry, the fee
    (link,) = links(booked)
    path = local(env, link)
    assert path.startswith("/h5/pay/r/")
    page = await env.login(path)
    assert "号源为您保留到 09:15" in page
    status, data = await env.checkout(page)
    assert status == 200
    at_wechat = await env.emulator.state.order(env.emulator.keys().mchid, data["order"])
    assert at_wechat is not None and at_wechat["description"] == "市一院-挂号费-呼吸内科"
    await env.wallet(data["params"])

    appt = await env.services.booking.appointments.get(path.rsplit("/", 1)[-1])
    assert appt is not None and appt.status == Status.BOOKED and appt.paid
    assert appt.schedule_id == sid
    receipt = (await env.received())[-1]
    assert "挂号成功" in receipt and f"第 {appt.number} 号" in receipt and "5号诊室" in receipt
    line = await env.services.storage.repo(LedgerRepo).col.find_one({"_id": data["order"]})
    assert line is not None and line["kind"] == "registration"  # the HIS has the record


async def test_the_page_asks_wechat_pay_when_the_notification_is_late(env: PayEnv) -> None:
    bill = await env.bill()
    _, data = await env.checkout(await env.login(f"/h5/pay/b/{bill.id}"))

    sheet = await env.wallet(data["params"], mode="late")  # notified 60 s later

    assert sheet["deliveries"] == []
    assert await env.status(data["order"]) == {"ok": True, "status": "paid", "done": True}
    order = await env.order(data["order"])
    assert order.paid_via == "query"  # our own query of WeChat Pay, not the page's "ok"
    env.clock.advance(seconds=61)
    assert [d["status"] for d in (await env.admin("tick"))["done"]] == [204]
    assert len([r for r in await env.received() if "缴费成功" in r]) == 1


async def test_a_stopped_paid_registration_is_refunded(env: PayEnv) -> None:
    services = env.services
    his = services.his
    sid = await his.add_schedule(  # type: ignore[attr-defined]
        doctor=None, department="resp", day=env.clock.now().date(), session="下午",
        capacity=5, fee_cents=2550, room="5号诊室",
    )  # fmt: skip
    patient = (await services.patients.list(OPENID))[0]
    appt = await services.booking.book_for_account(OPENID, patient.id, sid, idem_key="stop-1")
    _, data = await env.checkout(await env.login(f"/h5/pay/r/{appt.id}"))
    await env.wallet(data["params"])

    await services.booking.stop_session(sid, "医生临时手术")  # 停诊: booking asks for a refund
    assert await services.payments.issue_refunds() == 1  # the lifecycle job takes it

    no = data["order"]
    refund = await services.payments.ledger.refunds.get(no + "R")
    assert refund is not None and refund.status == RefundStatus.PROCESSING
    assert refund.amount_fen == 2550 and refund.reason == "stopped"
    request = await services.booking.refunds.col.find_one({"appointment_id": appt.id})
    assert request is not None and request["status"] == "refunding"
    await env.admin("refund", {"out_refund_no": no + "R"})
    assert (await env.order(no)).status == OrderStatus.REFUNDED
    assert await services.payments.settle_his() == 1  # the HIS records the refund
    line = await services.storage.repo(LedgerRepo).col.find_one({"_id": no})
    assert line is not None and line["refunded_fen"] == 2550
    # The stop notice and the refund's, once each (delivery jobs run side by side: when
    # both are owed at one drain they may arrive in either order).
    texts = await env.received()
    assert sum("退款到账" in t for t in texts) == 1 and sum("停诊通知" in t for t in texts) == 1


async def test_expired_orders_are_closed_and_their_holds_released(env: PayEnv) -> None:
    services = env.services
    his = services.his
    sid = await his.add_schedule(  # type: ignore[attr-defined]
        doctor=None, department="resp", day=env.clock.now().date(), session="下午",
        capacity=5, fee_cents=2550, room="5号诊室",
    )  # fmt: skip
    patient = (await services.patients.list(OPENID))[0]
    appt = await services.booking.book_for_account(OPENID, patient.id, sid, idem_key="exp-1")
    _, data = await env.checkout(await env.login(f"/h5/pay/r/{appt.id}"))

    env.clock.advance(minutes=16)
    jobs = {j.name: j for j in services.jobs}  # the timed job as registered at start-up
    assert await jobs["payments.close_expired"].fn() == 1

    assert (await env.order(data["order"])).status == OrderStatus.CLOSED
    at_wechat = await env.emulator.state.order(env.emulator.keys().mchid, data["order"])
    assert at_wechat is not None and at_wechat["trade_state"] == "CLOSED"
    gone = await services.booking.appointments.get(appt.id)
    assert gone is not None and gone.status == Status.EXPIRED
    assert (await his.schedule(sid)).remaining == 5  # type: ignore[union-attr]
    # The patient is told, once, as for any expired hold (owed with the expiry).
    assert [o["_id"] for o in await env.owed()] == [f"expired:{appt.id}"]
    assert await jobs["booking.expire_holds"].fn() == 0  # nothing left to expire
    [told] = await env.received()
    assert "预约已失效" in told and "号源已释放" in told


async def test_the_payment_pages_refuse_what_is_not_theirs(env: PayEnv) -> None:
    bill = await env.bill()
    page = await env.login(f"/h5/pay/b/{bill.id}")
    await env.patient(openid="o_other_account_00000000000", name="李四", card="A0002")
    other = await env.bill(card="A0002")

    status, html = await env.get(f"/h5/pay/b/{other.id}")
    assert status == 403 and "不属于您的就诊人" in html
    status, data = await env.checkout(page.replace(bill.id, other.id))
    assert status == 403 and data["code"] == "not_yours"
    async with env.http.post(
        env.base + "/h5/pay/checkout", json={"kind": "bill", "ref": bill.id}
    ) as resp:  # no CSRF token
        assert resp.status == 403
    assert await env.services.payments.orders.col.count_documents({}) == 0


async def test_deposit_within_limits(env: PayEnv) -> None:
    his = env.services.his
    assert isinstance(his, LocalHIS)
    stay = await his.admit(
        card_no="A0001", department="cardio", ward="心内科一病区", bed="12床", deposit_fen=200000
    )
    reply = await env.say("预交金")
    assert "¥2000.00" in reply and "心内科一病区" in reply
    page = await env.login(local(env, links(reply)[0]))

    status, refused = await env.checkout(page, amount="99.99")
    assert status == 400 and "¥100.00 至 ¥50000.00" in refused["message"]
    status, data = await env.checkout(page, amount="1000.50")
    assert status == 200
    await env.wallet(data["params"])

    assert (await env.order(data["order"])).total_fen == 100050
    assert (await his.admission("A0001")).deposit_fen == 300050  # type: ignore[union-attr]
    assert "预交金账户" in (await env.received())[-1]
    line = await env.services.storage.repo(LedgerRepo).col.find_one({"_id": data["order"]})
    assert line is not None and line["ref"] == stay.id and line["amount_fen"] == 100050


async def test_a_payment_the_his_missed_gets_its_receipt_when_the_his_is_back(
    env: PayEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HIS (another system in production) is down when WeChat Pay's notification
    comes: the payment is recorded, the receipt waits; the settle job finishes both."""
    bill = await env.bill()
    _, data = await env.checkout(await env.login(f"/h5/pay/b/{bill.id}"))

    async def down(settlement: object) -> None:
        raise ConnectionError("HIS unreachable")

    with monkeypatch.context() as m:
        m.setattr(env.services.his, "settle", down)
        await env.wallet(data["params"])
        order = await env.order(data["order"])
        assert order.status == OrderStatus.PAID and not order.his_settled
        assert await env.owed() == []  # no receipt sending the patient to the pharmacy yet
        assert await env.services.payments.settle_his() == 0  # still down

    assert await env.services.payments.settle_his() == 1

    assert (await env.order(data["order"])).his_settled
    assert await env.audit(data["order"]) == [
        ("", "created"),
        ("created", "paid"),
        ("paid", "paid"),  # the HIS recorded it, later
    ]
    assert (await env.services.his.bill(bill.id)).status == "paid"  # type: ignore[union-attr]
    assert "缴费成功" in (await env.received())[-1]

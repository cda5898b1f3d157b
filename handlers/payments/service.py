"""PaymentService: checkout, what WeChat Pay tells us, and the lifecycle of an order.

Trust: an order is paid when WeChat Pay says so — a verified notification (`/pay/notify`)
or our own query of the order — never because the payment page said "ok". Both go
through `on_paid`, which checks mchid, appid, out_trade_no and amount against our order
and marks it paid exactly once (`ledger.PaymentLedger.pay`: one conditional update in a
transaction with the audit entry and the receipt).

The HIS is told before the payment commits (`settle` is idempotent, so a crash in
between costs a repeat): the hospital's own system is the record, and the receipt, which
sends the patient to the pharmacy or the exam room, is owed only once it has the payment.
WeChat Pay is told after a commit (refunds). If that is lost, the lifecycle jobs
(`jobs.py`) catch up: close expired orders and release their holds, ask about orders
with no notification, issue and retry refunds, settle with the HIS, reconcile.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.render import Texts
from bot.storage import Storage
from bot.wechatpay import PaymentNotice, RefundNotice, Transaction, WeChatPayError
from handlers.booking.models import Status
from handlers.booking.service import BookingService
from handlers.his.adapter import HIS
from handlers.his.models import HISError, Settlement
from handlers.patients.service import PatientService
from handlers.payments.gateway import PayGateway
from handlers.payments.ledger import Paid, PaymentLedger
from handlers.payments.models import MONEY_IN, Kind, OrderStatus, Payable, PayError, PayOrder
from handlers.payments.payables import Payables
from handlers.payments.refunds import RefundDesk
from handlers.payments.rules import PaymentRules

log = logging.getLogger(__name__)

PREPAY_VALID = timedelta(minutes=110)  # a prepay_id lives 2 hours at WeChat Pay


@dataclass(frozen=True)
class Checkout:
    order: PayOrder
    params: dict[str, str]  # for WeixinJSBridge.invoke('getBrandWCPayRequest', params)


class PaymentService:
    def __init__(
        self,
        *,
        storage: Storage,
        clock: Clock,
        rules: PaymentRules,
        texts: Texts,
        his: HIS,
        booking: BookingService,
        patients: PatientService,
        gateway: PayGateway | None,
        short_name: str = "",
        window_opened: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        self.clock, self.rules, self.his, self.booking = clock, rules, his, booking
        # WeChat opens the 48-hour customer-service window when a payment succeeds (as
        # when the user writes): the receipt may go out as a customer-service message.
        self.window_opened = window_opened
        self.gateway = gateway
        self.short_name = short_name
        self.payables = Payables(his, booking, patients, rules, clock, texts)
        self.ledger = PaymentLedger(storage, clock, rules, texts, booking)
        self.orders = self.ledger.orders
        self.refund_desk = (
            RefundDesk(self.ledger, gateway, clock, rules, texts) if gateway else None
        )

    @property
    def enabled(self) -> bool:
        """A merchant is configured (a real one or the sandbox's)."""
        return self.gateway is not None

    def _gateway(self) -> PayGateway:
        if self.gateway is None:
            raise PayError("disabled")
        return self.gateway

    # --- checkout ---------------------------------------------------------------------
    async def checkout(self, payable: Payable) -> Checkout:
        """The order for `payable` (an open one is reused) and the JSAPI parameters."""
        gateway = self._gateway()
        order = await self._order_for(payable)
        prepay_id = await self._prepay(order)
        client = await gateway.client()
        return Checkout(order, client.jsapi_params(prepay_id).as_dict())

    async def _order_for(self, payable: Payable) -> PayOrder:
        now = self.clock.now()
        if not self.rules.payable_until(now, payable.expires_at):
            raise PayError("hold_gone" if payable.kind == Kind.REGISTRATION else "past_due")
        for _ in range(3):
            existing = await self.orders.open_for(payable.key)
            if existing is not None:
                if existing.status == OrderStatus.PAID:
                    raise PayError("already_paid")
                if existing.status == OrderStatus.HELD:
                    raise PayError("held")
                if existing.openid != payable.openid:
                    raise PayError("not_yours")
                fresh = self.rules.payable_until(now, existing.time_expire)
                if fresh and existing.total_fen == payable.total_fen:
                    return existing
                await self.close_order(existing, "replaced")
                again = await self.orders.get(existing.out_trade_no)
                if again is None or again.status != OrderStatus.CLOSED:
                    raise PayError("busy")  # paid meanwhile, or WeChat Pay unreachable
                continue
            created = await self.ledger.create(self._order_doc(payable, now))
            if created is not None:
                return created
        raise PayError("busy")

    def _order_doc(self, p: Payable, now: datetime) -> dict[str, Any]:
        title = f"{self.short_name}-{p.title}" if self.short_name else p.title
        return {
            "_id": self.rules.new_out_trade_no(now),
            "payable": p.key,
            "kind": str(p.kind),
            "ref": p.ref,
            "openid": p.openid,
            "patient_id": p.patient_id,
            "patient_name": p.patient_name,
            "card_no": p.card_no,
            "title": p.title,
            "description": self.rules.description(title),
            "department": p.department,
            "doctor_name": p.doctor_name,
            "items": [i.to_doc() for i in p.items],
            "total_fen": p.total_fen,
            "details": p.details,
            "status": str(OrderStatus.CREATED),
            "open": True,
            "time_expire": p.expires_at,
            "created_at": now,
            "prepay_id": "",
            "transaction_id": "",
            "his_settled": False,
            "his_reversed": False,
            "queried_at": None,
        }

    async def _prepay(self, order: PayOrder) -> str:
        if (
            order.prepay_id
            and order.prepay_at is not None
            and self.clock.now() - order.prepay_at < PREPAY_VALID
        ):
            return order.prepay_id
        client = await self._gateway().client()
        try:
            prepay_id = await client.create_jsapi_order(
                out_trade_no=order.out_trade_no,
                description=order.description or order.title,
                total=order.total_fen,
                openid=order.openid,
                time_expire=order.time_expire,
                attach=f"{order.kind}:{order.ref}"[:128],
            )
        except WeChatPayError as exc:
            log.warning("pay.prepay_failed", extra={"code": exc.code, "status": exc.status})
            if exc.code == "ORDERPAID":
                await self.query(order)
                raise PayError("already_paid") from exc
            if exc.code == "ORDER_CLOSED":
                await self.close_order(order, "closed_at_wechat")
                raise PayError("past_due") from exc
            raise PayError("unavailable") from exc
        await self.orders.set_fields(
            order.out_trade_no, {"prepay_id": prepay_id, "prepay_at": self.clock.now()}
        )
        return prepay_id

    async def status(self, openid: str, out_trade_no: str) -> PayOrder:
        """The order as we know it. While it waits, this may ask WeChat Pay (at most every
        `poll_query_seconds` per order, whoever polls): the page's "ok" proves nothing."""
        order = await self.orders.get(out_trade_no, openid)
        if order is None:
            raise PayError("not_found")
        if order.status == OrderStatus.CREATED and order.prepay_id and self.gateway:
            now = self.clock.now()
            since = now - timedelta(seconds=self.rules.poll_query_seconds)
            if await self.orders.claim_query(out_trade_no, now, since):
                await self.query(order)
                order = await self.orders.get(out_trade_no, openid) or order
        return order

    # --- what WeChat Pay says -------------------------------------------------------
    async def on_notification(self, headers: Mapping[str, str], body: bytes) -> str:
        """A POST to /pay/notify. Raises `VerificationFailed` (answer 401, change
        nothing); returns, with what it did, once that is recorded (answer 2xx)."""
        notice = self._gateway().parse_notification(headers, body)
        await self._drill("received")
        if isinstance(notice, PaymentNotice):
            if notice.trade_state == "SUCCESS":
                return await self.on_paid(notice, "notify")
        elif isinstance(notice, RefundNotice) and self.refund_desk is not None:
            await self.refund_desk.on_notice(notice)
            return "refund"
        return "ignored"

    async def on_paid(self, t: Transaction, via: str) -> str:
        """WeChat Pay says `t` was paid. Returns what it did: paid, late, refused (the
        HIS will not take it: refunded), duplicate, held, unknown. Exactly one caller
        moves an order; the others see a duplicate.

        The fast path, for an order waiting for exactly this payment: tell the HIS first
        (idempotent by out_trade_no; the verified notification is the truth), then ONE
        transaction: paid + audit entry + the receipt. If the HIS cannot be reached, the
        payment is recorded without the receipt and the settle job finishes it."""
        gateway = self._gateway()
        paid = Paid(
            out_trade_no=t.out_trade_no,
            transaction_id=t.transaction_id,
            total_fen=t.total,
            paid_at=t.success_time or self.clock.now(),
            payer_openid=t.payer_openid,
            via=via,
        )
        if t.mchid != gateway.config.mchid or t.appid != gateway.config.appid:
            return await self._mismatch(paid, "merchant_mismatch", mchid=t.mchid, appid=t.appid)
        if self.window_opened is not None and t.payer_openid:
            await self.window_opened(t.payer_openid)
        order = await self.orders.get(paid.out_trade_no)  # the only read of a repeat
        if order is None:
            await self.ledger.flag(
                f"unknown_order:{paid.out_trade_no}:{paid.transaction_id}",
                "unknown_order",
                paid.out_trade_no,
                transaction_id=paid.transaction_id,
                total_fen=paid.total_fen,
            )
            return "unknown"
        if order.status == OrderStatus.CREATED and order.total_fen == paid.total_fen:
            recorded = await self._tell_his(order, paid.transaction_id, paid.paid_at)
            await self._drill("his_recorded")
            if recorded == "refused":
                if await self.ledger.refused(paid) is not None:
                    await self._refund_now(paid.out_trade_no)
                return "refused"
            outcome = await self.ledger.pay(order, paid, his_settled=recorded == "yes")
            await self._drill("committed")
            if outcome == "paid":
                log.info("pay.paid", extra={"out_trade_no": paid.out_trade_no, "via": via})
                return "paid"
            if outcome == "late":
                await self._refund_now(paid.out_trade_no)
                return "late"
            order = await self.orders.get(paid.out_trade_no) or order  # moved meanwhile
        if order.transaction_id == paid.transaction_id and order.status in MONEY_IN:
            if order.status == OrderStatus.PAID and not order.his_settled:
                await self.settle(order)
            return "duplicate"
        if order.status == OrderStatus.CREATED:  # waiting, but not for this amount
            return await self._mismatch(
                paid, "amount_mismatch", expected_fen=order.total_fen, notified_fen=paid.total_fen
            )
        if order.status == OrderStatus.CLOSED:
            if await self.ledger.late(paid) is not None:
                await self._refund_now(paid.out_trade_no)
                return "late"
            return "duplicate"
        await self.ledger.flag(
            f"second_payment:{paid.out_trade_no}:{paid.transaction_id}",
            "second_payment",
            paid.out_trade_no,
            transaction_id=paid.transaction_id,
            total_fen=paid.total_fen,
        )
        return "held"

    async def _mismatch(self, paid: Paid, reason: str, **detail: Any) -> str:
        detail = {"transaction_id": paid.transaction_id, "via": paid.via, **detail}
        if not await self.ledger.hold(paid, reason, **detail):
            await self.ledger.flag(
                f"{reason}:{paid.out_trade_no}:{paid.transaction_id}",
                reason,
                paid.out_trade_no,
                **detail,
            )
        log.warning("pay.held", extra={"out_trade_no": paid.out_trade_no, "reason": reason})
        return "held"

    async def query(self, order: PayOrder) -> None:
        """Ask WeChat Pay about an order and act on the answer like on a notification."""
        client = await self._gateway().client()
        try:
            t = await client.query_order(order.out_trade_no)
        except WeChatPayError as exc:
            if exc.code == "ORDER_NOT_EXIST" and self.clock.now() >= order.time_expire:
                await self._closed(order, "never_created")
            log.info("pay.query_failed", extra={"code": exc.code})
            return
        if t.paid:
            await self.on_paid(t, "query")
        elif t.trade_state in ("CLOSED", "REVOKED", "PAYERROR"):
            await self._closed(order, "closed_at_wechat")
        elif self.clock.now() >= order.time_expire:
            await self.close_order(order, "expired")

    async def _refund_now(self, out_trade_no: str) -> None:
        if self.refund_desk is not None:
            await self.refund_desk.issue(self.rules.out_refund_no(out_trade_no))

    # --- the HIS ----------------------------------------------------------------------
    def _settlement(self, order: PayOrder, transaction_id: str, paid_at: Any) -> Settlement:
        ref = order.details.get("hold", order.ref) if order.kind == Kind.REGISTRATION else order.ref
        return Settlement(
            out_trade_no=order.out_trade_no,
            transaction_id=transaction_id,
            kind=str(order.kind),
            ref=str(ref),
            card_no=order.card_no,
            amount_fen=order.total_fen,
            paid_at=paid_at or self.clock.now(),
        )

    async def _tell_his(
        self, order: PayOrder, transaction_id: str, paid_at: datetime | None
    ) -> str:
        """yes (recorded), refused (the HIS will not take it: flagged for staff), or no
        (unreachable)."""
        try:
            await self.his.settle(self._settlement(order, transaction_id, paid_at))
        except HISError as exc:
            log.warning("pay.his_refused", extra={"code": exc.code})
            await self.ledger.flag(
                f"his_refused:{order.out_trade_no}",
                "his_refused",
                order.out_trade_no,
                code=exc.code,
            )
            return "refused"
        except Exception:  # the HIS is another system: the settle job tries again
            log.warning("pay.his_unreachable", exc_info=True)
            return "no"
        return "yes"

    async def settle(self, order: PayOrder) -> bool:
        """A paid order the HIS has not recorded yet (it was unreachable): tell it, then
        owe the receipt; a HIS that will not take it (paid at a counter meanwhile) gets
        the money refunded instead. False: still unreachable (the job tries again)."""
        recorded = await self._tell_his(order, order.transaction_id, order.paid_at)
        if recorded == "no":
            return False
        if recorded == "refused":
            if await self.ledger.refund(order.out_trade_no, "his_refused", "his") is not None:
                await self._refund_now(order.out_trade_no)
            return True
        await self.ledger.settled(order)
        return True

    # --- lifecycle (jobs.py) -----------------------------------------------------------
    async def close_order(self, order: PayOrder, reason: str) -> None:
        """Close at WeChat Pay first (a paid order cannot be closed: then it is paid),
        then here, then give the registration's place back."""
        client = await self._gateway().client()
        try:
            await client.close_order(order.out_trade_no)
        except WeChatPayError as exc:
            if exc.code == "ORDERPAID":
                await self.query(order)
                return
            if exc.code != "ORDER_NOT_EXIST":
                log.info("pay.close_failed", extra={"code": exc.code})
                return  # retried by the next run
        await self._closed(order, reason)

    async def _closed(self, order: PayOrder, reason: str) -> None:
        closed = await self.ledger.close(order.out_trade_no, reason)
        if closed is not None and closed.kind == Kind.REGISTRATION:
            await self.booking.release_unpaid(closed.ref)

    async def close_expired(self) -> int:
        """Orders past their time_expire, and registration orders whose hold is gone."""
        n = 0
        for order in await self.orders.expired(self.clock.now()):
            await self.close_order(order, "expired")
            n += 1
        waiting = await self.orders.created_of_kind(str(Kind.REGISTRATION))
        for order in waiting:
            appt = await self.booking.appointments.get(order.ref)
            if appt is None or appt.status != Status.PENDING_PAYMENT:
                await self.close_order(order, "hold_gone")
                n += 1
        return n

    async def query_silent(self) -> int:
        """Orders with no notification `query_after_minutes` after they were made."""
        now = self.clock.now()
        before = now - timedelta(minutes=self.rules.query_after_minutes)
        n = 0
        for order in await self.orders.silent(before, before):
            if await self.orders.claim_query(order.out_trade_no, now, before):
                await self.query(order)
                n += 1
        return n

    async def refund_cancelled(self) -> int:
        """Booking's refund requests (cancelled or stopped paid registrations) become
        refunds of their paid orders."""
        n = 0
        now = self.clock.now()
        for request in await self.booking.refunds.requested():
            order = await self.orders.paid_for(f"appt:{request['appointment_id']}")
            if order is None:
                await self.booking.refunds.mark(request["_id"], "no_online_payment", now)
                continue
            reason = "stopped" if request.get("reason") == "stopped" else "cancelled"
            if await self.ledger.refund(
                order.out_trade_no, reason, "booking", booking_request=request["_id"]
            ):
                await self._refund_now(order.out_trade_no)
                n += 1
        return n

    async def issue_refunds(self) -> int:
        """Refunds owed for cancelled registrations and late payments, asked for now
        (their first attempt, when the change that owes them could not make it)."""
        if self.refund_desk is None:
            return 0
        return await self.refund_cancelled() + await self.refund_desk.issue_due(retries=False)

    async def retry_refunds(self) -> int:
        """Refunds WeChat Pay has not finished: retry the refused-for-now, ask about
        the silent."""
        if self.refund_desk is None:
            return 0
        retried = await self.refund_desk.issue_due(retries=True)
        return retried + await self.refund_desk.query_processing()

    async def settle_his(self) -> int:
        """Paid orders the HIS has not acknowledged; refunds it has not recorded."""
        n = 0
        for order in await self.orders.unsettled():
            n += int(await self.settle(order))
        for order in await self.orders.unreversed():
            try:
                await self.his.reverse(order.out_trade_no, order.total_fen, order.refund_reason)
            except Exception:
                log.warning("pay.his_unreachable", exc_info=True)
                continue
            await self.orders.set_fields(order.out_trade_no, {"his_reversed": True})
            n += 1
        return n

    # --- the payment drill --------------------------------------------------------------
    async def _drill(self, point: str) -> None:
        """Sandbox only (`payments.drill_pause_at`): stop here until the process is
        killed, to prove a crash at this point loses nothing."""
        if self.rules.drill_pause_at == point:
            log.warning("pay.drill_paused", extra={"point": point})
            await asyncio.Event().wait()

"""Every state change of a payment, each in ONE transaction with what it owes.

A change is a conditional update (the state it leaves is in the filter, so of two
concurrent attempts exactly one wins), an append to the audit log, and whatever the
change owes in the same transaction: the receipt or refund notice for the patient
(the transactional outbox, `push.outbox.OutboxRepo`), the refund record, the booking
becoming paid, the incident for staff. A crash leaves all of it or none of it.

What is not in our database (WeChat Pay, the HIS) is called after the commit, by the
caller, and reconciled by the lifecycle jobs if that call is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from bot.clock import Clock
from bot.render import Texts
from bot.storage import Storage
from handlers.booking.service import BookingService
from handlers.payments.models import (
    Kind,
    OrderStatus,
    PayOrder,
    PayRefund,
    RefundStatus,
)
from handlers.payments.repo import AuditRepo, IncidentRepo, OrderRepo, PayRefundRepo
from handlers.payments.rules import PaymentRules
from push.outbox import Notice, OutboxRepo

log = logging.getLogger(__name__)

S = OrderStatus
R = RefundStatus


@dataclass(frozen=True)
class Paid:
    """What WeChat Pay said about a payment (a notification or an order query)."""

    out_trade_no: str
    transaction_id: str
    total_fen: int
    paid_at: datetime
    payer_openid: str
    via: str  # notify | query

    def recorded(self) -> dict[str, Any]:
        """What an order keeps of the payment, whatever state it moves to."""
        return {
            "transaction_id": self.transaction_id,
            "paid_at": self.paid_at,
            "payer_openid": self.payer_openid,
            "paid_via": self.via,
        }


class PaymentLedger:
    def __init__(
        self,
        storage: Storage,
        clock: Clock,
        rules: PaymentRules,
        texts: Texts,
        booking: BookingService,
    ) -> None:
        self.storage = storage
        self.clock = clock
        self.rules = rules
        self.texts = texts
        self.booking = booking
        self.orders = storage.repo(OrderRepo)
        self.refunds = storage.repo(PayRefundRepo)
        self.audit = storage.repo(AuditRepo)
        self.incidents = storage.repo(IncidentRepo)
        self.outbox = storage.repo(OutboxRepo)

    # --- notices --------------------------------------------------------------------
    def _notice(self, key: str, order: PayOrder, template: str, **values: Any) -> Notice:
        base = self.texts.globals["base_url"]
        text = self.texts.render(
            template,
            order=order,
            today=self.clock.now().date(),
            dept_name=self.booking.dept_name,
            **values,
        )
        return Notice(
            key=key,
            openid=order.openid,
            type=template.rsplit("/", 1)[-1].removesuffix(".j2"),
            text=text,
            url=f"{base}/h5/pay/orders/{order.out_trade_no}",
        )

    # --- created --------------------------------------------------------------------
    async def create(self, doc: dict[str, Any]) -> PayOrder | None:
        """A new order; None when its payable has an open order already."""
        now = self.clock.now()

        async def fn(session: AsyncClientSession) -> None:
            await self.orders.insert(doc, session)
            await self.audit.add(
                doc["_id"], "order", "", S.CREATED, "checkout", now, session=session,
                payable=doc["payable"], total_fen=doc["total_fen"],
            )  # fmt: skip

        try:
            await self.storage.transaction(fn)
        except DuplicateKeyError:
            return None
        return PayOrder.from_doc(doc)

    # --- paid -----------------------------------------------------------------------
    async def pay(self, order: PayOrder, paid: Paid, *, his_settled: bool) -> str:
        """created → paid, with the receipt when the HIS has recorded the payment
        (`his_settled`; otherwise `settled` adds it later): "paid"; "late" when the
        registration's hold was gone (paid → refunding in the same transaction); ""
        when the order was not waiting for this payment (someone else moved it)."""
        now = self.clock.now()

        async def fn(session: AsyncClientSession) -> str:
            moved = await self.orders.step(
                order,
                (S.CREATED,),
                {
                    "status": S.PAID,
                    **paid.recorded(),
                    "his_settled": his_settled,
                    "updated_at": now,
                },
                session=session,
                match={"total_fen": paid.total_fen},
            )
            if moved is None:
                return ""
            await self.audit.add(
                moved.out_trade_no, "order", S.CREATED, S.PAID, paid.via, now, session=session,
                transaction_id=paid.transaction_id, total_fen=paid.total_fen,
                his_settled=his_settled,
            )  # fmt: skip
            if moved.kind == Kind.REGISTRATION:
                appt = await self.booking.mark_paid(moved.ref, session=session)
                if appt is None:  # expired or cancelled while the patient was paying
                    await self._start_refund(moved, (S.PAID,), "hold_gone", "late", now, session)
                    return "late"
            if his_settled:
                await self.outbox.add(
                    self._notice(f"receipt:{moved.out_trade_no}", moved, "payments/receipt.j2"),
                    now=now,
                    session=session,
                )
            return "paid"

        return await self.storage.transaction(fn)

    async def refused(self, paid: Paid) -> PayOrder | None:
        """created → refunding: paid, but the HIS will not take it (the bill was paid
        another way meanwhile). The money goes back; the patient is told why."""
        return await self._refund_paid(paid, S.CREATED, "his_refused")

    async def settled(self, order: PayOrder) -> bool:
        """The HIS recorded a payment later (it was unreachable when the payment came):
        now the receipt (with what to do next) is owed. False when recorded before."""
        now = self.clock.now()

        async def fn(session: AsyncClientSession) -> bool:
            done = await self.orders.step(
                order,
                (S.PAID,),
                {"his_settled": True, "his_settled_at": now},
                session=session,
                match={"his_settled": False},
            )
            if done is None:
                return False
            await self.audit.add(
                order.out_trade_no, "order", S.PAID, S.PAID, "his_settled", now, session=session
            )
            await self.outbox.add(
                self._notice(f"receipt:{order.out_trade_no}", order, "payments/receipt.j2"),
                now=now,
                session=session,
            )
            return True

        return await self.storage.transaction(fn)

    async def late(self, paid: Paid) -> PayOrder | None:
        """closed → refunding: WeChat Pay took money for an order we had closed."""
        return await self._refund_paid(
            paid, S.CLOSED, "paid_after_close", paid_total_fen=paid.total_fen
        )

    async def _refund_paid(
        self, paid: Paid, status: OrderStatus, reason: str, **extra: Any
    ) -> PayOrder | None:
        """`status` → refunding: money came for an order that cannot take it."""
        now = self.clock.now()

        async def fn(session: AsyncClientSession) -> PayOrder | None:
            order = await self.orders.get(paid.out_trade_no)
            if order is None or order.status != status:
                return None
            return await self._start_refund(
                order, (status,), reason, paid.via, now, session,
                amount_fen=paid.total_fen, extra={**paid.recorded(), **extra},
            )  # fmt: skip

        return await self.storage.transaction(fn)

    async def hold(self, paid: Paid, reason: str, **detail: Any) -> bool:
        """created → held, flagged for staff: paid, but not as ordered (amount, merchant)."""
        now, out_trade_no, via = self.clock.now(), paid.out_trade_no, paid.via

        async def fn(session: AsyncClientSession) -> bool:
            order = await self.orders.move(
                out_trade_no,
                (S.CREATED,),
                {
                    "status": S.HELD,
                    "held_reason": reason,
                    **paid.recorded(),
                    "paid_total_fen": paid.total_fen,
                    "updated_at": now,
                },
                session=session,
            )
            if order is None:
                return False
            await self.audit.add(
                out_trade_no, "order", S.CREATED, S.HELD, via, now, session=session,
                reason=reason, **detail,
            )  # fmt: skip
            await self.incidents.flag(
                f"{reason}:{out_trade_no}", reason, out_trade_no, now, session=session, **detail
            )
            await self.outbox.add(
                self._notice(f"held:{out_trade_no}", order, "payments/held.j2"),
                now=now,
                session=session,
            )
            return True

        return await self.storage.transaction(fn)

    # --- closed ----------------------------------------------------------------------
    async def close(self, out_trade_no: str, reason: str) -> PayOrder | None:
        """created → closed (WeChat Pay closed it too, or never had it)."""
        now = self.clock.now()

        async def fn(session: AsyncClientSession) -> PayOrder | None:
            order = await self.orders.move(
                out_trade_no,
                (S.CREATED,),
                {"status": S.CLOSED, "closed_at": now, "close_reason": reason, "updated_at": now},
                session=session,
            )
            if order is not None:
                await self.audit.add(
                    out_trade_no, "order", S.CREATED, S.CLOSED, reason, now, session=session
                )
            return order

        return await self.storage.transaction(fn)

    # --- refunds ---------------------------------------------------------------------
    async def refund(
        self, out_trade_no: str, reason: str, event: str, *, booking_request: str = ""
    ) -> PayOrder | None:
        """paid → refunding with a refund owed (a cancelled or stopped registration, a
        bill the HIS says was paid another way). `booking_request`: the booking refund
        request this takes, in the same transaction."""
        now = self.clock.now()

        async def fn(session: AsyncClientSession) -> PayOrder | None:
            order = await self.orders.get(out_trade_no)
            if order is None or order.status != S.PAID:
                return None
            if booking_request and not await self.booking.refunds.mark(
                booking_request, "refunding", now, session
            ):
                return None
            moved = await self._start_refund(order, (S.PAID,), reason, event, now, session)
            if moved is None:
                raise _Conflict  # moved meanwhile: the request mark must not commit alone
            return moved

        try:
            return await self.storage.transaction(fn)
        except _Conflict:
            return None

    async def _start_refund(
        self,
        order: PayOrder,
        allowed: tuple[OrderStatus, ...],
        reason: str,
        event: str,
        now: datetime,
        session: AsyncClientSession,
        *,
        amount_fen: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> PayOrder | None:
        moved = await self.orders.move(
            order.out_trade_no,
            allowed,
            {"status": S.REFUNDING, "refund_reason": reason, "updated_at": now, **(extra or {})},
            session=session,
        )
        if moved is None:
            return None
        amount = order.total_fen if amount_fen is None else amount_fen
        out_refund_no = self.rules.out_refund_no(order.out_trade_no)
        await self.audit.add(
            order.out_trade_no, "order", order.status, S.REFUNDING, event, now,
            session=session, reason=reason, out_refund_no=out_refund_no,
        )  # fmt: skip
        await self.refunds.insert(
            {
                "_id": out_refund_no,
                "out_trade_no": order.out_trade_no,
                "openid": order.openid,
                "amount_fen": amount,
                "total_fen": amount,
                "reason": reason,
                "status": str(R.REQUESTED),
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            },
            session,
        )
        await self.audit.add(
            out_refund_no, "refund", "", R.REQUESTED, event, now, session=session,
            out_trade_no=order.out_trade_no, amount_fen=amount,
        )  # fmt: skip
        if reason in ("hold_gone", "paid_after_close", "his_refused"):
            # The patient paid and gets nothing for it: say so now, not when it lands.
            await self.outbox.add(
                self._notice(
                    f"late:{order.out_trade_no}", moved, "payments/late.j2", reason=reason
                ),
                now=now,
                session=session,
            )
        return moved

    async def refund_accepted(self, out_refund_no: str, refund_id: str) -> PayRefund | None:
        """requested → processing: WeChat Pay took the refund request."""
        now = self.clock.now()

        async def fn(session: AsyncClientSession) -> PayRefund | None:
            refund = await self.refunds.move(
                out_refund_no,
                (R.REQUESTED,),
                {"status": str(R.PROCESSING), "refund_id": refund_id, "accepted_at": now},
                session=session,
            )
            if refund is not None:
                await self.audit.add(
                    out_refund_no, "refund", R.REQUESTED, R.PROCESSING, "api", now,
                    session=session, refund_id=refund_id,
                )  # fmt: skip
            return refund

        return await self.storage.transaction(fn)

    async def refund_failed(self, out_refund_no: str, code: str, message: str) -> bool:
        """requested → failed: WeChat Pay refused it for good. Flagged for staff."""
        now = self.clock.now()

        async def fn(session: AsyncClientSession) -> bool:
            refund = await self.refunds.move(
                out_refund_no,
                (R.REQUESTED,),
                {"status": str(R.FAILED), "failed_at": now, "error": code},
                session=session,
            )
            if refund is None:
                return False
            await self.audit.add(
                out_refund_no, "refund", R.REQUESTED, R.FAILED, "api", now,
                session=session, code=code,
            )  # fmt: skip
            await self.incidents.flag(
                f"refund_failed:{out_refund_no}", "refund_failed", refund.out_trade_no, now,
                session=session, out_refund_no=out_refund_no, code=code, message=message[:200],
            )  # fmt: skip
            return True

        return await self.storage.transaction(fn)

    async def refund_finished(
        self, out_refund_no: str, status: RefundStatus, at: datetime | None, via: str
    ) -> PayRefund | None:
        """requested/processing → success (order refunded, the patient told),
        abnormal or closed (flagged for staff)."""
        now = self.clock.now()

        async def fn(session: AsyncClientSession) -> PayRefund | None:
            before = await self.refunds.get(out_refund_no)
            if before is None:
                return None
            refund = await self.refunds.move(
                out_refund_no,
                (R.REQUESTED, R.PROCESSING),
                {"status": str(status), "finished_at": now, "succeeded_at": at},
                session=session,
            )
            if refund is None:
                return None
            await self.audit.add(
                out_refund_no, "refund", before.status, status, via, now, session=session
            )
            if status == R.SUCCESS:
                order = await self.orders.move(
                    refund.out_trade_no,
                    (S.REFUNDING,),
                    {"status": S.REFUNDED, "refunded_at": at or now, "his_reversed": False},
                    session=session,
                )
                if order is not None:
                    await self.audit.add(
                        order.out_trade_no, "order", S.REFUNDING, S.REFUNDED, via, now,
                        session=session, out_refund_no=out_refund_no,
                    )  # fmt: skip
                    await self.outbox.add(
                        self._notice(
                            f"refund:{out_refund_no}", order, "payments/refunded.j2",
                            refund=refund,
                        ),
                        now=now,
                        session=session,
                    )  # fmt: skip
            else:
                await self.incidents.flag(
                    f"refund_{status}:{out_refund_no}", f"refund_{status}",
                    refund.out_trade_no, now, session=session, out_refund_no=out_refund_no,
                )  # fmt: skip
            return refund

        return await self.storage.transaction(fn)

    # --- staff --------------------------------------------------------------------
    async def flag(self, key: str, kind: str, subject: str, **detail: Any) -> bool:
        """An incident outside any state change (an unknown order, a reconciliation
        difference)."""
        log.warning("pay.incident", extra={"kind": kind, "subject": subject})
        return await self.incidents.flag(key, kind, subject, self.clock.now(), **detail)


class _Conflict(Exception):
    """Aborts a transaction whose first writes must not commit without the rest."""

"""Daily reconciliation (对账): WeChat Pay's trade bill for a day against our records.

WeChat Pay's bill (`/v3/bill/tradebill`, Beijing day, from 10:00 the next day) lists the
payments that succeeded that day and the refunds requested that day. Ours: the orders
paid that day (by WeChat Pay's success time) and the refunds WeChat Pay accepted that
day. Differences — a payment or refund missing on either side, an amount that differs —
are stored with the report and each flagged for staff (`pay_incidents`), once.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.clock import Clock
from bot.render import Texts
from bot.wechatpay import TradeBill, WeChatPayError
from handlers.payments.models import RefundStatus
from handlers.payments.repo import PayRefundRepo, ReconciliationRepo
from handlers.payments.service import PaymentService

log = logging.getLogger(__name__)


class BillNotReady(Exception):
    """WeChat Pay has no bill for that day yet: try later, nothing was compared."""


@dataclass(frozen=True)
class Difference:
    kind: str  # missing_ours, missing_wechat, amount, refund_missing_ours, ...
    ref: str  # out_trade_no or out_refund_no
    ours_fen: int | None
    wechat_fen: int | None
    transaction_id: str = ""


@dataclass
class Report:
    day: date
    ran_at: datetime
    payments_wechat: int = 0
    payments_ours: int = 0
    paid_wechat_fen: int = 0
    paid_ours_fen: int = 0
    refunds_wechat: int = 0
    refunds_ours: int = 0
    refunded_wechat_fen: int = 0
    refunded_ours_fen: int = 0
    fee_yuan: str = "0"  # WeChat Pay's service fee (手续费), in yuan as the bill gives it
    differences: list[Difference] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.differences

    def to_doc(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["_id"] = self.day.isoformat()
        doc["day"] = self.day.isoformat()
        doc["balanced"] = self.balanced
        return doc


class Reconciler:
    def __init__(self, payments: PaymentService, clock: Clock, texts: Texts) -> None:
        self.payments, self.clock, self.texts = payments, clock, texts
        storage = payments.ledger.storage
        self.reports = storage.repo(ReconciliationRepo)
        self.refunds = storage.repo(PayRefundRepo)

    def _bounds(self, day: date) -> tuple[datetime, datetime]:
        tz = self.payments.rules.tz
        lo = datetime.combine(day, time(0), tz)
        return lo, lo + timedelta(days=1)

    async def _bill(self, day: date) -> TradeBill | None:
        gateway = self.payments.gateway
        if gateway is None:
            raise RuntimeError("payments are off: no merchant is configured")
        client = await gateway.client()
        try:
            return await client.trade_bill(day)
        except WeChatPayError as exc:
            if exc.code == "NO_STATEMENT_EXIST":
                return None  # no payment and no refund that day at WeChat Pay
            if exc.code == "STATEMENT_CREATING":
                raise BillNotReady("WeChat Pay is still making the bill") from exc
            raise

    async def reconcile(self, day: date) -> Report:
        """Compare, store the report (replacing an earlier one of that day), flag.
        Raises `BillNotReady` for a day whose bill WeChat Pay cannot have yet."""
        now = self.clock.now().astimezone(self.payments.rules.tz)
        if day >= now.date():
            raise BillNotReady(
                f"the trade bill of {day.isoformat()} exists from the next day (Beijing "
                f"time, after {self.payments.rules.reconcile_at:%H:%M})"
            )
        bill = await self._bill(day)
        lo, hi = self._bounds(day)
        report = Report(day=day, ran_at=self.clock.now())

        theirs = {r.out_trade_no: r for r in bill.payments()} if bill else {}
        ours = {o.out_trade_no: o for o in await self.payments.orders.paid_between(lo, hi)}
        report.payments_wechat, report.payments_ours = len(theirs), len(ours)
        report.paid_wechat_fen = sum(r.order_total for r in theirs.values())
        report.paid_ours_fen = sum(o.paid_total_fen or o.total_fen for o in ours.values())
        missing = [no for no in theirs if no not in ours]
        known = await self.payments.orders.by_numbers(missing) if missing else {}
        for no, row in theirs.items():
            order = ours.get(no)
            if order is None:
                mine = known.get(no)
                report.differences.append(
                    Difference(
                        "missing_ours",
                        no,
                        mine.total_fen if mine else None,
                        row.order_total,
                        row.transaction_id,
                    )
                )
            elif (order.paid_total_fen or order.total_fen) != row.order_total:
                report.differences.append(
                    Difference(
                        "amount",
                        no,
                        order.paid_total_fen or order.total_fen,
                        row.order_total,
                        row.transaction_id,
                    )
                )
        for no, order in ours.items():
            if no not in theirs:
                report.differences.append(
                    Difference(
                        "missing_wechat",
                        no,
                        order.paid_total_fen or order.total_fen,
                        None,
                        order.transaction_id,
                    )
                )

        their_refunds = {r.out_refund_no: r for r in bill.refunds()} if bill else {}
        our_refunds = {
            r.out_refund_no: r
            for r in await self.refunds.accepted_between(lo, hi)
            if r.status != RefundStatus.FAILED
        }
        report.refunds_wechat, report.refunds_ours = len(their_refunds), len(our_refunds)
        report.refunded_wechat_fen = sum(r.refund for r in their_refunds.values())
        report.refunded_ours_fen = sum(r.amount_fen for r in our_refunds.values())
        for no, row in their_refunds.items():
            mine = our_refunds.get(no)
            if mine is None:
                report.differences.append(
                    Difference("refund_missing_ours", no, None, row.refund, row.transaction_id)
                )
            elif mine.amount_fen != row.refund:
                report.differences.append(
                    Difference("refund_amount", no, mine.amount_fen, row.refund, row.transaction_id)
                )
        for no, mine in our_refunds.items():
            if no not in their_refunds:
                report.differences.append(
                    Difference("refund_missing_wechat", no, mine.amount_fen, None)
                )
        if bill is not None:
            report.fee_yuan = str(bill.summary.fee_total)

        await self.reports.save(report.to_doc())
        for d in report.differences:
            await self.payments.ledger.flag(
                f"reconcile:{day.isoformat()}:{d.kind}:{d.ref}",
                f"reconcile_{d.kind}",
                d.ref,
                day=day.isoformat(),
                ours_fen=d.ours_fen,
                wechat_fen=d.wechat_fen,
                transaction_id=d.transaction_id,
            )
        log.info(
            "pay.reconciled",
            extra={"day": day.isoformat(), "differences": len(report.differences)},
        )
        return report

    def render(self, report: Report) -> str:
        """The report as finance staff read it (a template, in Chinese)."""
        return self.texts.render("payments/reconcile_report.j2", report=report)

    async def reconcile_yesterday(self) -> str:
        """Once a day, after `payments.reconcile_at` (the bill exists from 10:00)."""
        now = self.clock.now().astimezone(self.payments.rules.tz)
        if now.time() < self.payments.rules.reconcile_at:
            return "not yet"
        day = now.date() - timedelta(days=1)
        if await self.reports.get(day.isoformat()) is not None:
            return "done"
        try:
            report = await self.reconcile(day)
        except BillNotReady:
            return "not ready"  # the next run tries again
        return f"{len(report.differences)} differences"

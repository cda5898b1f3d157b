"""Refunds at WeChat Pay (`/v3/refund/domestic/refunds`, 原路返还): asking, retrying,
and learning the outcome from notifications or queries.

A refund is first recorded as owed (`requested`, by the ledger, in the transaction of
the change that owes it), then asked for. WeChat Pay normally answers PROCESSING and
tells the outcome later (REFUND.SUCCESS / ABNORMAL / CLOSED). A transient failure
(network, 5xx, SYSTEM_ERROR) is retried later with the same out_refund_no, which can
never refund twice; a refusal for good is flagged for staff.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock
from bot.render import Texts
from bot.wechatpay import Refund, RefundNotice, WeChatPayError
from handlers.payments.gateway import PayGateway
from handlers.payments.ledger import PaymentLedger
from handlers.payments.models import PayRefund, RefundStatus
from handlers.payments.rules import PaymentRules

log = logging.getLogger(__name__)

OUTCOMES = {
    "SUCCESS": RefundStatus.SUCCESS,
    "ABNORMAL": RefundStatus.ABNORMAL,
    "CLOSED": RefundStatus.CLOSED,
}


class RefundDesk:
    def __init__(
        self,
        ledger: PaymentLedger,
        gateway: PayGateway,
        clock: Clock,
        rules: PaymentRules,
        texts: Texts,
    ) -> None:
        self.ledger, self.gateway, self.clock, self.rules = ledger, gateway, clock, rules
        self.texts = texts
        self.refunds = ledger.refunds

    async def issue(self, out_refund_no: str) -> RefundStatus | None:
        """Ask WeChat Pay for an owed refund; the refund's status afterwards."""
        refund = await self.refunds.get(out_refund_no)
        if refund is None or refund.status != RefundStatus.REQUESTED:
            return refund.status if refund else None
        client = await self.gateway.client()
        try:
            result = await client.refund(
                out_refund_no=refund.out_refund_no,
                out_trade_no=refund.out_trade_no,
                total=refund.total_fen,
                refund=refund.amount_fen,
                # shown to the patient by WeChat Pay
                reason=self.texts.render("payments/refund_reason.j2", reason=refund.reason),
            )
        except WeChatPayError as exc:
            if exc.transient:
                at = self.rules.refund_retry_at(self.clock.now(), refund.attempts + 1)
                await self.refunds.retry_later(out_refund_no, at, exc.code)
                log.info("pay.refund_retry", extra={"out_refund_no": out_refund_no})
                return RefundStatus.REQUESTED
            await self.ledger.refund_failed(out_refund_no, exc.code, exc.message)
            log.warning("pay.refund_refused", extra={"code": exc.code})
            return RefundStatus.FAILED
        return await self._learned(refund, result, "api")

    async def _learned(self, refund: PayRefund, result: Refund, via: str) -> RefundStatus:
        if result.status == "PROCESSING":
            await self.ledger.refund_accepted(refund.out_refund_no, result.refund_id)
            return RefundStatus.PROCESSING
        outcome = OUTCOMES.get(result.status)
        if outcome is None:
            return refund.status
        if refund.status == RefundStatus.REQUESTED:
            await self.ledger.refund_accepted(refund.out_refund_no, result.refund_id)
        await self.ledger.refund_finished(refund.out_refund_no, outcome, result.success_time, via)
        return outcome

    async def on_notice(self, notice: RefundNotice) -> None:
        """REFUND.SUCCESS / ABNORMAL / CLOSED, verified. Repeats change nothing."""
        outcome = OUTCOMES.get(notice.refund_status)
        refund = await self.refunds.get(notice.out_refund_no)
        if outcome is None or refund is None:
            await self.ledger.flag(
                f"unknown_refund:{notice.out_refund_no}",
                "unknown_refund",
                notice.out_trade_no,
                out_refund_no=notice.out_refund_no,
                status=notice.refund_status,
            )
            return
        if notice.refund != refund.amount_fen or notice.mchid != self.gateway.config.mchid:
            await self.ledger.flag(
                f"refund_mismatch:{notice.out_refund_no}",
                "refund_mismatch",
                refund.out_trade_no,
                out_refund_no=notice.out_refund_no,
                expected=refund.amount_fen,
                notified=notice.refund,
            )
            return
        if refund.status == RefundStatus.REQUESTED:  # the notice overtook our own answer
            await self.ledger.refund_accepted(refund.out_refund_no, notice.refund_id)
        await self.ledger.refund_finished(
            refund.out_refund_no, outcome, notice.success_time, "notify"
        )

    # --- jobs -------------------------------------------------------------------------
    async def issue_due(self, *, retries: bool) -> int:
        """Owed refunds whose attempt is due: first tries, or retries."""
        n = 0
        for refund in await self.refunds.due(self.clock.now(), retries=retries):
            await self.issue(refund.out_refund_no)
            n += 1
        return n

    async def query_processing(self) -> int:
        """Refunds accepted long ago with no notification: ask WeChat Pay."""
        before = self.clock.now() - timedelta(minutes=self.rules.refund_query_after_minutes)
        n = 0
        client = await self.gateway.client()
        for refund in await self.refunds.processing_since(before):
            try:
                result = await client.query_refund(refund.out_refund_no)
            except WeChatPayError as exc:
                log.info("pay.refund_query_failed", extra={"code": exc.code})
                continue
            await self._learned(refund, result, "query")
            n += 1
        return n

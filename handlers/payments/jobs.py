"""Payments' lifecycle jobs, registered by name with the scheduler at start-up.

Plain named async functions; each is safe to run again and in several processes at
once (every state change is a conditional update, every WeChat Pay call idempotent by
out_trade_no / out_refund_no), so they can become cron jobs of any job system.
"""

from __future__ import annotations

from bot.scheduler import Job
from handlers.payments.reconcile import Reconciler
from handlers.payments.service import PaymentService


def jobs(payments: PaymentService, reconciler: Reconciler) -> list[Job]:
    if not payments.enabled:
        return []

    async def close_expired() -> int:
        """Orders whose time_expire passed (or whose hold is gone): closed at WeChat Pay,
        here, and their registration holds released."""
        return await payments.close_expired()

    async def query_silent() -> int:
        """Orders with no notification after `payments.query_after_minutes`: asked about."""
        return await payments.query_silent()

    async def issue_refunds() -> int:
        """Cancelled or stopped paid registrations and late payments: refunded."""
        return await payments.issue_refunds()

    async def retry_refunds() -> int:
        """Refunds WeChat Pay refused for now (retried) or never finished (queried)."""
        return await payments.retry_refunds()

    async def settle_his() -> int:
        """Paid (and refunded) orders the HIS has not recorded yet."""
        return await payments.settle_his()

    async def reconcile() -> str:
        """Yesterday's trade bill against our records, once a day after reconcile_at."""
        return await reconciler.reconcile_yesterday()

    return [
        Job("payments.close_expired", 30, close_expired),
        Job("payments.query_silent", 60, query_silent),
        Job("payments.issue_refunds", 30, issue_refunds),
        Job("payments.retry_refunds", 120, retry_refunds),
        Job("payments.settle_his", 60, settle_his),
        Job("payments.reconcile", 1800, reconcile),
    ]

"""Payments' lifecycle jobs, registered by name as cron jobs of the job system (`push.jobs`).

Plain named async functions; each is safe to run again and in several processes at
once (every state change is a conditional update, every WeChat Pay call idempotent by
out_trade_no / out_refund_no), so they can become cron jobs of any job system.
"""

from __future__ import annotations

from handlers.payments.reconcile import Reconciler
from handlers.payments.service import PaymentService
from push.jobs import Job


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
        Job("payments.close_expired", close_expired, every=30),
        Job("payments.query_silent", query_silent, every=60),
        Job("payments.issue_refunds", issue_refunds, every=30),
        Job("payments.retry_refunds", retry_refunds, every=120),
        Job("payments.settle_his", settle_his, every=60),
        Job("payments.reconcile", reconcile, every=1800),
    ]

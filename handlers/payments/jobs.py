"""Payments' lifecycle jobs, registered by name (the composition root lists them).

Cron jobs of the one job system (`push.jobs.Job`): each run has one job id, so it fires
once however many workers and schedulers run. Each is also safe to run again (every
state change is a conditional update, every WeChat Pay call idempotent by out_trade_no
/ out_refund_no), so a run cut short by a crash is simply run again. The receipts and
refund notices a change owes are written by the ledger into the transactional outbox
in the change's own transaction; these jobs never send anything themselves.
"""

from __future__ import annotations

from handlers.payments.reconcile import Reconciler
from handlers.payments.service import PaymentService
from push.jobs import Job


def jobs(payments: PaymentService, reconciler: Reconciler) -> list[Job]:
    """Expired orders closed (their holds released), silent orders asked about, refunds
    issued and retried, the HIS told, yesterday's bill reconciled; none without a
    merchant."""
    if not payments.enabled:
        return []
    return [
        # Orders past time_expire (or whose hold is gone): closed at WeChat Pay and here.
        Job("payments.close_expired", payments.close_expired, every=30, at_startup=True),
        # Orders with no notification after `payments.query_after_minutes`: asked about.
        Job("payments.query_silent", payments.query_silent, every=60, at_startup=True),
        # Cancelled or stopped paid registrations and late payments: refunded.
        Job("payments.issue_refunds", payments.issue_refunds, every=30, at_startup=True),
        # Refunds WeChat Pay refused for now (retried) or never finished (queried).
        Job("payments.retry_refunds", payments.retry_refunds, every=120),
        # Paid (and refunded) orders the HIS has not recorded yet.
        Job("payments.settle_his", payments.settle_his, every=60, at_startup=True),
        # Yesterday's trade bill against our records, once a day after reconcile_at.
        Job("payments.reconcile", reconciler.reconcile_yesterday, every=1800, at_startup=True),
    ]

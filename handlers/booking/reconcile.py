"""Reconcilers: the invariants crash consistency promises, checked and repaired.

Run at worker start-up and periodically as named cron jobs (fired once across all
processes, see `jobs.py`). With transactions nothing should ever need repair; these
are the safety net for data written before, for an external HIS (no shared
transaction) and for what an operator changed by hand. Every repair is logged (one
line, `reconcile.repaired`) and counted in /metrics
(`hospital_bot_reconciler_repairs_total{kind}`).

- places: a schedule's free places = capacity − active appointments − places held for
  waitlist offers, per band (an HIS whose counts we own: `set_taken`, LocalHIS);
- notices: every stopped appointment has its `stop:` notice, every expired hold its
  `expired:` notice (in the outbox, hence delivered once);
- pending releases (external HIS): a release recorded but not confirmed is done again.
Expired holds are released by `BookingService.expire_holds` itself (also at start-up).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession

from handlers.booking.models import Status
from handlers.booking.service import BookingService

log = logging.getLogger(__name__)

NOTICE_LOOKBACK = timedelta(days=7)


RecordRepair = Callable[[str, int], None]


class Reconciler:
    """`record_repair(kind, n)` counts repairs in /metrics (injected: handlers do not
    import the web app's observability module)."""

    def __init__(self, booking: BookingService, record_repair: RecordRepair) -> None:
        self.booking = booking
        self.record_repair = record_repair

    async def places(self) -> int:
        """Free places = capacity − taken, for every schedule from today on."""
        b = self.booking
        set_taken: Callable[..., Awaitable[bool]] | None = getattr(b.his, "set_taken", None)
        if set_taken is None or not b.his.joins_transactions:
            return 0
        today = b.clock.now().date()
        schedules = await b.his.schedules(day_from=today)
        ids = [s.id for s in schedules]
        taken = _merge(await b.appointments.taken_places(ids), await b.waitlist.held_places(ids))
        repaired = 0
        for s in schedules:
            mine = taken.get(s.id, {})
            ok = s.remaining == s.capacity - sum(mine.values()) and all(
                band.remaining == band.capacity - mine.get(band.start, 0) for band in s.bands
            )
            if ok:
                continue

            async def repair(session: AsyncClientSession, sid: str = s.id) -> bool:
                # Counted again inside the transaction: a booking racing the repair
                # conflicts with it and one of them is retried.
                now_taken = _merge(
                    await b.appointments.taken_places([sid], session),
                    await b.waitlist.held_places([sid], session),
                ).get(sid, {})
                return bool(await set_taken(sid, now_taken, session=session))

            if await b.transact(repair):
                repaired += 1
                log.warning("reconcile.repaired", extra={"kind": "places", "schedule_id": s.id})
        self.record_repair("places", repaired)
        return repaired

    async def notices(self) -> int:
        """Every recently stopped appointment and expired hold has its notice."""
        b = self.booking
        since = b.clock.now() - NOTICE_LOOKBACK
        owed = [
            (a, b.notices.stopped(a, a.cancel_reason))
            for a in await b.appointments.without_notice(Status.STOPPED, since, "cancelled_at")
        ] + [
            (a, b.notices.hold_expired(a))
            for a in await b.appointments.without_notice(Status.EXPIRED, since, "expired_at")
        ]
        if not owed:
            return 0
        have = await b.notices.outbox.keys([n.key for _, n in owed])
        repaired = 0
        for appt, notice in owed:
            if notice.key in have:
                continue
            if await b.notices.add(notice, None):
                repaired += 1
                log.warning(
                    "reconcile.repaired",
                    extra={"kind": "notices", "appointment_id": appt.id, "notice": notice.key},
                )
        self.record_repair("notices", repaired)
        return repaired

    async def his_releases(self) -> int:
        """External HIS: releases recorded as pending (a crash after the commit)."""
        b = self.booking
        repaired = 0
        for appt in await b.appointments.releases_pending():
            await b.his.release(appt.hold)
            await b.appointments.release_done(appt.id)
            repaired += 1
            log.warning(
                "reconcile.repaired", extra={"kind": "his_release", "appointment_id": appt.id}
            )
        self.record_repair("his_release", repaired)
        return repaired


def _merge(*counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for c in counts:
        for sid, bands in c.items():
            mine: dict[str, Any] = out.setdefault(sid, {})
            for start, n in bands.items():
                mine[start] = mine.get(start, 0) + n
    return out

"""Booking's timed jobs, registered by name (the composition root lists them)."""

from __future__ import annotations

from bot.clock import Clock
from handlers.booking.reconcile import Reconciler, RecordRepair
from handlers.booking.service import BookingService
from handlers.his.adapter import HIS
from push.jobs import Job


def jobs(booking: BookingService, his: HIS, clock: Clock, record_repair: RecordRepair) -> list[Job]:
    """Holds expire (and their patients are told), waitlist offers move on, no-shows are
    counted, the reconcilers check places and notices (also at start-up), and (for a HIS
    that generates its own sessions, like LocalHIS) the roster grows into the window."""
    reconcile = Reconciler(booking, record_repair)
    out = [
        Job("booking.expire_holds", booking.expire_holds, every=30, at_startup=True),
        Job("booking.waitlist_offers", booking.expire_offers, every=30, at_startup=True),
        Job("booking.no_shows", booking.mark_no_shows, every=300),
        Job("booking.reconcile_places", reconcile.places, every=300, at_startup=True),
        Job("booking.reconcile_notices", reconcile.notices, every=300, at_startup=True),
    ]
    if not his.joins_transactions:
        out.append(Job("booking.reconcile_his", reconcile.his_releases, every=60, at_startup=True))
    extend = getattr(his, "extend_roster", None)
    if extend is not None:

        async def extend_roster() -> int:
            return int(await extend(clock.now().date()))

        out.append(Job("booking.extend_roster", extend_roster, every=3600, at_startup=True))
    return out

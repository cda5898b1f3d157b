"""Booking's timed jobs, registered by name with the scheduler at start-up."""

from __future__ import annotations

from bot.clock import Clock
from bot.scheduler import Job
from handlers.booking.service import BookingService
from handlers.his.adapter import HIS


def jobs(booking: BookingService, his: HIS, clock: Clock) -> list[Job]:
    """Holds expire, waitlist offers move on, no-shows are counted and (for a HIS that
    generates its own sessions, like LocalHIS) the roster grows into the window."""
    out = [
        Job("booking.expire_holds", 30, booking.expire_holds),
        Job("booking.waitlist_offers", 30, booking.expire_offers),
        Job("booking.no_shows", 300, booking.mark_no_shows),
    ]
    extend = getattr(his, "extend_roster", None)
    if extend is not None:

        async def extend_roster() -> int:
            return int(await extend(clock.now().date()))

        out.append(Job("booking.extend_roster", 3600, extend_roster))
    return out

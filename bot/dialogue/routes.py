"""The list of capability routers, in priority order."""

from __future__ import annotations

from bot.dialogue.dispatcher import Dispatcher


def default_dispatcher() -> Dispatcher:
    from handlers import appointments, booking, guide, info, patients, queue, triage

    return Dispatcher(
        [
            info.router,
            triage.router,
            guide.router,
            patients.router,
            booking.router,
            appointments.router,
            queue.router,
        ]
    )

"""The list of capability routers, in priority order."""

from __future__ import annotations

from bot.dialogue.dispatcher import Dispatcher


def default_dispatcher() -> Dispatcher:
    from handlers import info

    return Dispatcher([info.router])

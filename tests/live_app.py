"""The real app on a real loopback socket, the WeChat sandbox pointed at that server."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from bot.app import create_app
from bot.clock import Clock
from bot.compose import build_services
from bot.config import Settings
from bot.dialogue.router import Router
from bot.sandbox import sandbox_settings
from bot.services import Services
from bot.storage import Storage


@contextlib.asynccontextmanager
async def live_app(
    settings: Settings,
    storage: Storage,
    clock: Clock,
    *,
    routers: list[Router] | None = None,
    **sandbox: Any,
) -> AsyncIterator[tuple[str, Services]]:
    """Yield (base URL, services); `sandbox` overrides config.yml's sandbox section."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    if sandbox:
        settings = settings.with_overrides(sandbox={**settings.sandbox, **sandbox})
    settings = sandbox_settings(settings, base)
    services = build_services(settings, storage, clock=clock, routers=routers)
    runner = web.AppRunner(create_app(settings, services=services), access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    try:
        yield base, services
    finally:
        await runner.cleanup()

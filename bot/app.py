"""The aiohttp application: one factory, every HTTP surface registered by its module."""

from __future__ import annotations

import logging

from aiohttp import web

from bot import console, h5, nlu_api, observability, pay_notify, sandbox
from bot.clock import Clock
from bot.compose import CONSOLE_PAGES, H5_PAGES, build_services
from bot.config import Settings
from bot.services import SERVICES, Services
from bot.storage import Storage
from bot.wechat import endpoint

log = logging.getLogger(__name__)


def create_app(
    settings: Settings, *, clock: Clock | None = None, services: Services | None = None
) -> web.Application:
    """Build the web app. Storage connects on start-up and closes on clean-up.

    Pass `services` (tests) to share already-connected storage between apps.
    """
    app = web.Application(
        client_max_size=settings.limits.max_body_bytes,
        middlewares=observability.middlewares(),
    )

    async def connect(app: web.Application) -> None:
        if services is None:
            storage = Storage(settings.mongodb_uri, settings.redis_url, settings.database)
            await storage.ensure_indexes()
            app[SERVICES] = build_services(settings, storage, clock=clock)
        else:
            app[SERVICES] = services
        app[observability.HEALTH_PROBE] = app[SERVICES].storage.ping
        # The accounts that may have patients (read with each conversation): rebuilt
        # in the background when Redis lost them; until then chat asks MongoDB.
        app[SERVICES].patients.repo.accounts.ensure()

    async def close(app: web.Application) -> None:
        if SERVICES not in app:
            return
        await app[SERVICES].patients.repo.accounts.close()
        if services is None:
            await app[SERVICES].close()
        elif services.payments.gateway is not None:
            await services.payments.gateway.close()  # shared services: reopens when used

    app.on_startup.append(connect)
    app.on_cleanup.append(close)
    observability.setup(app, metrics_token=settings.metrics_token)
    endpoint.setup(app)
    nlu_api.setup(app)
    pay_notify.setup(app)
    h5.setup(app, H5_PAGES)
    console.setup(app, CONSOLE_PAGES)
    if settings.use_sandbox:  # explicit setting only; bot/production.py guards it
        sandbox.setup(app)
    return app

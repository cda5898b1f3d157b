"""The staff console under /console: nurses and admins, in a browser or on a tablet.

A channel like `bot/h5`: pages only, no business logic (that is `handlers.staff`).
Each page module has `routes = web.RouteTableDef()`, listed in
`bot.compose.CONSOLE_PAGES`; `setup(app, pages)` registers them. Every route but the
login form is behind the login (`bot.console.session`): pages use `staff_page`, writes
`staff_action(name)` (session, CSRF, one audit entry). Templates live in
`bot/console/templates/console/` and extend `console/base.html`; the little JavaScript
there is (`static/console.js`: live progress, confirmations) is served from here,
behind the login too, never from a CDN.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot import ratelimit
from bot.console.login import LOGIN_THROTTLE
from bot.console.session import HOME, SESSIONS, Sessions, staff_page
from bot.h5.render import SECURITY_HEADERS
from bot.ratelimit import FailureThrottle
from bot.services import SERVICES

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC = {
    "console.js": "application/javascript",
    "console.css": "text/css",
}

routes = web.RouteTableDef()


@routes.get("/console")
@staff_page
async def bare(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound(HOME)


@routes.get("/console/static/{name}")
@staff_page
async def static(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in STATIC:
        raise web.HTTPNotFound()
    return web.Response(
        body=(STATIC_DIR / name).read_bytes(),
        content_type=STATIC[name],
        charset="utf-8",
        headers={**SECURITY_HEADERS, "Cache-Control": "private, max-age=300"},
    )


def setup(app: web.Application, pages: list[web.RouteTableDef]) -> None:
    ratelimit.setup(app)  # the login POST is rate-limited per client address

    async def start(app: web.Application) -> None:
        services = app[SERVICES]
        rules = services.staff.rules
        app[SESSIONS] = Sessions(services, rules)
        app[LOGIN_THROTTLE] = FailureThrottle(
            services.storage.redis,
            services.clock,
            "console:login-failures",
            rules.login_lock_minutes * 60,
        )

    app.on_startup.append(start)
    app.router.add_routes(routes)
    for table in pages:
        app.router.add_routes(table)

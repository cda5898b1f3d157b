"""Patient H5 pages under /h5/: WeChat web OAuth, signed sessions, CSRF, templates.

Each page module has `routes = web.RouteTableDef()`; list it in `bot.compose.H5_PAGES`
(one line) and `setup(app, pages)` registers it. Page handlers use `bot.h5.session.login_required` and
render with `bot.h5.render.page(request, "h5/...html", **values)`; templates live in
`bot/h5/templates/h5/` and extend `h5/base.html`. `/h5/` itself is the home page
(where a login goes when the page it started from is not a safe return path).
"""

from __future__ import annotations

from aiohttp import web

from bot import ratelimit

HOME_TARGET = "/h5/booking"

routes = web.RouteTableDef()


@routes.get("/h5/")
async def home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound(HOME_TARGET)


def setup(app: web.Application, pages: list[web.RouteTableDef]) -> None:
    ratelimit.setup(app)  # the OAuth pages and the /his staff endpoints are rate-limited
    app.router.add_routes(routes)
    for table in pages:
        app.router.add_routes(table)

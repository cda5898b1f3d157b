"""Patient H5 pages under /h5/: WeChat web OAuth, signed sessions, CSRF, templates.

Each page module has `routes = web.RouteTableDef()`; list it in PAGES (one line) and
`setup(app)` registers it. Page handlers use `bot.h5.session.login_required` and
render with `bot.h5.render.page(request, "h5/...html", **values)`; templates live in
`bot/h5/templates/h5/` and extend `h5/base.html`.
"""

from __future__ import annotations

import importlib

from aiohttp import web

PAGES = [
    "bot.h5.oauth",
    "bot.h5.patients",
    "bot.h5.booking",
]


def setup(app: web.Application) -> None:
    for name in PAGES:
        app.router.add_routes(importlib.import_module(name).routes)

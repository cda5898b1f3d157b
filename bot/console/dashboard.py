"""GET /console/ — the dashboard: charts first (people would rather look than read)."""

from __future__ import annotations

from aiohttp import web

from bot.console.charts import columns, rows
from bot.console.context import services_of
from bot.console.render import page
from bot.console.session import staff_page

routes = web.RouteTableDef()

CHANNELS = ("custom", "template", "subscribe", "none")
OUTCOMES = ("sent", "failed", "unreachable", "expired")


@routes.get("/console/")
@staff_page
async def dashboard(request: web.Request) -> web.Response:
    snap = await services_of(request).staff.dashboard.snapshot()
    hourly = columns(
        [start.strftime("%H") for start, _, _ in snap.hourly],
        {"msg": [m for _, m, _ in snap.hourly], "event": [e for _, _, e in snap.hourly]},
        stacked=True,
        every=3,
    )
    daily = columns(
        [day[5:].replace("-", "/") for day, _, _ in snap.daily],
        {"booked": [b for _, b, _ in snap.daily], "cancelled": [c for _, _, c in snap.daily]},
        every=2,
    )
    intents = rows([(name, [n]) for name, n in snap.intents], ["count"])
    departments = rows([(name, [n]) for name, n in snap.departments], ["count"])
    known = [c for c in CHANNELS if c in dict(snap.channels)]
    extra = [c for c, _ in snap.channels if c not in CHANNELS]
    by_channel = dict(snap.channels)
    channels = rows(
        [(c, [by_channel[c].get(o, 0) for o in OUTCOMES]) for c in [*known, *extra]],
        list(OUTCOMES),
    )
    return page(
        request,
        "console/dashboard.html",
        snap=snap,
        hourly=hourly,
        daily=daily,
        intents=intents,
        departments=departments,
        channels=channels,
    )

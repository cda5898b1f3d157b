"""Deliveries and dead letters.

GET  /console/deliveries                  the search form
POST /console/deliveries                  search by card number, name or openid
                                          (a POST: the query stays out of URLs and logs)
GET  /console/dead-letters                deliveries that failed for good
POST /console/dead-letters/{id}/retry     re-queue one through the job system
"""

from __future__ import annotations

from aiohttp import web

from bot.console.context import services_of, staff_of
from bot.console.render import page
from bot.console.session import refused, set_target, staff_action, staff_page
from handlers.staff.deliveries import SEARCH_BY, DeliveryDesk
from handlers.staff.models import StaffError

routes = web.RouteTableDef()


def _desk(request: web.Request) -> DeliveryDesk:
    return services_of(request).staff.deliveries


@routes.get("/console/deliveries")
@staff_page
async def form(request: web.Request) -> web.Response:
    return page(request, "console/deliveries.html", search=None, by="card", error="")


@routes.post("/console/deliveries")
@staff_action("deliveries.search")
async def search(request: web.Request) -> web.Response:
    data = await request.post()
    by = str(data.get("by") or "card")
    by = by if by in SEARCH_BY else "card"
    query = str(data.get("q") or "")
    set_target(request, f"{by}:{DeliveryDesk.masked_query(by, query.strip())}")
    try:
        found = await _desk(request).search(staff_of(request), by, query)
    except StaffError as exc:
        refused(request, exc.code)
        return page(
            request, "console/deliveries.html", status=400, search=None, by=by, error=exc.code
        )
    return page(request, "console/deliveries.html", search=found, by=by, error="")


@routes.get("/console/dead-letters")
@staff_page
async def dead_letters(request: web.Request) -> web.Response:
    rows = await _desk(request).dead_letters(staff_of(request))
    return page(
        request,
        "console/dead_letters.html",
        rows=rows,
        done=request.query.get("done", ""),
    )


@routes.post("/console/dead-letters/{id}/retry")
@staff_action("delivery.retry")
async def retry(request: web.Request) -> web.StreamResponse:
    await _desk(request).retry(staff_of(request), request.match_info["id"])
    raise web.HTTPSeeOther("/console/dead-letters?done=1")

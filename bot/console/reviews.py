"""Reviews: red-flag events from triage (every staff member) and payment incidents
(admins).

    GET  /console/red-flags                   pending (or ?all=1) events, newest first
    POST /console/red-flags/{id}/review       mark reviewed, with a note
    GET  /console/incidents                   open (or ?status=resolved) payment incidents
    POST /console/incidents/{id}/resolve      settle one, with a note
"""

from __future__ import annotations

from aiohttp import web

from bot.console.context import services_of, staff_of
from bot.console.render import page
from bot.console.session import staff_action, staff_page
from handlers.staff.models import StaffError

routes = web.RouteTableDef()


@routes.get("/console/red-flags")
@staff_page
async def red_flags(request: web.Request) -> web.Response:
    pending_only = request.query.get("all") != "1"
    reviews = services_of(request).staff.reviews
    events = await reviews.red_flags(pending_only=pending_only)
    return page(
        request,
        "console/red_flags.html",
        events=events,
        pending_only=pending_only,
        done=request.query.get("done", ""),
    )


@routes.post("/console/red-flags/{id}/review")
@staff_action("red_flag.review")
async def review_red_flag(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    await services_of(request).staff.reviews.review_red_flag(
        staff_of(request), request.match_info["id"], str(form.get("note") or "")
    )
    raise web.HTTPSeeOther("/console/red-flags?done=1")


@routes.get("/console/incidents")
@staff_page
async def incidents(request: web.Request) -> web.Response:
    status = "resolved" if request.query.get("status") == "resolved" else "open"
    try:
        found = await services_of(request).staff.reviews.incidents(staff_of(request), status)
    except StaffError as exc:
        return page(request, "console/error.html", status=403, code=exc.code, details={})
    return page(
        request,
        "console/incidents.html",
        incidents=found,
        which=status,
        done=request.query.get("done", ""),
    )


@routes.post("/console/incidents/{id}/resolve")
@staff_action("incident.resolve")
async def resolve_incident(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    await services_of(request).staff.reviews.resolve_incident(
        staff_of(request), request.match_info["id"], str(form.get("note") or "")
    )
    raise web.HTTPSeeOther("/console/incidents?done=1")

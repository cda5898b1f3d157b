"""Broadcast pages.

    GET  /console/broadcasts                  recent broadcasts this staff member may see
    GET  /console/broadcasts/new              compose: title, body, link, audience
    POST /console/broadcasts                  → a draft with its count and previews
    GET  /console/broadcasts/{id}             the draft (count, previews, 发送) or its progress
    GET  /console/broadcasts/{id}/progress    JSON, polled by the page every 1.5 s
    POST /console/broadcasts/{id}/send        the author sends (or asks for approval)
    POST /console/broadcasts/{id}/approve     a second staff member approves: it starts
    POST /console/broadcasts/{id}/pause | resume | cancel

Everything is decided by `handlers.staff.broadcasts.BroadcastDesk`; a card list comes as
a file (CSV or text, UTF-8 or GB18030 as Excel saves it) and/or pasted into the form.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.console.context import services_of, staff_of
from bot.console.render import json_response, page
from bot.console.session import refused, set_target, staff_action, staff_page
from handlers.staff.broadcasts import BroadcastDesk
from handlers.staff.models import StaffError

routes = web.RouteTableDef()

FORM_FIELDS = (
    "title",
    "body",
    "url",
    "audience",
    "department",
    "doctor_id",
    "day_from",
    "day_to",
    "ward",
)


def _desk(request: web.Request) -> BroadcastDesk:
    return services_of(request).staff.broadcasts


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StaffError("bad_file")


async def _compose_page(
    request: web.Request,
    values: dict[str, str],
    *,
    status: int = 200,
    error: str = "",
    details: dict[str, Any] | None = None,
) -> web.Response:
    options = await _desk(request).options(staff_of(request))
    return page(
        request,
        "console/broadcast_new.html",
        status=status,
        options=options,
        values={**dict.fromkeys(FORM_FIELDS, ""), **values},
        threshold=services_of(request).staff.rules.approval_threshold,
        max_cards=services_of(request).staff.rules.max_cards,
        error=error,
        details=details or {},
    )


@routes.get("/console/broadcasts")
@staff_page
async def index(request: web.Request) -> web.Response:
    found = await _desk(request).recent(staff_of(request))
    return page(request, "console/broadcasts.html", broadcasts=found)


@routes.get("/console/broadcasts/new")
@staff_page
async def new(request: web.Request) -> web.Response:
    return await _compose_page(request, {"audience": "appointments"})


@routes.post("/console/broadcasts")
@staff_action("broadcast.create")
async def create(request: web.Request) -> web.StreamResponse:
    try:
        form = await request.post()
    except web.HTTPRequestEntityTooLarge:
        refused(request, "file_too_large")
        return await _compose_page(request, {}, status=413, error="file_too_large", details={})
    values = {k: str(form.get(k) or "") for k in FORM_FIELDS}
    cards_text = str(form.get("cards_text") or "")
    upload = form.get("cards_file")
    try:
        if isinstance(upload, web.FileField):
            cards_text += "\n" + _decode(upload.file.read())
        broadcast_id = await _desk(request).compose(staff_of(request), values, cards_text)
    except StaffError as exc:
        refused(request, exc.code)
        status = 403 if exc.code == "outside_scope" else 400
        return await _compose_page(
            request, values, status=status, error=exc.code, details=exc.details
        )
    set_target(request, broadcast_id)
    raise web.HTTPSeeOther(f"/console/broadcasts/{broadcast_id}")


@routes.get("/console/broadcasts/{id}")
@staff_page
async def show(request: web.Request) -> web.Response:
    try:
        view = await _desk(request).view(staff_of(request), request.match_info["id"])
    except StaffError as exc:
        return page(request, "console/error.html", status=404, code=exc.code, details={})
    return page(request, "console/broadcast.html", b=view, done=request.query.get("done", ""))


@routes.get("/console/broadcasts/{id}/progress")
@staff_page
async def progress(request: web.Request) -> web.Response:
    try:
        found = await _desk(request).progress(staff_of(request), request.match_info["id"])
    except StaffError as exc:
        return json_response({"error": exc.code}, status=404)
    return json_response(found)


def _back(request: web.Request, done: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(f"/console/broadcasts/{request.match_info['id']}?done={done}")


@routes.post("/console/broadcasts/{id}/send")
@staff_action("broadcast.send")
async def send(request: web.Request) -> web.StreamResponse:
    state = await _desk(request).send(staff_of(request), request.match_info["id"])
    raise _back(request, "submitted" if state == "awaiting_approval" else "started")


@routes.post("/console/broadcasts/{id}/approve")
@staff_action("broadcast.approve")
async def approve(request: web.Request) -> web.StreamResponse:
    await _desk(request).approve(staff_of(request), request.match_info["id"])
    raise _back(request, "approved")


@routes.post("/console/broadcasts/{id}/pause")
@staff_action("broadcast.pause")
async def pause(request: web.Request) -> web.StreamResponse:
    await _desk(request).pause(staff_of(request), request.match_info["id"])
    raise _back(request, "paused")


@routes.post("/console/broadcasts/{id}/resume")
@staff_action("broadcast.resume")
async def resume(request: web.Request) -> web.StreamResponse:
    await _desk(request).resume(staff_of(request), request.match_info["id"])
    raise _back(request, "resumed")


@routes.post("/console/broadcasts/{id}/cancel")
@staff_action("broadcast.cancel")
async def cancel(request: web.Request) -> web.StreamResponse:
    await _desk(request).cancel(staff_of(request), request.match_info["id"])
    raise _back(request, "cancelled")

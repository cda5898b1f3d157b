"""GET /console/audit — the audit log, for admins: every staff action, newest first,
filtered by staff member or action, 50 a page."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from bot.console.context import services_of, staff_of
from bot.console.render import page
from bot.console.session import staff_page

routes = web.RouteTableDef()


@routes.get("/console/audit")
@staff_page
async def audit_log(request: web.Request) -> web.Response:
    if not staff_of(request).is_admin:
        return page(request, "console/error.html", status=403, code="admins_only", details={})
    repo = services_of(request).staff.audit
    staff = request.query.get("staff", "")[:64]
    action = request.query.get("action", "")[:64]
    before = None
    if request.query.get("before"):
        try:
            before = datetime.fromisoformat(request.query["before"])
        except ValueError:
            before = None
    entries = await repo.page(staff=staff, action=action, before=before)
    return page(
        request,
        "console/audit.html",
        entries=entries,
        actions=await repo.actions(),
        staff_filter=staff,
        action_filter=action,
        next_before=entries[-1]["at"].isoformat() if len(entries) == 50 else "",
    )

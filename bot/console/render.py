"""Rendering console pages (templates under `bot/console/templates/console`).

Same security headers as the H5 pages (no framing, no inline script, same-origin
forms); every page gets the hospital, the signed-in staff member and the CSRF token of
the session's forms."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.console.context import STAFF, csrf_token, services_of
from bot.h5.render import SECURITY_HEADERS, html_response
from bot.render import render_page


def page(request: web.Request, template: str, *, status: int = 200, **values: Any) -> web.Response:
    services = services_of(request)
    html = render_page(
        template,
        hospital=services.settings.hospital,
        staff=request.get(STAFF),
        csrf=csrf_token(request),
        request_path=request.path,
        tz=services.settings.tz,
        now=services.clock.now(),
        **values,
    )
    return html_response(html, status)


def json_response(data: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(data, status=status, headers=SECURITY_HEADERS)

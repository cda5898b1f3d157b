"""Rendering H5 pages (templates under `bot/h5/templates/h5`) with security headers."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.render import render_page

SECURITY_HEADERS = {
    "Cache-Control": "no-store",  # pages show personal data
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
}


def page(request: web.Request, template: str, *, status: int = 200, **values: Any) -> web.Response:
    """Render `template` with the hospital, base URL and (inside a session) the CSRF token."""
    from bot.h5.session import _REQUEST_KEY, csrf_token, services_of

    services = services_of(request)
    csrf = csrf_token(request) if _REQUEST_KEY in request else ""
    html = render_page(
        template,
        hospital=services.settings.hospital,
        base_url=services.base_url,
        csrf=csrf,
        request_path=request.path,
        **{"today": services.clock.now().date(), **values},
    )
    return html_response(html, status)


def html_response(html: str, status: int = 200) -> web.Response:
    """A rendered page with the security headers (H5 and console pages alike)."""
    return web.Response(
        text=html,
        status=status,
        content_type="text/html",
        charset="utf-8",
        headers=SECURITY_HEADERS,
    )


def error_page(request: web.Request, code: str, *, status: int) -> web.Response:
    return page(request, "h5/error.html", status=status, code=code)

"""Rendering H5 pages: one autoescaping jinja2 environment for `bot/h5/templates`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from bot.render import mask_id, mask_phone

TEMPLATES = Path(__file__).resolve().parent / "templates"
SECURITY_HEADERS = {
    "Cache-Control": "no-store",  # pages show personal data
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )
    env.filters["mask_id"] = mask_id
    env.filters["mask_phone"] = mask_phone
    return env


def page(request: web.Request, template: str, *, status: int = 200, **values: Any) -> web.Response:
    """Render `template` with the hospital, base URL and (inside a session) the CSRF token."""
    from bot.h5.session import _REQUEST_KEY, csrf_token, services_of

    services = services_of(request)
    csrf = csrf_token(request) if _REQUEST_KEY in request else ""
    html = (
        environment()
        .get_template(template)
        .render(
            hospital=services.settings.hospital,
            base_url=services.base_url,
            csrf=csrf,
            request_path=request.path,
            **values,
        )
    )
    return web.Response(
        text=html,
        status=status,
        content_type="text/html",
        charset="utf-8",
        headers=SECURITY_HEADERS,
    )


def error_page(request: web.Request, code: str, *, status: int) -> web.Response:
    return page(request, "h5/error.html", status=status, code=code)

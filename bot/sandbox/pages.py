"""HTML pages of the sandbox (chat simulator, OAuth user picker).

The sandbox is a developer tool mounted only without real WeChat credentials, so its
pages keep their own small template folder instead of the patient-facing one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page(name: str, *, status: int = 200, **context: Any) -> web.Response:
    html = environment().get_template(name).render(**context)
    return web.Response(
        text=html,
        status=status,
        content_type="text/html",
        charset="utf-8",
        headers={"Cache-Control": "no-store"},
    )

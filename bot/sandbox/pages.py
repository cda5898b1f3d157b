"""HTML pages of the sandbox (chat simulator, OAuth user picker).

The sandbox is a developer tool mounted only without real WeChat credentials; its
templates live under `bot/sandbox/templates/sandbox/`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web

from bot.render import render_page

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"


def page(name: str, *, status: int = 200, **context: Any) -> web.Response:
    html = render_page(name, **context)
    return web.Response(
        text=html,
        status=status,
        content_type="text/html",
        charset="utf-8",
        headers={"Cache-Control": "no-store"},
    )

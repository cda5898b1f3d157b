"""`POST /nlu/parse`: the Rasa-compatible parse endpoint, behind a bearer token and a
per-client-IP rate limit (`rate_limits.nlu_parse_per_minute`)."""

from __future__ import annotations

import hmac
import json

from aiohttp import web

from bot import ratelimit
from bot.ratelimit import rate_limited
from bot.services import SERVICES

MAX_TEXT = 5000


@rate_limited("nlu_parse")  # counted before the token check: guessing costs too
async def parse(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    token = services.settings.limits.nlu_token
    if not token:
        raise web.HTTPNotFound(text="NLU API disabled: set limits.nlu_token / NLU_TOKEN")
    auth = request.headers.get("Authorization", "")
    if not hmac.compare_digest(auth.encode(), f"Bearer {token}".encode()):
        raise web.HTTPUnauthorized(headers={"WWW-Authenticate": "Bearer"})
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise web.HTTPBadRequest(text='expected JSON: {"text": "..."}') from exc
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str):
        raise web.HTTPBadRequest(text='expected JSON: {"text": "..."}')
    result = await services.nlu.parse(text[:MAX_TEXT])
    return web.json_response(result, dumps=lambda o: json.dumps(o, ensure_ascii=False))


def setup(app: web.Application) -> None:
    ratelimit.setup(app)
    app.router.add_post("/nlu/parse", parse)

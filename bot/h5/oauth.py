"""WeChat web OAuth (`snsapi_base`): who is this H5 visitor?

    /h5/page (no session) ─302─▶ authorize URL (WeChat, or the local sandbox)
        ─302─▶ /h5/oauth/callback?code=...&state=...
        ─ code → openid (sns/oauth2/access_token) ─▶ session cookie ─302─▶ /h5/page

`state` is random and single-use; it maps (in Redis, for 10 minutes) to the page the
visitor asked for, so the callback can only send them back to one of our own pages.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

from bot.config import Settings
from bot.h5.render import error_page
from bot.h5.session import new_session, services_of, set_cookie
from bot.services import Services

log = logging.getLogger(__name__)

CALLBACK_PATH = "/h5/oauth/callback"
STATE_KEY = "h5:oauth:{state}"
STATE_TTL_SECONDS = 600
WECHAT_AUTHORIZE = "https://open.weixin.qq.com/connect/oauth2/authorize"

routes = web.RouteTableDef()


class OAuthError(Exception):
    pass


def authorize_url(settings: Settings, redirect_uri: str, state: str) -> str:
    """WeChat's authorize page, or the sandbox's when no real credentials are set."""
    if settings.use_sandbox:
        try:
            from bot.sandbox import oauth_authorize_url
        except ImportError:
            pass
        else:
            return oauth_authorize_url(settings, redirect_uri, state)
    query = urlencode(
        {
            "appid": settings.wechat.appid,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": "snsapi_base",
            "state": state,
        }
    )
    return f"{WECHAT_AUTHORIZE}?{query}#wechat_redirect"


def _safe_next(path: str) -> str:
    return path if path.startswith("/h5/") and not path.startswith("/h5/oauth/") else "/h5/patients"


async def start(request: web.Request) -> web.StreamResponse:
    """Send a visitor without a session to the authorize page."""
    services = services_of(request)
    state = secrets.token_urlsafe(18)
    await services.storage.redis.set(
        STATE_KEY.format(state=state), _safe_next(request.path_qs), ex=STATE_TTL_SECONDS
    )
    url = authorize_url(services.settings, services.base_url + CALLBACK_PATH, state)
    raise web.HTTPFound(url, headers={"Cache-Control": "no-store"})


async def exchange_code(services: Services, code: str) -> str:
    """The visitor's openid for an authorization code (WeChat or the sandbox)."""
    client = services.extras.get("wechat_client")
    try:
        if client is not None:
            result: dict[str, Any] = await client.oauth_exchange(code)
        else:
            from push.client import WeChatClient

            async with aiohttp.ClientSession() as http:
                result = await WeChatClient(
                    services.settings, services.storage.redis, http
                ).oauth_exchange(code)
    except Exception as exc:
        log.warning("h5.oauth_exchange_failed", extra={"error": type(exc).__name__})
        raise OAuthError("exchange failed") from exc
    openid = str(result.get("openid") or "")
    if not openid:
        raise OAuthError("no openid")
    return openid


@routes.get(CALLBACK_PATH)
async def callback(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    state, code = request.query.get("state", ""), request.query.get("code", "")
    if not state or not code:
        return error_page(request, "oauth_denied", status=400)
    raw = await services.storage.redis.getdel(STATE_KEY.format(state=state))
    if raw is None:
        return error_page(request, "oauth_expired", status=400)
    try:
        openid = await exchange_code(services, code)
    except OAuthError:
        return error_page(request, "oauth_failed", status=502)
    target = _safe_next(raw.decode() if isinstance(raw, bytes) else raw)
    response = web.Response(status=302, headers={"Location": target, "Cache-Control": "no-store"})
    set_cookie(response, services, new_session(services, openid))
    log.info("h5.login", extra={"openid": openid})
    return response

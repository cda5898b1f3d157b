"""WeChat web OAuth (`snsapi_base`): who is this H5 visitor?

    /h5/page (no session) ─302─▶ authorize URL (WeChat, or the local sandbox)
        ─302─▶ /h5/oauth/callback?code=...&state=...
        ─ code → openid (sns/oauth2/access_token) ─▶ session cookie ─302─▶ /h5/page

`state` is bound to the browser that started the login: before the redirect the visitor
gets a short-lived pre-auth cookie (`h5_oauth`, a random nonce, HttpOnly), and `state`
is `request id + HMAC(nonce, request id)` with a key derived from SECRET_KEY. A
callback whose state does not match this browser's cookie is refused, so nobody can
log a victim into the attacker's account by sending them a callback link (login CSRF).
`state` is also single-use: it maps (in Redis, for 10 minutes) to the page the visitor
asked for, itself checked to be a local path of ours before and after the round trip.
Both ends are rate-limited per client IP (`rate_limits.h5_login_per_minute`).
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp
from aiohttp import web

from bot.config import Settings
from bot.h5.render import error_page
from bot.h5.session import new_session, services_of, set_cookie, set_h5_cookie, signer_for
from bot.ratelimit import over_limit, rate_limited
from bot.services import Services
from push.client import WeChatClient

log = logging.getLogger(__name__)

CALLBACK_PATH = "/h5/oauth/callback"
STATE_KEY = "h5:oauth:{state}"
STATE_TTL_SECONDS = 600
PREAUTH_COOKIE = "h5_oauth"
HOME = "/h5/"
RETURN_PATH_MAX = 200
_NONCE = re.compile(r"[0-9a-f]{32}")
_STATE = re.compile(r"([0-9a-f]{16})([0-9a-f]{32})")
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


def safe_return_path(path: str) -> str:
    """Where to send the visitor after login: a local path of ours, else the H5 home.

    Allowed: starts with a single "/", no "//" anywhere, no backslash, printable ASCII
    only (no control characters; request paths arrive percent-encoded), at most 200
    characters, not the callback itself.
    """
    if (
        not path.startswith("/")
        or "//" in path
        or "\\" in path
        or len(path) > RETURN_PATH_MAX
        or not all("!" <= c <= "~" for c in path)
        or path.startswith(CALLBACK_PATH)
    ):
        return HOME
    parts = urlsplit(path)
    return HOME if parts.scheme or parts.netloc else path


def too_many(request: web.Request, retry_after: int) -> web.Response:
    response = error_page(request, "rate_limited", status=429)
    response.headers["Retry-After"] = str(retry_after)
    return response


def _state_for(services: Services, nonce: str) -> str:
    request_id = secrets.token_hex(8)
    return request_id + signer_for(services).oauth_state_mac(nonce, request_id)


def state_matches(services: Services, state: str, nonce: str) -> bool:
    """Did the browser holding pre-auth cookie `nonce` start the login named `state`?"""
    m = _STATE.fullmatch(state)
    if m is None or not _NONCE.fullmatch(nonce):
        return False
    expected = signer_for(services).oauth_state_mac(nonce, m.group(1))
    return hmac.compare_digest(m.group(2), expected)


async def start(request: web.Request) -> web.StreamResponse:
    """Send a visitor without a session to the authorize page, bound to this browser."""
    services = services_of(request)
    retry_after = await over_limit(request, "h5_login")
    if retry_after is not None:
        return too_many(request, retry_after)
    # Keep a pending nonce so two tabs logging in at once do not void each other.
    nonce = request.cookies.get(PREAUTH_COOKIE, "")
    if not _NONCE.fullmatch(nonce):
        nonce = secrets.token_hex(16)
    state = _state_for(services, nonce)
    await services.storage.redis.set(
        STATE_KEY.format(state=state), safe_return_path(request.path_qs), ex=STATE_TTL_SECONDS
    )
    url = authorize_url(services.settings, services.base_url + CALLBACK_PATH, state)
    response = web.Response(status=302, headers={"Location": url, "Cache-Control": "no-store"})
    set_h5_cookie(response, services, PREAUTH_COOKIE, nonce, STATE_TTL_SECONDS)
    return response


async def exchange_code(services: Services, code: str) -> str:
    """The visitor's openid for an authorization code (WeChat or the sandbox)."""
    client = services.wechat_client
    try:
        if client is not None:
            result: dict[str, Any] = await client.oauth_exchange(code)
        else:
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
@rate_limited("h5_login", refuse=too_many)
async def callback(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    state, code = request.query.get("state", ""), request.query.get("code", "")
    if not state or not code:
        return error_page(request, "oauth_denied", status=400)
    if not state_matches(services, state, request.cookies.get(PREAUTH_COOKIE, "")):
        log.warning("h5.oauth_state_mismatch")
        return error_page(request, "oauth_mismatch", status=403)
    raw = await services.storage.redis.getdel(STATE_KEY.format(state=state))
    if raw is None:
        return error_page(request, "oauth_expired", status=400)
    try:
        openid = await exchange_code(services, code)
    except OAuthError:
        return error_page(request, "oauth_failed", status=502)
    target = safe_return_path(raw.decode() if isinstance(raw, bytes) else raw)
    response = web.Response(status=302, headers={"Location": target, "Cache-Control": "no-store"})
    set_cookie(response, services, new_session(services, openid))
    log.info("h5.login", extra={"openid": openid})
    return response

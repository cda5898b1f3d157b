"""Signing in and out of the console.

    GET  /console/login    the form (with a login CSRF token bound to a pre-auth cookie)
    POST /console/login    username + password → session cookie → the page asked for
    POST /console/logout   ends the session (the Redis key is deleted)

Guessing is throttled three ways, all in Redis (`bot.ratelimit`): login POSTs per client
address per minute (`rate_limits.console_login_per_minute`), and failed logins per
username and per address within `console.login_lock_minutes`
(`login_failures_per_user`, `login_failures_per_ip`). A throttled login is refused
before the password is checked, even when it is right. Every attempt is audited; a
username that is not an account is recorded as "(unknown)", never as typed (it may be
a password typed into the wrong box).
"""

from __future__ import annotations

import re
import secrets

from aiohttp import web

from bot.console.context import SESSION, services_of
from bot.console.render import page
from bot.console.session import (
    COOKIE,
    HOME,
    LOGIN,
    SESSIONS,
    audit,
    clear_session_cookie,
    client_of,
    secure,
    set_session_cookie,
    staff_action,
)
from bot.console_accounts import MAX_USERNAME, StaffRepo
from bot.h5.session import same_token, submitted_csrf
from bot.ratelimit import FailureThrottle, rate_limited
from handlers.staff.models import Staff

routes = web.RouteTableDef()

PREAUTH = "console_login"
PREAUTH_SECONDS = 600
NEXT_MAX = 200
_NEXT = re.compile(r"/console/[A-Za-z0-9/_\-.?=&%]*")

LOGIN_THROTTLE: web.AppKey[FailureThrottle] = web.AppKey("console_login_throttle", FailureThrottle)


def safe_next(value: str) -> str:
    """Only a console path of ours (no scheme, no //, no backslash), else the home page."""
    if len(value) <= NEXT_MAX and _NEXT.fullmatch(value) and "//" not in value:
        return value
    return HOME


def _login_csrf(request: web.Request, nonce: str) -> str:
    return services_of(request).signer.csrf_for("console-login:" + nonce)


def _form(
    request: web.Request,
    *,
    status: int = 200,
    error: str = "",
    username: str = "",
    **values: object,
) -> web.Response:
    nonce = secrets.token_hex(16)
    response = page(
        request,
        "console/login.html",
        status=status,
        login_csrf=_login_csrf(request, nonce),
        error=error,
        username=username,
        next=safe_next(request.query.get("next", "")),
        **values,
    )
    response.set_cookie(
        PREAUTH,
        nonce,
        max_age=PREAUTH_SECONDS,
        path=LOGIN,
        httponly=True,
        samesite="Strict",
        secure=secure(services_of(request)),
    )
    return response


def _throttled(request: web.Request, retry_after: int) -> web.Response:
    minutes = max(1, (retry_after + 59) // 60)
    response = _form(request, status=429, error="throttled", minutes=minutes)
    response.headers["Retry-After"] = str(retry_after)
    return response


@routes.get(LOGIN)
async def login_form(request: web.Request) -> web.StreamResponse:
    sessions = request.app[SESSIONS]
    if await sessions.load(request.cookies.get(COOKIE, "")) is not None:
        raise web.HTTPFound(safe_next(request.query.get("next", "")))
    return _form(request)


@routes.post(LOGIN)
@rate_limited("console_login", refuse=_throttled)
async def login(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    rules = services.staff.rules
    nonce = request.cookies.get(PREAUTH, "")
    sent = await submitted_csrf(request)
    if not nonce or not same_token(sent, _login_csrf(request, nonce)):
        await audit(request, "login", "", "refused", "csrf")
        return _form(request, status=403, error="expired")
    form = await request.post()
    username = str(form.get("username") or "").strip()[:MAX_USERNAME]
    password = str(form.get("password") or "")
    throttle = request.app[LOGIN_THROTTLE]
    user_key, ip_key = f"user:{username.lower()}", f"ip:{client_of(request)}"
    staff = services.storage.repo(StaffRepo)
    limits = {user_key: rules.login_failures_per_user, ip_key: rules.login_failures_per_ip}
    if await throttle.blocked(limits):
        known = await staff.active(username) if username else None
        await audit(request, "login", username if known else "(unknown)", "refused", "throttled")
        return _throttled(request, throttle.retry_after())
    doc = await staff.authenticate(username, password)
    if doc is None:
        await throttle.failed([user_key, ip_key])
        known = await staff.active(username) if username else None
        await audit(
            request, "login", username if known else "(unknown)", "refused", "bad_credentials"
        )
        return _form(request, status=401, error="credentials", username=username)
    await throttle.clear(user_key)
    token, _ = await request.app[SESSIONS].create(doc["username"])
    response = web.HTTPSeeOther(safe_next(str(form.get("next") or "")))
    set_session_cookie(response, services, token)
    response.del_cookie(PREAUTH, path=LOGIN)
    who = Staff.from_doc(doc)
    await audit(request, "login", who.username, "ok", staff=who)
    raise response


@routes.post("/console/logout")
@staff_action("logout")
async def logout(request: web.Request) -> web.StreamResponse:
    await request.app[SESSIONS].end(request[SESSION])
    response = web.HTTPSeeOther(LOGIN)
    clear_session_cookie(response)
    raise response

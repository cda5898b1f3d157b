"""Staff sessions for the console: Redis-backed, behind one cookie, with CSRF.

The cookie (`console_session`: HttpOnly, SameSite=Strict, Path=/console, Secure on
https) holds a random token; Redis keeps `console:session:<sha256(token)>` → who, a
random CSRF nonce, when it started and when it was last used. A session ends on
logout (the key is deleted, so a copied cookie dies with it), after
`console.idle_timeout_minutes` without a request, and `console.session_max_hours`
after login, both judged by `services.clock`; the Redis TTL only sweeps up.

Every page is behind `staff_page` (GET: without a session, 302 to the login page and
back after it) and every write behind `staff_action(name)`, which also checks the
CSRF token (`Signer.csrf_for(session nonce)`, the H5 pages' scheme: form field `csrf`
or header `X-CSRF-Token`) and writes one audit entry: who, what, on what, outcome.
The staff account is read again on each request (`StaffRepo.active`), so a disabled
account or a changed role takes effect at once.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from aiohttp import web

from bot.console.context import SESSION, STAFF, StaffSession, csrf_token, services_of
from bot.console.render import page
from bot.console_accounts import StaffRepo
from bot.h5.session import same_token, submitted_csrf
from bot.ratelimit import RATE_LIMITER, client_ip
from bot.services import Services
from handlers.staff.audit import AuditRepo
from handlers.staff.models import Staff, StaffError
from handlers.staff.rules import ConsoleRules

log = logging.getLogger(__name__)

COOKIE = "console_session"
PATH = "/console"
LOGIN = "/console/login"
HOME = "/console/"
KEY = "console:session:{digest}"
TOUCH_SECONDS = 60  # `seen` is written at most this often (idle precision)
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


_TARGET: web.RequestKey[str] = web.RequestKey("console_audit_target", str)
_REASON: web.RequestKey[str] = web.RequestKey("console_audit_reason", str)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    """The session store (one Redis round trip per request, two once a minute)."""

    def __init__(self, services: Services, rules: ConsoleRules) -> None:
        self.redis, self.clock, self.rules = services.storage.redis, services.clock, rules
        self.idle = rules.idle_timeout_minutes * 60
        self.max_age = rules.session_max_hours * 3600

    async def create(self, username: str) -> tuple[str, StaffSession]:
        token = secrets.token_urlsafe(32)
        now = self.clock.timestamp()
        session = StaffSession(_digest(token), username, secrets.token_urlsafe(16), now, now)
        await self._save(session)
        return token, session

    async def load(self, token: str) -> StaffSession | None:
        if not token or len(token) > 100:
            return None
        digest = _digest(token)
        raw = await self.redis.getex(KEY.format(digest=digest), ex=self.idle + TOUCH_SECONDS)
        if raw is None:
            return None
        try:
            doc = json.loads(raw)
            session = StaffSession(digest, str(doc["u"]), str(doc["n"]), doc["t"], doc["s"])
        except (ValueError, KeyError, TypeError):
            return None
        now = self.clock.timestamp()
        if now - session.seen > self.idle or now - session.started > self.max_age:
            await self.redis.delete(KEY.format(digest=digest))
            return None
        if now - session.seen >= TOUCH_SECONDS:
            session = StaffSession(digest, session.username, session.nonce, session.started, now)
            await self._save(session)
        return session

    async def end(self, session: StaffSession) -> None:
        await self.redis.delete(KEY.format(digest=session.digest))

    async def _save(self, s: StaffSession) -> None:
        body = json.dumps({"u": s.username, "n": s.nonce, "t": s.started, "s": s.seen})
        await self.redis.set(KEY.format(digest=s.digest), body, ex=self.idle + TOUCH_SECONDS)


SESSIONS: web.AppKey[Sessions] = web.AppKey("console_sessions", Sessions)


def signed_in(request: web.Request) -> bool:
    return STAFF in request


def secure(services: Services) -> bool:
    return services.base_url.startswith("https://")


def set_session_cookie(response: web.StreamResponse, services: Services, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        path=PATH,
        httponly=True,
        samesite="Strict",
        secure=secure(services),
    )


def clear_session_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path=PATH)


def client_of(request: web.Request) -> str:
    limiter = request.app.get(RATE_LIMITER)
    proxies = limiter.limits.trusted_proxies if limiter else ()
    return client_ip(request, proxies)


def set_target(request: web.Request, target: str) -> None:
    """What the action acts on, for its audit entry (default: the `{id}` in the path)."""
    request[_TARGET] = target


def refused(request: web.Request, code: str) -> None:
    """Why a handler answered with its own refusal page (a 4xx), for the audit entry."""
    request[_REASON] = code


async def audit(
    request: web.Request,
    action: str,
    target: str,
    outcome: str,
    reason: str = "",
    *,
    staff: Staff | None = None,
) -> None:
    """One audit entry by the signed-in staff member (`staff`: who just signed in)."""
    services = services_of(request)
    staff = staff or request.get(STAFF)
    await services.storage.repo(AuditRepo).record(
        staff=staff.username if staff else "",
        role=staff.role if staff else "",
        action=action,
        target=target,
        outcome=outcome,
        reason=reason,
        at=services.clock.now(),
        ip=client_of(request),
    )


def _login_redirect(request: web.Request) -> web.HTTPFound:
    target = LOGIN
    if request.method in ("GET", "HEAD") and request.path != HOME:
        target += "?next=" + quote(request.path_qs, safe="")
    response = web.HTTPFound(target)
    clear_session_cookie(response)
    return response


async def _enter(request: web.Request) -> None:
    """Load the session and the account into the request; raises the redirect to the
    login page when there is none."""
    services = services_of(request)
    sessions = request.app[SESSIONS]
    session = await sessions.load(request.cookies.get(COOKIE, ""))
    if session is None:
        raise _login_redirect(request)
    doc = await services.storage.repo(StaffRepo).active(session.username)
    if doc is None:  # disabled or removed since login
        await sessions.end(session)
        raise _login_redirect(request)
    request[SESSION] = session
    request[STAFF] = Staff.from_doc(doc)


def staff_page(handler: Handler) -> Handler:
    """A page (GET) for signed-in staff; others go to the login page and come back."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        await _enter(request)
        return await handler(request)

    wrapper.__console__ = "page"  # type: ignore[attr-defined]
    return wrapper


def staff_action(name: str) -> Callable[[Handler], Handler]:
    """A write by signed-in staff: session, CSRF token, then the handler, audited as
    `name` (outcome `ok`; `refused` with the reason for a StaffError or a 4xx; `failed`
    for an unexpected error, which is raised on)."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            await _enter(request)
            if request.method in UNSAFE:
                expected = csrf_token(request)
                try:
                    sent = await submitted_csrf(request)
                except web.HTTPRequestEntityTooLarge:
                    await audit(request, name, _target(request), "refused", "too_large")
                    return error_response(request, "file_too_large", 413)
                if not same_token(sent, expected):
                    await audit(request, name, _target(request), "refused", "csrf")
                    return error_response(request, "csrf", 403)
            try:
                response = await handler(request)
            except StaffError as exc:
                await audit(request, name, _target(request), "refused", exc.code)
                return error_response(request, exc.code, _STATUS.get(exc.code, 400), exc.details)
            except web.HTTPException as exc:  # a redirect after the action, or a refusal
                if exc.status < 400:
                    await audit(request, name, _target(request), "ok")
                else:
                    await audit(request, name, _target(request), "refused", exc.reason or "")
                raise
            except Exception:
                await audit(request, name, _target(request), "failed", "error")
                raise
            if response.status < 400:
                await audit(request, name, _target(request), "ok")
            else:
                reason = request.get(_REASON, str(response.status))
                await audit(request, name, _target(request), "refused", reason)
            return response

        wrapper.__console__ = f"action:{name}"  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _target(request: web.Request) -> str:
    return request.get(_TARGET) or request.match_info.get("id", "")


# StaffError codes that are not a plain 400.
_STATUS = {
    "not_found": 404,
    "forbidden": 403,
    "admins_only": 403,
    "outside_scope": 403,
    "own_broadcast": 403,
    "already_reviewed": 409,
    "already_resolved": 409,
    "state": 409,
}


def error_response(
    request: web.Request, code: str, status: int, details: dict[str, Any] | None = None
) -> web.Response:
    """A refusal: JSON for scripts (Accept: application/json), else the error page."""
    if "application/json" in request.headers.get("Accept", ""):
        return web.json_response({"error": code, **(details or {})}, status=status)
    return page(request, "console/error.html", status=status, code=code, details=details or {})

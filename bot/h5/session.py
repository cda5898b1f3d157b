"""H5 sessions: a signed cookie holding the openid, and CSRF tokens bound to it.

The cookie is `base64url(json) "." base64url(HMAC-SHA256)` with a key derived from
SECRET_KEY; it is HttpOnly, SameSite=Lax, Secure on https, and expires (`exp` inside
the signed payload, checked with `services.clock`). Each session carries a random
nonce; the CSRF token of a form is an HMAC of that nonce, so it needs no storage and
dies with the session.

Page handlers use one decorator:

    @routes.get("/h5/things")
    @login_required
    async def things(request: web.Request) -> web.Response:
        session = session_of(request)   # session.openid

Without a valid session a GET starts WeChat web OAuth (and comes back here); any
other method is refused. POST/PUT/PATCH/DELETE must carry the CSRF token (form field
`csrf` or header `X-CSRF-Token`), else 403.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot.services import SERVICES, Services

COOKIE = "h5_session"
DEFAULT_TTL_SECONDS = 2 * 3600
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

PageHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Session:
    openid: str
    expires: int
    nonce: str


_REQUEST_KEY: web.RequestKey[Session] = web.RequestKey("h5_session", Session)


class Signer:
    def __init__(self, secret: str) -> None:
        def derive(purpose: bytes) -> bytes:
            return HKDF(
                algorithm=hashes.SHA256(), length=32, salt=b"hospital-bot/h5", info=purpose
            ).derive(secret.encode())

        self._cookie_key = derive(b"session-cookie:v1")
        self._csrf_key = derive(b"csrf:v1")
        self._state_key = derive(b"oauth-state:v1")

    def dumps(self, session: Session) -> str:
        body = json.dumps(
            {"o": session.openid, "e": session.expires, "n": session.nonce}, separators=(",", ":")
        ).encode()
        payload = _b64(body)
        return f"{payload}.{self._mac(payload)}"

    def loads(self, value: str, now: float) -> Session | None:
        payload, _, mac = (value or "").partition(".")
        if not payload or not hmac.compare_digest(mac, self._mac(payload)):
            return None
        try:
            doc = json.loads(_unb64(payload))
            session = Session(openid=str(doc["o"]), expires=int(doc["e"]), nonce=str(doc["n"]))
        except (ValueError, KeyError, TypeError):
            return None
        return session if session.openid and session.expires > now else None

    def csrf_token(self, session: Session) -> str:
        return self.csrf_for(session.nonce)

    def csrf_for(self, nonce: str) -> str:
        """The CSRF token of forms inside a session (or a login page) with this random
        nonce: an HMAC, so it needs no storage and dies with the nonce. The staff console
        uses it too (`bot.console.session`)."""
        return _b64(hmac.new(self._csrf_key, nonce.encode(), hashlib.sha256).digest())

    def oauth_state_mac(self, nonce: str, request_id: str) -> str:
        """Binds an OAuth `state` to the browser's pre-auth cookie (hex: WeChat allows
        only letters and digits in `state`)."""
        msg = f"{nonce}:{request_id}".encode()
        return hmac.new(self._state_key, msg, hashlib.sha256).hexdigest()[:32]

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._cookie_key, payload.encode(), hashlib.sha256).digest())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def services_of(request: web.Request) -> Services:
    return request.app[SERVICES]


def signer_for(services: Services) -> Signer:
    return services.signer


def ttl_seconds(services: Services) -> int:
    return int(services.settings.section("h5").get("session_ttl_seconds", DEFAULT_TTL_SECONDS))


def new_session(services: Services, openid: str) -> Session:
    expires = int(services.clock.timestamp()) + ttl_seconds(services)
    return Session(openid=openid, expires=expires, nonce=secrets.token_urlsafe(16))


def set_h5_cookie(
    response: web.StreamResponse, services: Services, name: str, value: str, max_age: int
) -> None:
    """Every H5 cookie: HttpOnly, SameSite=Lax, Path=/h5, Secure when served over https."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/h5",
        httponly=True,
        samesite="Lax",
        secure=services.base_url.startswith("https://"),
    )


def set_cookie(response: web.StreamResponse, services: Services, session: Session) -> None:
    set_h5_cookie(
        response, services, COOKIE, signer_for(services).dumps(session), ttl_seconds(services)
    )


def read_session(request: web.Request) -> Session | None:
    services = services_of(request)
    value = request.cookies.get(COOKIE, "")
    return signer_for(services).loads(value, services.clock.timestamp()) if value else None


def session_of(request: web.Request) -> Session:
    """The session `login_required` checked (only valid inside such a handler)."""
    return request[_REQUEST_KEY]


def csrf_token(request: web.Request) -> str:
    return signer_for(services_of(request)).csrf_token(session_of(request))


async def submitted_csrf(request: web.Request) -> str:
    """The CSRF token a write carries: header `X-CSRF-Token` or form field `csrf`."""
    sent = request.headers.get("X-CSRF-Token", "")
    if not sent and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sent = str((await request.post()).get("csrf", ""))
    return sent


def same_token(sent: str, expected: str) -> bool:
    return bool(sent) and hmac.compare_digest(sent.encode(), expected.encode())


async def csrf_ok(request: web.Request, session: Session) -> bool:
    expected = signer_for(services_of(request)).csrf_token(session)
    return same_token(await submitted_csrf(request), expected)


def login_required(handler: PageHandler) -> PageHandler:
    """Require a session (GET without one starts OAuth) and a CSRF token on writes."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        from bot.h5 import oauth
        from bot.h5.render import error_page

        session = read_session(request)
        if session is None:
            if request.method in ("GET", "HEAD"):
                return await oauth.start(request)
            return error_page(request, "session_expired", status=403)
        if request.method in UNSAFE_METHODS and not await csrf_ok(request, session):
            return error_page(request, "csrf", status=403)
        request[_REQUEST_KEY] = session
        return await handler(request)

    return wrapper

"""What a console request carries once `bot.console.session` let it in: the session and
the staff member (typed request keys and their accessors, shared by pages and render)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from bot.services import SERVICES, Services
from handlers.staff.models import Staff


@dataclass(frozen=True)
class StaffSession:
    digest: str  # sha256 of the cookie's token: the Redis key, never the token itself
    username: str
    nonce: str  # the CSRF tokens of this session are HMACs of it
    started: float
    seen: float


SESSION: web.RequestKey[StaffSession] = web.RequestKey("console_session", StaffSession)
STAFF: web.RequestKey[Staff] = web.RequestKey("console_staff", Staff)


def services_of(request: web.Request) -> Services:
    return request.app[SERVICES]


def staff_of(request: web.Request) -> Staff:
    """The signed-in staff member (inside `staff_page` / `staff_action` only)."""
    return request[STAFF]


def csrf_token(request: web.Request) -> str:
    """The CSRF token of this session's forms ("" outside a session)."""
    session = request.get(SESSION)
    return services_of(request).signer.csrf_for(session.nonce) if session else ""

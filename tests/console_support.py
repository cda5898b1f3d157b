"""Console test helpers: the app with a frozen clock, staff accounts, and a login walked
like a browser (the login page's CSRF token, the pre-auth cookie, the session cookie)."""

from __future__ import annotations

import functools
import re
from typing import Any
from unittest import mock

from aiohttp.test_utils import TestClient
from h5_support import h5_client

from bot import console_accounts
from bot.clock import FrozenClock
from bot.config import Settings
from bot.console_accounts import StaffRepo
from bot.services import Services
from bot.storage import Storage

PASSWORD = "correct horse battery"


async def console_client(
    aiohttp_client: Any, settings: Settings, storage: Storage, console: dict | None = None
) -> tuple[TestClient, Services, FrozenClock]:
    """The whole app (sandbox WeChat on the same server); `console` overrides config.yml's
    `console:` section."""
    raw = {**settings.raw, "console": {**settings.section("console"), **(console or {})}}
    client, services = await h5_client(aiohttp_client, settings, storage, raw=raw)
    assert isinstance(services.clock, FrozenClock)
    return client, services, services.clock


_hash_password = console_accounts.hash_password  # the real one, while add_staff patches it


@functools.cache
def _hashed_once(password: str) -> str:
    return _hash_password(password)


async def add_staff(
    storage: Storage,
    username: str,
    role: str = "nurse",
    *,
    departments: tuple[str, ...] = (),
    wards: tuple[str, ...] = (),
    name: str = "",
) -> None:
    """An account that signs in with PASSWORD. Its scrypt hash (a third of a second of
    CPU) is made once per session and shared, salt included: these accounts are here to
    sign in with (the login still runs the KDF); tests/test_console_accounts.py covers
    hashing, one salt per account."""
    with mock.patch.object(console_accounts, "hash_password", _hashed_once):
        assert await storage.repo(StaffRepo).add(
            username,
            name or username,
            role,
            PASSWORD,
            departments=departments,
            wards=wards,
        )


def field(html: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert m, f"page has no {name} field"
    return m.group(1)


async def login(
    client: TestClient, username: str, password: str = PASSWORD, *, expect: int = 303
) -> str:
    """Sign in; returns the CSRF token of the session's forms (from the dashboard)."""
    resp = await client.get("/console/login")
    assert resp.status == 200
    token = field(await resp.text(), "csrf")
    resp = await client.post(
        "/console/login",
        data={"csrf": token, "username": username, "password": password, "next": ""},
        allow_redirects=False,
    )
    assert resp.status == expect, await resp.text()
    if expect != 303:
        return ""
    resp = await client.get("/console/")
    assert resp.status == 200
    return field(await resp.text(), "csrf")


def session_cookie(client: TestClient) -> str:
    for cookie in client.session.cookie_jar:
        if cookie.key == "console_session":
            return cookie.value
    return ""

"""H5 test helpers: the whole app on a known port with WeChat played by the sandbox on
the same server, and the OAuth dance walked like WeChat's in-app browser."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aiohttp.test_utils import TestClient

from bot.app import create_app
from bot.clock import FrozenClock
from bot.compose import build_services
from bot.config import Settings
from bot.h5.session import COOKIE
from bot.localstack import free_port
from bot.sandbox import SANDBOX_AUTHORIZE_PATH, sandbox_settings
from bot.services import Services
from bot.storage import Storage

TEST_KEY = "test-only-secret-key-0123456789abcdef"
OPENID = "o_h5_patient"


async def h5_client(
    aiohttp_client: Any, settings: Settings, storage: Storage, **overrides: Any
) -> tuple[TestClient, Services]:
    """A test client and the app's services; `overrides` go to `Settings.with_overrides`."""
    port = free_port()
    s = settings.with_overrides(secret_key=TEST_KEY, **overrides)
    s = sandbox_settings(s, f"http://127.0.0.1:{port}")
    clock = FrozenClock(datetime(2025, 6, 15, 10, 0), s.tz)
    services = build_services(s, storage, clock=clock)
    client = await aiohttp_client(create_app(s, services=services), server_kwargs={"port": port})
    return client, services


def local(url: str) -> str:
    """Path + query of an absolute URL on our test server (fragment dropped)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def login(client: TestClient, page: str = "/h5/patients", openid: str = OPENID) -> str:
    """Walk the OAuth dance like WeChat's browser; returns the final page's HTML."""
    resp = await client.get(page, allow_redirects=False)
    assert resp.status == 302
    authorize = resp.headers["Location"]
    parts = urlsplit(authorize)
    assert parts.path == SANDBOX_AUTHORIZE_PATH and parts.fragment == "wechat_redirect"
    query = parse_qs(parts.query)
    assert query["scope"] == ["snsapi_base"] and query["response_type"] == ["code"]
    assert query["redirect_uri"][0].endswith("/h5/oauth/callback")
    # the sandbox asks which test user is "on the phone"; pick ours
    resp = await client.get(local(authorize) + f"&sandbox_openid={openid}", allow_redirects=False)
    assert resp.status == 302
    callback = resp.headers["Location"]
    assert urlsplit(callback).path == "/h5/oauth/callback" and "code=" in callback
    resp = await client.get(local(callback), allow_redirects=False)
    assert resp.status == 302 and resp.headers["Location"] == page
    set_cookie = resp.headers["Set-Cookie"]
    assert set_cookie.startswith(f"{COOKIE}=") and "HttpOnly" in set_cookie
    assert "SameSite=Lax" in set_cookie and "Path=/h5" in set_cookie
    resp = await client.get(page, allow_redirects=False)
    assert resp.status == 200
    return await resp.text()


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "page has no CSRF field"
    return m.group(1)

"""The console's door: login with the scrypt accounts, throttling in Redis, sessions that
end (logout, idle, absolute), every route behind the login, CSRF on every write."""

from __future__ import annotations

from typing import Any

import pytest
from console_support import PASSWORD, add_staff, console_client, field, login, session_cookie

from bot import console_accounts
from bot.compose import CONSOLE_PAGES
from bot.config import Settings
from bot.console_accounts import StaffRepo
from bot.storage import Storage
from handlers.staff.audit import AuditRepo


@pytest.fixture
async def console(aiohttp_client: Any, settings: Settings, storage: Storage) -> Any:
    client, services, clock = await console_client(
        aiohttp_client,
        settings,
        storage,
        console={"login_failures_per_user": 3, "login_failures_per_ip": 5},
    )
    await add_staff(storage, "nurse_li", departments=("peds",))
    return client, services, clock


def console_routes(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every console route, `{id}`-style parts filled in."""
    found = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or ""
        if not path.startswith("/console") or route.method == "HEAD":
            continue
        for name in ("{id}", "{name}"):
            path = path.replace(name, "console.js" if name == "{name}" else "x1")
        found.append((route.method, path))
    return sorted(set(found))


async def audit_entries(storage: Storage) -> list[dict]:
    return await storage.repo(AuditRepo).page(limit=100)


async def test_good_password_opens_a_session_with_a_strict_httponly_cookie(console: Any) -> None:
    client, _, _ = console
    resp = await client.get("/console/login")
    token = field(await resp.text(), "csrf")
    resp = await client.post(
        "/console/login",
        data={
            "csrf": token,
            "username": "nurse_li",
            "password": PASSWORD,
            "next": "/console/red-flags",
        },
        allow_redirects=False,
    )
    assert resp.status == 303 and resp.headers["Location"] == "/console/red-flags"
    cookie = next(c for c in resp.headers.getall("Set-Cookie") if c.startswith("console_session="))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain http in tests; https base URLs add it
    page = await client.get("/console/")
    assert page.status == 200 and "nurse_li" in await page.text()


async def test_wrong_password_and_unknown_user_are_refused_and_audited(
    console: Any, storage: Storage
) -> None:
    client, _, _ = console
    await login(client, "nurse_li", "not the password", expect=401)
    await login(client, "nobody-here", "whatever pw", expect=401)
    assert session_cookie(client) == ""
    assert (await client.get("/console/", allow_redirects=False)).status == 302
    entries = await audit_entries(storage)
    assert [(e["action"], e["target"], e["outcome"], e["reason"]) for e in entries] == [
        ("login", "(unknown)", "refused", "bad_credentials"),  # never the typed name
        ("login", "nurse_li", "refused", "bad_credentials"),
    ]


async def test_failures_per_username_throttle_even_the_right_password(
    console: Any, storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _, _ = console
    for _ in range(3):
        await login(client, "nurse_li", "wrong password!", expect=401)
    checked: list[str] = []
    real = console_accounts.verify_password
    monkeypatch.setattr(
        console_accounts, "verify_password", lambda p, s: checked.append(p) or real(p, s)
    )
    resp_status = await _login_status(client, "nurse_li", PASSWORD)
    assert resp_status == 429
    assert checked == []  # refused before the KDF ran
    entries = await audit_entries(storage)
    assert (entries[0]["target"], entries[0]["reason"]) == ("nurse_li", "throttled")
    # Another account from elsewhere is not affected by nurse_li's lock.
    await add_staff(storage, "admin_wang", "admin")
    assert await _login_status(client, "admin_wang", PASSWORD) == 303


async def test_failures_per_address_throttle_every_username(console: Any, storage: Storage) -> None:
    client, _, _ = console
    for i in range(5):
        await login(client, f"guess{i}", "wrong password!", expect=401)
    assert await _login_status(client, "nurse_li", PASSWORD) == 429


async def test_the_lock_passes_with_its_window(console: Any) -> None:
    client, _, clock = console
    for _ in range(3):
        await login(client, "nurse_li", "wrong password!", expect=401)
    assert await _login_status(client, "nurse_li", PASSWORD) == 429
    clock.advance(minutes=15)
    assert await _login_status(client, "nurse_li", PASSWORD) == 303


async def _login_status(client: Any, username: str, password: str) -> int:
    resp = await client.get("/console/login")
    token = field(await resp.text(), "csrf")
    resp = await client.post(
        "/console/login",
        data={"csrf": token, "username": username, "password": password},
        allow_redirects=False,
    )
    return resp.status


async def test_an_idle_session_expires(console: Any) -> None:
    client, _, clock = console
    await login(client, "nurse_li")
    clock.advance(minutes=29)
    assert (await client.get("/console/", allow_redirects=False)).status == 200
    clock.advance(minutes=29)  # used 29 minutes ago: still fine
    assert (await client.get("/console/", allow_redirects=False)).status == 200
    clock.advance(minutes=31)
    resp = await client.get("/console/red-flags", allow_redirects=False)
    assert resp.status == 302
    assert resp.headers["Location"] == "/console/login?next=/console/red-flags"


async def test_every_session_ends_after_its_maximum_age(console: Any) -> None:
    client, _, clock = console
    await login(client, "nurse_li")
    for _ in range(12 * 3 - 1):  # busy all day: a request every 20 minutes
        clock.advance(minutes=20)
        assert (await client.get("/console/", allow_redirects=False)).status == 200
    clock.advance(minutes=21)
    assert (await client.get("/console/", allow_redirects=False)).status == 302


async def test_logout_kills_the_session_even_for_a_copied_cookie(
    console: Any, aiohttp_client: Any
) -> None:
    client, _, _ = console
    csrf = await login(client, "nurse_li")
    token = session_cookie(client)
    resp = await client.post("/console/logout", data={"csrf": csrf}, allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"] == "/console/login"
    resp = await client.get("/console/", cookies={"console_session": token}, allow_redirects=False)
    assert resp.status == 302


async def test_a_disabled_account_is_out_at_its_next_request(
    console: Any, storage: Storage
) -> None:
    client, _, _ = console
    await login(client, "nurse_li")
    await storage.repo(StaffRepo).col.update_one(  # type: ignore[union-attr]
        {"username": "nurse_li"}, {"$set": {"active": False}}
    )
    assert (await client.get("/console/", allow_redirects=False)).status == 302


async def test_every_console_route_redirects_to_the_login_without_a_session(
    console: Any,
) -> None:
    client, _, _ = console
    routes = console_routes(client.app)
    assert len(routes) >= 10 and ("POST", "/console/logout") in routes
    for method, path in routes:
        if path == "/console/login":
            continue
        resp = await client.request(method, path, allow_redirects=False)
        assert resp.status == 302, (method, path, resp.status)
        assert resp.headers["Location"].startswith("/console/login"), (method, path)


async def test_every_route_is_wrapped_by_the_login_and_every_write_is_an_action() -> None:
    for table in CONSOLE_PAGES:
        for route in table:
            kind = getattr(route.handler, "__console__", "")
            if route.path == "/console/login":
                continue
            assert kind, f"{route.method} {route.path} is not behind staff_page/staff_action"
            if route.method == "POST":
                assert kind.startswith("action:"), route.path


async def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(
    console: Any, storage: Storage
) -> None:
    client, _, _ = console
    await login(client, "nurse_li")
    posts = [p for m, p in console_routes(client.app) if m == "POST" and p != "/console/login"]
    assert "/console/red-flags/x1/review" in posts
    for path in posts:
        for data in ({}, {"csrf": "forged-token"}):
            resp = await client.post(path, data=data, allow_redirects=False)
            assert resp.status == 403, (path, data, resp.status)
    refused = [e for e in await audit_entries(storage) if e["reason"] == "csrf"]
    assert len(refused) == 2 * len(posts)
    # still signed in: a forged form does not log anyone out
    assert (await client.get("/console/", allow_redirects=False)).status == 200


async def test_the_login_form_itself_needs_its_csrf_token(console: Any) -> None:
    client, _, _ = console
    resp = await client.post(
        "/console/login",
        data={"username": "nurse_li", "password": PASSWORD},
        allow_redirects=False,
    )
    assert resp.status == 403
    assert session_cookie(client) == ""


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/h5/pay", "/console/\\evil"]
)
async def test_after_login_only_console_paths_are_followed(console: Any, target: str) -> None:
    client, _, _ = console
    resp = await client.get("/console/login")
    token = field(await resp.text(), "csrf")
    resp = await client.post(
        "/console/login",
        data={"csrf": token, "username": "nurse_li", "password": PASSWORD, "next": target},
        allow_redirects=False,
    )
    assert resp.status == 303 and resp.headers["Location"] == "/console/"

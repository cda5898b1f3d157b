"""H5 login security: OAuth `state` bound to the browser (no login CSRF), safe return
paths, cookie flags (Secure on https), and CSRF tokens on every H5 form."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from aiohttp.test_utils import TestClient
from h5_support import csrf_of, h5_client, local, login

from bot.config import Settings
from bot.h5.oauth import PREAUTH_COOKIE, STATE_KEY, safe_return_path
from bot.h5.session import COOKIE
from bot.sandbox import SANDBOX_AUTHORIZE_PATH
from bot.services import Services
from bot.storage import Storage

ATTACKER = "o_attacker"
VICTIM = "o_victim"


@pytest.fixture
async def h5(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> tuple[TestClient, Services]:
    return await h5_client(aiohttp_client, settings, storage)


async def callback_link(
    client: TestClient | aiohttp.ClientSession, openid: str, page: str = "/h5/patients"
) -> str:
    """Start a login in `client`'s browser and stop at the callback WeChat redirects to."""
    resp = await client.get(page, allow_redirects=False)
    authorize = resp.headers["Location"]
    resp = await client.get(local(authorize) + f"&sandbox_openid={openid}", allow_redirects=False)
    return local(resp.headers["Location"])


def browser(client: TestClient) -> aiohttp.ClientSession:
    """A second browser (own cookie jar) on the same server."""
    return aiohttp.ClientSession(
        base_url=str(client.make_url("/")), cookie_jar=aiohttp.CookieJar(unsafe=True)
    )


async def test_attackers_callback_link_does_not_log_a_victim_in(
    h5: tuple[TestClient, Services],
) -> None:
    attacker, _ = h5
    link = await callback_link(attacker, ATTACKER)
    async with browser(attacker) as victim:
        # a victim who never started a login: no pre-auth cookie at all
        resp = await victim.get(link, allow_redirects=False)
        assert resp.status == 403 and "登录验证未通过" in await resp.text()
        assert COOKIE not in resp.cookies and not victim.cookie_jar.filter_cookies(
            attacker.make_url("/h5/")
        ).get(COOKIE)
        # a victim in the middle of their own login: their cookie does not match
        await victim.get("/h5/patients", allow_redirects=False)
        assert PREAUTH_COOKIE in victim.cookie_jar.filter_cookies(attacker.make_url("/h5/"))
        resp = await victim.get(link, allow_redirects=False)
        assert resp.status == 403 and "登录验证未通过" in await resp.text()
        assert COOKIE not in resp.cookies
        resp = await victim.get("/h5/patients", allow_redirects=False)
        assert resp.status == 302 and SANDBOX_AUTHORIZE_PATH in resp.headers["Location"]


async def test_callback_without_the_preauth_cookie_is_refused(
    h5: tuple[TestClient, Services],
) -> None:
    client, _ = h5
    link = await callback_link(client, VICTIM)
    client.session.cookie_jar.clear()
    resp = await client.get(link, allow_redirects=False)
    assert resp.status == 403 and COOKIE not in resp.cookies
    assert "登录验证未通过" in await resp.text()


async def test_state_is_bound_to_this_browser_and_the_flow_logs_in(
    h5: tuple[TestClient, Services],
) -> None:
    client, _ = h5
    resp = await client.get("/h5/patients", allow_redirects=False)
    preauth = resp.cookies[PREAUTH_COOKIE]
    assert preauth["httponly"] and preauth["samesite"] == "Lax" and preauth["path"] == "/h5"
    assert not preauth["secure"]  # plain http here; see the https test below
    assert 0 < int(preauth["max-age"]) <= 600
    [state] = parse_qs(urlsplit(resp.headers["Location"]).query)["state"]
    assert re.fullmatch(r"[0-9a-f]{48}", state)  # WeChat allows [A-Za-z0-9]{,128}
    # a second login start (another tab) keeps the pending nonce: both stay valid
    first = await callback_link(client, VICTIM, "/h5/patients/new")
    second = await callback_link(client, VICTIM, "/h5/booking")
    resp = await client.get(first, allow_redirects=False)
    assert resp.status == 302 and resp.headers["Location"] == "/h5/patients/new"
    assert COOKIE in resp.cookies
    resp = await client.get(second, allow_redirects=False)
    assert resp.status == 302 and resp.headers["Location"] == "/h5/booking"
    assert (await client.get("/h5/patients", allow_redirects=False)).status == 200


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("//evil.com", "/h5/"),
        ("https://evil.com", "/h5/"),
        ("/\\evil", "/h5/"),
        ("/h5/" + "x" * 296, "/h5/"),
        ("/h5/booking?dept=peds", "/h5/booking?dept=peds"),
        ("/h5/a//evil.com", "/h5/"),
        ("/h5/\r\nSet-Cookie:x=1", "/h5/"),
        ("/h5/oauth/callback?code=x", "/h5/"),
        ("h5/booking", "/h5/"),
        ("", "/h5/"),
        ("/h5/" + "x" * 196, "/h5/" + "x" * 196),  # exactly 200 characters
    ],
)
def test_return_path_must_be_a_short_local_path(path: str, expected: str) -> None:
    assert safe_return_path(path) == expected


async def test_the_return_path_survives_login_and_is_checked_again(
    h5: tuple[TestClient, Services],
) -> None:
    client, services = h5
    await login(client, "/h5/booking/dept/peds?from=triage", openid=VICTIM)
    client.session.cookie_jar.clear()
    link = await callback_link(client, VICTIM)
    # whatever Redis holds (a record from an older version, a tampered one) is re-checked
    [state] = parse_qs(urlsplit(link).query)["state"]
    await services.storage.redis.set(STATE_KEY.format(state=state), "//evil.com/h5/")
    resp = await client.get(link, allow_redirects=False)
    assert resp.status == 302 and resp.headers["Location"] == "/h5/"
    resp = await client.get("/h5/", allow_redirects=False)
    assert resp.status == 302 and resp.headers["Location"] == "/h5/booking"


async def test_cookies_are_secure_when_patients_use_https(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    client, _ = await h5_client(
        aiohttp_client, settings, storage, public_base_url="https://wx.example-hospital.cn"
    )
    resp = await client.get("/h5/patients", allow_redirects=False)
    preauth = resp.cookies[PREAUTH_COOKIE]
    assert preauth["secure"] and preauth["httponly"] and preauth["samesite"] == "Lax"
    authorize = resp.headers["Location"]
    assert parse_qs(urlsplit(authorize).query)["redirect_uri"] == [
        "https://wx.example-hospital.cn/h5/oauth/callback"
    ]
    resp = await client.get(local(authorize) + f"&sandbox_openid={VICTIM}", allow_redirects=False)
    # a browser sends a Secure cookie only over https; the test client is on http
    resp = await client.get(
        local(resp.headers["Location"]),
        headers={"Cookie": f"{PREAUTH_COOKIE}={preauth.value}"},
        allow_redirects=False,
    )
    assert resp.status == 302
    session = resp.cookies[COOKIE]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/h5"


async def test_every_h5_form_needs_the_csrf_token_of_its_own_session(
    h5: tuple[TestClient, Services],
) -> None:
    client, _ = h5
    posts = sorted(
        {
            r.resource.canonical  # type: ignore[union-attr]
            for r in client.app.router.routes()  # type: ignore[union-attr]
            if r.method == "POST" and r.resource.canonical.startswith("/h5/")  # type: ignore[union-attr]
        }
    )
    assert {"/h5/patients", "/h5/booking/s/{sid}", "/h5/patients/{pid}/delete"} <= set(posts)
    mine = csrf_of(await login(client, "/h5/patients/new", openid=VICTIM))
    async with browser(client) as other:
        # another account's valid token (a token is bound to the session it came from)
        await other.get(await callback_link(other, ATTACKER), allow_redirects=False)
        theirs = csrf_of(await (await other.get("/h5/patients/new")).text())
    assert theirs != mine
    for canonical in posts:
        path = re.sub(r"\{[^}]+\}", "x", canonical)
        for form in ({}, {"csrf": "forged"}, {"csrf": theirs}):
            resp = await client.post(path, data=form, allow_redirects=False)
            assert resp.status == 403, (path, form)
            assert "页面已过期" in await resp.text()
        resp = await client.post(path, headers={"X-CSRF-Token": theirs}, allow_redirects=False)
        assert resp.status == 403, path

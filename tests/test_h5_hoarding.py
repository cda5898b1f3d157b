"""The hoarding limits through the real H5 pages: parallel booking posts from two logged-in
accounts holding the same person, removal of a patient with appointments, additions per
day. Sessions come from WeChat web OAuth against the sandbox, as in production."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestClient
from booking_support import TODAY, add_patient, frozen_services, make_schedule

from bot.app import create_app
from bot.config import Settings
from bot.h5.session import COOKIE
from bot.localstack import free_port
from bot.sandbox import sandbox_settings
from bot.services import Services
from bot.storage import Storage


@pytest.fixture
async def h5(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> tuple[TestClient, Services]:
    port = free_port()
    services = frozen_services(sandbox_settings(settings, f"http://127.0.0.1:{port}"), storage)
    app = create_app(services.settings, services=services)
    return await aiohttp_client(app, server_kwargs={"port": port}), services


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def session_for(client: TestClient, openid: str, page: str) -> tuple[str, str]:
    """(session cookie, CSRF token of `page`) after the OAuth walk for `openid`."""
    resp = await client.get(page, allow_redirects=False)
    authorize = local(resp.headers["Location"])
    resp = await client.get(f"{authorize}&sandbox_openid={openid}", allow_redirects=False)
    resp = await client.get(local(resp.headers["Location"]), allow_redirects=False)
    cookie = resp.cookies[COOKIE].value
    html = await (await client.get(page)).text()
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, html
    client.session.cookie_jar.clear()  # each request below names its session
    return cookie, m.group(1)


async def test_20_parallel_h5_posts_from_two_accounts_book_the_day_limit_of_3(
    h5: tuple[TestClient, Services],
) -> None:
    client, services = h5
    svc = services.booking
    day = TODAY + timedelta(days=1)
    codes = [d.code for d in services.settings.departments][:20]
    sids = [await make_schedule(services, day, "上午", capacity=5, department=c) for c in codes]
    # one person, added on two accounts (a relative's phone): the limit is the person's
    pa = await add_patient(services, "o_h5a", "张三", i=41)
    pb = await add_patient(services, "o_h5b", "张三", relation="子女", i=41)
    page = f"/h5/booking/s/{sids[0]}"
    sessions = {
        "o_h5a": (pa.id, *await session_for(client, "o_h5a", page)),
        "o_h5b": (pb.id, *await session_for(client, "o_h5b", page)),
    }

    async def post(i: int) -> tuple[int, str]:
        pid, cookie, csrf = sessions["o_h5a" if i % 2 else "o_h5b"]
        resp = await client.post(
            f"/h5/booking/s/{sids[i]}",
            data={"csrf": csrf, "patient_id": pid, "band": "", "idem": f"form{i}"},
            headers={"Cookie": f"{COOKIE}={cookie}"},
            allow_redirects=False,
        )
        return resp.status, await resp.text()

    results = await asyncio.gather(*(post(i) for i in range(20)))
    statuses = [status for status, _ in results]
    assert statuses.count(303) == 3 and statuses.count(409) == 17, statuses
    for status, body in results:
        if status == 409:
            assert "同一就诊人每天最多预约 3 个号" in body
    id_hash = services.booking.ref(pa).id_hash
    assert await svc.appointments.col.count_documents({"id_hash": id_hash, "active": True}) == 3


async def test_h5_refuses_to_remove_a_patient_with_an_appointment(
    h5: tuple[TestClient, Services],
) -> None:
    client, services = h5
    patient = await add_patient(services, "o_h5rm", "张三")
    sid = await make_schedule(services, TODAY + timedelta(days=2))
    await services.booking.book(services.booking.ref(patient), sid, idem_key="x")
    cookie, csrf = await session_for(client, "o_h5rm", "/h5/patients")
    resp = await client.post(
        f"/h5/patients/{patient.id}/delete",
        data={"csrf": csrf},
        headers={"Cookie": f"{COOKIE}={cookie}"},
        allow_redirects=False,
    )
    body = await resp.text()
    assert resp.status == 409
    m = re.search(r'<div class="error" role="alert">(.*?)</div>', body, re.S)
    assert m and "张三还有 1 个未就诊的预约，暂时不能删除" in m.group(1)
    assert "取消预约" in m.group(1)
    assert await services.patients.get("o_h5rm", patient.id) is not None


async def test_h5_add_form_says_when_the_day_s_additions_are_used(
    h5: tuple[TestClient, Services],
) -> None:
    client, services = h5
    for name in ("张三", "张母", "张父"):
        await add_patient(services, "o_h5add", name, relation="其他")
    cookie, _ = await session_for(client, "o_h5add", "/h5/patients")
    resp = await client.get("/h5/patients/new", headers={"Cookie": f"{COOKIE}={cookie}"})
    body = await resp.text()
    m = re.search(r'<div class="error" role="alert">(.*?)</div>', body, re.S)
    assert resp.status == 200 and m and "每天最多添加 3 位就诊人" in m.group(1)

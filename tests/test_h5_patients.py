"""H5 patient pages end to end: WeChat web OAuth against the sandbox, the signed session
cookie, CSRF, and the add / default / delete / bind-card forms."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from h5_support import csrf_of, h5_client, local, login

from bot.config import Settings
from bot.h5.session import COOKIE
from bot.sandbox import SANDBOX_AUTHORIZE_PATH
from bot.services import Services
from bot.storage import Storage
from handlers.patients import PatientForm

OPENID = "o_h5_patient"
ID = "11010519491231002X"
PHONE = "13812345678"


@pytest.fixture
async def h5(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> tuple[TestClient, Services]:
    return await h5_client(aiohttp_client, settings, storage)


async def test_oauth_flow_lists_the_patients_masked(h5: tuple[TestClient, Services]) -> None:
    client, services = h5
    await services.patients.add(
        OPENID, PatientForm(name="张三", id_number=ID, phone=PHONE, relation="本人")
    )
    html = await login(client)
    assert "张三" in html and "110***********002X" in html and "138****5678" in html
    assert ID not in html and PHONE not in html
    assert "仅可挂号" in html  # no card yet


async def test_state_is_single_use_and_next_is_kept(h5: tuple[TestClient, Services]) -> None:
    client, _ = h5
    resp = await client.get("/h5/patients/new", allow_redirects=False)
    authorize = resp.headers["Location"]
    resp = await client.get(local(authorize) + f"&sandbox_openid={OPENID}", allow_redirects=False)
    callback = local(resp.headers["Location"])
    resp = await client.get(callback, allow_redirects=False)
    assert resp.status == 302 and resp.headers["Location"] == "/h5/patients/new"
    again = await client.get(callback, allow_redirects=False)
    assert again.status == 400 and "授权链接已过期" in await again.text()
    forged = await client.get("/h5/oauth/callback?code=x&state=forged", allow_redirects=False)
    assert forged.status == 403  # not a state this browser started (tests/test_h5_oauth.py)


async def test_tampered_or_expired_cookie_starts_over(h5: tuple[TestClient, Services]) -> None:
    client, services = h5
    await login(client)
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/h5/"))[COOKIE].value
    payload, mac = cookie.split(".")
    client.session.cookie_jar.update_cookies(
        {COOKIE: payload + "." + mac[::-1]}, client.make_url("/h5/")
    )
    resp = await client.get("/h5/patients", allow_redirects=False)
    assert resp.status == 302 and SANDBOX_AUTHORIZE_PATH in resp.headers["Location"]
    await login(client)
    services.clock.advance(hours=3)  # type: ignore[attr-defined]  # past the 2 h session
    resp = await client.get("/h5/patients", allow_redirects=False)
    assert resp.status == 302


async def test_post_without_csrf_is_forbidden(h5: tuple[TestClient, Services]) -> None:
    client, services = h5
    form = {
        "name": "张三",
        "id_kind": "resident",
        "id_number": ID,
        "phone": PHONE,
        "relation": "本人",
    }
    resp = await client.post("/h5/patients", data=form, allow_redirects=False)
    assert resp.status == 403  # no session at all
    html = await login(client, "/h5/patients/new")
    resp = await client.post("/h5/patients", data=form, allow_redirects=False)
    assert resp.status == 403
    resp = await client.post("/h5/patients", data={**form, "csrf": "forged"}, allow_redirects=False)
    assert resp.status == 403
    assert await services.patients.list(OPENID) == []
    resp = await client.post(
        "/h5/patients", data={**form, "csrf": csrf_of(html)}, allow_redirects=False
    )
    assert resp.status == 303 and resp.headers["Location"] == "/h5/patients?done=added"
    [patient] = await services.patients.list(OPENID)
    assert patient.name == "张三" and patient.id_number == ID


async def test_add_form_errors_do_not_echo_numbers(h5: tuple[TestClient, Services]) -> None:
    client, services = h5
    html = await login(client, "/h5/patients/new")
    child = "110105201506011238"  # 10 years old
    resp = await client.post(
        "/h5/patients",
        data={
            "csrf": csrf_of(html),
            "name": "小明",
            "id_kind": "resident",
            "id_number": child,
            "phone": PHONE,
            "relation": "子女",
        },
        allow_redirects=False,
    )
    body = await resp.text()
    m = re.search(r'<div class="error" role="alert">(.*?)</div>', body, re.S)
    assert resp.status == 400 and m, body
    assert "未满 16 周岁" in m.group(1) and "监护人的姓名和证件号码" in m.group(1)
    assert child not in body and PHONE not in body and 'value="小明"' in body
    resp = await client.post(
        "/h5/patients",
        data={
            "csrf": csrf_of(html),
            "name": "小明",
            "id_kind": "resident",
            "id_number": child[:-1] + "0",
            "phone": PHONE,
            "relation": "子女",
        },
    )
    m = re.search(r'<div class="error" role="alert">(.*?)</div>', await resp.text(), re.S)
    assert resp.status == 400 and m and "校验不通过" in m.group(1)
    assert await services.patients.list(OPENID) == []


async def test_default_delete_and_card_from_the_list(h5: tuple[TestClient, Services]) -> None:
    client, services = h5
    svc = services.patients
    a = await svc.add(OPENID, PatientForm(name="张三", id_number=ID, phone=PHONE, relation="本人"))
    b = await svc.add(
        OPENID,
        PatientForm(
            name="李四", id_number="110105198001010112", phone="13912345678", relation="父母"
        ),
    )
    token = csrf_of(await login(client))
    resp = await client.post(
        f"/h5/patients/{b.id}/default", data={"csrf": token}, allow_redirects=False
    )
    assert resp.status == 303
    assert (await svc.default(OPENID)).id == b.id  # type: ignore[union-attr]
    # bind a card registered in the HIS for 张三
    from handlers.his.local import CardRepo

    await services.storage.repo(CardRepo).col.insert_one(
        {"_id": "20250001", "name": "张三", "id_hash": svc.keyring.lookup_hash(ID)}
    )
    resp = await client.get(f"/h5/patients/{a.id}/card")
    assert resp.status == 200
    resp = await client.post(
        f"/h5/patients/{a.id}/card",
        data={"csrf": token, "card_no": "20250002"},
        allow_redirects=False,
    )
    assert resp.status == 400 and "无法绑定" in await resp.text()
    resp = await client.post(
        f"/h5/patients/{a.id}/card",
        data={"csrf": token, "card_no": "20250001"},
        allow_redirects=False,
    )
    assert resp.status == 303
    assert (await svc.get(OPENID, a.id)).can_use_online_services  # type: ignore[union-attr]
    resp = await client.post(
        f"/h5/patients/{a.id}/delete", data={"csrf": token}, allow_redirects=False
    )
    assert resp.status == 303
    assert [p.id for p in await svc.list(OPENID)] == [b.id]
    # someone else's patient: not found, nothing removed
    other = await svc.add(
        "o_someone_else", PatientForm(name="王五", id_number=ID, phone=PHONE, relation="本人")
    )
    resp = await client.post(
        f"/h5/patients/{other.id}/delete", data={"csrf": token}, allow_redirects=False
    )
    assert resp.status == 404 and await svc.get("o_someone_else", other.id) is not None
    html = await (await client.get("/h5/patients?done=removed")).text()
    assert "已删除就诊人" in html and "李四" in html and "张三" not in html

"""The satisfaction survey page: behind WeChat OAuth, only for the patient's own visit,
CSRF-checked, stored once per appointment; and the reminder setting page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from booking_support import add_patient, make_schedule
from h5_support import OPENID, csrf_of, h5_client, login

from bot.clock import FrozenClock
from bot.config import Settings
from bot.services import Services
from bot.storage import Storage
from handlers.booking.models import Appointment
from handlers.survey import SurveyRepo
from push.preferences import NoticePrefs

ANSWERS = {"overall": "4", "doctor": "yes", "wait": "long", "comment": "候诊椅不够"}


@pytest.fixture
async def h5(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> tuple[TestClient, Services]:
    return await h5_client(aiohttp_client, settings, storage)


async def visit(services: Services, openid: str = OPENID, *, check_in: bool = True) -> Appointment:
    """A booking for tomorrow, then tomorrow morning, checked in."""
    clock = services.clock
    assert isinstance(clock, FrozenClock)
    day = clock.now().date() + timedelta(days=1)
    sid = await make_schedule(services, day)
    p = await add_patient(services, openid)
    appt = await services.booking.book(services.booking.ref(p), sid, idem_key=f"{openid}:v")
    clock.set(clock.now().replace(hour=8) + timedelta(days=1))
    if check_in:
        await services.checkin.check_in(services.checkin.issue(appt.id))
    return appt


async def test_answers_are_stored_once_and_a_second_submission_adds_nothing(
    h5: tuple[TestClient, Services],
) -> None:
    client, services = h5
    appt = await visit(services)
    page = f"/h5/survey/{appt.id}"
    html = await login(client, page)
    assert "这次就诊，您总体满意吗？" in html and "张三" in html
    csrf = csrf_of(html)

    resp = await client.post(page, data={**ANSWERS, "csrf": csrf})
    assert resp.status == 200 and "提交成功" in await resp.text()
    resp = await client.post(page, data={**ANSWERS, "overall": "1", "csrf": csrf})
    assert resp.status == 200 and "已经提交过" in await resp.text()

    repo = services.storage.repo(SurveyRepo)
    docs = await repo.col.find({}).to_list(None)
    assert len(docs) == 1
    assert docs[0]["_id"] == appt.id and docs[0]["answers"]["overall"] == "4"
    assert docs[0]["comment"] == "候诊椅不够" and docs[0]["department"] == "eye"
    assert "已经提交过" in await (await client.get(page)).text()


async def test_a_post_without_the_csrf_token_is_refused(h5: tuple[TestClient, Services]) -> None:
    client, services = h5
    appt = await visit(services)
    page = f"/h5/survey/{appt.id}"
    await login(client, page)
    resp = await client.post(page, data=ANSWERS)
    assert resp.status == 403 and "页面已过期" in await resp.text()
    resp = await client.post(page, data={**ANSWERS, "csrf": "forged"})
    assert resp.status == 403
    assert await services.storage.repo(SurveyRepo).col.count_documents({}) == 0


async def test_an_unanswered_question_is_asked_again_kindly(
    h5: tuple[TestClient, Services],
) -> None:
    client, services = h5
    appt = await visit(services)
    page = f"/h5/survey/{appt.id}"
    csrf = csrf_of(await login(client, page))
    resp = await client.post(page, data={"doctor": "yes", "wait": "ok", "csrf": csrf})
    body = await resp.text()
    assert resp.status == 400 and "请回答「这次就诊，您总体满意吗？」" in body
    assert 'value="yes" style="width:auto" checked' in body  # what was chosen stays chosen
    resp = await client.post(page, data={**ANSWERS, "comment": "长" * 201, "csrf": csrf})
    assert resp.status == 400 and "200 字以内" in await resp.text()
    assert await services.storage.repo(SurveyRepo).col.count_documents({}) == 0


async def test_only_the_patients_own_visit_that_happened(h5: tuple[TestClient, Services]) -> None:
    client, services = h5
    theirs = await visit(services, "o_someone_else")
    mine = await visit(services, check_in=False)  # booked, never came
    await login(client)
    resp = await client.get(f"/h5/survey/{theirs.id}")
    assert (resp.status, await resp.text()) == (404, "没有找到这次就诊")
    resp = await client.post(f"/h5/survey/{theirs.id}", data=ANSWERS)
    assert resp.status in (403, 404)

    resp = await client.get(f"/h5/survey/{mine.id}")
    assert resp.status == 200 and "还没有完成" in await resp.text()


async def test_reminder_setting_page_switches_the_opt_out(
    h5: tuple[TestClient, Services],
) -> None:
    client, services = h5
    prefs = services.storage.repo(NoticePrefs)
    html = await login(client, "/h5/reminders")
    assert "已开启" in html and "21:00 至次日 08:00" in html
    resp = await client.post("/h5/reminders", data={"reminders": "off"})
    assert resp.status == 403 and not await prefs.opted_out(OPENID)  # no CSRF token

    resp = await client.post("/h5/reminders", data={"reminders": "off", "csrf": csrf_of(html)})
    assert resp.status == 200 and "已关闭" in await resp.text()
    assert await prefs.opted_out(OPENID)
    resp = await client.post("/h5/reminders", data={"reminders": "maybe", "csrf": csrf_of(html)})
    assert (resp.status, await resp.text()) == (400, "请选择「开启」或「关闭」")
    assert await prefs.opted_out(OPENID)

"""Reminders through the visit: each owed once, at its time, with its text; delivered
once however many schedulers and workers run; opt-out and quiet hours respected."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from booking_support import add_doctor, add_patient, make_schedule, owed, say
from test_push_worker import Env, environment

from bot.clock import SHANGHAI
from bot.compose import build_services
from bot.config import ConfigError, Settings
from bot.services import Services
from bot.storage import Storage
from handlers.booking.models import Appointment
from handlers.reminders import parse_rules
from push.jobs import Job, build_workers, run_jobs
from push.outbox import Notice, OutboxRepo
from push.preferences import QuietHours, parse_quiet_hours

# Sunday 22 November 2026 in Shanghai; the visit is Monday morning at 9:00.
SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI)
MONDAY = SUNDAY.date() + timedelta(days=1)


def at(day_offset: int, hh: int, mm: int = 0) -> datetime:
    return SUNDAY.replace(hour=hh, minute=mm) + timedelta(days=day_offset)


@pytest.fixture
async def env(settings: Settings, storage: Storage) -> AsyncIterator[Env]:
    async with environment(settings, storage) as e:
        e.clock.set(SUNDAY)
        yield e


async def book(
    services: Services, openid: str, sid: str, band: str | None = "09:00", **kw: object
) -> Appointment:
    p = await add_patient(services, openid, **kw)  # type: ignore[arg-type]
    return await services.booking.book(
        services.booking.ref(p), sid, band_start=band, idem_key=f"{openid}:{sid}"
    )


async def texts(env: Env, openid: str) -> list[str]:
    return [m["message"]["text"]["content"] for m in await env.state.outbox(openid)]


async def follower(env: Env, openid: str) -> None:
    """A sandbox follower who wrote just now (the 48-hour window is open)."""
    await env.state.subscribe(openid)
    await env.seen(openid)


async def test_evening_before_fires_once_from_six_with_time_clinic_and_pickup(env: Env) -> None:
    services = env.services
    doctor = await add_doctor(services, name="张医生", department="peds")
    sid = await make_schedule(services, MONDAY, department="peds", doctor=doctor)
    appt = await book(services, "o_mum", sid, name="王小明")
    await follower(env, "o_mum")

    env.clock.set(at(0, 17, 59))
    assert await services.reminders.scan() == 0

    env.clock.set(at(0, 18, 0))
    assert await services.reminders.scan() == 1
    assert await services.reminders.scan() == 0  # every minute, still once
    [notice] = await owed(services, "o_mum")
    assert notice["_id"] == f"eve:{appt.id}" and notice["essential"] is False
    await env.drain()
    [text] = await texts(env, "o_mum")
    assert (
        "明天上午9:00 儿科 张医生" in text
        and "请8:30前" in text
        and "妇儿楼 1 层儿科分诊台" in text
    )
    assert f'<a href="{services.base_url}/h5/booking/appointments/{appt.id}">' in text


async def test_pickup_reminder_an_hour_before_the_pickup_deadline(env: Env) -> None:
    services = env.services
    sid = await make_schedule(services, MONDAY)
    appt = await book(services, "o_a", sid)
    env.clock.set(at(1, 7, 29))
    await services.reminders.scan()
    assert not any(n["_id"].startswith("pickup:") for n in await owed(services, "o_a"))

    env.clock.set(at(1, 7, 30))
    await services.reminders.scan()
    await services.reminders.scan()
    pickups = [n for n in await owed(services, "o_a") if n["_id"].startswith("pickup:")]
    assert [n["_id"] for n in pickups] == [f"pickup:{appt.id}"]
    assert "今天9:00" in pickups[0]["text"] and "请8:30前" in pickups[0]["text"]
    assert f"/h5/booking/checkin/{appt.id}" in pickups[0]["text"]


async def test_payment_due_before_the_hold_lapses_then_the_expiry_notice(env: Env) -> None:
    services = env.services
    sid = await make_schedule(services, SUNDAY.date(), "下午")
    appt = await book(services, "o_pay", sid, band=None, card_no="A0009")
    assert appt.status == "pending_payment"  # a same-day hold, 15 minutes to pay

    env.clock.set(at(0, 10, 9))
    assert await services.reminders.scan() == 0
    env.clock.set(at(0, 10, 10))
    assert await services.reminders.scan() == 1
    [due] = await owed(services, "o_pay")
    assert due["_id"] == f"paydue:{appt.id}" and due["essential"] is True
    assert "10:15 前支付" in due["text"] and "30.00 元" in due["text"]

    env.clock.set(at(0, 10, 15))
    assert await services.booking.expire_holds() == 1
    keys = [n["_id"] for n in await owed(services, "o_pay")]
    assert keys == [f"paydue:{appt.id}", f"expired:{appt.id}"]


async def test_check_in_owes_where_to_wait_in_its_transaction(env: Env) -> None:
    services = env.services
    sid = await make_schedule(services, MONDAY)
    appt = await book(services, "o_in", sid)
    env.clock.set(at(1, 8, 20))
    await services.checkin.check_in(services.checkin.issue(appt.id))
    [room] = await owed(services, "o_in")
    assert room["_id"] == f"room:{appt.id}"
    assert "门诊楼 2 层 3号诊室" in room["text"] and f"第 {appt.number} 号" in room["text"]


async def test_queue_tells_each_patient_at_five_three_one_then_calls_them(env: Env) -> None:
    services = env.services
    sid = await make_schedule(services, MONDAY, capacity=10)
    appts = [await book(services, f"o_q{i}", sid, band=None) for i in range(8)]
    last = max(appts, key=lambda a: a.number)
    env.clock.set(at(1, 8, 0))
    for _ in range(8):
        assert await services.his.call_next(sid) is not None
        await services.reminders.queue_moved(sid)

    notices = await owed(services, last.openid)
    assert [n["_id"].rsplit(":", 1)[1] for n in notices] == ["5", "3", "1", "now"]
    assert ["前面还有 5 人" in notices[0]["text"], "前面还有 3 人" in notices[1]["text"]] == [
        True,
        True,
    ]
    assert "前面还有 1 人" in notices[2]["text"]
    assert "请到 门诊楼 2 层 3号诊室 就诊" in notices[3]["text"]
    assert [n["essential"] for n in notices] == [False, False, False, True]
    first = min(appts, key=lambda a: a.number)
    assert [n["_id"] for n in await owed(services, first.openid)] == [f"queue:{first.id}:now"]


async def test_survey_at_seven_pm_once_per_visit_that_happened(env: Env) -> None:
    services = env.services
    sid = await make_schedule(services, MONDAY)
    visited = await book(services, "o_v", sid)
    await book(services, "o_absent", sid, band="10:00")
    env.clock.set(at(1, 8, 10))
    await services.checkin.check_in(services.checkin.issue(visited.id))

    survey = next(j for j in services.jobs if j.name == "reminders.survey")
    assert survey.at == "19:00"
    env.clock.set(at(1, 19, 0))
    assert await survey.fn() == 1
    assert await survey.fn() == 0
    surveys = [n for n in await owed(services) if n["_id"].startswith("survey:")]
    assert [n["_id"] for n in surveys] == [f"survey:{visited.id}"]
    assert f'<a href="{services.base_url}/h5/survey/{visited.id}">' in surveys[0]["text"]


async def test_two_schedulers_and_two_workers_send_each_reminder_once(
    env: Env, settings: Settings, storage: Storage
) -> None:
    """Two processes' services over the same databases run the scan at the same moment,
    many times; two workers drain at once: one message per reminder."""
    services = env.services
    other = build_services(services.settings, storage, clock=env.clock)
    sid = await make_schedule(services, MONDAY, capacity=10)
    openids = [f"o_r{i}" for i in range(5)]
    for o in openids:
        await book(services, o, sid, band=None)
        await follower(env, o)
    env.clock.set(at(0, 18, 30))

    counts = await asyncio.gather(
        *(s.reminders.scan() for _ in range(5) for s in (services, other))
    )
    assert sum(counts) == 5
    await asyncio.gather(env.drain(), env.drain())
    await env.drain()
    for o in openids:
        sent = await texts(env, o)
        assert len(sent) == 1 and "【就诊提醒】" in sent[0]


async def test_opt_out_drops_reminders_but_not_a_stop(env: Env) -> None:
    services = env.services
    sid = await make_schedule(services, MONDAY)
    await book(services, "o_quiet", sid)
    await follower(env, "o_quiet")
    assert "已关闭就诊提醒" in await say(services, "o_quiet", "退订提醒")

    env.clock.set(at(0, 18, 0))
    await services.reminders.scan()
    await services.booking.stop_session(sid, "专家外出会诊")
    await env.drain()

    [sent] = await texts(env, "o_quiet")
    assert "停诊" in sent
    repo = services.storage.repo(OutboxRepo)
    eve = next(n for n in await owed(services, "o_quiet") if n["_id"].startswith("eve:"))
    assert (await repo.get(eve["_id"]))["outcome"] == "opted_out"

    assert "已开启提醒" in await say(services, "o_quiet", "开启提醒")
    await services.reminders.report_ready(
        report_id="r1", openid="o_quiet", patient_name="张三", report_name="血常规报告"
    )
    await env.drain()
    assert len(await texts(env, "o_quiet")) == 2


async def test_quiet_hours_hold_reminders_to_eight_but_not_a_stop(env: Env) -> None:
    services = env.services
    sid = await make_schedule(services, MONDAY)
    await book(services, "o_night", sid)
    env.clock.set(at(0, 22, 0))
    await follower(env, "o_night")
    await services.reminders.report_ready(
        report_id="r9", openid="o_night", patient_name="张三", report_name="血常规报告"
    )
    await services.booking.stop_session(sid, "专家外出会诊")

    await env.drain()
    [sent] = await texts(env, "o_night")
    assert "停诊" in sent  # essential: at 22:00 too
    held = await services.storage.repo(OutboxRepo).get("report:r9")
    assert held["status"] == "pending"
    assert held["not_before"].astimezone(SHANGHAI) == at(1, 8, 0)

    env.clock.set(at(1, 7, 59))
    await env.drain()
    assert len(await texts(env, "o_night")) == 1
    env.clock.set(at(1, 8, 0))
    await env.drain()
    await env.drain()
    sent = await texts(env, "o_night")
    assert len(sent) == 2 and "血常规报告已出" in sent[1] and "回复「报告」" in sent[1]


async def test_a_reminder_whose_deadline_falls_inside_quiet_hours_is_dropped(env: Env) -> None:
    services = env.services
    await follower(env, "o_early")
    notice = Notice(
        key="pickup:x",
        openid="o_early",
        type="visit_reminder",
        text="请7:30前取号",
        essential=False,
        not_after=at(1, 7, 30),
    )
    env.clock.set(at(1, 6, 30))
    await services.storage.repo(OutboxRepo).add(notice, now=env.clock.now())
    await env.drain()
    assert await texts(env, "o_early") == []
    assert (await services.storage.repo(OutboxRepo).get("pickup:x"))["outcome"] == "expired"


async def test_report_and_medicine_hooks_owe_one_notice_each(env: Env) -> None:
    r = env.services.reminders
    assert await r.report_ready(
        report_id="lab7",
        openid="o_h",
        patient_name="李四",
        report_name="肝功能报告",
        url="https://h.example/r/lab7",
    )
    assert not await r.report_ready(
        report_id="lab7", openid="o_h", patient_name="李四", report_name="肝功能报告"
    )
    assert await r.drug_pickup(
        prescription_id="rx1",
        openid="o_h",
        patient_name="李四",
        window="门诊楼 1 层西药房 3 号窗口",
    )
    notices = await owed(env.services, "o_h")
    assert [(n["_id"], n["type"]) for n in notices] == [
        ("report:lab7", "report_ready"),
        ("drug:rx1", "drug_pickup"),
    ]
    assert '<a href="https://h.example/r/lab7">查看报告</a>' in notices[0]["text"]
    assert "门诊楼 1 层西药房 3 号窗口 取药" in notices[1]["text"]
    # reminders/data_time.j2: SUNDAY on the hospital's clock
    assert [n["data"]["time"] for n in notices] == ["11月22日 10:00", "11月22日 10:00"]


def test_quiet_hours_cross_midnight() -> None:
    q = QuietHours(start=at(0, 21).time(), end=at(0, 8).time())
    assert q.ends_after(at(0, 20, 59)) is None
    assert q.ends_after(at(0, 21, 0)) == at(1, 8, 0)
    assert q.ends_after(at(1, 3, 0)) == at(1, 8, 0)
    assert q.ends_after(at(1, 8, 0)) is None


def test_bad_reminder_and_quiet_hour_settings_name_the_field() -> None:
    with pytest.raises(ConfigError, match=r"reminders\.evening_at[\s\S]*Fix: "):
        parse_rules({"evening_at": "6pm"})
    with pytest.raises(ConfigError, match=r"reminders\.queue_milestones[\s\S]*Fix: "):
        parse_rules({"queue_milestones": [3, 0]})
    with pytest.raises(ConfigError, match=r"push.quiet_hours.*Fix"):
        parse_quiet_hours({"quiet_hours": {"start": "21:00"}})
    assert parse_rules({}).queue_milestones == (5, 3, 1)


async def test_two_cron_workers_running_the_scan_owe_each_reminder_once(env: Env) -> None:
    """The job system itself: two processes' cron workers fire the scan (every second
    here); every run has one id, and every reminder is owed once."""
    services = env.services
    sid = await make_schedule(services, MONDAY, capacity=10)
    for i in range(3):
        await book(services, f"o_c{i}", sid, band=None)
    env.clock.set(at(0, 18, 30))
    runs: list[int] = []
    enough = asyncio.Event()

    async def scan() -> int:
        runs.append(await services.reminders.scan())
        if len(runs) >= 3:
            enough.set()
        return runs[-1]

    jobs = [Job("reminders.scan", scan, every=1)]
    workers = [
        *build_workers(services.storage, services.clock, jobs, on_demand=False),
        *build_workers(services.storage, services.clock, jobs, on_demand=False),
    ]
    stop = asyncio.Event()
    task = asyncio.create_task(run_jobs(workers, stop))
    await asyncio.wait_for(enough.wait(), 30)
    stop.set()
    await asyncio.wait_for(task, 30)

    assert sum(runs) == 3 and runs[0] == 3  # the first run owed all, later ones nothing
    keys = [n["_id"] for n in await owed(services) if n["_id"].startswith("eve:")]
    assert len(keys) == len(set(keys)) == 3

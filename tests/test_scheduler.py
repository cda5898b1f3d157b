"""Timed jobs: registered by name at start-up, fired once per period however many
workers and schedulers run (each run has one job id), run under a frozen clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from arq.constants import in_progress_key_prefix
from booking_support import (
    NOW,
    TEST_KEY,
    TODAY,
    clock_of,
    frozen_services,
    make_schedule,
    owed,
    ref,
    remaining,
)

from bot.clock import FrozenClock
from bot.compose import build_services
from bot.config import ConfigError, Settings
from bot.sandbox import sandbox_settings
from bot.storage import Storage
from push.jobs import (
    CRON_QUEUE,
    Job,
    JobQueue,
    WorkerOptions,
    _cron_fields,
    build_workers,
    check,
    run_jobs,
)
from push.worker import _worker_options


async def test_two_schedulers_fire_each_run_of_a_cron_job_once(
    settings: Settings, storage: Storage
) -> None:
    """Two processes' cron workers (a `worker` and a `scheduler`) share the timed jobs:
    every second's run happens exactly once."""
    services = frozen_services(settings, storage)
    calls: list[int] = []
    enough = asyncio.Event()

    async def tick() -> None:
        calls.append(1)
        if len(calls) >= 4:
            enough.set()

    fired: list[str] = []

    async def record(ctx: dict, *args: object) -> None:
        fired.append(ctx["job_id"])

    jobs = [Job("test.tick", tick, every=1)]
    a = build_workers(services.storage, services.clock, jobs, on_demand=False)
    b = build_workers(services.storage, services.clock, jobs, on_demand=False)
    for w in (*a, *b):
        w.on_job_start = record
    stop = asyncio.Event()
    task = asyncio.create_task(run_jobs([*a, *b], stop))
    await asyncio.wait_for(enough.wait(), 30)
    stop.set()
    await asyncio.wait_for(task, 30)

    assert len(fired) >= 4 and len(fired) == len(calls)
    assert len(fired) == len(set(fired))  # no run id twice, whoever picked it up
    assert all(f.startswith("test.tick:") for f in fired)
    assert await storage.redis.zcard(CRON_QUEUE) <= 2  # at most the next runs queued


def test_the_composition_root_registers_every_job(settings: Settings, storage: Storage) -> None:
    services = frozen_services(settings, storage)
    timed = {j.name: j.every for j in services.jobs if j.timed}
    assert timed == {
        "booking.expire_holds": 30,
        "booking.waitlist_offers": 30,
        "booking.no_shows": 300,
        "booking.reconcile_places": 300,
        "booking.reconcile_notices": 300,
        "booking.extend_roster": 3600,
        "push.resume_broadcasts": 60,
        "reminders.scan": 60,
        "reminders.survey": None,  # at 19:00
    }
    on_demand = [j.name for j in services.jobs if not j.timed]
    assert on_demand == [
        "push.deliver",
        "push.send",
        "push.broadcast_expand",
        "push.broadcast_batch",
    ]
    reconcilers = [j.name for j in services.jobs if j.at_startup]
    assert "booking.reconcile_places" in reconcilers and "booking.expire_holds" in reconcilers


def test_payments_lifecycle_jobs_are_timed_jobs_with_a_merchant(
    settings: Settings, storage: Storage
) -> None:
    """With a WeChat Pay merchant (here the sandbox's) payments register their lifecycle
    jobs beside booking's, as cron jobs of the same system; without one, none."""
    ours = sandbox_settings(settings.with_overrides(secret_key=TEST_KEY), "http://127.0.0.1:1")
    services = build_services(ours, storage, clock=FrozenClock(NOW, ours.tz))
    assert services.payments.enabled
    timed = {j.name: j.every for j in services.jobs if j.name.startswith("payments.")}
    assert timed == {
        "payments.close_expired": 30,
        "payments.query_silent": 60,
        "payments.issue_refunds": 30,
        "payments.retry_refunds": 120,
        "payments.settle_his": 60,
        "payments.reconcile": 1800,
    }
    check(services.jobs)  # every period fits a cron schedule, names unique
    assert not frozen_services(settings, storage).payments.enabled  # no merchant: no jobs


async def test_a_picked_job_is_marked_in_progress_for_its_timeout_plus_the_grace(
    settings: Settings, storage: Storage
) -> None:
    """A worker killed mid-job leaves its in-progress mark: the job runs again elsewhere
    once it expires, `push.jobs.timeout_seconds` + `takeover_grace_seconds` later."""
    services = frozen_services(settings, storage)
    assert services.push.options.takeover_grace_seconds == 10  # production: arq's 10 s
    running, release = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        running.set()
        await release.wait()

    jobs = [Job("test.hold", hold, timeout=7)]
    [worker] = build_workers(
        storage, services.clock, jobs, timed=False, options=WorkerOptions(takeover_grace_seconds=2)
    )
    queue = JobQueue(storage.redis, services.clock)
    assert await queue.enqueue("test.hold", job_id="held")
    stop = asyncio.Event()
    task = asyncio.create_task(run_jobs([worker], stop))
    await asyncio.wait_for(running.wait(), 30)
    ttl = await storage.redis.pttl(in_progress_key_prefix + "held")
    release.set()
    stop.set()
    await asyncio.wait_for(task, 30)
    assert 5_000 < ttl <= 9_000  # 7 s + 2 s from the pick-up, not arq's 7 + 10 s

    with pytest.raises(ConfigError, match="takeover_grace_seconds"):
        _worker_options({"jobs": {"takeover_grace_seconds": 0}})


def test_periods_become_cron_fields_and_bad_ones_are_refused() -> None:
    async def noop() -> None:
        return None

    assert _cron_fields(Job("a", noop, every=30)) == {"second": {0, 30}}
    assert _cron_fields(Job("b", noop, every=300)) == {
        "minute": set(range(0, 60, 5)),
        "second": 0,
    }
    assert _cron_fields(Job("c", noop, every=3600)) == {"minute": {0}, "second": 0}
    assert _cron_fields(Job("g", noop, every=7200))["hour"] == set(range(0, 24, 2))
    assert _cron_fields(Job("d", noop, at="19:00")) == {"hour": {19}, "minute": {0}, "second": 0}
    with pytest.raises(ValueError, match="must divide"):
        check([Job("e", noop, every=7)])
    with pytest.raises(ValueError, match="twice"):
        check([Job("f", noop), Job("f", noop)])


async def test_registered_jobs_run_under_a_frozen_clock(
    settings: Settings, storage: Storage
) -> None:
    """Holds expire (the patient is told), waitlist offers move on: the jobs as
    registered at start-up, driven by a FrozenClock."""
    services = frozen_services(settings, storage)
    clock, svc = clock_of(services), services.booking
    hold_minutes = services.booking_rules.hold_minutes  # from config.yml `booking:`
    offer_minutes = services.booking_rules.waitlist_offer_minutes
    # A same-day place held unpaid (`pending_payment`) ...
    today = await make_schedule(services, TODAY, "下午", capacity=2)
    holder = await ref(services, "o_hold", "周甲", card_no="C1")
    held = await svc.book(holder, today, idem_key="held")
    # ... and a full session tomorrow with two patients waiting.
    tomorrow = await make_schedule(services, TODAY + timedelta(days=1), capacity=1)
    taker = await svc.book(await ref(services, "o_take", "吴乙"), tomorrow, idem_key="t")
    s = await services.his.schedule(tomorrow)
    assert s is not None
    for openid, name in (("o_w1", "郑丙"), ("o_w2", "王丁")):
        await svc.waitlist.join(await ref(services, openid, name), s, clock.now())
        clock.advance(seconds=1)
    await svc.cancel("o_take", taker.id)  # the place is offered to o_w1

    clock.advance(minutes=max(hold_minutes, offer_minutes) + 1)
    jobs = {j.name: j for j in services.jobs}
    assert await jobs["booking.expire_holds"].fn() == 1
    assert await jobs["booking.waitlist_offers"].fn() == 1

    doc = await svc.appointments.col.find_one({"_id": held.id})
    assert doc is not None and doc["status"] == "expired"
    assert await remaining(services, today) == 2  # the expired hold's place is back
    [expired] = await owed(services, "o_hold")
    assert expired["_id"] == f"expired:{held.id}" and "已释放" in expired["text"]
    [offer] = await owed(services, "o_w2")
    assert "接受候补" in offer["text"]  # o_w1's offer ran out: o_w2's turn
    assert await remaining(services, tomorrow) == 0  # still held, for o_w2

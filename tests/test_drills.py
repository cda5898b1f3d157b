"""Fault drills: real processes killed with SIGKILL at randomized points, then the
invariants checked with nothing repaired by hand (no reconciler runs here).

- book/cancel loop (6 patients racing for 4 places), killed 30 times: after every
  kill, free places = capacity − active appointments, per band;
- 停诊 of 12 appointments, the stopping process killed at a random moment, 15 times:
  re-issuing the stop and delivering gives every patient exactly one notice;
- a 2,000-recipient broadcast whose worker is killed 5 times (and the tokens expire
  mid-run), a new worker started each time: every recipient gets exactly one message;
- Redis restarted during a broadcast: it finishes, one message each.

Sizes are what the claims need, no more: the 停诊 is one transaction whatever its size
(a kill lands before or after its commit). A broadcast worker takes at most 2 of the 10
batches at a time, so each worker after the first has batches of its own and is killed
while it sends them (with arq's 16 the first took most of them, and the dead one's stay
taken for 7 s: the next workers were mostly killed idle).

The kill moments are drawn from a seeded RNG (printed on failure): a sleep here picks
WHERE to kill, it never stands in for waiting on a result.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from booking_support import add_patient, make_schedule
from live_app import live_app

from bot.clock import Clock
from bot.config import Settings
from bot.localstack import LocalStack
from bot.sandbox.state import SandboxState
from bot.services import Services
from bot.storage import Storage
from push.broadcast import BroadcastEngine
from push.worker import drain_once, run_worker

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]  # each takes 10-30 s idle

ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "drills" / "driver.py"
SEED = int(os.environ.get("DRILL_SEED", "20261125"))
BOOK_CANCEL_KILLS = int(os.environ.get("DRILL_BOOK_CANCEL_KILLS", "30"))
STOP_KILLS = int(os.environ.get("DRILL_STOP_KILLS", "15"))
STOP_PATIENTS = 12
BROADCAST_RECIPIENTS = 2000  # 10 batches (push.broadcast.BATCH_SIZE)
BROADCAST_WORKER_JOBS = 2  # push.jobs.max_jobs of the killed workers
RESTART_RECIPIENTS = 600
FAST = {"per_second": 4000, "burst": 1000}
# The worker processes' job timeout (a broadcast run is a third of it) and the grace
# after it: a killed worker's jobs run again 4 + 3 s after their pick-up (production:
# 60 + 10 s). The grace still outlasts a live run by seconds (its own deadline is 3.6 s).
TAKEOVER = {"timeout_seconds": 4, "takeover_grace_seconds": 3}
# How long a drill waits for a line a process owes (`ready`, `done`): seconds idle,
# bounded so that a process that failed or hangs fails the drill with its stderr.
LINE_WAIT = 120.0


@dataclass
class Drill:
    services: Services
    state: SandboxState
    env: dict[str, str]
    rng: random.Random
    errors: Any = subprocess.DEVNULL  # the processes' stderr (a file under tmp_path)
    errors_path: Path | None = None
    procs: list[subprocess.Popen[str]] = field(default_factory=list)
    zygote: subprocess.Popen[str] | None = None
    children: list[int] = field(default_factory=list)  # the zygote's
    # The zygote's stdout, line by line, read by a daemon thread: a wait for a line is
    # bounded, and a process that never prints cannot hold up the event loop's close.
    lines: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)

    def spawn(self, *argv: str) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, *argv],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            errors="replace",  # an odd byte must not end the reader thread
        )
        self.procs.append(proc)
        return proc

    def kill_all(self) -> None:
        if self.zygote is not None and self.zygote.stdin is not None:
            for pid in self.children:  # those still there (a test that failed midway)
                with contextlib.suppress(OSError, ValueError, IndexError):
                    stat = Path(f"/proc/{pid}/stat").read_text()
                    if int(stat.rsplit(")", 1)[1].split()[1]) == self.zygote.pid:
                        os.kill(pid, signal.SIGKILL)
            self.zygote.stdin.close()  # the zygote ends
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    async def fork(self, *argv: str, ready: str = "") -> int:
        """A fresh driver process forked by the zygote (imports paid once); its pid
        once it prints `ready PID` (or `ready`)."""
        if self.zygote is None:
            self.zygote = self.spawn(str(DRIVER), "zygote")
            loop = asyncio.get_running_loop()
            reader = threading.Thread(
                target=_read_lines, args=(self.zygote, self.lines, loop), daemon=True
            )
            reader.start()
        proc = self.zygote
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(" ".join(argv) + "\n")
        proc.stdin.flush()
        child = await self.line("child ")
        self.children.append(int(child))
        await self.line(ready or f"ready {child}")
        return int(child)

    async def line(self, prefix: str, within: float = LINE_WAIT) -> str:
        """The rest of the zygote's (or a child's) next line starting with `prefix`."""
        deadline = time.monotonic() + within
        while True:
            try:
                line = await asyncio.wait_for(self.lines.get(), deadline - time.monotonic())
            except TimeoutError:
                self.dump_zygote()
                raise AssertionError(
                    f"seed {SEED}: no {prefix.strip()!r} line in {within} s; {self.stderr()}"
                ) from None
            assert line is not None, f"the zygote exited; {self.stderr()}"
            assert not line.startswith("failed "), f"{line.strip()}; {self.stderr()}"
            if line.startswith(prefix):
                return line[len(prefix) :].strip() or prefix

    def dump_zygote(self) -> None:
        """Have a zygote that stopped answering write its threads' stacks to stderr
        (faulthandler, registered on SIGUSR1 in the driver), for the failure message."""
        if self.zygote is None or self.zygote.poll() is not None or self.errors_path is None:
            return
        size = self.errors_path.stat().st_size
        os.kill(self.zygote.pid, signal.SIGUSR1)
        deadline = time.monotonic() + 5
        while self.errors_path.stat().st_size == size and time.monotonic() < deadline:
            time.sleep(0.05)  # only on the way to a failure: the dump is written at once

    def stderr(self) -> str:
        """The end of what the drill's processes wrote to stderr."""
        if self.errors_path is None:
            return "no stderr kept"
        self.errors.flush()
        return f"their stderr ends: {self.errors_path.read_text()[-2000:]!r}"

    async def kill_child_within(self, pid: int, lo: float, hi: float) -> float:
        at = self.rng.uniform(lo, hi)
        await asyncio.sleep(at)  # the crash point, drawn at random
        mongo_port = urlsplit(self.env["MONGODB_URI"]).port or 27017
        sockets = _tcp_sockets(pid)
        assert sockets, f"no TCP connection of process {pid} found in /proc"  # it has connected
        dead = {i: local for i, (local, remote) in sockets.items() if remote == mongo_port}
        await self.end_child(pid, signal.SIGKILL, 10)
        # A transaction the dead process left open keeps its documents locked until the
        # server aborts it (MongoDB: transactionLifetimeLimitSeconds, 60 s). Uncommitted,
        # it changes nothing; aborting it now only keeps the drill short. The server may
        # still be running the last command the process sent (one that opens a
        # transaction, say): it is aborted once the server has closed the dead
        # process's connections, which it does after their last command.
        # If that last command is itself waiting (on documents another dead process's
        # transaction holds, say), the connections stay until sessions are aborted: after
        # a grace period the wait aborts them on each look.
        # On loopback Linux hands a closed connection's local port to a new one at once
        # (tcp_tw_reuse): a port a live process now holds to the server is not the dead
        # process's any more.
        admin = self.services.storage.mongo.admin
        grace = time.monotonic() + 2

        async def closed() -> bool:
            live = {
                local
                for i, (local, remote) in _tcp_sockets(os.getpid(), every=True).items()
                if remote == mongo_port and i not in dead and i != "0"
            }
            gone = await _no_clients(admin, set(dead.values()) - live)
            if gone or time.monotonic() > grace:
                await admin.command({"killAllSessions": []})
            return gone

        await until(closed, 60, f"the server closing {pid}'s links")
        return at

    async def end_child(self, pid: int, sig: signal.Signals, within: float) -> None:
        """Signal a zygote's child and wait until it is gone (the kernel reaps it)."""
        os.kill(pid, sig)
        deadline = time.monotonic() + within
        for _ in itertools.count():
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            assert time.monotonic() < deadline, f"process {pid} still there after {sig.name}"
            await asyncio.sleep(0.005)


def _tcp_sockets(pid: int, every: bool = False) -> dict[str, tuple[int, int]]:
    """A process's TCP sockets (or, with `every`, all of its network namespace's) from
    /proc: socket inode -> (local port, remote port)."""
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    sockets = {}
    for table in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            for row in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
                cols = row.split()
                if every or cols[9] in inodes:
                    local, remote = (int(c.rsplit(":", 1)[1], 16) for c in cols[1:3])
                    sockets[cols[9]] = (local, remote)
    return sockets


async def _no_clients(admin: Any, ports: set[int]) -> bool:
    """Whether none of the server's client connections comes from these local ports."""
    ops = await admin.command({"currentOp": 1, "$all": True})
    clients = {op.get("client", "") for op in ops.get("inprog", [])}
    return not any(
        c.rsplit(":", 1)[-1].isdigit() and int(c.rsplit(":", 1)[1]) in ports for c in clients
    )


def _read_lines(
    proc: subprocess.Popen[str],
    lines: asyncio.Queue[str | None],
    loop: asyncio.AbstractEventLoop,
) -> None:
    """A daemon thread's loop: each line the zygote's stdout carries (its children's
    too), then None at its end."""
    assert proc.stdout is not None
    try:
        with contextlib.suppress(ValueError, OSError):  # the pipe closed
            for line in proc.stdout:
                loop.call_soon_threadsafe(lines.put_nowait, line)
    finally:  # whatever ended the reading, a waiting drill hears of it at once
        with contextlib.suppress(RuntimeError):  # the loop closed
            loop.call_soon_threadsafe(lines.put_nowait, None)


def drill_config(settings: Settings, path: Path, **push: Any) -> Path:
    raw = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    raw.setdefault("storage", {})["database"] = settings.database
    raw["push"]["rate_limits"] = {"custom": FAST, "template": FAST, "subscribe": FAST}
    raw["push"]["jobs"] = {**raw["push"].get("jobs", {}), **push}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@contextlib.asynccontextmanager
async def drill(
    settings: Settings, storage: Storage, tmp_path: Path, **worker_jobs: Any
) -> AsyncIterator[Drill]:
    """The app, and the environment of the processes it forks; `worker_jobs` goes to
    their `push.jobs`."""
    raw = dict(settings.raw)
    jobs = {**raw["push"].get("jobs", {}), **TAKEOVER}
    raw["push"] = {**raw["push"], "rate_limits": {"custom": FAST, "template": FAST}, "jobs": jobs}
    settings = settings.with_overrides(raw=raw)
    # No per-minute cap in this WeChat sandbox: at WeChat's 2,000 calls a minute a
    # 5,000-recipient broadcast meets 45011 and waits out the minute (push.policy), a
    # pause that has nothing to do with the kills (test_push_client covers 45011).
    unlimited = {"rate_limit_per_minute": 0}
    async with live_app(settings, storage, Clock(settings.tz), **unlimited) as (base, services):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT", "PUBLIC"))}
        env.update(
            MONGODB_URI=settings.mongodb_uri,
            REDIS_URL=settings.redis_url,
            HOSPITAL_BOT_CONFIG=str(
                drill_config(settings, tmp_path / "drill.yml", **TAKEOVER, **worker_jobs)
            ),
            HOSPITAL_BOT_DATA_DIR=str(tmp_path),
            SECRET_KEY=services.settings.secret_key,
            HOSPITAL_BOT_SANDBOX="1",
            PUBLIC_BASE_URL=base,
            LOG_LEVEL="ERROR",
            # no BLAS worker threads in the zygote: it forks a process for each command,
            # and a fork must not wait on another thread's at-fork handler
            OPENBLAS_NUM_THREADS="1",
            OMP_NUM_THREADS="1",
            MKL_NUM_THREADS="1",
        )
        state = SandboxState(storage.redis, services.settings, services.clock)
        errors_path = tmp_path / "processes.err"
        with errors_path.open("w") as errors:
            d = Drill(services, state, env, random.Random(SEED), errors, errors_path)
            try:
                yield d
            finally:
                d.kill_all()


async def until(check: Callable[[], Awaitable[bool]], within: float, what: str) -> None:
    """Wait for an outcome another process produces, looking every 0.2 s, bounded."""
    deadline = time.monotonic() + within
    for _ in itertools.count():
        if await check():
            return
        assert time.monotonic() < deadline, f"seed {SEED}: {what} not reached in {within} s"
        await asyncio.sleep(0.2)


async def leaked(services: Services, schedule_id: str) -> int:
    """Places neither free nor held by an active appointment (or the reverse)."""
    s = await services.his.schedule(schedule_id)
    assert s is not None
    taken = await services.booking.appointments.taken_places([schedule_id])
    mine = taken.get(schedule_id, {})
    off = abs(s.capacity - s.remaining - sum(mine.values()))
    return off + sum(abs(b.capacity - b.remaining - mine.get(b.start, 0)) for b in s.bands)


async def test_book_cancel_loop_killed_30_times_leaks_no_place(
    settings: Settings, storage: Storage, tmp_path: Path
) -> None:
    async with drill(settings, storage, tmp_path) as d:
        services = d.services
        day = services.clock.now().date() + timedelta(days=1)
        sid = await make_schedule(services, day, "下午", capacity=4)
        openids = [f"o_bc{i:02d}" for i in range(6)]
        for i, openid in enumerate(openids):
            await add_patient(services, openid, "张三", i=9000 + i)
        kills, leaks = [], []
        for _ in range(BOOK_CANCEL_KILLS):
            pid = await d.fork("book_cancel", sid, *openids)
            # A cycle (book, then cancel, 6 patients at once) takes tens of milliseconds:
            # half a second spreads the kill over many cycles' phases.
            kills.append(await d.kill_child_within(pid, 0.0, 0.5))
            leaks.append(await leaked(services, sid))
        col = services.booking.appointments.col
        cycles = await col.count_documents({"schedule_id": sid, "status": "cancelled"})
        errors = (tmp_path / "processes.err").read_text()[-2000:]
        assert cycles >= 2 * BOOK_CANCEL_KILLS, f"the loop did not get going: {errors}"
        assert leaks == [0] * BOOK_CANCEL_KILLS, f"seed {SEED}: kills at {kills} leaked {leaks}"


async def test_stop_of_12_appointments_killed_15_times_notifies_each_patient_once(
    settings: Settings, storage: Storage, tmp_path: Path
) -> None:
    async with drill(settings, storage, tmp_path) as d:
        services, svc = d.services, d.services.booking
        openids = [f"o_st{i:02d}" for i in range(STOP_PATIENTS)]
        refs = []
        for i, openid in enumerate(openids):
            await d.state.subscribe(openid)
            refs.append(svc.ref(await add_patient(services, openid, "李四", i=9100 + i)))
        today = services.clock.now().date()
        slots = [  # 20 distinct sessions (the calibration has a department of its own)
            (dept, today + timedelta(days=n), session)
            for n in range(1, 6)
            for dept in ("eye", "ent")
            for session in ("上午", "下午")
        ]

        async def booked_session(dept: str, day: date, session: str) -> str:
            sid = await make_schedule(
                services, day, session, capacity=STOP_PATIENTS, department=dept
            )
            for p in refs:  # one after the other: all at once only fight over the schedule
                await svc.book(p, sid, idem_key=f"{sid}:{p.openid}")
            return sid

        # Calibration: how long one uninterrupted stop takes here, from `ready` (where
        # the kill clock starts) to `done`, so the kill points spread over the whole of
        # it (and a little after). Tomorrow: a day already released at any hour (the last
        # day of the window opens only at release_time, 07:00).
        sid = await booked_session("derm", today + timedelta(days=1), "下午")
        pid = await d.fork("stop", sid)
        started = time.monotonic()
        await d.line(f"done {pid}")
        took = time.monotonic() - started
        await drain_once(services)
        stopped_before = {}
        for k, (dept, day, session) in enumerate(slots[:STOP_KILLS], start=1):
            sid = await booked_session(dept, day, session)
            pid = await d.fork("stop", sid)
            await d.kill_child_within(pid, 0.0, 1.3 * took)
            s = await services.his.schedule(sid)
            stopped_before[sid] = s is not None and s.status == "stopped"
            await svc.stop_session(sid, "专家外出会诊")  # staff re-issue the stop
            await drain_once(services)
            counts = [len(await d.state.outbox(o)) for o in openids]
            assert counts == [k + 1] * STOP_PATIENTS, f"seed {SEED}: after stop {k}: {counts}"
            active = await svc.appointments.col.count_documents(
                {"schedule_id": sid, "active": True}
            )
            assert active == 0
        # The kills landed on both sides of the commit (drawn at random, so reported).
        print(f"stops committed before the kill: {sum(stopped_before.values())}/{STOP_KILLS}")


async def test_worker_killed_5_times_in_a_2000_recipient_broadcast_sends_each_once(
    settings: Settings, storage: Storage, tmp_path: Path
) -> None:
    async with drill(settings, storage, tmp_path, max_jobs=BROADCAST_WORKER_JOBS) as d:
        redis = storage.redis
        openids = [f"o_bd{i:05d}" for i in range(BROADCAST_RECIPIENTS)]
        async with redis.pipeline(transaction=False) as pipe:
            for o in openids:
                pipe.hset(f"sandbox:user:{o}", mapping={"subscribed": "1", "nickname": o[-5:]})
                pipe.hset(f"sandbox:user:{o}", "last_interaction", 0)
            await pipe.execute()
        engine = d.services.push.broadcasts
        await d.services.push.lists.store("drill", openids)
        bid = await engine.create(
            title="停水通知", body="明天门诊楼停水", audience="list", params={"list": "drill"}
        )
        await engine.start(bid)
        started = "hospital-bot worker started"
        for kill in range(5):
            sent = await _sent(engine, bid)
            pid = await d.fork("worker", ready=started)  # `hospital-bot worker`
            if kill == 0:  # the expansion and the first sends: from the start
                await d.kill_child_within(pid, 0.3, 1.5)
                continue
            # The others once they send (the batches they took are theirs alone: the dead
            # ones' stay taken for 7 s), at a random moment of their first second of it.
            await until(
                lambda n=sent + 1: _sent_at_least(engine, bid, n), 60, f"worker {kill} sending"
            )
            if kill == 2:
                await d.state.expire_tokens("expire")  # token expiry during the run
            await d.kill_child_within(pid, 0.0, 1.0)
        pid = await d.fork("worker", ready=started)
        await until(lambda: _done(engine, bid), 240, "the broadcast's end")
        p = await engine.progress(bid)
        await d.end_child(pid, signal.SIGTERM, 30)
        async with redis.pipeline(transaction=False) as pipe:
            for o in openids:
                pipe.llen(f"sandbox:outbox:{o}")
            counts = await pipe.execute()
        twice = [o for o, n in zip(openids, counts, strict=True) if n != 1]
        assert twice == [], f"seed {SEED}: {len(twice)} recipients got != 1 message"
        assert (p.sent, p.pending) == (BROADCAST_RECIPIENTS, 0)


async def test_redis_restarted_during_a_broadcast_finishes_once_each(
    settings: Settings, tmp_path: Path
) -> None:
    """Its own redis-server (append-only file), restarted cleanly mid-broadcast on the
    same port: the worker reconnects, the broadcast resumes, one message each."""
    stack = LocalStack(data_dir=tmp_path / "r").start(mongo=False)
    settings = settings.with_overrides(redis_url=stack.redis_url)
    storage = Storage(settings.mongodb_uri, settings.redis_url, settings.database)
    await storage.ensure_indexes()
    try:
        async with drill(settings, storage, tmp_path) as d:
            openids = [f"o_rr{i:04d}" for i in range(RESTART_RECIPIENTS)]
            for i in range(0, len(openids), 50):  # 50 at a time
                await asyncio.gather(*(d.state.subscribe(o) for o in openids[i : i + 50]))
            await d.services.push.lists.store("rr", openids)
            engine = d.services.push.broadcasts
            bid = await engine.create(title="t", body="b", audience="list", params={"list": "rr"})
            stop = asyncio.Event()
            task = asyncio.create_task(run_worker(d.services.push, d.services.jobs, stop))
            await engine.start(bid)
            await until(lambda: _sent_at_least(engine, bid, 200), 60, "200 sent")
            await asyncio.to_thread(stack.restart, "redis")
            await until(lambda: _done(engine, bid), 120, "the broadcast's end")
            stop.set()
            await asyncio.wait_for(task, 30)
            counts = [len(await d.state.outbox(o)) for o in openids]
            assert counts == [1] * len(openids)
    finally:
        await storage.mongo.drop_database(settings.database)
        await storage.close()
        stack.stop()


async def _done(engine: BroadcastEngine, bid: str) -> bool:
    p = await engine.progress(bid)
    return p is not None and p.done


async def _sent(engine: BroadcastEngine, bid: str) -> int:
    p = await engine.progress(bid)
    return p.sent if p is not None else 0


async def _sent_at_least(engine: BroadcastEngine, bid: str, n: int) -> bool:
    return await _sent(engine, bid) >= n

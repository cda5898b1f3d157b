"""Fault drills, measured: what a dead database costs `hospital-bot run`.

    .venv/bin/python bench/faults/run.py [restart health logs sync crash] [--rounds 5]

- restart: kill -9 redis-server / SecantusDB under the supervisor (0.5 s back-off, each
  death counted as isolated); seconds until the port answers again and until the first
  normal chat reply (a greeting for Redis, a tap on 就诊人管理 for MongoDB).
- health:  /healthz latency while each database is down (killed, then held down), and
  with a database that accepts connections and never answers.
- logs:    log bytes per message through /wechat: normal, and with Redis down.
- sync:    SecantusDB write throughput with and without --sync-on-commit (one client:
  insert_one of a small document, update_one by _id; eight clients inserting), and
  Redis SET throughput with appendfsync everysec and always; interleaved rounds.
- crash:   SIGKILL of SecantusDB while collections are being created, on a fresh data
  folder, with and without the first-start tables (`_warm_secantus`): how often the
  store does not open again. Not in the default set (it takes minutes).

Every wait is a poll on a real condition. Numbers move with the load of the box.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
from aiohttp.test_utils import TestClient, TestServer
from pymongo import MongoClient

from bot import localstack
from bot import observability as obs
from bot.app import create_app
from bot.compose import build_services
from bot.config import load_settings
from bot.localstack import LocalStack, ManagedProcess, free_port
from bot.render import render
from bot.storage import Storage
from bot.supervise import Supervisor
from bot.wechat.simulate import decode_reply, event_xml, signed_query, text_xml

ROOT = Path(__file__).resolve().parents[2]


def _server(stack: LocalStack, name: str) -> ManagedProcess:
    return next(p for p in stack.running() if p.name == name)


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
    except OSError:
        return True
    return False


def _until(condition: Callable[[], Any], limit: float = 60.0) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > limit:
            raise TimeoutError("condition not met")
        time.sleep(0.005)
    return time.monotonic() - started


def _summary(values: list[float], unit: str = "s") -> str:
    if not values:
        return "-"
    fmt = (lambda v: f"{v:.3f}") if unit == "s" else (lambda v: f"{v:.0f}")
    return f"median {fmt(statistics.median(values))} {unit}, max {fmt(max(values))} {unit}"


class App:
    """The real app (real dispatcher) on the stack, driven like WeChat drives it."""

    def __init__(self, stack: LocalStack, data: Path) -> None:
        settings = load_settings(ROOT / "config.yml", env={}).with_overrides(
            mongodb_uri=stack.mongodb_uri,
            redis_url=stack.redis_url,
            database=f"bench_{uuid.uuid4().hex[:8]}",
            data_dir=data,
        )
        self.settings = settings
        self.storage = Storage(settings.mongodb_uri, settings.redis_url, settings.database)
        self.services = build_services(settings, self.storage)
        self.apology = render("wechat/error.j2", hospital=settings.hospital)
        self.client = TestClient(TestServer(create_app(settings, services=self.services)))

    async def __aenter__(self) -> App:
        await self.storage.ensure_indexes()
        await self.client.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.close()
        await self.storage.mongo.drop_database(self.settings.database)
        await self.storage.close()

    async def send(self, xml: str, openid: str) -> str:
        query = signed_query(self.settings.wechat.token)
        resp = await self.client.post("/wechat", params=query, data=xml)
        if resp.status >= 500:
            return f"http {resp.status}"
        reply = decode_reply(await resp.read(), openid=openid, to_user="gh_hospital")
        if reply["type"] == "none":
            return "deferred"
        return "apology" if reply.get("content") == self.apology else "normal"

    async def greet(self) -> str:
        openid = f"o_{uuid.uuid4().hex[:12]}"
        return await self.send(text_xml("你好", openid=openid), openid)

    async def patients(self) -> str:
        openid = f"o_{uuid.uuid4().hex[:12]}"
        return await self.send(event_xml("CLICK", "PATIENTS", openid=openid), openid)

    async def health(self) -> tuple[float, int, dict[str, Any]]:
        started = time.perf_counter()
        resp = await self.client.get("/healthz")
        body = await resp.json()
        return time.perf_counter() - started, resp.status, body

    async def until_healthy(self) -> None:
        for _ in range(3000):  # polls /healthz for up to a minute
            if (await self.health())[1] == 200:
                return
            await asyncio.sleep(0.02)
        raise TimeoutError("/healthz did not come back")


# --------------------------------------------------------------------------- restart


def _answers_after(port: int, since: float) -> float:
    _until(lambda: not _refused(port))
    return time.monotonic() - since


async def bench_restart(stack: LocalStack, app: App, rounds: int) -> None:
    print("\n## kill -9 under the supervisor (back-off 0.5 s)")
    for name, message in (("redis", app.greet), ("mongo", app.patients)):
        port_back: list[float] = []
        normal_back: list[float] = []
        seen: list[str] = []
        for _ in range(rounds):
            await app.until_healthy()
            assert await message() == "normal"
            victim = _server(stack, name)
            os.kill(victim.proc.pid, signal.SIGKILL)
            died = time.monotonic()
            await asyncio.to_thread(_until, lambda v=victim: _refused(v.port))
            back = asyncio.ensure_future(asyncio.to_thread(_answers_after, victim.port, died))
            outcomes: list[str] = []
            while not outcomes or outcomes[-1] != "normal":
                outcomes.append(await message())
            normal_back.append(time.monotonic() - died)
            port_back.append(await back)
            seen += outcomes
        counts = {o: seen.count(o) for o in sorted(set(seen))}
        print(f"- {name}: port answers again {_summary(port_back)}")
        print(f"  first normal reply {_summary(normal_back)}; replies meanwhile {counts}")


# --------------------------------------------------------------------------- health


async def bench_health(stack: LocalStack, app: App, rounds: int) -> None:
    print("\n## /healthz while a database is down")
    for name in ("redis", "mongo"):
        samples: list[float] = []
        bodies: set[str] = set()
        server = _server(stack, name)
        server.stop()  # held down (the supervisor leaves a stopped server alone)
        try:
            for _ in range(rounds * 4):
                seconds, status, body = await app.health()
                samples.append(seconds)
                bodies.add(f"{status} {body}")
        finally:
            stack.restart(name)
        await app.until_healthy()
        print(f"- {name} down: {_summary(samples)}; {' | '.join(sorted(bodies))}")
    # A database that accepts the connection and never answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        port = silent.getsockname()[1]
        hung = Storage(
            f"mongodb://127.0.0.1:{port}/?directConnection=true",
            f"redis://127.0.0.1:{port}/0",
            "bench",
        )
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            result = await hung.ping()
            samples.append(time.perf_counter() - started)
        await hung.close()
        print(f"- both silent (accept, never answer): {_summary(samples)}; {result}")


# --------------------------------------------------------------------------- logs


async def bench_logs(stack: LocalStack, app: App, n: int = 100) -> None:
    print(f"\n## log bytes per message through /wechat ({n} messages each)")
    buf = io.StringIO()
    handler = obs.configure_logging("INFO", stream=buf)
    try:
        for _ in range(n):
            await app.greet()
        normal = len(buf.getvalue().encode()) / n
        buf.seek(0)
        buf.truncate()
        obs.log_failure.reset()
        _server(stack, "redis").stop()
        try:
            outcomes = [await app.greet() for _ in range(n)]
        finally:
            stack.restart("redis")
        down = len(buf.getvalue().encode()) / n
        lines = buf.getvalue().splitlines()
        with_tb = [x for x in lines if '"exc"' in x]
        one_line = min((len(x.encode()) for x in lines if "answer_failed" in x), default=0)
    finally:
        logging.getLogger().removeHandler(handler)
    print(f"- normal: {normal:.0f} B/message")
    print(
        f"- Redis down: {down:.0f} B/message ({down / normal:.2f}x), replies "
        f"{dict((o, outcomes.count(o)) for o in set(outcomes))}; one failure line "
        f"{one_line} B, {len(with_tb)} traceback(s) of {len(with_tb[0].encode()) if with_tb else 0} B"
    )
    await app.until_healthy()


# --------------------------------------------------------------------------- sync


def _secantus(data: str, sync: bool) -> tuple[subprocess.Popen[bytes], MongoClient[Any]]:
    port = free_port()
    argv = [sys.executable, "-m", "secantus", "--host", "127.0.0.1", "--port", str(port)]
    argv += ["--storage-path", data, "--log-level", "WARNING"]
    if sync:
        argv.append("--sync-on-commit")
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client: MongoClient[Any] = MongoClient(
        f"mongodb://127.0.0.1:{port}/?directConnection=true", serverSelectionTimeoutMS=500
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            client.admin.command("ping")
            return proc, client
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                client.close()
                proc.kill()
                proc.wait()
                raise RuntimeError(f"secantus did not start (exit {proc.returncode})") from None


def _write_rate(col: Any, what: str, seconds: float) -> float:
    """Writes per second: one client in a loop, or 8 threads inserting at once."""
    threads = 8 if what.endswith("x8") else 1
    counts = [0] * threads
    deadline = time.perf_counter() + seconds
    base = int(time.time() * 1000) * 1000

    def loop(t: int) -> None:
        n = 0
        while time.perf_counter() < deadline:
            if what.startswith("insert"):
                col.insert_one({"_id": base + t * 10**6 + n, "payload": "x" * 200})
            else:
                col.update_one({"_id": n % 500}, {"$inc": {"v": 1}}, upsert=True)
            n += 1
        counts[t] = n

    workers = [threading.Thread(target=loop, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(counts) / seconds


def bench_sync(rounds: int, seconds: float = 3.0) -> None:
    print(f"\n## --sync-on-commit cost ({rounds} interleaved rounds of {seconds:.0f} s per test)")
    print("(insert / update: one client, insert_one of ~250 B / update_one $inc by _id;")
    print(" insert x8: eight clients inserting at once)")
    rates: dict[tuple[bool, str], list[float]] = {}
    for _ in range(rounds):
        for sync in (False, True):
            with tempfile.TemporaryDirectory() as data:
                proc, client = _secantus(data, sync)
                col = client.bench.writes
                for what in ("insert", "update", "insert x8"):
                    rates.setdefault((sync, what), []).append(_write_rate(col, what, seconds))
                client.close()
                proc.terminate()
                proc.wait()
    for what in ("insert", "update", "insert x8"):
        off = statistics.median(rates[(False, what)])
        on = statistics.median(rates[(True, what)])
        print(
            f"- {what}: {off:.0f}/s without, {on:.0f}/s with "
            f"({1000 / off:.2f} → {1000 / on:.2f} ms per write, x{off / on:.1f})"
        )


def bench_redis_fsync(rounds: int, seconds: float = 3.0) -> None:
    """What `appendfsync always` (nothing acknowledged lost even to SIGKILL) would cost
    against `everysec` (the embedded default and the usual production setting)."""
    print(f"\n## Redis appendfsync everysec vs always ({rounds} interleaved rounds)")
    rates: dict[tuple[str, int], list[float]] = {}
    for _ in range(rounds):
        for mode in ("everysec", "always"):
            with tempfile.TemporaryDirectory() as data:
                port = free_port()
                argv = [localstack.redis_server_binary(), "--bind", "127.0.0.1"]
                argv += ["--port", str(port), "--dir", data, "--save", ""]
                argv += ["--appendonly", "yes", "--appendfsync", mode]
                proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
                _until(lambda p=port: not _refused(p))
                for threads in (1, 8):
                    rate = _redis_set_rate(port, threads, seconds)
                    rates.setdefault((mode, threads), []).append(rate)
                proc.terminate()
                proc.wait()
    for threads in (1, 8):
        every = statistics.median(rates[("everysec", threads)])
        always = statistics.median(rates[("always", threads)])
        print(
            f"- SET, {threads} client(s): {every:.0f}/s everysec, {always:.0f}/s always "
            f"(x{every / always:.1f})"
        )


def _redis_set_rate(port: int, threads: int, seconds: float) -> float:
    counts = [0] * threads
    deadline = time.perf_counter() + seconds

    def loop(t: int) -> None:
        r = redis.Redis(port=port)
        n = 0
        while time.perf_counter() < deadline:
            r.set(f"k{t}:{n}", "v" * 100)
            n += 1
        counts[t] = n
        r.close()

    workers = [threading.Thread(target=loop, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(counts) / seconds


# --------------------------------------------------------------------------- crash


def _kill_during_creation(warm: bool) -> bool:
    """One fresh store, collections created in a loop, SIGKILL at a random moment:
    does it open again?"""
    with tempfile.TemporaryDirectory() as data:
        proc, client = _secantus(data, sync=True)
        host, port = client.address
        if warm:
            localstack._warm_secantus(f"mongodb://{host}:{port}/?directConnection=true", 30)
        stop = threading.Event()
        fast: MongoClient[Any] = MongoClient(host, port, serverSelectionTimeoutMS=1000)

        def create() -> None:
            i = 0
            while not stop.is_set():
                try:
                    fast[f"db{i % 3}"][f"c{i}"].insert_one({"_id": i})
                except Exception:
                    return
                i += 1

        writer = threading.Thread(target=create)
        writer.start()
        time.sleep(random.uniform(0.02, 0.5))  # a random moment, on purpose
        proc.kill()
        proc.wait()
        stop.set()
        writer.join()
        fast.close()
        client.close()
        try:
            again, client = _secantus(data, sync=True)
        except Exception:
            return False
        client.close()
        again.kill()
        again.wait()
        return True


def bench_crash(rounds: int) -> None:
    print(f"\n## SIGKILL while collections are being created ({rounds} fresh stores each)")
    for warm in (False, True):
        failed = sum(not _kill_during_creation(warm) for _ in range(rounds))
        label = "with first-start tables" if warm else "without"
        print(f"- {label}: {failed} of {rounds} stores did not open again")


# --------------------------------------------------------------------------- main


async def _app_benches(which: list[str], rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        stack = LocalStack(data_dir=Path(tmp)).start()
        # Each kill is measured as an isolated death (0.5 s back-off); repeated deaths
        # within 30 s would double it each time, by design.
        Supervisor(stack, stable_after=0).start()
        try:
            async with App(stack, Path(tmp)) as app:
                if "restart" in which:
                    await bench_restart(stack, app, rounds)
                if "health" in which:
                    await bench_health(stack, app, rounds)
                if "logs" in which:
                    await bench_logs(stack, app)
        finally:
            stack.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="*", default=["restart", "health", "logs", "sync"])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"# fault drills (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    if {"restart", "health", "logs"} & set(args.which):
        asyncio.run(_app_benches(args.which, args.rounds))
    if "sync" in args.which:
        bench_sync(args.rounds)
        bench_redis_fsync(args.rounds)
    if "crash" in args.which:
        bench_crash(args.rounds * 4)


if __name__ == "__main__":
    main()

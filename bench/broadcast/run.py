"""Broadcast benchmark: N recipients through the WeChat sandbox at R msg/s, W workers.

The embedded stack (fresh, in a temporary folder), the web app with the sandbox in this
process (its per-second limit set to R: above it the sandbox answers 45011), and W
`hospital-bot worker` processes sharing the job queue and the token bucket (R msg/s).
Reports: first message after "send" (start), achieved rate from the first to the last
message, each worker's peak RSS and its RSS over the run (flat memory), and checks that
every recipient got exactly one message.

    .venv/bin/python -m bench.broadcast.run [--recipients 100000] [--rate 500] [--workers 2]
        [--profile-mongo]   # also: MongoDB commands per recipient (SecantusDB's profiler)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from aiohttp import web

from bot.app import create_app
from bot.clock import Clock
from bot.compose import build_services
from bot.config import load_settings
from bot.localstack import LocalStack, free_port
from bot.sandbox import sandbox_settings
from bot.storage import Storage

ROOT = Path(__file__).resolve().parents[2]


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def mongo_profile(storage: Storage, recipients: int) -> list[dict[str, object]]:
    """The MongoDB commands of the run (SecantusDB's profiler): how many per recipient
    and the server's milliseconds, by collection, operation and query shape."""
    shapes: dict[tuple[str, str, str], list[int]] = {}
    async for doc in storage.db["system.profile"].find({}):
        command = doc.get("command") or {}
        name = next(iter(command), "")
        query = command.get("filter") or command.get("query") or {}
        if name == "update":
            query = {"updates": [sorted(u.get("q", {})) for u in command.get("updates", [])][:1]}
        shape = ",".join(sorted(query)) if isinstance(query, dict) else ""
        key = (str(doc.get("ns", "")), str(doc.get("op", "")) + ":" + name, shape)
        entry = shapes.setdefault(key, [0, 0])
        entry[0] += 1
        entry[1] += int(doc.get("millis") or 0)
    rows = sorted(shapes.items(), key=lambda kv: -kv[1][1])
    return [
        {
            "ns": ns,
            "op": op,
            "filter": shape,
            "per_recipient": round(n / recipients, 3),
            "server_ms": ms,
        }
        for (ns, op, shape), (n, ms) in rows[:25]
    ]


def spawn_worker(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


async def main(
    recipients: int, rate: float, workers: int, profile: bool = False
) -> dict[str, object]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-broadcast-"))
    stack = LocalStack(data_dir=tmp).start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    raw = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    limit = {"per_second": rate, "burst": max(int(rate // 10), 1)}
    raw["push"]["rate_limits"] = {"custom": limit, "template": limit, "subscribe": limit}
    # The platform's own limits, a little above ours: our bucket lets R + burst through
    # in one calendar second, and each 45011 defers a whole batch by 60 s (its
    # per-minute default, 2,000, capped earlier runs at 33 msg/s the same way).
    raw["sandbox"]["rate_limit_per_second"] = int(rate * 1.05) + limit["burst"]
    raw["sandbox"]["rate_limit_per_minute"] = int(rate * 60 * 1.05)
    raw.setdefault("storage", {})["database"] = "bench"
    config = tmp / "bench.yml"
    config.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT", "PUBLIC"))}
    env.update(
        MONGODB_URI=stack.mongodb_uri,
        REDIS_URL=stack.redis_url,
        HOSPITAL_BOT_CONFIG=str(config),
        HOSPITAL_BOT_DATA_DIR=str(tmp),
        HOSPITAL_BOT_SANDBOX="1",
        PUBLIC_BASE_URL=base,
        LOG_LEVEL="ERROR",
    )
    settings = load_settings(config, env=env)
    settings = sandbox_settings(settings.with_overrides(data_dir=tmp), base)
    storage = Storage(settings.mongodb_uri, settings.redis_url, settings.database)
    await storage.ensure_indexes()
    services = build_services(settings, storage, clock=Clock(settings.tz))
    env["SECRET_KEY"] = services.settings.secret_key
    runner = web.AppRunner(create_app(services.settings, services=services), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    procs: list[subprocess.Popen[str]] = []
    try:
        openids = [f"o_bench{i:06d}" for i in range(recipients)]
        for i in range(0, recipients, 5000):
            async with storage.redis.pipeline(transaction=False) as pipe:
                for o in openids[i : i + 5000]:
                    pipe.hset(f"sandbox:user:{o}", mapping={"subscribed": "1", "nickname": o})
                await pipe.execute()
        await services.push.lists.store("bench", openids)
        engine = services.push.broadcasts
        bid = await engine.create(
            title="门诊通知",
            body="明天上午儿科门诊调整到2楼",
            audience="list",
            params={"list": "bench"},
        )
        for _ in range(workers):
            proc = spawn_worker(env)
            assert proc.stdout is not None
            while "worker started" not in (await asyncio.to_thread(proc.stdout.readline)):
                pass
            procs.append(proc)
        rss: dict[int, list[int]] = {p.pid: [] for p in procs}
        seq = "sandbox:seq:outbox"
        if profile:  # every command recorded (slows SecantusDB down: counts, not speed)
            await storage.db.create_collection("system.profile", capped=True, size=1 << 30)
            await storage.db.command({"profile": 2})
        mongo_pid = next(p.proc.pid for p in stack.running() if p.name == "mongo")
        redis_pid = next(p.proc.pid for p in stack.running() if p.name == "redis")
        # This process runs the web app with the sandbox: its CPU is the sandbox's.
        watched = {"workers": [p.pid for p in procs], "mongo": [mongo_pid]}
        watched.update(redis=[redis_pid], sandbox=[os.getpid()])
        cpu_before = {k: sum(cpu_seconds(pid) for pid in v) for k, v in watched.items()}
        started = time.monotonic()
        await engine.start(bid)
        for _ in itertools.count():  # the first message's arrival, looked at every 5 ms
            if await storage.redis.exists(seq):
                break
            await asyncio.sleep(0.005)
        first = time.monotonic()
        while True:
            sent = int(await storage.redis.get(seq) or 0)
            for p in procs:
                rss[p.pid].append(rss_kb(p.pid))
            if sent >= recipients:
                break
            await asyncio.sleep(1.0)
        last = time.monotonic()
        cpu_ms = {
            k: round(1000 * (sum(cpu_seconds(pid) for pid in v) - cpu_before[k]) / recipients, 3)
            for k, v in watched.items()
        }
        if profile:
            await storage.db.command({"profile": 0})
        peak = {p.pid: rss_kb(p.pid, "VmHWM") for p in procs}
        progress = await engine.progress(bid)
        calls = {
            k.decode(): int(v) for k, v in (await storage.redis.hgetall("sandbox:calls")).items()
        }
        counts = []
        for i in range(0, recipients, 5000):
            async with storage.redis.pipeline(transaction=False) as pipe:
                for o in openids[i : i + 5000]:
                    pipe.llen(f"sandbox:outbox:{o}")
                counts += await pipe.execute()
        samples = {pid: v[len(v) // 10 :] for pid, v in rss.items()}  # after warm-up
        return {
            "recipients": recipients,
            "rate_limit_msg_s": rate,
            "workers": workers,
            "first_message_s": round(first - started, 3),
            "duration_s": round(last - first, 1),
            "achieved_msg_s": round((recipients - 1) / (last - first), 1),
            "achieved_over_limit": round((recipients - 1) / (last - first) / rate, 3),
            "peak_rss_mb": [round(v / 1024, 1) for v in peak.values()],
            "rss_min_max_mb_after_warmup": [
                (round(min(v) / 1024, 1), round(max(v) / 1024, 1)) for v in samples.values() if v
            ],
            "cpu_ms_per_message": cpu_ms,
            "rss_samples_mb": {
                pid: [round(x / 1024, 1) for x in v[:: max(len(v) // 20, 1)]]
                for pid, v in rss.items()
            },
            "sandbox_calls": calls,  # more template_send than recipients: refused calls
            "exactly_one_each": all(n == 1 for n in counts),
            "progress": {
                "sent": progress.sent,
                "failed": progress.failed,
                "pending": progress.pending,
            }
            if progress
            else None,
            **({"mongo_commands": await mongo_profile(storage, recipients)} if profile else {}),
        }
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        await runner.cleanup()
        await storage.close()
        stack.stop()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--recipients", type=int, default=100_000)
    ap.add_argument("--rate", type=float, default=500.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--profile-mongo", action="store_true", help="count MongoDB commands")
    args = ap.parse_args()
    result = asyncio.run(main(args.recipients, args.rate, args.workers, args.profile_mongo))
    print(json.dumps(result, ensure_ascii=False, indent=2))

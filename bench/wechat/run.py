"""Load benchmark of `/wechat`: hospital-bot vs WeRoBot vs a bare aiohttp handler.

    .venv/bin/python bench/wechat/run.py [--seconds 10] [--rate 200]

Starts everything itself: the embedded stack (SecantusDB + redis-server), `python -m
bot.cli serve` against it, a bare aiohttp handler and WeRoBot (in a throwaway venv
under /tmp, installed on first use). For each target and message kind it measures
saturation throughput (`wrk -c 50`) and p50/p99 at a fixed rate (open loop), and for
hospital-bot the Redis commands and MongoDB operations per message.

Needs `wrk` (Debian: apt-get install -y wrk).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from bot.localstack import LocalStack, free_port  # noqa: E402
from bot.wechat.simulate import signed_query  # noqa: E402

TOKEN = "benchtoken0123456789abcdef"  # 16+ characters: a real account is configured
WRK_MAX_RATE = 20_000  # requests per second the query file must last for (bare aiohttp: ~9k)
WEROBOT_VENV = Path("/tmp/werobot-venv")


def wait_http(url: str, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=1):
                return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def wait_port(port: int, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"port {port} did not open")


def server_env(stack: LocalStack, tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a benchmarked `bot.cli serve`: the stack, a real account
    configured (WECHAT_SECRET, a 16+ character token), plain-text callbacks."""
    return {
        **os.environ,
        "MONGODB_URI": stack.mongodb_uri,
        "REDIS_URL": stack.redis_url,
        "WECHAT_SECRET": "bench-secret",
        "SECRET_KEY": "bench-secret-key-bench-secret-key-0123456789",
        "HIS_STAFF_TOKEN": "bench-staff-token-bench-staff-token-0123",
        "WECHAT_TOKEN": TOKEN,
        "WECHAT_AES_KEY": "",
        "HOST": "127.0.0.1",
        "HOSPITAL_BOT_DATA_DIR": str(tmp),
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def stop_all(
    procs: list[subprocess.Popen[bytes]], logs: IO[bytes], stack: LocalStack, grace: float
) -> None:
    """Terminate the servers (killing what has not exited after `grace` s), then the
    stack."""
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            p.kill()
    logs.close()
    stack.stop()


def werobot_python() -> str:
    py = WEROBOT_VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(WEROBOT_VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "werobot"], check=True)
    return str(py)


class Counters:
    """Redis commands (INFO commandstats) and MongoDB ops (serverStatus opcounters)."""

    def __init__(self, redis_url: str, mongodb_uri: str) -> None:
        import redis
        from pymongo import MongoClient

        self.redis = redis.Redis.from_url(redis_url)
        self.mongo = MongoClient(mongodb_uri)

    def snapshot(self) -> dict[str, int]:
        stats = self.redis.info("commandstats")
        snap = {f"redis.{k.removeprefix('cmdstat_')}": int(v["calls"]) for k, v in stats.items()}
        ops = self.mongo.admin.command("serverStatus")["opcounters"]
        snap.update({f"mongo.{k}": int(v) for k, v in ops.items()})
        return snap

    @staticmethod
    def per_message(before: dict[str, int], after: dict[str, int], n: int) -> dict[str, float]:
        out = {}
        for key, value in after.items():
            d = value - before.get(key, 0)
            if key in ("redis.info", "redis.ping") or d <= 0:
                continue
            out[key] = round(d / n, 3)
        return out


def signed_queries(folder: Path, count: int, salt: int) -> Path:
    """`count` signed query strings for wrk, one a line: now as the timestamp and a nonce
    of their own each, as WeChat sends them."""
    path = folder / "queries.txt"  # one case at a time
    lines = (urlencode(signed_query(TOKEN, nonce=f"w{salt}.{i}")) for i in range(count))
    path.write_text("\n".join(lines) + "\n")
    return path


def run_wrk(
    url: str,
    kind: str,
    queries: Path,
    seconds: int,
    salt: int,
    connections: int = 50,
    users: int = 1000,
) -> dict[str, Any]:
    env = {
        **os.environ,
        "WX_KIND": kind,
        "WX_QUERIES_FILE": str(queries),
        "WX_SALT": str(salt),
        "WX_USERS": str(users),
        "WX_PATH": "/wechat",
    }
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(HERE / "messages.lua"),
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("JSON "))
    data = json.loads(line.removeprefix("JSON "))
    data["rps"] = round(data["requests"] / (data["duration_us"] / 1e6), 1)
    return data


def run_openloop(
    url: str, kind: str, rate: int, seconds: int, salt: int, users: int = 1000
) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "openloop.py"),
            f"{url}/wechat",
            TOKEN,
            kind,
            str(rate),
            str(seconds),
            str(salt),
            str(users),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10, help="wrk duration per case")
    ap.add_argument("--rate", type=int, default=200, help="open-loop messages per second")
    ap.add_argument("--open-seconds", type=int, default=6, help="open-loop duration per case")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        print("wrk not found: apt-get install -y wrk", file=sys.stderr)
        return 2

    tmp = Path(tempfile.mkdtemp(prefix="hb-bench-"))
    stack = LocalStack(data_dir=tmp / "stack").start()
    procs: list[subprocess.Popen[bytes]] = []
    logs = open(tmp / "servers.log", "ab")  # shared by the servers, closed below
    try:
        hb_port, bare_port, wero_port = free_port(), free_port(), free_port()
        env = server_env(stack, tmp, PORT=str(hb_port), LOG_LEVEL="WARNING")
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "serve"],
                cwd=ROOT,
                env=env,
                stdout=logs,
                stderr=logs,
            )
        )
        procs.append(
            subprocess.Popen(
                [sys.executable, str(HERE / "bare.py"), TOKEN, str(bare_port)],
                stdout=logs,
                stderr=logs,
            )
        )
        procs.append(
            subprocess.Popen(
                [werobot_python(), str(HERE / "werobot_app.py"), TOKEN, str(wero_port)],
                stdout=logs,
                stderr=logs,
            )
        )
        wait_http(f"http://127.0.0.1:{hb_port}/healthz")
        wait_port(bare_port)
        wait_port(wero_port)
        counters = Counters(redis_url=stack.redis_url, mongodb_uri=stack.mongodb_uri)

        cases = [
            ("hospital-bot", hb_port, "click"),
            ("hospital-bot", hb_port, "greet"),
            ("hospital-bot", hb_port, "symptom"),
            ("bare aiohttp", bare_port, "greet"),
            ("WeRoBot", wero_port, "greet"),
        ]
        results = []
        for salt, (name, port, kind) in enumerate(cases, start=1):
            url = f"http://127.0.0.1:{port}"
            run_openloop(url, kind, 50, 1, salt + 50)  # warm-up (imports, models)
            queries = signed_queries(tmp, args.seconds * WRK_MAX_RATE, salt)
            before = counters.snapshot()
            sat = run_wrk(url, kind, queries, args.seconds, salt)
            fixed = run_openloop(url, kind, args.rate, args.open_seconds, salt)
            after = counters.snapshot()
            row: dict[str, Any] = {
                "target": name,
                "kind": kind,
                "saturation": sat,
                "fixed_rate": fixed,
            }
            if name == "hospital-bot":
                row["per_message"] = Counters.per_message(
                    before, after, sat["requests"] + fixed["sent"]
                )
            results.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)

        print()
        print(
            f"| target | message | wrk -c50 req/s | wrk p50/p99 ms | {args.rate} msg/s "
            "p50 / p99 ms | errors | Redis cmds/msg | Mongo ops/msg |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for r in results:
            s, f, pm = r["saturation"], r["fixed_rate"], r.get("per_message", {})
            redis = sum(v for k, v in pm.items() if k.startswith("redis."))
            mongo = sum(v for k, v in pm.items() if k.startswith("mongo.") and k != "mongo.command")
            print(
                f"| {r['target']} | {r['kind']} | {s['rps']} | {s['p50_ms']:.1f} / "
                f"{s['p99_ms']:.1f} | {f['p50_ms']} / {f['p99_ms']} | "
                f"{s['errors'] + s['non2xx'] + f['errors']} | "
                f"{round(redis, 2) if pm else '-'} | {round(mongo, 3) if pm else '-'} |"
            )
        (tmp / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
        print(f"\nraw results and server logs: {tmp}")
    finally:
        stop_all(procs, logs, stack, grace=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

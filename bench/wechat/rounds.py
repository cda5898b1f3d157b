"""Interleaved rounds on issue 9's mixed load: hospital-bot vs WeRoBot, and `--workers`.

    .venv/bin/python bench/wechat/rounds.py [--rounds 5] [--seconds 10] [--workers 1 2]

The mix: a greeting, "我要挂号", a symptom sentence, "查报告", "前面还有几个人", "缴费"
in turn, a unique MsgId per request, 100,000 senders (fresh ones each run), `wrk -t1
-c64`. WeRoBot answers a fixed text (its own `robot.run()`, sessions off). The host is
shared and WeRoBot's own rate swings, so targets alternate inside every round (the
order flips from round to round) and only per-round ratios and their medians are
compared. Before each measurement the script waits (at most `--settle` seconds) for the
1-minute load average to fall under `--max-load`, and records it.

After the rounds: an open-loop run of the mix at `--rate` msg/s against each of ours
(latency from each request's scheduled time), with Redis commands and MongoDB
operations per message read from the servers' own counters.

hospital-bot runs as in production: `serve`, LOG_LEVEL=INFO (logs to a file), metrics
on, the per-sender conversation lock on, demo data loaded (`seed-demo`).
Needs `wrk` (Debian: apt-get install -y wrk); WeRoBot goes into /tmp/werobot-venv.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from run import (  # noqa: E402
    TOKEN,
    WRK_MAX_RATE,
    Counters,
    run_openloop,
    run_wrk,
    server_env,
    signed_queries,
    stop_all,
    wait_http,
    wait_port,
    werobot_python,
)

from bot.localstack import LocalStack, free_port  # noqa: E402

USERS = 100_000
CORES = os.cpu_count() or 1
CONNECTIONS = 64


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live children (the `--workers` tree)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        pids += [int(c) for c in (task / "children").read_text().split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def client_cpu_seconds() -> float:
    """User + system CPU of this script's finished children: wrk, once it has exited."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def settle(max_load: float, limit: float) -> float:
    """Wait (bounded) for a quiet host; the 1-minute load average when we go."""
    end = time.monotonic() + limit
    while os.getloadavg()[0] >= max_load and time.monotonic() < end:
        time.sleep(2)  # pacing a benchmark on a shared host, not synchronising a test
    return round(os.getloadavg()[0], 2)


def _frame(raw: str) -> str:
    """py-spy's "func (path/to/file.py:123)" as "func (file.py)"."""
    func, _, where = raw.partition(" (")
    return f"{func} ({where.rpartition('/')[2].rpartition(':')[0] or where.rstrip(')')})"


def profile(
    py_spy: str, pid: int, port: int, tmp: Path, seconds: int, salt: int, kind: str
) -> None:
    """py-spy (sampling, 200 Hz, idle excluded) on the serve process while wrk runs the
    mix; prints self and inclusive shares of the busiest functions."""
    raw = tmp / "profile.txt"
    cmd = [py_spy, "record", "-p", str(pid), "-d", str(seconds + 1), "-r", "200"]
    cmd += ["-f", "raw", "-o", str(raw), "--nonblocking"]
    spy = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    queries = signed_queries(tmp, seconds * WRK_MAX_RATE, salt)
    sat = run_wrk(f"http://127.0.0.1:{port}", kind, queries, seconds, salt, CONNECTIONS, USERS)
    spy.wait(60)
    own: dict[str, int] = {}
    incl: dict[str, int] = {}
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack:
            continue
        count = int(n)
        total += count
        frames = [_frame(f) for f in stack.split(";")]
        own[frames[-1]] = own.get(frames[-1], 0) + count
        for f in set(frames):
            incl[f] = incl.get(f, 0) + count
    print(f"{sat['rps']} msg/s while sampled; {total} samples; raw: {raw}")
    for title, table in (("self", own), ("inclusive", incl)):
        print(f"--- {title}")
        for f, c in sorted(table.items(), key=lambda kv: -kv[1])[:40]:
            print(f"{100 * c / total:5.1f}% {f}")


def print_ceiling(rounds: list[dict[str, Any]], names: list[str]) -> None:
    """What the host's cores allow: server, Redis/MongoDB and wrk share them, so N workers
    can reach at most CORES / (CPU per message of all three) msg/s. Printed next to the
    measured rate, as the share of that ceiling each target reached."""
    print(f"\nhost CPU ({CORES} cores) per message and the rate it allows, median over rounds:")
    for n in names:
        total = statistics.median(
            row[n]["cpu_ms_per_msg"] + row[n]["db_cpu_ms_per_msg"] + row[n]["client_cpu_ms_per_msg"]
            for row in rounds
        )
        share = statistics.median(row[n]["host_cpu_share"] for row in rounds)
        client = statistics.median(row[n]["client_cpu_ms_per_msg"] for row in rounds)
        print(
            f"  {n}: server + db + wrk {total:.2f} ms (wrk {client:.2f}) -> at most "
            f"{1000 * CORES / total:.0f} msg/s on all cores; host CPU busy {100 * share:.0f} %"
        )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=10, help="wrk duration per measurement")
    ap.add_argument("--workers", type=int, nargs="+", default=[1], help="serve --workers N")
    ap.add_argument("--no-werobot", action="store_true", help="hospital-bot only")
    ap.add_argument(
        "--before",
        metavar="TREE",
        help="also run `serve` from another checkout (e.g. `git archive BASE | tar -x -C "
        "/tmp/before`), with this venv, as the target 'before x1'",
    )
    ap.add_argument(
        "--kind",
        default="mix",
        choices=["mix", "click", "greet", "symptom", *(f"mix{i}" for i in range(1, 7))],
        help="messages",
    )
    ap.add_argument("--rate", type=int, default=200, help="open-loop messages per second")
    ap.add_argument("--open-seconds", type=int, default=15)
    ap.add_argument("--max-load", type=float, default=1.0)
    ap.add_argument("--settle", type=float, default=90.0)
    ap.add_argument(
        "--keep", action="store_true", help="only start the servers, until SIGINT/SIGTERM"
    )
    ap.add_argument(
        "--profile",
        metavar="PY_SPY",
        help="instead of the rounds: sample the first target with this py-spy binary "
        "during one wrk run, and print the top functions",
    )
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up (finally) on kill
    if not shutil.which("wrk"):
        print("wrk not found: apt-get install -y wrk", file=sys.stderr)
        return 2

    tmp = Path(tempfile.mkdtemp(prefix="hb-rounds-"))
    stack = LocalStack(data_dir=tmp / "stack").start()
    procs: list[subprocess.Popen[bytes]] = []
    logs = open(tmp / "servers.log", "ab")
    try:
        env = server_env(stack, tmp, LOG_LEVEL="INFO")
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "seed-demo"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=logs,
            stderr=logs,
        )
        targets: list[tuple[str, int]] = []
        pids: dict[str, int] = {}
        for n in args.workers:
            port = free_port()
            cmd = [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)]
            if n != 1:
                cmd += ["--workers", str(n)]
            procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=logs, stderr=logs))
            targets.append((f"hospital-bot x{n}", port))
            pids[f"hospital-bot x{n}"] = procs[-1].pid
        if args.before:
            port = free_port()
            before_env = {**env, "PYTHONPATH": args.before}
            cmd = [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)]
            procs.append(
                subprocess.Popen(cmd, cwd=args.before, env=before_env, stdout=logs, stderr=logs)
            )
            targets.insert(0, ("before x1", port))
            pids["before x1"] = procs[-1].pid
        if not args.no_werobot:
            port = free_port()
            app = [werobot_python(), str(HERE / "werobot_app.py"), TOKEN, str(port)]
            procs.append(subprocess.Popen(app, stdout=logs, stderr=logs))
            targets.insert(2 if args.before else 1, ("WeRoBot", port))
            pids["WeRoBot"] = procs[-1].pid
            wait_port(port)
        for name, port in targets:
            if name != "WeRoBot":
                wait_http(f"http://127.0.0.1:{port}/healthz")
        salt = 1
        for _, port in targets:  # warm-up: imports, the NLU model, connections
            run_openloop(f"http://127.0.0.1:{port}", "mix", 100, 2, salt, USERS)
            salt += 1
        if args.keep:
            print(json.dumps({"tmp": str(tmp), "targets": targets}), flush=True)
            stop = {signal.SIGINT, signal.SIGTERM}
            signal.pthread_sigmask(signal.SIG_BLOCK, stop)
            signal.sigwait(stop)  # until Ctrl-C or kill, then clean up below
            return 0

        if args.profile:
            name, port = targets[0]
            profile(args.profile, pids[name], port, tmp, args.seconds, salt, args.kind)
            return 0

        rounds: list[dict[str, Any]] = []
        for r in range(args.rounds):
            order = targets if r % 2 == 0 else targets[::-1]
            row: dict[str, Any] = {"round": r + 1}
            for name, port in order:
                load = settle(args.max_load, args.settle)
                queries = signed_queries(tmp, args.seconds * WRK_MAX_RATE, salt)
                url = f"http://127.0.0.1:{port}"
                cpu = cpu_seconds(pids[name])
                dbs = sum(cpu_seconds(pid) for pid in stack.pids())
                wrk = client_cpu_seconds()
                sat = run_wrk(url, args.kind, queries, args.seconds, salt, CONNECTIONS, USERS)
                wrk = client_cpu_seconds() - wrk
                cpu = cpu_seconds(pids[name]) - cpu
                dbs = sum(cpu_seconds(pid) for pid in stack.pids()) - dbs
                salt += 1
                row[name] = {"rps": sat["rps"], "load": load, "errors": sat["errors"]}
                row[name]["non2xx"] = sat["non2xx"]
                row[name]["cpu_ms_per_msg"] = round(1000 * cpu / max(1, sat["requests"]), 3)
                # Redis + MongoDB (SecantusDB) CPU: they share the host's cores with us.
                row[name]["db_cpu_ms_per_msg"] = round(1000 * dbs / max(1, sat["requests"]), 3)
                # wrk itself: the load generator also runs on these cores.
                row[name]["client_cpu_ms_per_msg"] = round(1000 * wrk / max(1, sat["requests"]), 3)
                row[name]["host_cpu_share"] = round(
                    sat["rps"] * (cpu + dbs + wrk) / max(1, sat["requests"]) / CORES, 3
                )
            rounds.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)

        counters = Counters(redis_url=stack.redis_url, mongodb_uri=stack.mongodb_uri)
        open_loop: dict[str, dict[str, Any]] = {}
        for name, port in targets:  # latency at a fixed rate, each of ours
            if name == "WeRoBot":
                continue
            load = settle(args.max_load, args.settle)
            before = counters.snapshot()
            fixed = run_openloop(
                f"http://127.0.0.1:{port}", args.kind, args.rate, args.open_seconds, salt, USERS
            )
            salt += 1
            after = counters.snapshot()
            fixed["load"] = load
            fixed["per_message"] = Counters.per_message(before, after, fixed["sent"])
            open_loop[name] = fixed

        print()
        names = [n for n, _ in targets]
        print("| round | " + " | ".join(f"{n} msg/s" for n in names) + " | ratios |")
        print("|---" * (len(names) + 2) + "|")
        ratios: dict[str, list[float]] = {}
        for row in rounds:
            cells = [
                f"{row[n]['rps']:.0f} ({row[n]['cpu_ms_per_msg']:.2f} + db "
                f"{row[n]['db_cpu_ms_per_msg']:.2f} ms CPU, load {row[n]['load']})"
                for n in names
            ]
            these = []
            base = row.get("WeRoBot", {}).get("rps")
            one = row.get("hospital-bot x1", {}).get("rps")
            for n in names:
                if n != "WeRoBot" and base:
                    key = f"{n} / WeRoBot"
                    ratios.setdefault(key, []).append(row[n]["rps"] / base)
                    these.append(f"{key} {row[n]['rps'] / base:.2f}")
                if n.startswith("hospital-bot") and n != "hospital-bot x1" and one:
                    key = f"{n} / x1"
                    ratios.setdefault(key, []).append(row[n]["rps"] / one)
                    these.append(f"{key} {row[n]['rps'] / one:.2f}")
            print(f"| {row['round']} | " + " | ".join(cells) + " | " + "; ".join(these) + " |")
        medians = {n: statistics.median(row[n]["rps"] for row in rounds) for n in names}
        print("| median | " + " | ".join(f"{medians[n]:.0f}" for n in names) + " | ", end="")
        print("; ".join(f"{k} {statistics.median(v):.2f}" for k, v in ratios.items()) + " |")
        print_ceiling(rounds, names)
        for name, fixed in open_loop.items():
            print(
                f"\nopen loop, {name}, {args.kind} at {args.rate} msg/s for {args.open_seconds} s "
                f"(load {fixed['load']}): p50 {fixed['p50_ms']} ms, p99 {fixed['p99_ms']} ms, "
                f"max {fixed['max_ms']} ms, errors {fixed['errors']}"
            )
            print("per message:", json.dumps(fixed["per_message"]))
        summary = {"rounds": rounds, "open_loop": open_loop, "medians": medians}
        (tmp / "rounds.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
        print(f"\nraw results and server logs: {tmp}")
    finally:
        stop_all(procs, logs, stack, grace=15)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Instructions per message, per kind of issue 9's mix, counted by valgrind's callgrind.

    .venv/bin/python bench/wechat/instructions.py [--messages 200] [--conc 1]
    .venv/bin/python bench/wechat/instructions.py --keep /tmp/cg   # keep the dumps

CPU time on a shared host moves with the other tenants; an instruction count does not.
This runs `inproc.py`'s server and client (the app as `serve` builds it, raw HTTP
requests built in advance, fresh senders and MsgIds) inside `valgrind --tool=callgrind`
with instrumentation off until the server is warm (200 greetings and 20 messages of
each kind). Then, for each kind, the counters are zeroed, `--messages` requests are
sent, and the counters are dumped: the instructions of that kind alone, in this process
(server and client; redis-server and SecantusDB are other processes, not counted).
With `--conc 1` (the default) messages go one at a time, so each Redis batch carries
one message; `--conc 8` shows the shared writes of a loaded server. A dump opens with
`callgrind_annotate FILE`.

What runs without any message counts too: pymongo's monitors wake twice a second, and
under valgrind 200 messages take 10-30 s of wall time (more on a busy host), about
270k instructions a second here, 15-40k per message. So after the kinds the counters
run `--idle` seconds without messages, and that rate times each kind's wall time is
subtracted (twice the same code then agrees within about 0.5 %; without it, 1-3 %).

`--redis` runs the stack's redis-server under callgrind too (started through a wrapper,
instrumented only while a kind is measured): the Redis server's instructions per message,
which is where fewer commands show.

Needs valgrind (Debian: apt-get install -y valgrind). About 2 minutes under callgrind.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import uvloop  # noqa: E402
from inproc import KINDS, requests, send_all, serving  # noqa: E402

from bot import localstack  # noqa: E402


def control(pids: list[int], *args: str) -> None:
    """Ask the callgrinds running `pids` to do something (and wait until done)."""
    for pid in pids:
        subprocess.run(["callgrind_control", *args, str(pid)], check=True, capture_output=True)


def redis_wrapper(folder: Path) -> Path:
    """An executable that runs the real redis-server under callgrind (but answers
    `--version` itself, as LocalStack asks it first)."""
    real = localstack.redis_server_binary()
    path = folder / "redis-server"
    path.write_text(
        "#!/bin/sh\n"
        f'case "$1" in --version|-v) exec {real} "$@";; esac\n'
        "exec valgrind --tool=callgrind --instr-atstart=no "
        f'--callgrind-out-file={folder}/redis.out {real} "$@" 2>/dev/null\n'
    )
    path.chmod(0o755)
    return path


async def count(args: argparse.Namespace) -> None:
    kinds = [k for k in KINDS if not args.kind or k in args.kind]
    if args.redis:
        wrapper = redis_wrapper(Path(args.keep))
        localstack.redis_server_binary = lambda: str(wrapper)  # type: ignore[assignment]
    async with serving() as (port, stack):
        pids = [os.getpid()]
        if args.redis:
            pids += [p.proc.pid for p in stack.running() if p.name == "redis"]
        await send_all(port, requests("warm", "你好", 200, "w"), args.conc)
        for kind in kinds:
            await send_all(port, requests(kind, KINDS[kind], 20, "w"), args.conc)
        control(pids, "--instr=on")
        walls: dict[str, float] = {}
        for kind in kinds:
            reqs = requests(kind, KINDS[kind], args.messages, "m")
            control(pids, "--zero")
            started = time.monotonic()
            await send_all(port, reqs, args.conc)
            walls[kind] = time.monotonic() - started
            control(pids, f"--dump={kind}")
        # What runs without any message (pymongo's monitors poll twice a second, Redis'
        # cron ten times), per second of wall time: under valgrind a kind's messages
        # take seconds, so that share is subtracted from each kind (`--idle 0`: not).
        if args.idle:
            control(pids, "--zero")
            started = time.monotonic()
            await asyncio.sleep(args.idle)
            walls["idle"] = time.monotonic() - started
            control(pids, "--dump=idle")
        control(pids, "--instr=off")
        (Path(args.keep) / "walls.json").write_text(json.dumps(walls))


def totals(folder: Path, name: str = "cg.out") -> dict[str, int]:
    """Instructions of each dump, by the kind named in its trigger."""
    found: dict[str, int] = {}
    for path in folder.glob(f"{name}*"):
        text = path.read_text(errors="replace")
        trigger = re.search(r"^desc: Trigger: dump (\S+)", text, re.M)
        total = re.search(r"^totals: (\d+)", text, re.M)
        if trigger and total:
            found[trigger.group(1)] = int(total.group(1))
    return found


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=200, help="per kind")
    ap.add_argument("--conc", type=int, default=1, help="keep-alive connections")
    ap.add_argument("--kind", nargs="*", choices=list(KINDS))
    ap.add_argument("--keep", help="folder to keep the callgrind dumps in")
    ap.add_argument("--redis", action="store_true", help="count redis-server's instructions too")
    ap.add_argument(
        "--idle", type=float, default=20, help="seconds without messages, to subtract (0: none)"
    )
    ap.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inside:
        uvloop.run(count(args))
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind not found (apt-get install -y valgrind)", file=sys.stderr)
        return 2
    folder = Path(args.keep or tempfile.mkdtemp(prefix="hb-cg-"))
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("cg.out*"), *folder.glob("redis.out*")]:
        old.unlink()
    subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={folder}/cg.out",
            sys.executable,
            __file__,
            "--inside",
            "--keep",
            str(folder),
            *sys.argv[1:],
        ],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    walls = json.loads((folder / "walls.json").read_text())
    n = args.messages
    columns = {"instructions": totals(folder)}
    if args.redis:
        columns["redis-server"] = totals(folder, "redis.out")
    if args.idle:  # background per second, times each kind's wall time, subtracted
        for found in columns.values():
            rate = found.pop("idle", 0) / walls["idle"]
            for kind in list(found):
                found[kind] = int(found[kind] - rate * walls[kind])
            found["_rate"] = int(rate)
    kinds = [k for k in KINDS if k in columns["instructions"]]
    print(
        f"Instructions per message (callgrind, --conc {args.conc}, {n} per kind"
        + (", background subtracted)" if args.idle else ")")
    )
    print("| kind | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for kind in kinds:
        print(f"| {kind} | " + " | ".join(f"{c[kind] / n:,.0f}" for c in columns.values()) + " |")
    means = [sum(c[k] for k in kinds) / len(kinds) / n for c in columns.values()]
    print("| mix (mean of kinds) | " + " | ".join(f"{m:,.0f}" for m in means) + " |")
    if args.idle:
        rates = ", ".join(f"{name} {c['_rate']:,}" for name, c in columns.items())
        print(f"background (instructions per second of wall time, subtracted): {rates}")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

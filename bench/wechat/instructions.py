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
one message and the count hardly moves between runs (± 0.5 %); `--conc 8` shows the
shared writes of a loaded server. A dump opens with `callgrind_annotate FILE`.

`--redis` runs the stack's redis-server under callgrind too (started through a wrapper,
instrumented only while a kind is measured): the Redis server's instructions per message,
which is where fewer commands show.

Needs valgrind (Debian: apt-get install -y valgrind). About 2 minutes under callgrind.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
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
        for kind in kinds:
            reqs = requests(kind, KINDS[kind], args.messages, "m")
            control(pids, "--zero")
            await send_all(port, reqs, args.conc)
            control(pids, f"--dump={kind}")
        control(pids, "--instr=off")


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
    found = totals(folder)
    server = totals(folder, "redis.out") if args.redis else {}
    n = args.messages
    print(f"Instructions per message (callgrind, --conc {args.conc}, {n} per kind)")
    print("| kind | instructions |" + (" redis-server |" if server else ""))
    print("|---|---|" + ("---|" if server else ""))
    for kind in KINDS:
        if kind in found:
            extra = f" {server.get(kind, 0) / n:,.0f} |" if server else ""
            print(f"| {kind} | {found[kind] / n:,.0f} |{extra}")
    if found:
        mean = sum(found.values()) / len(found) / n
        extra = f" {sum(server.values()) / len(server) / n:,.0f} |" if server else ""
        print(f"| mix (mean of kinds) | {mean:,.0f} |{extra}")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A process the fault drills kill -9 (tests/test_drills.py): it connects like any
`hospital-bot` process (config file and environment) and does one thing until killed.

    python tests/drills/driver.py book_cancel SCHEDULE_ID OPENID...
        every patient of every OPENID books and cancels SCHEDULE_ID in a loop
    python tests/drills/driver.py stop SCHEDULE_ID
        stops the session (停诊), then idles
    python tests/drills/driver.py worker
        `hospital-bot worker` (prints `hospital-bot worker started`)
    python tests/drills/driver.py zygote
        reads such commands on stdin, one a line, and forks a fresh process for each
        (`child PID` is printed): the imports and the NLU model's load are paid once,
        every child is a real process with its own connections, killed with SIGKILL by
        the drill

A process prints `ready PID` when it starts working, `done PID` when a finite task
finished, and `failed PID: ERROR` (traceback on stderr) when it ended with an error. `book_cancel` and `stop` connect without creating the indexes (`connect`):
the test's database has them, and no kill lands before `ready`.
"""

from __future__ import annotations

import asyncio
import faulthandler
import itertools
import os
import signal
import sys
import traceback
import uuid

import intents
from bot import cli
from bot.compose import build_services
from bot.config import load_settings
from bot.runner import run_loop
from bot.services import Services
from bot.storage import Storage
from handlers.his import HISError


async def connect() -> Services:
    """`bot.runner.connect` minus `ensure_indexes` (~0.2 s a process, 45 processes)."""
    settings = load_settings()
    return build_services(
        settings, Storage(settings.mongodb_uri, settings.redis_url, settings.database)
    )


async def book_cancel(schedule_id: str, openids: list[str]) -> None:
    services = await connect()
    booking = services.booking
    refs = []
    for openid in openids:
        [patient] = await services.patients.list(openid)
        refs.append(booking.ref(patient))

    async def cycle(p: object) -> bool:
        try:
            appt = await booking.book(p, schedule_id, idem_key=uuid.uuid4().hex)  # type: ignore[arg-type]
        except HISError as exc:
            if exc.code not in ("full", "busy", "duplicate"):
                print(f"refused: {exc.code}", file=sys.stderr, flush=True)
            return False
        try:
            await booking.cancel(appt.openid, appt.id, "drill")
        except HISError:
            pass
        return True

    # What the killed predecessor left booked is cancelled first (as its patient would),
    # then one full cycle warms up connections: the kill points fall in the loop.
    for openid in openids:
        for appt in await booking.appointments.of_account(openid):
            if appt.active and appt.schedule_id == schedule_id:
                await booking.cancel(openid, appt.id, "drill")
    for _ in itertools.count():
        if await cycle(refs[0]):
            break
        await asyncio.sleep(0.01)

    async def loop(p: object) -> None:
        while True:
            if not await cycle(p):
                await asyncio.sleep(0)

    print(f"ready {os.getpid()}", flush=True)
    await asyncio.gather(*(loop(p) for p in refs))


async def stop(schedule_id: str) -> None:
    services = await connect()
    await services.storage.ping()  # connected: the kill clock starts at the stop itself
    print(f"ready {os.getpid()}", flush=True)
    await services.booking.stop_session(schedule_id, "专家外出会诊")
    print(f"done {os.getpid()}", flush=True)
    await asyncio.Event().wait()


def run(command: str, args: list[str]) -> None:
    if command == "book_cancel":
        run_loop(book_cancel(args[0], args[1:]))
    elif command == "stop":
        run_loop(stop(args[0]))
    elif command == "worker":
        cli.main(["worker", *args])
    else:
        raise SystemExit(f"unknown drill command {command!r}")


def zygote() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    # the drill sends SIGUSR1 when the zygote stops answering: every thread's stack to stderr
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    intents.load()  # what every process loads at start-up (bot.nlu.NLU), ~1-2 s
    for line in sys.stdin:
        command, *args = line.split()
        pid = os.fork()
        if pid == 0:
            # The commands on stdin are the zygote's alone: a child, or anything it starts,
            # that read fd 0 would take the next command from under it (a fresh-clone run
            # found the zygote waiting on stdin for a command the drill had sent).
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            os.close(devnull)
            status = 0
            try:
                run(command, args)
            except Exception as exc:  # said on stdout, where the drill waits for lines
                traceback.print_exc()
                sys.stderr.flush()
                print(f"failed {os.getpid()}: {exc!r}", flush=True)
                status = 1
            finally:
                os._exit(status)
        print(f"child {pid}", flush=True)


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "zygote":
        zygote()
    else:
        run(command, args)


if __name__ == "__main__":
    main()

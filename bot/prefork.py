"""`hospital-bot serve --workers N`: N pre-forked web processes sharing one port.

Python runs one core per process, and the web app keeps no state of its own (it lives
in Redis and MongoDB), so a second process on a second core doubles what one host
answers. As gunicorn and uvicorn do, the parent forks the workers once the code is
imported and the configuration checked; each worker opens its own listening socket on
the same port with SO_REUSEPORT, and the kernel spreads new connections over them.

The parent only supervises:
- a worker that dies is started again (one second apart at most once a second); if
  workers keep dying within seconds of starting, the parent gives up (exit code 1)
  rather than fork forever;
- SIGTERM or SIGINT is passed on to every worker as SIGTERM; each finishes its
  requests (and deferred replies) and exits, and the parent exits 0 once they all have
  (workers still alive after `grace` seconds are killed);
- a worker whose parent disappears stops by itself (`parent_watch`).

Metrics: the workers share one Prometheus multi-process folder (set up by the CLI
before prometheus_client is imported), so `/metrics` answers the same totals from
whichever worker the scrape reaches.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
CRASH_WINDOW_SECONDS = 5.0  # a worker that dies sooner than this after starting ...
CRASH_LIMIT = 5  # ... this many times in a row makes the parent give up
PARENT_POLL_SECONDS = 1.0


class PortInUse(RuntimeError):
    """The port is held by a socket that does not allow sharing (SO_REUSEPORT)."""


def check_port(host: str, port: int) -> None:
    """Fail early, in the parent, when the workers could not bind the port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(
                    f"{host}:{port} is in use by another program. Fix: stop it, or pass "
                    "another --port."
                ) from exc
            raise


async def parent_watch(stop: asyncio.Event, parent: int) -> None:
    """Stop this worker when the supervising parent is gone (killed with SIGKILL)."""
    while not stop.is_set():
        if os.getppid() != parent:
            log.warning("prefork.parent_gone")
            stop.set()
            return
        try:
            await asyncio.wait_for(stop.wait(), PARENT_POLL_SECONDS)
        except TimeoutError:
            pass


class Supervisor:
    """Fork `workers` processes running `target()` (its return value is the exit code)
    and keep them running until told to stop."""

    def __init__(self, workers: int, target: Callable[[], int], grace: float = 30.0) -> None:
        self.workers = workers
        self.target = target
        self.grace = grace
        self.children: dict[int, float] = {}  # pid -> started at (monotonic)
        self.crashes = 0

    def run(self) -> int:
        signal.pthread_sigmask(signal.SIG_BLOCK, {*STOP_SIGNALS, signal.SIGCHLD})
        try:
            for _ in range(self.workers):
                self._spawn()
            print(f"hospital-bot serve: {self.workers} workers started", flush=True)
            return self._supervise()
        finally:
            self._stop_all()
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {*STOP_SIGNALS, signal.SIGCHLD})

    def _spawn(self) -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            code = 1
            try:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {*STOP_SIGNALS, signal.SIGCHLD})
                code = self.target()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:
                log.exception("prefork.worker_crashed")
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                logging.shutdown()
            os._exit(code)
        self.children[pid] = time.monotonic()
        log.info("prefork.worker_started", extra={"pid": pid})

    def _supervise(self) -> int:
        while True:
            info = signal.sigtimedwait({*STOP_SIGNALS, signal.SIGCHLD}, 1.0)
            if info is not None and info.si_signo in STOP_SIGNALS:
                log.info("prefork.stopping", extra={"signal": signal.Signals(info.si_signo).name})
                return 0
            for pid, status in self._reap():
                started = self.children.pop(pid)
                code = os.waitstatus_to_exitcode(status)
                log.error("prefork.worker_died", extra={"pid": pid, "exit_code": code})
                if time.monotonic() - started < CRASH_WINDOW_SECONDS:
                    self.crashes += 1
                else:
                    self.crashes = 0
                if self.crashes >= CRASH_LIMIT:
                    print(
                        f"error: workers keep exiting right after they start (exit code "
                        f"{code}); see the log above. Fix: correct the cause and start again.",
                        file=sys.stderr,
                        flush=True,
                    )
                    return 1
                time.sleep(min(1.0, 0.2 * self.crashes))  # no fork storm on a crash loop
                self._spawn()

    def _reap(self) -> list[tuple[int, int]]:
        """Workers that have exited (only ours: the embedded databases are children of
        this process too, and belong to their launcher)."""
        done = []
        for pid in list(self.children):
            try:
                got, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                got, status = pid, 0
            if got == pid:
                done.append((pid, status))
        return done

    def _stop_all(self) -> None:
        for pid in self.children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        while self.children and time.monotonic() < deadline:
            for pid, _ in self._reap():
                self.children.pop(pid, None)
            if self.children:
                signal.sigtimedwait({signal.SIGCHLD}, 0.2)
        for pid in list(self.children):
            log.warning("prefork.worker_killed", extra={"pid": pid})
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            self.children.pop(pid)


METRICS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"


@contextlib.contextmanager
def shared_metrics() -> Iterator[None]:
    """One Prometheus multi-process folder for the workers (prometheus_client reads the
    variable when it is first imported: call this before importing the app), removed
    when the parent exits. A folder the operator set is kept as it is."""
    if os.environ.get(METRICS_DIR_ENV):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="hospital-bot-metrics-") as folder:
        os.environ[METRICS_DIR_ENV] = folder
        try:
            yield
        finally:
            os.environ.pop(METRICS_DIR_ENV, None)

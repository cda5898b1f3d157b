"""Keep the embedded databases of `hospital-bot run` alive.

A thread waits on the servers of a `LocalStack` (pidfds: woken by the kernel when one
exits, no polling). When one dies it is reaped at once (no `<defunct>` left), logged
(`localstack.exited`), and after a back-off started again with the same command line,
port and data folder (`localstack.restarted`, counted in
`hospital_bot_localstack_restarts_total`). The app's clients reconnect on their own,
so patients get "please try again" for the gap and normal answers after it.

Back-off: 0.5 s after the first death, doubling for each further death that comes
within `stable_after` seconds of a (re)start, at most 10 s; a server that stayed up
that long starts again from 0.5 s. A server that cannot start (port taken, broken
data) is retried on the same schedule, each failure logged.

Production does not use this: there MongoDB and Redis are services of their own and
systemd (or the platform) restarts `serve`, `worker` and `scheduler` (README).
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import threading
import time
from dataclasses import dataclass

from bot.localstack import LocalStack, LocalStackError, ManagedProcess
from bot.observability import LOCALSTACK_RESTARTS

log = logging.getLogger(__name__)

BACKOFF_MIN_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 10.0
STABLE_AFTER_SECONDS = 30.0
# Without pidfds (not Linux, old kernel) the servers are polled this often instead.
POLL_SECONDS = 0.2


def exit_description(code: int) -> dict[str, object]:
    """`exit_code` as Popen reports it (negative: killed by a signal) and the signal."""
    if code < 0:
        with contextlib.suppress(ValueError):
            return {"exit_code": code, "signal": signal.Signals(-code).name}
    return {"exit_code": code}


class Supervisor:
    """Restarts the servers of `stack` when they die, until `stack.stop()`."""

    def __init__(
        self,
        stack: LocalStack,
        *,
        backoff_min: float = BACKOFF_MIN_SECONDS,
        backoff_max: float = BACKOFF_MAX_SECONDS,
        stable_after: float = STABLE_AFTER_SECONDS,
    ) -> None:
        self.stack = stack
        self.backoff_min = backoff_min
        self.backoff_max = backoff_max
        self.stable_after = stable_after
        self.restarts: dict[str, int] = {}
        self._quick_deaths: dict[str, int] = {}
        self._stopped = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="localstack-supervisor", daemon=True)

    def start(self) -> Supervisor:
        self.stack.add_stop_hook(self.stop)
        self._thread.start()
        return self

    def stop(self, timeout: float = 15.0) -> None:
        """End supervision (`stack.stop()` calls this once its servers are stopped)."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def backoff(self, name: str) -> float:
        """The delay before the next start of `name` (and count this death)."""
        deaths = self._quick_deaths.get(name, 0)
        self._quick_deaths[name] = deaths + 1
        return min(self.backoff_max, self.backoff_min * 2**deaths)

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        pending: dict[str, _Pending] = {}  # dead, waiting for their back-off
        while not self._stopped.is_set():
            try:
                now = time.monotonic()
                wait = min((p.due for p in pending.values()), default=now + 1.0) - now
                for dead in self._wait_for_deaths(max(0.0, wait), exclude=set(pending)):
                    pending[dead.name] = self._died(dead)
                if self.stack.stopping:  # keep the thread until stop(): see add_stop_hook
                    pending.clear()
                    continue
                for name, due in list(pending.items()):
                    if due.due <= time.monotonic() and self._restart(name, due):
                        del pending[name]
            except Exception:  # the watcher itself must not die: log, then watch again
                log.exception("localstack.supervisor_error")
                self._stopped.wait(1.0)

    def _wait_for_deaths(self, timeout: float, exclude: set[str]) -> list[ManagedProcess]:
        """Block until a server exits (or `timeout`); the dead ones, reaped."""
        watched = [p for p in self.stack.running() if not p.stopping and p.name not in exclude]
        fds: list[int] = []
        try:
            for p in watched:
                with contextlib.suppress(OSError, AttributeError):  # gone, or no pidfds
                    fds.append(os.pidfd_open(p.proc.pid))
            # At least once a second: servers started by `stack.restart()` join the watch.
            timeout = min(timeout, 1.0 if len(fds) == len(watched) else POLL_SECONDS)
            select.select([self._wake_r, *fds], [], [], timeout)
        finally:
            for fd in fds:
                os.close(fd)
        # poll() reaps: no zombie, and the exit code.
        return [p for p in watched if p.proc.poll() is not None and not p.stopping]

    def _died(self, dead: ManagedProcess) -> _Pending:
        now = time.monotonic()
        if now - dead.started_at >= self.stable_after:
            self._quick_deaths[dead.name] = 0
        code = dead.proc.returncode if dead.proc.returncode is not None else 0
        delay = self.backoff(dead.name)
        log.warning(
            "localstack.exited",
            extra={
                "service": dead.name,
                **exit_description(code),
                "pid": dead.proc.pid,
                "restart_in_seconds": delay,
            },
        )
        return _Pending(due=now + delay, code=code, died_at=now)

    def _restart(self, name: str, pending: _Pending) -> bool:
        """Start `name` again; False (and a later due time) when it would not start."""
        try:
            fresh = self.stack.respawn(name)
        except LocalStackError as exc:
            if not (self._stopped.is_set() or self.stack.stopping):
                delay = self.backoff(name)
                pending.due = time.monotonic() + delay
                log.error(
                    "localstack.restart_failed",
                    extra={
                        "service": name,
                        "error": str(exc).splitlines()[0],
                        "retry_in_seconds": delay,
                    },
                )
            return False
        self.restarts[name] = self.restarts.get(name, 0) + 1
        LOCALSTACK_RESTARTS.labels(service=name).inc()
        log.warning(
            "localstack.restarted",
            extra={
                "service": name,
                **exit_description(pending.code),
                "pid": fresh.proc.pid,
                "port": fresh.port,
                "down_seconds": round(time.monotonic() - pending.died_at, 3),
            },
        )
        return True


@dataclass
class _Pending:
    due: float
    code: int
    died_at: float


def supervise(stack: LocalStack) -> Supervisor:
    """Watch `stack` until it stops (`stack.stop()` ends the supervisor first)."""
    return Supervisor(stack).start()

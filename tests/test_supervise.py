"""The embedded stack after something dies: restarted by the supervisor, nothing
acknowledged lost, orphans of a dead `run` cleared by the next start.

Every wait here is a poll on a real condition (a port answers, a pid is gone, a log
line was written), never a fixed sleep.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from pymongo import MongoClient
from pymongo.errors import PyMongoError
from secantus.storage import _DOC_SHARDS, _doc_shard_name, _doc_table_for

from bot import observability as obs
from bot.localstack import (
    WARM_COLLECTIONS,
    WARM_DB,
    DataDirInUse,
    LocalStack,
    ManagedProcess,
    process_start_time,
)
from bot.supervise import Supervisor

ROOT = Path(__file__).resolve().parent.parent


def _until(condition: Callable[[], object], timeout: float, what: str) -> float:
    """Poll `condition` until it is truthy; seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.02)
    return time.monotonic() - started


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
    except OSError:
        return False
    return True


def _server(stack: LocalStack, name: str) -> ManagedProcess:
    return next(p for p in stack.running() if p.name == name)


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _restarts(service: str) -> float:
    return (
        obs.REGISTRY.get_sample_value(
            "hospital_bot_localstack_restarts_total", {"service": service}
        )
        or 0.0
    )


@pytest.fixture
def supervised(tmp_path: Path) -> Iterator[tuple[LocalStack, Supervisor]]:
    stack = LocalStack(data_dir=tmp_path).start()
    supervisor = Supervisor(stack).start()
    try:
        yield stack, supervisor
    finally:
        stack.stop()


def test_backoff_doubles_up_to_ten_seconds() -> None:
    supervisor = Supervisor(LocalStack(data_dir=Path("unused")))
    assert [supervisor.backoff("redis") for _ in range(7)] == [0.5, 1, 2, 4, 8, 10, 10]
    assert supervisor.backoff("mongo") == 0.5  # counted per server


def test_ps_shows_port_and_data_dir(supervised: tuple[LocalStack, Supervisor]) -> None:
    stack, _ = supervised
    for name in ("mongo", "redis"):
        server = _server(stack, name)
        shown = _cmdline(server.proc.pid)
        assert f"127.0.0.1:{server.port}" in shown or f"--port {server.port}" in shown
        assert str(stack.data_dir / name) in shown, shown
    assert "--sync-on-commit" in _cmdline(_server(stack, "mongo").proc.pid)
    record = json.loads(stack.pid_file.read_text())
    assert record["owner"]["pid"] == os.getpid()
    assert {n: c["pid"] for n, c in record["children"].items()} == {
        "mongo": _server(stack, "mongo").proc.pid,
        "redis": _server(stack, "redis").proc.pid,
    }


@pytest.mark.parametrize("name", ["redis", "mongo"])
def test_killed_server_is_reaped_and_restarted_on_the_same_port(
    supervised: tuple[LocalStack, Supervisor], name: str, caplog: pytest.LogCaptureFixture
) -> None:
    stack, supervisor = supervised
    caplog.set_level(logging.INFO, logger="bot.supervise")
    if name == "redis":
        redis.Redis.from_url(stack.redis_url).set("kept", "yes")
        # On disk before the kill: a SIGKILL may cost Redis its last second or two.
        aof = stack.data_dir / "redis" / "appendonly.aof"
        _until(lambda: b"kept" in aof.read_bytes(), 10, "the write in the append-only file")
    else:
        MongoClient(stack.mongodb_uri).demo.things.insert_one({"_id": 1})
    old = _server(stack, name)
    counted = _restarts(name)

    os.kill(old.proc.pid, signal.SIGKILL)
    _until(lambda: supervisor.restarts.get(name), 20, f"{name} to be started again")
    new = _server(stack, name)
    assert _answers(new.port)

    assert new.port == old.port and new.argv == old.argv
    assert old.proc.returncode == -signal.SIGKILL
    assert not Path(f"/proc/{old.proc.pid}").exists()  # reaped: no <defunct> left
    assert supervisor.restarts == {name: 1} and _restarts(name) == counted + 1
    restarted = [r for r in caplog.records if r.getMessage() == "localstack.restarted"]
    assert [(r.service, r.exit_code, r.signal) for r in restarted] == [(name, -9, "SIGKILL")]
    assert json.loads(stack.pid_file.read_text())["children"][name]["pid"] == new.proc.pid
    if name == "redis":
        assert redis.Redis.from_url(stack.redis_url).get("kept") == b"yes"
    else:
        assert MongoClient(stack.mongodb_uri).demo.things.find_one({"_id": 1}) == {"_id": 1}


def test_a_server_that_cannot_start_is_retried(
    supervised: tuple[LocalStack, Supervisor], caplog: pytest.LogCaptureFixture
) -> None:
    """Its port taken while it was down: the restart fails, is logged, and is tried
    again (later) until the port is free."""
    stack, supervisor = supervised
    caplog.set_level(logging.INFO, logger="bot.supervise")
    old = _server(stack, "redis")
    os.kill(old.proc.pid, signal.SIGKILL)
    _until(lambda: not _answers(old.port), 10, "redis to close its port")
    squatter = socket.socket()
    squatter.bind(("127.0.0.1", old.port))
    squatter.listen()

    def failed() -> bool:
        return any(r.getMessage() == "localstack.restart_failed" for r in caplog.records)

    try:
        _until(failed, 20, "a failed restart")
    finally:
        squatter.close()
    _until(lambda: supervisor.restarts.get("redis") == 1, 30, "the retry")
    assert redis.Redis.from_url(stack.redis_url).ping()


# -- durability: what a kill may cost ---------------------------------------------------


def _write_until_error(write: Callable[[int], None], acked: list[int]) -> threading.Thread:
    """A thread writing 0, 1, 2 ... as fast as it can, recording each acknowledged
    write, until the server goes away."""

    def loop() -> None:
        i = 0
        while True:
            try:
                write(i)
            except (PyMongoError, redis.RedisError, OSError):
                return
            acked.append(i)
            i += 1

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread


def test_acknowledged_mongodb_writes_survive_kill_9(tmp_path: Path) -> None:
    """SIGKILL SecantusDB while it creates collections and inserts, start it again: it
    opens, and every acknowledged write is there. Fails without --sync-on-commit (the
    last writes are lost) and without the tables made at the first start (the store
    does not open)."""
    stack = LocalStack(data_dir=tmp_path).start()
    acked: list[int] = []
    try:
        client = MongoClient(stack.mongodb_uri, retryWrites=False, serverSelectionTimeoutMS=2000)

        def write(i: int) -> None:  # a new collection each time
            client.drill[f"c{i}"].insert_one({"_id": i})

        thread = _write_until_error(write, acked)
        _until(lambda: len(acked) >= 8, 60, "8 acknowledged writes")  # early: tables
        os.kill(_server(stack, "mongo").proc.pid, signal.SIGKILL)
        thread.join(30)
        assert not thread.is_alive()
        stack.restart("mongo")
        db = MongoClient(stack.mongodb_uri).drill
        stored = {d["_id"] for n in db.list_collection_names() for d in db[n].find()}
        assert set(acked) - stored == set(), f"{len(set(acked) - stored)} acknowledged lost"
    finally:
        stack.stop()


def test_acknowledged_redis_writes_survive_the_death_of_run(tmp_path: Path) -> None:
    """`run` killed with SIGKILL: the kernel sends its Redis SIGTERM (PR_SET_PDEATHSIG),
    and Redis writes out everything it acknowledged before it exits."""
    owner, started = _start_owner(tmp_path, "normal")
    acked: list[int] = []
    r = redis.Redis.from_url(started["redis"], socket_timeout=5)
    thread = _write_until_error(lambda i: r.set(f"w:{i}", 1), acked)
    _until(lambda: len(acked) >= 200, 60, "200 acknowledged writes")
    owner.kill()
    owner.wait()
    thread.join(30)
    assert not thread.is_alive()
    _until(lambda: all(process_start_time(c) is None for c in started["pids"]), 10, "children")
    stack = LocalStack(data_dir=tmp_path).start()
    try:
        keys = redis.Redis.from_url(stack.redis_url).keys("w:*")
        stored = {int(k.split(b":")[1]) for k in keys}
        assert set(acked) - stored == set(), f"{len(set(acked) - stored)} acknowledged lost"
    finally:
        stack.stop()


def test_warm_collections_reach_every_secantus_table() -> None:
    """The names LocalStack creates at the first start cover every document table of
    the installed SecantusDB (its own routing function decides)."""
    reached = {_doc_table_for(WARM_DB, name) for name in WARM_COLLECTIONS}
    assert reached == {_doc_shard_name(s) for s in range(_DOC_SHARDS)}


# -- a start right after a crash ---------------------------------------------------------

_OWNER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from bot import localstack
    if sys.argv[2] == "orphans":
        localstack._PRCTL = None  # as before PR_SET_PDEATHSIG: children outlive us
    stack = localstack.LocalStack(data_dir=Path(sys.argv[1])).start()
    import json, pymongo
    pymongo.MongoClient(stack.mongodb_uri).demo.things.insert_one({"_id": "before"})
    started = {"pids": stack.pids(), "mongodb": stack.mongodb_uri, "redis": stack.redis_url}
    print(json.dumps(started), flush=True)
    while True:
        time.sleep(60)
""")


def _start_owner(data: Path, mode: str) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    """Another process owning a stack on `data` (pids and URLs of its servers)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _OWNER, str(data), mode], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stdout is not None
    return proc, json.loads(proc.stdout.readline())


def test_orphans_of_a_dead_owner_are_stopped_and_the_new_stack_starts(tmp_path: Path) -> None:
    owner, started = _start_owner(tmp_path, "orphans")
    children = started["pids"]
    try:
        # While the owner lives, the folder is its own.
        with pytest.raises(DataDirInUse, match=rf"pid {owner.pid}\)"):
            LocalStack(data_dir=tmp_path).start()
        owner.kill()
        owner.wait()
        assert all(process_start_time(c) is not None for c in children)  # orphans now

        stack = LocalStack(data_dir=tmp_path, orphan_grace_seconds=0.2).start()
    finally:
        for c in children:  # whatever the outcome, leave nothing behind
            if process_start_time(c) is not None:
                os.kill(c, signal.SIGKILL)
    try:
        assert [c for c in children if process_start_time(c) is not None] == []
        found = MongoClient(stack.mongodb_uri).demo.things.find_one({"_id": "before"})
        assert found == {"_id": "before"}
        assert json.loads(stack.pid_file.read_text())["owner"]["pid"] == os.getpid()
    finally:
        stack.stop()
    assert not stack.pid_file.exists()


def test_children_die_with_a_killed_owner(tmp_path: Path) -> None:
    """PR_SET_PDEATHSIG=SIGKILL: gone at once, so a new start finds the folder free."""
    owner, started = _start_owner(tmp_path, "normal")
    children = started["pids"]
    owner.kill()
    owner.wait()
    _until(lambda: all(process_start_time(c) is None for c in children), 5, "the children")
    stack = LocalStack(data_dir=tmp_path).start()
    try:
        found = MongoClient(stack.mongodb_uri).demo.things.find_one({"_id": "before"})
        assert found == {"_id": "before"}
    finally:
        stack.stop()

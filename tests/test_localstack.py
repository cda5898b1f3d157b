"""The embedded local stack: starts, keeps data across a restart, leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import redis
from pymongo import MongoClient

from bot.localstack import LocalStack


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); read its state.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def _wait_gone(pids: list[int], timeout: float = 15.0) -> list[int]:
    """Poll /proc until the processes are gone (a condition, not a fixed sleep)."""
    import time

    deadline = time.monotonic() + timeout
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _alive(p)]
        if alive:
            time.sleep(0.05)
    return alive


def test_stack_survives_restart_with_data(tmp_path: Path) -> None:
    stack = LocalStack(data_dir=tmp_path).start()
    pids = stack.pids()
    try:
        MongoClient(stack.mongodb_uri).demo.things.insert_one({"_id": 1, "v": "kept"})
        r = redis.Redis.from_url(stack.redis_url)
        r.set("kept", "yes")
        # appendfsync everysec: force the write out before stopping, and wait for it.
        r.execute_command("BGREWRITEAOF")
        deadline = time.monotonic() + 30
        while True:
            info = r.info("persistence")
            if not info["aof_rewrite_in_progress"] and not info["aof_rewrite_scheduled"]:
                break
            assert time.monotonic() < deadline, "the AOF rewrite never finished"
        assert r.info("persistence")["aof_last_bgrewrite_status"] == "ok"
        r.close()
    finally:
        stack.stop()
    assert _wait_gone(pids) == []

    again = LocalStack(data_dir=tmp_path).start()
    try:
        doc = MongoClient(again.mongodb_uri).demo.things.find_one({"_id": 1})
        assert doc == {"_id": 1, "v": "kept"}
        assert redis.Redis.from_url(again.redis_url).get("kept") == b"yes"
    finally:
        again.stop()


def test_no_orphans_when_parent_is_terminated(tmp_path: Path) -> None:
    """A process holding the stack gets SIGTERM: its servers go too."""
    script = textwrap.dedent(f"""
        import signal, sys, time
        from pathlib import Path
        from bot.localstack import LocalStack
        stack = LocalStack(data_dir=Path({str(tmp_path)!r})).start()
        signal.signal(signal.SIGTERM, lambda *a: (stack.stop(), sys.exit(0)))
        print(" ".join(map(str, stack.pids())), flush=True)
        while True:
            time.sleep(1)
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    assert _wait_gone(pids) == []


def test_no_orphans_when_parent_is_killed(tmp_path: Path) -> None:
    """Even SIGKILL of the parent (no clean-up runs) takes the servers down."""
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from bot.localstack import LocalStack
        stack = LocalStack(data_dir=Path({str(tmp_path)!r})).start()
        print(" ".join(map(str, stack.pids())), flush=True)
        while True:
            time.sleep(1)
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    proc.kill()
    proc.wait(10)
    assert _wait_gone(pids) == []


async def test_storage_rides_through_database_restarts(tmp_path: Path) -> None:
    """The app's clients reconnect after Redis and MongoDB restart, data intact."""
    from bot.storage import Storage

    stack = LocalStack(data_dir=tmp_path).start()
    storage = Storage(stack.mongodb_uri, stack.redis_url, "restart_test")
    try:
        await storage.redis.set("k", "v")
        await storage.db.things.insert_one({"_id": "a"})
        stack.restart("redis")
        stack.restart("mongo")
        assert await storage.redis.get("k") == b"v"
        assert await storage.db.things.find_one({"_id": "a"}) == {"_id": "a"}
        assert (await storage.ping()) == {"mongodb": "ok", "redis": "ok"}
    finally:
        await storage.close()
        stack.stop()


def test_a_started_redis_has_finished_loading_its_data() -> None:
    """redis-server opens its port before it has read its append-only file back and
    answers -LOADING until then (a large file after a crash, a busy host): the stack waits
    for a PONG, so its first command never meets BusyLoadingError. Here a server that is
    still loading for its first two connections."""
    import socket
    import threading

    from bot.localstack import _wait_redis_loaded

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    replies = [b"-LOADING Redis is loading the dataset in memory\r\n"] * 2 + [b"+PONG\r\n"]
    asked: list[bytes] = []

    def serve() -> None:
        for reply in replies:
            conn, _ = listener.accept()
            with conn:
                asked.append(conn.recv(64))
                conn.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        _wait_redis_loaded(port, "redis", 10.0, threading.Event())
    finally:
        thread.join(10)
        listener.close()
    assert asked == [b"PING\r\n"] * 3  # returned only after the third answer, the PONG

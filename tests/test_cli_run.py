"""`hospital-bot run` end to end: one command brings the whole stack up, Ctrl-C takes
it all down, and the data (demo seed) survives to the next run."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import redis
from pymongo import MongoClient

from bot.localstack import free_port

ROOT = Path(__file__).resolve().parent.parent


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(FileNotFoundError), open(task / "children") as f:
            out += [int(c) for c in f.read().split()]  # (a thread may end meanwhile)
    return out


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def _start(data: Path, port: int, **extra_env: str) -> tuple[subprocess.Popen[str], list[str]]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("MONGODB_URI", "REDIS_URL", "WECHAT_SECRET", "PUBLIC_BASE_URL")
    }
    # PORT says one thing, --port another: the flag wins.
    env.update(HOSPITAL_BOT_DATA_DIR=str(data), PORT=str(port + 1), LOG_LEVEL="WARNING")
    env.update(extra_env)
    stderr = tempfile.TemporaryFile("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    for line in proc.stdout:  # the banner ends with the Ctrl-C hint
        lines.append(line.rstrip())
        if line.startswith("Press Ctrl-C"):
            return proc, lines
    proc.wait(30)
    stderr.seek(0)
    raise AssertionError(f"run exited {proc.returncode}: {lines}\n{stderr.read()[-3000:]}")


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status, resp.read()


def _stop(proc: subprocess.Popen[str]) -> list[int]:
    children = _children(proc.pid)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(60) == 0
    deadline = time.monotonic() + 15
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [c for c in children if _alive(c)]


def test_run_starts_everything_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    proc, banner = _start(tmp_path, port)
    try:
        text = "\n".join(banner)
        assert "demo data loaded" in text
        assert f"http://127.0.0.1:{port}/sandbox/chat" in text
        status, body = _get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200 and json.loads(body)["mongodb"] == "ok"
        status, page = _get(f"http://127.0.0.1:{port}/sandbox/chat")
        assert status == 200 and "预约挂号".encode() in page  # the configured menu
        assert len(_children(proc.pid)) >= 2  # embedded MongoDB and Redis
    finally:
        leftovers = _stop(proc)
    assert leftovers == []

    # Second run on the same data: the database is not empty, so no re-seed.
    proc, banner = _start(tmp_path, port)
    try:
        assert "demo data loaded" not in "\n".join(banner)
        status, _ = _get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200
        # The banner's patient-pages link answers (a redirect into the login), not 404.
        req = urllib.request.Request(f"http://127.0.0.1:{port}/h5/")
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(req, timeout=10)
        assert redirect.value.code == 302
        # An admin command while `run` holds the data folder: it connects to the
        # running stack instead of starting a second one.
        env = {k: v for k, v in os.environ.items() if k not in ("MONGODB_URI", "REDIS_URL")}
        env.update(HOSPITAL_BOT_DATA_DIR=str(tmp_path), STAFF_PASSWORD="a-long-demo-password")
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "staff", "add", "nurse1", "--name", "张护士"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert "staff nurse1 added" in done.stdout and "Traceback" not in done.stderr
    finally:
        assert _stop(proc) == []


def _post_json(url: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


GREETING = "您好，我是市一院智能助手。请告诉我您哪里不舒服，或者想办理什么业务（挂号、缴费、查报告、排队）。"


def test_run_delivers_a_reply_that_missed_the_budget_through_its_own_worker(
    tmp_path: Path,
) -> None:
    """The whole path in the real `run` process: a message that cannot be answered in
    time is answered `success`, finishes later, and its reply reaches the patient as a
    customer-service message sent by run's own push worker (seen in the sandbox)."""
    config = tmp_path / "config.yml"
    text = (ROOT / "config.yml").read_text(encoding="utf-8")
    assert "reply_budget_seconds: 4.0" in text
    config.write_text(text.replace("reply_budget_seconds: 4.0", "reply_budget_seconds: 0.3"))
    port = free_port()
    proc, _ = _start(tmp_path / "data", port, HOSPITAL_BOT_CONFIG=str(config))
    base = f"http://127.0.0.1:{port}"
    openid = "o_deferred_run_1"
    try:
        _post_json(f"{base}/sandbox/chat/api/users", {"openid": openid, "nickname": "小迟"})
        # Another message of this patient is still being handled: its conversation is
        # locked (as the endpoint locks it), so this one waits past the reply budget.
        stack = json.loads((tmp_path / "data" / "stack.json").read_text())
        r = redis.Redis.from_url(stack["redis_url"])
        lock, wake = f"conv:{{{openid}}}:lock", f"conv:{{{openid}}}:wake"
        assert r.set(lock, "held-by-the-test", nx=True, px=60_000)
        sent = _post_json(
            f"{base}/sandbox/chat/api/send", {"openid": openid, "type": "text", "content": "你好"}
        )
        assert sent["ok"] and sent["reply"] == {"type": "none"}  # `success`, in time
        assert _pushed(base, openid) == []
        # The other message finishes: the lock is released as the endpoint releases it.
        r.delete(lock)
        r.rpush(wake, 1)
        pushed: list[dict[str, Any]] = []
        deadline = time.monotonic() + 30
        while not pushed and time.monotonic() < deadline:
            time.sleep(0.1)  # polling another process for the effect, bounded
            pushed = _pushed(base, openid)
        assert [(m["kind"], m["type"], m["content"]) for m in pushed] == [
            ("custom", "text", GREETING)
        ]
        r.close()
    finally:
        assert _stop(proc) == []


def _pushed(base: str, openid: str) -> list[dict[str, Any]]:
    status, body = _get(f"{base}/sandbox/chat/api/messages?openid={openid}")
    assert status == 200
    return json.loads(body)["messages"]


def _banner_value(banner: list[str], label: str) -> str:
    return next(line.split()[-1] for line in banner if line.strip().startswith(label))


def _tree(pid: int) -> list[int]:
    return [pid, *(p for c in _children(pid) for p in _tree(c))]


@pytest.mark.slow
def test_a_new_run_starts_cleanly_right_after_a_kill_9(tmp_path: Path) -> None:
    """kill -9 of `run` (its databases go with it), then of the whole tree at once: each
    time an immediate new `run` on the same folder starts, and the data is there (what
    Redis acknowledged in its last second or two is at risk only when redis-server
    itself gets SIGKILL; written before, it is kept)."""
    port = free_port()
    proc, banner = _start(tmp_path, port)
    try:
        assert banner[-1].startswith("Press Ctrl-C"), banner
        mongo = MongoClient(_banner_value(banner, "MongoDB"), serverSelectionTimeoutMS=5000)
        mongo.drill.kept.insert_one({"_id": "acknowledged"})
        redis.Redis.from_url(_banner_value(banner, "Redis")).set("drill:kept", "yes")
        databases = _children(proc.pid)
        assert len(databases) >= 2

        proc.kill()  # `run` alone
        proc.wait(10)
        proc, banner = _start(tmp_path, port)  # at once: no waiting for the old children
        assert banner[-1].startswith("Press Ctrl-C"), banner
        assert not any(_alive(c) for c in databases)
        _assert_data_kept(banner, port)

        mongo = MongoClient(_banner_value(banner, "MongoDB"), serverSelectionTimeoutMS=5000)
        mongo.drill.kept.insert_one({"_id": "just before"})  # durable once acknowledged
        for pid in _tree(proc.pid):  # the whole tree at once (Redis too: SIGKILL)
            os.kill(pid, signal.SIGKILL)
        proc.wait(10)
        proc, banner = _start(tmp_path, port)
        assert banner[-1].startswith("Press Ctrl-C"), banner
        assert "demo data loaded" not in "\n".join(banner)
        _assert_data_kept(banner, port)
        mongo = MongoClient(_banner_value(banner, "MongoDB"), serverSelectionTimeoutMS=5000)
        assert mongo.drill.kept.find_one({"_id": "just before"}) is not None
    finally:
        leftovers = _stop(proc)
    assert leftovers == []


def _assert_data_kept(banner: list[str], port: int) -> None:
    mongo = MongoClient(_banner_value(banner, "MongoDB"), serverSelectionTimeoutMS=5000)
    assert mongo.drill.kept.find_one({"_id": "acknowledged"}) == {"_id": "acknowledged"}
    assert redis.Redis.from_url(_banner_value(banner, "Redis")).get("drill:kept") == b"yes"
    status, body = _get(f"http://127.0.0.1:{port}/healthz")
    assert status == 200 and json.loads(body)["redis"] == "ok"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None

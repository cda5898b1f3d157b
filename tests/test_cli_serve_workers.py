"""`hospital-bot serve --workers N`: pre-forked processes on one port, supervised.

The real command, as an operator starts it: both workers answer on the shared port,
`/metrics` adds up every worker's counts, a killed worker is replaced, SIGTERM stops
everything (databases included) with exit code 0, and a port held by another program
is refused at once."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bot.localstack import free_port

ROOT = Path(__file__).resolve().parent.parent
HEALTHZ_TOTAL = 'hospital_bot_http_requests_total{method="GET",route="/healthz",status="200"}'


def _env(data: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("MONGODB_URI", "REDIS_URL", "WECHAT_SECRET", "PROMETHEUS_MULTIPROC_DIR")
    }
    env.update(HOSPITAL_BOT_DATA_DIR=str(data), LOG_LEVEL="WARNING")
    return env


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with open(task / "children") as f:
            out += [int(c) for c in f.read().split()]
    return out


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def _workers(parent: int) -> list[int]:
    """The parent's children that are web workers (not the embedded databases)."""
    found = []
    for pid in _children(parent):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"bot.cli" in cmdline and _alive(pid):
            found.append(pid)
    return sorted(found)


def _counter_file(pid: int) -> Path | None:
    """The Prometheus multi-process file a worker counts in (it keeps it open)."""
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = Path(os.readlink(fd))
        except OSError:
            continue
        if target.name == f"counter_{pid}.db":
            return target
    return None


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status, resp.read().decode()


def _until(condition: object, timeout: float = 60.0) -> None:
    """Poll another process for a condition, bounded."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():  # type: ignore[operator]
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.1)


def _healthz_total(base: str) -> float:
    _, text = _get(f"{base}/metrics")
    line = next((x for x in text.splitlines() if x.startswith(HEALTHZ_TOTAL)), "")
    return float(line.rpartition(" ")[2] or 0)


def test_workers_share_the_port_are_replaced_and_stop_cleanly(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--workers", "2", "--port", str(port)],
        cwd=ROOT,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "workers started" in line:
                assert line.strip() == "hospital-bot serve: 2 workers started"
                break
        _until(lambda: _get(f"{base}/healthz")[0] == 200)
        workers = _workers(proc.pid)
        assert len(workers) == 2

        # A worker listens once its app has started (the NLU model loaded): until both
        # answer, the kernel gives every connection to the first. Poll until each has
        # answered one (each counts in a file of its own), bounded.
        def both_answered() -> bool:
            _get(f"{base}/healthz")
            return all(_counter_file(pid) is not None for pid in workers)

        _until(both_answered)
        before = _healthz_total(base)
        for _ in range(40):  # a new connection each: the kernel spreads them
            status, body = _get(f"{base}/healthz")
            assert status == 200 and json.loads(body)["status"] == "ok"
        # Whichever worker answers /metrics, it counts every worker's requests ...
        assert _healthz_total(base) - before == 40
        assert _healthz_total(base) - before == 40
        # ... in files of its own, in one folder.
        files = [_counter_file(pid) for pid in workers]
        assert all(f is not None for f in files)
        metrics_dir = files[0].parent  # type: ignore[union-attr]
        assert files[1].parent == metrics_dir  # type: ignore[union-attr]

        # A worker that dies is replaced; the port keeps answering.
        os.kill(workers[0], signal.SIGKILL)
        _until(lambda: len(_workers(proc.pid)) == 2 and workers[0] not in _workers(proc.pid))
        assert workers[1] in _workers(proc.pid)
        _until(lambda: _get(f"{base}/healthz")[0] == 200)

        children = _children(proc.pid)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
        _until(lambda: not any(_alive(c) for c in children), timeout=20)
        assert not metrics_dir.exists()  # the parent's shared folder is gone too
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_port_held_by_another_program_is_refused(tmp_path: Path) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "serve", "--workers", "2", "--port", str(port)],
            cwd=ROOT,
            env=_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2
    assert f"error: 127.0.0.1:{port} is in use by another program." in done.stderr
    assert "Traceback" not in done.stderr

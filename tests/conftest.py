"""Shared fixtures: the real local stack (SecantusDB + redis-server), storage, app.

The stack is started once per session through the same launcher `hospital-bot run`
uses, unless MONGODB_URI / REDIS_URL point at servers already running (CI with a
real mongod, for instance). Each test gets its own MongoDB database and an empty
Redis database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.clock import Clock
from bot.compose import build_services
from bot.config import Settings, load_settings
from bot.localstack import LocalStack
from bot.sandbox.pay_keys import ensure_keys, key_dir
from bot.services import Services
from bot.storage import Storage
from intents.train import start_training

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    data = tmp_path_factory.mktemp("stack")
    s = LocalStack(
        data_dir=data,
        mongodb_uri=os.environ.get("MONGODB_URI", ""),
        redis_url=os.environ.get("REDIS_URL", ""),
        # A throwaway folder: no fsync per commit (mongod's own default), which makes
        # the write-heavy tests ~30% faster. The crash drills start durable stacks
        # of their own (tests/test_supervise.py, test_fault_drills.py, test_cli_run.py).
        sync_on_commit=False,
    ).start()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def sandbox_pay_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One set of WeChat Pay sandbox keys (three RSA keys, ~0.5 s) for the session."""
    return ensure_keys(tmp_path_factory.mktemp("paykeys")).directory


@pytest.fixture
def settings(stack: LocalStack, tmp_path: Path, sandbox_pay_keys: Path) -> Settings:
    """config.yml with the test stack, a per-test database and sandbox WeChat."""
    shutil.copytree(sandbox_pay_keys, key_dir(tmp_path))  # not generated again per test
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT", "PUBLIC_BASE"))}
    base = load_settings(ROOT / "config.yml", env=env)
    return base.with_overrides(
        mongodb_uri=stack.mongodb_uri,
        redis_url=stack.redis_url,
        database=f"test_{uuid.uuid4().hex[:12]}",
        data_dir=tmp_path,
    )


@pytest.fixture
async def storage(settings: Settings) -> AsyncIterator[Storage]:
    st = Storage(settings.mongodb_uri, settings.redis_url, settings.database)
    await st.redis.flushdb()
    await st.ensure_indexes()
    yield st
    await st.mongo.drop_database(settings.database)
    await st.close()


@pytest.fixture
def clock(settings: Settings) -> Clock:
    return Clock(settings.tz)


@pytest.fixture
def services(settings: Settings, storage: Storage, clock: Clock) -> Services:
    return build_services(settings, storage, clock=clock)


# The artifact test retrains every model (minutes of one core): started in a child process
# as soon as it is collected, at the lowest CPU priority, it runs on whatever CPU the rest
# of the suite leaves idle (its waits on servers and subprocesses) instead of taking half
# of a 2-core machine from the tests. The test itself runs last, so the training has the
# whole suite to finish in; if it has not, it gets its priority back while the test waits.
_RETRAIN_TEST = "test_committed_artifact_matches_fresh_training"
_retraining: dict[str, object] = {}
IDLE_PRIORITY = 19  # nice value


@pytest.hookimpl(trylast=True)  # after -k / --deselect: only when the test will run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    retrain = [item for item in items if item.name == _RETRAIN_TEST]
    if retrain:
        items[:] = [item for item in items if item.name != _RETRAIN_TEST] + retrain
        folder = Path(tempfile.mkdtemp(prefix="hb-retrain-"))
        out = folder / "nlu.npz"
        child = start_training(out)
        _set_priority(child, IDLE_PRIORITY)
        _retraining.update(folder=folder, out=out, child=child)


def _set_priority(child: subprocess.Popen[bytes], niceness: int) -> None:
    """Best effort: lowering a priority is always allowed, raising it back may not be
    (without CAP_SYS_NICE; then it only finishes with the CPU the suite leaves it)."""
    try:  # Linux: a nice value is per thread
        threads = [int(tid) for tid in os.listdir(f"/proc/{child.pid}/task")]
    except OSError:
        threads = [child.pid]
    for tid in threads:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, tid, niceness)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    child = _retraining.get("child")
    if isinstance(child, subprocess.Popen):
        if child.poll() is None:
            child.kill()
        child.wait()
        shutil.rmtree(str(_retraining["folder"]), ignore_errors=True)


@pytest.fixture
def retrained_artifact() -> Path:
    """The artifact trained afresh from the data (started at collection; waited for)."""
    child = _retraining.get("child")
    if not isinstance(child, subprocess.Popen):  # collected some other way: train now
        folder = Path(tempfile.mkdtemp(prefix="hb-retrain-"))
        _retraining.update(folder=folder, out=folder / "nlu.npz")
        child = start_training(folder / "nlu.npz")
        _retraining["child"] = child
    _set_priority(child, 0)  # nothing else runs now: the training may take its core back
    assert child.wait() == 0, "retraining failed"
    out = _retraining["out"]
    assert isinstance(out, Path)
    return out

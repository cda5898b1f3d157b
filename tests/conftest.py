"""Shared fixtures: the real local stack (SecantusDB + redis-server), storage, app.

The stack is started once per session through the same launcher `hospital-bot run`
uses, unless MONGODB_URI / REDIS_URL point at servers already running (CI with a
real mongod, for instance). Each test gets its own MongoDB database and an empty
Redis database.
"""

from __future__ import annotations

import os
import shutil
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

"""A production configuration is safe by default: what refuses to start, and why.

Each refusal is checked by its full message (field, problem and the "Fix:"), the
sandbox by real requests to a real app, the data-folder lock with real servers.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient

from bot import production
from bot.app import create_app
from bot.cli import _settings, build_parser
from bot.compose import build_services
from bot.config import ConfigError, Settings, load_settings
from bot.localstack import DataDirInUse, LocalStack, free_port
from bot.pii import ensure_secret_key
from bot.sandbox import sandbox_settings
from bot.storage import Storage

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config.yml"

# A real account with sound settings: the baseline every case below breaks once.
PRODUCTION = {
    "WECHAT_SECRET": "0123456789abcdef0123456789abcdef",
    "WECHAT_TOKEN": "Tk7rQ2mZp9Lx4Vw8Ns3Bd6Hy",
    "WECHAT_AES_KEY": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    "SECRET_KEY": "s" * 48,
}


def prod(**env: str) -> Settings:
    merged = {**PRODUCTION, **env}
    return load_settings(CONFIG, env={k: v for k, v in merged.items() if v})


def refusal(settings: Settings, role: production.Role = "web") -> str:
    with pytest.raises(ConfigError) as exc:
        production.check(settings, role)
    return str(exc.value)


def test_a_sound_production_config_starts() -> None:
    for role in ("web", "background", "tool"):
        production.check(prod(), role)  # no exception


def test_demo_callback_token_is_refused() -> None:
    assert refusal(prod(WECHAT_TOKEN="")) == (
        "wechat.token: WECHAT_TOKEN is the shipped demo value 'hospitalbot' while a real "
        "WeChat account is configured; anyone who reads this repository could sign "
        "callbacks. Fix: set WECHAT_TOKEN to 16-32 random letters and digits (`openssl rand "
        "-hex 16` gives 32 letters and digits) and enter the same token in the MP console."
    )


def test_short_callback_token_is_refused() -> None:
    assert refusal(prod(WECHAT_TOKEN="abc123XYZ")) == (
        "wechat.token: WECHAT_TOKEN has 9 characters; at least 16 are required with a real "
        "WeChat account. Fix: set WECHAT_TOKEN to 16-32 random letters and digits (`openssl "
        "rand -hex 16` gives 32 letters and digits) and enter the same token in the MP console."
    )


MISSING_KEY = (
    "server.secret_key: SECRET_KEY is not set while a real WeChat account (WECHAT_SECRET) "
    "is configured; the key generated into var/secret_key is for local use only (a backup "
    "of var/ would hold the key beside the data it encrypts). Fix: set SECRET_KEY to 32+ "
    "random characters (e.g. `openssl rand -base64 48`), the same on every host."
)


@pytest.mark.parametrize("role", ["web", "background", "tool"])
def test_missing_secret_key_is_refused_by_every_process(role: production.Role) -> None:
    assert refusal(prod(SECRET_KEY=""), role) == MISSING_KEY


def test_short_secret_key_is_refused() -> None:
    assert refusal(prod(SECRET_KEY="x" * 31), "background") == (
        "server.secret_key: SECRET_KEY has 31 characters; at least 32 are required with a "
        "real WeChat account. Fix: set SECRET_KEY to 32+ random characters (e.g. `openssl "
        "rand -base64 48`); keep the old key in pii.previous_secret_keys so stored data "
        "stays readable."
    )


def test_secret_key_is_never_generated_for_a_real_account(tmp_path: Path) -> None:
    settings = prod(SECRET_KEY="", HOSPITAL_BOT_DATA_DIR=str(tmp_path))
    with pytest.raises(ConfigError) as exc:
        ensure_secret_key(settings)
    assert str(exc.value) == MISSING_KEY
    assert not (tmp_path / "secret_key").exists()
    # Without a real account the local key is still generated (the laptop case).
    local = load_settings(CONFIG, env={"HOSPITAL_BOT_DATA_DIR": str(tmp_path)})
    assert len(ensure_secret_key(local).secret_key) >= 32
    assert (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("var", "field", "disables"),
    [
        ("HIS_STAFF_TOKEN", "booking.staff_token", "the /his staff endpoints"),
        ("NLU_TOKEN", "limits.nlu_token", "POST /nlu/parse"),
        ("METRICS_TOKEN", "server.metrics_token", "the token on /metrics"),
    ],
)
def test_short_bearer_tokens_are_refused(var: str, field: str, disables: str) -> None:
    assert refusal(prod(**{var: "short-token-20-chars"})) == (
        f"{field}: {var} has 20 characters; at least 32 are required with a real WeChat "
        f"account. Fix: set {var} to 32+ random characters (`openssl rand -hex 32`), or "
        f"leave it empty to disable {disables}."
    )
    production.check(prod(**{var: "t" * 32}), "web")  # long enough: accepted


def test_every_problem_is_reported_at_once() -> None:
    lines = refusal(prod(WECHAT_TOKEN="", SECRET_KEY="", NLU_TOKEN="short")).splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "server.secret_key",
        "wechat.token",
        "limits.nlu_token",
    ]


def test_sandbox_is_refused_with_a_real_secret() -> None:
    expected = (
        "sandbox.enabled: the WeChat sandbox is on while a real WeChat account "
        "(WECHAT_SECRET) is configured; it lets anyone sign in as any patient. Fix: unset "
        "HOSPITAL_BOT_SANDBOX (and sandbox.enabled) in production, or unset WECHAT_SECRET "
        "for a local demo."
    )
    assert refusal(prod(HOSPITAL_BOT_SANDBOX="1")) == expected
    assert refusal(prod(HOSPITAL_BOT_SANDBOX="1"), "background") == expected


def test_run_turns_the_sandbox_on_only_without_a_real_secret() -> None:
    assert load_settings(CONFIG, env={}, sandbox_default=True).use_sandbox  # make run
    assert not load_settings(CONFIG, env={}).use_sandbox  # serve
    assert not load_settings(CONFIG, env=PRODUCTION, sandbox_default=True).use_sandbox
    off = load_settings(CONFIG, env={"HOSPITAL_BOT_SANDBOX": "0"}, sandbox_default=True)
    assert not off.use_sandbox


PUBLIC_SANDBOX = (
    "sandbox.enabled: the WeChat sandbox would listen on HOST='0.0.0.0', reachable from "
    "other machines; it lets anyone sign in as any patient. Fix: listen on 127.0.0.1 (HOST "
    "or --host), turn the sandbox off (HOSPITAL_BOT_SANDBOX=0), or for a shared demo "
    "without real data set HOSPITAL_BOT_SANDBOX_PUBLIC=1 (sandbox.allow_public: true)."
)


def test_sandbox_on_a_public_host_is_refused_unless_forced(
    caplog: pytest.LogCaptureFixture,
) -> None:
    run = load_settings(CONFIG, env={"HOST": "0.0.0.0"}, sandbox_default=True)
    assert refusal(run) == PUBLIC_SANDBOX
    for host in ("127.0.0.1", "::1", "localhost"):
        production.check(run.with_overrides(host=host), "web")

    forced = load_settings(
        CONFIG, env={"HOST": "0.0.0.0", "HOSPITAL_BOT_SANDBOX_PUBLIC": "1"}, sandbox_default=True
    )
    with caplog.at_level(logging.WARNING, logger="bot.production"):
        production.check(forced, "web")
    [warning] = [r for r in caplog.records if r.getMessage() == "sandbox.public"]
    assert warning.host == "0.0.0.0"  # type: ignore[attr-defined]
    assert "anyone who reaches this server can sign in as any patient" in warning.hint  # type: ignore[attr-defined]


def test_demo_staff_token_is_refused_without_the_sandbox() -> None:
    serve = load_settings(CONFIG, env={"HIS_STAFF_TOKEN": "demo-staff-token"})
    assert refusal(serve) == (
        "booking.staff_token: HIS_STAFF_TOKEN is the demo value 'demo-staff-token', which "
        "only the local sandbox accepts. Fix: set HIS_STAFF_TOKEN to 32+ random characters "
        "(`openssl rand -hex 32`), or leave it empty to disable the /his staff endpoints."
    )
    # The shipped config has no staff token; the sandbox supplies the demo one.
    shipped = load_settings(CONFIG, env={})
    assert shipped.section("booking")["staff_token"] == ""
    demo = sandbox_settings(shipped, "http://127.0.0.1:8080")
    assert demo.use_sandbox and demo.section("booking")["staff_token"] == "demo-staff-token"
    production.check(demo, "web")
    own = load_settings(CONFIG, env={"HIS_STAFF_TOKEN": "t" * 40})
    assert sandbox_settings(own, "http://x").section("booking")["staff_token"] == "t" * 40


def test_warning_without_safe_mode(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.production"):
        production.check(prod(WECHAT_AES_KEY=""), "web")
    [warning] = [r for r in caplog.records if r.getMessage() == "wechat.safe_mode_off"]
    assert "set WECHAT_AES_KEY" in warning.hint  # type: ignore[attr-defined]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="bot.production"):
        production.check(prod(), "web")
    assert not [r for r in caplog.records if r.getMessage() == "wechat.safe_mode_off"]


def _cli(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WECHAT", "HOSPITAL_BOT", "MONGODB_URI", "REDIS_URL", "PUBLIC_BASE"))
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        env={**base, "LOG_LEVEL": "WARNING", **env},
        capture_output=True,
        text=True,
        timeout=timeout,  # a refusal that failed would start serving: fail, do not hang
    )


def test_cli_refuses_to_start_with_exit_code_2(tmp_path: Path) -> None:
    env = {**PRODUCTION, "WECHAT_TOKEN": "", "HOSPITAL_BOT_DATA_DIR": str(tmp_path)}
    serve = _cli("serve", "--port", str(free_port()), env=env)
    assert serve.returncode == 2
    assert serve.stderr.splitlines()[0].startswith(
        "configuration error: wechat.token: WECHAT_TOKEN is the shipped demo value"
    )
    assert "Fix: set WECHAT_TOKEN" in serve.stderr
    worker = _cli(
        "worker", env={**PRODUCTION, "SECRET_KEY": "", "HOSPITAL_BOT_DATA_DIR": str(tmp_path)}
    )
    assert (worker.returncode, worker.stderr.strip()) == (2, f"configuration error: {MISSING_KEY}")
    assert list(tmp_path.iterdir()) == []  # nothing started, no key generated


# -- the sandbox on a real app -----------------------------------------------------------

SANDBOX_PATHS = [
    "/sandbox/chat",
    "/sandbox/connect/oauth2/authorize?appid=wx0000000000demo&redirect_uri=http%3A%2F%2Fx"
    "&response_type=code&scope=snsapi_base&state=s&sandbox_openid=o_anyone",
    "/sandbox/api/_outbox?openid=o_anyone",
]


async def _client(aiohttp_client: Any, settings: Settings, storage: Storage) -> Any:
    return await aiohttp_client(create_app(settings, services=build_services(settings, storage)))


def _on_test_stack(loaded: Settings, settings: Settings) -> Settings:
    return loaded.with_overrides(
        mongodb_uri=settings.mongodb_uri,
        redis_url=settings.redis_url,
        database=settings.database,
        data_dir=settings.data_dir,
    )


@pytest.mark.parametrize("config", ["production", "serve without a secret"])
async def test_sandbox_is_not_mounted_in_production(
    aiohttp_client: Any, settings: Settings, storage: Storage, config: str
) -> None:
    loaded = prod() if config == "production" else load_settings(CONFIG, env={})
    client = await _client(aiohttp_client, _on_test_stack(loaded, settings), storage)
    for path in SANDBOX_PATHS:
        resp = await client.get(path, allow_redirects=False)
        assert resp.status == 404, path
    assert (await client.get("/healthz")).status == 200  # the app itself is up


async def test_sandbox_is_mounted_for_the_run_default(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    run = _on_test_stack(load_settings(CONFIG, env={}, sandbox_default=True), settings)
    client = await _client(aiohttp_client, run, storage)
    resp = await client.get("/sandbox/chat")
    assert resp.status == 200 and "预约挂号" in await resp.text()


# -- --host / --port ---------------------------------------------------------------------


def test_host_and_port_flags_override_environment_and_config(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for var in [v for v in os.environ if v.startswith(("WECHAT", "HOSPITAL_BOT"))]:
        monkeypatch.delenv(var)
    monkeypatch.setenv("HOST", "10.1.2.3")
    monkeypatch.setenv("PORT", "8081")
    for command in ("serve", "run"):
        args = build_parser().parse_args([command, "--host", "::1", "--port", "9001"])
        assert (args.host, args.port) == ("::1", 9001)
        s = _settings(args)
        assert (s.host, s.port) == ("::1", 9001)
    env_only = _settings(build_parser().parse_args(["serve"]))
    assert (env_only.host, env_only.port) == ("10.1.2.3", 8081)
    with pytest.raises(ConfigError, match=r"^server\.port: 70000 is out of range[\s\S]*Fix: "):
        _settings(build_parser().parse_args(["serve", "--port", "70000"]))
    with pytest.raises(SystemExit):
        build_parser().parse_args(["worker", "--port", "9001"])


# -- /metrics ----------------------------------------------------------------------------


async def test_metrics_behind_a_bearer_token(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    token = "m" * 40
    client = await _client(aiohttp_client, settings.with_overrides(metrics_token=token), storage)
    resp = await client.get("/metrics")
    assert resp.status == 401 and resp.headers["WWW-Authenticate"].startswith("Bearer")
    resp = await client.get("/metrics", headers={"Authorization": "Bearer " + "m" * 39})
    assert resp.status == 401
    resp = await client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert resp.status == 200 and "hospital_bot_http_requests_total" in await resp.text()


async def test_metrics_open_without_a_token(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    assert load_settings(CONFIG, env={"METRICS_TOKEN": "x" * 32}).metrics_token == "x" * 32
    client = await _client(aiohttp_client, settings, storage)
    assert (await client.get("/metrics")).status == 200


# -- the embedded data folder ------------------------------------------------------------


def test_second_stack_on_the_same_data_dir_is_refused(tmp_path: Path) -> None:
    first = LocalStack(data_dir=tmp_path).start()
    try:
        with pytest.raises(DataDirInUse) as exc:
            LocalStack(data_dir=tmp_path).start()
        assert str(exc.value) == (
            f"{tmp_path / 'mongo'} is in use by another process (pid {os.getpid()}). Fix: "
            "stop the other `hospital-bot run`, or set HOSPITAL_BOT_DATA_DIR to another "
            "directory."
        )
        # Redis alone (MongoDB configured elsewhere) is guarded the same way.
        with pytest.raises(DataDirInUse, match=rf"^{tmp_path / 'redis'} is in use"):
            LocalStack(data_dir=tmp_path, mongodb_uri=first.mongodb_uri).start()
        # The first stack is untouched.
        assert MongoClient(first.mongodb_uri).admin.command("ping")["ok"] == 1

        # `hospital-bot run` on the same folder: one line, exit code 2, nothing started.
        env = {"HOSPITAL_BOT_DATA_DIR": str(tmp_path)}
        second = _cli("run", "--port", str(free_port()), env=env)
        assert second.returncode == 2
        assert second.stderr.splitlines() == [
            f"error: {tmp_path / 'mongo'} is in use by another process (pid {os.getpid()}). "
            "Fix: stop the other `hospital-bot run`, or set HOSPITAL_BOT_DATA_DIR to another "
            "directory."
        ]
    finally:
        first.stop()
    again = LocalStack(data_dir=tmp_path).start()  # the lock went with the first stack
    again.stop()

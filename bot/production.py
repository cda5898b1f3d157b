"""What a production start-up refuses: settings that are only safe on a laptop.

`check(settings, role)` runs once, at start-up (`bot.runner.prepare`), before any
server or database is started. Every problem is a `ConfigError` line in the house
style, `field: problem. Fix: ...`, so the operator fixes them all in one go.

With a real WeChat account (`WECHAT_SECRET` set):
- the callback token must not be the shipped demo value and must be >= 16 characters
  (anyone who reads this repository could otherwise forge callbacks);
- `SECRET_KEY` must be set, >= 32 characters. The key generated into `var/secret_key`
  is for local use only: a backup of `var/` would hold the key beside the ciphertext;
- bearer tokens (`HIS_STAFF_TOKEN`, `NLU_TOKEN`, `METRICS_TOKEN`), when set, must be
  >= 32 characters.
Everywhere:
- the sandbox (`/sandbox/...`: sign in as any patient, act as any user) is refused
  together with a real secret, and on a non-loopback HOST unless forced;
- the demo staff token is accepted only while the sandbox is on.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Literal

from bot.config import DEMO_STAFF_TOKEN, ConfigError, Settings

log = logging.getLogger(__name__)

Role = Literal["web", "background", "tool"]
"""web: `serve` / `run`; background: `worker` / `scheduler`; tool: one-shot commands."""

DEMO_CALLBACK_TOKEN = "hospitalbot"  # config.yml's wechat.token
MIN_CALLBACK_TOKEN = 16
MIN_SECRET_KEY = 32
MIN_BEARER_TOKEN = 32

_RANDOM_TOKEN = "`openssl rand -hex 16` gives 32 letters and digits"
_RANDOM_KEY = "e.g. `openssl rand -base64 48`"


def is_loopback(host: str) -> bool:
    """127.0.0.1, ::1, localhost (and the rest of 127/8); "" and 0.0.0.0 are not."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def secret_key_problem(settings: Settings) -> str | None:
    """Why SECRET_KEY is not fit for a real account, or None. Also used by the runner
    so that a production process never generates `var/secret_key`."""
    if not settings.wechat.secret:
        return None
    key = settings.secret_key
    if not key:
        return (
            "server.secret_key: SECRET_KEY is not set while a real WeChat account "
            "(WECHAT_SECRET) is configured; the key generated into var/secret_key is for "
            "local use only (a backup of var/ would hold the key beside the data it "
            f"encrypts). Fix: set SECRET_KEY to {MIN_SECRET_KEY}+ random characters "
            f"({_RANDOM_KEY}), the same on every host."
        )
    if len(key) < MIN_SECRET_KEY:
        return (
            f"server.secret_key: SECRET_KEY has {len(key)} characters; at least "
            f"{MIN_SECRET_KEY} are required with a real WeChat account. Fix: set SECRET_KEY "
            f"to {MIN_SECRET_KEY}+ random characters ({_RANDOM_KEY}); keep the old key in "
            "pii.previous_secret_keys so stored data stays readable."
        )
    return None


def _callback_token_problem(settings: Settings) -> str | None:
    token = settings.wechat.token
    if token == DEMO_CALLBACK_TOKEN:
        return (
            f"wechat.token: WECHAT_TOKEN is the shipped demo value {DEMO_CALLBACK_TOKEN!r} "
            "while a real WeChat account is configured; anyone who reads this repository "
            "could sign callbacks. Fix: set WECHAT_TOKEN to 16-32 random letters and digits "
            f"({_RANDOM_TOKEN}) and enter the same token in the MP console."
        )
    if len(token) < MIN_CALLBACK_TOKEN:
        return (
            f"wechat.token: WECHAT_TOKEN has {len(token)} characters; at least "
            f"{MIN_CALLBACK_TOKEN} are required with a real WeChat account. Fix: set "
            f"WECHAT_TOKEN to 16-32 random letters and digits ({_RANDOM_TOKEN}) and enter "
            "the same token in the MP console."
        )
    return None


def _bearer_problems(settings: Settings) -> list[str]:
    staff = str(settings.section("booking").get("staff_token") or "")
    tokens = [
        ("booking.staff_token", "HIS_STAFF_TOKEN", staff, "the /his staff endpoints"),
        ("limits.nlu_token", "NLU_TOKEN", settings.limits.nlu_token, "POST /nlu/parse"),
        ("server.metrics_token", "METRICS_TOKEN", settings.metrics_token, "the token on /metrics"),
    ]
    return [
        f"{field}: {var} has {len(value)} characters; at least {MIN_BEARER_TOKEN} are "
        f"required with a real WeChat account. Fix: set {var} to {MIN_BEARER_TOKEN}+ random "
        f"characters (`openssl rand -hex 32`), or leave it empty to disable {what}."
        for field, var, value, what in tokens
        if value and len(value) < MIN_BEARER_TOKEN and value != DEMO_STAFF_TOKEN
    ]


def _sandbox_problems(settings: Settings, role: Role) -> list[str]:
    problems: list[str] = []
    staff = str(settings.section("booking").get("staff_token") or "")
    if settings.sandbox_enabled and settings.wechat.secret:
        problems.append(
            "sandbox.enabled: the WeChat sandbox is on while a real WeChat account "
            "(WECHAT_SECRET) is configured; it lets anyone sign in as any patient. Fix: "
            "unset HOSPITAL_BOT_SANDBOX (and sandbox.enabled) in production, or unset "
            "WECHAT_SECRET for a local demo."
        )
    elif settings.sandbox_enabled and role == "web" and not is_loopback(settings.host):
        if not settings.sandbox_public:
            problems.append(
                f"sandbox.enabled: the WeChat sandbox would listen on HOST={settings.host!r}, "
                "reachable from other machines; it lets anyone sign in as any patient. Fix: "
                "listen on 127.0.0.1 (HOST or --host), turn the sandbox off "
                "(HOSPITAL_BOT_SANDBOX=0), or for a shared demo without real data set "
                "HOSPITAL_BOT_SANDBOX_PUBLIC=1 (sandbox.allow_public: true)."
            )
    if role == "web" and not settings.sandbox_enabled and staff == DEMO_STAFF_TOKEN:
        problems.append(
            f"booking.staff_token: HIS_STAFF_TOKEN is the demo value {DEMO_STAFF_TOKEN!r}, "
            "which only the local sandbox accepts. Fix: set HIS_STAFF_TOKEN to 32+ random "
            "characters (`openssl rand -hex 32`), or leave it empty to disable the /his "
            "staff endpoints."
        )
    return problems


def problems(settings: Settings, role: Role) -> list[str]:
    """Every reason `settings` must not start `role`, in the ConfigError style."""
    found = [p for p in [secret_key_problem(settings)] if p]
    found += _sandbox_problems(settings, role)
    if role == "web" and settings.wechat.secret:
        found += [p for p in [_callback_token_problem(settings)] if p]
        found += _bearer_problems(settings)
    return found


def check(settings: Settings, role: Role) -> None:
    """Raise one ConfigError listing every problem; log the warnings that remain."""
    found = problems(settings, role)
    if found:
        raise ConfigError("\n".join(found))
    if role != "web":
        return
    if settings.wechat.secret and not settings.wechat.safe_mode:
        log.warning(
            "wechat.safe_mode_off",
            extra={
                "hint": "callbacks arrive in plain text; set WECHAT_AES_KEY (EncodingAESKey, "
                "43 characters) and choose 安全模式 in the MP console"
            },
        )
    if settings.sandbox_enabled and not is_loopback(settings.host):
        log.warning(
            "sandbox.public",
            extra={
                "host": settings.host,
                "hint": "HOSPITAL_BOT_SANDBOX_PUBLIC is set: anyone who reaches this server "
                "can sign in as any patient; use it for demos without real data only",
            },
        )

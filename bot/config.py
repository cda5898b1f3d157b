"""Configuration: `config.yml` plus environment overrides, validated once at start-up.

Invalid configuration raises `ConfigError` naming the field and the fix, so a
hospital's IT staff learn what to change before anything starts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "config.yml"

MENU_MAX_TOP = 3
MENU_MAX_SUB = 5
MENU_TOP_NAME_BYTES = 16  # WeChat: top-level name at most 4 Chinese characters (16 bytes)
MENU_SUB_NAME_BYTES = 60  # sub-button name at most 60 bytes
MENU_KEY_BYTES = 128
MENU_URL_BYTES = 1024
DEMO_STAFF_TOKEN = "demo-staff-token"  # supplied by the sandbox; refused outside it
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


class ConfigError(ValueError):
    """A configuration problem, phrased as `field: problem. Fix: ...`."""


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    floor: str = ""


@dataclass(frozen=True)
class MenuButton:
    name: str
    type: str = ""  # click | view | "" for a parent with sub_button
    key: str = ""
    url: str = ""
    sub_button: tuple[MenuButton, ...] = ()


@dataclass(frozen=True)
class WeChatSettings:
    appid: str
    secret: str
    token: str
    aes_key: str
    api_base: str

    @property
    def safe_mode(self) -> bool:
        return bool(self.aes_key)


@dataclass(frozen=True)
class Limits:
    reply_budget_seconds: float = 4.0
    max_body_bytes: int = 65536
    dedupe_ttl_seconds: int = 300
    timestamp_window_seconds: int = 300  # /wechat: refuse a `timestamp` further from now
    state_ttl_seconds: int = 1800
    conversation_lock_seconds: float = 60.0  # longest one message may hold its conversation
    nlu_token: str = ""


@dataclass(frozen=True)
class Settings:
    hospital: dict[str, Any]
    departments: tuple[Department, ...]
    menu: tuple[MenuButton, ...]
    scenes: dict[str, str]
    wechat: WeChatSettings
    host: str
    port: int
    public_base_url: str
    secret_key: str
    mongodb_uri: str
    redis_url: str
    database: str
    data_dir: Path
    limits: Limits
    timezone: str
    templates: dict[str, str]
    sandbox: dict[str, Any]
    sandbox_enabled: bool = False  # mount /sandbox (local demo and tests only)
    sandbox_public: bool = False  # allow the sandbox on a non-loopback HOST
    metrics_token: str = field(repr=False, default="")
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def use_sandbox(self) -> bool:
        """The local sandbox stands in for WeChat (only ever by explicit setting)."""
        return self.sandbox_enabled

    def department(self, name_or_code: str) -> Department | None:
        for d in self.departments:
            if name_or_code in (d.name, d.code):
                return d
        return None

    def section(self, name: str) -> dict[str, Any]:
        """A free-form section of config.yml that a later capability validates itself."""
        value = self.raw.get(name) or {}
        if not isinstance(value, dict):
            raise ConfigError(f"{name}: must be a mapping. Fix: write it as `{name}:` with keys.")
        return value

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **changes)


ENV_OVERRIDES: dict[str, tuple[str, str]] = {
    "WECHAT_APPID": ("wechat", "appid"),
    "WECHAT_SECRET": ("wechat", "secret"),
    "WECHAT_TOKEN": ("wechat", "token"),
    "WECHAT_AES_KEY": ("wechat", "aes_key"),
    "WECHAT_API_BASE": ("wechat", "api_base"),
    "MONGODB_URI": ("storage", "mongodb_uri"),
    "REDIS_URL": ("storage", "redis_url"),
    "HOST": ("server", "host"),
    "PORT": ("server", "port"),
    "PUBLIC_BASE_URL": ("server", "public_base_url"),
    "SECRET_KEY": ("server", "secret_key"),
    "HOSPITAL_BOT_DATA_DIR": ("storage", "data_dir"),
    "NLU_TOKEN": ("limits", "nlu_token"),
    "RASA_URL": ("nlu", "rasa_url"),
    "HIS_STAFF_TOKEN": ("booking", "staff_token"),
    "METRICS_TOKEN": ("server", "metrics_token"),
    "HOSPITAL_BOT_SANDBOX": ("sandbox", "enabled"),
    "HOSPITAL_BOT_SANDBOX_PUBLIC": ("sandbox", "allow_public"),
}


# libyaml's parser when PyYAML has it (its wheels do): the same documents, ~10x faster
# than the pure-Python one on config.yml (every process and every test reads it).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_settings(
    path: str | os.PathLike[str] | None = None,
    env: dict[str, str] | None = None,
    *,
    sandbox_default: bool = False,
    host: str | None = None,
    port: int | None = None,
) -> Settings:
    """Read config.yml (or HOSPITAL_BOT_CONFIG), apply environment overrides, validate.

    `sandbox_default` is what `sandbox.enabled: auto` means for this command (`run`: on
    when no WECHAT_SECRET is set; everything else: off). `host` / `port` come from the
    command line and win over the environment and the file.
    """
    env = dict(os.environ if env is None else env)
    cfg_path = Path(path or env.get("HOSPITAL_BOT_CONFIG") or DEFAULT_CONFIG)
    try:
        raw = yaml.load(cfg_path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    except FileNotFoundError as exc:
        raise ConfigError(
            f"{cfg_path}: file not found. Fix: copy config.yml from the repository "
            "or set HOSPITAL_BOT_CONFIG to its path."
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{cfg_path}: not valid YAML ({exc}). Fix: correct the syntax.") from exc
    if not isinstance(raw, dict):
        raise ConfigError(
            f"{cfg_path}: must be a mapping at the top level. Fix: start from the repository's config.yml."
        )
    for var, (section, key) in ENV_OVERRIDES.items():
        if env.get(var) not in (None, ""):
            _override(raw, section, key, env[var])
    for var, value in env.items():
        if var.startswith("WECHATPAY_") and value:
            raw.setdefault("wechatpay", {})[var.removeprefix("WECHATPAY_").lower()] = value
    for key, flag in (("host", host), ("port", port)):
        if flag is not None:
            _override(raw, "server", key, flag)
    return parse_settings(raw, base_dir=cfg_path.resolve().parent, sandbox_default=sandbox_default)


def _override(raw: dict[str, Any], section: str, key: str, value: Any) -> None:
    if raw.get(section) is None:
        raw[section] = {}
    if not isinstance(raw[section], dict):
        raise ConfigError(f"{section}: must be a mapping. Fix: write it as `{section}:` with keys.")
    raw[section][key] = value


def _section(raw: dict[str, Any], name: str) -> dict[str, Any]:
    value = raw.get(name) or {}
    if not isinstance(value, dict):
        raise ConfigError(f"{name}: must be a mapping. Fix: write it as `{name}:` with keys.")
    return value


def _str(sec: dict[str, Any], where: str, key: str, default: str = "") -> str:
    value = sec.get(key, default)
    if value is None:
        return default
    if not isinstance(value, (str, int, float)):
        raise ConfigError(
            f"{where}.{key}: must be a string, got {type(value).__name__}. Fix: quote the value."
        )
    return str(value)


def _bool(sec: dict[str, Any], where: str, key: str, default: bool) -> bool:
    value = sec.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ConfigError(f"{where}.{key}: {value!r} is not a yes/no value. Fix: use true or false.")


def number(
    sec: Mapping[str, Any],
    where: str,
    key: str,
    default: float,
    *,
    lo: float,
    hi: float,
    integer: bool = False,
) -> Any:
    """`sec[key]` (else `default`) as a number within lo..hi: the one check of numeric
    settings, whose error names the field and the fix."""
    value = sec.get(key, default)
    try:
        num = int(value) if integer else float(value)
    except (TypeError, ValueError) as exc:
        kind = "a whole number" if integer else "a number"
        raise ConfigError(
            f"{where}.{key}: must be {kind}, got {value!r}. Fix: write a plain number, "
            f"e.g. {default}."
        ) from exc
    if not lo <= num <= hi:
        raise ConfigError(f"{where}.{key}: {num} is out of range. Fix: use {lo}..{hi}.")
    return num


def validate_menu(buttons: Any) -> tuple[MenuButton, ...]:
    """Check a menu against WeChat's limits (3 × 5 buttons, byte lengths, types)."""
    if not isinstance(buttons, list) or not buttons:
        raise ConfigError(
            "menu: must be a list of 1-3 top-level buttons. Fix: see config.yml's menu."
        )
    if len(buttons) > MENU_MAX_TOP:
        raise ConfigError(
            f"menu: {len(buttons)} top-level buttons; WeChat allows at most 3. "
            "Fix: move some into a sub_button list."
        )
    return tuple(_menu_button(b, f"menu[{i}]", top=True) for i, b in enumerate(buttons))


def _menu_button(b: Any, where: str, *, top: bool) -> MenuButton:
    if not isinstance(b, dict):
        raise ConfigError(
            f"{where}: must be a mapping with name and type. Fix: e.g. {{type: click, name: 挂号, key: BOOK}}."
        )
    name = _str(b, where, "name")
    limit = MENU_TOP_NAME_BYTES if top else MENU_SUB_NAME_BYTES
    if not name or len(name.encode()) > limit:
        raise ConfigError(
            f"{where}.name: {name!r} must be 1-{limit} bytes (UTF-8). Fix: shorten the button name."
        )
    subs = b.get("sub_button")
    if subs is not None:
        if not top:
            raise ConfigError(
                f"{where}.sub_button: only top-level buttons may have sub-buttons. Fix: move them up a level."
            )
        if not isinstance(subs, list) or not 1 <= len(subs) <= MENU_MAX_SUB:
            raise ConfigError(
                f"{where}.sub_button: must list 1-5 buttons. Fix: remove some or split them."
            )
        return MenuButton(
            name=name,
            sub_button=tuple(
                _menu_button(s, f"{where}.sub_button[{j}]", top=False) for j, s in enumerate(subs)
            ),
        )
    kind = _str(b, where, "type")
    if kind == "click":
        key = _str(b, where, "key")
        if not key or len(key.encode()) > MENU_KEY_BYTES:
            raise ConfigError(
                f"{where}.key: a click button needs a key of 1-128 bytes. Fix: set key, e.g. BOOK."
            )
        return MenuButton(name=name, type="click", key=key)
    if kind == "view":
        url = _str(b, where, "url")
        if not url or len(url.encode()) > MENU_URL_BYTES:
            raise ConfigError(
                f"{where}.url: a view button needs a url of 1-1024 bytes. Fix: set url."
            )
        return MenuButton(name=name, type="view", url=url)
    raise ConfigError(f"{where}.type: {kind!r} is not supported. Fix: use click or view.")


def _validate_emergency(hospital: dict[str, Any]) -> None:
    """`hospital.emergency` (optional): where patients with a red flag are sent."""
    block = hospital.get("emergency")
    if block is None:
        return
    if not isinstance(block, dict):
        raise ConfigError(
            "hospital.emergency: must be a mapping. Fix: give it phone and address "
            "(and optionally name) of the emergency department."
        )
    for key in ("phone", "address"):
        if not _str(block, "hospital.emergency", key):
            raise ConfigError(
                f"hospital.emergency.{key}: is required when hospital.emergency is set. "
                "Fix: set the emergency department's phone and address."
            )


def parse_settings(
    raw: dict[str, Any], base_dir: Path = ROOT, *, sandbox_default: bool = False
) -> Settings:
    hospital = _section(raw, "hospital")
    for key in ("name", "phone", "address"):
        if not _str(hospital, "hospital", key):
            raise ConfigError(f"hospital.{key}: is required. Fix: set it in config.yml.")
    _validate_emergency(hospital)

    depts_raw = raw.get("departments")
    if not isinstance(depts_raw, list) or not depts_raw:
        raise ConfigError(
            "departments: must be a non-empty list of {code, name}. Fix: see config.yml."
        )
    departments: list[Department] = []
    seen: set[str] = set()
    for i, d in enumerate(depts_raw):
        if not isinstance(d, dict):
            raise ConfigError(
                f"departments[{i}]: must be a mapping with code and name. Fix: e.g. {{code: eye, name: 眼科}}."
            )
        code, name = _str(d, f"departments[{i}]", "code"), _str(d, f"departments[{i}]", "name")
        if not re.fullmatch(r"[a-z][a-z0-9_-]{0,31}", code):
            raise ConfigError(
                f"departments[{i}].code: {code!r} must be lower-case letters, "
                "digits, - or _ (max 32). Fix: e.g. eye."
            )
        if not name:
            raise ConfigError(
                f"departments[{i}].name: is required. Fix: give the department its name."
            )
        if code in seen or name in seen:
            raise ConfigError(
                f"departments[{i}]: duplicate code or name {code!r}/{name!r}. Fix: keep one."
            )
        seen.update((code, name))
        departments.append(Department(code=code, name=name, floor=_str(d, "", "floor")))

    menu = validate_menu(raw.get("menu"))
    scenes = raw.get("scenes") or {}
    if not isinstance(scenes, dict):
        raise ConfigError(
            "scenes: must map a QR scene value to a handler key. Fix: e.g. checkin: CHECKIN."
        )

    wx = _section(raw, "wechat")
    wechat = WeChatSettings(
        appid=_str(wx, "wechat", "appid"),
        secret=_str(wx, "wechat", "secret"),
        token=_str(wx, "wechat", "token"),
        aes_key=_str(wx, "wechat", "aes_key"),
        api_base=_str(wx, "wechat", "api_base", "https://api.weixin.qq.com").rstrip("/"),
    )
    if not re.fullmatch(r"[A-Za-z0-9]{3,32}", wechat.token):
        raise ConfigError(
            "wechat.token: must be 3-32 letters or digits (WeChat's rule). "
            "Fix: set WECHAT_TOKEN to the token configured in the MP console."
        )
    if wechat.aes_key and not re.fullmatch(r"[A-Za-z0-9]{43}", wechat.aes_key):
        raise ConfigError(
            "wechat.aes_key: must be exactly 43 letters or digits "
            "(EncodingAESKey). Fix: copy it from the MP console or leave it empty."
        )
    if not wechat.appid:
        raise ConfigError("wechat.appid: is required. Fix: set WECHAT_APPID.")

    sandbox = _section(raw, "sandbox")
    auto = sandbox_default and not wechat.secret
    if str(sandbox.get("enabled")).strip().lower() == "auto":
        sandbox_enabled = auto
    else:
        sandbox_enabled = _bool(sandbox, "sandbox", "enabled", auto)

    srv = _section(raw, "server")
    host = _str(srv, "server", "host", "127.0.0.1")
    port = number(srv, "server", "port", 8080, lo=0, hi=65535, integer=True)
    public = _str(srv, "server", "public_base_url").rstrip("/")

    st = _section(raw, "storage")
    mongodb_uri = _str(st, "storage", "mongodb_uri")
    if mongodb_uri and not mongodb_uri.startswith(("mongodb://", "mongodb+srv://")):
        raise ConfigError(
            "storage.mongodb_uri: must start with mongodb:// or mongodb+srv://. "
            "Fix: correct MONGODB_URI or unset it to use the embedded server."
        )
    redis_url = _str(st, "storage", "redis_url")
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(
            "storage.redis_url: must start with redis://, rediss:// or unix://. "
            "Fix: correct REDIS_URL or unset it to use the embedded server."
        )
    data_dir = Path(_str(st, "storage", "data_dir", "var"))
    if not data_dir.is_absolute():
        data_dir = (base_dir / data_dir).resolve()

    lim = _section(raw, "limits")
    limits = Limits(
        reply_budget_seconds=number(lim, "limits", "reply_budget_seconds", 4.0, lo=0.05, hi=4.8),
        max_body_bytes=number(
            lim, "limits", "max_body_bytes", 65536, lo=1024, hi=1 << 20, integer=True
        ),
        dedupe_ttl_seconds=number(
            lim, "limits", "dedupe_ttl_seconds", 300, lo=30, hi=86400, integer=True
        ),
        timestamp_window_seconds=number(
            lim, "limits", "timestamp_window_seconds", 300, lo=60, hi=3600, integer=True
        ),
        state_ttl_seconds=number(
            lim, "limits", "state_ttl_seconds", 1800, lo=60, hi=7 * 86400, integer=True
        ),
        conversation_lock_seconds=number(
            lim, "limits", "conversation_lock_seconds", 60, lo=5, hi=600
        ),
        nlu_token=_str(lim, "limits", "nlu_token"),
    )
    tz = str(raw.get("timezone") or "Asia/Shanghai")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"timezone: {tz!r} is unknown. Fix: use e.g. Asia/Shanghai.") from exc
    templates = raw.get("templates") or {}
    if not isinstance(templates, dict):
        raise ConfigError(
            "templates: must map a reply name to a template path. Fix: e.g. welcome: replies/welcome.j2."
        )

    return Settings(
        hospital=hospital,
        departments=tuple(departments),
        menu=menu,
        scenes={str(k): str(v) for k, v in scenes.items()},
        wechat=wechat,
        host=host,
        port=port,
        public_base_url=public,
        secret_key=_str(srv, "server", "secret_key"),
        mongodb_uri=mongodb_uri,
        redis_url=redis_url,
        database=_str(st, "storage", "database", "hospital_bot"),
        data_dir=data_dir,
        limits=limits,
        timezone=tz,
        templates={str(k): str(v) for k, v in templates.items()},
        sandbox=sandbox,
        sandbox_enabled=sandbox_enabled,
        sandbox_public=_bool(sandbox, "sandbox", "allow_public", False),
        metrics_token=_str(srv, "server", "metrics_token"),
        raw=raw,
    )

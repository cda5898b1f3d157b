"""config.yml loads, the environment overrides it, and bad values name their field."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.compose import build_services
from bot.config import ConfigError, Settings, load_settings, parse_settings
from bot.storage import Storage

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config.yml"


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def _load(tmp_path: Path, raw: dict[str, Any], env: dict[str, str] | None = None) -> Any:
    path = tmp_path / "config.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_settings(path, env=env or {})


def test_shipped_config_loads() -> None:
    s = load_settings(CONFIG, env={})
    assert s.hospital["name"] and s.departments and 1 <= len(s.menu) <= 3
    assert s.wechat.token == "hospitalbot" and not s.wechat.safe_mode
    assert s.limits.reply_budget_seconds == 4.0 and s.limits.max_body_bytes == 65536
    assert s.timezone == "Asia/Shanghai" and s.port == 8080
    assert s.department("儿科") is not None


def test_environment_overrides() -> None:
    s = load_settings(
        CONFIG,
        env={
            "WECHAT_TOKEN": "fromenv123",
            "PORT": "9090",
            "MONGODB_URI": "mongodb://db.internal:27017/?replicaSet=rs0",
            "WECHAT_AES_KEY": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
            "REDIS_URL": "redis://cache:6379/2",
        },
    )
    assert s.wechat.token == "fromenv123" and s.port == 9090
    assert s.mongodb_uri == "mongodb://db.internal:27017/?replicaSet=rs0"
    assert s.redis_url == "redis://cache:6379/2" and s.wechat.safe_mode


def test_empty_environment_values_do_not_override() -> None:
    assert load_settings(CONFIG, env={"WECHAT_TOKEN": ""}).wechat.token == "hospitalbot"


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(raw: dict[str, Any]) -> None:
        node: Any = raw
        keys = path.split(".")
        for k in keys[:-1]:
            node = node[int(k)] if k.isdigit() else node.setdefault(k, {})
        last = keys[-1]
        if last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return apply


BUTTON = {"type": "click", "name": "按钮", "key": "K"}


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (_set("wechat.aes_key", "tooshort"), "wechat.aes_key"),
        (_set("wechat.aes_key", "a" * 44), "wechat.aes_key"),
        (_set("menu", [dict(BUTTON, key=f"K{i}") for i in range(4)]), "menu"),
        (
            _set("menu.0.sub_button", [dict(BUTTON, key=f"S{i}") for i in range(6)]),
            "menu[0].sub_button",
        ),
        (_set("menu.0.sub_button.0.type", "miniprogram_dance"), "menu[0].sub_button[0].type"),
        (_set("menu.0", {"type": "teleport", "name": "传送"}), "menu[0].type"),
        (_set("server.port", 70000), "server.port"),
        (_set("server.port", "eighty"), "server.port"),
        (_set("timezone", "Mars/Olympus_Mons"), "timezone"),
        (_set("wechat.token", "has spaces!"), "wechat.token"),
        (_set("storage.mongodb_uri", "postgres://x"), "storage.mongodb_uri"),
        (_set("limits.reply_budget_seconds", 6), "limits.reply_budget_seconds"),
        (_set("sandbox.enabled", "maybe"), "sandbox.enabled"),
        (_set("sandbox.allow_public", "perhaps"), "sandbox.allow_public"),
    ],
)
def test_invalid_config_names_the_field(
    tmp_path: Path, raw: dict[str, Any], mutate: Callable[[dict[str, Any]], None], field: str
) -> None:
    bad = copy.deepcopy(raw)
    mutate(bad)
    with pytest.raises(ConfigError) as exc:
        _load(tmp_path, bad)
    assert str(exc.value).startswith(field) and "Fix: " in str(exc.value), str(exc.value)


def test_bad_port_from_environment(tmp_path: Path, raw: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match=r"^server\.port[\s\S]*Fix: "):
        _load(tmp_path, raw, env={"PORT": "99999"})


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"not found[\s\S]*Fix: "):
        load_settings(tmp_path / "nope.yml", env={})
    broken = tmp_path / "broken.yml"
    broken.write_text("hospital: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"YAML[\s\S]*Fix: "):
        load_settings(broken, env={})


@pytest.mark.parametrize(
    ("section", "value"),
    [
        ("menu", "not a list"),
        ("menu", [{"name": "x", "type": "click"}]),
        ("departments", []),
        ("departments", [{"code": "Bad Code", "name": "眼科"}]),
        ("scenes", ["x"]),
        ("templates", ["x"]),
        ("limits", {"reply_budget_seconds": "soon"}),
        ("limits", {"conversation_lock_seconds": 1}),
        ("booking", {"his": "nowhere:Nothing"}),
        ("booking", {"window_days": 0}),
        ("patients", {"max_per_account": 0}),
        ("nlu", {"clarify_max_turns": 11}),
        ("nlu", {"rasa_url": "rasa:5005"}),
        ("payments", {"deposit_min_fen": "a hundred"}),
        ("payments", {"deposit_choices_fen": [1]}),
        ("payments", {"drill_pause_at": "committed"}),  # only in the sandbox
        ("templates", {"welcome": "replies/missing.j2"}),
    ],
)
def test_every_config_error_names_the_field_and_the_fix(
    section: str, value: object, settings: Settings, storage: Storage
) -> None:
    """Checked when the process starts (load + the composition root), before any message."""
    raw = {**settings.raw, section: value}
    with pytest.raises(ConfigError) as info:
        loaded = parse_settings(raw)
        build_services(loaded.with_overrides(data_dir=settings.data_dir), storage)
    message = str(info.value)
    assert message.startswith(section) and "Fix:" in message, message

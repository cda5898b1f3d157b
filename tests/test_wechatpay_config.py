"""The `wechatpay:` section: a full merchant loads, a half-configured one refuses to
start with its "Fix:", nothing configured is the sandbox merchant or no payments."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from bot.config import ConfigError, Settings, load_settings
from bot.localstack import LocalStack
from bot.sandbox import sandbox_settings
from bot.sandbox.pay_keys import ensure_keys
from bot.wechatpay.config import parse_wechatpay

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config.yml"
APIV3 = "0123456789abcdefghijABCDEFGHIJ01"


@pytest.fixture(scope="module")
def key_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("merchant")
    merchant = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (d / "apiclient_key.pem").write_bytes(
        merchant.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    wechat = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (d / "pub_key.pem").write_bytes(
        wechat.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com Root CA")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(wechat.public_key())
        .serial_number(0x3B2C9E4A1D)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .sign(wechat, hashes.SHA256())
    )
    (d / "wechatpay_3B2C9E4A1D.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (d / "apiv3.key").write_text(APIV3 + "\n")
    return {
        "private_key": str(d / "apiclient_key.pem"),
        "public_key": str(d / "pub_key.pem"),
        "cert": str(d / "wechatpay_3B2C9E4A1D.pem"),
        "apiv3_file": str(d / "apiv3.key"),
    }


def _env(**extra: str) -> dict[str, str]:
    return {
        "WECHAT_SECRET": "real-secret",
        "HIS_STAFF_TOKEN": "a-long-random-staff-token",
        "PUBLIC_BASE_URL": "https://wx.example-hospital.cn",
        **extra,
    }


def _merchant_env(files: dict[str, str], **extra: str) -> dict[str, str]:
    merchant = {
        "WECHATPAY_MCHID": "1230000109",
        "WECHATPAY_SERIAL_NO": "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
        "WECHATPAY_PRIVATE_KEY": files["private_key"],
        "WECHATPAY_APIV3_KEY": APIV3,
        "WECHATPAY_PUBLIC_KEY_ID": "PUB_KEY_ID_0114232134912410000000000000",
        "WECHATPAY_PUBLIC_KEY": files["public_key"],
    }
    return _env(**{**merchant, **extra})


def test_nothing_configured_means_no_payments() -> None:
    assert parse_wechatpay(load_settings(CONFIG, env=_env())) is None
    # api_base or notify_url alone do not make a merchant
    assert parse_wechatpay(load_settings(CONFIG, env=_env(WECHATPAY_API_BASE="https://x"))) is None


def test_full_merchant_from_the_environment(key_files: dict[str, str]) -> None:
    env = _merchant_env(key_files, WECHATPAY_PLATFORM_CERTS=key_files["cert"])
    settings = load_settings(CONFIG, env=env)
    config = parse_wechatpay(settings)
    assert config is not None and not config.sandbox
    assert (config.mchid, config.appid) == ("1230000109", settings.wechat.appid)
    assert config.serial_no == "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"  # as given
    assert config.api_base == "https://api.mch.weixin.qq.com"
    assert config.notify_url == "https://wx.example-hospital.cn/pay/notify"
    assert config.apiv3_key == APIV3.encode() and config.timeout_seconds == 10
    assert list(config.platform_certs) == ["3B2C9E4A1D"]  # both schemes side by side
    assert config.public_key_id == "PUB_KEY_ID_0114232134912410000000000000"
    assert config.public_key is not None
    assert "private_key" not in repr(config) and APIV3 not in repr(config)


def test_apiv3_key_from_a_file_and_certificates_only(key_files: dict[str, str]) -> None:
    env = _env(
        WECHATPAY_MCHID="1230000109",
        WECHATPAY_SERIAL_NO="ABC",
        WECHATPAY_PRIVATE_KEY=key_files["private_key"],
        WECHATPAY_APIV3_KEY_FILE=key_files["apiv3_file"],
        WECHATPAY_PLATFORM_CERTS=key_files["cert"],
        WECHATPAY_APPID="wxpayappid0000001",
        WECHATPAY_NOTIFY_URL="https://pay.example-hospital.cn/pay/notify",
    )
    config = parse_wechatpay(load_settings(CONFIG, env=env))
    assert config is not None and config.public_key is None
    assert config.apiv3_key == APIV3.encode() and config.appid == "wxpayappid0000001"
    assert config.notify_url == "https://pay.example-hospital.cn/pay/notify"


@pytest.mark.parametrize(
    ("env", "words"),
    [
        (
            {"WECHATPAY_MCHID": "1230000109", "WECHATPAY_SERIAL_NO": "ABC"},
            [
                "half configured",
                "private_key",
                "apiv3_key",
                "WECHATPAY_PRIVATE_KEY",
                "WECHATPAY_APIV3_KEY",
            ],
        ),
        ({"WECHATPAY_APIV3_KEY": APIV3}, ["half configured", "mchid", "WECHATPAY_MCHID"]),
        (
            {"WECHATPAY_PUBLIC_KEY_ID": "PUB_KEY_ID_01"},
            ["half configured", "WECHATPAY_SERIAL_NO"],
        ),
    ],
)
def test_half_configured_merchant_is_refused(env: dict[str, str], words: list[str]) -> None:
    with pytest.raises(ConfigError) as exc:
        parse_wechatpay(load_settings(CONFIG, env=_env(**env)))
    message = str(exc.value)
    assert message.startswith("wechatpay: ") and "Fix: " in message
    for word in words:
        assert word in message


def _refused(env: dict[str, str], *words: str) -> None:
    with pytest.raises(ConfigError) as exc:
        parse_wechatpay(load_settings(CONFIG, env=env))
    assert "Fix: " in str(exc.value)
    for word in words:
        assert word in str(exc.value)


def test_bad_merchant_values_name_the_field(key_files: dict[str, str], tmp_path: Path) -> None:
    pem = Path(key_files["private_key"]).read_text()
    _refused(
        _merchant_env(key_files, WECHATPAY_PRIVATE_KEY=pem), "wechatpay.private_key", "file path"
    )
    _refused(
        _merchant_env(key_files, WECHATPAY_PRIVATE_KEY=str(tmp_path / "missing.pem")),
        "wechatpay.private_key",
        "missing.pem",
    )
    _refused(
        _merchant_env(key_files, WECHATPAY_PRIVATE_KEY=key_files["public_key"]),
        "wechatpay.private_key",
    )
    _refused(_merchant_env(key_files, WECHATPAY_APIV3_KEY="short"), "APIv3 key", "got 5 bytes")
    _refused(_merchant_env(key_files, WECHATPAY_MCHID="mch-1"), "wechatpay.mchid")
    _refused(
        _merchant_env(key_files, WECHATPAY_PUBLIC_KEY_ID="0114232134912410000000000000"),
        "wechatpay.public_key_id",
        "PUB_KEY_ID_",
    )
    _refused(
        _merchant_env(key_files, WECHATPAY_PLATFORM_CERTS=key_files["public_key"]),
        "wechatpay.platform_certs",
    )
    # WeChat Pay only calls HTTPS notify URLs, without a query string.
    _refused(
        _merchant_env(key_files, PUBLIC_BASE_URL="http://127.0.0.1:8080"),
        "wechatpay.notify_url",
        "HTTPS",
    )
    _refused(
        _merchant_env(key_files, WECHATPAY_NOTIFY_URL="https://wx.example.cn/pay/notify?a=1"),
        "wechatpay.notify_url",
    )
    _refused(_merchant_env(key_files, WECHATPAY_TIMEOUT_SECONDS="0"), "wechatpay.timeout_seconds")


def _sandboxed(
    settings: Settings, tmp_path: Path, wechatpay: dict[str, Any] | None = None
) -> Settings:
    raw = {**settings.raw}
    raw.pop("wechatpay", None)
    if wechatpay is not None:
        raw["wechatpay"] = wechatpay
    base = settings.with_overrides(raw=raw, data_dir=tmp_path, public_base_url="")
    return sandbox_settings(base, "http://127.0.0.1:8099")


def test_sandbox_supplies_its_merchant(tmp_path: Path) -> None:
    settings = _sandboxed(load_settings(CONFIG, env={}), tmp_path)
    config = parse_wechatpay(settings)
    assert config is not None and config.sandbox
    assert config.api_base == "http://127.0.0.1:8099/sandbox/pay"
    assert config.notify_url == "http://127.0.0.1:8099/pay/notify"
    keys = ensure_keys(tmp_path)  # the same files, not a second set
    assert (config.mchid, config.serial_no) == (keys.mchid, keys.merchant_serial)
    assert config.public_key_id == keys.public_key_id and config.public_key_id.startswith(
        "PUB_KEY_ID_"
    )
    assert list(config.platform_certs) == [keys.platform_serial]
    assert config.apiv3_key == keys.apiv3_key and len(config.apiv3_key) == 32
    assert oct(os.stat(keys.directory / "merchant_key.pem").st_mode & 0o777) == "0o600"
    again = parse_wechatpay(_sandboxed(load_settings(CONFIG, env={}), tmp_path))
    assert again is not None and again.public_key_id == config.public_key_id


def test_sandbox_leaves_a_half_configured_merchant_to_be_refused(tmp_path: Path) -> None:
    settings = _sandboxed(load_settings(CONFIG, env={}), tmp_path, {"mchid": "1230000109"})
    assert settings.raw["wechatpay"] == {"mchid": "1230000109"}
    with pytest.raises(ConfigError, match=r"half configured[\s\S]*Fix: "):
        parse_wechatpay(settings)
    assert not (tmp_path / "sandbox").exists()


def test_serve_refuses_to_start_half_configured(stack: LocalStack, tmp_path: Path) -> None:
    env = {k: val for k, val in os.environ.items() if not k.startswith(("WECHAT", "PUBLIC_BASE"))}
    env.update(
        MONGODB_URI=stack.mongodb_uri,
        REDIS_URL=stack.redis_url,
        HOSPITAL_BOT_DATA_DIR=str(tmp_path),
        WECHATPAY_MCHID="1230000109",
        WECHATPAY_APIV3_KEY=APIV3,
        LOG_LEVEL="WARNING",
        PORT="0",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "configuration error: wechatpay: half configured" in proc.stderr
    assert "Fix: set WECHATPAY_SERIAL_NO" in proc.stderr

"""The merchant's WeChat Pay settings: the `wechatpay:` section plus `WECHATPAY_*`.

`bot.config` copies every `WECHATPAY_FOO` variable into `wechatpay.foo`. Secrets are
files outside the repository (the private key, the APIv3 key file) or environment
variables (the APIv3 key); the merchant private key is never written into config.yml.

| key | env | meaning |
| --- | --- | --- |
| mchid | WECHATPAY_MCHID | merchant id (商户号) |
| appid | WECHATPAY_APPID | defaults to wechat.appid |
| serial_no | WECHATPAY_SERIAL_NO | serial of the merchant API certificate |
| private_key | WECHATPAY_PRIVATE_KEY | path to apiclient_key.pem |
| apiv3_key / apiv3_key_file | WECHATPAY_APIV3_KEY / _FILE | the 32-character APIv3 key |
| platform_certs | WECHATPAY_PLATFORM_CERTS | platform certificate PEM paths (comma-separated in env) |
| public_key_id, public_key | WECHATPAY_PUBLIC_KEY_ID, _PUBLIC_KEY | PUB_KEY_ID_... and the path to pub_key.pem |
| api_base | WECHATPAY_API_BASE | default https://api.mch.weixin.qq.com |
| notify_url | WECHATPAY_NOTIFY_URL | default PUBLIC_BASE_URL + /pay/notify |
| timeout_seconds | WECHATPAY_TIMEOUT_SECONDS | per API call, default 10 |

Nothing set means payments are disabled (`parse_wechatpay` returns None), unless the
sandbox filled in its own merchant (`bot.sandbox.pay_keys`). Some merchant fields set
but not all is refused at start-up, naming what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.config import ConfigError, Settings
from bot.wechatpay import signing

DEFAULT_API_BASE = "https://api.mch.weixin.qq.com"
OFFICIAL_HOSTS = frozenset({"api.mch.weixin.qq.com", "api2.mch.weixin.qq.com"})
NOTIFY_PATH = "/pay/notify"
# Fields that say "a merchant is configured here"; api_base, notify_url, appid and
# timeout_seconds alone do not.
MERCHANT_FIELDS = (
    "mchid",
    "serial_no",
    "private_key",
    "apiv3_key",
    "apiv3_key_file",
    "platform_certs",
    "public_key_id",
    "public_key",
)
ENV = {
    "mchid": "WECHATPAY_MCHID",
    "serial_no": "WECHATPAY_SERIAL_NO",
    "private_key": "WECHATPAY_PRIVATE_KEY",
    "apiv3_key": "WECHATPAY_APIV3_KEY",
    "platform_certs": "WECHATPAY_PLATFORM_CERTS",
    "public_key_id": "WECHATPAY_PUBLIC_KEY_ID",
    "public_key": "WECHATPAY_PUBLIC_KEY",
}


@dataclass(frozen=True)
class WeChatPayConfig:
    mchid: str
    appid: str
    serial_no: str
    private_key: rsa.RSAPrivateKey = field(repr=False)
    apiv3_key: bytes = field(repr=False)
    platform_certs: Mapping[str, x509.Certificate] = field(default_factory=dict)
    public_key_id: str = ""
    public_key: rsa.RSAPublicKey | None = field(default=None, repr=False)
    api_base: str = DEFAULT_API_BASE
    notify_url: str = ""
    timeout_seconds: float = 10.0
    sandbox: bool = False  # the local emulator's merchant (bot.sandbox.pay)


def _text(sec: Mapping[str, Any], key: str) -> str:
    value = sec.get(key)
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value).strip()


def _paths(sec: Mapping[str, Any], key: str) -> list[str]:
    value = sec.get(key)
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [p.strip() for p in _text(sec, key).split(",") if p.strip()]


def _read(path_text: str, key: str, what: str) -> bytes:
    if path_text.lstrip().startswith("-----BEGIN"):
        raise ConfigError(
            f"wechatpay.{key}: looks like the PEM itself; it must be a file path. "
            f"Fix: save the {what} in a file outside the repository and set {ENV.get(key, key)} "
            "to its path."
        )
    path = Path(path_text).expanduser()
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"wechatpay.{key}: cannot read {path} ({exc.strerror}). "
            f"Fix: point {ENV.get(key, key)} at the {what} file."
        ) from exc


def _configured(sec: Mapping[str, Any]) -> list[str]:
    return [k for k in MERCHANT_FIELDS if _text(sec, k)]


def parse_wechatpay(settings: Settings) -> WeChatPayConfig | None:
    """Validate the merchant settings once at start-up; None when payments are off."""
    sec = settings.section("wechatpay")
    present = _configured(sec)
    if not present:
        return None
    required = ["mchid", "serial_no", "private_key"]
    missing = [k for k in required if not _text(sec, k)]
    if not (_text(sec, "apiv3_key") or _text(sec, "apiv3_key_file")):
        missing.append("apiv3_key")
    has_key_pair = _text(sec, "public_key_id") or _text(sec, "public_key")
    if not (_paths(sec, "platform_certs") or has_key_pair):
        missing.append("public_key_id + public_key (or platform_certs)")
    if missing:
        hints = {
            "apiv3_key": "WECHATPAY_APIV3_KEY (or WECHATPAY_APIV3_KEY_FILE)",
            "public_key_id + public_key (or platform_certs)": (
                "WECHATPAY_PUBLIC_KEY_ID + WECHATPAY_PUBLIC_KEY (or WECHATPAY_PLATFORM_CERTS)"
            ),
        }
        envs = ", ".join(hints.get(k) or ENV[k] for k in missing)
        raise ConfigError(
            f"wechatpay: half configured: {', '.join(present)} set but {', '.join(missing)} "
            f"missing. Fix: set {envs} (see bot/wechatpay/README.md), or remove every "
            "wechatpay setting to run without payments."
        )

    mchid = _text(sec, "mchid")
    if not mchid.isdigit():
        raise ConfigError(
            f"wechatpay.mchid: {mchid!r} must be digits (商户号). Fix: copy it from the "
            "merchant platform."
        )
    appid = _text(sec, "appid") or settings.wechat.appid
    serial_no = _text(sec, "serial_no")  # sent as given: WeChat Pay compares it verbatim
    sandbox = str(sec.get("sandbox", "")).lower() in ("true", "1", "yes")
    try:
        private_key = signing.load_private_key(
            _read(_text(sec, "private_key"), "private_key", "merchant private key"),
            trusted=sandbox,  # generated by bot.sandbox.pay_keys; a real key is checked
        )
    except signing.CryptoError as exc:
        raise ConfigError(
            f"wechatpay.private_key: {exc}. Fix: use apiclient_key.pem from the merchant "
            "API certificate tool."
        ) from exc

    apiv3_key = _apiv3_key(sec)
    certs: dict[str, x509.Certificate] = {}
    for path in _paths(sec, "platform_certs"):
        try:
            cert = signing.load_certificate(_read(path, "platform_certs", "platform certificate"))
        except signing.CryptoError as exc:
            raise ConfigError(
                f"wechatpay.platform_certs: {path}: {exc}. Fix: download the platform "
                "certificate again (wechatpay_<serial>.pem)."
            ) from exc
        certs[signing.certificate_serial(cert)] = cert

    public_key_id = _text(sec, "public_key_id")
    public_key = None
    if has_key_pair:
        if not (public_key_id and _text(sec, "public_key")):
            raise ConfigError(
                "wechatpay.public_key_id / public_key: set both or neither. Fix: set "
                "WECHATPAY_PUBLIC_KEY_ID and WECHATPAY_PUBLIC_KEY (path to pub_key.pem)."
            )
        if not public_key_id.startswith("PUB_KEY_ID_"):
            raise ConfigError(
                f"wechatpay.public_key_id: {public_key_id!r} must start with PUB_KEY_ID_. "
                "Fix: copy the id shown next to the WeChat Pay public key."
            )
        try:
            public_key = signing.load_public_key(
                _read(_text(sec, "public_key"), "public_key", "WeChat Pay public key")
            )
        except signing.CryptoError as exc:
            raise ConfigError(
                f"wechatpay.public_key: {exc}. Fix: download pub_key.pem from the "
                "merchant platform again."
            ) from exc

    api_base = (_text(sec, "api_base") or DEFAULT_API_BASE).rstrip("/")
    base_parts = urlsplit(api_base)
    if base_parts.scheme not in ("http", "https") or not base_parts.netloc:
        raise ConfigError(
            f"wechatpay.api_base: {api_base!r} is not an http(s) URL. Fix: leave it empty "
            f"for {DEFAULT_API_BASE}."
        )
    notify_url = _notify_url(sec, settings, official=base_parts.hostname in OFFICIAL_HOSTS)
    timeout = _text(sec, "timeout_seconds") or "10"
    try:
        timeout_seconds = float(timeout)
    except ValueError:
        timeout_seconds = -1.0
    if not 1 <= timeout_seconds <= 60:
        raise ConfigError(
            f"wechatpay.timeout_seconds: {timeout!r} is out of range. Fix: use 1..60."
        )
    return WeChatPayConfig(
        mchid=mchid,
        appid=appid,
        serial_no=serial_no,
        private_key=private_key,
        apiv3_key=apiv3_key,
        platform_certs=certs,
        public_key_id=public_key_id,
        public_key=public_key,
        api_base=api_base,
        notify_url=notify_url,
        timeout_seconds=timeout_seconds,
        sandbox=sandbox,
    )


def _apiv3_key(sec: Mapping[str, Any]) -> bytes:
    if _text(sec, "apiv3_key"):
        key, where = _text(sec, "apiv3_key"), "wechatpay.apiv3_key"
    else:
        path = _text(sec, "apiv3_key_file")
        key, where = _read(path, "apiv3_key_file", "APIv3 key").decode().strip(), path
    raw = key.encode()
    if len(raw) != 32 or not key.isascii():
        raise ConfigError(
            f"{where}: the APIv3 key must be 32 ASCII characters, got {len(raw)} bytes. "
            "Fix: copy it from 商户平台 → 账户中心 → API安全 → APIv3密钥 into "
            "WECHATPAY_APIV3_KEY (or a file named by WECHATPAY_APIV3_KEY_FILE)."
        )
    return raw


def _notify_url(sec: Mapping[str, Any], settings: Settings, *, official: bool) -> str:
    url = _text(sec, "notify_url")
    if not url:
        if not settings.public_base_url:
            raise ConfigError(
                "wechatpay.notify_url: cannot be derived without PUBLIC_BASE_URL. Fix: set "
                "PUBLIC_BASE_URL to the HTTPS address patients see, or WECHATPAY_NOTIFY_URL."
            )
        url = settings.public_base_url.rstrip("/") + NOTIFY_PATH
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise ConfigError(
            f"wechatpay.notify_url: {url!r} must be an absolute URL without a query "
            "string (WeChat Pay's rule). Fix: use e.g. https://wx.example-hospital.cn/pay/notify."
        )
    if official and parts.scheme != "https":
        raise ConfigError(
            f"wechatpay.notify_url: {url!r} is not HTTPS; WeChat Pay only calls HTTPS "
            "notify URLs. Fix: set PUBLIC_BASE_URL (or WECHATPAY_NOTIFY_URL) to the HTTPS address."
        )
    return url

"""Keys of the emulated WeChat Pay and of its sandbox merchant, made once per data dir.

At first start the sandbox generates, under `<data_dir>/sandbox/wechatpay/`:
- the sandbox merchant's API key pair (our side signs requests with it) and its serial;
- a platform key pair with a self-signed platform certificate (the older scheme);
- a "WeChat Pay public key" pair and its id `PUB_KEY_ID_...` (the newer scheme);
- a 32-character APIv3 key.
Every process sharing the data dir (web, worker, scheduler) reads the same files; the
directory appears atomically (written aside, then renamed), so two processes starting
at once agree on one set.

`with_sandbox_merchant` is how the sandbox supplies WeChat Pay settings, the same way
`sandbox_settings` supplies the WeChat ones: when no merchant is configured it fills
the `wechatpay:` section with these files, so `parse_wechatpay` reads the sandbox
merchant exactly like a real one (platform certificate and public key side by side).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import string
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from bot.config import Settings
from bot.wechatpay import signing
from bot.wechatpay.config import MERCHANT_FIELDS

API_PREFIX = "/sandbox/pay"
SANDBOX_MCHID = "1900000109"
_DIR = ("sandbox", "wechatpay")


@dataclass(frozen=True)
class SandboxPayKeys:
    directory: Path
    mchid: str
    merchant_serial: str
    merchant_key: rsa.RSAPrivateKey
    platform_key: rsa.RSAPrivateKey
    platform_cert: x509.Certificate
    pubkey_key: rsa.RSAPrivateKey  # the private half of "the WeChat Pay public key"
    public_key_id: str
    apiv3_key: bytes

    @property
    def platform_serial(self) -> str:
        return signing.certificate_serial(self.platform_cert)

    @property
    def merchant_public_key(self) -> rsa.RSAPublicKey:
        return self.merchant_key.public_key()


def key_dir(data_dir: Path) -> Path:
    return Path(data_dir).joinpath(*_DIR)


def _pem_private(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _self_signed(key: rsa.RSAPrivateKey) -> x509.Certificate:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "hospital-bot sandbox"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Sandbox WeChat Pay platform certificate"),
        ]
    )
    # Valid over a wide window so tests with a frozen clock in any year still trust it.
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime(2020, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2045, 1, 1, tzinfo=UTC))
        .sign(key, hashes.SHA256())
    )


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def _generate(directory: Path) -> None:
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = directory.parent / f".wechatpay-{secrets.token_hex(6)}"
    tmp.mkdir(mode=0o700)
    try:
        merchant, platform, pubkey = _new_key(), _new_key(), _new_key()
        cert = _self_signed(platform)
        alphabet = string.ascii_letters + string.digits
        ids = {
            "mchid": SANDBOX_MCHID,
            "merchant_serial": secrets.token_hex(20).upper(),
            "public_key_id": "PUB_KEY_ID_01"
            + "".join(secrets.choice(string.digits) for _ in range(24)),
        }
        _write(tmp / "merchant_key.pem", _pem_private(merchant))
        _write(tmp / "platform_key.pem", _pem_private(platform))
        _write(tmp / "platform_cert.pem", cert.public_bytes(serialization.Encoding.PEM))
        _write(tmp / "pubkey_key.pem", _pem_private(pubkey))
        _write(
            tmp / "pub_key.pem",
            pubkey.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ),
        )
        _write(tmp / "apiv3_key", "".join(secrets.choice(alphabet) for _ in range(32)).encode())
        _write(tmp / "ids.json", json.dumps(ids).encode())  # last: marks the set complete
        os.rename(tmp, directory)
    except OSError:
        if not (directory / "ids.json").exists():
            raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(tmp)  # another process won the rename: keep its set


def _trusted(path: Path) -> rsa.RSAPrivateKey:
    return signing.load_private_key(path.read_bytes(), trusted=True)  # made by _generate


def ensure_keys(data_dir: Path) -> SandboxPayKeys:
    """Load the sandbox keys, generating them on first use."""
    directory = key_dir(data_dir)
    if not (directory / "ids.json").exists():
        _generate(directory)
    ids = json.loads((directory / "ids.json").read_text())
    return SandboxPayKeys(
        directory=directory,
        mchid=ids["mchid"],
        merchant_serial=ids["merchant_serial"],
        merchant_key=_trusted(directory / "merchant_key.pem"),
        platform_key=_trusted(directory / "platform_key.pem"),
        platform_cert=signing.load_certificate((directory / "platform_cert.pem").read_bytes()),
        pubkey_key=_trusted(directory / "pubkey_key.pem"),
        public_key_id=ids["public_key_id"],
        apiv3_key=(directory / "apiv3_key").read_bytes().strip(),
    )


def with_sandbox_merchant(settings: Settings, base_url: str) -> Settings:
    """The sandbox merchant in `wechatpay:` unless a merchant is configured (a real one,
    or a half-configured one that `parse_wechatpay` will refuse)."""
    section = settings.raw.get("wechatpay") or {}
    if not isinstance(section, dict):
        return settings  # parse_wechatpay names the problem
    if any(str(section.get(k) or "").strip() for k in MERCHANT_FIELDS):
        return settings
    keys = ensure_keys(settings.data_dir)
    d = keys.directory
    merchant = {
        **section,
        "mchid": keys.mchid,
        "serial_no": keys.merchant_serial,
        "private_key": str(d / "merchant_key.pem"),
        "apiv3_key_file": str(d / "apiv3_key"),
        "platform_certs": [str(d / "platform_cert.pem")],
        "public_key_id": keys.public_key_id,
        "public_key": str(d / "pub_key.pem"),
        "api_base": base_url.rstrip("/") + API_PREFIX,
        "sandbox": True,
    }
    return settings.with_overrides(raw={**settings.raw, "wechatpay": merchant})

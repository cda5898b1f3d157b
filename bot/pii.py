"""Personal data at rest: AES-256-GCM encryption and a keyed lookup hash.

ID numbers and phone numbers are stored only as ciphertext
(`pii1.<key id>.<base64url(nonce | ciphertext | tag)>`), bound to the field they
belong to (associated data), plus an HMAC-SHA256 lookup hash for uniqueness and
equality search. Keys are derived (HKDF-SHA256) from `settings.secret_key`.

Key rotation: set the new SECRET_KEY and list the old ones in config.yml
`pii: previous_secret_keys: [...]` (or PII_PREVIOUS_SECRET_KEYS, comma-separated).
Values encrypted under an old key stay readable (the key id picks the key), new values
use the current key, and `lookup_hashes()` gives the hashes under every known key so a
lookup still finds documents written before the rotation until they are re-keyed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot import production
from bot.config import ConfigError, Settings

PREFIX = "pii1"
NONCE_BYTES = 12


class PIIError(ValueError):
    """A ciphertext that cannot be read (unknown key id, tampered, wrong field)."""


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"hospital-bot/pii", info=purpose
    ).derive(secret.encode())


@dataclass(frozen=True)
class _Key:
    kid: str
    aead: AESGCM
    mac_key: bytes

    def __repr__(self) -> str:
        return f"_Key(kid={self.kid!r})"


def _make_key(secret: str) -> _Key:
    enc = _derive(secret, b"encrypt:v1")
    kid = hashlib.sha256(_derive(secret, b"key-id:v1")).hexdigest()[:8]
    return _Key(kid=kid, aead=AESGCM(enc), mac_key=_derive(secret, b"lookup-hmac:v1"))


class Keyring:
    """The current key (encrypts, hashes) and previous keys (decrypt, hash for lookup)."""

    def __init__(self, secret: str, previous: tuple[str, ...] = ()) -> None:
        if not secret:
            raise PIIError("no secret key: set SECRET_KEY (the runner generates one)")
        self.current = _make_key(secret)
        self.keys = {self.current.kid: self.current}
        for old in previous:
            if old:
                k = _make_key(old)
                self.keys.setdefault(k.kid, k)

    def __repr__(self) -> str:
        return f"Keyring(current={self.current.kid!r}, keys={len(self.keys)})"

    def encrypt(self, plaintext: str, field: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        ct = self.current.aead.encrypt(nonce, plaintext.encode(), field.encode())
        blob = base64.urlsafe_b64encode(nonce + ct).decode().rstrip("=")
        return f"{PREFIX}.{self.current.kid}.{blob}"

    def decrypt(self, token: str, field: str) -> str:
        try:
            prefix, kid, blob = token.split(".", 2)
        except (AttributeError, ValueError) as exc:
            raise PIIError("not an encrypted value") from exc
        key = self.keys.get(kid)
        if prefix != PREFIX or key is None:
            raise PIIError(f"unknown key id {kid!r}: add the old secret to previous keys")
        raw = base64.urlsafe_b64decode(blob + "=" * (-len(blob) % 4))
        try:
            return key.aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], field.encode()).decode()
        except InvalidTag as exc:
            raise PIIError("ciphertext does not verify") from exc

    def key_id(self, token: str) -> str:
        return token.split(".", 2)[1] if token.count(".") >= 2 else ""

    def lookup_hash(self, value: str, field: str = "id") -> str:
        """Deterministic keyed hash under the current key (for unique indexes)."""
        return _hash(self.current, value, field)

    def lookup_hashes(self, value: str, field: str = "id") -> list[str]:
        """The hash under every known key, current first (lookups during a rotation)."""
        return [_hash(k, value, field) for k in self.keys.values()]

    def matches(self, value: str, digest: str, field: str = "id") -> bool:
        return any(hmac.compare_digest(h, digest) for h in self.lookup_hashes(value, field))


def _hash(key: _Key, value: str, field: str) -> str:
    msg = f"{field}\x00{value}".encode()
    return f"{key.kid}:{hmac.new(key.mac_key, msg, hashlib.sha256).hexdigest()}"


def ensure_secret_key(settings: Settings) -> Settings:
    """SECRET_KEY signs sessions and derives the PII key. Without one configured, a
    random key is generated once per data directory (fine for one host; set
    SECRET_KEY explicitly when several hosts share the databases). Never with a real
    WeChat account: production keys do not live beside the data they protect."""
    if settings.secret_key:
        return settings
    problem = production.secret_key_problem(settings)
    if problem:
        raise ConfigError(problem)
    path = Path(settings.data_dir) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return settings.with_overrides(secret_key=path.read_text().strip())


def secret_key(settings: Settings) -> str:
    """`settings.secret_key`, or the per-data-directory key (`ensure_secret_key`)."""
    return ensure_secret_key(settings).secret_key


def keyring_for(settings: Settings, env: dict[str, str] | None = None) -> Keyring:
    env = dict(os.environ if env is None else env)
    previous = settings.section("pii").get("previous_secret_keys") or []
    if isinstance(previous, str):
        previous = [previous]
    extra = [p.strip() for p in env.get("PII_PREVIOUS_SECRET_KEYS", "").split(",") if p.strip()]
    return Keyring(secret_key(settings), tuple(str(p) for p in [*previous, *extra]))

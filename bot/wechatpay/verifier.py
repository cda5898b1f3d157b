"""Is this response or notification really from WeChat Pay?

WeChat Pay signs `TIMESTAMP\\nNONCE\\nBODY\\n` and names the key in `Wechatpay-Serial`:
a platform certificate's serial (the older scheme) or a WeChat Pay public key id
`PUB_KEY_ID_...` (the newer one). During a migration a merchant configures both, and
either may sign; this verifier accepts whichever the serial names and nothing else.

A failure raises `VerificationFailed` whose message is always the same; its `reason`
is for our logs and metrics only and must never reach the HTTP answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import cast

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.clock import Clock
from bot.wechatpay import signing

MAX_CLOCK_SKEW_SECONDS = 300  # WeChat Pay's own rule: refuse anything 5 minutes away


class VerificationFailed(Exception):
    """Signature, timestamp, key or ciphertext did not check out. Reveals nothing."""

    MESSAGE = "WeChat Pay verification failed"

    def __init__(self, reason: str) -> None:
        super().__init__(self.MESSAGE)
        self.reason = reason


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if value is None:  # a plain dict with other capitalisation
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), "")
    return value.strip()


class SignatureVerifier:
    def __init__(
        self,
        *,
        platform_certs: Mapping[str, x509.Certificate] | None = None,
        public_key_id: str = "",
        public_key: rsa.RSAPublicKey | None = None,
        clock: Clock | None = None,
        max_skew_seconds: int = MAX_CLOCK_SKEW_SECONDS,
    ) -> None:
        if bool(public_key_id) != (public_key is not None):
            raise ValueError("public_key_id and public_key go together")
        if not platform_certs and public_key is None:
            raise ValueError("a verifier needs a platform certificate or a public key")
        self.certs = {signing.normalize_serial(s): c for s, c in (platform_certs or {}).items()}
        self.public_key_id = public_key_id
        self.public_key = public_key
        self.clock = clock or Clock()
        self.max_skew = max_skew_seconds

    def key_for(self, serial: str) -> rsa.RSAPublicKey:
        """The public key `Wechatpay-Serial` names, if we trust it right now."""
        if self.public_key is not None and serial == self.public_key_id:
            return self.public_key
        cert = self.certs.get(signing.normalize_serial(serial)) if serial else None
        if cert is None:
            raise VerificationFailed("unknown_serial")
        now = datetime.fromtimestamp(self.clock.timestamp(), UTC)
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            raise VerificationFailed("certificate_not_valid_now")
        return cast(rsa.RSAPublicKey, cert.public_key())  # RSA checked when loaded

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        """Raise `VerificationFailed` unless `body` carries a valid, fresh signature."""
        signature = _header(headers, "Wechatpay-Signature")
        timestamp = _header(headers, "Wechatpay-Timestamp")
        nonce = _header(headers, "Wechatpay-Nonce")
        serial = _header(headers, "Wechatpay-Serial")
        kind = _header(headers, "Wechatpay-Signature-Type")
        if not (signature and timestamp and nonce and serial):
            raise VerificationFailed("missing_header")
        if kind and kind != signing.SCHEME:
            raise VerificationFailed("signature_type")
        if not timestamp.isdigit():
            raise VerificationFailed("bad_timestamp")
        if abs(self.clock.timestamp() - int(timestamp)) > self.max_skew:
            raise VerificationFailed("stale_timestamp")
        key = self.key_for(serial)
        if not signing.verify(key, signing.response_message(timestamp, nonce, body), signature):
            raise VerificationFailed("bad_signature")

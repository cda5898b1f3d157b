"""WeChat callback signatures: sha1 over the sorted parts, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac


def sign(*parts: str) -> str:
    """sha1(sorted(parts) joined): `signature` uses (token, timestamp, nonce) and
    `msg_signature` adds the Encrypt field."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def verify(signature: str | None, *parts: str) -> bool:
    """True when `signature` matches; constant-time so timing reveals nothing."""
    if not signature:
        return False
    return hmac.compare_digest(sign(*parts).encode(), signature.lower().encode())

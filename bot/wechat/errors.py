"""Refusals of a WeChat request, each carrying its HTTP status and a metrics reason."""

from __future__ import annotations


class WeChatRequestError(Exception):
    """A request we refuse. Never a 5xx: the client sent something wrong."""

    status = 400

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BadRequest(WeChatRequestError):
    """Malformed input: empty, not XML, DOCTYPE/entities, corrupted ciphertext (400)."""

    status = 400


class Forbidden(WeChatRequestError):
    """Authentication failed: signature, msg_signature or appid (403)."""

    status = 403


class PayloadTooLarge(WeChatRequestError):
    """Body over `limits.max_body_bytes` (413), also for chunked bodies."""

    status = 413

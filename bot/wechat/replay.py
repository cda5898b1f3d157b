"""Replay protection: a fresh `timestamp`, and each (timestamp, nonce) pair used once.

WeChat signs only (token, timestamp, nonce) in plaintext mode, so a captured query
string stays valid for any body. Two checks close that:

1. `timestamp` must lie within `limits.timestamp_window_seconds` of our clock, in the
   past or the future; checked right after the signature, before the body is read.
2. The pair is recorded in Redis (shared by every `serve` process) with a digest of the
   message it carried, until its timestamp leaves the window. The same pair with another
   message is refused; the same pair with the same message is WeChat retrying, and is
   answered from the retry cache like any retry. `dedupe` writes the record in the
   pipeline that claims the retry key, so it costs no extra round trip.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.clock import Clock
from bot.wechat.errors import Forbidden

PREFIX = "wx:nonce:"
MAX_TIMESTAMP_DIGITS = 12  # seconds since 1970 need 10 for the next few centuries


@dataclass(frozen=True)
class Stamp:
    """What to record for one request: its pair's Redis key, the message's digest and how
    long the pair stays acceptable."""

    key: str
    digest: bytes
    ttl: int


class Freshness:
    def __init__(self, clock: Clock, window_seconds: int) -> None:
        self.clock = clock
        self.window = window_seconds

    def check(self, timestamp: str) -> int:
        """The signed `timestamp` as an int; Forbidden when it is not a plain number of
        seconds or lies outside the window."""
        if not (
            timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= MAX_TIMESTAMP_DIGITS
        ):
            raise Forbidden("timestamp_malformed")
        stamp = int(timestamp)
        if abs(self.clock.timestamp() - stamp) > self.window:
            raise Forbidden("timestamp_stale")
        return stamp

    def stamp(self, timestamp: int, nonce: str, message: bytes) -> Stamp:
        """The record for a checked `timestamp`, its `nonce` and the plaintext message.

        It lives until the timestamp leaves the window (up to twice the window for a
        timestamp from the future): after that the freshness check refuses the pair."""
        ttl = int(timestamp + self.window - self.clock.timestamp()) + 1
        return Stamp(
            key=f"{PREFIX}{timestamp}:{nonce}",
            digest=hashlib.blake2b(message, digest_size=16).digest(),
            ttl=max(1, ttl),
        )

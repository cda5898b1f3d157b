"""What to do about a WeChat errcode: one table the client and the worker share.

Every outbound failure is one of three kinds:
- `retry`: transient (WeChat busy, a quota or frequency limit); try again after
  `delay` seconds, up to `max_attempts` (None: the worker's own limit).
- `permanent`: this message can never reach this user as it is (unfollowed, refused
  the subscription message, outside the 48 h window ...); record `reason`, stop.
- `token`: the access_token was rejected even after the client refreshed it and
  retried once; try again after `delay` (the force-refresh ration reopens).
Codes not in the table get a few retries, then go to the dead letters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Kind(StrEnum):
    RETRY = "retry"
    PERMANENT = "permanent"
    TOKEN = "token"


@dataclass(frozen=True)
class Outcome:
    kind: Kind
    delay: float = 0.0  # suggested seconds before the next attempt
    reason: str = ""  # for the delivery record and the staff console
    max_attempts: int | None = None  # None: the worker's own limit

    @property
    def permanent(self) -> bool:
        return self.kind is Kind.PERMANENT


def _retry(delay: float, reason: str) -> Outcome:
    return Outcome(Kind.RETRY, delay, reason)


def _permanent(reason: str) -> Outcome:
    return Outcome(Kind.PERMANENT, 0.0, reason)


_TOKEN = Outcome(Kind.TOKEN, 30.0, "access_token rejected by WeChat even after a refresh")

POLICY: dict[int, Outcome] = {
    # transient: back off
    -1: _retry(5.0, "WeChat system busy (or unreachable); try again shortly"),
    45009: _retry(1800.0, "daily API quota used up; it resets at midnight Beijing time"),
    45011: _retry(60.0, "API called too often this minute; try again next minute"),
    # token trouble the client could not fix with one refresh
    40001: _TOKEN,
    40014: _TOKEN,
    42001: _TOKEN,
    # permanent for this message and this user
    40003: _permanent("invalid openid: not a user of this official account"),
    43004: _permanent("the user does not follow (or has unfollowed) the official account"),
    43101: _permanent(
        "the user has not accepted this subscription message (or used up a one-time consent)"
    ),
    45015: _permanent(
        "outside the 48-hour customer-service window: the user has not written for 48 hours"
    ),
    45047: _permanent("customer-service message cap reached: no more until the user writes again"),
    40037: _permanent("invalid template_id: check the template configured for this message"),
    47003: _permanent("invalid message data: a field is missing, malformed or too long"),
    48001: _permanent("this official account is not allowed to call this API"),
}

UNKNOWN = Outcome(Kind.RETRY, 60.0, "unexpected WeChat error", max_attempts=3)


def classify(errcode: int) -> Outcome:
    """The outcome for `errcode`; unknown codes get a few retries, then dead letter."""
    known = POLICY.get(errcode)
    if known is not None:
        return known
    return replace(UNKNOWN, reason=f"unexpected WeChat error {errcode}")

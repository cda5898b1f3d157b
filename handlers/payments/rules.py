"""Payment rules: the `payments:` section of config.yml, validated once, and the pure
decisions that depend on it (order numbers, expiry, deposit limits, retry delays)."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import ConfigError, number

DRILL_POINTS = ("", "received", "his_recorded", "committed")
_ALNUM = string.ascii_uppercase + string.digits
DESCRIPTION_MAX = 127  # WeChat Pay's limit on the order description
MIN_ORDER_SECONDS = 60  # WeChat Pay wants time_expire at least a minute away


@dataclass(frozen=True)
class PaymentRules:
    tz: ZoneInfo
    order_minutes: int = 30  # an outpatient bill's or deposit's order stays payable this long
    query_after_minutes: int = 3  # an order with no notification is asked about after this
    deposit_min_fen: int = 10000  # ¥100.00
    deposit_max_fen: int = 5000000  # ¥50,000.00
    deposit_choices_fen: tuple[int, ...] = (50000, 100000, 200000, 500000)
    refund_retry_seconds: int = 60  # first retry of a refund WeChat Pay did not accept
    refund_retry_max_seconds: int = 3600
    refund_query_after_minutes: int = 10  # a processing refund is asked about after this
    reconcile_at: time = time(10, 0)  # WeChat Pay's bill for yesterday exists from 10:00
    poll_query_seconds: int = 3  # the payment page may make us ask WeChat Pay this often
    drill_pause_at: str = ""  # sandbox only: pause a notification here (payment drill)

    # --- pure decisions ---------------------------------------------------------------
    def new_out_trade_no(self, now: datetime) -> str:
        """`HB` + Beijing date and time + 8 random characters: 24 of WeChat's 6-32."""
        stamp = now.astimezone(self.tz).strftime("%Y%m%d%H%M%S")
        return "HB" + stamp + "".join(secrets.choice(_ALNUM) for _ in range(8))

    @staticmethod
    def out_refund_no(out_trade_no: str) -> str:
        """One whole refund per order: retrying it can never refund twice."""
        return out_trade_no + "R"

    def order_expiry(self, now: datetime, due_at: datetime | None) -> datetime:
        """A bill's order expires after `order_minutes`, or at the bill's due time."""
        expiry = now + timedelta(minutes=self.order_minutes)
        return min(expiry, due_at) if due_at is not None else expiry

    @staticmethod
    def payable_until(now: datetime, expires_at: datetime) -> bool:
        return expires_at - now >= timedelta(seconds=MIN_ORDER_SECONDS)

    def deposit_ok(self, amount_fen: int) -> bool:
        return self.deposit_min_fen <= amount_fen <= self.deposit_max_fen

    def refund_retry_at(self, now: datetime, attempts: int) -> datetime:
        delay = self.refund_retry_seconds * 2 ** max(attempts - 1, 0)
        return now + timedelta(seconds=min(delay, self.refund_retry_max_seconds))

    @staticmethod
    def description(text: str) -> str:
        """What WeChat Pay shows in the payer's bill: no patient name (privacy)."""
        return text[:DESCRIPTION_MAX]


def _int(section: dict[str, Any], key: str, default: int, lo: int, hi: int) -> int:
    return int(number(section, "payments", key, default, lo=lo, hi=hi, integer=True))


def parse_rules(section: dict[str, Any], tz: ZoneInfo, *, sandbox: bool) -> PaymentRules:
    """`payments:` of config.yml. Amounts are integer fen (10000 = ¥100.00)."""
    deposit_min = _int(section, "deposit_min_fen", 10000, 1, 100_000_000)
    deposit_max = _int(section, "deposit_max_fen", 5000000, 1, 100_000_000)
    if deposit_min > deposit_max:
        raise ConfigError("payments.deposit_min_fen: larger than deposit_max_fen. Fix: swap them.")
    raw_choices = section.get("deposit_choices_fen", [50000, 100000, 200000, 500000]) or []
    if not isinstance(raw_choices, list):
        raise ConfigError(
            "payments.deposit_choices_fen: must be a list of amounts in fen. "
            "Fix: e.g. [50000, 100000]."
        )
    choices = []
    for value in raw_choices:
        if not isinstance(value, int) or not deposit_min <= value <= deposit_max:
            raise ConfigError(
                f"payments.deposit_choices_fen: {value!r} is not a whole number of fen "
                "between deposit_min_fen and deposit_max_fen. Fix: correct or remove it."
            )
        choices.append(value)
    at = str(section.get("reconcile_at", "10:00"))
    try:
        hh, mm = (int(x) for x in at.split(":"))
        reconcile_at = time(hh, mm)
    except (ValueError, TypeError) as exc:
        raise ConfigError(
            f'payments.reconcile_at: {at!r} is not HH:MM. Fix: e.g. "10:00" (WeChat '
            "Pay's bills exist from 10:00 the next day)."
        ) from exc
    drill = str(section.get("drill_pause_at") or "")
    if drill not in DRILL_POINTS:
        raise ConfigError(
            f"payments.drill_pause_at: {drill!r} is not a drill point. Fix: use received, "
            "his_recorded, committed or leave it empty."
        )
    if drill and not sandbox:
        raise ConfigError(
            "payments.drill_pause_at: the payment drill pauses real notifications. Fix: "
            "leave it empty outside the sandbox."
        )
    return PaymentRules(
        tz=tz,
        order_minutes=_int(section, "order_minutes", 30, 5, 24 * 60),
        query_after_minutes=_int(section, "query_after_minutes", 3, 1, 120),
        deposit_min_fen=deposit_min,
        deposit_max_fen=deposit_max,
        deposit_choices_fen=tuple(choices),
        refund_retry_seconds=_int(section, "refund_retry_seconds", 60, 5, 3600),
        refund_retry_max_seconds=_int(section, "refund_retry_max_seconds", 3600, 60, 86400),
        refund_query_after_minutes=_int(section, "refund_query_after_minutes", 10, 1, 1440),
        reconcile_at=reconcile_at,
        poll_query_seconds=_int(section, "poll_query_seconds", 3, 1, 60),
        drill_pause_at=drill,
    )

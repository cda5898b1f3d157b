"""Typed results of the WeChat Pay API and its notifications: plain frozen dataclasses.

Amounts are integers in fen (分) as the API gives them; times are aware datetimes.
The `from_api` constructors accept WeChat Pay's JSON objects and ignore unknown keys,
so new fields on WeChat's side never break parsing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

TRADE_STATES = frozenset(
    {"SUCCESS", "REFUND", "NOTPAY", "CLOSED", "REVOKED", "USERPAYING", "PAYERROR"}
)
REFUND_STATUSES = frozenset({"SUCCESS", "CLOSED", "PROCESSING", "ABNORMAL"})


def parse_time(value: Any) -> datetime | None:
    """RFC 3339 (`2025-03-03T09:15:00+08:00`) to an aware datetime; empty gives None."""
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        raise ValueError(f"time without an offset: {value!r}")
    return parsed


def _int(value: Any) -> int:
    return int(value or 0)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True, kw_only=True)
class Transaction:
    """A payment order as `GET /v3/pay/transactions/out-trade-no/{no}` describes it."""

    appid: str
    mchid: str
    out_trade_no: str
    transaction_id: str  # empty until paid
    trade_type: str
    trade_state: str
    trade_state_desc: str
    bank_type: str
    attach: str
    success_time: datetime | None
    payer_openid: str
    total: int
    payer_total: int
    currency: str

    @property
    def paid(self) -> bool:
        """Money arrived (a later refund turns the state to REFUND; it was still paid)."""
        return self.trade_state in ("SUCCESS", "REFUND")

    @classmethod
    def fields_from_api(cls, data: dict[str, Any]) -> dict[str, Any]:
        amount = _dict(data.get("amount"))
        return {
            "appid": str(data.get("appid") or ""),
            "mchid": str(data.get("mchid") or ""),
            "out_trade_no": str(data.get("out_trade_no") or ""),
            "transaction_id": str(data.get("transaction_id") or ""),
            "trade_type": str(data.get("trade_type") or ""),
            "trade_state": str(data.get("trade_state") or ""),
            "trade_state_desc": str(data.get("trade_state_desc") or ""),
            "bank_type": str(data.get("bank_type") or ""),
            "attach": str(data.get("attach") or ""),
            "success_time": parse_time(data.get("success_time")),
            "payer_openid": str(_dict(data.get("payer")).get("openid") or ""),
            "total": _int(amount.get("total")),
            "payer_total": _int(amount.get("payer_total")),
            "currency": str(amount.get("currency") or "CNY"),
        }

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Transaction:
        return cls(**cls.fields_from_api(data))


@dataclass(frozen=True, kw_only=True)
class Refund:
    """A refund as `POST /v3/refund/domestic/refunds` and its query return it."""

    refund_id: str
    out_refund_no: str
    transaction_id: str
    out_trade_no: str
    channel: str
    user_received_account: str
    status: str  # PROCESSING, SUCCESS, CLOSED, ABNORMAL
    create_time: datetime | None
    success_time: datetime | None
    total: int
    refund: int
    payer_total: int
    payer_refund: int
    currency: str

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Refund:
        amount = _dict(data.get("amount"))
        return cls(
            refund_id=str(data.get("refund_id") or ""),
            out_refund_no=str(data.get("out_refund_no") or ""),
            transaction_id=str(data.get("transaction_id") or ""),
            out_trade_no=str(data.get("out_trade_no") or ""),
            channel=str(data.get("channel") or ""),
            user_received_account=str(data.get("user_received_account") or ""),
            status=str(data.get("status") or ""),
            create_time=parse_time(data.get("create_time")),
            success_time=parse_time(data.get("success_time")),
            total=_int(amount.get("total")),
            refund=_int(amount.get("refund")),
            payer_total=_int(amount.get("payer_total")),
            payer_refund=_int(amount.get("payer_refund")),
            currency=str(amount.get("currency") or "CNY"),
        )


# -- notifications ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Notice:
    """A verified, decrypted notification. Subclasses for the events we act on; this
    class itself for any other event type (acknowledge it, do nothing)."""

    id: str  # the notification id: the same on every retry of one event
    event_type: str
    create_time: datetime | None
    summary: str
    resource: dict[str, Any]  # the decrypted plaintext, for the record


@dataclass(frozen=True, kw_only=True)
class PaymentNotice(Notice, Transaction):
    """`TRANSACTION.SUCCESS`: the order was paid. Compare `total` with the bill."""


@dataclass(frozen=True, kw_only=True)
class RefundNotice(Notice):
    """`REFUND.SUCCESS`, `REFUND.ABNORMAL` or `REFUND.CLOSED`."""

    mchid: str
    out_trade_no: str
    transaction_id: str
    out_refund_no: str
    refund_id: str
    refund_status: str
    success_time: datetime | None
    user_received_account: str
    total: int
    refund: int
    payer_total: int
    payer_refund: int


# -- trade bill ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TradeBillRow:
    """One line of a trade bill: a payment (trade_state SUCCESS) or a refund (REFUND).

    Money in fen, except `fee` (手续费), which WeChat gives in yuan to 5 decimals."""

    trade_time: datetime
    appid: str
    mchid: str
    sub_mchid: str
    device_info: str
    transaction_id: str
    out_trade_no: str
    openid: str
    trade_type: str
    trade_state: str
    bank_type: str
    currency: str
    settlement_total: int  # 应结订单金额
    coupon_amount: int  # 代金券金额
    refund_id: str
    out_refund_no: str
    refund: int  # 退款金额
    recharge_coupon_refund: int  # 充值券退款金额
    refund_type: str
    refund_status: str
    description: str  # 商品名称
    attach: str  # 商户数据包
    fee: Decimal  # 手续费, yuan
    rate: str  # 费率, e.g. "0.60%"
    order_total: int  # 订单金额
    requested_refund: int  # 申请退款金额
    rate_note: str


@dataclass(frozen=True, kw_only=True)
class TradeBillSummary:
    count: int  # 总交易单数
    settlement_total: int  # 应结订单总金额
    refund_total: int  # 退款总金额
    recharge_coupon_refund_total: int  # 充值券退款总金额
    fee_total: Decimal  # 手续费总金额, yuan
    order_total: int  # 订单总金额
    requested_refund_total: int  # 申请退款总金额


@dataclass(frozen=True, kw_only=True)
class TradeBill:
    bill_date: date | None
    bill_type: str
    rows: tuple[TradeBillRow, ...]
    summary: TradeBillSummary

    def payments(self) -> tuple[TradeBillRow, ...]:
        return tuple(r for r in self.rows if r.trade_state == "SUCCESS")

    def refunds(self) -> tuple[TradeBillRow, ...]:
        return tuple(r for r in self.rows if r.trade_state == "REFUND")

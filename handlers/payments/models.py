"""The payments capability's data: payment orders, refunds, what can be paid.

Money is integer fen everywhere (WeChat Pay's unit); templates show it with the `yuan`
filter (¥12.50). Times are aware datetimes.

An order moves only along these edges, each one conditional update recorded in the
audit log in the same transaction (`repo.AuditRepo`):

    created ──notification/query──▶ paid ──cancellation, HIS refused──▶ refunding ─▶ refunded
       │ └──amount or merchant mismatch──▶ held (for staff)
       └──time_expire passed, closed at WeChat Pay──▶ closed ──paid anyway (late)──▶ refunding

A refund: requested ──WeChat Pay accepted──▶ processing ──▶ success | abnormal | closed
(`failed` when WeChat Pay refused it for good: flagged for staff).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from handlers.his.models import BillItem


class OrderStatus(StrEnum):
    CREATED = "created"  # waiting for the patient to pay
    PAID = "paid"  # WeChat Pay said so (notification or order query), amount checked
    HELD = "held"  # paid with something wrong (amount, merchant): staff decide
    CLOSED = "closed"  # expired or cancelled unpaid, closed at WeChat Pay
    REFUNDING = "refunding"  # the money goes back (a refund is requested or processing)
    REFUNDED = "refunded"


class RefundStatus(StrEnum):
    REQUESTED = "requested"  # owed; not yet accepted by WeChat Pay (retried)
    PROCESSING = "processing"  # accepted; the outcome comes as a notification or query
    SUCCESS = "success"
    ABNORMAL = "abnormal"  # the patient's account could not take it: staff
    CLOSED = "closed"
    FAILED = "failed"  # refused for good by WeChat Pay: staff


# Orders in these states hold their payable: one at a time (a partial unique index).
OPEN = (OrderStatus.CREATED, OrderStatus.PAID, OrderStatus.HELD)
MONEY_IN = (OrderStatus.PAID, OrderStatus.HELD, OrderStatus.REFUNDING, OrderStatus.REFUNDED)


class Kind(StrEnum):
    OUTPATIENT = "outpatient"  # 门诊缴费: a visit's bill from the HIS
    REGISTRATION = "registration"  # 挂号费 of a same-day hold
    DEPOSIT = "deposit"  # 住院预交金, an amount the patient chooses within limits


@dataclass(frozen=True)
class Payable:
    """Something a patient can pay now, described the same way whatever its kind.

    `key` identifies it for "one open order at a time" (bill:<id>, appt:<id>,
    deposit:<admission>:<nonce>); `ref` is what the HIS knows it by; `next_steps`
    is what the receipt tells the patient to do once paid."""

    key: str
    kind: Kind
    ref: str
    openid: str
    patient_id: str
    patient_name: str
    card_no: str
    title: str  # shown to the patient and sent as the order description
    department: str  # code
    doctor_name: str
    items: tuple[BillItem, ...]
    total_fen: int
    expires_at: datetime  # the order's time_expire
    details: dict[str, Any] = field(default_factory=dict)  # number, room, starts_at ...


@dataclass(frozen=True)
class NextStep:
    category: str  # of the first item there: drug, lab, exam ...
    where: str  # "" when the HIS did not say
    items: list[str]


@dataclass(frozen=True)
class PayOrder:
    """One payment order (`pay_orders`, `_id` = out_trade_no)."""

    out_trade_no: str
    payable: str
    kind: Kind
    ref: str
    openid: str
    patient_id: str
    patient_name: str
    card_no: str
    title: str
    department: str
    doctor_name: str
    items: tuple[BillItem, ...]
    total_fen: int
    status: OrderStatus
    time_expire: datetime
    created_at: datetime
    details: dict[str, Any] = field(default_factory=dict)
    description: str = ""  # sent to WeChat Pay (the same on every retry of the prepay)
    prepay_id: str = ""
    prepay_at: datetime | None = None
    transaction_id: str = ""
    paid_at: datetime | None = None
    paid_total_fen: int = 0  # what WeChat Pay says was paid when it differs (held, late)
    paid_via: str = ""  # notify | query
    his_settled: bool = False
    closed_at: datetime | None = None
    refund_reason: str = ""

    @property
    def paid(self) -> bool:
        return self.status in (OrderStatus.PAID, OrderStatus.REFUNDING, OrderStatus.REFUNDED)

    @property
    def next_steps(self) -> list[NextStep]:
        """Where to go once paid, one step per place, in the bill's order."""
        steps: dict[str, NextStep] = {}
        for item in self.items:
            step = steps.setdefault(item.where, NextStep(item.category, item.where, []))
            step.items.append(item.name)
        return list(steps.values())

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> PayOrder:
        return cls(
            out_trade_no=str(doc["_id"]),
            payable=doc["payable"],
            kind=Kind(doc["kind"]),
            ref=doc["ref"],
            openid=doc["openid"],
            patient_id=doc.get("patient_id", ""),
            patient_name=doc.get("patient_name", ""),
            card_no=doc.get("card_no", ""),
            title=doc["title"],
            department=doc.get("department", ""),
            doctor_name=doc.get("doctor_name", ""),
            items=tuple(BillItem.from_doc(i) for i in doc.get("items", ())),
            total_fen=int(doc["total_fen"]),
            status=OrderStatus(doc["status"]),
            time_expire=doc["time_expire"],
            created_at=doc["created_at"],
            details=dict(doc.get("details") or {}),
            description=doc.get("description", ""),
            prepay_id=doc.get("prepay_id", ""),
            prepay_at=doc.get("prepay_at"),
            transaction_id=doc.get("transaction_id", ""),
            paid_at=doc.get("paid_at"),
            paid_total_fen=int(doc.get("paid_total_fen") or 0),
            paid_via=doc.get("paid_via", ""),
            his_settled=bool(doc.get("his_settled")),
            closed_at=doc.get("closed_at"),
            refund_reason=doc.get("refund_reason", ""),
        )


@dataclass(frozen=True)
class PayRefund:
    """One refund (`pay_refunds`, `_id` = out_refund_no), always of a whole order."""

    out_refund_no: str
    out_trade_no: str
    openid: str
    amount_fen: int
    total_fen: int
    reason: str
    status: RefundStatus
    created_at: datetime
    attempts: int = 0
    refund_id: str = ""
    succeeded_at: datetime | None = None

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> PayRefund:
        return cls(
            out_refund_no=str(doc["_id"]),
            out_trade_no=doc["out_trade_no"],
            openid=doc["openid"],
            amount_fen=int(doc["amount_fen"]),
            total_fen=int(doc["total_fen"]),
            reason=doc.get("reason", ""),
            status=RefundStatus(doc["status"]),
            created_at=doc["created_at"],
            attempts=int(doc.get("attempts") or 0),
            refund_id=doc.get("refund_id", ""),
            succeeded_at=doc.get("succeeded_at"),
        )


class PayError(Exception):
    """A refusal a patient can understand: `code` names a message in payments/error.j2."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details

"""Payments' storage: each collection has one owner here, and nothing else names it.

- `OrderRepo` — `pay_orders`, `_id` = out_trade_no. One open order per payable, by a
  partial unique index on `payable` where `open: true` (created, paid, held).
- `PayRefundRepo` — `pay_refunds`, `_id` = out_refund_no (one whole refund per order).
- `AuditRepo` — `pay_audit`, append-only: every state change of an order or a refund,
  written in the same transaction as the change.
- `IncidentRepo` — `pay_incidents`: what staff must look at (a wrong amount, a refund
  WeChat Pay refused, a reconciliation difference), one per idempotency key.
- `ReconciliationRepo` — `pay_reconciliations`, one report per day.

Every write that changes a state takes the caller's transaction `session`.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import datetime
from typing import Any, ClassVar

from pymongo import ASCENDING, DESCENDING, IndexModel, ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from bot.storage import Repository
from handlers.payments.models import (
    OPEN,
    OrderStatus,
    PayOrder,
    PayRefund,
    RefundStatus,
)

Session = AsyncClientSession | None


class OrderRepo(Repository):
    collection = "pay_orders"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel(
            [("payable", ASCENDING)],
            unique=True,
            name="one_open_per_payable",
            partialFilterExpression={"open": True},
        ),
        IndexModel([("status", ASCENDING), ("time_expire", ASCENDING)], name="by_expiry"),
        IndexModel([("status", ASCENDING), ("created_at", ASCENDING)], name="by_age"),
        IndexModel([("openid", ASCENDING), ("created_at", DESCENDING)], name="by_account"),
        IndexModel([("paid_at", ASCENDING)], name="by_paid_at", sparse=True),
        IndexModel([("his_settled", ASCENDING), ("status", ASCENDING)], name="his"),
    ]

    async def insert(self, doc: dict[str, Any], session: Session = None) -> None:
        """Raises DuplicateKeyError when the payable already has an open order."""
        await self.col.insert_one(doc, session=session)

    async def get(self, out_trade_no: str, openid: str | None = None) -> PayOrder | None:
        query: dict[str, Any] = {"_id": out_trade_no}
        if openid is not None:
            query["openid"] = openid
        doc = await self.col.find_one(query)
        return PayOrder.from_doc(doc) if doc else None

    async def open_for(self, payable: str) -> PayOrder | None:
        doc = await self.col.find_one({"payable": payable, "open": True})
        return PayOrder.from_doc(doc) if doc else None

    async def move(
        self,
        out_trade_no: str,
        allowed: tuple[OrderStatus, ...],
        changes: dict[str, Any],
        *,
        session: Session = None,
        match: dict[str, Any] | None = None,
    ) -> PayOrder | None:
        """ONE conditional update: from one of `allowed` (and `match`) to `changes`.
        None when the order is not in such a state (someone else moved it first)."""
        status = changes.get("status")
        if status is not None:
            changes = {**changes, "open": OrderStatus(status) in OPEN}
        doc = await self.col.find_one_and_update(
            {"_id": out_trade_no, "status": {"$in": [str(s) for s in allowed]}, **(match or {})},
            {"$set": changes},
            session=session,
            return_document=ReturnDocument.AFTER,
        )
        return PayOrder.from_doc(doc) if doc else None

    async def step(
        self,
        order: PayOrder,
        allowed: tuple[OrderStatus, ...],
        changes: dict[str, Any],
        *,
        session: Session = None,
        match: dict[str, Any] | None = None,
    ) -> PayOrder | None:
        """`move` for an order the caller has just read: the same conditional update,
        without returning the document (SecantusDB's findAndModify scans the
        collection; an update by _id does not). The order as it now is, or None."""
        if "status" in changes:
            changes = {**changes, "open": OrderStatus(changes["status"]) in OPEN}
        done = await self.col.update_one(
            {
                "_id": order.out_trade_no,
                "status": {"$in": [str(s) for s in allowed]},
                **(match or {}),
            },
            {"$set": changes},
            session=session,
        )
        if done.modified_count != 1:
            return None
        known = {f.name for f in fields(PayOrder)}
        return replace(order, **{k: v for k, v in changes.items() if k in known})

    async def set_fields(self, out_trade_no: str, changes: dict[str, Any]) -> None:
        """Bookkeeping that is no state change (the prepay id, the HIS acknowledged)."""
        await self.col.update_one({"_id": out_trade_no}, {"$set": changes})

    async def claim_query(self, out_trade_no: str, now: datetime, since: datetime) -> bool:
        """May this caller ask WeChat Pay about the order now? One asker per interval."""
        done = await self.col.find_one_and_update(
            {
                "_id": out_trade_no,
                "status": str(OrderStatus.CREATED),
                "$or": [{"queried_at": None}, {"queried_at": {"$lte": since}}],
            },
            {"$set": {"queried_at": now}},
            projection={"_id": 1},
        )
        return done is not None

    async def expired(self, now: datetime, limit: int = 100) -> list[PayOrder]:
        cursor = self.col.find(
            {"status": str(OrderStatus.CREATED), "time_expire": {"$lte": now}}
        ).limit(limit)
        return [PayOrder.from_doc(d) for d in await cursor.to_list(limit)]

    async def created_of_kind(self, kind: str, limit: int = 200) -> list[PayOrder]:
        cursor = self.col.find({"status": str(OrderStatus.CREATED), "kind": kind}).limit(limit)
        return [PayOrder.from_doc(d) for d in await cursor.to_list(limit)]

    async def silent(
        self, created_before: datetime, asked_before: datetime, limit: int = 100
    ) -> list[PayOrder]:
        """Created orders older than `created_before`, not asked about since `asked_before`."""
        cursor = self.col.find(
            {
                "status": str(OrderStatus.CREATED),
                "created_at": {"$lte": created_before},
                "prepay_id": {"$ne": ""},
                "$or": [{"queried_at": None}, {"queried_at": {"$lte": asked_before}}],
            }
        ).limit(limit)
        return [PayOrder.from_doc(d) for d in await cursor.to_list(limit)]

    async def unsettled(self, limit: int = 100) -> list[PayOrder]:
        """Paid orders the HIS has not acknowledged yet."""
        cursor = self.col.find({"his_settled": False, "status": str(OrderStatus.PAID)}).limit(limit)
        return [PayOrder.from_doc(d) for d in await cursor.to_list(limit)]

    async def unreversed(self, limit: int = 100) -> list[PayOrder]:
        """Refunded orders the HIS recorded as paid and not yet as refunded."""
        cursor = self.col.find(
            {"his_settled": True, "his_reversed": False, "status": str(OrderStatus.REFUNDED)}
        ).limit(limit)
        return [PayOrder.from_doc(d) for d in await cursor.to_list(limit)]

    async def paid_for(self, payable: str) -> PayOrder | None:
        doc = await self.col.find_one({"payable": payable, "status": str(OrderStatus.PAID)})
        return PayOrder.from_doc(doc) if doc else None

    async def paid_between(self, lo: datetime, hi: datetime) -> list[PayOrder]:
        cursor = self.col.find({"paid_at": {"$gte": lo, "$lt": hi}})
        return [PayOrder.from_doc(d) async for d in cursor]

    async def by_numbers(self, numbers: list[str]) -> dict[str, PayOrder]:
        cursor = self.col.find({"_id": {"$in": numbers}})
        return {str(d["_id"]): PayOrder.from_doc(d) async for d in cursor}

    async def of_account(self, openid: str, limit: int = 50) -> list[PayOrder]:
        cursor = self.col.find({"openid": openid}).sort("created_at", DESCENDING).limit(limit)
        return [PayOrder.from_doc(d) for d in await cursor.to_list(limit)]


class PayRefundRepo(Repository):
    collection = "pay_refunds"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("status", ASCENDING), ("next_attempt_at", ASCENDING)], name="due"),
        IndexModel([("out_trade_no", ASCENDING)], name="by_order"),
        IndexModel([("accepted_at", ASCENDING)], name="by_accepted", sparse=True),
    ]

    async def insert(self, doc: dict[str, Any], session: Session = None) -> bool:
        try:
            await self.col.insert_one(doc, session=session)
        except DuplicateKeyError:
            return False
        return True

    async def get(self, out_refund_no: str) -> PayRefund | None:
        doc = await self.col.find_one({"_id": out_refund_no})
        return PayRefund.from_doc(doc) if doc else None

    async def move(
        self,
        out_refund_no: str,
        allowed: tuple[RefundStatus, ...],
        changes: dict[str, Any],
        *,
        session: Session = None,
    ) -> PayRefund | None:
        doc = await self.col.find_one_and_update(
            {"_id": out_refund_no, "status": {"$in": [str(s) for s in allowed]}},
            {"$set": changes},
            session=session,
            return_document=ReturnDocument.AFTER,
        )
        return PayRefund.from_doc(doc) if doc else None

    async def retry_later(self, out_refund_no: str, at: datetime, error: str) -> None:
        await self.col.update_one(
            {"_id": out_refund_no, "status": str(RefundStatus.REQUESTED)},
            {"$set": {"next_attempt_at": at, "last_error": error}, "$inc": {"attempts": 1}},
        )

    async def due(self, now: datetime, *, retries: bool, limit: int = 50) -> list[PayRefund]:
        """Owed refunds due now: never tried (`retries=False`) or tried before."""
        attempts = {"$gt": 0} if retries else 0
        cursor = self.col.find(
            {
                "status": str(RefundStatus.REQUESTED),
                "next_attempt_at": {"$lte": now},
                "attempts": attempts,
            }
        ).limit(limit)
        return [PayRefund.from_doc(d) for d in await cursor.to_list(limit)]

    async def processing_since(self, before: datetime, limit: int = 50) -> list[PayRefund]:
        cursor = self.col.find(
            {"status": str(RefundStatus.PROCESSING), "accepted_at": {"$lte": before}}
        ).limit(limit)
        return [PayRefund.from_doc(d) for d in await cursor.to_list(limit)]

    async def accepted_between(self, lo: datetime, hi: datetime) -> list[PayRefund]:
        """Refunds WeChat Pay took that day (what its trade bill lists as refunds)."""
        cursor = self.col.find({"accepted_at": {"$gte": lo, "$lt": hi}})
        return [PayRefund.from_doc(d) async for d in cursor]

    async def by_numbers(self, numbers: list[str]) -> dict[str, PayRefund]:
        cursor = self.col.find({"_id": {"$in": numbers}})
        return {str(d["_id"]): PayRefund.from_doc(d) async for d in cursor}


class AuditRepo(Repository):
    """Append-only. `subject` is the out_trade_no or out_refund_no."""

    collection = "pay_audit"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("subject", ASCENDING), ("at", ASCENDING)], name="by_subject")
    ]

    async def add(
        self,
        subject: str,
        what: str,
        before: str,
        after: str,
        event: str,
        now: datetime,
        *,
        session: Session,
        **detail: Any,
    ) -> None:
        await self.col.insert_one(
            {
                "subject": subject,
                "what": what,  # order | refund
                "from": before,
                "to": after,
                "event": event,
                "at": now,
                "detail": detail,
            },
            session=session,
        )

    async def of(self, subject: str) -> list[dict[str, Any]]:
        cursor = self.col.find({"subject": subject}).sort([("at", ASCENDING), ("_id", ASCENDING)])
        return await cursor.to_list(200)


class IncidentRepo(Repository):
    """For staff: `_id` is the idempotency key, so one problem is flagged once."""

    collection = "pay_incidents"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("status", ASCENDING), ("created_at", DESCENDING)], name="open")
    ]

    async def flag(
        self,
        key: str,
        kind: str,
        subject: str,
        now: datetime,
        *,
        session: Session = None,
        **detail: Any,
    ) -> bool:
        try:
            await self.col.insert_one(
                {
                    "_id": key,
                    "kind": kind,
                    "subject": subject,
                    "detail": detail,
                    "status": "open",
                    "created_at": now,
                },
                session=session,
            )
        except DuplicateKeyError:
            return False
        return True

    async def open(self, limit: int = 200) -> list[dict[str, Any]]:
        cursor = self.col.find({"status": "open"}).sort("created_at", DESCENDING).limit(limit)
        return await cursor.to_list(limit)

    async def of(self, subject: str) -> list[dict[str, Any]]:
        return await self.col.find({"subject": subject}).to_list(100)


class ReconciliationRepo(Repository):
    collection = "pay_reconciliations"

    async def save(self, report: dict[str, Any]) -> None:
        await self.col.replace_one({"_id": report["_id"]}, report, upsert=True)

    async def get(self, day: str) -> dict[str, Any] | None:
        return await self.col.find_one({"_id": day})

"""LocalHIS's money: outpatient bills, inpatient deposits and the payment ledger.

A standalone hospital (and the demo) keeps here what a real HIS keeps in its charging
module: `his_bills` (one per visit: the prescription and the exam / lab orders, priced
in integer fen), `his_admissions` (inpatient stays with their deposit balance) and
`his_payments`, the ledger of every payment the payments capability settled, keyed by
its out_trade_no so a retried `settle` or `reverse` records it once (see `settle` for
the write order of a bill; a deposit's credit commits with its ledger line).

`add_visit` is how a visit produces bills here: the doctor's prescription and exam
orders, picked from a small price list per department (realistic demo data).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, ClassVar

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from bot.storage import Repository, Storage
from handlers.his.models import Admission, Bill, BillItem, HISError, Settlement

BILL_DUE_DAYS = 7  # an unpaid outpatient bill can be paid online this long
PHARMACY = "门诊西药房 2 号窗口（门诊楼 1 层）"
LAB = "检验科采血处（门诊楼 2 层）"

# (name, category, unit, unit price in fen, where to go once paid)
CATALOG: dict[str, tuple[str, str, str, int, str]] = {
    "amoxicillin": ("阿莫西林胶囊 0.25g×24粒", "drug", "盒", 1860, PHARMACY),
    "ibuprofen": ("布洛芬缓释胶囊 0.3g×20粒", "drug", "盒", 2350, PHARMACY),
    "cough_syrup": ("复方甘草口服溶液 100ml", "drug", "瓶", 1280, PHARMACY),
    "omeprazole": ("奥美拉唑肠溶胶囊 20mg×14粒", "drug", "盒", 3120, PHARMACY),
    "amlodipine": ("苯磺酸氨氯地平片 5mg×28片", "drug", "盒", 4560, PHARMACY),
    "metformin": ("盐酸二甲双胍缓释片 0.5g×30片", "drug", "盒", 2890, PHARMACY),
    "eye_drops": ("玻璃酸钠滴眼液 0.1% 5ml", "drug", "支", 3600, PHARMACY),
    "child_granules": ("小儿氨酚黄那敏颗粒 ×10袋", "drug", "盒", 1580, PHARMACY),
    "blood_routine": ("血常规", "lab", "次", 2500, LAB),
    "crp": ("C反应蛋白", "lab", "次", 4000, LAB),
    "liver": ("肝功能", "lab", "次", 6800, LAB),
    "glucose": ("空腹血糖", "lab", "次", 800, LAB),
    "hba1c": ("糖化血红蛋白", "lab", "次", 7500, LAB),
    "chest_ct": ("胸部CT平扫", "exam", "次", 26000, "放射科 CT 室（医技楼 2 层）"),
    "chest_xray": ("胸部正位X线", "exam", "次", 7000, "放射科 DR 室（医技楼 1 层）"),
    "abdomen_us": ("腹部彩超", "exam", "次", 18000, "超声科（医技楼 3 层）"),
    "ecg": ("常规心电图", "exam", "次", 2500, "心电图室（门诊楼 3 层）"),
    "fundus": ("眼底照相", "exam", "次", 4500, "眼科检查室（门诊楼 2 层）"),
    "nebulizer": ("雾化吸入", "treatment", "次", 1800, "门诊治疗室（门诊楼 1 层）"),
}
# What a visit to a department typically orders: (catalog key, quantity).
VISIT_ORDERS: dict[str, tuple[tuple[str, int], ...]] = {
    "resp": (("amoxicillin", 2), ("cough_syrup", 1), ("blood_routine", 1), ("chest_ct", 1)),
    "peds": (("child_granules", 1), ("blood_routine", 1), ("crp", 1), ("nebulizer", 3)),
    "cardio": (("amlodipine", 1), ("ecg", 1), ("blood_routine", 1)),
    "gastro": (("omeprazole", 2), ("liver", 1), ("abdomen_us", 1)),
    "endo": (("metformin", 2), ("glucose", 1), ("hba1c", 1)),
    "eye": (("eye_drops", 1), ("fundus", 1)),
    "fever": (("ibuprofen", 1), ("blood_routine", 1), ("crp", 1), ("chest_xray", 1)),
}
DEFAULT_ORDERS: tuple[tuple[str, int], ...] = (("ibuprofen", 1), ("blood_routine", 1))


def visit_items(department: str) -> tuple[BillItem, ...]:
    """The prescription and orders of a typical visit to `department`."""
    out = []
    for key, quantity in VISIT_ORDERS.get(department, DEFAULT_ORDERS):
        name, category, unit, unit_fen, where = CATALOG[key]
        out.append(BillItem(name, category, quantity, unit, unit_fen, unit_fen * quantity, where))
    return tuple(out)


def _bill(doc: dict[str, Any]) -> Bill:
    return Bill(
        id=str(doc["_id"]),
        card_no=doc["card_no"],
        patient_name=doc.get("patient_name", ""),
        visit_id=doc.get("visit_id", ""),
        department=doc.get("department", ""),
        doctor_name=doc.get("doctor_name", ""),
        items=tuple(BillItem.from_doc(i) for i in doc.get("items", ())),
        total_fen=int(doc["total_fen"]),
        created_at=doc["created_at"],
        due_at=doc.get("due_at"),
        status=doc.get("status", "unpaid"),
        paid_at=doc.get("paid_at"),
        out_trade_no=doc.get("out_trade_no", ""),
    )


def _admission(doc: dict[str, Any]) -> Admission:
    return Admission(
        id=str(doc["_id"]),
        card_no=doc["card_no"],
        patient_name=doc.get("patient_name", ""),
        department=doc.get("department", ""),
        ward=doc.get("ward", ""),
        bed=doc.get("bed", ""),
        admitted_at=doc["admitted_at"],
        deposit_fen=int(doc.get("deposit_fen") or 0),
    )


class BillRepo(Repository):
    collection = "his_bills"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("card_no", ASCENDING), ("created_at", DESCENDING)], name="by_card")
    ]


class AdmissionRepo(Repository):
    collection = "his_admissions"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("card_no", ASCENDING), ("discharged_at", ASCENDING)], name="by_card")
    ]


class LedgerRepo(Repository):
    """The HIS's record of every settled payment, `_id` = our out_trade_no."""

    collection = "his_payments"
    indexes: ClassVar[list[IndexModel]] = [IndexModel([("ref", ASCENDING)], name="by_ref")]


class LocalBilling:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.bills_col = storage.repo(BillRepo).col
        self.admissions_col = storage.repo(AdmissionRepo).col
        self.ledger_col = storage.repo(LedgerRepo).col

    # --- reading ------------------------------------------------------------------
    async def bills(self, card_no: str) -> list[Bill]:
        cursor = self.bills_col.find({"card_no": card_no}).sort("created_at", DESCENDING)
        return [_bill(d) for d in await cursor.to_list(50)]

    async def bill(self, bill_id: str) -> Bill | None:
        doc = await self.bills_col.find_one({"_id": bill_id})
        return _bill(doc) if doc else None

    async def admission(self, card_no: str) -> Admission | None:
        doc = await self.admissions_col.find_one({"card_no": card_no, "discharged_at": None})
        return _admission(doc) if doc else None

    # --- a visit produces bills (demo and standalone hospitals) ------------------------
    async def add_visit(
        self,
        *,
        card_no: str,
        patient_name: str,
        department: str,
        doctor_name: str,
        now: datetime,
        items: Sequence[BillItem] | None = None,
    ) -> Bill:
        """The bill of one visit: the doctor's prescription and exam / lab orders."""
        chosen = tuple(items) if items is not None else visit_items(department)
        visit_id = f"V{now:%Y%m%d}{secrets.token_hex(3).upper()}"
        doc = {
            "_id": f"MZ{now:%Y%m%d}{secrets.token_hex(4).upper()}",
            "card_no": card_no,
            "patient_name": patient_name,
            "visit_id": visit_id,
            "department": department,
            "doctor_name": doctor_name,
            "items": [i.to_doc() for i in chosen],
            "total_fen": sum(i.amount_fen for i in chosen),
            "created_at": now,
            "due_at": now + timedelta(days=BILL_DUE_DAYS),
            "status": "unpaid",
        }
        await self.bills_col.insert_one(doc)
        return _bill(doc)

    async def add_admission(
        self,
        *,
        card_no: str,
        patient_name: str,
        department: str,
        ward: str,
        bed: str,
        now: datetime,
        deposit_fen: int,
    ) -> Admission:
        doc = {
            "_id": f"ZY{now:%Y%m%d}{secrets.token_hex(3).upper()}",
            "card_no": card_no,
            "patient_name": patient_name,
            "department": department,
            "ward": ward,
            "bed": bed,
            "admitted_at": now,
            "discharged_at": None,
            "deposit_fen": deposit_fen,
        }
        await self.admissions_col.insert_one(doc)
        return _admission(doc)

    # --- payments -------------------------------------------------------------------
    async def settle(self, s: Settlement) -> None:
        """Record a payment once. A bill: ONE conditional update marks it paid by this
        out_trade_no, then the ledger line (write order: a crash in between is finished
        by the caller's retry, which finds the bill paid by the same order). A
        registration: the ledger line alone (the appointment is the register). A deposit
        credits the balance: ledger line and credit in one transaction (exactly once)."""
        line = {
            "_id": s.out_trade_no,
            "transaction_id": s.transaction_id,
            "kind": s.kind,
            "ref": s.ref,
            "card_no": s.card_no,
            "amount_fen": s.amount_fen,
            "paid_at": s.paid_at,
            "refunded_fen": 0,
        }
        if s.kind == "deposit":
            await self._credit_deposit(s, line)
            return
        if s.kind == "outpatient":
            await self._pay_bill(s)
        try:
            await self.ledger_col.insert_one(line)
        except DuplicateKeyError:
            pass  # recorded by an earlier attempt

    async def _credit_deposit(self, s: Settlement, line: dict[str, Any]) -> None:
        async def record(session: AsyncClientSession) -> None:
            try:
                await self.ledger_col.insert_one(line, session=session)
            except DuplicateKeyError:
                raise _AlreadyRecorded from None
            done = await self.admissions_col.find_one_and_update(
                {"_id": s.ref, "discharged_at": None},
                {"$inc": {"deposit_fen": s.amount_fen}},
                session=session,
            )
            if done is None:
                raise HISError("not_found")

        try:
            await self.storage.transaction(record)
        except _AlreadyRecorded:
            return

    async def _pay_bill(self, s: Settlement) -> None:
        done = await self.bills_col.update_one(
            {"_id": s.ref, "status": "unpaid", "total_fen": s.amount_fen},
            {"$set": {"status": "paid", "paid_at": s.paid_at, "out_trade_no": s.out_trade_no}},
        )
        if done.modified_count == 1:
            return
        doc = await self.bills_col.find_one({"_id": s.ref})
        if doc is None:
            raise HISError("not_found")
        if doc.get("out_trade_no") == s.out_trade_no:
            return  # paid by this very payment before: a retry
        if doc.get("status") == "unpaid":
            raise HISError("amount_mismatch")
        raise HISError("already_paid")

    async def reverse(self, out_trade_no: str, refund_fen: int, reason: str) -> None:
        async def record(session: AsyncClientSession) -> None:
            line = await self.ledger_col.find_one_and_update(
                {"_id": out_trade_no, "refunded_fen": 0},
                {"$set": {"refunded_fen": refund_fen, "refund_reason": reason[:100]}},
                session=session,
            )
            if line is None:
                return  # never settled here, or reversed before
            if line["kind"] == "outpatient":
                await self.bills_col.update_one(
                    {"_id": line["ref"], "out_trade_no": out_trade_no},
                    {"$set": {"status": "refunded"}},
                    session=session,
                )
            elif line["kind"] == "deposit":
                await self.admissions_col.update_one(
                    {"_id": line["ref"]}, {"$inc": {"deposit_fen": -refund_fen}}, session=session
                )

        await self.storage.transaction(record)

    async def ledger(self, out_trade_no: str) -> dict[str, Any] | None:
        return await self.ledger_col.find_one({"_id": out_trade_no})


class _AlreadyRecorded(Exception):
    """The ledger already holds this payment: the transaction aborts, nothing changes."""

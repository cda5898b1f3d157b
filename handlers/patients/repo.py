"""The patients capability's storage: `patients` and the daily counters, one owner each."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from bson import ObjectId
from bson.errors import InvalidId
from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from bot.storage import Repository
from handlers.patients.models import PatientError

# What staff screens may read of a patient (never the encrypted ID number or phone).
_STAFF_FIELDS = {"openid": 1, "name": 1, "card_no": 1, "id_hash": 1}


class PatientRepo(Repository):
    """Raw documents. `slot` (1..max) under a unique index caps patients per account
    without a race; a partial unique index allows one default per account."""

    collection: ClassVar[str] = "patients"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel(
            [("openid", ASCENDING), ("id_hash", ASCENDING)],
            unique=True,
            name="one_patient_per_document",
        ),
        IndexModel(
            [("openid", ASCENDING), ("slot", ASCENDING)], unique=True, name="patients_per_account"
        ),
        IndexModel(
            [("openid", ASCENDING)],
            unique=True,
            name="one_default",
            partialFilterExpression={"is_default": True},
        ),
        IndexModel([("openid", ASCENDING), ("created_at", ASCENDING)], name="by_account"),
        IndexModel([("card_no", ASCENDING)], name="by_card"),
        IndexModel([("name", ASCENDING)], name="by_name"),  # staff search (console)
        # A card bound where the HIS does not share cards belongs to one account only.
        IndexModel(
            [("card_no", ASCENDING)],
            unique=True,
            name="one_account_per_card",
            partialFilterExpression={"card_exclusive": True},
        ),
    ]

    async def by_cards(self, cards: list[str]) -> list[dict[str, Any]]:
        """Patients holding these bound cards (exact, or upper-cased as typed lower):
        their account, card, name and id_hash, for staff (no encrypted fields)."""
        wanted = sorted({c for card in cards for c in (card, card.upper())})
        if not wanted:
            return []
        cursor = self.col.find({"card_no": {"$in": wanted}}, _STAFF_FIELDS)
        return await cursor.to_list(None)

    async def find_for_staff(self, *, card_no: str = "", name: str = "") -> list[dict[str, Any]]:
        """Staff search by a card or an exact name (index-backed, at most 50)."""
        query = {"card_no": {"$in": [card_no, card_no.upper()]}} if card_no else {"name": name}
        return await self.col.find(query, _STAFF_FIELDS).limit(50).to_list(50)

    async def of_accounts(self, openids: list[str]) -> list[dict[str, Any]]:
        """The patients of these accounts, for staff screens (masked there)."""
        if not openids:
            return []
        cursor = self.col.find({"openid": {"$in": openids}}, _STAFF_FIELDS)
        return await cursor.to_list(500)

    async def docs(self, openid: str) -> list[dict[str, Any]]:
        cursor = self.col.find({"openid": openid}).sort([("created_at", 1), ("_id", 1)])
        return await cursor.to_list(None)

    async def doc(self, openid: str, patient_id: str) -> dict[str, Any] | None:
        query = self.match(openid, patient_id)
        return await self.col.find_one(query) if query else None

    @staticmethod
    def match(openid: str, patient_id: str) -> dict[str, Any] | None:
        """The filter for one patient of an account (None: not a patient id); lets another
        capability read the patient inside its own query (one round trip)."""
        oid = _oid(patient_id)
        return {"_id": oid, "openid": openid} if oid else None

    async def insert(self, doc: dict[str, Any], max_slots: int) -> dict[str, Any]:
        """Insert into the lowest free slot; PatientError('limit') when none is free."""
        for _ in range(max_slots + 1):
            used = {d["slot"] async for d in self.col.find({"openid": doc["openid"]}, {"slot": 1})}
            free = [s for s in range(1, max_slots + 1) if s not in used]
            if not free:
                raise PatientError("limit", max=max_slots)
            doc = {**doc, "slot": free[0], "is_default": not used}
            try:
                result = await self.col.insert_one(doc)
            except DuplicateKeyError as exc:
                index = (exc.details or {}).get("keyPattern", {})
                if "id_hash" in index or "one_patient_per_document" in str(exc):
                    raise PatientError("duplicate") from None
                continue  # lost a race for the slot or the default: look again
            return {**doc, "_id": result.inserted_id}
        raise PatientError("busy")

    async def remove(self, openid: str, patient_id: str) -> dict[str, Any] | None:
        oid = _oid(patient_id)
        if oid is None:
            return None
        removed = await self.col.find_one_and_delete({"_id": oid, "openid": openid})
        if removed and removed.get("is_default"):
            nxt = await self.col.find_one({"openid": openid}, sort=[("created_at", 1)])
            if nxt:
                try:
                    await self.col.update_one({"_id": nxt["_id"]}, {"$set": {"is_default": True}})
                except DuplicateKeyError:
                    pass  # someone chose a default meanwhile
        return removed

    async def make_default(self, openid: str, patient_id: str) -> bool:
        oid = _oid(patient_id)
        if oid is None or not await self.col.count_documents({"_id": oid, "openid": openid}):
            return False
        for _ in range(3):
            await self.col.update_many(
                {"openid": openid, "is_default": True, "_id": {"$ne": oid}},
                {"$set": {"is_default": False}},
            )
            try:
                await self.col.update_one(
                    {"_id": oid, "openid": openid}, {"$set": {"is_default": True}}
                )
                return True
            except DuplicateKeyError:
                continue
        raise PatientError("busy")

    async def set_card(
        self, openid: str, patient_id: str, card_no: str, now: datetime, *, exclusive: bool = True
    ) -> None:
        """Bind the card; PatientError('card_taken_elsewhere') when `exclusive` and another
        account holds it (the unique index `one_account_per_card` decides)."""
        try:
            await self.col.update_one(
                {"_id": _oid(patient_id), "openid": openid},
                {"$set": {"card_no": card_no, "card_bound_at": now, "card_exclusive": exclusive}},
            )
        except DuplicateKeyError:
            raise PatientError("card_taken_elsewhere") from None


class DailyQuotaRepo(Repository):
    """Per-account daily counters (patient additions, card lookups), one document per
    account, purpose and day. Taken with one conditional update, so parallel requests
    cannot exceed the limit; nothing but a failed action gives a unit back."""

    collection: ClassVar[str] = "patient_quotas"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0, name="expiry")
    ]

    async def take(self, key: str, limit: int, expires_at: datetime) -> bool:
        """One unit of `key` if fewer than `limit` are used; False when none is left."""
        query = {"_id": key, "n": {"$lt": limit}}
        try:
            await self.col.update_one(
                query, {"$inc": {"n": 1}, "$setOnInsert": {"expires_at": expires_at}}, upsert=True
            )
            return True
        except DuplicateKeyError:
            # The day's document exists and is at the limit, or a parallel first take
            # created it: try again on the existing document.
            result = await self.col.update_one(query, {"$inc": {"n": 1}})
            return result.modified_count == 1

    async def give_back(self, key: str) -> None:
        await self.col.update_one({"_id": key, "n": {"$gt": 0}}, {"$inc": {"n": -1}})

    async def used(self, key: str) -> int:
        doc = await self.col.find_one({"_id": key}, {"n": 1})
        return int((doc or {}).get("n", 0))


def _oid(value: str) -> ObjectId | None:
    try:
        return ObjectId(value)
    except (InvalidId, TypeError):
        return None

"""Waitlist (候补): patients waiting for a full session get released places in order.

A released place is not put back into the pool while someone waits: it stays held and
is offered to the first waiting patient, who has `waitlist_offer_minutes` to accept
(reply 1 or 「接受候补」). On timeout the scheduler passes the same held place to the
next one; when nobody is left it goes back to the pool.

This module only keeps the queue (one owner of `waitlist`). Joining and accepting
follow the booking rules (ban, cards, limits, account cap) through `BookingService`
(`join_waitlist`, `accept_offer`, `release`), which runs `rules.check_standing`.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, ClassVar

from pymongo import ASCENDING, IndexModel, ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from bot.storage import Repository
from handlers.booking.models import PatientRef
from handlers.his.models import HISError, Hold, Schedule


class WaitlistRepo(Repository):
    collection = "waitlist"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel(
            [("schedule_id", ASCENDING), ("id_hash", ASCENDING)],
            unique=True,
            name="one_open_entry",
            partialFilterExpression={"open": True},
        ),
        IndexModel(
            [("schedule_id", ASCENDING), ("status", ASCENDING), ("created_at", ASCENDING)],
            name="fifo",
        ),
        IndexModel([("status", ASCENDING), ("offer_expires_at", ASCENDING)], name="offers"),
        IndexModel([("openid", ASCENDING), ("status", ASCENDING)], name="by_account"),
    ]

    async def join(self, p: PatientRef, s: Schedule, now: datetime) -> tuple[dict[str, Any], int]:
        """Add the patient to a session's waitlist; returns (entry, position)."""
        entry = {
            "_id": "wl" + uuid.uuid4().hex[:22],
            "schedule_id": s.id,
            "openid": p.openid,
            "patient_id": p.id,
            "patient_name": p.name,
            "relation": p.relation,
            "id_hash": p.id_hash,
            "card_no": p.card_no,
            "department": s.department,
            "status": "waiting",
            "open": True,
            "created_at": now,
        }
        try:
            await self.col.insert_one(entry)
        except DuplicateKeyError:
            found = await self.col.find_one(
                {"schedule_id": s.id, "id_hash": p.id_hash, "open": True}
            )
            if found is None:
                raise HISError("waitlist_retry") from None
            entry = found
        ahead = await self.col.count_documents(
            {"schedule_id": s.id, "status": "waiting", "created_at": {"$lt": entry["created_at"]}}
        )
        return entry, ahead + 1

    async def offer(
        self,
        hold: Hold,
        now: datetime,
        minutes: int,
        session: AsyncClientSession | None = None,
    ) -> dict[str, Any] | None:
        """The first waiting entry of the hold's session, now offered the held place."""
        return await self.col.find_one_and_update(
            {"schedule_id": hold.schedule_id, "status": "waiting"},
            {
                "$set": {
                    "status": "offered",
                    "offered_at": now,
                    "hold": hold.to_doc(),
                    "offer_expires_at": now + timedelta(minutes=minutes),
                }
            },
            sort=[("created_at", 1), ("_id", 1)],
            return_document=ReturnDocument.AFTER,
            session=session,
        )

    async def live_offer(self, openid: str, now: datetime) -> dict[str, Any] | None:
        """The account's offer still inside its window (None: no offer)."""
        return await self.col.find_one(
            {"openid": openid, "status": "offered", "offer_expires_at": {"$gt": now}}
        )

    async def settle(
        self,
        entry_id: str,
        status: str,
        session: AsyncClientSession,
        appointment_id: str = "",
    ) -> bool:
        """An offer accepted (`booked`) or refused (`failed`), once: False when it was
        already settled (expired, declined) meanwhile."""
        fields: dict[str, Any] = {"status": status, "open": False}
        if appointment_id:
            fields["appointment_id"] = appointment_id
        done = await self.col.update_one(
            {"_id": entry_id, "status": "offered"}, {"$set": fields}, session=session
        )
        return bool(done.modified_count)

    async def has_offer(self, openid: str, now: datetime) -> bool:
        return bool(
            await self.col.count_documents(
                {"openid": openid, "status": "offered", "offer_expires_at": {"$gt": now}}
            )
        )

    async def decline(
        self, openid: str, now: datetime, session: AsyncClientSession | None = None
    ) -> dict[str, Any] | None:
        return await self.col.find_one_and_update(
            {"openid": openid, "status": "offered", "offer_expires_at": {"$gt": now}},
            {"$set": {"status": "declined", "open": False}},
            return_document=ReturnDocument.AFTER,
            session=session,
        )

    async def close(
        self,
        entry_id: str,
        status: str,
        session: AsyncClientSession | None = None,
        **fields: Any,
    ) -> None:
        await self.col.update_one(
            {"_id": entry_id},
            {"$set": {"status": status, "open": False, **fields}},
            session=session,
        )

    async def expire_next(
        self, now: datetime, session: AsyncClientSession | None = None
    ) -> dict[str, Any] | None:
        """One offer past its window, now expired (None: none left)."""
        return await self.col.find_one_and_update(
            {"status": "offered", "offer_expires_at": {"$lte": now}},
            {"$set": {"status": "expired", "open": False}},
            return_document=ReturnDocument.AFTER,
            session=session,
        )

    async def cancel_for_schedule(
        self, schedule_id: str, session: AsyncClientSession | None = None
    ) -> list[dict[str, Any]]:
        """停诊: nobody waits for a stopped session any more; returns the entries whose
        offer held a place (it is not given back: the session is stopped)."""
        entries = await self.col.find(
            {"schedule_id": schedule_id, "open": True}, session=session
        ).to_list(None)
        if entries:
            await self.col.update_many(
                {"schedule_id": schedule_id, "open": True},
                {"$set": {"status": "cancelled", "open": False}},
                session=session,
            )
        return entries

    async def held_places(
        self, schedule_ids: list[str], session: AsyncClientSession | None = None
    ) -> dict[str, dict[str, int]]:
        """Places held for waitlist offers: schedule id → band start → count."""
        held: dict[str, dict[str, int]] = {}
        async for e in self.col.find(
            {"schedule_id": {"$in": schedule_ids}, "status": "offered"},
            {"schedule_id": 1, "hold": 1},
            session=session,
        ):
            band = held.setdefault(e["schedule_id"], {})
            start = e["hold"]["band_start"]
            band[start] = band.get(start, 0) + 1
        return held

    async def leave(self, openid: str) -> int:
        res = await self.col.update_many(
            {"openid": openid, "status": "waiting"}, {"$set": {"status": "left", "open": False}}
        )
        return res.modified_count

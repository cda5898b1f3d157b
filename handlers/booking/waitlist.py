"""Waitlist (候补): patients waiting for a full session get released places in order.

A released place is not put back into the pool while someone waits: it stays held and
is offered to the first waiting patient, who has `waitlist_offer_minutes` to accept
("接受候补"). On timeout the scheduler passes the same held place to the next one; when
nobody is left it goes back to the pool.

Joining and accepting follow the booking rules (ban, cards, limits, account cap): join
through `BookingService.join_waitlist`, accept books through `BookingService.book_held`,
both of which run `BookingService.check_standing`; this module only keeps the queue.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from pymongo import ASCENDING, IndexModel, ReturnDocument
from pymongo.errors import DuplicateKeyError

from bot.storage import Repository
from handlers.his import HISError, Hold

if TYPE_CHECKING:
    from bot.services import Services
    from handlers.booking import PatientRef
    from handlers.his import Schedule

log = logging.getLogger(__name__)


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


def _col(services: Services) -> Any:
    return services.storage.repo(WaitlistRepo).col


async def join(services: Services, p: PatientRef, s: Schedule) -> tuple[dict[str, Any], int]:
    """Add the patient to a session's waitlist; returns (entry, position). The rules are
    checked by the caller (`BookingService.join_waitlist`)."""
    col = _col(services)
    now = services.clock.now()
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
        await col.insert_one(entry)
    except DuplicateKeyError:
        found = await col.find_one({"schedule_id": s.id, "id_hash": p.id_hash, "open": True})
        if found is None:
            raise HISError("waitlist_retry") from None
        entry = found
    ahead = await col.count_documents(
        {"schedule_id": s.id, "status": "waiting", "created_at": {"$lt": entry["created_at"]}}
    )
    return entry, ahead + 1


async def offer_next(services: Services, hold: Hold) -> bool:
    """Offer a held place to the first waiting patient. False: nobody waits."""
    from handlers.booking import booking_service
    from handlers.schedules import rules_for

    col = _col(services)
    now = services.clock.now()
    minutes = rules_for(services).waitlist_offer_minutes
    entry = await col.find_one_and_update(
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
    )
    if entry is None:
        return False
    svc = booking_service(services)
    s = await svc.his.schedule(hold.schedule_id)
    await svc.notify(
        entry["openid"],
        f"offer:{entry['_id']}",
        "booking/waitlist_offer.j2",
        entry=entry,
        schedule=s,
        dept=svc.dept_name(entry["department"]),
        minutes=minutes,
        expires=entry["offer_expires_at"].astimezone(svc.rules.tz),
    )
    log.info("waitlist.offered", extra={"entry_id": entry["_id"], "schedule_id": hold.schedule_id})
    return True


async def accept(services: Services, openid: str) -> dict[str, Any]:
    """The patient takes the offered place: book it with the held place, the patient read
    fresh and checked like any booking."""
    from handlers.booking import booking_service

    col = _col(services)
    now = services.clock.now()
    entry = await col.find_one_and_update(
        {"openid": openid, "status": "offered", "offer_expires_at": {"$gt": now}},
        {"$set": {"status": "accepting"}},
        return_document=ReturnDocument.AFTER,
    )
    if entry is None:
        raise HISError("no_offer")
    hold = Hold.from_doc(entry["hold"])
    svc = booking_service(services)
    try:
        appt = await svc.book_held(
            openid, entry["patient_id"], hold, idem_key=f"waitlist:{entry['_id']}"
        )
    except HISError:
        await col.update_one({"_id": entry["_id"]}, {"$set": {"status": "failed", "open": False}})
        if not await offer_next(services, hold):
            await svc.his.release(hold)
        raise
    await col.update_one(
        {"_id": entry["_id"]},
        {"$set": {"status": "booked", "open": False, "appointment_id": appt["_id"]}},
    )
    return appt


async def expire_offers(services: Services) -> int:
    """Offers past their window: pass the held place to the next patient (scheduler)."""
    from handlers.booking import booking_service

    col = _col(services)
    now = services.clock.now()
    n = 0
    while True:
        entry = await col.find_one_and_update(
            {"status": "offered", "offer_expires_at": {"$lte": now}},
            {"$set": {"status": "expired", "open": False}},
            return_document=ReturnDocument.AFTER,
        )
        if entry is None:
            return n
        n += 1
        hold = Hold.from_doc(entry["hold"])
        if not await offer_next(services, hold):
            await booking_service(services).his.release(hold)
        log.info("waitlist.offer_expired", extra={"entry_id": entry["_id"]})


async def cancel_for_schedule(services: Services, schedule_id: str) -> int:
    """停诊: nobody waits for a stopped session any more."""
    res = await _col(services).update_many(
        {"schedule_id": schedule_id, "open": True}, {"$set": {"status": "cancelled", "open": False}}
    )
    return res.modified_count


async def leave(services: Services, openid: str) -> int:
    res = await _col(services).update_many(
        {"openid": openid, "status": "waiting"}, {"$set": {"status": "left", "open": False}}
    )
    return res.modified_count

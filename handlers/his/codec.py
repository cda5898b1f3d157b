"""The one Schedule codec: MongoDB documents (LocalHIS) and JSON in conversation state.

`schedule_to_doc` gives the stored shape (bands keyed by start, datetimes as datetimes);
`schedule_to_json` the same with ISO strings, for Redis; `schedule_from_doc` reads both.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from handlers.his.models import Doctor, Schedule, TimeBand


def band_key(start: str) -> str:
    """ "08:30" -> "t0830": keys sort like times."""
    return "t" + start.replace(":", "")


def _dt(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def schedule_to_doc(s: Schedule) -> dict[str, Any]:
    return {
        "_id": s.id,
        "department": s.department,
        "doctor_id": s.doctor_id,
        "doctor_name": s.doctor_name,
        "doctor_title": s.doctor_title,
        "day": s.day.isoformat(),
        "session": s.session,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "fee_cents": s.fee_cents,
        "capacity": s.capacity,
        "remaining": s.remaining,
        "status": s.status,
        "bands": {
            band_key(b.start): {
                "start": b.start,
                "end": b.end,
                "capacity": b.capacity,
                "remaining": b.remaining,
            }
            for b in s.bands
        },
        "release_at": s.release_at,
        "room": s.room,
    }


def schedule_to_json(s: Schedule) -> dict[str, Any]:
    doc = schedule_to_doc(s)
    for key in ("starts_at", "ends_at", "release_at"):
        doc[key] = doc[key].isoformat() if doc[key] is not None else None
    return doc


def schedule_from_doc(doc: dict[str, Any]) -> Schedule:
    """A schedule from either shape; KeyError/TypeError/ValueError when malformed."""
    bands = tuple(
        TimeBand(
            start=str(b["start"]),
            end=str(b["end"]),
            capacity=int(b["capacity"]),
            remaining=int(b["remaining"]),
        )
        for b in sorted((doc.get("bands") or {}).values(), key=lambda b: str(b["start"]))
    )
    release = doc.get("release_at")
    return Schedule(
        id=str(doc["_id"]),
        department=str(doc["department"]),
        doctor_id=str(doc.get("doctor_id") or ""),
        doctor_name=str(doc.get("doctor_name") or ""),
        doctor_title=str(doc.get("doctor_title") or ""),
        day=date.fromisoformat(str(doc["day"])),
        session=str(doc["session"]),
        starts_at=_dt(doc["starts_at"]),
        ends_at=_dt(doc["ends_at"]),
        fee_cents=int(doc["fee_cents"]),
        capacity=int(doc["capacity"]),
        remaining=int(doc["remaining"]),
        status=str(doc.get("status") or "open"),
        bands=bands,
        release_at=_dt(release) if release else None,
        room=str(doc.get("room") or ""),
    )


def schedule_from_json(value: object) -> Schedule | None:
    """A schedule a conversation saved earlier; None if absent or unreadable."""
    if not isinstance(value, dict):
        return None
    try:
        return schedule_from_doc(value)
    except (KeyError, TypeError, ValueError):
        return None


def doctor_from_doc(doc: dict[str, Any]) -> Doctor:
    return Doctor(
        id=doc["_id"],
        name=doc["name"],
        department=doc["department"],
        title=doc.get("title", ""),
        specialties=doc.get("specialties", ""),
        introduction=doc.get("introduction", ""),
    )

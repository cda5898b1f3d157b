"""Broadcast audience `appointments`: accounts with active appointments in a
department / with a doctor / in a date range ("明天上午儿科门诊调整到2楼").

Implements `push.broadcast.Audience`; the composition root registers it, so push never
imports booking. Params (all optional, at least one): `department` (code),
`doctor_id`, `day_from` / `day_to` (YYYY-MM-DD, inclusive), `session` (上午 ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from handlers.booking.repo import AppointmentRepo
from push.broadcast import AudienceError

PARAMS = ("department", "doctor_id", "day_from", "day_to", "session")


class AppointmentAudience:
    def __init__(self, appointments: AppointmentRepo) -> None:
        self.appointments = appointments

    def _match(self, params: Mapping[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(params) - set(PARAMS))
        if unknown:
            raise AudienceError(f"audience appointments: unknown parameter {unknown[0]!r}")
        if not any(params.get(k) for k in PARAMS):
            raise AudienceError(
                "audience appointments: give a department, a doctor or a date range"
            )
        match: dict[str, Any] = {"active": True}
        for key in ("department", "doctor_id", "session"):
            if params.get(key):
                match[key] = str(params[key])
        days: dict[str, str] = {}
        try:
            if params.get("day_from"):
                days["$gte"] = date.fromisoformat(str(params["day_from"])).isoformat()
            if params.get("day_to"):
                last = date.fromisoformat(str(params["day_to"]))
                days["$lt"] = (last + timedelta(days=1)).isoformat()
        except ValueError as exc:
            raise AudienceError("audience appointments: dates are YYYY-MM-DD") from exc
        if days:
            match["day"] = days
        return match

    async def page(self, params: Mapping[str, Any], after: str, limit: int) -> list[str]:
        match = {**self._match(params), "openid": {"$gt": after}}
        pipeline = [
            {"$match": match},
            {"$group": {"_id": "$openid"}},
            {"$sort": {"_id": 1}},
            {"$limit": limit},
        ]
        cursor = await self.appointments.col.aggregate(pipeline)
        return [d["_id"] async for d in cursor]

    async def count(self, params: Mapping[str, Any]) -> int:
        pipeline = [
            {"$match": self._match(params)},
            {"$group": {"_id": "$openid"}},
            {"$count": "n"},
        ]
        docs = await (await self.appointments.col.aggregate(pipeline)).to_list(1)
        return int(docs[0]["n"]) if docs else 0

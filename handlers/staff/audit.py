"""The audit log of staff actions (`staff_audit`, this module is its only owner).

One entry per action: who (username and role), when, what (`action`, e.g.
`broadcast.approve`), on what (`target`: a broadcast id, an event id; patients appear
only masked), and the outcome (`ok`, `refused` with the reason, `failed`). Entries are
never changed or deleted by the application. Admins read them in the console.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pymongo import ASCENDING, DESCENDING, IndexModel

from bot.storage import Repository

OUTCOMES = ("ok", "refused", "failed")
PAGE = 50


class AuditRepo(Repository):
    collection = "staff_audit"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("at", DESCENDING)], name="recent"),
        IndexModel([("staff", ASCENDING), ("at", DESCENDING)], name="by_staff"),
        IndexModel([("action", ASCENDING), ("at", DESCENDING)], name="by_action"),
    ]

    async def record(
        self,
        *,
        staff: str,
        role: str,
        action: str,
        target: str,
        outcome: str,
        at: datetime,
        reason: str = "",
        ip: str = "",
    ) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"audit outcome {outcome!r}")
        await self.col.insert_one(  # type: ignore[union-attr]
            {
                "at": at,
                "staff": staff,
                "role": role,
                "action": action,
                "target": target[:120],
                "outcome": outcome,
                "reason": reason[:200],
                "ip": ip,
            }
        )

    async def page(
        self,
        *,
        staff: str = "",
        action: str = "",
        before: datetime | None = None,
        limit: int = PAGE,
    ) -> list[dict[str, Any]]:
        """Newest first; the next page starts `before` the last entry's time."""
        query: dict[str, Any] = {}
        if staff:
            query["staff"] = staff
        if action:
            query["action"] = action
        if before is not None:
            query["at"] = {"$lt": before}
        cursor = self.col.find(query).sort([("at", DESCENDING), ("_id", DESCENDING)])  # type: ignore[union-attr]
        cursor = cursor.limit(limit)
        return await cursor.to_list(limit)

    async def actions(self) -> list[str]:
        return sorted(await self.col.distinct("action"))  # type: ignore[union-attr]

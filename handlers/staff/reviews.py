"""Reviews: red-flag events from triage and payment incidents, each looked at by staff
and closed with a note.

Red-flag events are for every staff member (an emergency answer knows no department);
payment incidents for admins (money, refunds, reconciliation). Patients appear only
masked: the account (openid) and the names and cards of its patients.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bson import ObjectId
from bson.errors import InvalidId

from bot.clock import Clock
from handlers.patients.repo import PatientRepo
from handlers.payments.repo import IncidentRepo
from handlers.staff.models import Staff, StaffError
from handlers.staff.rules import mask_card, mask_name, mask_openid
from handlers.triage import RedFlagEventRepo

NOTE_MAX = 500


@dataclass(frozen=True)
class Masked:
    """A WeChat account as a staff screen shows it."""

    account: str  # masked openid
    patients: tuple[str, ...]  # "张* A0**1"


def _note(text: str) -> str:
    note = (text or "").strip()
    if len(note) > NOTE_MAX:
        raise StaffError("note", max=NOTE_MAX)
    return note


class Reviews:
    def __init__(
        self,
        red_flags: RedFlagEventRepo,
        incidents: IncidentRepo,
        patients: PatientRepo,
        clock: Clock,
        category_names: Mapping[str, str],
    ) -> None:
        self.red_flags_repo, self.incidents_repo = red_flags, incidents
        self.patients, self.clock = patients, clock
        self.category_names = dict(category_names)  # red-flag category id → 心源性胸痛 ...

    async def masked(self, openids: list[str]) -> dict[str, Masked]:
        found: dict[str, list[str]] = {o: [] for o in openids}
        for doc in await self.patients.of_accounts(openids):
            label = mask_name(str(doc.get("name") or ""))
            if doc.get("card_no"):
                label += " " + mask_card(str(doc["card_no"]))
            found.setdefault(doc["openid"], []).append(label)
        return {o: Masked(mask_openid(o), tuple(found[o])) for o in found}

    # --- red flags ---------------------------------------------------------------------
    async def red_flags(
        self, *, pending_only: bool, before: datetime | None = None
    ) -> list[dict[str, Any]]:
        events = await self.red_flags_repo.page(pending_only=pending_only, before=before)
        who = await self.masked(sorted({e["openid"] for e in events}))
        return [
            {
                "id": str(e["_id"]),
                "at": e["at"],
                "acuity": e.get("acuity", ""),
                "categories": [self.category_names.get(c, c) for c in e.get("categories") or []],
                "evidence": e.get("evidence") or [],
                "who": who[e["openid"]],
                "review": e.get("review"),
            }
            for e in events
        ]

    async def pending_red_flags(self) -> int:
        return await self.red_flags_repo.pending()

    async def review_red_flag(self, staff: Staff, event_id: str, note: str) -> None:
        try:
            oid = ObjectId(event_id)
        except (InvalidId, TypeError):
            raise StaffError("not_found") from None
        if not await self.red_flags_repo.review(oid, staff.username, _note(note), self.clock.now()):
            raise StaffError("already_reviewed")

    # --- payment incidents ----------------------------------------------------------------
    async def incidents(self, staff: Staff, status: str = "open") -> list[dict[str, Any]]:
        if not staff.is_admin:
            raise StaffError("admins_only")
        if status not in ("open", "resolved"):
            status = "open"
        return await self.incidents_repo.of_status(status)

    async def resolve_incident(self, staff: Staff, key: str, note: str) -> None:
        if not staff.is_admin:
            raise StaffError("admins_only")
        note = _note(note)
        if not note:
            raise StaffError("note_needed")
        if not await self.incidents_repo.resolve(key, staff.username, note, self.clock.now()):
            raise StaffError("already_resolved")

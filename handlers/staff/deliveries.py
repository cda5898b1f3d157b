"""Deliveries for staff: what was sent to a patient (found by card number, name or
openid; shown masked), the dead letters (deliveries that failed for good), and a retry
that re-queues one through the job system.

A nurse sees the dead letters of the broadcasts she may manage (`BroadcastDesk`); an
admin sees all of them, notices included. The search query itself is never logged and
never shown back in full: the audit entry and the page name it masked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.clock import Clock
from handlers.patients.repo import PatientRepo
from handlers.staff.broadcasts import BroadcastDesk, BroadcastRequests
from handlers.staff.engine import RETRY_SUFFIX
from handlers.staff.models import Staff, StaffError
from handlers.staff.rules import mask_card, mask_name, mask_openid

SEARCH_BY = ("card", "name", "openid")
ROWS = 100
DEAD_LETTER_DAYS = 30
_OPENID = re.compile(r"[A-Za-z0-9_-]{6,64}")
_CARD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,31}")


class DeliveryJobs(Protocol):
    """What staff work needs from the job system about deliveries (`handlers.staff.engine`)."""

    async def deliveries_of(self, openids: list[str], limit: int) -> list[dict[str, Any]]: ...

    async def dead_letters(
        self, jobs: list[str] | None, since: datetime, limit: int
    ) -> list[dict[str, Any]]: ...

    async def delivery(self, delivery_id: str) -> dict[str, Any] | None: ...

    async def retry(self, delivery_id: str, by: str) -> str | None: ...


@dataclass(frozen=True)
class Search:
    by: str
    shown: str  # the query, masked
    accounts: list[dict[str, Any]]  # {account, patients}
    rows: list[dict[str, Any]]


class DeliveryDesk:
    def __init__(
        self,
        jobs: DeliveryJobs,
        patients: PatientRepo,
        broadcasts: BroadcastDesk,
        requests: BroadcastRequests,
        clock: Clock,
    ) -> None:
        self.jobs, self.patients, self.broadcasts = jobs, patients, broadcasts
        self.requests, self.clock = requests, clock

    @staticmethod
    def masked_query(by: str, query: str) -> str:
        if by == "card":
            return mask_card(query)
        if by == "name":
            return mask_name(query)
        return mask_openid(query)

    async def search(self, staff: Staff, by: str, query: str) -> Search:
        query = (query or "").strip()
        if by not in SEARCH_BY or not query or len(query) > 64:
            raise StaffError("query")
        if by == "openid":
            if not _OPENID.fullmatch(query):
                raise StaffError("query")
            openids = [query]
            docs = await self.patients.of_accounts(openids)
        else:
            if by == "card" and not _CARD.fullmatch(query):
                raise StaffError("query")
            docs = await self.patients.find_for_staff(
                card_no=query if by == "card" else "", name=query if by == "name" else ""
            )
            openids = sorted({d["openid"] for d in docs})
            docs = await self.patients.of_accounts(openids)
        rows = await self._rows(await self.jobs.deliveries_of(openids, ROWS))
        accounts: dict[str, list[str]] = {o: [] for o in openids}
        for d in docs:
            label = mask_name(str(d.get("name") or ""))
            if d.get("card_no"):
                label += " " + mask_card(str(d["card_no"]))
            accounts.setdefault(d["openid"], []).append(label)
        return Search(
            by=by,
            shown=self.masked_query(by, query),
            accounts=[{"account": mask_openid(o), "patients": p} for o, p in accounts.items()],
            rows=rows,
        )

    async def dead_letters(self, staff: Staff) -> list[dict[str, Any]]:
        since = self.clock.now() - timedelta(days=DEAD_LETTER_DAYS)
        jobs = await self.broadcasts.managed_ids(staff, since)
        return await self._rows(await self.jobs.dead_letters(jobs, since, ROWS))

    async def retry(self, staff: Staff, delivery_id: str) -> str:
        """Re-queue one dead letter (once); the new job's key."""
        doc = await self.jobs.delivery(delivery_id)
        if doc is None:
            raise StaffError("not_found")
        if not staff.is_admin:
            request = await self.requests.get(str(doc["job"]))
            if request is None or not self.broadcasts.visible(staff, request):
                raise StaffError("outside_scope")
        if doc["status"] != "failed" or doc.get("retried"):
            raise StaffError("retry_state")
        key = await self.jobs.retry(delivery_id, staff.username)
        if key is None:
            raise StaffError("retry_unknown")
        return key

    async def _rows(self, docs: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        titles = await self.requests.titles(sorted({_broadcast_of(x) for x in docs}))
        return [
            {
                "id": str(d["_id"]),
                "at": d.get("updated_at") or d.get("created_at"),
                "what": titles.get(_broadcast_of(d), ""),
                "job": _broadcast_of(d),
                "account": mask_openid(str(d["openid"])),
                "channel": str(d.get("channel") or ""),
                "status": str(d.get("status") or ""),
                "reason": str(d.get("reason") or d.get("errmsg") or ""),
                "errcode": d.get("errcode"),
                "retried": d.get("retried"),
            }
            for d in docs
        ]


def _broadcast_of(delivery: Mapping[str, Any]) -> str:
    """The job a delivery belongs to, a staff retry's (`<job>~retry~<openid>`) included."""
    return str(delivery["job"]).split(RETRY_SUFFIX)[0]

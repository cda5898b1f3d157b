"""Broadcasts from the console: compose, pick the audience, check who may send it, count,
preview, send (or wait for a second staff member's approval), then pause, resume,
cancel and watch the progress.

The job system does the sending (`push.broadcast`: one stored job with its audience,
expanded in batches); this module reaches it only through `BroadcastJobs`, which
`handlers.staff.engine` implements over it. What is ours is kept in
`staff_broadcasts` (this module owns it): the audience as staff picked it, its scope,
the recipient count, the card-list report, the author, and the approval.

Who may do what is decided here, on the server, from the audience itself
(`rules.scope_of`): a form that names another department, a doctor of another
department, another ward or everyone is refused for a nurse whatever her page showed.
A nurse's card list keeps only patients seen in her departments (appointments since
`CARD_LOOKBACK_DAYS` ago) or in her wards now; the others are reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar, Protocol

from pymongo import ASCENDING, DESCENDING, IndexModel

from bot.clock import Clock
from bot.render import Texts
from bot.storage import Repository
from handlers.booking.repo import AppointmentRepo
from handlers.his.adapter import HIS
from handlers.patients.repo import PatientRepo
from handlers.staff import rules as R
from handlers.staff.models import AudienceChoice, CardReport, Scope, Staff, StaffError

CARD_LOOKBACK_DAYS = 90
REPORT_MAX = 200  # unknown / invalid / outside cards kept for the page
RECENT = 50

# What the page shows of an audience ("" where it does not apply).
AUDIENCE_SHOWN = dict.fromkeys(("department_name", "doctor_name", "day_from", "day_to", "ward"), "")

# Our states (the engine's status is shown once it started).
DRAFT, AWAITING, STARTED, CANCELLED = "draft", "awaiting_approval", "started", "cancelled"


class BroadcastJobs(Protocol):
    """What staff work needs from the job system (`handlers.staff.engine`)."""

    async def size(self, kind: str, params: Mapping[str, Any]) -> int: ...

    async def store_list(self, openids: list[str]) -> str: ...

    async def create(
        self,
        *,
        title: str,
        body: str,
        url: str,
        text: str,
        kind: str,
        params: Mapping[str, Any],
        author: str,
    ) -> str: ...

    async def start(self, broadcast_id: str) -> bool: ...

    async def pause(self, broadcast_id: str) -> bool: ...

    async def resume(self, broadcast_id: str) -> bool: ...

    async def cancel(self, broadcast_id: str) -> bool: ...

    async def progress(self, broadcast_id: str) -> dict[str, Any] | None: ...

    def preview(self, title: str, body: str, url: str) -> dict[str, Any]: ...


class BroadcastRequests(Repository):
    collection = "staff_broadcasts"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("created_at", DESCENDING)], name="recent"),
        IndexModel([("state", ASCENDING), ("created_at", DESCENDING)], name="by_state"),
    ]

    async def insert(self, doc: dict[str, Any]) -> None:
        await self.col.insert_one(doc)  # type: ignore[union-attr]

    async def get(self, broadcast_id: str) -> dict[str, Any] | None:
        return await self.col.find_one({"_id": broadcast_id})  # type: ignore[union-attr]

    async def titles(self, ids: list[str]) -> dict[str, str]:
        cursor = self.col.find({"_id": {"$in": ids}}, {"title": 1})  # type: ignore[union-attr]
        return {d["_id"]: d["title"] async for d in cursor}

    async def recent(self, limit: int = RECENT) -> list[dict[str, Any]]:
        cursor = self.col.find({}).sort("created_at", DESCENDING).limit(limit)  # type: ignore[union-attr]
        return await cursor.to_list(limit)

    async def move(
        self, broadcast_id: str, before: tuple[str, ...], after: str, **fields: Any
    ) -> bool:
        """One conditional update: two approvers racing start it once."""
        done = await self.col.update_one(  # type: ignore[union-attr]
            {"_id": broadcast_id, "state": {"$in": list(before)}},
            {"$set": {"state": after, **fields}},
        )
        return bool(done.modified_count)


@dataclass(frozen=True)
class Options:
    """What the compose form offers this staff member (the server checks again)."""

    departments: list[tuple[str, str]]  # (code, name)
    doctors: list[tuple[str, str, str]]  # (id, name, department name)
    wards: list[str]
    everyone: bool  # all followers, or a date range across departments


class BroadcastDesk:
    def __init__(
        self,
        requests: BroadcastRequests,
        jobs: BroadcastJobs,
        patients: PatientRepo,
        appointments: AppointmentRepo,
        his: HIS,
        texts: Texts,
        rules: R.ConsoleRules,
        clock: Clock,
        department_names: Mapping[str, str],
    ) -> None:
        self.requests, self.jobs, self.patients = requests, jobs, patients
        self.appointments, self.his, self.texts = appointments, his, texts
        self.rules, self.clock = rules, clock
        self.department_names = dict(department_names)

    # --- composing -----------------------------------------------------------------------
    async def options(self, staff: Staff) -> Options:
        codes = list(self.department_names) if staff.is_admin else list(staff.departments)
        doctors = []
        for code in codes:
            for d in await self.his.doctors(code):
                doctors.append((d.id, d.name, self.department_names.get(code, code)))
        wards = await self.his.wards() if staff.is_admin else list(staff.wards)
        return Options(
            departments=[(c, self.department_names.get(c, c)) for c in codes],
            doctors=doctors,
            wards=wards,
            everyone=staff.is_admin,
        )

    async def compose(self, staff: Staff, form: Mapping[str, str], cards_text: str = "") -> str:
        """Validate, check the scope, count, and store a draft (nothing is sent yet)."""
        draft = R.parse_draft(form)
        report: CardReport | None = None
        if str(form.get("audience") or "") == "cards":
            cards, invalid, duplicates = R.parse_cards(cards_text, self.rules.max_cards)
            choice = R.parse_audience(form, tuple(cards))
            report, scope = await self._resolve_cards(staff, cards, invalid, duplicates)
            if not report.openids:
                raise StaffError("empty_audience", **_report_details(report))
            kind, params = "list", {"list": await self.jobs.store_list(list(report.openids))}
        else:
            choice = R.parse_audience(form)
            scope, labels = await self._scope(choice)
            kind, params = _engine_audience(choice)
        if not R.may_act(staff, scope):
            raise StaffError("outside_scope")
        count = len(report.openids) if report else await self.jobs.size(kind, params)
        if count == 0:
            raise StaffError("empty_audience")
        text = self.texts.render(
            "staff/broadcast.j2", title=draft.title, body=draft.body, url=draft.url
        )
        broadcast_id = await self.jobs.create(
            title=draft.title,
            body=draft.body,
            url=draft.url,
            text=text,
            kind=kind,
            params=params,
            author=staff.username,
        )
        audience = choice.to_doc()
        if report is None:
            audience.update(labels)
        await self.requests.insert(
            {
                "_id": broadcast_id,
                "title": draft.title,
                "body": draft.body,
                "url": draft.url,
                "text": text,
                "audience": audience,
                "scope": scope.to_doc(),
                "count": count,
                "cards": _report_doc(report) if report else None,
                "author": staff.username,
                "author_name": staff.name,
                "state": DRAFT,
                "created_at": self.clock.now(),
            }
        )
        return broadcast_id

    async def _scope(self, choice: AudienceChoice) -> tuple[Scope, dict[str, str]]:
        """The scope of a department / doctor / ward / everyone audience, and the names
        the page shows for it. An unknown department or doctor is refused."""
        labels: dict[str, str] = {}
        doctor_department = ""
        if choice.department:
            if choice.department not in self.department_names:
                raise StaffError("department")
            labels["department_name"] = self.department_names[choice.department]
        if choice.doctor_id:
            doctor = await self.his.doctor(choice.doctor_id)
            if doctor is None:
                raise StaffError("doctor")
            doctor_department = doctor.department
            labels["doctor_name"] = doctor.name
        return R.scope_of(choice, doctor_department), labels

    async def _resolve_cards(
        self, staff: Staff, cards: list[str], invalid: list[str], duplicates: int
    ) -> tuple[CardReport, Scope]:
        docs = await self.patients.by_cards(cards)
        by_card: dict[str, list[dict[str, Any]]] = {}
        for doc in docs:
            by_card.setdefault(str(doc["card_no"]).upper(), []).append(doc)
        unknown = [c for c in cards if c.upper() not in by_card]
        found = [c for c in cards if c.upper() in by_card]
        if staff.is_admin:
            kept, outside, scope = found, [], Scope(everyone=True)
        else:
            since = (self.clock.now().date() - timedelta(days=CARD_LOOKBACK_DAYS)).isoformat()
            hashes = sorted({str(d["id_hash"]) for d in docs if d.get("id_hash")})
            seen = await self.appointments.departments_of(hashes, list(staff.departments), since)
            in_ward: dict[str, str] = {}
            for ward in staff.wards:
                for stay in await self.his.inpatients(ward):
                    in_ward[stay.card_no.upper()] = ward
            kept, outside, departments, wards = [], [], set(), set()
            for card in found:
                depts = {d for doc in by_card[card.upper()] for d in seen.get(doc["id_hash"], ())}
                ward = in_ward.get(card.upper(), "")
                if depts or ward:
                    kept.append(card)
                    departments |= depts
                    if ward:
                        wards.add(ward)
                else:
                    outside.append(card)
            scope = Scope(departments=frozenset(departments), wards=frozenset(wards))
        openids = sorted({doc["openid"] for c in kept for doc in by_card[c.upper()]})
        report = CardReport(
            found=len(kept),
            openids=tuple(openids),
            invalid=tuple(invalid),
            unknown=tuple(unknown),
            outside=tuple(outside),
            duplicates=duplicates,
        )
        return report, scope

    # --- the lifecycle -------------------------------------------------------------------
    async def _get(self, staff: Staff, broadcast_id: str) -> dict[str, Any]:
        doc = await self.requests.get(broadcast_id) if len(broadcast_id) <= 64 else None
        if doc is None or not self.visible(staff, doc):
            raise StaffError("not_found")
        return doc

    @staticmethod
    def visible(staff: Staff, doc: Mapping[str, Any]) -> bool:
        return doc["author"] == staff.username or R.may_act(staff, Scope.from_doc(doc["scope"]))

    def _may_run(self, staff: Staff, doc: Mapping[str, Any]) -> None:
        """Pause, resume, cancel: the author, or anyone who could have sent it."""
        if doc["author"] != staff.username and not R.may_act(staff, Scope.from_doc(doc["scope"])):
            raise StaffError("outside_scope")

    async def send(self, staff: Staff, broadcast_id: str) -> str:
        """The author's 发送: starts it, or (above the threshold) asks for approval.
        Returns the new state."""
        doc = await self._get(staff, broadcast_id)
        if doc["author"] != staff.username:
            raise StaffError("state")  # others approve (or cancel); only the author sends
        if not R.may_act(staff, Scope.from_doc(doc["scope"])):
            raise StaffError("outside_scope")  # her departments changed since
        if R.needs_approval(int(doc["count"]), self.rules):
            now = self.clock.now()
            if not await self.requests.move(broadcast_id, (DRAFT,), AWAITING, submitted_at=now):
                raise StaffError("state")
            return AWAITING
        await self._start(staff, broadcast_id, (DRAFT,))
        return STARTED

    async def approve(self, staff: Staff, broadcast_id: str) -> None:
        doc = await self._get(staff, broadcast_id)
        if doc["author"] == staff.username:
            raise StaffError("own_broadcast")
        if not R.may_approve(staff, doc["author"], Scope.from_doc(doc["scope"])):
            raise StaffError("outside_scope")
        await self._start(staff, broadcast_id, (AWAITING,), approved_by=staff.username)

    async def _start(
        self, staff: Staff, broadcast_id: str, before: tuple[str, ...], **fields: Any
    ) -> None:
        now = self.clock.now()
        extra = {"approved_at": now, **fields} if fields else {}
        if not await self.requests.move(
            broadcast_id, before, STARTED, started_at=now, started_by=staff.username, **extra
        ):
            raise StaffError("state")
        await self.jobs.start(broadcast_id)

    async def pause(self, staff: Staff, broadcast_id: str) -> None:
        doc = await self._get(staff, broadcast_id)
        self._may_run(staff, doc)
        if not await self.jobs.pause(broadcast_id):
            raise StaffError("state")

    async def resume(self, staff: Staff, broadcast_id: str) -> None:
        doc = await self._get(staff, broadcast_id)
        self._may_run(staff, doc)
        if not await self.jobs.resume(broadcast_id):
            raise StaffError("state")

    async def cancel(self, staff: Staff, broadcast_id: str) -> None:
        """Before it starts (a draft, or one waiting for approval) or while it runs."""
        doc = await self._get(staff, broadcast_id)
        self._may_run(staff, doc)
        now = self.clock.now()
        if doc["state"] in (DRAFT, AWAITING):
            if not await self.requests.move(
                broadcast_id, (DRAFT, AWAITING), CANCELLED, cancelled_at=now
            ):
                raise StaffError("state")
            await self.jobs.cancel(broadcast_id)
            return
        if not await self.jobs.cancel(broadcast_id):
            raise StaffError("state")

    # --- reading -------------------------------------------------------------------------
    async def view(self, staff: Staff, broadcast_id: str) -> dict[str, Any]:
        doc = await self._get(staff, broadcast_id)
        progress = await self.jobs.progress(broadcast_id) if doc["state"] == STARTED else None
        scope = Scope.from_doc(doc["scope"])
        author = doc["author"] == staff.username
        return {
            **doc,
            "id": doc["_id"],
            "audience": {**AUDIENCE_SHOWN, **doc["audience"]},
            "approved_by": doc.get("approved_by", ""),
            "progress": progress,
            "status": _status(doc, progress),
            "preview": self.jobs.preview(doc["title"], doc["body"], doc["url"]),
            "needs_approval": R.needs_approval(int(doc["count"]), self.rules),
            "threshold": self.rules.approval_threshold,
            "may_send": author and doc["state"] == DRAFT,
            "may_approve": doc["state"] == AWAITING and R.may_approve(staff, doc["author"], scope),
            "may_run": author or R.may_act(staff, scope),
        }

    async def progress(self, staff: Staff, broadcast_id: str) -> dict[str, Any]:
        doc = await self._get(staff, broadcast_id)
        progress = await self.jobs.progress(broadcast_id) if doc["state"] == STARTED else None
        return {"status": _status(doc, progress), "count": doc["count"], **(progress or {})}

    async def recent(self, staff: Staff) -> list[dict[str, Any]]:
        found = []
        for doc in await self.requests.recent():
            if self.visible(staff, doc):
                progress = await self.jobs.progress(doc["_id"]) if doc["state"] == STARTED else None
                found.append({**doc, "id": doc["_id"], "status": _status(doc, progress)})
        return found

    async def managed_ids(self, staff: Staff, since: datetime) -> list[str] | None:
        """The broadcasts whose deliveries this staff member may see and retry (None:
        everything, for admins)."""
        if staff.is_admin:
            return None
        return [
            d["_id"]
            for d in await self.requests.recent(1000)
            if d["created_at"] >= since and self.visible(staff, d)
        ]


def _status(doc: Mapping[str, Any], progress: Mapping[str, Any] | None) -> str:
    """One status for the page: ours before it starts, the engine's after."""
    if doc["state"] != STARTED:
        return str(doc["state"])
    return str((progress or {}).get("status") or "running")


def _engine_audience(choice: AudienceChoice) -> tuple[str, dict[str, Any]]:
    if choice.kind == "followers":
        return "followers", {}
    if choice.kind == "ward":
        return "ward", {"ward": choice.ward}
    params: dict[str, Any] = {}
    if choice.department:
        params["department"] = choice.department
    if choice.doctor_id:
        params["doctor_id"] = choice.doctor_id
    if choice.day_from:
        params["day_from"] = choice.day_from.isoformat()
    if choice.day_to:
        params["day_to"] = choice.day_to.isoformat()
    return "appointments", params


def _report_doc(report: CardReport) -> dict[str, Any]:
    return {
        "found": report.found,
        "invalid": list(report.invalid[:REPORT_MAX]),
        "invalid_count": len(report.invalid),
        "unknown": list(report.unknown[:REPORT_MAX]),
        "unknown_count": len(report.unknown),
        "outside": list(report.outside[:REPORT_MAX]),
        "outside_count": len(report.outside),
        "duplicates": report.duplicates,
    }


def _report_details(report: CardReport) -> dict[str, Any]:
    return {"report": _report_doc(report)}

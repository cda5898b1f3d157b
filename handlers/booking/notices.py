"""The notices booking owes a patient, written into the transactional outbox.

Each is rendered from its jinja2 template and added with `OutboxRepo.add(...,
session=)` inside the transaction of the change that owes it (a 停诊, a waitlist offer,
an expired hold), so the change and its notice commit together or not at all. The key
makes it one notice per appointment (or offer) ever: `stop:<id>`, `offer:<entry id>`,
`expired:<id>`. The reconciler (`reconcile.py`) re-creates a missing one with the same
key, so it can never be sent twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession

from bot.clock import Clock
from bot.render import Texts
from handlers.booking.models import Appointment
from handlers.his.models import Schedule
from push.outbox import Notice, OutboxRepo


def _when(a: Appointment) -> str:
    return f"{a.day.isoformat()} {a.session} {a.band_start}".strip()


class BookingNotices:
    def __init__(
        self, outbox: OutboxRepo, texts: Texts, clock: Clock, dept_name: Callable[[str], str]
    ) -> None:
        self.outbox, self.texts, self.clock, self.dept_name = outbox, texts, clock, dept_name

    def _render(self, template: str, **values: Any) -> str:
        return self.texts.render(template, today=self.clock.now().date(), **values)

    def stopped(self, appt: Appointment, reason: str) -> Notice:
        dept = self.dept_name(appt.department)
        path = f"/h5/booking/dept/{appt.department}"
        reason = self.texts.render("booking/stop_reason.j2", reason=reason)  # default if none
        return Notice(
            key=f"stop:{appt.id}",
            openid=appt.openid,
            type="booking_stopped",
            text=self._render(
                "booking/stopped.j2", appt=appt, reason=reason, dept=dept, rebook_path=path
            ),
            data={
                "patient": appt.patient_name,
                "dept": dept,
                "doctor": appt.doctor_name,
                "time": _when(appt),
                "reason": reason,
            },
            url=self.texts.globals.get("base_url", "") + path,
        )

    def hold_expired(self, appt: Appointment) -> Notice:
        dept = self.dept_name(appt.department)
        path = f"/h5/booking/dept/{appt.department}"
        expired = (appt.hold_expires_at or self.clock.now()).astimezone(self.clock.tz)
        return Notice(
            key=f"expired:{appt.id}",
            openid=appt.openid,
            type="hold_expired",
            text=self._render(
                "booking/hold_expired.j2", appt=appt, dept=dept, rebook_path=path, expired=expired
            ),
            data={
                "patient": appt.patient_name,
                "dept": dept,
                "doctor": appt.doctor_name,
                "time": _when(appt),
            },
            url=self.texts.globals.get("base_url", "") + path,
        )

    def offer(
        self, entry: dict[str, Any], schedule: Schedule | None, minutes: int, expires: datetime
    ) -> Notice:
        """A waitlist offer: useless after its window, so it carries `not_after`."""
        dept = self.dept_name(entry["department"])
        local = expires.astimezone(self.clock.tz)
        return Notice(
            key=f"offer:{entry['_id']}",
            openid=entry["openid"],
            type="waitlist_offer",
            text=self._render(
                "booking/waitlist_offer.j2",
                entry=entry,
                schedule=schedule,
                dept=dept,
                minutes=minutes,
                expires=local,
            ),
            data={
                "patient": entry.get("patient_name", ""),
                "dept": dept,
                "doctor": schedule.doctor_name if schedule else "",
                "time": f"{schedule.day.isoformat()} {schedule.session}" if schedule else "",
                "expires": local.strftime("%H:%M"),
            },
            not_after=expires,
        )

    async def add(self, notice: Notice, session: AsyncClientSession | None) -> bool:
        return await self.outbox.add(notice, now=self.clock.now(), session=session)

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

    def _rebook(
        self, key: str, kind: str, appt: Appointment, template: str, **values: Any
    ) -> Notice:
        """A notice about an appointment that is gone, with the link to book again;
        `values` go to the template and, as strings, to the template message too."""
        dept = self.dept_name(appt.department)
        path = f"/h5/booking/dept/{appt.department}"
        return Notice(
            key=f"{key}:{appt.id}",
            openid=appt.openid,
            type=kind,
            text=self._render(template, appt=appt, dept=dept, rebook_path=path, **values),
            data={
                "patient": appt.patient_name,
                "dept": dept,
                "doctor": appt.doctor_name,
                "time": _when(appt),
                **{k: v for k, v in values.items() if isinstance(v, str)},
            },
            url=self.texts.globals.get("base_url", "") + path,
        )

    def stopped(self, appt: Appointment, reason: str) -> Notice:
        reason = self.texts.render("booking/stop_reason.j2", reason=reason)  # default if none
        return self._rebook("stop", "booking_stopped", appt, "booking/stopped.j2", reason=reason)

    def hold_expired(self, appt: Appointment) -> Notice:
        expired = (appt.hold_expires_at or self.clock.now()).astimezone(self.clock.tz)
        return self._rebook(
            "expired", "hold_expired", appt, "booking/hold_expired.j2", expired=expired
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

"""Reminders through the visit: what the hospital tells a patient before they ask.

Every reminder is a notice in the transactional outbox under a key that makes it one
per appointment (or report, prescription) ever, so however many workers and schedulers
run the timed jobs, and however often, each is owed once and delivered once:

| key | when | essential |
| --- | --- | --- |
| `eve:<id>` | from `reminders.evening_at` the day before: time, clinic, 取号 deadline | no |
| `pickup:<id>` | `pickup_remind_minutes` before the 取号 deadline | no |
| `paydue:<id>` | `payment_due_minutes` before an unpaid hold lapses | yes |
| `room:<id>` | at check-in (same transaction): where to wait | yes |
| `queue:<id>:<n>` | the queue reached a milestone (`queue_milestones`, 5/3/1 ahead) | no |
| `queue:<id>:now` | the patient's number is called: 请到X诊室 | yes |
| `survey:<id>` | `survey_at` (19:00) on the visit day, visits that happened | no |
| `report:<id>`, `drug:<id>` | `report_ready` / `drug_pickup`, called by those capabilities | no |

(停诊 and expired holds are booking's own notices, `handlers/booking/notices.py`.)
Non-essential notices respect the patient's opt-out (「退订提醒」 / 「开启提醒」, below)
and the quiet hours (`push.preferences`). Texts: `handlers/templates/reminders/`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession

from bot.clock import Clock
from bot.config import ConfigError
from bot.dialogue import Context, Reply, Router
from bot.render import Texts
from handlers.booking.models import Appointment, Status
from handlers.booking.repo import AppointmentRepo
from handlers.his.adapter import HIS
from push.jobs import Job
from push.outbox import Notice, OutboxRepo
from push.preferences import NoticePrefs

router = Router("reminders")
SURVEY_PATH = "/h5/survey/"
VISITED = (Status.CHECKED_IN, Status.DONE)


@dataclass(frozen=True)
class ReminderRules:
    """`reminders:` in config.yml."""

    evening_at: time = time(18, 0)
    pickup_lead_minutes: int = 30
    pickup_remind_minutes: int = 60
    payment_due_minutes: int = 5
    queue_milestones: tuple[int, ...] = (5, 3, 1)
    survey_at: str = "19:00"


def _time(value: Any, where: str) -> time:
    try:
        hour, minute = str(value).split(":")
        return time(int(hour), int(minute))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f'{where}: {value!r} is not a time. Fix: write "HH:MM".') from exc


def _minutes(section: dict[str, Any], key: str, default: int) -> int:
    value = section.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 24 * 60:
        raise ConfigError(
            f"reminders.{key}: {value!r} is not a number of minutes. Fix: e.g. {default}."
        )
    return value


def parse_rules(section: dict[str, Any]) -> ReminderRules:
    """Validate `reminders:`; errors name the field and the fix."""
    d = ReminderRules()
    milestones = section.get("queue_milestones", list(d.queue_milestones))
    if (
        not isinstance(milestones, list)
        or not milestones
        or not all(isinstance(m, int) and not isinstance(m, bool) and m > 0 for m in milestones)
    ):
        raise ConfigError(
            "reminders.queue_milestones: must be a list of positive whole numbers. "
            "Fix: e.g. [5, 3, 1]."
        )
    survey_at = _time(section.get("survey_at", d.survey_at), "reminders.survey_at")
    return ReminderRules(
        evening_at=_time(section.get("evening_at", "18:00"), "reminders.evening_at"),
        pickup_lead_minutes=_minutes(section, "pickup_lead_minutes", d.pickup_lead_minutes),
        pickup_remind_minutes=_minutes(section, "pickup_remind_minutes", d.pickup_remind_minutes),
        payment_due_minutes=_minutes(section, "payment_due_minutes", d.payment_due_minutes),
        queue_milestones=tuple(sorted(set(milestones), reverse=True)),
        survey_at=f"{survey_at.hour:02d}:{survey_at.minute:02d}",
    )


class Reminders:
    """The reminders' timed jobs and the hooks other capabilities call."""

    def __init__(
        self,
        rules: ReminderRules,
        appointments: AppointmentRepo,
        outbox: OutboxRepo,
        his: HIS,
        texts: Texts,
        clock: Clock,
        dept_name: Callable[[str], str],
        floor_of: Callable[[str], str],
    ) -> None:
        self.rules, self.appointments, self.outbox, self.his = rules, appointments, outbox, his
        self.texts, self.clock, self.dept_name, self.floor_of = texts, clock, dept_name, floor_of

    # --- shared -----------------------------------------------------------------------
    def _url(self, path: str) -> str:
        return str(self.texts.globals.get("base_url", "")) + path

    def visit_at(self, a: Appointment) -> datetime:
        """The appointment's own time: its band's start, else the session's."""
        if a.band_start:
            t = _time(a.band_start, "band_start")
            return datetime.combine(a.day, t, tzinfo=self.clock.tz)
        return a.starts_at.astimezone(self.clock.tz)

    def _data_time(self, at: datetime) -> str:
        """A template message's `time` field ("05月12日 09:15")."""
        return self.texts.render("reminders/data_time.j2", at=at)

    def pickup_by(self, a: Appointment) -> datetime:
        """取号 deadline."""
        return self.visit_at(a) - timedelta(minutes=self.rules.pickup_lead_minutes)

    def _notice(
        self,
        key: str,
        a: Appointment,
        kind: str,
        template: str,
        *,
        essential: bool,
        not_after: datetime | None = None,
        path: str = "",
        **values: Any,
    ) -> Notice:
        dept = self.dept_name(a.department)
        floor = self.floor_of(a.department)
        place = f"{floor} {a.room}".strip()
        path = path or f"/h5/booking/appointments/{a.id}"
        text = self.texts.render(
            template,
            today=self.clock.now().date(),
            appt=a,
            dept=dept,
            place=place,
            floor=floor,
            at=self.visit_at(a),
            pickup_by=self.pickup_by(a),
            path=path,
            **values,
        )
        data = {
            "patient": a.patient_name,
            "dept": dept,
            "doctor": a.doctor_name,
            "time": self._data_time(self.visit_at(a)),
            "place": place,
            **{k: str(v) for k, v in values.items() if isinstance(v, str | int)},
        }
        return Notice(
            key=key,
            openid=a.openid,
            type=kind,
            text=text,
            data=data,
            url=self._url(path),
            not_after=not_after,
            essential=essential,
        )

    async def _owe(self, notices: Sequence[Notice]) -> int:
        """Add the notices not owed yet (one read for the batch); returns how many."""
        if not notices:
            return 0
        known = await self.outbox.keys([n.key for n in notices])
        now, added = self.clock.now(), 0
        for n in notices:
            if n.key not in known and await self.outbox.add(n, now=now):
                added += 1
        return added

    # --- timed: evening before, 取号, payment due ---------------------------------------
    async def scan(self) -> int:
        """The evening-before, 取号 and payment-due reminders that are due now (a cron
        job every minute; owing one twice is impossible, so running it often is free)."""
        now = self.clock.now()
        r = self.rules
        owed: list[Notice] = []
        if now.timetz().replace(tzinfo=None) >= r.evening_at:
            evening = datetime.combine(now.date(), r.evening_at, tzinfo=self.clock.tz)
            for a in await self.appointments.of_day(
                now.date() + timedelta(days=1), (Status.BOOKED,)
            ):
                # Booked this evening: the confirmation just told them; 取号 still will.
                if a.created_at is not None and a.created_at >= evening:
                    continue
                owed.append(
                    self._notice(
                        f"eve:{a.id}",
                        a,
                        "visit_reminder",
                        "reminders/evening.j2",
                        essential=False,
                        not_after=self.pickup_by(a),
                    )
                )
        remind = timedelta(minutes=r.pickup_remind_minutes)
        for a in await self.appointments.of_day(now.date(), (Status.BOOKED,)):
            deadline = self.pickup_by(a)
            if deadline - remind <= now < deadline:
                owed.append(
                    self._notice(
                        f"pickup:{a.id}",
                        a,
                        "visit_reminder",
                        "reminders/pickup.j2",
                        essential=False,
                        not_after=deadline,
                        path=f"/h5/booking/checkin/{a.id}",
                    )
                )
        due = now + timedelta(minutes=r.payment_due_minutes)
        for a in await self.appointments.holds_expiring(now, due):
            assert a.hold_expires_at is not None
            deadline = a.hold_expires_at.astimezone(self.clock.tz)
            owed.append(
                self._notice(
                    f"paydue:{a.id}",
                    a,
                    "payment_due",
                    "reminders/payment_due.j2",
                    essential=True,
                    not_after=deadline,
                    deadline=deadline.strftime("%H:%M"),
                )
            )
        return await self._owe(owed)

    async def surveys(self) -> int:
        """The satisfaction survey for each of today's visits that happened (a cron job
        at `survey_at`)."""
        today = self.clock.now().date()
        visits = await self.appointments.of_day(today, VISITED)
        owed = [
            self._notice(
                f"survey:{a.id}",
                a,
                "survey",
                "reminders/survey.j2",
                essential=False,
                not_after=datetime.combine(today + timedelta(days=2), time(), self.clock.tz),
                path=SURVEY_PATH + a.id,
            )
            for a in visits
        ]
        return await self._owe(owed)

    # --- hooks: check-in, the queue -----------------------------------------------------
    def checked_in(self, a: Appointment) -> Notice:
        """Where to wait, owed by the check-in (added in its transaction)."""
        return self._notice(
            f"room:{a.id}", a, "visit_reminder", "reminders/checked_in.j2", essential=True
        )

    async def add(self, notice: Notice, session: AsyncClientSession | None = None) -> bool:
        return await self.outbox.add(notice, now=self.clock.now(), session=session)

    def milestone(self, ahead: int) -> int | None:
        """The smallest milestone at or above `ahead` (None: still far off). A queue that
        jumps from 6 to 2 ahead still gets its "3" notice, saying 2."""
        reached = [m for m in self.rules.queue_milestones if ahead <= m]
        return min(reached) if reached else None

    async def queue_moved(self, schedule_id: str) -> int:
        """The queue of `schedule_id` moved (called by the HIS seam after a number is
        called): "前面还有N人" at each milestone, "请到X诊室" to the one called."""
        state = await self.his.queue_state(schedule_id, 0)
        if state is None or not state.called_number:
            return 0
        called = state.called_number
        owed: list[Notice] = []
        ahead = 0
        for a in await self.appointments.in_queue(schedule_id):
            if a.number == called:
                owed.append(
                    self._notice(
                        f"queue:{a.id}:now",
                        a,
                        "queue_update",
                        "reminders/queue_called.j2",
                        essential=True,
                        ahead=0,
                    )
                )
            elif a.number > called:
                step = self.milestone(ahead)
                if step is not None:
                    owed.append(
                        self._notice(
                            f"queue:{a.id}:{step}",
                            a,
                            "queue_update",
                            "reminders/queue_ahead.j2",
                            essential=False,
                            ahead=ahead,
                        )
                    )
                ahead += 1
        return await self._owe(owed)

    # --- hooks for later capabilities -----------------------------------------------------
    async def report_ready(
        self,
        *,
        report_id: str,
        openid: str,
        patient_name: str,
        report_name: str,
        url: str = "",
        session: AsyncClientSession | None = None,
    ) -> bool:
        """A test report is out (the reports capability calls this, in its transaction
        when it has one). Once per report id."""
        now = self.clock.now().astimezone(self.clock.tz)
        text = self.texts.render(
            "reminders/report_ready.j2",
            patient=patient_name,
            report=report_name,
            url=url,
        )
        notice = Notice(
            key=f"report:{report_id}",
            openid=openid,
            type="report_ready",
            text=text,
            data={
                "patient": patient_name,
                "report": report_name,
                "time": self._data_time(now),
            },
            url=url,
            essential=False,
        )
        return await self.add(notice, session)

    async def drug_pickup(
        self,
        *,
        prescription_id: str,
        openid: str,
        patient_name: str,
        window: str,
        session: AsyncClientSession | None = None,
    ) -> bool:
        """Medicine is ready at `window` (the pharmacy capability calls this). Once per
        prescription id."""
        now = self.clock.now().astimezone(self.clock.tz)
        text = self.texts.render("reminders/drug_pickup.j2", patient=patient_name, window=window)
        notice = Notice(
            key=f"drug:{prescription_id}",
            openid=openid,
            type="drug_pickup",
            text=text,
            data={"patient": patient_name, "place": window, "time": self._data_time(now)},
            essential=False,
        )
        return await self.add(notice, session)


def jobs(reminders: Reminders) -> list[Job]:
    return [
        Job("reminders.scan", reminders.scan, every=60, at_startup=True),
        Job("reminders.survey", reminders.surveys, at=reminders.rules.survey_at),
    ]


# --- chat: 退订提醒 / 开启提醒 ------------------------------------------------------------
@router.command("退订提醒", "关闭提醒", "不要提醒")
async def opt_out(ctx: Context, notice_prefs: NoticePrefs) -> Reply:
    await notice_prefs.set_opted_out(ctx.openid, True, ctx.clock.now())
    return ctx.reply("reminders/opted_out.j2")


@router.command("开启提醒", "恢复提醒", "订阅提醒")
async def opt_in(ctx: Context, notice_prefs: NoticePrefs) -> Reply:
    await notice_prefs.set_opted_out(ctx.openid, False, ctx.clock.now())
    return ctx.reply("reminders/opted_in.j2")

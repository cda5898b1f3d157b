"""My appointments in chat: the list, cancelling one, the check-in code, the queue.

Cancelling needs the appointment named (chosen from the list) and an explicit
「确认取消」: a bare "取消" leaves whatever flow is active and never cancels anything
(the dispatcher's exit handler), so "取消" then "1" cannot cancel a real appointment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.dialogue import AnyText, Choice, Context, Reply, Router, State, StatesGroup, Words
from bot.dialogue.filters import parse_choice
from handlers.booking.models import Appointment, Status
from handlers.booking.service import BookingService
from handlers.his.models import HISError
from handlers.patients.service import PatientService

router = Router("appointments")

# Patient-facing wording, kept beside the templates.
REASONS_FILE = Path(__file__).parent.parent / "templates" / "booking" / "cancel_reasons.yml"
REASONS: tuple[str, ...] = tuple(
    str(r) for r in yaml.safe_load(REASONS_FILE.read_text(encoding="utf-8"))
)
CONFIRM_CANCEL = Words("确认取消", "确定取消")


class CancelFlow(StatesGroup, flow="cancel"):
    which = State()
    reason = State()
    confirm = State()


def view(ctx: Context, booking: BookingService, template: str, **values: Any) -> Reply:
    return ctx.reply(template, dept_name=booking.dept_name, tz=booking.rules.tz, **values)


async def upcoming_of(
    ctx: Context, booking: BookingService, patients: PatientService
) -> list[Appointment]:
    """The account's upcoming active appointments; none, without a query, for an account
    known to have no patient and no active appointment."""
    if patients.none_known(ctx.conv.facts):
        return []
    upcoming, _ = await booking.upcoming_and_past(ctx.openid)
    return upcoming


@router.click("MY_APPOINTMENTS")
@router.command("我的预约", "我的挂号", "预约记录", "挂号记录")
@router.intent("my_appointments")
async def my_appointments(ctx: Context, booking: BookingService) -> Reply:
    upcoming, past = await booking.upcoming_and_past(ctx.openid)
    return view(ctx, booking, "booking/my_appointments.j2", upcoming=upcoming, past=past)


@router.command("取消预约", "取消挂号", "退号", "取消预约{n}")
@router.intent("cancel_appointment")
async def start_cancel(
    ctx: Context, booking: BookingService, patients: PatientService, n: int | None = None
) -> Reply:
    upcoming = await upcoming_of(ctx, booking, patients)
    if not upcoming:
        return view(ctx, booking, "booking/cancel_none.j2")
    if n is not None and 1 <= n <= len(upcoming):
        return ask_reason(ctx, booking, upcoming[n - 1])
    if len(upcoming) == 1:
        return ask_reason(ctx, booking, upcoming[0])
    ctx.conv.start(CancelFlow.which, ids=[a.id for a in upcoming])
    return view(ctx, booking, "booking/cancel_which.j2", upcoming=upcoming)


def ask_reason(ctx: Context, booking: BookingService, appt: Appointment) -> Reply:
    ctx.conv.start(CancelFlow.reason, appointment_id=appt.id)
    return view(ctx, booking, "booking/cancel_reason.j2", appt=appt, reasons=REASONS)


@router.state(CancelFlow.which, Choice())
async def which(ctx: Context, booking: BookingService, n: int) -> Reply | None:
    ids = ctx.conv.slots.get("ids") or []
    if not 1 <= n <= len(ids):
        return None
    appt = await booking.appointments.get(ids[n - 1], ctx.openid)
    if appt is None:
        ctx.conv.finish()
        return view(ctx, booking, "booking/cancel_none.j2")
    return ask_reason(ctx, booking, appt)


@router.state(CancelFlow.reason, AnyText())
async def reason(ctx: Context, booking: BookingService, text: str) -> Reply | None:
    """A numbered reason, or the patient's own words."""
    n = parse_choice(text)
    chosen = REASONS[n - 1] if n and 1 <= n <= len(REASONS) else text[:100]
    appt = await booking.appointments.get(ctx.conv.slots.get("appointment_id", ""), ctx.openid)
    if appt is None:
        ctx.conv.finish()
        return view(ctx, booking, "booking/cancel_none.j2")
    ctx.conv.goto(CancelFlow.confirm, reason=chosen)
    return view(ctx, booking, "booking/cancel_confirm.j2", appt=appt, reason=chosen)


@router.state(CancelFlow.confirm, CONFIRM_CANCEL)
async def confirm(ctx: Context, booking: BookingService) -> Reply:
    slots = ctx.conv.slots
    ctx.conv.finish()
    try:
        appt = await booking.cancel(ctx.openid, slots["appointment_id"], slots.get("reason", ""))
    except HISError as exc:
        return view(ctx, booking, "booking/refused.j2", code=exc.code, details=exc.details)
    return view(ctx, booking, "booking/cancel_done.j2", appt=appt)


@router.click("CHECKIN")
@router.command("签到", "取号", "就诊码", "报到")
async def checkin_code(ctx: Context, booking: BookingService, patients: PatientService) -> Reply:
    upcoming = await upcoming_of(ctx, booking, patients)
    today = ctx.clock.now().date()
    todays = [a for a in upcoming if a.day == today and a.status == Status.BOOKED]
    base = ctx.texts.globals["base_url"]
    links = [(a, f"{base}/h5/booking/checkin/{a.id}") for a in todays]
    return view(ctx, booking, "booking/checkin.j2", links=links, upcoming=upcoming)


@router.click("QUEUE")
@router.command("排队", "候诊", "排队情况", "候诊排队", "排到几号了")
@router.intent("queue_status")
async def queue_status(ctx: Context, booking: BookingService, patients: PatientService) -> Reply:
    """ "前面还有 N 人，预计等待 M 分钟", room and floor, from the HIS."""
    upcoming = await upcoming_of(ctx, booking, patients)
    today = ctx.clock.now().date()
    todays = [
        a for a in upcoming if a.day == today and a.status in (Status.BOOKED, Status.CHECKED_IN)
    ]
    states = []
    for appt in todays:
        state = await booking.his.queue_state(appt.schedule_id, appt.number)
        if state is not None:
            states.append((appt, state))
    return view(ctx, booking, "booking/queue.j2", states=states, has_upcoming=bool(upcoming))

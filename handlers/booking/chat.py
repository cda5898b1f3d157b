"""Booking in chat: the booking flow, waitlist replies and doctor information.

"帮我约明天上午的眼科" fills what the sentence gave (department, doctor, date,
session, relation) and asks the rest, one step at a time. With no patient yet, adding
one interrupts the booking and the booking is offered again once the patient is saved.
Every numbered list takes digits and 中文 numerals.
"""

from __future__ import annotations

import uuid
from typing import Any

from bot.dialogue import (
    NO_STATE,
    AnyText,
    Choice,
    Context,
    Reply,
    Router,
    State,
    StatesGroup,
    Words,
)
from handlers.booking.models import Appointment
from handlers.booking.service import BookingService
from handlers.catalog import parse_day, resolve_department
from handlers.his.codec import schedule_from_json, schedule_to_json
from handlers.his.models import SESSIONS, HISError, Schedule
from handlers.patients.chat import AddPatient
from handlers.patients.models import Patient
from handlers.patients.rules import resolve_relation
from handlers.patients.service import PatientService

router = Router("booking")

MAX_OPTIONS = 9
YES = Words("确认", "确定", "是", "好", "好的", "对", "可以", "1", "一", "确认预约")
NO = Words("2", "二", "不", "否", "不要", "不是")
WAIT = Words("候补", "1", "一", "加入候补", "好", "好的", "是", "排候补")
NO_WAIT = Words("2", "二", "不", "不要", "不用", "不候补")


class BookingFlow(StatesGroup, flow="booking"):
    patient = State()
    department = State()
    choose = State()
    confirm = State()
    waitlist = State()


def view(ctx: Context, booking: BookingService, template: str, **values: Any) -> Reply:
    return ctx.reply(template, dept_name=booking.dept_name, **values)


def pick_patient(patients: list[Patient], relation: object) -> Patient | None:
    """The patient a relation word or entity names ("给我妈挂号"), or the only one."""
    found = resolve_relation(relation) if relation else None
    if found is not None:
        matching = [p for p in patients if p.relation == found.relation]
        if len(matching) > 1 and found.sex:
            matching = [p for p in matching if p.sex == found.sex]
        if len(matching) == 1:
            return matching[0]
    return patients[0] if len(patients) == 1 else None


def patient_slots(patient: Patient) -> dict[str, Any]:
    """The chosen patient and what later steps show or decide of it (the booking
    itself reads the patient fresh)."""
    return {
        "patient_id": patient.id,
        "patient_name": patient.name,
        "patient_relation": patient.relation,
        "same_day_ok": bool(patient.card_no),  # today's places need a bound card
    }


@router.click("BOOK")
@router.command("挂号", "预约挂号", "我要挂号", "预约", "我要预约")
@router.intent("book_appointment")
async def start(ctx: Context, booking: BookingService, patients: PatientService) -> Reply:
    """Fill what the sentence gave (department, doctor, date, session, relation), ask the rest."""
    slots: dict[str, Any] = {"nonce": uuid.uuid4().hex[:16]}
    dept_text = ctx.entity("department")
    dept = resolve_department(ctx.settings, dept_text) if dept_text else None
    if dept:
        slots["dept"] = dept.code
    doctor_text = ctx.entity("doctor")
    if doctor_text:
        doctors = await booking.his.find_doctor(str(doctor_text))
        if dept:
            doctors = [d for d in doctors if d.department == dept.code]
        if len(doctors) == 1:
            slots["doctor_id"], slots["dept"] = doctors[0].id, doctors[0].department
    day = parse_day(ctx.entity("date"))
    if day:
        slots["day"] = day.isoformat()
    session = ctx.entity("session")
    if session in SESSIONS:
        slots["session"] = session
    ctx.conv.start(BookingFlow.patient, **slots)
    listed = [] if patients.none_known(ctx.conv.facts) else await patients.list(ctx.openid)
    if not listed:
        # A prerequisite: add the patient first, then come back to this booking.
        relation = resolve_relation(ctx.entity("relation"))
        ctx.conv.interrupt(
            AddPatient.ask_name, relation=relation.relation if relation and relation.certain else ""
        )
        return view(
            ctx, booking, "booking/need_patient.j2", max_patients=patients.rules.max_per_account
        )
    chosen = pick_patient(listed, ctx.entity("relation"))
    if chosen and not chosen.can_book:
        return needs_card(ctx, booking, chosen)
    if chosen:
        ctx.conv.update(**patient_slots(chosen))
    return await advance(ctx, booking, listed)


@router.resume(BookingFlow)
async def resume(ctx: Context, booking: BookingService, patients: PatientService) -> Reply:
    """Back from adding a patient (or another prerequisite): carry on where we were."""
    listed = await patients.list(ctx.openid)
    if not ctx.conv.slots.get("patient_id") and len(listed) == 1:
        if not listed[0].can_book:
            return needs_card(ctx, booking, listed[0])
        ctx.conv.update(**patient_slots(listed[0]))
    return await advance(ctx, booking, listed)


def needs_card(ctx: Context, booking: BookingService, patient: Patient) -> Reply:
    """Said as soon as such a patient is chosen, not after the whole flow (the booking
    itself refuses the same way: `rules.check_standing`)."""
    ctx.conv.finish()
    return view(
        ctx,
        booking,
        "booking/refused.j2",
        code="unverified_id_needs_card",
        details={"name": patient.name},
    )


async def advance(
    ctx: Context, booking: BookingService, listed: list[Patient] | None = None
) -> Reply:
    """Ask for the first missing slot: patient, department, then a session."""
    slots = ctx.conv.slots
    if not slots.get("patient_id"):
        ctx.conv.goto(BookingFlow.patient)
        patients = listed if listed is not None else []
        return view(ctx, booking, "booking/ask_patient.j2", patients=patients)
    if not slots.get("dept"):
        ctx.conv.goto(BookingFlow.department)
        return view(ctx, booking, "booking/ask_department.j2", unknown="")
    day = parse_day(slots.get("day"))
    session = slots.get("session")
    same_day_ok = bool(slots.get("same_day_ok"))
    # The whole window in one query; the asked day/session is picked here, and the
    # window is the fallback when nothing matches. Today's places are offered only to
    # a patient who can take them (a bound card: they are paid online at once).
    window = await booking.available(slots["dept"], slots.get("doctor_id"), same_day=same_day_ok)
    options = [
        s
        for s in window
        if (day is None or s.day == day) and (session is None or s.session == session)
    ]
    no_match = False
    if not options and (day or session):
        no_match = True
        options = window
    if not options:
        ctx.conv.finish()
        return view(ctx, booking, "booking/none_available.j2", dept=slots["dept"])
    options = options[:MAX_OPTIONS]
    ctx.conv.goto(BookingFlow.choose, options=[s.id for s in options])
    today = ctx.clock.now().date()
    return view(
        ctx,
        booking,
        "booking/choose.j2",
        options=options,
        no_match=no_match,
        day=day,
        session=slots.get("session"),
        dept=slots["dept"],
        same_day_hidden=not same_day_ok and today in booking.rules.bookable_days(ctx.clock.now()),
    )


@router.state(BookingFlow.patient, Choice())
async def patient_by_number(
    ctx: Context, booking: BookingService, patients: PatientService, n: int
) -> Reply | None:
    listed = await patients.list(ctx.openid)
    return await _chosen(ctx, booking, listed, listed[n - 1] if 1 <= n <= len(listed) else None)


@router.state(BookingFlow.patient, AnyText())
async def patient_by_name(
    ctx: Context, booking: BookingService, patients: PatientService, text: str
) -> Reply | None:
    listed = await patients.list(ctx.openid)
    chosen = next((p for p in listed if text == p.name), None) or pick_patient(listed, text)
    return await _chosen(ctx, booking, listed, chosen)


async def _chosen(
    ctx: Context, booking: BookingService, listed: list[Patient], chosen: Patient | None
) -> Reply | None:
    if chosen is None:
        return None
    if not chosen.can_book:
        return needs_card(ctx, booking, chosen)
    ctx.conv.update(**patient_slots(chosen))
    return await advance(ctx, booking, listed)


@router.state(BookingFlow.department, AnyText())
async def department(ctx: Context, booking: BookingService, text: str) -> Reply:
    dept = resolve_department(ctx.settings, text)
    if dept is None:
        return view(ctx, booking, "booking/ask_department.j2", unknown=text)
    ctx.conv.update(dept=dept.code)
    return await advance(ctx, booking)


@router.state(BookingFlow.choose, Choice())
async def choose(ctx: Context, booking: BookingService, n: int) -> Reply | None:
    options = ctx.conv.slots.get("options") or []
    if not 1 <= n <= len(options):
        return None
    s = await booking.his.schedule(options[n - 1])  # fresh: places and 停诊 may have changed
    if s is None or not booking.open_for_booking(s, ctx.clock.now()):
        return await advance(ctx, booking)
    slots = ctx.conv.slots
    patient = {"name": slots.get("patient_name", ""), "relation": slots.get("patient_relation", "")}
    if s.remaining <= 0:
        ctx.conv.goto(BookingFlow.waitlist, chosen=s.id, chosen_schedule=schedule_to_json(s))
        return view(ctx, booking, "booking/full.j2", schedule=s)
    ctx.conv.goto(BookingFlow.confirm, chosen=s.id, chosen_schedule=schedule_to_json(s))
    return view(
        ctx,
        booking,
        "booking/confirm.j2",
        schedule=s,
        patient=patient,
        same_day=s.day == ctx.clock.now().date(),
        hold_minutes=booking.rules.hold_minutes,
    )


def chosen_schedule(ctx: Context) -> Schedule | None:
    """The schedule read when it was chosen (fixed fields only are relied on)."""
    s = schedule_from_json(ctx.conv.slots.get("chosen_schedule"))
    return s if s is not None and s.id == ctx.conv.slots.get("chosen") else None


@router.state(BookingFlow.confirm, YES)
async def confirm(ctx: Context, booking: BookingService) -> Reply:
    slots = ctx.conv.slots
    chosen = chosen_schedule(ctx)
    try:
        appt = await booking.book_for_account(
            ctx.openid,
            slots["patient_id"],
            slots["chosen"],
            idem_key=f"chat:{ctx.openid}:{slots['nonce']}",
            schedule=chosen,
        )
    except HISError as exc:
        if exc.code == "full":
            ctx.conv.goto(BookingFlow.waitlist)
            s = chosen or await booking.his.schedule(slots["chosen"])
            return view(ctx, booking, "booking/full.j2", schedule=s)
        ctx.conv.finish()
        return view(ctx, booking, "booking/refused.j2", code=exc.code, details=exc.details)
    ctx.conv.finish()
    return booked(ctx, booking, appt)


def booked(ctx: Context, booking: BookingService, appt: Appointment) -> Reply:
    return view(
        ctx,
        booking,
        "booking/booked.j2",
        appt=appt,
        day=appt.day,
        hold_minutes=booking.rules.hold_minutes,
    )


@router.state(BookingFlow.confirm, NO)
@router.state(BookingFlow.waitlist, NO_WAIT)
async def decline(ctx: Context) -> Reply:
    ctx.conv.finish()
    return ctx.reply("dialogue/left.j2", flow=BookingFlow.flow)


@router.state(BookingFlow.waitlist, WAIT)
async def join_waitlist(ctx: Context, booking: BookingService, patients: PatientService) -> Reply:
    pid = ctx.conv.slots.get("patient_id", "")
    patient = await patients.get(ctx.openid, pid) if pid else None
    s = chosen_schedule(ctx) or await booking.his.schedule(ctx.conv.slots.get("chosen", ""))
    ctx.conv.finish()
    if patient is None or s is None:
        return view(ctx, booking, "booking/refused.j2", code="no_patient", details={})
    try:
        _, position = await booking.join_waitlist(booking.ref(patient), s)
    except HISError as exc:
        return view(ctx, booking, "booking/refused.j2", code=exc.code, details=exc.details)
    return view(
        ctx,
        booking,
        "booking/waitlist_joined.j2",
        schedule=s,
        position=position,
        minutes=booking.rules.waitlist_offer_minutes,
    )


@router.command("接受候补", "确认候补", "候补确认")
async def accept_offer(ctx: Context, booking: BookingService) -> Reply:
    try:
        appt = await booking.accept_offer(ctx.openid)
    except HISError as exc:
        return view(ctx, booking, "booking/refused.j2", code=exc.code, details=exc.details)
    return booked(ctx, booking, appt)


@router.state(NO_STATE, Choice())
async def offer_reply(ctx: Context, booking: BookingService, n: int) -> Reply | None:
    """A bare "1" / "2" outside any flow answers a live waitlist offer (the offer says
    so); without one it is not ours to answer."""
    if n not in (1, 2) or not await booking.waitlist.has_offer(ctx.openid, ctx.clock.now()):
        return None
    if n == 1:
        return await accept_offer(ctx, booking)
    await booking.decline_offer(ctx.openid)
    return view(ctx, booking, "booking/waitlist_left.j2", count=1)


@router.command("取消候补", "退出候补", "放弃候补")
async def leave_waitlist(ctx: Context, booking: BookingService) -> Reply:
    declined = await booking.decline_offer(ctx.openid)
    n = await booking.waitlist.leave(ctx.openid) + int(declined)
    return view(ctx, booking, "booking/waitlist_left.j2", count=n)


@router.intent("doctor_info")
async def doctor_info(ctx: Context, booking: BookingService) -> Reply:
    name = ctx.entity("doctor")
    doctors = await booking.his.find_doctor(str(name)) if name else []
    if not doctors:
        dept_text = ctx.entity("department")
        dept = resolve_department(ctx.settings, dept_text) if dept_text else None
        doctors = (await booking.his.doctors(dept.code))[:6] if dept else []
    schedules = {d.id: (await booking.available(doctor_id=d.id))[:3] for d in doctors[:3]}
    return view(ctx, booking, "booking/doctors.j2", doctors=doctors[:6], schedules=schedules)

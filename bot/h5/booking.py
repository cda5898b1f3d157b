"""H5 booking pages (7 days × sessions with remaining places), the check-in QR page,
and LocalHIS staff endpoints (call next patient, check in, 停诊) behind a bearer token."""

from __future__ import annotations

import hmac
import secrets
from datetime import date
from typing import Any

import segno
from aiohttp import web

from bot.h5.render import page
from bot.h5.session import login_required, services_of, session_of
from bot.ratelimit import rate_limited
from handlers.booking.models import Appointment, Status
from handlers.his.models import SESSIONS, HISError

routes = web.RouteTableDef()


def _refusal(request: web.Request, exc: HISError) -> str:
    return services_of(request).texts.render(
        "booking/refused.j2", code=exc.code, details=exc.details
    )


@routes.get("/h5/booking")
@login_required
async def departments_page(request: web.Request) -> web.StreamResponse:
    """The departments; `?dept=eye` (the triage reply's link) opens that department."""
    services = services_of(request)
    wanted = services.settings.department(request.query.get("dept", ""))
    if wanted is not None:
        raise web.HTTPFound(f"/h5/booking/dept/{wanted.code}")
    return page(request, "h5/booking/departments.html", departments=services.settings.departments)


@routes.get("/h5/booking/dept/{code}")
@login_required
async def department_page(request: web.Request) -> web.Response:
    services = services_of(request)
    dept = services.settings.department(request.match_info["code"])
    if dept is None:
        raise web.HTTPNotFound()
    svc = services.booking
    now = services.clock.now()
    schedules = await svc.available(dept.code)
    days = svc.rules.bookable_days(now)
    grid: dict[date, dict[str, list[Any]]] = {d: {s: [] for s in SESSIONS} for d in days}
    for s in schedules:
        grid.setdefault(s.day, {x: [] for x in SESSIONS})[s.session].append(s)
    return page(
        request,
        "h5/booking/department.html",
        dept=dept,
        grid=grid,
        sessions=[s for s in SESSIONS if s in svc.rules.sessions],
        today=now.date(),
    )


async def _schedule_page(request: web.Request, error: str = "", status: int = 200) -> web.Response:
    services = services_of(request)
    svc = services.booking
    s = await svc.his.schedule(request.match_info["sid"])
    if s is None:
        raise web.HTTPNotFound()
    patients = await services.patients.list(session_of(request).openid)
    return page(
        request,
        "h5/booking/schedule.html",
        s=s,
        patients=patients,
        error=error,
        idem=secrets.token_urlsafe(12),
        dept=svc.dept_name(s.department),
        today=services.clock.now().date(),
        bookable=svc.open_for_booking(s, services.clock.now()),
        status=status,
    )


@routes.get("/h5/booking/s/{sid}")
@login_required
async def schedule_page(request: web.Request) -> web.Response:
    return await _schedule_page(request)


@routes.post("/h5/booking/s/{sid}")
@login_required
async def book(request: web.Request) -> web.Response:
    services = services_of(request)
    data = await request.post()
    openid = session_of(request).openid
    patient = await services.patients.get(openid, str(data.get("patient_id", "")))
    if patient is None:
        refusal = HISError("no_patient")
        return await _schedule_page(request, _refusal(request, refusal), 400)
    band = str(data.get("band", "")) or None
    idem = str(data.get("idem", ""))[:64]
    try:
        appt = await services.booking.book(
            services.booking.ref(patient),
            request.match_info["sid"],
            band_start=band,
            idem_key=f"h5:{openid}:{idem}" if idem else None,
            source="h5",
        )
    except HISError as exc:
        return await _schedule_page(request, _refusal(request, exc), 409)
    raise web.HTTPSeeOther(f"/h5/booking/appointments/{appt.id}")


async def _own_appointment(request: web.Request) -> Appointment:
    appt = await services_of(request).booking.appointments.get(
        request.match_info["aid"], session_of(request).openid
    )
    if appt is None:
        raise web.HTTPNotFound()
    return appt


@routes.get("/h5/booking/appointments/{aid}")
@login_required
async def appointment_page(request: web.Request) -> web.Response:
    appt = await _own_appointment(request)
    return page(
        request,
        "h5/booking/appointment.html",
        appt=appt,
        dept=services_of(request).booking.dept_name(appt.department),
    )


@routes.get("/h5/booking/checkin/{aid}")
@login_required
async def checkin_page(request: web.Request) -> web.Response:
    appt = await _own_appointment(request)
    services = services_of(request)
    svg = ""
    if appt.status == Status.BOOKED:
        token = services.checkin.issue(appt.id)
        svg = segno.make(token, error="m").svg_inline(scale=5, border=2)
    return page(
        request,
        "h5/booking/checkin.html",
        appt=appt,
        svg=svg,
        dept=services.booking.dept_name(appt.department),
    )


# -- LocalHIS staff endpoints (token from config.yml booking.staff_token) ---------------


def _staff(request: web.Request) -> None:
    services = services_of(request)
    expected = services.booking_rules.staff_token
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise web.HTTPUnauthorized(text="staff token required")


@routes.post("/his/queue/{schedule_id}/next")
@rate_limited("his")
async def call_next(request: web.Request) -> web.Response:
    _staff(request)
    services = services_of(request)
    schedule_id = request.match_info["schedule_id"]
    called = await services.his.call_next(schedule_id)
    if called is not None:
        await services.reminders.queue_moved(schedule_id)
    return web.json_response({"called": called})


@routes.post("/his/checkin")
@rate_limited("his")
async def staff_checkin(request: web.Request) -> web.Response:
    _staff(request)
    body = await request.json()
    try:
        appt = await services_of(request).checkin.check_in(str(body.get("token", "")))
    except HISError as exc:
        # A forged, tampered or expired token is refused as such (403); a real token of
        # an appointment that cannot check in (already in, another day) is a conflict.
        status = 403 if exc.code == "bad_token" else 409
        return web.json_response({"ok": False, "error": exc.code}, status=status)
    return web.json_response({"ok": True, "appointment_id": appt.id, "number": appt.number})


@routes.post("/his/schedules/{schedule_id}/stop")
@rate_limited("his")
async def stop_session(request: web.Request) -> web.Response:
    _staff(request)
    body = await request.json() if request.can_read_body else {}
    try:
        n = await services_of(request).booking.stop_session(
            request.match_info["schedule_id"], str(body.get("reason", ""))[:100]
        )
    except HISError as exc:
        return web.json_response({"ok": False, "error": exc.code}, status=404)
    return web.json_response({"ok": True, "notified": n})

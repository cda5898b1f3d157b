"""The satisfaction survey page (`/h5/survey/<appointment id>`), linked from the notice
sent at 19:00 on the visit day. Behind WeChat OAuth: only the patient's own account can
open it; the form carries the session's CSRF token; answers are stored once per
appointment (`handlers.survey.SurveyRepo`)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.h5.render import page
from bot.h5.session import login_required, services_of, session_of
from handlers.booking.models import Appointment
from handlers.reminders import VISITED
from handlers.survey import COMMENT_MAX, QUESTIONS, SurveyError, SurveyRepo, parse_answers

routes = web.RouteTableDef()
TEMPLATE = "h5/survey/survey.html"


async def _visit(request: web.Request) -> Appointment:
    services = services_of(request)
    appt = await services.booking.appointments.get(
        request.match_info["aid"], session_of(request).openid
    )
    if appt is None:
        raise web.HTTPNotFound(text=services.texts.render("survey/not_found.j2"))
    return appt


def _page(
    request: web.Request, appt: Appointment, state: str, status: int = 200, **values: Any
) -> web.Response:
    services = services_of(request)
    return page(
        request,
        TEMPLATE,
        status=status,
        appt=appt,
        dept=services.booking.dept_name(appt.department),
        state=state,
        questions=QUESTIONS,
        comment_max=COMMENT_MAX,
        **{"error": "", "values": {}, "again": False, **values},
    )


@routes.get("/h5/survey/{aid}")
@login_required
async def survey_page(request: web.Request) -> web.Response:
    appt = await _visit(request)
    if await services_of(request).storage.repo(SurveyRepo).answered(appt.id):
        return _page(request, appt, "thanks", again=True)
    if appt.status not in VISITED:
        return _page(request, appt, "not_visited")
    return _page(request, appt, "form", values={})


@routes.post("/h5/survey/{aid}")
@login_required
async def submit(request: web.Request) -> web.Response:
    appt = await _visit(request)
    if appt.status not in VISITED:
        return _page(request, appt, "not_visited", status=409)
    form = await request.post()
    try:
        answers = parse_answers(form)
    except SurveyError as exc:
        kept = {k: str(form.get(k, "")) for k in (*QUESTIONS, "comment")}
        return _page(request, appt, "form", status=400, error=exc.field, values=kept)
    services = services_of(request)
    stored = await services.storage.repo(SurveyRepo).submit(
        appt.id, appt.openid, appt.department, appt.doctor_id, answers, services.clock.now()
    )
    return _page(request, appt, "thanks", again=not stored)

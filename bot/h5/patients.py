"""H5 pages for real-name patients (就诊人): list, add, remove, set default, bind card."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.h5.render import page
from bot.h5.session import login_required, services_of, session_of
from handlers.patients import idcard
from handlers.patients.models import PatientError, PatientForm
from handlers.patients.rules import RELATIONS

routes = web.RouteTableDef()

NOTICES = ("added", "removed", "default", "card")
_KEEP = (
    "name",
    "id_kind",
    "sex",
    "birth_date",
    "relation",
    "guardian_name",
    "guardian_id_kind",
)  # re-filled after an error; numbers are never echoed back


def _message(request: web.Request, exc: PatientError, **extra: Any) -> str:
    return services_of(request).texts.render(
        "patients/error.j2", code=exc.code, details=exc.details, channel="h5", **extra
    )


def _form_page(
    request: web.Request, values: dict[str, Any], error: str = "", status: int = 200
) -> web.Response:
    return page(
        request,
        "h5/patients/new.html",
        status=status,
        values=values,
        error=error,
        kinds=idcard.KINDS,
        relations=RELATIONS,
        minor_age=services_of(request).patients.rules.minor_age,
    )


async def _list_page(request: web.Request, error: str = "", status: int = 200) -> web.Response:
    svc = services_of(request).patients
    patients = await svc.list(session_of(request).openid)
    notice = request.query.get("done", "")
    return page(
        request,
        "h5/patients/list.html",
        status=status,
        patients=patients,
        rules=svc.rules,
        notice=notice if notice in NOTICES and not error else "",
        error=error,
    )


@routes.get("/h5/patients")
@login_required
async def list_page(request: web.Request) -> web.Response:
    return await _list_page(request)


@routes.get("/h5/patients/new")
@login_required
async def new_page(request: web.Request) -> web.Response:
    svc = services_of(request).patients
    error = ""
    if not await svc.additions_left(session_of(request).openid):
        limit = PatientError("additions_limit", max=svc.rules.max_additions_per_day)
        error = _message(request, limit)
    return _form_page(request, {"id_kind": idcard.RESIDENT, "relation": "本人"}, error)


@routes.post("/h5/patients")
@login_required
async def create(request: web.Request) -> web.Response:
    data = await request.post()
    get = lambda key: str(data.get(key, "")).strip()  # noqa: E731
    form = PatientForm(
        name=get("name"),
        id_kind=get("id_kind"),
        id_number=get("id_number"),
        phone=get("phone"),
        relation=get("relation"),
        sex=get("sex"),
        birth_date=get("birth_date"),
        guardian_name=get("guardian_name"),
        guardian_id_kind=get("guardian_id_kind"),
        guardian_id_number=get("guardian_id_number"),
    )
    svc = services_of(request).patients
    try:
        await svc.add(session_of(request).openid, form)
    except PatientError as exc:
        return _form_page(request, {k: get(k) for k in _KEEP}, _message(request, exc), 400)
    raise web.HTTPSeeOther("/h5/patients?done=added")


@routes.post("/h5/patients/{pid}/delete")
@login_required
async def delete(request: web.Request) -> web.Response:
    svc = services_of(request).patients
    openid, pid = session_of(request).openid, request.match_info["pid"]
    try:
        removed = await svc.remove(openid, pid)
    except PatientError as exc:
        patient = await svc.get(openid, pid)
        return await _list_page(request, _message(request, exc, patient=patient), 409)
    if removed is None:
        raise web.HTTPNotFound()
    raise web.HTTPSeeOther("/h5/patients?done=removed")


@routes.post("/h5/patients/{pid}/default")
@login_required
async def make_default(request: web.Request) -> web.Response:
    svc = services_of(request).patients
    if await svc.set_default(session_of(request).openid, request.match_info["pid"]) is None:
        raise web.HTTPNotFound()
    raise web.HTTPSeeOther("/h5/patients?done=default")


@routes.get("/h5/patients/{pid}/card")
@login_required
async def card_page(request: web.Request) -> web.Response:
    svc = services_of(request).patients
    patient = await svc.get(session_of(request).openid, request.match_info["pid"])
    if patient is None:
        raise web.HTTPNotFound()
    return page(request, "h5/patients/card.html", patient=patient, error="")


@routes.post("/h5/patients/{pid}/card")
@login_required
async def bind_card(request: web.Request) -> web.Response:
    services = services_of(request)
    svc = services.patients
    openid, pid = session_of(request).openid, request.match_info["pid"]
    patient = await svc.get(openid, pid)
    if patient is None:
        raise web.HTTPNotFound()
    card_no = str((await request.post()).get("card_no", ""))
    try:
        await svc.bind_card(openid, pid, card_no)
    except PatientError as exc:
        return page(
            request,
            "h5/patients/card.html",
            status=400,
            patient=patient,
            error=_message(request, exc),
        )
    raise web.HTTPSeeOther("/h5/patients?done=card")

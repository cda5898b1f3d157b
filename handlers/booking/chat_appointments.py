"""My appointments: list (upcoming and past), cancel with a reason, check-in QR token.

The check-in token is `appointment_id.expiry.hmac` (HMAC-SHA256 with a key derived from
SECRET_KEY): the H5 page shows it as a QR code and the clinic's scanner checks it
without a database lookup for the signature.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.dialogue import Context, Reply, Router
from bot.dialogue.router import EXIT_WORDS, normalize_command
from bot.pii import secret_key
from handlers.booking import booking_service
from handlers.catalog import day_label, parse_choice
from handlers.his import HISError

if TYPE_CHECKING:
    from bot.services import Services

router = Router("appointments")

FORM_CANCEL = "cancel_appointment"
# Leaving the cancel form keeps the appointment; here "取消" is the request, not an exit.
KEEP_WORDS = (EXIT_WORDS - {"取消"}) | {"不取消了"}
REASONS = ("时间冲突", "病情好转", "挂错科室", "其他原因")
STATUS_LABELS = {
    "pending_payment": "待支付",
    "booked": "已预约",
    "checked_in": "已签到",
    "done": "已就诊",
    "cancelled": "已取消",
    "expired": "已过期（未支付）",
    "stopped": "已停诊",
    "no_show": "爽约",
}


# -- check-in token -----------------------------------------------------------------


def _token_key(services: Services) -> bytes:
    return hashlib.sha256(b"checkin:v1\x00" + secret_key(services.settings).encode()).digest()


def checkin_token(services: Services, appointment_id: str) -> str:
    from handlers.schedules import rules_for

    minutes = rules_for(services).checkin_token_minutes
    exp = int(services.clock.timestamp()) + minutes * 60
    body = f"{appointment_id}.{exp}"
    mac = hmac.new(_token_key(services), body.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{body}.{mac}"


def verify_checkin_token(services: Services, token: str) -> str | None:
    """The appointment id of a valid, unexpired token; None otherwise."""
    try:
        appointment_id, exp, mac = token.rsplit(".", 2)
        expires = int(exp)
    except ValueError:
        return None
    good = hmac.new(
        _token_key(services), f"{appointment_id}.{exp}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    if not hmac.compare_digest(mac, good) or services.clock.timestamp() > expires:
        return None
    return appointment_id


async def check_in(services: Services, token: str) -> dict[str, Any]:
    """Staff scanner: a valid token of a booked appointment for today checks it in."""
    from pymongo import ReturnDocument

    appointment_id = verify_checkin_token(services, token)
    if appointment_id is None:
        raise HISError("bad_token")
    svc = booking_service(services)
    now = services.clock.now()
    done = await svc.appts.find_one_and_update(
        {"_id": appointment_id, "status": "booked", "day": now.date().isoformat()},
        {"$set": {"status": "checked_in", "checked_in_at": now}},
        return_document=ReturnDocument.AFTER,
    )
    if done is None:
        raise HISError("not_checkable")
    return done


# -- chat -----------------------------------------------------------------------------


def _view(ctx: Context, template: str, **values: Any) -> Reply:
    today = ctx.clock.now().date()
    svc = booking_service(ctx.services)
    return ctx.reply(
        template,
        day_label=lambda d: day_label(d, today),
        as_date=date.fromisoformat,
        dept_name=svc.dept_name,
        status_labels=STATUS_LABELS,
        **values,
    )


@router.click("MY_APPOINTMENTS")
@router.command("我的预约", "我的挂号", "预约记录", "挂号记录")
@router.intent("my_appointments")
async def my_appointments(ctx: Context) -> Reply:
    upcoming, past = await booking_service(ctx.services).appointments(ctx.openid)
    return _view(ctx, "booking/my_appointments.j2", upcoming=upcoming, past=past)


@router.command("取消预约", "取消挂号", "退号")
@router.intent("cancel_appointment")
async def start_cancel(ctx: Context) -> Reply:
    upcoming, _ = await booking_service(ctx.services).appointments(ctx.openid)
    if not upcoming:
        return _view(ctx, "booking/cancel_none.j2")
    if len(upcoming) == 1:
        ctx.conv.start_form(FORM_CANCEL, step="reason", appointment_id=upcoming[0]["_id"])
        return _view(ctx, "booking/cancel_reason.j2", appt=upcoming[0], reasons=REASONS)
    ctx.conv.start_form(FORM_CANCEL, step="which", ids=[a["_id"] for a in upcoming])
    return _view(ctx, "booking/cancel_which.j2", upcoming=upcoming)


@router.form(FORM_CANCEL)
async def cancel_step(ctx: Context) -> Reply | None:
    text = normalize_command(ctx.msg.text)
    slots = ctx.conv.slots
    svc = booking_service(ctx.services)
    if text in KEEP_WORDS:
        ctx.conv.end_form()
        return _view(ctx, "booking/cancel_kept.j2")
    n = parse_choice(text)
    if slots.get("step") == "which":
        ids = slots.get("ids") or []
        if not n or not 1 <= n <= len(ids):
            return None
        appt = await svc.appts.find_one({"_id": ids[n - 1], "openid": ctx.openid})
        if appt is None:
            ctx.conv.end_form()
            return _view(ctx, "booking/cancel_none.j2")
        ctx.conv.update(step="reason", appointment_id=appt["_id"])
        return _view(ctx, "booking/cancel_reason.j2", appt=appt, reasons=REASONS)
    reason = REASONS[n - 1] if n and 1 <= n <= len(REASONS) else ctx.msg.text.strip()[:100]
    ctx.conv.end_form()
    try:
        appt = await svc.cancel(ctx.openid, slots["appointment_id"], reason)
    except HISError as exc:
        return _view(ctx, "booking/refused.j2", code=exc.code, details=exc.details)
    return _view(ctx, "booking/cancel_done.j2", appt=appt)


@router.click("CHECKIN")
@router.command("签到", "取号", "就诊码", "报到")
async def checkin_code(ctx: Context) -> Reply:
    upcoming, _ = await booking_service(ctx.services).appointments(ctx.openid)
    today = ctx.clock.now().date().isoformat()
    todays = [a for a in upcoming if a["day"] == today and a["status"] == "booked"]
    links = [(a, f"{ctx.services.base_url}/h5/booking/checkin/{a['_id']}") for a in todays]
    return _view(ctx, "booking/checkin.j2", links=links, upcoming=upcoming)

"""H5 payment pages (`/h5/pay/...`): the bill, WeChat Pay JSAPI, the result.

    GET  /h5/pay                      what the account owes, with links
    GET  /h5/pay/b/{bill_id}          an outpatient bill (items, total, the pay button)
    GET  /h5/pay/r/{appointment_id}   a same-day registration fee, payable until the hold expires
    GET  /h5/pay/deposit/{patient_id} an inpatient deposit top-up (amount within limits)
    POST /h5/pay/checkout             JSON (CSRF header): the order and its JSAPI parameters
    GET  /h5/pay/orders/{no}/status   JSON: what WE know (notification or order query)
    GET  /h5/pay/orders/{no}          the result / receipt page

The page (`/h5/static/pay.js`) asks for the order, passes the signed parameters to
`WeixinJSBridge.invoke('getBrandWCPayRequest', ...)` and then polls the status: the
bridge's "ok" is only a hint; an order is paid when WeChat Pay's notification or our
own order query says so (`PaymentService.status`).
"""

from __future__ import annotations

import re
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.h5.render import SECURITY_HEADERS, page
from bot.h5.session import login_required, services_of, session_of
from handlers.payments.models import Payable, PayError
from handlers.payments.service import PaymentService

routes = web.RouteTableDef()
STATIC_DIR = Path(__file__).resolve().parent / "static"
_YUAN = re.compile(r"\d{1,8}(\.\d{1,2})?")
STATUS_OF = {
    "not_found": 404,
    "not_yours": 403,
    "already_paid": 409,
    "held": 409,
    "hold_gone": 410,
    "past_due": 410,
    "not_payable": 410,
    "disabled": 503,
    "unavailable": 503,
    "busy": 503,
}

routes.static("/h5/static", STATIC_DIR)


def _payments(request: web.Request) -> PaymentService:
    return services_of(request).payments


def _message(request: web.Request, exc: PayError) -> str:
    return services_of(request).texts.render(
        "payments/error.j2", code=exc.code, details=exc.details
    )


def _bad_request(request: web.Request) -> web.Response:
    """A checkout body the page never sends (tampered or stale)."""
    return _json({"ok": False, "message": _message(request, PayError("bad_request"))}, 400)


def _refusal_page(request: web.Request, exc: PayError) -> web.Response:
    return page(
        request,
        "h5/pay/refused.html",
        status=STATUS_OF.get(exc.code, 400),
        message=_message(request, exc),
    )


def _json(data: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(data, status=status, headers=SECURITY_HEADERS)


def fen_of(text: str) -> int | None:
    """ "500" or "500.5" yuan → 50050 fen, exactly; None for anything else."""
    text = text.strip()
    if not _YUAN.fullmatch(text):
        return None
    return int(Decimal(text) * 100)


@routes.get("/h5/pay")
@login_required
async def overview(request: web.Request) -> web.Response:
    payments = _payments(request)
    found = await payments.payables.overview(session_of(request).openid)
    return page(
        request,
        "h5/pay/index.html",
        overview=found,
        dept_name=payments.booking.dept_name,
        enabled=payments.enabled,
    )


async def _payable_page(request: web.Request, payable: Payable, **values: Any) -> web.Response:
    payments = _payments(request)
    return page(
        request,
        "h5/pay/bill.html",
        p=payable,
        dept=payments.booking.dept_name(payable.department),
        enabled=payments.enabled,
        **values,
    )


async def _priced_page(request: web.Request, kind: str, ref: str) -> web.Response:
    """The page of a payable whose amount is set (a bill, a registration fee)."""
    payables = _payments(request).payables
    find = payables.for_bill if kind == "bill" else payables.for_registration
    try:
        payable = await find(session_of(request).openid, ref)
    except PayError as exc:
        return _refusal_page(request, exc)
    return await _payable_page(request, payable, kind=kind)


@routes.get("/h5/pay/b/{bill_id}")
@login_required
async def bill_page(request: web.Request) -> web.Response:
    return await _priced_page(request, "bill", request.match_info["bill_id"])


@routes.get("/h5/pay/r/{appointment_id}")
@login_required
async def registration_page(request: web.Request) -> web.Response:
    return await _priced_page(request, "registration", request.match_info["appointment_id"])


@routes.get("/h5/pay/deposit/{patient_id}")
@login_required
async def deposit_page(request: web.Request) -> web.Response:
    payments = _payments(request)
    try:
        patient, stay = await payments.payables.admission_of(
            session_of(request).openid, request.match_info["patient_id"]
        )
    except PayError as exc:
        return _refusal_page(request, exc)
    return page(
        request,
        "h5/pay/deposit.html",
        patient=patient,
        stay=stay,
        rules=payments.rules,
        dept=payments.booking.dept_name(stay.department),
        nonce=secrets.token_hex(8),
        enabled=payments.enabled,
    )


@routes.post("/h5/pay/checkout")
@login_required
async def checkout(request: web.Request) -> web.Response:
    """`{"kind": "bill"|"registration"|"deposit", "ref", "amount"?, "nonce"?}`."""
    payments = _payments(request)
    openid = session_of(request).openid
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("ref"), str):
        return _bad_request(request)
    kind, ref = body.get("kind"), body["ref"][:64]
    try:
        if kind == "bill":
            payable = await payments.payables.for_bill(openid, ref)
        elif kind == "registration":
            payable = await payments.payables.for_registration(openid, ref)
        elif kind == "deposit":
            amount = fen_of(str(body.get("amount") or ""))
            if amount is None:
                rules = payments.rules
                raise PayError(
                    "deposit_amount", min=rules.deposit_min_fen, max=rules.deposit_max_fen
                )
            payable = await payments.payables.for_deposit(
                openid, ref, amount, str(body.get("nonce") or "")
            )
        else:
            return _bad_request(request)
        done = await payments.checkout(payable)
    except PayError as exc:
        status = STATUS_OF.get(exc.code, 400)
        return _json({"ok": False, "code": exc.code, "message": _message(request, exc)}, status)
    no = done.order.out_trade_no
    return _json(
        {
            "ok": True,
            "order": no,
            "params": done.params,
            "status_url": f"/h5/pay/orders/{no}/status",
            "result_url": f"/h5/pay/orders/{no}",
        }
    )


@routes.get("/h5/pay/orders/{no}/status")
@login_required
async def order_status(request: web.Request) -> web.Response:
    try:
        order = await _payments(request).status(
            session_of(request).openid, request.match_info["no"]
        )
    except PayError as exc:
        return _json({"ok": False, "code": exc.code}, STATUS_OF.get(exc.code, 400))
    return _json({"ok": True, "status": str(order.status), "done": order.status != "created"})


@routes.get("/h5/pay/orders/{no}")
@login_required
async def order_page(request: web.Request) -> web.Response:
    payments = _payments(request)
    order = await payments.orders.get(request.match_info["no"], session_of(request).openid)
    if order is None:
        return _refusal_page(request, PayError("not_found"))
    return page(
        request,
        "h5/pay/order.html",
        order=order,
        dept=payments.booking.dept_name(order.department),
    )

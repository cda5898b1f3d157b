"""The emulated WeChat Pay over HTTP: `/sandbox/pay/v3/...` (the same paths as
api.mch.weixin.qq.com, behaviour in `pay_emulator`) and `/sandbox/pay/admin/...`.

Admin (not WeChat; for the simulator's 模拟支付 sheet, tests and demos):
- `POST /sandbox/pay/admin/pay {out_trade_no, openid?, times?, delay_seconds?,
  after_expiry?, amount?, forge?, sign_with?}` pays the order and sends
  TRANSACTION.SUCCESS to its notify_url: `times: 2` sends the same notification twice,
  `delay_seconds` / `after_expiry` hold it back, `amount` notifies another total than
  was ordered, `forge` signs it with a stranger's key;
- `POST /sandbox/pay/admin/refund {out_refund_no, status?, times?, forge?, sign_with?}`
  finishes a refund now (SUCCESS, ABNORMAL or CLOSED) and notifies;
- `POST /sandbox/pay/admin/wallet {params, openid, confirm?, mode?}` is WeChat's
  payment sheet for the chat simulator's 模拟支付: paySign checked, the order found by
  its prepay_id, paid (normal, twice, late, after_expiry, wrong_amount, forged);
- `POST /sandbox/pay/admin/tick` runs what is due now (the background ticker does the
  same every `sandbox.pay_tick_seconds`; 0 turns it off, as tests with a frozen clock do);
- `GET /sandbox/pay/admin/orders?openid=`, `/deliveries`, `/merchant`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.sandbox.pay_emulator import (
    REFUND_OUTCOMES,
    AdminError,
    PayEmulator,
    PayError,
    json_object,
    require,
)
from bot.sandbox.pay_keys import API_PREFIX
from bot.sandbox.pay_notify import SIGN_WITH
from bot.services import SERVICES

log = logging.getLogger(__name__)


@dataclass
class PayRuntime:
    emulator: PayEmulator | None = None
    ticker: asyncio.Task[None] | None = None


PAY_RUNTIME: web.AppKey[PayRuntime] = web.AppKey("sandbox_pay", PayRuntime)
ApiHandler = Callable[[web.Request, PayEmulator, str, bytes], Awaitable[tuple[int, Any]]]


def emulator_for(app: web.Application) -> PayEmulator:
    emulator = app[PAY_RUNTIME].emulator
    if emulator is None:
        raise web.HTTPServiceUnavailable(text="the WeChat Pay sandbox is starting")
    return emulator


def _json_body(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body) if body else None
    except ValueError:
        data = None
    return json_object(data, "请求体不是合法的JSON对象")


def _dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def wechatpay_api(
    *, signed: bool = True
) -> Callable[[ApiHandler], Callable[[web.Request], Awaitable[web.StreamResponse]]]:
    """Authenticate the merchant, run the handler, answer signed JSON like WeChat Pay."""

    def wrap(fn: ApiHandler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        @functools.wraps(fn)
        async def handler(request: web.Request) -> web.StreamResponse:
            emulator = emulator_for(request.app)
            body = await request.read()
            try:
                mchid = emulator.authenticate(
                    request.method, request.raw_path, body, request.headers.get("Authorization", "")
                )
                status, data = await fn(request, emulator, mchid, body)
            except PayError as exc:
                status, data = exc.status, {"code": exc.code, "message": exc.message}
            if isinstance(data, bytes):  # a bill file: not signed, as on WeChat Pay
                return web.Response(
                    status=status, body=data, content_type="application/octet-stream"
                )
            raw = b"" if data is None else _dump(data)
            headers = emulator.notifier.signed_headers(raw) if signed else {}
            if data is None:
                return web.Response(status=status, headers=headers)
            return web.Response(
                status=status, body=raw, headers=headers, content_type="application/json"
            )

        return handler

    return wrap


@wechatpay_api()
async def jsapi(request: web.Request, emu: PayEmulator, mchid: str, body: bytes) -> tuple[int, Any]:
    return 200, await emu.create_jsapi(mchid, _json_body(body))


@wechatpay_api()
async def query_order(
    request: web.Request, emu: PayEmulator, mchid: str, body: bytes
) -> tuple[int, Any]:
    require(request.query.get("mchid") == mchid, "mchid 与 Authorization 中的商户号不一致")
    return 200, await emu.query(mchid, request.match_info["out_trade_no"])


@wechatpay_api()
async def close_order(
    request: web.Request, emu: PayEmulator, mchid: str, body: bytes
) -> tuple[int, Any]:
    require(_json_body(body).get("mchid") == mchid, "mchid 与 Authorization 中的商户号不一致")
    await emu.close_order(mchid, request.match_info["out_trade_no"])
    return 204, None


@wechatpay_api()
async def refunds(
    request: web.Request, emu: PayEmulator, mchid: str, body: bytes
) -> tuple[int, Any]:
    return 200, await emu.create_refund(mchid, _json_body(body))


@wechatpay_api()
async def refund_query(
    request: web.Request, emu: PayEmulator, mchid: str, body: bytes
) -> tuple[int, Any]:
    return 200, await emu.query_refund(mchid, request.match_info["out_refund_no"])


@wechatpay_api()
async def tradebill(
    request: web.Request, emu: PayEmulator, mchid: str, body: bytes
) -> tuple[int, Any]:
    return 200, await emu.apply_bill(request.query, str(request.url.origin()))


@wechatpay_api(signed=False)
async def bill_download(
    request: web.Request, emu: PayEmulator, mchid: str, body: bytes
) -> tuple[int, Any]:
    content = await emu.state.bill_file(request.query.get("token", ""))
    if content is None:
        raise PayError(404, "RESOURCE_NOT_EXISTS", "下载地址已失效，请重新申请账单")
    return 200, content


# -- admin ----------------------------------------------------------------------------------


async def _admin_body(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json() if request.can_read_body else {}
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise AdminError(400, "the body must be a JSON object")
    return data


def admin(
    fn: Callable[[web.Request, PayEmulator], Awaitable[dict[str, Any]]],
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    @functools.wraps(fn)
    async def handler(request: web.Request) -> web.StreamResponse:
        try:
            return web.json_response(
                await fn(request, emulator_for(request.app)), dumps=lambda d: _dump(d).decode()
            )
        except AdminError as exc:
            return web.json_response(
                {"ok": False, "error": exc.error},
                status=exc.status,
                dumps=lambda d: _dump(d).decode(),
            )

    return handler


@admin
async def admin_pay(request: web.Request, emu: PayEmulator) -> dict[str, Any]:
    return await emu.pay(await _admin_body(request))


@admin
async def admin_wallet(request: web.Request, emu: PayEmulator) -> dict[str, Any]:
    return await emu.wallet(await _admin_body(request))


@admin
async def admin_refund(request: web.Request, emu: PayEmulator) -> dict[str, Any]:
    body = await _admin_body(request)
    status = str(body.get("status") or "SUCCESS")
    if status not in REFUND_OUTCOMES:
        raise AdminError(400, "status must be SUCCESS, ABNORMAL or CLOSED")
    times = body.get("times", 1)
    if not (isinstance(times, int) and 1 <= times <= 5):
        raise AdminError(400, "times must be 1-5")
    sign_with = str(body.get("sign_with") or "")
    if sign_with and sign_with not in SIGN_WITH:
        raise AdminError(400, "sign_with must be public_key or certificate")
    return await emu.finish_refund(
        str(body.get("mchid") or emu.keys().mchid),
        str(body.get("out_refund_no") or ""),
        status,
        times=times,
        forge=bool(body.get("forge")),
        sign_with=sign_with,
    )


@admin
async def admin_tick(request: web.Request, emu: PayEmulator) -> dict[str, Any]:
    done = await emu.run_due()
    return {"ok": True, "done": done, "pending": await emu.state.pending()}


@admin
async def admin_orders(request: web.Request, emu: PayEmulator) -> dict[str, Any]:
    openid = request.query.get("openid", "")
    orders = []
    for order in await emu.state.orders():
        if openid and order["openid"] != openid:
            continue
        order = await emu.current(order)
        orders.append({**emu.transaction_json(order), "description": order["description"]})
    return {"ok": True, "orders": orders}


@admin
async def admin_deliveries(request: web.Request, emu: PayEmulator) -> dict[str, Any]:
    return {"ok": True, "deliveries": await emu.state.deliveries()}


@admin
async def admin_merchant(request: web.Request, emu: PayEmulator) -> dict[str, Any]:
    keys = emu.keys()
    return {
        "ok": True,
        "mchid": keys.mchid,
        "appid": emu.appid,
        "merchant_serial": keys.merchant_serial,
        "platform_serial": keys.platform_serial,
        "public_key_id": keys.public_key_id,
        "sign_with": emu.notifier.default_sign_with,
    }


async def _tick_forever(emulator: PayEmulator, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await emulator.run_due()
        except Exception:  # a broken tick must not stop the next one
            log.warning("sandbox.pay.tick_failed", exc_info=True)


def setup(app: web.Application) -> None:
    """Mount the emulated WeChat Pay; it starts after the services are connected."""
    runtime = PayRuntime()
    app[PAY_RUNTIME] = runtime

    async def start(app: web.Application) -> None:
        services = app[SERVICES]
        runtime.emulator = PayEmulator(services.settings, services.storage.redis, services.clock)
        interval = float(services.settings.sandbox.get("pay_tick_seconds", 1) or 0)
        if interval > 0:
            runtime.ticker = asyncio.create_task(_tick_forever(runtime.emulator, interval))

    async def stop(app: web.Application) -> None:
        if runtime.ticker is not None:
            runtime.ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runtime.ticker
        if runtime.emulator is not None:
            await runtime.emulator.close()

    app.on_startup.append(start)
    app.on_shutdown.append(stop)
    r = app.router
    v3 = API_PREFIX + "/v3"
    r.add_post(v3 + "/pay/transactions/jsapi", jsapi)
    r.add_get(v3 + "/pay/transactions/out-trade-no/{out_trade_no}", query_order)
    r.add_post(v3 + "/pay/transactions/out-trade-no/{out_trade_no}/close", close_order)
    r.add_post(v3 + "/refund/domestic/refunds", refunds)
    r.add_get(v3 + "/refund/domestic/refunds/{out_refund_no}", refund_query)
    r.add_get(v3 + "/bill/tradebill", tradebill)
    r.add_get(v3 + "/billdownload/file", bill_download)
    r.add_post(API_PREFIX + "/admin/pay", admin_pay)
    r.add_post(API_PREFIX + "/admin/wallet", admin_wallet)
    r.add_post(API_PREFIX + "/admin/refund", admin_refund)
    r.add_post(API_PREFIX + "/admin/tick", admin_tick)
    r.add_get(API_PREFIX + "/admin/orders", admin_orders)
    r.add_get(API_PREFIX + "/admin/deliveries", admin_deliveries)
    r.add_get(API_PREFIX + "/admin/merchant", admin_merchant)

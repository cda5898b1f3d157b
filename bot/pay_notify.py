"""`POST /pay/notify`: where WeChat Pay tells us about payments and refunds.

The payments capability verifies the signature over `timestamp\\nnonce\\nbody\\n` (WeChat
Pay public key or platform certificate, by `Wechatpay-Serial`), refuses a stale
timestamp, decrypts the AES-256-GCM resource and records what it says
(`PaymentService.on_notification`). The answer is what WeChat Pay expects: 204 once
recorded (also for a repeat, which changes nothing); 401 when verification failed and
500 when recording failed (WeChat Pay retries later), both with the same body,
`{"code": "FAIL", "message": "失败"}`, which says nothing about why.
"""

from __future__ import annotations

import json
import logging

from aiohttp import web

from bot.observability import PAY_NOTIFICATIONS
from bot.services import SERVICES
from bot.wechatpay import VerificationFailed

log = logging.getLogger(__name__)

PATH = "/pay/notify"
FAIL = {"code": "FAIL", "message": "失败"}


def _fail(status: int) -> web.Response:
    return web.json_response(FAIL, status=status, dumps=lambda d: json.dumps(d, ensure_ascii=False))


async def notify(request: web.Request) -> web.Response:
    payments = request.app[SERVICES].payments
    if not payments.enabled:
        return _fail(404)
    body = await request.read()  # the exact bytes: the signature covers them
    try:
        outcome = await payments.on_notification(request.headers, body)
    except VerificationFailed as exc:
        PAY_NOTIFICATIONS.labels(outcome=f"refused_{exc.reason}").inc()
        log.warning("pay.notify_refused", extra={"reason": exc.reason})
        return _fail(401)
    except Exception:  # recorded nothing: WeChat Pay retries the same notification
        PAY_NOTIFICATIONS.labels(outcome="failed").inc()
        log.exception("pay.notify_failed")
        return _fail(500)
    PAY_NOTIFICATIONS.labels(outcome=outcome).inc()
    return web.Response(status=204)


def setup(app: web.Application) -> None:
    app.router.add_post(PATH, notify)

"""How the emulated WeChat Pay signs what it says and delivers notifications.

Responses and notifications carry `Wechatpay-Timestamp/-Nonce/-Serial/-Signature`
made with the WeChat Pay public key's private half (serial `PUB_KEY_ID_...`, the
default) or with the platform certificate's key (`sign_with: certificate`). A
notification's `resource` is AES-256-GCM encrypted with the merchant's APIv3 key,
exactly as WeChat Pay does; it is signed and encrypted afresh at every attempt.

A delivery succeeds when the merchant answers 200 or 204; otherwise it is retried on
WeChat Pay's schedule (15 s, 15 s, 30 s, 3 min, 10 min, ... about 24 h in all). The
"forged" mode signs with a stranger's key under the real serial, as an attacker would,
and is never retried.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import aiohttp
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.clock import SHANGHAI, Clock
from bot.sandbox.pay_keys import SandboxPayKeys
from bot.sandbox.pay_state import PayState
from bot.wechatpay import signing

log = logging.getLogger(__name__)

# Seconds before retry n: 15s, 15s, 30s, 3m, 10m, 20m, 30m x3, 60m, 3h x3, 6h x2.
RETRY_SCHEDULE = (15, 15, 30, 180, 600, 1200) + (1800,) * 3 + (3600,) + (10800,) * 3 + (21600,) * 2
SIGN_WITH = ("public_key", "certificate")
SUMMARIES = {
    "TRANSACTION.SUCCESS": "支付成功",
    "REFUND.SUCCESS": "退款成功",
    "REFUND.ABNORMAL": "退款异常",
    "REFUND.CLOSED": "退款关闭",
}


def rfc3339(ts: float) -> str:
    return datetime.fromtimestamp(ts, SHANGHAI).isoformat(timespec="seconds")


class Notifier:
    def __init__(
        self,
        keys: Callable[[], SandboxPayKeys],
        state: PayState,
        clock: Clock,
        session: Callable[[], Awaitable[aiohttp.ClientSession]],
        default_sign_with: str = "public_key",
    ) -> None:
        self._keys = keys
        self.state = state
        self.clock = clock
        self._session = session
        self.default_sign_with = (
            default_sign_with if default_sign_with in SIGN_WITH else SIGN_WITH[0]
        )
        self._stranger: rsa.RSAPrivateKey | None = None

    # -- signatures --------------------------------------------------------------------

    def signed_headers(
        self, body: bytes, sign_with: str = "", *, forge: bool = False
    ) -> dict[str, str]:
        keys = self._keys()
        if (sign_with or self.default_sign_with) == "certificate":
            key, serial = keys.platform_key, keys.platform_serial
        else:
            key, serial = keys.pubkey_key, keys.public_key_id
        if forge:
            if self._stranger is None:
                self._stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            key = self._stranger
        timestamp, nonce = str(int(self.clock.timestamp())), signing.new_nonce()
        return {
            "Wechatpay-Timestamp": timestamp,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Serial": serial,
            "Wechatpay-Signature": signing.sign(
                key, signing.response_message(timestamp, nonce, body)
            ),
            "Wechatpay-Signature-Type": signing.SCHEME,
            "Request-ID": uuid.uuid4().hex.upper(),
        }

    # -- notifications -----------------------------------------------------------------

    def new_job(
        self,
        *,
        url: str,
        event_type: str,
        original_type: str,
        resource: dict[str, Any],
        ref: str,
        forge: bool = False,
        sign_with: str = "",
        notice_id: str = "",
    ) -> dict[str, Any]:
        return {
            "kind": "notify",
            "id": notice_id or str(uuid.uuid4()),
            "create_time": rfc3339(self.clock.timestamp()),
            "url": url,
            "event_type": event_type,
            "summary": SUMMARIES.get(event_type, event_type),
            "original_type": original_type,
            "resource": resource,
            "ref": ref,
            "forge": forge,
            "sign_with": sign_with,
            "attempt": 0,
        }

    def envelope(self, job: dict[str, Any]) -> tuple[dict[str, str], bytes]:
        plaintext = json.dumps(job["resource"], ensure_ascii=False, separators=(",", ":")).encode()
        resource = signing.aead_encrypt(self._keys().apiv3_key, plaintext, job["original_type"])
        body = json.dumps(
            {
                "id": job["id"],
                "create_time": job["create_time"],
                "resource_type": "encrypt-resource",
                "event_type": job["event_type"],
                "summary": job["summary"],
                "resource": {"original_type": job["original_type"], **resource},
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        headers = self.signed_headers(body, job.get("sign_with", ""), forge=bool(job.get("forge")))
        headers["Content-Type"] = "application/json"
        return headers, body

    async def deliver(self, job: dict[str, Any]) -> dict[str, Any]:
        """POST one notification now; schedule the next retry if it was not accepted."""
        headers, body = self.envelope(job)
        status, error = 0, ""
        try:
            session = await self._session()
            timeout = aiohttp.ClientTimeout(total=5)
            async with session.post(
                job["url"], data=body, headers=headers, timeout=timeout
            ) as resp:
                status = resp.status
                await resp.read()
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            error = type(exc).__name__
        ok = status in (200, 204)
        entry = {
            "id": job["id"],
            "event_type": job["event_type"],
            "ref": job["ref"],
            "url": job["url"],
            "attempt": job["attempt"],
            "status": status,
            "error": error,
            "ok": ok,
            "forged": bool(job.get("forge")),
            "at": self.clock.timestamp(),
        }
        await self.state.log_delivery(entry)
        attempt = int(job["attempt"])
        if not ok and not job.get("forge") and attempt < len(RETRY_SCHEDULE):
            retry = {**job, "attempt": attempt + 1}
            entry["retry_at"] = self.clock.timestamp() + RETRY_SCHEDULE[attempt]
            await self.state.schedule(retry, entry["retry_at"])
        log.info(
            "sandbox.pay.notify",
            extra={"event_type": job["event_type"], "status": status, "attempt": attempt},
        )
        return entry

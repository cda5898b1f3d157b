"""Our small async WeChat Pay APIv3 client on aiohttp.

Each call signs its request with the merchant key, verifies the response signature
(WeChat Pay public key or platform certificate, by `Wechatpay-Serial`) before
believing a byte of it, and returns a typed result. Every failure is a
`WeChatPayError(status, code, message)`: WeChat's own code for 4xx/5xx answers, and
`NETWORK_ERROR` (status 0), `RESPONSE_SIGNATURE_INVALID`, `BAD_RESPONSE` or
`BILL_HASH_MISMATCH` for what goes wrong on the way. `transient` tells a retrying
caller whether trying again later can help.

The session is owned by the caller (one per process); the base URL comes from the
configuration, so the same client talks to api.mch.weixin.qq.com or the sandbox.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

import aiohttp
from yarl import URL

from bot.clock import Clock
from bot.wechatpay import signing
from bot.wechatpay.bill import parse_trade_bill
from bot.wechatpay.config import WeChatPayConfig
from bot.wechatpay.models import Notice, Refund, TradeBill, Transaction
from bot.wechatpay.notifications import parse_notification
from bot.wechatpay.verifier import SignatureVerifier, VerificationFailed

log = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
USER_AGENT = "hospital-bot (aiohttp; WeChat Pay APIv3)"
# Worth another try later (with the same out_trade_no / out_refund_no).
TRANSIENT_CODES = frozenset({"SYSTEM_ERROR", "SYSTEMERROR", "FREQUENCY_LIMITED", "BANKERROR"})
TRANSIENT_LOCAL = frozenset({"NETWORK_ERROR", "BAD_RESPONSE"})


class WeChatPayError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"WeChat Pay error {status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message

    @property
    def transient(self) -> bool:
        return (
            self.status == 0
            or self.status >= 500
            or self.status == 429
            or self.code in TRANSIENT_CODES
            or self.code in TRANSIENT_LOCAL
        )


def rfc3339(moment: datetime) -> str:
    """`2025-03-03T09:15:00+08:00`: WeChat Pay's time format (Beijing time)."""
    if moment.tzinfo is None:
        raise ValueError("time_expire must be timezone-aware")
    return moment.astimezone(SHANGHAI).isoformat(timespec="seconds")


def verifier_for(config: WeChatPayConfig, clock: Clock | None = None) -> SignatureVerifier:
    return SignatureVerifier(
        platform_certs=config.platform_certs,
        public_key_id=config.public_key_id,
        public_key=config.public_key,
        clock=clock,
    )


class WeChatPayClient:
    def __init__(
        self, config: WeChatPayConfig, session: aiohttp.ClientSession, *, clock: Clock | None = None
    ) -> None:
        self.config = config
        self.session = session
        self.clock = clock or Clock()
        self.verifier = verifier_for(config, self.clock)
        self.timeout = aiohttp.ClientTimeout(total=config.timeout_seconds)
        self._base_path = urlsplit(config.api_base).path.rstrip("/")

    # -- JSAPI payments -----------------------------------------------------------------

    async def create_jsapi_order(
        self,
        *,
        out_trade_no: str,
        description: str,
        total: int,
        openid: str,
        time_expire: datetime,
        attach: str = "",
        notify_url: str = "",
    ) -> str:
        """`POST /v3/pay/transactions/jsapi`; returns the prepay_id (valid 2 hours).

        Calling again with exactly the same parameters returns the same prepay_id;
        the same out_trade_no with different parameters is refused (INVALID_REQUEST)."""
        body: dict[str, Any] = {
            "appid": self.config.appid,
            "mchid": self.config.mchid,
            "description": description,
            "out_trade_no": out_trade_no,
            "time_expire": rfc3339(time_expire),
            "notify_url": notify_url or self.config.notify_url,
            "amount": {"total": int(total), "currency": "CNY"},
            "payer": {"openid": openid},
        }
        if attach:
            body["attach"] = attach
        data = await self._call("POST", "/v3/pay/transactions/jsapi", payload=body)
        prepay_id = str((data or {}).get("prepay_id") or "")
        if not prepay_id:
            raise WeChatPayError(200, "BAD_RESPONSE", "no prepay_id in the answer")
        return prepay_id

    def jsapi_params(self, prepay_id: str) -> signing.JsapiParams:
        """What the H5 page passes to `WeixinJSBridge.invoke('getBrandWCPayRequest')`."""
        return signing.jsapi_params(
            self.config.private_key,
            self.config.appid,
            prepay_id,
            int(self.clock.timestamp()),
            signing.new_nonce(),
        )

    async def query_order(self, out_trade_no: str) -> Transaction:
        """`GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=...`."""
        data = await self._call(
            "GET",
            f"/v3/pay/transactions/out-trade-no/{_segment(out_trade_no)}",
            query={"mchid": self.config.mchid},
        )
        return Transaction.from_api(data or {})

    async def close_order(self, out_trade_no: str) -> None:
        """`POST .../out-trade-no/{out_trade_no}/close` (204). Closing twice is fine."""
        await self._call(
            "POST",
            f"/v3/pay/transactions/out-trade-no/{_segment(out_trade_no)}/close",
            payload={"mchid": self.config.mchid},
        )

    # -- refunds ---------------------------------------------------------------------

    async def refund(
        self,
        *,
        out_refund_no: str,
        total: int,
        refund: int,
        out_trade_no: str = "",
        transaction_id: str = "",
        reason: str = "",
        notify_url: str = "",
    ) -> Refund:
        """`POST /v3/refund/domestic/refunds`. The answer is usually PROCESSING; the
        outcome arrives as a REFUND.* notification (or via `query_refund`). Retrying
        with the same out_refund_no never refunds twice."""
        if bool(out_trade_no) == bool(transaction_id):
            raise ValueError("give exactly one of out_trade_no and transaction_id")
        body: dict[str, Any] = {
            "out_refund_no": out_refund_no,
            "notify_url": notify_url or self.config.notify_url,
            "amount": {"refund": int(refund), "total": int(total), "currency": "CNY"},
        }
        if out_trade_no:
            body["out_trade_no"] = out_trade_no
        else:
            body["transaction_id"] = transaction_id
        if reason:
            body["reason"] = reason
        data = await self._call("POST", "/v3/refund/domestic/refunds", payload=body)
        return Refund.from_api(data or {})

    async def query_refund(self, out_refund_no: str) -> Refund:
        data = await self._call("GET", f"/v3/refund/domestic/refunds/{_segment(out_refund_no)}")
        return Refund.from_api(data or {})

    # -- trade bill ------------------------------------------------------------------

    async def apply_trade_bill(self, bill_date: date, bill_type: str = "ALL") -> dict[str, str]:
        """`GET /v3/bill/tradebill`: `{hash_type, hash_value, download_url}` (URL valid 30 s)."""
        data = await self._call(
            "GET",
            "/v3/bill/tradebill",
            query={"bill_date": bill_date.isoformat(), "bill_type": bill_type},
        )
        data = data or {}
        if not data.get("download_url"):
            raise WeChatPayError(200, "BAD_RESPONSE", "no download_url in the answer")
        return {k: str(data.get(k) or "") for k in ("hash_type", "hash_value", "download_url")}

    async def download_trade_bill(self, bill_date: date, bill_type: str = "ALL") -> bytes:
        """The bill file's bytes, checked against the hash WeChat Pay announced."""
        info = await self.apply_trade_bill(bill_date, bill_type)
        status, _, body = await self._send("GET", info["download_url"], None)
        if status != 200:
            raise _error_from(status, body)
        algorithm = info["hash_type"].upper() or "SHA1"
        if algorithm != "SHA1":
            raise WeChatPayError(200, "BAD_RESPONSE", f"unknown hash_type {algorithm}")
        if hashlib.sha1(body).hexdigest() != info["hash_value"].lower():
            raise WeChatPayError(200, "BILL_HASH_MISMATCH", "the bill file does not match its hash")
        return body

    async def trade_bill(self, bill_date: date, bill_type: str = "ALL") -> TradeBill:
        raw = await self.download_trade_bill(bill_date, bill_type)
        return parse_trade_bill(raw.decode("utf-8"), bill_date=bill_date, bill_type=bill_type)

    # -- notifications ---------------------------------------------------------------

    def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notice:
        """Verify + decrypt a POST to our notify_url. Raises `VerificationFailed`."""
        return parse_notification(headers, body, self.verifier, self.config.apiv3_key)

    # -- plumbing ---------------------------------------------------------------------

    async def _call(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        url = self.config.api_base + path
        if query:
            url += "?" + urlencode(query, quote_via=quote)
        body = None
        if payload is not None:
            body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        status, headers, raw = await self._send(method, url, body)
        if not 200 <= status < 300:
            raise _error_from(status, raw)
        try:
            self.verifier.verify(headers, raw)
        except VerificationFailed as exc:
            log.warning("wechatpay.response_unverified", extra={"reason": exc.reason, "path": path})
            raise WeChatPayError(
                status, "RESPONSE_SIGNATURE_INVALID", "the response signature did not verify"
            ) from exc
        if not raw:
            return None
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise WeChatPayError(status, "BAD_RESPONSE", "the answer is not JSON") from exc
        if not isinstance(data, dict):
            raise WeChatPayError(status, "BAD_RESPONSE", "the answer is not a JSON object")
        return data

    async def _send(
        self, method: str, url: str, body: bytes | None
    ) -> tuple[int, Mapping[str, str], bytes]:
        parts = urlsplit(url)
        path_qs = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {
            "Authorization": signing.authorization(
                mchid=self.config.mchid,
                serial_no=self.config.serial_no,
                private_key=self.config.private_key,
                method=method,
                path_qs=path_qs,
                body=body or b"",
                timestamp=int(self.clock.timestamp()),
                nonce=signing.new_nonce(),
            ),
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            async with self.session.request(
                method, URL(url, encoded=True), data=body, headers=headers, timeout=self.timeout
            ) as resp:
                return resp.status, resp.headers, await resp.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise WeChatPayError(
                0, "NETWORK_ERROR", f"{method} {parts.path}: {type(exc).__name__}"
            ) from exc


def _segment(value: str) -> str:
    """A path segment, percent-encoded exactly as it is signed and sent."""
    if not value:
        raise ValueError("empty identifier")
    return quote(value, safe="")


def _error_from(status: int, raw: bytes) -> WeChatPayError:
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    code = str(data.get("code") or f"HTTP_{status}")
    message = str(data.get("message") or "")
    log.info("wechatpay.error", extra={"status": status, "code": code})
    return WeChatPayError(status, code, message)

"""The emulated WeChat Pay's behaviour, as our client and business layer meet it.

- every request must carry a valid `WECHATPAY2-SHA256-RSA2048` Authorization by the
  sandbox merchant (signature, serial, timestamp within 5 minutes) or gets 401
  SIGN_ERROR; every answer is signed (see `pay_notify`);
- JSAPI orders: PARAM_ERROR 400 for bad fields, the same out_trade_no with other
  parameters 400 INVALID_REQUEST (identical parameters return the same prepay_id),
  ORDERPAID / ORDER_CLOSED 403, ORDER_NOT_EXIST 404; `time_expire` is honoured (an
  unpaid order past it reads CLOSED, default two hours);
- refunds: at most what was paid (400 INVALID_REQUEST beyond), idempotent by
  out_refund_no, answered PROCESSING and finished later (sandbox.pay_refund_seconds)
  with a REFUND.SUCCESS notification; RESOURCE_NOT_EXISTS 404 for unknown orders;
- trade bills for past days only, NO_STATEMENT_EXIST 400 for an empty day; the
  download URL lives 30 seconds and its file matches the announced SHA1;
- "pay" (an admin action) marks an order paid and notifies, with the twice / late /
  wrong-amount / forged variants the simulator and tests ask for;
- "wallet" is WeChat's payment sheet: it takes what a page passed to
  `WeixinJSBridge.invoke('getBrandWCPayRequest', ...)`, checks paySign against the
  merchant's key as WeChat does, finds the order by its prepay_id and pays it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import secrets
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import redis.asyncio as aioredis

from bot.clock import SHANGHAI, Clock
from bot.config import Settings
from bot.sandbox.pay_bill import COLUMNS, write_trade_bill
from bot.sandbox.pay_keys import API_PREFIX, SandboxPayKeys, ensure_keys
from bot.sandbox.pay_notify import SIGN_WITH, Notifier, rfc3339
from bot.sandbox.pay_state import PayState
from bot.wechatpay import signing

OUT_TRADE_NO = re.compile(r"[0-9A-Za-z_\-*]{6,32}")
OUT_REFUND_NO = re.compile(r"[0-9A-Za-z_\-|*@]{1,64}")
DEFAULT_EXPIRE_SECONDS = 2 * 3600
MAX_SKEW_SECONDS = 300
STATE_DESC = {
    "NOTPAY": "订单未支付",
    "SUCCESS": "支付成功",
    "CLOSED": "订单已关闭",
    "REFUND": "转入退款",
}
REFUND_OUTCOMES = ("SUCCESS", "ABNORMAL", "CLOSED")
WALLET_FIELDS = ("appId", "timeStamp", "nonceStr", "package", "signType", "paySign")
WALLET_MODES: dict[str, dict[str, Any]] = {  # the simulator's 模拟支付 choices
    "normal": {},
    "twice": {"times": 2},
    "late": {"delay_seconds": 60},
    "after_expiry": {"after_expiry": True},
    "wrong_amount": {},  # the amount is set from the order
    "forged": {"forge": True},
}


class PayError(Exception):
    """A WeChat Pay error answer: HTTP status and `{"code", "message"}`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class AdminError(Exception):
    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


def _day(ts: float) -> str:
    return datetime.fromtimestamp(ts, SHANGHAI).date().isoformat()


def _fingerprint(body: Mapping[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _digits(n: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(n))


def require(condition: bool, message: str) -> None:
    if not condition:
        raise PayError(400, "PARAM_ERROR", message)


def _check_url(value: Any, field: str) -> str:
    ok = isinstance(value, str) and len(value) <= 256
    parts = urlsplit(value) if ok else None
    require(
        parts is not None
        and parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and not parts.query,
        f"{field} 格式错误，应为不带参数的完整URL",
    )
    return str(value)


def _rfc3339_timestamp(value: Any) -> float:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise PayError(
            400, "PARAM_ERROR", "time_expire 格式错误，应为 yyyy-MM-DDTHH:mm:ss+TIMEZONE"
        )
    return parsed.timestamp()


def _bill_date(text: str) -> date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise PayError(400, "PARAM_ERROR", "bill_date 格式应为 yyyy-MM-DD")


def json_object(value: Any, message: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PayError(400, "PARAM_ERROR", message)
    return value


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


class PayEmulator:
    def __init__(self, settings: Settings, redis: aioredis.Redis, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.state = PayState(redis)
        self._keys: SandboxPayKeys | None = None
        self._http: aiohttp.ClientSession | None = None
        self.notifier = Notifier(
            self.keys,
            self.state,
            clock,
            self.http,
            default_sign_with=str(settings.sandbox.get("pay_sign_with") or "public_key"),
        )

    def keys(self) -> SandboxPayKeys:
        """Generated at first use and shared through the data dir (see pay_keys)."""
        if self._keys is None:
            self._keys = ensure_keys(self.settings.data_dir)
        return self._keys

    async def http(self) -> aiohttp.ClientSession:
        if self._http is None:
            self._http = aiohttp.ClientSession()
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    @property
    def appid(self) -> str:
        return self.settings.wechat.appid

    @property
    def refund_seconds(self) -> float:
        return float(self.settings.sandbox.get("pay_refund_seconds", 5) or 0)

    def now(self) -> float:
        return self.clock.timestamp()

    # -- request authentication -------------------------------------------------------

    def authenticate(self, method: str, raw_path: str, body: bytes, header: str) -> str:
        """The merchant id of a correctly signed request, else 401 SIGN_ERROR."""
        params = signing.parse_authorization(header)
        if params is None:
            raise PayError(401, "SIGN_ERROR", "Authorization 缺失或格式错误")
        keys = self.keys()
        if params.mchid != keys.mchid:
            raise PayError(400, "MCH_NOT_EXISTS", "商户号不存在")
        if signing.normalize_serial(params.serial_no) != signing.normalize_serial(
            keys.merchant_serial
        ):
            raise PayError(401, "SIGN_ERROR", "商户证书序列号不匹配")
        if (
            not params.timestamp.isdigit()
            or abs(self.now() - int(params.timestamp)) > MAX_SKEW_SECONDS
        ):
            raise PayError(401, "SIGN_ERROR", "签名时间戳已过期或格式错误")
        message = signing.request_message(
            method, raw_path, params.timestamp, params.nonce_str, body
        )
        if not signing.verify(keys.merchant_public_key, message, params.signature):
            raise PayError(401, "SIGN_ERROR", "签名错误")
        return params.mchid

    # -- orders -----------------------------------------------------------------------

    async def current(self, order: dict[str, str]) -> dict[str, str]:
        """An unpaid order past its time_expire is closed by WeChat Pay."""
        if order["trade_state"] == "NOTPAY" and self.now() >= float(order["time_expire"]):
            key = self.state.order_key(order["mchid"], order["out_trade_no"])
            await self.state.transition(
                key,
                ("NOTPAY",),
                {"trade_state": "CLOSED", "closed_at": order["time_expire"]},
                state_field="trade_state",
            )
            order = await self.state.order(order["mchid"], order["out_trade_no"]) or order
        return order

    async def create_jsapi(self, mchid: str, body: dict[str, Any]) -> dict[str, Any]:
        require(body.get("mchid") == mchid, "mchid 与 Authorization 中的商户号不一致")
        if body.get("appid") != self.appid:
            raise PayError(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配")
        description = body.get("description")
        require(
            isinstance(description, str) and 1 <= len(description) <= 127,
            "description 长度应为1-127个字符",
        )
        no = body.get("out_trade_no")
        require(
            isinstance(no, str) and bool(OUT_TRADE_NO.fullmatch(no)),
            "out_trade_no 应为6-32位数字、大小写字母或_-*",
        )
        notify_url = _check_url(body.get("notify_url"), "notify_url")
        amount = json_object(body.get("amount"), "缺少 amount")
        require(_positive_int(amount.get("total")), "amount.total 应为正整数（单位：分）")
        require(amount.get("currency", "CNY") == "CNY", "amount.currency 仅支持 CNY")
        payer = body.get("payer")
        openid = payer.get("openid") if isinstance(payer, dict) else None
        require(isinstance(openid, str) and 1 <= len(openid) <= 128, "缺少 payer.openid")
        attach = body.get("attach", "")
        require(isinstance(attach, str) and len(attach) <= 128, "attach 长度不能超过128个字符")
        now = self.now()
        expire = now + DEFAULT_EXPIRE_SECONDS
        if body.get("time_expire") is not None:
            expire = _rfc3339_timestamp(body["time_expire"])
            require(expire > now, "time_expire 必须晚于当前时间")
        fingerprint = _fingerprint(body)
        for _ in range(2):  # a second pass only if another request created it meanwhile
            existing = await self.state.order(mchid, str(no))
            if existing is not None:
                existing = await self.current(existing)
                if existing["trade_state"] in ("SUCCESS", "REFUND"):
                    raise PayError(403, "ORDERPAID", "该订单已支付")
                if existing["trade_state"] == "CLOSED":
                    raise PayError(403, "ORDER_CLOSED", "该订单已关闭")
                if existing["fingerprint"] != fingerprint:
                    raise PayError(
                        400, "INVALID_REQUEST", "商户订单号重复，且请求参数与原订单不一致"
                    )
                return {"prepay_id": existing["prepay_id"]}
            stamp = datetime.fromtimestamp(now, SHANGHAI).strftime("%Y%m%d%H%M%S")
            prepay_id = f"wx{stamp}{secrets.token_hex(10)}"
            created = await self.state.create_order(
                {
                    "appid": self.appid,
                    "mchid": mchid,
                    "out_trade_no": no,
                    "description": description,
                    "notify_url": notify_url,
                    "total": amount["total"],
                    "openid": openid,
                    "attach": attach,
                    "time_expire": expire,
                    "prepay_id": prepay_id,
                    "created_at": now,
                    "trade_state": "NOTPAY",
                    "fingerprint": fingerprint,
                    "refunded": 0,
                }
            )
            if created:
                return {"prepay_id": prepay_id}
        raise PayError(500, "SYSTEM_ERROR", "系统繁忙，请稍后重试")

    def transaction_json(self, o: dict[str, str]) -> dict[str, Any]:
        total = int(o["total"])
        data: dict[str, Any] = {
            "appid": o["appid"],
            "mchid": o["mchid"],
            "out_trade_no": o["out_trade_no"],
            "trade_type": "JSAPI",
            "trade_state": o["trade_state"],
            "trade_state_desc": STATE_DESC.get(o["trade_state"], ""),
            "payer": {"openid": o["openid"]},
            "amount": {"total": total, "currency": "CNY"},
        }
        if o.get("transaction_id"):
            data |= {
                "transaction_id": o["transaction_id"],
                "bank_type": "OTHERS",
                "attach": o.get("attach", ""),
                "success_time": rfc3339(float(o["success_time"])),
                "amount": {
                    "total": total,
                    "payer_total": total,
                    "currency": "CNY",
                    "payer_currency": "CNY",
                },
            }
        return data

    async def query(self, mchid: str, out_trade_no: str) -> dict[str, Any]:
        order = await self.state.order(mchid, out_trade_no)
        if order is None:
            raise PayError(404, "ORDER_NOT_EXIST", "订单不存在")
        return self.transaction_json(await self.current(order))

    async def close_order(self, mchid: str, out_trade_no: str) -> None:
        order = await self.state.order(mchid, out_trade_no)
        if order is None:
            raise PayError(404, "ORDER_NOT_EXIST", "订单不存在")
        order = await self.current(order)
        result = await self.state.transition(
            self.state.order_key(mchid, out_trade_no),
            ("NOTPAY", "CLOSED"),
            {"trade_state": "CLOSED", "closed_at": order.get("closed_at") or self.now()},
            state_field="trade_state",
        )
        if result != "OK":
            raise PayError(403, "ORDERPAID", "订单已支付，不能关闭")

    # -- refunds ----------------------------------------------------------------------

    def refund_json(self, r: dict[str, str]) -> dict[str, Any]:
        total, refund = int(r["total"]), int(r["refund"])
        data: dict[str, Any] = {
            "refund_id": r["refund_id"],
            "out_refund_no": r["out_refund_no"],
            "transaction_id": r["transaction_id"],
            "out_trade_no": r["out_trade_no"],
            "channel": "ORIGINAL",
            "user_received_account": "支付用户零钱",
            "create_time": rfc3339(float(r["create_time"])),
            "status": r["status"],
            "funds_account": "AVAILABLE",
            "amount": {
                "total": total,
                "refund": refund,
                "payer_total": total,
                "payer_refund": refund,
                "settlement_total": total,
                "settlement_refund": refund,
                "discount_refund": 0,
                "currency": "CNY",
                "refund_fee": 0,
            },
            "promotion_detail": [],
        }
        if r.get("success_time"):
            data["success_time"] = rfc3339(float(r["success_time"]))
        return data

    async def create_refund(self, mchid: str, body: dict[str, Any]) -> dict[str, Any]:
        out_refund_no = body.get("out_refund_no")
        require(
            isinstance(out_refund_no, str) and bool(OUT_REFUND_NO.fullmatch(out_refund_no)),
            "out_refund_no 应为1-64位数字、大小写字母或_-|*@",
        )
        no, txn = body.get("out_trade_no"), body.get("transaction_id")
        require(bool(no) != bool(txn), "out_trade_no 与 transaction_id 必须二选一")
        amount = json_object(body.get("amount"), "缺少 amount")
        require(_positive_int(amount.get("refund")), "amount.refund 应为正整数（单位：分）")
        require(_positive_int(amount.get("total")), "amount.total 应为正整数（单位：分）")
        require(amount.get("currency") == "CNY", "amount.currency 仅支持 CNY")
        reason = body.get("reason", "")
        require(isinstance(reason, str) and len(reason) <= 80, "reason 长度不能超过80个字符")
        notify_url = ""
        if body.get("notify_url"):
            notify_url = _check_url(body["notify_url"], "notify_url")
        if no:
            order = await self.state.order(mchid, str(no))
        else:
            order = await self.state.order_by_transaction(str(txn))
        if order is None or order["mchid"] != mchid:
            raise PayError(404, "RESOURCE_NOT_EXISTS", "订单不存在")
        fingerprint = _fingerprint(body)
        existing = await self.state.refund(mchid, str(out_refund_no))
        if existing is not None:
            return self._same_refund(existing, fingerprint)
        if order["trade_state"] not in ("SUCCESS", "REFUND"):
            raise PayError(400, "INVALID_REQUEST", "订单未支付，不能退款")
        if amount["total"] != int(order["total"]):
            raise PayError(400, "PARAM_ERROR", "amount.total 与原订单金额不一致")
        now = self.now()
        fields = {
            "refund_id": "50" + _digits(27),
            "out_refund_no": out_refund_no,
            "mchid": mchid,
            "out_trade_no": order["out_trade_no"],
            "transaction_id": order["transaction_id"],
            "total": amount["total"],
            "refund": amount["refund"],
            "reason": reason,
            "notify_url": notify_url,
            "status": "PROCESSING",
            "create_time": now,
            "success_time": "",
            "fingerprint": fingerprint,
        }
        result = await self.state.create_refund(order, fields)
        if result == "EXISTS":  # created by a concurrent request meanwhile
            return self._same_refund(await self._refund(mchid, out_refund_no), fingerprint)
        if result == "EXCEEDS":
            raise PayError(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额")
        if result != "OK":
            raise PayError(400, "INVALID_REQUEST", "订单状态不正确，不能退款")
        await self.state.bill_event(_day(now), f"refund:{mchid}:{out_refund_no}", now)
        await self.state.schedule(
            {"kind": "refund", "mchid": mchid, "out_refund_no": out_refund_no, "status": "SUCCESS"},
            now + self.refund_seconds,
        )
        return self.refund_json(await self._refund(mchid, out_refund_no))

    async def _refund(self, mchid: str, out_refund_no: str) -> dict[str, str]:
        refund = await self.state.refund(mchid, out_refund_no)
        if refund is None:
            raise PayError(404, "RESOURCE_NOT_EXISTS", "退款单不存在")
        return refund

    def _same_refund(self, existing: dict[str, str], fingerprint: str) -> dict[str, Any]:
        if existing["fingerprint"] != fingerprint:
            raise PayError(400, "INVALID_REQUEST", "退款单号重复，且请求参数与原退款不一致")
        return self.refund_json(existing)

    async def query_refund(self, mchid: str, out_refund_no: str) -> dict[str, Any]:
        return self.refund_json(await self._refund(mchid, out_refund_no))

    async def finish_refund(
        self,
        mchid: str,
        out_refund_no: str,
        status: str = "SUCCESS",
        *,
        times: int = 1,
        forge: bool = False,
        sign_with: str = "",
    ) -> dict[str, Any]:
        """PROCESSING → status, then the REFUND.* notification (if a notify_url was given)."""
        refund = await self.state.refund(mchid, out_refund_no)
        if refund is None:
            raise AdminError(404, f"no refund {out_refund_no}")
        now = self.now()
        fields: dict[str, Any] = {"status": status}
        if status == "SUCCESS":
            fields["success_time"] = now
        result = await self.state.transition(
            self.state.refund_key(mchid, out_refund_no),
            ("PROCESSING",),
            fields,
            state_field="status",
        )
        if result != "OK":
            raise AdminError(409, f"refund {out_refund_no} is already {result}")
        if status == "CLOSED":
            order = await self.state.order(mchid, refund["out_trade_no"])
            if order is not None:
                await self.state.give_back(order, int(refund["refund"]))
        refund = await self.state.refund(mchid, out_refund_no) or refund
        deliveries = []
        if refund.get("notify_url"):
            resource: dict[str, Any] = {
                "mchid": mchid,
                "transaction_id": refund["transaction_id"],
                "out_trade_no": refund["out_trade_no"],
                "refund_id": refund["refund_id"],
                "out_refund_no": out_refund_no,
                "refund_status": status,
                "user_received_account": "支付用户零钱",
                "amount": {
                    "total": int(refund["total"]),
                    "refund": int(refund["refund"]),
                    "payer_total": int(refund["total"]),
                    "payer_refund": int(refund["refund"]),
                },
            }
            if status == "SUCCESS":
                resource["success_time"] = rfc3339(now)
            notice_id = str(uuid.uuid4())
            for _ in range(times):
                job = self.notifier.new_job(
                    url=refund["notify_url"],
                    event_type=f"REFUND.{status}",
                    original_type="refund",
                    resource=resource,
                    ref=out_refund_no,
                    forge=forge,
                    sign_with=sign_with,
                    notice_id=notice_id,
                )
                deliveries.append(await self.notifier.deliver(job))
        return {"ok": True, "refund": self.refund_json(refund), "deliveries": deliveries}

    # -- trade bills ------------------------------------------------------------------

    async def apply_bill(self, query: Mapping[str, str], origin: str) -> dict[str, Any]:
        day = _bill_date(query.get("bill_date", ""))
        bill_type = query.get("bill_type") or "ALL"
        require(bill_type in COLUMNS, "bill_type 应为 ALL、SUCCESS 或 REFUND")
        if day >= datetime.fromtimestamp(self.now(), SHANGHAI).date():
            raise PayError(400, "NO_STATEMENT_EXIST", "账单文件不存在，当日账单次日生成")
        lines: list[tuple[str, dict[str, str], dict[str, str]]] = []
        for member in await self.state.bill_events(day.isoformat()):
            kind, mchid, ref = member.split(":", 2)
            if kind == "pay":
                order = await self.state.order(mchid, ref)
                if order is not None:
                    lines.append(("pay", order, {}))
            else:
                refund = await self.state.refund(mchid, ref)
                order = await self.state.order(mchid, refund["out_trade_no"]) if refund else None
                if refund is not None and order is not None:
                    lines.append(("refund", order, refund))
        wanted = {"ALL": ("pay", "refund"), "SUCCESS": ("pay",), "REFUND": ("refund",)}[bill_type]
        if not any(kind in wanted for kind, _, _ in lines):
            raise PayError(400, "NO_STATEMENT_EXIST", "账单文件不存在")
        content = write_trade_bill(bill_type, lines)
        token = await self.state.new_bill_token(content)
        return {
            "hash_type": "SHA1",
            "hash_value": hashlib.sha1(content).hexdigest(),
            "download_url": f"{origin}{API_PREFIX}/v3/billdownload/file?token={token}",
        }

    # -- admin: paying, timed work ------------------------------------------------------

    async def pay(self, opts: Mapping[str, Any]) -> dict[str, Any]:
        no = str(opts.get("out_trade_no") or "")
        mchid = str(opts.get("mchid") or self.keys().mchid)
        order = await self.state.order(mchid, no) if no else None
        if order is None:
            raise AdminError(404, f"no order {no!r}")
        order = await self.current(order)
        if order["trade_state"] == "CLOSED":
            raise AdminError(409, "the order is closed (closed by the merchant or expired)")
        if order["trade_state"] != "NOTPAY":
            raise AdminError(409, "the order is already paid")
        openid = opts.get("openid")
        if openid and openid != order["openid"]:
            raise AdminError(409, "openid is not the payer this order was made for")
        times, delay, amount, sign_with = (
            opts.get("times", 1),
            opts.get("delay_seconds", 0),
            opts.get("amount"),
            str(opts.get("sign_with") or ""),
        )
        if not (isinstance(times, int) and 1 <= times <= 5):
            raise AdminError(400, "times must be 1-5")
        if not (isinstance(delay, (int, float)) and delay >= 0):
            raise AdminError(400, "delay_seconds must be a number >= 0")
        if amount is not None and not _positive_int(amount):
            raise AdminError(400, "amount must be a positive number of fen")
        if sign_with and sign_with not in SIGN_WITH:
            raise AdminError(400, "sign_with must be public_key or certificate")
        now = self.now()
        transaction_id = "4200" + _digits(6) + _day(now).replace("-", "") + _digits(10)
        if await self.state.mark_paid(order, transaction_id, now) != "OK":
            raise AdminError(409, "the order changed meanwhile; query it again")
        await self.state.bill_event(_day(now), f"pay:{mchid}:{no}", now)
        paid = await self.state.order(mchid, no) or order
        resource = self.transaction_json(paid)
        if amount is not None:
            resource["amount"] = {**resource["amount"], "total": amount, "payer_total": amount}
        due = now + float(delay)
        if opts.get("after_expiry"):
            due = max(due, float(order["time_expire"]) + 1)
        notice_id = str(uuid.uuid4())
        deliveries, scheduled = [], []
        for _ in range(times):
            job = self.notifier.new_job(
                url=order["notify_url"],
                event_type="TRANSACTION.SUCCESS",
                original_type="transaction",
                resource=resource,
                ref=no,
                forge=bool(opts.get("forge")),
                sign_with=sign_with,
                notice_id=notice_id,
            )
            if due <= now:
                deliveries.append(await self.notifier.deliver(job))
            else:
                await self.state.schedule(job, due)
                scheduled.append(due)
        return {
            "ok": True,
            "transaction_id": transaction_id,
            "deliveries": deliveries,
            "scheduled": scheduled,
        }

    async def wallet(self, opts: Mapping[str, Any]) -> dict[str, Any]:
        """The payment sheet: `{params, openid, confirm?, mode?}`. Without `confirm` it
        describes the order (what the sheet shows); with it, it pays the way `mode`
        says: normal, twice, late (notified 60 s later), after_expiry, wrong_amount
        (notified as 1 fen), forged (signed with a stranger's key)."""
        params = opts.get("params")
        if not isinstance(params, dict):
            raise AdminError(400, "params: what the page passed to getBrandWCPayRequest")
        fields = {k: str(params.get(k) or "") for k in WALLET_FIELDS}
        if fields["appId"] != self.appid:
            raise AdminError(400, "appId is not this official account's")
        if fields["signType"] != "RSA":
            raise AdminError(400, "signType must be RSA")
        message = "".join(f"{fields[k]}\n" for k in ("appId", "timeStamp", "nonceStr", "package"))
        if not signing.verify(self.keys().merchant_public_key, message, fields["paySign"]):
            raise AdminError(400, "paySign does not verify with the merchant's key")
        if not fields["package"].startswith("prepay_id="):
            raise AdminError(400, "package must be prepay_id=...")
        order = await self.state.order_by_prepay(fields["package"].removeprefix("prepay_id="))
        if order is None:
            raise AdminError(404, "no order for this prepay_id")
        order = await self.current(order)
        openid = str(opts.get("openid") or "")
        if openid != order["openid"]:
            raise AdminError(409, "this order is for another WeChat user")
        summary = {
            "out_trade_no": order["out_trade_no"],
            "description": order["description"],
            "total": int(order["total"]),
            "trade_state": order["trade_state"],
            "time_expire": rfc3339(float(order["time_expire"])),
        }
        if not opts.get("confirm"):
            return {"ok": True, "order": summary}
        mode = str(opts.get("mode") or "normal")
        if mode not in WALLET_MODES:
            raise AdminError(400, f"mode must be one of {', '.join(WALLET_MODES)}")
        variant: dict[str, Any] = dict(WALLET_MODES[mode])
        if mode == "wrong_amount":
            variant["amount"] = 1 if summary["total"] > 1 else 2
        paid = await self.pay({"out_trade_no": order["out_trade_no"], "openid": openid, **variant})
        return {**paid, "order": summary, "mode": mode}

    async def run_due(self) -> list[dict[str, Any]]:
        """Run every timed job that is due on the sandbox clock."""
        done: list[dict[str, Any]] = []
        for job in await self.state.claim_due(self.now()):
            if job["kind"] == "notify":
                done.append(await self.notifier.deliver(job))
            elif job["kind"] == "refund":
                with contextlib.suppress(AdminError):  # finished by hand meanwhile
                    done.append(
                        await self.finish_refund(job["mchid"], job["out_refund_no"], job["status"])
                    )
        return done

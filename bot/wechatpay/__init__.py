"""The WeChat Pay APIv3 boundary: plain data in, typed data out, no business rules.

Like `bot.wechat` for the official account, this package is the only place that knows
WeChat Pay's wire formats (signatures, encrypted notifications, bill files). The
payments capability builds one `WeChatPayClient` from `parse_wechatpay(settings)` and
calls it; see README.md in this folder for the interface.
"""

from __future__ import annotations

from bot.wechatpay.bill import BillFormatError, parse_trade_bill
from bot.wechatpay.client import WeChatPayClient, WeChatPayError, rfc3339, verifier_for
from bot.wechatpay.config import WeChatPayConfig, parse_wechatpay
from bot.wechatpay.models import (
    Notice,
    PaymentNotice,
    Refund,
    RefundNotice,
    TradeBill,
    TradeBillRow,
    TradeBillSummary,
    Transaction,
)
from bot.wechatpay.notifications import parse_notification
from bot.wechatpay.signing import JsapiParams
from bot.wechatpay.verifier import SignatureVerifier, VerificationFailed

__all__ = [
    "BillFormatError",
    "JsapiParams",
    "Notice",
    "PaymentNotice",
    "Refund",
    "RefundNotice",
    "SignatureVerifier",
    "TradeBill",
    "TradeBillRow",
    "TradeBillSummary",
    "Transaction",
    "VerificationFailed",
    "WeChatPayClient",
    "WeChatPayConfig",
    "WeChatPayError",
    "parse_notification",
    "parse_trade_bill",
    "parse_wechatpay",
    "rfc3339",
    "verifier_for",
]

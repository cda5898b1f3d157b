"""Notifications WeChat Pay POSTs to our notify_url: verify, decrypt, type.

```
{"id": "EV-...", "create_time": "...", "event_type": "TRANSACTION.SUCCESS",
 "resource_type": "encrypt-resource", "summary": "支付成功",
 "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
              "ciphertext": "...", "associated_data": "transaction", "nonce": "..."}}
```

Order matters: the signature over the raw body is checked before anything in the
body is believed. Every failure (signature, freshness, decryption, shape) raises the
same `VerificationFailed`; the caller answers WeChat Pay with a 4xx and
`{"code": "FAIL", "message": "失败"}` and WeChat retries later. A verified event we do
not act on comes back as a plain `Notice` to acknowledge.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot.wechatpay import signing
from bot.wechatpay.models import Notice, PaymentNotice, RefundNotice, Transaction, parse_time
from bot.wechatpay.verifier import SignatureVerifier, VerificationFailed

PAYMENT_EVENTS = frozenset({"TRANSACTION.SUCCESS"})
REFUND_EVENTS = frozenset({"REFUND.SUCCESS", "REFUND.ABNORMAL", "REFUND.CLOSED"})


def decrypt_resource(resource: Mapping[str, Any], apiv3_key: bytes) -> dict[str, Any]:
    """The plaintext JSON object inside an `encrypt-resource`."""
    if resource.get("algorithm") != signing.AEAD_ALGORITHM:
        raise VerificationFailed("algorithm")
    try:
        plaintext = signing.aead_decrypt(
            apiv3_key,
            str(resource.get("nonce") or ""),
            str(resource.get("ciphertext") or ""),
            str(resource.get("associated_data") or ""),
        )
        data = json.loads(plaintext)
    except (signing.CryptoError, ValueError) as exc:
        raise VerificationFailed("decrypt") from exc
    if not isinstance(data, dict):
        raise VerificationFailed("resource_shape")
    return data


def parse_notification(
    headers: Mapping[str, str], body: bytes, verifier: SignatureVerifier, apiv3_key: bytes
) -> Notice:
    """Verify and decrypt one notification into a `PaymentNotice`, `RefundNotice` or
    `Notice`. Raises `VerificationFailed` (constant message) on any problem."""
    verifier.verify(headers, body)
    try:
        envelope = json.loads(body)
    except ValueError as exc:
        raise VerificationFailed("body_not_json") from exc
    if not isinstance(envelope, dict) or not isinstance(envelope.get("resource"), dict):
        raise VerificationFailed("body_shape")
    data = decrypt_resource(envelope["resource"], apiv3_key)
    event_type = str(envelope.get("event_type") or "")
    try:
        common: dict[str, Any] = {
            "id": str(envelope.get("id") or ""),
            "event_type": event_type,
            "create_time": parse_time(envelope.get("create_time")),
            "summary": str(envelope.get("summary") or ""),
            "resource": data,
        }
        if event_type in PAYMENT_EVENTS:
            return PaymentNotice(**common, **Transaction.fields_from_api(data))
        if event_type in REFUND_EVENTS:
            return _refund_notice(common, data)
    except (TypeError, ValueError) as exc:
        raise VerificationFailed("resource_fields") from exc
    return Notice(**common)


def _refund_notice(common: dict[str, Any], data: dict[str, Any]) -> RefundNotice:
    amount = data.get("amount") if isinstance(data.get("amount"), dict) else {}
    return RefundNotice(
        **common,
        mchid=str(data.get("mchid") or ""),
        out_trade_no=str(data.get("out_trade_no") or ""),
        transaction_id=str(data.get("transaction_id") or ""),
        out_refund_no=str(data.get("out_refund_no") or ""),
        refund_id=str(data.get("refund_id") or ""),
        refund_status=str(data.get("refund_status") or ""),
        success_time=parse_time(data.get("success_time")),
        user_received_account=str(data.get("user_received_account") or ""),
        total=int(amount.get("total") or 0),
        refund=int(amount.get("refund") or 0),
        payer_total=int(amount.get("payer_total") or 0),
        payer_refund=int(amount.get("payer_refund") or 0),
    )

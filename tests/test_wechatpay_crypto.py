"""WeChat Pay signatures, verification and AES-GCM: published vectors, independent
computations with `cryptography` primitives, and every way verification must fail."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import wechatpay_vectors as v
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID

from bot.clock import FrozenClock
from bot.wechatpay import signing
from bot.wechatpay.models import Notice, PaymentNotice, RefundNotice
from bot.wechatpay.notifications import parse_notification
from bot.wechatpay.verifier import SignatureVerifier, VerificationFailed

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
PUB_ID = "PUB_KEY_ID_0112345678901234567890123456"


@pytest.fixture(scope="module")
def platform_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def pubkey_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def platform_cert(platform_key: rsa.RSAPrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test platform")])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(platform_key.public_key())
        .serial_number(0x5157F09EFDC096DE15EBE81A47057A7232F1B8E1)
        .not_valid_before(NOW - timedelta(days=30))
        .not_valid_after(NOW + timedelta(days=365))
        .sign(platform_key, hashes.SHA256())
    )


def _independent_signature(key: rsa.RSAPrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode()


def _signed(
    key: rsa.RSAPrivateKey, serial: str, body: bytes, timestamp: int, nonce: str = "n0nce"
) -> dict[str, str]:
    """Headers as WeChat Pay sends them, computed without our code."""
    message = f"{timestamp}\n{nonce}\n".encode() + body + b"\n"
    return {
        "Wechatpay-Timestamp": str(timestamp),
        "Wechatpay-Nonce": nonce,
        "Wechatpay-Serial": serial,
        "Wechatpay-Signature": _independent_signature(key, message),
        "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
    }


# -- published vectors ----------------------------------------------------------------


def test_sign_matches_the_official_sdk_vector() -> None:
    key = signing.load_private_key(v.testing_key_pem())
    assert signing.sign(key, v.SIGN_MESSAGE) == v.SIGN_EXPECTED


def test_aead_decrypt_matches_the_official_sdk_vector() -> None:
    plaintext = signing.aead_decrypt(
        v.AES_KEY, v.AES_NONCE, v.AES_CIPHERTEXT, v.AES_ASSOCIATED_DATA
    )
    assert plaintext == v.AES_PLAINTEXT
    with pytest.raises(signing.CryptoError):
        signing.aead_decrypt(
            b"testAPIv3Key1111", v.AES_NONCE, v.AES_CIPHERTEXT, v.AES_ASSOCIATED_DATA
        )


def test_official_notification_vector_verifies_and_decrypts() -> None:
    cert = signing.load_certificate(v.NOTIFY_CERTIFICATE.encode())
    assert signing.certificate_serial(cert) == v.NOTIFY_SERIAL
    clock = FrozenClock(datetime.fromtimestamp(v.NOTIFY_TIMESTAMP, UTC))
    verifier = SignatureVerifier(platform_certs={v.NOTIFY_SERIAL: cert}, clock=clock)
    notice = parse_notification(v.NOTIFY_HEADERS, v.NOTIFY_BODY, verifier, v.NOTIFY_APIV3_KEY)
    assert type(notice) is Notice  # a PAYSCORE event: verified, not one we act on
    assert notice.id == "3119dfba-e649-5eec-ab1e-3412bc4d2e17"
    assert notice.event_type == "PAYSCORE.USER_OPEN_SERVICE" and notice.summary == "签约成功"
    assert notice.resource == v.NOTIFY_PLAINTEXT


def test_official_notification_vector_in_public_key_mode() -> None:
    """The same published signature checks out when the key is configured as a WeChat
    Pay public key and the serial names its id (the serial header is not signed)."""
    cert = signing.load_certificate(v.NOTIFY_CERTIFICATE.encode())
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    clock = FrozenClock(datetime.fromtimestamp(v.NOTIFY_TIMESTAMP, UTC))
    verifier = SignatureVerifier(public_key_id=PUB_ID, public_key=key, clock=clock)
    headers = {**v.NOTIFY_HEADERS, "Wechatpay-Serial": PUB_ID}
    notice = parse_notification(headers, v.NOTIFY_BODY, verifier, v.NOTIFY_APIV3_KEY)
    assert notice.resource == v.NOTIFY_PLAINTEXT
    with pytest.raises(VerificationFailed) as exc:  # the certificate serial is not trusted here
        verifier.verify(v.NOTIFY_HEADERS, v.NOTIFY_BODY)
    assert exc.value.reason == "unknown_serial"


def test_official_notification_vector_fails_ten_minutes_later() -> None:
    cert = signing.load_certificate(v.NOTIFY_CERTIFICATE.encode())
    clock = FrozenClock(datetime.fromtimestamp(v.NOTIFY_TIMESTAMP + 600, UTC))
    verifier = SignatureVerifier(platform_certs={v.NOTIFY_SERIAL: cert}, clock=clock)
    with pytest.raises(VerificationFailed) as exc:
        verifier.verify(v.NOTIFY_HEADERS, v.NOTIFY_BODY)
    assert exc.value.reason == "stale_timestamp"


# -- request signing, JSAPI paySign ---------------------------------------------------


def test_authorization_header_is_what_wechat_pay_verifies(platform_key: rsa.RSAPrivateKey) -> None:
    body = b'{"mchid":"1900000109","amount":{"total":1}}'
    header = signing.authorization(
        mchid="1900000109",
        serial_no="ABC123",
        private_key=platform_key,
        method="post",
        path_qs="/v3/pay/transactions/jsapi",
        body=body,
        timestamp=1741000000,
        nonce="NONCE42",
    )
    assert header.startswith('WECHATPAY2-SHA256-RSA2048 mchid="1900000109",nonce_str="NONCE42",')
    params = signing.parse_authorization(header)
    assert params is not None
    assert (params.mchid, params.serial_no, params.timestamp) == (
        "1900000109",
        "ABC123",
        "1741000000",
    )
    expected = b"POST\n/v3/pay/transactions/jsapi\n1741000000\nNONCE42\n" + body + b"\n"
    # PKCS#1 v1.5 is deterministic: the same bytes signed by cryptography directly.
    assert params.signature == _independent_signature(platform_key, expected)
    platform_key.public_key().verify(
        base64.b64decode(params.signature), expected, padding.PKCS1v15(), hashes.SHA256()
    )


def test_parse_authorization_refuses_other_schemes() -> None:
    assert signing.parse_authorization('Bearer mchid="1"') is None
    assert signing.parse_authorization('WECHATPAY2-SHA256-RSA2048 mchid="1"') is None


def test_jsapi_pay_sign(platform_key: rsa.RSAPrivateKey) -> None:
    params = signing.jsapi_params(
        platform_key, "wx1234567890abcdef", "wx2025prepay", 1741000000, "N1"
    )
    assert params.as_dict() == {
        "appId": "wx1234567890abcdef",
        "timeStamp": "1741000000",
        "nonceStr": "N1",
        "package": "prepay_id=wx2025prepay",
        "signType": "RSA",
        "paySign": _independent_signature(
            platform_key, b"wx1234567890abcdef\n1741000000\nN1\nprepay_id=wx2025prepay\n"
        ),
    }


# -- AES-GCM round trip ---------------------------------------------------------------


def test_aead_round_trip_and_independent_encryption() -> None:
    key = b"0123456789abcdef0123456789ABCDEF"
    sealed = signing.aead_encrypt(key, '{"a":"退款"}'.encode(), "refund")
    assert sealed["algorithm"] == "AEAD_AES_256_GCM" and len(sealed["nonce"]) == 12
    # cryptography's AESGCM opens what we sealed, and we open what it sealed.
    opened = AESGCM(key).decrypt(
        sealed["nonce"].encode(), base64.b64decode(sealed["ciphertext"]), b"refund"
    )
    assert opened == '{"a":"退款"}'.encode()
    theirs = base64.b64encode(AESGCM(key).encrypt(b"abcdefghijkl", b"hello", b"transaction"))
    assert signing.aead_decrypt(key, "abcdefghijkl", theirs.decode(), "transaction") == b"hello"
    with pytest.raises(signing.CryptoError):  # associated data is authenticated
        signing.aead_decrypt(key, "abcdefghijkl", theirs.decode(), "refund")


# -- the verifier: both modes, every failure ------------------------------------------


@pytest.fixture
def verifier(platform_cert: x509.Certificate, pubkey_key: rsa.RSAPrivateKey) -> SignatureVerifier:
    """Platform certificate and public key side by side, as during a migration."""
    return SignatureVerifier(
        platform_certs={signing.certificate_serial(platform_cert): platform_cert},
        public_key_id=PUB_ID,
        public_key=pubkey_key.public_key(),
        clock=FrozenClock(NOW),
    )


BODY = b'{"code":"SUCCESS","prepay_id":"wx2025"}'
TS = int(NOW.timestamp())


def test_both_keys_verify_during_a_migration(
    verifier: SignatureVerifier,
    platform_key: rsa.RSAPrivateKey,
    platform_cert: x509.Certificate,
    pubkey_key: rsa.RSAPrivateKey,
) -> None:
    cert_serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
    verifier.verify(_signed(platform_key, cert_serial, BODY, TS), BODY)
    verifier.verify(_signed(platform_key, cert_serial.lower(), BODY, TS), BODY)
    verifier.verify(_signed(pubkey_key, PUB_ID, BODY, TS - 299), BODY)
    lowercase = {k.lower(): val for k, val in _signed(pubkey_key, PUB_ID, BODY, TS).items()}
    verifier.verify(lowercase, BODY)


def _reason(verifier: SignatureVerifier, headers: dict[str, str], body: bytes) -> str:
    with pytest.raises(VerificationFailed) as exc:
        verifier.verify(headers, body)
    assert str(exc.value) == "WeChat Pay verification failed"  # the same words every time
    return exc.value.reason


def test_verification_failures(
    verifier: SignatureVerifier,
    platform_key: rsa.RSAPrivateKey,
    pubkey_key: rsa.RSAPrivateKey,
) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    good = _signed(pubkey_key, PUB_ID, BODY, TS)
    cases: list[tuple[dict[str, str], bytes, str]] = [
        (_signed(stranger, PUB_ID, BODY, TS), BODY, "bad_signature"),  # forged
        (good, BODY.replace(b"wx2025", b"wx2026"), "bad_signature"),  # tampered body
        ({**good, "Wechatpay-Nonce": "other"}, BODY, "bad_signature"),
        (
            _signed(pubkey_key, "PUB_KEY_ID_0199999999999999999999999999", BODY, TS),
            BODY,
            "unknown_serial",
        ),
        (_signed(platform_key, "ABCDEF", BODY, TS), BODY, "unknown_serial"),  # wrong serial
        (
            _signed(pubkey_key, "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", BODY, TS),
            BODY,
            "bad_signature",
        ),
        (_signed(pubkey_key, PUB_ID, BODY, TS - 301), BODY, "stale_timestamp"),
        (_signed(pubkey_key, PUB_ID, BODY, TS + 301), BODY, "stale_timestamp"),
        ({k: val for k, val in good.items() if k != "Wechatpay-Signature"}, BODY, "missing_header"),
        ({**good, "Wechatpay-Timestamp": "17e8"}, BODY, "bad_timestamp"),
        ({**good, "Wechatpay-Signature-Type": "WECHATPAY2-SM2"}, BODY, "signature_type"),
        ({**good, "Wechatpay-Signature": "WECHATPAY/SIGNTEST/abc"}, BODY, "bad_signature"),
    ]
    for headers, body, reason in cases:
        assert _reason(verifier, headers, body) == reason


def test_expired_platform_certificate_is_refused(
    platform_key: rsa.RSAPrivateKey, platform_cert: x509.Certificate
) -> None:
    later = NOW + timedelta(days=400)
    verifier = SignatureVerifier(
        platform_certs={signing.certificate_serial(platform_cert): platform_cert},
        clock=FrozenClock(later),
    )
    headers = _signed(
        platform_key, signing.certificate_serial(platform_cert), BODY, int(later.timestamp())
    )
    assert _reason(verifier, headers, BODY) == "certificate_not_valid_now"


# -- typed notifications --------------------------------------------------------------


def _notification(
    key: rsa.RSAPrivateKey, apiv3: bytes, event_type: str, original_type: str, plain: dict[str, Any]
) -> tuple[dict[str, str], bytes]:
    """A notification built with cryptography directly, as WeChat Pay would send it."""
    nonce = "0123456789ab"
    sealed = AESGCM(apiv3).encrypt(
        nonce.encode(), json.dumps(plain).encode(), original_type.encode()
    )
    body = json.dumps(
        {
            "id": "EV-2018022511223320873",
            "create_time": "2025-03-03T17:00:00+08:00",
            "resource_type": "encrypt-resource",
            "event_type": event_type,
            "summary": "支付成功",
            "resource": {
                "original_type": original_type,
                "algorithm": "AEAD_AES_256_GCM",
                "ciphertext": base64.b64encode(sealed).decode(),
                "associated_data": original_type,
                "nonce": nonce,
            },
        },
        ensure_ascii=False,
    ).encode()
    return _signed(key, PUB_ID, body, TS), body


APIV3 = b"A" * 32


def test_payment_and_refund_notices_are_typed(
    verifier: SignatureVerifier, pubkey_key: rsa.RSAPrivateKey
) -> None:
    paid = {
        "mchid": "1900000109",
        "appid": "wxd678efh567hg6787",
        "out_trade_no": "BILL20250303001",
        "transaction_id": "4200000123202503031234567890",
        "trade_type": "JSAPI",
        "trade_state": "SUCCESS",
        "trade_state_desc": "支付成功",
        "bank_type": "OTHERS",
        "attach": "",
        "success_time": "2025-03-03T16:59:58+08:00",
        "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
        "amount": {"total": 2550, "payer_total": 2550, "currency": "CNY", "payer_currency": "CNY"},
    }
    headers, body = _notification(pubkey_key, APIV3, "TRANSACTION.SUCCESS", "transaction", paid)
    notice = parse_notification(headers, body, verifier, APIV3)
    assert isinstance(notice, PaymentNotice)
    assert (notice.out_trade_no, notice.transaction_id, notice.trade_state) == (
        "BILL20250303001",
        "4200000123202503031234567890",
        "SUCCESS",
    )
    assert (notice.total, notice.payer_total, notice.payer_openid) == (
        2550,
        2550,
        "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
    )
    assert (notice.mchid, notice.appid, notice.id) == (
        "1900000109",
        "wxd678efh567hg6787",
        "EV-2018022511223320873",
    )
    assert notice.success_time == datetime(2025, 3, 3, 8, 59, 58, tzinfo=UTC)

    for event, status in (
        ("REFUND.SUCCESS", "SUCCESS"),
        ("REFUND.ABNORMAL", "ABNORMAL"),
        ("REFUND.CLOSED", "CLOSED"),
    ):
        refund = {
            "mchid": "1900000109",
            "out_trade_no": "BILL20250303001",
            "transaction_id": "4200000123202503031234567890",
            "out_refund_no": "R20250303001",
            "refund_id": "50000000382019052709732678859",
            "refund_status": status,
            "user_received_account": "支付用户零钱",
            "amount": {"total": 2550, "refund": 1000, "payer_total": 2550, "payer_refund": 1000},
        }
        headers, body = _notification(pubkey_key, APIV3, event, "refund", refund)
        notice = parse_notification(headers, body, verifier, APIV3)
        assert isinstance(notice, RefundNotice) and notice.event_type == event
        assert (notice.out_refund_no, notice.refund_status, notice.refund, notice.total) == (
            "R20250303001",
            status,
            1000,
            2550,
        )


def test_notification_with_wrong_key_or_tampering_fails_the_same_way(
    verifier: SignatureVerifier, pubkey_key: rsa.RSAPrivateKey
) -> None:
    headers, body = _notification(pubkey_key, APIV3, "TRANSACTION.SUCCESS", "transaction", {"a": 1})
    with pytest.raises(VerificationFailed) as exc:
        parse_notification(headers, body, verifier, b"B" * 32)
    assert exc.value.reason == "decrypt"
    with pytest.raises(VerificationFailed) as exc:
        parse_notification(headers, body.replace(b"summary", b"summarx"), verifier, APIV3)
    assert exc.value.reason == "bad_signature"
    # A correctly signed body that is not a notification.
    junk = b"[1, 2]"
    with pytest.raises(VerificationFailed) as exc:
        parse_notification(_signed(pubkey_key, PUB_ID, junk, TS), junk, verifier, APIV3)
    assert exc.value.reason == "body_shape"

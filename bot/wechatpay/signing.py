"""WeChat Pay APIv3 cryptography: request signatures, JSAPI paySign, AES-256-GCM.

Every rule here is a string format plus one primitive from `cryptography`:

- request `Authorization`: RSA-SHA256 (PKCS#1 v1.5) with the merchant private key over
  `METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\nBODY\\n`;
- responses and notifications: the same signature scheme over
  `TIMESTAMP\\nNONCE\\nBODY\\n`, made by WeChat Pay (see `verifier.py`);
- JSAPI `paySign` over `appId\\ntimeStamp\\nnonceStr\\npackage\\n`;
- notification `resource` and certificates: AEAD_AES_256_GCM with the APIv3 key, the
  nonce and associated data taken as UTF-8 bytes, the ciphertext base64(ciphertext||tag).
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import string
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SCHEME = "WECHATPAY2-SHA256-RSA2048"
AEAD_ALGORITHM = "AEAD_AES_256_GCM"
_NONCE_ALPHABET = string.ascii_uppercase + string.digits
_AUTH_PARAM = re.compile(r'(\w+)="([^"]*)"')


class CryptoError(ValueError):
    """A key, certificate or ciphertext that cannot be used."""


# -- keys -----------------------------------------------------------------------------


def load_private_key(pem: bytes, *, trusted: bool = False) -> rsa.RSAPrivateKey:
    """An RSA private key from PEM (PKCS#8 `apiclient_key.pem`, or PKCS#1).

    `trusted` skips the (slow, ~0.1 s) consistency check for keys we generated ourselves."""
    try:
        key = serialization.load_pem_private_key(
            pem, password=None, unsafe_skip_rsa_key_validation=trusted
        )
    except (ValueError, TypeError) as exc:
        raise CryptoError("not an unencrypted PEM private key") from exc
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < 2048:
        raise CryptoError("not an RSA private key of at least 2048 bits")
    return key


def load_public_key(pem: bytes) -> rsa.RSAPublicKey:
    """The WeChat Pay public key (`pub_key.pem`) or any RSA public key in PEM."""
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as exc:
        raise CryptoError("not a PEM public key") from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise CryptoError("not an RSA public key")
    return key


def load_certificate(pem: bytes) -> x509.Certificate:
    """A WeChat Pay platform certificate (`wechatpay_<serial>.pem`)."""
    try:
        cert = x509.load_pem_x509_certificate(pem)
    except ValueError as exc:
        raise CryptoError("not a PEM X.509 certificate") from exc
    if not isinstance(cert.public_key(), rsa.RSAPublicKey):
        raise CryptoError("the certificate does not carry an RSA key")
    return cert


def certificate_serial(cert: x509.Certificate) -> str:
    """The serial as WeChat Pay writes it in `Wechatpay-Serial`: upper-case hex."""
    return normalize_serial(f"{cert.serial_number:X}")


def normalize_serial(serial: str) -> str:
    """Upper-case hex without leading zeros; public key ids (PUB_KEY_ID_...) unchanged."""
    serial = serial.strip()
    if serial.upper().startswith("PUB_KEY_ID_"):
        return serial
    return serial.upper().lstrip("0") or "0"


# -- signatures ---------------------------------------------------------------------------


def sign(private_key: rsa.RSAPrivateKey, message: str | bytes) -> str:
    """RSA-SHA256 PKCS#1 v1.5 signature, base64 encoded."""
    data = message.encode() if isinstance(message, str) else message
    return base64.b64encode(private_key.sign(data, padding.PKCS1v15(), hashes.SHA256())).decode()


def verify(public_key: rsa.RSAPublicKey, message: str | bytes, signature: str) -> bool:
    """True when `signature` (base64) is a valid RSA-SHA256 signature of `message`."""
    data = message.encode() if isinstance(message, str) else message
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    try:
        public_key.verify(raw, data, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def new_nonce(length: int = 32) -> str:
    return "".join(secrets.choice(_NONCE_ALPHABET) for _ in range(length))


def request_message(
    method: str, path_qs: str, timestamp: int | str, nonce: str, body: bytes
) -> bytes:
    """What the merchant signs for one API request (body empty for GET)."""
    head = f"{method.upper()}\n{path_qs}\n{timestamp}\n{nonce}\n".encode()
    return head + body + b"\n"


def response_message(timestamp: int | str, nonce: str, body: bytes) -> bytes:
    """What WeChat Pay signs for a response or a notification."""
    return f"{timestamp}\n{nonce}\n".encode() + body + b"\n"


def authorization(
    *,
    mchid: str,
    serial_no: str,
    private_key: rsa.RSAPrivateKey,
    method: str,
    path_qs: str,
    body: bytes,
    timestamp: int,
    nonce: str,
) -> str:
    """The `Authorization` header value for one request."""
    signature = sign(private_key, request_message(method, path_qs, timestamp, nonce, body))
    return (
        f'{SCHEME} mchid="{mchid}",nonce_str="{nonce}",signature="{signature}",'
        f'timestamp="{timestamp}",serial_no="{serial_no}"'
    )


@dataclass(frozen=True)
class AuthorizationParams:
    mchid: str
    nonce_str: str
    signature: str
    timestamp: str
    serial_no: str


def parse_authorization(header: str) -> AuthorizationParams | None:
    """Split an `Authorization` header into its parameters (None if not WECHATPAY2)."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme != SCHEME:
        return None
    params = dict(_AUTH_PARAM.findall(rest))
    fields = ("mchid", "nonce_str", "signature", "timestamp", "serial_no")
    if not all(params.get(f) for f in fields):
        return None
    return AuthorizationParams(**{f: params[f] for f in fields})


# -- JSAPI ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class JsapiParams:
    """The object handed to `WeixinJSBridge.invoke('getBrandWCPayRequest', ...)`."""

    app_id: str
    time_stamp: str
    nonce_str: str
    package: str
    sign_type: str
    pay_sign: str

    def as_dict(self) -> dict[str, str]:
        return {
            "appId": self.app_id,
            "timeStamp": self.time_stamp,
            "nonceStr": self.nonce_str,
            "package": self.package,
            "signType": self.sign_type,
            "paySign": self.pay_sign,
        }


def jsapi_params(
    private_key: rsa.RSAPrivateKey, appid: str, prepay_id: str, timestamp: int, nonce: str
) -> JsapiParams:
    """Sign a prepay_id for the H5 page (signType RSA, merchant private key)."""
    package = f"prepay_id={prepay_id}"
    message = f"{appid}\n{timestamp}\n{nonce}\n{package}\n"
    return JsapiParams(appid, str(timestamp), nonce, package, "RSA", sign(private_key, message))


# -- AES-256-GCM ----------------------------------------------------------------------------


def aead_decrypt(key: bytes, nonce: str, ciphertext: str, associated_data: str = "") -> bytes:
    """Decrypt a `resource`: base64(ciphertext||tag), nonce and associated data as UTF-8.

    The key length selects AES-128/192/256; WeChat Pay's APIv3 key is 32 bytes (checked
    by the configuration)."""
    try:
        data = base64.b64decode(ciphertext, validate=True)
        return AESGCM(key).decrypt(nonce.encode(), data, associated_data.encode() or None)
    except (binascii.Error, InvalidTag, ValueError) as exc:
        raise CryptoError("the resource does not decrypt with the APIv3 key") from exc


def aead_encrypt(key: bytes, plaintext: bytes, associated_data: str = "") -> dict[str, Any]:
    """What WeChat Pay does to a notification's resource (used by the sandbox)."""
    nonce = new_nonce(12)
    sealed = AESGCM(key).encrypt(nonce.encode(), plaintext, associated_data.encode() or None)
    return {
        "algorithm": AEAD_ALGORITHM,
        "ciphertext": base64.b64encode(sealed).decode(),
        "associated_data": associated_data,
        "nonce": nonce,
    }

"""AES safe mode: WeChat's AES-256-CBC message encryption, built once per process.

The wire format (WeChat "消息加解密"): base64(AES-256-CBC(key, iv=key[:16],
PKCS#7-32(random16 + len(xml) as 4 bytes big-endian + xml + appid))).

wechatpy's `WeChatCrypto` does the cipher work; around it we add what it lacks: a
constant-time `msg_signature` check, strict validation of the decrypted frame
(padding, length, appid) and clean errors instead of `struct.error`/`IndexError`/...
on corrupted input. The cipher object is created once and reused.
"""

from __future__ import annotations

import base64
import binascii
import struct

from wechatpy.crypto import PrpCrypto, WeChatCrypto

from bot.wechat.errors import BadRequest, Forbidden
from bot.wechat.signature import sign, verify

BLOCK = 32  # WeChat pads to 32 bytes (PKCS#7 with a 32-byte block), AES blocks are 16
RANDOM_PREFIX = 16

# Byte-for-byte the envelope wechatpy and WeChat's own samples produce.
ENVELOPE = (
    "<xml>\n"
    "<Encrypt><![CDATA[{encrypt}]]></Encrypt>\n"
    "<MsgSignature><![CDATA[{signature}]]></MsgSignature>\n"
    "<TimeStamp>{timestamp}</TimeStamp>\n"
    "<Nonce><![CDATA[{nonce}]]></Nonce>\n"
    "</xml>"
)


class MessageCrypto:
    """Encrypts replies and decrypts requests for one official account."""

    def __init__(self, token: str, encoding_aes_key: str, appid: str) -> None:
        try:
            self._wechat = WeChatCrypto(token, encoding_aes_key, appid)
        except (AssertionError, binascii.Error, ValueError) as exc:
            raise ValueError("wechat.aes_key: not a valid 43-character EncodingAESKey") from exc
        self.token = token
        self.appid = appid
        self._appid_bytes = appid.encode()
        self._prp = PrpCrypto(self._wechat.key)  # holds the one AES cipher object

    # ------------------------------------------------------------------ decrypt

    def verify(self, msg_signature: str | None, timestamp: str, nonce: str, encrypt: str) -> None:
        if not verify(msg_signature, self.token, timestamp, nonce, encrypt):
            raise Forbidden("msg_signature")

    def decrypt(self, encrypt: str) -> str:
        """The plaintext XML inside `encrypt` (already authenticated by `verify`)."""
        try:
            raw = base64.b64decode(encrypt.encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
            raise BadRequest("ciphertext_base64") from exc
        if not raw or len(raw) % 16:
            raise BadRequest("ciphertext_length")
        try:
            plain = self._prp.cipher.decrypt(raw)
        except Exception as exc:  # cryptography raises ValueError and friends
            raise BadRequest("ciphertext") from exc
        pad = plain[-1]
        if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad:
            raise BadRequest("ciphertext_padding")
        content = plain[RANDOM_PREFIX:-pad]
        if len(content) < 4:
            raise BadRequest("ciphertext_frame")
        (length,) = struct.unpack(">I", content[:4])
        if length > len(content) - 4:
            raise BadRequest("ciphertext_frame")
        xml, appid = content[4 : 4 + length], content[4 + length :]
        if appid != self._appid_bytes:
            raise Forbidden("appid")
        try:
            return xml.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequest("ciphertext_utf8") from exc

    # ------------------------------------------------------------------ encrypt

    def seal(self, xml: str) -> str:
        """The base64 `Encrypt` field for `xml` (random prefix, length, xml, appid)."""
        return self._prp.encrypt(xml, self.appid).decode("ascii")

    def encrypt(self, xml: str, nonce: str, timestamp: str) -> str:
        """The signed `<Encrypt>` envelope answering in safe mode."""
        encrypt = self.seal(xml)
        return ENVELOPE.format(
            encrypt=encrypt,
            signature=sign(self.token, timestamp, nonce, encrypt),
            timestamp=timestamp,
            nonce=nonce,
        )

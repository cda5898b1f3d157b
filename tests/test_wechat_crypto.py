"""Signatures and AES safe mode against published vectors.

Vectors:
- Tencent's official WXBizMsgCrypt sample (token "spamtest", EncodingAESKey
  "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", appid "wx2c2769f8efd9abc2").
- wechatpy's test suite (token "123456", EncodingAESKey
  "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR", appid "wx49f0ab532d5d035a").
"""

from __future__ import annotations

import base64
import struct

import pytest
import xmltodict
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bot.wechat.crypto import MessageCrypto
from bot.wechat.errors import BadRequest, Forbidden
from bot.wechat.signature import sign, verify

# Tencent's official sample.
TX_TOKEN = "spamtest"
TX_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
TX_APPID = "wx2c2769f8efd9abc2"
TX_TIMESTAMP = "1409735669"
TX_NONCE = "1320562132"
TX_SIGNATURE = "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a"
TX_MSG_SIGNATURE = "5d197aaffba7e9b25a30732f161a50dee96bd5fa"
TX_ENCRYPT = (
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8"
    "PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jis"
    "a+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X"
    "8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9F"
    "yJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE="
)

# wechatpy's vectors.
PY_TOKEN = "123456"
PY_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"
PY_APPID = "wx49f0ab532d5d035a"
PY_ENCRYPT = (
    "RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrs"
    "TyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+"
    "BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7v"
    "XUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShy"
    "qio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0="
)
PY_ENCRYPT_SIGNATURE = "74d92dfeb87ba7c714f89d98870ae5eb62dff26d"
PY_REPLY = """<xml>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[test]]></Content>
<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>
<ToUserName><![CDATA[messense]]></ToUserName>
<AgentID>1</AgentID>
<CreateTime>1411525903</CreateTime>
</xml>"""
PY_REPLY_EXPECTED = """<xml>
<Encrypt><![CDATA[9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3]]></Encrypt>
<MsgSignature><![CDATA[407518b7649e86ef23978113f92d27afa9296533]]></MsgSignature>
<TimeStamp>1411525903</TimeStamp>
<Nonce><![CDATA[461056294]]></Nonce>
</xml>"""


def test_signature_matches_official_sample() -> None:
    assert sign(TX_TOKEN, TX_TIMESTAMP, TX_NONCE) == TX_SIGNATURE
    assert sign(TX_TOKEN, TX_TIMESTAMP, TX_NONCE, TX_ENCRYPT) == TX_MSG_SIGNATURE
    assert verify(TX_SIGNATURE, TX_TOKEN, TX_TIMESTAMP, TX_NONCE)
    assert verify(TX_SIGNATURE.upper(), TX_TOKEN, TX_TIMESTAMP, TX_NONCE)


@pytest.mark.parametrize("forged", ["", None, "0" * 40, TX_SIGNATURE[:-1] + "0", "签名"])
def test_forged_signature_rejected(forged: str | None) -> None:
    assert not verify(forged, TX_TOKEN, TX_TIMESTAMP, TX_NONCE)


def test_decrypt_official_sample() -> None:
    crypto = MessageCrypto(TX_TOKEN, TX_KEY, TX_APPID)
    crypto.verify(TX_MSG_SIGNATURE, TX_TIMESTAMP, TX_NONCE, TX_ENCRYPT)
    msg = xmltodict.parse(crypto.decrypt(TX_ENCRYPT))["xml"]
    assert msg["FromUserName"] == "oyORnuP8q7ou2gfYjqLzSIWZf0rs"
    assert msg["Content"] == "abcdteT"
    assert msg["MsgId"] == "6054768590064713728"


def test_decrypt_wechatpy_vector() -> None:
    crypto = MessageCrypto(PY_TOKEN, PY_KEY, PY_APPID)
    crypto.verify(PY_ENCRYPT_SIGNATURE, "1411525903", "461056294", PY_ENCRYPT)
    msg = xmltodict.parse(crypto.decrypt(PY_ENCRYPT))["xml"]
    assert (msg["FromUserName"], msg["Content"]) == ("messense", "test")


def test_encrypt_reproduces_wechatpy_vector_byte_for_byte() -> None:
    crypto = MessageCrypto(PY_TOKEN, PY_KEY, PY_APPID)
    crypto._prp.get_random_string = lambda: "1234567890123456"  # the vector's fixed prefix
    assert crypto.encrypt(PY_REPLY, "461056294", "1411525903") == PY_REPLY_EXPECTED


def test_round_trip_with_unicode() -> None:
    crypto = MessageCrypto(TX_TOKEN, TX_KEY, TX_APPID)
    xml = "<xml><Content><![CDATA[头疼发烧挂什么科]]></Content></xml>"
    envelope = xmltodict.parse(crypto.encrypt(xml, "42", "1700000000"))["xml"]
    crypto.verify(envelope["MsgSignature"], "1700000000", "42", envelope["Encrypt"])
    assert crypto.decrypt(envelope["Encrypt"]) == xml


def test_bad_msg_signature_is_forbidden() -> None:
    crypto = MessageCrypto(TX_TOKEN, TX_KEY, TX_APPID)
    with pytest.raises(Forbidden) as exc:
        crypto.verify(TX_MSG_SIGNATURE, TX_TIMESTAMP, "1320562133", TX_ENCRYPT)
    assert exc.value.status == 403


def test_wrong_appid_is_forbidden() -> None:
    crypto = MessageCrypto(TX_TOKEN, TX_KEY, "wx0000000000000000")
    with pytest.raises(Forbidden, match="appid"):
        crypto.decrypt(TX_ENCRYPT)


def _pad(data: bytes) -> bytes:
    n = 32 - len(data) % 32
    return data + bytes([n]) * n


def _raw_cipher(key: str, plain: bytes) -> str:
    raw_key = base64.b64decode(key + "=")
    enc = Cipher(algorithms.AES(raw_key), modes.CBC(raw_key[:16])).encryptor()
    return base64.b64encode(enc.update(plain) + enc.finalize()).decode()


@pytest.mark.parametrize(
    "encrypt",
    [
        "not base64 at all!",
        "",
        base64.b64encode(b"short").decode(),  # not a multiple of the AES block
        base64.b64encode(b"\0" * 15).decode(),
        TX_ENCRYPT[:-24] + "A" * 20 + "==",  # flipped tail: padding garbage
        # Valid AES, but the padding byte says 0.
        _raw_cipher(TX_KEY, b"0123456789abcdef" + b"\0" * 16),
        # Valid padding, but the length field points past the end.
        _raw_cipher(
            TX_KEY, b"0123456789abcdef" + struct.pack(">I", 9999) + b"x" * 12 + b"\x10" * 16
        ),
        # Valid frame, body not UTF-8.
        _raw_cipher(
            TX_KEY,
            _pad(b"0123456789abcdef" + struct.pack(">I", 2) + b"\xff\xfe" + TX_APPID.encode()),
        ),
    ],
)
def test_corrupted_ciphertext_is_bad_request(encrypt: str) -> None:
    crypto = MessageCrypto(TX_TOKEN, TX_KEY, TX_APPID)
    with pytest.raises((BadRequest, Forbidden)) as exc:
        crypto.decrypt(encrypt)
    assert exc.value.status in (400, 403)
    if exc.value.status == 403:  # only a clean frame with another appid may be a 403
        assert exc.value.reason == "appid"

"""Baseline: a bare aiohttp handler checking the signature and replying fixed XML."""

from __future__ import annotations

import hashlib
import hmac
import sys

from aiohttp import web

TOKEN = sys.argv[1]
PORT = int(sys.argv[2])
FIXED = (
    "<xml><ToUserName><![CDATA[obench]]></ToUserName><FromUserName><![CDATA[gh_bench]]>"
    "</FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
    "<Content><![CDATA[您好，欢迎使用掌上医院]]></Content></xml>"
)


async def handle(request: web.Request) -> web.Response:
    q = request.query
    expected = hashlib.sha1(
        "".join(sorted([TOKEN, q.get("timestamp", ""), q.get("nonce", "")])).encode()
    ).hexdigest()
    if not hmac.compare_digest(expected, q.get("signature", "")):
        return web.Response(status=403)
    await request.read()
    return web.Response(text=FIXED, content_type="application/xml")


app = web.Application()
app.router.add_post("/wechat", handle)
web.run_app(app, host="127.0.0.1", port=PORT, access_log=None, print=None)

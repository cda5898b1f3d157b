"""The local stand-in for the WeChat platform, for `hospital-bot run` and the tests.

Mounted only when `sandbox.enabled` (HOSPITAL_BOT_SANDBOX) is on, never together
with a real WECHAT_SECRET and never on a public HOST unless forced (bot/production.py).

Two halves, both plain HTTP:
- `api`: the WeChat API endpoints this project calls (`/sandbox/api/...`), answering
  like the real ones (tokens that expire, 48 h window, subscriptions, rate limits)
  and recording every outbound message per openid.
- `chat`: a phone-sized chat simulator (`/sandbox/chat`) that plays the WeChat
  platform towards our own `/wechat` endpoint: signed (and, in safe mode, encrypted)
  XML over real HTTP, exactly as WeChat would send it.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote, urlencode

from aiohttp import web

from bot.config import DEMO_STAFF_TOKEN, Settings
from bot.sandbox import pay, pay_keys

API_PREFIX = "/sandbox/api"
REAL_AUTHORIZE_URL = "https://open.weixin.qq.com/connect/oauth2/authorize"
SANDBOX_AUTHORIZE_PATH = "/sandbox/connect/oauth2/authorize"


def setup(app: web.Application) -> None:
    """Mount the sandbox API, the OAuth page and the chat simulator on `app`."""
    from bot.sandbox import api, chat

    api.setup(app)
    chat.setup(app)
    pay.setup(app)  # WeChat Pay emulator (/sandbox/pay/...)


def sandbox_settings(settings: Settings, base_url: str) -> Settings:
    """Turn the sandbox on and point the WeChat API base at this server's sandbox
    (`hospital-bot run`, tests). The LocalHIS staff endpoints get the demo token when
    none is configured; that token is refused anywhere the sandbox is off."""
    base = base_url.rstrip("/")
    booking = dict(settings.section("booking"))
    booking["staff_token"] = booking.get("staff_token") or DEMO_STAFF_TOKEN
    settings = settings.with_overrides(
        wechat=replace(settings.wechat, api_base=base + API_PREFIX),
        public_base_url=settings.public_base_url or base,
        sandbox_enabled=True,
        raw={**settings.raw, "booking": booking},
    )
    return pay_keys.with_sandbox_merchant(settings, base)  # WeChat Pay: the sandbox merchant


def oauth_authorize_url(
    settings: Settings, redirect_uri: str, state: str = "", scope: str = "snsapi_base"
) -> str:
    """Where to send a browser for WeChat web OAuth (real WeChat or the sandbox).

    WeChat requires the parameters in this order and the `#wechat_redirect` suffix.
    """
    params = urlencode(
        {
            "appid": settings.wechat.appid,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": scope,
            "state": state,
        },
        quote_via=quote,
        safe="",
    )
    if not settings.use_sandbox:
        return f"{REAL_AUTHORIZE_URL}?{params}#wechat_redirect"
    api_base = settings.wechat.api_base
    if api_base.endswith(API_PREFIX):
        base = api_base.removesuffix(API_PREFIX)
    else:
        base = settings.public_base_url
    return f"{base}{SANDBOX_AUTHORIZE_PATH}?{params}#wechat_redirect"

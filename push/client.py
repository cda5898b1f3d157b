"""Our small async WeChat API client (wechatpy's HTTP client is synchronous).

Every call carries the shared access_token (`push.token`); when WeChat says the token
is stale (40001 / 42001 / 40014) the token is refreshed once and the call retried once.
Every send first takes a token from its API family's shared rate limiter
(`push.ratelimit`). Any other errcode raises `WeChatAPIError`, whose `outcome`
(`push.policy.classify`) tells the worker whether to retry, when, or why to give up.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import aiohttp
import redis.asyncio as aioredis

from bot.clock import Clock
from bot.config import Settings
from bot.observability import record_api_error
from push.policy import Kind, Outcome, classify
from push.ratelimit import RateLimiter, Sleep
from push.settings import PushSettings
from push.token import TokenManager, TokenTimeout, credentials

log = logging.getLogger(__name__)

TOKEN_ERRORS = frozenset({40001, 40014, 42001})
CLIENT_MSG_ID_MAX = 64  # WeChat's limit for a template message's client_msg_id


class WeChatAPIError(Exception):
    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"WeChat API error {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg

    @property
    def outcome(self) -> Outcome:
        """What to do about it: retry (with a delay), permanent (with a reason), token."""
        return classify(self.errcode)

    @property
    def transient(self) -> bool:
        return self.outcome.kind is not Kind.PERMANENT


def _record_api_error(errcode: int) -> None:
    try:
        record_api_error(errcode)
    except Exception:  # metrics must never break a delivery
        log.debug("metrics.record_api_error_failed", exc_info=True)


def template_data(data: dict[str, Any]) -> dict[str, Any]:
    """Template / subscription message data: plain values become `{"value": ...}`."""
    return {k: v if isinstance(v, dict) else {"value": str(v)} for k, v in data.items()}


class WeChatClient:
    """One per process (or per test); everything shared lives in Redis.

    `clock` and `sleep` drive the rate limiter and the force-refresh ration; tests pass
    a frozen clock with a virtual sleeper."""

    def __init__(
        self,
        settings: Settings,
        redis: aioredis.Redis,
        session: aiohttp.ClientSession,
        *,
        clock: Clock | None = None,
        sleep: Sleep = asyncio.sleep,
        push: PushSettings | None = None,
        timeout_seconds: float = 10.0,
    ) -> None:
        self.base = settings.wechat.api_base.rstrip("/")
        self.appid, self.secret = credentials(settings)
        self.session = session
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self.push = push or PushSettings.from_settings(settings)
        clock = clock or Clock(settings.tz)
        self.limiter = RateLimiter(redis, self.push.rates, clock, sleep=sleep)
        self.tokens = TokenManager(
            redis, self.appid, self._fetch_token, clock, ration=self.push.force_refresh
        )

    # -- customer-service messages (within 48 h of the user's last message) -----------

    async def send_custom(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A customer-service message: `{"touser", "msgtype", <msgtype>: {...}}`."""
        return await self.call(
            "POST", "/cgi-bin/message/custom/send", json_body=payload, family="custom"
        )

    async def send_custom_text(self, openid: str, text: str) -> dict[str, Any]:
        return await self.send_custom(
            {"touser": openid, "msgtype": "text", "text": {"content": text}}
        )

    async def send_custom_news(
        self, openid: str, title: str, url: str, description: str = "", picurl: str = ""
    ) -> dict[str, Any]:
        """A tappable link card (WeChat allows one article per customer-service news)."""
        article = {"title": title, "description": description, "url": url, "picurl": picurl}
        return await self.send_custom(
            {"touser": openid, "msgtype": "news", "news": {"articles": [article]}}
        )

    # -- template messages --------------------------------------------------------------

    async def send_template(
        self,
        openid: str,
        template_id: str,
        data: dict[str, Any],
        url: str = "",
        *,
        client_msg_id: str = "",
    ) -> int:
        """Send a template message; returns WeChat's msgid.

        `data` values may be plain strings; they become `{"value": ...}`.
        `client_msg_id` (the job's idempotency key) lets WeChat drop a repeat of the
        same send, so a retry after a lost answer is still one message.
        """
        body: dict[str, Any] = {
            "touser": openid,
            "template_id": template_id,
            "data": template_data(data),
        }
        if url:
            body["url"] = url
        if client_msg_id:
            body["client_msg_id"] = client_msg_id[:CLIENT_MSG_ID_MAX]
        result = await self.call(
            "POST", "/cgi-bin/message/template/send", json_body=body, family="template"
        )
        return int(result.get("msgid") or 0)

    # -- subscription notifications (订阅通知) -------------------------------------------

    async def send_subscribe(
        self,
        openid: str,
        template_id: str,
        data: dict[str, Any],
        *,
        page: str = "",
        miniprogram: dict[str, str] | None = None,
    ) -> int:
        """`POST /cgi-bin/message/subscribe/bizsend`; returns the msgid when WeChat gives one.

        Needs the user's consent for `template_id` (one-time consents are used up by one
        send: take it from `push.consent.SubscribeConsent` first); without it WeChat
        answers 43101. `page` is the web page opened on tap; `miniprogram` is
        `{"appid", "pagepath"}` to open a mini program instead.
        """
        body: dict[str, Any] = {
            "touser": openid,
            "template_id": template_id,
            "data": template_data(data),
        }
        if page:
            body["page"] = page
        if miniprogram:
            body["miniprogram"] = miniprogram
        result = await self.call(
            "POST", "/cgi-bin/message/subscribe/bizsend", json_body=body, family="subscribe"
        )
        return int(result.get("msgid") or 0)

    # -- menu and OAuth ---------------------------------------------------------------

    async def create_menu(self, menu: dict[str, Any]) -> dict[str, Any]:
        return await self.call("POST", "/cgi-bin/menu/create", json_body=menu)

    async def get_menu(self) -> dict[str, Any]:
        return await self.call("GET", "/cgi-bin/menu/get")

    async def oauth_exchange(self, code: str) -> dict[str, Any]:
        """Web OAuth: trade the `code` from the authorize redirect for the user's openid."""
        params = {
            "appid": self.appid,
            "secret": self.secret,
            "code": code,
            "grant_type": "authorization_code",
        }
        return await self._request("GET", "/sns/oauth2/access_token", params=params)

    # -- plumbing ---------------------------------------------------------------------

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json_body: Any = None,
        family: str = "",
    ) -> dict[str, Any]:
        """An authenticated call, refreshing the token and retrying once if it was stale.

        `family` (custom, template, subscribe) names the shared rate limit to wait on."""
        try:
            token = await self.tokens.get()
        except TokenTimeout as exc:
            raise self._error(-1, str(exc)) from exc
        try:
            return await self._authed(method, path, token, params, json_body, family)
        except WeChatAPIError as exc:
            if exc.errcode not in TOKEN_ERRORS:
                raise
            log.info("wechat.token_rejected", extra={"errcode": exc.errcode})
        try:
            token = await self.tokens.refresh_after(token)
        except TokenTimeout as exc:
            raise self._error(-1, str(exc)) from exc
        return await self._authed(method, path, token, params, json_body, family)

    async def _authed(
        self,
        method: str,
        path: str,
        token: str,
        params: dict[str, str] | None,
        json_body: Any,
        family: str,
    ) -> dict[str, Any]:
        if family:
            await self.limiter.acquire(family)
        return await self._request(
            method, path, params={**(params or {}), "access_token": token}, json_body=json_body
        )

    async def _fetch_token(self, force_refresh: bool) -> tuple[str, int]:
        body = {
            "grant_type": "client_credential",
            "appid": self.appid,
            "secret": self.secret,
            "force_refresh": force_refresh,
        }
        data = await self._request("POST", "/cgi-bin/stable_token", json_body=body)
        return str(data["access_token"]), int(data.get("expires_in") or 7200)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json_body: Any = None,
    ) -> dict[str, Any]:
        data = None
        headers = {}
        if json_body is not None:
            # WeChat wants raw UTF-8, not ASCII escapes, in message bodies.
            data = json.dumps(json_body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json; charset=utf-8"
        try:
            async with self.session.request(
                method,
                self.base + path,
                params=params,
                data=data,
                headers=headers,
                timeout=self.timeout,
            ) as resp:
                text = await resp.text(encoding="utf-8")
                if resp.status != 200:
                    raise self._error(-1, f"HTTP {resp.status} from {path}")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise self._error(-1, f"network error calling {path}: {type(exc).__name__}") from exc
        try:
            result = json.loads(text)
        except ValueError as exc:
            raise self._error(-1, f"non-JSON answer from {path}") from exc
        if not isinstance(result, dict):
            raise self._error(-1, f"unexpected answer from {path}")
        errcode = int(result.get("errcode") or 0)
        if errcode != 0:
            raise self._error(errcode, str(result.get("errmsg", "")))
        return result

    @staticmethod
    def _error(errcode: int, errmsg: str) -> WeChatAPIError:
        _record_api_error(errcode)
        return WeChatAPIError(errcode, errmsg)

"""Our small async WeChat API client (wechatpy's HTTP client is synchronous).

Every call carries the shared access_token; when WeChat says the token is stale
(40001 / 42001 / 40014) the token is refreshed once and the call retried once.
Any other errcode raises `WeChatAPIError`.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import aiohttp
import redis.asyncio as aioredis

from bot.config import Settings
from push.token import TokenManager, TokenTimeout, credentials

log = logging.getLogger(__name__)

TOKEN_ERRORS = frozenset({40001, 40014, 42001})
# Worth retrying later: system busy, token trouble, rate limits. Everything else
# (unsubscribed, outside the 48 h window, bad openid, bad template...) is permanent.
TRANSIENT_ERRORS = frozenset({-1, 40001, 40014, 42001, 45009, 45011})


class WeChatAPIError(Exception):
    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"WeChat API error {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg

    @property
    def transient(self) -> bool:
        return self.errcode in TRANSIENT_ERRORS


def _record_api_error(errcode: int) -> None:
    """Count the error in /metrics when bot.observability provides the counter."""
    try:
        from bot.observability import record_api_error
    except ImportError:
        return
    try:
        record_api_error(errcode)
    except Exception:  # metrics must never break a delivery
        log.debug("metrics.record_api_error_failed", exc_info=True)


class WeChatClient:
    def __init__(
        self,
        settings: Settings,
        redis: aioredis.Redis,
        session: aiohttp.ClientSession,
        *,
        timeout_seconds: float = 10.0,
    ) -> None:
        self.base = settings.wechat.api_base.rstrip("/")
        self.appid, self.secret = credentials(settings)
        self.session = session
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self.tokens = TokenManager(redis, self.appid, self._fetch_token)

    # -- messages -------------------------------------------------------------------

    async def send_custom(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A customer-service message: `{"touser", "msgtype", <msgtype>: {...}}`."""
        return await self.call("POST", "/cgi-bin/message/custom/send", json_body=payload)

    async def send_custom_text(self, openid: str, text: str) -> dict[str, Any]:
        return await self.send_custom(
            {"touser": openid, "msgtype": "text", "text": {"content": text}}
        )

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
        `client_msg_id` lets WeChat drop a duplicate of the same send.
        """
        body: dict[str, Any] = {
            "touser": openid,
            "template_id": template_id,
            "data": {k: v if isinstance(v, dict) else {"value": str(v)} for k, v in data.items()},
        }
        if url:
            body["url"] = url
        if client_msg_id:
            body["client_msg_id"] = client_msg_id[:64]
        result = await self.call("POST", "/cgi-bin/message/template/send", json_body=body)
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
    ) -> dict[str, Any]:
        """An authenticated call, refreshing the token and retrying once if it was stale."""
        try:
            token = await self.tokens.get()
        except TokenTimeout as exc:
            raise WeChatAPIError(-1, str(exc)) from exc
        try:
            return await self._request(
                method, path, params={**(params or {}), "access_token": token}, json_body=json_body
            )
        except WeChatAPIError as exc:
            if exc.errcode not in TOKEN_ERRORS:
                raise
            log.info("wechat.token_rejected", extra={"errcode": exc.errcode})
        try:
            token = await self.tokens.refresh_after(token)
        except TokenTimeout as exc:
            raise WeChatAPIError(-1, str(exc)) from exc
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

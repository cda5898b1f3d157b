"""The one WeChat Pay client of a process (`bot.wechatpay`), built at start-up.

Verifying a notification needs no connection, so `parse_notification` works at once.
The HTTP session behind the API calls belongs to a running event loop, so it opens
with the first call and `close()` ends it (the app's clean-up, the runner's exit);
after `close()` the next call opens a new one.
"""

from __future__ import annotations

from collections.abc import Mapping

import aiohttp

from bot.clock import Clock
from bot.wechatpay import (
    Notice,
    SignatureVerifier,
    WeChatPayClient,
    WeChatPayConfig,
    parse_notification,
    verifier_for,
)


class PayGateway:
    def __init__(self, config: WeChatPayConfig, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        self.verifier: SignatureVerifier = verifier_for(config, clock)
        self._client: WeChatPayClient | None = None

    @property
    def sandbox(self) -> bool:
        return self.config.sandbox

    def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notice:
        """Verify and decrypt a notification; raises `VerificationFailed`."""
        return parse_notification(headers, body, self.verifier, self.config.apiv3_key)

    async def client(self) -> WeChatPayClient:
        if self._client is None or self._client.session.closed:  # no await: no race
            self._client = WeChatPayClient(self.config, aiohttp.ClientSession(), clock=self.clock)
        return self._client

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.session.close()

"""Client for an external Rasa server's `/model/parse` (optional, set RASA_URL).

Rasa answers intents; a slow or failing server never blocks a patient: after
`timeout` seconds, or on any error, `parse` returns None and the local model answers.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

log = logging.getLogger(__name__)


class RasaClient:
    def __init__(self, url: str, *, token: str = "", timeout: float = 0.8) -> None:
        self.url = url.rstrip("/") + "/model/parse"
        self.params = {"token": token} if token else {}
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def parse(self, text: str) -> dict[str, Any] | None:
        try:
            session = await self._client()
            async with session.post(self.url, json={"text": text}, params=self.params) as resp:
                if resp.status != 200:
                    log.warning("rasa.http_error", extra={"status": resp.status})
                    return None
                body = await resp.json(content_type=None)
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            log.warning("rasa.unavailable", extra={"error": type(exc).__name__})
            return None
        intent = body.get("intent") if isinstance(body, dict) else None
        if not isinstance(intent, dict) or not isinstance(intent.get("name"), str):
            log.warning("rasa.bad_response")
            return None
        return body

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

"""Requesting a push: handlers and the /wechat deadline fallback put jobs here.

A job is one entry on a Redis Stream; `push.worker` consumers deliver it through the
WeChat API client. Handlers never call the WeChat API themselves.
"""

from __future__ import annotations

import json
from typing import Any

import redis.asyncio as aioredis

STREAM = "push:jobs"
STREAM_MAXLEN = 100_000


class Outbox:
    def __init__(self, redis: aioredis.Redis) -> None:
        self.redis = redis

    async def enqueue(
        self, kind: str, openid: str, payload: dict[str, Any], job_id: str = ""
    ) -> str:
        """Queue one delivery. `job_id` makes a retried request idempotent downstream."""
        fields = {
            "kind": kind,
            "openid": openid,
            "job_id": job_id,
            "payload": json.dumps(payload, ensure_ascii=False),
        }
        entry = await self.redis.xadd(STREAM, fields, maxlen=STREAM_MAXLEN, approximate=True)
        return entry.decode() if isinstance(entry, bytes) else str(entry)

    async def send_text(self, openid: str, text: str, job_id: str = "") -> str:
        """A customer-service text message (valid within 48 h of the user's last message)."""
        return await self.enqueue("custom_text", openid, {"content": text}, job_id)

    async def send_template(
        self, openid: str, template_id: str, data: dict[str, Any], url: str = "", job_id: str = ""
    ) -> str:
        payload = {"template_id": template_id, "data": data, "url": url}
        return await self.enqueue("template", openid, payload, job_id)

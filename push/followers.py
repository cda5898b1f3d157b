"""Who follows the official account: the audience "all followers" of a broadcast.

A Redis sorted set (`push:followers`, every score 0, so members sort by openid) that
the /wechat endpoint keeps in the Redis batch it already sends for each message
(`queue_follow`, no extra round trip): a follow or any message adds the sender (only a
follower can write to an official account, so people who followed before this
existed are added the next time they write), an unfollow removes them.

`Followers` pages through it in openid order, the shape of a broadcast audience
(`page(params, after, limit)`, `count(params)`; no parameters).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import redis.asyncio as aioredis

from bot.redis_batch import Batch

KEY = "push:followers"


def queue_follow(batch: Batch, openid: str, following: bool) -> None:
    if following:
        batch.add("ZADD", KEY, "NX", 0, openid)
    else:
        batch.add("ZREM", KEY, openid)


class Followers:
    def __init__(self, redis: aioredis.Redis) -> None:
        self.redis = redis

    async def page(self, params: Mapping[str, Any], after: str, limit: int) -> list[str]:
        low = f"({after}" if after else "-"
        found = await self.redis.zrangebylex(KEY, low, "+", start=0, num=limit)
        return [o.decode() if isinstance(o, bytes) else str(o) for o in found]

    async def count(self, params: Mapping[str, Any]) -> int:
        return int(await self.redis.zcard(KEY))

    async def add(self, openid: str) -> None:
        """Record a follower outside /wechat (demo data, an import from WeChat's list)."""
        await self.redis.zadd(KEY, {openid: 0}, nx=True)

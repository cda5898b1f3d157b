"""The sandbox's memory of the WeChat platform, in Redis under `sandbox:`.

Tokens, test users (subscribed or not, last interaction for the 48 h window),
every outbound message per openid, rate counters, OAuth codes and the menu. Kept in
Redis so several processes (web app, worker) see the same emulated platform and it
survives a restart. Time comes from the injected clock so tests can move it.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis

from bot.clock import Clock
from bot.config import Settings

P = "sandbox:"
CUSTOM_WINDOW_SECONDS = 48 * 3600
STABLE_EARLY_REFRESH_SECONDS = 300  # WeChat renews a stable token 5 minutes early
REPLACED_TOKEN_GRACE_SECONDS = 300  # cgi-bin/token: the old token lives 5 more minutes


_NEXT_CREATE_TIME = """
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local t = math.max(tonumber(ARGV[1]), last + 1)
redis.call('SET', KEYS[1], t, 'EX', 86400)
return t
"""


class SandboxError(Exception):
    """A WeChat-style error answer: HTTP 200 with `{"errcode", "errmsg"}`."""

    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"{errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg

    def body(self) -> dict[str, Any]:
        return {"errcode": self.errcode, "errmsg": f"{self.errmsg} rid: {secrets.token_hex(6)}"}


@dataclass(frozen=True)
class SandboxUser:
    openid: str
    nickname: str
    subscribed: bool
    last_interaction: float
    created_at: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "openid": self.openid,
            "nickname": self.nickname,
            "subscribed": self.subscribed,
            "last_interaction": self.last_interaction,
        }


def _s(value: bytes | str | None) -> str:
    if value is None:
        return ""
    return value.decode() if isinstance(value, bytes) else value


class SandboxState:
    def __init__(self, redis: aioredis.Redis, settings: Settings, clock: Clock) -> None:
        self.redis = redis
        self.settings = settings
        self.clock = clock

    def now(self) -> float:
        return self.clock.timestamp()

    @property
    def token_ttl(self) -> int:
        return int(self.settings.sandbox.get("token_ttl_seconds") or 7200)

    @property
    def original_id(self) -> str:
        """The official account's original id (gh_...), ToUserName of inbound messages."""
        return str(self.settings.sandbox.get("original_id") or "gh_sandbox00001")

    # -- counters and rate limits -------------------------------------------------------

    async def count(self, api: str) -> None:
        await self.redis.hincrby(P + "calls", api, 1)

    async def calls(self) -> dict[str, int]:
        raw = await self.redis.hgetall(P + "calls")
        return {_s(k): int(v) for k, v in raw.items()}

    async def check_rate(self, appid: str, api: str) -> None:
        """45009 once an appid calls one API more than the configured times a minute."""
        limit = int(self.settings.sandbox.get("rate_limit_per_minute") or 0)
        if limit <= 0:
            return
        key = f"{P}rate:{appid}:{api}:{int(self.now() // 60)}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, 120)
            used, _ = await pipe.execute()
        if int(used) > limit:
            raise SandboxError(45009, "reach max api daily quota limit")

    # -- access tokens --------------------------------------------------------------------

    async def issue_token(self, appid: str, kind: str, *, force: bool = False) -> tuple[str, int]:
        """kind `plain` (cgi-bin/token: always new) or `stable` (same token while valid)."""
        now = self.now()
        current_key = f"{P}current_token:{appid}:{kind}"
        current = _s(await self.redis.get(current_key))
        if current:
            info = await self.redis.hgetall(P + "token:" + current)
            expires_at = float(info.get(b"expires_at", 0)) if info else 0.0
            revoked = bool(info) and info.get(b"revoked") == b"1"
            remaining = expires_at - now
            if kind == "stable" and not force and not revoked:
                if remaining > STABLE_EARLY_REFRESH_SECONDS:
                    return current, int(remaining)
            elif info and remaining > 0:
                if force:
                    await self.redis.hset(P + "token:" + current, "revoked", "1")
                else:
                    grace = min(expires_at, now + REPLACED_TOKEN_GRACE_SECONDS)
                    await self.redis.hset(P + "token:" + current, "expires_at", grace)
        token = secrets.token_urlsafe(96)
        ttl = self.token_ttl
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(
                P + "token:" + token,
                mapping={"appid": appid, "kind": kind, "expires_at": now + ttl, "revoked": "0"},
            )
            pipe.expire(P + "token:" + token, ttl + 86400)
            pipe.sadd(P + "tokens", token)
            pipe.set(current_key, token)
            await pipe.execute()
        return token, ttl

    async def check_token(self, token: str) -> str:
        """The appid the token belongs to, or 40001 (unknown/revoked) / 42001 (expired)."""
        if not token:
            raise SandboxError(41001, "access_token missing")
        info = await self.redis.hgetall(P + "token:" + token)
        if not info or info.get(b"revoked") == b"1":
            raise SandboxError(
                40001,
                "invalid credential, access_token is invalid or not latest, "
                "could get access_token by getStableAccessToken",
            )
        if float(info[b"expires_at"]) <= self.now():
            raise SandboxError(42001, "access_token expired")
        return _s(info[b"appid"])

    async def expire_tokens(self, mode: str = "expire") -> int:
        """`expire`: every token answers 42001 from now on; `invalidate`: 40001."""
        tokens = [_s(t) for t in await self.redis.smembers(P + "tokens")]
        async with self.redis.pipeline(transaction=False) as pipe:
            for t in tokens:
                if mode == "invalidate":
                    pipe.delete(P + "token:" + t)
                else:
                    pipe.hset(P + "token:" + t, "expires_at", self.now())
            if mode == "invalidate":
                pipe.delete(P + "tokens")
            await pipe.execute()
        return len(tokens)

    # -- users ----------------------------------------------------------------------------

    async def subscribe(self, openid: str, nickname: str = "") -> SandboxUser:
        """A user follows the account (the simulator's "new user"), or follows again."""
        now = self.now()
        key = P + "user:" + openid
        existing = await self.redis.hgetall(key)
        fields: dict[str, Any] = {"subscribed": "1", "last_interaction": now}
        if nickname or not existing:
            fields["nickname"] = nickname or openid[-6:]
        if not existing:
            fields["created_at"] = now
        await self.redis.hset(key, mapping=fields)
        await self.redis.zadd(P + "users", {openid: now}, nx=True)
        user = await self.user(openid)
        assert user is not None
        return user

    async def unsubscribe(self, openid: str) -> None:
        if await self.redis.exists(P + "user:" + openid):
            await self.redis.hset(P + "user:" + openid, "subscribed", "0")

    async def touch(self, openid: str) -> None:
        """The user just sent a message or tapped the menu: the 48 h window restarts."""
        if await self.redis.exists(P + "user:" + openid):
            await self.redis.hset(P + "user:" + openid, "last_interaction", self.now())

    async def backdate(self, openid: str, seconds: float) -> None:
        """Pretend the user's last interaction happened `seconds` earlier (tests, demos)."""
        user = await self.user(openid)
        if user is not None:
            await self.redis.hset(
                P + "user:" + openid, "last_interaction", user.last_interaction - seconds
            )

    async def user(self, openid: str) -> SandboxUser | None:
        raw = await self.redis.hgetall(P + "user:" + openid)
        if not raw:
            return None
        return SandboxUser(
            openid=openid,
            nickname=_s(raw.get(b"nickname")),
            subscribed=raw.get(b"subscribed") == b"1",
            last_interaction=float(raw.get(b"last_interaction") or 0),
            created_at=float(raw.get(b"created_at") or 0),
        )

    async def users(self) -> list[SandboxUser]:
        openids = [_s(o) for o in await self.redis.zrange(P + "users", 0, -1)]
        found = [await self.user(o) for o in openids]
        return [u for u in found if u is not None]

    async def reachable(self, openid: str, *, custom: bool) -> None:
        """40003 unknown user, 43004 not following, 45015 outside the 48 h window."""
        user = await self.user(openid) if openid else None
        if user is None:
            raise SandboxError(40003, "invalid openid")
        if not user.subscribed:
            raise SandboxError(43004, "require subscribe")
        if custom and self.now() - user.last_interaction > CUSTOM_WINDOW_SECONDS:
            raise SandboxError(45015, "response out of time limit or subscription is canceled")

    # -- outbound messages ------------------------------------------------------------------

    async def record(self, openid: str, kind: str, message: dict[str, Any]) -> int:
        """Keep one delivered message (kind `custom` or `template`); returns its id."""
        msg_id = int(await self.redis.incr(P + "seq:outbox"))
        entry = {"id": msg_id, "kind": kind, "at": self.now(), "message": message}
        await self.redis.rpush(P + "outbox:" + openid, json.dumps(entry, ensure_ascii=False))
        return msg_id

    async def outbox(self, openid: str, after: int = 0) -> list[dict[str, Any]]:
        raw = await self.redis.lrange(P + "outbox:" + openid, 0, -1)
        entries = [json.loads(r) for r in raw]
        return [e for e in entries if e["id"] > after]

    async def remember_client_msg_id(self, openid: str, client_msg_id: str, msgid: int) -> None:
        """Template `client_msg_id`: WeChat sends one message per (openid, id) in 10 min."""
        await self.redis.set(f"{P}client_msg:{openid}:{client_msg_id}", msgid, ex=600)

    async def client_msg_seen(self, openid: str, client_msg_id: str) -> int:
        return int(await self.redis.get(f"{P}client_msg:{openid}:{client_msg_id}") or 0)

    # -- templates ----------------------------------------------------------------------------

    def configured_templates(self) -> set[str]:
        ids = {str(t) for t in self.settings.sandbox.get("template_ids") or ()}
        push_templates = (self.settings.raw.get("push") or {}).get("templates") or {}
        if isinstance(push_templates, dict):
            for value in push_templates.values():
                ids.add(str(value.get("id", "")) if isinstance(value, dict) else str(value))
        elif isinstance(push_templates, list):
            ids.update(str(v) for v in push_templates)
        return ids - {""}

    async def add_template(self, template_id: str) -> None:
        await self.redis.sadd(P + "templates", template_id)

    async def known_template(self, template_id: str) -> bool:
        if template_id in self.configured_templates():
            return True
        return bool(await self.redis.sismember(P + "templates", template_id))

    # -- menu ---------------------------------------------------------------------------------

    async def set_menu(self, appid: str, menu: dict[str, Any]) -> None:
        await self.redis.set(f"{P}menu:{appid}", json.dumps(menu, ensure_ascii=False))

    async def get_menu(self, appid: str) -> dict[str, Any] | None:
        raw = await self.redis.get(f"{P}menu:{appid}")
        return json.loads(raw) if raw else None

    # -- web OAuth ----------------------------------------------------------------------------

    async def new_oauth_code(self, appid: str, openid: str, scope: str) -> str:
        code = secrets.token_hex(16)
        value = json.dumps({"appid": appid, "openid": openid, "scope": scope})
        await self.redis.set(f"{P}oauth_code:{code}", value, ex=300)
        return code

    async def use_oauth_code(self, appid: str, code: str) -> dict[str, Any]:
        """A code works once, for five minutes, for the appid it was issued to."""
        key = f"{P}oauth_code:{code}"
        raw = await self.redis.getdel(key) if code else None
        if not raw:
            raise SandboxError(40029, "invalid code")
        info = json.loads(raw)
        if info["appid"] != appid:
            raise SandboxError(40029, "invalid code")
        return info

    # -- inbound message ids and times ---------------------------------------------------------------

    async def next_msgid(self) -> int:
        """A fresh 64-bit MsgId, as WeChat assigns to each user message."""
        return 24_000_000_000_000_000 + int(await self.redis.incr(P + "seq:msgid"))

    async def next_create_time(self, openid: str) -> int:
        """CreateTime for the user's next message: now, but strictly increasing per user.

        WeChat identifies a retried event by FromUserName + CreateTime, so two menu taps
        within one second must not look like a retry in the simulator."""
        value = await self.redis.eval(
            _NEXT_CREATE_TIME, 1, f"{P}create_time:{openid}", int(self.now())
        )
        return int(value)

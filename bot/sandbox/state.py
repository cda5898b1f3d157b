"""The sandbox's memory of the WeChat platform, in Redis under `sandbox:`.

Tokens, test users (subscribed or not, last interaction for the 48 h window),
every outbound message per openid, rate counters and quotas, subscription-message
consent, injected errors, OAuth codes and the menu. Kept in Redis so several
processes (web app, worker) see the same emulated platform and it survives a restart.
Time comes from the injected clock so tests can move it.

Limits follow WeChat's documentation (configurable under `sandbox:` in config.yml):
stable_token's force_refresh works 20 times a day and not within 30 s of the previous
one (it then returns the current token unchanged); a customer-service window allows
`custom_cap` messages between two user interactions (45047 after that); a per-minute
or per-second call rate answers 45011, a daily quota per API answers 45009.
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

# Template `client_msg_id`: WeChat sends one message per (openid, id) within 10 minutes.
_RECORD_ONCE = """
local earlier = redis.call('GET', KEYS[2])
if earlier then return tonumber(earlier) end
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
return tonumber(ARGV[2])
"""
CUSTOM_WINDOW_SECONDS = 48 * 3600
STABLE_EARLY_REFRESH_SECONDS = 300  # WeChat renews a stable token 5 minutes early
REPLACED_TOKEN_GRACE_SECONDS = 300  # cgi-bin/token: the old token lives 5 more minutes
FORCE_REFRESH_PER_DAY = 20  # stable_token force_refresh: 20 a day ...
FORCE_REFRESH_INTERVAL_SECONDS = 30  # ... at least 30 s apart, else no refresh
CUSTOM_CAP = 20  # customer-service messages between two user interactions
MESSAGE_APIS = frozenset({"custom_send", "template_send", "subscribe_send"})

# What WeChat says with each code the sandbox can answer (also for injected errors).
ERRMSG = {
    -1: "system error",
    40001: "invalid credential, access_token is invalid or not latest",
    40003: "invalid openid",
    40037: "invalid template_id",
    42001: "access_token expired",
    43004: "require subscribe",
    43101: "user refuse to accept the msg",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit  mustslower  retry next minute",
    45015: "response out of time limit or subscription is canceled",
    45047: "out of response count limit",
    47003: "argument invalid!",
}

# KEYS: scopes in order (user, api, any). Returns {errcode, delivered} of the first
# rule with calls left (remaining -1: until cleared), spending one call of it.
_INJECTED = """
for _, key in ipairs(KEYS) do
  local rule = redis.call('HMGET', key, 'errcode', 'remaining', 'delivered')
  if rule[1] then
    local left = tonumber(rule[2])
    if left == -1 then return {rule[1], rule[3]} end
    if left > 0 then
      if left == 1 then redis.call('DEL', key) else redis.call('HINCRBY', key, 'remaining', -1) end
      return {rule[1], rule[3]}
    end
  end
end
return false
"""

# KEYS last force, today's count; ARGV now, interval, per day. 1 ok, 0 too soon, -1 none.
_FORCE_REFRESH = """
local now = tonumber(ARGV[1])
local last = tonumber(redis.call('GET', KEYS[1]) or '')
if last ~= nil and now - last < tonumber(ARGV[2]) then return 0 end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[3]) then return -1 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', 172800)
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], 172800)
return 1
"""

# A one-time consent is spent by one send; a long-term one stays. 1: may send.
_TAKE_CONSENT = """
local c = redis.call('HMGET', KEYS[1], 'status', 'kind', 'remaining')
if c[1] ~= 'accept' then return 0 end
if c[2] == 'long_term' then return 1 end
if tonumber(c[3] or '0') > 0 then
  redis.call('HINCRBY', KEYS[1], 'remaining', -1)
  return 1
end
return 0
"""


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

    @classmethod
    def of(cls, errcode: int) -> SandboxError:
        return cls(errcode, ERRMSG.get(errcode, "error"))


@dataclass(frozen=True)
class Injected:
    """An error the sandbox was told to answer; `delivered`: after recording the message."""

    errcode: int
    delivered: bool


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

    def _limit(self, key: str, default: int = 0) -> int:
        return int(self.settings.sandbox.get(key) or default)

    async def check_rate(self, appid: str, api: str) -> None:
        """45011 above the per-second or per-minute rate, 45009 once the daily quota of
        one API (`daily_quota: {api: n}`) is used up. Every call counts."""
        now = self.now()
        day = self.clock.now().strftime("%Y%m%d")
        quota = int((self.settings.sandbox.get("daily_quota") or {}).get(api) or 0)
        per_second, per_minute = "rate_limit_per_second", "rate_limit_per_minute"
        windows = [  # (counter, its ttl, limit, errcode)
            (f"{P}rate_s:{appid}:{api}:{int(now)}", 5, self._limit(per_second), 45011),
            (f"{P}rate:{appid}:{api}:{int(now // 60)}", 120, self._limit(per_minute), 45011),
            (f"{P}quota:{appid}:{api}:{day}", 2 * 86400, quota, 45009),
        ]
        windows = [w for w in windows if w[2] > 0]
        if not windows:
            return
        async with self.redis.pipeline(transaction=True) as pipe:
            for key, ttl, _, _ in windows:
                pipe.incr(key)
                pipe.expire(key, ttl)
            replies = await pipe.execute()
        for (_, _, limit, errcode), used in zip(windows, replies[::2], strict=True):
            if int(used) > limit:
                raise SandboxError.of(errcode)

    # -- access tokens --------------------------------------------------------------------

    async def issue_token(self, appid: str, kind: str, *, force: bool = False) -> tuple[str, int]:
        """kind `plain` (cgi-bin/token: always new) or `stable` (cgi-bin/stable_token).

        plain: every call issues a new token; the previous one works 5 more minutes.
        stable: the same token while more than 5 minutes remain; in its last 5 minutes
        a new one, the old one working until it expires. `force` (already allowed by
        `allow_force_refresh`) replaces it at once; the old token stops working after
        `force_refresh_grace_seconds` (default 0: at once, as WeChat documents)."""
        now = self.now()
        current_key = f"{P}current_token:{appid}:{kind}"
        current = _s(await self.redis.get(current_key))
        info = await self.redis.hgetall(P + "token:" + current) if current else {}
        expires_at = float(info.get(b"expires_at", 0)) if info else 0.0
        revoked = bool(info) and float(info.get(b"revoke_at") or 0) > 0
        remaining = expires_at - now
        if kind == "stable":
            if info and not revoked and not force and remaining > STABLE_EARLY_REFRESH_SECONDS:
                return current, int(remaining)
            if info and not revoked and force and remaining > 0:
                grace = self._limit("force_refresh_grace_seconds")
                await self.redis.hset(P + "token:" + current, "revoke_at", now + grace)
        elif info and remaining > 0:
            grace_until = min(expires_at, now + REPLACED_TOKEN_GRACE_SECONDS)
            await self.redis.hset(P + "token:" + current, "expires_at", grace_until)
        token = secrets.token_urlsafe(96)
        ttl = self.token_ttl
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(
                P + "token:" + token,
                mapping={"appid": appid, "kind": kind, "expires_at": now + ttl, "revoke_at": 0},
            )
            pipe.expire(P + "token:" + token, ttl + 86400)
            pipe.sadd(P + "tokens", token)
            pipe.set(current_key, token)
            await pipe.execute()
        return token, ttl

    async def allow_force_refresh(self, appid: str) -> bool:
        """stable_token force_refresh: False within 30 s of the previous one (WeChat then
        does not refresh); 45009 once the day's allowance is used up."""
        granted = await self.redis.eval(
            _FORCE_REFRESH,
            2,
            f"{P}force_last:{appid}",
            f"{P}force_count:{appid}:{self.clock.now().strftime('%Y%m%d')}",
            repr(self.now()),
            self._limit("force_refresh_interval_seconds", FORCE_REFRESH_INTERVAL_SECONDS),
            self._limit("force_refresh_per_day", FORCE_REFRESH_PER_DAY),
        )
        if int(granted) < 0:
            raise SandboxError.of(45009)
        return int(granted) == 1

    async def check_token(self, token: str) -> str:
        """The appid the token belongs to, or 40001 (unknown/replaced/rejected) / 42001."""
        if not token:
            raise SandboxError(41001, "access_token missing")
        info = await self.redis.hgetall(P + "token:" + token)
        revoke_at = float(info.get(b"revoke_at") or 0) if info else 0.0
        replaced = 0 < revoke_at <= self.now()
        if not info or replaced or info.get(b"rejected") == b"1":
            raise SandboxError(
                40001,
                "invalid credential, access_token is invalid or not latest, "
                "could get access_token by getStableAccessToken",
            )
        if float(info[b"expires_at"]) <= self.now():
            raise SandboxError(42001, "access_token expired")
        return _s(info[b"appid"])

    async def expire_tokens(self, mode: str = "expire") -> int:
        """Every token issued so far, from now on:
        `expire`: answers 42001 (stable_token hands out a new one);
        `invalidate`: answers 40001 and is forgotten (stable_token hands out a new one);
        `reject`: answers 40001 while stable_token's normal mode keeps returning it,
        so only a force_refresh gets a working token."""
        tokens = [_s(t) for t in await self.redis.smembers(P + "tokens")]
        async with self.redis.pipeline(transaction=False) as pipe:
            for t in tokens:
                if mode == "invalidate":
                    pipe.delete(P + "token:" + t)
                elif mode == "reject":
                    pipe.hset(P + "token:" + t, "rejected", "1")
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
        await self.redis.delete(P + "custom_sent:" + openid)
        user = await self.user(openid)
        assert user is not None
        return user

    async def unsubscribe(self, openid: str) -> None:
        if await self.redis.exists(P + "user:" + openid):
            await self.redis.hset(P + "user:" + openid, "subscribed", "0")

    async def touch(self, openid: str) -> None:
        """The user just sent a message or tapped the menu: the 48 h window restarts,
        and so does the count of customer-service messages (45047)."""
        if await self.redis.exists(P + "user:" + openid):
            await self.redis.hset(P + "user:" + openid, "last_interaction", self.now())
            await self.redis.delete(P + "custom_sent:" + openid)

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

    async def take_custom_slot(self, openid: str) -> None:
        """45047 once `custom_cap` customer-service messages went out since the user's
        last interaction (their next message or menu tap starts a new count)."""
        cap = int(self.settings.sandbox.get("custom_cap", CUSTOM_CAP) or 0)
        if cap <= 0:  # 0: no cap
            return
        key = P + "custom_sent:" + openid
        if int(await self.redis.incr(key)) > cap:
            await self.redis.decr(key)
            raise SandboxError.of(45047)

    # -- subscription notifications (订阅通知) consent ----------------------------------------

    async def set_consent(self, openid: str, template_id: str, status: str, kind: str) -> None:
        """What the user chose in the popup (or later in the settings).

        A one-time acceptance allows one more bizsend; long-term allows them until a
        rejection; a rejection ends both."""
        key = f"{P}consent:{openid}:{template_id}"
        if status == "accept" and kind == "one_time":
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.hset(key, mapping={"status": "accept", "kind": kind})
                pipe.hincrby(key, "remaining", 1)
                await pipe.execute()
        else:
            await self.redis.hset(key, mapping={"status": status, "kind": kind, "remaining": 0})

    async def take_consent(self, openid: str, template_id: str) -> None:
        """43101 without consent; a one-time consent is used up by this send."""
        ok = await self.redis.eval(_TAKE_CONSENT, 1, f"{P}consent:{openid}:{template_id}")
        if not int(ok):
            raise SandboxError.of(43101)

    async def consent(self, openid: str, template_id: str) -> dict[str, Any]:
        raw = await self.redis.hgetall(f"{P}consent:{openid}:{template_id}")
        return {_s(k): _s(v) for k, v in raw.items()}

    # -- injected errors ------------------------------------------------------------------

    async def inject(
        self,
        errcode: int,
        *,
        calls: int = 1,
        api: str = "*",
        openid: str = "",
        delivered: bool = False,
    ) -> None:
        """Answer `errcode` to the next `calls` calls (-1: until cleared) of `api` (`*`:
        every message API), or of every message to `openid`. `delivered`: record the
        message first, as when WeChat sent it but its answer was lost."""
        key = self._inject_key(api, openid)
        await self.redis.hset(
            key,
            mapping={"errcode": errcode, "remaining": calls, "delivered": int(delivered)},
        )

    async def clear_injections(self) -> None:
        keys = [k async for k in self.redis.scan_iter(match=P + "inject:*")]
        if keys:
            await self.redis.delete(*keys)

    async def injected(self, api: str, openid: str = "") -> Injected | None:
        """The injected error this call answers, if any (one of its calls is spent)."""
        keys = [self._inject_key(api, "")]
        if openid:
            keys.insert(0, self._inject_key("*", openid))
        if api in MESSAGE_APIS:
            keys.append(self._inject_key("*", ""))
        rule = await self.redis.eval(_INJECTED, len(keys), *keys)
        if not rule:
            return None
        return Injected(errcode=int(rule[0]), delivered=_s(rule[1]) == "1")

    @staticmethod
    def _inject_key(api: str, openid: str) -> str:
        return f"{P}inject:user:{openid}" if openid else f"{P}inject:api:{api}"

    # -- outbound messages ------------------------------------------------------------------

    async def record(
        self, openid: str, kind: str, message: dict[str, Any], client_msg_id: str = ""
    ) -> int:
        """Keep one delivered message (kind `custom` or `template`); returns its id.

        With a template's `client_msg_id` the check and the store are one script, as
        WeChat's de-duplication is one decision: a repeat (also a concurrent one, or one
        retried after a Redis restart cut the first answer) returns the first message's
        id and stores nothing."""
        msg_id = int(await self.redis.incr(P + "seq:outbox"))
        entry = {"id": msg_id, "kind": kind, "at": self.now(), "message": message}
        body = json.dumps(entry, ensure_ascii=False)
        if not client_msg_id:
            await self.redis.rpush(P + "outbox:" + openid, body)
            return msg_id
        keys = (P + "outbox:" + openid, f"{P}client_msg:{openid}:{client_msg_id}")
        return int(await self.redis.eval(_RECORD_ONCE, 2, *keys, body, msg_id, 600))

    async def outbox(self, openid: str, after: int = 0) -> list[dict[str, Any]]:
        raw = await self.redis.lrange(P + "outbox:" + openid, 0, -1)
        entries = [json.loads(r) for r in raw]
        return [e for e in entries if e["id"] > after]

    # -- templates ----------------------------------------------------------------------------

    def configured_templates(self) -> set[str]:
        ids = {str(t) for t in self.settings.sandbox.get("template_ids") or ()}
        push = self.settings.raw.get("push") or {}
        for channels in (push.get("notices") or {}).values():
            for spec in (channels or {}).values():
                if isinstance(spec, dict) and spec.get("id"):
                    ids.add(str(spec["id"]))
        push_templates = push.get("templates") or {}
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

"""The emulated WeChat Pay's memory, in Redis under `sandbox:pay:`.

Orders and refunds are hashes; each state change is one Lua script that checks the
current state and writes the new one, so two processes (or a "pay" racing a "close")
never both win. Timed work (late notifications, retries, refunds completing) sits in
a sorted set scored by the due time on the injected clock; whoever removes a job from
the set runs it, so the background ticker and `/sandbox/pay/admin/tick` never run one
job twice.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

import redis.asyncio as aioredis

P = "sandbox:pay:"
DELIVERY_LOG_SIZE = 200

_CREATE_IF_ABSENT = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
"""

# ARGV[1]: allowed current states (comma separated); ARGV[2..]: field, value pairs.
_TRANSITION = """
local current = redis.call('HGET', KEYS[1], ARGV[2])
if not current then return '' end
for allowed in string.gmatch(ARGV[1], '[^,]+') do
  if allowed == current then
    redis.call('HSET', KEYS[1], unpack(ARGV, 3))
    return 'OK'
  end
end
return current
"""

# KEYS: order, refund. ARGV[1]: amount; ARGV[2..]: the refund's field, value pairs.
_CREATE_REFUND = """
if redis.call('EXISTS', KEYS[2]) == 1 then return 'EXISTS' end
local state = redis.call('HGET', KEYS[1], 'trade_state')
if not state then return 'MISSING' end
if state ~= 'SUCCESS' and state ~= 'REFUND' then return 'NOT_PAID' end
local total = tonumber(redis.call('HGET', KEYS[1], 'total'))
local refunded = tonumber(redis.call('HGET', KEYS[1], 'refunded') or '0')
local amount = tonumber(ARGV[1])
if refunded + amount > total then return 'EXCEEDS' end
redis.call('HINCRBY', KEYS[1], 'refunded', amount)
redis.call('HSET', KEYS[1], 'trade_state', 'REFUND')
redis.call('HSET', KEYS[2], unpack(ARGV, 2))
return 'OK'
"""


def _s(value: bytes | str | None) -> str:
    if value is None:
        return ""
    return value.decode() if isinstance(value, bytes) else value


def _flat(fields: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for k, v in fields.items():
        out += [k, str(v)]
    return out


class PayState:
    def __init__(self, redis: aioredis.Redis) -> None:
        self.redis = redis

    # -- orders ---------------------------------------------------------------------

    @staticmethod
    def order_key(mchid: str, out_trade_no: str) -> str:
        return f"{P}order:{mchid}:{out_trade_no}"

    async def create_order(self, fields: dict[str, Any]) -> bool:
        """Store a new order; False when that out_trade_no already exists."""
        key = self.order_key(fields["mchid"], fields["out_trade_no"])
        created = await self.redis.eval(_CREATE_IF_ABSENT, 1, key, *_flat(fields))
        if created:
            ref = f"{fields['mchid']}:{fields['out_trade_no']}"
            await self.redis.zadd(P + "orders", {ref: fields["created_at"]})
            await self.redis.set(f"{P}prepay:{fields['prepay_id']}", ref)
        return bool(created)

    async def order_by_prepay(self, prepay_id: str) -> dict[str, str] | None:
        """The order a JSAPI `package` (prepay_id=...) pays, as WeChat's sheet finds it."""
        ref = _s(await self.redis.get(f"{P}prepay:{prepay_id}")) if prepay_id else ""
        if not ref:
            return None
        mchid, _, out_trade_no = ref.partition(":")
        return await self.order(mchid, out_trade_no)

    async def order(self, mchid: str, out_trade_no: str) -> dict[str, str] | None:
        raw = await self.redis.hgetall(self.order_key(mchid, out_trade_no))
        return {_s(k): _s(v) for k, v in raw.items()} or None

    async def order_by_transaction(self, transaction_id: str) -> dict[str, str] | None:
        ref = _s(await self.redis.get(f"{P}txn:{transaction_id}"))
        if not ref:
            return None
        mchid, _, out_trade_no = ref.partition(":")
        return await self.order(mchid, out_trade_no)

    async def orders(self, limit: int = 50) -> list[dict[str, str]]:
        refs = [_s(r) for r in await self.redis.zrevrange(P + "orders", 0, limit - 1)]
        found = [await self.order(*r.split(":", 1)) for r in refs]
        return [o for o in found if o]

    async def transition(
        self, key: str, allowed: tuple[str, ...], fields: dict[str, Any], *, state_field: str
    ) -> str:
        """Write `fields` if the current state is one of `allowed`. 'OK', else the
        current state ('' when there is no such record)."""
        result = await self.redis.eval(
            _TRANSITION, 1, key, ",".join(allowed), state_field, *_flat(fields)
        )
        return _s(result)

    async def mark_paid(
        self, order: dict[str, str], transaction_id: str, success_time: float
    ) -> str:
        key = self.order_key(order["mchid"], order["out_trade_no"])
        result = await self.transition(
            key,
            ("NOTPAY",),
            {
                "trade_state": "SUCCESS",
                "transaction_id": transaction_id,
                "success_time": success_time,
            },
            state_field="trade_state",
        )
        if result == "OK":
            await self.redis.set(
                f"{P}txn:{transaction_id}", f"{order['mchid']}:{order['out_trade_no']}"
            )
        return result

    # -- refunds --------------------------------------------------------------------

    @staticmethod
    def refund_key(mchid: str, out_refund_no: str) -> str:
        return f"{P}refund:{mchid}:{out_refund_no}"

    async def create_refund(self, order: dict[str, str], fields: dict[str, Any]) -> str:
        """'OK', 'EXISTS', 'MISSING', 'NOT_PAID' or 'EXCEEDS' (more than is left)."""
        return _s(
            await self.redis.eval(
                _CREATE_REFUND,
                2,
                self.order_key(order["mchid"], order["out_trade_no"]),
                self.refund_key(fields["mchid"], fields["out_refund_no"]),
                fields["refund"],
                *_flat(fields),
            )
        )

    async def refund(self, mchid: str, out_refund_no: str) -> dict[str, str] | None:
        raw = await self.redis.hgetall(self.refund_key(mchid, out_refund_no))
        return {_s(k): _s(v) for k, v in raw.items()} or None

    async def give_back(self, order: dict[str, str], amount: int) -> None:
        """A closed refund returns its amount to what can still be refunded."""
        await self.redis.hincrby(
            self.order_key(order["mchid"], order["out_trade_no"]), "refunded", -amount
        )

    # -- bills ----------------------------------------------------------------------

    async def bill_event(self, day: str, member: str, at: float) -> None:
        """`member` is `pay:<mchid>:<out_trade_no>` or `refund:<mchid>:<out_refund_no>`."""
        await self.redis.zadd(f"{P}bill:{day}", {member: at})

    async def bill_events(self, day: str) -> list[str]:
        return [_s(m) for m in await self.redis.zrange(f"{P}bill:{day}", 0, -1)]

    async def new_bill_token(self, content: bytes, ttl_seconds: int = 30) -> str:
        token = secrets.token_urlsafe(24)
        await self.redis.set(f"{P}bill_file:{token}", content, ex=ttl_seconds)
        return token

    async def bill_file(self, token: str) -> bytes | None:
        raw = await self.redis.get(f"{P}bill_file:{token}") if token else None
        return bytes(raw) if raw is not None else None

    # -- timed jobs -----------------------------------------------------------------

    async def schedule(self, job: dict[str, Any], due: float) -> str:
        job_id = secrets.token_hex(8)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(P + "jobs:data", job_id, json.dumps(job, ensure_ascii=False))
            pipe.zadd(P + "jobs", {job_id: due})
            await pipe.execute()
        return job_id

    async def claim_due(self, now: float, limit: int = 100) -> list[dict[str, Any]]:
        """Jobs due by `now`, each removed from the set by exactly one caller."""
        ids = [_s(i) for i in await self.redis.zrangebyscore(P + "jobs", "-inf", now, 0, limit)]
        claimed = []
        for job_id in ids:
            if await self.redis.zrem(P + "jobs", job_id):
                raw = await self.redis.hget(P + "jobs:data", job_id)
                await self.redis.hdel(P + "jobs:data", job_id)
                if raw:
                    claimed.append(json.loads(raw))
        return claimed

    async def pending(self) -> int:
        return int(await self.redis.zcard(P + "jobs"))

    # -- delivery log ---------------------------------------------------------------

    async def log_delivery(self, entry: dict[str, Any]) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.lpush(P + "deliveries", json.dumps(entry, ensure_ascii=False))
            pipe.ltrim(P + "deliveries", 0, DELIVERY_LOG_SIZE - 1)
            await pipe.execute()

    async def deliveries(self, limit: int = 50) -> list[dict[str, Any]]:
        return [json.loads(r) for r in await self.redis.lrange(P + "deliveries", 0, limit - 1)]

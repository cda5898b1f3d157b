"""Which WeChat channel a message goes out on, and the notice types config.yml maps.

WeChat allows three ways to reach a follower, each with its own rule:
- **customer-service message** (`custom`): only within 48 hours of the user's last
  interaction, and at most `push.custom_cap` of them until the user writes again
  (45047 beyond, 45015 outside the window). Free text, so it carries our jinja2 text.
- **template message** (`template`): any time to a follower, with the fields of a
  template registered in the MP console; `client_msg_id` makes a repeat a no-op.
- **subscription notification** (`subscribe`, 订阅通知 bizsend): only with the user's
  consent for that template (`push.consent`).

`Channels.choose` returns the channels to try, in order: customer-service first when
the window is open and the cap not reached, then the template and the subscription
message configured for the notice's type. None allowed: the message is recorded as
unreachable with the reason. The last interaction is one Redis key per openid
(`push:seen:<openid>`), written by the /wechat endpoint in the pipeline that saves the
conversation (no extra round trip, `queue_seen`).

```yaml
push:
  custom_cap: 20
  notices:
    booking_stopped:                       # a notice type (NOTICE_TYPES)
      template:
        id: TEMPLATE_ID                    # from the MP console
        fields: {first: "您预约的{dept}门诊停诊", keyword1: "{time}", remark: "{reason}"}
      subscribe: {id: ..., fields: {...}}  # optional, needs consent
```
Field values are `str.format` patterns over the notice's data; the fields each type
offers are listed in `NOTICE_TYPES` and checked at start-up.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis

from bot.clock import Clock
from bot.config import ConfigError
from bot.redis_batch import Batch
from push.consent import SubscribeConsent

CUSTOM, TEMPLATE, SUBSCRIBE = "custom", "template", "subscribe"
WINDOW_SECONDS = 48 * 3600
DEFAULT_CUSTOM_CAP = 20
SEEN = "push:seen:"
SENT_IN_WINDOW = "push:cs:"

# Every notice type and the data fields it carries (what a template's fields may use).
# A capability adding a notice adds its type here (push never imports handlers).
NOTICE_TYPES: dict[str, frozenset[str]] = {
    "booking_stopped": frozenset({"patient", "dept", "doctor", "time", "reason", "url"}),
    "waitlist_offer": frozenset({"patient", "dept", "doctor", "time", "expires", "url"}),
    "hold_expired": frozenset({"patient", "dept", "doctor", "time", "url"}),
    "broadcast": frozenset({"title", "body", "url"}),
    "chat_reply": frozenset(),  # a deferred chat answer: customer-service only
    "payment_receipt": frozenset({"patient", "item", "amount", "time", "url"}),
    "refund": frozenset({"patient", "item", "amount", "time", "reason", "url"}),
    "visit_reminder": frozenset({"patient", "dept", "doctor", "time", "place", "url"}),
    "queue_update": frozenset({"patient", "dept", "doctor", "ahead", "place", "url"}),
    "payment_due": frozenset({"patient", "dept", "doctor", "time", "deadline", "url"}),
    "report_ready": frozenset({"patient", "report", "time", "url"}),
    "drug_pickup": frozenset({"patient", "place", "time", "url"}),
    "survey": frozenset({"patient", "dept", "doctor", "time", "url"}),
}


@dataclass(frozen=True)
class TemplateSpec:
    """A template or subscription message: its id and field → pattern mapping."""

    id: str
    fields: Mapping[str, str]

    def render(self, data: Mapping[str, Any]) -> dict[str, str]:
        values = _Defaults(data)
        return {k: string.Formatter().vformat(p, (), values) for k, p in self.fields.items()}


class _Defaults(dict[str, Any]):
    """Missing data renders as an empty string rather than failing a delivery."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__({k: "" if v is None else v for k, v in data.items()})

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class NoticeChannels:
    template: TemplateSpec | None = None
    subscribe: TemplateSpec | None = None


@dataclass(frozen=True)
class ChannelSettings:
    custom_cap: int = DEFAULT_CUSTOM_CAP
    notices: Mapping[str, NoticeChannels] = field(default_factory=dict)


def _spec(raw: Any, where: str, notice_type: str) -> TemplateSpec:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"].strip():
        raise ConfigError(
            f"{where}: needs an `id` (the template id from the MP console). "
            "Fix: write `id: <template id>` and a `fields` mapping."
        )
    fields = raw.get("fields") or {}
    if not isinstance(fields, dict) or not fields:
        raise ConfigError(
            f"{where}.fields: must map each template field to a pattern. "
            'Fix: e.g. fields: {first: "{title}", keyword1: "{time}"}.'
        )
    allowed = NOTICE_TYPES[notice_type]
    for name, pattern in fields.items():
        if not isinstance(pattern, str):
            raise ConfigError(f"{where}.fields.{name}: must be a string. Fix: quote it.")
        try:
            used = {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}
        except ValueError as exc:
            raise ConfigError(
                f"{where}.fields.{name}: {exc}. Fix: write {{field}} for a value, "
                "{{{{ and }}}} for literal braces."
            ) from exc
        unknown = sorted(used - allowed)
        if unknown:
            raise ConfigError(
                f"{where}.fields.{name}: {{{unknown[0]}}} is not a field of {notice_type} "
                f"notices. Fix: use one of {', '.join(sorted(allowed)) or '(none)'}."
            )
    return TemplateSpec(id=raw["id"].strip(), fields={str(k): v for k, v in fields.items()})


def parse_channels(section: Mapping[str, Any]) -> ChannelSettings:
    """Validate `push.custom_cap` and `push.notices`; errors name the field and the fix."""
    cap = section.get("custom_cap", DEFAULT_CUSTOM_CAP)
    if not isinstance(cap, int) or isinstance(cap, bool) or cap < 0:
        raise ConfigError(
            f"push.custom_cap: {cap!r} is not a whole number ≥ 0. Fix: e.g. 20 "
            "(0: never send customer-service messages)."
        )
    raw = section.get("notices") or {}
    if not isinstance(raw, dict):
        raise ConfigError("push.notices: must be a mapping. Fix: notice type → {template: ...}.")
    notices = {}
    for notice_type, channels in raw.items():
        where = f"push.notices.{notice_type}"
        if notice_type not in NOTICE_TYPES:
            raise ConfigError(
                f"{where}: unknown notice type. Fix: use one of {', '.join(sorted(NOTICE_TYPES))}."
            )
        if not isinstance(channels, dict) or not set(channels) <= {TEMPLATE, SUBSCRIBE}:
            raise ConfigError(f"{where}: may hold `template` and `subscribe`. Fix: remove others.")
        notices[notice_type] = NoticeChannels(
            template=_spec(channels[TEMPLATE], f"{where}.template", notice_type)
            if channels.get(TEMPLATE)
            else None,
            subscribe=_spec(channels[SUBSCRIBE], f"{where}.subscribe", notice_type)
            if channels.get(SUBSCRIBE)
            else None,
        )
    return ChannelSettings(custom_cap=cap, notices=notices)


def queue_seen(batch: Batch, openid: str, timestamp: float) -> None:
    """Record the user's interaction (opens the 48-hour customer-service window) in the
    caller's Redis batch."""
    batch.add("SET", SEEN + openid, int(timestamp), "EX", WINDOW_SECONDS + 3600)


@dataclass(frozen=True)
class Choice:
    """The channels to try in order, and why the others were left out."""

    channels: tuple[str, ...]
    skipped: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        return "; ".join(self.skipped) or "no channel configured"


class Channels:
    def __init__(
        self,
        settings: ChannelSettings,
        redis: aioredis.Redis,
        consent: SubscribeConsent,
        clock: Clock,
    ) -> None:
        self.settings, self.redis, self.consent, self.clock = settings, redis, consent, clock

    def for_type(self, notice_type: str) -> NoticeChannels:
        return self.settings.notices.get(notice_type) or NoticeChannels()

    async def seen(self, openid: str) -> float | None:
        raw = await self.redis.get(SEEN + openid)
        return float(raw) if raw is not None else None

    async def opened(self, openid: str) -> None:
        """The user did something that opens the 48-hour window outside /wechat (a
        successful payment, as WeChat counts it)."""
        await self.redis.set(SEEN + openid, int(self.clock.timestamp()), ex=WINDOW_SECONDS + 3600)

    async def choose(self, openid: str, notice_type: str, *, custom: bool = True) -> Choice:
        """The channels allowed for this user and notice type now, best first."""
        return (await self.choose_many([openid], notice_type, custom=custom))[openid]

    async def choose_many(
        self, openids: list[str], notice_type: str, *, custom: bool = True
    ) -> dict[str, Choice]:
        """`choose` for a group (a broadcast's): the facts it needs are read for all of
        them at once, two Redis round trips and one MongoDB query, not three per user."""
        configured = self.for_type(notice_type)
        refused = await self._custom_refused(openids) if custom else {}
        consenting: set[str] = set()
        if configured.subscribe is not None:
            consenting = await self.consent.consenting(openids, configured.subscribe.id)
        choices = {}
        for openid in openids:
            found: list[str] = []
            skipped: list[str] = []
            if custom:
                if refused[openid]:
                    skipped.append(refused[openid])
                else:
                    found.append(CUSTOM)
            if configured.template is not None:
                found.append(TEMPLATE)
            else:
                skipped.append(f"no template message configured for {notice_type}")
            if configured.subscribe is not None:
                if openid in consenting:
                    found.append(SUBSCRIBE)
                else:
                    skipped.append("no subscription consent")
            choices[openid] = Choice(tuple(found), tuple(skipped))
        return choices

    async def _custom_refused(self, openids: list[str]) -> dict[str, str]:
        """Why a customer-service message may not go to each user now ("" when it may)."""
        seen = dict(zip(openids, await self.redis.mget([SEEN + o for o in openids]), strict=True))
        now, cap = self.clock.timestamp(), self.settings.custom_cap
        refused = {}
        for openid, raw in seen.items():
            if raw is None or now - float(raw) > WINDOW_SECONDS:
                refused[openid] = "outside the 48-hour customer-service window"
        open_ = [o for o in openids if o not in refused]
        if open_:
            keys = [f"{SENT_IN_WINDOW}{o}:{int(float(seen[o]))}" for o in open_]
            for openid, used in zip(open_, await self.redis.mget(keys), strict=True):
                if cap <= 0 or int(used or 0) >= cap:
                    refused[openid] = (
                        f"customer-service cap ({cap}) reached until the user writes again"
                    )
        return {o: refused.get(o, "") for o in openids}

    async def count_custom(self, openid: str) -> None:
        """One customer-service message went out in the current window."""
        seen = await self.seen(openid)
        if seen is None:
            return
        key = f"{SENT_IN_WINDOW}{openid}:{int(seen)}"
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.incr(key)
            pipe.expire(key, WINDOW_SECONDS + 3600)
            await pipe.execute()

    async def close_window(self, openid: str) -> None:
        """WeChat said 45015/45047: believe it until the user writes again."""
        seen = await self.seen(openid)
        if seen is not None:
            await self.redis.set(
                f"{SENT_IN_WINDOW}{openid}:{int(seen)}", 1 << 30, ex=WINDOW_SECONDS + 3600
            )

"""Routes one message to one handler: events by name/key, then for text: red flags,
leaving a flow, typed commands, the active flow's step, NLU intents, the fallback.

Built once by the composition root with every service a handler may ask for
(aiogram's `workflow_data`); each handler's parameters are matched to those names at
construction, so a missing service fails at start-up, not on a patient's message.

One exit handler serves every flow: "取消", "退出", "算了" ... leave the current flow
(and whatever it interrupted). Alone, outside any flow, they say there is nothing to
leave — "取消" never starts cancelling an appointment. When a flow that interrupted
another one finishes, the reply offers to continue the interrupted one.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from bot.dialogue.context import Context
from bot.dialogue.filters import FilterLike, Pattern, Words
from bot.dialogue.router import Handler, Route, Router
from bot.dialogue.state import Conversation, ConversationStore
from bot.dialogue.states import NO_STATE, State, StatesGroup
from bot.dialogue.types import NO_REPLY, Message, Reply

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.config import Settings
    from bot.nlu import NLU
    from bot.render import Texts

log = logging.getLogger(__name__)

TEXT_KINDS = ("text", "voice")
# Words that leave any flow; said outside one they leave nothing (see module doc).
EXIT_WORDS = Words(
    "取消", "退出", "算了", "返回", "不用了", "不挂了", "不加了", "不办了", "不取消了"
)


class ResumeFlow(StatesGroup, flow="resume"):
    offer = State()  # "刚才的挂号还没办完，回复「继续」接着办"


RESUME_YES = Words("继续", "1", "一", "好", "好的", "是", "可以", "继续办理")
RESUME_NO = Words("2", "二", "不", "不用", "不了", "否", "不要")


@dataclass(frozen=True)
class Bound:
    """A handler with its injected services and its filters, checked at start-up."""

    fn: Handler
    deps: Mapping[str, Any]
    filters: tuple[FilterLike, ...]

    def match(self, ctx: Context) -> dict[str, Any] | None:
        found: dict[str, Any] = {}
        for f in self.filters:
            got = f(ctx)
            if got is None:
                return None
            found.update(got)
        return found

    async def __call__(self, ctx: Context, **matched: Any) -> Reply | None:
        return await self.fn(ctx, **self.deps, **matched)


def bind(route: Route, services: Mapping[str, Any], where: str) -> Bound:
    params = list(inspect.signature(route.handler).parameters.values())[1:]
    provided = {name for f in route.filters for name in getattr(f, "provides", ())}
    deps: dict[str, Any] = {}
    for p in params:
        if p.name in provided:
            continue
        if p.name in services:
            deps[p.name] = services[p.name]
        elif p.default is inspect.Parameter.empty:
            raise ValueError(
                f"{where}: handler {route.handler.__qualname__} asks for {p.name!r}, which "
                f"no service provides (known: {', '.join(sorted(services))})"
            )
    return Bound(route.handler, deps, route.filters)


def _gate(patterns: list[Bound]) -> re.Pattern[str] | None:
    """One expression that matches a command when any of the command patterns would
    ("删除就诊人{n}" ...), so that a text matching none costs one match instead of one
    per pattern; None when a pattern route has another kind of filter."""
    if not all(len(b.filters) == 1 and isinstance(b.filters[0], Pattern) for b in patterns):
        return None
    alternatives = [b.filters[0].regex.pattern for b in patterns]  # type: ignore[union-attr]
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{a})" for a in alternatives).replace("(?P<n>", "(?:"))


def _turn(nlu: Mapping[str, Any]) -> dict[str, str]:
    """What a parsed text was about, for the traffic counters."""
    turn = {"intent": str((nlu.get("intent") or {}).get("name") or "")}
    departments = (nlu.get("triage") or {}).get("departments") or []
    if departments and departments[0].get("name"):
        turn["department"] = str(departments[0]["name"])
    return turn


class Dispatcher:
    def __init__(
        self,
        routers: list[Router],
        services: Mapping[str, Any],
        *,
        conversations: ConversationStore,
        nlu: NLU,
        settings: Settings,
        clock: Clock,
        texts: Texts,
    ) -> None:
        self.conversations = conversations
        self.nlu = nlu
        self.settings = settings
        self.clock = clock
        self.texts = texts
        self.events: dict[str, Bound] = {}
        self.clicks: dict[str, Bound] = {}
        self.commands: dict[str, Bound] = {}
        self.intents: dict[str, Bound] = {}
        self.resumes: dict[str, Bound] = {}
        self.kinds: dict[str, Bound] = {}
        self.patterns: list[Bound] = []
        self.states: dict[str, list[Bound]] = {}
        for r in routers:
            for table in ("events", "clicks", "commands", "intents", "resumes", "kinds"):
                mine, theirs = getattr(self, table), getattr(r, table)
                clash = mine.keys() & theirs.keys()
                if clash:
                    raise ValueError(f"router {r.name}: {table} {sorted(clash)} already routed")
                mine.update({k: bind(v, services, r.name) for k, v in theirs.items()})
            self.patterns.extend(bind(v, services, r.name) for v in r.patterns)
            for state, routes in r.states.items():
                self.states.setdefault(state, []).extend(bind(v, services, r.name) for v in routes)
        self.pattern_gate = _gate(self.patterns)

    # --- one message, under its conversation's lock ------------------------------------
    async def dispatch(self, msg: Message) -> Reply:
        """Lock the conversation, load it, route `msg`, save and release (two Redis round
        trips). The WeChat endpoint does the same inside its own pipelines (`route`)."""
        conv, lease = await self.conversations.acquire(msg.openid)
        try:
            return await self.route(msg, conv)
        finally:
            await self.conversations.commit(conv, lease)

    async def route(self, msg: Message, conv: Conversation) -> Reply:
        """Route `msg` on a conversation its caller has locked and will save."""
        ctx = Context(msg, conv, self.settings, self.clock, self.texts)
        if msg.kind == "event":
            reply = await self._event(ctx)
        elif msg.kind in TEXT_KINDS and msg.text.strip():
            reply = await self.route_text(ctx, msg.text)
        else:
            handler = self.kinds.get(msg.kind) or self.kinds.get("*")
            reply = await handler(ctx) if handler else None
        reply = reply or NO_REPLY
        if conv.stack and not conv.state:
            reply = self._offer_resume(ctx, reply)
        return reply

    async def _event(self, ctx: Context) -> Reply | None:
        msg = ctx.msg
        if msg.event in ("subscribe", "scan") and msg.event_key:
            name = msg.event_key.split(":", 1)[0]
            handler = self.clicks.get(ctx.settings.scenes.get(name, name))
            if handler:
                ctx.conv.reset()
                return await handler(ctx)
        if msg.event == "click":
            handler = self.clicks.get(msg.event_key)
            if handler:
                ctx.conv.reset()  # a menu tap starts afresh
                return await handler(ctx)
        handler = self.events.get(msg.event)
        return await handler(ctx) if handler else None

    async def route_text(self, ctx: Context, text: str) -> Reply | None:
        if ctx.nlu is None or ctx.nlu.get("text") != text:
            ctx.nlu = await self.nlu.parse(text, ctx)
        conv = ctx.conv
        triage = ctx.nlu.get("triage") or {}
        conv.turn = _turn(ctx.nlu)
        if triage.get("emergency") and "triage" in self.intents:
            conv.reset()  # red flags first: nothing else is answered before them
            return await self.intents["triage"](ctx)
        if EXIT_WORDS(ctx) is not None:
            return self._leave(ctx)
        if conv.state == ResumeFlow.offer.name:
            reply = await self._resume(ctx)
            if reply is not None:
                return reply
        # A typed command ("我的预约", "删除就诊人2") always wins, even inside a flow.
        handler = self.commands.get(ctx.command)
        if handler:
            conv.reset()
            return await handler(ctx)
        if self.pattern_gate is None or self.pattern_gate.match(ctx.command):
            for bound in self.patterns:
                matched = bound.match(ctx)
                if matched is not None:
                    conv.reset()
                    return await bound(ctx, **matched)
        for bound in self.states.get(conv.state, ()):
            matched = bound.match(ctx)
            if matched is not None:
                reply = await bound(ctx, **matched)
                if reply is not None:
                    return reply
        if conv.state and conv.state not in self.states:
            conv.reset()  # a flow from an older release: forget it
        handler = self.intents.get(ctx.nlu["intent"]["name"])
        if handler:
            reply = await handler(ctx)
            if reply is not None:
                return reply
        fallback = self.intents.get("out_of_scope")
        return await fallback(ctx) if fallback and fallback is not handler else None

    # --- leaving and resuming flows ----------------------------------------------------
    def _leave(self, ctx: Context) -> Reply:
        flow = ctx.conv.flow if ctx.conv.state != ResumeFlow.offer.name else ""
        ctx.conv.reset()
        if not flow:
            return ctx.reply("dialogue/nothing_to_leave.j2")
        return ctx.reply("dialogue/left.j2", flow=flow)

    def _offer_resume(self, ctx: Context, reply: Reply) -> Reply:
        flow = str(ctx.conv.stack[-1]["state"]).partition(":")[0]
        if flow not in self.resumes:
            ctx.conv.reset()
            return reply
        ctx.conv.start(ResumeFlow.offer)
        offer = self.texts.render("dialogue/resume_offer.j2", flow=flow)
        text = f"{reply.text}\n\n{offer}" if reply.text else offer
        return replace(reply, text=text, quick_replies=(*reply.quick_replies, "继续"))

    async def _resume(self, ctx: Context) -> Reply | None:
        conv = ctx.conv
        if RESUME_YES(ctx) is not None and conv.pop():
            return await self.resumes[conv.flow](ctx)
        conv.reset()
        if RESUME_NO(ctx) is not None:
            return ctx.reply("dialogue/resume_declined.j2")
        return None  # something else entirely: route it as usual


__all__ = ["EXIT_WORDS", "NO_STATE", "Dispatcher", "ResumeFlow"]

"""Routes one message to one handler: events by name/key, forms, commands, intents."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.dialogue.context import Context
from bot.dialogue.router import Handler, Router, normalize_command
from bot.dialogue.state import Conversation
from bot.dialogue.types import NO_REPLY, Message, Reply

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

TEXT_KINDS = ("text", "voice")


class Dispatcher:
    def __init__(self, routers: list[Router]) -> None:
        self.routers = routers
        self.events: dict[str, Handler] = {}
        self.clicks: dict[str, Handler] = {}
        self.commands: dict[str, Handler] = {}
        self.intents: dict[str, Handler] = {}
        self.forms: dict[str, Handler] = {}
        self.kinds: dict[str, Handler] = {}
        for r in routers:
            for table in ("events", "clicks", "commands", "intents", "forms", "kinds"):
                mine, theirs = getattr(self, table), getattr(r, table)
                clash = mine.keys() & theirs.keys()
                if clash:
                    raise ValueError(f"router {r.name}: {table} {sorted(clash)} already routed")
                mine.update(theirs)

    async def dispatch(
        self, msg: Message, services: Services, conv: Conversation | None = None
    ) -> Reply:
        """Route `msg`. `conv` may be passed already loaded (the WeChat endpoint reads it
        in the same Redis round trip as its retry claim)."""
        if conv is None:
            conv = await services.conversations.load(msg.openid)
        ctx = Context(msg=msg, conv=conv, services=services)
        try:
            reply = await self.route(ctx)
        finally:
            await services.conversations.save(conv)
        return reply or NO_REPLY

    async def route(self, ctx: Context) -> Reply | None:
        msg = ctx.msg
        if msg.kind == "event":
            return await self._event(ctx)
        if msg.kind in TEXT_KINDS and msg.text.strip():
            return await self._text(ctx)
        handler = self.kinds.get(msg.kind) or self.kinds.get("*")
        return await handler(ctx) if handler else None

    async def _event(self, ctx: Context) -> Reply | None:
        msg = ctx.msg
        if msg.event in ("subscribe", "scan") and msg.event_key:
            handler = self._scene(ctx, msg.event_key)
            if handler:
                ctx.conv.end_form()
                return await handler(ctx)
        if msg.event == "click":
            handler = self.clicks.get(msg.event_key)
            if handler:
                ctx.conv.end_form()  # a menu tap starts afresh
                return await handler(ctx)
        handler = self.events.get(msg.event)
        return await handler(ctx) if handler else None

    def _scene(self, ctx: Context, scene: str) -> Handler | None:
        name = scene.split(":", 1)[0]
        key = ctx.settings.scenes.get(name, name)
        return self.clicks.get(key)

    async def route_text(self, ctx: Context, text: str) -> Reply | None:
        """Route a text as if typed: red flags, commands, the active form, then intents."""
        if ctx.nlu is None or ctx.nlu.get("text") != text:
            ctx.nlu = await ctx.services.nlu.parse(text, ctx)
        triage = ctx.nlu.get("triage") or {}
        if triage.get("emergency") and "triage" in self.intents:
            ctx.conv.end_form()  # red flags first: nothing else is answered before them
            return await self.intents["triage"](ctx)
        # A typed menu command ("我的预约", "缴费") always wins, even inside a form.
        handler = self.commands.get(normalize_command(text))
        if handler:
            ctx.conv.end_form()
            return await handler(ctx)
        form = ctx.conv.form
        if form:
            handler = self.forms.get(form)
            if handler is None:
                ctx.conv.end_form()  # a form from an older release: forget it
            else:
                reply = await handler(ctx)
                if reply is not None:
                    return reply
        handler = self.intents.get(ctx.nlu["intent"]["name"])
        if handler:
            reply = await handler(ctx)
            if reply is not None:
                return reply
        fallback = self.intents.get("out_of_scope")
        return await fallback(ctx) if fallback and fallback is not handler else None

    async def _text(self, ctx: Context) -> Reply | None:
        return await self.route_text(ctx, ctx.msg.text)

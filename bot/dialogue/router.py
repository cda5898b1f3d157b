"""Routers: handlers declared next to their capability, selected by filters.

    router = Router("booking")

    @router.click("BOOK")            # menu CLICK key (also scene keys from QR codes)
    @router.command("挂号", "预约挂号")  # a typed menu-like command (exact, after trimming)
    @router.intent("book_appointment")
    async def start(ctx: Context) -> Reply | None: ...

    @router.form("booking")          # the active slot-filling form
    async def step(ctx: Context) -> Reply | None: ...

A handler returns a `Reply`, or None to let the next route try (a form that does not
understand the message lets the NLU route it instead).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.dialogue.context import Context
    from bot.dialogue.types import Reply

Handler = Callable[["Context"], Awaitable["Reply | None"]]


# Words that leave any slot-filling form (each form answers them with its own text).
EXIT_WORDS = frozenset({"取消", "退出", "算了", "返回", "不用了"})


def normalize_command(text: str) -> str:
    return "".join(text.split()).strip("。.!！?？~～").lower()


@dataclass
class Router:
    name: str
    events: dict[str, Handler] = field(default_factory=dict)
    clicks: dict[str, Handler] = field(default_factory=dict)
    commands: dict[str, Handler] = field(default_factory=dict)
    intents: dict[str, Handler] = field(default_factory=dict)
    forms: dict[str, Handler] = field(default_factory=dict)
    kinds: dict[str, Handler] = field(default_factory=dict)

    def _add(
        self, table: dict[str, Handler], keys: tuple[str, ...]
    ) -> Callable[[Handler], Handler]:
        def deco(fn: Handler) -> Handler:
            for k in keys:
                if k in table:
                    raise ValueError(f"router {self.name}: {k!r} registered twice")
                table[k] = fn
            return fn

        return deco

    def event(self, *names: str) -> Callable[[Handler], Handler]:
        return self._add(self.events, tuple(n.lower() for n in names))

    def click(self, *keys: str) -> Callable[[Handler], Handler]:
        return self._add(self.clicks, keys)

    def command(self, *texts: str) -> Callable[[Handler], Handler]:
        return self._add(self.commands, tuple(normalize_command(t) for t in texts))

    def intent(self, *names: str) -> Callable[[Handler], Handler]:
        return self._add(self.intents, names)

    def form(self, *names: str) -> Callable[[Handler], Handler]:
        return self._add(self.forms, names)

    def kind(self, *kinds: str) -> Callable[[Handler], Handler]:
        """Non-text message kinds: image, location, link, video, file ..."""
        return self._add(self.kinds, kinds)

"""Routers: handlers declared next to their capability, selected by filters.

    router = Router("booking")

    @router.click("BOOK")                    # menu CLICK key (also QR scene keys)
    @router.command("挂号", "预约挂号")        # a typed command (exact, after normalising)
    @router.command("删除就诊人{n}")           # ... with a number parameter → n
    @router.intent("book_appointment")       # an NLU intent
    async def start(ctx: Context, booking: BookingService) -> Reply | None: ...

    @router.state(BookingFlow.choose, Choice())   # a step of a declared flow
    async def choose(ctx: Context, booking: BookingService, n: int) -> Reply | None: ...

    @router.resume(BookingFlow)              # continue a flow a prerequisite interrupted
    async def resume(ctx: Context, ...) -> Reply: ...

Handlers take the `Context` first; every other parameter is injected by name: a
service from the composition root (`booking`, `patients`, `his` ...) or a value a
filter matched (`n`, `text`). The dispatcher checks every name at start-up.
A handler returns a `Reply`, or None to let the next route try (a step that does not
understand the message lets the NLU route it instead).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.dialogue.filters import FilterLike, Pattern, normalize_command
from bot.dialogue.states import StatesGroup

if TYPE_CHECKING:
    from bot.dialogue.types import Reply

Handler = Callable[..., Awaitable["Reply | None"]]


@dataclass(frozen=True)
class Route:
    handler: Handler
    filters: tuple[FilterLike, ...] = ()


@dataclass
class Router:
    name: str
    events: dict[str, Route] = field(default_factory=dict)
    clicks: dict[str, Route] = field(default_factory=dict)
    commands: dict[str, Route] = field(default_factory=dict)
    patterns: list[Route] = field(default_factory=list)
    intents: dict[str, Route] = field(default_factory=dict)
    states: dict[str, list[Route]] = field(default_factory=dict)
    resumes: dict[str, Route] = field(default_factory=dict)
    kinds: dict[str, Route] = field(default_factory=dict)

    def _add(self, table: dict[str, Route], keys: tuple[str, ...]) -> Callable[[Handler], Handler]:
        def deco(fn: Handler) -> Handler:
            for k in keys:
                if k in table:
                    raise ValueError(f"router {self.name}: {k!r} registered twice")
                table[k] = Route(fn)
            return fn

        return deco

    def event(self, *names: str) -> Callable[[Handler], Handler]:
        return self._add(self.events, tuple(n.lower() for n in names))

    def click(self, *keys: str) -> Callable[[Handler], Handler]:
        return self._add(self.clicks, keys)

    def command(self, *texts: str) -> Callable[[Handler], Handler]:
        """Exact commands; a text with `{n}` is a pattern that passes the number as `n`."""
        exact = tuple(normalize_command(t) for t in texts if "{n}" not in t)
        patterns = [Pattern(t) for t in texts if "{n}" in t]

        def deco(fn: Handler) -> Handler:
            self._add(self.commands, exact)(fn)
            self.patterns.extend(Route(fn, (p,)) for p in patterns)
            return fn

        return deco

    def intent(self, *names: str) -> Callable[[Handler], Handler]:
        return self._add(self.intents, names)

    def state(self, state: Any, *filters: FilterLike) -> Callable[[Handler], Handler]:
        """A step of a flow (a `State`, or `NO_STATE`: no flow active), tried in order of
        declaration with its filters; all filters must match."""

        def deco(fn: Handler) -> Handler:
            self.states.setdefault(str(state), []).append(Route(fn, filters))
            return fn

        return deco

    def resume(self, flow: type[StatesGroup]) -> Callable[[Handler], Handler]:
        return self._add(self.resumes, (flow.flow,))

    def kind(self, *kinds: str) -> Callable[[Handler], Handler]:
        """Non-text message kinds: image, location, link, video, file ..."""
        return self._add(self.kinds, kinds)

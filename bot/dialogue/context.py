"""What a handler receives first: the message, the conversation and how to answer.

Services are not reached through the context: a handler names what it needs as a
parameter and the dispatcher injects it (see `bot.dialogue.router`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.dialogue.filters import normalize_command
from bot.dialogue.state import Conversation
from bot.dialogue.types import Message, Reply

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.config import Settings
    from bot.render import Texts


@dataclass
class Context:
    msg: Message
    conv: Conversation
    settings: Settings
    clock: Clock
    texts: Texts
    nlu: dict[str, Any] | None = None  # intents.parse() result, when the text was parsed
    _command: str | None = field(default=None, repr=False)
    _today: date | None = field(default=None, repr=False)

    @property
    def openid(self) -> str:
        return self.msg.openid

    @property
    def command(self) -> str:
        """The text as commands and word lists compare it (`normalize_command`)."""
        if self._command is None:
            self._command = normalize_command(self.msg.text)
        return self._command

    @property
    def today(self) -> date:
        """The hospital's date, read from the clock once per message."""
        if self._today is None:
            self._today = self.clock.now().date()
        return self._today

    def reply(self, template: str, *, quick_replies: tuple[str, ...] = (), **values: Any) -> Reply:
        """Render a reply template (config.yml `templates:` may point it elsewhere)."""
        text = self.texts.render(template, today=self.today, quick_replies=quick_replies, **values)
        return Reply(text=text, quick_replies=quick_replies)

    def entity(self, name: str) -> Any:
        """First value of an NLU entity, or None."""
        for e in (self.nlu or {}).get("entities", ()):
            if e.get("entity") == name:
                return e.get("value")
        return None

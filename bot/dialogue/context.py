"""What a handler receives: the message, the conversation and the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from bot.dialogue.state import Conversation
from bot.dialogue.types import Message, Reply
from bot.render import render

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.config import Settings
    from bot.services import Services
    from bot.storage import Repository

R = TypeVar("R", bound="Repository")


@dataclass
class Context:
    msg: Message
    conv: Conversation
    services: Services
    nlu: dict[str, Any] | None = None  # intents.parse() result, when the text was parsed

    @property
    def openid(self) -> str:
        return self.msg.openid

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def clock(self) -> Clock:
        return self.services.clock

    def repo(self, cls: type[R]) -> R:
        return self.services.storage.repo(cls)

    def template_name(self, name: str) -> str:
        """config.yml `templates:` may point a reply at a hospital's own template."""
        return self.settings.templates.get(name, name)

    def reply(self, template: str, *, quick_replies: tuple[str, ...] = (), **values: Any) -> Reply:
        text = render(
            self.template_name(template),
            hospital=self.settings.hospital,
            base_url=self.services.base_url,
            quick_replies=quick_replies,
            **values,
        )
        return Reply(text=text, quick_replies=quick_replies)

    def entity(self, name: str) -> Any:
        """First value of an NLU entity, or None."""
        for e in (self.nlu or {}).get("entities", ()):
            if e.get("entity") == name:
                return e.get("value")
        return None

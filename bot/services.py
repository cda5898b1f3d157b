"""The services a handler can reach, built once per process."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.clock import Clock
from bot.config import Settings
from bot.dialogue.state import ConversationStore
from bot.nlu import NLU
from bot.rasa_client import RasaClient
from bot.storage import Storage
from push.outbox import Outbox

if TYPE_CHECKING:
    from bot.dialogue.dispatcher import Dispatcher


@dataclass
class Services:
    settings: Settings
    storage: Storage
    clock: Clock
    conversations: ConversationStore
    outbox: Outbox
    nlu: NLU
    dispatcher: Dispatcher
    base_url: str
    extras: dict[str, Any] = field(default_factory=dict)  # capability-owned singletons

    @classmethod
    def build(
        cls,
        settings: Settings,
        storage: Storage,
        clock: Clock | None = None,
        dispatcher: Dispatcher | None = None,
        nlu: NLU | None = None,
    ) -> Services:
        from bot.dialogue.routes import default_dispatcher

        base = settings.public_base_url or f"http://{settings.host}:{settings.port}"
        return cls(
            settings=settings,
            storage=storage,
            clock=clock or Clock(settings.tz),
            conversations=ConversationStore(storage.redis, settings.limits.state_ttl_seconds),
            outbox=Outbox(storage.redis),
            nlu=nlu or NLU(),
            dispatcher=dispatcher or default_dispatcher(),
            base_url=base,
        )


def rasa_from_settings(settings: Settings) -> RasaClient | None:
    section = settings.section("nlu")
    url = str(section.get("rasa_url") or "")
    if not url:
        return None
    return RasaClient(
        url,
        token=str(section.get("rasa_token") or ""),
        timeout=float(section.get("rasa_timeout_seconds") or 0.8),
    )


SERVICES: web.AppKey[Services] = web.AppKey("services", Services)

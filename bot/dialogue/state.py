"""Per-user conversation state in Redis (one JSON document per openid, with a TTL).

A *form* is a slot-filling conversation (booking, binding a patient, a clarifying
triage question). Only one form is active at a time; a menu tap or a new intent that
belongs to another capability replaces it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis

KEY = "conv:{openid}"
# Symptoms accumulate across the turns of one conversation ("孩子发烧" … "脖子有点硬"):
# the last few symptom messages are kept for this long and passed to the NLU.
SYMPTOM_TTL_SECONDS = 30 * 60
MAX_SYMPTOM_TURNS = 4


@dataclass
class Conversation:
    openid: str
    form: str = ""
    slots: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)  # long-lived bits (e.g. last dept)
    dirty: bool = False

    def start_form(self, name: str, **slots: Any) -> None:
        self.form, self.slots, self.dirty = name, dict(slots), True

    def update(self, **slots: Any) -> None:
        self.slots.update(slots)
        self.dirty = True

    def end_form(self) -> None:
        if self.form or self.slots:
            self.form, self.slots, self.dirty = "", {}, True

    def remember(self, **values: Any) -> None:
        self.data.update(values)
        self.dirty = True

    def recent_symptoms(self, now: float) -> list[str]:
        """The symptom messages of the last `SYMPTOM_TTL_SECONDS`, oldest first."""
        turns = self.data.get("symptoms") or []
        return [
            t["text"]
            for t in turns
            if isinstance(t, dict) and now - float(t.get("at", 0)) <= SYMPTOM_TTL_SECONDS
        ]

    def add_symptom(self, text: str, now: float) -> None:
        """Keep `text` (a message that described a symptom) for the next turns."""
        turns = [
            t
            for t in self.data.get("symptoms") or []
            if isinstance(t, dict) and now - float(t.get("at", 0)) <= SYMPTOM_TTL_SECONDS
        ]
        if turns and turns[-1].get("text") == text:
            return
        turns.append({"text": text, "at": now})
        self.remember(symptoms=turns[-MAX_SYMPTOM_TURNS:])

    def forget_symptoms(self) -> None:
        if self.data.pop("symptoms", None) is not None:
            self.dirty = True


class ConversationStore:
    def __init__(self, redis: aioredis.Redis, ttl_seconds: int) -> None:
        self.redis = redis
        self.ttl = ttl_seconds

    @staticmethod
    def key(openid: str) -> str:
        return KEY.format(openid=openid)

    async def load(self, openid: str) -> Conversation:
        return self.decode(openid, await self.redis.get(self.key(openid)))

    @staticmethod
    def decode(openid: str, raw: bytes | None) -> Conversation:
        """A stored conversation (or a fresh one): `load` without the round trip, for a
        caller that fetched the key in a pipeline of its own."""
        if not raw:
            return Conversation(openid)
        try:
            doc = json.loads(raw)
        except ValueError:
            return Conversation(openid)
        return Conversation(
            openid, form=doc.get("form", ""), slots=doc.get("slots", {}), data=doc.get("data", {})
        )

    async def save(self, conv: Conversation) -> None:
        if not conv.dirty:
            return
        key = KEY.format(openid=conv.openid)
        if not conv.form and not conv.slots and not conv.data:
            await self.redis.delete(key)
        else:
            body = json.dumps(
                {"form": conv.form, "slots": conv.slots, "data": conv.data},
                ensure_ascii=False,
                default=str,
            )
            await self.redis.set(key, body, ex=self.ttl)
        conv.dirty = False

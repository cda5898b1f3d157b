"""Dialogue: conversation state, routers and the dispatcher (aiogram-style)."""

from bot.dialogue.context import Context
from bot.dialogue.router import Router
from bot.dialogue.types import NO_REPLY, Article, Message, Reply

__all__ = ["NO_REPLY", "Article", "Context", "Message", "Reply", "Router"]

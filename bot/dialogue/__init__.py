"""Dialogue: conversation state, declared flows, routers and the dispatcher (aiogram-style)."""

from bot.dialogue.context import Context
from bot.dialogue.filters import AnyText, Choice, Pattern, Words
from bot.dialogue.router import Router
from bot.dialogue.states import NO_STATE, State, StatesGroup
from bot.dialogue.types import NO_REPLY, Article, Message, Reply

__all__ = [
    "NO_REPLY",
    "NO_STATE",
    "AnyText",
    "Article",
    "Choice",
    "Context",
    "Message",
    "Pattern",
    "Reply",
    "Router",
    "State",
    "StatesGroup",
    "Words",
]

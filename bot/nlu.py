"""The NLU seam used by the dialogue: the in-process model, or an external Rasa server.

`intents.parse()` runs in well under a millisecond, so it is called inline. When
RASA_URL is configured, `/model/parse` is asked first with a short timeout and the
local model answers if Rasa is slow or down.

Many patients type the same words ("你好", "挂号", "缴费"), so the local parse of a text
is remembered for a short while (`ParseCache`): `intents.parse` is a pure function of
(text, context) once its model is loaded — no clock when the context gives `today`, no
I/O, no randomness — so an identical call may be answered from memory. Each answer is
a fresh copy: a caller that changes it changes nothing for the next one.
"""

from __future__ import annotations

import logging
import pickle
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import TYPE_CHECKING, Any

import intents
from bot.config import ConfigError, Settings
from intents.triage import DEFAULT_CLARIFY_TURNS

if TYPE_CHECKING:
    from bot.dialogue.context import Context
    from bot.rasa_client import RasaClient

log = logging.getLogger(__name__)


MAX_CLARIFY_TURNS = 10  # beyond this a patient is better served by a human


def clarify_max_turns(settings: Settings) -> int:
    """`nlu.clarify_max_turns`: clarifying triage questions before the top 3 departments
    and a human contact. The triage handler passes it to the NLU with every follow-up."""
    value = settings.section("nlu").get("clarify_max_turns", DEFAULT_CLARIFY_TURNS)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CLARIFY_TURNS:
        raise ConfigError(
            f"nlu.clarify_max_turns: {value!r} is not allowed. Fix: a whole number "
            f"0-{MAX_CLARIFY_TURNS} (default {DEFAULT_CLARIFY_TURNS})."
        )
    return value


def local_parse(text: str, context: dict[str, Any] | None = None) -> dict[str, Any]:
    return intents.parse(text, context)


_PLAIN = frozenset({str, int, float, bool, type(None), date})  # exactly these types


def _frozen(value: Any) -> Hashable:
    """A hashable stand-in for a context value (lists and dicts from the conversation);
    TypeError for anything else that is not hashable."""
    kind = type(value)
    if kind in _PLAIN:  # the common types first, by a set lookup
        return (kind, value)
    if kind is list or kind is tuple:
        return (kind, *[_frozen(v) for v in value])
    if kind is dict:
        return (dict, *sorted([(str(k), _frozen(v)) for k, v in value.items()]))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, *(_frozen(v) for v in value))
    if isinstance(value, dict):
        return ("dict", *sorted((str(k), _frozen(v)) for k, v in value.items()))
    hash(value)
    return (type(value).__name__, value)


_SCALARS = frozenset({str, int, float, bool, type(None)})
RANKING = "intent_ranking"


Rows = tuple[dict[str, Any], ...]


def _rows(value: Any) -> Rows | None:
    """Copies of `value`'s rows when it is a list of dicts of immutable scalars (the
    intent ranking: 20 rows of name and confidence), so that a `dict.copy()` of each
    is a deep copy; else None."""
    if type(value) is not list:
        return None
    for row in value:
        if type(row) is not dict or not all(type(v) in _SCALARS for v in row.values()):
            return None
    return tuple(row.copy() for row in value)


class ParseCache:
    """`local_parse` answers for identical (text, context), for `ttl` seconds.

    Only contexts that name `today` are cached (without it the model reads the wall
    clock for relative dates). Entries are stored pickled: every hit returns new
    objects. The intent ranking (20 rows of plain values, half of what unpickling
    built) is kept aside as rows and each hit gets copies of them. Bounded: the least
    recently used entry goes first."""

    def __init__(
        self,
        size: int = 4096,
        ttl: float = 60.0,
        parse: Callable[[str, dict[str, Any]], dict[str, Any]] = local_parse,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size, self.ttl, self.parse, self.clock = size, ttl, parse, clock
        # (expiry, the pickled answer, its ranking's rows when kept aside)
        self.entries: OrderedDict[Hashable, tuple[float, bytes, Rows | None]] = OrderedDict()

    def __call__(self, text: str, context: dict[str, Any]) -> dict[str, Any]:
        key = self._key(text, context)
        if key is None:
            return self.parse(text, context)
        now = self.clock()
        hit = self.entries.get(key)
        if hit is not None and hit[0] > now:
            self.entries.move_to_end(key)
            found: dict[str, Any] = pickle.loads(hit[1])
            if hit[2] is not None:
                found[RANKING] = [row.copy() for row in hit[2]]
            return found
        result = self.parse(text, context)
        rows = _rows(result.get(RANKING)) if type(result) is dict else None
        # the rows' place is kept in the pickle (key order), their values aside
        kept = {**result, RANKING: None} if rows is not None else result
        blob = pickle.dumps(kept, pickle.HIGHEST_PROTOCOL)
        self.entries[key] = (now + self.ttl, blob, rows)
        self.entries.move_to_end(key)
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return result

    @staticmethod
    def _key(text: str, context: dict[str, Any]) -> Hashable | None:
        """(text, then each context value with its name), in the context's order (the
        NLU builds it alike every time; another order only costs a second entry)."""
        if "today" not in context or not isinstance(text, str):
            return None
        parts: list[Any] = [text]
        try:
            for name, value in context.items():
                kind = type(value)
                if kind in _PLAIN:
                    parts.append((name, kind, value))
                else:
                    parts.append((name, _frozen(value)))
            return tuple(parts)
        except TypeError:
            return None


class NLU:
    def __init__(self, rasa: RasaClient | Any = None, cache: ParseCache | None = None) -> None:
        self.rasa = rasa  # an object with `async parse(text) -> dict | None`
        self.local = cache if cache is not None else ParseCache()
        intents.load()  # at start-up (once per process): the first patient must not wait

    @staticmethod
    def answers_a_question(result: dict[str, Any]) -> bool:
        """`intents.answers_a_question`: small talk to the intent model, an answer to us."""
        return intents.answers_a_question(result)

    @staticmethod
    def context_for(ctx: Context | None) -> dict[str, Any]:
        if ctx is None:
            return {}
        context: dict[str, Any] = {"today": ctx.today}
        context.update(ctx.conv.data.get("nlu_context", {}))
        return context

    async def parse(self, text: str, ctx: Context | None = None, **extra: Any) -> dict[str, Any]:
        """`extra` adds to the model's context (prior_text, clarify_turns, asked ...).

        The conversation's recent symptom messages go along as `history`, so red flags
        spread over several turns are seen; a message that describes a symptom or states a
        fact about the patient (an age, a pregnancy, a medicine, an exposure) is kept for
        the next turns (`Conversation.add_symptom`, 30 minutes)."""
        context = {**self.context_for(ctx), **extra}
        now = ctx.clock.timestamp() if ctx is not None else 0.0
        if ctx is not None and "history" not in context:
            context["history"] = [t for t in ctx.conv.recent_symptoms(now) if t != text]
        result = self.local(text, context)
        if ctx is not None and intents.remember_for_red_flags(result):
            # a symptom or a fact about the patient (孩子才2个月, 在吃华法林, 打过农药),
            # not just "开始" or "挂号"
            ctx.conv.add_symptom(intents.remembered_text(result, context)[:300], now)
        # While a form is active the patient may be typing an ID number or a phone:
        # that text never leaves this process.
        if self.rasa is not None and not (ctx is not None and ctx.conv.state):
            remote = await self.rasa.parse(text)
            if remote is not None:
                # Intents from Rasa; triage and red flags always from our own rules.
                result = {
                    **result,
                    "intent": remote["intent"],
                    "intent_ranking": remote.get("intent_ranking", []),
                    "entities": remote.get("entities") or result["entities"],
                }
        triage = result.get("triage") or {}
        if triage.get("emergency") and result["intent"]["name"] != "triage":
            # Red flags are ours and cannot be overruled by any model.
            result = {**result, "intent": {"name": "triage", "confidence": 1.0}}
        return result

"""Symptom triage in chat: red flags first, one clarifying question at a time, then a
department with a one-line reason and an offer to book it.

The NLU (`intents.parse`) does the medicine; this module is the conversation a good
triage nurse would have around it. Never more than `clarify_max_turns` questions.
An emergency answer says what to do now for each red flag, gives the hospital's
emergency phone and address, offers nothing that delays care, and is recorded for
staff review (`RedFlagEventRepo`).
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from pymongo import ASCENDING, DESCENDING, IndexModel

from bot.dialogue import AnyText, Context, Reply, Router, State, StatesGroup
from bot.nlu import NLU
from bot.storage import Repository

log = logging.getLogger(__name__)
router = Router("triage")
SUICIDE = "suicide_self_harm"


class TriageFlow(StatesGroup, flow="triage"):
    clarify = State()  # we asked a question (or for the symptom); the answer follows


FORM = TriageFlow.clarify.name
TOP_CONFIDENCE = 0.5  # below this the patient gets the top 3 to choose from
QUESTIONS = ("age", "location", "duration", "sex", "pregnancy", "diabetes", "symptom")


def _triage(ctx: Context) -> dict[str, Any]:
    return (ctx.nlu or {}).get("triage") or {}


@router.click("TRIAGE")
@router.command("智能导诊", "导诊", "挂什么科")
async def start(ctx: Context) -> Reply:
    ctx.conv.start(FORM, text="", turns=0)
    return ctx.reply("triage/start.j2")


class RedFlagEventRepo(Repository):
    """Every red-flag answer, for staff review: who, when, which categories, how urgent.
    Only the matched evidence words are kept, never the message itself."""

    collection = "red_flag_events"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("at", DESCENDING)]),
        IndexModel([("openid", ASCENDING), ("at", DESCENDING)]),
        IndexModel([("categories", ASCENDING), ("at", DESCENDING)]),
    ]

    async def record(self, openid: str, at: Any, acuity: str, flags: list[dict]) -> None:
        await self.col.insert_one(  # type: ignore[union-attr]
            {
                "openid": openid,
                "at": at,
                "acuity": acuity,
                "categories": [str(f.get("category", "")) for f in flags],
                "evidence": [str(f.get("evidence") or "")[:60] for f in flags],
            }
        )

    async def recent(self, limit: int = 50) -> list[dict]:
        cursor = self.col.find({}, {"_id": 0}).sort("at", DESCENDING).limit(limit)  # type: ignore[union-attr]
        return [doc async for doc in cursor]

    async def page(self, *, pending_only: bool, before: Any = None, limit: int = 50) -> list[dict]:
        """For staff review, newest first: all events or only those nobody reviewed."""
        query: dict[str, Any] = {"review": None} if pending_only else {}
        if before is not None:
            query["at"] = {"$lt": before}
        cursor = self.col.find(query).sort("at", DESCENDING).limit(limit)  # type: ignore[union-attr]
        return await cursor.to_list(limit)

    async def pending(self) -> int:
        return await self.col.count_documents({"review": None})  # type: ignore[union-attr]

    async def review(self, event_id: Any, by: str, note: str, at: Any) -> bool:
        """Mark an event reviewed (once: False when it was already, or is unknown)."""
        done = await self.col.update_one(  # type: ignore[union-attr]
            {"_id": event_id, "review": None},
            {"$set": {"review": {"by": by, "note": note, "at": at}}},
        )
        return bool(done.modified_count)


def _emergency(ctx: Context, result: dict[str, Any]) -> Reply:
    """Call 120 / go to the emergency department now: ends whatever was going on."""
    ctx.conv.reset()
    ctx.conv.forget_symptoms()  # answered; later messages start afresh
    flags = list(result.get("red_flags") or [])
    acuity = str(result.get("acuity") or "call_120")
    categories = [str(f.get("category")) for f in flags]
    # One advice per red flag (the NLU gives one line each, most urgent first).
    reason = str(result.get("emergency_reason") or "")
    advice = [line.strip() for line in dict.fromkeys(reason.splitlines()) if line.strip()]
    if SUICIDE in categories:
        template = "triage/emergency_suicide.j2"
    else:
        template = "triage/emergency.j2"
    return ctx.reply(
        template,
        acuity=acuity,
        advice=advice,
        emergency=_emergency_contact(ctx),
        suicide=SUICIDE in categories,
    )


def _emergency_contact(ctx: Context) -> dict[str, str]:
    """The hospital's emergency department: `hospital.emergency` in config.yml, else the
    hospital's own phone and address (and the templates' own name for it)."""
    hospital = ctx.settings.hospital
    block = hospital.get("emergency") or {}
    return {
        "phone": str(block.get("phone") or hospital.get("phone") or ""),
        "address": str(block.get("address") or hospital.get("address") or ""),
        "name": str(block.get("name") or ""),
        "ambulance": str(hospital.get("emergency_phone") or "120"),
    }


async def _record(ctx: Context, red_flags: RedFlagEventRepo, result: dict[str, Any]) -> None:
    """Store the event; a storage failure must never hold back the emergency answer."""
    try:
        await red_flags.record(
            ctx.openid,
            ctx.clock.now(),
            str(result.get("acuity") or ""),
            result.get("red_flags") or [],
        )
    except Exception:  # logged; the patient still gets the answer
        log.exception("red flag event not stored")


@router.intent("triage")
async def triage(ctx: Context, clarify_max_turns: int, red_flags: RedFlagEventRepo) -> Reply:
    result = _triage(ctx)
    if result.get("emergency"):
        await _record(ctx, red_flags, result)
        return _emergency(ctx, result)
    if not result.get("departments"):
        ctx.conv.start(FORM, text=ctx.msg.text, turns=0)
        return ctx.reply("triage/ask_symptom.j2")
    return _answer(
        ctx,
        result,
        prior=ctx.nlu["text"] if ctx.nlu else "",
        turns=int(ctx.conv.slots.get("turns", 0)) if ctx.conv.state == FORM else 0,
        max_turns=clarify_max_turns,
    )


def _answer(
    ctx: Context, result: dict[str, Any], *, prior: str, turns: int, max_turns: int
) -> Reply:
    clarify = result.get("clarify") or None
    question = clarify.get("question") if isinstance(clarify, dict) else None
    # a fact an emergency hinges on (a baby's age for a fever) is asked whatever the turns
    watch = clarify.get("watch") if isinstance(clarify, dict) else None
    if question in QUESTIONS and (turns < max_turns or watch):
        asked = (
            [*ctx.conv.slots.get("asked", []), question] if ctx.conv.state == FORM else [question]
        )
        ctx.conv.start(FORM, text=prior, turns=turns + 1, asked=asked)
        return ctx.reply(
            f"triage/clarify_{question}.j2",
            watch=watch,
            emergency=_emergency_contact(ctx) if watch else None,
        )
    ctx.conv.finish()
    departments = result["departments"][:3]
    top = departments[0]
    dept = ctx.settings.department(top["name"])
    ctx.conv.remember(triage_department=top["name"])
    unsure = question in QUESTIONS  # the limit ended the questions, not certainty
    if not unsure and (top.get("confidence", 0) >= TOP_CONFIDENCE or len(departments) == 1):
        return ctx.reply(
            "triage/recommend.j2",
            top=top,
            dept=dept,
            quick_replies=(f"预约{top['name']}", "人工客服"),
        )
    return ctx.reply(
        "triage/options.j2",
        departments=departments,
        quick_replies=tuple(f"预约{d['name']}" for d in departments),
    )


@router.state(TriageFlow.clarify, AnyText())
async def follow_up(
    ctx: Context, nlu: NLU, clarify_max_turns: int, red_flags: RedFlagEventRepo, text: str
) -> Reply | None:
    """The patient answers our question (or first describes the symptom)."""
    parsed = ctx.nlu or {}
    intent = parsed.get("intent", {}).get("name")
    if intent not in (None, "triage", "out_of_scope") and not _triage(ctx):
        if not nlu.answers_a_question(parsed):  # "8个月" may read as goodbye
            return None  # a new request ("我要缴费"): let the router take it
    prior = str(ctx.conv.slots.get("text", ""))
    turns = int(ctx.conv.slots.get("turns", 0))
    if prior:
        ctx.nlu = await nlu.parse(
            ctx.msg.text,
            ctx,
            prior_text=prior,
            clarify_turns=turns,
            clarify_max_turns=clarify_max_turns,
            asked=list(ctx.conv.slots.get("asked", [])),
        )
    combined = f"{prior}，{ctx.msg.text}" if prior else ctx.msg.text
    result = _triage(ctx)
    if result.get("emergency"):
        await _record(ctx, red_flags, result)
        return _emergency(ctx, result)
    if not result.get("departments"):
        if turns >= clarify_max_turns:
            ctx.conv.finish()
            return ctx.reply("triage/unsure.j2", quick_replies=("人工客服",))
        ctx.conv.start(FORM, text=combined, turns=turns + 1)
        return ctx.reply("triage/ask_symptom.j2")
    return _answer(ctx, result, prior=combined, turns=turns, max_turns=clarify_max_turns)


HUMAN_WORDS = ("人工", "客服", "真人", "转接", "电话")


@router.intent("human_agent")
async def maybe_human(ctx: Context) -> Reply:
    """Only a request that names a person is handed over; "我不舒服" alone is a patient
    who has not said what is wrong yet: ask, as a triage nurse would."""
    if any(w in ctx.msg.text for w in HUMAN_WORDS):
        return await human_agent(ctx)
    ctx.conv.start(FORM, text="", turns=0)
    return ctx.reply("triage/ask_symptom.j2")


@router.click("HUMAN")
@router.command("人工", "人工客服", "转人工", "客服")
async def human_agent(ctx: Context) -> Reply:
    ctx.conv.finish()
    return ctx.reply("triage/human_agent.j2")

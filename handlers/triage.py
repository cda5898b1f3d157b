"""Symptom triage in chat: red flags first, one clarifying question at a time, then a
department with a one-line reason and an offer to book it.

The NLU (`intents.parse`) does the medicine; this module is the conversation a good
triage nurse would have around it. Never more than `clarify_max_turns` questions.
"""

from __future__ import annotations

from typing import Any

from bot.dialogue import AnyText, Context, Reply, Router, State, StatesGroup
from bot.nlu import NLU

router = Router("triage")


class TriageFlow(StatesGroup, flow="triage"):
    clarify = State()  # we asked a question (or for the symptom); the answer follows


FORM = TriageFlow.clarify.name
TOP_CONFIDENCE = 0.5  # below this the patient gets the top 3 to choose from
QUESTIONS = ("age", "location", "duration", "sex", "pregnancy", "symptom")


def _triage(ctx: Context) -> dict[str, Any]:
    return (ctx.nlu or {}).get("triage") or {}


@router.click("TRIAGE")
@router.command("智能导诊", "导诊", "挂什么科")
async def start(ctx: Context) -> Reply:
    ctx.conv.start(FORM, text="", turns=0)
    return ctx.reply("triage/start.j2")


def _emergency(ctx: Context, result: dict[str, Any]) -> Reply:
    """Call 120 / go to the emergency department now: ends whatever was going on."""
    ctx.conv.reset()
    return ctx.reply(
        "triage/emergency.j2",
        reason=result.get("emergency_reason") or "",
        departments=result.get("departments") or [],
    )


@router.intent("triage")
async def triage(ctx: Context, clarify_max_turns: int) -> Reply:
    result = _triage(ctx)
    if result.get("emergency"):
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
    if question in QUESTIONS and turns < max_turns:
        asked = (
            [*ctx.conv.slots.get("asked", []), question] if ctx.conv.state == FORM else [question]
        )
        ctx.conv.start(FORM, text=prior, turns=turns + 1, asked=asked)
        return ctx.reply(f"triage/clarify_{question}.j2")
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
async def follow_up(ctx: Context, nlu: NLU, clarify_max_turns: int, text: str) -> Reply | None:
    """The patient answers our question (or first describes the symptom)."""
    parsed = ctx.nlu or {}
    intent = parsed.get("intent", {}).get("name")
    if intent not in (None, "triage", "out_of_scope") and not _triage(ctx):
        return None  # a new request ("我要缴费"): let the router take it
    prior = str(ctx.conv.slots.get("text", ""))
    turns = int(ctx.conv.slots.get("turns", 0))
    if prior:
        ctx.nlu = await nlu.parse(
            ctx.msg.text,
            ctx,
            prior_text=prior,
            clarify_turns=turns,
            asked=list(ctx.conv.slots.get("asked", [])),
        )
    combined = f"{prior}，{ctx.msg.text}" if prior else ctx.msg.text
    result = _triage(ctx)
    if result.get("emergency"):
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

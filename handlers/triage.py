"""Symptom triage in chat: red flags first, one clarifying question at a time, then a
department with a one-line reason and an offer to book it.

The NLU (`intents.parse`) does the medicine; this module is the conversation a good
triage nurse would have around it. Never more than `clarify_max_turns` questions.
"""

from __future__ import annotations

from typing import Any

from bot.dialogue import Context, Reply, Router

router = Router("triage")

FORM = "triage"
TOP_CONFIDENCE = 0.5  # below this the patient gets the top 3 to choose from
QUESTIONS = ("age", "location", "duration", "sex", "pregnancy", "symptom")


def _triage(ctx: Context) -> dict[str, Any]:
    return (ctx.nlu or {}).get("triage") or {}


def _max_turns(ctx: Context) -> int:
    return int(ctx.settings.section("nlu").get("clarify_max_turns", 2))


@router.click("TRIAGE")
@router.command("智能导诊", "导诊", "挂什么科")
async def start(ctx: Context) -> Reply:
    ctx.conv.start_form(FORM, text="", turns=0)
    return ctx.reply("triage/start.j2")


def _emergency(ctx: Context, result: dict[str, Any]) -> Reply:
    """Call 120 / go to the emergency department now: ends whatever was going on."""
    ctx.conv.end_form()
    return ctx.reply(
        "triage/emergency.j2",
        reason=result.get("emergency_reason") or "",
        departments=result.get("departments") or [],
    )


@router.intent("triage")
async def triage(ctx: Context) -> Reply:
    result = _triage(ctx)
    if result.get("emergency"):
        return _emergency(ctx, result)
    if not result.get("departments"):
        ctx.conv.start_form(FORM, text=ctx.msg.text, turns=0)
        return ctx.reply("triage/ask_symptom.j2")
    return _answer(
        ctx,
        result,
        prior=ctx.nlu["text"] if ctx.nlu else "",
        turns=int(ctx.conv.slots.get("turns", 0)) if ctx.conv.form == FORM else 0,
    )


def _answer(ctx: Context, result: dict[str, Any], *, prior: str, turns: int) -> Reply:
    clarify = result.get("clarify") or None
    question = clarify.get("question") if isinstance(clarify, dict) else None
    if question in QUESTIONS and turns < _max_turns(ctx):
        asked = (
            [*ctx.conv.slots.get("asked", []), question] if ctx.conv.form == FORM else [question]
        )
        ctx.conv.start_form(FORM, text=prior, turns=turns + 1, asked=asked)
        return ctx.reply(f"triage/clarify_{question}.j2")
    ctx.conv.end_form()
    departments = result["departments"][:3]
    top = departments[0]
    dept = ctx.settings.department(top["name"])
    ctx.conv.remember(triage_department=top["name"])
    if top.get("confidence", 0) >= TOP_CONFIDENCE or len(departments) == 1:
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


@router.form(FORM)
async def follow_up(ctx: Context) -> Reply | None:
    """The patient answers our question (or first describes the symptom)."""
    nlu = ctx.nlu or {}
    intent = nlu.get("intent", {}).get("name")
    if intent not in (None, "triage", "out_of_scope") and not _triage(ctx):
        return None  # a new request ("我要缴费"): let the router take it
    prior = str(ctx.conv.slots.get("text", ""))
    turns = int(ctx.conv.slots.get("turns", 0))
    if prior:
        ctx.nlu = await ctx.services.nlu.parse(
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
        if turns >= _max_turns(ctx):
            ctx.conv.end_form()
            return ctx.reply("triage/unsure.j2", quick_replies=("人工客服",))
        ctx.conv.start_form(FORM, text=combined, turns=turns + 1)
        return ctx.reply("triage/ask_symptom.j2")
    return _answer(ctx, result, prior=combined, turns=turns)


@router.click("HUMAN")
@router.command("人工", "人工客服", "转人工", "客服")
@router.intent("human_agent")
async def human_agent(ctx: Context) -> Reply:
    ctx.conv.end_form()
    return ctx.reply("triage/human_agent.j2")

"""Welcome, greetings, hospital information and the fallback answer."""

from __future__ import annotations

from bot.dialogue import Context, Reply, Router

router = Router("info")


@router.event("subscribe")
async def welcome(ctx: Context) -> Reply:
    return ctx.reply("welcome", menu=ctx.settings.menu)


@router.intent("greet")
async def greet(ctx: Context) -> Reply:
    return ctx.reply("replies/greet.j2")


@router.intent("thanks")
async def thanks(ctx: Context) -> Reply:
    return ctx.reply("replies/thanks.j2")


@router.intent("goodbye")
async def goodbye(ctx: Context) -> Reply:
    return ctx.reply("replies/goodbye.j2")


@router.click("HOSPITAL_INFO")
@router.command("医院介绍", "医院信息", "地址", "电话")
@router.intent("hospital_info")
async def hospital_info(ctx: Context) -> Reply:
    return ctx.reply("hospital_info")


@router.click("DEPARTMENTS")
@router.command("科室", "科室导航", "科室列表")
async def departments(ctx: Context) -> Reply:
    return ctx.reply("replies/departments.j2", departments=ctx.settings.departments)


@router.intent("out_of_scope")
async def fallback(ctx: Context) -> Reply:
    return ctx.reply("fallback")


@router.kind("*")
async def unsupported_kind(ctx: Context) -> Reply:
    return ctx.reply("replies/unsupported_kind.j2", kind=ctx.msg.kind)

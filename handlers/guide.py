"""Services whose online flow is not built yet: tell the patient where to get them
(the counter, the self-service machine, the phone), never that they "will open soon".

Each answer is a template naming the window, phone or page; when a capability gets its
own handler module, its intent and menu key move there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import ClassVar

from pymongo import ASCENDING, IndexModel

from bot.dialogue import AnyText, Context, Reply, Router, State, StatesGroup
from bot.storage import Repository

router = Router("guide")


# intent -> (menu CLICK keys, typed commands)
GUIDES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "query_report": (("REPORTS",), ("报告", "查报告", "报告查询")),
    "inpatient_info": ((), ("住院", "住院服务")),
    "nucleic_acid": ((), ("核酸", "核酸检测")),
    "invoice": ((), ("发票", "电子发票")),
}


def _guide(name: str) -> Callable[[Context], Awaitable[Reply]]:
    async def handler(ctx: Context) -> Reply:
        return ctx.reply(f"guide/{name}.j2")

    return handler


for _name, (_clicks, _commands) in GUIDES.items():
    _handler = _guide(_name)
    router.intent(_name)(_handler)
    router.click(*_clicks)(_handler)
    router.command(*_commands)(_handler)


class FeedbackRepo(Repository):
    collection = "feedback"
    indexes: ClassVar[list[IndexModel]] = [IndexModel([("created_at", ASCENDING)])]

    async def add(self, openid: str, text: str, now: datetime) -> None:
        await self.col.insert_one(
            {"openid": openid, "text": text[:2000], "created_at": now, "status": "new"}
        )


class FeedbackFlow(StatesGroup, flow="feedback"):
    text = State()


@router.command("意见反馈", "投诉", "建议")
@router.intent("feedback")
async def feedback(ctx: Context) -> Reply:
    ctx.conv.start(FeedbackFlow.text)
    return ctx.reply("guide/feedback_ask.j2")


@router.state(FeedbackFlow.text, AnyText())
async def feedback_text(ctx: Context, feedback: FeedbackRepo, text: str) -> Reply:
    """The next message is the feedback ("取消" leaves instead: the exit handler)."""
    ctx.conv.finish()
    await feedback.add(ctx.openid, text, ctx.clock.now())
    return ctx.reply("guide/feedback_thanks.j2")

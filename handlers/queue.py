"""Queue status in chat: "前面还有 N 人，预计等待 M 分钟", room and floor, from the HIS."""

from __future__ import annotations

from bot.dialogue import Context, Reply, Router
from handlers.booking import booking_service

router = Router("queue")


@router.click("QUEUE")
@router.command("排队", "候诊", "排队情况", "候诊排队", "排到几号了")
@router.intent("queue_status")
async def queue_status(ctx: Context) -> Reply:
    svc = booking_service(ctx.services)
    upcoming, _ = await svc.appointments(ctx.openid)
    today = ctx.clock.now().date().isoformat()
    todays = [a for a in upcoming if a["day"] == today and a["status"] in ("booked", "checked_in")]
    states = []
    for appt in todays:
        state = await svc.his.queue_state(appt["schedule_id"], appt["number"])
        if state is not None:
            states.append((appt, state))
    return ctx.reply(
        "booking/queue.j2", states=states, has_upcoming=bool(upcoming), dept_name=svc.dept_name
    )

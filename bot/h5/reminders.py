"""The reminder setting page (`/h5/reminders`): the same opt-out as 「退订提醒」 /
「开启提醒」 in chat, as one tap. Behind WeChat OAuth; the form carries the CSRF token."""

from __future__ import annotations

from aiohttp import web

from bot.h5.render import page
from bot.h5.session import login_required, services_of, session_of
from push.preferences import NoticePrefs

routes = web.RouteTableDef()
PATH = "/h5/reminders"


async def _page(request: web.Request, saved: bool = False) -> web.Response:
    services = services_of(request)
    opted_out = await services.storage.repo(NoticePrefs).opted_out(session_of(request).openid)
    return page(
        request,
        "h5/reminders.html",
        opted_out=opted_out,
        saved=saved,
        quiet=services.push.quiet_hours,
    )


@routes.get(PATH)
@login_required
async def settings_page(request: web.Request) -> web.Response:
    return await _page(request)


@routes.post(PATH)
@login_required
async def save(request: web.Request) -> web.Response:
    choice = str((await request.post()).get("reminders", ""))
    services = services_of(request)
    if choice not in ("on", "off"):
        text = services.texts.render("reminders/choose_on_off.j2")
        return web.Response(status=400, text=text, charset="utf-8")
    await services.storage.repo(NoticePrefs).set_opted_out(
        session_of(request).openid, choice == "off", services.clock.now()
    )
    return await _page(request, saved=True)

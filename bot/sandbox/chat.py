"""The chat simulator: a phone-sized page plus the JSON endpoints its script calls.

`POST /sandbox/chat/api/send` is the WeChat platform side: it records the user's
interaction (48 h window), then sends the message to this server's `/wechat` over
real HTTP, signed exactly as WeChat would, and returns the decoded passive reply.
Pushed messages (customer-service and template) come from the sandbox outbox.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

import aiohttp
from aiohttp import web

from bot.config import MenuButton
from bot.sandbox import platform
from bot.sandbox.api import json_response, state_for
from bot.sandbox.pages import STATIC_DIR, page
from bot.sandbox.platform import UserAction
from bot.services import SERVICES

OPENID_RE = re.compile(r"[A-Za-z0-9_-]{6,64}")
MAX_TEXT_CHARS = 2000


def new_openid() -> str:
    """Looks like a real openid: 28 characters starting with `o`."""
    return "o" + secrets.token_urlsafe(21)[:27]


def _menu_view(buttons: tuple[MenuButton, ...], base: str) -> list[dict[str, Any]]:
    def one(b: MenuButton) -> dict[str, Any]:
        return {
            "name": b.name,
            "type": b.type,
            "key": b.key,
            "url": b.url.replace("{base}", base),
            "sub_button": [one(s) for s in b.sub_button],
        }

    return [one(b) for b in buttons]


def _origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def callback_url(request: web.Request) -> str:
    """This very server's /wechat: the socket the simulator's request arrived on."""
    configured = request.app[SERVICES].settings.sandbox.get("callback_url")
    if configured:
        return str(configured)
    sock = request.transport.get_extra_info("sockname") if request.transport else None
    if isinstance(sock, tuple) and len(sock) >= 2:
        host = str(sock[0])
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{sock[1]}/wechat"
    return _origin(request) + "/wechat"


async def relay(request: web.Request, action: UserAction) -> dict[str, Any]:
    settings = request.app[SERVICES].settings
    state = state_for(request.app)
    create_time = await state.next_create_time(action.openid)
    msg_id = await state.next_msgid() if action.kind == "text" else 0
    async with aiohttp.ClientSession() as session:
        return await platform.deliver(
            session,
            callback_url(request),
            settings,
            action,
            to_user=state.original_id,
            create_time=create_time,
            timestamp=int(state.now()),
            msg_id=msg_id,
            timeout_seconds=float(settings.sandbox.get("reply_timeout_seconds") or 5.0),
        )


async def chat_page(request: web.Request) -> web.Response:
    settings = request.app[SERVICES].settings
    return page(
        "sandbox/chat.html",
        hospital=settings.hospital,
        menu=_menu_view(settings.menu, _origin(request)),
        safe_mode=settings.wechat.safe_mode,
    )


async def list_users(request: web.Request) -> web.Response:
    users = await state_for(request.app).users()
    return json_response({"users": [u.as_dict() for u in users]})


async def create_user(request: web.Request) -> web.Response:
    """A new test user follows the account: the subscribe event goes to /wechat."""
    body = await _read(request)
    openid = str(body.get("openid") or "").strip() or new_openid()
    if not OPENID_RE.fullmatch(openid):
        raise web.HTTPBadRequest(text="openid: 6-64 letters, digits, - or _")
    nickname = str(body.get("nickname") or "").strip()[:32]
    user = await state_for(request.app).subscribe(openid, nickname)
    result = await relay(request, UserAction(openid, "event", event="subscribe"))
    return json_response({"user": user.as_dict(), **result})


async def send(request: web.Request) -> web.Response:
    """`{"openid", "type": text|click|view|subscribe|unsubscribe, "content"|"key"|"url"}`."""
    body = await _read(request)
    state = state_for(request.app)
    openid = str(body.get("openid") or "")
    user = await state.user(openid)
    if user is None:
        raise web.HTTPNotFound(text="unknown sandbox user; create one first")
    kind = body.get("type")
    if kind == "subscribe":
        await state.subscribe(openid)
        return json_response(await relay(request, UserAction(openid, "event", event="subscribe")))
    if not user.subscribed:
        raise web.HTTPConflict(text="this user has unsubscribed; subscribe again first")
    if kind == "unsubscribe":
        await state.unsubscribe(openid)
        return json_response(await relay(request, UserAction(openid, "event", event="unsubscribe")))
    if kind == "text":
        content = str(body.get("content") or "")
        if not content.strip() or len(content) > MAX_TEXT_CHARS:
            raise web.HTTPBadRequest(text=f"content: 1-{MAX_TEXT_CHARS} characters")
        action = UserAction(openid, "text", content=content)
    elif kind == "click":
        action = UserAction(openid, "event", event="CLICK", event_key=str(body.get("key") or ""))
    elif kind == "view":
        action = UserAction(openid, "event", event="VIEW", event_key=str(body.get("url") or ""))
    else:
        raise web.HTTPBadRequest(text="type: text, click, view, subscribe or unsubscribe")
    await state.touch(openid)
    return json_response(await relay(request, action))


async def messages(request: web.Request) -> web.Response:
    """Pushed messages (customer-service and template) for the user, oldest first."""
    state = state_for(request.app)
    openid = request.query.get("openid", "")
    after = int(request.query.get("after", "0") or 0)
    entries = await state.outbox(openid, after)
    return json_response({"messages": [_display(e) for e in entries]})


def _display(entry: dict[str, Any]) -> dict[str, Any]:
    msg = entry["message"]
    out: dict[str, Any] = {"id": entry["id"], "kind": entry["kind"], "at": entry["at"]}
    if entry["kind"] == "template":
        data = msg.get("data") or {}
        out.update(
            type="template",
            template_id=msg.get("template_id", ""),
            url=msg.get("url", ""),
            fields=[
                {"key": k, "value": (v or {}).get("value", "") if isinstance(v, dict) else v}
                for k, v in data.items()
            ],
        )
        return out
    msgtype = msg.get("msgtype", "")
    if msgtype == "text":
        out.update(type="text", content=msg["text"].get("content", ""))
    elif msgtype == "news":
        out.update(type="news", articles=msg["news"].get("articles", []))
    else:
        out.update(type=msgtype)
    return out


async def _read(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError as exc:
        raise web.HTTPBadRequest(text="expected a JSON object") from exc
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="expected a JSON object")
    return body


def setup(app: web.Application) -> None:
    r = app.router
    r.add_get("/sandbox/chat", chat_page)
    r.add_get("/sandbox/chat/api/users", list_users)
    r.add_post("/sandbox/chat/api/users", create_user)
    r.add_post("/sandbox/chat/api/send", send)
    r.add_get("/sandbox/chat/api/messages", messages)
    r.add_static("/sandbox/static", STATIC_DIR, append_version=False)

"""The emulated WeChat API under `/sandbox/api/...` (same paths as api.weixin.qq.com).

Answers follow WeChat: HTTP 200 with a JSON body, `errcode`/`errmsg` on failure.
Also: the web-OAuth authorize page (open.weixin.qq.com) and a few `/sandbox/admin`
endpoints that let tests and demos move the platform's state (expire or reject tokens,
backdate a user's last message, register template ids, record subscription consent,
inject errors: a 45009 storm for N calls, -1 for N calls, 45015 for one user ...).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from aiohttp import web

from bot.sandbox import API_PREFIX, SANDBOX_AUTHORIZE_PATH
from bot.sandbox.menu_rules import check_menu, selfmenu_info
from bot.sandbox.pages import page
from bot.sandbox.state import ERRMSG, MESSAGE_APIS, SandboxError, SandboxState
from bot.services import SERVICES
from push.token import credentials

CUSTOM_MSGTYPES = frozenset(
    {
        "text",
        "image",
        "voice",
        "video",
        "music",
        "news",
        "mpnews",
        "mpnewsarticle",
        "msgmenu",
        "wxcard",
        "miniprogrampage",
    }
)

Handler = Callable[[web.Request, SandboxState, str], Awaitable[dict[str, Any]]]
Route = Callable[[web.Request], Awaitable[web.StreamResponse]]


def state_for(app: web.Application) -> SandboxState:
    services = app[SERVICES]
    return SandboxState(services.storage.redis, services.settings, services.clock)


def json_response(data: dict[str, Any]) -> web.Response:
    return web.json_response(data, dumps=functools.partial(json.dumps, ensure_ascii=False))


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip():
        raise SandboxError(44002, "empty post data")
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise SandboxError(47001, "data format error") from exc
    if not isinstance(data, dict):
        raise SandboxError(47001, "data format error")
    return data


async def _touser(request: web.Request) -> str:
    """The recipient of a message API call, for per-user injected errors."""
    try:
        data = json.loads(await request.read() or b"{}")
    except ValueError:
        return ""
    return str(data.get("touser") or "") if isinstance(data, dict) else ""


def wechat_api(api: str, *, auth: bool = True) -> Callable[[Handler], Route]:
    """Count the call, check access_token and the call rates, answer injected errors,
    map errors to JSON."""

    def wrap(fn: Handler) -> Route:
        @functools.wraps(fn)
        async def handler(request: web.Request) -> web.StreamResponse:
            state = state_for(request.app)
            await state.count(api)
            try:
                appid = ""
                if auth:
                    appid = await state.check_token(request.query.get("access_token", ""))
                    await state.check_rate(appid, api)
                openid = await _touser(request) if api in MESSAGE_APIS else ""
                injected = await state.injected(api, openid)
                if injected and not injected.delivered:
                    raise SandboxError.of(injected.errcode)
                result = await fn(request, state, appid)
                if injected:  # delivered, but the answer says otherwise (a lost answer)
                    raise SandboxError.of(injected.errcode)
                return json_response(result)
            except SandboxError as exc:
                return json_response(exc.body())

        return handler

    return wrap


def _check_app(state: SandboxState, appid: str, secret: str) -> None:
    expected_appid, expected_secret = credentials(state.settings)
    if appid != expected_appid:
        raise SandboxError(40013, "invalid appid")
    if secret != expected_secret:
        raise SandboxError(40125, "invalid appsecret")


# -- access tokens -------------------------------------------------------------------


@wechat_api("token", auth=False)
async def token(request: web.Request, state: SandboxState, _: str) -> dict[str, Any]:
    q = request.query
    if q.get("grant_type") != "client_credential":
        raise SandboxError(40002, "invalid grant_type")
    await state.check_rate(q.get("appid", ""), "token")
    _check_app(state, q.get("appid", ""), q.get("secret", ""))
    access_token, expires_in = await state.issue_token(q["appid"], "plain")
    return {"access_token": access_token, "expires_in": expires_in}


@wechat_api("token", auth=False)
async def stable_token(request: web.Request, state: SandboxState, _: str) -> dict[str, Any]:
    body = await _body(request)
    if body.get("grant_type") != "client_credential":
        raise SandboxError(40002, "invalid grant_type")
    appid, secret = str(body.get("appid", "")), str(body.get("secret", ""))
    await state.check_rate(appid, "token")
    _check_app(state, appid, secret)
    force = body.get("force_refresh") in (True, "true", 1)
    if force:
        await state.count("token_force_asked")
        force = await state.allow_force_refresh(appid)  # False: too soon, not refreshed
        if force:
            await state.count("token_force")
    access_token, expires_in = await state.issue_token(appid, "stable", force=force)
    return {"access_token": access_token, "expires_in": expires_in}


# -- messages ------------------------------------------------------------------------


@wechat_api("custom_send")
async def custom_send(request: web.Request, state: SandboxState, _: str) -> dict[str, Any]:
    body = await _body(request)
    openid = str(body.get("touser") or "")
    msgtype = body.get("msgtype")
    if msgtype not in CUSTOM_MSGTYPES or not isinstance(body.get(msgtype), dict):
        raise SandboxError(40008, "invalid message type")
    if msgtype == "text" and not str(body["text"].get("content") or "").strip():
        raise SandboxError(44004, "empty content")
    if msgtype == "news":
        articles = body["news"].get("articles")
        if not isinstance(articles, list) or not articles:
            raise SandboxError(44003, "empty news data")
        if len(articles) > 1:
            raise SandboxError(45008, "article size out of limit")
    await state.reachable(openid, custom=True)
    await state.take_custom_slot(openid)
    await state.record(openid, "custom", body)
    return {"errcode": 0, "errmsg": "ok"}


@wechat_api("template_send")
async def template_send(request: web.Request, state: SandboxState, _: str) -> dict[str, Any]:
    body = await _body(request)
    openid = str(body.get("touser") or "")
    await state.reachable(openid, custom=False)
    template_id = str(body.get("template_id") or "")
    if not await state.known_template(template_id):
        raise SandboxError(40037, "invalid template_id")
    if not isinstance(body.get("data", {}), dict):
        raise SandboxError(47001, "data format error")
    client_msg_id = str(body.get("client_msg_id") or "")
    msgid = await state.record(openid, "template", body, client_msg_id)
    return {"errcode": 0, "errmsg": "ok", "msgid": msgid}


SUBSCRIBE_THING_MAX = 20  # thing.DATA: at most 20 characters


@wechat_api("subscribe_send")
async def subscribe_bizsend(request: web.Request, state: SandboxState, _: str) -> dict[str, Any]:
    """订阅通知: needs the user's consent for the template; one-time consent is used up."""
    body = await _body(request)
    openid = str(body.get("touser") or "")
    template_id = str(body.get("template_id") or "")
    if not template_id:
        raise SandboxError(40037, "invalid template_id")
    data = body.get("data")
    if not isinstance(data, dict) or not data:
        raise SandboxError(47003, "argument invalid! data is empty")
    for key, field in data.items():
        value = field.get("value") if isinstance(field, dict) else None
        if not isinstance(value, (str, int, float)) or str(value) == "":
            raise SandboxError(47003, f"argument invalid! data.{key}.value invalid")
        if str(key).startswith("thing") and len(str(value)) > SUBSCRIBE_THING_MAX:
            raise SandboxError(47003, f"argument invalid! data.{key}.value exceeds limit")
    await state.reachable(openid, custom=False)
    await state.take_consent(openid, template_id)
    msgid = await state.record(openid, "subscribe", body)
    return {"errcode": 0, "errmsg": "ok", "msgid": msgid}


# -- menu ----------------------------------------------------------------------------


@wechat_api("menu_create")
async def menu_create(request: web.Request, state: SandboxState, appid: str) -> dict[str, Any]:
    body = await _body(request)
    check_menu(body)
    await state.set_menu(appid, {"button": body["button"]})
    return {"errcode": 0, "errmsg": "ok"}


@wechat_api("menu_get")
async def menu_get(request: web.Request, state: SandboxState, appid: str) -> dict[str, Any]:
    menu = await state.get_menu(appid)
    if menu is None:
        raise SandboxError(46003, "menu no exist")
    return {"menu": menu}


@wechat_api("menu_get")
async def selfmenu(request: web.Request, state: SandboxState, appid: str) -> dict[str, Any]:
    return selfmenu_info(await state.get_menu(appid))


# -- web OAuth -----------------------------------------------------------------------


@wechat_api("sns_oauth2", auth=False)
async def oauth_access_token(request: web.Request, state: SandboxState, _: str) -> dict[str, Any]:
    q = request.query
    if q.get("grant_type") != "authorization_code":
        raise SandboxError(40002, "invalid grant_type")
    appid = q.get("appid", "")
    await state.check_rate(appid, "sns_oauth2")
    _check_app(state, appid, q.get("secret", ""))
    info = await state.use_oauth_code(appid, q.get("code", ""))
    sns_token, expires_in = await state.issue_token(appid, "sns:" + info["openid"])
    refresh, _ = await state.issue_token(appid, "sns_refresh:" + info["openid"])
    return {
        "access_token": sns_token,
        "expires_in": expires_in,
        "refresh_token": refresh,
        "openid": info["openid"],
        "scope": info["scope"],
        "is_snapshotuser": 0,
    }


async def authorize(request: web.Request) -> web.StreamResponse:
    """open.weixin.qq.com/connect/oauth2/authorize: redirect back with a one-time code."""
    state = state_for(request.app)
    q = request.query
    appid, _ = credentials(state.settings)
    redirect_uri = q.get("redirect_uri", "")
    problem = ""
    if q.get("appid") != appid:
        problem = "appid"
    elif not redirect_uri.startswith(("http://", "https://", "/")):
        problem = "redirect_uri"
    elif q.get("response_type") != "code":
        problem = "response_type"
    elif q.get("scope") not in ("snsapi_base", "snsapi_userinfo"):
        problem = "scope"
    if problem:
        return page("sandbox/oauth_error.html", status=400, problem=problem)
    openid = q.get("sandbox_openid") or request.cookies.get("sandbox_openid", "")
    if not openid:
        users = await state.users()
        choices = [
            (u, f"{request.path}?{urlencode({**q, 'sandbox_openid': u.openid})}") for u in users
        ]
        return page("sandbox/oauth_pick.html", choices=choices)
    code = await state.new_oauth_code(appid, openid, q["scope"])
    parts = urlsplit(redirect_uri)
    extra = urlencode({"code": code, "state": q.get("state", "")})
    query = f"{parts.query}&{extra}" if parts.query else extra
    raise web.HTTPFound(urlunsplit(parts._replace(query=query)))


# -- outbox and admin (not WeChat: for the simulator, tests and demos) ---------------


async def outbox(request: web.Request) -> web.Response:
    state = state_for(request.app)
    openid = request.query.get("openid", "")
    after = int(request.query.get("after", "0") or 0)
    return json_response({"openid": openid, "messages": await state.outbox(openid, after)})


async def admin_expire_tokens(request: web.Request) -> web.Response:
    """`{"mode": "expire"}` (42001 from now on), `{"mode": "invalidate"}` (40001) or
    `{"mode": "reject"}` (40001 while stable_token keeps returning it: force_refresh)."""
    body = await _admin_body(request)
    mode = body.get("mode", "expire")
    if mode not in ("expire", "invalidate", "reject"):
        raise web.HTTPBadRequest(text="mode must be expire, invalidate or reject")
    count = await state_for(request.app).expire_tokens(mode)
    return json_response({"ok": True, "tokens": count, "mode": mode})


async def admin_backdate(request: web.Request) -> web.Response:
    """`{"openid", "seconds"}`: the user's last message happened that much earlier."""
    body = await request.json()
    state = state_for(request.app)
    await state.backdate(str(body["openid"]), float(body["seconds"]))
    user = await state.user(str(body["openid"]))
    return json_response({"ok": user is not None, "user": user.as_dict() if user else None})


async def admin_users(request: web.Request) -> web.Response:
    """`{"openid", "nickname"}`: a user follows the account (no event sent to /wechat)."""
    body = await request.json()
    user = await state_for(request.app).subscribe(str(body["openid"]), body.get("nickname", ""))
    return json_response({"ok": True, "user": user.as_dict()})


async def admin_templates(request: web.Request) -> web.Response:
    body = await request.json()
    await state_for(request.app).add_template(str(body["template_id"]))
    return json_response({"ok": True})


async def admin_consent(request: web.Request) -> web.Response:
    """`{"openid", "template_id", "status": accept|reject, "kind": one_time|long_term}`:
    what the user chose in the subscription popup, as WeChat's platform remembers it."""
    body = await _admin_body(request)
    status, kind = body.get("status", "accept"), body.get("kind", "one_time")
    openid, template_id = str(body.get("openid") or ""), str(body.get("template_id") or "")
    if not openid or not template_id:
        raise web.HTTPBadRequest(text="openid and template_id are required")
    if status not in ("accept", "reject") or kind not in ("one_time", "long_term"):
        raise web.HTTPBadRequest(text="status: accept|reject, kind: one_time|long_term")
    state = state_for(request.app)
    await state.set_consent(openid, template_id, status, kind)
    return json_response({"ok": True, "consent": await state.consent(openid, template_id)})


async def admin_inject(request: web.Request) -> web.Response:
    """Answer an error instead of the real result:
    `{"errcode": 45009, "calls": 5}` the next 5 message API calls (a quota storm);
    `{"errcode": -1, "calls": 3, "api": "template_send"}` one API only;
    `{"errcode": 45015, "openid": "o_x"}` every message to one user until cleared;
    `"delivered": true` records the message first (WeChat sent it, the answer was lost);
    `{"clear": true}` removes every injected error."""
    body = await _admin_body(request)
    state = state_for(request.app)
    if body.get("clear"):
        await state.clear_injections()
        return json_response({"ok": True, "cleared": True})
    try:
        errcode = int(body["errcode"])
        openid = str(body.get("openid") or "")
        calls = int(body.get("calls", -1 if openid else 1))
    except (KeyError, TypeError, ValueError):
        raise web.HTTPBadRequest(
            text="errcode (a number) is required; calls must be a number"
        ) from None
    if errcode not in ERRMSG or errcode in (0, 40001, 42001):
        raise web.HTTPBadRequest(
            text=f"errcode must be one of {sorted(set(ERRMSG) - {40001, 42001})}; "
            "for token errors use /sandbox/admin/expire_tokens"
        )
    if calls == 0 or calls < -1:
        raise web.HTTPBadRequest(text="calls must be positive (or -1: until cleared)")
    api = str(body.get("api") or "*")
    await state.inject(
        errcode, calls=calls, api=api, openid=openid, delivered=bool(body.get("delivered"))
    )
    return json_response({"ok": True, "errcode": errcode, "calls": calls, "api": api})


async def _admin_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json() if request.can_read_body else {}
    except ValueError:
        raise web.HTTPBadRequest(text="the body must be JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="the body must be a JSON object")
    return body


async def admin_stats(request: web.Request) -> web.Response:
    return json_response({"calls": await state_for(request.app).calls()})


def setup(app: web.Application) -> None:
    r = app.router
    r.add_get(API_PREFIX + "/cgi-bin/token", token)
    r.add_post(API_PREFIX + "/cgi-bin/stable_token", stable_token)
    r.add_post(API_PREFIX + "/cgi-bin/message/custom/send", custom_send)
    r.add_post(API_PREFIX + "/cgi-bin/message/template/send", template_send)
    r.add_post(API_PREFIX + "/cgi-bin/message/subscribe/bizsend", subscribe_bizsend)
    r.add_post(API_PREFIX + "/cgi-bin/menu/create", menu_create)
    r.add_get(API_PREFIX + "/cgi-bin/menu/get", menu_get)
    r.add_get(API_PREFIX + "/cgi-bin/get_current_selfmenu_info", selfmenu)
    r.add_get(API_PREFIX + "/sns/oauth2/access_token", oauth_access_token)
    r.add_get(API_PREFIX + "/_outbox", outbox)
    r.add_get(SANDBOX_AUTHORIZE_PATH, authorize)
    r.add_post("/sandbox/admin/expire_tokens", admin_expire_tokens)
    r.add_post("/sandbox/admin/backdate", admin_backdate)
    r.add_post("/sandbox/admin/users", admin_users)
    r.add_post("/sandbox/admin/templates", admin_templates)
    r.add_post("/sandbox/admin/consent", admin_consent)
    r.add_post("/sandbox/admin/inject", admin_inject)
    r.add_get("/sandbox/admin/stats", admin_stats)

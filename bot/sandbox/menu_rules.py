"""WeChat's custom-menu limits, answered with WeChat's own error codes (menu/create)."""

from __future__ import annotations

from typing import Any

from bot.config import (
    MENU_KEY_BYTES,
    MENU_MAX_SUB,
    MENU_MAX_TOP,
    MENU_SUB_NAME_BYTES,
    MENU_TOP_NAME_BYTES,
    MENU_URL_BYTES,
)
from bot.sandbox.state import SandboxError

KEY_TYPES = frozenset(
    {
        "click",
        "scancode_push",
        "scancode_waitmsg",
        "pic_sysphoto",
        "pic_photo_or_album",
        "pic_weixin",
        "location_select",
    }
)
OTHER_TYPES = frozenset({"view", "miniprogram", "media_id", "article_id", "article_view_limited"})

# (top-level code, sub-button code) for each kind of problem.
CODES = {
    "type": ((40017, "invalid button type"), (40024, "invalid sub button type")),
    "name": ((40018, "invalid button name size"), (40025, "invalid sub button name size")),
    "key": ((40019, "invalid button key size"), (40026, "invalid sub button key size")),
    "url": ((40020, "invalid button url size"), (40027, "invalid sub button url size")),
    "domain": ((40055, "invalid button url domain"), (40054, "invalid sub button url domain")),
}


def _fail(problem: str, sub: bool) -> SandboxError:
    code, msg = CODES[problem][1 if sub else 0]
    return SandboxError(code, msg)


def check_menu(body: Any) -> None:
    """Raise the SandboxError WeChat would answer for this menu/create body."""
    if not isinstance(body, dict) or not isinstance(body.get("button"), list):
        raise SandboxError(47001, "data format error")
    buttons = body["button"]
    if not 1 <= len(buttons) <= MENU_MAX_TOP:
        raise SandboxError(40016, "invalid button size")
    for button in buttons:
        if not isinstance(button, dict):
            raise SandboxError(47001, "data format error")
        _check_name(button, MENU_TOP_NAME_BYTES, sub=False)
        subs = button.get("sub_button")
        if subs:
            if not isinstance(subs, list) or len(subs) > MENU_MAX_SUB:
                raise SandboxError(40023, "invalid sub button size")
            for sub in subs:
                if not isinstance(sub, dict):
                    raise SandboxError(47001, "data format error")
                if sub.get("sub_button"):
                    raise SandboxError(40022, "invalid sub menu level")
                _check_name(sub, MENU_SUB_NAME_BYTES, sub=True)
                _check_action(sub, sub=True)
        else:
            _check_action(button, sub=False)


def _check_name(button: dict[str, Any], limit: int, *, sub: bool) -> None:
    name = button.get("name")
    if not isinstance(name, str) or not name or len(name.encode()) > limit:
        raise _fail("name", sub)


def _check_action(button: dict[str, Any], *, sub: bool) -> None:
    kind = button.get("type")
    if kind in KEY_TYPES:
        key = button.get("key")
        if not isinstance(key, str) or not key or len(key.encode()) > MENU_KEY_BYTES:
            raise _fail("key", sub)
    elif kind in ("view", "miniprogram"):
        url = button.get("url")
        if not isinstance(url, str) or not url or len(url.encode()) > MENU_URL_BYTES:
            raise _fail("url", sub)
        if not url.startswith(("http://", "https://")):
            raise _fail("domain", sub)
    elif kind not in OTHER_TYPES:
        raise _fail("type", sub)


def selfmenu_info(menu: dict[str, Any] | None) -> dict[str, Any]:
    """get_current_selfmenu_info's shape: sub-buttons wrapped in `{"list": [...]}`."""
    if not menu:
        return {"is_menu_open": 0, "selfmenu_info": {"button": []}}
    buttons = []
    for b in menu["button"]:
        if b.get("sub_button"):
            buttons.append({"name": b["name"], "sub_button": {"list": list(b["sub_button"])}})
        else:
            buttons.append(dict(b))
    return {"is_menu_open": 1, "selfmenu_info": {"button": buttons}}

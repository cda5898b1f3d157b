"""`hospital-bot menu push`: upload config.yml's custom menu to the WeChat API.

The menu is checked against WeChat's limits first (the same rules config loading
applies, again after `{base}` is expanded, since URLs get longer), so a mistake is
reported with the field to fix instead of a bare WeChat error code.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import redis.asyncio as aioredis

from bot.config import ConfigError, MenuButton, Settings, validate_menu
from push.client import WeChatAPIError, WeChatClient

MENU_ERRORS = {
    40016: "there must be 1-3 top-level buttons",
    40017: "a top-level button has an unsupported type",
    40018: "a top-level button name is too long (max 16 bytes, about 4 Chinese characters)",
    40019: "a top-level button key is too long (max 128 bytes)",
    40020: "a top-level button url is too long (max 1024 bytes)",
    40023: "a top-level button has more than 5 sub-buttons",
    40024: "a sub-button has an unsupported type",
    40025: "a sub-button name is too long (max 60 bytes)",
    40026: "a sub-button key is too long (max 128 bytes)",
    40027: "a sub-button url is too long (max 1024 bytes)",
    40054: "a sub-button url is not on a domain allowed for this account",
    40055: "a button url is not on a domain allowed for this account",
}


def _button(b: MenuButton, base: str) -> dict[str, Any]:
    if b.sub_button:
        return {"name": b.name, "sub_button": [_button(s, base) for s in b.sub_button]}
    if b.type == "click":
        return {"type": "click", "name": b.name, "key": b.key}
    return {"type": "view", "name": b.name, "url": b.url.replace("{base}", base)}


def menu_json(settings: Settings) -> dict[str, Any]:
    """WeChat's menu/create body, `{base}` replaced by the public base URL, validated."""
    base = settings.public_base_url.rstrip("/")
    leaves = [s for b in settings.menu for s in (b.sub_button or (b,))]
    if any("{base}" in leaf.url for leaf in leaves):
        if not base.startswith(("http://", "https://")):
            raise ConfigError(
                "server.public_base_url: the menu's VIEW links use {base}. "
                "Fix: set PUBLIC_BASE_URL to the https address WeChat users reach."
            )
    body = {"button": [_button(b, base) for b in settings.menu]}
    validate_menu(body["button"])
    return body


async def push_menu(settings: Settings) -> int:
    """Validate and upload the menu; print the outcome. Returns a process exit code."""
    try:
        body = menu_json(settings)
    except ConfigError as exc:
        print(f"menu push: invalid menu: {exc}")
        return 2
    redis = aioredis.Redis.from_url(settings.redis_url)
    try:
        async with aiohttp.ClientSession() as session:
            client = WeChatClient(settings, redis, session)
            await client.create_menu(body)
    except WeChatAPIError as exc:
        hint = MENU_ERRORS.get(exc.errcode, "")
        where = settings.wechat.api_base
        print(f"menu push: WeChat ({where}) refused the menu: {exc.errcode} {exc.errmsg}")
        if hint:
            print(f"  {hint}. Fix the `menu:` section of config.yml.")
        elif exc.errcode == -1:
            print("  Is the API reachable? In sandbox mode start `hospital-bot run` first.")
        return 1
    finally:
        await redis.aclose()
    subs = sum(len(b.sub_button) for b in settings.menu)
    print(
        f"menu push: uploaded {len(settings.menu)} top-level buttons and {subs} sub-buttons "
        f"to {settings.wechat.api_base}"
    )
    return 0

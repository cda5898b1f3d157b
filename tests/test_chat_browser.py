"""A real headless Chromium drives the chat simulator against the real app.

Debian's chromium (`apt-get install chromium`), driven by playwright-python; the page
talks to `/wechat` through the sandbox relay exactly as WeChat would.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from chat_support import GREETING, HOSPITAL_INFO, WELCOME
from live_app import live_app

from bot.clock import Clock
from bot.config import Settings
from bot.services import Services
from bot.storage import Storage
from push.client import WeChatClient

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = Path(os.environ.get("CHAT_SCREENSHOT", "/tmp/chat.png"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


@pytest.fixture
async def server(
    settings: Settings, storage: Storage, clock: Clock
) -> AsyncIterator[tuple[str, Services]]:
    async with live_app(settings, storage, clock) as (base, services):
        yield base, services


async def test_chat_simulator_in_a_real_browser(server: tuple[str, Services]) -> None:
    from playwright.async_api import async_playwright, expect

    base, services = server
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = await browser.new_page(viewport={"width": 480, "height": 820})
            await page.goto(base + "/sandbox/chat")
            replies = page.locator('.row[data-source="reply"] .bubble')

            # A new test user follows the account: the welcome message arrives.
            await page.fill("#new-user-name", "小明")
            await page.click("#new-user-button")
            await expect(replies.first).to_have_text(WELCOME)
            openid = await page.locator("#user-select").input_value()
            assert openid.startswith("o")

            # Type a message.
            await page.click("#to-keyboard")
            await page.fill("#text-input", "你好")
            await page.click("#send-button")
            await expect(page.locator('.row[data-source="me"] .bubble')).to_have_text("你好")
            await expect(replies).to_have_count(2)
            await expect(replies.nth(1)).to_have_text(GREETING)

            # Tap the custom menu: 医院信息 → 医院介绍.
            await page.click("#to-menu")
            await page.get_by_role("button", name="医院信息").click()
            await page.get_by_role("button", name="医院介绍").click()
            await expect(replies).to_have_count(3)
            await expect(replies.nth(2)).to_have_text(HOSPITAL_INFO)

            # A customer-service push shows up in the conversation (outbox polling).
            async with aiohttp.ClientSession() as http:
                client = WeChatClient(services.settings, services.storage.redis, http)
                await client.send_custom_text(openid, "您的检验报告已出，请查收")
            pushed = page.locator('.row[data-source="push"] .bubble')
            await expect(pushed).to_contain_text("您的检验报告已出")

            await page.screenshot(path=str(SCREENSHOT))

            # A VIEW button opens the H5 page as this user (sandbox web OAuth).
            await page.get_by_role("button", name="诊疗服务").click()
            async with page.expect_popup() as popup_info:
                await page.get_by_role("button", name="预约页面").click()
            webview = await popup_info.value
            # /h5/booking → sandbox authorize → /h5/oauth/callback → back, signed in.
            # (Browsers keep the authorize URL's #wechat_redirect, as in WeChat.)
            await webview.wait_for_url(re.compile(re.escape(base) + r"/h5/booking(#.*)?$"))
        finally:
            await browser.close()

"""A real headless Chromium sends a broadcast from the staff console: a nurse logs in,
composes a notice to her department's patients, sends it, and watches the progress
page reach 100 % while a real job-system worker (`run_worker`, what `hospital-bot
worker` runs) delivers it through the WeChat sandbox."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta
from pathlib import Path

import pytest
from booking_support import NOW, make_schedule, ref
from console_support import PASSWORD, add_staff
from live_app import live_app
from test_chat_browser import CHROMIUM, CHROMIUM_ARGS

from bot.clock import FrozenClock
from bot.config import Settings
from bot.sandbox.state import SandboxState
from bot.storage import Storage
from push.worker import run_worker

SCREENSHOT = Path(os.environ.get("CONSOLE_SCREENSHOT", "/tmp/console-broadcast.png"))
FAST = {"per_second": 5000, "burst": 1000}
PATIENTS = (("o_cb_1", "周甲"), ("o_cb_2", "吴乙"), ("o_cb_3", "郑丙"))
BODY = "明天上午儿科门诊调整到2楼，请提前取号。"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


async def test_a_nurse_sends_a_broadcast_and_watches_it_reach_100_percent(
    settings: Settings, storage: Storage
) -> None:
    from playwright.async_api import async_playwright, expect

    raw = dict(settings.raw)
    raw["push"] = {**raw["push"], "rate_limits": {"custom": FAST, "template": FAST}}
    clock = FrozenClock(NOW, settings.tz)
    async with live_app(settings.with_overrides(raw=raw), storage, clock) as (base, services):
        await add_staff(storage, "nurse_li", departments=("peds",), name="李护士")
        state = SandboxState(storage.redis, services.settings, clock)
        sid = await make_schedule(
            services, NOW.date() + timedelta(days=1), department="peds", capacity=10
        )
        for openid, name in PATIENTS:
            await state.subscribe(openid, name)
            await services.booking.book(await ref(services, openid, name), sid, idem_key=openid)

        stop = asyncio.Event()
        worker = asyncio.create_task(run_worker(services.push, services.jobs, stop))
        try:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
                try:
                    page = await browser.new_page(viewport={"width": 1024, "height": 900})
                    await page.goto(base + "/console/")  # behind the login
                    await page.fill("#username", "nurse_li")
                    await page.fill("#password", PASSWORD)
                    await page.click("#login-button")
                    await expect(page.locator("h2").first).to_have_text("总览")

                    await page.goto(base + "/console/broadcasts/new")
                    await page.fill("#title", "门诊调整")
                    await page.fill("#body", BODY)
                    await page.check('input[name="audience"][value="appointments"]')
                    await page.select_option("#department", "peds")
                    await page.click("#preview-button")

                    # The draft: the count and the previews, nothing sent yet.
                    await expect(page.locator("#recipients")).to_have_text("3")
                    await expect(page.locator("#preview-custom")).to_contain_text(BODY)
                    await expect(page.locator("#preview-template")).to_contain_text(BODY)
                    await page.click("#send-button")

                    # The progress page polls the server until the worker is done.
                    await expect(page.locator("#percent")).to_have_text("100", timeout=30_000)
                    await expect(page.locator("#status")).to_have_text("已完成")
                    await expect(page.locator("#count-sent")).to_have_text("3")
                    await expect(page.locator("#count-pending")).to_have_text("0")
                    await page.screenshot(path=str(SCREENSHOT), full_page=True)
                finally:
                    await browser.close()
        finally:
            stop.set()
            await asyncio.wait_for(worker, 30)

        for openid, _ in PATIENTS:  # each patient got the notice once, as WeChat saw it
            got = [m for m in await state.outbox(openid) if BODY in str(m)]
            assert len(got) == 1, openid

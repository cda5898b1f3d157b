"""A real headless Chromium pays a bill on the H5 page: 「缴费」 in the chat simulator,
the link opens the payment page in the simulator's web view (sandbox OAuth), 微信支付
calls WeixinJSBridge (injected by the simulator, as WeChat injects it), the 模拟支付
sheet pays through the WeChat Pay sandbox, the page polls our server until WeChat Pay's
notification is recorded, and the receipt arrives in the chat."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pay_support import OPENID, pay_env
from test_chat_browser import CHROMIUM, CHROMIUM_ARGS

from bot.config import Settings
from bot.storage import Storage
from handlers.payments.models import OrderStatus
from push.worker import drain_once

SCREENSHOT = Path(os.environ.get("PAY_SCREENSHOT", "/tmp/pay-sheet.png"))
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


async def test_pay_a_bill_on_the_h5_page_in_a_real_browser(
    settings: Settings, storage: Storage
) -> None:
    from playwright.async_api import async_playwright, expect

    async with pay_env(settings, storage) as env:
        await env.patient()
        await env.follow()
        bill = await env.bill()
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                chat = await browser.new_page(viewport={"width": 480, "height": 820})
                await chat.goto(env.base + "/sandbox/chat")
                await chat.select_option("#user-select", OPENID)
                await chat.click("#to-keyboard")
                await chat.fill("#text-input", "缴费")
                await chat.click("#send-button")
                replies = chat.locator('.row[data-source="reply"] .bubble')
                await expect(replies.last).to_contain_text("¥322.20")

                async with chat.expect_popup() as popup:
                    await replies.last.get_by_role("link", name="查看明细并缴费").click()
                webview = await popup.value
                await webview.wait_for_url(re.compile(rf"/h5/pay/b/{bill.id}(#.*)?$"))
                await expect(webview.locator("#pay-button")).to_have_text("微信支付 ¥322.20")

                await webview.click("#pay-button")
                sheet = webview.locator("#sandbox-pay-sheet")
                await expect(sheet.locator("#sandbox-pay-amount")).to_have_text("¥322.20")
                await webview.screenshot(path=str(SCREENSHOT))
                await webview.click("#sandbox-pay-confirm")

                # The page waits for OUR server (notification recorded), then the result.
                await webview.wait_for_url(re.compile(r"/h5/pay/orders/HB\w+$"))
                await expect(webview.locator("main")).to_contain_text("支付成功")
                await expect(webview.locator("main")).to_contain_text("门诊西药房 2 号窗口")
                no = webview.url.rsplit("/", 1)[-1]
                order = await env.order(no)
                assert order.status == OrderStatus.PAID and order.paid_via == "notify"

                await drain_once(env.services)  # the push worker delivers the receipt
                pushed = chat.locator('.row[data-source="push"] .bubble')
                await expect(pushed.last).to_contain_text("缴费成功")
                await expect(pushed.last).to_contain_text("取药：门诊西药房 2 号窗口")
            finally:
                await browser.close()

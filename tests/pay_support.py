"""Payment test helpers: the real app on a real socket with the WeChat and WeChat Pay
sandboxes, a patient with a hospital card and bills in LocalHIS, a phone (an H5
session walked through the sandbox OAuth) and WeChat's payment sheet (the sandbox
wallet, fed exactly what the page would pass to WeixinJSBridge)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiohttp
from live_app import live_app
from yarl import URL

from bot.clock import FrozenClock
from bot.config import Settings
from bot.sandbox.pay_emulator import PayEmulator
from bot.sandbox.state import SandboxState
from bot.services import Services
from bot.storage import Storage
from handlers.his.local import CardRepo, LocalHIS
from handlers.his.models import Bill, BillItem
from handlers.patients import Patient, PatientForm
from handlers.payments.models import PayOrder
from handlers.payments.repo import AuditRepo, IncidentRepo
from push.channels import SEEN
from push.outbox import OutboxRepo
from push.worker import drain_once

TEST_KEY = "payments-test-secret-key-0123456789abcdef"
# Monday 2 March 2026, 09:00 in Shanghai: a working morning.
NOW = datetime(2026, 3, 2, 9, 0)
OPENID = "o_pay_patient_000000000000001"
ID_NUMBER = "110101199003077774"  # the demo card's holder (张三), valid checksum
CARD = "A0001"
ITEMS = (
    BillItem(
        "阿莫西林胶囊 0.25g×24粒", "drug", 2, "盒", 1860, 3720, "门诊西药房 2 号窗口（门诊楼 1 层）"
    ),
    BillItem("血常规", "lab", 1, "次", 2500, 2500, "检验科采血处（门诊楼 2 层）"),
    BillItem("胸部CT平扫", "exam", 1, "次", 26000, 26000, "放射科 CT 室（医技楼 2 层）"),
)
BILL_TOTAL = 3720 + 2500 + 26000  # ¥322.20


@dataclass
class PayEnv:
    base: str
    services: Services
    clock: FrozenClock
    http: aiohttp.ClientSession
    sandbox: SandboxState

    @property
    def emulator(self) -> PayEmulator:
        return PayEmulator(self.services.settings, self.services.storage.redis, self.clock)

    # -- the hospital side ---------------------------------------------------------------
    async def patient(self, openid: str = OPENID, name: str = "张三", card: str = CARD) -> Patient:
        """A patient with a bound hospital card (the HIS knows the card)."""
        svc = self.services.patients
        await self.services.storage.repo(CardRepo).col.update_one(
            {"_id": card},
            {"$set": {"name": name, "id_hash": svc.keyring.lookup_hash(ID_NUMBER)}},
            upsert=True,
        )
        p = await svc.add(
            openid,
            PatientForm(name=name, id_number=ID_NUMBER, phone="13812345678", relation="本人"),
        )
        await svc.repo.set_card(openid, p.id, card, self.clock.now())
        got = await svc.get(openid, p.id)
        assert got is not None
        await self.sandbox.subscribe(openid, name)  # a follower: pushes reach them
        await followed(self.services, openid)
        return got

    async def bill(self, card: str = CARD, items: tuple[BillItem, ...] = ITEMS) -> Bill:
        his = self.services.his
        assert isinstance(his, LocalHIS)
        return await his.add_visit(
            card_no=card, department="resp", doctor_name="王建国", items=list(items)
        )

    async def order(self, no: str) -> PayOrder:
        order = await self.services.payments.orders.get(no)
        assert order is not None
        return order

    async def audit(self, no: str) -> list[tuple[str, str]]:
        """(from, to) of every audit entry; ("paid", "paid") is the HIS recording it late."""
        entries = await self.services.storage.repo(AuditRepo).of(no)
        return [(e["from"], e["to"]) for e in entries]

    async def incidents(self) -> list[dict[str, Any]]:
        return await self.services.storage.repo(IncidentRepo).open()

    async def owed(self, openid: str = OPENID) -> list[dict[str, Any]]:
        """Notices in the transactional outbox for `openid` (receipts, refunds)."""
        col = self.services.storage.repo(OutboxRepo).col
        return await col.find({"openid": openid}).sort("created_at", 1).to_list(100)

    async def pushed(self, openid: str = OPENID) -> list[str]:
        """Relay the outbox, deliver, and return every text WeChat got for `openid`."""
        await drain_once(self.services)
        sent = await self.sandbox.outbox(openid)
        return [m["message"]["text"]["content"] for m in sent if m["kind"] == "custom"]

    # -- the phone ---------------------------------------------------------------------
    async def login(self, page: str = "/h5/pay", openid: str = OPENID) -> str:
        """WeChat web OAuth through the sandbox, as the in-app browser walks it."""
        self.http.cookie_jar.update_cookies({"sandbox_openid": openid}, response_url=URL(self.base))
        async with self.http.get(self.base + page) as resp:
            assert resp.status == 200, await resp.text()
            return await resp.text()

    async def get(self, path: str) -> tuple[int, str]:
        async with self.http.get(self.base + path) as resp:
            return resp.status, await resp.text()

    async def checkout(self, page_html: str, **extra: Any) -> tuple[int, dict[str, Any]]:
        """What pay.js does when the patient taps 微信支付."""
        attrs = dict(re.findall(r'data-(csrf|kind|ref|nonce)="([^"]*)"', page_html))
        body = {"kind": attrs["kind"], "ref": attrs["ref"], **extra}
        if "nonce" in attrs:
            body.setdefault("nonce", attrs["nonce"])
        async with self.http.post(
            self.base + "/h5/pay/checkout", json=body, headers={"X-CSRF-Token": attrs["csrf"]}
        ) as resp:
            return resp.status, await resp.json()

    async def status(self, no: str) -> dict[str, Any]:
        async with self.http.get(f"{self.base}/h5/pay/orders/{no}/status") as resp:
            assert resp.status == 200
            return await resp.json()

    async def wallet(
        self, params: dict[str, str], mode: str = "normal", openid: str = OPENID
    ) -> dict[str, Any]:
        """WeChat's payment sheet: the patient confirms (the sandbox pays and notifies)."""
        body = {"params": params, "openid": openid, "confirm": True, "mode": mode}
        async with self.http.post(self.base + "/sandbox/pay/admin/wallet", json=body) as resp:
            data = await resp.json()
            assert resp.status == 200, data
            return data

    async def admin(self, what: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        async with self.http.post(f"{self.base}/sandbox/pay/admin/{what}", json=body or {}) as r:
            data = await r.json()
            assert r.status == 200, data
            return data

    async def follow(self, openid: str = OPENID) -> None:
        """A test user of the chat simulator follows the account."""
        async with self.http.post(
            self.base + "/sandbox/chat/api/users", json={"openid": openid, "nickname": "张三"}
        ) as resp:
            assert resp.status == 200, await resp.text()

    async def say(self, text: str, openid: str = OPENID) -> str:
        """Type in the chat simulator: signed XML to /wechat, the passive reply back."""
        async with self.http.post(
            self.base + "/sandbox/chat/api/send",
            json={"openid": openid, "type": "text", "content": text},
        ) as resp:
            data = await resp.json()
            assert resp.status == 200 and data["ok"], data
            return str(data["reply"]["content"])

    async def received(self, openid: str = OPENID) -> list[str]:
        """What the simulator shows as pushed messages, after the worker ran."""
        await drain_once(self.services)
        async with self.http.get(
            self.base + "/sandbox/chat/api/messages", params={"openid": openid}
        ) as resp:
            data = await resp.json()
        return [m["content"] for m in data["messages"] if m["type"] == "text"]


async def followed(services: Services, openid: str) -> None:
    """What `/wechat` records for the follow event (the sandbox subscribed the user
    without one): the 48-hour customer-service window is open, so receipts go out as
    customer-service messages."""
    await services.storage.redis.set(SEEN + openid, int(services.clock.timestamp()))


@contextlib.asynccontextmanager
async def pay_env(
    settings: Settings, storage: Storage, at: datetime = NOW, **sandbox: Any
) -> AsyncIterator[PayEnv]:
    """The app on a FrozenClock, timed sandbox work only when a test ticks it."""
    clock = FrozenClock(at, settings.tz)
    settings = settings.with_overrides(secret_key=TEST_KEY)
    async with (
        live_app(settings, storage, clock, pay_tick_seconds=0, **sandbox) as (base, services),
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http,
    ):
        state = SandboxState(storage.redis, services.settings, clock)
        yield PayEnv(base, services, clock, http, state)


def links(text: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)">', text)

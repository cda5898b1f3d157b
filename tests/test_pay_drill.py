"""The payment drill: the app process is killed (SIGKILL, a real `hospital-bot serve`
subprocess) while it handles WeChat Pay's notification — before it recorded anything,
after the HIS recorded the payment but before we did, or after the payment committed
but before the receipt went out — and nothing is lost.

WeChat Pay (the sandbox emulator, run here in the test process over the same Redis)
got no answer, so it retries; the restarted app records the payment once, the HIS
learns it once, and the patient gets exactly one receipt.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from pay_support import CARD, ID_NUMBER, OPENID, TEST_KEY, followed

from bot.clock import Clock, FrozenClock
from bot.compose import build_services
from bot.config import Settings
from bot.localstack import LocalStack, free_port
from bot.sandbox import sandbox_settings
from bot.sandbox.pay_emulator import PayEmulator
from bot.sandbox.state import SandboxState
from bot.services import Services
from bot.storage import Storage
from handlers.his.local import CardRepo, LocalHIS
from handlers.his.local_billing import LedgerRepo
from handlers.patients import PatientForm
from handlers.payments.models import OrderStatus
from handlers.payments.repo import AuditRepo
from push.outbox import OutboxRepo
from push.worker import drain_once

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


class App:
    """`hospital-bot serve` in its own process, on the test's databases."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc

    @classmethod
    async def start(cls, config: Path, env: dict[str, str], port: int) -> App:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "--config", str(config),
            "serve", "--host", "127.0.0.1", "--port", str(port),
            cwd=ROOT, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        app = cls(proc)
        await app.wait_for(b"started", stream=proc.stdout)  # the banner: it listens
        return app

    async def wait_for(self, marker: bytes, stream: asyncio.StreamReader | None = None) -> None:
        stream = stream or self.proc.stderr
        assert stream is not None
        async with asyncio.timeout(60):
            while marker not in (line := await stream.readline()):
                assert line, f"the app exited before {marker!r}"

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)

    async def stop(self) -> None:
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        await self.proc.wait()


@pytest.fixture
async def drill_env(
    settings: Settings, storage: Storage, stack: LocalStack, tmp_path: Path
) -> AsyncIterator[tuple[Services, dict[str, str], Path, int]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    raw = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    raw["storage"].update(database=settings.database, data_dir=str(settings.data_dir))
    raw["sandbox"].update(pay_tick_seconds=0)  # WeChat Pay's retries: driven by the test
    config = tmp_path / "config.yml"
    config.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT", "PUBLIC_BASE"))}
    env.update(
        MONGODB_URI=stack.mongodb_uri,
        REDIS_URL=stack.redis_url,
        HOSPITAL_BOT_SANDBOX="1",
        SECRET_KEY=TEST_KEY,
        LOG_LEVEL="INFO",
    )
    ours = sandbox_settings(settings.with_overrides(secret_key=TEST_KEY), base)
    services = build_services(ours, storage, clock=Clock(ours.tz))
    yield services, env, config, port
    await services.payments.gateway.close()  # type: ignore[union-attr]


def with_drill(config: Path, point: str) -> Path:
    raw = yaml.safe_load(config.read_text(encoding="utf-8"))
    raw.setdefault("payments", {})["drill_pause_at"] = point
    drilled = config.with_name(f"config-{point}.yml")
    drilled.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return drilled


@pytest.mark.parametrize("point", ["received", "his_recorded", "committed"])
async def test_killed_between_notification_and_receipt_loses_nothing(
    drill_env: tuple[Services, dict[str, str], Path, int], point: str
) -> None:
    services, env, config, port = drill_env
    # A patient with a card, a bill, and an order made through the payment page's path.
    his = services.his
    assert isinstance(his, LocalHIS)
    keyring = services.patients.keyring
    await services.storage.repo(CardRepo).col.insert_one(
        {"_id": CARD, "name": "张三", "id_hash": keyring.lookup_hash(ID_NUMBER)}
    )
    patient = await services.patients.add(
        OPENID, PatientForm(name="张三", id_number=ID_NUMBER, phone="13812345678", relation="本人")
    )
    await services.patients.repo.set_card(OPENID, patient.id, CARD, services.clock.now())
    bill = await his.add_visit(card_no=CARD, department="resp", doctor_name="王建国")
    wechat = SandboxState(services.storage.redis, services.settings, services.clock)
    await wechat.subscribe(OPENID, "张三")
    await followed(services, OPENID)

    app = await App.start(with_drill(config, point), env, port)
    try:
        payable = await services.payments.payables.for_bill(OPENID, bill.id)
        no = (await services.payments.checkout(payable)).order.out_trade_no

        # WeChat Pay takes the money and notifies; the app stops at the drill point ...
        pay_clock = FrozenClock(datetime.now(services.settings.tz))
        wechat_pay = PayEmulator(services.settings, services.storage.redis, pay_clock)
        paying = asyncio.create_task(wechat_pay.pay({"out_trade_no": no, "openid": OPENID}))
        await app.wait_for(b"pay.drill_paused")
        app.kill()  # ... and dies there
        first = await paying
    finally:
        await app.stop()

    assert [d["status"] for d in first["deliveries"]] == [0]  # no answer: WeChat Pay retries
    order = await services.payments.orders.get(no)
    assert order is not None
    ledger = services.storage.repo(LedgerRepo).col
    outbox = services.storage.repo(OutboxRepo)
    receipt = await outbox.get(f"receipt:{no}")
    if point == "committed":  # paid, and the receipt owed in the same transaction
        assert order.status == OrderStatus.PAID and order.his_settled
        assert receipt is not None and receipt["status"] == "pending"
    else:
        assert order.status == OrderStatus.CREATED and receipt is None
    assert await ledger.count_documents({"_id": no}) == (0 if point == "received" else 1)

    app = await App.start(config, env, port)  # the restarted app, no drill
    try:
        pay_clock.advance(seconds=16)  # WeChat Pay's first retry is due after 15 s
        retried = await wechat_pay.run_due()
        assert [d["status"] for d in retried] == [204]

        order = await services.payments.orders.get(no)
        assert order is not None and order.status == OrderStatus.PAID and order.his_settled
        audit = await services.storage.repo(AuditRepo).of(no)
        assert [(a["from"], a["to"]) for a in audit] == [("", "created"), ("created", "paid")]
        lines = await ledger.find({"ref": bill.id}).to_list(5)
        assert [line["_id"] for line in lines] == [no]  # the HIS recorded it once
        assert (await outbox.get(f"receipt:{no}"))["status"] == "pending"  # type: ignore[index]
        await drain_once(services)
        received = [m["message"]["text"]["content"] for m in await wechat.outbox(OPENID)]
        assert len(received) == 1 and "缴费成功" in received[0]
        await drain_once(services)  # nothing is sent twice
        assert len(await wechat.outbox(OPENID)) == 1
    finally:
        await app.stop()
        await wechat_pay.close()

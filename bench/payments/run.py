"""Payment notification benchmark: 1,000 orders, 1,000 notifications + 1,000 duplicates.

`python -m bench.payments.run [--orders 1000] [--duplicates 1000] [--mongodb-uri ...]`

- the embedded stack (SecantusDB + redis-server) in a temporary folder, unless URIs are
  given; 1,000 outpatient bills in LocalHIS and 1,000 created payment orders for them;
- `python -m bot.cli serve` on it (the WeChat Pay sandbox merchant's keys);
- 2,000 notifications signed and AES-GCM encrypted exactly as WeChat Pay sends them
  (the sandbox's notifier): one TRANSACTION.SUCCESS per order plus an identical second
  delivery of each (the same event id, signed and encrypted afresh, like WeChat Pay's
  retries), shuffled, all sent at once over HTTP to `/pay/notify`;
- checks: every answer 2xx, every order paid exactly once (one created→paid audit entry,
  one HIS ledger line, one receipt owed), nothing else;
- reports: latency p50/p95/p99/max per notification (client side, from the moment all
  are fired: queueing included), MongoDB ops during the burst (serverStatus opcounters;
  findAndModify counts as a command and an update there), then 100 more orders notified
  one at a time (each twice) for the service time without queueing, and the exact
  commands of one notification and of one repeat on a quiet app (pymongo
  CommandListener, in process).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import yaml
from pymongo import AsyncMongoClient, MongoClient, monitoring

from bot.clock import SHANGHAI, Clock
from bot.compose import build_services
from bot.config import load_settings
from bot.localstack import LocalStack, free_port
from bot.sandbox import sandbox_settings
from bot.sandbox.pay_keys import ensure_keys
from bot.sandbox.pay_notify import Notifier
from bot.sandbox.pay_state import PayState
from bot.services import Services
from bot.storage import Storage
from handlers.his.local_billing import BillRepo, visit_items
from handlers.payments.models import Kind, Payable
from handlers.payments.repo import AuditRepo
from push.outbox import OutboxRepo

ROOT = Path(__file__).resolve().parents[2]
SECRET = "bench-secret-key-0123456789abcdef0123456789"


class Commands(monitoring.CommandListener):
    def __init__(self) -> None:
        self.names: Counter[str] = Counter()
        self.on = False

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if self.on:
            self.names[event.command_name] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def take(self) -> dict[str, int]:
        out, self.names = dict(self.names), Counter()
        return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


async def seed(services: Services, n: int, prefix: str) -> list[str]:
    """`n` LocalHIS bills and a created order for each; returns the order numbers."""
    now = services.clock.now()
    items = visit_items("resp")
    total = sum(i.amount_fen for i in items)
    bills = [
        {
            "_id": f"{prefix}BILL{i:06d}",
            "card_no": f"C{i:06d}",
            "patient_name": "病人",
            "visit_id": f"V{i:06d}",
            "department": "resp",
            "doctor_name": "王建国",
            "items": [x.to_doc() for x in items],
            "total_fen": total,
            "created_at": now,
            "due_at": now + timedelta(days=7),
            "status": "unpaid",
        }
        for i in range(n)
    ]
    await services.storage.repo(BillRepo).col.insert_many(bills)
    payments = services.payments
    orders = []
    for i, bill in enumerate(bills):
        payable = Payable(
            key=f"bill:{bill['_id']}",
            kind=Kind.OUTPATIENT,
            ref=bill["_id"],
            openid=f"o_bench_{i:06d}",
            patient_id=f"p{i}",
            patient_name="病人",
            card_no=bill["card_no"],
            title="门诊缴费",
            department="resp",
            doctor_name="王建国",
            items=items,
            total_fen=total,
            expires_at=now + timedelta(minutes=30),
        )
        doc = payments._order_doc(payable, now)
        doc["_id"] = f"HB{prefix}{i:08d}"
        orders.append(doc)
    await payments.orders.col.insert_many(orders)
    return [o["_id"] for o in orders]


def notifications(
    numbers: list[str], notifier: Notifier, mchid: str, appid: str, url: str, total: int
) -> list[tuple[str, dict[str, Any]]]:
    """One TRANSACTION.SUCCESS job per order (the notifier signs and encrypts it)."""
    out = []
    now = datetime.now(SHANGHAI).isoformat(timespec="seconds")
    for k, no in enumerate(numbers):
        resource = {
            "appid": appid,
            "mchid": mchid,
            "out_trade_no": no,
            "transaction_id": f"4200000001{k:018d}",
            "trade_type": "JSAPI",
            "trade_state": "SUCCESS",
            "trade_state_desc": "支付成功",
            "bank_type": "OTHERS",
            "attach": "",
            "success_time": now,
            "payer": {"openid": f"o_bench_{k:06d}"},
            "amount": {"total": total, "payer_total": total, "currency": "CNY"},
        }
        job = notifier.new_job(
            url=url,
            event_type="TRANSACTION.SUCCESS",
            original_type="transaction",
            resource=resource,
            ref=no,
        )
        out.append((no, job))
    return out


async def burst(
    url: str, envelopes: list[tuple[dict[str, str], bytes]]
) -> tuple[list[float], Counter[int], float]:
    """All at once; latency from the moment they were all fired (queueing included).
    No client timeout: WeChat Pay would give up after ~5 s and retry, which only adds
    load; here every notification waits for its answer."""
    connector = aiohttp.TCPConnector(limit=len(envelopes))
    timeout = aiohttp.ClientTimeout(total=None)
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        start = time.perf_counter()

        async def one(headers: dict[str, str], body: bytes) -> None:
            async with http.post(url, data=body, headers=headers) as resp:
                await resp.read()
                statuses[resp.status] += 1
            latencies.append(time.perf_counter() - start)

        await asyncio.gather(*(one(h, b) for h, b in envelopes))
        wall = time.perf_counter() - start
    return latencies, statuses, wall


async def one_by_one(
    url: str, envelopes: list[tuple[dict[str, str], bytes]]
) -> tuple[list[float], Counter[int]]:
    """One notification at a time: the service time of a notification, no queueing."""
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    async with aiohttp.ClientSession() as http:
        for headers, body in envelopes:
            t0 = time.perf_counter()
            async with http.post(url, data=body, headers=headers) as resp:
                await resp.read()
                statuses[resp.status] += 1
            latencies.append(time.perf_counter() - t0)
    return latencies, statuses


async def quiet_round_trips(services: Services, listener: Commands, notifier: Notifier) -> dict:
    """Commands of one notification, then of its duplicate, on an idle app (in process)."""
    (no,) = await seed(services, 1, "Q")
    bill_total = sum(i.amount_fen for i in visit_items("resp"))
    gateway = services.payments.gateway
    assert gateway is not None
    ((_, job),) = notifications(
        [no], notifier, gateway.config.mchid, gateway.config.appid, "http://x/", bill_total
    )
    out = {}
    for label in ("first", "duplicate"):
        headers, body = notifier.envelope(job)
        listener.take()
        listener.on = True
        outcome = await services.payments.on_notification(headers, body)
        listener.on = False
        names = listener.take()
        out[label] = {"outcome": outcome, "round_trips": sum(names.values()), "commands": names}
    return out


async def bench(args: argparse.Namespace, mongodb_uri: str, redis_url: str, data: Path) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    database = f"bench_pay_{int(time.time())}"
    raw = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    raw["storage"].update(database=database, data_dir=str(data))
    raw["sandbox"].update(pay_tick_seconds=0)
    config = data / "config.yml"
    config.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT", "PUBLIC_BASE"))}
    settings = load_settings(config, env={}).with_overrides(
        mongodb_uri=mongodb_uri, redis_url=redis_url, secret_key=SECRET, sandbox_enabled=True
    )
    settings = sandbox_settings(settings, base)
    listener = Commands()
    storage = Storage(mongodb_uri, redis_url, database)
    await storage.mongo.close()
    storage.mongo = AsyncMongoClient(mongodb_uri, tz_aware=True, event_listeners=[listener])
    storage.db = storage.mongo[database]
    await storage.ensure_indexes()
    services = build_services(settings, storage, clock=Clock(settings.tz))
    keys = ensure_keys(data)
    notifier = Notifier(lambda: keys, PayState(storage.redis), Clock(), _no_session)
    gateway = services.payments.gateway
    assert gateway is not None
    total = sum(i.amount_fen for i in visit_items("resp"))
    try:
        quiet = await quiet_round_trips(services, listener, notifier)
        numbers = await seed(services, args.orders, "B")
        solo = await seed(services, args.sequential, "S")
        jobs = notifications(
            numbers, notifier, gateway.config.mchid, gateway.config.appid, base, total
        )
        solo_jobs = notifications(
            solo, notifier, gateway.config.mchid, gateway.config.appid, base, total
        )
        solo_envelopes = []
        for _, job in solo_jobs:  # each order: its notification, then a repeat
            solo_envelopes += [notifier.envelope(job), notifier.envelope(job)]
        dup = [job for _, job in jobs][: args.duplicates]
        envelopes = [notifier.envelope(job) for _, job in jobs]
        envelopes += [notifier.envelope(job) for job in dup]  # same event, fresh signature
        random.Random(7).shuffle(envelopes)

        env.update(
            MONGODB_URI=mongodb_uri,
            REDIS_URL=redis_url,
            HOSPITAL_BOT_SANDBOX="1",
            SECRET_KEY=SECRET,
            LOG_LEVEL="WARNING",
        )
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "--config", str(config),
            "serve", "--host", "127.0.0.1", "--port", str(port),
            cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            assert proc.stdout is not None
            while b"started" not in (line := await proc.stdout.readline()):
                assert line, "serve exited"
            ops = MongoClient(mongodb_uri)
            before = ops.admin.command("serverStatus")["opcounters"]
            latencies, statuses, wall = await burst(base + "/pay/notify", envelopes)
            after = ops.admin.command("serverStatus")["opcounters"]
            ops.close()
            solo_latencies, solo_statuses = await one_by_one(base + "/pay/notify", solo_envelopes)
        finally:
            proc.send_signal(signal.SIGTERM)
            await proc.wait()

        orders = services.payments.orders.col
        paid = await orders.count_documents({"_id": {"$in": numbers}, "status": "paid"})
        audit = storage.repo(AuditRepo).col
        moves = await audit.count_documents(
            {"subject": {"$in": numbers}, "from": "created", "to": "paid"}
        )
        distinct = len(await audit.distinct("subject", {"subject": {"$in": numbers}, "to": "paid"}))
        receipts = await storage.repo(OutboxRepo).col.count_documents(
            {"_id": {"$in": [f"receipt:{n}" for n in numbers]}}
        )
        ledger = await storage.db["his_payments"].count_documents({"_id": {"$in": numbers}})
        sent = len(envelopes)
        ops_delta = {k: int(after[k]) - int(before.get(k, 0)) for k in after}
        return {
            "orders": args.orders,
            "notifications": sent,
            "statuses": dict(statuses),
            "wall_seconds": round(wall, 2),
            "notifications_per_second": round(sent / wall, 1),
            "latency_ms": {
                "p50": round(pct(latencies, 50) * 1000, 1),
                "p95": round(pct(latencies, 95) * 1000, 1),
                "p99": round(pct(latencies, 99) * 1000, 1),
                "max": round(max(latencies) * 1000, 1),
            },
            "paid_orders": paid,
            "created_to_paid_audit_entries": moves,
            "orders_with_a_paid_entry": distinct,
            "receipts_owed": receipts,
            "his_ledger_lines": ledger,
            "mongo_ops_during_burst": ops_delta,
            "mongo_ops_per_notification": round(sum(ops_delta.values()) / sent, 2),
            "one_at_a_time": {
                "notifications": len(solo_envelopes),
                "statuses": dict(solo_statuses),
                "first_ms": _summary([x for i, x in enumerate(solo_latencies) if i % 2 == 0]),
                "repeat_ms": _summary([x for i, x in enumerate(solo_latencies) if i % 2 == 1]),
            },
            "quiet": quiet,
            "load_average": os.getloadavg(),
        }
    finally:
        await storage.mongo.drop_database(database)
        await storage.close()


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(pct(values, 50) * 1000, 1),
        "p99": round(pct(values, 99) * 1000, 1),
        "max": round(max(values) * 1000, 1),
    }


async def _no_session() -> aiohttp.ClientSession:
    raise RuntimeError("the bench builds envelopes only")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--orders", type=int, default=1000)
    p.add_argument("--duplicates", type=int, default=1000)
    p.add_argument("--sequential", type=int, default=100, help="orders paid one at a time")
    p.add_argument("--mongodb-uri", default="")
    p.add_argument("--redis-url", default="")
    args = p.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-pay-"))
    stack = LocalStack(
        data_dir=data / "stack", mongodb_uri=args.mongodb_uri, redis_url=args.redis_url
    ).start()
    try:
        result = asyncio.run(bench(args, stack.mongodb_uri, stack.redis_url, data))
    finally:
        stack.stop()
        shutil.rmtree(data, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    ok = (
        result["paid_orders"] == args.orders
        and result["created_to_paid_audit_entries"] == args.orders
        and result["receipts_owed"] == args.orders
        and result["his_ledger_lines"] == args.orders
        and set(result["statuses"]) <= {204}
    )
    print("every order paid exactly once" if ok else "FAILED: see the counts above")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

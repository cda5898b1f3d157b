"""Redis round trips and MongoDB commands per message, for each kind of issue 9's mix.

    .venv/bin/python bench/wechat/roundtrips.py [--users 20] [--replies]

In-process (no wrk): the real app on the embedded stack with the demo data, each
message signed and posted to `/wechat` as WeChat does, from `--users` fresh senders per
kind (as in the load test, where 100,000 senders make nearly every message a first
one), then once more from the same senders (a second message of a conversation).
A round trip is one write on a Redis connection (a command, a pipeline, or one batch of
the auto-pipelined connection: messages are sent one at a time here, so no batch
carries two messages);
MongoDB commands are counted by a pymongo listener. `--replies` prints each kind's
reply text (to compare before and after a change).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis
import xmltodict
from aiohttp.test_utils import TestClient, TestServer
from pymongo import monitoring

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.app import create_app  # noqa: E402
from bot.compose import build_services  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.localstack import LocalStack  # noqa: E402
from bot.storage import Storage  # noqa: E402
from bot.wechat.simulate import signed_query, text_xml  # noqa: E402
from handlers.demo import seed_demo  # noqa: E402

KINDS = {
    "greet": "你好",
    "book": "我要挂号",
    "symptom": "孩子发烧两天了，还一直咳嗽，挂什么科？",
    "report": "查报告",
    "queue": "前面还有几个人",
    "pay": "缴费",
}


class MongoCommands(monitoring.CommandListener):
    def __init__(self) -> None:
        self.count = 0

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.count += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


async def measure(users: int, show: bool) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="hb-rt-"))
    stack = LocalStack(data_dir=tmp / "stack").start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WECHAT")}
        settings = load_settings(ROOT / "config.yml", env=env).with_overrides(
            mongodb_uri=stack.mongodb_uri, redis_url=stack.redis_url, data_dir=tmp
        )
        sent = 0

        class Counting(aioredis.Connection):
            async def send_packed_command(self, command: Any, check_health: bool = True) -> None:
                nonlocal sent
                sent += 1
                await super().send_packed_command(command, check_health)

        mongo = MongoCommands()
        storage = Storage(
            settings.mongodb_uri, settings.redis_url, settings.database, event_listeners=[mongo]
        )
        storage.redis.connection_pool.connection_class = Counting
        await storage.ensure_indexes()
        services = build_services(settings, storage)
        await seed_demo(storage, services.patients.keyring, services.his, services.clock)
        await storage.redis.ping()
        client = TestClient(TestServer(create_app(settings, services=services)))
        await client.start_server()
        token = settings.wechat.token
        print(
            "| message | first message: Redis round trips | Mongo commands | "
            "second message: Redis | Mongo |"
        )
        print("|---|---|---|---|---|")
        replies: dict[str, str] = {}
        for kind, text in KINDS.items():
            row = []
            for turn in (1, 2):
                rt0, mg0 = sent + storage.batches.writes, mongo.count
                for u in range(users):
                    xml = text_xml(text, openid=f"o_rt_{kind}_{u}", to_user="gh_bench")
                    resp = await client.post("/wechat", params=signed_query(token), data=xml)
                    body = await resp.text()
                    assert resp.status == 200, body
                    if turn == 1 and u == 0:
                        replies[kind] = str(xmltodict.parse(body)["xml"]["Content"])
                rt = sent + storage.batches.writes - rt0
                row.append((rt / users, (mongo.count - mg0) / users))
            (r1, m1), (r2, m2) = row
            print(f"| {kind} 「{text}」 | {r1:.2f} | {m1:.2f} | {r2:.2f} | {m2:.2f} |")
        if show:
            for kind, reply in replies.items():
                print(f"\n--- {kind}\n{reply}")
        await client.close()
        await storage.close()
    finally:
        stack.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--replies", action="store_true")
    args = ap.parse_args()
    asyncio.run(measure(args.users, args.replies))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A/B of branch perf3's per-message changes inside one process (same host moment).

    .venv/bin/python bench/wechat/ab_perf3.py [--messages 200] [--rounds 10]

CPU per message on this shared host swings by 2x between runs minutes apart, far more
than the changes measured. Here one server (as `inproc.py` builds it) alternates,
round by round and kind by kind, between the branch's code ("after") and main's code
paths restored by patching ("before": xml_in without the envelope fast path, the
access line through `logger.info`, a request id counter started below 2**32,
strftime for the traffic hour key), so both halves see the same host state.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import uvloop
from aiohttp import web

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import inproc  # noqa: E402

from bot import observability as obs  # noqa: E402
from bot import traffic  # noqa: E402
from bot.app import create_app  # noqa: E402
from bot.compose import build_services  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.localstack import LocalStack  # noqa: E402
from bot.storage import Storage  # noqa: E402
from bot.wechat import xml_in  # noqa: E402
from handlers.demo import seed_demo  # noqa: E402

AFTER = {
    "flat": xml_in._flat,
    "log_access": obs.log_access,
    "hour_key": traffic.hour_key,
}


def _info(logger: logging.Logger, msg: str, fields: dict[str, Any]) -> None:
    logger.info(msg, extra=fields)


def _strftime_key(moment: Any) -> str:
    return traffic.PREFIX + moment.strftime("%Y%m%d%H")


def use(version: str) -> None:
    if version == "after":
        xml_in._flat = AFTER["flat"]
        obs.log_access = AFTER["log_access"]
        traffic.hour_key = AFTER["hour_key"]
        obs._ids.counter = itertools.count(secrets.randbelow(2**64))
    else:
        xml_in._flat = lambda body: None
        obs.log_access = _info
        traffic.hour_key = _strftime_key
        obs._ids.counter = itertools.count(secrets.randbelow(2**32))


async def measure(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="hb-ab-"))
    stack = LocalStack(data_dir=tmp / "stack").start()
    log_file = open(tmp / "server.log", "w", encoding="utf-8")  # noqa: ASYNC230
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WECHAT")}
        env.update(
            WECHAT_SECRET="bench-secret",
            WECHAT_TOKEN=inproc.TOKEN,
            WECHAT_AES_KEY="",
            SECRET_KEY="bench-secret-key-bench-secret-key-0123456789",
            HIS_STAFF_TOKEN="bench-staff-token-bench-staff-token-0123",
        )
        settings = load_settings(ROOT / "config.yml", env=env).with_overrides(
            mongodb_uri=stack.mongodb_uri, redis_url=stack.redis_url, data_dir=tmp
        )
        obs.configure_logging("INFO", stream=log_file)
        storage = Storage(settings.mongodb_uri, settings.redis_url, settings.database)
        await storage.ensure_indexes()
        services = build_services(settings, storage)
        await seed_demo(storage, services.patients.keyring, services.his, services.clock)
        runner = web.AppRunner(
            create_app(settings, services=services), access_log=None, handle_signals=False
        )
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        await inproc.send_all(port, inproc.requests("warm", "你好", 200, "w"), args.conc)
        got: dict[tuple[str, str], list[float]] = {}
        for r in range(args.rounds):
            order = ("before", "after") if r % 2 == 0 else ("after", "before")
            for kind, text in inproc.KINDS.items():
                for version in order:
                    use(version)
                    reqs = inproc.requests(kind, text, args.messages, f"{version}{r}")
                    cpu = time.process_time()
                    await inproc.send_all(port, reqs, args.conc)
                    cpu = time.process_time() - cpu
                    got.setdefault((kind, version), []).append(cpu / args.messages * 1e6)
        use("after")
        print(
            f"CPU µs per message, median of {args.rounds} rounds "
            f"(before / after alternate inside each round), load {os.getloadavg()[0]:.1f}"
        )
        print("| kind | before | after | after / before (median of per-round ratios) |")
        print("|---|---|---|---|")
        mix_ratios = []
        for kind in inproc.KINDS:
            b, a = got[(kind, "before")], got[(kind, "after")]
            ratios = [x / y for x, y in zip(a, b, strict=True)]
            mix_ratios.append(ratios)
            print(
                f"| {kind} | {statistics.median(b):.0f} | {statistics.median(a):.0f} | "
                f"{statistics.median(ratios):.3f} |"
            )
        per_round = [statistics.fmean(r[i] for r in mix_ratios) for i in range(args.rounds)]
        print(f"| mix | | | {statistics.median(per_round):.3f} |")
        await runner.cleanup()
        await services.close()
    finally:
        logging.getLogger().handlers.clear()
        log_file.close()
        stack.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=200, help="per kind, version and round")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--conc", type=int, default=8)
    args = ap.parse_args()
    uvloop.run(measure(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Server CPU per message, per kind of issue 9's mix, in one process (no wrk).

    .venv/bin/python bench/wechat/inproc.py [--messages 400] [--rounds 5] [--conc 8]
    .venv/bin/python bench/wechat/inproc.py --profile /tmp/inproc.prof   # cProfile

The real app (as `serve` builds it: uvloop, INFO access log to a file, metrics) on the
embedded stack with the demo data, on a real TCP socket. The client in the same process
is as cheap as a client can be: every request (signed, a fresh nonce and MsgId, a fresh
sender) is built as raw HTTP bytes before the clock starts, `--conc` keep-alive
connections each send one request and read its reply at a time. The figure is this
process's CPU time (`time.process_time`, every thread) per message, so it includes that
small client share (the same before and after a change); on a shared host it moves far
less than a rate. Each round measures every kind in turn; the median round is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import uvloop
from aiohttp import web

# The tree whose app is measured: this one, or another checkout given by HB_TREE (ab.py
# measures two versions with the same client).
ROOT = Path(os.environ.get("HB_TREE") or Path(__file__).resolve().parents[2])
sys.path.insert(0, str(ROOT))

from bot.app import create_app  # noqa: E402
from bot.compose import build_services  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.localstack import LocalStack  # noqa: E402
from bot.observability import configure_logging  # noqa: E402
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
TOKEN = "benchtoken0123456789"


def requests(kind: str, text: str, n: int, tag: str) -> list[bytes]:
    out = []
    for i in range(n):
        body = text_xml(text, openid=f"o_ip_{tag}_{kind}_{i}", to_user="gh_bench").encode()
        query = urlencode(signed_query(TOKEN))
        head = (
            f"POST /wechat?{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: text/xml\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        out.append(head + body)
    return out


async def send_all(port: int, reqs: list[bytes], conc: int) -> None:
    async def one_connection(part: list[bytes]) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for raw in part:
            writer.write(raw)
            head = await reader.readuntil(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200"), head
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
        writer.close()

    await asyncio.gather(*(one_connection(reqs[i::conc]) for i in range(conc)))


@contextlib.asynccontextmanager
async def serving() -> AsyncIterator[tuple[int, LocalStack]]:
    """The app as `serve` builds it, on the embedded stack with the demo data, listening
    on a free port of 127.0.0.1; yields (port, stack). Everything is stopped and removed
    after."""
    tmp = Path(tempfile.mkdtemp(prefix="hb-ip-"))
    stack = LocalStack(data_dir=tmp / "stack").start()
    log_file = open(tmp / "server.log", "w", encoding="utf-8")  # noqa: ASYNC230
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WECHAT")}
        env.update(
            WECHAT_SECRET="bench-secret",
            WECHAT_TOKEN=TOKEN,
            WECHAT_AES_KEY="",
            SECRET_KEY="bench-secret-key-bench-secret-key-0123456789",
            HIS_STAFF_TOKEN="bench-staff-token-bench-staff-token-0123",
        )
        settings = load_settings(ROOT / "config.yml", env=env).with_overrides(
            mongodb_uri=stack.mongodb_uri, redis_url=stack.redis_url, data_dir=tmp
        )
        configure_logging("INFO", stream=log_file)
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
        try:
            yield runner.addresses[0][1], stack
        finally:
            await runner.cleanup()
            await services.close()
    finally:
        logging.getLogger().handlers.clear()
        log_file.close()
        stack.stop()
        shutil.rmtree(tmp, ignore_errors=True)


async def measure(args: argparse.Namespace) -> None:
    async with serving() as (port, _):
        kinds = [k for k in KINDS if not args.kind or k in args.kind]
        await send_all(port, requests("warm", "你好", 200, "w"), args.conc)
        results: dict[str, list[float]] = {k: [] for k in kinds}
        profile = cProfile.Profile() if args.profile else None
        for r in range(args.rounds):
            for kind in kinds:
                reqs = requests(kind, KINDS[kind], args.messages, f"r{r}")
                if profile:
                    profile.enable()
                cpu = time.process_time()
                await send_all(port, reqs, args.conc)
                cpu = time.process_time() - cpu
                if profile:
                    profile.disable()
                results[kind].append(cpu / args.messages * 1e6)
        print(
            f"CPU µs per message (median of {args.rounds} rounds; min-max), load {os.getloadavg()[0]:.1f}"
        )
        print("| kind | median | min | max |")
        print("|---|---|---|---|")
        for kind in kinds:
            v = results[kind]
            print(f"| {kind} | {statistics.median(v):.0f} | {min(v):.0f} | {max(v):.0f} |")
        mix = [statistics.fmean(results[k][i] for k in kinds) for i in range(args.rounds)]
        print(
            f"| mix (mean of kinds) | {statistics.median(mix):.0f} | {min(mix):.0f} | {max(mix):.0f} |"
        )
        if profile:
            profile.dump_stats(args.profile)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=400, help="per kind and round")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--conc", type=int, default=8, help="keep-alive connections")
    ap.add_argument("--kind", nargs="*", choices=list(KINDS))
    ap.add_argument("--profile", help="write a cProfile of the measured part here")
    args = ap.parse_args()
    uvloop.run(measure(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Open-loop load at a fixed rate (wrk2 is not packaged in Debian): latencies are
measured from each request's *scheduled* send time, so a stalled server cannot hide
its queueing (no coordinated omission). Each request is signed as WeChat signs it: the
current timestamp and a nonce of its own (`/wechat` refuses stale timestamps and a
(timestamp, nonce) pair reused for another message). Prints one JSON line.

    python openloop.py URL TOKEN KIND RATE SECONDS SALT [USERS]

KIND: click, greet, symptom, or mix (the six messages of MIX in turn, as messages.lua).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

import aiohttp

from bot.wechat.simulate import event_xml, signed_query, text_xml

TEXTS = {"greet": "你好", "symptom": "孩子发烧两天了，还一直咳嗽，挂什么科？"}
# The mixed load of issue 9: a greeting, booking, a symptom sentence, reports, the queue
# and payment (messages.lua and roundtrips.py use the same six).
MIX = ("你好", "我要挂号", TEXTS["symptom"], "查报告", "前面还有几个人", "缴费")


def body(kind: str, n: int, salt: int = 0, users: int = 1000) -> str:
    user, now = f"obench_o{salt}_{n % users:06d}", 1700000000 + n
    if kind == "click":
        return event_xml("CLICK", "HOSPITAL_INFO", openid=user, to_user="gh_bench", create_time=now)
    text = MIX[n % len(MIX)] if kind == "mix" else TEXTS[kind]
    return text_xml(text, openid=user, to_user="gh_bench", create_time=now, msg_id=n)


async def main(
    url: str, token: str, kind: str, rate: float, seconds: float, salt: int, users: int = 1000
) -> None:
    total = int(rate * seconds)
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=400)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(i: int, scheduled: float) -> None:
            nonlocal errors
            n = salt * 10_000_000_000 + 9_000_000_000 + i
            try:
                query = signed_query(token, nonce=f"o{salt}.{i}")
                async with session.post(
                    url, params=query, data=body(kind, n, salt, users).encode()
                ) as resp:
                    await resp.read()
                    if resp.status != 200:
                        errors += 1
            except aiohttp.ClientError:
                errors += 1
            latencies.append(time.perf_counter() - scheduled)

        start = time.perf_counter() + 0.05
        tasks = []
        for i in range(total):
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)  # pacing the generator, not synchronising a test
            tasks.append(asyncio.create_task(one(i, scheduled)))
        await asyncio.gather(*tasks)
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000, 2)

    print(
        json.dumps(
            {
                "sent": total,
                "errors": errors,
                "p50_ms": pct(50),
                "p99_ms": pct(99),
                "max_ms": round(latencies[-1] * 1000, 2),
            }
        )
    )


if __name__ == "__main__":
    u, t, k, r, s, salt = sys.argv[1:7]
    n_users = int(sys.argv[7]) if len(sys.argv) > 7 else 1000
    asyncio.run(main(u, t, k, float(r), float(s), int(salt), n_users))

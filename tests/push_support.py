"""Virtual time for code that sleeps: the clock moves only when every task sleeps.

`VirtualTime.sleep` is injected where production code would `asyncio.sleep`. `run`
drives a set of tasks: whenever all of them that are still running are parked in
`sleep`, the frozen clock jumps to the earliest wake-up and that sleeper resumes.
Tasks waiting on real I/O (Redis, HTTP) are not asleep, so time never moves under
them; nothing here depends on wall-clock time.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Coroutine
from typing import Any

from bot.clock import FrozenClock
from push.jobs import QUEUE


class VirtualTime:
    def __init__(self, clock: FrozenClock) -> None:
        self.clock = clock
        self.sleeps: list[float] = []  # every requested sleep, in order
        self._heap: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self._changed = asyncio.Event()

    async def sleep(self, seconds: float) -> None:
        wake = self.clock.timestamp() + max(seconds, 0.0)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._heap, (wake, next(self._seq), future))
        self.sleeps.append(seconds)
        self._changed.set()
        await future

    async def run(self, *coros: Coroutine[Any, Any, Any]) -> list[Any]:
        tasks = [asyncio.create_task(c) for c in coros]
        for task in tasks:
            task.add_done_callback(lambda _: self._changed.set())
        while True:
            live = sum(not t.done() for t in tasks)
            if live == 0:
                return await asyncio.gather(*tasks)
            if any(t.done() and t.exception() for t in tasks):
                for t in tasks:
                    t.cancel()
                return await asyncio.gather(*tasks)  # raises the first failure
            if len(self._heap) < live:  # someone is still working: wait for it
                self._changed.clear()
                await self._changed.wait()
                continue
            wake, _, future = heapq.heappop(self._heap)
            ahead = wake - self.clock.timestamp()
            if ahead > 0:
                self.clock.advance(seconds=ahead)
            future.set_result(None)


async def next_queued(redis: Any, within: float = 10.0, queue: str = QUEUE) -> str:
    """Block (BZPOPMIN, no polling) until a job is in `queue`; put it back and return
    its id."""
    popped = await redis.bzpopmin(queue, timeout=within)
    assert popped, f"no job appeared in {queue} within {within} s"
    _, job_id, score = popped
    await redis.zadd(queue, {job_id: score})
    return job_id.decode() if isinstance(job_id, bytes) else str(job_id)


async def make_due(redis: Any, queue: str = QUEUE) -> int:
    """Time travel for the job queue: every deferred job becomes due now (arq orders
    jobs by wall-clock due time; tests move a FrozenClock and then call this)."""
    entries = await redis.zrange(queue, 0, -1)
    if entries:
        await redis.zadd(queue, dict.fromkeys(entries, 1))  # 0 means "done" to arq
    return len(entries)


async def due_in(redis: Any, job_id: str, queue: str = QUEUE) -> float:
    """Seconds until a queued job is due (negative: overdue)."""
    score = await redis.zscore(queue, job_id)
    assert score is not None, f"{job_id} is not queued"
    return float(score) / 1000 - time.time()

"""Dispatches that missed the reply budget: finish in the background, then push.

WeChat waits 5 s for a passive reply. When a dispatch would miss the budget the
endpoint answers `success` at once and hands the still-running task here. It is
never cancelled; when it finishes, its reply goes out as a customer-service message
through `push.outbox` (delivered by the push worker). The task set keeps strong
references so the event loop cannot garbage-collect a running dispatch.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from typing import Any

from bot import observability as obs
from bot.dialogue.types import Message, Reply
from bot.wechat import xml_out
from bot.wechat.xml_in import SILENT_EVENTS
from push.outbox import Outbox

log = logging.getLogger(__name__)


def _wake(waiter: asyncio.Future[None], _: Any = None) -> None:
    if not waiter.done():
        waiter.set_result(None)


async def finished_within(task: asyncio.Task[Any], seconds: float) -> bool:
    """Wait until `task` is done or `seconds` have passed, whichever comes first; True
    when it is done. The task is never cancelled (nor when our caller is).

    What `asyncio.wait({task}, timeout=seconds)` does for one task, without its sets and
    its per-call helpers: a future, a done-callback and a timer, once per message."""
    if task.done():
        return True
    loop = asyncio.get_running_loop()
    waiter: asyncio.Future[None] = loop.create_future()
    wake = functools.partial(_wake, waiter)
    timer = loop.call_later(seconds, wake)
    task.add_done_callback(wake)
    try:
        await waiter
    finally:
        timer.cancel()
        task.remove_done_callback(wake)
    return task.done()


class Deferred:
    def __init__(self, outbox: Outbox, error_text: Callable[[], str]) -> None:
        self.outbox = outbox
        self.error_text = error_text
        self.tasks: set[asyncio.Task[None]] = set()

    def adopt(self, msg: Message, dispatch: asyncio.Task[Reply]) -> None:
        """Take over a running dispatch; push its reply when it finishes."""
        obs.DEADLINE_FALLBACKS.inc()
        task = asyncio.create_task(self._deliver(msg, dispatch))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _deliver(self, msg: Message, dispatch: asyncio.Task[Reply]) -> None:
        try:
            try:
                reply = await dispatch
                text = xml_out.as_text(reply)
            except Exception as exc:
                obs.HANDLER_ERRORS.inc()
                obs.log_failure(
                    log, "wechat.deferred_dispatch_failed", exc, kind=msg.kind, event=msg.event
                )
                text = self.error_text()
            if text and not (msg.kind == "event" and msg.event in SILENT_EVENTS):
                await self.outbox.send_text(msg.openid, text, job_id=f"wx:{msg.dedupe_key}")
                log.info(
                    "wechat.deferred_reply_queued", extra={"kind": msg.kind, "event": msg.event}
                )
        except Exception as exc:
            obs.log_failure(log, "wechat.deferred_push_failed", exc)

    async def drain(self, grace: float) -> None:
        """Let running dispatches finish (at shutdown), without cancelling them."""
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=grace)

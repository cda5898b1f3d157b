"""The staff capability's one door into the job system (`push`): broadcasts and
deliveries, for `BroadcastDesk` (`BroadcastJobs`) and `DeliveryDesk` (`DeliveryJobs`).

The broadcast engine (`push.broadcast.BroadcastEngine`) stores one job with its
audience and sends it in batches; the delivery records (`push.delivery.PushDeliveries`,
one per job and openid) say what happened to each recipient. A dead letter retried
here is a new direct message on the queue (`push.outbox.Outbox.send`, the job system's
own way in) under the key `<job>~retry~<openid>` (the queue runs a job id once), so
each failed delivery is retried once and the retry has its own record.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.clock import Clock
from handlers.staff.models import StaffError
from push.broadcast import AudienceError
from push.delivery import Message

if TYPE_CHECKING:
    from push.worker import PushService

RETRY_SUFFIX = "~retry"


class JobSystem:
    def __init__(self, push: PushService, clock: Clock) -> None:
        self.push, self.engine, self.clock = push, push.broadcasts, clock

    # --- broadcasts ----------------------------------------------------------------------
    async def size(self, kind: str, params: Mapping[str, Any]) -> int:
        try:
            return await self.engine.audience_size(kind, params)
        except AudienceError as exc:
            raise StaffError("audience") from exc

    async def store_list(self, openids: list[str]) -> str:
        list_id = "cards-" + uuid.uuid4().hex[:16]
        await self.push.lists.store(list_id, openids)
        return list_id

    async def create(
        self,
        *,
        title: str,
        body: str,
        url: str,
        text: str,
        kind: str,
        params: Mapping[str, Any],
        author: str,
    ) -> str:
        try:
            return await self.engine.create(
                title=title,
                body=body,
                url=url,
                text=text,
                audience=kind,
                params=params,
                created_by=author,
            )
        except AudienceError as exc:
            raise StaffError("audience") from exc

    async def start(self, broadcast_id: str) -> bool:
        return await self.engine.start(broadcast_id)

    async def pause(self, broadcast_id: str) -> bool:
        return await self.engine.pause(broadcast_id)

    async def resume(self, broadcast_id: str) -> bool:
        return await self.engine.resume(broadcast_id)

    async def cancel(self, broadcast_id: str) -> bool:
        return await self.engine.cancel(broadcast_id)

    async def progress(self, broadcast_id: str) -> dict[str, Any] | None:
        p = await self.engine.progress(broadcast_id)
        if p is None:
            return None
        finished = p.sent + p.failed + p.unreachable + p.expired
        return {
            "status": p.status,
            "total": p.total,
            "expanded": p.expanded,
            "sent": p.sent,
            "failed": p.failed,
            "unreachable": p.unreachable,
            "expired": p.expired,
            "pending": p.pending,
            "reasons": dict(sorted(p.reasons.items(), key=lambda kv: -kv[1])),
            "done": p.done,
            "percent": 100 if p.done else int(100 * finished / max(p.total, 1)),
        }

    def preview(self, title: str, body: str, url: str) -> dict[str, Any]:
        """The template and subscription messages as config.yml fills them for a
        broadcast (None where that channel is not configured)."""
        spec = self.push.channels.for_type("broadcast")
        data = {"title": title, "body": body, "url": url}
        found: dict[str, Any] = {}
        for name, channel in (("template", spec.template), ("subscribe", spec.subscribe)):
            found[name] = (
                {"id": channel.id, "fields": channel.render(data)} if channel is not None else None
            )
        return found

    # --- deliveries ----------------------------------------------------------------------
    async def deliveries_of(self, openids: list[str], limit: int) -> list[dict[str, Any]]:
        return await self.push.deliveries.of_accounts(openids, limit)

    async def dead_letters(
        self, jobs: list[str] | None, since: datetime, limit: int
    ) -> list[dict[str, Any]]:
        return await self.push.deliveries.dead_letters(jobs, since, limit)

    async def delivery(self, delivery_id: str) -> dict[str, Any] | None:
        return await self.push.deliveries.by_id(delivery_id)

    async def retry(self, delivery_id: str, by: str) -> str | None:
        """Queue a failed delivery again (once); its new job key, None when its message
        cannot be found or it was retried already."""
        doc = await self.push.deliveries.by_id(delivery_id)
        if doc is None:
            return None
        job = str(doc["job"])
        message = await self.engine.message(job)
        if message is None:
            owed = await self.push.owed.get(job)
            message = Message.from_doc(owed) if owed else None
        if message is None:
            return None
        key = f"{job}{RETRY_SUFFIX}~{doc['openid']}"
        if not await self.push.deliveries.mark_retried(doc["_id"], key, by, self.clock.now()):
            return None
        await self.push.outbox.send(str(doc["openid"]), message, key)
        return key

    async def outcomes(self, since: datetime) -> dict[str, dict[str, int]]:
        return await self.push.deliveries.outcomes(since)

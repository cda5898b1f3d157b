"""Who agreed to which subscription notification (订阅通知), and how often we may send.

A service account may send a subscription notification (`bizsend`) only after the user
accepted its template in WeChat's popup. A one-time template (一次性订阅) allows one
send per acceptance; a long-term one (长期订阅, e.g. for medical accounts) allows sends
until the user turns it off. WeChat tells us through two events, each listing
(TemplateId, accept|reject) pairs: `subscribe_msg_popup_event` (the popup) and
`subscribe_msg_change_event` (the user changed the setting later).

`SubscribeConsent` owns the `subscribe_consent` collection, one document per
(openid, template_id). `take_one` is one conditional update, so two workers can never
spend the same one-time consent twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from bot.storage import Repository

ACCEPT = "accept"
REJECT = "reject"
ONE_TIME = "one_time"
LONG_TERM = "long_term"
CONSENT_EVENTS = frozenset({"subscribe_msg_popup_event", "subscribe_msg_change_event"})


class SubscribeConsent(Repository):
    collection = "subscribe_consent"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel(
            [("openid", ASCENDING), ("template_id", ASCENDING)], unique=True, name="user_template"
        ),
    ]

    async def ensure(self) -> None:
        await self.col.create_indexes(self.indexes)

    async def record(
        self, openid: str, template_id: str, status: str, kind: str, *, at: datetime
    ) -> None:
        """The user accepted or rejected `template_id`.

        Accepting a one-time template adds one send (accepting twice allows two);
        rejecting drops whatever was left; long-term consent lasts until rejected."""
        if status not in (ACCEPT, REJECT):
            raise ValueError(f"status must be accept or reject, not {status!r}")
        if kind not in (ONE_TIME, LONG_TERM):
            raise ValueError(f"kind must be one_time or long_term, not {kind!r}")
        key = {"openid": openid, "template_id": template_id}
        update: dict[str, Any]
        if status == REJECT:
            update = {
                "$set": {"status": REJECT, "remaining": 0, "updated_at": at},
                "$setOnInsert": {"kind": kind, "created_at": at},
            }
        elif kind == ONE_TIME:
            update = {
                "$set": {"status": ACCEPT, "kind": ONE_TIME, "updated_at": at},
                "$inc": {"remaining": 1},
                "$setOnInsert": {"created_at": at},
            }
        else:
            update = {
                "$set": {"status": ACCEPT, "kind": LONG_TERM, "updated_at": at},
                "$setOnInsert": {"remaining": 0, "created_at": at},
            }
        try:
            await self.col.update_one(key, update, upsert=True)
        except DuplicateKeyError:  # two events for a new pair at once: the other inserted
            await self.col.update_one(key, update, upsert=True)

    async def take_one(self, openid: str, template_id: str, *, at: datetime) -> bool:
        """Use the consent for one send: True when the send may go out.

        A one-time consent is spent (atomically); a long-term one stays. Call
        `give_back` if the send then fails before WeChat delivered it."""
        spent = await self.col.update_one(
            {
                "openid": openid,
                "template_id": template_id,
                "status": ACCEPT,
                "kind": ONE_TIME,
                "remaining": {"$gt": 0},
            },
            {"$inc": {"remaining": -1}, "$set": {"used_at": at}},
        )
        if spent.modified_count:
            return True
        return await self._long_term(openid, template_id)

    async def give_back(self, openid: str, template_id: str) -> None:
        """Return a one-time consent taken for a send that did not happen (busy, quota)."""
        await self.col.update_one(
            {"openid": openid, "template_id": template_id, "status": ACCEPT, "kind": ONE_TIME},
            {"$inc": {"remaining": 1}},
        )

    async def has_consent(self, openid: str, template_id: str) -> bool:
        """Whether a send may go out now (without spending anything)."""
        doc = await self.col.find_one({"openid": openid, "template_id": template_id})
        if doc is None or doc.get("status") != ACCEPT:
            return False
        return doc.get("kind") == LONG_TERM or int(doc.get("remaining") or 0) > 0

    async def consenting(self, openids: list[str], template_id: str) -> set[str]:
        """`has_consent` for many users at once (one query)."""
        cursor = self.col.find({"openid": {"$in": openids}, "template_id": template_id})
        return {
            d["openid"]
            async for d in cursor
            if d.get("status") == ACCEPT
            and (d.get("kind") == LONG_TERM or int(d.get("remaining") or 0) > 0)
        }

    async def remaining(self, openid: str, template_id: str) -> int:
        """One-time sends left (0 for none or for a long-term consent)."""
        doc = await self.col.find_one({"openid": openid, "template_id": template_id})
        return int(doc.get("remaining") or 0) if doc and doc.get("kind") == ONE_TIME else 0

    async def _long_term(self, openid: str, template_id: str) -> bool:
        doc = await self.col.find_one(
            {"openid": openid, "template_id": template_id, "status": ACCEPT, "kind": LONG_TERM},
            projection={"_id": 1},
        )
        return doc is not None


async def record_consent_event(
    consent: SubscribeConsent,
    openid: str,
    choices: Iterable[tuple[str, str]],
    *,
    long_term: frozenset[str] | set[str] = frozenset(),
    at: datetime,
) -> int:
    """Apply one `subscribe_msg_popup_event` / `subscribe_msg_change_event`.

    `choices` are (template_id, accept|reject) pairs, as
    `bot.wechat.subscribe_events.subscribe_choices(message)` returns them; `long_term`
    is the set of 长期订阅 template ids (`PushSettings.long_term_templates`). Unknown
    statuses are skipped. Returns how many choices were recorded."""
    recorded = 0
    for template_id, status in choices:
        if not template_id or status not in (ACCEPT, REJECT):
            continue
        kind = LONG_TERM if template_id in long_term else ONE_TIME
        await consent.record(openid, template_id, status, kind, at=at)
        recorded += 1
    return recorded

"""The template choices inside subscription-notification events, as plain pairs.

`subscribe_msg_popup_event` and `subscribe_msg_change_event` carry their choices as
nested XML (`SubscribeMsgPopupEvent/List`, `SubscribeMsgChangeEvent/List`): one `List`
element per template, which the parser hands over as a dict for one template and a
list of dicts for several. This module turns either shape into a list of
`SubscribeChoice(template_id, status)` so nothing past `bot.wechat` needs to know the
XML layout.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from bot.dialogue.types import Message

CONTAINERS = {
    "subscribe_msg_popup_event": "SubscribeMsgPopupEvent",
    "subscribe_msg_change_event": "SubscribeMsgChangeEvent",
}
STATUSES = frozenset({"accept", "reject"})


class SubscribeChoice(NamedTuple):
    template_id: str
    status: str  # accept | reject


def subscribe_choices(message: Message) -> list[SubscribeChoice]:
    """The (template_id, accept|reject) pairs of a consent event; [] for anything else.

    Entries without a template id or with another status are left out."""
    container = CONTAINERS.get(message.event) if message.kind == "event" else None
    if container is None:
        return []
    outer = message.extra.get(container)
    # JSON-format pushes put `List` at the top level; accept that shape too.
    items: Any = outer.get("List") if isinstance(outer, dict) else message.extra.get("List")
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        return []
    choices = []
    for item in items:
        if not isinstance(item, dict):
            continue
        template_id = item.get("TemplateId")
        status = item.get("SubscribeStatusString")
        if isinstance(template_id, str) and template_id.strip() and status in STATUSES:
            choices.append(SubscribeChoice(template_id.strip(), status))
    return choices

"""Plain data that crosses the WeChat boundary: no XML past `bot.wechat`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """One inbound message or event, already verified, decrypted and parsed."""

    openid: str
    kind: str  # text | voice | image | video | shortvideo | location | link | file | event | ...
    create_time: int
    text: str = ""  # text content, or the voice Recognition result
    event: str = ""  # lower-case: subscribe, unsubscribe, click, view, scan, location, ...
    event_key: str = ""  # CLICK key, VIEW url, SCAN scene (qrscene_ prefix stripped)
    msg_id: str = ""
    to_user: str = ""  # the official account's original id (gh_...)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def dedupe_key(self) -> str:
        """WeChat's retry identity, always scoped to the sender: FromUserName + MsgId, or
        FromUserName + CreateTime + Event for events (which carry no MsgId). A MsgId
        alone would hand one user's stored reply to anyone who sends the same MsgId."""
        if self.msg_id:
            return f"{self.openid}:{self.msg_id}"
        return f"{self.openid}:{self.create_time}:{self.event}"


@dataclass(frozen=True)
class Article:
    title: str
    description: str = ""
    url: str = ""
    image: str = ""


@dataclass(frozen=True)
class Reply:
    """What a handler answers. `text` or `articles`; rendered to XML by `bot.wechat`.

    `quick_replies` are suggestions the patient can type (shown as a numbered hint in
    the text by the templates; the chat simulator also renders them as chips).
    """

    text: str = ""
    articles: tuple[Article, ...] = ()
    quick_replies: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.text and not self.articles


NO_REPLY = Reply()

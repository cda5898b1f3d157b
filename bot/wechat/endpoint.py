"""`GET|POST /wechat`: the official account's callback URL.

POST path, in order, each step refusing cleanly (403/400/413, never 5xx):
1. `signature` over (token, timestamp, nonce), then the timestamp's freshness
   (`replay`) — both before the body is read.
2. Body read with a hard size cap (also for chunked bodies).
3. Safe/compatible mode (`encrypt_type=aes`): `msg_signature` over the Encrypt field,
   AES decryption, appid check.
4. DTD/entity/encoding guard, parse into a plain `Message`.
5. One Redis round trip: the (timestamp, nonce) pair recorded with the message's digest
   (the same pair with another message is refused), the retry key claimed (`dedupe`),
   the sender's conversation locked and read (a retry instead gets the stored reply). Dispatch under the reply budget; a
   dispatch that misses it is answered `success` and pushed later (`deferred`). When
   another message of the same sender holds the lock, this one waits for it inside
   the dispatch (so within the budget, or deferred: never lost, never interleaved).
   One more round trip saves the conversation, releases the lock and stores the reply.
6. `Reply` → passive XML, encrypted when the request was.

GET (URL verification from the MP console) checks the signature and the freshness.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from aiohttp import ClientPayloadError, web
from aiohttp.http_exceptions import HttpProcessingError

from bot import observability as obs
from bot.dialogue.state import Conversation, Lease
from bot.dialogue.types import Message, Reply
from bot.redis_batch import Batch
from bot.render import render
from bot.services import SERVICES, Services
from bot.traffic import Turns
from bot.wechat import xml_in, xml_out
from bot.wechat.crypto import MessageCrypto
from bot.wechat.dedupe import Deduper
from bot.wechat.deferred import Deferred, finished_within
from bot.wechat.errors import BadRequest, Forbidden, PayloadTooLarge, WeChatRequestError
from bot.wechat.replay import Freshness, Stamp
from bot.wechat.signature import verify
from push.channels import queue_seen
from push.followers import queue_follow

log = logging.getLogger(__name__)

ERROR_TEMPLATE = "wechat/error.j2"
SHUTDOWN_DRAIN_SECONDS = 10.0
XML_CONTENT_TYPE = "application/xml"

KNOWN_EVENTS = frozenset(
    {
        "subscribe",
        "unsubscribe",
        "scan",
        "location",
        "click",
        "view",
        "view_miniprogram",
        "templatesendjobfinish",
        "masssendjobfinish",
        "scancode_push",
        "scancode_waitmsg",
        "pic_sysphoto",
        "pic_photo_or_album",
        "pic_weixin",
        "location_select",
        "subscribe_msg_popup_event",
        "subscribe_msg_change_event",
        "subscribe_msg_sent_event",
    }
)


@dataclass
class _Answer:
    """What one dispatch produced, and whether the endpoint gave up waiting for it."""

    xml: str = ""
    failed: bool = False
    deferred: bool = False  # answered `success`: the reply goes out as a push


def _success() -> web.Response:
    return web.Response(body=xml_out.SUCCESS, content_type="text/plain")


# What WeChat counts as the user's interaction (opens the 48-hour window).
WINDOW_EVENTS = frozenset({"subscribe", "click", "view", "scan"})


def opens_window(msg: Message) -> bool:
    return msg.kind != "event" or msg.event in WINDOW_EVENTS


def _silent(msg: Message) -> bool:
    return msg.kind == "event" and msg.event in xml_in.SILENT_EVENTS


class WeChatEndpoint:
    """Per-app state built once at start-up: crypto, dedupe, deferred tasks, texts."""

    def __init__(self, services: Services) -> None:
        settings = services.settings
        self.services = services
        self.token = settings.wechat.token
        self.crypto = (
            MessageCrypto(settings.wechat.token, settings.wechat.aes_key, settings.wechat.appid)
            if settings.wechat.aes_key
            else None
        )
        self.budget = settings.limits.reply_budget_seconds
        self.max_body = settings.limits.max_body_bytes
        self.dedupe = Deduper(
            services.storage.redis, services.storage.batches, settings.limits.dedupe_ttl_seconds
        )
        self.freshness = Freshness(services.clock, settings.limits.timestamp_window_seconds)
        self.turns = Turns()
        template = settings.templates.get("wechat_error", ERROR_TEMPLATE)
        self.error_text = render(template, hospital=settings.hospital)
        self.deferred = Deferred(services.outbox, lambda: self.error_text)

    # ------------------------------------------------------------------ GET

    async def verify_url(self, request: web.Request) -> web.Response:
        """URL verification from the MP console: echo `echostr` when signed by our token
        with a fresh timestamp."""
        q = request.query
        try:
            self._check_signature(q.get("signature"), q.get("timestamp"), q.get("nonce"))
            self.freshness.check(q.get("timestamp", ""))
            echostr = q.get("echostr")
            if echostr is None:
                raise BadRequest("missing_echostr")
        except WeChatRequestError as exc:
            return self._refuse(exc)
        return web.Response(text=echostr, content_type="text/plain")

    # ------------------------------------------------------------------ POST

    async def receive(self, request: web.Request) -> web.Response:
        started = time.monotonic()
        q = request.query
        try:
            encrypted = self._encrypted(q.get("encrypt_type"))
            timestamp, nonce = q.get("timestamp", ""), q.get("nonce", "")
            self._check_signature(q.get("signature"), timestamp, nonce)
            sent_at = self.freshness.check(timestamp)
            body = await self._read_body(request)
            if encrypted:
                body = self._decrypt(body, q.get("msg_signature"), timestamp, nonce)
            msg = xml_in.parse(body)
            stamp = self.freshness.stamp(sent_at, nonce, body)
            request[obs.LOG_FIELDS] = {"kind": msg.kind, "event": msg.event}
        except WeChatRequestError as exc:
            return self._refuse(exc)
        except Exception as exc:  # a parser surprise is still the client's input: never a 500
            obs.log_failure(log, "wechat.unparseable", exc)
            return self._refuse(BadRequest("unparseable"))

        outcome = "error"
        try:
            xml, outcome = await self._answer(msg, stamp, started)
        except WeChatRequestError as exc:  # a replayed nonce, known once Redis answered
            outcome = "refused"
            return self._refuse(exc)
        except Exception as exc:
            obs.HANDLER_ERRORS.inc()
            obs.log_failure(log, "wechat.answer_failed", exc, kind=msg.kind, event=msg.event)
            xml = self._apology(msg)
        finally:
            obs.child(obs.REPLY_LATENCY, outcome).observe(time.monotonic() - started)
        if not xml:
            return _success()
        if encrypted and self.crypto is not None:
            stamp = str(int(self.services.clock.timestamp()))
            xml = self.crypto.encrypt(xml, nonce, stamp)
        return web.Response(text=xml, content_type=XML_CONTENT_TYPE)

    def _encrypted(self, encrypt_type: str | None) -> bool:
        if encrypt_type in (None, "", "raw"):
            if self.crypto is not None:
                # Safe mode configured: a plaintext POST would bypass the AES check.
                raise Forbidden("plaintext_in_safe_mode")
            return False
        if encrypt_type != "aes":
            raise BadRequest("encrypt_type")
        if self.crypto is None:
            log.warning(
                "wechat.aes_not_configured",
                extra={"hint": "set WECHAT_AES_KEY to the console's EncodingAESKey"},
            )
            raise BadRequest("aes_not_configured")
        return True

    def _check_signature(
        self, signature: str | None, timestamp: str | None, nonce: str | None
    ) -> None:
        if not signature or not timestamp or not nonce:
            raise Forbidden("missing_signature")
        if not verify(signature, self.token, timestamp, nonce):
            raise Forbidden("signature")

    async def _read_body(self, request: web.Request) -> bytes:
        """The body, at most `limits.max_body_bytes` (the app's `client_max_size`, which
        aiohttp enforces for chunked bodies too)."""
        length = request.content_length
        if length is not None and length > self.max_body:
            raise PayloadTooLarge("body_too_large")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge as exc:
            raise PayloadTooLarge("body_too_large") from exc
        except (ConnectionError, ClientPayloadError, HttpProcessingError) as exc:
            raise BadRequest("body_unreadable") from exc
        if len(body) > self.max_body:  # an app built with a larger client_max_size
            raise PayloadTooLarge("body_too_large")
        return body

    def _decrypt(self, body: bytes, msg_signature: str | None, timestamp: str, nonce: str) -> bytes:
        assert self.crypto is not None
        envelope = xml_in.parse_xml(body)
        encrypt = envelope.get("Encrypt")
        if not isinstance(encrypt, str) or not encrypt:
            raise BadRequest("missing_Encrypt")
        self.crypto.verify(msg_signature, timestamp, nonce, encrypt)
        return self.crypto.decrypt(encrypt).encode("utf-8")

    def _refuse(self, exc: WeChatRequestError) -> web.Response:
        if exc.status == 403:
            obs.SIGNATURE_FAILURES.labels(check=exc.reason).inc()
        else:
            obs.BAD_REQUESTS.labels(reason=exc.reason).inc()
        log.warning("wechat.refused", extra={"status": exc.status, "reason": exc.reason})
        text = {400: "bad request", 403: "forbidden", 413: "payload too large"}[exc.status]
        return web.Response(status=exc.status, text=text)

    # ------------------------------------------------------------------ answering

    async def _answer(self, msg: Message, stamp: Stamp, started: float) -> tuple[str, str]:
        """(plaintext reply XML or "" for `success`, outcome label for metrics)."""
        known = msg.kind in xml_in.KNOWN_KINDS
        conversations = self.services.conversations
        got: tuple[Conversation, Lease] | None = None
        if known:
            claim = await self.dedupe.claim_and_lock(
                msg.dedupe_key, stamp, conversations, msg.openid
            )
            if not claim.claimed:
                found = await self.dedupe.wait(msg.dedupe_key, self._left(started), claim.stored)
                obs.child(obs.DEDUPE_HITS, found.state).inc()
                log.info("wechat.retry", extra={"state": found.state})
                return found.xml, "retry"
            got = claim.got
        else:
            await self.dedupe.record(stamp)
        event = msg.event if msg.event in KNOWN_EVENTS else ("other" if msg.event else "")
        # Counted here; logged once, in the request's access-log line (`obs.LOG_FIELDS`).
        obs.child(obs.MESSAGES, msg.kind if known else "other", event).inc()
        if not known:
            return "", "unknown_kind"

        answer = _Answer()
        task = asyncio.create_task(self._dispatch(msg, got, answer))
        try:
            done = await finished_within(task, self._left(started))
        except BaseException:
            answer.deferred = True
            self.deferred.adopt(msg, task)  # our caller went away: finish anyway
            raise
        if not done:
            answer.deferred = True
            self.deferred.adopt(msg, task)
            log.warning("wechat.deadline_fallback", extra={"kind": msg.kind, "event": msg.event})
            await self.dedupe.defer(msg.dedupe_key)
            return "", "deferred"
        task.result()  # storage errors surface here (answered with the apology)
        outcome = "error" if answer.failed else "reply"
        return answer.xml, outcome if answer.xml else "success"

    async def _dispatch(
        self, msg: Message, got: tuple[Conversation, Lease] | None, answer: _Answer
    ) -> Reply:
        """Route under the conversation's lock (waiting for it when another message of
        this sender holds it), then save, release and store the reply in one round trip.
        Runs to the end even when the endpoint has already answered `success`."""
        conversations = self.services.conversations
        conv, lease = got if got is not None else await conversations.acquire(msg.openid)
        try:
            reply = await self.services.dispatcher.route(msg, conv)
        except Exception as exc:
            obs.HANDLER_ERRORS.inc()
            obs.log_failure(log, "wechat.dispatch_failed", exc, kind=msg.kind, event=msg.event)
            reply, answer.failed = Reply(text=self.error_text), True
        if not answer.deferred and not _silent(msg) and not reply.empty:
            answer.xml = xml_out.render(reply, msg, int(self.services.clock.timestamp()))
        batch = Batch()
        conversations.queue_commit(batch, conv, lease)
        if not answer.deferred:
            self.dedupe.queue_finish(batch, msg.dedupe_key, answer.xml)
        # the dashboard's per-hour counters and the followers ride along: no extra round trip
        self.turns.queue(batch, self.services.clock.now(), msg.kind, conv.turn)
        queue_follow(batch, msg.openid, not (msg.kind == "event" and msg.event == "unsubscribe"))
        if opens_window(msg):  # the 48-hour customer-service window (push.channels)
            queue_seen(batch, msg.openid, self.services.clock.timestamp())
        saved, *_ = await self.services.storage.batches.execute(batch)
        conversations.committed(conv, saved)
        return reply

    def _apology(self, msg: Message) -> str:
        """The polite "please try again" reply when storage failed us (never for events
        nobody reads)."""
        if _silent(msg) or msg.kind not in xml_in.KNOWN_KINDS:
            return ""
        return xml_out.render(
            Reply(text=self.error_text), msg, int(self.services.clock.timestamp())
        )

    def _left(self, started: float) -> float:
        return max(0.0, self.budget - (time.monotonic() - started))


WECHAT: web.AppKey[WeChatEndpoint] = web.AppKey("wechat_endpoint", WeChatEndpoint)


async def _get(request: web.Request) -> web.Response:
    return await request.app[WECHAT].verify_url(request)


async def _post(request: web.Request) -> web.Response:
    return await request.app[WECHAT].receive(request)


def setup(app: web.Application) -> None:
    """Register `/wechat`; the endpoint is built after storage connects (on start-up)."""

    async def start(app: web.Application) -> None:
        app[WECHAT] = WeChatEndpoint(app[SERVICES])

    async def stop(app: web.Application) -> None:
        if WECHAT in app:
            await app[WECHAT].deferred.drain(SHUTDOWN_DRAIN_SECONDS)

    app.on_startup.append(start)
    app.on_shutdown.append(stop)
    app.router.add_get("/wechat", _get)
    app.router.add_post("/wechat", _post)

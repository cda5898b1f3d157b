"""Logs, request ids, health and metrics: what an operator needs at 3 a.m.

- Structured JSON logs, one line per record, with the request id of the HTTP request
  that caused them (a contextvar set by a middleware, so background tasks spawned by
  the request inherit it).
- `PIIFilter` masks resident ID numbers and mainland mobile numbers in every record:
  the last line of defence behind "never log message contents at INFO".
- `log_failure(...)`: one line per failure with the error class; the traceback at
  most once a minute per (message, error class), so an outage does not multiply the
  log volume (a traceback is 3-6 KB, a line about 250 bytes).
- `GET /healthz` (MongoDB and Redis pinged concurrently, each given 0.4 s, so it
  answers within 0.6 s whatever the databases do) and `GET /metrics`
  (Prometheus text format, behind a bearer token when METRICS_TOKEN is set).
- `record_api_error(code)` for push/ to count outbound WeChat API errors.
"""

from __future__ import annotations

import asyncio
import contextvars
import hmac
import io
import itertools
import logging
import os
import re
import secrets
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)

from bot.jsontext import dumps

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- request id

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_REQUEST_ID_OK = re.compile(r"[A-Za-z0-9._:-]{1,64}")
REQUEST_ID_HEADER = "X-Request-Id"


class _Ids:
    """Request ids: a random per-process prefix and a counter (32 hex digits), unique
    across processes without a system call per request. A forked worker draws its own
    prefix."""

    def __init__(self) -> None:
        self.reset()
        os.register_at_fork(after_in_child=self.reset)

    def reset(self) -> None:
        self.prefix = secrets.token_hex(8)
        # A 64-bit start: a 32-bit one printed as 16 hex digits began with eight zeros,
        # often an 11-digit run with the prefix's last digits, which made `mask_pii`
        # run both substitutions on every log line (and could mask part of the id).
        self.counter = itertools.count(secrets.randbelow(2**64))

    def next(self) -> str:
        return f"{self.prefix}{next(self.counter) & 0xFFFFFFFFFFFFFFFF:016x}"


_ids = _Ids()


def new_request_id() -> str:
    return _ids.next()


def accept_request_id(value: str | None) -> str:
    """Keep a caller's X-Request-Id when it is a sane token, else mint a new one."""
    if value and _REQUEST_ID_OK.fullmatch(value):
        return value
    return new_request_id()


# --------------------------------------------------------------------------- PII masking

# 18-digit resident ID (last char may be X), and 11-digit mainland mobile numbers
# (optionally +86 / 86 prefixed). Digit look-arounds keep longer numbers (MsgId,
# timestamps in ms) untouched.
_ID_NUMBER = re.compile(r"(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<![0-9])((?:\+?86[- ]?)?1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")
# Both need 11 ASCII digits in a row (an ID number has 17, a phone number 11): text
# without such a run cannot hold either, and one scan for it is all most lines cost.
_ELEVEN_DIGITS = re.compile(r"[0-9]{11}")


# ASCII digits -> "0", every other byte -> ".": a run of 11 digits is then a substring.
_DIGIT_BYTES = bytes(0x30 if 0x30 <= b <= 0x39 else 0x2E for b in range(256))
_RUN = b"0" * 11


def _digit_run(text: str) -> bool:
    """Whether `text` holds 11 ASCII digits in a row. On a long text (a log line with
    its timestamp, ids and durations) the pattern is tried at every digit; the bytes'
    translation and a substring search cost a fraction of that. (UTF-8 writes an ASCII
    digit as that byte and uses no such byte inside another character.)"""
    if len(text) < 11:
        return False
    if len(text) < 64:
        return _ELEVEN_DIGITS.search(text) is not None
    try:
        raw = text.encode()
    except UnicodeEncodeError:  # a lone surrogate
        return _ELEVEN_DIGITS.search(text) is not None
    return _RUN in raw.translate(_DIGIT_BYTES)


def mask_pii(text: str) -> str:
    """Mask ID numbers (keep region + last 4) and phone numbers (keep 3 + 4)."""
    if not _digit_run(text):
        return text
    text = _ID_NUMBER.sub(lambda m: m.group(1)[:3] + "*" * 11 + m.group(2), text)
    return _PHONE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_pii(value)
    if isinstance(value, dict):
        return {k: _mask_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_mask_value(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 10**10:
        masked = mask_pii(str(value))
        return masked if masked != str(value) else value
    return value


_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
}


class PIIFilter(logging.Filter):
    """Masks ID and phone numbers in the message, its arguments, extras and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = str(record.msg)
        record.msg, record.args = mask_pii(message), None
        fields = record.__dict__
        for key in fields.keys() - _STANDARD_ATTRS:  # the extras
            fields[key] = _mask_value(fields[key])
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.exc_text:
            record.exc_text = mask_pii(record.exc_text)
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


_MILLIS = tuple(f".{ms:03d}+00:00" for ms in range(1000))


class JSONFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, request_id, then extra fields."""

    _second = -1
    _stamp = ""

    def _ts(self, created: float) -> str:
        """ISO 8601 UTC with milliseconds; the part up to the second is formatted once
        per second."""
        second = int(created)
        if second != self._second:
            self._second = second
            self._stamp = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        return self._stamp + _MILLIS[min(int((created - second) * 1000), 999)]

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "ts": self._ts(record.created),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id.get(),
        }
        fields = record.__dict__
        for key in fields:
            if key not in _STANDARD_ATTRS and key[0] != "_":
                doc[key] = fields[key]
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            doc["exc"] = record.exc_text
        return _line(doc)


def _line(doc: dict[str, Any]) -> str:
    # Belt and braces: mask the final line too, whatever slipped past the filter.
    return mask_pii(dumps(doc))


class TickFlushingHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A StreamHandler whose stream is flushed once per event-loop iteration instead of
    after every line: a burst of requests costs one write system call, not one each.
    Outside a running loop (start-up, tools, exit) every line is flushed at once."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._pending: asyncio.AbstractEventLoop | None = None

    def flush(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            super().flush()
            return
        if self._pending is not loop:  # one flush per iteration of this loop
            self._pending = loop
            loop.call_soon(self._flush_now)

    def _flush_now(self) -> None:
        self._pending = None
        super().flush()


def _stderr() -> Any:
    """stderr with a block buffer (Python's own is line-buffered: a write per line)."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by a test runner
        return sys.stderr
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(io.BufferedWriter(raw, 1 << 16), encoding="utf-8", errors="replace")


class FailureLog:
    """Log a failure as one line (`error` = its class) plus, at most once per `interval`
    seconds per (message, error class), the full traceback.

    A failed message during a database outage would otherwise log a 3-6 KB traceback
    each time: the same one, hundreds of times a minute. The first of a kind keeps its
    traceback (and says how many were logged without one since the last)."""

    def __init__(self, interval: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self.clock = clock
        self._last: dict[tuple[str, str], float] = {}
        self._quiet: dict[tuple[str, str], int] = {}

    def __call__(
        self,
        logger: logging.Logger,
        msg: str,
        exc: BaseException,
        /,
        *,
        level: int = logging.ERROR,
        **fields: Any,
    ) -> None:
        kind = (msg, f"{type(exc).__module__}.{type(exc).__qualname__}")
        now = self.clock()
        last = self._last.get(kind)
        extra: dict[str, Any] = {"error": type(exc).__name__, **fields}
        if last is not None and now - last < self.interval:
            self._quiet[kind] = self._quiet.get(kind, 0) + 1
            logger.log(level, msg, extra=extra)
            return
        self._last[kind] = now
        quiet = self._quiet.pop(kind, 0)
        if quiet:
            extra["tracebacks_skipped"] = quiet
        logger.log(level, msg, extra=extra, exc_info=exc)

    def reset(self) -> None:
        self._last.clear()
        self._quiet.clear()


log_failure = FailureLog()


# The handler `configure_logging` installed, with its filters and formatter as installed.
_json_handler: tuple[logging.Handler, tuple[Any, ...], Any] | None = None


def _only_json_handler(logger: logging.Logger) -> logging.StreamHandler | None:  # type: ignore[type-arg]
    """Our JSON handler when it is the only place an INFO record of `logger` goes,
    unchanged since `configure_logging` (same filters, formatter, level), else None
    (a test's capture handler, another library's configuration: the slow path)."""
    installed = _json_handler
    if installed is None or logger.filters or logger.disabled:
        return None
    handler, filters, formatter = installed
    root = logging.root
    node: logging.Logger | None = logger
    while node is not None and node is not root:
        if node.handlers or not node.propagate:
            return None
        node = node.parent
    if (
        root.handlers != [handler]
        or handler.level > logging.INFO
        or tuple(handler.filters) != filters
        or handler.formatter is not formatter
        or not isinstance(handler, logging.StreamHandler)
        or not isinstance(formatter, JSONFormatter)
    ):
        return None
    return handler


def log_access(logger: logging.Logger, msg: str, fields: dict[str, Any]) -> None:
    """`logger.info(msg, extra=fields)` for the one access line per request, written
    straight through our JSON handler when that is where it would go: the same line
    (the fields of `RequestIdFilter`, `PIIFilter` and `JSONFormatter`, masked alike)
    without a LogRecord, two filter passes and a walk over the record's attributes.
    `fields` must be plain data under names a LogRecord does not use."""
    if not logger.isEnabledFor(logging.INFO):
        return
    handler = _only_json_handler(logger)
    if handler is None:
        logger.info(msg, extra=fields)
        return
    formatter: JSONFormatter = handler.formatter  # type: ignore[assignment]
    doc: dict[str, Any] = {
        "ts": formatter._ts(time.time()),
        "level": "INFO",
        "logger": logger.name,
        "msg": msg,
        "request_id": request_id.get(),
    }
    doc.update(fields)
    line = dumps(doc)
    # JSON writes every ASCII digit of a value as it is: a line without a run of 11 has
    # nothing to mask, in the line or in any field. Otherwise mask as `PIIFilter` and
    # `_line` do (each field, then the line).
    if _digit_run(line):
        doc["msg"] = mask_pii(msg)
        for key, value in fields.items():
            doc[key] = _mask_value(value)
        line = _line(doc)
    handler.acquire()
    try:
        handler.stream.write(line + handler.terminator)
        handler.flush()
    except Exception:
        handler.handleError(logger.makeRecord(logger.name, logging.INFO, "", 0, msg, None, None))
    finally:
        handler.release()


def configure_logging(level: str | int = "INFO", stream: Any = None) -> logging.Handler:
    """Install the JSON handler (with request id and PII masking) on the root logger."""
    handler = TickFlushingHandler(stream or _stderr())
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(PIIFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_hospital_bot", False):
            root.removeHandler(old)
    handler._hospital_bot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    global _json_handler
    _json_handler = (handler, tuple(handler.filters), handler.formatter)
    root.setLevel(level if isinstance(level, int) else level.upper())
    # Documented logging optimisations (Logging HOWTO, "Optimization"): our lines carry
    # neither the caller's file and line nor thread or process names.
    logging._srcfile = None  # type: ignore[attr-defined]
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    for noisy in ("aiohttp.access", "pymongo", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return handler


# --------------------------------------------------------------------------- metrics

disable_created_metrics()  # no `_created` twin series: half the scrape size
REGISTRY = CollectorRegistry(auto_describe=True)
for _collector in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
    try:
        REGISTRY.register(_collector)
    except ValueError:  # pragma: no cover - already registered
        pass

HTTP_REQUESTS = Counter(
    "hospital_bot_http_requests_total",
    "HTTP requests by route and status",
    ["method", "route", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "hospital_bot_http_request_seconds",
    "HTTP request latency by route",
    ["route"],
    registry=REGISTRY,
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
MESSAGES = Counter(
    "hospital_bot_wechat_messages_total",
    "Inbound WeChat messages by type",
    ["kind", "event"],
    registry=REGISTRY,
)
REPLY_LATENCY = Histogram(
    "hospital_bot_wechat_reply_seconds",
    "Time from request arrival to the passive reply",
    ["outcome"],
    registry=REGISTRY,
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 5),
)
DEDUPE_HITS = Counter(
    "hospital_bot_wechat_dedupe_hits_total",
    "WeChat retries recognised by MsgId, by state of the first delivery",
    ["state"],
    registry=REGISTRY,
)
DEADLINE_FALLBACKS = Counter(
    "hospital_bot_wechat_deadline_fallbacks_total",
    "Replies that missed the budget and went out as a push",
    registry=REGISTRY,
)
SIGNATURE_FAILURES = Counter(
    "hospital_bot_wechat_signature_failures_total",
    "Requests refused by signature, msg_signature or appid checks",
    ["check"],
    registry=REGISTRY,
)
BAD_REQUESTS = Counter(
    "hospital_bot_wechat_bad_requests_total",
    "Requests refused as malformed, by reason",
    ["reason"],
    registry=REGISTRY,
)
HANDLER_ERRORS = Counter(
    "hospital_bot_wechat_handler_errors_total",
    "Dispatches that raised (answered with the polite fallback)",
    registry=REGISTRY,
)
PAY_NOTIFICATIONS = Counter(
    "hospital_bot_pay_notifications_total",
    "WeChat Pay notifications on /pay/notify by outcome (refused_<reason>: not verified)",
    ["outcome"],
    registry=REGISTRY,
)
API_ERRORS = Counter(
    "hospital_bot_wechat_api_errors_total",
    "Outbound WeChat API errors by errcode",
    ["code"],
    registry=REGISTRY,
)


LOCALSTACK_RESTARTS = Counter(
    "hospital_bot_localstack_restarts_total",
    "Embedded database servers started again after they died (hospital-bot run)",
    ["service"],
    registry=REGISTRY,
)


def record_api_error(code: int | str) -> None:
    """Count one outbound WeChat API error (called by push/ for every non-zero errcode)."""
    API_ERRORS.labels(code=str(code)).inc()


# ----------------------------------------------------------------- jobs and deliveries
# (the job system, push/jobs.py; deliveries, push/delivery.py; reconcilers, handlers/*)

JOBS_EXPIRED = Counter(
    "hospital_bot_jobs_expired_total",
    "Jobs dropped (and recorded in expired_jobs) because they started after their deadline",
    ["job"],
    registry=REGISTRY,
)
JOBS_FAILED = Counter(
    "hospital_bot_jobs_failed_total",
    "Job runs that raised (logged once as jobs.failed; a timed job runs again next period)",
    ["job"],
    registry=REGISTRY,
)
DELIVERIES = Counter(
    "hospital_bot_push_deliveries_total",
    "Outbound messages finished, by channel (custom, template, subscribe, none) and status",
    ["channel", "status"],
    registry=REGISTRY,
)
REPAIRS = Counter(
    "hospital_bot_reconciler_repairs_total",
    "Invariant violations found and repaired by a reconciler, by kind",
    ["kind"],
    registry=REGISTRY,
)
OUTBOX_RELAYED = Counter(
    "hospital_bot_outbox_relayed_total",
    "Owed notices moved from the transactional outbox to the job queue",
    registry=REGISTRY,
)


def record_job_expired(job: str) -> None:
    JOBS_EXPIRED.labels(job=job).inc()


def record_job_failed(job: str) -> None:
    JOBS_FAILED.labels(job=job).inc()


def record_delivery(channel: str, status: str, n: int = 1) -> None:
    DELIVERIES.labels(channel=channel or "none", status=status).inc(n)


def record_repair(kind: str, n: int = 1) -> None:
    """Count `n` repairs of `kind` (the reconciler also logs one line per repair)."""
    if n:
        REPAIRS.labels(kind=kind).inc(n)


# --------------------------------------------------------------------------- middleware

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


LOG_FIELDS: web.RequestKey[dict[str, Any]] = web.RequestKey("log_fields", dict)
"""Fields a handler adds to its request's one access-log line (e.g. the WeChat message
kind), instead of a log line of its own."""


def _route_label(request: web.Request) -> str:
    """The matched route template (bounded cardinality), never the raw path."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


_children: dict[tuple[Any, ...], Any] = {}


def child(metric: Any, *labels: str) -> Any:
    """`metric.labels(*labels)`, looked up once per label set (a dict hit per request
    instead of prometheus_client's locked lookup)."""
    key = (metric, *labels)
    found = _children.get(key)
    if found is None:
        found = _children[key] = metric.labels(*labels)
    return found


@web.middleware
async def request_context(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Request id in, request id out; one access log line and HTTP metrics per request."""
    rid = accept_request_id(request.headers.get(REQUEST_ID_HEADER))
    token = request_id.set(rid)
    started = time.perf_counter()
    status = 500
    try:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            status = exc.status
            exc.headers[REQUEST_ID_HEADER] = rid
            raise
        except (asyncio.CancelledError, ConnectionResetError):
            status = 499
            raise
        except Exception:
            log.exception("http.unhandled", extra={"method": request.method, "path": request.path})
            response = web.json_response({"error": "internal error", "request_id": rid}, status=500)
        status = response.status
        if not response.prepared:
            response.headers[REQUEST_ID_HEADER] = rid
        return response
    finally:
        elapsed = time.perf_counter() - started
        route = _route_label(request)
        child(HTTP_REQUESTS, request.method, route, str(status)).inc()
        child(HTTP_LATENCY, route).observe(elapsed)
        if log.isEnabledFor(logging.INFO) and route not in ("/metrics", "/healthz"):
            extra = {
                "method": request.method,
                "route": route,
                "status": status,
                "duration_ms": round(elapsed * 1000, 2),
            }
            fields = request.get(LOG_FIELDS)
            if fields:
                extra.update(fields)
            log_access(log, "http.request", extra)
        request_id.reset(token)


def middlewares() -> list[Any]:
    return [request_context]


# --------------------------------------------------------------------------- routes

# The databases' ping, set by the app once storage is connected (`Storage.ping`).
HEALTH_PROBE: web.AppKey[Callable[[], Awaitable[dict[str, str]]]] = web.AppKey(
    "health_probe", object
)


async def healthz(request: web.Request) -> web.Response:
    """200 when MongoDB and Redis both answer, else 503; each reported as "ok" or
    "down: <ErrorClass>". Bounded by `Storage.ping`'s deadline: a database that
    accepts the connection and never answers costs 0.6 s at most, not the clients'
    own timeouts (5 s for MongoDB's server selection, none for a Redis reply)."""
    probe = request.app.get(HEALTH_PROBE)
    if probe is None:
        result = {"mongodb": "down: NotStarted", "redis": "down: NotStarted"}
    else:
        result = await probe()
    ok = all(v == "ok" for v in result.values())
    body = {"status": "ok" if ok else "unavailable", **result}
    return web.json_response(body, status=200 if ok else 503, headers={"Cache-Control": "no-store"})


async def metrics(request: web.Request) -> web.Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # `serve --workers N`: every worker's
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def bearer_protected(handler: Handler, token: str) -> Handler:
    """`handler` behind `Authorization: Bearer <token>` (constant-time comparison)."""
    expected = f"Bearer {token}".encode()

    async def protected(request: web.Request) -> web.StreamResponse:
        given = request.headers.get("Authorization", "").encode()
        if not hmac.compare_digest(given, expected):
            raise web.HTTPUnauthorized(
                text="bearer token required (METRICS_TOKEN)",
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )
        return await handler(request)

    return protected


def setup(app: web.Application, *, metrics_token: str = "") -> None:
    """`/healthz` for the load balancer; `/metrics` for Prometheus, behind a bearer
    token when one is configured (METRICS_TOKEN)."""
    app.router.add_get("/healthz", healthz)
    app.router.add_get(
        "/metrics", bearer_protected(metrics, metrics_token) if metrics_token else metrics
    )

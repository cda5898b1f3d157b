"""Process entry points behind the CLI: the whole local stack, or one piece of it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from aiohttp import web

from bot import production
from bot.app import create_app
from bot.compose import build_services
from bot.config import Settings
from bot.console_accounts import add_staff
from bot.localstack import DataDirInUse, LocalStack
from bot.observability import configure_logging
from bot.pii import ensure_secret_key
from bot.prefork import Supervisor, check_port, parent_watch
from bot.production import Role
from bot.sandbox import sandbox_settings
from bot.services import Services
from bot.storage import Storage
from bot.supervise import supervise
from bot.wechatpay import WeChatPayError
from bot.wechatpay.config import parse_wechatpay
from handlers.demo import seed_demo as load_demo
from handlers.payments.reconcile import BillNotReady
from handlers.payments.repo import IncidentRepo
from push.menu import push_menu
from push.worker import run_worker

log = logging.getLogger(__name__)
T = TypeVar("T")


STACK_FILE = "stack.json"  # in the data folder: where the running embedded stack listens


def _publish(data_dir: Path, stack: LocalStack, base_url: str) -> None:
    """Tell admin commands (`staff add`, `seed-demo`, `pay reconcile`) where this stack
    and its web app (with the sandboxes) listen."""
    path = Path(data_dir) / STACK_FILE
    body = {
        "pid": os.getpid(),
        "mongodb_uri": stack.mongodb_uri,
        "redis_url": stack.redis_url,
        "base_url": base_url,
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(body, f)


def _running_stack(settings: Settings) -> Settings | None:
    """The settings of the `hospital-bot run` that holds this data folder, if any."""
    try:
        doc = json.loads((Path(settings.data_dir) / STACK_FILE).read_text())
        os.kill(int(doc["pid"]), 0)  # still alive?
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return settings.with_overrides(
        mongodb_uri=settings.mongodb_uri or str(doc["mongodb_uri"]),
        redis_url=settings.redis_url or str(doc["redis_url"]),
        public_base_url=settings.public_base_url or str(doc.get("base_url") or ""),
    )


def prepare(
    settings: Settings, *, role: Role = "tool", embedded: bool = True, attach: bool = False
) -> tuple[Settings, LocalStack | None]:
    """Refuse unsafe production settings, then start the embedded databases for
    whatever is not configured. `attach` (admin commands): when a running `hospital-bot
    run` holds the data folder, connect to its databases instead."""
    configure_logging(os.environ.get("LOG_LEVEL", "INFO"))
    production.check(settings, role)
    stack = None
    if embedded and (not settings.mongodb_uri or not settings.redis_url):
        try:
            stack = LocalStack(
                data_dir=settings.data_dir,
                mongodb_uri=settings.mongodb_uri,
                redis_url=settings.redis_url,
            ).start()
        except DataDirInUse:
            running = _running_stack(settings) if attach else None
            if running is None:
                raise
            settings = running
            log.info("localstack.attached", extra={"data_dir": str(settings.data_dir)})
        else:
            supervise(stack)  # restarts a server that dies; ends with stack.stop()
            log.warning(
                "localstack.embedded",
                extra={"hint": "set MONGODB_URI and REDIS_URL in production"},
            )
            _publish(settings.data_dir, stack, _base_url(settings))
            settings = settings.with_overrides(
                mongodb_uri=stack.mongodb_uri, redis_url=stack.redis_url
            )
    settings = ensure_secret_key(settings)
    settings = settings.with_overrides(public_base_url=_base_url(settings))
    base = settings.public_base_url
    if settings.use_sandbox:
        settings = sandbox_settings(settings, base)
    parse_wechatpay(settings)  # a half-configured WeChat Pay merchant refuses to start
    return settings, stack


def run_loop(main: Awaitable[T]) -> T:
    """asyncio.run on uvloop when it is installed (it is, on Linux): a faster event loop
    for the same code."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)  # type: ignore[arg-type]
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)  # type: ignore[arg-type]


def _base_url(settings: Settings) -> str:
    return settings.public_base_url or f"http://{_display_host(settings.host)}:{settings.port}"


def _display_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "") else host


async def connect(settings: Settings) -> Services:
    """Storage, then every service (`bot.compose.build_services`), for this process."""
    storage = Storage(settings.mongodb_uri, settings.redis_url, settings.database)
    try:
        services = build_services(settings, storage)
        await storage.ensure_indexes()
    except BaseException:
        await storage.close()
        raise
    return services


Piece = Callable[[Services, asyncio.Event], Awaitable[None]]


async def _serve_until_stopped(
    settings: Settings,
    *,
    web_app: bool,
    pieces: list[Piece],
    banner: Callable[[Settings], None] | None = None,
    seed: bool = False,
    reuse_port: bool = False,
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    services = await connect(settings)
    runner: web.AppRunner | None = None
    tasks: list[asyncio.Task[None]] = []
    try:
        if seed:
            await _seed(services, quiet=True)
        if web_app:
            runner = web.AppRunner(
                create_app(settings, services=services), access_log=None, handle_signals=False
            )
            await runner.setup()
            site = web.TCPSite(
                runner, settings.host, settings.port, backlog=1024, reuse_port=reuse_port
            )
            await site.start()
        tasks = [asyncio.create_task(p(services, stop)) for p in pieces]
        if banner:
            banner(settings)
        waiter = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait([waiter, *tasks], return_when=asyncio.FIRST_COMPLETED)
        for t in done:
            if t is not waiter and t.exception():
                log.error("piece.crashed", exc_info=t.exception())
        stop.set()
        waiter.cancel()
    finally:
        for t in tasks:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError, Exception):
                await asyncio.wait_for(t, 10)
        if runner is not None:
            await runner.cleanup()
        await services.close()


def _worker_piece(services: Services, stop: asyncio.Event) -> Awaitable[None]:
    """Every job: deliveries, broadcasts, deferred replies, the outbox relay, and the
    timed jobs (fired once across all workers and schedulers)."""
    return run_worker(services.push, services.jobs, stop)


def _scheduler_piece(services: Services, stop: asyncio.Event) -> Awaitable[None]:
    """Only the timed jobs (holds, waitlist offers, no-shows, roster, reconcilers ...)."""
    return run_worker(services.push, services.jobs, stop, on_demand=False)


def _print_banner(settings: Settings) -> None:
    base = settings.public_base_url
    lines = [
        f"hospital-bot is running for {settings.hospital['name']}",
        f"  chat simulator   {base}/sandbox/chat" if settings.use_sandbox else "",
        (
            f"  WARNING          the sandbox is public on {settings.host}: anyone who can "
            "reach it can sign in as any patient (demo data only)"
            if settings.use_sandbox and not production.is_loopback(settings.host)
            else ""
        ),
        f"  WeChat callback  {base}/wechat",
        f"  patient pages    {base}/h5/",
        f"  staff console    {base}/console/  (accounts: hospital-bot staff add, see README)",
        (
            f"  WeChat Pay       sandbox merchant at {base}/sandbox/pay (pay in the simulator)"
            if settings.use_sandbox and settings.section("wechatpay").get("sandbox")
            else ""
        ),
        f"  health           {base}/healthz",
        f"  metrics          {base}/metrics",
        f"  MongoDB          {settings.mongodb_uri}",
        f"  Redis            {settings.redis_url}",
        "Press Ctrl-C to stop.",
    ]
    print("\n".join(line for line in lines if line), flush=True)


def run_all(settings: Settings) -> int:
    settings, stack = prepare(settings, role="web")
    try:
        run_loop(
            _serve_until_stopped(
                settings,
                web_app=True,
                pieces=[_worker_piece],  # a worker runs the timed jobs too
                banner=_print_banner,
                seed=True,
            )
        )
    finally:
        if stack:
            stack.stop()
    return 0


def _single(settings: Settings, *, web_app: bool, pieces: list[Piece], what: str) -> int:
    settings, stack = prepare(settings, role="web" if web_app else "background")
    try:
        run_loop(
            _serve_until_stopped(
                settings,
                web_app=web_app,
                pieces=pieces,
                banner=lambda s: print(f"hospital-bot {what} started", flush=True),
            )
        )
    finally:
        if stack:
            stack.stop()
    return 0


def serve(settings: Settings, workers: int = 1) -> int:
    """The web app; with `workers` > 1, that many pre-forked processes on one port
    (`bot.prefork`)."""
    if workers <= 1:
        return _single(settings, web_app=True, pieces=[], what=f"serve on :{settings.port}")
    check_port(settings.host, settings.port)  # before any database is started for nothing
    settings, stack = prepare(settings, role="web")
    try:
        parent = os.getpid()

        def watch(services: Services, stop: asyncio.Event) -> Awaitable[None]:
            return parent_watch(stop, parent)

        def worker_main() -> int:
            run_loop(_serve_until_stopped(settings, web_app=True, pieces=[watch], reuse_port=True))
            return 0

        print(f"hospital-bot serve on :{settings.port}", flush=True)
        return Supervisor(workers, worker_main).run()
    finally:
        if stack:
            stack.stop()


def worker(settings: Settings) -> int:
    return _single(settings, web_app=False, pieces=[_worker_piece], what="worker")


def scheduler(settings: Settings) -> int:
    return _single(settings, web_app=False, pieces=[_scheduler_piece], what="scheduler")


async def _seed(services: Services, *, quiet: bool = False) -> bool:
    """Load the demo hospital when the database is empty."""
    seeded = await load_demo(
        services.storage, services.patients.keyring, services.his, services.clock
    )
    if not quiet or seeded:
        print("demo data loaded" if seeded else "database not empty: demo data not loaded")
    return seeded


async def _seed_once(settings: Settings) -> bool:
    services = await connect(settings)
    try:
        return await _seed(services)
    finally:
        await services.close()


def seed_demo(settings: Settings) -> int:
    settings, stack = prepare(settings, attach=True)
    try:
        asyncio.run(_seed_once(settings))
    finally:
        if stack:
            stack.stop()
    return 0


def menu_push(settings: Settings) -> int:
    """Upload the menu. Only Redis (the token cache) is needed; without REDIS_URL a
    throwaway redis-server is used so a running `hospital-bot run` is left alone."""
    with tempfile.TemporaryDirectory(prefix="hospital-bot-menu-") as tmp:
        stack = None
        if not settings.redis_url:
            stack = LocalStack(data_dir=Path(tmp)).start(mongo=False)
            settings = settings.with_overrides(redis_url=stack.redis_url)
        try:
            settings, _ = prepare(settings, embedded=False)
            return asyncio.run(push_menu(settings))
        finally:
            if stack:
                stack.stop()


def staff_add(
    settings: Settings,
    username: str,
    name: str,
    role: str,
    departments: list[str],
    wards: list[str],
) -> int:
    settings, stack = prepare(settings, attach=True)
    try:
        return asyncio.run(add_staff(settings, username, name, role, departments, wards))
    finally:
        if stack:
            stack.stop()


async def _reconcile(settings: Settings, day: date) -> int:
    services = await connect(settings)
    try:
        if not services.payments.enabled:
            print("payments are off: no WeChat Pay merchant is configured", file=sys.stderr)
            return 2
        try:
            report = await services.reconciler.reconcile(day)
        except BillNotReady as exc:
            print(f"error: {exc}. Fix: run it for a past day, after 10:00.", file=sys.stderr)
            return 2
        except WeChatPayError as exc:
            print(
                f"error: the trade bill could not be fetched: {exc}. Fix: check the merchant "
                "settings (bot/wechatpay/README.md) and try again.",
                file=sys.stderr,
            )
            return 2
        print(services.reconciler.render(report))
        return 0 if report.balanced else 1
    finally:
        await services.close()


def pay_reconcile(settings: Settings, day: date) -> int:
    """`hospital-bot pay reconcile --date D`: the report, stored; exit 1 on differences
    (each flagged for staff), 2 when the bill cannot be fetched."""
    settings, stack = prepare(settings, attach=True)
    try:
        return asyncio.run(_reconcile(settings, day))
    finally:
        if stack:
            stack.stop()


async def _incidents(settings: Settings) -> int:
    services = await connect(settings)
    try:
        found = await services.storage.repo(IncidentRepo).open()
        for doc in found:
            at = doc["created_at"].astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
            detail = json.dumps(doc.get("detail") or {}, ensure_ascii=False, default=str)
            print(f"{at}  {doc['kind']:<28} {doc['subject']}  {detail}")
        print(f"{len(found)} open")
        return 0
    finally:
        await services.close()


def pay_incidents(settings: Settings) -> int:
    """`hospital-bot pay incidents`: what staff must look at (wrong amounts, refused
    refunds, reconciliation differences), newest first."""
    settings, stack = prepare(settings, attach=True)
    try:
        return asyncio.run(_incidents(settings))
    finally:
        if stack:
            stack.stop()

"""Process entry points behind the CLI: the whole local stack, or one piece of it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from aiohttp import web

from bot import production
from bot.config import ConfigError, Settings
from bot.localstack import LocalStack
from bot.observability import configure_logging
from bot.production import Role
from bot.sandbox import sandbox_settings
from bot.services import Services
from bot.storage import Storage
from bot.supervise import supervise

log = logging.getLogger(__name__)
T = TypeVar("T")


def ensure_secret_key(settings: Settings) -> Settings:
    """SECRET_KEY signs sessions and derives the PII key. Without one configured, a
    random key is generated once per data directory (fine for one host; set
    SECRET_KEY explicitly when several hosts share the databases). Never with a real
    WeChat account: production keys do not live beside the data they protect."""
    if settings.secret_key:
        return settings
    problem = production.secret_key_problem(settings)
    if problem:
        raise ConfigError(problem)
    path = Path(settings.data_dir) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return settings.with_overrides(secret_key=path.read_text().strip())


def prepare(
    settings: Settings, *, role: Role = "tool", embedded: bool = True
) -> tuple[Settings, LocalStack | None]:
    """Refuse unsafe production settings, then start the embedded databases for
    whatever is not configured."""
    configure_logging(os.environ.get("LOG_LEVEL", "INFO"))
    production.check(settings, role)
    stack = None
    if embedded and (not settings.mongodb_uri or not settings.redis_url):
        stack = LocalStack(
            data_dir=settings.data_dir,
            mongodb_uri=settings.mongodb_uri,
            redis_url=settings.redis_url,
        ).start()
        supervise(stack)  # restarts a server that dies; ends with stack.stop()
        log.warning(
            "localstack.embedded", extra={"hint": "set MONGODB_URI and REDIS_URL in production"}
        )
        settings = settings.with_overrides(mongodb_uri=stack.mongodb_uri, redis_url=stack.redis_url)
    settings = ensure_secret_key(settings)
    base = settings.public_base_url or f"http://{_display_host(settings.host)}:{settings.port}"
    settings = settings.with_overrides(public_base_url=base)
    if settings.use_sandbox:
        settings = sandbox_settings(settings, base)
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


def _display_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "") else host


async def connect(settings: Settings) -> Services:
    storage = Storage(settings.mongodb_uri, settings.redis_url, settings.database)
    await storage.ensure_indexes()
    return Services.build(settings, storage)


Piece = Callable[[Services, asyncio.Event], Awaitable[None]]


async def _serve_until_stopped(
    settings: Settings,
    *,
    web_app: bool,
    pieces: list[Piece],
    banner: Callable[[Settings], None] | None = None,
    seed: bool = False,
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
            from bot.app import create_app

            runner = web.AppRunner(
                create_app(settings, services=services), access_log=None, handle_signals=False
            )
            await runner.setup()
            await web.TCPSite(runner, settings.host, settings.port, backlog=1024).start()
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
        await services.storage.close()


def _worker_piece(services: Services, stop: asyncio.Event) -> Awaitable[None]:
    from push.worker import run_worker

    return run_worker(services, stop)


def _scheduler_piece(services: Services, stop: asyncio.Event) -> Awaitable[None]:
    from bot.scheduler import run_scheduler

    return run_scheduler(services, stop)


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
                pieces=[_worker_piece, _scheduler_piece],
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


def serve(settings: Settings) -> int:
    return _single(settings, web_app=True, pieces=[], what=f"serve on :{settings.port}")


def worker(settings: Settings) -> int:
    return _single(settings, web_app=False, pieces=[_worker_piece], what="worker")


def scheduler(settings: Settings) -> int:
    return _single(settings, web_app=False, pieces=[_scheduler_piece], what="scheduler")


async def _seed(services: Services, *, quiet: bool = False) -> bool:
    """Load the demo hospital when the database is empty."""
    from handlers.demo import seed_demo

    seeded = await seed_demo(services)
    if not quiet or seeded:
        print("demo data loaded" if seeded else "database not empty: demo data not loaded")
    return seeded


async def _seed_once(settings: Settings) -> bool:
    services = await connect(settings)
    try:
        return await _seed(services)
    finally:
        await services.storage.close()


def seed_demo(settings: Settings) -> int:
    settings, stack = prepare(settings)
    try:
        asyncio.run(_seed_once(settings))
    finally:
        if stack:
            stack.stop()
    return 0


def menu_push(settings: Settings) -> int:
    """Upload the menu. Only Redis (the token cache) is needed; without REDIS_URL a
    throwaway redis-server is used so a running `hospital-bot run` is left alone."""
    import tempfile

    from push.menu import push_menu

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


def staff_add(settings: Settings, username: str, name: str, role: str) -> int:
    from bot.console_accounts import add_staff

    settings, stack = prepare(settings)
    try:
        return asyncio.run(add_staff(settings, username, name, role))
    finally:
        if stack:
            stack.stop()

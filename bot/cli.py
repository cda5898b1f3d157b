"""`hospital-bot` command line: run, serve, worker, scheduler, triage, nlu, seed-demo, menu,
staff, pay."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from bot.config import ConfigError, Settings, load_settings
from bot.localstack import DataDirInUse
from bot.prefork import PortInUse, shared_metrics


def _settings(args: argparse.Namespace) -> Settings:
    """config.yml + environment, then the command's own defaults and flags: `run` is
    the local demo (sandbox on unless a real WECHAT_SECRET is set) and `menu push` and
    `pay` talk to its sandboxes then; `serve` never mounts them unless told to."""
    return load_settings(
        args.config,
        sandbox_default=args.command in ("run", "menu", "pay"),
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
    )


def _add_listen_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (overrides HOST and config.yml)")
    parser.add_argument(
        "--port", type=int, help="port to listen on (overrides PORT and config.yml)"
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hospital-bot", description=__doc__)
    p.add_argument(
        "--config", help="path to config.yml (default: HOSPITAL_BOT_CONFIG or ./config.yml)"
    )
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run", help="the whole local stack: databases, web, worker, scheduler, sandbox"
    )
    _add_listen_flags(run)
    serve = sub.add_parser("serve", help="the web app only (production)")
    _add_listen_flags(serve)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="pre-forked processes sharing the port (one per core; default 1)",
    )
    sub.add_parser(
        "worker", help="a job worker: deliveries, broadcasts, the outbox relay, timed jobs"
    )
    sub.add_parser("scheduler", help="timed jobs only (holds, waitlist, reconcilers ...)")
    t = sub.add_parser("triage", help="NLU + triage of TEXT as JSON")
    t.add_argument("text", nargs="?")
    t.add_argument(
        "--jsonl",
        action="store_true",
        help='read {"text": ..., "history"?: [...]} or {"turns": [...]} lines on stdin',
    )
    nlu = sub.add_parser("nlu", help="train or evaluate the NLU model")
    nsub = nlu.add_subparsers(dest="nlu_command", required=True)
    tr = nsub.add_parser("train")
    tr.add_argument("--out", help="artifact path (default: the shipped model file)")
    ev = nsub.add_parser("eval")
    ev.add_argument("file")
    ev.add_argument("--misses", type=int, default=30, help="how many misses to print")
    sub.add_parser("seed-demo", help="load demo hospital data when the database is empty")
    menu = sub.add_parser("menu", help="custom menu")
    msub = menu.add_subparsers(dest="menu_command", required=True)
    msub.add_parser("push", help="validate and upload config.yml's menu to the WeChat API")
    staff = sub.add_parser("staff", help="staff console accounts")
    ssub = staff.add_subparsers(dest="staff_command", required=True)
    sa = ssub.add_parser("add")
    sa.add_argument("username")
    sa.add_argument("--name", default="")
    sa.add_argument("--role", default="nurse", choices=["nurse", "admin"])
    pay = sub.add_parser("pay", help="WeChat Pay: reconciliation, incidents for staff")
    psub = pay.add_subparsers(dest="pay_command", required=True)
    rec = psub.add_parser(
        "reconcile", help="compare a day's WeChat Pay trade bill with our records (对账)"
    )
    rec.add_argument("--date", required=True, type=_day, help="the day, YYYY-MM-DD (Beijing)")
    psub.add_parser("incidents", help="list the payment problems waiting for staff")
    return p


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return dispatch(args)
    except ConfigError as exc:
        for line in str(exc).splitlines():
            print(f"configuration error: {line}", file=sys.stderr)
        return 2
    except (DataDirInUse, PortInUse) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `hospital-bot nlu eval ... | head`
        sys.stderr.close()
        return 0


def dispatch(args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd == "triage":
        from intents.cli import triage_main

        return triage_main(args.text, args.jsonl, sys.stdin, sys.stdout)
    if cmd == "nlu":
        from intents import cli as nlu_cli

        if args.nlu_command == "train":
            return nlu_cli.train_main(args.out)
        return nlu_cli.eval_main(args.file, sys.stdout, limit=args.misses)

    if cmd == "serve" and args.workers > 1:
        with shared_metrics():  # before prometheus_client is first imported
            return _dispatch_app(args)
    return _dispatch_app(args)


def _dispatch_app(args: argparse.Namespace) -> int:
    from bot import runner

    cmd = args.command
    settings = _settings(args)
    if cmd == "run":
        return runner.run_all(settings)
    if cmd == "serve":
        if args.workers < 1:
            raise ConfigError("--workers: must be 1 or more. Fix: e.g. --workers 2.")
        return runner.serve(settings, workers=args.workers)
    if cmd == "worker":
        return runner.worker(settings)
    if cmd == "scheduler":
        return runner.scheduler(settings)
    if cmd == "seed-demo":
        return runner.seed_demo(settings)
    if cmd == "menu":
        return runner.menu_push(settings)
    if cmd == "staff":
        return runner.staff_add(settings, args.username, args.name, args.role)
    if cmd == "pay":
        if args.pay_command == "reconcile":
            return runner.pay_reconcile(settings, args.date)
        return runner.pay_incidents(settings)
    raise AssertionError(cmd)


if __name__ == "__main__":
    raise SystemExit(main())

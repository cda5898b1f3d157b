"""The composition root: every service of a process, built eagerly and typed, once.

    storage → texts, keys → push (job queue, outbox, channels, broadcasts with their
    audiences) → HIS adapter (booking.his) → rules → patients, booking (with its
    waitlist and outbox notices), check-in tokens → payments (the WeChat Pay merchant,
    when configured) → NLU (+ Rasa when RASA_URL is set) → dispatcher (every router,
    services injected by name) → jobs

`serve`, `worker`, `scheduler`, `run` and the tests all call `build_services`, so every
config section is validated before the first message. A new capability registers here:
its services in `build_services`, its chat router in `ROUTERS`, its jobs (timed or
on demand, `push.jobs.Job`) in `jobs`, its broadcast audiences in `audiences`, its H5
pages in `H5_PAGES` (other HTTP surfaces: `bot/app.py`).
"""

from __future__ import annotations

from aiohttp import web

from bot import consent_events
from bot.clock import Clock
from bot.config import ConfigError, Settings
from bot.dialogue.dispatcher import Dispatcher
from bot.dialogue.router import Router
from bot.dialogue.state import ConversationStore
from bot.h5 import booking as h5_booking
from bot.h5 import oauth as h5_oauth
from bot.h5 import patients as h5_patients
from bot.h5 import pay as h5_pay
from bot.h5.session import Signer
from bot.nlu import NLU, clarify_max_turns
from bot.observability import record_repair
from bot.pii import ensure_secret_key, keyring_for
from bot.rasa_client import RasaClient
from bot.render import Texts
from bot.services import Services
from bot.storage import Storage
from bot.wechatpay import parse_wechatpay
from handlers import guide, info, triage
from handlers.booking import chat as booking_chat
from handlers.booking import chat_appointments
from handlers.booking import jobs as booking_jobs
from handlers.booking.audience import AppointmentAudience
from handlers.booking.checkin import CheckinTokens
from handlers.booking.notices import BookingNotices
from handlers.booking.repo import AppointmentRepo, RefundRepo, StandingRepo
from handlers.booking.rules import parse_rules
from handlers.booking.service import BookingService
from handlers.booking.waitlist import WaitlistRepo
from handlers.his.adapter import HISDeps, load_adapter
from handlers.patients import chat as patients_chat
from handlers.patients.repo import DailyQuotaRepo, PatientRepo
from handlers.patients.rules import PatientRules
from handlers.patients.service import PatientService
from handlers.payments import chat as payments_chat
from handlers.payments import jobs as payments_jobs
from handlers.payments.gateway import PayGateway
from handlers.payments.reconcile import Reconciler
from handlers.payments.rules import parse_rules as parse_payment_rules
from handlers.payments.service import PaymentService
from push.broadcast import Audience
from push.consent import SubscribeConsent
from push.jobs import Job, check
from push.outbox import OutboxRepo
from push.worker import PushService

# Chat routers in priority order (an event or command is routed by the first match).
ROUTERS: list[Router] = [
    consent_events.router,
    info.router,
    triage.router,
    guide.router,
    patients_chat.router,
    booking_chat.router,
    chat_appointments.router,
    payments_chat.router,
]
# Patient pages under /h5/ (each module's `routes`).
H5_PAGES: list[web.RouteTableDef] = [
    h5_oauth.routes,
    h5_patients.routes,
    h5_booking.routes,
    h5_pay.routes,
]


def rasa_client(settings: Settings) -> RasaClient | None:
    """The external Rasa server of `nlu.rasa_url` / RASA_URL, when one is set."""
    section = settings.section("nlu")
    url = str(section.get("rasa_url") or "")
    if not url:
        return None
    if not url.startswith(("http://", "https://")):
        raise ConfigError(
            f"nlu.rasa_url: {url!r} is not an http(s) URL. Fix: e.g. http://rasa:5005, "
            "or leave RASA_URL empty to use the built-in model only."
        )
    try:
        timeout = float(section.get("rasa_timeout_seconds") or 0.8)
    except (TypeError, ValueError) as exc:
        raise ConfigError("nlu.rasa_timeout_seconds: must be a number. Fix: e.g. 0.8.") from exc
    return RasaClient(url, token=str(section.get("rasa_token") or ""), timeout=timeout)


def jobs(services: Services) -> list[Job]:
    """Every job, by name: push's deliveries and broadcasts (on demand), and each
    capability's timed jobs (`hospital-bot worker` runs all; `scheduler` the timed)."""
    return [
        *services.push.jobs(),
        *booking_jobs.jobs(services.booking, services.his, services.clock, record_repair),
        *payments_jobs.jobs(services.payments, services.reconciler),
    ]


def audiences(storage: Storage) -> dict[str, Audience]:
    """Broadcast audiences by kind (push's own `list` is added by PushService)."""
    return {"appointments": AppointmentAudience(storage.repo(AppointmentRepo))}


def build_services(
    settings: Settings,
    storage: Storage,
    *,
    clock: Clock | None = None,
    dispatcher: Dispatcher | None = None,
    routers: list[Router] | None = None,
    nlu: NLU | None = None,
) -> Services:
    """Build every service of this process. ConfigError names the field and the fix."""
    settings = ensure_secret_key(settings)
    clock = clock or Clock(settings.tz)
    base_url = settings.public_base_url or f"http://{settings.host}:{settings.port}"
    texts = Texts(settings.templates, settings.hospital, base_url, settings.tz)
    texts.check()
    keyring = keyring_for(settings)
    booking_rules = parse_rules(settings.section("booking"), settings.tz)
    patient_rules = PatientRules.from_settings(settings)
    appointments = storage.repo(AppointmentRepo)
    his = load_adapter(
        str(settings.section("booking").get("his") or ""),
        HISDeps(settings, storage, clock, booking_rules, appointments),
    )
    patients = PatientService(
        storage.repo(PatientRepo),
        storage.repo(DailyQuotaRepo),
        keyring,
        clock,
        patient_rules,
        his,
        appointments.active_of_patient,
    )
    push = PushService(settings, storage, clock, audiences=audiences(storage))
    dept_names = {d.code: d.name for d in settings.departments}
    booking = BookingService(
        settings=settings,
        clock=clock,
        rules=booking_rules,
        his=his,
        patients=patients,
        appointments=appointments,
        standing_repo=storage.repo(StandingRepo),
        refunds=storage.repo(RefundRepo),
        waitlist=storage.repo(WaitlistRepo),
        notices=BookingNotices(
            storage.repo(OutboxRepo), texts, clock, lambda code: dept_names.get(code, code)
        ),
        transact=storage.transaction,
    )
    checkin = CheckinTokens(
        settings.secret_key, clock, booking_rules.checkin_token_minutes, appointments
    )
    merchant = parse_wechatpay(settings)  # None: no merchant, payments off
    payments = PaymentService(
        storage=storage,
        clock=clock,
        rules=parse_payment_rules(
            settings.section("payments"), settings.tz, sandbox=settings.use_sandbox
        ),
        texts=texts,
        his=his,
        booking=booking,
        patients=patients,
        gateway=PayGateway(merchant, clock) if merchant else None,
        short_name=str(settings.hospital.get("short_name") or ""),
    )
    nlu = nlu or NLU(rasa_client(settings))
    conversations = ConversationStore(
        storage.redis,
        storage.batches,
        settings.limits.state_ttl_seconds,
        settings.limits.conversation_lock_seconds,
    )
    injected = {
        "booking": booking,
        "patients": patients,
        "his": his,
        "checkin": checkin,
        "payments": payments,
        "nlu": nlu,
        "feedback": storage.repo(guide.FeedbackRepo),
        "consent": storage.repo(SubscribeConsent),
        "red_flags": storage.repo(triage.RedFlagEventRepo),
        "clarify_max_turns": clarify_max_turns(settings),
    }
    dispatcher = dispatcher or Dispatcher(
        ROUTERS if routers is None else routers,
        injected,
        conversations=conversations,
        nlu=nlu,
        settings=settings,
        clock=clock,
        texts=texts,
    )
    services = Services(
        settings=settings,
        storage=storage,
        clock=clock,
        base_url=base_url,
        texts=texts,
        conversations=conversations,
        outbox=push.outbox,
        push=push,
        nlu=nlu,
        his=his,
        booking_rules=booking_rules,
        patient_rules=patient_rules,
        patients=patients,
        booking=booking,
        checkin=checkin,
        payments=payments,
        reconciler=Reconciler(payments, clock, texts),
        dispatcher=dispatcher,
        jobs=[],
        signer=Signer(settings.secret_key),
    )
    services.jobs = jobs(services)
    check(services.jobs)
    return services

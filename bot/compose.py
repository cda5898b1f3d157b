"""The composition root: every service of a process, built eagerly and typed, once.

    storage → texts, keys → HIS adapter (booking.his) → rules → patients → push (job
    queue, outbox, channels, broadcasts with their audiences) → booking (with its
    waitlist and outbox notices), reminders, check-in tokens (owing where to wait) →
    payments (the WeChat Pay merchant, when configured) → NLU (+ Rasa when RASA_URL is
    set) → dispatcher (every router, services injected by name) → staff console
    services → jobs

`serve`, `worker`, `scheduler`, `run` and the tests all call `build_services`, so every
config section is validated before the first message. A new capability registers here:
its services in `build_services`, its chat router in `ROUTERS`, its jobs (timed or
on demand, `push.jobs.Job`) in `jobs`, its broadcast audiences in `audiences`, its H5
pages in `H5_PAGES`, its staff pages in `CONSOLE_PAGES` (other HTTP surfaces:
`bot/app.py`).
"""

from __future__ import annotations

from aiohttp import web
from pymongo.asynchronous.client_session import AsyncClientSession

from bot import consent_events
from bot.clock import Clock
from bot.config import ConfigError, Settings
from bot.console import audit_log as console_audit
from bot.console import broadcasts as console_broadcasts
from bot.console import dashboard as console_dashboard
from bot.console import deliveries as console_deliveries
from bot.console import login as console_login
from bot.console import reviews as console_reviews
from bot.dialogue.dispatcher import Dispatcher
from bot.dialogue.router import Router
from bot.dialogue.state import ConversationStore, Membership
from bot.h5 import booking as h5_booking
from bot.h5 import oauth as h5_oauth
from bot.h5 import patients as h5_patients
from bot.h5 import pay as h5_pay
from bot.h5 import reminders as h5_reminders
from bot.h5 import survey as h5_survey
from bot.h5.session import Signer
from bot.nlu import NLU, clarify_max_turns
from bot.observability import record_repair
from bot.pii import ensure_secret_key, keyring_for
from bot.rasa_client import RasaClient
from bot.render import Texts
from bot.services import Services
from bot.storage import Storage
from bot.traffic import Traffic
from bot.wechatpay import parse_wechatpay
from handlers import guide, info, reminders, triage
from handlers.booking import chat as booking_chat
from handlers.booking import chat_appointments
from handlers.booking import jobs as booking_jobs
from handlers.booking.audience import AppointmentAudience
from handlers.booking.checkin import CheckinTokens
from handlers.booking.models import Appointment
from handlers.booking.notices import BookingNotices
from handlers.booking.repo import AppointmentRepo, RefundRepo, StandingRepo
from handlers.booking.rules import parse_rules
from handlers.booking.service import BookingService
from handlers.booking.waitlist import WaitlistRepo
from handlers.his.adapter import HIS, HISDeps, load_adapter
from handlers.patients import chat as patients_chat
from handlers.patients.audience import WardAudience
from handlers.patients.repo import DailyQuotaRepo, PatientRepo
from handlers.patients.rules import PatientRules
from handlers.patients.service import ACCOUNT_FACT, PatientService
from handlers.payments import chat as payments_chat
from handlers.payments import jobs as payments_jobs
from handlers.payments.gateway import PayGateway
from handlers.payments.reconcile import Reconciler
from handlers.payments.repo import IncidentRepo
from handlers.payments.rules import parse_rules as parse_payment_rules
from handlers.payments.service import PaymentService
from handlers.staff.audit import AuditRepo
from handlers.staff.broadcasts import BroadcastDesk, BroadcastRequests
from handlers.staff.dashboard import Dashboard
from handlers.staff.deliveries import DeliveryDesk
from handlers.staff.engine import JobSystem
from handlers.staff.reviews import Reviews
from handlers.staff.rules import parse_console
from handlers.staff.service import StaffServices
from intents import redflags
from push.broadcast import Audience
from push.consent import SubscribeConsent
from push.followers import Followers
from push.jobs import Job, check
from push.outbox import OutboxRepo
from push.preferences import NoticePrefs
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
    reminders.router,
]
# Staff console pages under /console/ (each module's `routes`; all behind the login).
CONSOLE_PAGES: list[web.RouteTableDef] = [
    console_login.routes,
    console_dashboard.routes,
    console_broadcasts.routes,
    console_deliveries.routes,
    console_reviews.routes,
    console_audit.routes,
]
# Patient pages under /h5/ (each module's `routes`).
H5_PAGES: list[web.RouteTableDef] = [
    h5_oauth.routes,
    h5_patients.routes,
    h5_booking.routes,
    h5_pay.routes,
    h5_survey.routes,
    h5_reminders.routes,
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
        *reminders.jobs(services.reminders),
    ]


def audiences(storage: Storage, his: HIS) -> dict[str, Audience]:
    """Broadcast audiences by kind (push's own `list` is added by PushService)."""
    return {
        "followers": Followers(storage.redis),
        "appointments": AppointmentAudience(storage.repo(AppointmentRepo)),
        "ward": WardAudience(his, storage.repo(PatientRepo)),
    }


def staff_services(
    settings: Settings,
    storage: Storage,
    clock: Clock,
    texts: Texts,
    his: HIS,
    push: PushService,
) -> StaffServices:
    """The staff console's services (`console:` in config.yml validated here)."""
    rules = parse_console(settings.section("console"))
    red_flags = storage.repo(triage.RedFlagEventRepo)
    appointments = storage.repo(AppointmentRepo)
    requests = storage.repo(BroadcastRequests)
    engine = JobSystem(push, clock)
    broadcasts = BroadcastDesk(
        requests,
        engine,
        storage.repo(PatientRepo),
        appointments,
        his,
        texts,
        rules,
        clock,
        {d.code: d.name for d in settings.departments},
    )
    return StaffServices(
        rules=rules,
        audit=storage.repo(AuditRepo),
        reviews=Reviews(
            red_flags,
            storage.repo(IncidentRepo),
            storage.repo(PatientRepo),
            clock,
            {c.id: c.name for c in redflags.compiled().categories},
        ),
        dashboard=Dashboard(
            Traffic(storage.redis, clock),
            appointments,
            red_flags,
            push.deliveries.outcomes,
            clock,
        ),
        broadcasts=broadcasts,
        deliveries=DeliveryDesk(engine, storage.repo(PatientRepo), broadcasts, requests, clock),
    )


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
    patient_repo = storage.repo(PatientRepo)
    # An appointment may outlive its patient's document: its account stays listed.
    patient_repo.accounts.sources = [appointments.active_accounts]
    patients = PatientService(
        patient_repo,
        storage.repo(DailyQuotaRepo),
        keyring,
        clock,
        patient_rules,
        his,
        appointments.active_of_patient,
    )
    push = PushService(settings, storage, clock, texts, audiences=audiences(storage, his))
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
    visit = reminders.Reminders(
        reminders.parse_rules(settings.section("reminders")),
        appointments,
        storage.repo(OutboxRepo),
        his,
        texts,
        clock,
        lambda code: dept_names.get(code, code),
        lambda code: d.floor if (d := settings.department(code)) else "",
    )

    async def room_notice(appt: Appointment, session: AsyncClientSession) -> None:
        await visit.add(visit.checked_in(appt), session)

    checkin = CheckinTokens(
        settings.secret_key,
        clock,
        booking_rules.checkin_token_minutes,
        appointments,
        transact=storage.transaction,
        on_check_in=room_notice,
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
        window_opened=push.channels.opened,
    )
    nlu = nlu or NLU(rasa_client(settings))
    conversations = ConversationStore(
        storage.redis,
        storage.batches,
        settings.limits.state_ttl_seconds,
        settings.limits.conversation_lock_seconds,
        # Accounts that may have patients, read with each conversation (AccountIndex).
        [Membership(ACCOUNT_FACT, patient_repo.accounts.members, patient_repo.accounts.complete)],
    )
    injected = {
        "booking": booking,
        "patients": patients,
        "his": his,
        "checkin": checkin,
        "payments": payments,
        "nlu": nlu,
        "feedback": storage.repo(guide.FeedbackRepo),
        "red_flags": storage.repo(triage.RedFlagEventRepo),
        "notice_prefs": storage.repo(NoticePrefs),
        "consent": storage.repo(SubscribeConsent),
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
        reminders=visit,
        dispatcher=dispatcher,
        jobs=[],
        signer=Signer(settings.secret_key),
        staff=staff_services(settings, storage, clock, texts, his, push),
    )
    services.jobs = jobs(services)
    check(services.jobs)
    return services

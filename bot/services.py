"""The services of one process, typed: what `bot.compose.build_services` built at start-up.

Web handlers reach them through `request.app[SERVICES]`; chat handlers never see this
object: the dispatcher injects the one service each handler names (`booking`, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.config import Settings
    from bot.dialogue.dispatcher import Dispatcher
    from bot.dialogue.state import ConversationStore
    from bot.h5.session import Signer
    from bot.nlu import NLU
    from bot.render import Texts
    from bot.storage import Storage
    from handlers.booking.checkin import CheckinTokens
    from handlers.booking.rules import BookingRules
    from handlers.booking.service import BookingService
    from handlers.his.adapter import HIS
    from handlers.patients.rules import PatientRules
    from handlers.patients.service import PatientService
    from handlers.payments.reconcile import Reconciler
    from handlers.payments.service import PaymentService
    from handlers.reminders import Reminders
    from handlers.staff.service import StaffServices
    from push.client import WeChatClient
    from push.jobs import Job
    from push.outbox import Outbox
    from push.worker import PushService


@dataclass
class Services:
    settings: Settings
    storage: Storage
    clock: Clock
    base_url: str
    texts: Texts
    conversations: ConversationStore
    outbox: Outbox  # direct pushes (deferred chat replies) through the job queue
    push: PushService  # the job queue, outbox relay, channel choice, broadcasts
    nlu: NLU
    his: HIS
    booking_rules: BookingRules
    patient_rules: PatientRules
    patients: PatientService
    booking: BookingService
    checkin: CheckinTokens
    payments: PaymentService
    reconciler: Reconciler
    reminders: Reminders  # the visit's reminders and the hooks that owe them
    dispatcher: Dispatcher
    jobs: list[Job]
    signer: Signer  # H5 sessions, CSRF and OAuth state (and the console's CSRF)
    staff: StaffServices  # the staff console's work (bot/console is its channel)
    # The WeChat API client for OAuth code exchanges; None: one per exchange (tests set
    # a sandbox client here).
    wechat_client: WeChatClient | None = None

    async def close(self) -> None:
        """Release what this process holds: the WeChat Pay session, the databases."""
        if self.payments.gateway is not None:
            await self.payments.gateway.close()
        await self.patients.repo.accounts.close()
        await self.storage.close()


SERVICES: web.AppKey[Services] = web.AppKey("services", Services)

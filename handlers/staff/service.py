"""Everything the console asks of the staff capability, built once by the composition
root (`services.staff`)."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.staff.audit import AuditRepo
from handlers.staff.broadcasts import BroadcastDesk
from handlers.staff.dashboard import Dashboard
from handlers.staff.deliveries import DeliveryDesk
from handlers.staff.reviews import Reviews
from handlers.staff.rules import ConsoleRules


@dataclass(frozen=True)
class StaffServices:
    rules: ConsoleRules
    audit: AuditRepo
    reviews: Reviews
    dashboard: Dashboard
    broadcasts: BroadcastDesk
    deliveries: DeliveryDesk

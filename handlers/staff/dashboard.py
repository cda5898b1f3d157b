"""The dashboard's numbers, read cheaply: the per-hour traffic counters in Redis
(`bot.traffic`: messages, intents, triage departments), two index-backed aggregations
over `appointments` (bookings and cancellations per day), and the delivery outcomes
per channel (`push_deliveries`, by its status/updated_at index)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.traffic import Traffic
from handlers.booking.repo import AppointmentRepo
from handlers.triage import RedFlagEventRepo

# Delivery outcomes since a moment, per channel: {"template": {"sent": 9, "failed": 1}}
# (`PushDeliveries.outcomes`).
DeliveryOutcomes = Callable[[datetime], Awaitable[dict[str, dict[str, int]]]]
HOURS = 24
TREND_DAYS = 14
TOP = 10


@dataclass(frozen=True)
class Snapshot:
    hourly: list[tuple[datetime, int, int]]  # hour start, messages, events (last 24 h)
    intents: list[tuple[str, int]]  # top intents over the last 7 days
    departments: list[tuple[str, int]]  # triage's first department, last 7 days
    daily: list[tuple[str, int, int]]  # day, bookings, cancellations (last 14 days)
    channels: list[tuple[str, dict[str, int]]]  # channel → {sent, failed, unreachable ...}
    messages_today: int
    pending_red_flags: int


class Dashboard:
    def __init__(
        self,
        traffic: Traffic,
        appointments: AppointmentRepo,
        red_flags: RedFlagEventRepo,
        delivery_outcomes: DeliveryOutcomes,
        clock: Clock,
    ) -> None:
        self.traffic, self.appointments, self.red_flags = traffic, appointments, red_flags
        self.delivery_outcomes, self.clock = delivery_outcomes, clock

    async def snapshot(self) -> Snapshot:
        week = await self.traffic.hours(7 * 24)
        hourly = [(start, c.get("msg", 0), c.get("event", 0)) for start, c in week[-HOURS:]]
        totals: Counter[str] = Counter()
        for _, counts in week:
            totals.update(counts)
        today = self.clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
        first = today - timedelta(days=TREND_DAYS - 1)
        per_day = await self.appointments.per_day(first, str(self.clock.tz))
        days = [(first + timedelta(days=i)).date().isoformat() for i in range(TREND_DAYS)]
        daily = [
            (d, per_day.get(d, {}).get("booked", 0), per_day.get(d, {}).get("cancelled", 0))
            for d in days
        ]
        since = self.clock.now() - timedelta(days=7)
        return Snapshot(
            hourly=hourly,
            intents=_top(totals, "intent:"),
            departments=_top(totals, "dept:"),
            daily=daily,
            channels=sorted((await self.delivery_outcomes(since)).items()),
            messages_today=sum(c.get("msg", 0) for start, c in week if start >= today),
            pending_red_flags=await self.red_flags.pending(),
        )


def _top(totals: Counter[str], prefix: str) -> list[tuple[str, int]]:
    found = Counter({k[len(prefix) :]: v for k, v in totals.items() if k.startswith(prefix)})
    return [(name, n) for name, n in found.most_common(TOP) if n > 0]

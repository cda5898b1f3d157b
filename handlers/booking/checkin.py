"""Check-in QR codes: `appointment_id.expiry.hmac` (HMAC-SHA256, key derived from
SECRET_KEY). The H5 page shows the token as a QR code; the clinic's scanner checks it
without a database lookup for the signature, then checks the appointment in."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession

from bot.clock import Clock
from handlers.booking.models import Appointment
from handlers.booking.repo import AppointmentRepo
from handlers.his.models import HISError

Transact = Callable[[Callable[[AsyncClientSession], Awaitable[Any]]], Awaitable[Any]]
# What a check-in owes the patient (where to wait), written in the check-in's transaction.
OnCheckIn = Callable[[Appointment, AsyncClientSession], Awaitable[Any]]


class CheckinTokens:
    def __init__(
        self,
        secret: str,
        clock: Clock,
        minutes: int,
        appointments: AppointmentRepo,
        *,
        transact: Transact | None = None,
        on_check_in: OnCheckIn | None = None,
    ):
        self.key = hashlib.sha256(b"checkin:v1\x00" + secret.encode()).digest()
        self.clock = clock
        self.minutes = minutes
        self.appointments = appointments
        self.transact = transact
        self.on_check_in = on_check_in

    def _mac(self, body: str) -> str:
        return hmac.new(self.key, body.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self, appointment_id: str) -> str:
        exp = int(self.clock.timestamp()) + self.minutes * 60
        body = f"{appointment_id}.{exp}"
        return f"{body}.{self._mac(body)}"

    def verify(self, token: str) -> str | None:
        """The appointment id of a valid, unexpired token; None otherwise."""
        try:
            appointment_id, exp, mac = token.rsplit(".", 2)
            expires = int(exp)
        except ValueError:
            return None
        if not hmac.compare_digest(mac, self._mac(f"{appointment_id}.{exp}")):
            return None
        return appointment_id if self.clock.timestamp() <= expires else None

    async def check_in(self, token: str) -> Appointment:
        """Staff scanner: a valid token of a booked appointment for today checks it in.
        HISError("bad_token") for a forged, tampered or expired token (nothing is
        looked up), HISError("not_checkable") for a real one that cannot check in."""
        appointment_id = self.verify(token)
        if appointment_id is None:
            raise HISError("bad_token")
        now = self.clock.now()
        if self.transact is None or self.on_check_in is None:
            done = await self.appointments.check_in(appointment_id, now.date(), now)
        else:
            notify = self.on_check_in

            async def check_in(session: AsyncClientSession) -> Appointment | None:
                done = await self.appointments.check_in(appointment_id, now.date(), now, session)
                if done is not None:
                    await notify(done, session)
                return done

            done = await self.transact(check_in)
        if done is None:
            raise HISError("not_checkable")
        return done

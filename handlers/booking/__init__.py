"""Booking: models, rules, repo, service, waitlist, check-in, jobs, chat (one module each)."""

from handlers.booking.models import Appointment, PatientRef, Status
from handlers.booking.service import BookingService

__all__ = ["Appointment", "BookingService", "PatientRef", "Status"]

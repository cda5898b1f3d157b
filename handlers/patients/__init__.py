"""Real-name patients (就诊人): models, rules, repo, service, chat (one module each)."""

from handlers.patients.models import Patient, PatientError, PatientForm
from handlers.patients.rules import RELATIONS, PatientRules
from handlers.patients.service import PatientService

__all__ = ["RELATIONS", "Patient", "PatientError", "PatientForm", "PatientRules", "PatientService"]

"""The patients capability's data: a decrypted `Patient`, what a form sends, refusals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.render import mask_id, mask_phone
from handlers.patients import idcard


class PatientError(ValueError):
    """A refusal the user can act on; `code` names a message in patients/error.j2."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Patient:
    """A decrypted patient. Numbers are kept out of repr so a stray log line leaks nothing."""

    id: str
    openid: str
    name: str
    id_kind: str
    id_number: str = field(repr=False)
    phone: str = field(repr=False)
    relation: str = "本人"
    sex: str | None = None
    birth_date: date | None = None
    is_default: bool = False
    card_no: str = ""
    guardian_name: str = ""
    guardian_id_number: str = field(default="", repr=False)
    created_at: datetime | None = None
    # The document cannot be verified (patients.unverified_ids_need_card): a hospital
    # card, whose holder the HIS has identified, is needed even to book.
    needs_card_to_book: bool = False

    @property
    def can_book(self) -> bool:
        """A verified document, or a card the HIS confirmed, is enough to book."""
        return not self.needs_card_to_book or bool(self.card_no)

    @property
    def can_use_online_services(self) -> bool:
        """Payments, reports, queue ... need a hospital card verified by the HIS."""
        return bool(self.card_no)

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def id_kind_label(self) -> str:
        return idcard.KINDS.get(self.id_kind, self.id_kind)

    def age_on(self, today: date) -> int | None:
        return idcard.age_on(self.birth_date, today) if self.birth_date else None


@dataclass
class PatientForm:
    """What the user entered (chat or H5), before validation."""

    name: str
    id_number: str = field(repr=False)
    phone: str = field(repr=False)
    relation: str
    id_kind: str = ""  # "" = detect from the number
    sex: str = ""  # optional; must agree with the number when given
    birth_date: str = ""  # needed when the document does not carry one
    guardian_name: str = ""
    guardian_id_number: str = field(default="", repr=False)
    guardian_id_kind: str = ""

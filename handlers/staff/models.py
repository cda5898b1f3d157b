"""What the staff capability works with: a staff member, the audience a broadcast picks
and the part of the hospital it reaches (its scope)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

ROLES = ("nurse", "admin")
AUDIENCE_KINDS = ("followers", "appointments", "ward", "cards")


@dataclass(frozen=True)
class Staff:
    """A console account. A nurse works for her departments (codes) and wards; an admin
    for the whole hospital."""

    username: str
    name: str
    role: str
    departments: tuple[str, ...] = ()
    wards: tuple[str, ...] = ()

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Staff:
        return cls(
            username=str(doc["username"]),
            name=str(doc.get("name") or doc["username"]),
            role=str(doc.get("role") or "nurse"),
            departments=tuple(str(d) for d in doc.get("departments") or ()),
            wards=tuple(str(w) for w in doc.get("wards") or ()),
        )


@dataclass(frozen=True)
class Scope:
    """The part of the hospital a broadcast reaches: everyone, or some departments and
    wards. A nurse may act on a broadcast only inside her own."""

    everyone: bool = False
    departments: frozenset[str] = frozenset()
    wards: frozenset[str] = frozenset()

    def to_doc(self) -> dict[str, Any]:
        return {
            "everyone": self.everyone,
            "departments": sorted(self.departments),
            "wards": sorted(self.wards),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Scope:
        return cls(
            everyone=bool(doc.get("everyone")),
            departments=frozenset(doc.get("departments") or ()),
            wards=frozenset(doc.get("wards") or ()),
        )


@dataclass(frozen=True)
class AudienceChoice:
    """What the compose form picked (validated by `rules.parse_audience`)."""

    kind: str  # one of AUDIENCE_KINDS
    department: str = ""
    doctor_id: str = ""
    day_from: date | None = None
    day_to: date | None = None
    ward: str = ""
    cards: tuple[str, ...] = ()

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"kind": self.kind}
        for key in ("department", "doctor_id", "ward"):
            if getattr(self, key):
                doc[key] = getattr(self, key)
        for key in ("day_from", "day_to"):
            value = getattr(self, key)
            if value is not None:
                doc[key] = value.isoformat()
        if self.cards:
            doc["cards"] = len(self.cards)
        return doc


@dataclass(frozen=True)
class CardReport:
    """An uploaded card list, resolved: who will get the message and why others won't."""

    found: int = 0  # cards bound to a WeChat account we can reach
    openids: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()  # not card numbers at all
    unknown: tuple[str, ...] = ()  # no patient has bound this card
    outside: tuple[str, ...] = ()  # a patient, but not in the nurse's departments or wards
    duplicates: int = 0


class StaffError(ValueError):
    """A refusal the console shows; `code` names a message in console/_errors.html."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details

"""Real-name patients (就诊人): the service (chat: `chat.py`, H5: `bot/h5/patients.py`).

One WeChat user (openid) manages up to `patients.max_per_account` patients. ID and
phone numbers are encrypted at rest (`bot.pii`); a keyed hash makes "one patient per
document per account" a unique index. Minors need a guardian. A hospital card
(就诊卡) verified through the HIS unlocks every online service; without one a patient
can only book, and a patient whose document cannot be verified (travel permits, the
15-character foreign card: `idcard.checksum_verified`) cannot even book.

Against hoarding places with throw-away patients: an account adds at most
`patients.max_additions_per_day` patients a day (counted durably; removing one does not
give the addition back), a patient with active appointments cannot be removed, and card
binding allows `patients.card_attempts_per_day` HIS lookups a day with one answer for
"no such card" and "not this person" (no oracle). A card binds to one account unless
the HIS allows family sharing (`HIS.shares_cards`), enforced by a unique index.

Other capabilities get the one `PatientService` from the composition root (a handler
names it as a parameter, `patients: PatientService`):

    patient = await patients.default(openid)        # or patients.get(openid, patient_id)
    patient.can_use_online_services                 # bound card?

An account with no patient (and no active appointment) is known as such from the
conversation's facts, read in the same Redis round trip as its lock (`none_known`,
`repo.AccountIndex`): chat answers it without a MongoDB query.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.pii import Keyring
from handlers.his.adapter import HIS
from handlers.patients import idcard
from handlers.patients.models import Patient, PatientError, PatientForm
from handlers.patients.repo import DailyQuotaRepo, PatientRepo
from handlers.patients.rules import _CARD, PatientRules, validate_form

log = logging.getLogger(__name__)

ActiveAppointments = Callable[[str, str], Awaitable[int]]
Facts = MutableMapping[str, bool | None]  # `Conversation.facts`

# The name of the fact "this openid is in AccountIndex's set" in `Conversation.facts`.
ACCOUNT_FACT = "patients.accounts"


class PatientService:
    def __init__(
        self,
        repo: PatientRepo,
        quotas: DailyQuotaRepo,
        keyring: Keyring,
        clock: Clock,
        rules: PatientRules,
        his: HIS,
        active_appointments: ActiveAppointments,
    ) -> None:
        self.repo = repo
        self.quotas = quotas
        self.keyring = keyring
        self.clock = clock
        self.rules = rules
        self.his = his
        # How many active appointments a patient has (booking's; such a patient stays).
        self.active_appointments = active_appointments

    def today(self) -> date:
        return self.clock.now().date()

    # --- the accounts known to have none (repo.AccountIndex) --------------------------
    def none_known(self, facts: Facts) -> bool:
        """True when the account has no patient and no active appointment, as read with
        its conversation: answer without asking MongoDB. Unknown (the set is not
        complete: Redis was flushed, or its hour is up) is False, and starts a rebuild."""
        known = facts.get(ACCOUNT_FACT, True)
        if known is None:
            self.repo.accounts.ensure()
        return known is False

    def listed(self, facts: Facts) -> None:
        """The account has a patient now (added in this dispatch): facts read before are
        stale."""
        facts[ACCOUNT_FACT] = True

    def listing(self, openid: str) -> AbstractAsyncContextManager[None]:
        """Around a write that gives `openid` an active appointment (booking's)."""
        return self.repo.accounts.listing(openid)

    def _quota_key(self, what: str, openid: str) -> tuple[str, datetime]:
        """The counter of `what` for `openid` today, and when it may be forgotten."""
        return f"{what}:{openid}:{self.today().isoformat()}", self.clock.now() + timedelta(days=2)

    async def additions_left(self, openid: str) -> int:
        key, _ = self._quota_key("add", openid)
        return max(0, self.rules.max_additions_per_day - await self.quotas.used(key))

    def _patient(self, doc: dict[str, Any]) -> Patient:
        k = self.keyring
        guardian = doc.get("guardian") or {}
        birth = doc.get("birth_date")
        id_number = k.decrypt(doc["id_enc"], "patient.id")
        return Patient(
            id=str(doc["_id"]),
            openid=doc["openid"],
            name=doc["name"],
            id_kind=doc["id_kind"],
            id_number=id_number,
            phone=k.decrypt(doc["phone_enc"], "patient.phone"),
            relation=doc.get("relation", "本人"),
            sex=doc.get("sex"),
            birth_date=date.fromisoformat(birth) if birth else None,
            is_default=bool(doc.get("is_default")),
            card_no=doc.get("card_no", ""),
            guardian_name=guardian.get("name", ""),
            guardian_id_number=(
                k.decrypt(guardian["id_enc"], "guardian.id") if guardian.get("id_enc") else ""
            ),
            created_at=doc.get("created_at"),
            needs_card_to_book=self.rules.unverified_ids_need_card
            and not idcard.checksum_verified(doc["id_kind"], id_number),
        )

    def id_hash(self, patient: Patient) -> str:
        """The keyed hash of the patient's ID number under the current key."""
        return self.keyring.lookup_hash(patient.id_number)

    def from_doc(self, doc: dict[str, Any]) -> Patient:
        """A patient from a document read elsewhere (see `PatientRepo.match`)."""
        return self._patient(doc)

    async def list(self, openid: str) -> list[Patient]:
        """In the order they were added: the numbers shown in chat ("删除就诊人 2")."""
        return [self._patient(d) for d in await self.repo.docs(openid)]

    async def get(self, openid: str, patient_id: str) -> Patient | None:
        doc = await self.repo.doc(openid, patient_id)
        return self._patient(doc) if doc else None

    async def default(self, openid: str) -> Patient | None:
        patients = await self.list(openid)
        return next((p for p in patients if p.is_default), patients[0] if patients else None)

    async def by_number(self, openid: str, number: int) -> Patient | None:
        patients = await self.list(openid)
        return patients[number - 1] if 1 <= number <= len(patients) else None

    async def count(self, openid: str) -> int:
        return await self.repo.col.count_documents({"openid": openid})

    async def has_document(self, openid: str, number: str) -> bool:
        hashes = self.keyring.lookup_hashes(idcard.normalize(number))
        return bool(
            await self.repo.col.count_documents({"openid": openid, "id_hash": {"$in": hashes}})
        )

    async def add(self, openid: str, form: PatientForm) -> Patient:
        valid = validate_form(form, self.today(), self.rules)
        existing = await self.list(openid)
        if len(existing) >= self.rules.max_per_account:
            raise PatientError("limit", max=self.rules.max_per_account)
        if await self.has_document(openid, valid.doc.number):
            raise PatientError("duplicate")
        if valid.relation == "本人" and any(p.relation == "本人" for p in existing):
            raise PatientError("self_taken")
        k, now = self.keyring, self.clock.now()
        doc: dict[str, Any] = {
            "openid": openid,
            "name": valid.name,
            "id_kind": valid.doc.kind,
            "id_enc": k.encrypt(valid.doc.number, "patient.id"),
            "id_hash": k.lookup_hash(valid.doc.number),
            "phone_enc": k.encrypt(valid.phone, "patient.phone"),
            "phone_hash": k.lookup_hash(valid.phone, "phone"),
            "relation": valid.relation,
            "sex": valid.doc.sex,
            "birth_date": valid.doc.birth_date.isoformat() if valid.doc.birth_date else None,
            "card_no": "",
            "created_at": now,
            "key_id": k.current.kid,
        }
        if valid.guardian is not None:
            doc["guardian"] = {
                "name": valid.guardian_name,
                "id_kind": valid.guardian.kind,
                "id_enc": k.encrypt(valid.guardian.number, "guardian.id"),
                "id_hash": k.lookup_hash(valid.guardian.number),
            }
        quota, forget_at = self._quota_key("add", openid)
        if not await self.quotas.take(quota, self.rules.max_additions_per_day, forget_at):
            raise PatientError("additions_limit", max=self.rules.max_additions_per_day)
        try:
            saved = await self.repo.insert(doc, self.rules.max_per_account)
        except PatientError:
            await self.quotas.give_back(quota)  # nothing was added
            raise
        log.info(
            "patient.added",
            extra={
                "patient_id": str(saved["_id"]),
                "id_kind": valid.doc.kind,
                "minor": "guardian" in doc,
            },
        )
        return self._patient(saved)

    async def remove(self, openid: str, patient_id: str) -> Patient | None:
        """Remove a patient of `openid` (None: not theirs). PatientError('has_appointments')
        while the patient has active appointments: they must be cancelled first."""
        active = await self.active_appointments(openid, patient_id)
        if active:
            raise PatientError("has_appointments", count=active)
        removed = await self.repo.remove(openid, patient_id)
        if removed:
            log.info("patient.removed", extra={"patient_id": patient_id})
        return self._patient(removed) if removed else None

    async def set_default(self, openid: str, patient_id: str) -> Patient | None:
        if not await self.repo.make_default(openid, patient_id):
            return None
        return await self.get(openid, patient_id)

    async def bind_card(self, openid: str, patient_id: str, card_no: str) -> Patient:
        """Bind a hospital card after the HIS confirms it is this patient's (name + ID).

        Each HIS lookup uses one of the account's `card_attempts_per_day`; an unknown
        card and a card of someone else get the same answer ('card_no_match'), so the
        form cannot be used to find out which card numbers exist."""
        card_no = "".join((card_no or "").split())
        if not _CARD.fullmatch(card_no):
            raise PatientError("card_invalid")
        patient = await self.get(openid, patient_id)
        if patient is None:
            raise PatientError("not_found")
        if any(p.card_no == card_no for p in await self.list(openid) if p.id != patient.id):
            raise PatientError("card_taken")
        quota, forget_at = self._quota_key("card", openid)
        if not await self.quotas.take(quota, self.rules.card_attempts_per_day, forget_at):
            raise PatientError("card_attempts", max=self.rules.card_attempts_per_day)
        card = await self.his.lookup_card(card_no)
        if (
            card is None
            or card.name.strip() != patient.name
            or not self.keyring.matches(patient.id_number, card.id_hash)
        ):
            log.info(
                "patient.card_no_match",
                extra={"patient_id": patient.id, "card_known": card is not None},
            )
            raise PatientError("card_no_match")
        await self.repo.set_card(
            openid, patient.id, card_no, self.clock.now(), exclusive=not self.his.shares_cards
        )
        log.info("patient.card_bound", extra={"patient_id": patient.id})
        bound = await self.get(openid, patient.id)
        assert bound is not None
        return bound

    async def rekey(self) -> int:
        """Re-encrypt and re-hash every document not under the current key (after a
        SECRET_KEY rotation). Returns the number of documents updated."""
        k, n = self.keyring, 0
        async for doc in self.repo.col.find({"key_id": {"$ne": k.current.kid}}):
            p = self._patient(doc)
            update: dict[str, Any] = {
                "id_enc": k.encrypt(p.id_number, "patient.id"),
                "id_hash": k.lookup_hash(p.id_number),
                "phone_enc": k.encrypt(p.phone, "patient.phone"),
                "phone_hash": k.lookup_hash(p.phone, "phone"),
                "key_id": k.current.kid,
            }
            if p.guardian_id_number:
                update["guardian.id_enc"] = k.encrypt(p.guardian_id_number, "guardian.id")
                update["guardian.id_hash"] = k.lookup_hash(p.guardian_id_number)
            await self.repo.col.update_one({"_id": doc["_id"]}, {"$set": update})
            n += 1
        return n

"""Real-name patients (就诊人): repository, service and chat router.

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

Other capabilities use `patient_service(services)`:

    svc = patient_service(ctx.services)
    patient = await svc.default(ctx.openid)         # or svc.get(openid, patient_id)
    patient.can_use_online_services                 # bound card?
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from bson import ObjectId
from bson.errors import InvalidId
from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from bot.config import ConfigError
from bot.dialogue import Context, Reply, Router
from bot.dialogue.router import EXIT_WORDS, normalize_command
from bot.pii import Keyring, PIIError, keyring_for
from bot.render import mask_id, mask_phone
from bot.storage import Repository
from handlers import idcard
from handlers.booking import AppointmentRepo
from handlers.catalog import NUMERALS
from handlers.idcard import IdDocument, IdError

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.config import Settings
    from bot.services import Services
    from handlers.his import HIS

log = logging.getLogger(__name__)

RELATIONS = ("本人", "配偶", "子女", "父母", "其他")
RELATION_WORDS = {
    "本人": "本人",
    "自己": "本人",
    "我": "本人",
    "我自己": "本人",
    "配偶": "配偶",
    "老婆": "配偶",
    "老公": "配偶",
    "妻子": "配偶",
    "丈夫": "配偶",
    "爱人": "配偶",
    "媳妇": "配偶",
    "子女": "子女",
    "孩子": "子女",
    "儿子": "子女",
    "女儿": "子女",
    "小孩": "子女",
    "宝宝": "子女",
    "父母": "父母",
    "父亲": "父母",
    "母亲": "父母",
    "爸爸": "父母",
    "妈妈": "父母",
    "我爸": "父母",
    "我妈": "父母",
    "老人": "父母",
    "爸": "父母",
    "妈": "父母",
    "其他": "其他",
    "其它": "其他",
    "朋友": "其他",
    "亲戚": "其他",
}
# Normalised `relation` entity values from the NLU (intents/data/lookups.yml synonyms).
# Ambiguous ones (elder: 父母 or grandparents?) are asked instead.
RELATION_ENTITIES = {"mother": "父母", "father": "父母", "child": "子女", "spouse": "配偶"}
ADULT_AGE = 18  # a guardian must be an adult
_NAME = re.compile(r"[\u3400-\u9fffA-Za-z][\u3400-\u9fffA-Za-z·•. \-]{0,38}[\u3400-\u9fffA-Za-z]")
_PHONE = re.compile(r"1[3-9]\d{9}")
_CARD = re.compile(r"[A-Za-z0-9]{4,32}")


class PatientError(ValueError):
    """A refusal the user can act on; `code` names a message in patients/error.j2."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class PatientRules:
    max_per_account: int = 5
    minor_age: int = 16
    max_additions_per_day: int = 3
    card_attempts_per_day: int = 5
    unverified_ids_need_card: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> PatientRules:
        sec = settings.section("patients")

        def num(key: str, default: int, lo: int, hi: int) -> int:
            value = sec.get(key, default)
            if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
                raise ConfigError(
                    f"patients.{key}: {value!r} is not allowed. Fix: a whole number {lo}-{hi}."
                )
            return value

        need_card = sec.get("unverified_ids_need_card", True)
        if not isinstance(need_card, bool):
            raise ConfigError(
                f"patients.unverified_ids_need_card: {need_card!r} is not allowed. "
                "Fix: true or false."
            )
        return cls(
            max_per_account=num("max_per_account", 5, 1, 20),
            minor_age=num("minor_age", 16, 0, 18),
            max_additions_per_day=num("max_additions_per_day", 3, 1, 50),
            card_attempts_per_day=num("card_attempts_per_day", 5, 1, 100),
            unverified_ids_need_card=need_card,
        )


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


# -- validation (pure) ---------------------------------------------------------------


def check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not _NAME.fullmatch(name):
        raise PatientError("name_invalid")
    return name


def check_phone(phone: str) -> str:
    p = idcard.normalize(phone)
    if p.startswith("+86"):
        p = p[3:]
    elif p.startswith("86") and len(p) == 13:
        p = p[2:]
    if not _PHONE.fullmatch(p):
        raise PatientError("phone_invalid")
    return p


def check_relation(text: str) -> str:
    rel = RELATION_WORDS.get("".join((text or "").split()))
    if rel is None:
        raise PatientError("relation_invalid", choices=RELATIONS)
    return rel


def check_document(
    number: str, kind: str, today: date, *, sex: str = "", birth: str = "", who: str = "patient"
) -> IdDocument:
    """Validate an ID document; a typed birth date fills in what the number lacks."""
    try:
        kind = kind or idcard.detect_kind(number)
        doc = idcard.validate(kind, number, today=today, sex=sex or None)
        if doc.birth_date is None and birth:
            doc = IdDocument(doc.kind, doc.number, idcard.parse_birth(birth, today), sex or None)
    except IdError as exc:
        raise PatientError(exc.code, who=who, kind=kind, **exc.details) from None
    return doc


@dataclass(frozen=True)
class ValidPatient:
    name: str
    doc: IdDocument
    phone: str = field(repr=False)
    relation: str
    guardian_name: str = ""
    guardian: IdDocument | None = None


def validate_form(form: PatientForm, today: date, rules: PatientRules) -> ValidPatient:
    name = check_name(form.name)
    doc = check_document(form.id_number, form.id_kind, today, sex=form.sex, birth=form.birth_date)
    if doc.birth_date is None:
        raise PatientError("birth_required")
    phone = check_phone(form.phone)
    relation = check_relation(form.relation)
    age = doc.age_on(today)
    if age is not None and age < rules.minor_age:
        if not form.guardian_name.strip() or not form.guardian_id_number.strip():
            raise PatientError("guardian_required", minor_age=rules.minor_age)
        guardian_name = check_name(form.guardian_name)
        guardian = check_document(
            form.guardian_id_number, form.guardian_id_kind, today, who="guardian"
        )
        if guardian.number == doc.number:
            raise PatientError("guardian_same")
        g_age = guardian.age_on(today)
        if g_age is not None and g_age < ADULT_AGE:
            raise PatientError("guardian_minor", adult_age=ADULT_AGE)
        return ValidPatient(name, doc, phone, relation, guardian_name, guardian)
    return ValidPatient(name, doc, phone, relation)


# -- storage -------------------------------------------------------------------------


class PatientRepo(Repository):
    """Raw documents. `slot` (1..max) under a unique index caps patients per account
    without a race; a partial unique index allows one default per account."""

    collection: ClassVar[str] = "patients"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel(
            [("openid", ASCENDING), ("id_hash", ASCENDING)],
            unique=True,
            name="one_patient_per_document",
        ),
        IndexModel(
            [("openid", ASCENDING), ("slot", ASCENDING)], unique=True, name="patients_per_account"
        ),
        IndexModel(
            [("openid", ASCENDING)],
            unique=True,
            name="one_default",
            partialFilterExpression={"is_default": True},
        ),
        IndexModel([("openid", ASCENDING), ("created_at", ASCENDING)], name="by_account"),
        IndexModel([("card_no", ASCENDING)], name="by_card"),
        # A card bound where the HIS does not share cards belongs to one account only.
        IndexModel(
            [("card_no", ASCENDING)],
            unique=True,
            name="one_account_per_card",
            partialFilterExpression={"card_exclusive": True},
        ),
    ]

    async def docs(self, openid: str) -> list[dict[str, Any]]:
        cursor = self.col.find({"openid": openid}).sort([("created_at", 1), ("_id", 1)])
        return await cursor.to_list(None)

    async def doc(self, openid: str, patient_id: str) -> dict[str, Any] | None:
        query = self.match(openid, patient_id)
        return await self.col.find_one(query) if query else None

    @staticmethod
    def match(openid: str, patient_id: str) -> dict[str, Any] | None:
        """The filter for one patient of an account (None: not a patient id); lets another
        capability read the patient inside its own query (one round trip)."""
        oid = _oid(patient_id)
        return {"_id": oid, "openid": openid} if oid else None

    async def insert(self, doc: dict[str, Any], max_slots: int) -> dict[str, Any]:
        """Insert into the lowest free slot; PatientError('limit') when none is free."""
        for _ in range(max_slots + 1):
            used = {d["slot"] async for d in self.col.find({"openid": doc["openid"]}, {"slot": 1})}
            free = [s for s in range(1, max_slots + 1) if s not in used]
            if not free:
                raise PatientError("limit", max=max_slots)
            doc = {**doc, "slot": free[0], "is_default": not used}
            try:
                result = await self.col.insert_one(doc)
            except DuplicateKeyError as exc:
                index = (exc.details or {}).get("keyPattern", {})
                if "id_hash" in index or "one_patient_per_document" in str(exc):
                    raise PatientError("duplicate") from None
                continue  # lost a race for the slot or the default: look again
            return {**doc, "_id": result.inserted_id}
        raise PatientError("busy")

    async def remove(self, openid: str, patient_id: str) -> dict[str, Any] | None:
        oid = _oid(patient_id)
        if oid is None:
            return None
        removed = await self.col.find_one_and_delete({"_id": oid, "openid": openid})
        if removed and removed.get("is_default"):
            nxt = await self.col.find_one({"openid": openid}, sort=[("created_at", 1)])
            if nxt:
                try:
                    await self.col.update_one({"_id": nxt["_id"]}, {"$set": {"is_default": True}})
                except DuplicateKeyError:
                    pass  # someone chose a default meanwhile
        return removed

    async def make_default(self, openid: str, patient_id: str) -> bool:
        oid = _oid(patient_id)
        if oid is None or not await self.col.count_documents({"_id": oid, "openid": openid}):
            return False
        for _ in range(3):
            await self.col.update_many(
                {"openid": openid, "is_default": True, "_id": {"$ne": oid}},
                {"$set": {"is_default": False}},
            )
            try:
                await self.col.update_one(
                    {"_id": oid, "openid": openid}, {"$set": {"is_default": True}}
                )
                return True
            except DuplicateKeyError:
                continue
        raise PatientError("busy")

    async def set_card(
        self, openid: str, patient_id: str, card_no: str, now: datetime, *, exclusive: bool = True
    ) -> None:
        """Bind the card; PatientError('card_taken_elsewhere') when `exclusive` and another
        account holds it (the unique index `one_account_per_card` decides)."""
        try:
            await self.col.update_one(
                {"_id": _oid(patient_id), "openid": openid},
                {"$set": {"card_no": card_no, "card_bound_at": now, "card_exclusive": exclusive}},
            )
        except DuplicateKeyError:
            raise PatientError("card_taken_elsewhere") from None


class DailyQuotaRepo(Repository):
    """Per-account daily counters (patient additions, card lookups), one document per
    account, purpose and day. Taken with one conditional update, so parallel requests
    cannot exceed the limit; nothing but a failed action gives a unit back."""

    collection: ClassVar[str] = "patient_quotas"
    indexes: ClassVar[list[IndexModel]] = [
        IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0, name="expiry")
    ]

    async def take(self, key: str, limit: int, expires_at: datetime) -> bool:
        """One unit of `key` if fewer than `limit` are used; False when none is left."""
        query = {"_id": key, "n": {"$lt": limit}}
        try:
            await self.col.update_one(
                query, {"$inc": {"n": 1}, "$setOnInsert": {"expires_at": expires_at}}, upsert=True
            )
            return True
        except DuplicateKeyError:
            # The day's document exists and is at the limit, or a parallel first take
            # created it: try again on the existing document.
            result = await self.col.update_one(query, {"$inc": {"n": 1}})
            return result.modified_count == 1

    async def give_back(self, key: str) -> None:
        await self.col.update_one({"_id": key, "n": {"$gt": 0}}, {"$inc": {"n": -1}})

    async def used(self, key: str) -> int:
        doc = await self.col.find_one({"_id": key}, {"n": 1})
        return int((doc or {}).get("n", 0))


def _oid(value: str) -> ObjectId | None:
    try:
        return ObjectId(value)
    except (InvalidId, TypeError):
        return None


# -- service -------------------------------------------------------------------------


class PatientService:
    def __init__(
        self, repo: PatientRepo, keyring: Keyring, clock: Clock, rules: PatientRules
    ) -> None:
        self.repo = repo
        self.keyring = keyring
        self.clock = clock
        self.rules = rules
        self.quotas = repo.storage.repo(DailyQuotaRepo)
        self.appointments = repo.storage.repo(AppointmentRepo)

    def today(self) -> date:
        return self.clock.now().date()

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
        active = await self.appointments.active_of_patient(openid, patient_id)
        if active:
            raise PatientError("has_appointments", count=len(active))
        removed = await self.repo.remove(openid, patient_id)
        if removed:
            log.info("patient.removed", extra={"patient_id": patient_id})
        return self._patient(removed) if removed else None

    async def set_default(self, openid: str, patient_id: str) -> Patient | None:
        if not await self.repo.make_default(openid, patient_id):
            return None
        return await self.get(openid, patient_id)

    async def bind_card(self, openid: str, patient_id: str, card_no: str, his: HIS) -> Patient:
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
        card = await his.lookup_card(card_no)
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
            openid, patient.id, card_no, self.clock.now(), exclusive=not his.shares_cards
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


def patient_service(services: Services) -> PatientService:
    """The process-wide service (keys derived once)."""
    svc = services.extras.get("patients")
    if svc is None:
        svc = services.extras["patients"] = PatientService(
            services.storage.repo(PatientRepo),
            keyring_for(services.settings),
            services.clock,
            PatientRules.from_settings(services.settings),
        )
    return svc  # type: ignore[no-any-return]


# -- chat ----------------------------------------------------------------------------

router = Router("patients")

FORM_ADD = "patient_add"
FORM_CARD = "patient_card"
CANCEL_WORDS = EXIT_WORDS | {"不加了"}
_NUMBERED = tuple(str(n) for n in range(1, 10)) + tuple(NUMERALS)
_TRAILING_NUMBER = re.compile(r"(\d+|[一二两三四五六七八九])$")


def _number_in(text: str) -> int | None:
    m = _TRAILING_NUMBER.search(normalize_command(text))
    if not m:
        return None
    token = m.group(1)
    return int(token) if token.isdigit() else NUMERALS[token]


def _error(ctx: Context, exc: PatientError, **extra: Any) -> Reply:
    return ctx.reply(
        "patients/error.j2",
        code=exc.code,
        details=exc.details,
        rules=patient_service(ctx.services).rules,
        **extra,
    )


async def _list_reply(ctx: Context, notice: str = "") -> Reply:
    patients = await patient_service(ctx.services).list(ctx.openid)
    return ctx.reply(
        "patients/list.j2",
        patients=patients,
        notice=notice,
        rules=patient_service(ctx.services).rules,
        quick_replies=("添加就诊人",) if patients else (),
    )


@router.click("PATIENTS")
@router.command("就诊人", "就诊人管理", "我的就诊人", "就诊人列表", "查看就诊人")
async def list_patients(ctx: Context) -> Reply:
    return await _list_reply(ctx)


@router.intent("bind_patient")
async def bind_patient(ctx: Context) -> Reply:
    text = ctx.msg.text
    svc = patient_service(ctx.services)
    if not await svc.count(ctx.openid):
        return await start_add(ctx)
    if "卡" in text:
        return await start_card(ctx)
    if any(w in text for w in ("添加", "新增", "增加", "建档", "加")):
        return await start_add(ctx)
    return await _list_reply(ctx)


@router.command("添加就诊人", "新增就诊人", "增加就诊人", "添加家人")
async def start_add(ctx: Context) -> Reply:
    svc = patient_service(ctx.services)
    if await svc.count(ctx.openid) >= svc.rules.max_per_account:
        return _error(ctx, PatientError("limit", max=svc.rules.max_per_account))
    if not await svc.additions_left(ctx.openid):
        return _error(ctx, PatientError("additions_limit", max=svc.rules.max_additions_per_day))
    entity = str(ctx.entity("relation") or "")
    relation = RELATION_ENTITIES.get(entity) or RELATION_WORDS.get(entity, "")
    ctx.conv.start_form(FORM_ADD, step="name", relation=relation)
    return ctx.reply("patients/ask_name.j2", quick_replies=("取消",))


@router.form(FORM_ADD)
async def add_step(ctx: Context) -> Reply | None:
    text = ctx.msg.text.strip()
    if normalize_command(text) in CANCEL_WORDS:
        ctx.conv.end_form()
        return ctx.reply("patients/cancelled.j2")
    svc = patient_service(ctx.services)
    slots, k, today = ctx.conv.slots, svc.keyring, svc.today()
    step = slots.get("step", "name")
    try:
        if step == "name":
            ctx.conv.update(name=check_name(text), step="id")
            return ctx.reply(
                "patients/ask_id.j2", patient_name=slots["name"], quick_replies=("取消",)
            )
        if step == "id":
            doc = check_document(text, "", today)
            if await svc.has_document(ctx.openid, doc.number):
                raise PatientError("duplicate")
            # The plaintext number never reaches Redis: only its ciphertext is kept.
            ctx.conv.update(
                id_enc=k.encrypt(doc.number, "conv.id"),
                id_kind=doc.kind,
                birth=doc.birth_date.isoformat() if doc.birth_date else "",
                sex=doc.sex or "",
            )
            if not doc.birth_date:
                ctx.conv.update(step="birth")
                return ctx.reply("patients/ask_birth.j2", kind=doc.kind_label)
            ctx.conv.update(step="phone")
            return ctx.reply("patients/ask_phone.j2", kind=doc.kind_label, sex=doc.sex)
        if step == "birth":
            ctx.conv.update(birth=idcard.parse_birth(text, today).isoformat(), step="phone")
            return ctx.reply("patients/ask_phone.j2", kind="", sex=None)
        if step == "phone":
            ctx.conv.update(phone_enc=k.encrypt(check_phone(text), "conv.phone"))
            if slots.get("relation"):
                return await _after_relation(ctx, svc)
            ctx.conv.update(step="relation")
            return ctx.reply(
                "patients/ask_relation.j2", relations=RELATIONS, quick_replies=RELATIONS
            )
        if step == "relation":
            ctx.conv.update(relation=check_relation(text))
            return await _after_relation(ctx, svc)
        if step == "guardian_name":
            ctx.conv.update(guardian_name=check_name(text), step="guardian_id")
            return ctx.reply("patients/ask_guardian_id.j2", guardian=slots["guardian_name"])
        if step == "guardian_id":
            gdoc = check_document(text, "", today, who="guardian")
            if gdoc.number == k.decrypt(slots["id_enc"], "conv.id"):
                raise PatientError("guardian_same")
            g_age = gdoc.age_on(today)
            if g_age is not None and g_age < ADULT_AGE:
                raise PatientError("guardian_minor", adult_age=ADULT_AGE)
            ctx.conv.update(guardian_enc=k.encrypt(gdoc.number, "conv.id"))
            return await _save(ctx, svc)
    except (PatientError, IdError) as exc:
        err = exc if isinstance(exc, PatientError) else PatientError(exc.code, **exc.details)
        return _error(ctx, err, retry=True)
    ctx.conv.end_form()
    return None


def _is_minor(slots: dict[str, Any], svc: PatientService) -> bool:
    birth = slots.get("birth")
    return (
        bool(birth) and idcard.age_on(date.fromisoformat(birth), svc.today()) < svc.rules.minor_age
    )


async def _after_relation(ctx: Context, svc: PatientService) -> Reply:
    if _is_minor(ctx.conv.slots, svc):
        ctx.conv.update(step="guardian_name")
        return ctx.reply("patients/ask_guardian_name.j2", minor_age=svc.rules.minor_age)
    return await _save(ctx, svc)


async def _save(ctx: Context, svc: PatientService) -> Reply:
    s, k = ctx.conv.slots, svc.keyring
    form = PatientForm(
        name=s["name"],
        id_number=k.decrypt(s["id_enc"], "conv.id"),
        id_kind=s["id_kind"],
        phone=k.decrypt(s["phone_enc"], "conv.phone"),
        relation=s["relation"],
        birth_date=s.get("birth", "")
        if s["id_kind"] in (idcard.HK_MACAU_PASS, idcard.TAIWAN_PASS, idcard.FOREIGN_PR)
        else "",
        guardian_name=s.get("guardian_name", ""),
        guardian_id_number=(
            k.decrypt(s["guardian_enc"], "conv.id") if s.get("guardian_enc") else ""
        ),
    )
    ctx.conv.end_form()
    try:
        patient = await svc.add(ctx.openid, form)
    except PatientError as exc:
        return _error(ctx, exc)
    except PIIError:
        return ctx.reply("patients/expired.j2")
    return ctx.reply("patients/added.j2", patient=patient, quick_replies=("绑定就诊卡", "就诊人"))


@router.command(
    *(f"删除就诊人{n}" for n in _NUMBERED), *(f"移除就诊人{n}" for n in _NUMBERED), "删除就诊人"
)
async def remove_patient(ctx: Context) -> Reply:
    svc = patient_service(ctx.services)
    number = _number_in(ctx.msg.text)
    patient = await svc.by_number(ctx.openid, number) if number else None
    if patient is None:
        return await _list_reply(ctx, notice="which_remove")
    try:
        await svc.remove(ctx.openid, patient.id)
    except PatientError as exc:
        return _error(ctx, exc, patient=patient)
    return ctx.reply("patients/removed.j2", patient=patient)


@router.command(
    *(f"设为默认{n}" for n in _NUMBERED),
    *(f"设为默认就诊人{n}" for n in _NUMBERED),
    *(f"默认就诊人{n}" for n in _NUMBERED),
    "设为默认",
    "切换就诊人",
)
async def choose_default(ctx: Context) -> Reply:
    svc = patient_service(ctx.services)
    number = _number_in(ctx.msg.text)
    patient = await svc.by_number(ctx.openid, number) if number else None
    if patient is None:
        return await _list_reply(ctx, notice="which_default")
    chosen = await svc.set_default(ctx.openid, patient.id)
    return ctx.reply("patients/default_set.j2", patient=chosen or patient)


@router.command(
    *(f"绑定就诊卡{n}" for n in _NUMBERED), *(f"绑卡{n}" for n in _NUMBERED), "绑定就诊卡", "绑卡"
)
async def start_card(ctx: Context) -> Reply:
    svc = patient_service(ctx.services)
    patients = await svc.list(ctx.openid)
    if not patients:
        return await start_add(ctx)
    number = _number_in(ctx.msg.text)
    if number is None and len(patients) == 1:
        number = 1
    if number is None or not 1 <= number <= len(patients):
        ctx.conv.start_form(FORM_CARD, step="which")
        return ctx.reply("patients/ask_card_patient.j2", patients=patients, quick_replies=("取消",))
    patient = patients[number - 1]
    ctx.conv.start_form(FORM_CARD, step="card", patient_id=patient.id)
    return ctx.reply("patients/ask_card_no.j2", patient=patient, quick_replies=("取消",))


@router.form(FORM_CARD)
async def card_step(ctx: Context) -> Reply | None:
    text = ctx.msg.text.strip()
    if normalize_command(text) in CANCEL_WORDS:
        ctx.conv.end_form()
        return ctx.reply("patients/cancelled.j2")
    svc = patient_service(ctx.services)
    if ctx.conv.slots.get("step") == "which":
        number = _number_in(text)
        patient = await svc.by_number(ctx.openid, number) if number else None
        if patient is None:
            return await _list_reply(ctx, notice="which_card")
        ctx.conv.update(step="card", patient_id=patient.id)
        return ctx.reply("patients/ask_card_no.j2", patient=patient, quick_replies=("取消",))
    from handlers.his import his_for

    try:
        patient = await svc.bind_card(
            ctx.openid, ctx.conv.slots.get("patient_id", ""), text, his_for(ctx.services)
        )
    except PatientError as exc:
        if exc.code == "card_invalid":
            return _error(ctx, exc, retry=True)
        ctx.conv.end_form()
        return _error(ctx, exc)
    ctx.conv.end_form()
    return ctx.reply("patients/card_bound.j2", patient=patient)

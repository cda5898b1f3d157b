"""Patient rules, pure: config.yml `patients:` validated at start-up, the one relation
resolver (typed words and NLU entity values alike), and form validation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.config import ConfigError, Settings
from bot.dialogue.filters import parse_choice
from handlers.patients import idcard
from handlers.patients.idcard import IdDocument, IdError
from handlers.patients.models import PatientError, PatientForm

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
# The NLU's normalised `relation` entity values (intents/data/lookups.yml synonyms):
# (relation, sex it implies, certain). "elder" may be a parent or a grandparent.
RELATION_ENTITIES: dict[str, tuple[str, str | None, bool]] = {
    "mother": ("父母", "女", True),
    "father": ("父母", "男", True),
    "elder": ("父母", None, False),
    "child": ("子女", None, True),
    "spouse": ("配偶", None, True),
    "self": ("本人", None, True),
}
_SEX_OF_WORD = {"母亲": "女", "妈妈": "女", "我妈": "女", "妈": "女", "父亲": "男", "爸爸": "男"}
_SEX_OF_WORD |= {"我爸": "男", "爸": "男", "老婆": "女", "妻子": "女", "媳妇": "女"}
_SEX_OF_WORD |= {"老公": "男", "丈夫": "男", "儿子": "男", "女儿": "女"}
# Never a person's name, though they look like one ("本人", "孩子", "取消" ...).
NOT_NAMES = frozenset(RELATION_WORDS) | {"取消", "退出", "不知道", "没有", "好的", "可以", "是的"}


@dataclass(frozen=True)
class Relation:
    relation: str  # one of RELATIONS
    sex: str | None = None  # 男 / 女 when the word says it (妈妈, 儿子 ...)
    certain: bool = True  # False: a guess ("老人"), ask before recording it


def resolve_relation(word: object) -> Relation | None:
    """THE relation resolver: typed words ("妈妈", "孩子") and NLU entity values
    ("mother", "child") alike; None when the word names no relation."""
    w = "".join(str(word or "").split())
    if w in RELATION_ENTITIES:
        rel, sex, certain = RELATION_ENTITIES[w]
        return Relation(rel, sex, certain)
    rel = RELATION_WORDS.get(w)
    if rel is None:
        return None
    return Relation(rel, _SEX_OF_WORD.get(w), w != "老人")


ADULT_AGE = 18  # a guardian must be an adult
_NAME = re.compile(r"[\u3400-\u9fffA-Za-z][\u3400-\u9fffA-Za-z·•. \-]{0,38}[\u3400-\u9fffA-Za-z]")
_PHONE = re.compile(r"1[3-9]\d{9}")
_CARD = re.compile(r"[A-Za-z0-9]{4,32}")


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


# -- validation (pure) ---------------------------------------------------------------


def check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not _NAME.fullmatch(name) or name in NOT_NAMES:
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
    """A relation word, or the number of one in the numbered list (RELATIONS)."""
    n = parse_choice(text)
    if n is not None and 1 <= n <= len(RELATIONS):
        return RELATIONS[n - 1]
    found = resolve_relation(text)
    if found is None:
        raise PatientError("relation_invalid", choices=RELATIONS)
    return found.relation


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

"""Identity documents accepted for a real-name patient (就诊人), and their checks.

Pure functions, no I/O: `validate(kind, number, today=...)` normalises what the user
typed (full-width digits, lower-case x, spaces) and either returns an `IdDocument`
or raises `IdError(code)`; the code names a message in
`handlers/templates/patients/error.j2`.

Formats:
- resident ID (居民身份证, GB 11643-1999): 6-digit address code, 8-digit birth date,
  3-digit sequence (17th digit odd = male), ISO 7064 MOD 11-2 check character.
- HK/Macau/Taiwan residence permit (港澳台居民居住证): same 18-character layout with
  the address code 810000 / 820000 / 830000.
- HK/Macau travel permit (港澳居民来往内地通行证): H or M + 8 or 10 digits.
- Taiwan travel permit (台湾居民来往大陆通行证): 8 digits.
- Foreign permanent residence ID (外国人永久居留身份证): 2017 version, 3 letters + 12
  digits; 2023 version, 18 characters starting with 9, birth date in positions 7-14 and
  the same MOD 11-2 check character.

Only the 18-character numbers carry a check character. Travel permits and the 15-character
foreign permanent-residence card can be made up by anyone who knows the format
(`checksum_verified` is False for them), so booking treats them as unverified until the
HIS confirms the person (a bound hospital card).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

RESIDENT = "resident"
PERMIT_HMT = "hmt_residence"  # 港澳台居民居住证
HK_MACAU_PASS = "hk_macau_pass"  # 港澳居民来往内地通行证
TAIWAN_PASS = "taiwan_pass"  # 台湾居民来往大陆通行证
FOREIGN_PR = "foreign_pr"  # 外国人永久居留身份证

KINDS: dict[str, str] = {
    RESIDENT: "居民身份证",
    PERMIT_HMT: "港澳台居民居住证",
    HK_MACAU_PASS: "港澳居民来往内地通行证",
    TAIWAN_PASS: "台湾居民来往大陆通行证",
    FOREIGN_PR: "外国人永久居留身份证",
}

MALE, FEMALE = "男", "女"
MAX_AGE_YEARS = 130

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# Province-level address codes (first two digits) of resident ID numbers.
_PROVINCES = frozenset(
    [
        11,
        12,
        13,
        14,
        15,
        21,
        22,
        23,
        31,
        32,
        33,
        34,
        35,
        36,
        37,
        41,
        42,
        43,
        44,
        45,
        46,
        50,
        51,
        52,
        53,
        54,
        61,
        62,
        63,
        64,
        65,
    ]
)
_HMT_PREFIXES = ("810000", "820000", "830000")
_FULLWIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x41 + i) for i in range(26)}
)
_SEPARATORS = re.compile(r"[\s\-_\u3000()（）]")


class IdError(ValueError):
    """A document number the user must correct; `code` names the message template."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)  # the number itself is never part of the message
        self.code = code
        self.details = details


@dataclass(frozen=True)
class IdDocument:
    kind: str
    number: str  # normalised
    birth_date: date | None = None  # None when the number does not carry it
    sex: str | None = None  # 男 / 女, None when the number does not carry it

    def __repr__(self) -> str:  # keep numbers out of logs and tracebacks
        return f"IdDocument(kind={self.kind!r}, number=<redacted>)"

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def age_on(self, today: date) -> int | None:
        return age_on(self.birth_date, today) if self.birth_date else None

    @property
    def checksum_verified(self) -> bool:
        return checksum_verified(self.kind, self.number)


def checksum_verified(kind: str, number: str) -> bool:
    """True for documents whose number carries a GB 11643 check character (resident ID,
    HK/MO/TW residence permit, 18-character foreign permanent-residence card); False for
    travel permits and the 15-character foreign card, which only have a format."""
    if kind in (RESIDENT, PERMIT_HMT):
        return True
    return kind == FOREIGN_PR and len(normalize(number)) == 18


def normalize(number: str) -> str:
    """Full-width to ASCII, upper case, separators removed."""
    return _SEPARATORS.sub("", (number or "").translate(_FULLWIDTH)).upper()


def check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of GB 11643-1999."""
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def parse_birth(text: str, today: date) -> date:
    """A birth date typed by the user (2010-05-01, 2010/5/1, 2010年5月1日, 20100501)."""
    t = "".join((text or "").translate(_FULLWIDTH).split())
    t = t.replace("年", "-").replace("月", "-").replace("日", "").replace("号", "")
    t = t.replace("/", "-").replace(".", "-").rstrip("-")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", t)
    if not m:
        raise IdError("birth_format")
    return _checked_birth(*(int(g) for g in m.groups()), today=today)


def _checked_birth(year: int, month: int, day: int, *, today: date) -> date:
    try:
        birth = date(year, month, day)
    except ValueError as exc:
        raise IdError("birth_invalid") from exc
    if birth > today:
        raise IdError("birth_future")
    if age_on(birth, today) > MAX_AGE_YEARS:
        raise IdError("birth_too_old", years=MAX_AGE_YEARS)
    return birth


def _eighteen(number: str, today: date) -> tuple[date, str]:
    """Length, digits, checksum and birth date of an 18-character number; (birth, sex)."""
    if len(number) != 18:
        raise IdError("id_length")
    if not (number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")):
        raise IdError("id_chars")
    if check_char(number[:17]) != number[17]:
        raise IdError("id_checksum")
    birth = _checked_birth(int(number[6:10]), int(number[10:12]), int(number[12:14]), today=today)
    return birth, MALE if int(number[16]) % 2 else FEMALE


def _resident(number: str, today: date) -> IdDocument:
    if number.startswith(_HMT_PREFIXES):
        raise IdError("id_is_hmt_permit")
    birth, sex = _eighteen(number, today)
    if number.startswith("9"):
        raise IdError("id_is_foreign_pr")
    if int(number[:2]) not in _PROVINCES:
        raise IdError("id_region")
    return IdDocument(RESIDENT, number, birth, sex)


def _hmt_permit(number: str, today: date) -> IdDocument:
    birth, sex = _eighteen(number, today)
    if not number.startswith(_HMT_PREFIXES):
        raise IdError("hmt_prefix")
    return IdDocument(PERMIT_HMT, number, birth, sex)


def _hk_macau_pass(number: str, today: date) -> IdDocument:
    if not re.fullmatch(r"[HM](\d{8}|\d{10})", number):
        raise IdError("hk_macau_pass_format")
    return IdDocument(HK_MACAU_PASS, number)


def _taiwan_pass(number: str, today: date) -> IdDocument:
    if not re.fullmatch(r"\d{8}", number):
        raise IdError("taiwan_pass_format")
    return IdDocument(TAIWAN_PASS, number)


def _foreign_pr(number: str, today: date) -> IdDocument:
    if re.fullmatch(r"[A-Z]{3}\d{12}", number):
        return IdDocument(FOREIGN_PR, number)  # 2017 version: no check character
    if len(number) == 18 and number.startswith("9"):
        birth, _sex = _eighteen(number, today)
        return IdDocument(FOREIGN_PR, number, birth)
    raise IdError("foreign_pr_format")


_VALIDATORS = {
    RESIDENT: _resident,
    PERMIT_HMT: _hmt_permit,
    HK_MACAU_PASS: _hk_macau_pass,
    TAIWAN_PASS: _taiwan_pass,
    FOREIGN_PR: _foreign_pr,
}


def validate(kind: str, number: str, *, today: date, sex: str | None = None) -> IdDocument:
    """Check a document number of the given kind; `sex`, when entered, must agree."""
    validator = _VALIDATORS.get(kind)
    if validator is None:
        raise IdError("id_kind")
    number = normalize(number)
    if not number:
        raise IdError("id_empty")
    doc = validator(number, today)
    if sex and doc.sex and sex != doc.sex:
        raise IdError("sex_mismatch", derived=doc.sex)
    return doc


def detect_kind(number: str) -> str:
    """Guess the document kind from the number alone (the chat form does not ask)."""
    n = normalize(number)
    if len(n) == 18 and n.startswith(_HMT_PREFIXES):
        return PERMIT_HMT
    if (len(n) == 18 and n.startswith("9")) or re.fullmatch(r"[A-Z]{3}\d{12}", n):
        return FOREIGN_PR
    if n[:1] in ("H", "M") and n[1:].isdigit():
        return HK_MACAU_PASS
    if len(n) == 8 and n.isdigit():
        return TAIWAN_PASS
    return RESIDENT


def validate_any(number: str, *, today: date, sex: str | None = None) -> IdDocument:
    return validate(detect_kind(number), number, today=today, sex=sex)

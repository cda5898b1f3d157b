"""Red-flag (emergency) rules from ``knowledge/red_flags.yml``.

This layer runs before any model and its verdict cannot be overruled: missing an
emergency is the one error the service must never make.  The matcher is small on
purpose — the clinical content lives in the YAML, reviewed by the emergency
department.  Negation (没有/不), history (以前/去年) and mildness (有点/一会就好)
only cancel the *primary* symptom of a rule, never the severity signs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .knowledge import Knowledge, is_negated, load_knowledge

_CLAUSE_SPLIT = re.compile(r"[,，。.!！?？;；\s、~～]+")
_SENTENCE_SPLIT = re.compile(r"[。.!！?？;；]+")
_SEVERE = re.compile(r"剧|很|非常|特别|厉害|受不了")


@dataclass(frozen=True)
class Flag:
    id: str
    category: str
    reason: str
    departments: tuple[str, ...]
    groups: tuple[re.Pattern[str], ...]
    unless: re.Pattern[str] | None
    acute: re.Pattern[str] | None
    suppress: frozenset[str]
    requires: dict
    resolved: bool


@dataclass(frozen=True)
class RedFlagHit:
    id: str
    category: str
    reason: str
    departments: tuple[str, ...]
    evidence: str


@dataclass(frozen=True)
class Compiled:
    flags: tuple[Flag, ...]
    history: re.Pattern[str]
    mild: re.Pattern[str]
    habitual: re.Pattern[str]
    resolved: re.Pattern[str]
    ongoing: re.Pattern[str]
    fever: re.Pattern[str]
    pregnancy: re.Pattern[str]


def _alt(patterns: list[str] | None) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@lru_cache(maxsize=1)
def compiled(kb: Knowledge | None = None) -> Compiled:
    kb = kb or load_knowledge()
    doc = kb.red_flags
    flags = []
    for f in doc["flags"]:
        for dept in f["departments"]:
            if dept not in kb.departments:
                raise ValueError(f"red_flags.yml: unknown department {dept!r}")
        flags.append(
            Flag(
                id=f["id"],
                category=f["category"],
                reason=f["reason"],
                departments=tuple(f["departments"]),
                groups=tuple(re.compile(g) for g in f.get("all") or []),
                unless=_alt(f.get("unless")),
                acute=_alt(f.get("acute")),
                suppress=frozenset(f.get("suppress") or []),
                requires=dict(f.get("requires") or {}),
                resolved=bool(f.get("resolved")),
            )
        )
    return Compiled(
        flags=tuple(flags),
        history=_alt(doc["history_markers"]),
        mild=_alt(doc["mild_markers"]),
        habitual=_alt(doc["habitual_markers"]),
        resolved=_alt(doc["resolved_markers"]),
        ongoing=_alt(doc["ongoing_markers"]),
        fever=_alt(doc["fever_patterns"]),
        pregnancy=_alt(doc["pregnancy_patterns"]),
    )


def _clause(text: str, start: int, end: int, splitter: re.Pattern[str] = _CLAUSE_SPLIT) -> str:
    left = max((m.end() for m in splitter.finditer(text, 0, start)), default=0)
    right = splitter.search(text, end)
    return text[left : right.start() if right else len(text)]


def _valid_hits(
    pattern: re.Pattern[str], text: str, suppress: frozenset[str], c: Compiled
) -> list[str]:
    hits = []
    for m in pattern.finditer(text):
        if is_negated(text, m.start()):
            continue
        clause = _clause(text, m.start(), m.end())
        if "history" in suppress and c.history.search(clause):
            continue
        if "mild" in suppress and c.mild.search(clause) and not _SEVERE.search(m.group(0)):
            continue
        if "habitual" in suppress and c.habitual.search(
            _clause(text, m.start(), m.end(), _SENTENCE_SPLIT)
        ):
            continue
        hits.append(m.group(0))
    return hits


def has_fever(text: str, temperature: float | None) -> bool:
    if temperature is not None:
        return temperature >= 38.0
    c = compiled()
    return any(not is_negated(text, m.start()) for m in c.fever.finditer(text))


def check(text: str, profile: dict) -> list[RedFlagHit]:
    """All red flags present in the normalised text.

    ``profile`` carries what is known about the patient: age_years, pregnant,
    temperature (max °C mentioned).
    """
    c = compiled()
    found: list[RedFlagHit] = []
    for flag in c.flags:
        req = flag.requires
        if req.get("pregnant") and not profile.get("pregnant"):
            continue
        if "infant_max_years" in req:
            age = profile.get("age_years")
            if age is None or age > req["infant_max_years"]:
                continue
            if req.get("fever") and not has_fever(text, profile.get("temperature")):
                continue
        if flag.resolved and c.resolved.search(text) and not c.ongoing.search(text):
            continue
        if flag.unless is not None and flag.unless.search(text):
            if flag.acute is None or not flag.acute.search(text):
                continue
        evidence: list[str] = []
        ok = True
        for i, group in enumerate(flag.groups):
            hits = _valid_hits(group, text, flag.suppress if i == 0 else frozenset(), c)
            if not hits:
                ok = False
                break
            evidence.append(hits[0])
        if ok:
            found.append(
                RedFlagHit(
                    flag.id, flag.category, flag.reason, flag.departments, "、".join(evidence)
                )
            )
    return found

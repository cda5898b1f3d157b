"""Medical knowledge loaded from the reviewed YAML files in ``intents/knowledge``.

The YAML is the source of truth (doctors review it); this module only compiles it
into fast structures: a longest-match term index for the symptom lexicon and the
department aliases, with IDF-like weights so that a term shared by many
departments (头晕) counts less than one that belongs to a single one (高血压).
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from pathlib import Path

import yaml

from .normalize import normalize_text, windows

KNOWLEDGE_DIR = Path(__file__).parent / "knowledge"

# A negator right before a term (optionally followed by one filler word) cancels it:
# 没有发烧 / 不发烧 / 无胸痛 / 没怎么咳嗽.
NEGATION_TAIL = re.compile(
    r"(没有|没|无|不|未|否认|并非|不是|别)(有|太|怎么|再|发生|出现|想|会|要)?$"
)


# The sentence that asks the question ("…高血压应该怎么治疗？") says what the patient
# wants to know; terms in it count more than the background story before it.
_CLAUSE_END = re.compile(r"[，,。！？!?；;]+")
_ASK_MARKER = re.compile(r"想问|请问|想咨询|咨询一下|想知道|想了解|问一下|问问")
_QUESTION_CUE = re.compile(
    r"吗|么|呢|怎样|怎么|什么|如何|哪|能否|是否|要不要|会不会|能不能|可不可以|有没有|多久|多少|咋|\?|？"
)
QUESTION_FOCUS = 2.0


def question_span(text: str) -> tuple[int, int] | None:
    """(start, end) of the part that asks: from the last ask marker (想问/请问…) to the
    end, else the last clause with a question cue; None when that is the whole text."""
    marker = None
    for m in _ASK_MARKER.finditer(text):
        marker = m
    if marker is not None:
        start = marker.start()
    else:
        bounds = [0] + [m.end() for m in _CLAUSE_END.finditer(text)]
        start = None
        for a in reversed(bounds):
            if a < len(text) and _QUESTION_CUE.search(text[a : _clause_end(text, a)]):
                start = a
                break
        if start is None:
            return None
    return (start, len(text)) if start > 0 else None


def _clause_end(text: str, start: int) -> int:
    m = _CLAUSE_END.search(text, start)
    return m.start() if m else len(text)


_WINDOW_STOP = re.compile(r"[,，。.!！?？;；\s、]")


def is_negated(text: str, start: int) -> bool:
    """True if the word starting at ``start`` is negated by what precedes it."""
    window = text[max(0, start - 4) : start]
    window = _WINDOW_STOP.split(window)[-1]
    return bool(window) and bool(NEGATION_TAIL.search(window))


@dataclass
class TermIndex:
    """Longest-match dictionary lookup over normalised text."""

    terms: dict[str, object] = field(default_factory=dict)
    by_first: dict[str, tuple[int, ...]] = field(
        default_factory=dict
    )  # first char -> lengths, longest first

    def add(self, term: str, payload: object) -> None:
        self.terms[term] = payload

    # the lengths (longest first) of the terms that may start at a position, by the two
    # characters there; one-character terms also by their character alone
    by_pair: dict[str, tuple[int, ...]] = field(default_factory=dict)
    single: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def freeze(self) -> None:
        lengths: dict[str, set[int]] = {}
        for term in self.terms:
            lengths.setdefault(term[0], set()).add(len(term))
        self.by_first = {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}
        self.single = {t: (1,) for t in self.terms if len(t) == 1}
        pairs: dict[str, set[int]] = {}
        for term in self.terms:
            if len(term) >= 2:
                pairs.setdefault(term[:2], set()).add(len(term))
        for pair, ls in pairs.items():
            if pair[0] in self.single:
                ls.add(1)
        self.by_pair = {p: tuple(sorted(ls, reverse=True)) for p, ls in pairs.items()}

    def find(self, text: str) -> list[tuple[int, int, str, object]]:
        """Greedy left-to-right longest matches: (start, end, term, payload).

        Only positions where some term may start are visited: their candidate lengths
        come from one C-level pass over the two-character windows."""
        hits = []
        if not text:
            return hits
        terms = self.terms
        at = list(map(self.by_pair.get, windows(text), map(self.single.get, text)))
        at.append(self.single.get(text[-1]))
        pos = 0
        for i in compress(range(len(at)), at):
            if i < pos:
                continue
            for length in at[i]:
                term = text[i : i + length]
                if len(term) == length:
                    payload = terms.get(term)
                    if payload is not None:
                        hits.append((i, i + length, term, payload))
                        pos = i + length
                        break
        return hits


@dataclass
class Knowledge:
    departments: dict[str, dict]
    dept_order: list[str]
    lexicon: dict[str, dict[str, float]]  # term -> {department: weight}
    idf: dict[str, float]
    lexicon_index: TermIndex
    ignore: frozenset[str]  # whole words that hide a shorter term (奶奶 is not 奶)
    alias_index: TermIndex  # alias -> department
    rules: dict
    red_flags: dict
    digest: str

    reason: dict[str, str] = field(default_factory=dict)  # departments.yml ``reason``

    def describe(self, dept: str) -> str:
        return self.departments.get(dept, {}).get("description", "")

    def reason_for(self, dept: str, evidence: list[str]) -> str:
        """The one-line reason a patient reads, worded in departments.yml."""
        r = self.reason
        if not evidence:
            return r["without_evidence"].format(description=self.describe(dept))
        words = r["evidence_joiner"].join(r["evidence_item"].format(term=t) for t in evidence)
        return r["with_evidence"].format(evidence=words, description=self.describe(dept))


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: 10x faster
    """SafeLoader that rejects duplicate keys (YAML silently keeps the last one)."""


def _no_duplicates(loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise ValueError(f"duplicate keys {sorted(map(str, dupes))} at {node.start_mark}")
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def _read(name: str) -> tuple[dict, bytes]:
    raw = (KNOWLEDGE_DIR / name).read_bytes()
    return yaml.load(raw.decode("utf-8"), Loader=_StrictLoader), raw


def knowledge_files() -> list[Path]:
    return sorted(KNOWLEDGE_DIR.glob("*.yml"))


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """Parse and compile all knowledge YAML (cached; ~20 ms)."""
    digest = hashlib.sha256()
    docs = {}
    for path in knowledge_files():
        doc, raw = _read(path.name)
        docs[path.name] = doc
        digest.update(path.name.encode() + b"\0" + raw)
    departments = docs["departments.yml"]["departments"]
    reason = _reason_templates(docs["departments.yml"].get("reason"))
    dept_order = list(departments)

    lexicon: dict[str, dict[str, float]] = {}
    for dept, groups in docs["lexicon.yml"]["lexicon"].items():
        if dept not in departments:
            raise ValueError(f"lexicon.yml: unknown department {dept!r}")
        for weight, words in (groups or {}).items():
            for word in str(words).split():
                term = normalize_text(word)
                slot = lexicon.setdefault(term, {})
                slot[dept] = max(slot.get(dept, 0.0), float(weight))
    n_depts = len(dept_order)
    idf = {t: math.log(1.0 + n_depts / len(d)) for t, d in lexicon.items()}
    ignore = frozenset(
        normalize_text(w) for w in str(docs["lexicon.yml"].get("ignore") or "").split()
    ) - set(lexicon)
    lex_index = TermIndex()
    for term in (*lexicon, *sorted(ignore)):
        lex_index.add(term, term)
    lex_index.freeze()

    alias_index = TermIndex()
    for dept, info in departments.items():
        alias_index.add(normalize_text(dept), dept)
        for alias in info.get("aliases") or []:
            alias_index.add(normalize_text(alias), dept)
    alias_index.freeze()

    return Knowledge(
        departments=departments,
        dept_order=dept_order,
        lexicon=lexicon,
        idf=idf,
        lexicon_index=lex_index,
        ignore=ignore,
        alias_index=alias_index,
        rules=docs["rules.yml"],
        red_flags=docs["red_flags.yml"],
        digest=digest.hexdigest(),
        reason=reason,
    )


_REASON_FIELDS = {
    "with_evidence": ("evidence", "description"),
    "evidence_item": ("term",),
    "evidence_joiner": (),
    "without_evidence": ("description",),
}


def _reason_templates(spec) -> dict[str, str]:
    """departments.yml ``reason``: every template present, with exactly its fields."""
    if not isinstance(spec, dict):
        raise ValueError("departments.yml: `reason` must be a mapping of templates")
    out = {}
    for key, fields in _REASON_FIELDS.items():
        value = spec.get(key)
        if not isinstance(value, str):
            raise ValueError(f"departments.yml reason.{key}: a string is required")
        used = set(re.findall(r"{(\w*)}", value))
        if used != set(fields):
            raise ValueError(
                f"departments.yml reason.{key}: uses {sorted(used)}, expected {fields}"
            )
        out[key] = value
    return out


@dataclass
class LexiconHit:
    start: int
    end: int
    term: str
    negated: bool
    focus: float = 1.0  # QUESTION_FOCUS inside the question sentence


def match_lexicon(text: str, kb: Knowledge | None = None) -> list[LexiconHit]:
    kb = kb or load_knowledge()
    ignore = kb.ignore
    span = question_span(text)
    lo, hi = span if span else (0, 0)
    return [
        LexiconHit(s, e, t, is_negated(text, s), QUESTION_FOCUS if lo <= s < hi else 1.0)
        for s, e, t, _ in kb.lexicon_index.find(text)
        if t not in ignore and not _inside_latin_word(text, s, e)
    ]


def _inside_latin_word(text: str, start: int, end: int) -> bool:
    """An abbreviation (HP, NT, ANA) inside a longer Latin word or number is not that term."""
    if not (text[start].isascii() and text[start].isalnum()):
        return False
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return bool((before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()))


def lexicon_scores(hits: list[LexiconHit], kb: Knowledge | None = None) -> dict[str, float]:
    """IDF-weighted department votes; repeated mentions count a little more."""
    kb = kb or load_knowledge()
    counts: dict[str, int] = {}
    focus: dict[str, float] = {}
    for h in hits:
        if not h.negated:
            counts[h.term] = counts.get(h.term, 0) + 1
            focus[h.term] = max(focus.get(h.term, 1.0), h.focus)
    scores: dict[str, float] = {}
    for term, count in counts.items():
        boost = (1.0 + 0.5 * min(count - 1, 2)) * focus[term]
        idf = kb.idf[term]
        for dept, weight in kb.lexicon[term].items():
            scores[dept] = scores.get(dept, 0.0) + weight * weight * idf * boost
    return scores

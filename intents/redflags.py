"""Red flags (emergencies) from the reviewed catalogue ``knowledge/red_flags.yml``.

This layer runs before any model and cannot be overruled: missing an emergency is the
one error the service must never make.  The clinical content lives in the YAML; this
module only compiles it and applies it:

1. *words*: synonym classes (``face: 脸 嘴角 口角 …``), matched longest-first in one
   pass over the normalised text (traditional characters and Chinese numerals are
   already folded by ``normalize_safety``); *quantities* add numeric atoms (≥ 38 度,
   ≥ 6 小时, 血压 ≥ 180 …).
2. *concepts*: each a list of patterns over those classes with gaps between them
   (``$face ~ $droop`` matches 口角往一边歪, 嘴巴突然有点歪), so an inserted word does
   not defeat a rule.  A mention is cancelled when its own clause says it is negated
   (a denied longer word denies the words inside it: 没大血块, 没呕吐), past
   (以前/去年/…过), hypothetical (如果/怎么预防), an information question (…有什么症状),
   over or treated (已经好了, 已经打了), chronic (后遗症/多年) or — for concepts that ask
   for it — mild (有点/偶尔; an understatement 不怎么疼 is mild, not a denial).  Not over
   when the sentence goes on with the sign (醒过来了，但是一直喘), a later sentence or turn
   tells it as present (…就好了。现在呼吸很急) or the sign is told as present (现在脸肿、
   喘，笔已经打了); not mild when a turn describes it as severe (有点疼，不过像刀划).  A
   recent injury told as past or as over counts when its danger signs follow as present,
   even said softly (上周磕到头，这两天越来越糊涂; 呛了水当时就好了，现在呼吸有点快:
   ``delayed_harm``); a recent exposure counts while its treatment is still due (上周被狗
   咬了，没打针: ``still_due``).  A general question closed in its clause does not reach
   a later report of today (…会导致尿不出来吗，我今天一上午没尿).
3. *categories*: the 50 ids of ``eval/categories.yml``, each true when any of its
   alternatives holds; an alternative is a list of concepts and patient facts (age
   under 3 months, pregnant ≥ 20 weeks, fever ≥ 38 ℃ …) that must all hold.

Earlier turns of the conversation are matched too (symptoms accumulate), each turn
being its own sentence so that the scoping rules never reach across turns.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from itertools import chain, compress, repeat
from operator import itemgetter
from typing import NamedTuple

from .ages import (
    TURN_SEPARATOR,
    elderly_age,
    infant_age_days,
    mothers_own_fever,
    postpartum,
    pregnancy_implied,
    pregnancy_now,
    pregnancy_weeks,
)
from .gates import (
    Anchored,
    LiteralIndex,
    anchored,
    held,
    led,
    literal_gate,
    literal_gates,
    literal_index,
    may_match_all,
)
from .knowledge import Knowledge, TermIndex, load_knowledge
from .normalize import CN_DIGITS, cn_to_number, safety_text, windows

ACUITY_ORDER = ("call_120", "emergency_now", "urgent_today", "routine", "self_care")
EMERGENCY_ACUITY = frozenset({"call_120", "emergency_now"})

_SENTENCE_END = "。！？!?；;\n"
_CLAUSE_END = _SENTENCE_END + "，,、 ~～…"
DEFAULT_GAP = 6
# above every alternative's index: a category's first alternative that holds is the
# lowest index seen (a category may list more alternatives than there are categories)
_NO_ALTERNATIVE = 1 << 30
RESPELL = "~respell"
# A range told in Chinese numerals (七八分钟, 十七八个小时, 二三十分钟, 两三百毫升): a
# quantity pattern of the catalogue writes CN_RANGE_TOKEN where such a range may stand for
# the number.
CN_RANGE = (
    "(?P<cn>(?:[二三四五六七八九]?十)?(?:一两|一二|两三|二三|三四|四五|五六|六七|七八|八九)[十百]?)"
)
CN_RANGE_TOKEN = "{cn_range}"
# A reading told as it is said (2点几, 三点多, 二点八, 测了几次都是2点多): a quantity pattern
# writes SPOKEN_DECIMAL_TOKEN where such a reading may stand.  Not a time of day (凌晨3点多,
# 3点多的时候, 2点多测的): the normaliser leaves 三点 as words for that reason.  X点几 and
# X点多 are read as X, the lower end (a low reading is the danger read here).
SPOKEN_DECIMAL = (
    "(?<!凌晨)(?<!早上)(?<!晚上)(?<!下午)(?<!上午)(?<!中午)(?<!半夜)(?<!夜里)(?<!傍晚)(?<!饭后)"
    "(?<![\\d.点十])(?P<sd>[1-9一二两三四五六七八九]点(?:[几多]|\\d{1,2}|[一二三四五六七八九零]{1,2}))"
    "(?![\\d点钟分半时起醒睡吃测]|的时候|以后|之后|左右[吃起睡测])"
)
SPOKEN_DECIMAL_TOKEN = "{spoken_decimal}"
_SPOKEN_DECIMAL_RE = re.compile(
    r"(?P<i>[1-9一二两三四五六七八九])点(?:(?P<q>[几多])|(?P<f>\d{1,2}|[一二三四五六七八九零]{1,2}))"
)
_CN_RANGE_RE = re.compile(
    "(?P<tens>[二三四五六七八九]?十)?(?P<a>一|两|二|三|四|五|六|七|八)(?P<b>两|二|三|四|五|六|七|八|九)(?P<ten>[十百])?"
)  # the word class of the literals that respellings look for
# "Under 3 months" (NICE NG143) includes a baby told as exactly 3 months (3个月, 刚满3个月:
# 3 x 30.4 = 91.2 days): a stated month count is rounded, and a baby that age with fever
# or danger signs is still seen today.  3个多月 (92 days) and 3个半月 are over.
U3M_DAYS = 91.5
MAX_TRIES = 8  # occurrences of a pattern's first word tried per message (bounds long texts)
# The facts a category may ask for before its classifier verdict counts (model_asks): each
# is a clarifying question of the triage dialogue.
ASKABLE = ("age", "pregnancy", "diabetes")
# What a later turn of a message may take back of a concept's mention (``turned_back``).
TURNED_BACK = ("all_clear", "denial")
# What may cancel a mention unless the concept says otherwise.
DEFAULT_CANCEL = frozenset(
    {"negation", "history", "hypothetical", "info", "resolved", "consult", "nonhuman"}
)
CANCEL_KINDS = frozenset(
    {
        "negation",
        "history",
        "hypothetical",
        "info",
        "resolved",
        "consult",
        "mild",
        "chronic",
        "habitual",
        "nonhuman",
        # a reassurance told as a guess or a question (应该不是毒蛇吧, 估计没毒): for the
        # concepts that rule an emergency out, which only a fact may do
        "guess",
        # a vehicle told as a means of transport (每次坐大巴, 打出租车来的) with no word of
        # an accident in the sentence: for the vehicle words that stand for a crash
        "transport",
        # a harmless cause named with the sign (打嗝 … 一抽一抽): see Concept.explained_by
        "explained",
        # an outcome asked for, not reached (我让他吐出来: he was told to spit it out): for
        # the concepts that tell an object came out
        "request",
        # a doctor's all-clear on an episode of an earlier day (昨天舔了一下洗洁精，去医院
        # 看了说没事): for the concepts that a lay "it's over" does not clear (a poison's
        # harm may come late), see `_cleared_by_doctor`
        "cleared",
    }
)
# A mention cancelled only for these reasons still makes the message urgent_today.
SOFT_CANCEL = frozenset({"resolved", "chronic", "habitual", "mild"})
# A sign said to be mild (有点喘, 胸口有点闷) still completes a category together with
# another red flag of the same alternative said plainly, when the message names at least
# this many distinct red flags: an understated report lists several signs, each softened.
MILD_WITH_COMPANIONS = 3
HEDGE_MASK = "〇"  # what a hedge's characters become for the scoping markers


_PARTICLES = "了啊呀吧的哦呢嘛 "  # what may follow a word at the end of its clause


# ---------------------------------------------------------------- compiled catalogue
@dataclass(frozen=True)
class Quantity:
    cls: str
    pattern: re.Pattern[str]
    min: float | None
    max: float | None


@dataclass(frozen=True)
class Concept:
    id: str
    patterns: tuple[tuple[str, ...], ...]  # each a sequence of class names
    gap: int
    cancel: frozenset[str]
    # word classes that may not stand between two words of a pattern: another actor
    # (狗 … 蛇咬了我: the snake bit, not the dog)
    barrier: tuple[str, ...] = ()
    # a marker naming a harmless cause that, said in the mention's sentence, explains the
    # sign (打嗝 … 一抽一抽); only mentions matching the marker "<name>_sign" are explained
    explained_by: str | None = None
    # the cause may be named anywhere in the mention's sentence, also as a question after
    # the sign (手指关节变形，疼，是类风湿吗): a long-standing disease, not a moment's cause
    explained_in_sentence: bool = False
    # what may not follow a mention right away: its last word was the start of another
    # (喝了一口 … 水: a sip of water, not of the poison named before)
    not_followed_by: re.Pattern[str] | None = None
    # word classes whose words a pattern's word may not lie inside: the 头 of a movement
    # (转头, 低头 …) is no head in which a pain is felt
    not_inside: tuple[str, ...] = ()
    # what a later turn of the message (…，但是…) takes back: the mention's all-clear
    # ("all_clear": 胎动很活跃，但今天突然感觉不到了) or its denial ("denial": 没想过要伤害
    # 自己，但是有时候会有这种冲动) — what the turn tells may be the danger in words the
    # catalogue does not know
    turned_back: str | None = None
    # what may not come right before a mention (searched in the text up to the mention's
    # start, so the pattern ends with ``\Z`` — ``$`` would also match before a newline): a
    # topic word that counts only as a turn of its own (奶奶 / 血压 / 现在迷迷糊糊: the
    # pressure named as the matter at hand)
    not_preceded_by: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    acuity: str
    ref: str
    advice: str
    departments: tuple[str, ...]
    when: tuple[tuple[str, ...], ...]  # any of (all of terms); "!x" = x must be absent
    # what must also hold when the classifier names this category (any of, same syntax)
    model_needs: tuple[tuple[str, ...], ...] = ()
    # a near-certain verdict passes model_needs when the fact it needs is only unstated:
    # none of these holds (each tells the fact, and another value of it) and no "!x" of
    # model_needs holds.  None: the category has no such pass.
    model_sure_unless: tuple[str, ...] | None = None
    # what suffices for a near-certain verdict (any of, same syntax as model_needs): a
    # newborn's danger told in words the catalogue does not know, the newborn told plainly
    model_sure_needs: tuple[tuple[str, ...], ...] = ()
    # when the classifier names this category and model_needs would hold if the facts a
    # question tells (`tells`) held, and none of `unless` holds (the fact is told, with
    # another value): the question to ask first (one of ASKABLE)
    model_asks: str | None = None
    model_asks_tells: frozenset[str] = frozenset()
    model_asks_unless: tuple[str, ...] = ()
    model_asks_needs: tuple[str, ...] = ()  # all must hold to ask (a child is spoken of)

    @property
    def alternatives(self) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
        return _split(self.when)


def _split(when: tuple[tuple[str, ...], ...]) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    return tuple(
        (
            frozenset(t for t in alt if not t.startswith("!")),
            frozenset(t[1:] for t in alt if t.startswith("!")),
        )
        for alt in when
    )


@dataclass(frozen=True)
class Grade:
    """A non-emergency acuity rule (urgent_today / self_care)."""

    id: str
    acuity: str
    when: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Catalogue:
    words: TermIndex  # surface word -> frozenset of classes
    # typos and dialect -> standard (same length), each with the literal text it needs
    respell: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]
    singles: frozenset[str]  # one-character words that belong to a class
    single_classes: dict[str, frozenset[str]]  # those words -> their classes
    singles_rx: re.Pattern[str]
    by_prefix: dict[str, tuple[int, ...]]  # first two characters -> lengths of words
    ignore: frozenset[str]  # words that hide the shorter words inside them
    # each distinct number pattern once, with the (class, min, max) readings it feeds
    # and the literal strings one of which a match needs (None: no cheap test)
    quantities: tuple[
        tuple[
            re.Pattern[str],
            tuple[str, ...] | None,
            tuple[tuple[frozenset[str], float | None, float | None], ...],
        ],
        ...,
    ]
    concepts: dict[str, Concept]
    categories: tuple[Category, ...]
    grades: tuple[Grade, ...]
    markers: dict[str, re.Pattern[str] | Anchored]
    filler: re.Pattern[str]
    negator: re.Pattern[str]
    negation_tail: re.Pattern[str]
    # a record's negators and the words that may follow them (无明显…, 否认有…), for
    # the denial of signs run together (无头晕心慌)
    run_negator: re.Pattern[str]
    run_followers: frozenset[str]
    # words that name a sign on their own: members of a word class, or a literal that
    # is a whole pattern (头晕, 黑便) — not a word that is only part of one (打了, 吃饭)
    sign_words: frozenset[str]
    fact_names: frozenset[str]
    red_flag_concepts: frozenset[str]  # concepts that can make a category true
    concepts_of_category: dict[str, tuple[str, ...]]  # category -> its red-flag concepts
    # concept -> the categories it is a red-flag concept of (the inverse of the above)
    categories_of_concept: dict[str, tuple[str, ...]]
    # category -> the word classes (not the literal words: 是, 喝了) of those concepts'
    # patterns
    classes_of_category: dict[str, frozenset[str]]
    # first word class of a pattern -> (concept, pattern): only patterns that can start
    # somewhere in the message are tried
    by_first_class: dict[str, tuple[tuple[Concept, tuple[str, ...]], ...]]
    by_first_class_sets: dict[str, tuple[tuple[str, frozenset[str]], ...]]
    alternatives: tuple[tuple[Category, tuple[tuple[frozenset[str], frozenset[str]], ...]], ...]
    all_alternatives: tuple  # categories' and grades' together
    # first term of an alternative -> (pos, neg) pairs that start with it
    alternatives_by_term: dict[str, tuple[tuple[frozenset[str], frozenset[str]], ...]]
    # first term -> (category index, alternative index, pos, neg)
    category_alts_by_term: dict[str, tuple[tuple[int, int, frozenset[str], frozenset[str]], ...]]
    grade_alternatives: tuple[tuple[Grade, tuple[tuple[frozenset[str], frozenset[str]], ...]], ...]
    # first term -> (grade index, alternative index, pos, neg), like category_alts_by_term
    grade_alts_by_term: dict[str, tuple[tuple[int, int, frozenset[str], frozenset[str]], ...]] = (
        field(default_factory=dict)
    )
    # each pattern's words, filed under its rarest class (fewest surface words; number
    # classes have none): a pattern is only looked at when that class occurs (patterns
    # of two or more classes; the concepts of one-class patterns in by_rare_class_alone)
    by_rare_class_sets: dict[str, tuple[tuple[str, frozenset[str]], ...]] = field(
        default_factory=dict
    )
    by_rare_class_alone: dict[str, frozenset[str]] = field(default_factory=dict)
    # concept -> the concepts that complete a category's alternative with it (breathless:
    # pe_risk, …): a word of one of those is the setting of the sign, not its treatment
    partners: dict[str, frozenset[str]] = field(default_factory=dict)
    # the literals of the quantities' and the respellings' gates by first character
    quantity_index: LiteralIndex = field(default_factory=LiteralIndex)
    respell_index: LiteralIndex = field(default_factory=LiteralIndex)
    # literal -> the respellings (indexes, in order) whose gate holds it
    respell_by_literal: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # literal -> the quantities (indexes) whose gate holds it; those with no gate
    quantities_by_literal: dict[str, tuple[int, ...]] = field(default_factory=dict)
    ungated_quantities: tuple[int, ...] = ()
    # each marker's literal gate (None: no cheap test), like the quantities'
    marker_gates: dict[str, tuple[str, ...] | None] = field(default_factory=dict)
    # and all of a marker's gates: a marker is scanned only when each of them passes
    marker_all_gates: dict[str, tuple[re.Pattern[str], ...] | None] = field(default_factory=dict)
    # signs that, told after a turn (但是, 可是 …) once the episode was said to be over
    # or treated, keep it open (捞上来醒过来了，但是一直喘)
    continuing: frozenset[str] = frozenset()
    # colloquial negators (没有) that reach a run of symptoms (没有头痛眼花), and what
    # such a run may be made of: symptom words, or a body part followed by one
    colloquial_negator: re.Pattern[str] | None = None
    run_sign_classes: frozenset[str] = frozenset()
    run_site_classes: frozenset[str] = frozenset()
    # literal words that are a whole pattern of a concept on their own (头晕, 眼花)
    literal_signs: frozenset[str] = frozenset()
    # an injury told as recent past (上礼拜磕到头) -> the danger signs that, told after it
    # as present (这两天变得糊涂), make it count: a delayed complication of that injury
    delayed_harm: dict[str, frozenset[str]] = field(default_factory=dict)
    # the same for an injury only when told as over (被电了一下，当时就好了), not as past: its
    # complication shows within hours (心跳不齐), a shock of last month is another matter
    harm_after_over: dict[str, frozenset[str]] = field(default_factory=dict)
    # an exposure told as recent past (上周被狗咬了) -> (the concepts saying its treatment is
    # still due (没打针, 还来得及打吗), those saying it was begun (打了第一针)): due now
    still_due: dict[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)
    # an ignored word -> what, right before it, ends a word that takes its first character
    # (两天|黑便, 今天|黑的: not 天黑): there the word is not read and hides nothing
    ignore_broken_after: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # concepts that veto a category ("!x" in its when or model_needs: 吃了西瓜 before red
    # vomit): a veto denied right before it (没吃西瓜) vetoes nothing, even when its
    # concept leaves negation out of its cancels (its own words may carry a negator: 没毒)
    vetoes: frozenset[str] = frozenset()
    # category -> its own vetoes ("!x" in its when or model_needs): a harmless cause
    # taken back (估计是喝了红酒，可吐的是一大口一大口的) is no sign of the category set aside
    vetoes_of_category: dict[str, frozenset[str]] = field(default_factory=dict)


# Concepts that only qualify a red flag (onset, severity, who): seeing one of them set
# aside says nothing about the red flag itself.
_CONTEXT_CONCEPTS = frozenset(
    {
        "sudden_onset",
        "severe_word",
        "acute_onset",
        "elderly_word",
        "bleed_any",
        "vomiting",
        "baby_named",
        # a baby told by its feeds or nappies (吃奶, 尿不湿): who the patient is, so a feed
        # refused (还不吃奶) sets no sign of the category aside
        "infant_words",
        # a wait or a home remedy asked (再等等, 先热敷), the rabies shots asked by name: what the
        # asker wants to do, no sign of the patient to count among an understated report's
        "pee_wait",
        "rabies_shot_asked",
    }
)

FACTS = frozenset(
    {
        "infant_u3m",
        "newborn",
        "child",
        "elderly",
        "pregnant",
        "pregnant_20w",
        "pregnant_28w",
        # the weeks told, 20 or more (孕30周): pregnant_20w without the default for unknown weeks
        "weeks_20_told",
        "preterm",
        "postpartum",
        "fever",
        "fever_39",
        "temp_40",
        "afebrile",
        "mother_fever",
        "newborn_24h",
        "over_1y",
        "age_told",
        "female",
        "male",
    }
)


def _alt(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)))


def _words(value) -> list[str]:
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value or []]


def _class_words(spec: dict) -> dict[str, list[str]]:
    """Each word class's words, a ``$name`` among them standing for all the words of class
    ``name`` (``med: 药 药片 … $drug_name``: every named drug is a drug)."""
    out: dict[str, list[str]] = {}

    def expand(cls: str, seen: tuple[str, ...]) -> list[str]:
        if cls in out:
            return out[cls]
        if cls not in spec:
            raise ValueError(f"word class {seen[-1]!r} includes unknown class {cls!r}")
        if cls in seen:
            raise ValueError(f"word class {cls!r} includes itself ({' > '.join(seen)})")
        words: list[str] = []
        for w in _words(spec[cls]):
            words.extend(expand(w[1:], (*seen, cls)) if w.startswith("$") else [w])
        out[cls] = words
        return words

    for cls in spec:
        expand(cls, ())
    return out


def compile_catalogue(doc: dict, departments: set[str] | None = None) -> Catalogue:
    """Build the matcher from the YAML document (raises ValueError naming the fault)."""
    classes: dict[str, set[str]] = {}
    for cls, words in _class_words(doc.get("words") or {}).items():
        for w in words:
            classes.setdefault(safety_text(w), set()).add(cls)
    ignore = frozenset(safety_text(w) for w in _words(doc.get("ignore")))
    for w in ignore:
        classes.setdefault(w, set())
    known_classes = set(doc.get("words") or {})
    quantities = []
    for cls, spec in (doc.get("quantities") or {}).items():
        for pattern in spec["patterns"]:
            pattern = pattern.replace(CN_RANGE_TOKEN, CN_RANGE)
            pattern = pattern.replace(SPOKEN_DECIMAL_TOKEN, SPOKEN_DECIMAL)
            quantities.append(Quantity(cls, re.compile(pattern), spec.get("min"), spec.get("max")))
        known_classes.add(cls)
    concepts: dict[str, Concept] = {}
    for cid, spec in (doc.get("concepts") or {}).items():
        if isinstance(spec, list):
            spec = {"match": spec}
        patterns = []
        for raw in spec["match"]:
            seq = []
            for part in str(raw).split():
                if part == "~":
                    continue
                if part.startswith("$"):
                    seq.append(part[1:])
                else:  # a literal word: its own class
                    word = safety_text(part)
                    classes.setdefault(word, set()).add("=" + word)
                    seq.append("=" + word)
            patterns.append(tuple(seq))
        cancel = set(DEFAULT_CANCEL)
        cancel |= set(spec.get("also_cancel_by") or [])
        cancel -= set(spec.get("not_cancel_by") or [])
        if not cancel <= CANCEL_KINDS:
            raise ValueError(f"red_flags.yml concept {cid}: unknown cancel kinds {cancel}")
        if spec.get("turned_back") not in (None, *TURNED_BACK):
            raise ValueError(f"red_flags.yml concept {cid}: turned_back is one of {TURNED_BACK}")
        explained = spec.get("explained_by")
        if explained is not None and not {explained, explained + "_sign"} <= set(doc["markers"]):
            raise ValueError(f"red_flags.yml concept {cid}: no markers for {explained!r}")
        concepts[cid] = Concept(
            cid,
            tuple(patterns),
            int(spec.get("gap", DEFAULT_GAP)),
            frozenset(cancel),
            tuple(_words(spec.get("barrier"))),
            explained,
            bool(spec.get("explained_in_sentence")),
            re.compile(spec["not_followed_by"]) if spec.get("not_followed_by") else None,
            tuple(_words(spec.get("not_inside"))),
            spec.get("turned_back"),
            re.compile(spec["not_preceded_by"]) if spec.get("not_preceded_by") else None,
        )
    for c in concepts.values():
        for seq in (*c.patterns, c.barrier, c.not_inside):
            for cls in seq:
                if not cls.startswith("=") and cls not in known_classes:
                    raise ValueError(f"red_flags.yml concept {c.id}: unknown word class ${cls}")
    names = set(concepts) | FACTS
    # word classes only named as not_inside: they keep a word from being read, name no sign
    guards = {cls for c in concepts.values() for cls in c.not_inside} - {
        cls for c in concepts.values() for seq in (*c.patterns, c.barrier) for cls in seq
    }

    def when(where: str, alts) -> tuple[tuple[str, ...], ...]:
        out = []
        for alt in alts:
            terms = tuple(_words(alt))
            for t in terms:
                if t.lstrip("!") not in names:
                    raise ValueError(f"red_flags.yml {where}: unknown concept or fact {t!r}")
            out.append(terms)
        return tuple(out)

    categories = []
    for c in doc["categories"]:
        if c["acuity"] not in EMERGENCY_ACUITY:
            raise ValueError(f"red_flags.yml {c['id']}: acuity must be call_120 or emergency_now")
        for dept in c["departments"]:
            if departments is not None and dept not in departments:
                raise ValueError(f"red_flags.yml {c['id']}: unknown department {dept!r}")
        asks = c.get("model_asks") or {}
        if asks and asks.get("question") not in ASKABLE:
            raise ValueError(f"red_flags.yml {c['id']}: model_asks question must be in {ASKABLE}")
        categories.append(
            Category(
                id=c["id"],
                name=c["name"],
                acuity=c["acuity"],
                ref=c["ref"],
                advice=" ".join(str(c["advice"]).split()),
                departments=tuple(c["departments"]),
                when=when(c["id"], c["when"]),
                model_needs=when(c["id"] + ".model_needs", c.get("model_needs") or []),
                model_sure_unless=(
                    None
                    if c.get("model_sure_unless") is None
                    else when(c["id"] + ".model_sure_unless", [c["model_sure_unless"]])[0]
                ),
                model_sure_needs=when(
                    c["id"] + ".model_sure_needs", c.get("model_sure_needs") or []
                ),
                model_asks=asks.get("question"),
                model_asks_tells=frozenset(when(c["id"] + ".tells", [asks.get("tells") or []])[0]),
                model_asks_unless=when(c["id"] + ".unless", [asks.get("unless") or []])[0],
                model_asks_needs=when(c["id"] + ".needs", [asks.get("needs") or []])[0],
            )
        )
    grades = tuple(
        Grade(g["id"], g["acuity"], when(g["id"], g["when"])) for g in doc.get("grades") or []
    )
    respell = []
    for pattern, replacement in (doc.get("respell") or {}).items():
        respell.append((led(re.compile(str(pattern))), str(replacement), _gate(str(pattern))))
        for literal in respell[-1][2]:
            classes.setdefault(literal, set()).add(RESPELL)
    singles = {w for w, c in classes.items() if len(w) == 1 and c}
    index = TermIndex()
    for word, cls in classes.items():
        index.add(word, frozenset(cls))
    index.freeze()
    plain = {k: re.compile("|".join(f"(?:{x})" for x in v)) for k, v in doc["markers"].items()}
    markers = {k: anchored(rx) for k, rx in plain.items()}
    continuing = frozenset(_words(doc.get("continuing_signs")))
    if not continuing <= set(concepts):
        raise ValueError(f"red_flags.yml continuing_signs: unknown {continuing - set(concepts)}")
    delayed_harm = {
        cause: frozenset(_words(signs)) for cause, signs in (doc.get("delayed_harm") or {}).items()
    }
    harm_after_over = {
        cause: frozenset(_words(signs))
        for cause, signs in (doc.get("harm_after_over") or {}).items()
    }
    for key, table in (("delayed_harm", delayed_harm), ("harm_after_over", harm_after_over)):
        for cause, signs in table.items():
            if not ({cause} | signs) <= set(concepts):
                raise ValueError(f"red_flags.yml {key}.{cause}: unknown concept")
    still_due = {
        cause: (frozenset(_words(spec.get("due"))), frozenset(_words(spec.get("done"))))
        for cause, spec in (doc.get("still_due") or {}).items()
    }
    for cause, (due, done) in still_due.items():
        if not due or not ({cause} | due | done) <= set(concepts):
            raise ValueError(f"red_flags.yml still_due.{cause}: unknown or missing concept")
    run_spec = doc["run_negation"]
    for key in ("sign_classes", "site_classes"):
        if not set(_words(run_spec.get(key))) <= known_classes:
            raise ValueError(f"red_flags.yml run_negation.{key}: unknown word class")
    literal_signs = frozenset(
        seq[0][1:]
        for c in concepts.values()
        for seq in c.patterns
        if len(seq) == 1 and seq[0].startswith("=")
    )
    rare_sets, rare_alone = _rare_class_index(concepts, classes)
    own = {
        c.id: tuple(
            sorted(
                {t for alt in c.when for t in alt if not t.startswith("!")}
                - FACTS
                - _CONTEXT_CONCEPTS
            )
        )
        for c in categories
    }
    return Catalogue(
        words=index,
        respell=tuple(respell),
        singles=frozenset(singles),
        single_classes={w: index.terms[w] for w in singles},
        singles_rx=re.compile(
            "[" + re.escape("".join(sorted(singles))) + "]" if singles else "(?!)"
        ),
        by_prefix=_prefix_index(classes),
        ignore=ignore,
        ignore_broken_after={
            safety_text(w): re.compile("(?:" + rx + ")$")
            for w, rx in (doc.get("ignore_broken_after") or {}).items()
        },
        quantities=_group_quantities(quantities),
        concepts=concepts,
        categories=tuple(categories),
        grades=grades,
        markers=markers,
        marker_gates={k: literal_gate(rx) for k, rx in plain.items()},
        marker_all_gates={k: literal_gates(rx) for k, rx in plain.items()},
        filler=_alt(_words(doc["filler"])),  # literal words
        negator=re.compile("[" + "".join(_words(doc["negator_chars"])) + "]"),
        negation_tail=re.compile(
            "(?:" + "|".join(_words(doc["negation"])) + ")"
            "(?:" + "|".join(_words(doc["negation_followers"])) + "){0,2}$"
        ),
        run_negator=_alt(_words(doc["run_negation"]["negators"])),
        run_followers=frozenset(_words(doc["run_negation"]["followers"])),
        # (not the words of a class that only guards a pattern's word, 一直 of 直)
        sign_words=frozenset(
            w
            for w, cls in classes.items()
            if any(not c.startswith("=") and c != RESPELL and c not in guards for c in cls)
        )
        | literal_signs,
        fact_names=FACTS,
        by_first_class=_first_class_index(concepts),
        by_first_class_sets={
            cls: tuple((c.id, frozenset(seq)) for c, seq in pats)
            for cls, pats in _first_class_index(concepts).items()
        },
        alternatives=tuple((c, _split(c.when)) for c in categories),
        all_alternatives=tuple((c, _split(c.when)) for c in (*categories, *grades)),
        alternatives_by_term=_by_first_term((*categories, *grades)),
        category_alts_by_term=_category_index(categories),
        grade_alternatives=tuple((g, _split(g.when)) for g in grades),
        grade_alts_by_term=_category_index(grades),
        by_rare_class_sets=rare_sets,
        by_rare_class_alone=rare_alone,
        partners=_partners(categories),
        quantity_index=literal_index(
            sorted({lit for _, gate, _ in _group_quantities(quantities) for lit in gate or ()})
        ),
        respell_index=literal_index(sorted({lit for _, _, gate in respell for lit in gate})),
        respell_by_literal=_by_literal(gate for _, _, gate in respell),
        quantities_by_literal=_quantities_by_literal(_group_quantities(quantities)),
        ungated_quantities=tuple(
            k for k, (_, gate, _) in enumerate(_group_quantities(quantities)) if gate is None
        ),
        continuing=continuing,
        colloquial_negator=_alt(_words(run_spec["colloquial"]))
        if run_spec.get("colloquial")
        else None,
        run_sign_classes=frozenset(_words(run_spec.get("sign_classes"))),
        run_site_classes=frozenset(_words(run_spec.get("site_classes"))),
        literal_signs=literal_signs,
        delayed_harm=delayed_harm,
        harm_after_over=harm_after_over,
        still_due=still_due,
        vetoes=frozenset(
            t[1:]
            for c in categories
            for alt in (*c.when, *c.model_needs)
            for t in alt
            if t.startswith("!")
        ),
        vetoes_of_category={
            c.id: frozenset(
                t[1:] for alt in (*c.when, *c.model_needs) for t in alt if t.startswith("!")
            )
            for c in categories
        },
        red_flag_concepts=frozenset(
            t for c in categories for alt in c.when for t in alt if not t.startswith("!")
        )
        - FACTS
        - _CONTEXT_CONCEPTS,
        concepts_of_category=own,
        categories_of_concept={
            cid: tuple(k for k, names in own.items() if cid in names)
            for cid in {c for names in own.values() for c in names}
        },
        classes_of_category={
            cid: frozenset(
                cls
                for concept in names
                for seq in concepts[concept].patterns
                for cls in seq
                if not cls.startswith("=")
            )
            for cid, names in own.items()
        },
    )


def _group_quantities(quantities: list[Quantity]):
    grouped: dict[str, tuple[re.Pattern[str], list]] = {}
    for q in quantities:
        slot = grouped.setdefault(q.pattern.pattern, (q.pattern, []))
        slot[1].append((frozenset({q.cls}), q.min, q.max))
    return tuple((led(rx), literal_gate(rx), tuple(bounds)) for rx, bounds in grouped.values())


def _quantities_by_literal(grouped) -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for k, (_, gate, _) in enumerate(grouped):
        for lit in gate or ():
            index.setdefault(lit, []).append(k)
    return {lit: tuple(ks) for lit, ks in index.items()}


def _gate(pattern: str) -> tuple[str, ...]:
    """Literal pieces one of which must occur for ``pattern`` to match (a cheap test
    before running the regex): for each alternative its text without lookarounds,
    prefixed by each branch of a leading positive lookbehind ("(?<=降压|安眠)要" needs
    降压要 or 安眠要); or the characters of a bare character class."""
    out: list[str] = []
    for alt in re.split(r"\|(?![^()]*\))", pattern):
        behind = re.match(r"\(\?<=([^()\[\]]*)\)", alt)
        core = re.sub(r"\(\?<?[=!][^)]*\)", "", alt)
        if core.startswith("[") and core.endswith("]"):
            out.extend(core[1:-1])
            continue
        core = re.sub(r"\[[^\]]*\]", "", core) or alt
        heads = behind.group(1).split("|") if behind else [""]
        out.extend(h + core for h in heads)
    return tuple(out)


def _category_index(categories) -> dict[str, tuple]:
    index: dict[str, list] = {}
    for ci, c in enumerate(categories):
        for ai, (alt, (pos, neg)) in enumerate(zip(c.when, _split(c.when), strict=True)):
            first = next(t for t in alt if not t.startswith("!"))
            index.setdefault(first, []).append((ci, ai, pos, neg))
    return {k: tuple(v) for k, v in index.items()}


def _partners(categories) -> dict[str, frozenset[str]]:
    """Concept -> the other concepts of the categories' alternatives it is part of."""
    out: dict[str, set[str]] = {}
    for c in categories:
        for pos, _ in _split(c.when):
            concepts = pos - FACTS
            for cid in concepts:
                out.setdefault(cid, set()).update(concepts - {cid})
    return {cid: frozenset(others) for cid, others in out.items()}


def _by_first_term(rules) -> dict[str, tuple[tuple[frozenset[str], frozenset[str]], ...]]:
    index: dict[str, list] = {}
    for rule in rules:
        for alt, pair in zip(rule.when, _split(rule.when), strict=True):
            first = next(t for t in alt if not t.startswith("!"))
            index.setdefault(first, []).append(pair)
    return {k: tuple(v) for k, v in index.items()}


def _prefix_index(words) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for w in words:
        if len(w) >= 2:
            lengths.setdefault(w[:2], set()).add(len(w))
    return {p: tuple(sorted(ls)) for p, ls in lengths.items()}


def _rare_class_index(concepts: dict[str, Concept], classes: dict[str, set[str]]):
    size: dict[str, int] = {}
    for word_classes in classes.values():
        for cls in word_classes:
            size[cls] = size.get(cls, 0) + 1
    index: dict[str, list] = {}
    alone: dict[str, set[str]] = {}  # patterns of one class: possible wherever it occurs
    for c in concepts.values():
        for seq in c.patterns:
            rare = min(set(seq), key=lambda cls: (size.get(cls, 0), cls))
            if len(set(seq)) == 1:
                alone.setdefault(rare, set()).add(c.id)
            else:
                index.setdefault(rare, []).append((c.id, frozenset(seq)))
    return {k: tuple(v) for k, v in index.items()}, {k: frozenset(v) for k, v in alone.items()}


def _by_literal(gates) -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for k, gate in enumerate(gates):
        for lit in dict.fromkeys(gate):
            index.setdefault(lit, []).append(k)
    return {lit: tuple(ks) for lit, ks in index.items()}


def _first_class_index(concepts: dict[str, Concept]):
    index: dict[str, list] = {}
    for c in concepts.values():
        for seq in c.patterns:
            index.setdefault(seq[0], []).append((c, seq))
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def compiled(kb: Knowledge | None = None) -> Catalogue:
    kb = kb or load_knowledge()
    return compile_catalogue(kb.red_flags, set(kb.departments))


# ---------------------------------------------------------------- results
@dataclass(frozen=True)
class RedFlagHit:
    category: str  # id from eval/categories.yml
    name: str
    acuity: str
    reason: str  # the advice shown to the patient
    departments: tuple[str, ...]
    evidence: str
    source: str = "rules"  # or "model"

    @property
    def id(self) -> str:
        return self.category


# a person of the family or a first person opening a sentence (我爸…, 我儿子…, 孩子…, 我…)
_PATIENT_OPENING = re.compile(
    "(?:我|我家|我们家|家里)?的?(?:爸|妈|爷爷|奶奶|外公|外婆|姥姥|姥爷|老公|老婆|丈夫|妻子|媳妇|"
    "爱人|孩子|宝宝|小孩|儿子|女儿|闺女|老人|老伴|哥|姐|弟|妹|侄子|外甥|孙子|孙女)|我(?![想们家是])"
)
# a question in a sentence (…吗, …？, 是不是 …)
_ASKS = re.compile("[吗么嘛?？]|是不是|会不会|有没有|要不要|算不算|怎么|什么|哪")
# a clause that turns from what was denied to what is told (，就是…, ，只是…, ，但是…)
_TURN_TO_REPORT = re.compile("(?<=[,，;；])(?:就是|只是|但是|可是|不过|而是)")


class _Probe:
    """What assess() saw, kept to answer set_aside() for one category on demand (the
    classifier is consulted for a minority of messages, for one category)."""

    def __init__(self, text, atoms, by_class, scope, possible, checked, negated) -> None:
        self.text, self.atoms, self.by_class, self.scope = text, atoms, by_class, scope
        self.possible = possible
        self.checked: dict[str, str] = dict(checked)  # concept -> valid / cancelled / absent
        self.negated: frozenset[str] = negated  # red flags explicitly denied (没有口歪)

    def set_aside(self, category_id: str) -> bool:
        if self.negated and self._denial_covers(category_id):
            return True  # "头晕，但是没有口歪，说话也清楚": a list of denials, not a report
        if self.scope.not_a_patient(None, 0, len(self.scope.text)):
            return True  # 我家猫把一片布洛芬舔了: no person is the patient
        cat = self.scope.cat
        vetoes = cat.vetoes_of_category.get(category_id, frozenset())
        aside = [
            cid
            for cid in cat.concepts_of_category.get(category_id, ())
            if cid in self.possible
            and cid not in vetoes
            and self._status(cid) == "cancelled"
            and not self._understated(cid)
        ]
        return (
            bool(aside)
            and not self._told_after(category_id, aside)
            and not self._denied_then_turned(category_id, aside)
        )

    def _denied_then_turned(self, category_id: str, aside: list[str]) -> bool:
        """Every sign set aside was denied (也没吐), and a later clause turns to the report
        (可那瓶子是百草枯; 但是…) with a word of this category's own (百草枯): the denials
        clear the ground, the turn tells what matters, and the classifier may judge it
        (一小口、没吐 do not make a poison that kills in any amount harmless)."""
        sc, cat = self.scope, self.scope.cat
        last = 0
        for cid in aside:
            for m in self._mentions(cid):
                why = _cancelled(m, cat.concepts[cid], cat, sc)
                if why not in (None, "doubt", "negation"):
                    return False
                if why == "negation":
                    last = max(last, m.end)
        if not last:
            return False
        own = cat.classes_of_category.get(category_id, frozenset())
        for x in sc.mk["turn"].finditer(sc.text, last):
            c_lo = sc.clause(x.start())[0]
            if sc.text[c_lo : x.start()].strip() or cat.negator.match(sc.text, x.end()):
                continue
            s_hi = sc.sentence(x.start())[1]
            if any(a.classes & own for a in sc.within(x.end(), s_hi)):
                return True
        return False

    def _denial_covers(self, category_id: str) -> bool:
        """Does the message's denial of red flags speak to this category?  Yes when a
        sign of the category is denied (头晕，没有口歪) or when none of its signs is told
        at all (a list of denials, a worry); not when only other signs are denied and one
        of its own is told plainly (没咳嗽也没摔着，就是刚才突然头疼得要炸开: the
        denials rule out the other causes, they do not take back the headache)."""
        own = self.scope.cat.concepts_of_category.get(category_id, ())
        if self.negated.intersection(own):
            return True
        if self._denials_then_report():
            return False
        return not any(
            cid in self.possible and cid not in _QUALIFIERS and self._status(cid) == "valid"
            for cid in own
        )

    def _denials_then_report(self) -> bool:
        """Every denial comes before a clause that turns to the report (没见红也不发烧，
        只是刚才…): the denials clear the ground for what is told next."""
        sc, cat = self.scope, self.scope.cat
        last = 0
        for cid in self.negated:
            for m in self._mentions(cid):
                if _cancelled(m, cat.concepts[cid], cat, sc) == "negation":
                    last = max(last, m.end)
        x = _TURN_TO_REPORT.search(sc.text, last) if last else None
        return x is not None and not cat.negator.match(sc.text, x.end())

    def _told_after(self, category_id: str, aside: list[str]) -> bool:
        """A sign of the category holds in a sentence after every mention of its signs
        that were set aside (三年前做过腰椎手术，恢复得不错。…今天屁股周围发麻): the
        history or the question does not reach the episode told later."""
        sc, cat = self.scope, self.scope.cat
        last = max((m.end for cid in aside for m in self._mentions(cid)), default=0)
        after = sc.sentence(max(0, last - 1))[1]
        # or a later clause of the same sentence that opens this episode (上周也心慌过一阵
        # 就好了，这回又慌，左胳膊发麻): what was past or over stays in its clauses
        anchor = sc.mk["episode"].search(sc.text, sc.clause(max(0, last - 1))[1], after)
        if anchor is not None:
            after = anchor.start()
        for cid in cat.concepts_of_category.get(category_id, ()):
            # a sign (one a history or a consultation can set aside: also 一直没动过, told
            # only of now), not a known condition (癫痫, 糖尿病)
            if not {"history", "consult"} & cat.concepts[cid].cancel:
                continue
            if cid not in self.possible or self._status(cid) != "valid":
                continue
            for m in self._mentions(cid):
                if m.start > after and _cancelled(m, cat.concepts[cid], cat, sc) is None:
                    return True
        return False

    def set_aside_only_as(self, category_id: str, reasons: frozenset[str]) -> bool:
        """Whether every sign of this category the rules set aside was set aside only
        for these reasons (``_cancelled``'s words), the message denying no red flag and
        speaking of a person."""
        if self.negated or self.scope.not_a_patient(None, 0, len(self.scope.text)):
            return False
        cat = self.scope.cat
        for cid in cat.concepts_of_category.get(category_id, ()):
            if cid not in self.possible or self._status(cid) != "cancelled":
                continue
            if self._understated(cid):
                continue
            concept = cat.concepts[cid]
            whys = {_cancelled(m, concept, cat, self.scope) for m in self._mentions(cid)}
            if not whys - {None, "doubt"} <= reasons:
                return False
        return True

    def _mentions(self, cid: str) -> list[Mention]:
        concept = self.scope.cat.concepts.get(cid)
        if concept is None:
            return []
        return _concept_mentions(self.text, self.atoms, self.by_class, concept)[:MAX_TRIES]

    def _mild_mentions(self, cid: str) -> list[Mention] | None:
        """The mentions of a cancelled concept when every one was set aside only as mild
        (有点紧, 有点憋); None when some other reason set one aside."""
        concept = self.scope.cat.concepts[cid]
        out = []
        for m in self._mentions(cid):
            why = _cancelled(m, concept, self.scope.cat, self.scope)
            if why == "doubt":
                continue
            if why != "mild":
                return None
            out.append(m)
        return out or None

    def _understated(self, cid: str) -> bool:
        """A sign said to be mild is the patient's understatement, not the measure of it,
        when an acute feature follows it (歇了一会儿也没好, 四十多分钟了, 今天特别疼) or
        the message names at least MILD_WITH_COMPANIONS red flags in distinct words
        (身上起了好多疹子，头晕，嗓子有点憋): then the classifier's verdict may stand,
        as the rules let several softened signs complete a category."""
        mild = self._mild_mentions(cid)
        if mild is None:
            return False
        sc, mk = self.scope, self.scope.mk
        first = mild[0]
        if _acute_after(sc.text, first.end, mk["episode_acute"], mk) or _acute_after(
            sc.text, first.end, mk["severe_quality"], mk
        ):
            return True
        spans: list[tuple[int, int]] = []
        for other in sorted(self.possible):
            status = self._status(other)
            if status == "valid":
                mentions = self._mentions(other)
                kept = [
                    m for m in mentions if _cancelled(m, sc.cat.concepts[other], sc.cat, sc) is None
                ][:1]
            elif status == "cancelled":
                kept = (self._mild_mentions(other) or [])[:1]
            else:
                kept = []
            for m in kept:
                if all(m.end <= lo or m.start >= hi for lo, hi in spans):
                    spans.append((m.start, m.end))
        return len(spans) >= MILD_WITH_COMPANIONS

    def holds(self, cid: str) -> bool:
        """Is the concept said (and not set aside)?  Checked on demand: assess() matched
        only the concepts that could complete a category."""
        return self._status(cid) == "valid"

    def _status(self, cid: str) -> str:
        """ "valid", "cancelled" or "absent" (cached)."""
        status = self.checked.get(cid)
        if status is None:
            cat = self.scope.cat
            concept = cat.concepts.get(cid)
            mentions = []
            if concept is not None:
                mentions = _concept_mentions(self.text, self.atoms, self.by_class, concept)
            status = "absent"
            for m in mentions[:MAX_TRIES]:
                why = _cancelled(m, concept, cat, self.scope)
                if why is None or (why in _LONG_STANDING and _reopened(m, self.text, cat)):
                    status = "valid"
                    break
                if why != "doubt":
                    status = "cancelled"
            self.checked[cid] = status
        return status


@dataclass
class Assessment:
    flags: list[RedFlagHit] = field(default_factory=list)
    acuity: str | None = None  # set for emergencies and for the graded non-emergencies
    concepts: set[str] = field(default_factory=set)  # valid concepts
    soft: set[str] = field(default_factory=set)  # concepts seen but cancelled softly
    signals: bool = False  # some word of the catalogue occurs at all
    known: set[str] = field(default_factory=set)  # concepts and patient facts that hold
    # a fact to ask before the classifier's verdict can count: {"question", "category"}
    ask: dict[str, str] | None = None
    _probe: _Probe | None = None

    def holds(self, term: str) -> bool:
        """A patient fact or a concept that the message states."""
        if term in self.known:
            return True
        return self._probe is not None and term not in FACTS and self._probe.holds(term)

    def sign_told(self, category_id: str) -> bool:
        """Is one of this category's own signs said and not set aside (大便有点黑 for
        black stools), with nothing said that the category rules out (the ``!`` facts of
        its conditions)?  A sign is what a history can set aside (a known diabetes, a
        recent operation or a boy named is who the patient is, not what happens now)."""
        if self._probe is None:
            return False
        cat = self._probe.scope.cat
        vetoes = cat.vetoes_of_category.get(category_id, frozenset())
        if any(self.holds(v) for v in vetoes):
            return False  # 血压130多，头有点晕: a reading in the ordinary range speaks against
        return any(
            self._probe.holds(c)
            for c in cat.concepts_of_category.get(category_id, ())
            if c not in _QUALIFIERS and "history" in cat.concepts[c].cancel
        )

    def set_aside(self, category_id: str) -> bool:
        """Did the message deny a red flag (没有口歪), or mention a sign of this category
        and set it aside (past, hypothetical, asked about, mild, over …)?  Then a
        classifier verdict for this category is not believed: the rules understood what
        was said, and the classifier cannot read a denial."""
        return self._probe is not None and self._probe.set_aside(category_id)

    def set_aside_only_as(self, category_id: str, reasons: frozenset[str]) -> bool:
        """Were this category's signs set aside only for these reasons (history,
        hypothetical …), never denied and never about a thing or an animal?"""
        return self._probe is not None and self._probe.set_aside_only_as(category_id, reasons)


class _Atom(NamedTuple):  # a tuple: thousands are made per long message
    start: int
    end: int
    classes: frozenset[str]


# _Atom((start, end, classes)) without the Python-level __new__ of a named tuple (the
# same tuple, made at C level: tens are made per message)
_new_atom = partial(tuple.__new__, _Atom)


class Mention(NamedTuple):
    concept: str
    start: int
    end: int
    atoms: tuple[tuple[int, int], ...]


# ---------------------------------------------------------------- matching
def respelled(text: str, cat: Catalogue) -> str:
    """Common typos, homophones and dialect words rewritten to the standard word (兄口 →
    胸口, 度子 → 肚子, 莫得 → 没有).  Each rewrite keeps the length, so offsets stay valid.
    A rewrite is tried only when the text holds a literal of its gate (the literals held
    are found once, and again after a rewrite that changed the text)."""
    present = held(cat.respell_index, text)
    by_literal = cat.respell_by_literal.__getitem__
    k = 0  # the rewrites before it are done
    while present:
        # the next rewrite (in catalogue order) whose gate a literal of the text passes
        j = min((i for i in chain.from_iterable(map(by_literal, present)) if i >= k), default=-1)
        if j < 0:
            break
        rx, replacement, _ = cat.respell[j]
        fixed = rx.sub(
            lambda m, r=replacement: r if len(r) == len(m.group(0)) else m.group(0), text
        )
        if fixed != text:
            text = fixed
            present = held(cat.respell_index, text)
        k = j + 1
    return text


def _broken(cat: Catalogue, word: str, text: str, i: int) -> bool:
    """Is the ignored ``word`` at ``i`` split by the word before it (两天黑便 is 两天 and 黑便,
    no 天黑)?"""
    rx = cat.ignore_broken_after.get(word)
    return rx is not None and rx.search(text, max(0, i - 4), i + 1) is not None


def _atoms(text: str, cat: Catalogue) -> list[_Atom]:
    """Every dictionary word at every position (overlaps allowed, so a literal word of
    one concept never hides a class word of another), minus words that lie inside an
    ignored word (手机 is not 手, 抽烟 is not 抽).

    The candidate positions come from one C-level pass (each two-character window
    looked up with ``map``); only they enter the Python loop."""
    terms, ignore, by_prefix = cat.words.terms, cat.ignore, cat.by_prefix
    one = list(map(cat.single_classes.get, text))  # classes of one-character words
    at_one = list(compress(range(len(one)), one))
    ones = zip(at_one, map((1).__add__, at_one), compress(one, one), strict=True)
    found = list(map(_new_atom, ones))
    ignored: list[tuple[int, int]] = []
    # the lengths of the words starting with each two-character window (None: no word)
    at = list(map(by_prefix.get, windows(text)))
    n = len(text)
    for i in compress(range(len(at)), at):
        for length in at[i]:
            if i + length > n:
                continue  # cut off by the end of the text: some shorter word (不太醒 of 不太醒来)
            word = text[i : i + length]
            cls = terms.get(word)
            if cls is None:
                continue
            if cls:
                found.append(_new_atom((i, i + length, cls)))
            if word in ignore and not _broken(cat, word, text, i):
                ignored.append((i, i + length))
    if ignored:
        # (a word is dropped only if it starts inside an ignored word: the others are
        # kept without a look at each ignored word)
        lo, hi = min(s for s, _ in ignored), max(e for _, e in ignored)
        found = [
            a
            for a in found
            if not lo <= a.start < hi
            or not any(
                (s <= a.start and a.end <= e and (e - s) > (a.end - a.start)) or s < a.start < e
                for s, e in ignored
            )
        ]
    if _DIGIT.search(text) or _CN_RANGE_RE.search(text) or "点" in text or _CN_COUNT.search(text):
        # the quantities whose gate a literal of the text passes, and those with no
        # gate, in catalogue order (one C-level pass finds the literals)
        by_literal = cat.quantities_by_literal.__getitem__
        present = held(cat.quantity_index, text)
        todo = {*cat.ungated_quantities, *chain.from_iterable(map(by_literal, present))}
        for k in sorted(todo):
            pattern, _, bounds = cat.quantities[k]
            for m in pattern.finditer(text):
                raw = next((g for g in m.groups() if g), None)
                if m.groupdict().get("h2") is not None:
                    value = clock_span_hours(m)
                else:
                    try:
                        value = float(raw) if raw is not None else None
                    except ValueError:
                        sd = m.groupdict().get("sd")
                        if raw in CN_DIGITS:
                            # a count told with one numeral the normaliser leaves as a
                            # word (才两下: 下 is no unit of it, 一下 is "a moment")
                            value = float(CN_DIGITS[raw])
                        else:
                            value = cn_range_top(raw) if sd is None else spoken(raw)
                for cls, lo, hi in bounds:
                    if value is not None and (
                        (lo is not None and value < lo) or (hi is not None and value > hi)
                    ):
                        continue
                    found.append(_Atom(m.start(), m.end(), cls))
    # by start, longer first (two stable C-level sorts: by end descending, then by start)
    found.sort(key=_END, reverse=True)
    found.sort(key=_START)
    return found


# the hour a clock time of the day names, on a 24-hour clock (下午3点 → 15, 半夜12点 → 24)
_AFTERNOON = ("中午", "下午", "傍晚", "晚上", "夜里", "半夜")


def _clock(part: str | None, hour: int) -> int:
    if part in _AFTERNOON and hour < 12 and not (part == "中午" and hour >= 11):
        return hour + 12
    if part == "半夜" and hour == 12:
        return 24
    return hour


def clock_span_hours(m: re.Match[str]) -> float | None:
    """The hours from the first clock time of ``m`` to the second (groups p1, h1, p2, h2):
    早上7点…现在晚上8点 → 13.  A time of day told once counts for both; a second time
    earlier than the first is on the next day; an hour in Chinese numerals (早上八点)
    is read only after a part of the day (the catalogue's pattern).  None for an hour that is no clock time."""
    # (an hour in digits or in Chinese numerals: 8, 八, 十一)
    h1, h2 = (
        int(raw) if raw.isdigit() else int(cn_to_number(raw) or 0)
        for raw in (m.group("h1"), m.group("h2"))
    )
    if h1 > 24 or h2 > 24:
        return None
    p1, p2 = m.group("p1"), m.group("p2")
    t1 = _clock(p1 or p2, h1)
    t2 = _clock(p2 or p1, h2)
    return float((t2 - t1) % 24)


def spoken(raw: str) -> float | None:
    """A reading as it is said: 2点几 → 2, 三点多 → 3, 二点八 → 2.8, 2点8 → 2.8."""
    m = _SPOKEN_DECIMAL_RE.fullmatch(raw)
    if m is None:
        return None
    # one digit before the point, digits after it, each an Arabic or a Chinese digit
    return float(
        ".".join(
            "".join(str(CN_DIGITS.get(c, c)) for c in part)
            for part in (m.group("i"), m.group("f") or "0")
        )
    )


def cn_range_top(raw: str) -> float | None:
    """The upper end of a range told in Chinese numerals (七八 → 8, 十七八 → 18, 二三十 →
    30, 一两 → 2, 两三百 → 300), which the normaliser leaves as words (it is no one number).  A
    duration is read at its longer end: "七八分钟" of a fit is past five minutes."""
    m = _CN_RANGE_RE.fullmatch(raw)
    if m is None or CN_DIGITS[m.group("b")] != CN_DIGITS[m.group("a")] + 1:
        return None  # 三八: no range
    tens, top = m.group("tens"), CN_DIGITS[m.group("b")]
    if m.group("ten"):
        return top * (100.0 if m.group("ten") == "百" else 10.0)
    if tens is not None:
        return (CN_DIGITS.get(tens[:-1], 1) * 10.0) + top
    return float(top)


_START = itemgetter(0)
_END = itemgetter(1)


_DIGIT = re.compile(r"\d")
# a small count told in words after 才/只/就 (才两下, 只有三次): read by the quantities too
_CN_COUNT = re.compile("[就只才仅有][一两二三四五][次下回]")
_CLAUSE_RE = re.compile("[" + re.escape(_CLAUSE_END) + "]")
_SENTENCE_RE = re.compile("[" + re.escape(_SENTENCE_END) + "]")


def _concept_mentions(text: str, atoms: list[_Atom], by_class, concept: Concept) -> list[Mention]:
    """Every match of the concept's patterns in the text, in text order."""
    found = [
        m
        for seq in concept.patterns
        if seq[0] in by_class
        for m in _match(text, atoms, seq, concept, by_class)
    ]
    if concept.not_followed_by is not None:
        found = [m for m in found if not concept.not_followed_by.match(text, m.end)]
    if concept.not_preceded_by is not None:
        found = [m for m in found if not concept.not_preceded_by.search(text, 0, m.start)]
    if found and concept.not_inside:
        outer = [atoms[j] for c in concept.not_inside for j in by_class.get(c, ())]
        found = [m for m in found if not any(_inside(span, outer) for span in m.atoms)]
    found.sort(key=lambda m: (m.start, m.end))
    return found


def _inside(span: tuple[int, int], outer: list[_Atom]) -> bool:
    """The word at ``span`` lies within a longer word of ``outer`` (头 within 转头)."""
    lo, hi = span
    return any(a.start <= lo and hi <= a.end and a.end - a.start > hi - lo for a in outer)


def _match(text: str, atoms: list[_Atom], seq: tuple[str, ...], concept: Concept, by_class):
    """Occurrences of one pattern: each next word within the concept's gap of the
    previous one, in the same sentence, with no word of a barrier class in between."""
    out = []
    gap = concept.gap
    barriers = [by_class[b] for b in concept.barrier if b in by_class]
    rest = seq[1:]
    for cls in rest:
        if cls not in by_class:
            return out
    for i in by_class[seq[0]][:MAX_TRIES]:
        chain = [i]
        prev_end = atoms[i].end
        for cls in rest:
            nxt = None
            candidates = by_class[cls]
            # atoms are sorted by start: skip to the first one that starts after prev_end
            k = bisect_left(candidates, prev_end, key=lambda j: atoms[j].start)
            for j in candidates[k:]:
                a = atoms[j]
                if a.start - prev_end > gap and not _approximately_within(
                    text, prev_end, a.start, gap
                ):
                    break
                if any(ch in _SENTENCE_END for ch in text[prev_end : a.start]):
                    break
                if barriers and _barred(atoms, barriers, prev_end, a.start):
                    break
                nxt = j
                break
            if nxt is None:
                break
            chain.append(nxt)
            prev_end = atoms[nxt].end
        else:
            spans = tuple((atoms[k].start, atoms[k].end) for k in chain)
            out.append(Mention(concept.id, spans[0][0], spans[-1][1], spans))
    return out


# a count told approximately (吃了大概七八片, 喝了差不多半瓶, 至少十几颗): the approximator
# tells the count, it does not part the act from the thing
_APPROXIMATOR = re.compile("大概|大约|大致|差不多|约莫|起码|至少|少说")


def _approximately_within(text: str, lo: int, hi: int, gap: int) -> bool:
    """Are ``lo`` and ``hi`` within ``gap`` once the approximators of a count between
    them are left out (吃了大概五六颗我的降压药: 吃 … 降压药)?"""
    if hi - lo > gap + 4:
        return False
    slack = sum(len(x.group()) for x in _APPROXIMATOR.finditer(text, lo, hi))
    return slack > 0 and hi - lo - slack <= gap


def _barred(atoms: list[_Atom], barriers: list[list[int]], lo: int, hi: int) -> bool:
    """A word of a barrier class lies wholly in ``[lo, hi)``."""
    return any(lo <= atoms[j].start and atoms[j].end <= hi for b in barriers for j in b)


# an owner named right before a thing (我的鞋, 我们家的手机): not the one it happened to
_OWNER_RE = re.compile(r"(?:我|我们|你|他|她|咱|咱们)(?:家)?的?$")


# a nonhuman word that is something a person does (看新闻, 刷到视频, 玩游戏), and the
# words that may stand between its doer and it (我爸正在看新闻, 他一边刷视频)
_PASTIME = re.compile("[看刷玩追听]")
_DOING = re.compile("(?:正在|在|正|一直|还|又|刚才|刚|一边|边)+$")
# someone else, or the show's inside, named after the pastime (说有人晕倒了, 里面有个…)
_SOMEONE = re.compile(
    "有(?:[一1]?[个位些群])?人|有(?:[一1]?[个位])|[一1][个位]|某|别人|里面|里头|里边"
)


# a clause that opens with 被 (，被电了一下): its subject is the previous clause's
_PASSIVE_START = re.compile("[,，。]?(?:刚|刚才|今天|昨天|晚上|早上|下午)?被")

# a video opening its clause (，视频里说…) right after a clause that opens with a relative
# away and tells no pastime (老婆在老家，视频里说腿上的血止不住; 老公出差，视频里说胸口疼): the
# relative speaks in a video call — not a clip watched (我妈刷抖音，视频里说…)
_VIDEO_IN_CLAUSE = re.compile("视频(?:里|上|中)")
_KIN_OPENS = re.compile(
    "(?:我|俺)?(?:家)?的?(?:老公|老婆|爱人|媳妇|丈夫|妻子|儿子|女儿|闺女|孩子|爸爸?|妈妈?|"
    "老爸|老妈|爷爷|奶奶|外公|外婆|姥姥|姥爷|老伴|婆婆|公公|岳母|岳父|丈母娘|哥哥?|姐姐?|"
    "弟弟?|妹妹?|舅舅?|姨妈?|姑姑?|叔叔?|伯伯?|嫂子)"
)
_PASTIME_IN_CLAUSE = re.compile("[看刷追玩]|发了|转了|分享")


def _video_call_after(text: str, at: int) -> bool:
    """The video word at ``at`` opens a clause that follows a clause opening with a
    relative and telling no pastime (老婆在老家，视频里说…): the relative's video call."""
    if not _VIDEO_IN_CLAUSE.match(text, at) or at == 0 or text[at - 1] not in ",，":
        return False
    lo = max(text.rfind(c, 0, at - 1) for c in _CLAUSE_END) + 1
    prev = text[lo : at - 1]
    return _KIN_OPENS.match(prev) is not None and not _PASTIME_IN_CLAUSE.search(prev)


class _Scope:
    """One message's clauses and sentences, and which markers occur in which span
    (cached: several mentions share a clause)."""

    def __init__(
        self,
        text: str,
        cat: Catalogue,
        consult: bool,
        atoms: list[_Atom] | None = None,
        by_class: dict[str, list[int]] | None = None,
    ) -> None:
        self.raw, self.mk, self.consult, self.cat = text, cat.markers, consult, cat
        self.atoms, self.by_class = atoms or [], by_class or {}
        self.cache: dict[tuple[str, int, int], bool] = {}
        self.gated: dict[str, bool] = {}  # marker -> may it occur in the text at all?
        self.told_past: dict[tuple[str, int, int], bool] = {}  # (see ``past``)
        self.gates_passed: dict[tuple[re.Pattern[str], ...] | None, bool] = {}
        # the red-flag concepts whose words all occur (set by assess: `_case_told`)
        self.possible: frozenset[str] = frozenset()

    # the text the markers read, hedges blanked (on the first mention checked)
    @cached_property
    def _masked(self) -> tuple[str, tuple[tuple[int, int, bool], ...]]:
        return _mask_hedges(self.raw, self.cat)

    # (kept on the instance once read: tens of reads per mention checked)
    @cached_property
    def text(self) -> str:
        return self._masked[0]

    @cached_property
    def hedges(self) -> tuple[tuple[int, int, bool], ...]:
        return self._masked[1]

    def in_doubt(self, m: Mention) -> bool:
        """The mention lies inside a hedge that asks whether it counts (不知道算不算溺水)."""
        return any(lo <= m.start and m.end <= hi and doubt for lo, hi, doubt in self.hedges)

    def not_a_patient(self, m: Mention | None, lo: int, hi: int) -> bool:
        """The mention (or, with none, the span) is about an animal, a machine, a
        character or a textbook case (我家狗被蛇咬了, 手机屏幕突然黑了, 综艺节目里…晕倒):
        the nearest such subject before it with no person named in between (not 带狗去
        宠物医院的路上我突然胸口剧痛), or one after it in a sentence that names no person;
        never when a person is hurt too (我和狗都被蛇咬了, 狗没打疫苗，把孩子的脸咬破了)."""
        if not self.has("nonhuman", lo, hi) or self._person_patient(lo, hi):
            return False
        pattern = self.mk["person_word"]

        def person(a: int, b: int) -> bool:
            """A person word starting in [a, b), read with its lookahead (我的手机)."""
            x = pattern.search(self.text, a)
            return x is not None and x.start() < b

        if m is not None:
            last = None
            for x in self.mk["nonhuman"].finditer(self.text, lo, hi):
                if x.start() >= m.start:
                    break
                if not _video_call_after(self.text, x.start()):
                    last = x
            if last is not None:
                if last.end() > m.start:  # the mention is the thing's own fault (手机突然没反应):
                    lo = self.clause(last.start())[0]  # whose thing (我爸拿着手机…)? not
                    # its owner's word right before it (我的鞋被狗咬坏了)
                    owner = _OWNER_RE.search(self.text, lo, last.start())
                    return not person(lo, owner.start() if owner else last.start())
                return not person(last.end(), m.start) and not (
                    self._doer_named(last) and not _SOMEONE.search(self.text, last.end(), m.start)
                )
        return not person(lo, hi)

    def _doer_named(self, x: re.Match[str]) -> bool:
        """The nonhuman word is a pastime (看新闻, 刷到视频, 看鸟) whose doer is named right
        before it in its clause (我爸在看新闻，突然说头疼): the clauses after it that name
        no one else go on about that person, not about the show."""
        if not _PASTIME.match(x.group()):
            return False
        lo = self.clause(x.start())[0]
        head = _DOING.sub("", self.text[lo : x.start()])
        return any(p.end() == len(head) for p in self.mk["person_word"].finditer(head))

    @cached_property
    def quoted(self) -> bool:
        """Does the text hold an opening quotation or title mark (`_in_title`)?"""
        return any(map(self.text.__contains__, _OPENING_MARKS))

    @cached_property
    def about_no_person(self) -> bool:
        """A conversation (turns) that names no person in any turn and an animal, a thing
        or a character in one (我们家狗吐了 / 吐出来是红色的 / 这个不算吐血吧): the subject
        of one turn is the subject of the others, which leave it unsaid."""
        n = len(self.text)
        return TURN_SEPARATOR in self.raw and self.not_a_patient(None, 0, n)

    def _person_patient(self, lo: int, hi: int) -> bool:
        """A person is hurt in [lo, hi) (``person_patient``) — not by a clause that opens
        with 被 right after a clause whose subject is an animal or a thing (我家狗咬电线了，
        被电了一下: the dog was shocked)."""
        if not self.has("person_patient", lo, hi):
            return False
        for x in self.mk["person_patient"].finditer(self.text, lo, hi):
            if _PASSIVE_START.fullmatch(x.group()) and x.start() > 0:
                prev_lo = self.clause(x.start() - 1)[0]
                if self.mk["nonhuman"].match(self.text, prev_lo):
                    continue
            return True
        return False

    # read on the first mention checked (most messages have none)
    @cached_property
    def generic(self) -> bool:
        """A how-to or first-aid question about no one in particular ("溺水急救要先控水吗"),
        not an event told from a moment of now or today in a clause before the question
        (这会儿被狗咬了小腿，…狂犬疫苗门诊几点开门: the person is only left unnamed; not
        听说突然剧烈头痛…怎么区分: an onset word is no moment of the asker's day), nor one
        that asks whether it can wait until tomorrow (…发烧，可以吃点止痛药等明天吗: nobody
        waits for a clinic on a how-to)."""
        mk, text = self.mk, self.text
        if self.role_howto:
            return True  # 老人晕倒了，家属应该怎么处理: a kind of patient, a role asked about
        # (a person named is the cheaper test: most messages name one)
        if not self.occurs("info_question") or mk["personal"].search(text):
            return False
        x = mk["info_question"].search(text)
        if x is None:
            return False
        if self.occurs("defer") and mk["defer"].search(text):
            return False  # 可以吃点止痛药等明天吗: whether this patient's pain can wait
        if self.occurs("diagnosis_asked") and mk["diagnosis_asked"].search(text):
            return False  # 右下腹疼发烧，是阑尾炎吗: whether the asker's own signs are it
        if _WHERE_TO_GO.search(text):
            return False  # 误喝了百草枯 要去哪个医院 洗胃有用吗: where to take this patient
        q_lo = self.clause(x.start())[0]
        return not any(
            self.clause(t.start())[0] == t.start() < q_lo  # 今晨…: a clause opened by it
            for t in mk["present"].finditer(text, 0, x.start())
        ) and not self._case_told(q_lo)

    @cached_property
    def role_howto(self) -> bool:
        """A how-to asked of a role (家属, 家长, 旁人 …) about a kind of patient (老人晕倒了，
        家属应该怎么处理; 孩子高热惊厥，家长应该怎么做): a lesson, not a case — not when anyone
        is named beyond a bare kind (我妈, 他, 我们家孩子), nor with a moment, an onset or a
        state going on told (孩子刚才抽了，家长该怎么做; 老人突然晕倒，家属怎么办)."""
        mk, text = self.mk, self.text
        x = _ROLE_HOWTO.search(text)
        if x is None:
            return False
        if "?" in text[: x.start()] or "？" in text[: x.start()]:
            return False  # a question asked before it (…怎么办？我妈刚才…): a case may follow
        kinds = [p.group() for p in mk["personal"].finditer(text)]
        if any(k not in _KIND_OF_PATIENT for k in kinds):
            return False
        if "了" in text[: x.start()] and any(k in _KIND_OF_CHILD for k in kinds):
            return False  # 孩子抽搐了，家长该怎么办: a parent's own child, told done
        if _KIND_OWNED.search(text):
            return False  # 我家孩子, 家里老人: someone's own
        return not any(
            self.occurs(k) and mk[k].search(text) for k in ("onset", "present", "ongoing")
        )

    def _case_told(self, q_lo: int) -> bool:
        """Before the question's clause, two signs of one emergency told in words of
        their own (人晕倒叫不醒，是先打120还是…; 车祸后腿变形了，要不要先固定): the event
        and what is seen of it describe a case at hand, where a how-to names a situation
        in one word (晕倒了应该怎么急救, 溺水急救先控水还是先做心肺复苏).  A sign is a
        concept told of now (one a history or a consultation can set aside), not who the
        patient is (男孩); the words are the stretches that overlapping mentions cover
        (睾丸突然疼 is one, whatever concepts its parts make).  Not signs told as the time
        of a condition (心梗发作时胸口疼，…), of someone unnamed (有人突然晕倒，旁人该怎么
        做) or as what a source says (讲座说…: ``case_frame``)."""
        if q_lo == 0 or not self.possible:
            return False
        cat, text, frame = self.cat, self.text, self.mk["case_frame"]
        found: list[tuple[int, int, str]] = []
        for cid in self.possible - _QUALIFIERS:
            concept = cat.concepts[cid]
            if not {"history", "consult"} & concept.cancel:
                continue
            for m in _concept_mentions(self.raw, self.atoms, self.by_class, concept)[:MAX_TRIES]:
                if m.end > q_lo:
                    break
                c_lo, c_hi = self.clause(m.start)
                if not frame.search(text, c_lo, c_hi):
                    found.append((m.start, m.end, cid))
        # overlapping mentions are one stretch of words: (end, its concepts)
        stretches: list[tuple[int, set[str]]] = []
        for start, end, cid in sorted(found):
            if stretches and start < stretches[-1][0]:
                stretches[-1] = (max(end, stretches[-1][0]), stretches[-1][1] | {cid})
            else:
                stretches.append((end, {cid}))
        if len(stretches) < 2:
            return False
        # a category two stretches speak to, with distinct concepts
        of = cat.categories_of_concept
        told = [{(k, cid) for cid in cids for k in of.get(cid, ())} for _, cids in stretches]
        return any(
            k1 == k2 and a != b
            for i, first in enumerate(told)
            for later in told[i + 1 :]
            for k1, a in first
            for k2, b in later
        )

    @cached_property
    def learning(self) -> int | None:
        """Where the message says it asks to learn (想提前科普一下, 提前了解), when it tells
        no moment of an episode (今天, 刚才, 突然 …): what it names is no report — unless a
        person's event is told before the wish to learn (孩子吞了纽扣电池，想提前问问急诊在哪),
        which `learns_about` leaves standing."""
        mk, text = self.mk, self.text
        x = None
        if self.occurs("learning"):
            # (not a relative's video call told after the relative: `_video_call_after`)
            x = next(
                (
                    y
                    for y in mk["learning"].finditer(text)
                    if not _video_call_after(text, y.start())
                ),
                None,
            )
        if x is None or mk["onset"].search(text):
            return None
        # (是不是都要马上来: when to come is asked; 我现在28周都正常: all is well now —
        # neither is a moment of an episode: ``learning_not_now``)
        excused = (
            [(y.start(), y.end()) for y in mk["learning_not_now"].finditer(text)]
            if self.occurs("learning_not_now")
            else []
        )
        for p in mk["present"].finditer(text):
            if not any(lo <= p.start() < hi for lo, hi in excused):
                return None
        return x.start()

    def consult_reaches(self, m: Mention) -> bool:
        """A question about a known condition (吃什么药好, 能治好吗) covers the mentions of
        its own turn and of the turns before it, not a later turn that tells the
        complaint moving on (我妈胃不舒服，吃什么药好 … 现在疼到下巴和左胳膊了，一身汗)."""
        turn_lo = self.text.rfind(TURN_SEPARATOR, 0, m.start)
        turn_lo = 0 if turn_lo < 0 else turn_lo + len(TURN_SEPARATOR)
        asked = self.mk["consult"].search(self.text, turn_lo)
        if asked is None:
            return False
        # nor a later sentence that tells a case of now (宫外孕有什么症状？我停经七周，现在左下腹
        # 撕裂一样疼): the question was asked first, then the complaint at hand
        # — also a clause of its own after a question told with a comma (心脏病发作有什么症状
        # 啊，我现在胸口特别闷): the clause opens with its moment of now
        s_lo = max(self.text.rfind(c, 0, m.start) for c in _SENTENCE_END) + 1
        c_lo = self.clause(m.start)[0]
        if any(
            asked.end() <= lo
            and self.has("present", lo, m.start)
            and not self.has("learning", lo, m.end)
            for lo in (s_lo, c_lo)
        ):
            return False
        # — or a later sentence that opens with the person it happens to (酮症酸中毒有什么症状？
        # 我孩子呼吸很深，一直吐): the question asked, then the case
        return not (
            asked.end() <= s_lo
            and self._opens_with_patient(s_lo)
            and not self.has("learning", s_lo, m.end)
        )

    def _opens_with_patient(self, s_lo: int) -> bool:
        """A sentence that opens with the person it is about and tells a state, not asks
        (低血糖有什么症状？我爸在出汗手抖; …？我儿子一边蛋疼): the patient named after the
        question brings the complaint at hand, as a word of now does."""
        x = self.mk["personal"].match(self.text, s_lo)
        if x is None or not _PATIENT_OPENING.match(self.text, s_lo):
            return False
        # a state told as it is (在出汗, 一边蛋疼), not an event told done at some time
        # (我外婆半小时前喝了一口水: the rules read what was drunk and when)
        s_hi = self.sentence(s_lo)[1]
        return not _ASKS.search(self.text, s_lo, s_hi) and "了" not in self.text[s_lo:s_hi]

    def learns_about(self, m: Mention) -> bool:
        """The wish to learn covers the mention: it comes first, or no person is named."""
        at = self.learning
        if at is None:
            return False
        return at < m.start or self.mk["personal"].search(self.text, 0, m.start) is None

    def spans(self, marker: str, lo: int, hi: int, pos: int) -> bool:
        """A marker in ``[lo, hi)`` that starts before ``pos`` (it may reach over it:
        听说孩子吞电池很危险 holds the mention)."""
        x = self.mk[marker].search(self.text, lo, hi)
        return x is not None and x.start() < pos

    @cached_property
    def clause_ends(self) -> tuple[list[float], list[int], list[int]]:
        """Where each clause ends: a punctuation mark, or — in a message run on without
        one (a voice message) — the start of a report after an errand (…报告怎么打印我爸
        这会儿喘得很厉害; …会不会有影响因为我家孩子这两天…: ``report_opens``), which
        then opens the next clause.  (bisect keys, clause ends, next clause starts)"""
        text = self.text
        ends = [(m.start(), m.start(), m.start() + 1) for m in _CLAUSE_RE.finditer(text)]
        if self.occurs("report_opens"):
            for x in self.mk["report_opens"].finditer(text):
                p = x.start()
                if p > 0 and text[p - 1] not in _CLAUSE_END:
                    ends.append((p - 0.5, p, p))
            ends.sort()
        return [e[0] for e in ends], [e[1] for e in ends], [e[2] for e in ends]

    @cached_property
    def sentence_ends(self) -> tuple[list[int], list[int], list[int]]:
        ends = [m.start() for m in _SENTENCE_RE.finditer(self.text)]
        return ends, ends, [e + 1 for e in ends]

    @staticmethod
    def _around(ends: tuple[list, list[int], list[int]], pos: int, n: int) -> tuple[int, int]:
        keys, his, los = ends
        k = bisect_left(keys, pos)
        return (los[k - 1] if k else 0), (his[k] if k < len(keys) else n)

    def clause(self, pos: int) -> tuple[int, int]:
        return self._around(self.clause_ends, pos, len(self.text))

    def within(self, lo: int, hi: int) -> list[_Atom]:
        """The atoms that lie wholly in ``[lo, hi)``, in order: found by bisection over
        the atoms (sorted by start) rather than a pass over all of them for each mention
        (a long message has hundreds)."""
        atoms = self.atoms
        out = []
        for k in range(bisect_left(atoms, lo, key=_START), len(atoms)):
            a = atoms[k]
            if a.start > hi:
                break
            if a.end <= hi:
                out.append(a)
        return out

    def sentence(self, pos: int) -> tuple[int, int]:
        return self._around(self.sentence_ends, pos, len(self.text))

    def occurs(self, marker: str) -> bool:
        """May the marker match anywhere in the text (its literal gate, once per message)?"""
        hit = self.gated.get(marker)
        if hit is None:
            hit = self.gated[marker] = may_occur(self.cat, marker, self.text)
        return hit

    def has(self, marker: str, lo: int, hi: int) -> bool:
        key = (marker, lo, hi)
        hit = self.cache.get(key)
        if hit is None:
            if not self.occurs(marker):
                hit = False
            elif marker == "habitual":
                hit = next(self.habits(lo, hi), None) is not None
            else:
                hit = self.mk[marker].search(self.text, lo, hi) is not None
            self.cache[key] = hit
        return hit

    def may_match(self, gates: tuple[re.Pattern[str], ...] | None) -> bool:
        """May a pattern with these ``literal_gates`` match anywhere in the text (tested
        once per message: a pattern scanned for each mention from a position on)?"""
        hit = self.gates_passed.get(gates)
        if hit is None:
            hit = self.gates_passed[gates] = may_match_all(gates, self.text)
        return hit

    def past(self, marker: str, lo: int, hi: int) -> bool:
        """`_past` of the text's ``[lo, hi)`` with the past-time ``marker`` (cached: the
        mentions of one sentence share their heads)."""
        key = (marker, lo, hi)
        hit = self.told_past.get(key)
        if hit is None:
            hit = self.told_past[key] = self.occurs(marker) and _past(
                self.text[lo:hi], self.mk[marker], self.mk["present"]
            )
        return hit

    def habits(self, lo: int, hi: int) -> Iterator[re.Match[str]]:
        """The habitual words in ``[lo, hi)`` that speak of a habit: not one that follows
        a word of today's episode in its own clause (今天叫他老是昏昏沉沉的: all day today,
        not for years)."""
        for x in self.mk["habitual"].finditer(self.text, lo, hi):
            c_lo = self.clause(x.start())[0]
            if not self.mk["same_day"].search(self.text, c_lo, x.start()):
                yield x

    def sign_after(self, lo: int, hi: int) -> bool:
        """Is one of the catalogue's continuing signs said in ``[lo, hi)``, neither
        denied right before it nor softened (但是一直喘; not 但是没再喘, 但是有点喘)?"""
        cat, text = self.cat, self.text
        for cid in sorted(cat.continuing):
            concept = cat.concepts[cid]
            for m in _concept_mentions(self.raw, self.atoms, self.by_class, concept):
                if m.start < lo or m.end > hi:
                    continue
                if self.mk["negated_just_before"].search(text, max(lo, m.start - 3), m.start):
                    continue
                c_lo, c_hi = self.clause(m.start)
                if _mild_at(m, self, self.mk["mild"], c_lo, c_hi):
                    continue
                return True
        return False


def _mask_hedges(text: str, cat: Catalogue) -> tuple[str, tuple[tuple[int, int, bool], ...]]:
    """``text`` with each hedge (可能没什么大事, 不知道算不算严重, 可能是眼睛累了, 他说没事)
    blanked out for the scoping markers, and the hedges' spans.  A guess at the cause, a
    doubt about how serious it is or the patient's own reassurance is not a hypothetical,
    a question, a mild sign or a resolution: the sign told next to it is there."""
    spans = _hedge_spans(text, cat)
    if not spans:
        return text, ()
    chars = list(text)
    for lo, hi, _ in spans:
        chars[lo:hi] = HEDGE_MASK * (hi - lo)
    return "".join(chars), spans


# the last text's hedges: the classifier's second reading (``unhedged``) cuts the hedges
# the rule layer masked in the same message a moment before (catalogue, text, spans)
_last_hedges: tuple[Catalogue | None, str, tuple[tuple[int, int, bool], ...]] = (None, "", ())


def _hedge_spans(text: str, cat: Catalogue) -> tuple[tuple[int, int, bool], ...]:
    """The catalogue's ``hedge`` matches in ``text`` that are not empty: (start, end,
    whether it asks whether the sign counts)."""
    global _last_hedges
    last = _last_hedges
    if last[0] is cat and last[1] == text:
        return last[2]
    rx = cat.markers.get("hedge")
    if rx is None or not may_occur(cat, "hedge", text):
        spans: tuple[tuple[int, int, bool], ...] = ()
    else:
        whether = cat.markers["whether"]
        spans = tuple(
            (h.start(), h.end(), bool(whether.search(h.group())))
            for h in rx.finditer(text)
            if h.end() > h.start()
        )
    _last_hedges = (cat, text, spans)
    return spans


# punctuation left dangling where a hedge was cut out: before other punctuation, at
# the end, or at the start of the message or of a turn
_DANGLING = re.compile(
    r"[,，、;；~～… ]+(?=[,，、;；.。!！?？\n]|$)"
    r"|(?:^|(?<=[.。!！?？;；\n]))[,，、;；.。!！?？~～… ]+"
)
_QUESTION_MARKS = "?？"


def unhedged(text: str) -> str:
    """The normalised ``text`` without its hedges (可能是我想多了, 可能是累了) and the
    questions whether it can wait (明天再去看行吗, 我先观察一下, 这算正常吗) and the
    errands asked beside the report (验光要预约吗, 想挂个心理科的号) and a belief the
    writer held of a harmless cause (我以为是上火了) — the catalogue's ``hedge``,
    ``wait``, ``admin`` and ``belief`` markers: what the emergency classifier reads a
    second time, so a report played down is judged by the signs it tells.  The text
    itself when there is nothing to cut or nothing would be left."""
    cat = compiled()
    spans = [(lo, hi) for lo, hi, _ in _hedge_spans(text, cat)]
    spans += [
        (m.start(), m.end())
        for name in ("wait", "admin", "belief")
        if (rx := cat.markers.get(name)) is not None and may_occur(cat, name, text)
        for m in rx.finditer(text)
        if m.end() > m.start()
    ]
    if not spans:
        return text
    keep = bytearray(b"\1") * len(text)
    for lo, hi in spans:
        while hi < len(text) and text[hi] in _QUESTION_MARKS:
            hi += 1  # the question goes with its mark
        keep[lo:hi] = bytes(hi - lo)
    cut = "".join(ch for ch, k in zip(text, keep, strict=True) if k)
    cut = _DANGLING.sub("", cut)
    return cut if _HAS_WORD.search(cut) else text


_HAS_WORD = re.compile(r"[\u4e00-\u9fff]")


def may_occur(cat: Catalogue, marker: str, text: str) -> bool:
    """Can ``marker`` match in ``text``?  No when the text holds none of the literal
    strings of one of its gates (every match contains one of each): most markers are
    long alternations that the regex engine would try at every position of a long
    message."""
    return may_match_all(cat.marker_all_gates.get(marker), text)


# outcomes that end a swallowing (拉出来了, 吐出来了): told before a later sentence that
# tells a new swallowing (这次又吞了…), they belong to the earlier one
_SWALLOW_OUTCOMES = frozenset({"object_passed", "battery_out"})
_AGAIN = re.compile("又|再次|再一次|这次|这回|今天|刚才|刚刚|现在")


def _swallowed_again(sc: _Scope, s_hi: int) -> bool:
    """A later sentence tells a swallowing anew (又, 这次, 刚才 … before a swallow word)."""
    for i in sc.by_class.get("swallow", ()):
        a = sc.atoms[i]
        if a.start < s_hi:
            continue
        n_lo, _ = sc.sentence(a.start)
        if _AGAIN.search(sc.text, n_lo, a.start):
            return True
    return False


# A first exposure told before it happens (他之前没吃过腰果，吃了几个以后…): "never before"
# dates the earlier days, it does not deny that the thing was taken now
_FIRST_TIME_BEFORE = re.compile(
    "(?:之前|以前|从前|原来|过去|从来|从小到大)(?:都|也|还|从来)?(?:没有?|未)"
    "(?:吃|喝|碰|用|接触|打|尝|试)过(?:的)?$"
)
# The sign's word naming a remedy that is lacking (家里没有过敏药, 没带退烧药): the
# denial is of the medicine at hand, not of the sign
_REMEDY_AFTER = re.compile("(?:的)?(?:药|药物|药膏|药水|喷剂|喷雾)")
# a denial of the usual state (她平时从不胸闷, 他一向不怎么咳): it tells what is normal
# for the patient, it does not deny the sign told of this episode
_BASELINE_DENIED = re.compile(
    "(?:(?:平时|平常|平日|向来|一向|素来|往常|以往)[^,，。；;]{0,3}?(?:从来)?(?:不|没有?)|从来不)"
    "[^,，。；;]{0,2}$"
)
# a clause that tells the event again, of this episode (，今天又吃了, ，这次又摔了, ，又吞了)
# — or a reading of this episode told after the earlier ones (血糖以前也高过，二十多…，
# 这次33: the number now)
_RETOLD = re.compile(
    "(?<=[,，;；])(?:今天|今早|今晚|今儿|这次|这回|这[一1]次|刚才|刚刚|现在)?"
    "[^,，。；;]{0,3}?(?:又|再次|再一次)|"
    "(?<=[,，;；])(?:这次|这回|这[一1]次|今天|现在|刚才|刚刚)"
    "(?:测的|测了|测出来?|量的|量了|是|有|都|已经)?(?=\\d)"
)
_RETOLD_GATES = literal_gates(_RETOLD)


def _retold_within(m: Mention, sc: _Scope) -> int:
    """Where a clause inside the mention tells its event again for this episode (上回吃
    那种菌子也好好的，今天又吃了，吃完就吐: the mushroom is eaten again today), or the
    mention's start when none does: what the earlier clauses said (也好好的, 上回) was
    of the earlier time and reaches no later word of the mention."""
    # between its words; within a reading's one word, which may span clauses (血糖…，这次33)
    lo, hi = (m.atoms[0][1], m.atoms[-1][0]) if len(m.atoms) > 1 else (m.start, m.end)
    if hi - lo < 2 or not sc.may_match(_RETOLD_GATES):
        return m.start
    last = None
    for x in _RETOLD.finditer(sc.text, lo, hi):
        last = x
    return m.start if last is None else last.start()


# what the bite, scratch or splash reached was the clothes, and the skin is told untouched
# later in the sentence (被狗咬住了裤腿，腿上皮肤完好; 热汤洒到了外套上，皮一点没红): the
# person was not reached — not when the skin is asked about (腿上有牙印吗)
_CLOTHES_ONLY = re.compile(
    "(?:到|住|破|烂|在)?了?(?:[^,，。]{0,2}的)?"
    "(?:裤腿|裤脚|裤管|裤子|衣服|衣袖|袖子|袖口|外套|裙子|裙摆|衣角|鞋子?|袜子)上?"
    "(?=[^。!！?？]{0,20}?(?:(?:皮肤|皮|肉)[^,，。]{0,2}(?:完好|好好的|没破|没有破|没伤|没事|没红)"
    "|(?:一点|一丝|一道|一个)?(?:痕迹|印子|牙印|伤口|红印)(?:都|也)?(?:没有|没)(?![吧吗么呢])))"
)


def _cancelled(m: Mention, concept: Concept, cat: Catalogue, sc: _Scope) -> str | None:
    """Why this mention does not count (None: it counts).  ``sc.consult``: the message
    asks about a known condition (diagnosed or long-standing) rather than reporting one."""
    text, mk = sc.text, cat.markers
    c_lo, c_hi = sc.clause(m.start)
    c_hi = max(c_hi, sc.clause(m.end - 1)[1])
    s_lo, s_hi = sc.sentence(m.start)
    if "nonhuman" in concept.cancel and (sc.not_a_patient(m, s_lo, s_hi) or sc.about_no_person):
        return "nonhuman"
    if concept.id in _SWALLOW_OUTCOMES and _swallowed_again(sc, s_hi):
        return "history"  # 去年吞过硬币…拉出来了。这次又吞了电池: the outcome was the coin's
    if "hypothetical" in concept.cancel and sc.hedges and sc.in_doubt(m):
        return "doubt"  # not said, not set aside: the classifier may still judge
    if "hypothetical" in concept.cancel and _in_title(text, m, sc):
        return "title"  # 《想死却又不敢》这首歌: the words name a song, book or show
    before = text[c_lo : m.start]
    after = text[m.end : c_hi]
    cancel = concept.cancel
    if _opens_a_not_a(text, m.start) and not _NO_ANSWER.match(text, max(c_hi, m.end)):
        # 我问他有没有伤口。有，两个小黑洞: the all-clear's words inside a yes-no question
        # are asked, not told (unless the answer that follows is no)
        return "doubt"
    if concept.turned_back == "all_clear" and _LATER_TURN.search(text, m.end):
        return "negation"  # 胎动很活跃，但今天突然感觉不到了: the all-clear taken back
    retold: int | None = None  # `_retold_within`, read once (by the negation or history test)
    if "info" in cancel and _SERVICE_AFTER.match(text, m.end):
        return "doubt"  # 蛇伤门诊在几楼, 胸痛中心怎么走: the words name a clinic
    if concept.explained_by and _explained(
        m, concept.explained_by, sc, s_lo, c_hi, concept.explained_in_sentence
    ):
        return "explained"
    if (
        "negation" not in cancel
        and concept.id in cat.vetoes
        and _denied_before(before, cat) == "negation"
    ):
        return "negation"  # 没吃西瓜也没吃红色的东西，吐出来暗红的: no red food explains it
    if (
        concept.id in cat.vetoes
        and _ALL_CLEAR_WORD.search(text, m.start, m.end)
        and _BELIEVED.search(before)
        and _CORRECTED_LATER.search(text, m.end, min(len(text), m.end + 24))
    ):
        return "guess"  # 以为没破皮，不对，仔细看有个小洞在渗血: a belief taken back
    if (
        "negation" in cancel
        and _MISTAKEN.search(before)
        and _CORRECTED_AS.search(text, m.end, min(len(text), m.end + 24))
    ):
        return "negation"  # 以为被蛇咬了，仔细看是被树枝划了一下: a mistake corrected
    if concept.id in cat.vetoes and _guess_turned(sc, c_lo, m, s_hi):
        return "guess"  # 他说应该是吃了西瓜，可吐了一大碗暗红的: a guess taken back
    if concept.id in cat.vetoes and _denied_later(m, sc):
        return "negation"  # 吃猪血会拉黑便吗？…我没吃猪血: the cause asked about is denied
    # negation: right before the mention (a list 没有发烧、抽搐 shares it), or in a gap;
    # an understatement (不怎么疼, 不太喘) is a mild sign, not a denial
    if "negation" in cancel:
        why = _denied_before(before, cat)
        if (
            why == "negation"
            and _a_not_a(before, text, m.start)
            and not _NO_ANSWER.match(text, max(c_hi, m.end))
        ):
            # 问他想不想睡觉。嗯，一直打哈欠: a yes-no question, neither told nor denied
            # (unless the answer that follows is no: 他说不想)
            return "doubt"
        if why == "negation" and _BASELINE_DENIED.search(before):
            return "doubt"  # 她平时从不胸闷: the usual state, no word on this episode
        if why == "negation" and _FIRST_TIME_BEFORE.search(before):
            return "doubt"  # 之前没吃过腰果: a first time, neither told nor denied here
        if why == "negation" and _REMEDY_AFTER.match(text, m.end):
            return "doubt"  # 家里没有过敏药: the remedy is lacking, the sign not denied
        if why == "negation" and _corrected(m, sc, c_lo):
            why = None  # 不是吞了硬币，是纽扣电池: the thing is corrected, the act affirmed
        if why == "negation" and "history" not in cancel and _EXCESS_AFTER.match(text, m.end):
            why = None  # 没吃降糖药过量: the excess is denied, not the drug he takes
        if why == "negation" and concept.turned_back == "denial" and _turns_later(sc, m.end, c_hi):
            # 没想过要伤害自己，但是有时候会有这种冲动: a denial of the thought that the
            # message then turns against (但, 可是, 不过) is no denial; what the turn tells may
            # be the thought itself in words the catalogue does not know
            why = None
        if why is not None:
            return why
        # the longer word the mention is part of is denied (没大血块: 血块; 没呕吐: 吐)
        word = _enclosing_word(m, sc)
        if word is not None and _denied_before(text[c_lo : word.start], cat) == "negation":
            return "negation"
        # an item of a list (、 ends a clause): the list's head may hold the negator
        # (没有发烧、抽搐; 否认呼吸困难、口唇发绀)
        items = _list_head(text, c_lo, sc)
        if items < c_lo and _list_denied(cat.filler.sub("", text[items : m.start]), cat):
            return "negation"
        if _unlike(m, sc):
            return "negation"
        retold = _retold_within(m, sc)
        for (_, e1), (s2, _) in zip(m.atoms, m.atoms[1:], strict=False):
            gap = text[max(e1, retold) : s2] if s2 > retold else text[e1:s2]
            # a clause that turns back to the report (估计是草蛇，没啥事，可脚背肿到小腿了;
            # 猫打过针，可是抓得很深): what was played down or denied before the turn does
            # not reach the words after it, and the turn word's own 不 (不过) is no denial
            backs = [x.end() for x in _TURN_BACK.finditer(gap)]
            if backs:
                gap = gap[backs[-1] :]
            if cat.negator.search(gap) and _CAUGHT.match(text, s2):
                # 蛇没抓到，也不知道有没有毒: the animal was not caught, nothing denies
                # that it bit (its words here neither make this concept nor deny it)
                return "doubt"
            gap = _NOT_CAUGHT.sub("", gap)
            # 吐的不是酒，是血; 吞的不是糖，是纽扣电池: the "not" is of the thing first
            # named, the correction that ends the gap affirms the act with the second
            gap = _GAP_CORRECTED.sub("", gap)
            gap = _UNCONTROLLED.sub("", gap)  # 手脚不受控制地抽: how it moves, no denial
            gap = _UNABLE.sub("", gap)  # 摔倒了起不来，头上流血: how bad it is, no denial
            if text[e1 - 1] in "过了":
                gap = _TAG_QUESTION.sub("", gap)  # 忘了吃过药没有，又吃了一遍: asked, then taken
            if _REFUSAL.search(gap, max(0, len(gap) - 3)):
                # 头很疼，不让碰脖子: a refusal (不让, 不肯) is no denial of the sign;
                # the words do not make this concept, nor deny it
                return "doubt"
            if _GONE.search(gap) and _swallow_at(sc, s2):
                gap = _GONE.sub("", gap)  # 电池没了，孩子说放嘴里吞了
            # (天黑没看清, 不知道: doubt about what bit, not a denial that it did)
            gap = mk["guess"].sub("", gap)
            if cat.negator.search(gap) and cat.negator.search(cat.filler.sub("", gap)):
                return "mild" if mk["understated"].search(cat.filler.sub("", gap)) else "negation"
        if after and mk["negated_after"].match(after):
            return "negation"
        if _CLOTHES_ONLY.match(text, m.end):
            return "negation"  # 被猫挠到了袖子，胳膊上一道印子都没有: only the clothes
        if (
            after
            and text[m.end - 1] not in "都也还"
            and mk["normal_after"].match(after)
            and not _lay_claim_turned(sc, c_lo, m, s_hi)
        ):
            # 喘气正常: told normal (not 喝水都正常: even drinking is; not 他爸说蛋疼正常，
            # 可儿子疼得直哭: a lay say-so the sentence turns against)
            return "negation"
    if (
        "negation" in cancel
        and sc.occurs("mistaken")
        and mk["mistaken"].search(text, s_lo, m.start)
        and mk["disproved"].search(text, m.end, s_hi)
        and not sc.has("ongoing", m.end, s_hi)
    ):
        return "negation"  # 以为孩子喝了洗洁精，瓶子封口完整: a scare disproved
    if "request" in cancel and mk["request_before"].search(before):
        return "request"  # 我让他吐出来: asked to, not done
    if (
        "hypothetical" in cancel
        and _supposed(m, sc, s_lo, c_lo, c_hi)
        # (a later clause of the same sentence may tell it as done now: 绘本里讲吞电池很危险，
        # 孩子刚刚吞了一颗 — the source's case is closed with its clause)
        and not _retold_now(m, sc, c_hi)
        and not _told_as_this(sc, s_hi, m)
    ):
        return "hypothetical"  # (听说孩子吞电池很危险: the hearsay reaches over the mention)
    if (
        "hypothetical" in cancel
        and sc.occurs("learn_ahead")
        and mk["learn_ahead"].search(text, s_hi)
        and not sc.has("present", s_lo, s_hi)
        and not sc.has("ongoing", s_lo, s_hi)
        and not text.startswith("了", m.end)
    ):
        return "hypothetical"  # 家里老人突然倒地，心肺复苏怎么做？想先学会: learnt beforehand
    if "transport" in cancel and mk["transport"].search(before) and not sc.has("crash", s_lo, s_hi):
        return "transport"  # 每次坐大巴都吐: a ride, no accident
    if "guess" in cancel and (
        mk["guess"].search(before)
        or mk["guess_after"].match(after)
        or _lay_claim_turned(sc, c_lo, m, s_hi)
        # (a lay person's promise of it, 婆婆说多吃点韭菜就拉出来了: what a remedy is said
        # to bring, not what it brought)
        or _promised(sc, m.start)
    ):
        return "guess"
    if (
        "info" in cancel
        and (
            (sc.generic and not _own_answer_turn(m, sc))
            or sc.learns_about(m)
            or (_asked_after(text, m.end, cat) and not _signs_shown(text, m))
            or _treatment_asked(m, sc)
            or sc.has("info", c_lo, c_hi)
        )
        and not _told_as_this(sc, s_hi, m)
        and not _retold_now(m, sc, s_hi)
        and not _asked_as_case(m, sc)
        and not _told_then_named(m, sc, s_lo, c_lo)
        and not _named_then_told(m, sc, s_hi)
    ):
        return "info"  # (咳血多少算多？我现在咳了半杯了，还在咳: the measure asked is told)
    if (
        "hypothetical" in cancel
        and mk["will_before"].search(before)
        and mk["will_after"].match(after)
        and not _told_as_this(sc, s_hi, m)
    ):
        return "hypothetical"  # 打完疫苗会发烧吗
    if (
        "hypothetical" in cancel
        and mk["will_after"].match(after)
        and any(
            _WILL_GAP.fullmatch(text[e1:s2])
            for (_, e1), (s2, _) in zip(m.atoms, m.atoms[1:], strict=False)
        )
        and not _told_as_this(sc, s_hi, m)
    ):
        return "hypothetical"  # 青光眼会失明吗: the will word inside the mention's own gap
    if "hypothetical" in cancel and _if_then_asked(m, sc, c_lo):
        return "hypothetical"  # 被喷到眼睛会不会瞎: what it would do, if it happened
    if "hypothetical" in cancel and _asked_ahead(sc, s_lo, s_hi):
        return "hypothetical"  # 孩子误吃药了应该先催吐吗？想提前知道: asked ahead of need
    if "hypothetical" in cancel and _onset_asked(m, sc, s_lo, s_hi):
        return "hypothetical"  # 发烧时怎么预防？抽起来怎么做？: what to do when it starts
    if "hypothetical" in cancel and after and mk["risk_group"].match(after):
        return "hypothetical"  # 子痫前期高危孕妇: the risk of it is named, not the condition
    if (
        "history" in cancel
        # (小时候经常流鼻血止不住…10几年没流过了: how it went then, years gone since)
        and (not sc.has("ongoing", c_lo, c_hi) or sc.has("absent_for_years", c_hi, s_hi))
        # (no clause inside the mention tells its event again)
        and (_retold_within(m, sc) if retold is None else retold) <= m.start
    ):
        head = text[s_lo : m.start]
        # a mention that opens with a word of now (现在嘴唇肿了) tells the present itself,
        # whatever past-time word came before it (以前也吃过没事，现在…)
        if not mk["present"].match(text, m.start) and (
            sc.past("history", s_lo, m.start)
            or sc.past("history_recent", c_lo, m.start)
            or (
                sc.past("history_episode", s_lo, m.start)
                and not _today(head, mk)
                and not _moved_on(head, mk)
            )
        ):
            return "history"
        if after and mk["history_after"].match(after) and not _absent_since(m, sc, s_lo):
            return "history"
        if _dated_back_after(m, sc, s_hi):
            return "history"  # 军训时热射病倒过一次，抽过筋，那是十年前了
        if after and mk["late_effect_after"].match(after) and _late_effect(m, sc, s_hi):
            return "history"  # 电击伤以后左手握力差，每周去康复科理疗: rehabilitation
    if "cleared" in cancel and _cleared_by_doctor(m, sc, s_lo, s_hi):
        return "resolved"  # 昨天舔了一下洗衣凝珠…已经去医院看了，没有问题
    if "resolved" in cancel:
        if _resolved_after(m, sc, s_hi) and not _going_on_after(m, sc, s_lo, s_hi):
            return "resolved"
        if _resolved_next_turn(m, sc, s_hi):
            return "resolved"  # 测血糖三点六。/ 吃了饼干…现在完全好了: the answer told the end
        if _names_an_ended_episode(m, sc, c_lo):
            return "resolved"  # 晕过一次。/ 几秒就醒了…。/ 医生说是血管迷走性晕厥
        if _verdict_on_a_past_episode(m, sc, c_lo, s_lo, s_hi):
            return "resolved"  # 前天晕了一下…医生说是低血糖晕厥，现在很好
        if _rechecked_normal(m, sc):
            return "resolved"  # 血糖3.5，吃了糖复测5.8: the reading was taken again
        if _pressure_of_a_past_day(m, sc, s_lo):
            return "resolved"  # 前天血压190…今天血压140/85: today's reading is the one that counts
        if _tested_normal(m, sc, s_lo, s_hi):
            return "resolved"  # 昨晚心慌了一阵，今天去查了心电图都正常: checked and over
        if _cared_for_and_well(m, sc, s_lo, s_hi):
            return "resolved"  # 昨天低血糖晕倒了，送医院打了葡萄糖…今天血糖都正常
        # the first doctor's word after the mention that closes it (not a guess or a
        # referral: 医生说可能是…; 医生说去眼科看看)
        seen = next(
            (x for x in _doctor_words(text, mk, m.end) if not _doctor_open(text, x.end(), mk)),
            None,
        )
        if (
            seen
            and not mk["watch"].search(text, m.end, s_hi)
            and not _told_since(sc, seen.end())
            and not _turned_since(sc, seen.end())
            and not _recent_history(text, max(m.end, seen.start() - 6), seen.start(), mk)
            and not _earlier_visit(m, sc, seen)
            # (…全是鲜血，还在往下流。产检的时候医生说我胎盘低: a sign told as still going
            # on, in its clause or after it, is not closed by a doctor's word told later)
            and not sc.has("ongoing", c_lo, seen.start())
        ):
            return "resolved"  # (not "之前医生说过她心跳慢": that is about her history)
    if "chronic" in cancel or "habitual" in cancel:
        onset = sc.has("onset", c_lo, c_hi)
        if "chronic" in cancel and not onset and _governs("chronic", m, sc, c_lo, c_hi, s_lo, s_hi):
            return "chronic"
        if "habitual" in cancel and (
            _habit_reaches(m, sc, c_lo, c_hi)
            or (not onset and _governs("habitual", m, sc, c_lo, c_hi, s_lo, s_hi))
        ):
            return "habitual"
    # mild: a word right at the mention (有点头疼, 头有点疼, 疼一点点), not a "一点血" further on
    if (
        "mild" in cancel
        and _mild_at(m, sc, mk["mild"], c_lo, c_hi)
        and not sc.has("severe", c_lo, c_hi)
        and not _turned_severe(sc, m.end, s_hi)
    ):
        return "mild"
    if (
        sc.consult
        and "consult" in cancel
        and not sc.has("onset", s_lo, s_hi)
        and sc.consult_reaches(m)
        and not _named_then_told(m, sc, s_hi)
    ):
        return "consult"
    return None


# a doctor's word that clears the patient, right after the visit (…去医院看了说没事, …看了，
# 没有问题, …医生说一切正常) — not asked or hoped (说没事吧, 没问题吗)
_CLEARED = re.compile(
    "[,，]?(?:医生)?(?:说|讲)?(?:都|也)?"
    # (the reason of the all-clear may come first: 说量很少没关系, 说舔的那点不要紧)
    "(?:(?:量|剂量|吃的|喝的|舔的|那点|这点)(?:很|太|比较)?(?:少|小|不多)(?:的话)?[,，]?(?:都|也)?)?"
    "(?:没事|没问题|没有问题|没什么问题|没什么事|没有大碍|没大碍|没关系|不要紧|一切正常|都正常|正常)"
    "(?![^,，。]{0,3}[吧吗么嘛?？])"
)

# a doctor's examination told with what it found (医生检查嘴里没伤, 大夫看了喉咙没有烧伤,
# 急诊查了心电图和动态心电图，都正常): the finding is the verdict, no 说 needed
_EXAMINED = re.compile(
    "(?:医生|大夫|医院|急诊|诊所)(?:仔细)?(?:检查|查|看)(?:了|过)?(?:一下|一遍)?(?![^,，。]{0,4}(?:再|明天|过几天|还要|要|需要))"
)
_FOUND_UNHARMED = re.compile(
    "[^,，。0-9]{0,12}?[,，]?(?:都|也|结果)?(?:没伤|没有伤|没受伤|没有受伤|没有损伤|没损伤|没烧伤|没有烧伤|没灼伤|没有灼伤|没破|"
    "没有破|没红肿|都正常|一切正常|正常|没事|没问题|没有问题)"
    "(?![^,，。]{0,3}[吧吗么嘛?？])"
)


# a call or a question to a hospital, a doctor or a poison line about the exposure (问了医院,
# 打电话问了医生, 咨询了中毒热线): their answer that it is harmless clears it like a visit
_ASKED_CARE = re.compile(
    "(?:打电话|打了电话|电话)?(?:问|咨询)(?:了|过)(?:一下)?"
    "(?:医院|医生|大夫|急诊|儿科|药师|中毒热线|中毒中心|120|急救中心)"
    "(?:的人|那边)?(?:[,，]?(?:医生|他们|人家|对方))?"
)

# a how-to asked of a role, not of a person (家属应该怎么处理, 家长该怎么做, 旁人怎么急救)
_ROLE_HOWTO = re.compile(
    "(?:家属|家长|监护人|陪护|陪护人员|照护者|护工|旁人|路人|旁边的人|身边的人|周围的人|目击者)"
    "(?:应该|该|要|需要|可以|能)?(?:怎么|如何|怎样|咋)(?:做|办|处理|救|施救|急救|帮|应对|照顾)"
)
# a patient named only by a kind (老人, 孩子): the words ``personal`` takes for no one
_KIND_OF_PATIENT = frozenset({"老人", "孩子", "小孩", "宝宝", "病人"})
# (a child told with a sign done is, in a parent's mouth, their own)
_KIND_OF_CHILD = frozenset({"孩子", "小孩", "宝宝"})
# the kind made someone's own (我家孩子 is caught by 我; 家里老人, 咱家孩子, 俺家老人)
_KIND_OWNED = re.compile(
    "(?:家里|家中|咱家|俺家|自家|这个|那个|这位|那位)(?:的)?(?:老人|孩子|小孩|宝宝|病人)"
)

# the start of a sign (抽起来, 发作起来) and right after it what to do then (怎么做, 该怎么办)
_ONSET_THEN = re.compile(
    "(?:的时候|时)?(?:我们|家长|大人)?(?:该|要|应该|需要|得)?(?:怎么|如何|咋)(?:做|办|处理|急救)"
)
_STARTS = ("起来", "起来的话")


def _onset_asked(m: Mention, sc: _Scope, s_lo: int, s_hi: int) -> bool:
    """A sign told by its start (抽起来, 发作起来, no 了) and a question of what to do then,
    after an earlier question of the same message (发烧时怎么预防？抽起来怎么做？): a series of
    how-to questions, not a case at hand — not with a moment or an onset of now in its
    sentence (孩子突然抽起来怎么办, 现在又抽起来了怎么办)."""
    text = sc.text
    if not text.endswith(_STARTS, 0, m.end) or not _ONSET_THEN.match(text, m.end):
        return False
    if "?" not in text[:s_lo] and "？" not in text[:s_lo]:
        return False
    return not (
        sc.has("present", s_lo, s_hi)
        or sc.has("onset", s_lo, s_hi)
        or sc.has("ongoing", s_lo, s_hi)
        or "了" in text[s_lo:s_hi]
    )


# a mishap told bare in the passive (被…, no 了 or 过 in its clause) and straight away
# asked what it would do (被喷到眼睛会不会瞎, 被蛇咬会不会死): a conditional, not a report
_IF_THEN = re.compile(
    "(?:的话)?[,，]?(?:会不会|会)(?!是)[^,，。?？!！]{0,4}?"
    "(?:瞎|失明|看不见|死|残|傻|有事|有危险|有生命危险|出事|严重|怎么样|怎样)"
)


def _if_then_asked(m: Mention, sc: _Scope, c_lo: int) -> bool:
    """The mention is a mishap told bare in the passive and asked at once what it would do
    (被喷到眼睛会不会瞎), with no word of now or today before it in its clause (刚被喷到眼睛会不会瞎
    is a report) and nothing told done (吞了一片刀片会怎么样 is)."""
    text = sc.text
    told = text[c_lo : m.end]
    if "被" not in told or "了" in told or "过" in told or not _IF_THEN.match(text, m.end):
        return False
    return not sc.has("present", c_lo, m.start)


# a will word alone between a mention's words (青光眼会失明吗, 心梗可能会猝死吗)
# (also a change asked about, 胎动会变少吗: the 变 of 变少 read as part of the gap)
_WILL_GAP = re.compile("(?:会不会|会|可能会|容易|最后会|以后会)(?:导致|引起|造成|变得?)?")

_LATER_TURN = re.compile("(?<=[,，;；。!！?？ ])(?:但是?|可是?|不过|却)")
# the thought told again further on without its words (突然有这个念头, 其实想过, 老有这种冲动)
_THOUGHT_RETOLD = re.compile("念头|想法|冲动|其实|想过|控制不住|忍不住|克制不住")


def _turns_later(sc: _Scope, pos: int, c_hi: int) -> bool:
    """Does a clause after ``pos`` open with a turn (…，但是…; …。可是…), or one after the
    mention's own clause (``c_hi``) tell the thought again (…，这两天突然有这个念头; not the
    denial's own noun, 没有伤害自己的念头, nor a later denial, 也没有轻生念头)?"""
    if _LATER_TURN.search(sc.text, pos) is not None:
        return True
    for x in _THOUGHT_RETOLD.finditer(sc.text, c_hi):
        lo = sc.clause(x.start())[0]
        if not sc.cat.negator.search(sc.text, lo, x.start()):
            return True
    return False


def _cleared_by_doctor(m: Mention, sc: _Scope, s_lo: int, s_hi: int) -> bool:
    """An exposure told of an earlier day (昨天, 前天, 上周 … before the mention in its
    sentence) that a doctor or hospital has seen and cleared after it (去医院看了说没事,
    已经去医院看了，没有问题) — not a guess or a referral (医生说可能…, 医生说去…), and no
    clause of now after the verdict that tells anything but the patient well (今天正常
    keeps it; 今天开始吐了 does not), nor a later sentence with a sign."""
    text, mk = sc.text, sc.mk
    if not (sc.has("past_day", s_lo, m.start) or sc.has("history_recent", s_lo, m.start)):
        return False
    if sc.has("ongoing", m.end, s_hi) or sc.has("recurs", m.end, s_hi):
        return False
    asked = list(_ASKED_CARE.finditer(text, m.end, s_hi))
    # (the doctor's words are read on the raw text: the hedge mask blanks the 说没事 of
    # 去医院检查说没事, and with it the 说 that makes 医院检查说 a verdict)
    for x in sorted(
        [
            *mk["seen_doctor"].finditer(sc.raw, m.end, s_hi),
            *asked,
            *_EXAMINED.finditer(sc.raw, m.end, s_hi),
        ],
        key=lambda x: x.start(),
    ):
        if _doctor_open(text, x.end(), mk):
            continue
        # (read on the raw text: the hedge mask blanks a 说没事, a lay reassurance elsewhere)
        ok = _CLEARED.match(sc.raw, x.end())
        if ok is None and x.re is _EXAMINED:
            ok = _FOUND_UNHARMED.match(sc.raw, x.end())
        if ok is None and x.group().endswith("说"):
            ok = _CLEARED.match(sc.raw, x.end() - 1)  # 医生说没事: the verdict's own 说
        if ok is not None:
            return not _told_since(sc, ok.end()) and not _told_later(sc, s_hi)
    # (a care told given and the patient well after it, 急诊处理了，今天喉咙不痛了: as a verdict)
    return _cared_for_and_well(m, sc, s_lo, s_hi)


# a closing remark that the question before it is asked ahead of need (想提前知道, 先提前了解一下)
_AHEAD_REMARK = re.compile(
    "[?？]\\s*(?:我|我们)?(?:就是|只是)?(?:想|先|是)?(?:提前|预先|事先)"
    "(?:了解|知道|问问?|问一下|问好|学习?|准备)(?:一下)?(?:的|而已|哈|啊|呀|呢)?[。.!！?？]*$"
)


def _asked_ahead(sc: _Scope, s_lo: int, s_hi: int) -> bool:
    """The mention's sentence is a question and the message closes with a remark that it is
    asked ahead of need (…应该先催吐吗？想提前知道), with no moment of now in the question
    (孩子刚才误吃了药…吗？想提前知道 stays a report)."""
    if _AHEAD_REMARK.match(sc.text, s_hi) is None:
        return False
    return not (sc.has("present", s_lo, s_hi) or sc.has("onset", s_lo, s_hi))


# a later clause that dates what was told before it years or months back (那是十年前了,
# 那都是二十多年前的事了, 这是三个月前的事)
_DATED_BACK = re.compile(
    "(?<=[,，;；])(?:那|这|都|那都|这都)(?:已经|都)?是(?:\\d+|[一二三四五六七八九十两几]{1,3}|好几)"
    "多?(?:年|个多?月)多?(?:前|以前)(?:的事(?:情)?)?(?:了)?(?=$|[,，。;；!！])"
)


def _dated_back_after(m: Mention, sc: _Scope, s_hi: int) -> bool:
    """A later clause of the mention's sentence dates the story back (…抽过筋，那是十年前了),
    with no moment of now told between: the mention is of that time."""
    x = _DATED_BACK.search(sc.text, m.end, s_hi)
    return x is not None and not (
        sc.has("present", m.end, x.start()) or sc.has("onset", m.end, x.start())
    )


def _asked_after(text: str, end: int, cat: Catalogue) -> bool:
    """An information question right after the mention (…的早期症状, …是什么意思): the
    catalogue's ``info_after`` on the next 14 characters, after its literal gate (most
    mentions are followed by none of its words)."""
    ahead = text[end : end + 14]
    return (
        may_occur(cat, "info_after", ahead) and cat.markers["info_after"].match(ahead) is not None
    )


# the signs of it told as shown (患者感染后出现休克表现, 已经有了中风的症状): a verb of
# appearing before the mention and the word for its signs closing the clause, no question
_SHOWN_BEFORE = re.compile(
    "(?:出现|出现了|已出现|有了|已有|已经有|已经出现|表现为|呈现|伴有)(?:明显|典型)?的?$"
)
_SHOWN_AFTER = re.compile("的?(?:表现|症状|征象|体征)(?:了)?(?:[,，。;；!！]|$)")


def _signs_shown(text: str, m: Mention) -> bool:
    """The mention's signs told as having appeared, in a clause that asks nothing:
    a report (出现休克表现。), not the learning of what its signs are (休克有哪些表现)."""
    return (
        _SHOWN_BEFORE.search(text, max(0, m.start - 6), m.start) is not None
        and _SHOWN_AFTER.match(text, m.end) is not None
    )


# a sign's words that name a clinic or a ward (蛇伤门诊, 烧伤科, 胸痛中心的电话)
_SERVICE_AFTER = re.compile("(?:门诊|专科|科室|科(?![学技普])|病房|病区|中心|急救站|专家号)")

_TITLE_SPAN = 24  # the longest title (《…》) that a mention may lie inside


# quotation marks around a name (项目叫“…”) or a word used figuratively (手机‘溺水’了)
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_OPENING_MARKS = (*_QUOTES, "《")
_QUOTED_SPAN = 8  # the longest such quotation: a name or a word, not a sentence said
# what makes the quotation a name: a word of naming right before it
_NAMED_BEFORE = re.compile("(?:叫|叫做|名叫|名为|称为|称作|取名|起名|名字是|名称是|外号)$")
# what makes it speech or writing (他说“不想活了”, 写着“…”, 发了条“…”): reported, not named
_SAID_BEFORE = re.compile(
    "(?:说|喊|讲|道|问|写|写着|发|发了|回|回了|留言|念叨|字|文字|文案|内容|签名|[:：])[^,，。]{0,4}$"
)


def _quoted_name(text: str, m: Mention, sc: _Scope) -> bool:
    """The mention lies inside a short quotation that names something (项目叫“自杀式冲锋”)
    or uses the word figuratively for a thing (手机‘溺水’了): a word in quotation marks that
    follows a word of naming, or is the whole quotation in a clause about a thing; never a
    quotation of what a person said or wrote (他说“不想活了”, 配的字是“再见了”)."""
    for open_q, close_q in _QUOTES.items():
        open_at = text.rfind(open_q, max(0, m.start - _QUOTED_SPAN), m.start + 1)
        if open_at < 0 or close_q in text[open_at : m.start]:
            continue
        close_at = text.find(close_q, m.end - 1, open_at + _QUOTED_SPAN + 2)
        if close_at < 0 or open_q in text[m.end : close_at]:
            continue
        head = text[max(0, open_at - 8) : open_at]
        if _SAID_BEFORE.search(head):
            return False
        if _NAMED_BEFORE.search(head):
            return True
        inner = text[open_at + 1 : close_at]
        c_lo = sc.clause(open_at)[0]
        return (
            len(inner) <= 4
            and m.start - open_at <= 1
            and close_at - m.end <= 0
            and sc.has("nonhuman", c_lo, open_at)
        )
    return False


def _in_title(text: str, m: Mention, sc: _Scope) -> bool:
    """The mention lies inside a title in book-title marks (《活着》, 《想死却又不敢》):
    a song, book, film or show is named, nobody is reported on; or inside quotation
    marks that name something or use the word figuratively (`_quoted_name`)."""
    if not sc.quoted:
        return False
    if _quoted_name(text, m, sc):
        return True
    open_at = text.rfind("《", max(0, m.start - _TITLE_SPAN), m.start)
    if open_at < 0 or "》" in text[open_at : m.start]:
        return False
    close_at = text.find("》", m.end, m.end + _TITLE_SPAN)
    return close_at >= 0 and "《" not in text[m.end : close_at]


# a question to name what was told (怎么判断是不是破水, 是否是, 算不算): right before the mention
_NAME_ASKED = re.compile("(?:是不是|是否是?|算不算|会不会是)$")


def _told_then_named(m: Mention, sc: _Scope, s_lo: int, c_lo: int) -> bool:
    """An earlier clause of the same sentence tells in the perfect a sign of the
    mention's own category (孕晚期流水了), and the mention's clause asks whether it is this
    (怎么判断是不是破水？): the question names what is happening, it is no lesson — not
    a told sign supposed, asked about or denied (要是流水了…, 没流水了)."""
    text, cat = sc.text, sc.cat
    if c_lo <= s_lo or "?" in text[s_lo:c_lo] or not _NAME_ASKED.search(text, c_lo, m.start):
        return False
    if sc.has("hypothetical", s_lo, c_lo) or sc.has("info", s_lo, c_lo):
        return False
    own: set[str] = set()
    for k in cat.categories_of_concept.get(m.concept, ()):
        own |= cat.classes_of_category.get(k, frozenset())
    # the told clause must hold two words of the category's kinds (流 + 水: a leak of a
    # fluid), not one word they share with daily life (喝水了)
    told: dict[tuple[int, int], set[str]] = {}
    for a in sc.within(s_lo, c_lo):
        if not a.classes & own:
            continue
        t_lo, t_hi = sc.clause(a.start)
        if (
            text[t_lo:t_hi].rstrip("啊呀呢吧,，").endswith("了")
            and _denied_before(text[t_lo : a.start], cat) is None
        ):
            told.setdefault((t_lo, t_hi), set()).update(a.classes & own)
    if any(len(kinds) >= 2 for kinds in told.values()):
        return True
    # or a clause told in the perfect that is itself a mention of the concept (刚才裤子突然
    # 湿了，怎么判断是不是羊水破了？)
    concept = cat.concepts[m.concept]
    for x in _concept_mentions(text, sc.atoms, sc.by_class, concept)[:MAX_TRIES]:
        if x.end > c_lo:
            break
        t_lo, t_hi = sc.clause(x.start)
        if (
            x.start >= s_lo
            and text[t_lo:t_hi].rstrip("啊呀呢吧,，").endswith("了")
            and _denied_before(text[t_lo : x.start], cat) is None
        ):
            return True
    return False


# a question of what a condition looks like (低血糖有什么症状, 睾丸扭转有哪些表现)
_SIGNS_ASKED = re.compile(
    "(?:有|是)?(?:什么|哪些|啥)(?:症状|表现|样子|前兆|征兆)|症状(?:有哪些|是什么)|的症状"
)


def _named_then_told(m: Mention, sc: _Scope, s_hi: int) -> bool:
    """The condition named in a question of its signs (低血糖有什么症状？), not an event
    supposed (误喝了洁厕灵有什么症状？), and a later
    sentence that opens with the patient, or tells a moment of now, with a sign of the
    mention's own category told and not denied (我爸在出汗手抖): the asker names what is
    suspected in the patient at hand, it is no lesson."""
    cat = sc.cat
    text = sc.text
    if s_hi >= len(text) or not _SIGNS_ASKED.search(text, m.end, s_hi):
        return False
    if "了" in text[sc.sentence(m.start)[0] : m.end]:
        return False  # an event supposed (误喝了洁厕灵有什么症状), no condition named
    signs = {
        cid
        for k in cat.categories_of_concept.get(m.concept, ())
        for cid in cat.concepts_of_category.get(k, ())
        if cid != m.concept
        and cid not in _QUALIFIERS
        and {"history", "consult"} & cat.concepts[cid].cancel
    }
    lo = s_hi + 1  # past the sentence's end mark
    while lo < len(text):
        hi = sc.sentence(lo)[1]
        if (sc._opens_with_patient(lo) or sc.has("present", lo, hi)) and not sc.has(
            "hypothetical", lo, hi
        ):
            for cid in signs & sc.possible:
                concept = cat.concepts[cid]
                for x in _concept_mentions(sc.raw, sc.atoms, sc.by_class, concept)[:MAX_TRIES]:
                    # (the later sentence's own reading: 我儿子没有蛋疼 denies; it lies after
                    # the question, so this does not come back here)
                    if lo <= x.start < hi and _cancelled(x, concept, cat, sc) in (None, "doubt"):
                        return True
        lo = hi + 1
    return False


def _told_as_this(sc: _Scope, lo: int, m: Mention | None = None) -> bool:
    """After ``lo`` the message tells what was asked about or supposed as happening now,
    by an anaphor (吐出来像咖啡渣是什么意思？我妈刚吐了好几口这种; 要是突然说不出话…？我外公
    现在就这样): a report, not a question — unless the anaphor is itself supposed
    (…？要是以后也这样呢) or its sentence tells the state over (…也是这样，现在好了).
    A treatment word there that is the risk completing the mention's category (要是术后
    喘不上气…？我妈现在就是这样，做完手术第六天: the operation is the clot's setting,
    ``_treatment_is_risk``) does not tell the state over."""
    rx = sc.mk.get("told_as_this")
    if rx is None or not sc.occurs("told_as_this"):
        return False
    text, mk = sc.text, sc.mk
    for x in rx.finditer(text, lo):
        if _INTRODUCER.fullmatch(x.group()):
            continue  # 现在是这样的，…: what follows is explained, nothing is pointed back to
        n_lo, n_hi = sc.sentence(x.start())
        if mk["hypothetical"].search(text, max(lo, n_lo), x.start()):
            continue
        if mk["resolved"].search(text, x.end(), n_hi) or any(
            m is None or not _treatment_is_risk(m, sc, t)
            for t in mk["treated"].finditer(text, x.end(), n_hi)
        ):
            continue  # 我刚才也是这样，现在已经好了: pointed back to, and over
        return True
    return False


# "the situation is as follows" (现在是这样的, 今天的情况是这样的): it opens an account
_INTRODUCER = re.compile("(?:刚|刚才|刚刚|现在|今天|今早|今晚)的?(?:情况|事情)?是这样的")


# a condition that the present state goes on (要是再这样疼下去, 如果还不退烧, 万一再不吃奶):
# it presupposes the sign, it does not suppose it
_CONTINUED = re.compile(
    "(?:要是|如果|万一|假如|倘若)(?:孩子|宝宝|他|她|我|人)?(?:再|还|继续|一直)(?:这样|这么|不|没)"
)


def _supposed(m: Mention, sc: _Scope, s_lo: int, c_lo: int, c_hi: int) -> bool:
    """A hypothetical marker governs the mention: earlier in its sentence, or one that
    starts before it and reaches over it.  Hearsay closed in an earlier clause (听说心梗
    很危险，…) is a remark, not a supposition: a person or a moment named after it
    (我现在胸口压着疼) makes what follows a report."""
    text, mk = sc.text, sc.mk
    for x in mk["hypothetical"].finditer(text, s_lo, c_hi):
        if x.start() >= m.end:
            break
        if _CONTINUED.match(text, x.start()):
            continue  # 要是再这样疼下去…, 如果再不吃奶…: "if it goes on" tells it is so now
        if x.start() >= m.start and x.end() > m.end:
            continue  # starts inside the mention and reaches past it
        if (
            x.end() <= c_lo
            and mk["hearsay"].fullmatch(x.group())
            and mk["personal"].search(text, x.end(), m.end)
        ):
            continue
        if (
            x.end() <= c_lo
            and mk["asked_worry"].fullmatch(x.group())
            and mk["added_fact"].match(text, c_lo)
        ):
            continue  # 胎盘会不会有问题，还流血了: the worry is asked, the bleeding is told
        if mk["asked_worry"].fullmatch(x.group()) and _reason_told(sc, x, m):
            continue  # 推迟打会不会有影响因为孩子上吐下泻: the reason is told, not worried about
        if x.end() <= c_lo and _asked_then_told(sc, x, m):
            continue  # 腰突会导致尿不出来吗，我今天一上午没尿: asked, then told as today's
        if x.end() <= c_lo and mk["same_day"].search(text, sc.clause(x.start())[1], m.start):
            continue  # 去年做过激光预防…，今天右眼胀痛: a later clause tells today's episode
        if x.end() <= c_lo and mk["now_told"].search(text, sc.clause(x.start())[1], m.end):
            # 医生说万一胸口疼就打120，我现在胸口疼: the what-if ends, a report follows — also
            # when the present-time word is the mention's own (…，从中午到现在都没尿)
            continue
        if mk["event_if_today"].fullmatch(x.group()) and (
            mk["same_day"].search(text, s_lo, x.start()) or text.startswith("了", x.end())
        ):
            continue  # 刚才在外面遇到打雷: an encounter of today, not "if one meets"
        if mk["event_if_today"].fullmatch(x.group()) and _encounter_told(sc, x, m):
            continue  # 爬山遇到雷雨，表哥被雷打了，倒地不动: an encounter told, nothing asked
        if x.end() <= m.start and _state_now_asked(sc, m.end, s_lo):
            continue  # 如果孩子吃了…，现在看着好好的，能等明天吗: a report asked as an "if"
        return True
    return False


# a clause after the supposed event that tells how the one it befell is now (，现在看着
# 好好的 / ，现在还醒着 / ，目前人还清醒): nobody tells the present state of an "if" —
# not a need or a time asked (，现在还来得及吗, 现在还需要…, 目前还有血清吗)
_STATE_NOW = re.compile(
    "(?<=[,，])(?:现在|目前|这会儿?|此刻)(?:人|他|她|孩子|宝宝|小孩|老人)?"
    "(?:还|倒是?|也|都|已经)?(?:看着|看起来|看上去)?(?:还|倒是?|也)?"
    "(?:好好的|还好|挺好|很好|没事|没什么|没啥|没有什么|没感觉|没有感觉|没反应|正常|清醒|醒着"
    "|在玩|能吃能喝|有说有笑|精神(?:还|挺|很)?(?:好|不错))"
)


# what a supposed encounter goes on to ask or advise (遇到打雷怎么躲, 遇到有人触电了该先做什么)
_ENCOUNTER_ASKED = re.compile(
    "怎么|怎样|如何|咋|什么|啥|哪|该|应该|应当|需要|要不要|能不能|可以|可不可以|会不会|会|"
    "注意|千万|不要|别|先|[吗么呢嘛?？]"
)


def _encounter_told(sc: _Scope, x: re.Match[str], m: Mention) -> bool:
    """遇到 ``x`` opens an encounter that happened, not an "if one meets": the mention
    after it is told done (…被雷劈了) and nothing after 遇到 asks or advises (在河边遇到
    暴雨，同学被水冲走了，找不到人), unlike 遇到有人被雷劈了要怎么急救."""
    text = sc.text
    if x.end() > m.start or not text.startswith("了", m.end):
        return False
    return _ENCOUNTER_ASKED.search(text, x.end()) is None


def _state_now_asked(sc: _Scope, lo: int, s_lo: int) -> bool:
    """After ``lo``, in the same sentence, a clause tells the present state of the
    supposed event's patient and the sentence ends as a question (…，现在还没什么感觉，
    是不是不用去医院了？): a real event dressed as an "if", not a question to learn."""
    text = sc.text
    s_hi = sc.sentence(lo)[1]
    if _STATE_NOW.search(text, lo, s_hi) is None:
        return False
    return (s_hi < len(text) and text[s_hi] in _QUESTION_MARKS) or bool(
        _ASKED.search(text[s_lo:s_hi].rstrip(" ,，"))
    )


def _reason_told(sc: _Scope, x: re.Match[str], m: Mention) -> bool:
    """The worried question ``x`` (会不会有影响) ends at a "because" that opens a reason about
    a person before the mention: the mention belongs to the reason, which is told."""
    rx = sc.mk.get("worry_reason")
    return rx is not None and rx.match(sc.text, x.end(), m.start) is not None


# classes that do not tell an event again: a body site, a person, a time, an amount
_NOT_AN_EVENT = frozenset({"child", "sudden", "amount", "severe", "acute"})


def _habit_reaches(m: Mention, sc: _Scope, c_lo: int, c_hi: int) -> bool:
    """Does a habitual word of the mention's clause speak of it?  Not one that a word of
    today's episode follows before the mention, in a message written without commas
    (最近老是喝水尿尿今天早上…还吐: the habit is the drinking, the vomiting is today's)."""
    if not sc.has("habitual", c_lo, c_hi):
        return False
    same_day = sc.mk["same_day"]
    return any(
        x.end() > m.start or not same_day.search(sc.text, x.end(), m.start)
        for x in sc.habits(c_lo, c_hi)
    )


def _retold_now(m: Mention, sc: _Scope, s_hi: int) -> bool:
    """A later sentence tells the supposed event as done now: after a present-time word
    (刚才, 现在, 刚 …) a word of the same kind as one of the mention's (the swallowing
    of 要是喝了洁厕灵怎么办？他刚才喝了一口), not denied, not supposed again, and with
    no other thing named after it (他刚才喝了水: ``_told_bare``)."""
    text, mk, cat = sc.text, sc.mk, sc.cat
    if s_hi >= len(text):
        return False
    skip = _NOT_AN_EVENT | cat.run_site_classes
    kinds: set[str] = set()
    for a in sc.within(m.start, m.end):
        kinds |= {k for k in a.classes if k[0] not in "=~"}
    kinds -= skip
    tails = _tails(m, sc)
    if not kinds and not tails:
        return False
    for now in _moments(sc, s_hi):
        n_lo, n_hi = sc.sentence(now.start())
        n_lo = max(n_lo, s_hi)  # (called with a clause's end: its own marker is before it)
        if mk["hypothetical"].search(text, n_lo, now.start()):
            continue
        for a in sc.atoms:
            if (
                a.start < now.end()
                or a.start >= n_hi
                or not (a.classes & kinds or a.classes & tails)
            ):
                continue
            c_lo, c_hi = sc.clause(a.start)
            if _denied_before(text[max(c_lo, now.end()) : a.start], cat) is not None:
                continue
            if mk["hypothetical"].search(text, now.end(), a.start):
                continue
            if _told_bare(sc, a.end, c_hi, kinds):
                return True
    return False


def _tails(m: Mention, sc: _Scope) -> frozenset[str]:
    """The later words of the concept's patterns that open with a word of the mention
    (胰岛素 ~ 打重了 for a mention of 胰岛素): told on their own in a later sentence
    (要是胰岛素打了两次会怎样？我今晚好像打重了), they complete the event named before."""
    concept = sc.cat.concepts.get(m.concept)
    if concept is None:
        return frozenset()
    heads: set[str] = set()
    for a in sc.within(m.start, m.end):
        heads |= a.classes
    return frozenset(
        w
        for seq in concept.patterns
        if len(seq) > 1 and seq[0] in heads
        for w in seq[1:]
        if w[0] == "="
    )


def _moments(sc: _Scope, lo: int) -> list[re.Match[str]]:
    """The words after ``lo`` that place an event now: a present-time word (现在, 刚才 …)
    or a time since it happened counted in minutes or hours (二十分钟前, 半小时前), in
    text order."""
    found = list(sc.mk["present"].finditer(sc.text, lo))
    if sc.occurs("ago"):
        found += sc.mk["ago"].finditer(sc.text, lo)
        found.sort(key=lambda x: x.start())
    return found


# an amount after a verb told again (喝了一口, 吞了两颗, 吐了大半碗, 咳了差不多一纸杯, 咳了
# 三四口, 吐了十几口): no thing of its own is named
_BARE_AMOUNT = re.compile(
    r"了?(?:(?:差不多|大概|大约|将近|快|有)?(?:小|大)?[\d一二两三四五六七八九十几半好]+(?:小|大)?"
    r"(?:纸杯|毫升|ml|[口点些颗个粒片块次下碗杯瓶勺])多?)?(?:下去|进去|进|下)?(?:了)?"
)


def _told_bare(sc: _Scope, lo: int, c_hi: int, kinds: set[str]) -> bool:
    """After the word told again at ``lo``, its clause names no other thing: it ends
    after an amount (喝了一口), or goes on with a word of the supposed event's kind
    (刚吞了一个cr2032) — not 刚才喝了水, 他刚才吃了饭."""
    pos = _BARE_AMOUNT.match(sc.text, lo, c_hi).end()
    if not sc.text[pos:c_hi].strip(_PARTICLES + " ,，"):
        return True
    return any(b.start == pos and b.classes & kinds for b in sc.atoms)


_ASKED = re.compile("(?:[吗么呢嘛][啊呀]?|怎么办[啊呀呢]?|咋办|怎么弄|怎么整|[?？])$")


def _asked_then_told(sc: _Scope, x: re.Match[str], m: Mention) -> bool:
    """The hypothetical ``x`` is a question closed in its own clause (…会导致尿不出来吗，),
    and a later clause opens this episode (今天, 刚才, 现在 …) before the mention: the
    general question wraps a report of the patient's own, which it does not make
    hypothetical (…吗，我今天一上午都没尿出来)."""
    text = sc.text
    q_hi = sc.clause(x.start())[1]
    if q_hi > m.start or not _ASKED.search(text[x.end() : q_hi].rstrip(" ,，")):
        return False
    return sc.mk["episode"].search(text, q_hi, m.start) is not None


def _unlike(m: Mention, sc: _Scope) -> bool:
    """A word of the mention is compared away (不像刀割那种, 不太像被撕开): the quality
    is denied, not told."""
    if not sc.occurs("unlike"):
        return False
    unlike = sc.mk["unlike"]
    text = sc.text
    for lo, _ in m.atoms:
        c_lo = sc.clause(lo)[0]
        if unlike.search(text, max(c_lo, lo - 6), lo):
            return True
    return False


def _explained(
    m: Mention, marker: str, sc: _Scope, s_lo: int, c_hi: int, whole: bool = False
) -> bool:
    """A sign of the kind the harmless cause produces (一抽一抽) told in a sentence that
    names the cause before, in its clause or in the next one (宝宝打嗝，身上一抽一抽的;
    胸口肌肉酸疼，一按就疼), or anywhere in it when ``whole``: the cause's own sign, not
    the emergency."""
    mk = sc.mk
    if not mk[marker + "_sign"].fullmatch(sc.text, m.start, m.end):
        return False
    s_hi = sc.sentence(m.start)[1]
    hi = s_hi if whole else sc.clause(c_hi + 1)[1] if c_hi < s_hi else c_hi
    return mk[marker].search(sc.text, s_lo, min(hi, s_hi)) is not None


# catching the animal (没抓到, 没逮住, 没捉着) at a clause's end: not a scratch (抓) it gave;
# and such a failure to catch (or kill) it told between a pattern's words (蛇跑了没捉到，
# 我爸被咬…): its negator denies the catch, not the bite
_CAUGHT = re.compile("[抓捉逮](?:到|住|着)(?:了|啊|呀)?(?=[,，。；;!！?？\\s]|$)")
_NOT_CAUGHT = re.compile("(?:没有|没能|没|未|不)(?:[抓捉逮](?:到|住|着)|打死)(?:了)?")
# a refusal at the end of a gap: the verb after it is what the patient will not let be done
_REFUSAL = re.compile("(?:不让|不给|不肯|不许|不愿意?)$")
# a yes-no question told by its tail (吃过药没有，…; 吃了没): the act asked about, not denied —
# the gap after a mention's 过/了 up to the clause's end
_TAG_QUESTION = re.compile("^[^,，。?？没不]{0,4}(?:没有|没)(?=[,，。?？])")
# a clause opened by "but" (，但是 / ，可 / ，不过 / ，却): the report taken up again
# (or, with no comma, an all-clear's "except" right after it, 人没事就是声音哑了, 别的都没事
# 只是一直咳: the fine is of the rest, the sign after 就是 is told)
_TURN_BACK = re.compile("(?<=[,，;；])(?:但是?|可是?|不过|却)|(?<=没事)(?:就是|只是|但是?|不过)")
# (说不定, 也许, 没准 …: a remedy's hoped-for end, 泡泡热水说不定就好了, 睡一觉没准就好了)
_HOPE_BEFORE = re.compile(
    "(?:估计|应该|希望|可能|会不会|是不是|大概|以为|说不定|指不定|没准|兴许|也许|或许)[^,，。]{0,4}$"
)
# a doubled verb right before an outcome (揉揉就出来了, 冲一冲就好了): in a lay person's
# say-so (他说揉揉就出来了) a remedy's promise, not what happened (揉一揉就好了 alone may
# tell it); not a doubled adverb (慢慢就好了)
_PROMISED = re.compile("([\u4e00-\u9fff])一?\\1$")
# a remedy told as done (吃了, 喝过, 睡完, 刚吃): what follows it is what it brought
_DONE = re.compile("[了过完刚]|已经")
_NOT_A_VERB = frozenset("慢渐好常刚仅偏天人样多少大小")
_HOPE_AFTER = re.compile("[^,，。]{0,3}[吧吗么嘛?？]")


def _hoped(text: str, x: re.Match[str]) -> bool:
    """The outcome ``x`` is hoped for or asked about (应该没事吧, 估计一会就好了), not told."""
    return bool(
        _HOPE_AFTER.match(text, x.end())
        or _HOPE_BEFORE.search(text, max(0, x.start() - 8), x.start())
    )


# an outcome word told of the start of the episode (一开始跟平时差不多, 起初还好好的): how it
# began, not how it ended
_AT_FIRST = re.compile(
    "(?:一开始|刚开始|开始时|开始的时候|起初|起先|最初|刚来的时候)[^,，。]{0,2}$"
)
# 没了 at the end of a clause is "gone" (电池没了，孩子说放嘴里吞了), not a denial, when
# the words after it tell where it went (a swallowing); before 找不到 it stays a denial
_GONE = re.compile("没了(?=[,，。；;]|$)")


def _lay_claim_turned(sc: _Scope, c_lo: int, m: Mention, s_hi: int) -> bool:
    """A reassurance told as a lay person's say-so in its clause (姥姥说这蛇没毒) that the
    sentence then turns against (…，可孩子脚肿起来了): a belief contradicted, not a fact."""
    rx = sc.mk.get("lay_claim")
    if rx is None or not rx.search(sc.text, c_lo, m.start):
        return False
    return sc.mk["turn"].search(sc.text, m.end, s_hi) is not None


def _guess_turned(sc: _Scope, c_lo: int, m: Mention, s_hi: int) -> bool:
    """A harmless cause told as a guess or a lay say-so in its clause (她说估计是吃了
    西瓜, 他觉得是喝了红酒) that a later clause of the sentence turns against with a
    sign's word (，可吐的是暗红的血块): the guess is taken back, it explains nothing."""
    mk = sc.mk
    if not (
        mk["guess"].search(sc.text, c_lo, m.start)
        or (sc.occurs("lay_claim") and mk["lay_claim"].search(sc.text, c_lo, m.start))
    ):
        return False
    words = sc.cat.sign_words
    for x in _TURN_BACK.finditer(sc.text, m.end, s_hi):
        if any(sc.raw[a.start : a.end] in words for a in sc.within(x.end(), sc.clause(x.end())[1])):
            return True
    return False


def _promised(sc: _Scope, pos: int) -> bool:
    """The outcome at ``pos`` follows a doubled verb in a clause told as a lay person's
    say-so (他说揉揉就出来了), or a 就 after a remedy not told as done (他说吃块糖就好了,
    她说睡一觉就没事): what a remedy is said to bring, not what it brought (not 他说吃了
    糖就好了)."""
    text = sc.text
    rx = sc.mk.get("lay_claim")
    if rx is None:
        return False
    x = _PROMISED.search(text, max(0, pos - 3), pos)
    if x is not None and x.group(1) not in _NOT_A_VERB:
        return rx.search(text, sc.clause(pos)[0], x.start()) is not None
    if not text.startswith("就", pos) and not text.endswith("就", 0, pos):
        return False
    said = rx.search(text, sc.clause(pos)[0], pos)
    return said is not None and _DONE.search(text, said.end(), pos) is None


# a verdict that the sign is nothing (没事, 没什么事), not a change told (没事了, 不疼了)
_VERDICT = re.compile("没(?:什么|啥)?事(?!了)")


def _lay_verdict(sc: _Scope, lo: int, x: re.Match[str]) -> bool:
    """The outcome ``x`` is a bare verdict (没事) that a lay person gives after the sign
    was told (…下面流血了，她说上次也有点，没事; 奶奶说是长个子，没事): that person's
    reading of the sign, not a word that it is over.  (A doctor's verdict is
    ``seen_doctor``; 她说不疼了 tells a change and stays an outcome.)  The say-so is read
    on the raw text: the hedge mask blanks its head (她说不疼|就没事 leaves only 就没事)."""
    if not _VERDICT.fullmatch(x.group()):
        return False
    rx = sc.mk.get("lay_claim")
    return rx is not None and rx.search(sc.raw, lo, x.start()) is not None


# the endings of a fall told done (摔下来, 掉下去): the perfect of a fall, like 了
_FALL_DONE = ("下来", "下去")


# which hospital to go to, asked with a how-to (误喝了百草枯 要去哪个医院 洗胃有用吗): someone
# is to be taken there, the question is of a case at hand
_WHERE_TO_GO = re.compile(
    "(?:去|到|上|送)(?:哪个|哪家|哪里的?|哪儿的?)(?:医院|急诊)|哪个医院|哪家医院"
)


# the moment an event happened, told in its clause (人突然晕倒, 他刚才摔倒)
_HAPPENED = re.compile("突然|忽然|刚才|刚刚|一下子")
# first aid asked in a clause of its own right after the event (…，应该怎么急救)
_OWN_CLAUSE_AID = re.compile(
    "[,，](?:该|应该|要|需要|得|我)?(?:怎么|如何|怎样|咋)(?:急救|抢救|施救)"
)


# the end of the event's clause before a question told in a clause of its own (…了，)
# (…眼睛里了，: a place word may end the event's clause)
_CLAUSE_BREAK = re.compile("(?:[里上内]|下来|下去)?了?[,，]")


_OWN_CLAUSE_REMEDY = re.compile(
    "(?:能不能|可不可以|能否|能|可以)(?:先|直接|马上)?(?:用|滴|点|涂|抹|擦)[^,，。?？]{1,8}(?:[吗呢]|[?？]|$)"
)


def _asked_as_case(m: Mention, sc: _Scope) -> bool:
    """The event told in the perfect (误喝了农药, 被蛇咬了, 从高处摔下来) and right after it a
    question of what to do (要先催吐吗, 应该怎么处理, 能不能随便移动), or a state told and
    right after it whether or where to go (胎动少要去医院吗, 尿不出来要去哪个科): a case at
    hand, whatever general-knowledge question its words make — not the same words asked
    about in general (被蛇咬伤后为什么不能用嘴吸, 胎动减少一般是什么原因: no such question
    right after), after a question already asked (怎么防蛇？被咬了怎么办) or a case supposed
    or a lesson named (万一被咬了怎么办, 想了解…). A first aid told done and then whether to go
    (冲完了要去急诊吗) is a case at hand anywhere after it."""
    text, mk = sc.text, sc.mk
    if "?" in text[: m.start] or "？" in text[: m.start]:
        return False
    if sc.role_howto:
        return False  # 老人晕倒了，家属应该怎么处理: asked of a role, a lesson
    if sc.has("hypothetical", 0, m.start) or sc.has("info", 0, m.start):
        return False  # a case supposed, or a lesson named, before it (万一…, 科普一下…)
    at = sc.learning
    if at is not None and at < m.start and mk["personal"].search(text, at, m.start) is None:
        # 我在写一篇徒步攻略，想加一段被蛇咬了怎么办: the wish to learn or write comes first
        # and no one is named between it and the event (not 我在写攻略，朋友被蛇咬了怎么办)
        return False
    if sc.occurs("aid_then_care") and mk["aid_then_care"].search(text, m.end) is not None:
        return True  # 溅到眼睛里，怎么冲洗？冲完了要去急诊吗: the aid is being given
    # the question may open a clause of its own (误喝了农药，要先催吐吗; 从高处摔下来腿动不了，
    # 能不能搬动): a comma told after the event, not a new subject
    at = m.end
    brk = _CLAUSE_BREAK.match(text, at)
    if brk is not None and brk.end() < len(text):
        at = brk.end()
    if sc.occurs("care_asked") and any(
        mk["care_asked"].match(text, pos) is not None for pos in {m.end, at}
    ):
        return True
    x = None
    if sc.occurs("case_asked"):
        x = mk["case_asked"].match(text, m.end) or mk["case_asked"].match(text, at)
    if x is None and at != m.end:
        # ... or, in that clause of its own, whether a remedy at hand may be used on it
        # (石灰进眼睛了，能用眼药水吗): what to do for this eye, not a myth asked about
        x = _OWN_CLAUSE_REMEDY.match(text, at)
    if x is None:
        return False
    # the perfect: 了 in the mention (误喝了农药) or right after it (咬了), or a fall told done
    # (摔下来: the mention may end with it)
    told = text[m.start : m.end]
    if "了" in told or told.endswith(_FALL_DONE) or text.startswith(("了", *_FALL_DONE), m.end):
        return True
    if "了" in text[m.end : at]:
        return True  # 溅到眼睛里了，…: the perfect closes the event's clause
    # or the event told as it happened, 刚才/突然 in its clause, and first aid asked in a
    # clause of its own (人突然晕倒叫不醒，应该怎么急救): the person in front of the asker
    lo = sc.clause(m.start)[0]
    return bool(_HAPPENED.search(text, lo, m.start)) and bool(_OWN_CLAUSE_AID.match(text, m.end))


def _treatment_asked(m: Mention, sc: _Scope) -> bool:
    """The condition is a bare topic of a treatment question (一氧化碳中毒要做高压氧吗):
    no person or moment is told before it (我被电击了要做心电图吗 is a report)."""
    mk = sc.mk
    return (
        sc.occurs("treatment_asked")
        and mk["treatment_asked"].match(sc.text, m.end) is not None
        and mk["personal"].search(sc.text, 0, m.start) is None
    )


def _swallow_at(sc: _Scope, pos: int) -> bool:
    """Is the word of the catalogue that starts at ``pos`` a word of swallowing?"""
    return any(a.start == pos and "swallow" in a.classes for a in sc.atoms)


RESOLVED_REACH = 20  # how far after a mention its outcome or treatment is looked for
# the bleeding as the subject of an outcome clause (血也止住了, 出血已经停了)
_BLOOD_SUBJECT = re.compile("(?:血|出血|流血)(?:也|都|已经|就|基本|总算|终于|差不多)*")
# an outcome word followed by a part (止住了一点, 消了一些, 退了一半): a partial
# improvement, the episode is not over
_PARTLY = re.compile("了?(?:一点点?|一点儿|点儿?|一些|些|一部分|一半|不少)(?![都也])")
# an animal (or 它 for it) as the subject of a treatment (它打过疫苗的, 我家狗每年都按时打
# 疫苗): the biter was vaccinated, the bitten person was not treated — the bite stands
_ANIMAL_TREATED = re.compile(
    "(?<!被)(?:它|牠|它们|狗|犬|猫|狗狗|猫咪|宠物)(?:是|也|都|早就|已经|之前|以前|每年|按时|定期|一直|都有)*$"
)


# a conjunction at the head of a clause that begins with a negator's character (不过 "but",
# 不然 "otherwise", 不但 "not only"): it joins the clause, it denies nothing in it
# (小伤口吧，不过血一直流: the bleeding is told, not denied)
_CONJUNCTION_HEAD = re.compile(r"^[\s,，]*(?:不过|不然的话|不然|不但|不仅|不光|不只)")


def _denied_before(before: str, cat: Catalogue) -> str | None:
    """Return "negation" when ``before`` (a clause up to a mention) ends with a denial (没有, 没有
    发烧、, 无头晕…), "mild" when it ends with an understatement (不怎么, 不太: the sign is
    there, told as slight), else None."""
    before = _CONJUNCTION_HEAD.sub("", before)
    if not cat.negator.search(before):
        # (很少低血糖: a sign that rarely comes, said with no negator character)
        return "negation" if _RARELY_BEFORE.search(before) else None
    stripped = cat.filler.sub("", before)
    if cat.markers["understated"].search(stripped):
        return "mild"
    tail = _LIST_SPLIT.split(stripped)
    if any(cat.negation_tail.search(p) for p in (stripped, tail[-1]) if p):
        return "negation"
    if _negated_list(stripped, cat) or _negated_run(stripped, cat):
        return "negation"
    return None


# "rarely" right before a mention (很少低血糖, 极少发作): the sign is denied for now
_RARELY_BEFORE = re.compile(r"(?:很少|极少|甚少)(?:有|出现|发生|会|犯)?$")


_BESIDES = ("以外", "之外", "外的", "别的", "其他")


def _denied_later(m: Mention, sc: _Scope) -> bool:
    """The word that makes a veto (the thing eaten, the drug) is denied later in a clause
    of its own (补铁药会让大便发黑吗？…我可没吃补铁药; 吃了动物血才这样？她没吃动物血):
    a cause asked about or guessed at first and then denied explains nothing."""
    text, cat = sc.text, sc.cat
    lo, hi = m.atoms[-1]
    word = text[lo:hi]
    if len(word) < 2:
        return False
    i = text.find(word, max(m.end, sc.clause(m.start)[1]))
    while i >= 0:
        c_lo = sc.clause(i)[0]
        # (没吃西瓜以外的东西 denies the other foods, not this one)
        if not text.startswith(_BESIDES, i + len(word)) and (
            _denied_before(text[c_lo:i], cat) == "negation"
        ):
            return True
        i = text.find(word, i + len(word))
    return False


# the event first taken for the sign (以为被蛇咬了, 还以为是抽筋) and a later clause that
# corrects it with what it was (仔细看是被树枝划了一下, 结果只是做梦): the sign was a mistake
# what the teller first believed (以为…, 原来以为…, 当时以为…)
_BELIEF = "(?:以为|原来以为|本来以为|一开始以为|开始以为|当时以为)"
_MISTAKEN = re.compile(_BELIEF + "(?:是|又)?被?$")
# a later clause that corrects it (不对, 其实, 仔细一看, 结果, 后来发现 …)
_CORRECTION = (
    "(?<=[,，;；。!！?？\\s])(?:不对|不是的|看错了|其实|仔细(?:一)?看|再(?:一)?看|结果|"
    "后来(?:才)?发现|才发现"
)
_CORRECTED_AS = re.compile(_CORRECTION + ")[^,，。]{0,4}?(?:只是|就是|原来是|是)(?![不没])")


# the weeks or the age told as the answer to our question (孕多少周？33周, 多大？40天)
_OWN_ANSWER = re.compile(
    "(?:多少|几)周[?？]\\s*(?:孕|怀孕)?\\d{1,2}(?:\\+\\d)?周|"
    "(?:多大|几岁|几个月|多少天)[?？]\\s*\\d{1,2}个?(?:天|周|月|岁)"
)


def _own_answer_turn(m: Mention, sc: _Scope) -> bool:
    """Is the mention in a later turn than a general question, one that answers our
    question with the patient's own facts (孕晚期肚子发紧正常吗 / 孕多少周？33周，每隔几分钟
    就疼一次) or names a person or a moment: the question was the asker's own."""
    text = sc.text
    t_lo = text.rfind(TURN_SEPARATOR, 0, m.start)
    if t_lo < 0:
        return False
    x = sc.mk["info_question"].search(text)
    if x is None or x.start() >= t_lo:
        return False
    return bool(
        _OWN_ANSWER.search(text, t_lo, m.start) or sc.mk["personal"].search(text, t_lo, m.start)
    )


def _opens_a_not_a(text: str, start: int) -> bool:
    """Does the mention open with the 没/不 of an A-not-A question (有没有伤口, 麻不麻)?"""
    return (
        0 < start < len(text) - 1 and text[start] in "不没" and text[start - 1] == text[start + 1]
    )


# a movement told as beyond the will (不受控制地, 不由自主地, 控制不住地): its 不 denies nothing
_UNCONTROLLED = re.compile("(?:不受控制|不由自主|控制不住|不听使唤)[地的得]?")
# an inability told as a verb's potential complement (起不来, 站不起来, 动不了, 叫不醒): a sign of
# how bad it is, never a denial of the words around it (摔倒了起不来，头上流血)
_UNABLE = re.compile("[起站爬坐翻动走抬举挪撑叫喊]不(?:起来|起|来|了|动|稳|住|直|醒|应)(?:身|来)?")


# the answer "no" right after a yes-no question (…想不想睡，他说不想 / 。不想)
_NO_ANSWER = re.compile(
    "[\\s,，。？?\n]*(?:[他她我]|孩子|宝宝|老人)?(?:都|也|全都|根本|完全)?"
    "(?:说|讲|回答|答|摇头说?)?[:：]?(?:都|也|全都|根本|完全)?(?:不|没|摇头)"
)


def _a_not_a(before: str, text: str, start: int) -> bool:
    """Does the denial before a mention only open an A-not-A question (想不想睡, 疼不疼,
    有没有吐): the verb said, then 不/没, then the mention opening with the same verb?"""
    return (
        len(before) >= 2
        and before[-1] in "不没"
        and start < len(text)
        and before[-2] == text[start]
    )


# what the teller first believed (以为没破皮, 还以为没咬到) and then corrects in a later
# clause (不对, 其实, 仔细一看, 结果, 后来发现): the belief excludes nothing
_BELIEVED = re.compile(_BELIEF + "[^,，。]{0,6}$")
_ALL_CLEAR_WORD = re.compile("[没不无未]")  # the belief is an all-clear (没破皮, 没咬到)
_CORRECTED_LATER = re.compile(_CORRECTION + "|错了|但是?|可是?|不过)")


# "not A but B" (不是…，是…; 并不是…，而是…): the denial opens a correction.  Its two
# halves are shared with the conversation's turns (intents._join_corrections): the words
# that take back the first thing named (并不是, 也不是, 并非) and those that name what it was
# (而是, 其实是, 就是).
CORRECTION_NOT = "(?:并|也|倒)?(?:不是|并非)"
CORRECTION_IS = "(?:而|其实|实际上|就|只)?是"
_NOT_THIS = re.compile("[\\s,，]*" + CORRECTION_NOT)
_BUT_THAT = re.compile(CORRECTION_IS + "(?![不否])")
# a correction that ends the gap between a mention's words (吐的[不是酒，是]血): the
# "not" is of the first thing named, the words after it are affirmed
_GAP_CORRECTED = re.compile(
    "(?<![是还])" + CORRECTION_NOT + "[^,，。;；!！?？\n]{1,8}[,，]\\s*" + CORRECTION_IS + "$"
)


# an excess right after a denied mention (没吃降糖药过量, 没有把胰岛素打多): the denial
# reaches the excess, not the thing taken; read for a standing fact (one no history
# sets aside: the drug a patient takes, a condition), not for an event
_EXCESS_AFTER = re.compile(
    "(?:吃|服|用|打|喝)?(?:过量|过多|超量|多了|太多|多吃|多打|多用|多服|错(?!过))"
)


def _corrected(m: Mention, sc: _Scope, c_lo: int) -> bool:
    """The mention's clause opens with "not" (不是吞了硬币) and its last word lies in the
    next clause, which opens with "but" (，是纽扣电池): the denial is of the first thing
    named, the correction affirms the event with the second."""
    text = sc.text
    if not _NOT_THIS.match(text, c_lo):
        return False
    first_hi = sc.clause(m.start)[1]
    nxt = sc.clause(m.atoms[-1][0])[0]
    if nxt <= first_hi or text[first_hi:nxt].strip(_CLAUSE_END):
        return False  # the last word is not in the very next clause
    return _BUT_THAT.match(text, nxt) is not None


def _enclosing_word(m: Mention, sc: _Scope) -> _Atom | None:
    """The longest catalogue word that holds the whole mention and is longer than it (大血块
    for 血块, 呕吐 for 吐): a denial of that word denies the mention too."""
    atoms = sc.atoms
    k = bisect_left(atoms, m.start + 1, key=_START)  # atoms starting at or before m.start
    best = None
    for a in atoms[max(0, k - 12) : k]:
        if (
            a.start <= m.start
            and m.end <= a.end
            and a.end - a.start > m.end - m.start
            and (best is None or a.end - a.start > best.end - best.start)
        ):
            best = a
    return best


def _going_on_after(m: Mention, sc: _Scope, s_lo: int, s_hi: int) -> bool:
    """The sentence tells the sign going on (止不住, 还在) after the mention — for an
    episode of an earlier day (前天, 昨天 before the mention, no moment of now before it),
    only after the last word of its end (前天鼻血1个小时止不住来急诊填塞了，今天取出了没
    再出血: how long it went on before it was treated is the episode told over)."""
    if not sc.has("ongoing", m.end, s_hi):
        return False
    if (
        not sc.has("past_day", s_lo, m.start)
        or sc.has("present", s_lo, m.start)
        or sc.has("onset", s_lo, m.start)
    ):
        return True
    last = max(
        sc.mk["resolved"].finditer(sc.text, m.end, s_hi), key=lambda x: x.start(), default=None
    )
    # (the end-word itself may hold a word of going on, 宝宝又开始动了: the movements back,
    # no bleeding or pain going on — only what follows it counts)
    return last is None or sc.has("ongoing", last.end(), s_hi)


def _resolved_after(m: Mention, sc: _Scope, s_hi: int) -> bool:
    """Over, treated or explained after the mention (`_ended_after`), unless a later
    sentence or turn tells a sign of the episode as present (`_told_later`)."""
    return _ended_after(m, sc, s_hi) and not _told_later(sc, s_hi)


def _turn_end(sc: _Scope, pos: int) -> int:
    """Where the turn that holds ``pos`` ends (the next turn separator, or the text's end)."""
    end = sc.raw.find(TURN_SEPARATOR, pos)
    return len(sc.raw) if end < 0 else end


# a thing lodged in the body (进了铁屑, 扎进去, 卡了鱼刺) and its removal (取出来了, 夹出来了)
_LODGED = re.compile("进了|进去|扎进|扎了|卡了|卡住|卡着|嵌")
_REMOVED = re.compile("[取拿夹弄挑抠吸冲][出掉]")
_CLINIC = re.compile("医生|医院|大夫|眼科|急诊|诊所|门诊|耳鼻喉|五官科|卫生院|护士")


def _resolved_next_turn(m: Mention, sc: _Scope, s_hi: int) -> bool:
    """The mention ends its turn's last sentence and the conversation's next turn, the
    one that answers it, tells the sign itself back to normal (…觉得胎动少。/ 今天宝宝
    动得也很多): a turn is read as the sentence that goes on from the mention — over
    or outcome told as now, the turn not going on with a sign (`_ended_after`), nor
    telling one as ongoing (现在好了，还在抽), and not a lay person's say-so (老人说…就
    好了); no later turn speaks of now or turns (可是现在两个小时没动: the sign back in
    words the catalogue may not know)."""
    if _turn_end(sc, m.start) != s_hi or s_hi >= len(sc.raw):
        return False
    t_lo = s_hi + len(TURN_SEPARATOR)
    t_hi = _turn_end(sc, t_lo)
    if sc.has("ongoing", t_lo, t_hi) or sc.has("recurs", t_lo, t_hi):
        return False
    if sc.has("lay_claim", t_lo, t_hi):
        return False  # 老人说吐出来就好了: a say-so of what will end it, not its end
    # the outcome must name the sign itself (胎动少 … 动得也很多): a bare 现在好了 after a
    # turn of stroke or chest pain is a passing episode, still an emergency
    own = set(sc.text[m.start : m.end]) - set("了的得不没有很")
    outcomes = [x.group() for x in sc.mk["resolved"].finditer(sc.text, t_lo, t_hi)]
    # — or, for a thing lodged (眼睛进了铁屑, 鱼刺卡了), its removal (眼科取出来了): the
    # thing taken out ends what it did
    # (by a clinic, 眼科取出来了: a thing taken out at home may have gone deeper)
    removed = (
        _LODGED.search(sc.text, m.start, m.end) is not None
        and any(_REMOVED.search(o) for o in outcomes)
        and _CLINIC.search(sc.text, t_lo, t_hi) is not None
    )
    if not removed and not any(own & set(o) for o in outcomes):
        return False
    # the next turn read as the mention's own sentence going on; a later turn that
    # speaks of now or turns (可是现在…) may tell the sign back in words of its own
    n = len(sc.text)
    if any(sc.has(k, t_hi, n) for k in ("present", "onset", "turn", "ongoing", "recurs")):
        return False
    return _ended_after(m, sc, t_hi, t_lo)


def _names_an_ended_episode(m: Mention, sc: _Scope, c_lo: int) -> bool:
    """The mention is the name a doctor gave (医生说是…, 诊断为…) in a later turn, one that
    tells no moment of now, to an episode an earlier turn told over (晕过一次 / 几秒钟就
    醒了…都正常 / 医生说是血管迷走性晕厥): the verdict names the past episode, it does not
    report a new one — unless a later turn tells a sign from a later time."""
    text, mk = sc.text, sc.mk
    t_lo = text.rfind(TURN_SEPARATOR, 0, m.start)
    if t_lo < 0 or _doctor_word(text, mk, max(c_lo, t_lo), m.start) is None:
        return False
    t_lo += len(TURN_SEPARATOR)
    t_hi = _turn_end(sc, m.end)
    if any(sc.has(k, t_lo, t_hi) for k in ("present", "onset", "ongoing", "recurs")):
        return False
    for x in mk["resolved"].finditer(text, 0, t_lo):
        if _hoped(text, x) or mk["lay_claim"].search(text, sc.clause(x.start())[0], x.start()):
            continue
        return not _told_later(sc, t_hi)
    return False


def _verdict_on_a_past_episode(m: Mention, sc: _Scope, c_lo: int, s_lo: int, s_hi: int) -> bool:
    """The mention is the name a doctor gave (医生说是…, 诊断为…) in the same sentence as an
    episode told of an earlier day (女儿前天晕过去一次，查了心电图，医生说是血管迷走性晕厥，
    现在很好): the verdict names the past episode — unless a word of now before it makes it
    today's, or a clause of now after it tells anything but the patient well (今天又晕了)."""
    text, mk = sc.text, sc.mk
    if _doctor_word(text, mk, c_lo, m.start) is None:
        return False
    if not (sc.has("past_day", s_lo, c_lo) or sc.has("history_recent", s_lo, c_lo)):
        return False
    if sc.has("present", s_lo, m.start) or sc.has("onset", s_lo, m.start):
        return False
    return not (
        sc.has("ongoing", m.end, s_hi)
        or sc.has("recurs", m.end, s_hi)
        or _told_since(sc, m.end)
        or _told_later(sc, s_hi)
    )


def _told_later(sc: _Scope, s_hi: int) -> bool:
    """After the sentence that ended the episode, a later sentence or turn opens from a
    later time (现在, 晚上, 后来 …) and tells a continuing sign, neither denied nor softened
    (…当时咳了几下就好了。现在晚上睡觉呼吸很急): the episode was not over.  So too when
    that sentence tells the complaint grown severe in words of its own, no sign named again
    (一点点胸闷，没事。现在疼得说话都费劲了，满身汗): the played-down sign has come back worse."""
    for x in sc.mk["later"].finditer(sc.text, s_hi):
        hi = sc.sentence(x.start())[1]
        if sc.sign_after(x.end(), hi) or _GROWN_SEVERE.search(sc.text, x.end(), hi):
            return True
    return False


# a complaint told grown severe with no sign named (疼得说话都费劲, 难受得受不了, 满身汗):
# the words of a pain or distress at its height, or the sweat that comes with it
_GROWN_SEVERE = re.compile(
    "[疼痛闷憋难受]得[^,，。]{0,4}(?:受不了|不行|要命|要死|厉害|说不出|说话都|说话费劲|喘不|"
    "直不起|站不|动不了|打滚|冒汗|出汗|满头|浑身|全身)|满身(?:是|大)?汗|满头(?:是|大)?汗|"
    "一身(?:的)?(?:冷|大)?汗|浑身(?:是|冒)?(?:冷|大)?汗|一头(?:的)?(?:冷|大)?汗"
)


# a baby's movements told back (动得很欢, 踢得挺欢): 以前 before them is the baseline
_MOVES = re.compile("[动踢]")


# Exposures whose harm does not show at first (an animal's bite or scratch, a battery, a
# magnet or a sharp thing swallowed): a word that the person is or looks fine (没事, 不疼了,
# 好好的) does not undo the exposure; only a treatment, a removal or a passing does.
_EXPOSURES = frozenset(
    {
        "animal_bite",
        "animal_bite_far",
        "pronoun_bite",
        "scratch_any",
        "sharp_swallowed",
        "battery_swallowed",
        "swallowed_object",
    }
)
_LOOKS_FINE = re.compile(
    "(?:已经|现在|今天)?(?:没(?:什么|啥)?事(?:了)?|不(?:疼|痛)了|(?:一直)?好好的|没(?:有)?受伤|"
    "(?:现在|目前|人)?[^,，。]{0,2}一切(?:都)?正常)"
)


def _ended_after(m: Mention, sc: _Scope, s_hi: int, lo: int | None = None) -> bool:
    """Said to be over after the mention (已经好了, 止住了), treated (已经打了, 马上冲了)
    or found to come from elsewhere (后来发现是牙龈出血) — not a hope or a question
    (睡一觉就好了吧, 估计一会就好了, 应该没事吧), not a treatment of signs told as
    present (现在脸肿、喘，笔已经打了), and not when the sentence goes on with the sign
    (醒过来了，但是一直喘; 又好了，这样出现了两次).  ``lo``: where the outcome is looked
    for (the mention's end, or the start of the turn that answers it)."""
    text, mk = sc.text, sc.mk
    lo = m.end if lo is None else lo
    reach = min(s_hi, lo + RESOLVED_REACH)
    found = [
        (x, kind)
        for kind, hi in (("resolved", reach), ("treated", reach), ("explained", s_hi))
        for x in mk[kind].finditer(text, lo, hi)
    ]
    found += [(x, "resolved") for x in _stopped_after(m, sc, reach)]
    found.sort(key=lambda pair: pair[0].start())
    for x, kind in found:
        if kind != "explained" and (
            _hoped(text, x)
            or _AT_FIRST.search(text, max(0, x.start() - 8), x.start())
            or _promised(sc, x.start())
            or _lay_verdict(sc, m.end, x)
        ):
            continue
        if mk["watch"].search(text, m.end, x.start()):
            continue  # 护士说黄疸要观察，我们已经出院了: sent home to watch it, not over
        x_lo = sc.clause(x.start())[0]
        if x_lo >= m.end and mk["other_part"].fullmatch(text, x_lo, x.start()):
            continue  # 腿扭成奇怪的样子，脑袋没事: another part is fine, not the injury over
        if x_lo >= m.end and _other_person_fine(text, x_lo, x.start(), m.start, mk):
            continue  # 老二嘴唇发青…老大就没事: another person is fine, not the patient
        if x_lo >= m.end and _own_past_episode(sc, x_lo, x.start()):
            continue  # 腿上有石膏，上周也气短过一回就好了: the breathing was over, not the cast
        if kind == "resolved" and (
            mk["baseline"].search(text, x_lo, x.start())
            or (_MOVES.search(x.group(0)) and mk["baseline_moves"].search(text, x_lo, x.start()))
        ):
            continue  # 没怎么动，平时这会儿都动得很欢: the usual state to compare, not an end
        if kind == "resolved" and mk["cover_eye"].search(text, x_lo, x.start()):
            continue  # 看什么都重影，捂住一只眼就好了: the cover test, not the end of it
        if (
            x_lo >= m.end
            and "血" not in text[m.start : m.end]
            and _BLOOD_SUBJECT.fullmatch(text, x_lo, x.start())
        ):
            continue  # 被猫抓了…血也止住了: the bleeding stopped, the bite is not undone
        if kind == "treated" and _told_as_now(m, sc):
            continue
        if kind == "treated" and _ANIMAL_TREATED.search(text, x_lo, x.start()):
            continue  # 被猫挠出血了，它打过疫苗的: the animal's vaccine, not the patient's
        if kind == "treated" and x_lo >= m.end and _treated_before(sc, m, x, x_lo, s_hi):
            continue  # 突然喘不上气，他前几天刚做完手术: the operation came before the episode
        if kind == "treated" and _treatment_is_risk(m, sc, x):
            continue  # 憋气，小腿肿，刚做完手术: the operation is the clot's risk, not a cure
        if kind == "resolved" and _PARTLY.match(text, x.end()):
            continue  # 血止住了一点: better, not over
        if kind == "resolved" and _own_sign(m, sc, x.start(), x.end()):
            continue  # 烫的地方发白，不疼了: the painlessness is the deep burn's own sign, no end
        if kind != "explained" and _outcome_of_another_sign(m, sc, x.start()):
            continue  # 心跳170，眼前黑了一下，坐着就好了: the near-faint passed, not the rate
        if kind == "resolved" and m.concept in _EXPOSURES and _LOOKS_FINE.fullmatch(x.group()):
            continue  # 被咬了一口出了点血，没事; 吞了大头针，看着也没事: the exposure stays
        if _goes_on(sc, x.end(), s_hi):
            continue
        return True
    # further on in the sentence, only an outcome told as now (…今天拔了，现在能自己尿了)
    for now in mk["now"].finditer(text, m.end, s_hi):
        # (…现在人清醒完全没事: a few words of the now's own clause may come first)
        x = mk["resolved"].search(text, now.end(), sc.clause(now.end())[1])
        if x and (x.start() > now.end() + 6 or _PARTLY.match(text, x.end())):
            x = None
        if (
            x
            and not (_HOPE_AFTER.match(text, x.end()) or mk["watch"].search(text, m.end, x.start()))
            and not _goes_on(sc, x.end(), s_hi)
            and not _outcome_of_another_sign(m, sc, now.start())
        ):
            return True
    return False


# The readings of a vital sign in its danger range (a heart rate, a temperature, a sugar, a
# blood pressure, a saturation, a breathing rate): a measured value, not a feeling.
_READINGS = frozenset(
    {
        "hr_fast", "hr_slow", "hr_bleed", "hr_sepsis", "temp_38", "temp_40", "temp_low",
        "glucose_low", "glucose_low_bare", "glucose_high", "glucose_25", "spo2_low",
        "bp_180", "bp_dia_120", "bp_160", "bp_dia_110", "sbp_low", "rr_fast", "rr_30", "rr_60",
    }
)  # fmt: skip


def _own_sign(m: Mention, sc: _Scope, lo: int, hi: int) -> bool:
    """The outcome word at [lo, hi) is itself told as a sign of the mention's concept (烫伤
    发白，不疼了: 不疼了 is a deep burn's lost feeling), so it cannot tell that concept over."""
    concept = sc.cat.concepts.get(m.concept)
    if concept is None:
        return False
    return any(
        o.start != m.start and o.start < hi and lo < o.end
        for o in _concept_mentions(sc.raw, sc.atoms, sc.by_class, concept)
    )


def _outcome_of_another_sign(m: Mention, sc: _Scope, pos: int) -> bool:
    """The mention holds a reading in the danger range (心跳170, 血氧85) and, between it and
    the outcome word at ``pos``, another sign is told, one that is not the reading's own
    feeling (心跳170 … 心慌 is the rate felt): the outcome ends that sign (眼前黑了一下，坐着就
    好了), and the reading told still stands — a value is over only when it is taken again
    (`_rechecked_normal`) or said to come down in its own words.  Not a low sugar eaten for
    before the outcome (血糖2.1，出冷汗，吃了块糖就好了): the remedy was the reading's."""
    classes = {cls for a in sc.within(m.start, m.end) for cls in a.classes & _READINGS}
    if not classes or pos <= m.end:
        return False
    cat, text = sc.cat, sc.text
    o_lo, o_hi = sc.clause(pos)
    if _READING_NAMED.search(text, o_lo, o_hi):
        return False  # 坐下心跳就慢下来了: the outcome is the reading's own
    # (the remedy may be the outcome's own words, 吃了块糖好了: read up to its clause's end)
    if classes & _SUGAR_LOW and _FED.search(text, m.end, o_hi):
        return False
    own: list[Mention] = []  # the reading's own feeling (palpitation of a heart rate)
    others: list[Mention] = []
    for cid in sorted(cat.continuing):
        concept = cat.concepts[cid]
        found = _concept_mentions(sc.raw, sc.atoms, sc.by_class, concept)
        if any(classes & set(seq) for seq in concept.patterns):
            own += found
        else:
            others += found
    for s in others:
        if s.start < m.end or s.end > pos:
            continue
        if any(o.start < s.end and s.start < o.end for o in own):
            continue  # 心跳170，心慌: the same words read as the rate felt
        if sc.mk["negated_just_before"].search(text, max(m.end, s.start - 3), s.start):
            continue
        return True
    return False


_SUGAR_LOW = frozenset({"glucose_low", "glucose_low_bare"})
# the name of a reading (心率, 血糖, 体温 …): an outcome clause that names it ends the value
_READING_NAMED = re.compile("心率|心跳|脉搏|脉|血糖|血氧|饱和度|血压|体温|烧|呼吸")
# something sweet or a meal taken (吃了块糖, 喝了点果汁, 吃了东西): a low sugar's remedy
_FED = re.compile(
    "(?:吃|喝|含|喂)了?[^,，。；;]{0,4}(?:糖|饼干|东西|饭|果汁|可乐|蜂蜜|巧克力|面包|馒头|水果|甜)"
)


# The readings a patient is told to take again (a low sugar 15 minutes after sugar, an
# oximeter on another finger, a pulse after resting): a later reading of the same kind
# outside the danger range ends the episode.  Not a fever (a 3-month-old's fever is an
# emergency however well it comes down) and not a blood pressure or a high sugar
# (lowered by a drug, the cause is still there).
_RECHECKED = frozenset({"glucose_low", "glucose_low_bare", "spo2_low", "hr_fast", "hr_slow"})
# a reading taken again: 复测5.8, 再量了一次是96, 换了个手指测是98, 降到100, 回到6.2
_RECHECK = re.compile(
    "(?:复测|复查|再测|重测|又测|重新测|再量|又量|重新量|换了?[^,，。；;!！?？]{0,6}?(?:测|量)"
    # (a reading taken after a told interval, 过了十五分钟测到6.8: its outcome word, 到/是,
    # must follow, so that a count, 十分钟测1次, is no reading)
    "|(?:过了|等了|隔了)?(?:\\d+|半|几)个?(?:分钟|小时|钟头)(?:以?后|之后)?(?:再)?(?:测|量)(?=到|是|为|出)"
    "|(?:降|回|升|涨|恢复)(?:到|至))"
    r"(?:了|出来|出|的)?(?:一下|一次|一遍)?(?:心率|心跳|脉搏|血糖|血氧|饱和度)?"
    r"(?:还是|仍是|也是|是|为|有|到)?\s*(\d{1,3}(?:\.\d{1,2})?)(?![\d.])"
)


# ... and one taken again after a while, said as a spoken decimal (15分钟后测五点八)
_RECHECK_SPOKEN = re.compile(
    "(?:复测|复查|再测|重测|又测|重新测|再量|又量|重新量|(?:\\d+|半|几)个?(?:分钟|小时|钟头)(?:以?后|之后)(?:再)?(?:测|量))"
    "(?:了|出来|出|的)?(?:一下|一次|一遍)?(?:还是|仍是|也是|是|为|有|到)?\\s*("
    + _SPOKEN_DECIMAL_RE.pattern
    + ")"
)


def _rechecked_normal(m: Mention, sc: _Scope) -> bool:
    """A reading in the danger range (血糖3.5, 血氧88, 心率160) and, later in the message,
    the same reading taken again with its last value outside that range (…复测5.8;
    …换了手指测是98; …停下来就降到100了).  A repeat still in the range (复测3.2) keeps
    the episode."""
    # (the reading's own atom, or the words of the mention read as one: 心率 ~ 170)
    classes = {cls for a in sc.within(m.start, m.end) for cls in a.classes & _RECHECKED}
    if not classes:
        return False  # no reading of the kind: no bounds (the quantities are not looked at)
    bounds = [
        (lo, hi)
        for _, _, readings in sc.cat.quantities
        for reading, lo, hi in readings
        if reading & classes
    ]
    if not bounds:
        return False
    found = [(x.start(), float(x.group(1))) for x in _RECHECK.finditer(sc.text, m.end)]
    for x in _RECHECK_SPOKEN.finditer(sc.text, m.end):
        v = spoken(x.group(1))
        if v is not None:
            found.append((x.start(), v))
    if not found:
        return False
    value = max(found)[1]  # the latest reading counts
    return all(
        (lo is not None and value < lo) or (hi is not None and value > hi) for lo, hi in bounds
    )


# the readings of a high blood pressure (systolic or diastolic)
_PRESSURE_HIGH = frozenset({"bp_180", "bp_dia_120", "bp_160", "bp_dia_110"})


def _pressure_of_a_past_day(m: Mention, sc: _Scope, s_lo: int) -> bool:
    """A high blood-pressure reading dated to an earlier day (前天, 昨天, 上周: ``past_day``
    before it in its sentence, no moment of now before it) and, later in the message, a
    reading told of now (今天/现在 … 血压140/85) in the ordinary range, with no high one after
    it: the latest reading counts (前天血压190去急诊降下来了，今天血压140/85).  Not a reading
    taken again in the same episode (195, took a pill, 150: `_rechecked_normal` leaves a
    pressure out, the cause is still there)."""
    if not {cls for a in sc.within(m.start, m.end) for cls in a.classes & _PRESSURE_HIGH}:
        return False
    text, mk = sc.text, sc.mk
    if not sc.has("past_day", s_lo, m.start):
        return False
    if sc.has("present", s_lo, m.start) or sc.has("onset", s_lo, m.start):
        return False
    later = [
        a
        for a in sc.atoms
        if a.start >= m.end and (a.classes & _PRESSURE_HIGH or "bp_ordinary" in a.classes)
    ]
    if not later or later[-1].classes & _PRESSURE_HIGH or "bp_ordinary" not in later[-1].classes:
        return False
    last = later[-1]
    c_lo, _ = sc.clause(last.start)
    return mk["present"].search(text, c_lo, last.start) is not None


def _other_person_fine(text: str, lo: int, hi: int, m_start: int, mk: dict) -> bool:
    """The clause ``[lo, hi)`` before an outcome word names another person as its subject
    (双胞胎哥哥就没事, 别的孩子都没事, 我倒没事): one not named before the sign, so not the
    patient the sign was told of — that person is fine, the patient's sign is not over."""
    rx = mk.get("other_person")
    x = rx.fullmatch(text, lo, hi) if rx is not None else None
    return x is not None and x.group("who") not in text[:m_start]


# a clause that says a sign no longer is (…，马上就不麻了; …，后来就不晕了): 不 and one
# character, at the clause's head after a few adverbs of time
_STOPPED = re.compile(
    "(?<=[,，;；])(?:(?:马上|很快|一会儿?|后来|现在|之后|然后|已经|慢慢)?(?:就|又|也|都)?)不再?"
    "([\u4e00-\u9fff])了(?![吗吧么嘛])"
)


def _stopped_after(m: Mention, sc: _Scope, hi: int) -> list[re.Match]:
    """A later clause says the mention's own sign no longer is (手指麻了一下，马上就不麻了):
    the character negated is one of the mention's words (not 看不清了: the 不 belongs to
    a verb; not 不麻了吗: a question)."""
    own = set(sc.text[m.start : m.end]) - set("了的得不没")
    return [x for x in _STOPPED.finditer(sc.text, m.end, hi) if x.group(1) in own]


def _own_past_episode(sc: _Scope, lo: int, hi: int) -> bool:
    """The clause ``[lo, hi)`` before an outcome word tells a past episode of its own: a
    past-time word and then a sign (上周也气短过一回 | 就好了).  The outcome ends that
    episode, not a mention told in an earlier clause.  So does a past-time word and then
    an act told as tried before (以前也喝过这种药 | 都没事): a past occasion the patient
    bore, which says nothing of how this one ends."""
    mk = sc.mk
    for k in ("history", "history_recent", "history_episode"):
        x = mk[k].search(sc.text, lo, hi)
        if x is not None and (
            sc.sign_after(x.end(), hi) or _TRIED_BEFORE.search(sc.text, x.end(), hi)
        ):
            return True
    return False


# an act told as done before, the aspect 过 (吃过, 用过, 打过这个针): a past occasion
_TRIED_BEFORE = re.compile("(?:吃|喝|用|打|碰|服|涂|抹|擦|接触|试|尝)过")


# a clause of now that says the sign did not come back (今天没有再流, 现在没再吐过)
# (or that the bleeding has stopped: 现在不出血了, 今天没流血了)
_NOT_AGAIN = re.compile(
    "[^,，。；;]{0,2}?(?:没有?再|不再|再也没|也没再|(?:不|没有?)(?:出|流)血了(?![吗么吧嘛?？])"
    # (or that a passing sign is gone: 现在也不晕了, 今天不疼了)
    # (or the fever gone: 今天已经不烧了, 现在不发热了)
    "|不(?:晕|头晕|疼|痛|头疼|头痛|喘|吐|恶心|难受|心慌|麻|痒|烧|发烧|发热|咳|咳嗽)了(?![吗么吧嘛?？])"
    # (or, right after the word of now, that the bleeding has stopped: 现在已经停了, 今天血止住了
    # — not 呼吸停了: nothing may stand between the word of now and the stop)
    "|(?<=[天在前晚早])(?:已经|都|也)?(?:血)?(?:已经|都)?(?:停|止住)了(?![吗么吧嘛?？]))"
)
# a clause of now that says the patient is well (今天精神很好, 现在人挺好的): the verdict holds
# (or that nothing troubles the patient now: 今天没什么不舒服, 现在没有任何不适)
# The well state may be told with no subject (现在很好, 今天一切正常, 现在一切都好), by what the patient
# does again (今天又蹦又跳, 能吃能睡, 有说有笑, 跟平时一样) or, for a baby in the womb, by its
# movements back (今天踢得又多了); never as a question (现在正常吗) or with a negation
# before it (今天不太好).
_WELL_NOW = re.compile(
    "[^,，。；;不没未]{0,2}?(?:(?:(?:精神|人|状态|气色)(?:都|也|已经)?"
    "(?:很好|挺好|特别好|非常好|不错|正常|好多了|好好的)|(?:很好|挺好|一切正常|都正常|正常|好好的|"
    "一切(?:都|也)?(?:很|挺|还)?(?:好|安好|顺利)(?![痛疼难受晕累烫冷热久多像])(?:了|的)?)"
    # (told over: 现在好了, 今天已经好了, 现在没事了 — not 好了一点, only better)
    "|(?:已经|都|全|完全)?(?:好了|没事了)(?![一些点])"
    # (the redness or swelling told gone: 今天已经不红了, 现在都不肿了)
    "|(?:已经|都|全|完全)?(?:不|没)(?:再)?(?:红|肿|疼|痛)了(?![一些点])"
    # (told well with no adverb of degree: 现在都好, 今天也好 — not 都好疼, 也好多了)
    "|(?:都|也)好(?=$|[,，。；;!！])"
    # (the breathing, the heartbeat told calm again: 今天呼吸很平稳, 现在喘气挺顺的)
    "|(?:呼吸|喘气|出气|心跳|心率|脉搏)(?:都|也|已经)?(?:很|挺|特别|非常|比较)?"
    "(?:平稳|平顺|均匀|顺畅|顺|稳|正常|好))"
    "(?![^,，。；;]{0,3}[吗么吧嘛?？])"
    "|(?:都|也|已经)?没(?:有)?(?:任何|什么|啥|一点)?(?:不舒服|不适)(?![吗么吧嘛?？])"
    "|活蹦乱跳|又蹦又跳|能吃能(?:睡|玩|喝)|又说又笑|有说有笑|(?:跟|和)(?:平时|平常|往常)一样"
    "|(?:动|踢)得(?:又|也|还)?(?:多|欢|频繁)(?:了|起来了?))"
    # (a check of now told normal: 今天胎心监护也正常, 今天复查结果都正常)
    "|[^,，。；;不没未]{0,6}?(?:监护|心电图|B超|b超|彩超|复查|检查|化验|胎心|指标|结果)"
    "(?:都|也|均)?(?:很|挺)?正常(?![^,，。；;]{0,3}[吗么吧嘛?？])"
)


def _told_since(sc: _Scope, pos: int) -> bool:
    """After the doctor's verdict at ``pos``, a clause speaks of now (现在, 今天 …) —
    not one that only says the sign has not come back (医生说是痔疮，今天没再出血) or that
    the patient is well (…医生说是单纯性的，今天精神很好): that keeps the episode over."""
    well_end = pos
    for x in sc.mk["present"].finditer(sc.text, pos):
        if x.start() < well_end:
            continue  # a word of the well clause itself (今天踢得又多了: its 又 is no new time)
        again = _NOT_AGAIN.match(sc.text, x.end())
        if again is not None:
            well_end = again.end()  # (现在没再发生: its 再发 is no new time)
            continue
        well = _WELL_NOW.match(sc.text, x.end())
        if well is None:
            return True
        well_end = well.end()
    return False


# a clause that turns against what was said before it (…应该没事吧？就是黄得挺明显的; 但是…)
_TURN_SINCE = re.compile("(?<=[,，;；。!！?？ ])(?:但是?|可是?|不过|却|就是|只是)")


def _turned_since(sc: _Scope, pos: int) -> bool:
    """After the doctor's word at ``pos``, a clause opens with a turn and tells a continuing
    sign (医生说新生儿都会黄…就是黄得挺明显的，身上都黄了): the sign seen now is the worry,
    the verdict does not close it."""
    for x in _TURN_SINCE.finditer(sc.text, pos):
        if sc.sign_after(x.end(), sc.sentence(x.start())[1]):
            return True
    return False


def _doctor_words(text: str, mk: dict, lo: int, hi: int | None = None) -> Iterator[re.Match[str]]:
    """The words of a doctor's verdict (``seen_doctor``) in ``text[lo:hi]``, less those a
    refusal to go holds (不愿意去医院说是更年期, 不肯去看医生说是老毛病): the refusal's
    医院/医生 is the place not gone to, and what follows is the patient's own say-so."""
    refused = mk.get("care_refused")
    for x in mk["seen_doctor"].finditer(text, lo, len(text) if hi is None else hi):
        start = x.start()
        if refused is not None and any(
            r.start() <= start < r.end()
            for r in refused.finditer(text, max(0, start - 12), x.end())
        ):
            continue
        yield x


def _doctor_word(text: str, mk: dict, lo: int, hi: int | None = None) -> re.Match[str] | None:
    """The first of ``_doctor_words`` in ``text[lo:hi]``, or None."""
    return next(_doctor_words(text, mk, lo, hi), None)


def _well_since(sc: _Scope, pos: int) -> bool:
    """After ``pos`` a clause of now tells the patient well (现在很好, 现在体温正常) and
    none tells anything else (`_told_since`)."""
    well = any(
        _WELL_NOW.match(sc.text, x.end()) or _NOT_AGAIN.match(sc.text, x.end())
        for x in sc.mk["present"].finditer(sc.text, pos)
    )  # (今天没再渗血: the sign has not come back since the care)
    return well and not _told_since(sc, pos)


def _doctor_open(text: str, pos: int, mk: dict) -> bool:
    """The doctor's word at ``pos`` leaves the sign open: a guess (医生说可能是生理性的)
    or a referral (社区医生说去眼科看看) is no verdict that the sign is explained."""
    rx = mk.get("doctor_open")
    return rx is not None and rx.match(text[pos : pos + 20]) is not None


def _told_as_now(m: Mention, sc: _Scope) -> bool:
    """The mention's clause, or the head of the 、 list it belongs to, says it is so now
    (现在脸肿、喘、…): a treatment told after it has not ended it."""
    c_lo = sc.clause(m.start)[0]
    head = _list_head(sc.text, c_lo, sc)
    return sc.mk["now"].search(sc.text, head, m.start) is not None


def _goes_on(sc: _Scope, lo: int, hi: int) -> bool:
    """After an outcome or treatment at ``lo``, the sentence says the episode goes on: it
    came back (又好了，这样出现了两次) or, after a turn (但是, 可是, 不过 …) or a word
    of persistence (还是, 仍然 …), a sign is still there (醒过来了，但是一直喘; 已经打了
    一针，还是喘) — or the treatment did not help (打了2次胰岛素还是降不下来)."""
    if sc.has("recurs", lo, hi) or sc.has("not_helped", lo, hi):
        return True
    turns = [sc.mk["turn"]] + ([sc.mk["still"]] if "still" in sc.mk else [])
    return any(sc.sign_after(t.end(), hi) for rx in turns for t in rx.finditer(sc.text, lo, hi))


def _turned_severe(sc: _Scope, lo: int, hi: int) -> bool:
    """After a sign said to be mild, a turn (不过, 但是 …) and a severe description of it
    in the same sentence (后背有点疼，不过他说像有人拿刀往外划): the mild word is the
    patient's understatement, not the measure of the sign."""
    text, mk = sc.text, sc.mk
    return any(
        _acute_after(text, t.end(), mk["severe_quality"], mk, hi)
        for t in mk["turn"].finditer(text, lo, hi)
    )


def _mild_at(m: Mention, sc: _Scope, mild: re.Pattern[str], c_lo: int, c_hi: int) -> bool:
    """A mild word right at the mention: before it (有点头疼, 头有点疼) or after it at the
    end of the clause (疼一点点); one after it that goes on to another word qualifies
    that word instead (下面一边肿了有点高: the swelling sits high, it is not mild)."""
    text = sc.text
    for x in mild.finditer(text, max(c_lo, m.start - 4), min(c_hi, m.end + 3)):
        if x.start() >= m.end and text[x.end() : c_hi].strip(_PARTICLES):
            continue
        if any(lo <= x.start() and x.end() <= hi for lo, hi in m.atoms):
            continue  # the catalogue's own word holds it (叫不太醒): the sign, not a softening
        return True
    return False


def _governs(
    marker: str, m: Mention, sc: _Scope, c_lo: int, c_hi: int, s_lo: int, s_hi: int
) -> bool:
    """A long-standing or habitual marker governs the mention: said in its clause, in
    the next clause (手麻，好几年了), or earlier in the sentence with no onset word
    (今天, 突然 …) between it and the mention, and the next clause only when no onset word
    came before the mention ("高血压十几年 … 今天 … 血压205" is new;
    a later "老是对不准" says nothing about an earlier "突然站不住")."""
    mk = sc.mk
    if sc.has(marker, c_lo, c_hi):
        return True
    if c_hi < s_hi:
        n_lo, n_hi = sc.clause(c_hi + 1)
        # (not after an onset earlier in the sentence: 刚才抽过去了，吐白沫，到现在还没醒;
        # not "每次…" after a sign told as regular: 规律宫缩，每次都疼得说不出话)
        if (
            sc.has(marker, n_lo, min(n_hi, s_hi))
            and not mk["onset"].search(sc.text, s_lo, m.start)
            and not (marker == "habitual" and _per_bout(sc, c_lo, c_hi, n_lo, min(n_hi, s_hi)))
            # (not a next clause's "有时候" after a state told as changed now: 现在叫不醒了，
            # 呼吸有时候停一下 tells how today's state goes)
            and not (marker == "habitual" and sc.has("now_changed", c_lo, c_hi))
        ):
            return True
    last = None
    hits = (
        sc.habits(s_lo, c_lo) if marker == "habitual" else mk[marker].finditer(sc.text, s_lo, c_lo)
    )
    for hit in hits:
        if marker == "habitual" and _counts_bouts(sc, hit.start(), s_lo):
            continue  # 刚才10分钟里疼了3次，每次40秒，还见红: this episode's bouts
        last = hit
    if last is None or mk["onset"].search(sc.text, last.end(), m.start):
        return False
    # a long-standing word of an earlier clause (想改约神经内科复诊, 癫痫好多年了) does not
    # reach a sign told, after that clause, as going on right now (…，现在又在发作，抽了两次,
    # 正在抽): the event in progress is this episode, as after an onset word
    if marker == "chronic":
        after = sc.clause(last.start())[1]
        if after <= c_lo and sc.mk["in_progress"].search(sc.text, after, m.end):
            return False
    return True


def _counts_bouts(sc: _Scope, pos: int, s_lo: int) -> bool:
    """The habitual word at ``pos`` opens a per-bout clause (每次四十秒) right after a
    clause of the same sentence that tells the sign as a regular pattern (十分钟里疼了三次):
    it measures this episode's bouts, it tells no habit that reaches the clauses after."""
    n_lo, n_hi = sc.clause(pos)
    if n_lo <= s_lo:
        return False
    c_lo, c_hi = sc.clause(n_lo - 1)
    return _per_bout(sc, max(c_lo, s_lo), c_hi, n_lo, n_hi)


def _per_bout(sc: _Scope, c_lo: int, c_hi: int, n_lo: int, n_hi: int) -> bool:
    """The next clause opens with a per-bout word (每次, 每回) and its only habitual word
    is that one, after a clause that tells the sign as a regular pattern (规律, 一阵一阵,
    每隔几分钟): it describes the bouts of this episode."""
    mk = sc.mk
    if "periodic" not in mk or "per_bout" not in mk or not sc.has("periodic", c_lo, c_hi):
        return False
    lo = n_lo
    while lo < n_hi and sc.text[lo] in " ，,":
        lo += 1
    head = mk["per_bout"].match(sc.text[lo:n_hi])
    return head is not None and all(x.start() < lo + head.end() for x in sc.habits(n_lo, n_hi))


_SINCE = re.compile(r"起来|以来|开始|到现在|一晚上|一整晚|一整天|一天|半天|一上午|一下午|一夜|一宿")


def _absent_since(m: Mention, sc: _Scope, s_lo: int) -> bool:
    """打早上起来孩子就没动过, 宝宝一晚上都没动过: "没…过" after a starting point or
    over a span is an absence that goes on, not something in the past."""
    said = sc.text[m.start : m.end]
    return ("没" in said or "不" in said) and bool(_SINCE.search(sc.text, s_lo, m.end))


def _treatment_is_risk(m: Mention, sc: _Scope, x: re.Match[str]) -> bool:
    """The treatment told after the mention is a word of a concept that completes a
    category with the mention's concept (胸口憋得慌，腿也肿，刚做完手术: the operation is
    pe_risk beside breathless, the risk of a clot in the lung): the setting the sign came
    in, not its end."""
    cat = sc.cat
    for cid in cat.partners.get(m.concept, ()):
        concept = cat.concepts.get(cid)
        if concept is None or not any(seq[0] in sc.by_class for seq in concept.patterns):
            continue
        for p in _concept_mentions(sc.raw, sc.atoms, sc.by_class, concept):
            if p.start < x.end() and x.start() < p.end:
                return True
    return False


def _treated_before(sc: _Scope, m: Mention, x: re.Match[str], x_lo: int, s_hi: int) -> bool:
    """A treatment told after the mention is dated before it (他前几天刚做完手术, 上周做完
    手术) while the sentence tells the sign as an episode of now, outside that clause
    (突然喘不上气, …现在心跳飞快): the treatment is the episode's background, not its
    end (not 视网膜脱离，上周已经做完手术了: no episode is told, the condition was treated)."""
    if not _recent_history(sc.text, x_lo, x.start(), sc.mk):
        return False
    s_lo = sc.sentence(m.start)[0]
    x_hi = sc.clause(x.start())[1]
    return any(
        sc.has(k, lo, hi)
        for k in ("present", "onset")
        for lo, hi in ((s_lo, x_lo), (x_hi, s_hi))
        if lo < hi
    )


def _earlier_visit(m: Mention, sc: _Scope, seen: re.Match[str]) -> bool:
    """The doctor's verdict is set at an earlier visit by a past-time word of its own
    sentence, a later one than the mention's (…他说有点晕。上次查INR是3.2，医生说偏高):
    it speaks of that visit, not of the sign told before it.  Only the plain past words (上次, 去年, 上周 …), not 当时/之前,
    which may tell the visit made for this very episode."""
    lo = sc.sentence(seen.start())[0]
    if lo < m.end:
        return False  # (有一次抽厉害了去医院检查医生说是癫痫: the visit for this very sign)
    return any(sc.mk[k].search(sc.text, lo, seen.start()) for k in ("history", "history_recent"))


def _recent_history(text: str, lo: int, hi: int, mk: dict) -> bool:
    """A past-time word right before a doctor's verdict (之前医生说过她心跳慢): the
    verdict is about her history, not about the sign just told."""
    return any(mk[k].search(text, lo, hi) for k in ("history", "history_recent", "history_episode"))


def _late_effect(m: Mention, sc: _Scope, s_hi: int) -> bool:
    """After an event named with 后 (its caller's test), the sentence tells rehabilitation
    or a standing follow-up (溺水之后留下了脑瘫，在康复中心做训练; 中毒以后在神经内科随访):
    what is told is a late effect of an event over, unless the sentence goes on to an
    episode (又被电了一下, 今天突然…, 还在抽) — a visit (这次来复查) is no episode."""
    text, mk = sc.text, sc.mk
    if not sc.has("follow_up", m.end, s_hi) or sc.has("ongoing", m.end, s_hi):
        return False
    if sc.occurs("recurs") and mk["recurs"].search(text, m.end, s_hi):
        return False
    return not any(
        not mk["visit"].match(text, x.end()) for x in mk["onset"].finditer(text, m.end, s_hi)
    )


def _tested_normal(m: Mention, sc: _Scope, s_lo: int, s_hi: int) -> bool:
    """After a sign of an earlier day or moment (昨天, 当时: ``past_day`` in the sentence before
    the result, no moment of now before the sign), the sentence tells a test done and
    normal (前天晚上心慌了一阵，昨天去查了心电图和心肌酶都正常): the episode was checked
    and is over — unless the sentence goes on to a sign still there (还是疼), a watch
    (让回家观察) or a clause of now after the result (今天又…)."""
    text, mk = sc.text, sc.mk
    if not sc.occurs("tested_normal"):
        return False
    x = mk["tested_normal"].search(text, m.end, s_hi)
    hi = s_hi
    if x is None and _turn_end(sc, m.start) == s_hi < len(sc.raw):
        # the conversation's next turn, the one that answers it, tells the test (昨天被电了
        # 一下。/ 做了心电图和抽血，都正常), with no moment of now before the result in it
        # and no later turn that speaks of now or turns
        t_lo = s_hi + len(TURN_SEPARATOR)
        hi = _turn_end(sc, t_lo)
        x = mk["tested_normal"].search(text, t_lo, hi)
        if x is not None and (
            sc.has("present", t_lo, x.start())
            or any(
                sc.has(k, hi, len(text)) for k in ("present", "onset", "turn", "ongoing", "recurs")
            )
        ):
            return False
    if x is None or not sc.has("past_day", s_lo, min(x.start(), s_hi)):
        return False
    if sc.has("present", s_lo, m.end) or (
        # (昨天突然…: the onset word tells how yesterday's episode began)
        sc.has("onset", s_lo, m.end) and not sc.has("past_day", s_lo, m.start)
    ):
        return False  # 今天突然…，查了心电图正常: an episode of today
    return not (
        (sc.has("watch", m.end, hi) and not _watch_passed(sc, m.end, hi))
        or sc.has("ongoing", m.end, hi)
        or _goes_on(sc, m.end, hi)
        or _told_since(sc, x.end())
    )


def _watch_passed(sc: _Scope, lo: int, hi: int) -> bool:
    """The watch the doctor asked for (医生让观察) is followed by a clause of now that tells
    the patient well (…医生让观察，今天一切正常): the watch is over and found nothing."""
    text = sc.text
    last = max(sc.mk["watch"].finditer(text, lo, hi), key=lambda x: x.start(), default=None)
    if last is None:
        return False
    for x in sc.mk["present"].finditer(text, last.end(), hi):
        well = _WELL_NOW.match(text, x.end())
        if well is not None and not _goes_on(sc, well.end(), hi):
            return True
    return False


# a hospital's care of the episode told after it (送医院, 去了急诊, 打了葡萄糖, 洗了胃, 吸了氧,
# 住院, 输液): the care itself, not yet its outcome
_CARE_TAKEN = re.compile(
    # (none of it refused or still to come: 没送医院, 还没打针, 要去急诊)
    "(?<![没不未要该])(?<!还没)(?<!没有)(?:"
    "(?:送(?:到|去|了)?|去了?|到了?|进了?|住了?)(?:医院|急诊|诊所|卫生院|抢救室|icu|ICU)"
    "|(?:打|挂|输|推|静推)(?:了|过|完)[^,，。]{0,4}(?:葡萄糖|糖水|点滴|吊瓶|水|针|药)"
    "|(?:洗了胃|洗胃了|吸了氧|吸氧了|进了高压氧|做了高压氧|住了院|住院了)"
    # (the care told at the place, 在医院补了液, 在急诊冲洗检查过; a drip of fluids, 补了液)
    "|在(?:医院|急诊|诊所|卫生院|儿科)(?:里)?(?:补|输|打|挂|冲洗|冲|洗|吸|处理|检查)[^,，。]{0,4}?(?:了|过|完)"
    "|(?:补了液|补液了|补过液)"
    # (came to this hospital for it, 来急诊处理了, 来你们医院看了; a wound stitched or a
    # nose packed: 缝了针, 缝了3针, 填塞了)
    "|来了?(?:你们)?(?:医院|急诊|诊所|门诊|眼科|儿科|外科|耳鼻喉科)[^,，。]{0,4}?(?:处理|看|查|治|包扎|缝|填塞)"
    "[^,，。]{0,2}?(?:了|过|完)"
    "|缝了[^,，。]{0,3}针|缝过针|缝针了|填塞了|包扎了"
    # (a care told given there, 来急诊处理了, 医生给处理过了, 急诊观察了6小时)
    "|(?:急诊|医院|医生|大夫|诊所)(?:已经|给|帮忙)?(?:处理|处置|治疗|观察)(?:了|过))"
)
# sent home well after the care (血压正常回家了, 没事就出院了)
_SENT_HOME_WELL = re.compile(
    "(?<![不没])(?:正常|没事|没问题|没什么事|好了)(?:就|后|以后|了)?(?:回家|出院)了"
    "(?![^,，。]{0,3}[吧吗么嘛?？])"
)


def _cared_for_and_well(m: Mention, sc: _Scope, s_lo: int, s_hi: int) -> bool:
    """An episode of an earlier day (昨天, 前天 … before the mention in its sentence, no
    moment of now before it) that the sentence tells cared for at a hospital after it (送医院
    打了葡萄糖, 去急诊吸了氧) and then a clause of now telling the patient well (今天血糖都
    正常, 现在一切都好) with nothing else told since: the episode was treated and is over —
    unless it goes on (还在, 又晕了) or a watch is told (让观察)."""
    text = sc.text
    if not sc.has("past_day", s_lo, m.start):
        return False
    if sc.has("present", s_lo, m.start) or sc.has("onset", s_lo, m.start):
        return False
    care = _CARE_TAKEN.search(text, m.end, s_hi)
    if care is None:
        return False
    if (
        # (前天鼻血止不住来急诊填塞了: a sign going on before the care is the episode cared
        # for; one told going on after it is not over)
        sc.has("ongoing", care.start(), s_hi)
        or sc.has("recurs", m.end, s_hi)
        or sc.has("watch", m.end, s_hi)
        or _goes_on(sc, care.end(), s_hi)
    ):
        return False
    if not _well_since(sc, care.end()) and not _SENT_HOME_WELL.search(text, care.end(), s_hi):
        return False  # (血压正常回家了: sent home well, told with no word of now)
    return not _told_later(sc, s_hi)


def _today(head: str, mk: dict) -> bool:
    """The sentence already speaks of today (今天中午…当时觉得没事): 当时 is a moment of
    this episode."""
    return mk["present"].search(head) is not None


# a past-time word followed by "never" (之前从来没有, 以前从没这样过, 以前没这么疼过): the
# sign is told as new, the past word is no history of it
_NEVER_BEFORE = re.compile(
    "[^,，。]{0,2}?(?:从来没|从没|从未|从来不|都没(?:有)?(?:这样|这么)|没(?:有)?(?:这样|这么))"
)


def _moved_on(head: str, mk: dict) -> bool:
    """After the last 当时/那时 of ``head`` the story moves on to a later moment or tells
    the sign getting worse (当时觉得没事，到中午肚子越来越疼): the mention is no longer
    told of that moment."""
    last = None
    for x in mk["history_episode"].finditer(head):
        last = x
    return last is not None and mk["moved_on"].search(head, last.end()) is not None


# a past time named as what the present is compared with (跟上次一模一样, 比上回还疼),
# also a past time named by what happened then (跟放支架前那次一样, 像他住院那回似的):
# the sign is told as now, like the earlier one
_COMPARED_BEFORE = re.compile(
    "(?:(?:跟|和|像|同|与|比)(?:她|他|我|它)?的?|(?:跟|像|同)[^,，。；;!！?？跟像同和]{1,8})$"
)
# 比 before a past time always compares (比上次多, 比上回重): the degree told is today's
_EXCEEDS_BEFORE = re.compile("比(?:她|他|我|它)?的?$")
_COMPARED_AFTER = re.compile(
    "[^,，。；;]{0,10}?(?:一模一样|一样|似的|那样|差不多|相似|类似|还要?|更)"
)


def _past(before: str, history: re.Pattern[str], present: re.Pattern[str]) -> bool:
    """A past-time marker governs ``before``'s end, with no present-time marker after it."""
    last = None
    for h in history.finditer(before):
        if _NEVER_BEFORE.match(before, h.end()):
            continue  # 之前从来没有, 以前没这么疼过: told as new, not as past
        if _COMPARED_BEFORE.search(before, 0, h.start()) and _COMPARED_AFTER.match(before, h.end()):
            continue  # 跟上次一模一样，还冒冷汗: a comparison, not a story of then
        if _EXCEEDS_BEFORE.search(before, 0, h.start()):
            continue  # 拉得比上次多, 比以前还重: measured against then, told of now
        last = h
    return last is not None and not present.search(before, last.end())


_LIST_ITEMS = 3  # how many earlier items of a 、 list may carry its negator


def _list_head(text: str, c_lo: int, sc: _Scope) -> int:
    """Where the 、 list that the clause at ``c_lo`` belongs to starts (``c_lo`` when the
    clause is no list item)."""
    lo = c_lo
    for _ in range(_LIST_ITEMS):
        if lo < 2 or text[lo - 1] != "、":
            break
        lo = sc.clause(lo - 2)[0]
    return lo


# (a turn may open the denied list, 但没有头疼、胸闷: "but none of these"; so may the one it is
# about, 外公没有头疼、胸闷)
_LIST_NEGATOR = re.compile(
    r"^(?:但是?|可是?|不过|而且|并且)?"
    r"(?:患者|病人|患儿|孩子|宝宝|本人|他|她|我|老人|外公|外婆|爷爷|奶奶|姥姥|姥爷|爸爸?|妈妈?"
    r"|老公|老婆|儿子|女儿)?"
    r"(?:也|并|都|还|均)?(?P<neg>否认|未诉|未见|没有|没|无|未|不)"
)


def _list_denied(listed: str, cat: Catalogue) -> bool:
    """The 、 list before a mention opens with a negator that heads its first item
    (没有发烧、; 否认呼吸困难、口唇), not one inside a sign (眼睛看不清、肚子疼、: 不 is
    part of 看不清), and no onset or present word (突然, 现在 …) nor a turn (但, 却 …)
    stands in the list."""
    mk = cat.markers
    m = _LIST_NEGATOR.match(listed)
    if m is None or mk["turn"].search(listed, m.end("neg")):
        return False
    if mk["onset"].search(listed) or mk["present"].search(listed):
        return False
    terms = cat.words.terms
    if _words_at(listed, m.start("neg"), terms, m.end("neg")):
        return False  # 无尿、…; 没反应、…: the negator begins a sign
    items = listed[m.end() :].split("、")[:-1]  # the last part is the mention's own clause
    return all(
        0 < len(item) <= _RUN_MAX and not _RUN_STORY.search(item) and _segments(item, cat)
        for item in items
    )


# (a two-character joiner too: 没有任何想死或者伤害自己的念头, 没有发烧以及抽搐)
_LIST_SPLIT = re.compile(r"或者|或是|以及|[和或及、/]|也没|也不")
_NEGATED_LIST = re.compile(
    r"(没有|没|无|未|否认|不)(?:[\u4e00-\u9fff]{1,6}?(?:或者|或是|以及|[、和及或/])){1,3}$"
)
_NOT_PREGNANT = re.compile(r"(没|没有|不是|未|并非|不)$")


def _negated_list(before: str, cat: Catalogue) -> bool:
    """没有发烧、咳嗽和抽搐: a negator at the head of a short list reaches its items."""
    m = _NEGATED_LIST.search(before)
    return m is not None


# A record's denial of signs run together with no separator (无头晕心慌, 否认胸闷胸痛,
# 未诉恶心呕吐): the negator reaches every sign of the run.
_RUN_JOINERS = frozenset("、和及或/与")
_RUN_MAX = 10
# a narrative, not a list of denied signs (未吃饭打了胰岛素后冒冷汗: the sweat is reported)
_RUN_STORY = re.compile("[了后时着过]")


def _negated_run(before: str, cat: Catalogue) -> bool:
    """``before`` ends with a negator followed only by catalogue words (signs, body parts)
    and joiners: 无头晕 before 心慌, 无呕 before 吐.  Not when the negator starts a word
    of its own (无尿, 无力, 没反应: a sign, not a denial), nor when an onset word (突然,
    突发 …) stands in the run (无外伤史突发头痛: the headache is reported)."""
    tail = before[-_RUN_MAX - 2 :]
    terms = cat.words.terms
    for m in reversed(list(cat.run_negator.finditer(tail))):
        rest = tail[m.end() :]
        if not rest:
            return False  # the negator stands right before the mention: not a run
        if any(tail.startswith(w, m.start()) for w in _words_at(tail, m.start(), terms, m.end())):
            continue  # 无尿伴腹痛: 无尿 is a sign
        if (
            not _RUN_STORY.search(rest)
            and not cat.markers["onset"].search(rest)
            and _segments(rest, cat)
        ):
            return True
    if cat.colloquial_negator is None:
        return False
    # 没有头痛眼花, 也没有胸闷气短: the spoken negator reaches a run of symptoms only
    for m in reversed(list(cat.colloquial_negator.finditer(tail))):
        rest = tail[m.end() :]
        if not rest or _words_at(tail, m.start(), terms, m.end()):
            continue  # 没有力气: a sign of its own
        if (
            not _RUN_STORY.search(rest)
            and not cat.markers["onset"].search(rest)
            and _symptom_run(rest, cat)
        ):
            return True
    return False


def _symptom_run(rest: str, cat: Catalogue) -> bool:
    """Can ``rest`` be cut into symptoms (a symptom word, a sign word of its own, or a
    body part followed by a symptom word) and joiners?  (头痛 yes; 大便, 胎动 no: 没有大便
    肚子胀 reports the swelling.)"""
    terms = cat.words.terms

    def symptom(w: str) -> bool:
        cls = terms.get(w)
        return (
            bool(cls)
            and "sudden" not in cls
            and (w in cat.literal_signs or bool(cls & cat.run_sign_classes))
        )

    def site(w: str) -> bool:
        return bool(terms.get(w, frozenset()) & cat.run_site_classes)

    n = len(rest)
    ok = [False] * (n + 1)
    ok[n] = True
    for i in range(n - 1, -1, -1):
        if rest[i] in _RUN_JOINERS and ok[i + 1]:
            ok[i] = True
            continue
        for j in range(i + 1, n + 1):
            word = rest[i:j]
            if ok[j] and symptom(word):
                ok[i] = True
            elif site(word):
                ok[i] = any(ok[k] and symptom(rest[j:k]) for k in range(j + 1, n + 1))
            if ok[i]:
                break
    return n > 0 and ok[0]


def _words_at(text: str, i: int, terms: dict, beyond: int) -> list[str]:
    """Catalogue words with classes that start at ``i`` and end after ``beyond``."""
    return [
        text[i:j]
        for j in range(beyond + 1, min(len(text), i + _RUN_MAX) + 1)
        if terms.get(text[i:j])
    ]


def _segments(rest: str, cat: Catalogue) -> bool:
    """Can ``rest`` be cut into sign words, negation followers (明显, 出现 …) and
    joiners, none of them an onset word?"""
    n = len(rest)
    ok = [False] * (n + 1)
    ok[n] = True
    followers, signs, terms = cat.run_followers, cat.sign_words, cat.words.terms
    for i in range(n - 1, -1, -1):
        if rest[i] in _RUN_JOINERS and ok[i + 1]:
            ok[i] = True
            continue
        for j in range(i + 1, n + 1):
            if not ok[j]:
                continue
            word = rest[i:j]
            if (word in signs and "sudden" not in terms[word]) or word in followers:
                ok[i] = True
                break
    return ok[0]


# ---------------------------------------------------------------- facts
# (led: every match starts with one of a few characters, tested first at each position)
_CHILD_WORDS = led(
    re.compile(
        r"小子|患儿|二宝|大宝|宝宝|孩子|孩儿|小孩|小朋友|小家伙|婴儿|幼儿|儿童|闺女|儿子|女儿|孙子|孙女|外孙|"
        r"侄子|侄女|外甥|小学生|初中生|男孩|女孩|娃|囡囡|毛毛(?![虫雨躁细])|伢|崽|幺儿|"
        # 丫头, 孙儿, 小儿 (not 小儿麻痹 of an adult), 我家小的 / 宝贝
        r"丫头|孙儿|小儿(?!麻痹)|小妞|小公主|小男生|小女生|学生仔|中学生|"
        r"(?:我家|我们家|俺家|家里)(?:的)?(?:小的|宝贝)"
    )
)
_CHILD_GATES = literal_gates(_CHILD_WORDS)
_ELDERLY = re.compile(
    r"老汉|老头|老人|老年|老爷子|老太太|爷爷|奶奶|外公|外婆|姥姥|姥爷|老父亲|老母亲|老伴"
)
# The family's old folk giving advice, not the patient: an old person who only advises to
# bear it (外婆说熬一熬就好, 奶奶让忍一忍), and the generic old folk with any verdict or home
# remedy (老人说没事, 家里老人都讲捂捂汗就好).  The advice is about the patient; 老人说胸口疼
# is an old patient.
_FOLK_SAYS = r"(?:们|家)?(?:自己)?(?:都|也|还|就|非|硬|一直|总|倒)?(?:说|讲|觉得|认为|让|叫|劝)"
_FOLK_BEAR = r"扛|熬|忍|挺|撑"
_FOLK_VERDICT = (
    r"捂|没事|没啥事|不要紧|不碍事|不打紧|正常|等等|再等|观察|过两天|过几天|自己好|会好|就好|"
    r"喝点|吃点|刮痧|拔罐"
)
_ADVISES_TO_BEAR = re.compile(rf"{_FOLK_SAYS}[^,，。；;!！?？]{{0,4}}?(?:{_FOLK_BEAR})")
_OLD_FOLK_ADVISE = re.compile(
    rf"{_FOLK_SAYS}[^,，。；;!！?？]{{0,6}}?(?:{_FOLK_BEAR}|{_FOLK_VERDICT})"
)


def advises(text: str, word: str, end: int) -> bool:
    """Does the old person named by ``word`` (ending at ``end``) only give advice?"""
    if _ADVISES_TO_BEAR.match(text, end):
        return True
    return word == "老人" and _OLD_FOLK_ADVISE.match(text, end) is not None


def _elderly_word(text: str) -> re.Match[str] | None:
    """The first word of an old patient, not of the old folk giving advice."""
    return next(
        (m for m in _ELDERLY.finditer(text) if not advises(text, m.group(0), m.end())), None
    )


_FEVER = re.compile(
    r"发烧|发热|高烧|高热|烧到|体温高|烧起来|低烧|烧得|一直烧|又烧|在烧|烫手|身上很烫|额头很烫|头很烫|浑身滚烫|滚烫"
)


@lru_cache(maxsize=1)
def _pregnancy_re() -> re.Pattern[str] | Anchored:
    pattern = "|".join(load_knowledge().red_flags.get("pregnancy_patterns") or ["怀孕"])
    return anchored(re.compile(pattern))  # scanned only near its words


def _pregnancy_word(text: str) -> bool:
    """怀孕/孕妇/孕34周 … said about the patient (没怀孕 / 不是孕妇 do not count)."""
    for m in _pregnancy_re().finditer(text):
        before = text[max(0, m.start() - 3) : m.start()]
        if not _NOT_PREGNANT.search(before) and pregnancy_now(text, m.start(), m.end()):
            return True
    return False


def facts(text: str, profile: dict, valid: dict[str, list[Mention]]) -> dict[str, str]:
    """Patient facts that hold, each with the words that show it (for the evidence)."""
    out = patient_facts(text, profile)
    out.update(fever_facts(text, profile, valid))
    return out


def patient_facts(text: str, profile: dict) -> dict[str, str]:
    """Who the patient is: age group, pregnancy (weeks), just delivered."""
    out: dict[str, str] = {}
    age = profile.get("age_years")
    weeks = pregnancy_weeks(text)
    said = _pregnancy_word(text) or pregnancy_implied(text) is not None
    pregnant = bool(profile.get("pregnant")) or weeks is not None or said
    days = infant_age_days(text, pregnant=pregnant)
    if days is None and age is not None and age < 0.5:
        days = age * 365
    if age is not None or days is not None:
        out["age_told"] = f"{age:g}岁" if days is None else f"{days:.0f}天"
    if days is not None and days <= 1.5:
        out["newborn_24h"] = "刚出生"
    if age is not None and age >= 1 and (days is None or days > 365):
        out["over_1y"] = f"{age:g}岁"
    if profile.get("sex") == "F":
        out["female"] = "女"
    elif profile.get("sex") == "M":
        out["male"] = "男"
    if days is not None:
        label = (
            f"{days * 24:.0f}小时"
            if days < 1
            else f"{days:.0f}天"
            if days < 60
            else f"{days / 30.4:.0f}个月"
        )
        if days <= U3M_DAYS:
            out["infant_u3m"] = label
        if days <= 28:
            out["newborn"] = label
        out["child"] = label
    if "child" not in out:
        m = _CHILD_WORDS.search(text) if may_match_all(_CHILD_GATES, text) else None
        if (age is not None and age < 14) or m:
            out["child"] = m.group(0) if m else f"{age:g}岁"
    m = _elderly_word(text)
    if m is None and (age is None or age < 65):
        age = elderly_age(text)  # 我妈70多了, 奔90的人
    if (age is not None and age >= 65) or m:
        out["elderly"] = m.group(0) if m else f"{age:g}岁"
    if pregnant:
        label = f"孕{weeks:.0f}周" if weeks is not None else "怀孕"
        out["pregnant"] = label
        if weeks is None or weeks >= 20:
            out["pregnant_20w"] = label  # unknown weeks: recall first
        if weeks is None or weeks >= 28:
            out["pregnant_28w"] = label
        if weeks is not None and weeks >= 20:
            out["weeks_20_told"] = label
        if weeks is None or weeks < 37:
            out["preterm"] = label
    delivered = postpartum(text)
    if delivered:
        out["postpartum"] = delivered
    return out


# a reading of a fever (38 to 42.9 ℃) in the normalised text
# (not a count of another unit: 宝宝40天的时候发烧38度 — the 40 is the baby's age then)
_FEVER_READING = re.compile(
    r"(?<![\d.])(?:3[89]|4[0-2])(?:\.\d{1,2})?(?![\d.])"
    r"(?!多?(?:天|周|个|岁|月|年|分钟|小时|斤|公斤|kg|次|片|粒|颗|毫|ml|mg|号|日|床|厘米|cm|块|元|%))"
)


def _readings_over(text: str, over: list[tuple[int, int]] | None) -> bool:
    """Every fever reading of the text lies inside a fever word set aside as over or past
    (发烧38度…第二天就退了; 上周发烧38度住院…现在体温正常): the thermometer told the
    ended episode, not the patient now.  A reading outside them (…退了，现在又38.2)
    keeps the fever."""
    if not over:
        return False
    found = list(_FEVER_READING.finditer(text))
    return bool(found) and all(
        any(lo <= x.start() and x.end() <= hi for lo, hi in over) for x in found
    )


def fever_facts(
    text: str,
    profile: dict,
    valid: dict[str, list[Mention]],
    over: list[tuple[int, int]] | None = None,
) -> dict[str, str]:
    """fever (≥ 38 ℃, or said without a lower reading), fever_39, temp_40; afebrile: the
    highest reading told is under 38 ℃ (烫 said by a grandmother, 36.8 on the thermometer).
    ``over``: the spans of fever words set aside as over or past; when no fever word holds
    and every reading lies in them, the reading is the ended episode's (`_readings_over`)."""
    out: dict[str, str] = {}
    temp = profile.get("temperature")
    if (
        temp is not None
        and not any(k in valid for k in _FEVER_WORDS)
        and _readings_over(text, over)
    ):
        temp = None
    if temp is not None and temp < 38.0:
        out["afebrile"] = f"{temp:g}℃"
    fever_words = valid.get("fever_word")
    word = text[fever_words[0].start : fever_words[0].end] if fever_words else "发烧"
    if temp is not None and temp >= 38.0:
        out["fever"] = f"{temp:g}℃"
    elif temp is None and "fever_word" in valid:
        out["fever"] = word
    if temp is not None and temp >= 39.0:
        out["fever_39"] = f"{temp:g}℃"
    elif valid.get("high_fever_word") and (temp is None or temp >= 39.0):
        m0 = valid["high_fever_word"][0]
        out["fever_39"] = text[m0.start : m0.end]
    elif "high_fever_word" in valid and (temp is None or temp >= 39.0):
        out["fever_39"] = "高烧"
    if temp is not None and temp >= 40.0:
        out["temp_40"] = f"{temp:g}℃"
    heat = "fever" in out or "fever_word" in valid or "heat_word" in valid
    if heat and mothers_own_fever(text):
        out["mother_fever"] = "产妇自己发烧"  # (a fever told after a birth, the mother's own)
    return out


# ---------------------------------------------------------------- entry point
def _by_class(atoms: list[_Atom]) -> dict[str, list[int]]:
    """word class -> indexes of the atoms of that class, in text order"""
    by_class: dict[str, list[int]] = {}
    for i, a in enumerate(atoms):
        for cls in a.classes:
            slot = by_class.get(cls)
            if slot is None:
                by_class[cls] = [i]
            else:
                slot.append(i)
    return by_class


def assess(text: str, profile: dict | None = None, every: bool = False) -> Assessment:
    """Red flags and the acuity they imply for the normalised ``text``.

    ``profile`` carries what is known about the patient: age_years, pregnant,
    temperature (max °C mentioned).  ``every`` checks every concept whose words occur,
    not only those that could complete a category here (``known`` then lists them all).
    """
    cat = compiled()
    profile = profile or {}
    atoms = _atoms(text, cat)
    by_class = _by_class(atoms)
    if RESPELL in by_class:  # maybe a typo: rewrite, rescan if changed
        fixed = respelled(text, cat)
        if fixed != text:
            text, atoms = fixed, _atoms(fixed, cat)
            by_class = _by_class(atoms)
    # Which concepts could be present at all (every word of one of their patterns
    # occurs somewhere)?  Only those that could complete a category or a grade are
    # then matched in order and checked for negation, history … (the costly part).
    present_classes = set(by_class)
    candidates = chain.from_iterable(map(cat.by_rare_class_sets.get, by_class, repeat(())))
    possible = {cid for cid, words in candidates if words <= present_classes}
    possible.update(*map(cat.by_rare_class_alone.get, by_class, repeat(())))
    who = patient_facts(text, profile)
    maybe = possible | set(who) | set(fever_facts(text, profile, {key: [] for key in possible}))
    needed: set[str] = set()
    for term in maybe:
        for pos, neg in cat.alternatives_by_term.get(term, ()):
            if pos <= maybe:
                needed |= pos
                needed |= neg
    if needed & {"fever", "fever_39", "temp_40"}:
        needed |= {"fever_word", "high_fever_word"}
    needed = set(possible) if every else needed & possible
    raw: dict[str, tuple[Concept, list[Mention]]] = {}
    for cid in needed:
        concept = cat.concepts[cid]
        found = _concept_mentions(text, atoms, by_class, concept)
        if found:
            raw[cid] = (concept, found)
    valid: dict[str, list[Mention]] = {}
    soft: set[str] = set()
    hard: set[str] = set()
    negated: set[str] = set()
    mk = cat.markers
    scope = _Scope(text, cat, False, atoms, by_class)
    scope.possible = frozenset(possible & cat.red_flag_concepts)
    scope.consult = bool(needed & set(raw)) and bool(
        mk["consult"].search(scope.text) and mk["diagnosed"].search(scope.text)
    )
    mild: dict[str, Mention] = {}
    told_before: dict[str, list[Mention]] = {}  # set aside as history, chronic, habitual
    told_over: dict[str, list[Mention]] = {}  # set aside as over or treated
    for cid in needed & set(raw):
        concept, mentions = raw[cid]  # in text order
        for m in mentions[:MAX_TRIES]:
            why = _cancelled(m, concept, cat, scope)
            if why is None:
                valid[cid] = [m]
                break
            if why == "doubt":
                continue
            if why == "mild":
                mild.setdefault(cid, m)
            if why in _LONG_STANDING:
                told_before.setdefault(cid, []).append(m)
            elif why == "resolved":
                told_over.setdefault(cid, []).append(m)
            if why in SOFT_CANCEL:
                soft.add(cid)
            else:
                hard.add(cid)
                if why == "negation":
                    negated.add(cid)
    for cid, m in mild.items():
        if cid not in valid and _mild_outweighed(m, scope):
            valid[cid] = [m]
    if told_before:
        _present_episode(told_before, valid, text, cat)
        _done_again(told_before, valid, scope)
    if told_before or told_over:
        _delayed_harm(told_before, told_over, valid, scope)
        _still_due(told_before, told_over, valid, scope)
    for mentions in valid.values():
        mentions.sort(key=lambda m: (m.start, m.end))
    present = set(valid)
    # (not a reading its own clause tells as of now, 刚才测了体温38.7: a treatment told
    # after it, 昨天打了疫苗, does not end it; and only when a clause of now tells the
    # patient well, 现在很好, 现在体温正常 — a hope, 捂捂汗就好了, is no end)
    over = [
        (m.start, m.end)
        for cid in _FEVER_WORDS
        for m in told_over.get(cid, []) + told_before.get(cid, [])
        if not any(scope.has(k, scope.clause(m.start)[0], m.start) for k in ("present", "onset"))
        and _well_since(scope, m.end)
    ]
    fact_words = {**who, **fever_facts(text, profile, valid, over)}
    known = present | set(fact_words)
    result = Assessment(concepts=present, soft=soft - present, signals=bool(possible), known=known)
    checked = {cid: "cancelled" for cid in hard | soft}
    checked.update({cid: "valid" for cid in present})
    checked.update({cid: "absent" for cid in needed - set(raw)})
    result._probe = _Probe(
        text,
        atoms,
        by_class,
        scope,
        possible & cat.red_flag_concepts,
        checked,
        frozenset((negated - present) & cat.red_flag_concepts),
    )
    holding: dict[int, int] = {}  # category index -> first alternative that holds
    for term in known:
        for ci, ai, pos, neg in cat.category_alts_by_term.get(term, ()):
            if pos <= known and not (neg & known) and ai < holding.get(ci, _NO_ALTERNATIVE):
                holding[ci] = ai
    mild_only = {cid: [m] for cid, m in mild.items() if cid not in valid}
    if mild_only and _acute_enough(scope):
        probe = result._probe
        said = {cid for cid in possible & cat.red_flag_concepts if probe.holds(cid)}
        _with_companions(cat, holding, known, said | present, set(mild_only))
        valid = {**mild_only, **valid}  # (for the evidence)
    for ci in sorted(holding):
        c = cat.categories[ci]
        result.flags.append(_hit(c, c.when[holding[ci]], valid, fact_words, text))
    if result.flags:
        result.acuity = min((f.acuity for f in result.flags), key=ACUITY_ORDER.index)
        return result
    # Not an emergency: grade it.  A red flag that was only cancelled softly (已经好了,
    # 多年, 有点) still deserves a doctor today.
    # (each alternative is found through its first term, which must then be known)
    soft_known = known | soft
    if soft - present:
        for term in soft_known:
            for _, _, pos, neg in cat.category_alts_by_term.get(term, ()):
                if pos <= soft_known and not (neg & soft_known):
                    result.acuity = "urgent_today"
                    return result
    first = len(cat.grades)  # the first grade (in catalogue order) with an alternative that holds
    for term in known:
        for gi, _, pos, neg in cat.grade_alts_by_term.get(term, ()):
            if gi < first and pos <= known and not (neg & known):
                first = gi
    if first < len(cat.grades):
        result.acuity = cat.grades[first].acuity
    return result


def _mild_outweighed(m: Mention, sc: _Scope) -> bool:
    """A sign said to be mild (胸口有点闷, 有点疼) whose sentence goes on to tell the
    features that make it acute whatever the adjective: a cold sweat, a duration (四十
    分钟了, 两三个小时了), no relief with rest, getting worse (``episode_acute``), or a
    severe quality — the adjective is the patient's understatement.  Not in a message
    that tells weeks of a pattern (最近, 经常) with no onset word (``_acute_enough``)."""
    mk = sc.mk
    hi = sc.sentence(m.start)[1]
    return (
        _acute_after(sc.text, m.end, mk["episode_acute"], mk, hi)
        or _acute_after(sc.text, m.end, mk["severe_quality"], mk, hi)
    ) and _acute_enough(sc)


def _acute_enough(sc: _Scope) -> bool:
    """Several softened signs make an emergency only when they are not told as weeks of
    a pattern (最近有点胸闷、有点心慌…是不是更年期) — unless an onset word says what is new
    (最近小腿有点肿，今天突然有点喘)."""
    text, mk = sc.text, sc.mk
    spread = (
        mk["subacute"].search(text) or mk["habitual"].search(text) or mk["chronic"].search(text)
    )
    return not spread or mk["onset"].search(text) is not None


def _with_companions(
    cat: Catalogue, holding: dict[int, int], known: set[str], present: set[str], mild: set[str]
) -> None:
    """Alternatives completed by a sign said to be mild (胸口有点闷) together with another
    red flag of the alternative said plainly (往左胳膊窜, 出冷汗), in a message that names
    at least MILD_WITH_COMPANIONS distinct red flags: an understated report softens each
    sign with 有点, but several signs together are the emergency (added to ``holding``)."""
    red = cat.red_flag_concepts
    either = known | mild
    many = len((present | mild) & red) >= MILD_WITH_COMPANIONS
    for term in either:
        for ci, ai, pos, neg in cat.category_alts_by_term.get(term, ()):
            if (
                pos <= either
                and not (neg & either)
                and pos & mild
                and ai < holding.get(ci, _NO_ALTERNATIVE)
                and (
                    (many and (pos - mild) & present & red)
                    # (an alternative of three signs or more, each told, two softened and
                    # a companion said plainly: 有点晕，走路有点飘，还吐了两次)
                    or (len(pos - FACTS) >= MILD_WITH_COMPANIONS and (pos - mild - FACTS) & present)
                )
            ):
                holding[ci] = ai


_LONG_STANDING = frozenset({"history", "chronic", "habitual"})
# the words that tell a fever (see `fever_facts`)
_FEVER_WORDS = ("fever_word", "heat_word", "high_fever_word")


def _present_episode(
    told_before: dict[str, list[Mention]],
    valid: dict[str, list[Mention]],
    text: str,
    cat: Catalogue,
) -> None:
    """A complaint told as past or habitual (我爸经常胸口疼), then a new episode after a
    time anchor (今天, 刚才, 突然 …) told with its acute features, often only as a bare
    re-mention (疼得出冷汗, 闷得喘不上气) or the signs that come with it (满头大汗): the
    earlier mention counts for the present episode.  Without acute features after the
    anchor (今天也是老样子, 今天又有点隐隐作痛) the set-aside holds.  (A red flag of its
    own after the anchor is not enough: it reopened near misses.)"""
    for cid, mentions in told_before.items():
        if cid in valid:
            continue
        for m in mentions:
            if _reopened(m, text, cat):
                valid[cid] = [m]
                break


def _done_again(
    told_before: dict[str, list[Mention]], valid: dict[str, list[Mention]], sc: _Scope
) -> None:
    """An event told as past (前年从房顶上摔下来过，养好了), then told again for this
    episode (这回又摔了: 又 and a word of the same event) and followed by a red flag of the
    same category said plainly (下半身没知觉): the earlier telling names what happened
    again.  Not without that red flag (今天又摔了一跤，手掌蹭破点皮)."""
    cat = sc.cat
    for cid, mentions in told_before.items():
        if cid in valid:
            continue
        partners: list[str] | None = None  # (only needed once a retelling is found)
        for m in mentions:
            again = _again_at(m, sc)
            if again is None:
                continue
            if partners is None:
                partners = sorted(
                    {
                        other
                        for own in cat.concepts_of_category.values()
                        if cid in own
                        for other in own
                        if other != cid and other not in _QUALIFIERS
                    }
                )
            if any(v.start >= again for other in partners for v in _told(other, sc)):
                valid[cid] = [m]
                break


def _again_at(m: Mention, sc: _Scope) -> int | None:
    """Where a later clause tells the event of ``m`` again (，这回又摔了): a clause that
    opens with 又 (after a word of this episode) right before a word of one of the
    mention's event kinds (not a site, a person, a time or an amount)."""
    skip = _NOT_AN_EVENT | sc.cat.run_site_classes
    kinds = {
        k
        for a in sc.within(m.start, m.end)
        for k in a.classes
        if k[0] not in "=~" and k not in skip
    }
    if not kinds:
        return None
    after = sc.clause(max(0, m.end - 1))[1]
    for x in _RETOLD.finditer(sc.text, after) if sc.may_match(_RETOLD_GATES) else ():
        k = bisect_left(sc.atoms, x.end(), key=_START)
        for a in sc.atoms[k : k + 4]:
            if a.start > x.end() + 1:
                break
            if a.classes & kinds:
                return x.end()
    told = sc.text[m.start : m.end]
    for x in _BARE_AGAIN.finditer(sc.text, after) if sc.may_match(_BARE_AGAIN_GATES) else ():
        if x.group(1) in told:
            return x.end()
    return None


# a later clause that tells the act again for this episode with its object left out
# (，今天我吃完十多个小时才开始吐; ，刚才他也喝了，…): what was eaten or drunk is the
# thing named before with the same verb (not ，今天吃完饭: a thing of its own)
_BARE_AGAIN = re.compile(
    "(?<=[,，;；。])(?:今天|今早|今晚|今儿|刚才|刚刚|这次|这回)"
    "(?:我|他|她|孩子|宝宝|我们|家里人|全家)?(?:也|又)?"
    "([吃喝吞])(?:完|了|下去|下)(?:以后|之后|后)?"
    "(?=[\\d一两几半十]|就|没多久|不久|[,，。;；!！?？]|$)"
)
_BARE_AGAIN_GATES = literal_gates(_BARE_AGAIN)


def _delayed_harm(
    told_before: dict[str, list[Mention]],
    told_over: dict[str, list[Mention]],
    valid: dict[str, list[Mention]],
    sc: _Scope,
) -> None:
    """An injury told as recent past (上礼拜摔过一跤磕到头: not 小时候, 多年前, 老是) or as
    over (呛了水，当时咳了几声就好了), then one of its danger signs told as present after it
    (这两天变得特别糊涂; 现在呼吸有点快): a delayed complication (a subdural bleed shows
    days later, the lungs fail hours after the water), so the injury counts for this
    episode.  The sign counts even said softly (有点喘, 老是咳: the understatement of one
    who was told it was over), but must not itself be told as past (当时吐了一次).  The
    injuries of ``harm_after_over`` count so only when told as over (被电了一下，当时就好了，
    不过心跳有点不齐), not as past."""
    tables = ((sc.cat.delayed_harm, True), (sc.cat.harm_after_over, False))
    for table, past_too in tables:
        for cause, signs in table.items():
            _harm_now(cause, signs, told_before if past_too else {}, told_over, valid, sc)
    for cause, signs in sc.cat.harm_after_over.items():
        _harm_while_over(cause, signs, told_over, valid, sc)


def _harm_while_over(
    cause: str,
    signs: frozenset[str],
    told_over: dict[str, list[Mention]],
    valid: dict[str, list[Mention]],
    sc: _Scope,
) -> None:
    """An injury of ``harm_after_over`` told as over together with one of its danger
    signs told before the outcome (碰到电线被电了一下，一下子晕倒在地，过了一会儿醒了): the sign was part
    of the injury (a shock that knocked the patient down), which counts however it ended."""
    if cause in valid:
        return
    for m in told_over.get(cause, ()):
        s_hi = sc.sentence(m.start)[1]
        for sign in sorted(signs):
            concept = sc.cat.concepts[sign]
            for v in _concept_mentions(sc.raw, sc.atoms, sc.by_class, concept):
                if m.end <= v.start < s_hi and _cancelled(v, concept, sc.cat, sc) == "resolved":
                    valid[cause] = [m]
                    return


def _harm_now(
    cause: str,
    signs: frozenset[str],
    told_before: dict[str, list[Mention]],
    told_over: dict[str, list[Mention]],
    valid: dict[str, list[Mention]],
    sc: _Scope,
) -> None:
    """One cause of _delayed_harm: its mentions told before or over, then a sign now."""
    if cause not in valid:
        over = told_over.get(cause, [])
        for m in (*told_before.get(cause, ()), *over):
            if not _recent(m, sc):
                continue
            signs_now = (v for sign in signs for v in _told(sign, sc, softly=True))
            if any(_later_present(m, v, sc, later=m in over) for v in signs_now):
                valid[cause] = [m]
                break


def _still_due(
    told_before: dict[str, list[Mention]],
    told_over: dict[str, list[Mention]],
    valid: dict[str, list[Mention]],
    sc: _Scope,
) -> None:
    """An exposure told as recent past (上周在外地被狗咬了一口) and then said to be
    untreated (没打针, 还来得及打疫苗吗): its treatment is due now, so the exposure counts
    for this episode — not when the treatment was begun (打了第一针，第二针晚了两天)."""
    for cause, (due, done) in sc.cat.still_due.items():
        if cause in valid or any(_told(c, sc) for c in done):
            continue
        for m in (*told_before.get(cause, ()), *told_over.get(cause, ())):
            if _recent(m, sc) and any(v.start >= m.start for c in due for v in _told(c, sc)):
                valid[cause] = [m]
                break


def _recent(m: Mention, sc: _Scope) -> bool:
    """The injury or exposure ``m`` is recent: no remote past (小时候, 多年前) before it in
    its sentence, and no habit or long-standing condition told up to the end of its
    clause (老是摔跤; not a later 老是咳, which tells the signs that followed)."""
    s_lo = sc.sentence(m.start)[0]
    c_hi = sc.clause(m.end - 1)[1]
    return not (
        sc.past("history", s_lo, m.start)
        or any(sc.has(k, s_lo, c_hi) for k in ("chronic", "habitual"))
    )


_SOFTLY = frozenset({"mild", "habitual"})


def _told(cid: str, sc: _Scope, softly: bool = False) -> list[Mention]:
    """The mentions of concept ``cid`` that count, matched here (assess() matches only the
    concepts that could complete a category); with ``softly`` also those set aside only as
    mild or habitual (有点喘, 老是咳)."""
    concept = sc.cat.concepts[cid]
    out = []
    for m in _concept_mentions(sc.raw, sc.atoms, sc.by_class, concept):
        why = _cancelled(m, concept, sc.cat, sc)
        if why is None or (softly and why in _SOFTLY):
            out.append(m)
    return out


def _later_present(cause: Mention, sign: Mention, sc: _Scope, later: bool = False) -> bool:
    """``sign`` comes after ``cause``, a present-time word (这两天, 现在 …) stands between
    them or before the sign — with ``later`` (a cause told as over today) also a later
    time of that day (晚上, 后来) — and no past-time word governs the sign's clause."""
    text, mk = sc.text, sc.mk
    if sign.start < cause.end:
        return False
    now = [mk["present"], mk["later"]] if later else [mk["present"]]
    if not any(rx.search(text, cause.end, sign.end) for rx in now):
        return False
    c_lo = sc.clause(sign.start)[0]
    return not any(
        mk[k].search(text, c_lo, sign.start)
        for k in ("history", "history_recent", "history_episode")
    )


def _reopened(m: Mention, text: str, cat: Catalogue) -> bool:
    """Does a new episode with acute features follow the long-standing mention ``m``?"""
    mk = cat.markers
    anchor = mk["episode"].search(text, m.end)
    return anchor is not None and _acute_after(text, anchor.start(), mk["episode_acute"], mk)


def _acute_after(
    text: str, lo: int, acute: re.Pattern[str], mk: dict, hi: int | None = None
) -> bool:
    """An acute feature in ``[lo, hi)`` that is not denied right before (没有出冷汗)."""
    hi = len(text) if hi is None else hi
    for x in acute.finditer(text, lo, hi):
        if not mk["negated_just_before"].search(text, max(lo, x.start() - 3), x.start()):
            return True
    return False


def _hit(
    c: Category,
    alt: tuple[str, ...],
    valid: dict[str, list[Mention]],
    fact_words: dict[str, str],
    text: str,
) -> RedFlagHit:
    evidence: list[str] = []
    for term in alt:
        if term.startswith("!"):
            continue
        mentions = valid.get(term)
        snippet = text[mentions[0].start : mentions[0].end] if mentions else fact_words.get(term)
        if snippet and snippet not in evidence:
            evidence.append(snippet)
    return RedFlagHit(
        category=c.id,
        name=c.name,
        acuity=c.acuity,
        reason=c.advice,
        departments=c.departments,
        evidence="、".join(evidence)[:60],
    )


# Words that only qualify what else is said (onset, severity, a topic the classifier's
# gates look for): a message with nothing else states no fact about the patient.
_QUALIFIERS = frozenset(
    {
        "acute_onset",
        "recent_onset",
        "sudden_onset",
        "severe_word",
        "suicide_topic",
        "chest_feature",
        "fetal_word",
        # "a person is involved" (我, 孩子, 人 ...): it tells drowning from a dumpling lifted
        # out of water, but is no fact about the patient; as one, every "我要挂号" was kept
        "person_in_water",
    }
)


def stated(text: str, profile: dict | None = None) -> set[str]:
    """The patient facts (age group, pregnancy, just delivered …) and the concepts (a
    medicine, a known condition, an exposure, a sign) that the normalised ``text``
    states: what an earlier turn can add to a later one even without a symptom."""
    return assess(text, profile, every=True).known - _QUALIFIERS


def model_allowed(category_id: str, result: Assessment, sure: bool = False) -> bool:
    """May the classifier's verdict stand?  Only if the facts its category needs hold
    (it cannot tell a 2-month-old from a 2-year-old).  Concepts named there (糖尿病 for
    DKA) are looked for in the message on demand, not only among those assess() matched.
    A near-certain verdict (``sure``) also stands when one alternative of the category's
    ``model_sure_needs`` holds (a newborn told plainly, its danger in words the catalogue
    does not know), and in a category with ``model_sure_unless`` when the fact is only
    unstated: waters breaking with no pregnancy told, not a man's nor a grandmother's,
    nor past a veto of the gate."""
    cat = category(category_id)
    if cat is None:
        return False
    if not cat.model_needs or _needs_hold(cat, result):
        return True
    if sure and _any_holds(cat.model_sure_needs, result):
        return True
    return (
        sure
        and cat.model_sure_unless is not None
        and not any(result.holds(t[1:]) for alt in cat.model_needs for t in alt if t[0] == "!")
        and not any(result.holds(t) for t in cat.model_sure_unless)
    )


def model_asks(category_id: str, result: Assessment) -> str | None:
    """The question to ask first when the classifier names a category whose fact is only
    unstated ("宝宝发烧38度5" with no age: is the baby under 3 months?), None when the
    category asks nothing, a veto of its gate holds or the fact is told otherwise."""
    cat = category(category_id)
    if cat is None or cat.model_asks is None:
        return None
    if any(result.holds(t) for t in cat.model_asks_unless):
        return None
    if not all(result.holds(t) for t in cat.model_asks_needs):
        return None
    return cat.model_asks if _needs_hold(cat, result, assumed=cat.model_asks_tells) else None


def _needs_hold(cat: Category, result: Assessment, assumed: frozenset[str] = frozenset()) -> bool:
    """Does one alternative of the category's model_needs hold, with the facts `assumed`
    taken as told?"""
    return _any_holds(cat.model_needs, result, assumed)


def _any_holds(
    alternatives: tuple[tuple[str, ...], ...],
    result: Assessment,
    assumed: frozenset[str] = frozenset(),
) -> bool:
    """Does one of the alternatives (all of its terms; "!x": x absent) hold, with the
    facts `assumed` taken as told?"""
    return any(
        all(
            (not result.holds(t[1:])) if t.startswith("!") else (t in assumed or result.holds(t))
            for t in alt
        )
        for alt in alternatives
    )


def check(text: str, profile: dict | None = None) -> list[RedFlagHit]:
    """All red flags present in the normalised text (kept for callers of the old API)."""
    return assess(text, profile).flags


def category(category_id: str) -> Category | None:
    return next((c for c in compiled().categories if c.id == category_id), None)

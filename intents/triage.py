"""Department recommendation: lexicon vote + classifier, then age/sex rules, then red flags.

Order matters and is fixed:
1. score departments by blending the IDF-weighted lexicon vote with the
   department classifier (the lexicon dominates when it found specific terms,
   e.g. a question about 高血压 stays with 心血管内科 even if it mentions 头晕);
2. apply the reviewed age/sex/pregnancy rules (``knowledge/rules.yml``);
3. red flags put 急诊科 (and the flag's departments) first — nothing overrides them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import itemgetter, truediv

from .knowledge import Knowledge, LexiconHit, lexicon_scores
from .model import LinearTextModel
from .redflags import RedFlagHit, advises

LEX_HALF_WEIGHT = 30.0  # lexicon strength at which lexicon and classifier weigh the same
CLARIFY_MIN_CONFIDENCE = 0.40
CLARIFY_MIN_MARGIN = 0.12
DEFAULT_CLARIFY_TURNS = 2  # the caller's context["clarify_max_turns"] overrides it
EMERGENCY = "急诊科"

_PAIN_ONLY = re.compile(r"^(疼|痛|疼痛|难受|不舒服)$")


@dataclass
class Profile:
    age_years: float | None = None
    sex: str | None = None
    pregnant: bool | None = None
    temperature: float | None = None
    child_hint: bool = False
    newborn_hint: bool = False
    nursing_parent: bool = False  # 哺乳期: the patient is the mother; ages are the baby's
    age_source: str | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "age_years": self.age_years,
            "sex": self.sex,
            "pregnant": self.pregnant,
            "temperature": self.temperature,
        }


_REL_SEX = {"mother": "F", "father": "M"}
_SURFACE_SEX = {"老公": "M", "丈夫": "M", "老婆": "F", "妻子": "F", "媳妇": "F"}
# A parent told as away (我妈不在家, 我爸出差了) or as the one to be told (不好意思
# 跟我妈说, 没敢告诉我爸) is not the patient: the one writing is.
_REL_WORDS = {"mother": r"(?:妈妈|老妈|母亲|妈)", "father": r"(?:爸爸|老爸|父亲|爸)"}
_AWAY = r"(?:都|也|又|刚好|正好|今天|现在)?(?:不在家|不在身边|不在跟前|不在这|出差|出门了|上班去了|去上班了|在上班)"
_TOLD_TO = r"(?:(?:跟|和|给|对|向)我?(?P<w>{})(?:[^,，。?？]{{0,3}})(?:说|讲|提|开口|讲过|说过)|(?:告诉|瞒着|问|问了|问过)我?(?P<v>{}))"


# A parent who only reports what another one has (我妈说我弟下面一边肿了, 我爸打电话说
# 我奶奶摔了): the one named after the saying is the patient, not the parent.
_REPORTS_OF = (
    r"(?:跟我|和我|对我|给我)?(?:打电话|发消息|发微信)?(?:说|讲|告诉我|发现)[,，:：]?"
    r"(?:我|俺|咱)?(?:家)?(?:的)?(?:弟弟?|哥哥?|姐姐?|妹妹?|儿子|女儿|闺女|孩子|宝宝|小孩|娃|"
    r"侄子|侄女|外甥女?|孙子|孙女|爷爷|奶奶|外公|外婆|姥姥|姥爷|老公|老婆)"
)


def _away(relation: str, text: str) -> bool:
    """Is every mention of this parent in the text one of a parent who is away, only
    spoken to, or only reporting what another person has?"""
    words = _REL_WORDS.get(relation)
    if words is None:
        return False
    told = len(re.findall(words, text))
    away = len(re.findall(words + _AWAY, text))
    away += len(re.findall(_TOLD_TO.format(words, words), text))
    away += len(re.findall(words + _REPORTS_OF, text))
    return told > 0 and away >= told


def _elder_patient(text: str, word: str) -> bool:
    """Is an old person named by ``word`` who may be the patient: not only as the family
    member advising to bear it (奶奶说熬一熬就好: the grandchild is ill)?"""
    return any(not advises(text, word, m.end()) for m in re.finditer(re.escape(word), text))


def build_profile(text: str, entities: list[dict], context: dict, kb: Knowledge) -> Profile:
    """What we know about the patient, from the context first, then the message."""
    rules = kb.rules
    p = Profile()
    p.age_years = context.get("age_years")
    if p.age_years is not None:
        p.age_source = "context"
    p.sex = context.get("sex")
    p.pregnant = context.get("pregnant")
    for ent in entities:
        kind, value = ent["entity"], ent["value"]
        if kind == "age" and p.age_years is None:
            p.age_years, p.age_source = float(value), "text"
        elif kind == "temperature":
            p.temperature = max(p.temperature or 0.0, float(value))
        elif kind == "pregnancy" and p.pregnant is None:
            p.pregnant = bool(value)
        elif kind == "sex" and p.sex is None:
            p.sex = value
    if p.sex is None:
        for ent in entities:
            if ent["entity"] == "relation":
                sex = _REL_SEX.get(ent["value"])
                if sex and not _away(ent["value"], text):
                    p.sex = sex
                    break
        for word, sex in _SURFACE_SEX.items():
            if p.sex is None and word in text:
                p.sex = sex
    p.newborn_hint = any(w in text for w in rules["newborn"]["words"])
    # A child word makes the child the patient only when it is the subject: near the
    # start, or in a short message ("担心生了小孩之后会遗传" is about the parent).
    head = text if len(text) <= 30 else text[:12]
    p.nursing_parent = any(w in text for w in rules["child"].get("parent_words") or ())
    # In a pregnant woman's message, 孩子/宝宝 is the baby she carries.
    p.child_hint = (
        not p.nursing_parent
        and not p.pregnant
        and any(
            w in head and not re.search(f"(要|生|怀|怀上|想要|能要){w}", head)
            for w in rules["child"]["words"]
        )
    )
    if p.age_years is None:
        if p.newborn_hint:
            p.age_years, p.age_source = 14 / 365, "newborn_word"
        elif any(_elder_patient(text, w) for w in rules["elderly"]["words"]):
            p.age_years, p.age_source = float(rules["elderly"]["default_age"]), "elderly_word"
    if p.pregnant and p.sex is None:
        p.sex = "F"
    return p


def _evidence(hits: list[LexiconHit], dept: str, kb: Knowledge, limit: int = 3) -> list[str]:
    seen: list[str] = []
    ranked = sorted(
        (h for h in hits if not h.negated and dept in kb.lexicon.get(h.term, {})),
        key=lambda h: -kb.lexicon[h.term][dept] * kb.idf[h.term],
    )
    for h in ranked:
        if h.term not in seen:
            seen.append(h.term)
        if len(seen) >= limit:
            break
    return seen


class _Ranking:
    """Department scores (sum to 1) plus the reason each one is there."""

    def __init__(self, scores: dict[str, float]):
        total = sum(scores.values()) or 1.0
        self.scores = {d: s / total for d, s in scores.items() if s > 0}
        self.reasons: dict[str, str] = {}
        self._top: list[tuple[str, float]] | None = None
        self._first: str | None = None

    def top(self) -> list[tuple[str, float]]:
        """Highest score first, ties by name (kept until the scores change: every
        change ends in ``_renorm``)."""
        if self._top is None:
            # by name, then by score (stable: ties keep the name order)
            self._top = sorted(sorted(self.scores.items()), key=itemgetter(1), reverse=True)
        return self._top

    def first(self) -> str:
        """``top()[0][0]`` without sorting: the highest score, the first name on a tie."""
        if self._top is not None:
            return self._top[0][0]
        if self._first is None:  # (kept until the scores change, as ``_top``)
            scores = self.scores
            if not scores:
                raise IndexError("no department scored")
            best = max(scores.values())
            # the names whose score is the best, picked at C level
            self._first = min(compress(scores, map(best.__eq__, scores.values())))
        return self._first

    def promote(self, dept: str, reason: str | None = None, margin: float = 0.1) -> None:
        best = max(self.scores.values(), default=0.0)
        self.scores[dept] = max(self.scores.get(dept, 0.0), best + margin)
        if reason:
            self.reasons[dept] = reason
        self._renorm()

    def decide(self, dept: str, reason: str, share: float) -> None:
        """A reviewed rule decides: ``dept`` first with at least ``share`` of the total."""
        others = sum(v for d, v in self.scores.items() if d != dept)
        self.scores[dept] = max(self.scores.get(dept, 0.0), share / (1 - share) * others)
        self.reasons[dept] = reason
        self._renorm()

    def scale(self, dept: str, factor: float) -> None:
        if dept in self.scores:
            self.scores[dept] *= factor
            self._renorm()

    def second(self, dept: str, reason: str) -> None:
        """Make sure ``dept`` is ranked right after the current first choice."""
        ranked = self.top()
        if len(ranked) > 1 and ranked[0][0] != dept:
            self.scores[dept] = max(self.scores.get(dept, 0.0), ranked[1][1] + 1e-3)
            self.scores[ranked[0][0]] = max(ranked[0][1], self.scores[dept] + 1e-3)
            self.reasons[dept] = reason
            self._renorm()

    def drop(self, dept: str, to: str | None = None) -> None:
        value = self.scores.pop(dept, 0.0)
        if to and value:
            self.scores[to] = self.scores.get(to, 0.0) + value
        self._renorm()

    def _renorm(self) -> None:
        scores = self.scores
        total = sum(scores.values()) or 1.0
        # {d: s / total for d, s in scores.items()}, the divisions at C level
        self.scores = dict(zip(scores, map(truediv, scores.values(), repeat(total)), strict=True))
        self._top = self._first = None


def rank_departments(
    text: str,
    hits: list[LexiconHit],
    profile: Profile,
    flags: list[RedFlagHit],
    model: LinearTextModel,
    kb: Knowledge,
) -> tuple[list[dict], float, float]:
    """Top departments with confidence and reason; also returns (lexicon strength, lexicon share of top)."""
    lex = lexicon_scores(hits, kb)
    lex.pop(EMERGENCY, None)
    strength = sum(lex.values())
    probs = model.predict_proba(text)
    clf = dict(zip(model.labels, probs.tolist(), strict=True))
    clf.pop(EMERGENCY, None)
    alpha = strength / (strength + LEX_HALF_WEIGHT) if strength else 0.0
    # the same arithmetic per department, with its constants and lookups bound once
    # (no lexicon strength: alpha is 0, the classifier's probabilities as they are)
    keep, clf_get, lex_get = 1 - alpha, clf.get, lex.get
    if strength:
        blended = {
            d: keep * clf_get(d, 0.0) + alpha * (lex_get(d, 0.0) / strength) for d in kb.dept_order
        }
    else:
        blended = {d: clf_get(d, 0.0) for d in kb.dept_order}
    blended.pop(EMERGENCY, None)
    ranking = _Ranking(blended)
    top_dept = ranking.first()
    lex_share_top = lex.get(top_dept, 0.0) / strength if strength else 0.0
    named = {d for h in hits if not h.negated for d, w in kb.lexicon[h.term].items() if w >= 4}
    _apply_rules(ranking, profile, lex, strength, kb, named)
    for flag in reversed(flags):
        for dept in reversed(flag.departments):
            ranking.promote(dept, flag.reason, margin=0.05)

    result = []
    for dept, conf in ranking.top()[:3]:
        reason = ranking.reasons.get(dept)
        if reason is None:
            reason = kb.reason_for(dept, _evidence(hits, dept, kb))
        result.append({"name": dept, "confidence": round(float(conf), 4), "reason": reason})
    return result, strength, lex_share_top


def _apply_rules(
    ranking: _Ranking,
    p: Profile,
    lex: dict[str, float],
    strength: float,
    kb: Knowledge,
    named: set[str],
) -> None:
    """``named``: departments for which the text names a specific disease/drug/test (weight 4)."""
    rules = kb.rules
    top = ranking.first()
    # sex: female-only departments never for men and vice versa
    sex_rules = rules["sex"]
    if p.sex == "M":
        for dept in sex_rules["female_only"]:
            ranking.drop(dept, to=sex_rules["male_redirect"].get(dept))
    elif p.sex == "F":
        for dept in sex_rules["male_only"]:
            ranking.drop(dept, to=sex_rules["female_redirect"].get(dept))
    elif not p.pregnant:
        for dept in (*sex_rules["female_only"], *sex_rules["male_only"]):
            if dept not in named:
                ranking.scale(dept, sex_rules.get("unknown_sex_factor", 1.0))
    decided = float(rules.get("rule_confidence", 0.0))
    top = ranking.first()
    # Red flags still see the baby's age (an infant's fever stays an emergency); only the
    # department rules skip the child/newborn rules when the nursing mother is the patient.
    age = None if p.nursing_parent and p.age_source == "text" else p.age_years
    newborn_days = rules["newborn"]["max_days"]
    if (age is not None and age * 365 <= newborn_days) or (age is None and p.newborn_hint):
        if top not in ("眼科", EMERGENCY):
            ranking.decide(rules["newborn"]["department"], rules["newborn"]["reason"], decided)
        return
    child = rules["child"]
    is_child = (age is not None and age < child["max_years"]) or (age is None and p.child_hint)
    if is_child:
        share = lex.get(top, 0.0) / strength if strength else 0.0
        clear = child.get("exempt_if_clear", {})
        exempt = top in child["specialty_exempt"] or (top in clear and share >= clear[top])
        specialty = _clear_specialty(lex, strength, named, child.get("specialty_clear"), ())
        if specialty in (child.get("pediatric_core") or ()):
            specialty = None
        reason = child["reason"]
        if specialty and not exempt:
            ranking.promote(specialty)
            ranking.second(child["department"], reason)
        elif not exempt:
            ranking.decide(child["department"], reason, decided)
        if age is not None:
            ranking.drop("新生儿科")
        for dept in ("男科", "产科", "生殖医学科"):
            ranking.drop(dept)
        return
    if age is not None and age >= child["max_years"]:
        ranking.drop("儿科")
        ranking.drop("新生儿科")
    if p.pregnant:
        preg = rules["pregnancy"]
        reason = preg["reason"]
        if top in preg["specialty_exempt"]:
            return
        # Pregnancy words always vote for 产科, so the specialty is judged on the rest.
        specialty = _clear_specialty(
            lex, strength, named, preg.get("specialty_clear"), (preg["department"],)
        )
        if specialty:
            ranking.promote(specialty)
            ranking.second(preg["department"], reason)
        else:
            ranking.decide(preg["department"], reason, decided)


def _clear_specialty(
    lex: dict[str, float],
    strength: float,
    named: set[str],
    rule: dict | None,
    exclude: tuple[str, ...],
) -> str | None:
    """The department whose named disease/drug/test clearly dominates the lexicon vote.

    ``exclude``: departments left out of the comparison (and of the total), e.g. 产科
    for a pregnant patient, whose pregnancy words always vote for it.
    """
    if not rule:
        return None
    rest = strength - sum(lex.get(d, 0.0) for d in exclude)
    candidates = [d for d in named if d not in exclude and lex.get(d, 0.0) > 0]
    if not candidates or rest < rule.get("min_strength", 1e9):
        return None
    best = max(candidates, key=lambda d: (lex[d], d))
    return best if lex[best] / rest >= rule.get("min_share", 1.0) else None


def clarify(
    departments: list[dict],
    profile: Profile,
    hits: list[LexiconHit],
    entities: list[dict],
    context: dict,
    emergency: bool,
    watch: dict[str, str] | None = None,
) -> dict | None:
    """One clarifying question when the recommendation is uncertain, at most
    ``context["clarify_max_turns"]`` of them (default DEFAULT_CLARIFY_TURNS).

    Returns the question's key (age, sex, location, duration, pregnancy, diabetes,
    symptom) and the candidate departments; the wording a patient reads lives in the
    dialogue's templates (``handlers/templates/triage/clarify_{question}.j2``), not here.
    `watch` is a fact the red-flag layer needs before the classifier's verdict counts
    ({"question": "age", "category": "infant_fever"}): it is asked first, whatever the
    departments' certainty or the turns already used, once, and the returned question
    names the category ("watch") so that it can also tell what to do meanwhile.
    """
    asked = set(context.get("asked") or [])
    if not emergency and watch and watch["question"] not in asked:
        return {
            "question": watch["question"],
            "options": [d["name"] for d in departments],
            "watch": watch["category"],
        }
    limit = int(context.get("clarify_max_turns", DEFAULT_CLARIFY_TURNS))
    if emergency or int(context.get("clarify_turns") or 0) >= limit:
        return None
    valid = [h for h in hits if not h.negated]
    if not departments or not valid:
        return {"question": "symptom", "options": [d["name"] for d in departments]}
    if all(_PAIN_ONLY.match(h.term) for h in valid) and "location" not in asked:
        # "疼" alone says nothing about where: ask before guessing a department.
        return {"question": "location", "options": [d["name"] for d in departments]}
    top = departments[0]["confidence"]
    second = departments[1]["confidence"] if len(departments) > 1 else 0.0
    if top >= CLARIFY_MIN_CONFIDENCE and top - second >= CLARIFY_MIN_MARGIN:
        return None
    names = {d["name"] for d in departments}
    candidates = []
    if profile.age_years is None and not profile.child_hint:
        candidates.append("age")
    if profile.sex is None and names & {"妇科", "男科", "泌尿外科", "产科", "乳腺外科"}:
        candidates.append("sex")
    if all(_PAIN_ONLY.match(h.term) for h in valid):
        candidates.insert(0, "location")
    if profile.pregnant is None and profile.sex == "F" and names & {"产科", "妇科"}:
        candidates.append("pregnancy")
    if not any(e["entity"] == "duration" for e in entities):
        candidates.append("duration")
    candidates.append("symptom")
    question = next((q for q in candidates if q not in asked), "symptom")
    return {"question": question, "options": [d["name"] for d in departments]}

"""Train the intent and department classifiers (scikit-learn; TRAIN TIME ONLY).

Inputs are only the reviewed files in ``intents/data`` and ``intents/knowledge``.
Department training text is generated from the lexicon and templates
(``data/triage_training.yml``) plus hand-written examples.  The exported
artifact is deterministic: same inputs → byte-identical ``model/nlu.npz``
(fixed seeds, single-threaded BLAS with pinned kernels, float16 rounding, fixed zip
timestamps).
"""

from __future__ import annotations

import hashlib
import os
import platform
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import yaml

from .knowledge import knowledge_files, load_knowledge
from .model import ARTIFACT_PATH, char_ngrams, model_arrays, save_artifact
from .normalize import normalize_text, safety_text
from .rasa_data import NluData, default_nlu_paths, load_nlu
from .triage import EMERGENCY

DATA_DIR = Path(__file__).parent / "data"
SEED = 20240306
# OpenBLAS picks its kernels by CPU (Haswell, SkylakeX, Zen ...). Their rounding differs,
# which moves the solver's stopping point: the department model's weights moved by up to
# 0.6 between an AVX2 and an AVX-512 host. Training therefore runs single-threaded on the
# AVX2 (Haswell) kernels that every x86-64 server CPU of the last decade has. OpenBLAS reads
# these once, when numpy loads, so a process started without them trains in a child process.
PINNED_BLAS = {
    "OPENBLAS_CORETYPE": "Haswell",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
ARTIFACT_VERSION = 2
NONE = "none"  # the emergency classifier's label for "not an emergency"
# The emergency classifier is fitted to near its optimum (unique: the loss is strictly
# convex), so a few more training sentences move its probabilities a little, not by
# where a loose solver happened to stop.
RED_FLAG_TOL = 1e-5
RED_FLAG_SENTENCES = "red_flags_sentences.yml"  # reviewed regional and long sentences, used as is
# concept-level additions (effects, quantities, indirect and conditional threats), used as is
RED_FLAG_CONCEPTS = "red_flags_concepts.yml"
# other wordings of the same concepts (indirect suicide talk, ectopic signs, ...), used as is
RED_FLAG_PHRASINGS = "red_flags_phrasings.yml"
# the same categories in other voices (speech-to-text, understated, elderly typing, ...)
RED_FLAG_VOICES = "red_flags_voices.yml"
# health workers' record style and regional speech as typed in WeChat
RED_FLAG_REGISTERS = "red_flags_registers.yml"
# real emergencies told downplayed or asking whether they can wait, lay metaphors, a known
# condition that is different this time, delayed presentations, infants as parents type
# them, telegraphic notes; near-misses grouped by category
RED_FLAG_ASKERS = "red_flags_askers.yml"
# dangers carried by facts and readings: errands around a report, spoken readings, a
# preterm baby's corrected age, carers' reports
RED_FLAG_FACTS = "red_flags_facts.yml"
# coin cells, choking, retention, cauda equina, trauma and pregnancy bleeding in the wordings
# the other files have few of (devices, nose and ear, carers, trimesters)
RED_FLAG_RECALL = "red_flags_recall.yml"
# suicide and self-harm told every way (passive wishes, plans and means, farewells, acts,
# third person, errands) with their look-alikes, and a few rarer wordings of other categories
RED_FLAG_CRISIS = "red_flags_crisis.yml"
# written for the classifier from each category's clinical picture by writers who saw no rule
# and no evaluation set: many voices, registers and atypical presentations per category
RED_FLAG_CORPUS = "red_flags_corpus.yml"
# the same writers' HARD tellings: the danger present now beside words that read as past, over,
# mild, denied or someone else's (an old history, a partial improvement, another sign denied)
RED_FLAG_HARD = "red_flags_hard.yml"
# more of them in the categories the classifier was least sure of: accidents told as stories,
# burns played down, DKA without 糖尿病, infants' ages and pregnancies told in everyday words
RED_FLAG_STORIES = "red_flags_stories.yml"
# look-alikes of the ordinary patterns the corpus taught the classifier to over-read (a
# habitual complaint worse today, a normal reading, sobbing after a cry, relief after a
# painkiller, slight urgency, an engine run with the door open, a stomach bug, a vaccine's
# fever)
RED_FLAG_LOOKALIKES = "red_flags_lookalikes.yml"
# stop 27's writers: a third of each category told hard, a third by what is seen, felt or
# done, the facts implied or in an earlier turn, with one look-alike of each kind
RED_FLAG_TELLINGS = "red_flags_tellings.yml"
# ordinary messages across the departments, as patients type them: no emergency
RED_FLAG_ORDINARY = "red_flags_ordinary.yml"
# stop 27's second writers: long consultation posts, can-it-wait questions, carers, elderly
# typing, speech-to-text, with look-alikes among them long questions about the past
RED_FLAG_CONSULTS = "red_flags_consults.yml"
# ordinary consultation posts, long and short, across the departments: no emergency
RED_FLAG_CONSULTS_ORDINARY = "red_flags_consults_ordinary.yml"
# the hand-written red-flag files trained as written (emergencies and near-misses)
RED_FLAG_FILES = (
    RED_FLAG_SENTENCES,
    RED_FLAG_CONCEPTS,
    RED_FLAG_PHRASINGS,
    RED_FLAG_VOICES,
    RED_FLAG_REGISTERS,
    RED_FLAG_ASKERS,
    RED_FLAG_FACTS,
    RED_FLAG_RECALL,
    RED_FLAG_CRISIS,
    RED_FLAG_CORPUS,
    RED_FLAG_HARD,
    RED_FLAG_STORIES,
    RED_FLAG_LOOKALIKES,
    RED_FLAG_TELLINGS,
    RED_FLAG_ORDINARY,
    RED_FLAG_CONSULTS,
    RED_FLAG_CONSULTS_ORDINARY,
)


def input_files() -> list[Path]:
    files = [
        *list(default_nlu_paths()),
        DATA_DIR / "triage_training.yml",
        DATA_DIR / "red_flags_training.yml",
        *(DATA_DIR / name for name in RED_FLAG_FILES),
        DATA_DIR / "t2s.txt",
    ]
    return sorted(set(files)) + knowledge_files()


def inputs_digest() -> str:
    h = hashlib.sha256()
    for path in input_files():
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    h.update(Path(__file__).read_bytes())
    # the rules filter the classifier's ordinary examples, so they shape the artifact too
    h.update((Path(__file__).parent / "redflags.py").read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------- training data
def department_examples(rng: random.Random) -> list[tuple[str, str]]:
    """(text, department) pairs generated from lexicon × templates + hand-written ones."""
    kb = load_knowledge()
    spec = yaml.safe_load((DATA_DIR / "triage_training.yml").read_text(encoding="utf-8"))
    templates: list[str] = spec["templates"]
    prefixes: list[str] = spec["prefixes"]
    by_dept: dict[str, list[tuple[str, float]]] = {d: [] for d in kb.dept_order}
    for term, depts in sorted(kb.lexicon.items()):
        for dept, weight in depts.items():
            by_dept[dept].append((term, weight))
    weak_terms = sorted(t for t, d in kb.lexicon.items() if len(d) >= 3)
    out: list[tuple[str, str]] = []
    for dept in kb.dept_order:
        terms = sorted(by_dept[dept])
        strong = [t for t, w in terms if w >= 3] or [t for t, _ in terms]
        for term, weight in terms:
            reps = 3 if weight >= 3 else (2 if weight >= 2 else 1)
            for _ in range(reps):
                tpl = rng.choice(templates)
                t2 = rng.choice(strong)
                if weight < 2:  # a weak term is never the only evidence
                    term_, t2 = t2, term
                else:
                    term_ = term
                text = tpl.format(p=rng.choice(prefixes), t=term_, t2=t2)
                if rng.random() < 0.25:  # rambling questions mention unrelated mild symptoms
                    text += rng.choice(["，还有点", "，偶尔", "，有时候", "，另外"]) + rng.choice(
                        weak_terms
                    )
                out.append((text, dept))
        out.extend(_long_examples(spec, rng, dept, terms, strong, weak_terms))
        for example in spec["examples"].get(dept, []):
            out.append((example, dept))
            for _ in range(2):
                out.append((rng.choice(prefixes) + example, dept))
    return out


def _long_examples(
    spec: dict,
    rng: random.Random,
    dept: str,
    terms: list[tuple[str, float]],
    strong: list[str],
    weak_terms: list[str],
) -> list[tuple[str, str]]:
    """Long rambling questions: background, family members, generic symptoms, a question.

    Only terms with weight >= 3 (specific diseases, drugs, tests) carry the label, so the
    classifier learns that they, not the generic 头晕/乏力 around them, decide.
    """
    out = []
    templates = spec.get("long_templates") or []
    if not templates:
        return out
    weak = list(spec["weak"]) + weak_terms
    for term, weight in terms:
        if weight < 3:
            continue
        for _ in range(int(spec.get("long_per_term", 1))):
            text = rng.choice(templates).format(
                f=rng.choice(spec["family"]),
                b=rng.choice(spec["background"]),
                w=rng.choice(weak),
                q=rng.choice(spec["questions"]),
                t=term,
                t2=rng.choice(strong),
            )
            out.append((text, dept))
    return out


_DATES = ["今天", "明天", "后天", "周一", "周三", "下周二", "下周五", "星期六", "3月8号", "12号"]
_SESSIONS = ["上午", "下午", "晚上"]


def intent_examples(
    nlu: NluData, rng: random.Random, dept_texts: list[str]
) -> list[tuple[str, str]]:
    """nlu.yml examples, entity-substituted variants, and generated triage texts."""
    kb = load_knowledge()
    dept_names = list(kb.dept_order)
    aliases = [a for info in kb.departments.values() for a in info.get("aliases") or []]
    surnames = [
        "王",
        "李",
        "张",
        "刘",
        "陈",
        "杨",
        "黄",
        "赵",
        "周",
        "吴",
        "徐",
        "孙",
        "马",
        "胡",
        "林",
        "郭",
    ]
    titles = ["医生", "主任", "大夫", "教授"]
    out: list[tuple[str, str]] = []
    for ex in nlu.examples:
        out.append((ex.text, ex.intent))
        swappable = [
            e for e in ex.entities if e["entity"] in ("department", "doctor", "date", "session")
        ]
        if not swappable:
            continue
        for _ in range(3):
            text = ex.text
            for ent in sorted(swappable, key=lambda e: -e["start"]):
                kind = ent["entity"]
                if kind == "department":
                    new = rng.choice(dept_names + aliases)
                elif kind == "doctor":
                    new = rng.choice(surnames) + rng.choice(titles)
                elif kind == "date":
                    new = rng.choice(_DATES)
                else:
                    new = rng.choice(_SESSIONS)
                text = text[: ent["start"]] + new + text[ent["end"] :]
            out.append((text, ex.intent))
    for text in rng.sample(dept_texts, min(600, len(dept_texts))):
        out.append((text, "triage"))
    return out


def red_flag_examples(
    rng: random.Random, dept_texts: list[str], intent_pairs: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """(text, category id | "none") pairs for the emergency classifier.

    Emergencies and near-misses come from ``data/red_flags_training.yml`` (our own
    sentences, varied with subjects and endings) and ``data/red_flags_sentences.yml``
    (regional speech, long stories, indirect descriptions; used as written); ordinary
    questions from the department and intent training texts, minus any that the
    red-flag rules flag (a generated "口角歪斜挂什么科" must not teach the model that a
    stroke sign is ordinary).
    """
    from .redflags import assess

    spec = yaml.safe_load((DATA_DIR / "red_flags_training.yml").read_text(encoding="utf-8"))
    subjects, suffixes = spec["subjects"], spec["suffixes"]
    out: list[tuple[str, str]] = []
    # Each phrase draws its subjects and endings from its own generator (seeded by the
    # phrase): adding a phrase leaves every other training text as it was.
    for category, phrases in spec["emergency"].items():
        for phrase in phrases:
            out.append((phrase, category))
            own = _own_rng(phrase)
            for _ in range(4):
                out.append((own.choice(subjects) + phrase + own.choice(suffixes), category))
    for phrase in spec["near_miss"]:
        out.append((phrase, NONE))
        own = _own_rng(phrase)
        for _ in range(3):
            out.append((own.choice(subjects) + phrase + own.choice(suffixes), NONE))
    for core in spec["core"]:
        own = _own_rng(core)
        for template in spec["near_miss_templates"]:
            out.append((template.format(s=own.choice(subjects), c=core), NONE))
    for name in RED_FLAG_FILES:
        more = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
        for category, sentences in more["emergency"].items():
            out.extend((sentence, category) for sentence in sentences)
        out.extend((sentence, NONE) for sentence in near_misses(more["not_emergency"]))
    # Ordinary complaints in the words patients use: every department text, every
    # symptom-report example, and each symptom word of the lexicon on its own or with a
    # subject ("发烧了", "我妈腰疼").  Without these the written emergencies teach the
    # model that any plain report of a symptom is an emergency.  Whatever the rules flag
    # is left out: a bare "吐血" or "晕厥" is not an ordinary complaint.
    reports = [t for t, intent in intent_pairs if intent == "triage"]
    kb = load_knowledge()
    words = sorted(t for t, depts in kb.lexicon.items() if EMERGENCY not in depts and len(t) > 1)
    endings = ["", "", "了", "好几天了", "怎么办", "挂什么科"]
    bare = [word + _own_rng(word).choice(endings) for word in words]
    bare += [
        _own_rng("+" + word).choice(subjects) + word + _own_rng("-" + word).choice(endings)
        for word in words
    ]
    for text in dict.fromkeys([*dept_texts, *reports, *bare]):
        if not assess(safety_text(text)).flags:
            out.append((text, NONE))
    out.extend(base_rate_reports(out, words, subjects))
    # The reports told played down, and those played down as the classifier's second
    # reading sees them (not the chat: "我要挂号，明天再去行吗" is no report).
    copies = hedged_copies(out, spec) + unhedged_copies(out) + turn_copies(out, words)
    chat = [t for t, intent in intent_pairs if intent != "triage"]
    out.extend((t, NONE) for t in rng.sample(chat, min(800, len(chat))))
    return out + copies


# Ordinary endings of a plain report of one symptom (base_rate_reports).
PLAIN_ENDINGS = [
    "",
    "了",
    "好几天了",
    "怎么办",
    "挂什么科",
    "三天了",
    "老毛病了",
    "一阵一阵的",
    "吃什么药好",
    "严重吗",
    "去哪个科看",
]
MAX_BASE_RATE_REPORTS = 150  # per symptom word


def base_rate_reports(
    pairs: list[tuple[str, str]], words: list[str], subjects: list[str]
) -> list[tuple[str, str]]:
    """Plain reports of a symptom word (a subject, the word, an ordinary ending) for each
    word that the written emergencies use more often than the ordinary texts do, up to as
    many as make up the difference.  Most people who write 肚子疼 or 发烧了 are in no danger;
    without these, the many emergencies told in a few words (发烧，囟门鼓; 宫外孕肚子疼)
    teach the model that the shared symptom is the evidence, and a bare 肚子疼 is flagged.
    With them the weight goes to what makes a message an emergency (打滚, 叫不醒)."""
    from .redflags import assess

    texts = [(safety_text(t), label != NONE) for t, label in pairs]
    out: list[tuple[str, str]] = []
    for word in words:
        key = safety_text(word)
        balance = sum(1 if urgent else -1 for t, urgent in texts if key in t)
        need = min(balance, MAX_BASE_RATE_REPORTS)
        own = _own_rng("=" + word)
        made: dict[str, None] = {}
        for _ in range(3 * max(0, need)):
            if len(made) >= need:
                break
            made[own.choice(subjects) + word + own.choice(PLAIN_ENDINGS)] = None
        out.extend((t, NONE) for t in made if not assess(safety_text(t)).flags)
    return out


_END_PUNCTUATION = "。.!！?？~～ "


def hedged_copies(pairs: list[tuple[str, str]], spec: dict) -> list[tuple[str, str]]:
    """Copies of about one in ``hedge_every`` of ``pairs``, told the way worried patients
    play a report down: a hedge in front (可能是我想多了，…), a question whether it can wait
    at the end (…，明天再去看行吗), or both; the label stays.  Emergencies and ordinary
    complaints are sampled at the same rate (by a hash of the text, so adding a sentence
    moves no other), so the hedge and the question say nothing by themselves: the
    classifier learns to judge the signs between them."""
    every = int(spec.get("hedge_every") or 0)
    prefixes, suffixes = spec.get("hedge_prefixes") or [], spec.get("wait_suffixes") or []
    if every <= 0 or not prefixes or not suffixes:
        return []
    out = []
    for text, label in pairs:
        if not held_out("hedge:" + text, every):
            continue
        own = _own_rng("hedge:" + text)
        form = own.randrange(3)  # 0: prefix, 1: suffix, 2: both
        prefix = own.choice(prefixes) if form != 1 else ""
        suffix = own.choice(suffixes) if form != 0 else ""
        core = text.rstrip(_END_PUNCTUATION) if suffix else text
        out.append((prefix + core + suffix, label))
    return out


# How often a training sentence is also told over several turns (turn_copies).
TURNS_EVERY = 5
# What a patient types before our "which part hurts?" (a turn of its own, then the part)
VAGUE_FIRST_TURNS = ["疼", "痛", "不舒服", "难受", "有点疼", "我不舒服", "家里人不舒服"]


def turn_copies(pairs: list[tuple[str, str]], words: list[str]) -> list[tuple[str, str]]:
    """Sentences as the classifier reads a conversation: its turns joined by
    ``TURN_SEPARATOR``.  About one in ``TURNS_EVERY`` of ``pairs`` (emergencies and
    ordinary complaints at the same rate, by a hash of the text) is split into turns at
    its commas, and each ordinary symptom word follows a vague first turn ("疼", then
    "肚子") as in our clarifying questions.  Without them the separator is a feature
    only conversations have, and the model read "疼 / 肚子" as an acute abdomen."""
    from .redflags import TURN_SEPARATOR, assess

    out = []
    for text, label in pairs:
        if "，" not in text or not held_out("turns:" + text, TURNS_EVERY):
            continue
        out.append((TURN_SEPARATOR.join(p for p in text.split("，") if p), label))
    for word in words:
        first = _own_rng("turns:" + word).choice(VAGUE_FIRST_TURNS)
        text = first + TURN_SEPARATOR + word
        if not assess(safety_text(text)).flags:
            out.append((text, NONE))
    return out


def unhedged_copies(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The training sentences that hedge or ask whether they can wait, also as the
    classifier's second reading sees them (without those words; label unchanged): a
    mild complaint must stay ordinary without its "正常吗", an emergency stays one."""
    from .redflags import unhedged

    out = []
    for text, label in pairs:
        safe = safety_text(text)
        plain = unhedged(safe)
        if plain != safe:
            out.append((plain, label))
    return out


def near_misses(section: list[str] | dict[str, list[str]]) -> list[str]:
    """A file's near-misses: a plain list, or lists grouped by the category they resemble."""
    if isinstance(section, dict):
        return [sentence for sentences in section.values() for sentence in sentences]
    return list(section)


def _own_rng(key: str) -> random.Random:
    """A generator of its own for one training phrase (str seeds are hashed with SHA-512,
    the same in every process)."""
    return random.Random(f"{SEED}:{key}")


def held_out(text: str, fraction: int = 4) -> bool:
    """Is ``text`` in the calibration split (about 1 in ``fraction``)?  Keyed by a hash of
    the text, not a shuffle: adding training sentences moves no other sentence across
    the split, so the temperature and the warm start stay put."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % fraction == 0


# ---------------------------------------------------------------- fitting
def _fit(
    texts: list[str],
    labels: list[str],
    c: float,
    class_weight: str | None,
    min_df: int = 1,
    folds: int = 3,
    tol: float = 1e-3,
):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    vec = TfidfVectorizer(
        analyzer=char_ngrams,
        sublinear_tf=True,
        norm="l2",
        smooth_idf=True,
        min_df=min_df,
        dtype=np.float64,
    )
    x = vec.fit_transform(texts)
    y = np.asarray(labels)
    classes = sorted(set(labels))

    def make(**extra):
        return LogisticRegression(
            C=c, solver="newton-cg", max_iter=500, class_weight=class_weight, tol=tol, **extra
        )

    # Calibration: one temperature fitted on out-of-fold logits (keeps the model linear).
    # ``folds=1`` holds out a quarter instead, chosen by a hash of each text (``held_out``),
    # and starts the final fit from that model's weights: for the big emergency model this
    # saves two of four fits, and new sentences do not reshuffle the split.
    y_all = np.array([classes.index(k) for k in y])
    logits = np.full((len(texts), len(classes)), -1e3)
    seen = np.zeros(len(texts), dtype=bool)
    if folds == 1:
        held = np.array([held_out(t) for t in texts])
        splits = [(np.flatnonzero(~held), np.flatnonzero(held))]
    else:
        splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED % 1000).split(x, y)
    first = None
    for train_idx, test_idx in splits:
        first = make().fit(x[train_idx], y[train_idx])
        cols = [classes.index(k) for k in first.classes_]
        logits[np.ix_(test_idx, cols)] = first.decision_function(x[test_idx])
        seen[test_idx] = True
    held_logits, y_idx = logits[seen], y_all[seen]
    best_t, best_nll = 1.0, float("inf")
    for t in np.round(np.arange(0.3, 3.01, 0.05), 2):
        z = held_logits / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = -logp[np.arange(len(y_idx)), y_idx].mean()
        if nll < best_nll - 1e-9:
            best_t, best_nll = float(t), nll
    if folds == 1 and first is not None and list(first.classes_) == classes:
        model = make(warm_start=True)
        model.coef_, model.intercept_ = first.coef_.copy(), first.intercept_.copy()
        model.fit(x, y)
    else:
        model = make().fit(x, y)
    vocab = [None] * len(vec.vocabulary_)
    for gram, idx in vec.vocabulary_.items():
        vocab[idx] = gram
    return list(model.classes_), vocab, vec.idf_, model.coef_.T, model.intercept_, best_t


def library_versions() -> dict[str, str]:
    """What produced the artifact: retraining with other versions may move the floats a
    little (the reproducibility test compares predictions to a tolerance, not bytes)."""
    import platform
    from importlib.metadata import version

    libs = {name: version(name) for name in ("numpy", "scipy", "scikit-learn")}
    return {"python": platform.python_version(), **libs}


def blas_pinned() -> bool:
    """Whether this process loaded numpy with the kernels training is pinned to."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return True  # one kernel family per architecture elsewhere
    return all(os.environ.get(k) == v for k, v in PINNED_BLAS.items())


def start_training(out_path: Path | str) -> subprocess.Popen[bytes]:
    """Build the artifact in a child process with OpenBLAS's kernels pinned (it reads the
    variables when numpy loads); the caller waits for it (the test suite starts one early
    and checks it at the end)."""
    env = {**os.environ, **PINNED_BLAS}
    return subprocess.Popen([sys.executable, "-m", "intents.train", str(out_path)], env=env)


def train(out_path: Path | str | None = None) -> Path:
    """Build the artifact; returns its path."""
    out_path = Path(out_path) if out_path else ARTIFACT_PATH
    if not blas_pinned():
        child = start_training(out_path)
        if child.wait() != 0:
            raise subprocess.CalledProcessError(child.returncode, child.args)
        return out_path
    from threadpoolctl import threadpool_limits

    rng = random.Random(SEED)
    nlu = load_nlu(default_nlu_paths())
    dept_pairs = department_examples(rng)
    dept_texts = [normalize_text(t) for t, _ in dept_pairs]
    dept_labels = [d for _, d in dept_pairs]
    intent_pairs = intent_examples(nlu, rng, [t for t, _ in dept_pairs])
    intent_texts = [normalize_text(t) for t, _ in intent_pairs]
    intent_labels = [i for _, i in intent_pairs]
    with threadpool_limits(limits=1):
        i_classes, i_vocab, i_idf, i_w, i_b, i_t = _fit(
            intent_texts, intent_labels, c=20.0, class_weight="balanced"
        )
        d_classes, d_vocab, d_idf, d_w, d_b, d_t = _fit(
            dept_texts, dept_labels, c=10.0, class_weight="balanced", min_df=2
        )
        rf_pairs = red_flag_examples(rng, [t for t, _ in dept_pairs], intent_pairs)
        rf_texts = [safety_text(t) for t, _ in rf_pairs]  # what the red-flag layer reads
        rf_labels = [c for _, c in rf_pairs]
        r_classes, r_vocab, r_idf, r_w, r_b, r_t = _fit(
            rf_texts, rf_labels, c=3.0, class_weight=None, min_df=2, folds=1, tol=RED_FLAG_TOL
        )
    arrays = {}
    arrays.update(model_arrays("intent", i_classes, i_vocab, i_idf, i_w, i_b, i_t))
    arrays.update(model_arrays("dept", d_classes, d_vocab, d_idf, d_w, d_b, d_t))
    arrays.update(model_arrays("redflag", r_classes, r_vocab, r_idf, r_w, r_b, r_t))
    meta = {
        "version": ARTIFACT_VERSION,
        "trained_with": library_versions(),
        "inputs_sha256": inputs_digest(),
        "intent_examples": len(intent_texts),
        "dept_examples": len(dept_texts),
        "intent_temperature": i_t,
        "dept_temperature": d_t,
        "redflag_examples": len(rf_texts),
        "redflag_temperature": r_t,
    }
    save_artifact(out_path, arrays, meta)
    return out_path


if __name__ == "__main__":  # pragma: no cover
    print(train(sys.argv[1] if len(sys.argv) > 1 else None))

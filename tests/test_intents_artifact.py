"""The committed artifact must be what the data produces, and serving must not need sklearn."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from intents.knowledge import load_knowledge
from intents.model import ARTIFACT_PATH, load_artifact
from intents.normalize import normalize_text
from intents.rasa_data import default_nlu_paths, load_nlu
from intents.redflags import compiled
from intents.train import (
    DATA_DIR,
    RED_FLAG_FILES,
    input_files,
    inputs_digest,
    library_versions,
    near_misses,
)

ROOT = Path(__file__).resolve().parents[1]


def probe_texts() -> list[str]:
    """A fixed probe set from our own training files: every nlu.yml example plus a few
    department descriptions (never the shared evaluation sets)."""
    texts = [ex.text for ex in load_nlu(default_nlu_paths()).examples]
    spec = yaml.safe_load((ROOT / "intents/data/triage_training.yml").read_text(encoding="utf-8"))
    for examples in spec["examples"].values():
        texts.extend(examples)
    return [normalize_text(t) for t in texts]


@pytest.mark.timeout(900)  # a full retraining; slow on a loaded 2-core machine
def test_committed_artifact_matches_fresh_training(retrained_artifact):
    """Training is deterministic and pins OpenBLAS's kernels (`PINNED_BLAS`), but library
    versions may still move the floats, so bytes may not match: the same vocabulary and
    labels, weights within float16 noise, and the same decisions with near-equal scores on
    the probe set, for all three models (the emergency classifier included)."""
    committed = load_artifact()
    assert committed.meta["inputs_sha256"] == inputs_digest(), (
        "data changed: run `hospital-bot nlu train`"
    )
    assert set(committed.meta["trained_with"]) == set(library_versions())
    fresh = load_artifact(retrained_artifact)  # trained from the data (conftest)
    texts = probe_texts()
    assert len(texts) > 500
    for name in ("intent", "department", "redflag"):
        old, new = getattr(committed, name), getattr(fresh, name)
        assert old.labels == new.labels
        assert old.vocab == new.vocab
        np.testing.assert_allclose(old.idf, new.idf, rtol=2e-3)
        np.testing.assert_allclose(old.weights, new.weights, rtol=2e-2, atol=2e-3)
        p_old = np.array([old.predict_proba(t) for t in texts])
        p_new = np.array([new.predict_proba(t) for t in texts])
        assert (p_old.argmax(axis=1) == p_new.argmax(axis=1)).mean() >= 0.998, name
        assert np.abs(p_old - p_new).max() < 0.03, name


def test_artifact_records_how_it_was_trained():
    meta = load_artifact(ARTIFACT_PATH).meta
    assert meta["trained_with"]["scikit-learn"]
    assert meta["trained_with"]["numpy"]


def test_serving_does_not_import_sklearn():
    code = "import sys, intents; intents.parse('头疼'); print('sklearn' in sys.modules, 'scipy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_training_data_meets_coverage():
    data = load_nlu(default_nlu_paths())
    counts = {}
    for ex in data.examples:
        counts[ex.intent] = counts.get(ex.intent, 0) + 1
    assert set(counts) == set(__import__("intents").INTENTS)
    assert min(counts.values()) >= 40
    kinds = {e["entity"] for ex in data.examples for e in ex.entities}
    assert {
        "department",
        "doctor",
        "date",
        "session",
        "relation",
        "age",
        "sex",
        "pregnancy",
        "duration",
        "temperature",
        "symptom",
    } <= kinds
    first = yaml.safe_load((ROOT / "intents/data/nlu.yml").read_text(encoding="utf-8"))
    assert first["version"] == "3.1"


def test_lexicon_covers_catalog():
    kb = load_knowledge()
    assert sum(len(v) for v in kb.lexicon.values()) >= 800
    covered = {d for depts in kb.lexicon.values() for d in depts}
    assert covered == set(kb.dept_order)
    assert len(kb.dept_order) == 37


def test_every_hand_written_red_flag_file_is_trained_and_names_known_categories():
    """Each file of RED_FLAG_FILES is an input of the artifact (so the digest sees it),
    its emergencies use the catalogue's category ids, and its near-misses are read as
    sentences whether listed plainly or grouped under the category they resemble."""
    ids = {c.id for c in compiled().categories}
    inputs = set(input_files())
    assert "red_flags_askers.yml" in RED_FLAG_FILES
    for name in RED_FLAG_FILES:
        assert DATA_DIR / name in inputs, name
        doc = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
        assert set(doc["emergency"]) <= ids, name
        section = doc["not_emergency"]
        if isinstance(section, dict):
            assert set(section) <= ids, name
        sentences = near_misses(section)
        assert sentences and all(isinstance(t, str) and t.strip() for t in sentences), name
        assert not set(sentences) & ids, name


def test_near_misses_grouped_by_category_are_their_sentences():
    grouped = {"stroke": ["蹲久了腿麻", "睡觉压麻了手"], "burns": ["晒伤脱皮"]}
    assert near_misses(grouped) == ["蹲久了腿麻", "睡觉压麻了手", "晒伤脱皮"]
    assert near_misses(["怎么预防中暑"]) == ["怎么预防中暑"]

"""The committed artifact must be exactly what the data produces, and serving must not need sklearn."""

import hashlib
import subprocess
import sys
from pathlib import Path

import yaml

from intents.knowledge import load_knowledge
from intents.model import ARTIFACT_PATH, load_artifact
from intents.rasa_data import default_nlu_paths, load_nlu
from intents.train import inputs_digest, train

ROOT = Path(__file__).resolve().parents[1]


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_committed_artifact_matches_fresh_training(tmp_path):
    assert load_artifact().meta["inputs_sha256"] == inputs_digest(), (
        "data changed: run `hospital-bot nlu train`"
    )
    fresh = train(tmp_path / "nlu.npz")
    assert sha(fresh) == sha(ARTIFACT_PATH)


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

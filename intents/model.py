"""Serving side of the linear text classifiers: plain numpy, no scikit-learn.

Training (``intents.train``) fits TF-IDF(char 1–3 grams, sublinear tf, l2) +
multinomial logistic regression with scikit-learn and exports vocabulary, idf,
weights and a calibration temperature.  Here we rebuild the exact same feature
vector with a dict lookup and do one small dot product — tens of microseconds.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain, repeat
from operator import add
from pathlib import Path

import numpy as np

MAX_CHARS = 300
NGRAM_RANGE = (1, 3)
ARTIFACT_PATH = Path(__file__).parent / "model" / "nlu.npz"


def char_ngrams(text: str) -> list[str]:
    """Char n-grams of the normalised text, with ^/$ marking the ends."""
    text = "^" + " ".join(text[:MAX_CHARS].split()) + "$"
    if NGRAM_RANGE != (1, 3):  # the general form (training may try other ranges)
        lo, hi = NGRAM_RANGE
        n = len(text)
        return [text[i : i + size] for size in range(lo, hi + 1) for i in range(n - size + 1)]
    # 1-, 2- and 3-grams in that order, built by C-level string concatenation
    pairs = list(map(add, text, text[1:]))
    return [*text, *pairs, *map(add, pairs, text[2:])]


@lru_cache(maxsize=16)
def gram_counts(text: str) -> dict[str, int]:
    """N-gram counts of a text; cached because the intent, department and emergency
    models all read the same message."""
    return Counter(char_ngrams(text))


def _gram_keys(grams: list[str]) -> np.ndarray | None:
    """One int64 key per n-gram of at most three characters: its code points + 1 as
    the digits of a base-2**21 number (a gram's length is in its key: no digit is 0).
    None when some gram is longer (another NGRAM_RANGE): the caller looks strings up."""
    lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
    if len(grams) and (lengths.min() < 1 or lengths.max() > 3):
        return None
    data = "".join(grams).encode("utf-32-le", "surrogatepass")
    codes = np.frombuffer(data, dtype=np.uint32).astype(np.int64)
    codes += 1
    ends = np.cumsum(lengths)
    keys = codes[ends - 1].copy()  # the last character
    for back in (2, 3):  # then the one before it, and the one before that
        has = lengths >= back
        keys[has] |= codes[ends[has] - back] << (21 * (back - 1))
    return keys


# Shorter texts are looked up gram by gram in the dictionary: numpy's fixed cost per call
# is more than their few lookups.
_NUMPY_FROM = 40


class SharedVocabulary:
    """One n-gram lookup for several models that read the same text: each gram is
    looked up once in a joint vocabulary, then mapped to every model's own index with
    a numpy gather (-1 where a model does not know the gram).

    The joint vocabulary (~150k grams) is a sorted array of integer keys (``_gram_keys``):
    a message's grams are keyed from its code points and found with one binary search
    over the array, instead of one string lookup each in a dictionary of that size (whose
    entries and key strings lie all over memory: most lookups missed the CPU caches)."""

    def __init__(self, models: list[LinearTextModel]) -> None:
        # built with C-level helpers (dict.fromkeys, zip, map): ~250k grams at load
        grams = list(dict.fromkeys(chain.from_iterable(m.grams for m in models)))
        keys = _gram_keys(grams) if NGRAM_RANGE == (1, 3) else None
        if keys is not None:
            order = np.argsort(keys, kind="stable")
            grams = [grams[i] for i in order.tolist()]
            self.keys: np.ndarray | None = keys[order]
        else:
            self.keys = None
        joint = dict(zip(grams, range(len(grams)), strict=True))
        self.joint = joint
        self.maps: list[np.ndarray] = []
        for slot, model in enumerate(models):
            table = np.full(len(joint), -1, dtype=np.int32)  # (compact: fewer cache misses)
            where = np.fromiter(map(joint.__getitem__, model.grams), np.int64, len(model.grams))
            table[where] = np.arange(len(model.grams), dtype=np.int32)
            self.maps.append(table)
            model.shared, model.slot = self, slot
        self.joint_features = lru_cache(maxsize=16)(self._joint_features)
        self.features = lru_cache(maxsize=32)(self._features)

    def _joint_features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(joint ids, sublinear tf = 1 + log count) of the grams some model knows, in
        the order of ``char_ngrams`` (each gram where it first occurs)."""
        if self.keys is None or len(text) < _NUMPY_FROM:
            return self._joint_features_by_string(text)
        padded = "^" + " ".join(text[:MAX_CHARS].split()) + "$"
        data = padded.encode("utf-32-le", "surrogatepass")
        # code points + 1 as int64, in one call (each numpy call costs a few µs here: a
        # long message's parse runs the regex engine in between, which leaves numpy's
        # code and data out of the CPU caches)
        codes = np.add(np.frombuffer(data, dtype=np.uint32), 1, dtype=np.int64)
        pairs = (codes[:-1] << 21) | codes[1:]
        triples = (pairs[:-1] << 21) | codes[2:]
        grams = np.concatenate((codes, pairs, triples))  # as char_ngrams lists them
        # np.unique(grams, return_index=True, return_counts=True) without its Python
        # wrappers: a stable sort, then the first of each run of equal keys
        perm = grams.argsort(kind="stable")
        ordered = grams[perm]
        edges = np.empty(len(ordered) + 1, dtype=bool)
        edges[0] = edges[-1] = True
        np.not_equal(ordered[1:], ordered[:-1], out=edges[1:-1])
        starts = edges[:-1]
        uniq, first = ordered[starts], perm[starts]
        bounds = np.flatnonzero(edges)
        counts = bounds[1:] - bounds[:-1]
        keys = self.keys
        at = keys.searchsorted(uniq)  # (the method: np.searchsorted's Python wrapper skipped)
        # a gram past the last key: compared with the last key, which it is not
        np.minimum(at, len(keys) - 1, out=at)
        known = keys.take(at) == uniq
        order = np.argsort(first[known], kind="stable")
        jarr = at[known][order]
        carr = counts[known][order].astype(np.float32)
        return jarr, 1.0 + np.log(carr)

    def _joint_features_by_string(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        counts = gram_counts(text)
        n = len(counts)
        # one C-level lookup per gram (map + dict.get), -1 for grams no model knows
        jarr = np.fromiter(map(self.joint.get, counts, repeat(-1, n)), dtype=np.int64, count=n)
        carr = np.fromiter(counts.values(), dtype=np.float32, count=n)
        known = jarr >= 0
        return jarr[known], 1.0 + np.log(carr[known])

    def _features(self, text: str, slot: int) -> tuple[np.ndarray, np.ndarray]:
        """(vocabulary ids, tf) for one model: computed for the models that read the
        text (the department and emergency models do not read every message)."""
        jarr, tf = self.joint_features(text)
        ids = self.maps[slot].take(jarr)
        keep = ids >= 0
        return ids[keep], tf[keep]


@dataclass
class LinearTextModel:
    labels: list[str]
    grams: list[str]  # the vocabulary, in feature order
    idf: np.ndarray  # (V,) float32
    weights: np.ndarray  # (V, C) float32
    bias: np.ndarray  # (C,) float32
    temperature: float
    shared: SharedVocabulary | None = None
    slot: int = 0

    @cached_property
    def vocab(self) -> dict[str, int]:
        """gram -> feature index (built on first use; serving goes through ``shared``)."""
        return dict(zip(self.grams, range(len(self.grams)), strict=True))

    def _tf(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(vocabulary ids, sublinear tf) of the text's known n-grams."""
        if self.shared is not None:
            return self.shared.features(text, self.slot)
        ids, counts = self._counts(text)
        return ids, 1.0 + np.log(counts)

    def _counts(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(vocabulary ids, counts) of the text's known n-grams."""
        ids: list[int] = []
        counts: list[int] = []
        vocab = self.vocab
        for g, n in gram_counts(text).items():
            idx = vocab.get(g)
            if idx is not None:
                ids.append(idx)
                counts.append(n)
        return (
            np.fromiter(ids, dtype=np.int64, count=len(ids)),
            np.fromiter(counts, dtype=np.float32, count=len(counts)),
        )

    def logits(self, text: str) -> np.ndarray:
        ids, tf = self._tf(text)
        if not len(ids):
            return self.bias.copy()
        x = tf * self.idf.take(ids)
        x /= np.sqrt(np.dot(x, x))
        # the same rows as self.weights[ids]: take() copies each row in one block, where
        # fancy indexing goes element by element (a quarter fewer instructions for the
        # emergency model's logits)
        return x @ self.weights.take(ids, axis=0) + self.bias

    def predict_proba(self, text: str) -> np.ndarray:
        z = self.logits(text) / self.temperature
        # z.max() and e.sum() without their Python wrappers; in place: the same float32
        # operations without a new array each
        z -= np.maximum.reduce(z)
        np.exp(z, out=z)
        z /= np.add.reduce(z)
        return z

    def ranking(self, text: str) -> list[tuple[str, float]]:
        p = self.predict_proba(text)
        order = (-p).argsort(kind="stable")  # (the method: np.argsort's wrapper skipped)
        labels, values = self.labels, p.tolist()
        return [(labels[i], values[i]) for i in order.tolist()]


def _pack_strings(items: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _unpack_strings(arr: np.ndarray) -> list[str]:
    data = arr.tobytes().decode("utf-8")
    return data.split("\n") if data else []


def model_arrays(
    prefix: str, labels: list[str], vocab: list[str], idf, weights, bias, temperature: float
) -> dict:
    """Arrays for one model, rounded to float16 precision so retraining is byte-stable."""
    return {
        f"{prefix}_labels": _pack_strings(labels),
        f"{prefix}_vocab": _pack_strings(vocab),
        f"{prefix}_idf": np.asarray(idf, dtype=np.float16),
        f"{prefix}_weights": np.asarray(weights, dtype=np.float16),
        f"{prefix}_bias": np.asarray(bias, dtype=np.float32).round(4),
        f"{prefix}_temperature": np.asarray([temperature], dtype=np.float32),
    }


def save_artifact(path: Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Write an .npz that is byte-identical for identical inputs (fixed zip timestamps)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = dict(arrays)
    arrays["meta"] = np.frombuffer(
        json.dumps(meta, sort_keys=True, ensure_ascii=False).encode(), dtype=np.uint8
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            arr_buf = io.BytesIO()
            np.lib.format.write_array(
                arr_buf, np.ascontiguousarray(arrays[name]), allow_pickle=False
            )
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, arr_buf.getvalue())
    path.write_bytes(buf.getvalue())


def _load_model(z, prefix: str) -> LinearTextModel:
    vocab_list = _unpack_strings(z[f"{prefix}_vocab"])
    return LinearTextModel(
        labels=_unpack_strings(z[f"{prefix}_labels"]),
        grams=vocab_list,
        idf=z[f"{prefix}_idf"].astype(np.float32),
        weights=z[f"{prefix}_weights"].astype(np.float32),
        bias=z[f"{prefix}_bias"].astype(np.float32),
        temperature=float(z[f"{prefix}_temperature"][0]),
    )


@dataclass
class Artifact:
    intent: LinearTextModel
    department: LinearTextModel
    redflag: LinearTextModel  # emergency classifier: a red-flag category id or "none"
    meta: dict


def load_artifact(path: Path | str = ARTIFACT_PATH) -> Artifact:
    with np.load(path, allow_pickle=False) as z:
        meta = json.loads(z["meta"].tobytes().decode())
        artifact = Artifact(
            _load_model(z, "intent"), _load_model(z, "dept"), _load_model(z, "redflag"), meta
        )
    SharedVocabulary([artifact.intent, artifact.department, artifact.redflag])
    return artifact

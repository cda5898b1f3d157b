"""Dump intents.parse output for a fixed corpus (behaviour check for speed work).

    .venv/bin/python bench/nlu_dump.py OUT.jsonl

Every text and turn sequence of intents/eval/*.jsonl and /work/shared/eval/*.jsonl
(when present), the bench messages, and a few context variants (prior_text, history,
age).  Floats are rounded to 6 digits.  Two dumps of trees that behave the same are
byte-identical: ``cmp before.jsonl after.jsonl``.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_nlu import messages  # noqa: E402

import intents  # noqa: E402

SHARED = Path("/work/shared/eval")
TODAY = date(2026, 1, 15)


def _round(value):
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_round(v) for v in value]
    return value


def cases() -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    files = sorted((ROOT / "intents" / "eval").glob("*.jsonl"))
    files += sorted(SHARED.glob("*.jsonl")) if SHARED.is_dir() else []
    texts: list[str] = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            if "turns" in item:
                turns = item["turns"]
                out.append((turns[-1], {"history": turns[:-1]}))
                out.append((turns[-1], {"prior_text": turns[-2]}))
                texts.extend(turns)
            else:
                texts.append(item["text"])
    texts += messages(2000)
    for t in texts:
        out.append((t, {}))
    # context variants on a sample
    for i, t in enumerate(texts[::7]):
        prev = texts[(i * 7 + 3) % len(texts)]
        out.append((t, {"prior_text": prev, "clarify_turns": 1}))
        out.append((t, {"history": [prev, texts[(i * 7 + 5) % len(texts)]]}))
        out.append((t, {"age_years": [0.1, 2, 30, 70][i % 4], "sex": "FM"[i % 2]}))
    out.append(("", {}))
    out.append(("胸口疼" * 700, {}))
    out.append(("我不想活了，" * 300, {"history": ["头疼" * 1200]}))
    return out


def main() -> None:
    dest = Path(sys.argv[1])
    intents.load()
    with dest.open("w", encoding="utf-8") as f:
        for text, ctx in cases():
            ctx = {"today": TODAY, **ctx}
            res = intents.parse(text, ctx)
            f.write(json.dumps(_round(res), ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()

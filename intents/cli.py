"""Functions behind ``hospital-bot triage`` and ``hospital-bot nlu train|eval``.

The lead wires these into the real CLI; each takes its streams as arguments so
tests can drive them with StringIO.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import IO

from . import INTENTS, load, parse


def _dump(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def triage_main(
    text: str | None, jsonl: bool, stdin: IO[str] | None = None, stdout: IO[str] | None = None
) -> int:
    """``triage TEXT`` → one JSON line; ``triage --jsonl`` → one line out per line in, in order."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    load()
    if not jsonl:
        stdout.write(_dump(parse(text or "")) + "\n")
        return 0
    errors = 0
    for lineno, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('expected an object with a string "text"')
            context = item.get("context") if isinstance(item.get("context"), dict) else None
            out = parse(item["text"], context)
            if "id" in item:
                out["id"] = item["id"]
        except Exception as exc:  # one bad line must not stop the stream
            errors += 1
            out = {"error": f"{type(exc).__name__}: {exc}", "line": lineno}
        stdout.write(_dump(out) + "\n")
        stdout.flush()
    return 1 if errors else 0


def train_main(out_path: str | None = None) -> int:
    """``nlu train``: rebuild ``intents/model/nlu.npz`` (deterministic)."""
    from .train import train

    path = train(out_path)
    print(f"wrote {path} ({Path(path).stat().st_size} bytes)")
    return 0


def evaluate(path: str | Path) -> dict:
    """Metrics for an eval file in any of the supported JSONL formats.

    Rows with ``intent`` (list of acceptable intents) score the intent classifier;
    rows with ``expected`` (list of acceptable departments) score the top-1
    department; ``emergency: true`` rows score emergency recall, and all other
    ``expected`` rows the false-emergency rate.
    """
    load()
    n_intent = correct_intent = 0
    gold_pred: list[tuple[str, str]] = []
    confusion: dict[str, Counter] = defaultdict(Counter)
    n_dept = correct_dept = 0
    n_dept_entity = correct_dept_entity = 0
    n_emerg = caught = 0
    n_nonemerg = false_emerg = 0
    misses: list[dict] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        result = parse(row["text"])
        triage = result["triage"] or {}
        if "intent" in row:
            accepted = row["intent"] if isinstance(row["intent"], list) else [row["intent"]]
            pred = result["intent"]["name"]
            n_intent += 1
            ok = pred in accepted
            correct_intent += ok
            gold = pred if ok else accepted[0]
            gold_pred.append((gold, pred))
            confusion[gold][pred] += 1
            if not ok:
                misses.append({"text": row["text"], "expected_intent": accepted, "got": pred})
            if row.get("department"):
                n_dept_entity += 1
                values = {e["value"] for e in result["entities"] if e["entity"] == "department"}
                correct_dept_entity += row["department"] in values
        if "expected" in row:
            accepted = row["expected"] if isinstance(row["expected"], list) else [row["expected"]]
            depts = [d["name"] for d in triage.get("departments") or []]
            top1 = depts[0] if depts else None
            n_dept += 1
            ok = top1 in accepted
            correct_dept += ok
            if not ok:
                misses.append({"text": row["text"][:80], "expected": accepted, "got": depts})
            emergency = bool(triage.get("emergency"))
            if row.get("emergency"):
                n_emerg += 1
                caught += emergency
                if not emergency:
                    misses.append({"text": row["text"], "missed_emergency": True})
            else:
                n_nonemerg += 1
                false_emerg += emergency
                if emergency:
                    misses.append(
                        {
                            "text": row["text"][:80],
                            "false_emergency": triage.get("emergency_reason"),
                        }
                    )
    metrics: dict = {"file": str(path)}
    if n_intent:
        labels = sorted({g for g, _ in gold_pred} | {p for _, p in gold_pred})
        f1s = []
        for label in labels:
            tp = sum(1 for g, p in gold_pred if g == label and p == label)
            fp = sum(1 for g, p in gold_pred if g != label and p == label)
            fn = sum(1 for g, p in gold_pred if g == label and p != label)
            if tp + fp + fn:
                f1s.append(2 * tp / (2 * tp + fp + fn))
        metrics.update(
            intent_n=n_intent,
            intent_accuracy=correct_intent / n_intent,
            intent_macro_f1=sum(f1s) / len(f1s) if f1s else 0.0,
            confusion={g: dict(c) for g, c in sorted(confusion.items())},
        )
        if n_dept_entity:
            metrics.update(department_entity_accuracy=correct_dept_entity / n_dept_entity)
    if n_dept:
        metrics.update(department_n=n_dept, department_top1=correct_dept / n_dept)
    if n_emerg:
        metrics.update(emergency_n=n_emerg, emergency_recall=caught / n_emerg)
    if n_nonemerg:
        metrics.update(non_emergency_n=n_nonemerg, false_emergency_rate=false_emerg / n_nonemerg)
    metrics["misses"] = misses
    return metrics


def eval_main(path: str, stdout: IO[str] | None = None, as_json: bool = False) -> int:
    """``nlu eval FILE.jsonl``: print metrics (human-readable, or JSON with as_json)."""
    stdout = stdout or sys.stdout
    m = evaluate(path)
    if as_json:
        stdout.write(_dump(m) + "\n")
        return 0
    w = stdout.write
    w(f"eval {m['file']}\n")
    if "intent_accuracy" in m:
        w(f"  intent accuracy   {m['intent_accuracy']:.3f}  (n={m['intent_n']})\n")
        w(f"  intent macro-F1   {m['intent_macro_f1']:.3f}\n")
        if "department_entity_accuracy" in m:
            w(f"  dept entity acc   {m['department_entity_accuracy']:.3f}\n")
        w("  confusion (gold -> predicted counts):\n")
        for gold in INTENTS:
            row = m["confusion"].get(gold)
            if row:
                cells = ", ".join(f"{p}:{c}" for p, c in sorted(row.items(), key=lambda kv: -kv[1]))
                w(f"    {gold:<20} {cells}\n")
    if "department_top1" in m:
        w(f"  department top-1  {m['department_top1']:.3f}  (n={m['department_n']})\n")
    if "emergency_recall" in m:
        w(f"  emergency recall  {m['emergency_recall']:.3f}  (n={m['emergency_n']})\n")
    if "false_emergency_rate" in m:
        w(f"  false-emergency   {m['false_emergency_rate']:.3f}  (n={m['non_emergency_n']})\n")
    if m["misses"]:
        w(f"  misses: {len(m['misses'])}\n")
        for miss in m["misses"][:30]:
            w("    " + _dump(miss) + "\n")
    return 0

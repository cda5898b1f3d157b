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
            text, context = _case(item)
            out = parse(text, context)
            if "id" in item:
                out["id"] = item["id"]
        except Exception as exc:  # one bad line must not stop the stream
            errors += 1
            out = {"error": f"{type(exc).__name__}: {exc}", "line": lineno}
        stdout.write(_dump(out) + "\n")
        stdout.flush()
    return 1 if errors else 0


def _case(item) -> tuple[str, dict | None]:
    """(text, context) of one input line: {"text", "context"?, "history"?} or
    {"turns": [...]} (the last turn, with the earlier ones as its history)."""
    if not isinstance(item, dict):
        raise ValueError('expected an object with "text" or "turns"')
    context = dict(item["context"]) if isinstance(item.get("context"), dict) else {}
    turns = item.get("turns")
    if turns is not None:
        if not isinstance(turns, list) or not turns or not all(isinstance(t, str) for t in turns):
            raise ValueError('"turns" must be a non-empty list of strings')
        context["history"] = turns[:-1]
        return turns[-1], context
    if not isinstance(item.get("text"), str):
        raise ValueError('expected an object with a string "text" (or a list "turns")')
    history = item.get("history")
    if history is not None:
        if not isinstance(history, list) or not all(isinstance(t, str) for t in history):
            raise ValueError('"history" must be a list of strings')
        context["history"] = history
    return item["text"], context or None


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
    flags = _RedFlagScore()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text, context = _case(row)
        result = parse(text, context)
        triage = result["triage"] or {}
        if "expected" not in row and "intent" not in row and "emergency" in row:
            flags.add(row, text, triage, misses)
            continue
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
    metrics.update(flags.metrics())
    metrics["misses"] = misses
    return metrics


class _RedFlagScore:
    """Red-flag case files: {"text"|"turns", "emergency": true, "category"} and
    {"text", "emergency": false, "near", "kind"}."""

    def __init__(self) -> None:
        self.by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.same_category = 0
        self.by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.turns = [0, 0]

    def add(self, row: dict, text: str, triage: dict, misses: list[dict]) -> None:
        emergency = bool(triage.get("emergency"))
        got = [f["category"] for f in triage.get("red_flags") or []]
        shown = row.get("turns") or text
        if row["emergency"]:
            cat = str(row.get("category") or "?")
            self.by_category[cat][1] += 1
            self.by_category[cat][0] += emergency
            self.same_category += cat in got
            if "turns" in row:
                self.turns[1] += 1
                self.turns[0] += emergency
            if not emergency:
                misses.append({"missed_emergency": shown, "category": cat})
        else:
            kind = str(row.get("kind") or row.get("near") or "?")
            self.by_kind[kind][1] += 1
            self.by_kind[kind][0] += emergency
            if emergency:
                misses.append({"false_emergency": shown, "kind": kind, "got": got})

    def metrics(self) -> dict:
        out: dict = {}
        n = sum(v[1] for v in self.by_category.values())
        if n:
            caught = sum(v[0] for v in self.by_category.values())
            out.update(
                red_flag_n=n,
                red_flag_recall=caught / n,
                red_flag_category_match=self.same_category / n,
                recall_by_category={k: list(v) for k, v in sorted(self.by_category.items())},
            )
        if self.turns[1]:
            out.update(multi_turn_n=self.turns[1], multi_turn_recall=self.turns[0] / self.turns[1])
        m = sum(v[1] for v in self.by_kind.values())
        if m:
            out.update(
                near_miss_n=m,
                near_miss_false_rate=sum(v[0] for v in self.by_kind.values()) / m,
                false_by_kind={k: list(v) for k, v in sorted(self.by_kind.items())},
            )
        return out


def eval_main(
    path: str, stdout: IO[str] | None = None, as_json: bool = False, limit: int = 30
) -> int:
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
    if "red_flag_recall" in m:
        w(f"  red-flag recall   {m['red_flag_recall']:.3f}  (n={m['red_flag_n']}; ")
        w(f"same category {m['red_flag_category_match']:.3f})\n")
        for cat, (caught, n) in m["recall_by_category"].items():
            w(f"    {cat:<24} {caught}/{n}\n")
    if "multi_turn_recall" in m:
        w(f"  multi-turn recall {m['multi_turn_recall']:.3f}  (n={m['multi_turn_n']})\n")
    if "near_miss_false_rate" in m:
        w(f"  near-miss false   {m['near_miss_false_rate']:.3f}  (n={m['near_miss_n']})\n")
        for kind, (false, n) in m["false_by_kind"].items():
            w(f"    {kind:<24} {false}/{n}\n")
    if m["misses"]:
        w(f"  misses: {len(m['misses'])}\n")
        for miss in m["misses"][:limit]:
            w("    " + _dump(miss) + "\n")
    return 0

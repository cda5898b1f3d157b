"""Two versions of the app, CPU per message per kind, in alternation (inproc.py).

    .venv/bin/python bench/wechat/ab.py BEFORE_TREE [AFTER_TREE] [--rounds 6] [--messages 400]

BEFORE_TREE and AFTER_TREE are checkouts of hospital-bot (AFTER defaults to this one),
e.g. `git worktree add /tmp/hb-before main` or `git archive main | tar -x -C
/tmp/hb-before`. Each round runs `inproc.py --rounds 1` once for each tree, the order
flipping every round, with this tree's inproc.py as the client for both (HB_TREE
picks the app). A run is one process: its own embedded stack, the demo data, 200
greetings to warm up, then `--messages` of each kind. CPU time per message moves with
the host's load between runs minutes apart; within a round the two runs are seconds
apart, so the figure to read is the per-round ratio after / before, and its median.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("greet", "book", "symptom", "report", "queue", "pay")
ROW = re.compile(r"^\| (\w+) \| (\d+) \|")


def run(tree: Path, messages: int, conc: int) -> dict[str, float]:
    env = {**os.environ, "HB_TREE": str(tree), "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "inproc.py"),
            "--rounds",
            "1",
            "--messages",
            str(messages),
            "--conc",
            str(conc),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = {m.group(1): float(m.group(2)) for m in map(ROW.match, out.splitlines()) if m}
    return {k: found[k] for k in KINDS}


def _of(row: dict[str, float], kind: str) -> float:
    return statistics.fmean(row.values()) if kind == "mix" else row[kind]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path, nargs="?", default=HERE.parents[1])
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--messages", type=int, default=400)
    ap.add_argument("--conc", type=int, default=8)
    args = ap.parse_args()
    results: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for r in range(args.rounds):
        order = ["before", "after"] if r % 2 == 0 else ["after", "before"]
        for name in order:
            results[name].append(run(getattr(args, name), args.messages, args.conc))
        b, a = results["before"][-1], results["after"][-1]
        mix_b, mix_a = statistics.fmean(b.values()), statistics.fmean(a.values())
        print(
            f"round {r + 1}: before {mix_b:.0f} µs, after {mix_a:.0f} µs, "
            f"after / before {mix_a / mix_b:.2f} (load {os.getloadavg()[0]:.1f})",
            flush=True,
        )
    print(f"\nCPU µs per message, median of {args.rounds} rounds (this process: server and client)")
    print("| kind | before | after | after / before (median of rounds) |")
    print("|---|---|---|---|")
    for kind in (*KINDS, "mix"):
        bs = [_of(results["before"][i], kind) for i in range(args.rounds)]
        as_ = [_of(results["after"][i], kind) for i in range(args.rounds)]
        ratios = [a / b for a, b in zip(as_, bs, strict=True)]
        print(
            f"| {kind} | {statistics.median(bs):.0f} | {statistics.median(as_):.0f} | "
            f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}) |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

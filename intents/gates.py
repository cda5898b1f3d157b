"""Literal gates: the cheap test before a regex scan.

A gate is a few literal strings one of which every match of a pattern contains, read
from the parsed pattern once at load.  A text that holds none of them cannot match, so
the pattern is not run over it: most of our patterns are long alternations that the
regex engine would try at every position of a long message.  The gate only skips
scans that would find nothing; what a scan finds is unchanged.
"""

from __future__ import annotations

import re

try:  # the regex parser's tree (private modules of ``re``)
    from re import _constants as _sre
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover - another Python: no gates, every pattern is scanned
    _sre = _sre_parser = None


def may_match(gate: tuple[str, ...] | None, text: str) -> bool:
    """Can a pattern with this gate match in ``text``?  (None: no test, maybe.)"""
    return gate is None or any(map(text.__contains__, gate))


def literal_gate(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literal strings one of which every match of ``rx`` contains (体温|烧到… → the
    words; ``\\d+\\s*(?:天|日)`` → 天, 日), read from the parsed pattern; None when the
    pattern has no such test.  A message that contains none of them is not scanned."""
    if rx.flags & re.IGNORECASE or _sre_parser is None:
        return None
    try:
        found = _required(_sre_parser.parse(rx.pattern, rx.flags))
    except Exception:  # an unexpected parse tree: no gate, scan as before
        return None
    return tuple(sorted(found)) if found else None


def _required(items) -> frozenset[str] | None:
    """Strings one of which every match of the parsed sequence ``items`` contains:
    the best of its required elements (runs of literal characters, one-of character
    sets, alternations whose branches all have such strings, repeats of at least one)."""
    best: frozenset[str] | None = None
    run = ""

    def better(got: frozenset[str] | None) -> None:
        nonlocal best
        if got and (best is None or _selectivity(got) < _selectivity(best)):
            best = got

    for op, av in items:
        if op is _sre.LITERAL:
            run += chr(av)
            continue
        if run:
            better(frozenset({run}))
            run = ""
        if op is _sre.IN:
            if av and all(o is _sre.LITERAL for o, _ in av):
                better(frozenset(chr(c) for _, c in av))
        elif op is _sre.BRANCH:
            parts = [_required(b) for b in av[1]]
            if all(parts):
                better(frozenset().union(*parts))
        elif op is _sre.SUBPATTERN:
            if not av[1] & re.IGNORECASE:
                better(_required(av[3]))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                better(_required(av[2]))
        elif op is _sre.ATOMIC_GROUP:
            better(_required(av))
    if run:
        better(frozenset({run}))
    return best


def _selectivity(gate: frozenset[str]) -> tuple[int, int]:
    """How rarely a gate lets a text through (lower is rarer): its shortest literal
    first (one common character such as 没 or 吗 occurs in most messages), then the
    fewest literals."""
    return -min(map(len, gate)), len(gate)

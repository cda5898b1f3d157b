"""Literal gates: the cheap test before a regex scan.

A gate is a few literal strings one of which every match of a pattern contains, read
from the parsed pattern once at load.  A text that holds none of them cannot match, so
the pattern is not run over it: most of our patterns are long alternations that the
regex engine would try at every position of a long message.  The gate only skips
scans that would find nothing; what a scan finds is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # the regex parser's tree (private modules of ``re``)
    from re import _compiler as _sre_compiler
    from re import _constants as _sre
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover - another Python: no gates, every pattern is scanned
    _sre = _sre_parser = _sre_compiler = None


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


# ---------------------------------------------------------------- anchored scans
# A pattern whose every match holds one of a few literal strings, each within a known
# number of characters of the match's start (…[^，]{0,10}(?:在哪|多少钱)…: ten, plus the
# optional words before), can only start in those few characters before an occurrence
# of one of them: it is tried there, not at every position of the text (most markers
# are long alternations that begin with optional words or a bounded run of any
# character, which the regex engine tries in full at each position).
MAX_REACH = 24  # farther than this the windows would cover most of a message
_SHORT = 12  # texts (spans) this short are scanned as before


class Anchored:
    """A compiled pattern with the same ``search``/``finditer``/``match`` results, whose
    scans try only the positions a match can start at: the ``reach`` characters up to
    each occurrence of an anchor literal (the occurrences found by C-level scans)."""

    __slots__ = ("anchor", "flags", "fullmatch", "match", "pattern", "reach", "rx")

    def __init__(self, rx: re.Pattern[str], reaches: dict[str, int]) -> None:
        self.rx = rx
        self.pattern, self.flags = rx.pattern, rx.flags
        self.match, self.fullmatch = rx.match, rx.fullmatch
        # longest first: the literal the anchor finds at a position is the longest one
        # there, and every other literal there is a prefix of it
        ordered = sorted(reaches, key=lambda s: (-len(s), s))
        self.anchor = re.compile("|".join(map(re.escape, ordered)))
        self.reach = {
            lit: max(r for p, r in reaches.items() if lit.startswith(p)) for lit in ordered
        }

    def _starts(self, text: str, start: int, end: int) -> list[int]:
        """The positions in ``[start, end)`` where a match may start, in order."""
        find, reach = self.anchor.search, self.reach
        found: set[int] = set()
        a = find(text, start, end)
        while a is not None:
            k = a.start()
            lo = k - reach[a.group()]
            found.update(range(lo if lo > start else start, k + 1))
            a = find(text, k + 1, end)
        return sorted(found)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        n = len(text)
        end = n if endpos is None or endpos > n else endpos
        start = pos if pos > 0 else 0
        if end - start <= _SHORT:
            return self.rx.search(text, start, end)
        match = self.rx.match
        for t in self._starts(text, start, end):
            m = match(text, t, end)
            if m is not None:
                return m
        return None

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        # no match is empty (each holds a literal): the next one is searched from the end
        # of the last, as the regex engine's own iterator does
        n = len(text)
        end = n if endpos is None or endpos > n else endpos
        start = pos if pos > 0 else 0
        if end - start <= _SHORT:
            yield from self.rx.finditer(text, start, end)
            return
        match = self.rx.match
        after = start
        for t in self._starts(text, start, end):
            if t < after:
                continue
            m = match(text, t, end)
            if m is not None:
                yield m
                after = m.end()

    def __getattr__(self, name: str):
        return getattr(self.rx, name)


def anchored(rx: re.Pattern[str]) -> re.Pattern[str] | Anchored:
    """``rx`` scanned only near its anchor literals (see ``Anchored``), or ``rx`` itself
    when it has none within MAX_REACH characters of every match's start, or when the
    regex engine skips to its possible starts by itself (every match begins with one of
    a few characters: the engine's own prefix test is faster than ours)."""
    if rx.flags & re.IGNORECASE or _sre_parser is None:
        return rx
    try:
        parsed = _sre_parser.parse(rx.pattern, rx.flags)
        if _sre_compiler._get_literal_prefix(parsed, rx.flags)[0]:
            return rx
        if _sre_compiler._get_charset_prefix(parsed, rx.flags):
            return rx
        found = _anchor(parsed)
    except Exception:  # an unexpected parse tree: scan as before
        return rx
    if found is None:
        return rx
    return Anchored(rx, found)


def _anchor(seq) -> dict[str, int] | None:
    """Literal strings one of which every match of the parsed sequence ``seq`` contains,
    each with how many characters after the match's start it may begin at most: the
    rarest such set (see ``_selectivity``) whose reaches are all within MAX_REACH, or
    None."""
    best: dict[str, int] | None = None
    best_key: tuple = ()
    offset = 0  # the greatest width of the elements before the current one
    run, run_at = "", 0

    def better(got: dict[str, int] | None, at: int) -> None:
        nonlocal best, best_key
        if not got:
            return
        cand = {lit: r + at for lit, r in got.items()}
        far = max(cand.values())
        if far > MAX_REACH:
            return
        key = (_selectivity(frozenset(cand)), far)
        if best is None or key < best_key:
            best, best_key = cand, key

    for item in seq.data:
        op, av = item
        if op is _sre.LITERAL:
            if not run:
                run_at = offset
            run += chr(av)
        else:
            if run:
                better({run: 0}, run_at)
                run = ""
            if op is _sre.IN:
                if av and all(o is _sre.LITERAL for o, _ in av):
                    better({chr(c): 0 for _, c in av}, offset)
            elif op is _sre.BRANCH:
                parts = [_anchor(b) for b in av[1]]
                if all(parts):
                    merged: dict[str, int] = {}
                    for part in parts:
                        for lit, r in part.items():
                            merged[lit] = max(merged.get(lit, 0), r)
                    better(merged, offset)
            elif op is _sre.SUBPATTERN:
                if not av[1] & re.IGNORECASE:
                    better(_anchor(av[3]), offset)
            elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
                if av[0] >= 1:
                    better(_anchor(av[2]), offset)
            elif op is _sre.ATOMIC_GROUP:
                better(_anchor(av), offset)
        offset += _sre_parser.SubPattern(seq.state, [item]).getwidth()[1]
        if offset > MAX_REACH:
            break  # later elements may start too far from the match's start
    if run:
        better({run: 0}, run_at)
    return best

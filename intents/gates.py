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
from itertools import chain

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


class LiteralIndex(dict):
    """Literal strings filed by their first character, with ``firsts``: a pattern that
    finds those first characters in one C-level pass over a text (an empty index finds
    none)."""

    firsts: re.Pattern[str] = re.compile("(?!)")


def literal_index(literals) -> LiteralIndex:
    """Literal strings filed by their first character (see ``held``)."""
    index: dict[str, list[str]] = {}
    for lit in literals:
        index.setdefault(lit[0], []).append(lit)
    out = LiteralIndex((c, tuple(lits)) for c, lits in index.items())
    out.firsts = re.compile("[" + "".join(map(re.escape, sorted(out))) + "]" if out else "(?!)")
    return out


def held(index: LiteralIndex, text: str) -> set[str]:
    """The literals of ``index`` (``literal_index``) that ``text`` holds: only those
    starting with a character of the text are looked for (a substring test each).  The
    first characters the text holds are found by the index's one-pass pattern (a set of
    the whole text and its intersection cost twice as much on a long message)."""
    firsts = set(index.firsts.findall(text))
    return set(filter(text.__contains__, chain.from_iterable(map(index.__getitem__, firsts))))


def literal_sets(rx: re.Pattern[str], most: int = 3) -> tuple[frozenset[str], ...] | None:
    """Several sets of literal strings, each of which holds one string that every match
    of ``rx`` contains (the rarest ``most`` of them, rarest first; see ``literal_gate``):
    a text that holds no string of one of them cannot match (血压…mmHg needs 血压 and
    also mmHg).  None when the pattern has no such set."""
    if rx.flags & re.IGNORECASE or _sre_parser is None:
        return None
    found: list[frozenset[str]] = []
    try:
        _required(_sre_parser.parse(rx.pattern, rx.flags), found)
    except Exception:  # an unexpected parse tree: no gate, scan as before
        return None
    ordered = sorted(set(found), key=lambda g: (_selectivity(g), sorted(g)))
    return tuple(ordered[:most]) or None


def literal_gates(rx: re.Pattern[str], most: int = 3) -> tuple[re.Pattern[str], ...] | None:
    """``literal_sets``, each as a pattern that finds one of its strings in one pass over
    a text.  None when the pattern has no such set."""
    sets = literal_sets(rx, most)
    if sets is None:
        return None
    return tuple(re.compile("|".join(map(re.escape, sorted(g)))) for g in sets)


def may_hold_all(sets: tuple[frozenset[str], ...] | None, present: set[str]) -> bool:
    """``may_match_all`` for ``literal_sets``, given the literals a text holds (``held``
    over an index of every literal of the sets)."""
    if sets is not None:
        for lits in sets:
            if present.isdisjoint(lits):
                return False
    return True


def may_match_all(gates: tuple[re.Pattern[str], ...] | None, text: str) -> bool:
    """Can a pattern with these gates (``literal_gates``) match in ``text``?"""
    if gates is not None:
        for gate in gates:
            if gate.search(text) is None:
                return False
    return True


def _required(items, every: list[frozenset[str]] | None = None) -> frozenset[str] | None:
    """Strings one of which every match of the parsed sequence ``items`` contains:
    the best of its required elements (runs of literal characters, one-of character
    sets, alternations whose branches all have such strings, repeats of at least one).
    ``every`` (when given) collects each such set of this sequence and of the groups
    and repeats it is made of."""
    best: frozenset[str] | None = None
    run = ""

    def better(got: frozenset[str] | None) -> None:
        nonlocal best
        if got and every is not None:
            every.append(got)
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
                better(_required(av[3], every))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                better(_required(av[2], every))
        elif op is _sre.ATOMIC_GROUP:
            better(_required(av, every))
    if run:
        better(frozenset({run}))
    return best


# Characters most messages hold: one of them alone is a weaker test than any other
# single character (有 of 有没有号 lets more texts through than 号).
_COMMON = frozenset(
    "的一是不了在有我他她这个们来上大到说要就也你都没么去还好吗吧呢啊把看能想过得着"
)


def _selectivity(gate: frozenset[str]) -> tuple[float, int]:
    """How rarely a gate lets a text through (lower is rarer): its shortest literal
    first (one common character such as 没 or 吗 occurs in most messages, and weighs
    less than another one), then the fewest literals."""
    return -min(len(s) - 0.5 * (s in _COMMON) for s in gate), len(gate)


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
        self.match, self.fullmatch = branches_led(rx).match, rx.fullmatch
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
        windows: list[tuple[int, int]] = []
        a = find(text, start, end)
        while a is not None:
            k = a.start()
            lo = k - reach[a.group()]
            windows.append((lo if lo > start else start, k + 1))
            a = find(text, k + 1, end)
        windows.sort()  # (in order unless a later anchor reaches farther back)
        out: list[int] = []
        done = start  # the positions before it are out already
        for lo, hi in windows:
            if hi > done:
                out.extend(range(lo if lo > done else done, hi))
                done = hi
        return out

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        n = len(text)
        end = n if endpos is None or endpos > n else endpos
        start = pos if pos > 0 else 0
        if end - start <= _SHORT:
            return self.rx.search(text, start, end)
        match = self.match
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
        match = self.match
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
    parsed = _unskipped(rx)
    if parsed is None:
        return rx
    try:
        found = _anchor(parsed)
    except Exception:  # an unexpected parse tree: scan as before
        return rx
    if found is None:
        return led(rx)
    return Anchored(rx, found)


def _unskipped(rx: re.Pattern[str]):
    """``rx``'s parse tree, or None when the regex engine skips to its possible starts by
    itself (every match begins with a literal prefix or one of a few characters), when the
    pattern ignores case, or when its tree cannot be read (another Python)."""
    if rx.flags & re.IGNORECASE or _sre_parser is None:
        return None
    try:
        parsed = _sre_parser.parse(rx.pattern, rx.flags)
        if _sre_compiler._get_literal_prefix(parsed, rx.flags)[0]:
            return None
        if _sre_compiler._get_charset_prefix(parsed, rx.flags):
            return None
    except Exception:  # an unexpected parse tree: scan as before
        return None
    return parsed


# ---------------------------------------------------------------- first characters
# A pattern the engine cannot skip through by itself (its matches start with a
# lookbehind, or with an alternation that holds a character class) is tried in full at
# every position of the text.  Put first, a lookahead for the one character every match
# starts with is a cheap test there that fails at most positions; the matches are the
# same (each starts with such a character).
_CATEGORY_CLASS = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


# what a pattern may start with for the lookahead to pay: a lookbehind, a group, an
# alternation (tried in full at each position)
_COSTLY_START = (
    frozenset({_sre.ASSERT, _sre.ASSERT_NOT, _sre.BRANCH, _sre.SUBPATTERN}) if _sre else frozenset()
)


def led(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` led by a lookahead for the characters its matches start with (the same
    matches, spans and groups); ``rx`` itself when the engine already skips to them,
    when a match may start with any character or be empty, or for another Python."""
    parsed = _unskipped(rx)
    if parsed is None:
        return rx
    try:
        if not parsed.data or parsed.data[0][0] not in _COSTLY_START:
            return rx  # one character tested first anyway, or a start (^) kept first
        if parsed.data[0][0] is _sre.ASSERT and parsed.data[0][1][0] == 1:
            return rx  # led by a lookahead already (by this function, maybe)
        items, empty = _firsts(parsed)
        if items is None or empty:
            return rx
        return re.compile(f"(?=[{''.join(sorted(set(items)))}])(?:{rx.pattern})", rx.flags)
    except Exception:  # an unexpected parse tree or pattern: scan as before
        return rx


def branches_led(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` with each of its top-level alternatives that starts with a lookaround or
    with optional words (`_slow_start`) led by a lookahead for the characters its matches
    start with (``led``, alternative by alternative): tried at one position (an
    ``Anchored`` start), the engine then skips such an alternative on its first character
    instead of running its lookbehinds and optional words first (the hedges' ~20
    lookbehinds at each start).  The same matches, spans and groups (each match of an
    alternative starts with such a character; no group is added); ``rx`` itself when it
    is no alternation of such alternatives, or for another Python."""
    if rx.flags & re.IGNORECASE or _sre_parser is None:
        return rx
    try:
        pieces = _top_level_branches(rx.pattern)
        parsed = _sre_parser.parse(rx.pattern, rx.flags)
        if (
            len(pieces) < 2
            or len(parsed.data) != 1
            or parsed.data[0][0] is not _sre.BRANCH
            or len(parsed.data[0][1][1]) != len(pieces)
        ):
            return rx  # (the parser merged or split what the text seemed to hold)
        out, changed = [], False
        for piece in pieces:
            tree = _sre_parser.parse(piece, rx.flags)
            items, empty = _firsts(tree) if _slow_start(tree.data) else (None, True)
            if items is None or empty:
                out.append(piece)
            else:
                out.append(f"(?=[{''.join(sorted(set(items)))}])(?:{piece})")
                changed = True
        return re.compile("|".join(out), rx.flags) if changed else rx
    except Exception:  # an unexpected pattern or tree: tried as it is
        return rx


def _slow_start(items: list) -> bool:
    """Does the parsed sequence begin with work before its first character is tested: a
    lookbehind or lookahead, or optional words (its groups looked into)?"""
    while items and items[0][0] is _sre.SUBPATTERN and not (items[0][1][1] | items[0][1][2]):
        items = items[0][1][3].data  # (?:…) around the whole start
    if not items:
        return False
    op, av = items[0]
    return op in (_sre.ASSERT, _sre.ASSERT_NOT) or (
        op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] == 0
    )


def _top_level_branches(pattern: str) -> list[str]:
    """The pattern's text split at each ``|`` outside groups and character sets."""
    out: list[str] = []
    depth, start, i, n = 0, 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a set: its first ] (after a ^) is a member, an escape skips one
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _firsts(seq) -> tuple[list[str] | None, bool]:
    """(character-class items one of which the first character of every match of the
    parsed sequence ``seq`` is, whether the sequence may match empty); None items: any
    character may come first."""
    items: list[str] = []
    for op, av in seq:
        if op is _sre.AT and av in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING):
            return None, False  # tried at the start only: left as it is
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero-width: the first character comes after
        got, empty = _first(op, av)
        if got is None:
            return None, False
        items += got
        if not empty:
            return items, False
    return items, True


def _first(op, av) -> tuple[list[str] | None, bool]:
    if op is _sre.LITERAL:
        return [re.escape(chr(av))], False
    if op is _sre.IN:
        out = []
        for o, a in av:
            if o is _sre.LITERAL:
                out.append(re.escape(chr(a)))
            elif o is _sre.RANGE:
                out.append(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
            elif o is _sre.CATEGORY and str(a) in _CATEGORY_CLASS:
                out.append(_CATEGORY_CLASS[str(a)])
            else:
                return None, False  # a negated set, or another item
        return out, False
    if op is _sre.BRANCH:
        items: list[str] = []
        empty = False
        for branch in av[1]:
            got, may_be_empty = _firsts(branch)
            if got is None:
                return None, False
            items += got
            empty = empty or may_be_empty
        return items, empty
    if op is _sre.SUBPATTERN:
        if (av[1] | av[2]) & re.IGNORECASE:
            return None, False
        return _firsts(av[3])
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        got, empty = _firsts(av[2])
        return got, empty or av[0] == 0
    if op is _sre.ATOMIC_GROUP:
        return _firsts(av)
    return None, False  # any character, a back reference, a conditional …


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

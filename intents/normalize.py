"""Text normalisation shared by training and serving.

Patients type (or dictate) traditional characters, full-width digits and Chinese
numerals ("三十八度五", "两岁", "三个月大").  Every later stage works on one canonical
form, so the training data and the live text must go through exactly the same
function.  The result keeps, for every output character, the span of the input it
came from, so entity offsets can point into the caller's original text.

Two readings, one for each kind of consumer:

- ``normalize`` / ``normalize_text``: the canonical form the intent and department
  models, the symptom lexicon and the entity extractor are trained and served on.
- ``normalize_safety`` / ``safety_text``: the same, after regional words are read as
  Mandarin ("个仔扯蝨" is "儿子抽搐", "俺家孩儿" is "我家孩子").  Only the red-flag layer
  (catalogue and emergency classifier) reads this form: a missed emergency in a dialect
  is the costly error, while for the department ranking the glossary's rewrites moved
  the model (it changed lexicon terms and so the generated training texts).

Regional words come from the reviewed glossary ``knowledge/dialect.yml``: words of
two or more characters that mean nothing else in Mandarin are rewritten wherever they
occur; single characters and ambiguous words only where their guards allow it
(唔 → 不 before a verb, never the interjection "唔，").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import add
from pathlib import Path

import yaml

from .ages import BABY_WORDS
from .gates import led

_DATA = Path(__file__).parent / "data"
DIALECT_PATH = Path(__file__).parent / "knowledge" / "dialect.yml"

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS)

# A Chinese numeral is only turned into digits when a unit follows or it holds 十/百
# (二十九点四 is 29.4, 十二点四十分 a time), so that 一直 / 一点 / 一边 / 下周三 keep
# their meaning.
_UNITS_AFTER = (
    "周岁|岁|个|天|周|星期|礼拜|年|月|号|日|度|次|小时|分钟|斤|公斤|厘米|毫米|米|层|楼|床|"
    "元|块|粒|片|颗|毫升|克|毫克|遍|口|杯|瓶|盒|板|根|点钟|多岁|多天|多年|多斤|多次|多度|来岁|"
    "℃|cm|mm|kg"
)
# (never from the digit of a child's rank, 老二/老三, when a numeral follows it: 我家老二
# 四十几天 is 老二 40几天, whose run 二四十几 reads as no number at all — but 七老八十 is
# eighty)
_CN_NUM_RE = led(
    re.compile(
        r"(?!(?<=老)[一二三四五六七八九两俩][零〇一二三四五六七八九两俩])"
        rf"(?:[{_NUM_CHARS}]+(?:点[零一二三四五六七八九]+)?(?=(?:{_UNITS_AFTER}))|[{_NUM_CHARS}]*[十百][{_NUM_CHARS}]*(?:点[零一二三四五六七八九]+(?![十百分钟]))?(?!分))"
    )
)
_ANY_NUMBER = re.compile(rf"[{_NUM_CHARS}\d廿卅]")  # nothing to rewrite without one
# The old single characters for twenty and thirty (廿九周, 卅岁; Cantonese and written
# Chinese): spelled out before the numerals are read (廿九周 -> 二十九周 -> 29周).
_SCORE_RE = re.compile(rf"[廿卅](?=[一二三四五六七八九]?(?:{_UNITS_AFTER}))")
_SCORES = {"廿": "二十", "卅": "三十"}
# 三十八度五 (read before the generic pass, which would see 五两天 as one numeral)
_CN_TEMP_RE = re.compile(
    r"([三四]十[一二三四五六七八九]?)度([零一二三四五六七八九])(?![十百个天岁次])"
)
# A decimal read out before the count of the next reading in a list (一次二点六一次二点三,
# 一回三点一两回二点八): the 一 or 两 of 一次 is no digit of the decimal (2.61次 is no
# reading).  Read before the generic pass, and written apart from the count that follows
# (2.6 1次), so that the digits do not run together.
_DECIMAL_BEFORE_COUNT_RE = re.compile(
    rf"(?<![{_NUM_CHARS}])[{_NUM_CHARS}]+点[零一二三四五六七八九]+?(?=[一两][次回遍])"
)
# 38度5 / 38度五 -> 38.5度
_TEMP_DECIMAL_RE = led(
    re.compile(r"(?<![\d.])(3\d|4[0-2])度([0-9零一二三四五六七八九])(?![0-9.度个天岁次十])")
)


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus, for each char, the [start, end) span in the original."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text back to the original."""
        if end <= start or not self.starts:
            return (0, 0)
        return (self.starts[start], self.ends[end - 1])


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for line in (_DATA / "t2s.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for pair in line.split():
            if len(pair) == 2:
                table[ord(pair[0])] = pair[1]
    return table


@lru_cache(maxsize=1)
def _char_table() -> dict[int, str]:
    table = dict(_t2s_table())
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = chr(code - 0xFEE0).lower()
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    table[0x3000] = " "
    table[ord("\t")] = " "
    table[ord("\r")] = " "
    table[ord("\n")] = " "
    table[ord("℃")] = "度"
    table[ord("°")] = "度"
    return table


@lru_cache(maxsize=1)
def _char_list() -> list[int | str]:
    """``_char_table`` as a list indexed by code point, up to its last mapped character:
    ``str.translate`` looks each character up, and a dictionary miss (most Chinese
    characters are not in the table) raises and catches a KeyError each, where a list
    returns the character's own code point (twice as fast on a long message).
    Characters past the list's end raise an IndexError, which ``translate`` also reads
    as "keep it": the same text."""
    table = _char_table()
    out: list[int | str] = list(range(max(table, default=-1) + 1))
    for code, char in table.items():
        out[code] = char
    return out


# Some people, often elderly, type a space after every character or two (儿 媳 怀 孕 八个 月,
# 孙子 刚 两个月 发烧): the words of a sign are split apart.  A space between two Chinese
# characters (or a character and a digit) goes when a single Chinese character stands on
# either side of it; in a message typed that way throughout (at least two such characters,
# a quarter of its words: 孙子 出生 二十几 天 发烧) every such space goes.  Elsewhere spaces
# between words of two or more characters stay (抽筋 口吐白沫 is a pause between two
# signs), and so do the spaces between digits (38 5).
_SPACE_RUN = re.compile(r" +")
_TOKEN = re.compile(r"[^ ]+")
SPACED_MIN_SINGLES = 2
SPACED_MIN_SHARE = 0.25


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _word(ch: str) -> bool:
    return _cjk(ch) or ch.isdigit()


def _spaces_to_drop(text: str) -> list[tuple[int, int]]:
    """The [start, end) spans of spaces that split a word typed a character at a time."""
    if " " not in text:
        return []
    out = []
    n = len(text)
    tokens = _TOKEN.findall(text)
    singles = sum(1 for t in tokens if len(t) == 1 and _cjk(t))
    throughout = singles >= SPACED_MIN_SINGLES and singles >= SPACED_MIN_SHARE * len(tokens)
    for m in _SPACE_RUN.finditer(text):
        i, j = m.span()
        if i == 0 or j == n:
            continue
        left, right = text[i - 1], text[j]
        if not (_word(left) and _word(right)) or (left.isdigit() and right.isdigit()):
            continue
        left_single = _cjk(left) and (i < 2 or not _word(text[i - 2]))
        right_single = _cjk(right) and (j + 1 >= n or not _word(text[j + 1]))
        if throughout or left_single or right_single:
            out.append((i, j))
    return out


def _join_spaced(text: str, starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    """``text`` without the spaces of ``_spaces_to_drop``, spans kept for the rest."""
    drops = {i for i, _ in _spaces_to_drop(text)}
    if not drops:
        return text, starts, ends
    return _rewrite(text, starts, ends, _SPACE_RUN, lambda m: "" if m.start() in drops else None)


def _join_spaced_text(text: str) -> str:
    """Just the string of ``_join_spaced``."""
    if " " not in text:
        return text
    return _join_spaced(text, list(range(len(text))), list(range(1, len(text) + 1)))[0]


# ---------------------------------------------------------------- unpunctuated messages
# Some people type (or dictate) a whole message without a single stop: 如果抽搐超过五分钟
# 要不要打120我儿子已经抽了七分钟了.  The red-flag layer's hedges end at a stop (the
# hypothetical 如果… at the end of its sentence, a history word 昨天… or a doubt 应该没事吧…
# at the end of its clause), so in such a message they reach over the present case that
# follows.  The red-flag reading puts back the stops a writer would have typed, where a
# new clause plainly starts:
# - a present case opened after a question (…要不要打120 | 我儿子已经抽了…): a question
#   mark; a report opened after a statement (…复查过了 | 今天又…): a comma.  An opener is a
#   named person followed by a word of time or state (我儿子已经, 俺老伴刚才, 孩子现在),
#   or such a time word alone (现在, 今天, 刚才 …) or a turn (可是, 结果, 后来 …);
# - a sentence-final particle with more text after it (…要紧吗 | 我爸…, …没事吧 | 38周…);
# - a baby's age right after its name (孙女才50天 | 嘴唇发紫): a comma after the age;
# - a history in a clinical note (…糖尿病史 | 突发眩晕): a comma after its 史;
# - a body temperature whose point was left out (耳温386 is 38.6): the point.
# Only a message with no stop at all is read this way (one typed with stops keeps them as
# they are), and only a live message for the red-flag layer (``normalize_safety``): the
# department models read the text as typed, and ``safety_text`` (catalogue words, the
# classifier's training texts) as written.
# a stop (a point or colon between digits is part of a number: 38.5, 22:30)
_STOP_RE = re.compile(r"[，。！？；、：!?;\n]|(?<!\d)[.,:]|[.,:](?!\d)")
UNPUNCTUATED_MIN_CHARS = 10
_PERSON = (
    r"(?:(?:我|俺|咱)(?:们)?(?:家)?(?:的)?(?:老?爸|老?妈|爸爸|妈妈|老公|老婆|媳妇|婆娘|爱人|"
    r"女儿|儿子|闺女|孩子|宝宝|娃|小孩|老伴|老头|老太太|老爷子|爷爷|奶奶|外公|外婆|姥姥|姥爷|"
    r"婆婆|公公|岳父|岳母|丈母娘|室友|同事|朋友|同学|弟弟?|妹妹?|哥哥?|姐姐?|舅舅|姨|姑|外甥|"
    r"孙子|孙女|老人|父亲|母亲)?|孩子|宝宝|小孩|娃|他|她|老人家?|病人|患者|家人)"
)
# a word of time or state that opens a report after a named person
_AFTER_PERSON = (
    r"(?:现在|目前|这会儿|刚才|刚刚|刚|已经|今天|今早|今晚|昨晚|昨天|正在|又|突然|一直|从)"
)
# the same words that open a clause on their own (not 已经, 刚, 又 …: mid-clause words)
_ALONE = r"(?:这会儿|刚才|今天|今早|今晚|昨晚|可是|但是|不过|结果|后来)"
# words that tie a time word to what comes before it (从今天, 到现在, 直到刚才, 是昨天)
_TIED = "从到至直自在于是的和跟与或前天晚早上午中下一这那每整"
# a measure word right before the person: someone counted (看到一个老人突然倒地, 有位孕妇刚才)
# is the head of a noun phrase, not the subject opening a report
_COUNTED = "个位名"
_OPENER_RE = re.compile(rf"(?:{_PERSON}{_AFTER_PERSON}|{_ALONE})")
_QUESTION_RE = re.compile(
    r"吗|呢|是不是|要不要|能不能|会不会|需不需要|用不用|该不该|可不可以|怎么办|怎么样|怎样|咋办|咋整|"
    r"多少|什么|哪"
)
_HYPOTHETICAL_RE = re.compile(r"如果|要是|假如|假设|万一|若是")
# a sentence-final particle followed by more words (never 吗啡, 吧台, 呢子)
_PARTICLE_RE = re.compile(r"(?<=[\u4e00-\u9fff])([吗呢])(?![啡子绒喃])|(吧)(?![台唧嗒])")
# the baby's age right after its name: 宝宝才40天, 孩子出生45天, 孙女刚满两个月
_BABY_AGE_RE = re.compile(
    rf"{BABY_WORDS}(?:现在|才|刚|刚满|满|出生|生下来才?|已经)*"
    r"(?:\d{1,3}|[一二三四五六七八九十两俩]{1,3})(?:多|来|几)?"
    r"(?:天|周|个多月|个月|个半月|月|个礼拜|个星期|星期|礼拜)"
    r"(?![大了]{0,2}[前后内里以多左的时就才还没半])(?:大了|大|了)?(?=[\u4e00-\u9fff])"
)

# a body temperature whose point was left out (耳温枪测了两次都是386): three digits from
# 350 to 429 after a word of temperature, never after 血糖 (a sugar of 386 mg/dL)
# (又385, 还是381, 降到379, 刚才386 too), never after 血糖, 尿 or 血压 (a sugar of 386
# mg/dL, 400 ml of urine) nor before a unit (380毫升, 400次)
_RUN_TEMPERATURE_RE = re.compile(
    r"(?:体温|耳温|额温|腋温|肛温|温度|温枪|体温计|都是|显示|发烧|发热|高烧|低烧|还是|现在|刚才|"
    r"[量测烧到又])[^\d血糖]{0,3}(?<!\d)(3[5-9]|4[0-2])(\d)"
    r"(?![\d.]|毫|ml|克|g|mg|次|元|块|斤|分|米|个|号|床|层|/|ppm|万|千|多|左|几)"
)
_NOT_A_TEMPERATURE = re.compile(r"血糖|尿|血压|心率|血氧|体重|ml|毫升")
# a history told in a clinical note (男68岁高血压病史突发眩晕, 既往无癫痫史20分钟内…):
# the history ends at its word 史 (not 历史, 史的, 病史多年)
_HISTORY_END_RE = re.compile(
    r"(?<=[\u4e00-\u9fff])(?<!历)史(?=[\u4e00-\u9fff\d])(?![的者和及与或上书])(?!\d*[多几]?年)"
)


def _unpunctuated(text: str) -> bool:
    return len(text) >= UNPUNCTUATED_MIN_CHARS and _STOP_RE.search(text) is None


def _clause_stops(text: str) -> dict[int, str]:
    """Where the stops of a message typed without any go: position -> the mark put
    before the character there (at a space: put in its place).  The marks
    are the half-width ones the character table makes of typed stops (, ? .), so the
    classifier reads them as it read its training texts."""
    marks: dict[int, str] = {}
    for m in _RUN_TEMPERATURE_RE.finditer(text):
        if not _NOT_A_TEMPERATURE.search(text, max(0, m.start() - 6), m.start(1)):
            marks[m.start(2)] = "."
    for m in _HISTORY_END_RE.finditer(text):
        marks[m.end()] = ","
    for m in _BABY_AGE_RE.finditer(text):
        marks[m.end()] = ","
    for m in _PARTICLE_RE.finditer(text):
        end = m.end()
        if end < len(text) and text[end] != " ":
            marks.setdefault(end, "?" if m.group(1) else ",")
    for m in _OPENER_RE.finditer(text):
        # a space the writer typed is a pause already: it becomes a question mark only
        # after a hypothetical question (要是抽了五分钟要不要打120 我儿子已经…), and stays
        # a pause after a plain one, which keeps a reading with the word it reads
        # (血糖多少要去急诊 我现在33.2)
        p = m.start()
        spaced = p > 0 and text[p - 1] == " "
        q = p - 1 if spaced else p
        if q < 3 or text[q - 1] in _TIED or text[q - 1] in _COUNTED or p in marks:
            continue
        last = max([k for k, mark in marks.items() if k < q and mark != "."] or [0])
        head = text[last:q].rsplit(" ", 1)[-1]
        if len(head) < 3:
            continue
        question = _QUESTION_RE.search(head) is not None
        if not spaced:
            marks[p] = "?" if question else ","
        elif question and _HYPOTHETICAL_RE.search(head):
            marks[q] = "?"
    return marks


def _add_clause_stops(
    text: str, starts: list[int], ends: list[int]
) -> tuple[str, list[int], list[int]]:
    """``text`` with the stops of ``_clause_stops``; a mark takes the span of the
    character it stands before (so entity offsets still point into the original)."""
    if not _unpunctuated(text):
        return text, starts, ends
    marks = _clause_stops(text)
    if not marks:
        return text, starts, ends
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    for i, ch in enumerate(text):
        mark = marks.get(i)
        if mark is not None:
            out.append(mark)
            new_starts.append(starts[i])
            new_ends.append(ends[i])
            if ch == " ":  # the mark takes the place of the space
                continue
        out.append(ch)
        new_starts.append(starts[i])
        new_ends.append(ends[i])
    return "".join(out), new_starts, new_ends


def cn_to_number(s: str) -> float | None:
    """Parse a Chinese numeral (三十八, 一百零五, 两, 三点五). None if it is not one."""
    if not s:
        return None
    frac = ""
    if "点" in s:
        s, frac = s.split("点", 1)
        if not frac or any(c not in CN_DIGITS for c in frac):
            return None
        frac = "".join(str(CN_DIGITS[c]) for c in frac)
    total, current, prev_digit = 0, 0, False
    last_unit, zero = 0, False
    for ch in s:
        if ch in CN_DIGITS:
            if prev_digit and current != 0:
                return None  # 七八 / 一两: a range, not a number
            current = CN_DIGITS[ch]
            zero = zero or current == 0
            prev_digit = True
        elif ch in CN_UNITS:
            if last_unit and CN_UNITS[ch] >= last_unit:
                return None  # 一百九十八十: two numbers (190, 80), not one
            total += (current or 1) * CN_UNITS[ch]
            last_unit = CN_UNITS[ch]
            current, prev_digit, zero = 0, False, False
        else:
            return None
    if current and last_unit >= 100 and not zero and s[-2] in CN_UNITS:
        current *= last_unit // 10  # 一百四 is 140 and 两千五 2500 (一百零四 is 104)
    value = total + current
    if frac:
        return float(f"{value}.{frac}")
    return float(value)


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _rewrite(
    text: str, starts: list[int], ends: list[int], pattern: re.Pattern[str], repl
) -> tuple[str, list[int], list[int]]:
    """Regex substitution that keeps the char → original-span maps in step."""
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        if m.start() == m.end():
            continue
        replacement = repl(m)
        if replacement is None:
            continue
        out.append(text[pos : m.start()])
        new_starts.extend(starts[pos : m.start()])
        new_ends.extend(ends[pos : m.start()])
        s, e = starts[m.start()], ends[m.end() - 1]
        out.append(replacement)
        new_starts.extend([s] * len(replacement))
        new_ends.extend([e] * len(replacement))
        pos = m.end()
    if not out:
        return text, starts, ends
    out.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(out), new_starts, new_ends


def _num_repl(m: re.Match[str]) -> str | None:
    value = cn_to_number(m.group(0))
    if value is None:
        return _reading_pair(m.group(0))
    return _fmt(value)


def _reading_pair(s: str) -> str | None:
    """Two numerals said back to back, the first in the hundreds: a blood pressure read
    out (一百九十五一百二十五 is 195/125, 一百六九十 160/90).  A rising pair is a range
    (一百六一百七, 160-170).  None when no split gives two numbers."""
    for i in range(2, len(s) - 1):
        if s[i] not in CN_DIGITS or s[i] in "零〇":
            continue
        first, second = cn_to_number(s[:i]), cn_to_number(s[i:])
        if first is None or second is None or first < 100 or second < 40:
            continue
        if s[i - 2] == "百" and s[i + 1 :] == "十" and second == (first % 100 + 10):
            return None  # 一百四五十: 140 to 150 (the catalogue's respellings read it)
        return f"{_fmt(first)}{'/' if second < first else '-'}{_fmt(second)}"
    return _hundreds_range(s)


_HUNDREDS_RANGE = re.compile("(.+百)([一二三四五六七八])([二三四五六七八九])十?")


def _hundreds_range(s: str) -> str | None:
    """Two neighbouring tens said after the hundreds: a range read out (两百一二十 is
    210-220, 一百八九 180-190), as a voice message gives a reading it is unsure of."""
    m = _HUNDREDS_RANGE.fullmatch(s)
    if m is None:
        return None
    base = cn_to_number(m.group(1))
    low, high = CN_DIGITS[m.group(2)], CN_DIGITS[m.group(3)]
    if base is None or base % 100 or high != low + 1:
        return None
    return f"{_fmt(base + low * 10)}-{_fmt(base + high * 10)}"


def _decimal_before_count_repl(m: re.Match[str]) -> str | None:
    value = cn_to_number(m.group(0))
    return None if value is None else f"{_fmt(value)} "


def _cn_temp_repl(m: re.Match[str]) -> str:
    return f"{_fmt(cn_to_number(m.group(1)) or 0)}.{CN_DIGITS[m.group(2)]}度"


def _temp_repl(m: re.Match[str]) -> str:
    digit = m.group(2)
    digit = str(CN_DIGITS[digit]) if digit in CN_DIGITS else digit
    return f"{m.group(1)}.{digit}度"


@lru_cache(maxsize=8)
def windows(text: str) -> tuple[str, ...]:
    """The text's two-character windows, ``text[i : i + 2]`` for each i but the last:
    the keys of the dictionary lookups (lexicon, aliases, red-flag words, regional
    words), built once per text and shared (their hashes are computed once too)."""
    return tuple(map(add, text, text[1:]))


def to_simplified(text: str) -> str:
    """Character-level traditional → simplified (only the shipped table)."""
    return text.translate(_t2s_table())


# ---------------------------------------------------------------- regional words
_CLAUSE_STOP = re.compile(r"[,，。.!！?？;；\s]")
_GUARD_WINDOW = 8  # characters before a word that its `before` guards look at


@dataclass(frozen=True)
class Respelling:
    """One glossary entry: ``source`` is read as ``target`` where the guards allow."""

    source: str
    target: str
    region: str
    before: re.Pattern[str] | None = None  # must match right before (same clause)
    not_before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None  # must match right after
    not_after: re.Pattern[str] | None = None

    def allowed(self, text: str, start: int, end: int) -> bool:
        if self.before is not None or self.not_before is not None:
            head = text[max(0, start - _GUARD_WINDOW) : start]
            head = _CLAUSE_STOP.split(head)[-1]
            if self.before is not None and not self.before.search(head):
                return False
            if self.not_before is not None and self.not_before.search(head):
                return False
        if self.after is not None and not self.after.match(text, end):
            return False
        return self.not_after is None or not self.not_after.match(text, end)


@dataclass(frozen=True)
class Glossary:
    by_first: dict[str, tuple[Respelling, ...]]  # first char -> entries, longest first
    firsts: re.Pattern[str]
    # the same entries narrowed by the first two characters (a pair that starts no
    # longer entry: ``single``, the one-character entries of its first character)
    by_pair: dict[str, tuple[Respelling, ...]] = field(default_factory=dict)
    single: dict[str, tuple[Respelling, ...]] = field(default_factory=dict)


def _guard(spec: dict, key: str, where: str, anchor: str) -> re.Pattern[str] | None:
    raw = spec.get(key)
    if raw is None:
        return None
    try:
        return re.compile(f"(?:{raw}){anchor}" if anchor else f"(?:{raw})")
    except re.error as exc:
        raise ValueError(f"dialect.yml {where}: {key} is not a valid pattern ({exc})") from None


def compile_glossary(doc: dict) -> Glossary:
    """Build the glossary from dialect.yml (raises ValueError naming the faulty entry).

    ``words``: {region: {word: standard}}; each word of two or more characters, never
    mapped to two different standards.  ``guarded``: entries (single characters or
    ambiguous words) with at least one of before / not_before / after / not_after.
    """
    regions = doc.get("regions") or {}
    entries: dict[str, list[Respelling]] = {}
    plain: dict[str, str] = {}
    for region, words in (doc.get("words") or {}).items():
        if region not in regions:
            raise ValueError(f"dialect.yml words: unknown region {region!r} (see regions:)")
        for source, target in (words or {}).items():
            source, target = to_simplified(str(source)), to_simplified(str(target))
            where = f"words.{region}.{source}"
            if len(source) < 2:
                raise ValueError(f"dialect.yml {where}: one character needs guards (guarded:)")
            if plain.get(source, target) != target:
                raise ValueError(f"dialect.yml {where}: also mapped to {plain[source]!r}")
            if source == target:
                raise ValueError(f"dialect.yml {where}: maps a word to itself")
            plain[source] = target
            entries.setdefault(source, []).append(Respelling(source, target, region))
    for i, spec in enumerate(doc.get("guarded") or []):
        source = to_simplified(str(spec.get("from") or ""))
        target = to_simplified(str(spec.get("to") or ""))
        region = spec.get("region")
        where = f"guarded[{i}] ({source})"
        if not source or not target or region not in regions:
            raise ValueError(f"dialect.yml {where}: needs from, to and a known region")
        if not any(k in spec for k in ("before", "not_before", "after", "not_after")):
            raise ValueError(f"dialect.yml {where}: a guarded entry needs a guard")
        entries.setdefault(source, []).append(
            Respelling(
                source,
                target,
                region,
                before=_guard(spec, "before", where, "$"),
                not_before=_guard(spec, "not_before", where, "$"),
                after=_guard(spec, "after", where, ""),
                not_after=_guard(spec, "not_after", where, ""),
            )
        )
    by_first: dict[str, list[Respelling]] = {}
    for source in sorted(entries, key=lambda w: (-len(w), w)):
        by_first.setdefault(source[0], []).extend(entries[source])
    firsts = "".join(sorted(by_first))
    by_pair = {
        source[:2]: tuple(
            e for e in by_first[source[0]] if len(e.source) == 1 or e.source[:2] == source[:2]
        )
        for source in entries
        if len(source) >= 2
    }
    single = {
        c: tuple(e for e in group if len(e.source) == 1)
        for c, group in by_first.items()
        if any(len(e.source) == 1 for e in group)
    }
    return Glossary(
        by_first={k: tuple(v) for k, v in by_first.items()},
        by_pair=by_pair,
        single=single,
        firsts=re.compile("[" + re.escape(firsts) + "]" if firsts else "(?!)"),
    )


@lru_cache(maxsize=1)
def glossary() -> Glossary:
    doc = yaml.load(DIALECT_PATH.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return compile_glossary(doc or {})


def _respell_regional(
    text: str, starts: list[int], ends: list[int], gloss: Glossary
) -> tuple[str, list[int], list[int]]:
    """One left-to-right pass: at each position the longest entry whose guards allow
    it is rewritten; the rewritten text is not scanned again (no chains)."""
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    # the entries that may start at each position, from one C-level pass
    at = list(map(gloss.by_pair.get, windows(text), map(gloss.single.get, text)))
    at.append(gloss.single.get(text[-1]) if text else None)
    for i in compress(range(len(at)), at):
        if i < pos:
            continue
        for entry in at[i]:
            j = i + len(entry.source)
            if text.startswith(entry.source, i) and entry.allowed(text, i, j):
                out.append(text[pos:i])
                new_starts.extend(starts[pos:i])
                new_ends.extend(ends[pos:i])
                out.append(entry.target)
                new_starts.extend([starts[i]] * len(entry.target))
                new_ends.extend([ends[j - 1]] * len(entry.target))
                pos = j
                break
    if not out:
        return text, starts, ends
    out.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(out), new_starts, new_ends


def _normalize(text: str, regional: bool) -> Normalized:
    if not text:
        return Normalized("", (), ())
    mapped = text.translate(_char_list())  # every mapping is one char → one char
    starts = list(range(len(mapped)))
    ends = list(range(1, len(mapped) + 1))
    mapped, starts, ends = _join_spaced(mapped, starts, ends)
    if regional:
        gloss = glossary()
        if gloss.firsts.search(mapped):
            mapped, starts, ends = _respell_regional(mapped, starts, ends, gloss)
    return _numbers(mapped, starts, ends)


def _stopped(norm: Normalized) -> Normalized:
    """``norm`` with the stops of a message typed without any (``_add_clause_stops``)."""
    if not _unpunctuated(norm.text):
        return norm
    text, starts, ends = _add_clause_stops(norm.text, list(norm.starts), list(norm.ends))
    if text is norm.text:
        return norm
    return Normalized(text, tuple(starts), tuple(ends))


def _numbers(mapped: str, starts: list[int], ends: list[int]) -> Normalized:
    if not _ANY_NUMBER.search(mapped):
        return Normalized(mapped, tuple(starts), tuple(ends))
    out, starts, ends = _rewrite(mapped, starts, ends, _SCORE_RE, lambda m: _SCORES[m.group(0)])
    out, starts, ends = _rewrite(out, starts, ends, _CN_TEMP_RE, _cn_temp_repl)
    out, starts, ends = _rewrite(
        out, starts, ends, _DECIMAL_BEFORE_COUNT_RE, _decimal_before_count_repl
    )
    out, starts, ends = _rewrite(out, starts, ends, _CN_NUM_RE, _num_repl)
    out, starts, ends = _rewrite(out, starts, ends, _TEMP_DECIMAL_RE, _temp_repl)
    return Normalized(out, tuple(starts), tuple(ends))


def normalize(text: str) -> Normalized:
    """Canonical form for the models, lexicon and entities: simplified, half-width,
    lower-case ASCII, Arabic numerals."""
    return _normalize(text, regional=False)


def normalize_safety(text: str) -> Normalized:
    """Canonical form of a live message for the red-flag layer: ``normalize`` plus
    Mandarin words for regional ones, and the stops of a message typed without any put
    back (``_add_clause_stops``)."""
    return _stopped(_normalize(text, regional=True))


def normalize_both(text: str) -> tuple[Normalized, Normalized]:
    """``(normalize(text), normalize_safety(text))`` with the shared steps done once;
    the same object twice when no regional word was rewritten."""
    if not text:
        empty = Normalized("", (), ())
        return empty, empty
    mapped = text.translate(_char_list())
    starts = list(range(len(mapped)))
    ends = list(range(1, len(mapped) + 1))
    mapped, starts, ends = _join_spaced(mapped, starts, ends)
    plain = _numbers(mapped, starts, ends)
    gloss = glossary()
    if not gloss.firsts.search(mapped):
        return plain, _stopped(plain)
    respelled, r_starts, r_ends = _respell_regional(mapped, starts, ends, gloss)
    if respelled is mapped:  # nothing rewritten
        return plain, _stopped(plain)
    return plain, _stopped(_numbers(respelled, r_starts, r_ends))


def normalize_text(text: str) -> str:
    """Just the normalised string (training data and lexicon terms); most words need
    only the character table, so the span bookkeeping is skipped for them."""
    if not text:
        return ""
    mapped = _join_spaced_text(text.translate(_char_list()))
    return _normalize(text, regional=False).text if _ANY_NUMBER.search(mapped) else mapped


def safety_text(text: str) -> str:
    """The string of ``normalize_safety`` for red-flag catalogue words, the emergency
    classifier's training data and earlier turns, without the stops put back into a
    live message typed without any (a catalogue word or a training text is read as it
    was written, so the trained classifier stays what its data make of it)."""
    if not text:
        return ""
    mapped = _join_spaced_text(text.translate(_char_list()))
    if glossary().firsts.search(mapped) or _ANY_NUMBER.search(mapped):
        return _normalize(text, regional=True).text
    return mapped

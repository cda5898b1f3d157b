"""Entity extraction: regex + lookup tables + the knowledge dictionaries.

Works on the normalised text (Arabic numerals, simplified characters) and maps
spans back to the caller's original text.  Values are canonical: departments use
catalog names, dates are ISO strings relative to an injectable ``today``,
ages are years (float), temperatures °C (float), durations days (float).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import time
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .ages import names_a_child, pregnancy_now
from .gates import Anchored, anchored, led, literal_gates, may_match_all
from .knowledge import Knowledge, is_negated, load_knowledge
from .normalize import Normalized, normalize_text, safety_text
from .rasa_data import default_nlu_paths, load_nlu

EXTRACTOR = "HospitalRegexLookupExtractor"

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
for _i in range(1, 8):
    _WEEKDAYS[str(_i)] = _i - 1

# Scanned only near the words every match holds (``gates.anchored``; the same matches).
_DATE_RE = anchored(
    re.compile(
        r"(?P<ymd>(?P<y>20\d\d)[年/.-](?P<m1>\d{1,2})[月/.-](?P<d1>\d{1,2})(?:号|日)?)"
        r"|(?P<md>(?P<m2>\d{1,2})月(?P<d2>\d{1,2})(?:号|日))"
        r"|(?P<week>(?P<wp>下下|下个|下|这个|这|本|上)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天末1-7]))"
        r"|(?P<rel>大后天|后天|明天|明日|今天|今日|今儿|明儿|昨天|前天)"
        r"|(?P<dom>(?<![\d月.])(?P<d3>\d{1,2})(?:号|日)(?![\d]))"
    )
)
_REL_DAYS = {
    "今天": 0,
    "今日": 0,
    "今儿": 0,
    "明天": 1,
    "明日": 1,
    "明儿": 1,
    "后天": 2,
    "大后天": 3,
    "昨天": -1,
    "前天": -2,
}

_TEMP_RE = led(
    re.compile(
        r"(?P<v>\d{2}(?:\.\d{1,2})?)\s*度|(?:体温|耳温|腋温|肛温|额温|口温|烧到|发烧|发热|高烧|低烧|低热|量了)(?:是|有)?(?P<v2>\d{2}(?:\.\d{1,2})?)"
    )
)
# A thermometer reading told without a unit, as parents type it: the place or the device
# measured, then a few words, then a reading with its decimal (腋下38.1, 额温枪打了好几次都是
# 38.6, 换水银的夹腋下也有38.2, 用体温计量了3次都是36.8, 夹在胳肢窝5分钟,显示38.3).  The
# words between (a comma may be among them, not a full stop) may not name another measure
# (体重, 血糖, 孕 …), and no other unit may follow the reading.
_TEMP_PLACE = (
    r"(?:体温|耳温|腋温|肛温|额温|口温|腋下|腋窝|胳肢窝|咯吱窝|夹肢窝|耳朵|额头|脑门|肛门|屁股|"
    r"舌下|嘴里|体温计|温度计|体温枪|额温枪|耳温枪|水银|温度|烧到|发烧|发热|高烧|低烧|低热|烧|"
    r"量|测|夹)"
)
_TEMP_READING_RE = re.compile(
    rf"{_TEMP_PLACE}(?P<gap>(?:[^。；;！!？?\d\n]|\d{{1,2}}(?:次|遍|下|回|分钟|秒钟?)){{0,12}}?)"
    r"(?<![\d.])(?P<v>3[4-9]\.\d|4[0-3]\.\d)(?![\d.])"
    r"(?!\s*(?:周|岁|kg|公斤|斤|千克|克|cm|厘米|mm|毫米|mmol|%|万|元|块|次|天|个月|分|秒|米|ml|毫升))"
)
# the other things a parent measures and types as a number (a reading after one is not a
# temperature); one list for both ways of reading a temperature below
_MEASURES = r"体重|身高|身长|血糖|血压|心率|心跳|脉搏|血氧|胎心|黄疸|胆红素"
_NOT_TEMP_GAP = re.compile(rf"{_MEASURES}|孕|重|斤|糖")
# Failing that, a reading told bare (60天宝宝 38.1): one decimal in the fever range, nothing that makes
# it another measure around it (a unit after it, a measured word just before it).
_BARE_TEMP_RE = led(re.compile(r"(?<![\d.])(?P<v>3[7-9]\.\d|4[0-2]\.\d)(?![\d.])"))
_NOT_TEMP_AFTER = re.compile(
    r"\s*(?:kg|KG|Kg|g|cm|mm|ml|mmol|%|％|万|元|块|公斤|千克|斤|克|厘米|毫|米|分|岁|周|天|个|次|秒|小时|号|码|倍)"
)
_NOT_TEMP_BEFORE = re.compile(
    rf"(?:{_MEASURES}|糖|氧|指标|数值|值|号|第|价|钱|长|宽|重|高|围)[^\d,，。]{{0,3}}$"
)
# another measure named earlier in the sentence (测了血糖，餐后是38.2): the reading is that one
_OTHER_MEASURE_BEFORE = re.compile(rf"(?:{_MEASURES})[^。；;！!？?]{{0,12}}$")
_AGE_RE = led(
    re.compile(
        r"(?P<y>\d{1,3}(?:\.\d)?)\s*(?:周岁|岁)(?P<half>半)?(?P<m>\d{1,2}个月)?"
        r"|(?<![岁这近前头那每])(?P<mo>\d{1,2}(?:\.\d)?)\s*个(?:多)?月(?:大(?!时|的时候|那会|便|小便)|龄|的(?:宝宝|孩子|小孩|婴儿|宝贝|小宝))"
        r"|(?:出生|生下来)(?P<d>\d{1,3})\s*天"
        # 这2天大便稀 is a duration and a stool, not a 2-day-old
        r"|(?<![这近前头那每])(?P<d2>\d{1,3})\s*天(?:大(?!便|小便)|的(?:宝宝|孩子|婴儿|新生儿|宝贝))"
        r"|(?P<decade>[1-9]0)多岁"
    )
)
# A baby's birth date (宝宝9月20号出生的, 上个月中旬生的, 出生日期2026年10月3日): the age is
# the days since, counted from today (the caller's context["today"], else the date in
# Shanghai).  A date without a year is the last such date up to today, and read only when a
# baby or child is named (我是5月10号生的 is a birthday, not a newborn); a part of a month
# (中旬, 月底) or a month alone counts from its latest day: the younger end, as for 20几天.
# A date still to come (预计12月5号生) is no birth.
_BIRTH_DATE_RE = led(
    re.compile(
        r"(?:出生(?:于|在|日期(?:是|为)?)|生于)?"
        r"(?:(?:(?P<y>(?:19|20)\d\d)年)?(?P<mo>\d{1,2})月份?"
        r"|(?P<rel>上上个月|上个月|上月|这个月|这月|本月)的?)"
        r"(?:(?P<d>\d{1,2})(?:号|日)|(?P<part>初|上旬|中旬|中|下旬|底|末))?"
        r"(?P<tail>(?:那天|那会儿?|的时候)?(?:出生|生的|生下|出世|降生|剖的|剖出来|落地))?"
    )
)
_BIRTH_PART_DAY = {"初": 5, "上旬": 10, "中": 15, "中旬": 20, "下旬": 31, "底": 31, "末": 31}
_BIRTH_REL_MONTHS = {"上上个月": 2, "上个月": 1, "上月": 1, "这个月": 0, "这月": 0, "本月": 0}


def birth_date_days(m: re.Match[str], text: str, today: dt.date) -> float | None:
    """The days from a birth date told (see _BIRTH_DATE_RE) to ``today``; None when it
    is no birth date of a baby."""
    if not (m.group("tail") or m.group(0).startswith(("出生", "生于"))):
        return None
    year = int(m.group("y")) if m.group("y") else None
    if year is None and not names_a_child(text):
        return None
    if m.group("rel"):
        back = _BIRTH_REL_MONTHS[m.group("rel")]
        month_index = today.year * 12 + today.month - 1 - back
        year, month = divmod(month_index, 12)
        month += 1
    else:
        month = int(m.group("mo"))
        if not 1 <= month <= 12:
            return None
    last = calendar.monthrange(year or today.year, month)[1]
    if m.group("d"):
        day = int(m.group("d"))
    else:
        day = _BIRTH_PART_DAY.get(m.group("part") or "", last)
    try:
        born = dt.date(year or today.year, month, min(day, last))
    except ValueError:
        return None
    if year is None and born > today:  # 12月20号出生 told in March: last December
        try:
            born = born.replace(year=born.year - 1)
        except ValueError:
            return None
    if born > today:
        return None
    return float((today - born).days)


_CHILD_MONTHS_RE = re.compile(
    r"(?:宝宝|婴儿|孩子|小孩|宝贝|小宝|娃)(?:才|刚|刚满|满)?(?P<mo>\d{1,2})\s*个(?:多)?月"
    r"(?!前|以前|之前|后|以后|之后|大?时|大?的时候|大?那会|\d{1,2}[天日])"
)
_DURATION_RE = led(
    re.compile(
        r"(?P<n>\d+(?:\.\d)?|半|几|好几|一两|两三|三四|三五|十几|1两|2三)\s*(?P<ge>个)?(?P<more>多)?\s*"
        r"(?P<u>天|周|星期|礼拜|个月|月|年|小时|钟头|分钟)(?P<more2>多)?"
    )
)
_UNIT_DAYS = {
    "天": 1.0,
    "周": 7.0,
    "星期": 7.0,
    "礼拜": 7.0,
    "个月": 30.0,
    "月": 30.0,
    "年": 365.0,
    "小时": 1 / 24,
    "钟头": 1 / 24,
    "分钟": 1 / 1440,
}
_FUZZY = {
    "半": 0.5,
    "几": 3,
    "好几": 4,
    "一两": 1.5,
    "1两": 1.5,
    "两三": 2.5,
    "2三": 2.5,
    "三四": 3.5,
    "三五": 4,
    "十几": 15,
}
_SEX_RE = led(
    re.compile(r"(?<![妇子儿美])(?P<s>男|女)(?:性|的|士|生|孩|,|，|\d|$|\s|患者|病人)(?![儿朋科])")
)
_DOCTOR_TAIL = "医生|大夫|主任|教授|院长|医师|专家|护士长"
_SESSION_RE = re.compile(r"上午|早上|早晨|清早|下午|中午|午后|夜间|晚上|夜里|傍晚")
# the readings' literal gates: a long message without 度, 体温 … or a fever decimal is
# not scanned for them (each scan tries the pattern at every position)
_TEMP_GATES, _BARE_TEMP_GATES, _SEX_GATES = map(literal_gates, (_TEMP_RE, _BARE_TEMP_RE, _SEX_RE))
_DEPT_CONTEXT = re.compile(r"(挂|看|约|去|预约|到|找|转)[个了一下]{0,2}$")


@dataclass
class Lookups:
    relation: dict[str, str]  # surface -> canonical relation
    surnames: list[str]
    session: dict[str, str]
    pregnancy_re: re.Pattern[str] | Anchored
    doctor_re: re.Pattern[str]

    @cached_property
    def relation_words(self) -> tuple[list[str], re.Pattern[str]]:
        """The relation words longest first, and a test for any of their first characters."""
        words = sorted(self.relation, key=len, reverse=True)
        firsts = "".join(sorted({w[0] for w in words}))
        return words, re.compile("[" + re.escape(firsts) + "]" if firsts else "(?!)")


@lru_cache(maxsize=1)
def load_lookups() -> Lookups:
    data = load_nlu(default_nlu_paths())
    # keys as the matcher sees the text in either reading (俺爹 stays 俺爹 for the
    # models and is read as 我爹 by the red-flag layer)
    relation = {
        key(w): data.synonyms.get(w, w)
        for w in data.lookups.get("relation", [])
        for key in (normalize_text, safety_text)
    }
    session = {
        key(w): data.synonyms.get(w, w)
        for w in data.lookups.get("session", [])
        for key in (normalize_text, safety_text)
    }
    surnames = sorted(data.lookups.get("surname", []), key=len, reverse=True)
    titles = "|".join(data.lookups.get("doctor_title", [])) or _DOCTOR_TAIL
    doctor_re = re.compile(
        rf"(?P<name>(?:{'|'.join(surnames)})[\u4e00-\u9fff]{{0,2}}?)(?P<title>{titles})"
    )
    kb = load_knowledge()
    preg = "|".join(kb.red_flags.get("pregnancy_patterns", [])) or "怀孕"
    # scanned only near its words (the patterns begin with optional words: 老婆|我…有了)
    return Lookups(relation, surnames, session, anchored(re.compile(preg)), doctor_re)


_SHANGHAI = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai


def _today(context: dict | None) -> dt.date:
    value = (context or {}).get("today")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    return _date_now()


# today's date in Shanghai and the [start, end) of that day in epoch seconds
_DAY: list = [0.0, 0.0, None]


def _date_now() -> dt.date:
    """``datetime.now(Asia/Shanghai).date()``, recomputed only when the clock leaves
    the day it was computed in."""
    now = time.time()
    start, end, day = _DAY
    if day is not None and start <= now < end:
        return day
    moment = dt.datetime.fromtimestamp(now, _SHANGHAI)
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    day = moment.date()
    _DAY[:] = [midnight.timestamp(), (midnight + dt.timedelta(days=1)).timestamp(), day]
    return day


def resolve_date(m: re.Match[str], today: dt.date) -> dt.date | None:
    try:
        if m.group("ymd"):
            return dt.date(int(m.group("y")), int(m.group("m1")), int(m.group("d1")))
        if m.group("md"):
            d = dt.date(today.year, int(m.group("m2")), int(m.group("d2")))
            if (today - d).days > 180:
                d = dt.date(today.year + 1, d.month, d.day)
            return d
        if m.group("rel"):
            return today + dt.timedelta(days=_REL_DAYS[m.group("rel")])
        if m.group("week"):
            target = _WEEKDAYS[m.group("wd")]
            prefix = m.group("wp") or ""
            monday = today - dt.timedelta(days=today.weekday())
            if prefix in ("下", "下个"):
                return monday + dt.timedelta(days=7 + target)
            if prefix == "下下":
                return monday + dt.timedelta(days=14 + target)
            if prefix == "上":
                return monday + dt.timedelta(days=target - 7)
            d = monday + dt.timedelta(days=target)
            if not prefix and d < today:  # bare 周三 means the next one
                d += dt.timedelta(days=7)
            return d
        if m.group("dom"):
            day = int(m.group("d3"))
            d = dt.date(today.year, today.month, day)
            if d < today:
                month = today.month % 12 + 1
                d = dt.date(today.year + (today.month == 12), month, day)
            return d
    except ValueError:
        return None
    return None


def _duration_days(m: re.Match[str]) -> float | None:
    raw = m.group("n")
    n = _FUZZY.get(raw)
    if n is None:
        try:
            n = float(raw)
        except ValueError:
            return None
    unit = m.group("u")
    if unit == "月" and not m.group("ge"):
        return None  # 3月 is a month name, 3个月 a duration
    if unit == "年" and n >= 1000:
        return None
    if m.group("more") or m.group("more2"):
        n += 0.5 if n < 10 else 5
    return round(n * _UNIT_DAYS[unit], 4)


class _Collector:
    def __init__(self, norm: Normalized, original: str):
        self.norm = norm
        self.original = original
        self.items: list[dict] = []
        self.taken: list[tuple[int, int]] = []

    def overlaps(self, s: int, e: int) -> bool:
        return any(s < te and ts < e for ts, te in self.taken)

    def add(
        self, entity: str, value, s: int, e: int, conf: float = 0.9, exclusive: bool = True, **extra
    ) -> None:
        if exclusive:
            if self.overlaps(s, e):
                return
            self.taken.append((s, e))
        os, oe = self.norm.span(s, e)
        item = {
            "entity": entity,
            "start": os,
            "end": oe,
            "confidence_entity": conf,
            "value": value,
            "extractor": EXTRACTOR,
        }
        item.update(extra)
        self.items.append(item)


# A short reply to the age question ("2个月", "五十天", "两个多月了") is the age.
AGE_ANSWER_MAX_CHARS = 10


def age_asked(context: dict | None) -> bool:
    """Was the age the last question the dialogue asked?"""
    asked = (context or {}).get("asked") or []
    return bool(asked) and asked[-1] == "age"


def _answers_age_question(text: str, context: dict | None) -> bool:
    return age_asked(context) and len(text) <= AGE_ANSWER_MAX_CHARS


def extract(
    norm: Normalized,
    original: str,
    context: dict | None = None,
    kb: Knowledge | None = None,
    lexicon_hits=None,
) -> list[dict]:
    """All entities of the message, sorted by start offset."""
    kb = kb or load_knowledge()
    lk = load_lookups()
    text = norm.text
    out = _Collector(norm, original)
    today = _today(context)

    for m in _TEMP_RE.finditer(text) if may_match_all(_TEMP_GATES, text) else ():
        raw = m.group("v") or m.group("v2")
        value = float(raw)
        if 34.0 <= value <= 43.5:
            s = m.start("v") if m.group("v") else m.start("v2")
            out.add("temperature", value, s, m.end(), 0.95)
    if "." in text:
        for m in _TEMP_READING_RE.finditer(text):
            if not _NOT_TEMP_GAP.search(m.group("gap") or ""):
                out.add("temperature", float(m.group("v")), m.start("v"), m.end("v"), 0.9)
    # Failing those, a bare reading; and after a reading told with its word or place, a
    # later bare one is the same thermometer read again (低烧37.8，后来38.1; 测了37.9，过了
    # 半小时38.3): the highest counts, so a fever that rose is not read as the first value.
    # (the temperatures are the first entities taken: every span taken so far is one)
    after = max((e for _, e in out.taken), default=0)
    if may_match_all(_BARE_TEMP_GATES, text):
        for m in _BARE_TEMP_RE.finditer(text, after):
            if (
                _NOT_TEMP_AFTER.match(text, m.end())
                or _NOT_TEMP_BEFORE.search(text, max(0, m.start() - 6), m.start())
                or _OTHER_MEASURE_BEFORE.search(text, max(0, m.start() - 16), m.start())
            ):
                continue
            out.add("temperature", float(m.group("v")), m.start(), m.end(), 0.8)

    for m in _AGE_RE.finditer(text):
        if m.group("y"):
            years = float(m.group("y"))
            if m.group("half"):
                years += 0.5
            if m.group("m"):
                years += int(m.group("m")[:-2]) / 12
            if years > 120:
                continue
        elif m.group("mo"):
            years = float(m.group("mo")) / 12
        elif m.group("decade"):
            years = float(m.group("decade")) + 5
        else:
            years = int(m.group("d") or m.group("d2")) / 365
        out.add("age", round(years, 4), m.start(), m.end(), 0.95)
    for m in _CHILD_MONTHS_RE.finditer(text):
        out.add("age", round(int(m.group("mo")) / 12, 4), m.start("mo"), m.end(), 0.85)
    if "月" in text and not any(item["entity"] == "age" for item in out.items):
        for m in _BIRTH_DATE_RE.finditer(text):
            days = birth_date_days(m, text, today)
            if days is not None:
                out.add("age", round(days / 365, 4), m.start(), m.end(), 0.9)
                break

    for m in _DATE_RE.finditer(text):
        d = resolve_date(m, today)
        if d is not None:
            out.add("date", d.isoformat(), m.start(), m.end(), 0.95)

    answers_age = _answers_age_question(text, context)
    for m in _DURATION_RE.finditer(text):
        days = _duration_days(m)
        if days is not None:
            if answers_age and not any(item["entity"] == "age" for item in out.items):
                # "2个月" answering "患者多大年龄？" is the age, not how long it has lasted
                out.add("age", round(days / 365, 4), m.start(), m.end(), 0.9)
            else:
                out.add("duration", days, m.start(), m.end(), 0.85)

    for m in _SESSION_RE.finditer(text):
        out.add("session", lk.session.get(m.group(0), m.group(0)), m.start(), m.end(), 0.9)

    for m in lk.doctor_re.finditer(text):
        name = m.group("name")
        if len(name) > 1 and name[-1] in "的个科":
            continue
        out.add("doctor", name, m.start(), m.end("title"), 0.85, role=m.group("title"))

    for s, e, alias, dept in kb.alias_index.find(text):
        if not alias.endswith(("科", "门诊", "室")) and alias != dept:
            after = text[e : e + 2]
            if not (
                after.startswith(("科", "号", "门诊", "的号", "挂号"))
                or _DEPT_CONTEXT.search(text[max(0, s - 4) : s])
            ):
                continue
        out.add("department", dept, s, e, 0.95)

    # relation words: longest first, no overlap with each other
    words, firsts = lk.relation_words
    # (the words the text holds, found in one C-level pass, in the same order)
    for word in filter(text.__contains__, words) if firsts.search(text) else ():
        start = text.find(word)
        while start != -1:
            out.add("relation", lk.relation[word], start, start + len(word), 0.9)
            start = text.find(word, start + len(word))

    for m in _SEX_RE.finditer(text) if may_match_all(_SEX_GATES, text) else ():
        out.add(
            "sex",
            "M" if m.group("s") == "男" else "F",
            m.start("s"),
            m.end("s"),
            0.8,
            exclusive=False,
        )

    for m in lk.pregnancy_re.finditer(text):
        neg = is_negated(text, m.start()) or not pregnancy_now(text, m.start(), m.end())
        out.add("pregnancy", not neg, m.start(), m.end(), 0.9, exclusive=False)

    hits = lexicon_hits if lexicon_hits is not None else []
    for h in hits:
        if h.negated or out.overlaps(h.start, h.end):
            continue
        depts = kb.lexicon.get(h.term, {})
        if max(depts.values(), default=0) < 2 or set(depts) == {"急诊科"}:
            continue
        out.add("symptom", h.term, h.start, h.end, 0.8, exclusive=False)

    out.items.sort(key=lambda x: (x["start"], x["end"]))
    return out.items

"""Ages and pregnancy durations as patients write them.

Works on the normalised text (Arabic numerals: 七十多天 → 70多天, 十几天 → 10几天,
几十天 → 几10天).  An infant's age is written in many ways — 70多天的宝宝, 宝宝才20来天,
生下来10几天, 出生还不到2个月, 出生的，到今天刚好40天, 在家生的，现在第12天了,
满月没几天, 2个半月大 — so it is read with one small grammar rather than a phrase list:

    age      = number [多|来|几] unit            (70多天, 2个多月, 3个半月, 几10天)
    infant   = age (大|龄|的 baby word)           (70多天的宝宝, 2个月大)
             | baby word qualifier* age          (宝宝才20来天, 孩子2个月了)
             | birth word connector* age         (生下来10几天, 出生第2天)
             | 日龄/月龄 age, newborn words       (新生儿, 没满月, 满月没几天, 百天)

Qualifiers such as 不到/没满/快 make the number an upper bound (不到2个月 < 60 days).
When a number is approximate (多/来/几) the younger end is taken: a fever at "2个多月"
is an emergency, and missing one costs far more than a needless visit.
"""

from __future__ import annotations

import re

_BABY = (
    r"(?:小宝宝|宝宝|宝贝|孩子|小孩|婴儿|小宝|二宝|大宝|老二|老三|闺女|儿子|女儿|孙子|孙女|外孙女|"
    r"外孙|孙儿|新生儿|患儿|娃娃|娃|囡囡|baby|bb|小家伙|小公主|小王子)"
)
_BORN = (
    r"(?:出生|生下来|生出来|出世|降生|生了|生完|(?:在家|在医院|在路上|顺产|剖腹产|剖宫产|早产)"
    r"生的|生产)"
)
_NOW = r"(?:今天|现在|目前|如今|才|刚|刚刚|刚好|正好|正|刚满|满|只有|已经|都|还|是|有|就|快|快要|将近|接近|差不多|不到|还不到|没到|还没到|未满|没满|不满|到今天|到现在)"
# number, approximation, unit: 70多天, 10几天, 20来天, 2个多月, 3个半月, 半个月, 几10天
_AGE = (
    r"(?P<n>\d{1,3}(?:\.\d)?|几10|半)(?P<q>多|来|几)?\s*"
    r"(?P<u>天|日|周|个?星期|个?礼拜|个(?P<q2>多|半)?月|月(?![份底初中]))(?P<q3>多|左右)?"
)
_BORN_RE = re.compile(_BORN)
_ANY_AGE = re.compile(_AGE)
_DIGIT = re.compile(r"\d")
_PREG_CHARS = re.compile("[孕怀妊产足生有停肚周w]")
_UPPER = re.compile(r"(?:不到|还不到|没到|还没到|未满|没满|不满|快|快要|将近|接近)$")
_AFTER_UPPER = ("不到", "还不到", "没到", "未满")  # 2个月不到
_END = r"(?=大|了|啦|零|的时候|左右|不到|还不到|没到|[,，。.!！?？;；\s]|$)"
_NOT_DURATION = r"(?<!今天)(?<!昨天)(?<!这)(?<!整)(?<!了)(?<!每)"
_INFANT_RES = [
    # 70多天的宝宝, 2个月大, 40天宝宝, 3周龄
    re.compile(rf"{_NOT_DURATION}(?P<pre>){_AGE}(?=大|龄|的?{_BABY})"),
    # 宝宝才20来天, 孩子2个多月了, 她出生还不到2个月
    re.compile(rf"{_BABY}(?P<pre>(?:{_NOW}|{_BORN}){{0,4}}){_AGE}{_END}"),
    # 宝宝2个月发烧: months or weeks right after the baby word are an age, whatever follows
    re.compile(
        rf"{_BABY}(?P<pre>(?:{_NOW}){{0,2}})(?P<n>\d{{1,2}}(?:\.\d)?|半)(?P<q>多|来|几)?\s*"
        rf"(?P<u>个(?P<q2>多|半)?月|周|个?星期|个?礼拜)(?P<q3>多|左右)?(?!前|以前|之前|后|以后)"
    ),
    # 生下来10几天, 出生第2天, 出生的,到今天刚好40天
    re.compile(
        rf"{_BORN}(?:的|了)?[,，]?(?P<pre>(?:{_NOW}|第){{0,4}}){_AGE}(?!前|以前|之前|后|以后|之后)"
    ),
    # 日龄5天, 月龄2个月, 5日龄
    re.compile(rf"(?:日龄|天龄|月龄)(?P<pre>){_AGE}"),
    re.compile(rf"(?P<pre>){_AGE}(?:日龄|天龄|月龄)"),
    # 宝宝在家生的,现在第12天了
    re.compile(rf"{_BORN}[^。！？!?；;]{{0,12}}?(?P<pre>第){_AGE}"),
]
# 出生后3天: an age, unless the text gives the age now in years (出生后3天黄疸，现在2岁)
_AFTER_BIRTH = re.compile(rf"(?:{_BORN}后|生后)(?P<pre>第?){_AGE}(?!前|以前|之前|后|以后|之后)")
_YEARS = re.compile(r"\d(?:\.\d)?\s*(?:周)?岁")
_HOURS = re.compile(rf"{_BORN}(?:才|刚|刚刚|不到|还不到)?(\d{{1,2}})\s*个?多?(?:小时|钟头)")
_FIRST_DAY = re.compile(
    r"(?:昨天|今天|昨晚|今早|今天早上|刚刚|刚)(?:才)?(?:刚)?(?:出生|生下来|生的)|出生第1天|生后第1天|出生当天"
)
# days of life named without a number
_NEWBORN_WORDS = re.compile(
    r"(?:生下来|出生|生出来|生了)(?:才|刚|了|还)?(?:没)?几天|(?:刚|才)生(?:了|下)?(?:[1-9]|1\d|2[0-7])天|"
    r"新生儿|刚出生|刚生下来|出生没几天|生下来没几天|才出生|没满月|不满月|未满月|满月前|还没满月|"
    r"月子里的宝宝|还没出月子|早产儿|新生宝宝|新生的宝宝|刚出院的宝宝|刚从医院抱回来"
)
_ONE_MONTH = re.compile(
    r"满月(?:没几天|不久|没多久)|刚满月|出了满月|过了满月|满月了|满月(?![时的那后前酒])"
)
_HUNDRED_DAYS = re.compile(r"(不到|没到|还没到|快到?)?百天")
# an infant age needs one of these somewhere in the text
_INFANT_CONTEXT = re.compile(
    r"宝|孩|娃|婴|囡|儿|女|子|孙|生|出世|龄|新生|baby|bb|满月|百天|天大|月大|周大|个月的|天的"
)
# 宝宝2个月的时候…: an age at a past moment, not the age now (when another age is told)
_THEN = ("的时候", "时候", "那会", "那时", "时")
_NOW_AGE = re.compile(rf"(?:现在|目前|如今)(?P<pre>(?:已经|都|快|才|刚|刚满|满|有)?){_AGE}")
_UNIT_DAYS = {"天": 1.0, "日": 1.0, "周": 7.0, "星期": 7.0, "礼拜": 7.0, "月": 30.4}


def _days(m: re.Match[str]) -> float:
    """The age of one match in days: the younger end of an approximate number, just
    under the number when it is an upper bound (不到2个月)."""
    raw, q = m.group("n"), m.group("q")
    unit = m.group("u").lstrip("个")
    unit = "月" if unit.endswith("月") else unit
    per = _UNIT_DAYS[unit]
    if raw == "半":
        n = 0.5
    elif raw == "几10":
        n = 20.0
    else:
        n = float(raw)
    if m.group("q2") == "半":
        n += 0.5
    value = n * per
    if q in ("多", "几") or m.group("q2") == "多" or m.group("q3") == "多":
        value += 1.0  # 70多天: more than 70; 10几天: 11 or more
    if _UPPER.search(m.group("pre") or "") or m.string.startswith(_AFTER_UPPER, m.end()):
        value = max(0.5, value - 1.0)  # 不到2个月: under 60 days
    return value


def infant_age_days(text: str, pregnant: bool = False) -> float | None:
    """The youngest infant age named in the text, in days (None: no infant age).

    ``pregnant``: the text is about a pregnancy, where 宝宝/孩子 is the baby not yet
    born; then only words about a birth (出生, 生下来 …) name an infant's age."""
    if _FIRST_DAY.search(text):
        return 1.0
    if not _INFANT_CONTEXT.search(text):
        return None
    born = _BORN_RE.search(text) is not None
    if pregnant and not born:
        return None
    ages: list[float] = []
    then: list[float] = []  # ages told as a past moment (2个月的时候…, 现在5个月)
    if _DIGIT.search(text) or "半" in text:  # every age pattern needs one of them
        # each of these patterns contains an age (number and unit): none without one
        if _ANY_AGE.search(text):
            for rx in _INFANT_RES:
                for m in rx.finditer(text):
                    (then if text.startswith(_THEN, m.end()) else ages).append(_days(m))
            if not _YEARS.search(text):
                ages += [_days(m) for m in _AFTER_BIRTH.finditer(text)]
        ages += [float(m.group(1)) / 24 for m in _HOURS.finditer(text)]
    if then and not ages:  # 宝宝2个月的时候…, 现在5个月了: the age now is the later one
        ages = [_days(m) for m in _NOW_AGE.finditer(text)]
    ages = ages or then  # a past age counts only when no other age is told
    if ages:
        return min(ages)
    if _NEWBORN_WORDS.search(text):
        return 20.0
    if _ONE_MONTH.search(text):
        return 32.0
    m = _HUNDRED_DAYS.search(text)
    if m:
        return 85.0 if m.group(1) else 100.0
    return None


# ---------------------------------------------------------------- pregnancy
_NUM = r"(\d{1,2}(?:\.\d)?)"
_PREG_WEEKS = [
    re.compile(
        rf"(?:孕|怀孕|妊娠|怀了|怀着|有了|停经)(?:第)?{_NUM}(?:\s*[+＋]\s*\d)?\s*(?:(?:个|只)?(?:礼拜|星期)|周|w)"
    ),
    re.compile(
        rf"(?:怀|二胎|三胎|孕妇|孕期)[^。!?！？]{{0,8}}?(?:现在|已经|目前)?{_NUM}\s*(?:周|w)(?!岁)"
    ),
    re.compile(rf"{_NUM}\s*(?:周|w)(?:的)?(?:身孕|孕|孕妇|妊娠)"),
]
# Weeks with no pregnancy word (我老婆32周了, 俺媳妇35周, 我才31周, a message that starts
# with 32周): a pregnancy only when right after a woman or at the start of a clause, and
# only from 20 to 42 weeks (a duration is told with a verb: 咳嗽两周).
_BARE_WEEKS = re.compile(
    r"(?:(?:老婆|媳妇|爱人|太太|妻子|女儿|闺女|儿媳|孕妈|我|她|俺)"
    r"(?:才|已经|现在|都|快|刚|刚满|满|目前|这都|都已经)?(?:有了)?|^|(?<=[，,。；;！!？?\s]))"
    r"(\d{2})\s*(?:周|w)(?![岁大的天])"
)
_PREG_MONTHS = re.compile(
    rf"(?:孕|怀孕|妊娠|怀了|怀着|怀住|怀|有了|大肚|大着肚子)(?:第)?{_NUM}\s*(?:个|只)(?:多|半)?月|{_NUM}\s*个(?:多|半)?月(?:的)?身孕|"
    rf"怀(?:起|了|着|上)?(?:的)?(?:娃|孩子|宝宝|小孩|二胎|二宝|老二|三胎)(?:已经|快|有|都|了)?{_NUM}\s*个(?:多|半)?月"
)
_PREG_STAGE = {
    "孕早期": 8.0,
    "孕中期": 20.0,
    "孕晚期": 32.0,
    "快生了": 38.0,
    "临产": 38.0,
    "预产期": 38.0,
    "足月": 38.0,
}


def pregnancy_weeks(text: str) -> float | None:
    """Weeks of pregnancy named in the text (孕30周, 孕33+2周, 怀孕9个月, 有了32周, 孕晚期)."""
    if not _PREG_CHARS.search(text):
        return None
    for rx in _PREG_WEEKS:
        m = rx.search(text)
        if m:
            return float(m.group(1))
    for m in _BARE_WEEKS.finditer(text):
        if 20 <= int(m.group(1)) <= 42:
            return float(m.group(1))
    m = _PREG_MONTHS.search(text)
    if m:
        return float(next(g for g in m.groups() if g)) * 4.3
    for word, weeks in _PREG_STAGE.items():
        if word in text:
            return weeks
    return None

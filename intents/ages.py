"""Who the patient is, as families write it: an infant's age, a pregnancy and its
weeks, a recent delivery, old age.

Works on the normalised text (Arabic numerals: 七十多天 → 70多天, 十几天 → 10几天,
几十天 → 几10天).  An infant's age is written in many ways — 70多天的宝宝, 宝宝才20来天,
生下来10几天, 出生还不到2个月, 出生的，到今天刚好40天, 在家生的，现在第12天了,
满月没几天, 2个半月大, 个仔才40几日, 10天前生的 — so it is read with one small grammar
rather than a phrase list:

    age      = number [多|来|几] unit [零 days]   (70多天, 2个多月, 1个来月, 个把月, 2个月零5天)
    infant   = age (大|龄|的 baby word)           (70多天的宝宝, 2个月大)
             | baby word qualifier* age          (宝宝才20来天, 孩子2个月了, 宝宝矫正2个月)
             | birth word connector* age         (生下来10几天, 出生第2天, 才生3天)
             | age 前 birth word                  (10天前生的, 2周前出生的)
             | 日龄/月龄 age, newborn words       (新生儿, 没满月, 满月没几天, 不到百天)
             | the day of the birth, 月子 words   (前天刚生的, 坐月子，宝宝…, 刚出月子的宝宝)

Qualifiers such as 不到/没满/快 make the number an upper bound (不到2个月 < 60 days).
When a number is approximate (多/来/几) the younger end is taken: a fever at "2个多月"
is an emergency, and missing one costs far more than a needless visit.  An age after a
year count (1岁3个月) is no infant age; an age that names a moment (2个月大时, 45天疫苗)
is the age now only when no other age is told and that moment is not over (得过, 以前).

A pregnancy is read the same way: weeks (孕35周, 35+3周, 孕32+5), months (怀孕8个多月,
大肚7个几月, 肚子8个月), the time left (还有1个月就生了), days since the last period
(停经40天) or a stage (刚怀上, 孕晚期, 快生了); a pregnancy planned, earlier, or told as
the moment of a birth since (准备怀孕, 上次怀孕, 怀孕8个月时生的他) is none now.
"""

from __future__ import annotations

import re

from .gates import (
    anchored,
    held,
    led,
    literal_gate,
    literal_gates,
    literal_index,
    literal_sets,
    may_hold_all,
    may_match_all,
)

_BABY = (
    r"(?:小宝宝|宝宝|宝贝|孩子|小孩|婴儿|小宝|二宝|大宝|老二|老三|闺女|儿子|女儿|孙子|孙女|外孙女|"
    # a sibling's child held or looked after (我外甥才40几天, 小侄女20天): a baby when its age
    # is an infant's (a grown nephew is told in years: see _GROWN)
    r"外孙|孙儿|外甥女|外甥|侄女|侄子|侄儿|新生儿|患儿|娃娃|娃|囡囡|baby|bb|小家伙|小公主|小王子|细伢子|伢儿|伢子|伢|崽崽|崽|幺儿|"
    # a family's own words for its child, only as its own (我家小子, 俺们家丫头): bare
    # 小子 / 丫头 is anyone's
    r"(?<=家)(?:小丫头|丫头|小子))"
)
BABY_WORDS = _BABY  # the one list of baby words (normalize's stop after a baby's age)
# a birth in lay words: a baby "landed" (闺女刚落地四天, 孩子落地才一周), only right after
# the baby's name or 才/刚 (never 落地窗, a plane that landed, a fall to the floor)
_LANDED = r"(?<=[才刚娃宝崽孩子女儿])落地(?![窗灯扇镜式签生])"
_BORN = (
    r"(?:出生|生下来|生出来|出世|降生|生了|生完|(?:在家|在医院|在路上|顺产|剖腹产|剖宫产|早产)"
    rf"生的|生产|顺产|剖腹产|剖宫产|(?<!解)剖(?:出来|完|(?=[的了]))|{_LANDED})"
)
# an age reached soon (孩子下周就42天了): a little under it now
_SOON = r"(?:下周|下个?星期|下个?礼拜|下个?月|明天|后天|过几天|过2天|马上)(?:就|就要|就满|要|满)?"
# an age a few days or weeks short of being reached (差几天满2个月, 还差3天就满2个月, 还有
# 2周满3个月, 差个1周满2个月): a little under it now
_SHORT_OF = (
    r"(?:还)?(?:差|有)(?:个)?(?:\d{1,2}|几|半|个把)?(?:多|来)?(?:天|日|周|个?星期|个?礼拜)"
    r"(?:就|才)?(?:要|能)?满"
)
# (also a count told as all told: 娃满打满算才5周, 闺女算下来才50来天)
_NOW = rf"(?:{_SHORT_OF}|{_SOON}|满打满算|掰着指头算|算起来|算下来|数下来|矫正|纠正|今天|现在|目前|如今|才|刚|刚刚|刚好|正好|正|刚满|满|只有|已经|都|还|是|有|就|快|快要|将近|接近|差不多|不到|还不到|没到|还没到|未满|没满|不满|到今天|到现在)"
# number, approximation, unit, extra days: 70多天, 10几天, 20来天, 2个多月, 1个几月, 3个半月,
# 1个月半, 1月半, 半个月, 几10天, 个把月, 2个月(零)5天.  Never a number of a year count (1岁3个月
# is over 1).  (A range of numerals, 四五十天 or 两三个月, is read by ``read_ranges`` first.)
# 几天, 几周: a few — a baby 才几天大 is days old; not 好几天, 没几天 nor 这几天; never 几个月,
# a question as often as an age
_FEW_AHEAD = r"(?<![好没这前])几(?=天|日|周|个?星期|个?礼拜)"
_AGE = (
    rf"(?P<n>(?<![\d.岁])\d{{1,3}}(?:\.\d)?|几10|{_FEW_AHEAD}|半|个把)(?P<q>多|来|几)?\s*"
    r"(?P<u>天|日|周|个?星期|个?礼拜|个(?P<q2>多|半|几|来)?月|月(?![份底初中]))"
    # (半 after the months is half a month more, not 半夜 / 半天 / 半年 told next)
    r"(?P<q3>多|左右|(?<=月)半(?![夜天年个小岁]))?"
    r"(?:(?<=[月周期拜])零?(?P<x>\d{1,2}|几)(?:天|日)(?!前|以前|之前))?"
)
_BORN_RE = re.compile(_BORN)
_FEW = re.compile(_FEW_AHEAD)

# A range of neighbouring numerals before a unit of time (四五十天, 六七周, 两三个月, 十七八天,
# 孕三十五六周, 怀孕七八个月; 40-50天, 2到3个月, 35~36周) is left in words by the normaliser
# (七八 is no one number).  The age and pregnancy readers take its lower end: the younger
# end of a baby's age, as for 20来天 (两三个月 is a baby of 2 months and over: under 3
# months), and the earlier week of a pregnancy (孕三十五六周 is 35 weeks, 怀孕七八周 early).
_RANGE_UNIT = (
    r"(?=\s*(?:多|来|几)?\s*(?:天|日|周|个?星期|个?礼拜|个(?:多|半|来)?月|月(?![份底初中])|岁|w))"
)
_CN_ONES = {c: i for i, c in enumerate("零一二三四五六七八九", 0)} | {"两": 2, "俩": 2}
_CN_RANGE = re.compile(
    r"(?<![\d.一二两三四五六七八九十百千零点第])"
    # 十七八, 二十七八, 三十五六 (the tens, then two neighbouring ones)
    r"(?:(?P<t>[二三四五六七八九]?十)(?P<a>[一二三四五六七八])(?P<b>[二三四五六七八九])"
    # 四五十, 八九十, 二三十 (two neighbouring tens)
    r"|(?P<ta>[一二三四五六七八])(?P<tb>[二三四五六七八九])十"
    # 一两, 两三, 七八 (two neighbouring ones)
    r"|(?P<oa>[一两二三四五六七八])(?P<ob>[两二三四五六七八九]))" + _RANGE_UNIT
)
# 40-50天, 2到3个月, 35~36周, 4、5个月: two numbers in digits, the second the larger
_DIGIT_RANGE = re.compile(
    r"(?<![\d.])(?P<a>\d{1,3})\s*(?:-|~|～|—|－|到|至|、)\s*(?P<b>\d{1,3})(?![\d.])" + _RANGE_UNIT
)
_RANGE_GATE = re.compile(r"[一两二三四五六七八][两二三四五六七八九十]|\d\s*[-~～—－到至、]\s*\d")


def _cn_range_low(m: re.Match[str]) -> str:
    """The lower end of a range of neighbouring numerals (see _CN_RANGE), in digits, or the
    words unchanged when the two are no neighbours (一三天)."""
    if m.group("t"):
        tens = _CN_ONES.get(m.group("t")[0], 1) if len(m.group("t")) == 2 else 1
        a, b = _CN_ONES[m.group("a")], _CN_ONES[m.group("b")]
        low = tens * 10 + a
    elif m.group("ta"):
        a, b = _CN_ONES[m.group("ta")], _CN_ONES[m.group("tb")]
        low = a * 10
    else:
        a, b = _CN_ONES[m.group("oa")], _CN_ONES[m.group("ob")]
        low = a
    return str(low) if b == a + 1 else m.group(0)


def _digit_range_low(m: re.Match[str]) -> str:
    a, b = int(m.group("a")), int(m.group("b"))
    return m.group("a") if a < b <= 2 * a + 10 else m.group(0)


def read_ranges(text: str) -> str:
    """The (normalised) text with each range of numerals before a unit of time read as its
    lower end (四五十天 → 40天, 两三个月 → 2个月, 孕35-36周 → 孕35周)."""
    if not _RANGE_GATE.search(text):
        return text
    return _DIGIT_RANGE.sub(_digit_range_low, _CN_RANGE.sub(_cn_range_low, text))


_ANY_AGE = led(re.compile(_AGE))
_DIGIT = re.compile(r"\d")
_PREG_CHARS = re.compile("[孕怀妊产足生有停肚周胎w揣身]")
_UPPER = re.compile(
    rf"(?:不到|还不到|没到|还没到|未满|没满|不满|快|快要|将近|接近|{_SOON}|{_SHORT_OF}|离满|距满|离|距)$"
)
_AFTER_UPPER = ("不到", "还不到", "没到", "未满")  # 2个月不到
# what may follow an age told after the baby word: the clause ends (a particle ends it in
# speech: 女儿2个月零5天啊), or a spoken message
# run on without punctuation goes on with a connective or a time word (宝宝50多天然后…,
# 孩子40天今天发烧) — not a verb (宝宝3天没拉: a duration)
_END = (
    r"(?=大|了|啦|零|的时候|左右|不到|还不到|没到|[,，。.!！?？;；\s]|$|[啊呀哇哦噢呢嘛哈吧]|"
    r"然后|那个|就是|而且|但是|可是|不过|结果|今天|昨天|前天|今晚|昨晚|今早|刚才|刚刚|"
    r"这两天|这几天|晚上|早上|上午|下午|中午|半夜|凌晨|夜里)"
)
_PRONOUN_NOW = r"(?:才|刚满|刚刚满|刚|只有|还不到|不到|还没满|没满|未满|不满|刚好)"
_NOT_DURATION = r"(?<!今天)(?<!昨天)(?<!这)(?<!整)(?<!了)(?<!每)"
_INFANT_RES = [
    # 70多天的宝宝, 2个月大, 40天宝宝, 3周龄
    re.compile(rf"{_NOT_DURATION}(?P<pre>){_AGE}(?=大|龄|的?{_BABY})"),
    # 宝宝才20来天, 孩子2个多月了, 她出生还不到2个月
    re.compile(rf"{_BABY}(?P<pre>(?:{_NOW}|{_BORN}){{0,4}}){_AGE}{_END}"),
    # 宝宝2个月发烧: months or weeks right after the baby word are an age, whatever follows
    re.compile(
        rf"{_BABY}(?P<pre>(?:{_NOW}){{0,2}})(?P<n>\d{{1,2}}(?:\.\d)?|半)(?P<q>多|来|几)?\s*"
        rf"(?P<u>个(?P<q2>多|半|几)?月|周|个?星期|个?礼拜)(?P<q3>多|左右|(?<=月)半(?![夜天年个小岁]))?"
        # (not the time short of an age: 女儿还有1周就满月)
        rf"(?!前|以前|之前|后|以后|\d{{1,2}}[天日]|(?:就|才)?(?:要|能)?满)"
    ),
    # 宝宝才40天就发烧了, 孩子刚满6周就黄: a word of the age now, then 就 (not a few days:
    # 宝宝才3天就好了 is how long)
    re.compile(
        rf"{_BABY}(?P<pre>(?:{_NOW}){{0,2}}{_PRONOUN_NOW})(?![1-6](?:多|来|几)?\s*(?:天|日)){_AGE}"
        r"(?=就(?!是))"
    ),
    # 宝宝才满8天不吃奶, 孙女刚满20天哭不出声: 满 (reached) makes the count after the baby
    # word an age whatever follows it, even a few days told with no stop after them
    re.compile(
        rf"{_BABY}(?P<pre>(?:才|刚|刚刚|还没|还不|没|不)?满){_AGE}(?!前|以前|之前|后|以后|之后)"
    ),
    # 宝宝50天发烧, 孩子20来天体温38.3: days right after the baby word, then its fever or
    # jaundice — from 10 days, more than a fever lasts before it is told (宝宝3天发烧 may be
    # how long), and not a fever that goes on (10几天发烧不退, 低烧 of weeks)
    re.compile(
        rf"{_BABY}(?P<pre>(?:{_NOW}){{0,2}})(?P<n>[1-9]\d{{1,2}}|几10)(?P<q>多|来|几)?\s*(?P<u>天|日)(?P<q2>)(?P<q3>)"
        # (also 也 or 又 between: 我家宝宝现在50天也烧到38度5, like another baby told before)
        r"(?=(?:也|又)?的?(?:发烧|发热|高烧|烧到|烧了|体温|黄疸|皮肤黄|脸黄|身上黄)(?!不退|反复|不断|断断续续))"
    ),
    # 宝宝今天刚好60天打完疫苗, 孩子45天刚打了预防针: days right after the baby word, then
    # the vaccine just given at that age (from 10 days: 宝宝3天打了针 may be how long ago)
    re.compile(
        rf"{_BABY}(?P<pre>(?:{_NOW}){{0,3}})(?P<n>[1-9]\d{{1,2}}|几10)(?P<q>多|来|几)?\s*(?P<u>天|日)(?P<q2>)(?P<q3>)"
        r"(?=(?:刚|刚刚|就)?(?:打完|打了|打过)(?:第[一二三12]针)?(?:的)?(?:疫苗|预防针|针))"
    ),
    # 宝宝离满2个月还差几天, 孩子距满月龄3个月还有1周: the age the baby is short of
    re.compile(rf"{_BABY}(?:{_NOW}){{0,2}}(?P<pre>(?:离|距)满?)(?:月龄)?{_AGE}(?:还)?(?:差|有|就)"),
    # 生下来10几天, 出生第2天, 出生的,到今天刚好40天
    re.compile(
        rf"{_BORN}(?:的|了)?[,，]?(?P<pre>(?:{_NOW}|第){{0,4}}){_AGE}(?!前|以前|之前|后|以后|之后)"
    ),
    # 剖腹产的,出生后一直挺好,今天满50天: the birth told, then in a later clause of the
    # same sentence the count reached (满) since — the age, even with a clause between
    re.compile(
        rf"{_BORN}[^。！？!?；;]{{0,16}}?[,，](?:今天|现在|目前|如今|到今天|到现在)?"
        rf"(?P<pre>(?:刚好|正好|刚刚|刚|才|已经|都)?满){_AGE}(?!前|以前|之前|后|以后|之后)"
    ),
    # 日龄5天, 月龄2个月, 5日龄
    re.compile(rf"(?:日龄|天龄|月龄)(?P<pre>){_AGE}"),
    re.compile(rf"(?P<pre>){_AGE}(?:日龄|天龄|月龄)"),
    # 宝宝在家生的,现在第12天了; 刚生完出院第2天
    re.compile(rf"{_BORN}[^。！？!?；;]{{0,12}}?(?P<pre>第){_AGE}"),
    # 10天前生的宝宝, 宝宝是2周前出生的: the birth so long ago is the age
    re.compile(
        rf"(?P<pre>){_AGE}(?:前|以前|之前)(?:才|刚|刚刚)?(?:出生|生下来|生下|生的|生了|生完|出世|降生|"
        r"剖的|剖出来|顺产|剖腹产|剖宫产)(?![病气疮])"
    ),
    # 才生3天, 刚生了10天; 矫正2个月 (a preterm baby's corrected age: the younger one)
    re.compile(rf"(?:刚|才|刚刚)生(?:了|下|完)?(?P<pre>){_AGE}(?!前|以前|之前|后|以后|之后)"),
    re.compile(rf"(?:矫正|纠正)(?:月龄|胎龄|年龄)?(?:是|为|才|只有|刚)?(?P<pre>){_AGE}"),
    # 我家宝宝有点热，量了38.4，他才9周: a pronoun for the baby named before, with a word
    # that tells an age (才, 刚满, 还不到), not a duration (他3天没拉)
    re.compile(
        rf"(?<![其吉])[他她](?:家|现在|今天|目前)?(?P<pre>{_PRONOUN_NOW}(?:{_NOW}){{0,2}}){_AGE}{_END}"
    ),
    # the answer to "how old is the baby?" as a clause of its own: …发烧正常吗。她2个月。
    # (months only: 她3天 answers "how long?" as often)
    re.compile(
        rf"(?:^|(?<=[。\n,，]))[他她](?:现在|今年)?(?P<pre>(?:{_NOW}){{0,2}})"
        r"(?P<n>\d{1,2}(?:\.\d)?|半)(?P<q>多|来|几)?(?P<u>个(?P<q2>多|半|几)?月)(?P<q3>多|左右|(?<=月)半(?![夜天年个小岁]))?"
        r"(?:零?(?P<x>\d{1,2}|几)(?:天|日))?(?:大了|大|了)?[啊呀哦呢]?(?=[。!！\n]|$)"
    ),
    # the same answer in a clause that goes on (…宝宝打完疫苗有点闹。他1个半月，打的第二针),
    # once a baby was named before it: months told of the baby at the head of a clause — also
    # after a question about the baby (宝宝的体检能改期吗？她2月零10天，…) and with the days
    # over the months (两个月零几天, 俩月零五天: 月 without 个 only before 零)
    re.compile(
        rf"{_BABY}[^。!！?？]{{0,30}}?[。\n,，?？!！]\s*[他她](?:现在|今年)?(?P<pre>(?:{_NOW}){{0,2}})"
        r"(?P<n>\d{1,2}(?:\.\d)?|半)(?P<q>多|来|几)?(?P<u>个(?P<q2>多|半|几)?月|月(?=零))(?P<q3>多|左右|(?<=月)半(?![夜天年个小岁]))?"
        r"(?:零(?P<x>\d{1,2}|几)(?:天|日))?(?:大了|大|了)?[啊呀哦呢]?(?=[,，])"
    ),
]
# An age told as the answer to a question, a sentence (or a turn) of its own with the baby
# left out or only implied (宝宝多大能吃退烧药? — 我家的1个半月 / 2月的 / 才40天): an age
# once a baby was named before it.  A bare number of days, weeks or months answers "how
# long?" as often (宝宝一直咳。3个月了; 烧几天了? — 才2天), so it counts only with a word
# that makes it a person's age (我家的, 40天的, 40天大), after a question of the age (多大,
# 几个月), or — with a word of the age now (才, 刚满, 还不到) — after a question whose answer
# depends on the age (能吃美林吗? — 才40天) and, for weeks, months or a week of days or
# more (才6周, 才20来天), after any sentence; never after a question of how long or since
# when.  A count of months with its days (2个月零5天) is always an age.  Right after a
# question of the age the answer may run on into the report (多大？40天，体温38度).
_AGE_ANSWER = re.compile(
    rf"(?:^|(?<=[。\n!！?？]))\s*(?P<own>(?:我|俺|我们|咱|咱们|他|她)家(?:的|里的|那个|这个)?)?"
    rf"(?P<pre>(?:{_NOW}){{0,3}}){_AGE}(?P<tail>大了|大|的|了|啦)?[啊呀哦呢吧嘛]?\s*(?=[。\n!！?？]|$|(?P<more>[,，]))"
)
_BABY_RE = re.compile(_BABY)
# the baby words and a family's own words for its small child (我家小子, 俺家丫头)
_CHILD_NAMED = re.compile(rf"{_BABY}|小子|丫头")


def names_a_child(text: str) -> bool:
    """Is a baby or small child named in the (normalised) text?"""
    return _CHILD_NAMED.search(text) is not None


_HOW_LONG = re.compile(r"多久|多长时间|多少天了|几天了|什么时候|哪天|几号|几月份|从哪|持续")
_HOW_OLD = re.compile(r"多大|几个月|月龄|日龄|年龄|出生|生下来|几天大|多少天大")
_FOR_AN_AGE = re.compile(r"(?:能|可以|可不可以|能不能|敢)(?:吃|用|喝|喂|打|抹|涂|贴|洗澡)")
_AGE_WORD_NOW = re.compile(_PRONOUN_NOW)


def _age_answers(text: str) -> list[float]:
    """Ages told as the answer to a question (see _AGE_ANSWER), or as a clause of their
    own after the baby's news (see _AGE_CLAUSE), in days."""
    out = []
    for m in _AGE_ANSWER.finditer(text) if _SENTENCE_START.search(text) else ():
        before = text[: m.start()]
        if not _BABY_RE.search(before) or _YEARS.search(before):
            continue
        question = before.rstrip("。\n!！ ")
        question = question[question.rfind("。") + 1 :].split("\n")[-1]
        asked_age = _HOW_OLD.search(question) is not None
        if _HOW_LONG.search(question) and not asked_age:
            continue
        if m.group("more") and not asked_age:
            continue  # a count that runs on into the report answers an age question only
        now = _AGE_WORD_NOW.search(m.group("pre") or "") is not None
        if (
            m.group("own")
            or m.group("tail") in ("的", "大", "大了")
            or m.group("x")  # 2个月零5天: a person's age, never how long
            or asked_age
            or (now and (_beyond_an_illness(m) or _FOR_AN_AGE.search(question)))
        ):
            out.append(_days(m))
    for m in _AGE_CLAUSE.finditer(text) if "," in text or " " in text else ():
        before = text[: m.start()]
        if not (m.group("own") or _BABY_RE.search(before)) or _YEARS.search(before):
            continue
        sentence = _SENTENCE_START.split(before)[-1]
        if _HOW_LONG.search(sentence) or _PAST_TOLD.search(sentence):
            continue  # 烧了多久, 才2天; 以前烧过一次, 才2个月: how long, or a moment over
        now = _CLAUSE_NOW.search(m.group("pre") or "") is not None or m.group("after")
        if (
            m.group("own")
            or m.group("tail") in ("大", "大了")
            or m.group("x")
            or (now and _beyond_an_illness(m))
            or (not m.group("tail") and _beyond_an_illness(m) and _labelled(before))
        ):
            out.append(_days(m))
    return out


def _beyond_an_illness(m: re.Match[str]) -> bool:
    """Is the count longer than the days an illness is told by (才3天 may be how long a
    fever has lasted; 才6周, 才2个月, 才10来天 with a word of the age now is an age)?"""
    return not m.group("u").endswith(("天", "日")) or _days(m) >= AGE_NOT_SPAN_DAYS


AGE_NOT_SPAN_DAYS = 7.0


# An age told as a clause of its own in the middle or at the end of a sentence, after
# the baby's news (宝宝又烧到38.6度了,才6周; 家里老人说没事,我家这个才50多天,38.2度): a
# baby named before it, or the speaker's own (我家这个).  A bare count answers "how long?"
# as often (宝宝咳嗽,才2天), so it counts only as the speaker's own, with a word that makes
# it an age (40天大, 2个月零5天), or with a word of the age now (才, 刚满, 只有, 还不到) and
# a count of weeks or months or of a week of days or more (才20来天; 才3天 may be how long).
_AGE_CLAUSE = re.compile(
    rf"(?<=[,，\s])\s*(?P<own>(?:我|俺|我们|咱|咱们)家(?:的|里的|那个|这个|这位|小的)?)?"
    rf"(?P<pre>(?:{_NOW}){{0,3}}){_AGE}(?P<tail>大了|大|了|啦|(?=还不到|不到|没到))?"
    r"(?P<after>还不到|不到|没到)?[啊呀哦呢吧嘛]?\s*(?=[,，。\n!！?？~～\s]|$)"
)
_CLAUSE_NOW = re.compile(r"才|刚|只有|还不到|还没满|没满|未满|不满")
# The clause just before the count is nothing but the baby (宝宝，2个月，发烧38.7; 孙子 7周
# 不吃奶) or its birth (孩子 出生 20天): the count is the label the family puts after the
# name, as on a form, not how long an illness has lasted (none is told before it).
_LABEL_BEFORE = re.compile(
    rf"(?:(?:我|俺|我们|咱|咱们)?家(?:的|里的)?|我的|我)?(?:{_BABY})?(?:刚|才)?(?:{_BORN})?"
)
_CLAUSE_SPLIT = re.compile(r"[,，\s]+")


def _labelled(before: str) -> bool:
    """Is the clause right before a count nothing but the baby's name or its birth?"""
    clauses = _CLAUSE_SPLIT.split(before.rstrip(", ，\t"))
    last = clauses[-1] if clauses else ""
    return bool(last) and _LABEL_BEFORE.fullmatch(last) is not None


def age_told_alone(text: str) -> bool:
    """Is the (normalised) message nothing but an age, the answer to a question about the
    baby asked before (我家的1个半月, 2月的, 才40天)?  The conversation keeps it for the
    turns that follow."""
    return _AGE_ANSWER.fullmatch(read_ranges(text).strip(" 。.!！~～")) is not None


# the patterns above, each with the words one of which it cannot match without (the
# words a text holds are found once, for all of them)
_INFANT_RES_GATES = [(anchored(rx), literal_sets(rx)) for rx in _INFANT_RES]
_INFANT_RES_WORDS = literal_index(
    sorted({w for _, sets in _INFANT_RES_GATES for lits in sets or () for w in lits})
)
# 出生后3天: an age, unless the text gives the age now in years (出生后3天黄疸，现在2岁)
_AFTER_BIRTH = re.compile(rf"(?:{_BORN}后|生后)(?P<pre>第?){_AGE}(?!前|以前|之前|后|以后|之后)")
_YEARS = re.compile(r"\d(?:\.\d)?\s*(?:周)?岁")
# hours of life: 出生才18个小时, 生下来10几个小时, 出生20来个钟头 (the younger end); a
# record's 生后18小时, 出生后20小时 (the hour of life a sign began)
_HOURS = re.compile(
    rf"(?:{_BORN}(?:后|以后)?|(?<![发产医学先])生后)(?:的|了)?(?:才|刚|刚刚|不到|还不到|只有|已经|有|第)?"
    r"(\d{1,2})(?:多|几|来)?\s*个?多?(?:小时|钟头)(?!前|以前|之前)"
)
# born yesterday or today, at any time of the day: 昨天晚上生的, 今天凌晨出生的
_FIRST_DAY = led(
    re.compile(
        r"(?:昨天|今天|昨晚|昨夜|今早|今晨|刚刚|刚)"
        r"(?:(?<=[天])(?:早上|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨|一早))?(?:才)?(?:刚)?"
        # (not when the days since are told: 刚生下来第5天, 刚出生3天)
        r"(?:出生|生下来|生的)(?![^,，。！？!?；;]{0,6}?\d+(?:多|来)?(?:天|日|周|个?星期|个?月))"
        r"|出生第1天|生后第1天|出生当天"
    )
)
# a birth told by the day it happened: 前天刚生的, 上周出生的 (days of life)
# (上周生了一场病 is an illness, not a birth)
_BIRTH_DAY = re.compile(
    r"(?P<when>大前天|前天|前几天|这几天|上周|上个?星期|上个?礼拜|这周|这个?星期|这个?礼拜|"
    r"上个?月|这个?月|本月)"
    # (where it happened may come between: 上周在你们医院顺产出院的)
    r"(?:在[^,，。！？!?；;]{1,8}?)?"
    r"(?:才|刚|刚刚)?(?:出生|生下来|生下|生的|生了|生完|刚生|出世|降生|剖的|剖出来|顺产|剖腹产|剖宫产)"
    r"(?![病气疮场]|一场|过|[一两几\d]次)"
)
# days of life for a birth told by its day; a week or a month ago: the middle of it
_BIRTH_DAY_DAYS = {"大前天": 3.0, "前天": 2.0, "前几天": 3.0, "这几天": 3.0}
_BIRTH_MONTH_DAYS = {"上个月": 30.0, "上月": 30.0, "这个月": 14.0, "这月": 14.0, "本月": 14.0}
# the weeks of 坐月子 (the baby is the subject): 月子里的宝宝, 还在坐月子，宝宝…; 刚出月子的宝宝
_CONFINEMENT = led(
    re.compile(
        rf"(?:坐月子|坐月(?!子)|月子里|月子中|月子期间|还没出月子)(?:的(?!时候|时|那)|[,，。]?{_BABY})|月娃|"
        # the baby still in its mother's confinement (娃还在月子里): under a month
        rf"{_BABY}(?:还|都还)?(?:在)?(?:月子里|月子中|坐月子)"
    )
)
_OUT_OF_CONFINEMENT = re.compile(rf"(?:刚出|才出|出了)月子(?:的(?!时候|时)|[,，]?{_BABY})")
# the month of confinement left only days ago (娃出月子没几天, 我出月子才一周多, 宝宝刚出
# 月子, 孙女才出了月子): whoever it is told of, the baby is a little over a month old
# (needs a baby named, and not an older child: 我刚出月子，老大发烧了)
_CONFINEMENT_JUST_OVER = re.compile(
    r"出(?:了)?月子(?:才|刚|还)?(?:没几天|没多久|不久|几天|没两天|没一周|没1周|1周|一周|一个星期|1个星期)|"
    r"(?:刚|才|刚刚)出(?:了)?月子(?!的时候|时|那)"
)
# the first stay in hospital after the birth: 生完出院第2天, 从产科出院第2天
_BIRTH_STAY = re.compile(
    r"(?:生完|顺产|剖腹产|剖宫产|剖完|产科|月子中心|出生)[^。！？!?；;]{0,8}?出院"
)
# an age that names an appointment, not the age now: 45天疫苗, 42天体检
_EVENT = ("疫苗", "体检", "检查", "复查", "的疫苗", "的体检", "预防针", "的预防针", "针")
# the moment told is over (得过, 也烧过, 以前, 当时; not 没烧过): a past age is then no age now
_PAST_TOLD = re.compile(
    r"得过|住过|患过|查出过|(?<!没)(?<!没有)(?<!未)(?:[烧病]过|发过烧)|以前|之前|那次|当时|那时候|后来|早就好了"
)
# 不到百天 (百天 is read 100天): a baby not yet at the 100-day milestone is ~3 months
_UNDER_100 = led(
    re.compile(
        r"(?:不到|没到|还没到|没过|还没过|未满|不满|没满|还没满|快到?)100天|100天(?:不到|还不到|没到|以内|内)"
    )
)
# the month of confinement not yet over, told in either order (还没出月子, 月子还没出呢,
# 月子都还没坐完, 月子没满): the birth was weeks ago
_CONFINEMENT_NOT_OVER = (
    r"(?:还没|没|未|还未)(?:有)?出月子|"
    r"月子(?:都|也)?(?:还|都还|也还)?(?:没有?|未)(?:出|坐完|坐满|做完|满|结束|过完)"
)
# days of life named without a number
_NEWBORN_WORDS = re.compile(
    rf"(?:生下来|出生|生出来|生了|{_LANDED})(?:才|刚|了|还)?(?:没)?几天|(?:刚|才)生(?:了|下)?(?:[1-9]|1\d|2[0-7])天|"
    # 刚生没几天, 才生 没两天 (typed with a space between words): a few days of life
    r"(?:刚|才)生(?:了|下)? ?(?:才|还)? ?没(?:几|两|2)天|"
    r"新生儿|新出生|刚出生|刚生下来|出生没几天|生下来没几天|才出生|没满月|不满月|未满月|满月前|还没满月|"
    r"月子里的宝宝|还没出月子|早产儿|新生宝宝|新生的宝宝|刚出院的宝宝|刚从医院抱回来|"
    # the month of confinement not over, in either order (月子还没出呢, 月子都还没坐完)
    rf"{_CONFINEMENT_NOT_OVER}"
)
_JUST_BORN = re.compile(
    rf"(?:刚|才|刚刚)生(?:了|下)(?:个|一个|1个)?(?:小|大胖|胖)?(?:{_BABY}|小子|千金|丫头)"
)  # 刚生了个(小)闺女
_ONE_MONTH = led(
    re.compile(
        r"满月(?:没几天|不久|没多久)|(?:刚|才|刚刚|刚好)满月|出了满月|过了满月|满月了|满月(?![时的那后前酒])|满月的(?=[宝孩婴娃囡]|小宝|bb)"
    )
)
_HUNDRED_DAYS = re.compile(r"(不到|没到|还没到|快到?)?百天")
# the month not yet reached, by days or a week (还有1周就满月, 差几天满月, 快满月了): 3 to 4 weeks
_SHORT_OF_A_MONTH = re.compile(rf"(?:{_SHORT_OF}|(?:快|快要|马上就?要?|就要)满)月")
# A dose of the national schedule just given tells the age (乙肝第二针 at one month, 脊灰
# 第一针 at two, 百白破第一针 at three): 宝宝刚打完乙肝第二针, 今天上午打了满月针.  Only
# when told as just now (刚, 今天, 昨天 …): a dose long past tells no age now.  The
# birth doses (卡介苗, 乙肝第一针) count as the first days of life, not the first hours.
_DOSE = (
    r"(?P<dose>(?:乙肝|脊灰|(?:百|100)白破)(?:疫苗)?(?:的)?第[一二12]针|"
    r"第[一二12]针(?:的)?(?:乙肝|脊灰|(?:百|100)白破)|满月针|卡介苗)"
)
_DOSE_JUST_GIVEN = led(
    re.compile(
        r"(?:刚|才|刚刚|今天|今早|昨天|前天|上午|下午|早上)[^,，。！？!?]{0,4}?(?:打|接种|种)(?:完|了|过|好)?(?:的)?"
        rf"(?:疫苗)?{_DOSE}"
    )
)
# ... or a dose of the schedule due in the next days (明天该打乙肝第二针, 下周约了打脊灰第一
# 针): the baby is just under the age of that dose
_DOSE_DUE = led(
    re.compile(
        r"(?:明天|后天|大后天|下周|下个?星期|下个?礼拜|过几天|过两天|过2天|这周|这两天|马上)"
        r"(?:就|就要|就该)?(?:该|要|得|准备|约了|预约了?)?(?:去)?(?:打|接种|种)(?:的)?(?:疫苗)?"
        + _DOSE
    )
)
_DOSE_AGE_DAYS = {
    "乙肝2": 30.0,
    "满月针": 30.0,
    "卡介苗": 3.0,
    "乙肝1": 3.0,
    "脊灰": 60.0,
    "百白破": 90.0,
}


def _dose_age(text: str) -> float | None:
    """The age told by a dose of the schedule just given or due in the next days (None:
    none told)."""
    if "针" not in text and "卡介苗" not in text:
        return None
    m = _DOSE_JUST_GIVEN.search(text)
    if m is None:
        m = _DOSE_DUE.search(text)
        if m is None or _dose_days(m.group("dose")) < 7:  # (the birth doses are not due)
            return None
        return max(1.0, _dose_days(m.group("dose")) - 1.0)
    return _dose_days(m.group("dose"))


def _dose_days(dose: str) -> float:
    """The age at which a dose of the schedule is given, in days."""
    second = "二" in dose or "2" in dose
    if "脊灰" in dose or "白破" in dose:
        # their first doses (2 and 3 months); a second dose is a month later
        base = _DOSE_AGE_DAYS["脊灰" if "脊灰" in dose else "百白破"]
        return base + (30.0 if second else 0.0)
    for key in ("满月针", "卡介苗"):
        if key in dose:
            return _DOSE_AGE_DAYS[key]
    return _DOSE_AGE_DAYS["乙肝2" if second else "乙肝1"]


# An age told by what the baby does or has, or by where its mother is, with no number:
# only what a baby does or has in its first weeks or months (a baby still on night
# feeds or in nappies may be a year old: no age).  Each with the youngest age it tells
# little above the truth, in days:
# - the umbilical stump not yet off or just off (脐带还没掉, 脐带前2天才掉): 2 weeks
# - the mother's milk just come in (奶刚下来, 还在吃初乳; not 牛初乳): the first week
# - the mother still in hospital after the birth, or her stitches just out (剖腹产刚拆线)
# - the mother in the puerperium (产褥期) or a confinement centre, a 月嫂 at work
# - the first milestones not yet reached (还不会抬头, 还不会笑): under 3 months
# - the month or hundred-day celebration, or the 42-day check, still ahead
#   (百天照还没拍, 仲未摆100日宴, 42天体检约在下周) or the second hepatitis B dose
#   not yet given (还没打乙肝第2针)
# - jaundice just gone (黄疸刚退) or not yet gone (黄疸还没退干净), a preterm baby just
#   home (保温箱里住过,回家才10来天)
# - birth customs: the third-day bath just held (才办的洗三), the birth hair not yet
#   shaved (胎毛还没剃); the BCG dose given at birth not yet made its pustule or scar
# - the mother just out of the delivery room (刚从产房推回病房): the day of the birth;
#   her stitches out since the birth (剖宫产…拆线后恢复期), her birth wound still fresh
#   (侧切伤口还在渗血), her lochia not yet over (恶露还没干净)
_NOT_YET = r"(?:还没有?|还未|没有?|未|仲未|仲未曾|还冇|冇)"
_CONFINED = re.compile(
    r"(?<!以前)(?<!之前)(?<!当年)(?<!那年)(?<!上次)(?<!当时)(?<!那时)(?<!头胎)(?<!上一胎)"
    r"(?:坐|做)月子(?!时|那|的那)"
)
_OLDER_CHILD = re.compile(r"老大|大宝|大的|哥哥|姐姐|大儿子|大女儿|大孙")
_JUST = r"(?:才|刚|刚刚|前\d天才|前几天才|前\d天刚|前几天刚|昨天才|昨天刚)"
_YOUNG_CUES = [  # (pattern, days, told of the mother: needs a baby named)
    (
        re.compile(
            rf"脐带(?:都|也)?(?:{_NOT_YET}|{_JUST})(?:脱落|掉|脱|干)|"
            rf"脐带[^,，。！？!?]{{0,4}}?还没(?:掉|脱)"
        ),
        14.0,
        False,
    ),
    (
        re.compile(r"奶(?:才|刚|刚刚|才刚)下来|(?:才|刚|刚刚|才刚)下奶|(?:还在|正在)(?:吃|喝)初乳"),
        7.0,
        True,
    ),
    (
        re.compile(
            r"(?:剖腹产|剖宫产|顺产|侧切|生完|生产|分娩)[^,，。！？!?]{0,6}?"
            r"(?:还在住院|还没出院|在住院|刚拆线|才拆线|刚拆完线|还没拆线)"
        ),
        7.0,
        True,
    ),
    (re.compile(r"产褥期|月子中心|月子会所|(?:还在|正在|在)坐月子|坐月子中"), 20.0, True),
    # the confinement told plainly (坐月子屋里开着暖气，宝宝…; 做月子 typed for it): the
    # baby of the message is the one just born — unless an older child is named (老大, 大宝)
    # or the confinement is an earlier one (以前坐月子, 坐月子时)
    (_CONFINED, 20.0, True),
    (re.compile(r"月子(?:里的)?(?:娃|宝宝|宝|bb|婴儿)"), 20.0, False),
    (re.compile(r"月嫂"), 30.0, False),
    (
        re.compile(
            r"(?:还|都还)(?:不会|不能|没法|抬不起)(?:抬头|竖头|自己抬头|逗笑|(?:冲人|对人|冲我|对我)?笑)|"
            r"头(?:都)?还(?:抬不起来|竖不起来|立不住|立不起来)"
        ),
        60.0,
        False,
    ),
    (
        re.compile(
            rf"{_NOT_YET}(?:拍|办|摆|过|做|照)(?:过)?(?:满月|100天|100日)(?:照|宴|酒)?|"
            rf"(?:满月|100天|100日)(?:照|宴|酒)(?:都|也)?{_NOT_YET}(?:拍|办|摆|过|做|照)?|"
            rf"42天(?:的)?(?:体检|复查|检查)[^,，。！？!?]{{0,4}}?(?:{_NOT_YET}|约在|约了|预约在|下周|明天|后天|快到)|"
            rf"{_NOT_YET}(?:打|接种)(?:过)?乙肝(?:疫苗)?(?:的)?第[2二]针|乙肝(?:疫苗)?第[2二]针{_NOT_YET}(?:打|接种)"
        ),
        85.0,
        False,
    ),
    # the 42-day check just done (42天体检刚做完, 刚做完42天检查, 上周做的42天儿保): the
    # check of the sixth week, a few days ago — the baby's, or the mother's with her baby
    # (needs a baby named: 闺女 alone may be a grown daughter, her check settles it; not
    # 产后42天复查, the mother's own check of a daughter who gave birth)
    (
        re.compile(
            r"(?:刚|才|刚刚|今天|昨天|前天|前几天|上周|这周|上个?星期|上个?礼拜)[^,，。！？!?]{0,5}?"
            r"(?<!产后)42天(?:的)?(?:体检|检查|复查|儿保)|"
            r"(?<!产后)42天(?:的)?(?:体检|检查|复查|儿保)[^,，。！？!?]{0,5}?"
            r"(?:(?:刚|才|刚刚|今天|昨天|前天|上周)|(?:完|过)(?:了)?(?:没几天|没多久|不久))"
        ),
        45.0,
        True,
    ),
    # the month's celebration just held (满月酒上周刚办完): a little over a month
    (re.compile(r"满月(?:照|宴|酒)[^,，。！？!?]{0,4}?(?:才|刚|刚刚)(?:办|拍|摆|过)"), 35.0, False),
    # the birth customs of the first days and weeks: the third-day bath (洗三) just held
    # or ahead, the birth hair not yet shaved (剃胎毛 at the month or at 100 days)
    (
        re.compile(
            rf"(?:{_JUST}|前几天|前天|昨天|今天|{_NOT_YET})(?:办|做|过|给[^,，。！？!?]{{1,4}}?)?(?:了|的|完)?洗三|"
            r"洗三(?:才|刚|刚刚)(?:办|过|做|洗)"
        ),
        7.0,
        False,
    ),
    (
        re.compile(
            rf"胎毛(?:都|也)?{_NOT_YET}(?:剃|剪|理)|{_NOT_YET}(?:剃|剪|理)(?:过)?胎毛|"
            rf"(?:满月头|胎头)(?:都|也)?{_NOT_YET}(?:剃|剪|理)"
        ),
        85.0,
        False,
    ),
    # the BCG dose given at birth has not yet made its pustule or scar (weeks 2 to 12)
    (
        re.compile(
            rf"卡介苗[^。！？!?]{{0,12}}?{_NOT_YET}(?:起|长|出|结|留|形成|化)?(?:小)?"
            r"(?:脓包|脓疱|脓|疙瘩|红疙瘩|痂|疤|印子|印)|"
            rf"卡介苗(?:的)?(?:疤|印子|印|脓包|脓疱)(?:都|也)?{_NOT_YET}(?:出来|长出来|起来|结|留|形成)"
        ),
        60.0,
        False,
    ),
    # the mother in the delivery room or just out of it: the day of the birth
    (
        re.compile(
            r"(?:才|刚|刚刚)(?:从)?产房(?:里)?(?:出来|推(?:回|出)|回(?:到)?病房)|"
            r"(?:还在|还没出|刚出|才出)产房"
        ),
        1.0,
        True,
    ),
    # the mother's birth wound: stitches out since the birth (剖宫产…拆线后恢复期), a wound
    # still fresh (侧切伤口还在渗血, 剖腹产刀口还没长好), lochia not yet over (恶露还没干净)
    (
        re.compile(
            r"(?:剖腹产|剖宫产|剖|顺产|侧切|生完|生产|分娩|娩出)[^。！？!?]{0,16}?"
            r"(?:拆线后|拆完线后|(?:才|刚|刚刚)拆(?:完)?线|(?:还没|尚未|没)拆线)"
        ),
        10.0,
        True,
    ),
    (
        re.compile(
            r"(?:侧切|剖腹产|剖宫产|会阴)[^。！？!?]{0,6}?(?:伤口|刀口|口子|缝线)(?:现在)?(?:还|都还|也还|仍)(?:在|有点|挺|很)?"
            r"(?:渗血|渗液|流血|出血|疼|痛|肿|红肿|没长好|没愈合|没好|没长)"
        ),
        14.0,
        True,
    ),
    (
        re.compile(r"恶露(?:都|也)?(?:还|仍|尚)(?:没|没有|未)?(?:干净|排干净|排净|完|停|在|有|多)"),
        30.0,
        True,
    ),
    # neonatal jaundice not yet gone (a term baby's goes in 2 weeks, a breastfed one's by
    # 3 months): under 3 months
    (
        re.compile(
            r"黄疸(?:也|都)?(?:还|仍|尚)(?:没|没有|未)(?:完全)?(?:退|消|下去|好)|"
            r"黄疸(?:也|都)?(?:一直)?(?:还|仍)(?:挺|有点|很)?(?:高|在)(?![^,，。！？!?]{0,4}(?:时|的时候))"
        ),
        40.0,
        False,
    ),
    (
        re.compile(
            r"黄疸(?:也|都)?(?:才|刚|刚刚|才刚)(?:退|消|下去|好)|"
            r"(?:保温箱|暖箱|早产)[^。！？!?]{0,10}?(?:回家|出院)(?:才|刚|没多久|不久|没几天|\d{1,2}来?天)"
        ),
        30.0,
        False,
    ),
]
# the words one of which each cue cannot match without, read from the cues themselves
# (a list written by hand missed 拆完线): most messages hold none of them
_YOUNG_CUE_GATE = re.compile(
    "|".join(
        sorted(
            {w for rx, _, _ in _YOUNG_CUES for w in literal_gate(rx) or ("",)},
            key=lambda w: (-len(w), w),
        )
    )
)
# the day of the birth told by the mother (我昨天下午才生完, 今晨刚分娩), a baby named
_DELIVERY_DAY = re.compile(
    r"(?:昨天|今天|昨晚|昨夜|今早|今晨)(?:早上|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨)?"
    r"(?:才|刚|刚刚)(?:生完|分娩|生产)"
)
_CUE_BABY = re.compile(rf"{_BABY}|仔(?!细)|小的")
# a child word told with a grown person's years (闺女27了, 女儿都30多了, 闺女二十七八了, 儿子
# 今年25岁): a grown son or daughter, who may be the mother of the baby, not the baby
_GROWN = re.compile(
    rf"{_BABY}(?:今年|已经|都|也|都已经)?"
    r"(?:1[4-9]|[2-9]\d|[二三四五]十[一二三四五六七八九]{0,2})(?:多|好几|几)?(?:岁|了|啦)"
)


def _baby_named(text: str) -> bool:
    """Is a baby named in the text, beside any grown son or daughter (see _GROWN)?"""
    return _CUE_BABY.search(_GROWN.sub("", text) if _GROWN.search(text) else text) is not None


# an age told of a baby long grown (老大脐带没掉那会儿, 现在都上小学了)
_CUE_THEN = re.compile(r"的时候|时候|那会|那时|那阵|当时")


def _cue_age(text: str) -> float | None:
    """The age told by what the baby does or has (see _YOUNG_CUES), in days."""
    if not _YOUNG_CUE_GATE.search(text) or _YEARS.search(text):
        return None
    baby = _baby_named(text)
    ages = []
    for rx, days, of_mother in _YOUNG_CUES:
        if of_mother and not baby:
            continue
        if rx is _CONFINED and _OLDER_CHILD.search(text):
            continue  # 我在坐月子，老大发烧了: the older child's fever
        for m in rx.finditer(text):
            if _CUE_THEN.match(text, m.end()) or _CUE_THEN.match(text, m.end() + 1):
                continue
            ages.append(days)
    return min(ages) if ages else None


# A baby home from hospital days ago, the stay not named (宝宝出院才1周, 娃刚刚出院1个礼拜,
# …喂奶…出院才第5天): a baby's stay with no illness told is the stay of its birth.  Not
# a stay for an illness told before it or in a clause that gives the stay's reason
# (肺炎出院才1周, 出院1周了，之前是因为腹泻住的院), nor a baby whose age is told.
_HOME_FROM_STAY = re.compile(
    rf"出院(?:才|刚|刚刚|了|已经|有|还不到|不到|没到|刚好|正好|只有)*(?P<pre>第?){_AGE}"
    r"(?!前|以前|之前|后|以后|之后)"
)
_FEEDS = re.compile(r"喂(?:的|了|过|完)?奶|吃(?:的|了|过|完)?奶|喝奶|母乳|奶粉|夜奶|奶瓶")
_ILLNESS_STAY = re.compile(
    r"炎|病(?!房)|手术|术后|治疗|感染|惊厥|抽搐|骨折|哮喘|川崎|化疗|误吞|误服|溺水|中毒|摔|烫伤|"
    r"(?:又|再次|再)(?:发烧|发热|烧|烧起来)|复发|反复"
)
_STAY_REASON = re.compile(r"住院|住了|住的院|因为")
_BIRTH_REASON = re.compile(r"生|产|早产|黄疸|蓝光|新生儿|保温箱|暖箱")
_CLAUSE = re.compile(r"[^,，。！？!?；;\n]+")  # a clause: the text between two stops
HOME_FROM_STAY_MAX_DAYS = 21.0


def _home_from_birth_stay(text: str) -> float | None:
    """The age of a baby home from hospital days ago with no illness named for the stay
    (see _HOME_FROM_STAY): the days since, and the few days the birth stay lasts."""
    if "出院" not in text or _YEARS.search(text):
        return None
    if not (_CUE_BABY.search(text) or _FEEDS.search(text)):
        return None
    # a clause that tells the stay (因为…住的院, 住了5天院) with no birth in it
    reasons = [c for c in _CLAUSE.findall(text) if _STAY_REASON.search(c)]
    if any(_ILLNESS_STAY.search(c) or not _BIRTH_REASON.search(c) for c in reasons):
        return None
    for m in _HOME_FROM_STAY.finditer(text):
        days = _days(m)
        if days <= HOME_FROM_STAY_MAX_DAYS and not _ILLNESS_STAY.search(text, 0, m.start()):
            return days + 3
    return None


# an infant age needs one of these somewhere in the text
_INFANT_CONTEXT = re.compile(
    r"宝|孩|娃|婴|囡|儿|女|子|孙|甥|侄|丫头|生|剖|出世|龄|新生|baby|bb|满月|百天|天大|日大|月大|周大|礼拜大|星期大|个月的|天的|伢|崽|幺|"
    r"矫正|老二|老三|老四|小家伙|小公主|小王子|"
    r"家(?:的|里的|那个|这个|这位|小的)"  # the speaker's own (我家这个才60来天)
)
# 宝宝2个月的时候…: an age at a past moment, not the age now (when another age is told)
_THEN = ("的时候", "时候", "那会", "那时", "时")
_NOW_AGE = re.compile(rf"(?:现在|目前|如今)(?P<pre>(?:已经|都|快|才|刚|刚满|满|有)?){_AGE}")
_BABY_WORD = re.compile(r"宝宝|孩子|娃|婴儿|儿子|女儿|闺女|囡囡|bb|baby|小家伙")
_SENTENCE_START = re.compile(r"[。！？!?\n]")
_NOW_AGE_END = re.compile(r"(?:大|左右)?(?:[,，。.!！?？;；\s]|$)")
_DISCHARGE = re.compile(rf"出院(?P<pre>第?){_AGE}")
# a preterm baby's corrected (postmenstrual) age in weeks of gestation: 纠正胎龄38周 is
# a baby not yet at its due date (counted a week old: it was born and went home),
# 纠正胎龄44周 one four weeks past it
_CORRECTED_GA = re.compile(
    r"(?:矫正|纠正)(?:后的)?胎龄(?:是|为|才|只有|刚|已经)?(\d{2})(?:\+\d)?\s*周"
)
TERM_WEEKS = 40
# A turn of a conversation that is nothing but a count of days, weeks or months (50多天,
# 6周大, 才2个月) is the age of the baby or small child an earlier turn named (…说的那个小的 /
# 50多天 / …38.4): the answer to "how old?" given before the illness is told.  A count
# after an illness, a duration or an age already told (宝宝发烧了 / 3天: how long), or
# after a turn that names an adult (我老公 / 3天), stays a duration; so does a count in a
# turn with other words (see _age_answers).
TURN_SEPARATOR = "。\n"  # how a conversation's turns are joined for the safety text
_TURN_STRIP = " 。.!！~～,，"
_TURN_COUNT = re.compile(
    rf"(?P<pre>(?:才|刚|刚满|满|只有|已经|快|还不到|不到)?){_AGE}"
    r"(?P<after>还不到|不到|没到|未满)?(?:大了|大|了|啦)?[啊呀哦呢吧嘛]?"
)
# a turn that only answers yes or no (是的, 对, 嗯, 没有): the answer to a question of ours
# that the data does not hold, naming no one
_YES_NO_TURN = re.compile(r"(?:是的?|对的?|嗯+|恩|对呀|是啊|没有|没|不是|有的?)[啊呀哦呢吧嘛]?")
# (a count in the turn right after such answers is an age when it is four weeks or more and
# the illness is told after it: 是的 / 三个月不到 / 发烧38度; 是的 / 3天 / 发烧 stays how long)
_ANSWER_AGE_DAYS = 28.0
_SMALL_CHILD = re.compile(
    rf"{_BABY}|(?:那个|这个|那|这|最|家里?的?)小的(?!时候|时)|小的那个|小不点|老幺|老疙瘩"
)
_ADULT = re.compile(
    r"爸|(?<!宝)妈|爷|奶奶|姥|外公|外婆|老公|丈夫|老婆|媳妇|爱人|妻子|婆婆|公公|老人|老伴|"
    r"老头|老太|本人|大人|叔|阿姨|舅|姑|同事|朋友|先生|女士"
)
# an illness or a span told before the count (whose answer it may be)
_TOLD_BEFORE = re.compile(
    r"烧|热|烫|温|咳|吐|泻|拉|痛|疼|病|不舒服|难受|黄|疹|喘|抽|哭|闹|晕|肿|痒|血|摔|伤|精神|"
    r"不吃|不喝|奶少|鼻|涕|便|尿|屎|睡|包|块|疙瘩|痘|症|药|医院|多久|几天|两天|好久|一直|最近|"
    r"持续|开始|以来|之后|以后|后来"
)


def _age_turn(text: str) -> float | None:
    """The age told by a turn of its own after the turn that names the child (see
    _TURN_COUNT), in days."""
    turns = text.split(TURN_SEPARATOR)
    for i in range(1, len(turns)):
        turn = turns[i].strip(_TURN_STRIP)
        m = _TURN_COUNT.fullmatch(turn) if len(turn) <= 12 else None
        if m is None:
            continue
        before = turns[:i]
        if any(_TOLD_BEFORE.search(t) or _ANY_AGE.search(t) or _YEARS.search(t) for t in before):
            return None
        for t in reversed(before):
            child, adult = _SMALL_CHILD.search(t), _ADULT.search(t)
            if child or adult:
                return _days(m) if child and not adult else None
        if all(_YES_NO_TURN.fullmatch(t.strip(_TURN_STRIP)) for t in before) and any(
            _TOLD_BEFORE.search(t) for t in turns[i + 1 :]
        ):
            # 是的 / 三个月不到 / 发烧38度: the count answers our "how old is the baby?"
            days = _days(m)
            return days if days >= _ANSWER_AGE_DAYS and not _BARE_LEAD_NOT.search(text) else None
        return None
    return None


# the same test for the long alternations that infant_age_days runs on most messages
_FIRST_DAY_GATE, _BORN_GATE, _CONFINEMENT_GATE, _NEWBORN_GATE, _HUNDRED_DAYS_GATE = (
    literal_gates(rx) for rx in (_FIRST_DAY, _BORN_RE, _CONFINEMENT, _NEWBORN_WORDS, _HUNDRED_DAYS)
)


def _at_a_moment(text: str, end: int) -> bool:
    """Is the age ending at ``end`` a moment rather than the age now (2个月大的时候,
    45天疫苗)?"""
    if text.startswith("大", end):
        end += 1
    return text.startswith(_THEN, end) or text.startswith(_EVENT, end)


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
    elif raw == "个把":
        n = 1.0
    elif raw == "几10":
        n = 20.0
    elif raw == "几":
        n = 3.0
    else:
        n = float(raw)
    if m.group("q2") == "半" or m.group("q3") == "半":
        n += 0.5  # 3个半月, 1个月半
    value = n * per
    if q in ("多", "几") or m.group("q2") in ("多", "几") or m.group("q3") == "多":
        value += 1.0  # 70多天: more than 70; 10几天: 11 or more
    extra = m.groupdict().get("x")
    if extra:
        value += 5.0 if extra == "几" else float(extra)  # 2个月零5天, 2个月零几天
    if (
        _UPPER.search(m.group("pre") or "")
        or m.string.startswith(_AFTER_UPPER, m.end())
        or m.groupdict().get("after")
    ):
        value = max(0.5, value - 1.0)  # 不到2个月: under 60 days
    return value


# A count of days at the head of a terse message, a clause of its own before the report
# (50天 烧到38度6; 40天 不吃奶 一直睡): the family's label for the baby, as on a form, when
# the count is four weeks or more (no illness is told by so long a span before it is
# named, and 3天 发烧 is how long) and no word of a pregnancy or a period is told (50天
# 出血 may be the days since the last period).
_BARE_LEAD = re.compile(rf"^\s*(?P<pre>){_AGE}(?:大了|大|的)?\s*[,，\s]")
_BARE_LEAD_NOT = re.compile(
    r"孕|怀|停经|月经|例假|姨妈|见红|胎|验|试纸|hcg|流产|人流|药流|术后|手术|住院|坚持|打卡|戒"
)
BARE_LEAD_DAYS = (28.0, 91.0)


def _bare_lead_days(text: str) -> list[float]:
    """The age of a baby told by a bare count of days opening the message (see _BARE_LEAD)."""
    m = _BARE_LEAD.match(text)
    if m is None or m.group("u") not in ("天", "日") or _BARE_LEAD_NOT.search(text):
        return []
    days = _days(m)
    return [days] if BARE_LEAD_DAYS[0] <= days <= BARE_LEAD_DAYS[1] else []


def infant_age_days(text: str, pregnant: bool = False) -> float | None:
    """The youngest infant age named in the text, in days (None: no infant age).

    ``pregnant``: the text is about a pregnancy, where 宝宝/孩子 is the baby not yet
    born; then only words about a birth (出生, 生下来 …) name an infant's age."""
    text = read_ranges(text)
    if may_match_all(_FIRST_DAY_GATE, text) and _FIRST_DAY.search(text):
        return 1.0
    if ("生" in text or "分娩" in text) and _DELIVERY_DAY.search(text) and _CUE_BABY.search(text):
        return 1.0
    if not _INFANT_CONTEXT.search(text):
        # 脐带还没掉, 42天体检约在下周, 喂奶…出院才第5天: a baby in all but name
        cue = _cue_age(text)
        if cue is None:
            cue = _home_from_birth_stay(text)
        if cue is None and TURN_SEPARATOR in text and _ANY_AGE.search(text):
            cue = _age_turn(text)  # …那个小的 / 50多天: a child named in words of no baby
        if cue is None and not pregnant and _DIGIT.search(text):
            cue = min(_bare_lead_days(text), default=None)  # 50天 烧到38度6
        return cue
    born = may_match_all(_BORN_GATE, text) and _BORN_RE.search(text) is not None
    if pregnant and not born:
        return None
    ages: list[float] = []
    then: list[float] = []  # ages told as a past moment (2个月的时候…, 现在5个月)
    if "100天" in text and _UNDER_100.search(text):
        ages.append(85.0)
    # every age needs a number (几天, 几周: a few)
    numbered = bool(_DIGIT.search(text) or "半" in text or "个把" in text or _FEW.search(text))
    # each age pattern contains an age (number and unit): whether the text holds one is
    # read once, for all the readings below
    any_age = numbered and _ANY_AGE.search(text) is not None
    if numbered:
        if any_age:
            present = held(_INFANT_RES_WORDS, text)
            for rx, sets in _INFANT_RES_GATES:
                if not may_hold_all(sets, present):
                    continue
                for m in rx.finditer(text):
                    (then if _at_a_moment(text, m.end()) else ages).append(_days(m))
            if not _YEARS.search(text):
                ages += [_days(m) for m in _AFTER_BIRTH.finditer(text)]
            if "胎龄" in text:
                ages += [
                    max(7.0, (int(m.group(1)) - TERM_WEEKS) * 7.0)
                    for m in _CORRECTED_GA.finditer(text)
                ]
        ages += [float(m.group(1)) / 24 for m in _HOURS.finditer(text)]
        if "出院" in text and _BIRTH_STAY.search(
            text
        ):  # 出院第2天: the first stay lasts a few days
            ages += [_days(m) + 3 for m in _DISCHARGE.finditer(text)]
    if then and not ages:  # 宝宝2个月的时候…, 现在5个月了: the age now is the later one
        ages = [_days(m) for m in _NOW_AGE.finditer(text)]
        if not ages and _PAST_TOLD.search(text):
            then = []  # 2个月大时得过肺炎: that moment is over, the age now is unknown
    ages = ages or then  # a past age counts only when no other age is told
    if (
        not ages
        and (_SENTENCE_START.search(text) or "," in text or " " in text)
        and ("家" in text or _BABY_RE.search(text))  # (each reading needs one or the other)
        and any_age
    ):
        ages = _age_answers(text)
    if not ages and _BABY_WORD.search(text) and any_age:
        # an age now told apart from the baby word, after an earlier episode (宝宝出生时
        # 住过院，后来好了，现在2个月): only in the sentence that names the baby, and
        # only when the clause ends with it (not a duration: 到现在2个月了, 有2个月)
        ages = [
            _days(m)
            for m in _NOW_AGE.finditer(text)
            if text[m.start() - 1 : m.start()] not in ("到", "有")
            and _NOW_AGE_END.match(text, m.end())
            and _BABY_WORD.search(_SENTENCE_START.split(text[: m.start()])[-1])
        ]
    if ages:
        return min(ages)
    m = _BIRTH_DAY.search(text) if any(w in text for w in ("生", "出世", "剖", "产")) else None
    if m:
        when = m.group("when")
        return _BIRTH_DAY_DAYS.get(when) or _BIRTH_MONTH_DAYS.get(when, 7.0)
    if "月" in text:
        m = _CONFINEMENT.search(text) if may_match_all(_CONFINEMENT_GATE, text) else None
        if m and not _OLDER_CHILD.search(m.group(0)):  # (还没出月子，大宝…: the older one)
            return 20.0
        if _OUT_OF_CONFINEMENT.search(text):
            return 35.0
        if (
            _CONFINEMENT_JUST_OVER.search(text)
            and _baby_named(text)
            and not _OLDER_CHILD.search(text)
        ):
            return 40.0
    newborn = may_match_all(_NEWBORN_GATE, text) and _NEWBORN_WORDS.search(text)
    if newborn and "月子" in newborn.group(0) and _OLDER_CHILD.search(text):
        newborn = None  # 还没出月子，老大发烧了: the mother's confinement, the older child's fever
    if newborn or ("生" in text and _JUST_BORN.search(text)):
        return 20.0
    if "满月" in text and _SHORT_OF_A_MONTH.search(text):
        return 25.0
    if "满月" in text and _ONE_MONTH.search(text):
        return 32.0
    cue = _cue_age(text)
    if cue is not None:
        return cue
    home = _home_from_birth_stay(text)
    if home is not None:
        return home
    dose = _dose_age(text)
    if dose is not None:
        return dose
    m = _HUNDRED_DAYS.search(text) if may_match_all(_HUNDRED_DAYS_GATE, text) else None
    if m:
        return 85.0 if m.group(1) else 100.0
    if TURN_SEPARATOR in text and _ANY_AGE.search(text):
        return _age_turn(text)
    return None


# ---------------------------------------------------------------- pregnancy
_NUM = r"(\d{1,2}(?:\.\d)?)"
# (a count told about, 孕30来周 or 怀孕30多周, is read by its number: the earlier week)
_ABOUT = r"(?:多|来|几)?"
_PREG_WEEKS = [
    re.compile(
        rf"(?:孕|怀孕|妊娠|怀了|怀着|怀上|有了|停经)(?:第)?{_NUM}{_ABOUT}\s*(?:(?:个|只)?(?:礼拜|星期)|周|w)"
    ),
    re.compile(
        rf"(?:怀|头胎|一胎|二胎|三胎|第[一二三]胎|这胎|这一胎|这1胎|这个胎|孕妇|孕期)[^。!?！？]{{0,8}}?(?:现在|已经|目前)?{_NUM}{_ABOUT}\s*(?:周|w)(?!岁)"
    ),
    re.compile(rf"{_NUM}{_ABOUT}\s*(?:周|w)(?:的)?(?:身孕|孕|孕妇|妊娠)"),
]
# adults a family writes about (我表妹30周, 嫂子28周了, 我同事32周); not a girl young
# enough for weeks to be her age (孙女30周, 侄女)
_WOMAN = (
    r"(?:表妹|表姐|堂妹|堂姐|妹妹|姐姐|嫂子|大嫂|弟媳|弟妹|儿媳妇|小姨子|大姑子|小姑子|"
    r"闺蜜|朋友|同事|邻居|老乡|同学|室友|孕妇)"
)
# Weeks with no pregnancy word (我老婆32周了, 俺媳妇35周, 我才31周, 我现在才31周, a message that starts
# with 32周): a pregnancy only when right after a woman or at the start of a clause, and
# only from 20 to 42 weeks (a duration is told with a verb: 咳嗽两周).
_BARE_WEEKS = led(
    re.compile(
        rf"(?:(?:老婆|媳妇|爱人|太太|妻子|女儿|闺女|儿媳|孕妈|我|她|俺|{_WOMAN})"
        r"(?:才|已经|现在|都|快|刚|刚满|满|目前|这都|都已经|这会儿?|如今|眼下){0,2}(?:有了)?|"
        # this pregnancy set against earlier ones (之前两胎都足月，这次32周)
        r"(?:这次|这回)(?:怀孕|怀的)?(?:才|已经|现在|都|快|刚|刚满|满|目前)?|"
        r"(?:^|(?<=[，,。；;！!？?\s]))(?:现在|目前|如今|已经|都|才)?(?:是|有)?)"
        r"(\d{2})(?:多|来)?\s*(?:周|w)(?![岁大的天年])"
    )
)
# Weeks of gestation with a word of the count now and no woman named (…不像是尿才35周不到,
# 已经36周了): a pregnancy from 24 weeks on, the count not a moment or a span (35周的时候,
# 30周以后, 24周内), never after a baby's birth is told (a preterm baby's weeks).
_NOW_WEEKS = led(
    re.compile(
        r"(?:才|已经|都|都已经|快|快要|将近|刚|刚满|满|现在|目前|如今|还不到|不到|还没到|没到)"
        r"(\d{2})\s*(?:周|w)(?:多|左右|不到|还不到)?(?![岁大龄天零前后的以之内])"
    )
)
# Weeks from 24 on right after the baby's word (宝宝34周, 孩子才30周了): the weeks of the
# baby not yet born — an infant's age is told in weeks only while it is young (宝宝6周),
# 34 weeks old is "8个月".  Not in a message that tells a birth (宝宝34周出生, 早产, 胎龄).
_BABY_WEEKS = led(
    re.compile(
        rf"{_BABY}(?:{_NOW}){{0,2}}(\d{{2}})\s*(?:周|w)(?:多|左右|不到|还不到)?(?![岁大龄天零前后的以之内])"
    )
)
_BIRTH_TOLD = re.compile(rf"{_BORN}|早产|胎龄|保温箱|新生儿科|nicu|NICU|出院")
# what makes a bare count of weeks a span of something else, right before it: a treatment
# or a habit (化疗已经24周了, 吃这个药都30周了) or a man (我老公都30周了)
_SPAN_BEFORE = re.compile(r"吃|药|疗|服|用|打|练|做|住院|坚持|上班|减肥|戒|老公|丈夫|男")
GESTATION_FROM = 24  # weeks: below it a count after a baby word may be the baby's age

# Months with no pregnancy word (俺媳妇8个月了, 我老婆7个多月, 嫂子6个半月): a pregnancy only
# right after a wife or an adult woman (never a daughter or a little sister: 我闺女8个月 is
# a baby's age), with the clause ending there (我老婆3个月没来月经, 媳妇8个月前 are not).
_PARTNER = (
    r"(?:老婆|媳妇儿?|爱人|太太|妻子|儿媳妇?|孕妈|表姐|表妹|堂姐|堂妹|嫂子|大嫂|弟媳|弟妹|"
    r"小姨子|大姑子|小姑子|闺蜜)"
)
# ... also with the pregnancy counted between the woman and the months (我老婆二胎七个多月,
# 媳妇这胎快8个月了, 嫂子怀的三胎6个月): 胎 is a pregnancy, never a child's age
_WHICH_PREGNANCY = r"(?:怀的?)?(?:头胎|一胎|二胎|三胎|第[一二三123]胎|这[一1]?胎)"
_BARE_MONTHS = re.compile(
    rf"{_PARTNER}(?:的)?(?:{_WHICH_PREGNANCY})?(?:才|已经|现在|都|快|刚|刚满|满|目前|这都|都已经|也)?(?P<pre>快|快要|将近|接近|差不多)?"
    r"(?P<n>[2-9]|10)\s*个(?P<q>多|半|来)?月(?:多)?"
    r"(?=了|啦|的身孕|身孕|[,，。.!！?？;；\s]|$)"
)
# The speaker's own months (我7个多月了, 俺都8个月了, 我快6个月了): a woman telling her
# pregnancy — at the head of a clause, the clause ending there, and only when the message
# tells no infant's age (我家的7个月 of a baby is no pregnancy; 我7个月没来月经 goes on).
_SPEAKER_MONTHS = re.compile(
    r"(?:^|(?<=[，,。；;！!？?\s]))(?:我|俺|本人)(?:现在|已经|都|快|刚|满|目前|这都|都已经)?"
    r"(?P<pre>快|快要|将近|接近|差不多)?(?P<n>[4-9]|10)\s*个(?P<q>多|半)?月(?:多)?"
    r"(?:了|啦)?(?=[,，。.!！?？;；\s]|$)"
)
_PREG_MONTHS = led(
    re.compile(
        rf"(?:孕|怀孕|妊娠|怀胎|怀了|怀着|怀住|怀上|怀|有了|有喜|大肚皮|大肚子|大肚|大着肚子|停经|揣上|揣了|揣着)(?:第|头|前)?(?:已经|才|刚|刚刚|刚满|满|有|都|只有)?"
        rf"(?P<pre>快|快要|将近|接近|差不多)?"
        rf"{_NUM}\s*(?:(?:个|只)(?:多|半|几|来)?月|月(?![份底初中]))|{_NUM}\s*个(?:多|半|几)?月(?:的)?身孕|"
        # the child carried and its months (怀孩子8个月, 揣孩子八个来月了, 揣着娃7个多月)
        rf"(?:怀|揣)(?:起|了|着|上)?(?:的)?(?:娃|孩子|宝宝|小孩|二胎|二宝|老二|三胎|崽|崽子|bb)(?:已经|快|有|都|了)?{_NUM}\s*个(?:多|半|几|来)?月|"
        # 肚子8个月了 (not 拉肚子3个月), 肚里的娃7个多月
        rf"(?<![拉闹坏])肚(?:子)?(?:里|里头|里面)?(?:的)?(?:娃|孩子|宝宝|小孩|bb|娃娃)?(?:已经|快|有|都)?"
        rf"{_NUM}\s*个(?:多|半|几)?月|"
        # the body carried some months (7个多月的身子, 身子7个多月了)
        rf"{_NUM}\s*个(?:多|半|几)?月的身子(?!骨)|身子(?:已经|都|有|快|才)?{_NUM}\s*个(?:多|半|几)?月"
    )
)
# 孕35+3周, 35+3周, 孕32+5, 35w+3d, 孕38周+2天: weeks and days
_PREG_PLUS = led(
    re.compile(
        r"(?:(?P<p>孕|怀孕|妊娠|孕周)(?:第)?)?(?P<w>\d{2})\s*(?P<u>周|w)?\s*\+\s*(?P<d>[0-6])\s*(?:天|d)?(?P<u2>周|w)?"
    )
)
# the weeks left: 还有1个月就生了, 离预产期还有2周, 预产期还有10来天
# (离生还有1个多月: the time to the birth; 还有2个月先生: Cantonese 先 for 才)
_PREG_LEFT = re.compile(
    r"(?:(?:离|距)?预产期\s*(?:还有|还剩|只剩)|还有|还剩|只剩)\s*(?P<n>\d{1,2}|半)(?P<q>多|来|几)?\s*(?P<u>天|周|个?星期|个?礼拜|个(?:多|半)?月)(?:多|左右)?"
    r"(?:就|才)?(?:要|该|到)?(?:生(?![理病气日])|先生(?=[,，。.!！?？;；\s]|$)|预产期|临产|足月)"
    r"|(?:(?:离|距)?预产期|(?:离|距)(?:生|生产|分娩|临产))\s*(?:还有|还剩|只剩)\s*(?P<n2>\d{1,2}|半)(?P<q2>多|来|几)?\s*(?P<u2>天|周|个?星期|个?礼拜|个(?:多|半)?月)"
)
# a birth due soon with no count (下个月就要生了, 下周就该生了, 过几天就要生了): near term
_DUE_SOON = re.compile(
    r"(?:下个?月|下周|下个?星期|下个?礼拜|月底|过几天|过两天|过2天)(?:就|就要|就该|要|该)"
    r"(?:生了|生(?=[,，。.!！?？;；\s]|$)|临产)"
)
DUE_SOON_WEEKS = 36.0
_LEFT_DAYS = {"天": 1.0, "周": 7.0, "星期": 7.0, "礼拜": 7.0, "月": 30.4}
# 停经40天: days since the last period
_AMENORRHOEA_DAYS = re.compile(r"停经(\d{1,3})(?:多|来|几)?\s*(?:天|日)")
_PREG_STAGE = {
    "刚怀上": 5.0,
    "刚怀孕": 5.0,
    "早孕": 6.0,
    "怀孕初期": 8.0,
    "孕初期": 8.0,
    "怀孕早期": 8.0,
    "孕早期": 8.0,
    "孕中期": 20.0,
    "孕晚期": 32.0,
    "怀孕后期": 32.0,
    "孕后期": 32.0,
    "快生了": 38.0,
    "快要生了": 38.0,
    # (是不是要生了: labour asked about, a pregnancy near its term)
    "是不是要生了": 36.0,
    "是要生了吗": 36.0,
    "要生了吗": 36.0,
    "临产": 38.0,
    "临盆": 38.0,
    "待产": 38.0,
    "预产期": 38.0,
    "足月": 38.0,
}
# A pregnancy told as another moment (怀孕8个月时生的他, 上次怀孕) or as a plan (准备怀孕,
# 备孕) is no pregnancy now.
_PLANNED = re.compile(
    r"(?:准备|想|想要|打算|计划|备|能不能|能否|容易|避免|防止|怎么才能|如何|没|没有|不是|未|并非|不)$"
)
_PAST_BEFORE = re.compile(
    r"(?:上次|上一次|上一胎|头胎|第一胎|以前|之前|当年|那年|当时|那次|生完|生了|生下|生好|"
    r"得过|有过|患过|查出过)$"
)
# a stage that tells how a birth went (之前两胎都是足月顺产, 足月生的): no stage now
_STAGE_OF_A_BIRTH = re.compile(r"(?:就|时|的时候)?(?:顺产|剖|生|出生|分娩|产下)")
_MOMENT_AFTER = re.compile(r"[^。！？!?；;，,]{0,10}?(?:的时候|时候|那会|那时|时(?!间))")
_BORN_SINCE = led(re.compile(r"生的|生了|生下|出生|生完|今年\d|\d(?:\.\d)?岁"))


# A visit of the pregnancy (产检, 孕检, 建档): "the last one" (上次产检, 上回孕检) is the last
# visit of this pregnancy, not an earlier pregnancy.
_VISIT = re.compile(r"产检|孕检|建档")
_LAST_VISIT = re.compile(r"(?:上次|上一次|上回|上一回|那次)$")


# a first pregnancy told (头胎孕36周) and, later, that child's age now (现在老大两岁): the
# weeks were that pregnancy's, not one now
_FIRST_PREGNANCY = re.compile(r"头胎|一胎|第一胎|第[一1]胎|上一胎|怀老大")
_OLDER_CHILD_NOW = re.compile(
    r"(?:老大|大宝|大儿子|大女儿|孩子|儿子|女儿)(?:现在|今年|已经|都)?[^。！？!?，,]{0,3}?"
    r"(?:\d{1,2}(?:\.\d)?岁|[一两二三四五六七八九十]{1,2}岁|上(?:幼儿园|小学|初中|高中|大学))"
)


def pregnancy_now(text: str, start: int, end: int) -> bool:
    """Is the pregnancy word at ``text[start:end]`` a pregnancy now?  Not when denied or
    planned (没怀孕, 准备怀孕, 备孕), told of an earlier one (上次怀孕), or told as a past
    moment of a birth since (怀孕8个月时生的他, 怀孕的时候…现在孩子3岁)."""
    before = text[max(0, start - 5) : start]
    past = _PAST_BEFORE.search(before)
    if past and _VISIT.match(text, start) and _LAST_VISIT.search(before):
        past = None  # 上次产检: the last visit of this pregnancy
    if _PLANNED.search(before) or past:
        return False
    if text[end : end + 1] == "不":
        return False
    if _FIRST_PREGNANCY.match(text, start) and _OLDER_CHILD_NOW.search(text, end):
        return False  # 头胎孕36周破的水…现在老大两岁: that pregnancy ended in a birth
    m = _MOMENT_AFTER.match(text, end)
    return not (m and _BORN_SINCE.search(text, m.end()))


# Words said only of a pregnancy now (胎动, 破水, 宫缩, 宫口开了, 胎心): they tell a pregnancy
# even when denied or asked about (没破水, 胎动正常, 是不是宫缩) — only a pregnant woman
# says her waters have not broken.  Not after a birth (产后宫缩痛, 胎盘没下来), not told of
# an earlier pregnancy (上一胎破水早), not when the pregnancy itself is denied (没怀孕).
_PREGNANCY_ONLY = led(
    re.compile(
        r"胎动|胎心|(?<![泡疱])破水|羊水|胎膜|(?<![缩像跟和])宫缩|宫口|胎位|胎头|入盆|"
        # a placenta's place or its parting found before the birth (前置胎盘, 胎盘低置, 胎盘早剥)
        r"前置胎盘|胎盘前置|低置胎盘|胎盘低置|胎盘位置低|胎盘早剥"
    )
)
# Other words that tell a pregnancy now without naming it: a test done only in pregnancy
# (四维彩超, 唐筛), the due date (预产期), a wife's belly grown big (我老婆肚子老大了, 她肚子
# 已经很大了), the child carried (怀的二胎).  Not said of a birth since, not when denied,
# not a belly big from a meal (肚子好大，吃完火锅胀得难受); a bare 大肚子 only as _BIG_BELLY
# reads it (a beer belly is one too).
_BELLY_WOMAN = rf"(?:{_PARTNER}|她|新妇|女朋友|女友)"
_PREGNANCY_CUES = re.compile(
    r"四维(?:彩超|b超|B超|超声)|唐筛|预产期|"
    rf"{_BELLY_WOMAN}(?:的)?(?:肚子|肚皮)(?:已经|都|现在|也)?(?:老|好|很|这么|那么|挺|蛮|特别|非常)?大(?![便肠姨])(?![^。！？!?]{{0,10}}(?:胀气|胀得|撑得|吃多|吃撑|吃完|积食|消化))|"
    r"怀的(?:是)?(?:二胎|三胎|老二|二宝|双胞胎|龙凤胎)|"
    # a woman and the child she carries, however it is written after (我媳妇怀的…)
    rf"(?:{_BELLY_WOMAN}|我|俺)(?:现在|这次|这回)?怀的(?!时候|那会|那时|时)"
)
# An antenatal test booked, moved or waited on (改下nt预约, nt的报告出来了, 约了唐筛, 四维排到
# 下周): only a pregnant woman has one (an nt told with no such word may be slang).
_TEST_BOOKED = re.compile(
    r"(?<![a-z])nt(?:的)?(?:预约|约的|时间|报告|结果|单子|号|排期|复查)|"
    r"(?:改|挂|预约|排|等|取消|推迟|延期)[^。！？!?；;，,]{0,3}(?<![a-z])nt(?![a-z])|"
    r"(?:唐筛|唐氏|大排畸|四维|糖耐)(?:的)?(?:预约|时间|排期|号)"
)
# A big belly said the way people say "pregnant" (挺着大肚子, 大着肚子, 大肚婆, 我老婆大肚子了,
# a message that starts 大肚子 出血): a pregnancy now.  Not a belly grown big for another
# reason the message names (啤酒肚, 胖, 腹水, 肝硬化, 胀气) nor a man's.
_BIG_BELLY = re.compile(
    r"(?:挺着|怀着|顶着)(?:个|一个)?大肚子|大着(?:个)?肚子|大肚婆|"
    rf"{_BELLY_WOMAN}(?:现在|还|正|也|都)?(?:是)?(?:个)?大肚子|"
    r"(?:^|(?<=[,，。;；!！?？\s]))大肚子(?=\s|[,，。;；!！?？]|出血|流血|见红|$)"
)
_BIG_BELLY_OTHER = re.compile(
    r"啤酒|胖|肥|减肥|赘肉|将军肚|腹水|肝硬化|胀气|积食|吃撑|男|爸|爷|公公|老公|丈夫|儿子|兄|弟|叔|伯|舅"
)


def _big_belly(text: str) -> re.Match[str] | None:
    """A big belly told as a pregnancy (see _BIG_BELLY): the words, or None."""
    m = _BIG_BELLY.search(text)
    if m is None or _BIG_BELLY_OTHER.search(text):
        return None
    return m


# A fall or a knock to the woman and her fear for the baby it may have hurt (今天摔了下，
# 肚子有点疼，应该没伤到宝宝吧; 被撞了一下肚子，会不会影响孩子): the baby is inside her.
# Not a baby held or pushed along (抱着宝宝摔了), nor one that fell itself (宝宝从床上摔下来).
_UNBORN_HARMED = re.compile(
    r"(?:摔|跌|滑倒|撞|磕|碰|绊)[^。！？!?]{0,30}?"
    r"(?:伤到|伤着|伤了|影响到|影响|碰到|撞到|震到|吓到)(?:了)?(?:肚子里的|肚里的|里面的)?"
    r"(?:宝宝|孩子|胎儿|娃|bb|小孩|宝贝)"
)
_BABY_HELD = re.compile(
    r"(?:抱|背|带|推|牵|领|拉|扶|喂)(?:着|了)?[^。！？!?，,]{0,4}?(?:宝宝|孩子|娃|bb|小孩|宝贝|婴儿|婴儿车|推车)|"
    r"(?:宝宝|孩子|娃|bb|小孩|宝贝)[^。！？!?，,]{0,6}?(?:摔|跌|滑倒|撞|磕|碰|掉)"
)
_BELLY_NAMED = re.compile(r"肚|腹|下面|见红|出血|流血")


def _unborn_harmed(text: str) -> re.Match[str] | None:
    """A fall or a knock told of the woman, her belly or a bleeding named, and her fear
    for the baby it may have hurt (see _UNBORN_HARMED): the words, or None."""
    m = _UNBORN_HARMED.search(text)
    if m is None or _BABY_HELD.search(text) or not _BELLY_NAMED.search(text):
        return None
    return m


# the baby "in there" moving as only a fetus does (宝宝老在里面打拳, 娃晚上在里头翻跟头)
_IN_THERE_MOVING = re.compile(
    r"(?:宝宝|宝贝|孩子|娃|bb|小家伙)[^。！？!?；;，,的]{0,6}在(?:里面|里头|里边)[^。！？!?；;，,]{0,3}"
    r"(?:翻跟头|翻跟斗|翻筋斗|打拳|练拳|打太极|踢我|蹬我|顶我|拱我|伸懒腰)"
)
# a wife's belly seen bulging again and again as only a fetus kicks it (我老婆肚子以前一直
# 鼓包, 她肚皮老是一鼓一鼓的): a pregnancy now; not a lump told once (肚子上鼓了个包), nor
# a bulge of wind or of a hernia (老是鼓包，胀气; 一直鼓包，躺下就没了)
_BELLY_BULGING = re.compile(
    rf"{_BELLY_WOMAN}(?:的)?(?:肚子|肚皮)[^。！？!?；;，,]{{0,6}}?"
    r"(?:(?:一直|老是|总是|经常|时不时|动不动|一会儿?)(?:在|就)?鼓(?:包|一下)|一鼓一鼓|鼓来鼓去)"
    r"(?![^。！？!?]{0,10}(?:胀气|胀得|放屁|排气|消化|躺下|按下去|按进去|疝气|推回去))"
)
# a moment of now later in the text: the past told before it is the usual state compared
# with now (以前宝宝一到晚上就在里面打拳，今天一下没动), not a pregnancy gone by
_NOW_AFTER = re.compile("今天|今晚|今早|今儿|现在|这会儿?|这两天|从早上|从中午|到现在")
_PREGNANCY_DENIED = re.compile(
    r"(?:没|没有|不是|未|并非|不可能|不会)(?:怀孕|怀上|孕妇)|(?:测|验)[^。！？!?]{0,6}(?:没怀|阴性)"
    # (我还没怀二胎: the next pregnancy is not yet)
    r"|(?:没|没有|还没|还没有)(?:怀|要)(?:二胎|二宝|老二|三胎|三宝|老三)"
)


# the rest of the sentence after 怀的 tells a child born since or a pregnancy lost (not a
# birth to come: 马上要生了)
_CARRIED_SINCE = re.compile(
    r"[^。！？!?]*?(?:(?<![要快该将])(?:生的|生了|生下|出生)|\d(?:\.\d)?岁|今年\d|"
    r"上(?:小学|初中|高中|大学|幼儿园|学)|工作了|没保住|流掉|流产|胎停)"
)


# A baby's movements told in lay words (宝宝动得挺好, 他一小时能踢十几下, 一下都没踢) are
# fetal movements when the same message speaks of the womb's signs: a show (没见红) or the
# belly the baby is felt in (肚子里空空的, 肚子里没动静).  Either alone is said of a born
# baby too (宝宝动得挺好; 孩子肚子里咕噜响), the two together only in a pregnancy.
_LAY_KICKS = re.compile(
    r"(?:宝宝|宝贝|孩子|小家伙|他|她)[^。！？!?；;，,]{0,6}?"
    r"(?:(?<!球)[动踢蹬]得(?:挺|很|还|都|也|可|特别)?(?:好|正常|多|欢|勤)|"
    r"(?:能|会|要|就)?(?:踢|动)(?:了)?(?:\d+|几|10几|十几|好几|好几10|几10|[一二三四五六七八九十两]{1,3})下(?:了|呢)?(?=[。！？!?；;，,\s]|$))"
    r"|(?:[1一]下|一点)(?:都|也)(?:没|没有|不)(?:踢|动)(?:了|过)?(?=[。！？!?；;，,\s]|$)"
)
# (a woman feeling her own belly for the kicks, 我老婆摸了一晚上肚子, 她一直摸着肚子: the
# belly the baby is felt in; not a child's tummy felt, 摸了摸他肚子)
_WOMB_SIGN = re.compile(
    r"见红|肚子?(?:里|里面|里头)|"
    rf"(?:{_BELLY_WOMAN}|我|俺)[^。！？!?；;，,]{{0,4}}摸[^。！？!?；;，,他她娃宝孩]{{0,6}}(?:自己的?)?(?:肚子|肚皮)"
)


def _kicks_with_womb(text: str) -> re.Match[str] | None:
    """A baby's movements told in lay words beside a sign of the womb (宝宝动得挺好，也没见红):
    the movement's words, or None."""
    kicks = _LAY_KICKS.search(text)
    if kicks is None or not _WOMB_SIGN.search(text):
        return None
    return kicks


def pregnancy_implied(text: str) -> str | None:
    """A pregnancy now told only by a word that no one else says (没破水，胎动也正常),
    or by a baby's movements told beside a sign of the womb (`_kicks_with_womb`): the
    words, or None."""
    m0 = None
    for m in [
        *_PREGNANCY_ONLY.finditer(text),
        *_PREGNANCY_CUES.finditer(text),
        *_PREGNANCY_TOLD_BY.finditer(text),
        *_IN_THERE_MOVING.finditer(text),
        *_BELLY_BULGING.finditer(text),
        *_TEST_BOOKED.finditer(text),
    ]:
        before = text[max(0, m.start() - 5) : m.start()]
        if _PAST_BEFORE.search(before) and not (
            m.re in (_IN_THERE_MOVING, _BELLY_BULGING) and _NOW_AFTER.search(text, m.end())
        ):
            continue
        after = _MOMENT_AFTER.match(text, m.end())
        if after and _BORN_SINCE.search(text, after.end()):
            continue
        if "怀的" in m.group(0) and _CARRIED_SINCE.match(text, m.end()):
            continue  # 我老婆怀的老大，今年上初中了: a child born since
        m0 = m
        break
    if m0 is None:
        # (the usual count is told of the past on purpose: 以前他一小时踢十几下)
        m0 = _kicks_with_womb(text)
    if m0 is None and "肚" in text:
        m0 = _big_belly(text)
    if m0 is None and ("伤" in text or "影响" in text or "到" in text):
        m0 = _unborn_harmed(text)
    if m0 is None or _PREGNANCY_DENIED.search(text) or postpartum(text):
        return None
    return m0.group(0)


def _weeks(text: str) -> float | None:
    m = _PREG_PLUS.search(text) if "+" in text else None
    if m and (m.group("p") or m.group("u") or m.group("u2")) and pregnancy_now(text, *m.span()):
        w = float(m.group("w"))
        if 4 <= w <= 42:
            return w + float(m.group("d")) / 7
    # 孕20周的时候做的唐筛，现在30周: a week told as a moment yields to one told besides
    moments: list[float] = []
    for rx in _PREG_WEEKS:
        for m in rx.finditer(text):
            if pregnancy_now(text, *m.span()):
                if not text.startswith(_THEN, m.end()):
                    return float(m.group(1))
                moments.append(float(m.group(1)))
    for m in _BARE_WEEKS.finditer(text) if "周" in text or "w" in text else ():
        if 20 <= int(m.group(1)) <= 42 and pregnancy_now(text, *m.span()):
            if not text.startswith(_THEN, m.end()):
                return float(m.group(1))
            moments.append(float(m.group(1)))
    if moments:
        return moments[0]
    if ("周" in text or "w" in text) and not _BIRTH_TOLD.search(text):
        for rx in (_NOW_WEEKS, _BABY_WEEKS):
            for m in rx.finditer(text):
                weeks = int(m.group(1))
                if rx is _NOW_WEEKS and _SPAN_BEFORE.search(text, max(0, m.start() - 6), m.start()):
                    continue
                if GESTATION_FROM <= weeks <= 42 and pregnancy_now(text, *m.span()):
                    if not text.startswith(_THEN, m.end()):
                        return float(weeks)
    for m in _PREG_MONTHS.finditer(text) if "月" in text else ():
        if pregnancy_now(text, *m.span()):
            raw = next(g for g in m.groups()[1:] if g)
            months = float(raw) - (0.5 if m.group("pre") else 0.0)
            if "半" in m.group(0):
                months += 0.5
            return months * 4.3
    for m in _BARE_MONTHS.finditer(text) if "月" in text else ():
        if pregnancy_now(text, *m.span()):
            months = float(m.group("n")) - (0.5 if m.group("pre") else 0.0)
            return (months + (0.5 if m.group("q") == "半" else 0.0)) * 4.3
    for m in _SPEAKER_MONTHS.finditer(text) if "月" in text else ():
        if pregnancy_now(text, *m.span()) and infant_age_days(text) is None:
            months = float(m.group("n")) - (0.5 if m.group("pre") else 0.0)
            return (months + (0.5 if m.group("q") == "半" else 0.0)) * 4.3
    m = _AMENORRHOEA_DAYS.search(text) if "停经" in text else None
    if m:
        return float(m.group(1)) / 7
    m = _PREG_LEFT.search(text) if "还有" in text or "剩" in text else None
    if m:
        raw = m.group("n") or m.group("n2")
        n = 0.5 if raw == "半" else float(raw)
        unit = (m.group("u") or m.group("u2")).lstrip("个")
        unit = "月" if unit.endswith("月") else unit
        left = n * _LEFT_DAYS[unit] / 7
        if (m.group("q") or m.group("q2") or "多" in m.group(0)) and unit != "天":
            left += 0.5  # 还有1个多月: more weeks left, an earlier week now
        return max(20.0, 40.0 - left)
    m = _DUE_SOON.search(text) if "生" in text or "临产" in text else None
    if m and pregnancy_now(text, *m.span()):
        return DUE_SOON_WEEKS
    for word, weeks in _PREG_STAGE.items() if _STAGE_WORDS.search(text) else ():
        i = text.find(word)
        if (
            i >= 0
            and pregnancy_now(text, i, i + len(word))
            and not _STAGE_OF_A_BIRTH.match(text, i + len(word))
            and not _not_yet(text, i, i + len(word))
        ):
            return weeks
    return None


# a stage not reached yet (还没到预产期, 离预产期还早): the weeks are earlier, not told
_NOT_YET_BEFORE = re.compile(r"(?:没|没有|不|未)(?:到|足)$")
_NOT_YET_AFTER = re.compile(r"(?:还早|还远|还有很久|还有好久)")


def _not_yet(text: str, start: int, end: int) -> bool:
    return bool(
        _NOT_YET_BEFORE.search(text, max(0, start - 3), start) or _NOT_YET_AFTER.match(text, end)
    )


# Every reading of ``_weeks`` needs one of these words: a unit of weeks (its weeks and
# its bare weeks; 孕35+3 needs the +), a word of its months (孕, 怀, 妊娠, 有了, 有喜, 肚,
# 停经, 揣: 肚子8个月, 怀了7个月, 8个月的身孕; a bare month count needs a wife's or a
# woman's word, the gate of _BARE_MONTHS), 停经, 还有 (还有1个月就生了) or a stage word.
# Most messages hold none of them (有 of 没有, 生 of 医生 and 周 of 周末 do not open it).
_STAGE_WORDS = re.compile("|".join(map(re.escape, _PREG_STAGE)))
_WEEKS_WORDS = re.compile(
    "|".join(
        map(
            re.escape,
            sorted(
                {
                    "+",
                    "周",
                    "w",
                    "礼拜",
                    "星期",
                    "孕",
                    "怀",
                    "妊",
                    "有了",
                    "有喜",
                    "肚",
                    "停经",
                    "揣",
                    "身子",
                    "还有",
                    "还剩",
                    "只剩",
                    "就生",
                    "要生",
                    "该生",
                    *(literal_gate(_BARE_MONTHS) or ("月",)),
                    *(literal_gate(_SPEAKER_MONTHS) or ("月",)),
                    *_PREG_STAGE,
                },
                key=lambda w: (-len(w), w),
            ),
        )
    )
)


def pregnancy_weeks(text: str) -> float | None:
    """Weeks of pregnancy named in the text (孕30周, 孕35+3周, 怀孕9个月, 有了32周,
    还有1个月就生了, 停经40天, 孕晚期)."""
    text = read_ranges(text)
    weeks = None
    if _WEEKS_WORDS.search(text) and (  # no reading of _weeks can match otherwise
        _PREG_CHARS.search(text)
        or ("月" in text and (_BARE_MONTHS.search(text) or _SPEAKER_MONTHS.search(text)))
    ):
        weeks = _weeks(text)
    return weeks if weeks is not None else cue_weeks(text)


# ---------------------------------------------------------------- pregnancy told by cues
# How far along a pregnancy is, told by what it brings rather than by a count: the birth
# due soon in other words (下个月生bb, 下个月就该见面了 of the baby), maternity leave about
# to start (快休产假了), an antenatal test done at a known week and the time since
# (刚做完nt: about 12 weeks; 糖耐做完两个多月了: about 33).  A test told without its
# time gives no weeks (the pregnancy still holds: ``pregnancy_implied``).
_DUE_SOON_CUE = re.compile(
    r"(?:下个?月|下周|下个?星期|下个?礼拜|月底|过几天|过两天|过2天)(?:就|就要|就该|要|该)?"
    r"(?:生(?:宝宝|孩子|娃|小孩|bb|baby)(?:了)?(?=[,，。.!！?？;；\s]|$)|生(?=[,，。.!！?？;；\s]|$)|"
    r"(?P<meet>见面|卸货))"
)
_LEAVE_SOON = re.compile(
    r"(?:快|快要|马上|马上就要|就要|准备|打算|要|下周|下个?月|月底|过几天|过两天)(?:开始|去|就)?休产假"
)
# an antenatal test and the week of pregnancy it is done at
_ANTENATAL_TEST = re.compile(
    r"(?<![a-z])nt(?![a-z$])|唐筛|唐氏筛查|无创dna|大排畸|四维(?!空间|码|向量|世界|数组)|"
    r"糖耐(?!量(?:异常|受损|减低|低减))"
)
_TEST_WEEK = (
    ("nt", 12.0),
    ("无创", 13.0),
    ("唐", 16.0),
    ("大排畸", 22.0),
    ("四维", 22.0),
    ("糖耐", 25.0),
)
# told as just done: 刚做完nt, 上周做的四维, 四维刚做完没多久
_JUST_BEFORE = re.compile(
    r"(?:刚|刚刚|才|今天|昨天|前天|前几天|这两天|这周|上周|上个?星期|上个?礼拜)"
    r"[^。！？!?；;，,]{0,4}$"
)
_JUST_AFTER = re.compile(
    r"[^。！？!?；;，,]{0,4}?(?:刚|才)(?:做|查)|[^。！？!?；;，,]{0,4}?没多久|不久"
)
# told with the time since: 糖耐做完两个多月了, nt是3周前做的
_SINCE = re.compile(
    r"[^。！？!?；;，,\d]{0,6}?(?P<n>\d{1,2}|半)(?P<q>多|来|几)?\s*(?P<u>天|周|个?星期|个?礼拜|个(?:多|半)?月)"
    r"(?:多|左右)?(?:了|前|之前|以前)"
)


def cue_weeks(text: str) -> float | None:
    """Weeks of pregnancy told by a cue (the birth due soon in other words, maternity
    leave about to start, an antenatal test and the time since), or None."""
    if "生" in text or "见面" in text or "卸货" in text:
        m = _DUE_SOON_CUE.search(text)
        if m and (not m.group("meet") or _BABY_WORD.search(text, 0, m.start())):
            if pregnancy_now(text, *m.span()):
                return DUE_SOON_WEEKS
    if "产假" in text:
        m = _LEAVE_SOON.search(text)
        if m and pregnancy_now(text, *m.span()) and not _BIRTH_TOLD.search(text):
            return DUE_SOON_WEEKS
    for m in _ANTENATAL_TEST.finditer(text):
        if not pregnancy_now(text, *m.span()):
            continue
        week = next(w for word, w in _TEST_WEEK if m.group(0).startswith(word))
        since = _SINCE.match(text, m.end())
        if since:
            raw = since.group("n")
            n = 0.5 if raw == "半" else float(raw)
            unit = since.group("u").lstrip("个")
            unit = "月" if unit.endswith("月") else unit
            return min(42.0, week + n * _LEFT_DAYS[unit] / 7)
        if _JUST_BEFORE.search(text, 0, m.start()) or _JUST_AFTER.match(text, m.end()):
            return week
    return None


# Words that tell a pregnancy now without naming it, beside those of ``_PREGNANCY_CUES``:
# an antenatal test (nt, 糖耐, 无创dna), the bump carried (挺着个肚子, 双胞胎的肚子, a
# 大肚子 that fell), the baby in the belly (肚子里那小崽子, 宝宝在肚子里打拳), the birth
# not yet due (还没到生的时候) or due soon in other words, maternity leave about to start
# or just started (快休产假了, 刚休产假).
_PREGNANCY_TOLD_BY = re.compile(
    r"(?<![a-z])nt(?:检查|彩超|b超|超声)|(?:做|查|约)[^。！？!?；;，,]{0,3}(?<![a-z])nt(?![a-z])|"
    r"糖耐(?!量(?:异常|受损|减低|低减))|无创dna|大排畸|唐氏筛查|"
    rf"(?:^|(?<=[，,。；;！!？?\s])|{_BELLY_WOMAN}|我|俺)(?:还|正|都)?挺着(?:个|一个)?(?:大)?肚子|(?:双胞胎|双胎|龙凤胎|三胞胎)(?:的)?肚子|"
    r"(?:^|(?<=[，,。；;！!？?\s]))大肚子(?=[^，,。；;！!？?]{0,2}(?:摔|跌|滑倒|撞|磕))|"
    r"肚子?(?:里|里头|里面|里边)(?:的|那|这)?(?:个|只)?(?:小)?(?:崽子|宝宝|宝贝|娃娃|孩子|家伙|bb|胎儿)|"
    # (not a thing swallowed: 孩子吃的糖还在肚子里)
    r"(?:宝宝|宝贝|孩子|娃|bb|小家伙)[^。！？!?；;，,的吃喝吞咽]{0,6}在(?:我|她|妈妈)?(?:的)?肚子?(?:里|里面|里头)|"
    r"(?:还没|没)到(?:生的时候|要生的时候|生孩子的时候|预产期)|离预产期还早|"
    rf"{_LEAVE_SOON.pattern}|(?:刚|刚刚|才|已经|开始)休(?:了|上)?产假|"
    # a baby just found by a test, whoever carries it (有宝宝了刚查出来, 怀上了才测出来)
    # (not a disease found: 有孩子了才查出来有糖尿病)
    r"(?:有|怀)(?:(?:了|上)(?:个)?(?:宝宝|bb)?|(?:个)?(?:宝宝|bb))了?[,，]?(?:刚|才|刚刚)(?:查|测|验)出(?:来)?(?:了)?"
    r"(?=[,，。.!！?？;；\s]|$)|"
    # a parent-to-be (我要当爸爸了, 准爸爸一枚), the months grown big (月份大了), the one in
    # the belly (肚子里这个), a baby not yet born (宝宝三十四周了还没出生; not 还没出生的时候),
    # a woman about to give birth (老婆要生了), a sac or a bud seen on a scan (孕囊, 胎芽)
    r"(?:要|快要|就要|马上要)当(?:爸爸|爸|妈妈|妈)了|准爸爸|月份(?:已经|都)?(?:大了|不小了)|"
    r"肚子?(?:里|里头|里面|里边)(?:的)?(?:这个娃|这个孩子|(?:这个|那个)(?=(?:快|已经|都|才|有|刚)?"
    r"[\d一二三四五六七八九十两几]+(?:个多?月|周)))|(?<![避备])孕(?:[1-3]\d|4[0-2])(?![\d天岁斤个])|"
    r"(?:宝宝|孩子|娃|bb)[^。！？!?；;，,]{0,8}还没(?:出生|生出来|落地)(?!的时候|时|那会)|"
    rf"(?:{_BELLY_WOMAN}|我|俺)(?:快|快要|马上|马上就|就|这就)?要生了|"
    r"孕囊|胎芽|胚芽|卵黄囊|保胎|(?<![a-z])hcg[^。！？!?；;，,]{0,3}翻倍"
)


# ---------------------------------------------------------------- just delivered
_BB = r"(?:孩子|宝宝|小孩|娃|bb|baby|二胎|二宝|老二|三胎|小宝|闺女|儿子|女儿|仔|女)"
# A delivery and, when told, the time since: 生完孩子第5天, 剖完3天, 产后10天, 刚生了个闺女,
# 坐月子, 产褥期, 刚出院的产妇, 恶露 (the weeks after a birth)
_DELIVERED = re.compile(
    rf"(?P<w>(?:剖宫产|剖腹产|顺产)(?:完|后|出院|术后)?|剖完|产后|分娩后?|生产(?:完|后)|"
    rf"(?:刚|才|刚刚)?生(?:完|好)(?:{_BB})?(?:后|以后|之后)?|"
    rf"(?:刚|才|刚刚)生(?:了|下)?(?:个|一个)?(?:{_BB})?(?![病气疮活意日长])|"
    rf"生(?:了|下)(?:{_BB})(?:后|以后|之后)?|生{_BB}(?:后|以后|之后)|"
    # 生了才10天, 生下来刚一周: the time since is told
    rf"生(?:了|下来?)(?:才|刚|刚刚|还没|还不到|不到)(?=\d|半|个把))"
    rf"(?:[,，]?(?:已经|才|刚|有|都|了|现在|今天)?(?P<pre>第)?{_AGE})?"
)
_DELIVERED_WORDS = re.compile(
    r"坐月子|坐月(?!子)|月子里|月子中|月子期间|月子(?:第|\d)|产褥期|产妇|月婆|恶露|刚出月子|刚生产|"
    # 做月子 (a homophone typed for 坐月子), 还没出月子
    r"做月子|没出月子|月子没(?:坐完|出)|"
    rf"{_CONFINEMENT_NOT_OVER}"
)
_DELIVERY_CHARS = led(re.compile(r"[产剖娩月恶]|生[完好了下孩宝小娃bb二老三闺儿仔女]|[刚才]生"))
POSTPARTUM_DAYS = 42.0  # 产褥期 (6 weeks): postpartum pre-eclampsia and bleeding


def postpartum(text: str) -> str | None:
    """The words that say the patient gave birth within the last 6 weeks (None: not
    said, or said of longer ago: 生完孩子3年了, 产后2年)."""
    if not _DELIVERY_CHARS.search(text):
        return None
    said = None
    for m in _DELIVERED.finditer(text):
        if m.group("w") in ("生了", "生下") or not _delivery_now(text, m):
            continue
        if m.group("n") and _days(m) > POSTPARTUM_DAYS:
            continue
        if not m.group("n") and _LONG_AGO.match(text, m.end()):
            continue  # 生完孩子3年了, 产后2年
        said = said or m.group(0)
    m = _DELIVERED_WORDS.search(text)
    return said or (m.group(0) if m else None)


# 生完孩子3年了: years (or months beyond the 6 weeks) since
_LONG_AGO = re.compile(
    r"[^。！？!?；;\d]{0,4}?[,，]?(?:已经|都|有|快)?"
    r"(?:\d{1,2}(?:多|几)?\s*(?:年|岁)|(?:[2-9]|\d\d)(?:多|几)?\s*个多?月)"
)
_BIRTH_PAST = re.compile(r"(?:孩子|宝宝|他|她)?(?:是|就是)?$")


# a birth told of an earlier pregnancy (上一胎是足月顺产, 之前两胎都是顺产): no delivery now
_EARLIER_BIRTH = re.compile(
    r"上一胎|上胎|头胎|第一胎|前一胎|前两胎|前几胎|上次|上一次|老大|大宝|胎都|"
    # (之前, 以前 of an earlier time, not of a time ago: 1周之前刚生完)
    r"(?<![\d天周月年个几一两三四五六七八九十])(?:之前|以前)"
)
_CLAUSE_START = re.compile(r"[^。！？!?；;，,\n]*$")
# a recent time before 剖腹产的 (我是上周在你们这剖腹产的): a delivery now, not how a child was born
_RECENT = re.compile(
    r"上周|上个?星期|上个?礼拜|这周|前几天|前天|昨天|今天|刚刚?|才|(?:\d{1,2}|[一二两三四五六七八九十])(?:天|周)前"
)


def _delivery_now(text: str, m: re.Match[str]) -> bool:
    """孩子是剖腹产生的 (how a child was born) and a birth of an earlier pregnancy (上一胎是
    顺产) are no delivery now."""
    w = m.group("w")
    head = _CLAUSE_START.search(text, 0, m.start())
    if (
        w in ("剖宫产", "剖腹产", "顺产")
        and text.startswith(("生的", "的"), m.end("w"))
        and not (head and _RECENT.search(head.group(0)))
    ):
        return False
    return not (head and _EARLIER_BIRTH.search(head.group(0)))


# The mother's own fever after a birth (我还在坐月子，今天自己发烧38.5; 剖腹产刚拆线，发烧38.6，
# 宝宝还能喂奶吗): the baby's age is told by her recovery, the fever is hers — no fever of
# the baby.  Read clause by clause: a clause of heat (a fever word or a reading of 38 and
# over) that names the baby is the baby's; one that opens with the mother (我, 自己, 产妇,
# 老婆 …; not 我是姐姐, not 我量了 / 我摸着: she measures the baby) is hers when the heat is
# in it or when it tells her birth (我剖腹产刚拆线), and so is a clause with no person after
# such a clause.  Another person named (妹妹, 我老公) leaves the owner unknown.  Every
# clause of heat must be hers.
_HEAT = re.compile(
    r"发烧|发热|高烧|高热|低烧|烧到|烧了|烧起来|体温|烫|"
    r"(?<![\d.])(?:3[89]|4[0-2])(?:\.\d)?(?:度|℃)?(?![\d.]|kg|公斤|斤|周|天|岁)"
)
_MOTHER_OPENS = re.compile(
    r"(?:今天|昨天|今早|昨晚|这两天|现在|刚才|又|也|还)*"
    r"(?:我(?:是)?(?:产妇|宝妈)|我(?!是|们)|俺(?!是|们)|本人|产妇|宝妈|(?:我)?(?:老婆|媳妇|爱人|妻子)|自己)"
    r"(?:自己)?(?!量|测|摸|发现|看|觉得|感觉|给|帮|用|抱|喂|带|拿|试|怕|担心|想|问)"
)
_HER_BIRTH = re.compile(r"月子|剖|顺产|侧切|生完|生产|分娩|产后|产妇|拆线|恶露|伤口|刀口|宝妈")
_PERSON_WORD = re.compile(
    rf"{_BABY}|仔(?!细)|[他她我俺]|自己|产妇|宝妈|老婆|媳妇|爱人|妻子|妹妹|弟弟|姐姐|哥哥|"
    r"爸|妈|爷|奶|姥|外公|外婆|老公|丈夫|婆婆|公公"
)


def mothers_own_fever(text: str) -> bool:
    """Is every fever told in the text the mother's own, after a birth told?"""
    if not _HEAT.search(text) or not postpartum(text):
        return False
    owner: str | None = None  # whom the clauses of no person are about
    any_heat = False
    for c in _CLAUSE.finditer(text):
        clause = c.group(0)
        heat = _HEAT.search(clause) is not None
        if _CUE_BABY.search(clause):
            owner = "baby"
        elif _MOTHER_OPENS.match(clause) and (heat or _HER_BIRTH.search(clause)):
            owner = "mother"
        elif _PERSON_WORD.search(clause):
            owner = None
        if heat:
            any_heat = True
            if owner != "mother":
                return False
    return any_heat


# ---------------------------------------------------------------- old age
# 我妈70多了, 我爸今年78, 老豆70几, 我伯伯60好几了, 我妈快80了, 奔90的人: a person, a few
# qualifiers, a number of years (岁 is often left out), then the clause ends.  A number
# followed by anything else (斤, 度, 次, mmol) or after a measure word (血压, 心率) is no age.
_PERSON = (
    r"(?:爸爸|妈妈|爸|妈|老爸|老妈|父亲|母亲|爷爷|奶奶|外公|外婆|姥姥|姥爷|公公|婆婆|岳父|岳母|"
    r"丈人|丈母娘|老公|老婆|爱人|伯伯|伯父|伯母|大伯|叔叔|婶婶|舅舅|舅妈|姑姑|姑妈|姨妈|大姨|"
    r"大爷|大妈|大娘|老头|老太|老人家|老人|老伴|家父|家母|老爹|老娘|我|俺|他|她|本人)"
)
_AGE_END = r"(?=了|的人|的老人|高龄|高寿|老人|岁|[,，。.!！?？;；\s]|$)"
_ELDER_AGE = re.compile(
    rf"(?:{_PERSON}(?:今年|已经|已|都|也|才|是|有|快|快要|将近|年近|年过|已过|都快|也快)*|奔|年近|年过|年逾|"
    r"(?:年纪|岁数|年龄|年岁)(?:也|都)?(?:大了|不小了|高了)?[,，]?(?:已经|都|有|是|快)?)"
    r"(?P<n>\d{2,3})(?P<q>多|几|来|好几)?(?:有(?P<d>[\d一二三四五六七八九]))?(?:岁|周岁)?"
    + _AGE_END
)
# the cheap part first: a number of years that ends its clause
_YEARS_TAIL = led(
    re.compile(r"\d{2,3}(?:多|几|来|好几)?(?:有[\d一二三四五六七八九])?(?:岁|周岁)?" + _AGE_END)
)
_LITERARY_CHARS = re.compile("[稀耋杖寿颐老]")
_DECADES = re.compile(r"(?P<pre>年近|年过|年逾|已过|奔)?(?P<n>[五六七八九])旬")
_LITERARY_AGES = {
    "七老80": 75.0,
    "古稀": 70.0,
    "杖朝": 80.0,
    "耄耋": 85.0,
    "米寿": 88.0,
    "期颐": 100.0,
}
_CN_DIGIT = {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ONES = dict(zip("一二三四五六七八九", "123456789", strict=True))
_TOWARD = ("快", "快要", "将近", "年近", "奔")


def elderly_age(text: str) -> float | None:
    """An adult's age in years as old people's families write it, the younger end when
    approximate (70多 → 71, 60好几 → 65, 快80 → 79); None when no such age is told."""
    ages: list[float] = []
    for m in _ELDER_AGE.finditer(text) if _YEARS_TAIL.search(text) else ():
        n = float(m.group("n"))
        if not 40 <= n <= 115:
            continue
        q = m.group("q")
        n += 5.0 if q == "好几" else 1.0 if q else 0.0
        d = m.group("d")
        n += float(_ONES.get(d, d) if d else 0)  # 80有3: 83
        if any(w in m.group(0)[: m.start("n") - m.start()] for w in _TOWARD):
            n -= 2.0 if "奔" in m.group(0) else 1.0
        ages.append(n)
    for m in _DECADES.finditer(text) if "旬" in text else ():
        n = _CN_DIGIT[m.group("n")] * 10.0
        ages.append(n - 2.0 if m.group("pre") in ("年近", "奔") else n)
    if _LITERARY_CHARS.search(text):
        ages += [age for word, age in _LITERARY_AGES.items() if word in text]
    return min(ages) if ages else None


# Scanned only near the words every match holds (``gates.anchored``; the same matches):
# they begin with optional words or a run of any character, tried at every position.
_ELDER_AGE, _DELIVERED, _AFTER_BIRTH, _HOURS, _BORN_RE, _NEWBORN_WORDS = map(
    anchored, (_ELDER_AGE, _DELIVERED, _AFTER_BIRTH, _HOURS, _BORN_RE, _NEWBORN_WORDS)
)
_HUNDRED_DAYS, _PREG_LEFT, _DECADES = map(anchored, (_HUNDRED_DAYS, _PREG_LEFT, _DECADES))
# The pregnancy cues and tests are long alternations read on every message by
# patient_facts (a third of the cost of the age readings on a long message): scanned
# only near their words too.  _AGE_CLAUSE gets the lookahead for its first characters.
_PREGNANCY_TOLD_BY, _PREGNANCY_CUES, _ANTENATAL_TEST, _AGE_CLAUSE = map(
    anchored, (_PREGNANCY_TOLD_BY, _PREGNANCY_CUES, _ANTENATAL_TEST, _AGE_CLAUSE)
)

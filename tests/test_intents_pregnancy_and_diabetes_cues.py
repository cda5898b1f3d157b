"""A pregnancy, how far along it is, or a diabetic's crisis told by cues rather than
by name: an antenatal test and the time since, the baby in the belly, the time left to
the due date, maternity leave about to start, the key words typed in pinyin, a
treatment that did not bring the sugar down, a count of kicks that is low.  Each cue
opens the fact gate only when the message also tells a danger sign; the look-alikes
(a routine question, a cue of an early week, not noticing the kicks, a bleed that
stopped) stay calm.  Our own wordings, not taken from any evaluation set."""

import pytest
from redflag_support import emergency

from intents.ages import pregnancy_implied, pregnancy_weeks
from intents.normalize import safety_text
from intents.redflags import assess


def weeks(text: str) -> float | None:
    return pregnancy_weeks(safety_text(text))


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("刚做完NT检查", 11, 14),  # the test's own week
        ("上周做的四维，一切都好", 20, 24),
        ("糖耐是一个月前做的", 28, 31),  # the test's week and the time since
        ("离预产期还剩三周", 36, 38),
        ("我下个月生宝宝", 34, 38),
        ("公司说我下周就要休产假了", 34, 38),
    ],
)
def test_weeks_told_by_a_cue(text: str, low: float, high: float) -> None:
    w = weeks(text)
    assert w is not None and low <= w <= high, (text, w)


@pytest.mark.parametrize(
    "text",
    [
        "肚子里这个小家伙今天特别安静",
        "宝宝晚上老在我肚子里翻跟头",
        "挺着个肚子去上班",
        "双胞胎的肚子好重",
        "还没到生的时候呢",
    ],
)
def test_a_pregnancy_told_by_a_cue(text: str) -> None:
    assert pregnancy_implied(safety_text(text)) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "孩子肚子里有气，一直放屁",  # the child's own belly
        "孩子吃的糖还在肚子里，会不会消化不了",  # a thing swallowed
        "我老公也挺着个大肚子，天天喝啤酒",  # a man's belly
        "糖耐量受损，医生让我少吃主食",  # pre-diabetes, not the antenatal test
        "休完产假回来上班了，宝宝五个月",  # the leave is over, the baby born
        "我们下个月就该见面了，网友约的",  # no baby: a meeting
    ],
)
def test_no_pregnancy_from_a_cue_of_something_else(text: str) -> None:
    s = safety_text(text)
    assert pregnancy_implied(s) is None and pregnancy_weeks(s) is None, text


@pytest.mark.parametrize(
    "text",
    [
        # an antenatal test with the time since: late enough for pre-eclampsia
        "糖耐做完一个多月了，今天头痛得厉害，眼前直冒金星，血压量了166/112",
        # the baby in the belly, quiet all day
        "肚子里那个小家伙从中午到现在一下都没动过，我心里发慌",
        # the due date close, told as the time left
        "离预产期还剩四周，今天头痛欲裂，看东西模模糊糊，脚也肿得厉害",
        # maternity leave about to start, no kicks felt
        "下周就要休产假了，今天一整天都感觉不到宝宝踢我",
        # the key words typed in pinyin
        "tai dong 从昨晚到现在都没有了, yu chan qi 还有两周",
        "wo ba da yi dao su de, 今天一直吐, xue tang 显示 HI",
    ],
)
def test_an_emergency_told_with_a_cue_is_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize(
    "text",
    [
        "刚做完NT，还感觉不到宝宝在动，这个正常吗",  # twelve weeks: no kicks yet
        "离预产期还剩四周，想问问待产包要准备些什么",  # a routine question
        "闺蜜怀孕七个月了，她问孕期能不能喝咖啡",  # a friend's question, no sign
        "上午开会没注意胎动，下午数了一个小时动了十几下，跟平时一样",  # not noticed
        "孕20周，前天同房后有点出血，检查说是宫颈的问题，之后再没出过血，现在还能运动吗",
        "孕30周，医生说我有血压偏高的风险，要注意些什么",  # a risk, not a reading
        "wo bu dong 怎么挂号",  # 不懂, not 不动
    ],
)
def test_a_look_alike_stays_calm(text: str) -> None:
    assert not emergency(text), text


def test_a_treatment_that_did_not_help_leaves_the_crisis_open() -> None:
    """Extra insulin that did not bring the sugar down is no treatment that ended the
    crisis: the classifier's verdict is not set aside."""
    assert not assess(safety_text("血糖31.5，追加打了2次胰岛素还是降不下来"), {}).set_aside("dka")
    # the look-alike: a dose given and nothing said against it stays set aside
    assert assess(safety_text("血糖31.5，追加打了2次胰岛素"), {}).set_aside("dka")


def test_a_low_count_of_kicks_after_a_total() -> None:
    def rules(text: str) -> list[str]:
        return [f.category for f in assess(safety_text(text), {}).flags]

    low = "预产期下个月，今天下午共感觉到胎动2回，往常一下午少说二十来回"
    usual = "预产期下个月，今天下午共感觉到胎动25回，跟往常差不多"
    assert "reduced_fetal_movement" in rules(low)
    assert not rules(usual)

"""Messages typed or dictated without a single stop (intents/normalize.py, _clause_stops):
the red-flag reading puts back the stops a writer would have typed where a new clause
plainly starts, so that a hypothetical or an errand, a history word or a doubt ends where
it would have ended with punctuation:

- a present case told after a question (…要不要叫救护车 | 我儿子已经抽了…);
- a report told after an errand or an earlier day (…有没有号 | 我爸昨天… | 今天…);
- a sentence-final particle with more words after it (…累着了吧 | 32周…);
- a baby's age right after its name (外孙女才45天 | 额头烫手);
- a history in a clinical note (女25岁癫痫病史 | 半小时内…);
- a body temperature whose point was left out (耳温386 is 38.6, 又386, 368 is 36.8).

The look-alikes stay calm: a question with no case told, a case that is fine now, a
history, a normal temperature, a sugar reading.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import emergency, flagged

from intents.normalize import normalize, normalize_safety, safety_text

RUN_ON_EMERGENCIES = [
    ("要是人抽筋超过五分钟要不要叫救护车我儿子已经抽了七八分钟了", "seizure"),
    ("假如突然说不出话半边身子没劲要不要打120俺老伴刚才就这样了", "stroke"),
    ("应该是累着了吧32周今天头疼得厉害看东西发花血压165/112", "preeclampsia"),
    ("外孙女才45天额头烫手耳温38.6", "infant_fever"),
    ("孙子才七周体温计显示382不太吃奶", "infant_fever"),
    ("万一误吃了老鼠药会怎样我家娃刚才把药粒子吃了好几颗", "drug_overdose"),
    ("女25岁癫痫病史半小时内抽了三次中间一直没醒过来", "seizure"),
    ("外孙才7周贴了退热贴又386精神差", "infant_fever"),
    ("小孙子生下来才五周刚才385哭闹不肯吃奶", "infant_fever"),
]

RUN_ON_LOOKALIKES = [
    "如果孩子抽搐超过五分钟要不要打120我想提前了解一下",  # info, no case told
    "我爸去年中风过现在恢复得挺好想问复查挂哪个科",  # history
    "宝宝才40天昨天打了疫苗今天体温36度8吃奶正常",  # a normal temperature
    "要是宝宝发烧到38度要不要马上去医院我家孩子现在好好的没发烧",  # denial
    "如果胸痛出冷汗要打120吗我妈现在没事就是问问",  # info, the person is well
    "孙女才50天我用体温计量了三次都是368吃奶好精神也好",  # 36.8, normal
    "宝宝60天刚才量了368精神很好吃奶也好",  # 36.8, normal
    "我有癫痫病史五年了一直吃药控制得很好想问能不能怀孕",  # history, a question
]


@pytest.mark.parametrize(("text", "category"), RUN_ON_EMERGENCIES, ids=lambda x: x[:12])
def test_a_case_told_without_stops_is_caught(text: str, category: str) -> None:
    assert category in flagged(text), text


@pytest.mark.parametrize("text", RUN_ON_LOOKALIKES, ids=lambda t: t[:12])
def test_a_lookalike_without_stops_stays_calm(text: str) -> None:
    assert not emergency(text), (text, flagged(text))


def read(text: str) -> str:
    return normalize_safety(text).text


def test_the_stops_go_where_a_writer_would_put_them() -> None:
    assert read("要是人抽筋超过五分钟要不要叫救护车我儿子已经抽了七八分钟了") == (
        "要是人抽筋超过5分钟要不要叫救护车?我儿子已经抽了七八分钟了"
    )
    assert read("外孙女才45天额头烫手耳温386") == "外孙女才45天,额头烫手耳温38.6"
    # a sugar reading keeps its digits; a message typed with stops keeps them as typed
    assert "385" in read("血糖测了385口渴得厉害一直想喝水")
    assert "400毫升" in read("今天尿量到400毫升了还是憋得慌")
    assert read("男70岁高血压病史1小时前突然天旋地转") == "男70岁高血压病史,1小时前突然天旋地转"
    typed = "外孙女才45天额头烫手，耳温38.6"
    assert read(typed) == "外孙女才45天额头烫手,耳温38.6"


def test_only_a_live_message_for_the_red_flags_gets_the_stops() -> None:
    """The department models read the text as typed; catalogue words and the
    classifier's training texts (``safety_text``) as written."""
    text = "假如突然说不出话半边身子没劲要不要打120俺老伴刚才就这样了"
    assert "?" in read(text)
    assert "?" not in normalize(text).text
    assert "?" not in safety_text(text)


def test_the_stops_keep_the_spans_of_the_original() -> None:
    text = "外孙女才45天额头烫手耳温386"
    norm = normalize_safety(text)
    comma = norm.text.index(",")
    assert norm.span(comma, comma + 1) == (text.index("额"), text.index("额") + 1)
    assert norm.span(0, len(norm.text)) == (0, len(text))

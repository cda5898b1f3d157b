"""Signs told by what is seen, felt or done, and the scopes around them: a sign compared
with an earlier episode named by what happened then (跟他上回住院那次一样), a day count
that runs into the next word (两天|黑色的大便), a count said as a range (咳了七八口), the
直 of 一直 (no stiff neck), pain told by what it makes one do (疼得抱着头哭), the baby
still after an earlier quiet day that passed, weak movements, a remedy a lay person
promises (他说喝点糖水就好了), calls nobody answers, and a thing bitten to pieces.  Each
emergency is paired with a look-alike.  Our own wordings, written from clinical
knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged

import intents


def by_rules(text: str) -> list[str]:
    """The categories the catalogue's rules flag (the classifier's flags carry no evidence)."""
    t = intents.parse(text)["triage"] or {}
    return [f["category"] for f in t.get("red_flags") or [] if f["evidence"]]


# (text, category the rules must flag, or None: nothing may be flagged)
RULES = [
    # a past episode named by an event, as what today's is compared with
    ("胸口又压着疼了，跟他上回住院那次一样，左肩膀也发酸，一直冒冷汗", "cardiac_chest_pain"),
    ("前年放支架前那次胸口疼，左胳膊也酸，出汗，放了支架以后就没再疼过，想问复查挂哪个科", None),
    # a day count before a word that 天黑 would swallow
    ("我爸拉了两天黑色的大便，今天头晕心慌", "melaena"),
    ("天黑以后带孩子出去散步，回来拉了一次大便，颜色正常", None),
    # the amount asked about, told again as a range
    ("要是咳出一口血要紧吗？我妈刚刚咳了七八口", "haemoptysis"),
    ("要是咳出一口血要紧吗？我妈刚刚咳了七八声，痰是白的", None),
    # pain told by what it makes the child do
    ("孩子发烧三十九度多，头疼得抱着脑袋哭，吐了三回", "meningitis"),
    ("头有点疼，没哭，睡了一觉好多了", None),
    # weak movements of the baby
    ("孕三十六周，今天肚里的宝宝动得好弱，有气无力的", "reduced_fetal_movement"),
    ("三十七周了，今天孩子踢我踢得特别弱", "reduced_fetal_movement"),
    # a remedy a lay person promises is not an outcome
    ("我爸出冷汗、手发抖，刚测血糖2.5，他说喝点糖水就好了", "hypoglycaemia"),
    ("我爸刚才手发抖，测血糖3.2，喝了糖水，复测6.5，现在好了", None),
    # calls not answered, after belongings given away
    ("我姐昨晚把她的银行卡都给了我，今天打电话她一直不接", "suicide_self_harm"),
    ("给医院打电话一直没人接，想问下明天门诊开不开", None),
    ("我妈出门买菜，打电话没人接，估计手机落家里了", None),
    # a thing bitten to pieces; a child's hand bitten
    ("我家狗把孩子的塑料拖鞋咬碎了，要紧吗", None),
    ("邻居家的狗把孩子的手咬破了，出血了", "animal_bite_rabies"),
]


@pytest.mark.parametrize("text,category", RULES)
def test_signs_told_by_images_and_consequences(text, category):
    if category is None:
        got = flagged(text)
        assert not got, (text, got)
    else:
        got = by_rules(text)
        assert category in got, (text, got)


# the rules no longer set the category's sign aside: the classifier's verdict stands
SCOPES = [
    # 一直 holds no 直 of a stiff neck, so no neck sign was "denied"
    ("孩子发烧，头疼，脖子不让碰，一直吐", "meningitis"),
    ("孩子发烧三十八度五，脖子上起了个小疙瘩，一直咳嗽", None),
    ("孩子发烧，脖子直直的，低不下头", "meningitis"),
    # a quiet day that passed, then this episode's stillness
    (
        "上周有过一回动得少，过后就正常了，这次三十五周，吃完午饭到现在都没动过",
        "reduced_fetal_movement",
    ),
    ("上周有一天动得少，后来就好了，这次三十二周来做常规产检", None),
]


@pytest.mark.parametrize("text,category", SCOPES)
def test_scopes_that_no_longer_set_a_sign_aside(text, category):
    got = flagged(text)
    if category is None:
        assert not got, (text, got)
    else:
        assert category in got, (text, got)

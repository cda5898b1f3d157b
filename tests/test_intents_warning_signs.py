"""Warning signs that complete a category together with another sign (lexicon entries of
intents/knowledge/red_flags.yml): thanking everyone one by one (a farewell), "nothing makes
sense any more" (despair), asking where the pills are kept and "don't save me" (means and
an exit wish), not wanting to stop one's own bleeding, a diabetic lying there not wanting
to talk (drowsy), limp (软绵绵) after vomiting and diarrhoea with no urine.  Each sign alone,
or in an ordinary context, stays calm."""

import pytest

from tests.redflag_support import check, flagged

EMERGENCIES = [
    (
        "她下午把宿舍的东西都整理好了，在群里挨个跟室友道谢，现在说一个人去楼顶待会儿",
        "suicide_self_harm",
    ),
    ("老公发朋友圈挨个感谢亲戚朋友，人现在在河边，电话里声音很平静", "suicide_self_harm"),
    ("我坐在桥上，感觉一切都没有意义了", "suicide_self_harm"),
    ("奶奶这两天老问我家里的农药放哪了，还说以后病了别救她", "suicide_self_harm"),
    ("胳膊是我自己拿刀片割的，现在血流了很多，我不想止血", "suicide_self_harm"),
    ("我爸糖尿病十几年，昨天开始呕吐不止，今天躺在床上话都不想说", "dka"),
    ("上吐下泻一天了，人软绵绵的，从早上到现在不尿", "child_dehydration"),
]

CALM = [
    "出院前想挨个谢谢照顾过我的护士，可以送锦旗吗",
    "周末想带孩子去江边放风筝，需要注意防晒吗",
    "考试没考好，觉得复习什么都没意义，怎么调整心态",
    "我妈问我降压药放哪了，我放在冰箱上面了，这样保存可以吗",
    "爷爷癌症晚期，家里商量好了到时候不插管不抢救，需要签什么文件",
    "切菜时不小心划了一下，已经按住止血了，要打破伤风吗",
    "加班太累了，回家躺着不想说话，是不是抑郁",
    "拉肚子两次，有点软绵绵的，尿量正常，喝点淡盐水行吗",
]


@pytest.mark.parametrize(("text", "category"), EMERGENCIES)
def test_warning_sign_pairs_are_emergencies(text: str, category: str) -> None:
    check(text, category)


@pytest.mark.parametrize("text", CALM)
def test_each_sign_in_an_ordinary_context_stays_calm(text: str) -> None:
    check(text, None)


def test_self_cut_told_in_a_late_turn() -> None:
    got = flagged(
        "其实是我自己用刀片割的，割得很深，血一直滴，我也不想止住",
        history=["手上的口子怎么处理", "在手腕内侧"],
    )
    assert "suicide_self_harm" in got, got


def test_high_reading_asked_about_then_shown_to_be_a_diabetics_own() -> None:
    got = flagged(
        "测的是我爸，他有糖尿病，从昨天起一直吐，现在躺着不太想说话",
        history=["血糖仪上出现HI是什么情况", "需要换试纸吗"],
    )
    assert "dka" in got, got


LIGHTNING = [
    ("打雷的时候我在地里干活，一道闪电落在旁边，我浑身一麻摔倒了，现在耳朵听不清", True),
    ("闪电过后孩子说腿上出现树枝样的红纹，他当时在树下躲雨", True),
    ("雷雨天爸爸在屋顶修瓦，说身上一麻就趴下了，现在说没事", True),
    ("脸上有树枝状的红血丝，是毛细血管扩张吗", False),
    ("打雷下雨天腿就发麻，是风湿吗", False),
    ("雷雨天在家里用手机安全吗，闪电会不会打到人", False),
]


@pytest.mark.parametrize(("text", "is_emergency"), LIGHTNING)
def test_lightning_nearby_with_a_sign_of_being_struck(text: str, is_emergency: bool) -> None:
    check(text, "electric_injury" if is_emergency else None)

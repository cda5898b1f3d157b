"""The classifier's verdict needs its category's topic in the message
(`*_topic` concepts in intents/knowledge/red_flags.yml, named in `model_needs`): told only
who the patient is (a child, a pregnant woman) and an everyday complaint, the classifier
guesses a category from the population — "儿子发烧39度" as meningitis, "女儿拉肚子吐了
两次" as a child's dehydration, a pregnancy check-up question as bleeding in pregnancy.
With any word of the category's topic (the neck, a rash, the light, drowsiness; urine,
tears, fluids kept down; headache, eyes, blood pressure; blood, pain, a fall) the
verdict stands as before.  A single word of a good urine output (尿了三次, 尿不湿是湿的)
now tells the child is not severely dehydrated.  Sentences written for this file."""

import pytest
from redflag_support import flagged_case

from intents.normalize import safety_text
from intents.redflags import assess, model_allowed


def allowed(category: str, text: str, **profile) -> bool:
    return model_allowed(category, assess(safety_text(text), profile))


NO_TOPIC = [
    ("meningitis", "儿子发烧39度"),
    ("meningitis", "孩子烧到四十度了，吃了退烧药"),
    ("meningitis", "闺女发烧头疼"),
    ("child_dehydration", "女儿拉肚子吐了两次"),
    ("child_dehydration", "孩子一天拉了六七次稀的"),
    ("preeclampsia", "怀孕32周，想问下什么时候建档"),
    ("pregnancy_bleeding", "孕26周了，糖耐要空腹去吗"),
    ("heavy_vaginal_bleeding", "老婆下面出血了，量不多"),
    ("acute_abdomen", "孩子八岁，肚子疼，拉了两次"),
]

WITH_TOPIC = [
    ("meningitis", "儿子发烧39度，一开灯就哭"),
    ("meningitis", "孩子发烧，头往后仰，一直哄不好"),
    ("meningitis", "闺女发烧，身上起了好些紫红的点点"),
    ("child_dehydration", "女儿拉肚子吐了一天，从早上到现在没尿"),
    ("child_dehydration", "孩子吐了好多次，喝口水都吐"),
    ("preeclampsia", "怀孕32周，这两天眼睛看东西有重影"),
    ("pregnancy_bleeding", "孕26周，刚才上厕所纸上有血"),
    ("heavy_vaginal_bleeding", "老婆下面出血，一个小时湿透一片"),
    ("acute_abdomen", "孩子八岁，肚子疼得在床上打滚"),
]


@pytest.mark.parametrize("category,text", NO_TOPIC)
def test_a_verdict_without_its_topic_is_not_believed(category, text):
    assert not allowed(category, text)


@pytest.mark.parametrize("category,text", WITH_TOPIC)
def test_a_verdict_with_its_topic_stands(category, text):
    assert allowed(category, text)


@pytest.mark.parametrize(
    "text",
    [
        "孩子两岁，拉肚子第二天，今天拉了四次，尿了三次，还在玩",
        "宝宝八个月，水样便拉了三次，尿不湿是湿的",
        "儿子五岁，吐了一次拉了两次，尿量还行",
    ],
)
def test_one_word_of_a_good_urine_output_rules_out_severe_dehydration(text):
    assert not allowed("child_dehydration", text)


@pytest.mark.parametrize(
    "text",
    [
        "孩子两岁，拉了一天水样便，尿不湿从早上到现在都是干的",
        "宝宝八个月，吐了一天，哭起来没有眼泪",
    ],
)
def test_a_dry_nappy_or_no_tears_keeps_the_verdict(text):
    assert allowed("child_dehydration", text)


@pytest.mark.parametrize(
    "case",
    ["儿子发烧39度", "女儿拉肚子吐了两次", "孩子拉肚子一天拉了七八次", "孕26周了，糖耐要空腹去吗"],
)
def test_everyday_messages_are_not_emergencies(case):
    assert not flagged_case(case)

"""Names for the baby, the pregnancy, the belly and a fit that families use instead of the
textbook word, read by the safety layer's glossary (``knowledge/dialect.yml``) so that every
age reader, fact gate and concept sees one word: 毛毛 / 小毛毛 / 小毛头 / 伢伢 / 宝儿 /
宝贝(儿) / 小宝 / 崽崽 / baby → 宝宝; 怀宝宝 / 怀上 / 有喜 → 怀孕; 肚皮 / 肚肚 / 肚儿 → 肚子;
羊角风 → 羊癫疯, and a fit named by epilepsy counts when it is the first one, follows a blow
to the head or comes in pregnancy or after a birth.  Sentences written for this file."""

import pytest
from redflag_support import flagged


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("毛毛两个月，夜里摸着烫，38.3", "infant_fever"),
        ("四十多天的小毛毛，体温38.5", "infant_fever"),
        ("宝儿才七周，量了38度2", "infant_fever"),
        ("小baby 7周，耳温38.6", "infant_fever"),
        ("刚测出怀上，左边小肚子疼得直不起腰，下面有点血", "ectopic_pregnancy"),
        ("从梯子上摔下来磕了头，刚才羊癫疯了", "seizure"),
        ("生完孩子第三天，突然犯羊癫疯", "preeclampsia"),
    ],
)
def test_a_family_name_of_the_baby_or_the_pregnancy_is_read(text, category):
    assert category in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "下毛毛雨了，孩子出门要带伞吗",
        "宝宝身上长了好多小毛毛，正常吗",  # fine hair
        "我家猫崽崽两个月了，要打几针疫苗",
        "给baby买什么牌子的奶粉好",
        "有喜欢吃的水果吗，孕妇能吃榴莲吗",
        "跳肚皮舞能减肚子吗",
        "儿子有羊角风好几年了，一直吃药，这个月没犯过",
        "癫痫第一次发作一般是几岁",
    ],
)
def test_the_same_words_in_calm_messages_stay_calm(text):
    assert flagged(text) == [], (text, flagged(text))

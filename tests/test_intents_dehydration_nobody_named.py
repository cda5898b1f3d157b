"""Parents often tell a child's dehydration without saying "孩子": the vomiting, the
nappies that stay dry, the tears that do not come.  When nobody is named — no child, no
adult (老婆, 同事), no age, no old person — and the message tells a sign of dehydration
itself (no urine, the look of it, nothing kept down), the classifier's verdict of a
child's dehydration passes its gate (`model_needs` of child_dehydration in
intents/knowledge/red_flags.yml).  A diarrhoea told only by its count and look, an adult
named, or urine still passing is not.  Sentences written for this file."""

import pytest
from redflag_support import flagged

NOBODY_NAMED = [
    "上吐下泻一整天了，喝口水就吐，从早上到现在一次尿都没有，人蔫蔫的",
    "吐了一天了，喝一口吐一口，哭都没眼泪了",
]

NOT_A_CHILDS_DEHYDRATION = [
    "拉肚子一天五六次，稀得跟水一样",  # no sign of dehydration itself
    "我老婆吐了一整天，喝什么吐什么，一下午没小便",  # an adult is named
    "吐了两回，现在能喝水了，尿也挺多的",  # urine still passing
]


@pytest.mark.parametrize("text", NOBODY_NAMED)
def test_dehydration_told_with_nobody_named_is_flagged(text):
    assert "child_dehydration" in flagged(text)


@pytest.mark.parametrize("text", NOT_A_CHILDS_DEHYDRATION)
def test_no_childs_dehydration_without_its_signs_or_with_an_adult_named(text):
    assert "child_dehydration" not in flagged(text)

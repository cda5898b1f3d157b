"""The classifier's operating point per category: for suicide and self-harm it is
believed at a lower certainty and over the rules' reading of a sign as past, asked
about or hypothetical, never over a denial, a title or a message about an animal.
The classifier's output is set by hand here (monkeypatched), so each test reads the
decision rule and not what the trained model happens to say of one wording."""

from __future__ import annotations

import numpy as np
import pytest
from redflag_support import flagged

import intents


def _sure(label: str, p_label: float, p_none: float):
    """An `emergency_probs` replacement: `label` at p_label, none at p_none, the rest
    spread evenly."""

    def probs(model, text: str) -> np.ndarray:
        labels = list(model.labels)
        rest = (1.0 - p_label - p_none) / (len(labels) - 2)
        out = np.full(len(labels), rest)
        out[labels.index(label)] = p_label
        out[labels.index("none")] = p_none
        return out

    return probs


# Death on one's mind, which no rule flags on its own: the classifier decides.
DEATH_ON_MIND = "有时候会想到死，不知道该跟谁说"
# A small burn, which no rule flags: the classifier decides.
SMALL_BURN = "手被锅烫了一下"


def test_suicide_is_believed_below_the_general_certainty(monkeypatch) -> None:
    monkeypatch.setattr(intents, "emergency_probs", _sure("suicide_self_harm", 0.35, 0.55))
    assert flagged(DEATH_ON_MIND) == ["suicide_self_harm"]


def test_suicide_needs_some_certainty_still(monkeypatch) -> None:
    monkeypatch.setattr(intents, "emergency_probs", _sure("suicide_self_harm", 0.2, 0.75))
    assert flagged(DEATH_ON_MIND) == []


def test_other_categories_keep_the_general_certainty(monkeypatch) -> None:
    monkeypatch.setattr(intents, "emergency_probs", _sure("burns", 0.6, 0.3))
    assert flagged(SMALL_BURN) == ["burns"]
    monkeypatch.setattr(intents, "emergency_probs", _sure("burns", 0.3, 0.65))
    assert flagged(SMALL_BURN) == []


# Black stools with a weak body, which no rule of the catalogue completes (有点虚 is no
# sign of blood loss it knows), and a diabetes told with no sign at all.
BLACK_AND_WEAK = "大便有点黑，这两天走路发飘"
DIABETES_ONLY = "糖尿病十年了，一直打胰岛素"


def test_a_sign_of_the_category_lets_a_half_sure_verdict_count(monkeypatch) -> None:
    monkeypatch.setattr(intents, "emergency_probs", _sure("melaena", 0.4, 0.55))
    assert flagged(BLACK_AND_WEAK) == ["melaena"]
    monkeypatch.setattr(intents, "emergency_probs", _sure("melaena", 0.3, 0.65))
    assert flagged(BLACK_AND_WEAK) == []


def test_who_the_patient_is_is_no_sign(monkeypatch) -> None:
    monkeypatch.setattr(intents, "emergency_probs", _sure("hypoglycaemia", 0.4, 0.55))
    assert flagged(DIABETES_ONLY) == []


@pytest.mark.parametrize(
    "text",
    [
        "三年前我想过自杀，那时候住过院",  # told as past
        "如果我死了孩子怎么办",  # a hypothetical
        "以前想过轻生，现在挺好的",  # told as over
    ],
)
def test_a_sure_suicide_verdict_outweighs_a_past_or_hypothetical_reading(
    monkeypatch, text: str
) -> None:
    assert flagged(text) == []  # the trained model is not sure of these: calm today
    monkeypatch.setattr(intents, "emergency_probs", _sure("suicide_self_harm", 0.95, 0.02))
    assert flagged(text) == ["suicide_self_harm"]


@pytest.mark.parametrize(
    "text",
    [
        "我从来没有想过自杀，就是最近睡不好",  # a denial
        "《想死却又不敢》这首歌好听吗",  # a title
        "家里的猫好像不想活了，不吃不喝",  # an animal
    ],
)
def test_a_sure_verdict_never_outweighs_a_denial_a_title_or_an_animal(
    monkeypatch, text: str
) -> None:
    monkeypatch.setattr(intents, "emergency_probs", _sure("suicide_self_harm", 0.95, 0.02))
    assert flagged(text) == []


def test_a_sure_verdict_of_another_category_still_yields_to_the_rules(monkeypatch) -> None:
    # a burn told as years ago: the rules set it aside, and burns keep the veto
    text = "小时候被开水烫伤过，现在留了疤"
    monkeypatch.setattr(intents, "emergency_probs", _sure("burns", 0.95, 0.02))
    assert flagged(text) == []

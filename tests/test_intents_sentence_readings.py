"""The emergency classifier reads each sentence of a message of several alone
(``intents.emergency_probs``, ``MODEL_SENTENCE_SURE``): a classifier of character n-grams
hears the whole message, and calm sentences around an emergency (where the family
lives, how far the hospital is, whether parking is easy) talk it towards "none".  A
sentence it is nearly sure of counts; one it is only unsure of does not, so a long
calm post is not flagged by one ambiguous sentence.  Sentences written for this file."""

from typing import ClassVar

import numpy as np
import pytest

import intents
from intents.normalize import safety_text

NONE = "none"


class _Stub:
    """A classifier sure of a burn only when it hears the scald alone; any other words
    in the same reading (a whole post) drown it, as n-gram weights of calm words do."""

    labels: ClassVar[list[str]] = ["burns", NONE]

    def __init__(self, alone: float) -> None:
        self.alone = alone  # P(none) for the scald heard alone

    def predict_proba(self, text: str) -> np.ndarray:
        if "烫" in text and "停车" not in text and "山里" not in text:
            return np.array([1 - self.alone, self.alone])
        return np.array([0.1, 0.9])


POST = safety_text("我们住在山里，去县城要两个钟头。娃把暖瓶碰倒了，烫了一大片。你们那停车方便吗？")


def test_a_sentence_the_classifier_is_sure_of_is_not_talked_down():
    assert intents.emergency_probs(_Stub(alone=0.02), POST)[1] == pytest.approx(0.02)


def test_a_sentence_it_is_only_unsure_of_leaves_the_whole_reading():
    assert intents.emergency_probs(_Stub(alone=0.3), POST)[1] == pytest.approx(0.9)


def test_a_message_of_one_sentence_is_read_whole():
    one = safety_text("娃把暖瓶碰倒了，烫了一大片，停车方便吗")
    assert intents.emergency_probs(_Stub(alone=0.02), one)[1] == pytest.approx(0.9)


def test_the_real_classifier_reads_a_buried_sentence():
    """With the shipped model: the sentence alone is an emergency it is sure of, the
    whole post read at once is not, and the post is flagged."""
    intents.load()
    model = intents._state.artifact.redflag
    none = model.labels.index(NONE)
    sentence = "喝了半瓶洗厕所的药水"
    post = (
        f"家在外地，来这边刚半年，医院都不认识，平时也很少生病。{sentence}。"
        "明天能不能刷外地医保？挂号要不要带身份证？"
    )
    assert model.predict_proba(safety_text(sentence))[none] < intents.MODEL_SENTENCE_SURE
    assert model.predict_proba(safety_text(post))[none] > intents.MODEL_NONE_THRESHOLD
    assert intents.emergency_probs(model, safety_text(post))[none] < intents.MODEL_SENTENCE_SURE

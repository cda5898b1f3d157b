"""Facts told the way families tell them: a baby "才几天大" is days old (几天, 几周 — never
几个月, as often a question as an age), a baby "现在50天也烧到38度5" is 50 days old, a wife
who asks "是不是要生了" is near her term, and something burning behind a locked door that is
not opened is charcoal lit in a shut room."""

import pytest

from tests.redflag_support import flagged, flagged_case


@pytest.mark.parametrize(
    ("case", "category"),
    [
        ("宝宝才几天大，一直哼哼唧唧，呼吸有点快，小手冰凉", "neonatal_danger"),
        ("出生几天的宝宝发烧38度2", "infant_fever"),
        ("宝宝生下来才几周，今天摸着烫，量了38度5", "infant_fever"),
        ("俺媳妇下身哗哗流水，还没到日子，是不是要生了", "ruptured_membranes"),
        ("育儿群里有个妈妈说她家宝宝发烧住院了。我家宝宝现在50天也烧到38度5", "infant_fever"),
        ("我家宝宝现在45天又发烧了，38度2", "infant_fever"),
        (
            ["我女儿在房间里很久了", "刚才我闻到烧东西的味道", "门反锁了，她不开门"],
            "suicide_self_harm",
        ),
        ("儿子把自己锁在屋里，门缝里有股炭味，叫他不应", "suicide_self_harm"),
        ("老公把自己关在车库里，打电话不接，闻到烟味", "suicide_self_harm"),
    ],
)
def test_the_implied_fact_completes_the_emergency(case: str | list[str], category: str) -> None:
    assert category in flagged_case(case)


@pytest.mark.parametrize(
    "text",
    [
        "宝宝发烧好几天了，37度8，精神挺好",
        "宝宝几个月了，发烧38度",
        "孩子几天没拉了，肚子软软的",
        "厨房有焦味，原来是锅烧干了",
        "孩子把自己锁在屋里打游戏，不开门，气死我了",
    ],
)
def test_look_alikes_stay_calm(text: str) -> None:
    assert not flagged(text)

"""Near-misses about a burst blister, a stair or a low step and a question about old people
in general, next to the emergencies worded like them that must stay flagged.  Readings covered:

- a blister or pox burst (挑破水泡, 抓破水痘) holds the word 破水 but is no waters breaking:
  the longer word hides it — the waters told breaking stay flagged.
- 楼梯 holds 楼, no storey fallen from: a misstep on the stairs is read from its own patterns
  (楼梯上 … 摔, 楼梯 … 滚下来), and a height told in metres (1米高的台阶, 米高的梯子) is
  the height, counted from 2 m — not the place's word.
- 为什么老人… asks about old people as a kind, not about one at hand.

Sentences written for this file."""

import pytest
from redflag_support import emergency

CALM = [
    # a blister or pox burst
    "孩子被开水烫了第一步做什么？冲冷水要冲多久？要不要挑破水泡",
    "脚上的水泡挑破水泡皮要不要剪掉",
    "脚上磨出了泡，不小心弄破水泡了，要涂什么药",
    "孩子出水痘，抓破水痘了会不会留疤",
    "手上烫了个泡，我用针刺破水疱了，现在有点疼",
    # a stair, a low step
    "下楼梯踩空摔了一下，屁股有点痛，走路正常",
    "我妈上楼梯的时候绊了一下摔了，膝盖擦破点皮，能走",
    "孩子在楼梯口摔了一跤，哭了一会儿就去玩了",
    "从一米高的台阶跳下来崴了下，腿能动，没有变形，也不麻",
    "我从1米高的台阶上摔下来，膝盖擦破点皮，能走路",
    "儿子从半米高的台阶跳下来，脚崴了一下，有点肿",
    # old people as a kind
    "为什么老人感染了会糊涂",
    "为什么老人发烧了会迷糊",
]

EMERGENCIES = [
    # the waters breaking
    "孕36周，刚才破水了",
    "怀孕35周，刚才破水了，流了好多水，还有水泡泡",
    "孕34周破水了，水泡还没去挑",
    # a real stair or height fall
    "从楼梯上摔下来，头破了流血不止",
    "奶奶从楼梯上滚下来，叫不醒了",
    "从三米高的台阶上摔下来，腿变形了",
    "他从5米高的梯子上摔下来，腿变形了动不了",
    "工人从两米高的架子上摔下来，现在叫不醒",
    "爸爸从楼上摔下来了，一直在吐血",
    # a ladder fall
    "他刚从梯子上摔下来，现在叫不醒",
    "昨天从梯子上摔下来，今天好多了，但是刚才突然吐了好几次，头越来越痛",
    "从梯子上摔下来，腿变形了，动不了",
    # old people at hand
    "为什么老人发烧了突然糊涂叫不醒",
    "老人感染了现在糊涂了，要注意什么",
    "我家老人发烧两天，今天突然糊涂了，叫也不太应",
]


@pytest.mark.parametrize("text", CALM)
def test_near_miss_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergency_worded_alike_stays_flagged(text: str) -> None:
    assert emergency(text), text

"""Near-misses about a jolt that never was one and a harmless splash in an eye, next to the
emergencies worded like them that must stay flagged.  Readings covered:

- a static shock told as such (被静电打了一下, 静电电到了) is a spark, no current through the
  body: the classifier's electric injury is set aside — unless the static is denied
  (不是静电), a high voltage, a mark, or a sign of the heart or the head is told, or the
  rules read a jolt of their own (插座漏电, 被电线电了).
- a spark seen with the current told never to have reached the hand (手没碰到电, 没被电到)
  or the hand and heart told fine (手上没伤, 心也不慌) is no jolt — unless a jolt is told
  with a sign after it.
- a splash or knock to an eye told well in two signs (不疼，看东西清楚，也不红) is set aside
  for the classifier — unless a chemical, a caustic word, a speck or fragment, a poke or a
  piercing is told.
- a child's fever and headache with the neck told supple (脖子能低下去, 下巴能碰到胸口,
  脖子不硬) is set aside for the classifier — unless a rash that does not fade, light
  hurting the eyes, drowsiness, confusion, a fit or hard vomiting is told, the neck is asked
  about (脖子能低下去吗), or a turn tells pain when it bends (但是一低头就疼得哭).

Sentences written for this file."""

import pytest
from redflag_support import emergency

CALM = [
    # a static shock
    "冬天摸门把手被静电打了一下，手指刺了一下，现在没感觉了",
    "脱毛衣的时候被静电电了一下，啪的一声，手指麻了一下",
    "下车关门被静电打到手，有点疼",
    "孩子摸电梯按钮被静电电到了，哭了一下，现在好了",
    "秋天干燥，老是被静电打，手指一碰就啪一下",
    "奶奶摸铁门被静电打了一下，手指有点发麻",
    # a spark, no jolt
    "插插头时冒了个火花，吓了一跳，但手没碰到电，手上没伤，心也不慌",
    "拔插头的时候插座啪一下冒火花，我手没被电到，就是吓一跳",
    "开关冒了一下火花，手没碰到电，也不疼",
    "插座冒火花，孩子手没碰到电，心也不慌，就是哭",
    # a harmless splash in an eye told well
    "我眼睛被自来水溅到了，不疼，看东西清楚，也不红",
    "洗脸的时候水进眼睛了，现在眼睛不红，看东西也清楚",
    "孩子玩水枪喷到眼睛，揉了一下，不哭了，看得很清楚",
    "游泳池的水进了眼睛，不疼了，看东西清楚",
    # a supple neck with a fever
    "孩子发烧头疼，脖子能低下去，没有吐，身上没有疹子，精神还可以",
    "儿子发烧38度5，头有点疼，下巴能碰到胸口，玩得挺好",
    "女儿烧了一天，喊头疼，脖子不硬，能吃能玩",
]

EMERGENCIES = [
    # static denied, or a real jolt or danger sign told with it
    "不是静电，是插座漏电，孩子手被电了一下，现在手还麻",
    "以为是静电，结果是电线漏电，我爸被电倒了叫不醒",
    "被静电打了一下之后心慌胸闷得厉害",
    "我老公被电线电了一下，人晕过去了",
    "手摸插座被电了一下，现在手还麻",
    "修电闸的时候被电了，手上有个焦黑的小洞",
    # a spark and a jolt with a sign after it
    "插插头冒火花，手被电了一下，现在手还麻，心慌",
    "插座冒火花把我电了一下，手上有个发黑的小洞",
    "我爸修电闸被电了，说手上没伤，但是心慌得厉害",
    "孩子手指插进插座被电了一下，一直哭，手指发白",
    "以为没电到，结果现在胸口闷，心跳很乱",
    # a chemical, a fragment, a poke in an eye told well
    "眼睛溅到了洁厕灵，冲了一下，不红了，看东西清楚",
    "打磨的时候铁屑飞进眼睛，看东西清楚，也不红",
    "孩子眼睛被铅笔扎到了，不哭了，看得清",
    "装修溅到水泥浆进眼睛，现在不红了，看东西清楚",
    "眼睛进了84消毒液，冲了水，也不红，看得清楚",
    "眼睛被洗衣液溅到，一直疼，看东西模糊",
    # a supple neck with another sign, a question or a turn
    "孩子发烧头疼，脖子能低下去吗？",
    "孩子发烧头疼，脖子能低下去，但是身上出了紫红色的点，按了不褪色",
    "孩子高烧头疼，脖子能低下去，可是怕光，一直喊眼睛疼",
    "孩子发烧，脖子能低头，但是叫不醒，一直睡",
    "孩子发烧头疼，脖子能低下去，刚才抽了一次",
    "孩子发烧头疼得厉害，喷射性呕吐，脖子能低下去",
    "孩子发烧头疼，脖子能低下去，人迷迷糊糊说胡话",
    "孩子发烧头很疼，脖子能低下去，但是一低头就疼得哭",
    "老公发烧头疼，脖子不硬，但是身上出了好多出血点，压了不褪色",
    "宝宝发烧，囟门鼓起来了，脖子软的",
]


@pytest.mark.parametrize("text", CALM)
def test_near_miss_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergency_worded_alike_stays_flagged(text: str) -> None:
    assert emergency(text), text

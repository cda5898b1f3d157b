"""Emergencies that hid behind a scope word or an age told sideways, and their calm
look-alikes (our own wordings, one table per mechanism).

- an infant's age told as a coming milestone (下个月就满2个月), as a birth told with its
  place (前天在家里生的), as a just-born baby with an epithet (刚生了个大胖小子), or as a
  turn of its own answering "how old?" (他1个半月);
- an outcome word told of how the episode began (一开始跟平时差不多) ends nothing;
- a patient who looks fine (没事人一样) after swallowing a sharp object is not over;
- 没了 ("gone") between the words of a swallowed battery is no denial;
- after a turn (可今天, 可他现在) the muscarinic signs of a poisoning go on;
- an earlier episode that passed, then this one told long (流了快两个小时);
- a room that got better after airing with someone still drowsy is carbon monoxide;
- pieces missing from a box of magnets with a child about;
- the signs themselves: chest wall drawn in, poor sucking, jaundice reaching the
  palms, a newborn sleeping through feeds, a slow skin pinch, a swaying floor and
  seeing two of everything, collapsed minutes ago and not awake.
"""

import pytest
from redflag_support import flagged_case


@pytest.mark.parametrize(
    ("case", "category"),
    [
        ("宝宝下个月就满2个月了，今晚摸着烫，量了38.5度", "infant_fever"),
        (["小孩今天发烧了", "他1个半月", "体温38.2"], "infant_fever"),
        ("刚生了个大胖小子，他现在不吃奶，身上凉凉的", "neonatal_danger"),
        ("前天在家里生的，孩子一直不吃奶，哭声很弱", "neonatal_danger"),
        ("宝宝出生8天，今天一天只吃了2次奶，叫醒了又睡", "neonatal_danger"),
        ("出生第3天的宝宝，黄疸已经延及手足心，吃奶无力", "neonatal_danger"),
        ("月经刚开始跟平时差不多，后来越来越多，一小时湿透一片，头晕", "heavy_vaginal_bleeding"),
        ("我儿子吞了个大头针，现在没事人一样", "button_battery"),
        ("孩子的玩具电池没了，他说放嘴里了", "button_battery"),
        ("冰箱贴上的磁铁少了一个，孩子3岁，刚才一直在那玩", "button_battery"),
        ("农药就沾了一点点，当时没事，可他现在满头大汗，流口水", "chemical_poisoning"),
        ("他们说每次生炉子都头晕，没事，可今天我妈吐了好几回", "carbon_monoxide"),
        ("开窗通风以后好点了，但我妈还是叫不醒", "carbon_monoxide"),
        ("以前也流过鼻血一会就好，今天流了快两个小时了，吃着华法林", "uncontrolled_bleeding"),
        ("我哥以前晕过，很快就醒了，这回倒下五六分钟了还不醒", "unconsciousness"),
        ("他喘的时候肋骨下面往里吸，嘴唇有点发紫", "severe_breathlessness"),
        ("她刚才突然说屋子在转，看东西有2个影子", "sudden_imbalance"),
    ],
)
def test_emergencies_behind_scope_words_and_sideways_ages(case, category):
    assert category in flagged_case(case), (case, flagged_case(case))


@pytest.mark.parametrize(
    "case",
    [
        "孩子下周就3个月了，想问打什么疫苗",
        "宝宝下周就42天了，今天有点鼻塞",
        "上周在你们医院顺产出院的，想问出生证明怎么办",
        "刚生了个小孙子，好开心，孩子吃奶很好",
        "孩子5岁，皮疹蔓延到手心了，有点痒",
        "开窗通风后好点了，有点头疼",
        "家里新装修，开窗通风后好些了，现在没什么味道",
        "孩子吃了个葡萄，现在没事一样在玩",
        "以前也流过鼻血，今天又流了一点，很快止住了",
        "月经一开始跟平时差不多，后来也正常，就是有点痛经",
        "我爸以前也晕过一次，一会就醒了，今天又晕了一下马上醒了",
        "宝宝两个月，晚上很能睡，一觉到天亮，吃奶挺好",
        "电池没了，换了新电池遥控器就好了",
        "农药沾了一点没事，可他现在也挺好的",
        "每年冬天烧煤炉，可今天我们都好好的",
        "她2个月没来月经了，会不会怀孕",
        ["孩子咳嗽两周了", "她5个月", "有点流鼻涕"],
        "奶奶说地在晃，原来是楼上在装修",
    ],
)
def test_their_look_alikes_stay_calm(case):
    assert not flagged_case(case), (case, flagged_case(case))

"""Play in the water, a dose missed and a dose asked about: a child playing in a bath
(孩子在浴缸里玩水) is not drowning unless an event or a sign of it is told; struggling in
deep water (深水区扑腾) or a lifeguard's rescue is the event; many pills taken stay an
overdose when the family says "she is fine now" (一瓶降压药都吃了，现在没事); a missed dose
(漏吃了一顿) is no overdose unless the missed doses are made up at once; and a yes-no
question by its tail (吃过药没有) asks, it does not deny the dose taken again after it.
Hives with a sore belly and a wheeze after a food are three organs at once; a burden told
as "不想再当累赘" and a search for the means (到处找老鼠药, 问我农药放哪了) are warning
signs; and a pregnancy is read from a parent-to-be, the months grown big, a sac on a scan
or 孕38."""

import pytest

from tests.redflag_support import flagged, flagged_case, pregnancy_read


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("孩子在浴缸里一动不动，脸朝下", "drowning"),
        ("宝宝在澡盆里趴着不动了", "drowning"),
        ("孩子在浴缸里玩水滑下去呛了几口，现在一直咳", "drowning"),
        ("带孩子去游泳池玩，他在深水区扑腾，救生员把他拉上来，脸发白吐了几口水", "drowning"),
        ("女儿在海里扑腾了半天才被拖上来，一直咳", "drowning"),
        ("孩子在水桶里玩水，头栽进去了，拉出来软软的", "drowning"),
        ("在泳池玩的时候呛水了，现在喘得厉害", "drowning"),
        ("孙子在澡盆里玩，我一转身他就趴在水里了", "drowning"),
        ("我妈把一瓶降压药都吃了，现在没事，睡着了", "drug_overdose"),
        ("老公吃了二十几片安眠药，叫他还能哼一声，是不是睡一觉就好", "drug_overdose"),
        ("漏吃了一顿，后来一下子补了三顿的量，现在心慌得厉害", "drug_overdose"),
        ("我妈忘了吃过药没有，又吃了一遍，降压药一共吃了四片，现在头晕", "drug_overdose"),
        ("爷爷记不清吃了没有，又把降压药吃了一遍，现在站起来就晕", "drug_overdose"),
        ("吃了腰果后肚子疼吐了两次，身上起了好多包，有点喘，应该没事吧", "anaphylaxis"),
        ("孩子吃了鸡蛋羹后吐了，身上起了一片片红疹子，呼吸有点急", "anaphylaxis"),
        ("吃完海鲜拉肚子，全身起疙瘩，胸闷", "anaphylaxis"),
        ("我妈摔倒磕了头，现在好了，就是有点头晕恶心，记不得怎么摔的", "head_injury"),
        ("爷爷摔了一跤磕到头，现在一直反复问我们他怎么在这", "head_injury"),
        ("孩子从滑梯摔下来碰了头，问了好几遍今天是星期几", "head_injury"),
        ("心脏病发作有什么症状啊，我现在胸口特别闷喘不上气", "cardiac_chest_pain"),
        ("中风有哪些表现呀，我爸现在嘴歪了说话不清楚", "stroke"),
        ("在宠物店被狗咬了一口", "animal_bite_rabies"),
        # a discharge still to come is no verdict (明天出院再看行吗, 准备出院了)
        (
            "宝宝第一天就有点黄，可能是正常的黄疸吧？就是一直睡，吃奶也少，我们明天出院再看行吗",
            "neonatal_danger",
        ),
        ("宝宝出生第一天脸就黄了，准备出院了，要紧吗", "neonatal_danger"),
        ("刚才在宠物医院被猫抓了一下，抓破了", "animal_bite_rabies"),
        ("爸爸说不想当累赘，问我农药放哪了", "suicide_self_harm"),
        ("我妈说自己成了累赘，一直问我安眠药放在哪", "suicide_self_harm"),
        ("老爷子说不想当家里的包袱，到处找老鼠药", "suicide_self_harm"),
    ],
)
def test_the_event_or_the_dose_is_read(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "孩子在浴缸里玩水",
        "孩子在浴缸里一动不动地玩水",
        "宝宝在澡盆里安安静静玩水不动",
        "儿子在泳池里玩了一下午晒黑了",
        "女儿泡澡泡了一个小时",
        "水族箱里的鱼一直在扑腾",
        "孩子刷牙吐了几口水",
        "宝宝在水桶边玩，把玩具栽进去了",
        "漏吃了一顿降压药，今天不知道要不要补",
        "我妈忘了吃早上的药，中午补上可以吗",
        "昨天漏服了一次抗凝药，今天怎么吃",
        "奶奶问我她吃过药没有，我说吃过了",
        "吃了海鲜拉肚子，身上没起疹子，也不喘",
        "小时候吃鸡蛋过敏起疹子拉肚子喘，现在好了",
        "爷爷问我农药放哪了，要去打菜地的虫",
        "昨晚吃了半片安眠药，早上起来有点晕乎，到中午就好了",
        "我记不得上次磕头是什么时候了，应该没什么事",
        "心梗有什么症状，现在就想了解一下，比如胸口疼出汗那种",
        "在宠物店买了只仓鼠",
        "宝宝黄疸，住院照了三天蓝光，医生说好了就出院了，现在不黄了",
        "孩子肺炎住院一周，检查没事就出院了，今天精神很好",
        "带狗去宠物医院打针，狗被针扎得叫了一声",
    ],
)
def test_play_in_the_water_or_a_missed_dose_stays_calm(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "我要当爸爸了，老婆刚才下面哗哗流水",
        "准爸爸一枚，老婆今天头痛",
        "月份大了，这两天肚子发紧",
        "孕38，肚子疼",
        "肚子里这个快九个月了",
        "宝宝三十四周了还没出生",
        "老婆要生了",
        "b超说宫内没看到孕囊",
        "hcg翻倍不好",
        "保胎中，今天出血了",
    ],
)
def test_a_pregnancy_told_without_its_word_is_read(text: str) -> None:
    assert pregnancy_read(text)


@pytest.mark.parametrize(
    "text",
    [
        "孩子还没出生的时候我就买好了婴儿床",
        "我爸要当爷爷了",
        "我当爸爸了，孩子刚满月",
        "我妈肚子里这个瘤子",
        "备孕30天",
        "hcg是什么",
    ],
)
def test_a_look_alike_of_those_words_tells_no_pregnancy(text: str) -> None:
    assert not pregnancy_read(text)


@pytest.mark.parametrize(
    "turns",
    [
        ["降糖药漏吃了要补吗", "我妈以为没吃，其实吃过了，又吃了一遍，现在手抖出冷汗"],
        ["降压药漏吃了一顿", "我爸中午把一整天的量都吃了，现在站起来就眼前发黑"],
    ],
)
def test_a_missed_dose_asked_first_does_not_cover_the_doses_taken_again(turns: list[str]) -> None:
    assert "drug_overdose" in flagged_case(turns)

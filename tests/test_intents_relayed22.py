"""Emergencies told second-hand by relatives far away: a video call seen with any verb
(视频里看我爸…, 视频里瞧着我外公…), a relative speaking in one (我妈视频里说…, 老公出差，
视频里说…), news relayed by a neighbour or a relative (听邻居说我奶奶…), an inability told
between a mention's words (摔倒了起不来，头上流血: no denial), and a stranger counted in a
clip (抖音上看到一个老人…: a clip watched, in a message typed without stops too).
Emergencies in our own wordings, and the look-alikes that stay calm."""

import pytest

from tests.redflag_support import emergency, flagged


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a video call seen with any verb of seeing (not only 看到/看见)
        ("视频里看我爸嘴歪了，说话含糊", "stroke"),
        ("视频里瞧着我外公半边脸耷拉下来，左手抬不起来", "stroke"),
        ("视频里看我妈说话舌头打结，右手拿不起杯子", "stroke"),
        ("视频里瞅着我爷爷脸歪了一边，话也说不清", "stroke"),
        ("视频里望着我外婆嘴角往下耷拉，口水直流", "stroke"),
        ("视频里发现我爸一边脸歪了，说话含糊", "stroke"),
        ("视频里看着我爸一直抽搐，叫他也没反应", "seizure"),
        # a relative speaking in a video call (我妈视频里说, 老公在视频里说)
        ("我妈视频里说她头痛得要炸开，从来没这么疼过", "thunderclap_headache"),
        ("我妈视频里说她胸口压着疼，出了一身冷汗", "cardiac_chest_pain"),
        ("老公在视频里说他胸口疼得厉害，满头大汗", "cardiac_chest_pain"),
        ("我姐视频里说她喘不上气，嘴唇都紫了", "severe_breathlessness"),
        ("我爸跟我视频里说话含糊，嘴是歪的", "stroke"),
        # ... told after a clause that names the relative away
        ("老婆在老家，视频里说腿上伤口血止不住，压了半小时还在流", "uncontrolled_bleeding"),
        ("老公出差，视频里说胸口疼得厉害，一身冷汗", "cardiac_chest_pain"),
        ("我妈在老家，视频里说头痛得像要炸开，从来没这么疼过", "thunderclap_headache"),
        ("我爸一个人在家，视频里说话不清楚，嘴歪了", "stroke"),
        # an inability between a mention's words is no denial (摔倒了起不来，头…)
        ("听邻居说我奶奶摔倒了起不来，头上流血", "head_injury"),
        ("我奶奶摔倒了起不来，头上流血", "head_injury"),
        ("家族群里我姑说我奶奶摔倒了起不来，头上都是血", "head_injury"),
        ("奶奶摔了一跤爬不起来，后脑勺肿了个大包，一直想睡", "head_injury"),
        ("我爸摔倒了站不起来，后脑勺肿了个大包，吐了一次", "head_injury"),
        ("爷爷从床上摔下来动不了了，头上磕了个口子，叫他也迷迷糊糊的", "head_injury"),
        # news relayed by a relative or a neighbour, by phone or in the family group
        ("我妈打电话说我爸突然说话含糊，右边胳膊没劲", "stroke"),
        ("家族群里我姑说我奶奶早上起来嘴歪了，话说不清", "stroke"),
        ("不知道是不是真的，我姑说我爷爷嘴歪了说话不清", "stroke"),
        ("刚才打电话的时候我爸说话大舌头，一边手拿不住筷子，不知道是不是真的", "stroke"),
        ("昨晚我妈说她胸口闷，今天早上电话里说疼得更厉害了，还出冷汗", "cardiac_chest_pain"),
        ("我奶奶打电话说胸口疼，她说得不清楚，好像还出了一身汗", "cardiac_chest_pain"),
        ("听我姐说我妈喘得说不出话，嘴唇都紫了", "severe_breathlessness"),
        ("听我婆婆说宝宝抽起来了，眼睛往上翻，叫不醒", "seizure"),
        ("家族群里我叔发语音说我爷爷抽搐了，叫不醒", "seizure"),
        ("听我妈说我爸喝了半瓶农药，现在在吐", "chemical_poisoning"),
        ("我妈发微信说我弟吃了一整瓶安眠药，现在叫不醒", "drug_overdose"),
        ("我姐微信上跟我说她不想活了，已经写好遗书了", "suicide_self_harm"),
        ("我妈电话里说我爸割到手了，血一直往外喷，止不住", "uncontrolled_bleeding"),
        ("听我婆婆说宝宝发烧39度，才两个月大", "infant_fever"),
        ("老婆怀孕七个月，打电话说下面出了好多血", "pregnancy_bleeding"),
        ("我妹怀孕35周，她打电话说羊水破了", "ruptured_membranes"),
        ("我老公在外地打工，电话里说工地上被钢筋砸到头，吐了好几次", "head_injury"),
        ("邻居打电话来说我爸倒在地里了，怎么叫都不醒", "unconsciousness"),
    ],
)
def test_an_emergency_told_from_afar_is_read(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "听邻居说我爷爷从楼梯上摔下来了，叫不醒",
        "听邻居说我妈在楼道里摔倒了爬不起来，头磕破了一直流血",
    ],
)
def test_a_fall_relayed_by_a_neighbour_is_an_emergency(text: str) -> None:
    assert emergency(text)


@pytest.mark.parametrize(
    "text",
    [
        # a clip of a stranger (also typed without stops: 一个老人 is counted, no report opens)
        "刷到个视频有个老人嘴歪了，说话含糊",
        "抖音上看到一个孕妇羊水破了",
        "抖音上看到一个老人突然倒地抽搐",
        "视频里看有个大爷突然倒地抽搐，好吓人",
        "快手上刷到一个宝宝发高烧抽搐的视频",
        "小姐姐视频里说吃这个药会心慌",
        # a clip a relative watched or forwarded, not the relative's own call
        "我妈刷抖音，视频里说老人摔倒了起不来不能马上扶",
        "我爸看的视频里说中风会说话含糊",
        "群里转了篇文章说心梗会胸口疼出冷汗",
        "家族群里我姑转了篇文章，说中风要在黄金时间送医",
        # hearsay about a condition in general
        "听说中风要在黄金时间送医",
        "听说心梗的人会出冷汗，是真的吗",
        # a relative's old story, or a call that tells all is well
        "听我妈说我爸年轻的时候摔过一次头，缝了好几针",
        "家族群里我姑说前几年我爷爷中风过，现在恢复得还行",
        "听我婆婆说宝宝以前发烧抽过一次，现在好好的",
        "我妈电话里说我爸刚才胸口疼了一下，现在没事了，明天想去复查",
        "视频里看我爸气色挺好，说话也清楚",
        "老公出差，视频里说那边天气很冷",
        "我妈在老家，视频里说家里的狗被蛇咬了",
        # an inability with the head told unhurt
        "视频里看我妈挺好的，就是有点咳嗽",
        "奶奶摔了一跤起不来，后来扶起来了，头没事，就是膝盖青了",
    ],
)
def test_a_clip_an_article_hearsay_or_an_old_story_stays_calm(text: str) -> None:
    assert not flagged(text)

"""Near-misses that name an emergency's words but tell no emergency now, next to the
emergencies worded like them that must stay flagged.  Readings covered:

- a sign of an earlier day (昨天突然…) checked and found normal stays over after the doctor
  asked to watch it, when a clause of now tells the patient well (医生让观察，今天一切正常);
  the onset word 突然 then tells how that day's episode began — unless it comes back.
- the 针 of an injection given (眼科定期打针) is no needle in the eye.
- a doctor's word after a look (医生看了说好了, 大夫听了说好了) closes an episode of an
  earlier day, and a clause of now telling the patient well (今天呼吸很平稳, 现在好了, 今天
  没事了) keeps it closed — unless the sign is told again now.
- a why-question about a condition or a first-aid step asked of no one (…为什么会…,
  …为什么要冲15分钟): a duration asked about (冲15分钟) is no duration told.
- a burn's "no longer hurts" told with its cooling (冲了冷水不疼了) is relief, not the
  numbness of a deep burn; and an outcome word that is the concept's own sign (发白，不疼了)
  never tells that sign over.
- the 被电 of 被电动车 (an electric scooter) is no electric shock.
- a pet named by any breed (我家腊肠狗) is no patient.
- a news item or clip watched (看完一个球员突然倒地的新闻) tells the case of the one in it.
- a wound told healed (伤口愈合了, 已经结痂了) after the vaccine course is an exposure handled.

Sentences written for this file."""

import pytest
from redflag_support import emergency, flagged

# ---------------------------------------------------------------- checked, watched, well now
VISION_CHECKED_CALM = [
    "昨天眼前突然黑了几秒，马上去眼科急诊查了眼底和头颅CT都正常，医生让观察，今天一切正常",
    "前天左眼突然看不见了一会儿，当天去医院查了眼底都正常，医生让观察，现在一切正常",
    "昨天下午眼前突然一黑，去急诊查了头颅CT都正常，医生让回家观察，今天一切正常",
    "我妈昨天眼前突然黑了一下，当天查了眼底和CT都正常，医生让观察，今天一切正常",
]
VISION_STILL = [
    "昨天眼前突然黑了几秒，查了眼底都正常，医生让观察，今天又黑了一次",
    "昨天眼前突然黑了几秒，查了眼底都正常，医生让观察",
    "刚才眼前突然黑了，左眼现在还看不见",
    "今天早上右眼突然看不见了，到现在都没恢复",
    "我爸半小时前突然一只眼睛看不见了",
    "昨天眼前突然黑了几秒，查了CT都正常，医生让观察，今天左眼突然看不见了",
]

# ---------------------------------------------------------------- an injection is no poke
EYE_INJECTION_CALM = [
    "糖尿病视网膜病变好几年了，视力一直差不多，在眼科定期打针，想约下次",
    "黄斑变性一直在眼科打针，每个月一次，这次想换个时间",
    "我爸眼底出血在眼科打了针，想问下一针什么时候打",
    "眼科医生说要每月打针，想预约下个月的",
]
EYE_POKED = [
    "眼睛被针扎了一下，流血看不清",
    "孩子拿缝衣针戳到眼睛了",
    "干活时铁屑崩进眼睛里了，睁不开",
    "眼睛被树枝戳伤了，一直流泪",
    "针头不小心扎到眼睛了，现在看东西模糊",
]

# ---------------------------------------------------------------- a doctor's word, well now
SEEN_AND_WELL_CALM = [
    "昨晚孩子喘得厉害去急诊雾化了，医生看了说好了，今天呼吸很平稳，想约个复诊",
    "昨天半夜儿子喘得厉害，送急诊雾化了两次，大夫听了说好了，今天呼吸平稳",
    "前天吐了点血去急诊做了胃镜，医生说是剧烈呕吐导致的小撕裂已经止血，现在好了",
    "昨天喝酒后吐了几口血，连夜去医院做了胃镜，医生说是贲门撕裂，已经止住了，今天没事了",
]
SEEN_BUT_NOT_WELL = [
    "昨晚孩子喘得厉害去急诊雾化了，医生看了说好了，今天又喘起来了",
    "昨晚孩子喘得厉害去急诊雾化了，医生看了说好了，现在呼吸还是很急",
    "前天吐了点血去急诊做了胃镜，医生说是小撕裂已经止血，今天又吐了一大口血",
    "孩子现在喘得厉害，嘴唇发紫",
    "刚才吐了一大口血，头晕",
    "昨天吐了点血，今天又吐了半碗暗红色的",
]

# ---------------------------------------------------------------- why-questions of no one
WHY_ASKED_CALM = [
    "咳出来的血为什么会带泡沫？支气管扩张为什么容易咳血",
    "一氧化碳中毒为什么会脸色发红",
    "眼睛溅到化学品为什么要冲十五分钟以上",
    "烫伤以后为什么要用凉水冲20分钟",
    "煤气中毒为什么容易让人迷糊",
]
WHY_BUT_TOLD = [
    "我爸一氧化碳中毒了，为什么会脸色发红",
    "眼睛溅到化学品了，冲了十五分钟还是疼",
    "刚才咳了一大口血，为什么会带泡沫",
    "孩子抽了5分钟了还没停",
    "我妈煤气中毒了，现在叫不醒",
]

# ---------------------------------------------------------------- a small burn cooled
BURN_COOLED_CALM = [
    "拿热锅时手指烫了一下，红了一块，冲了冷水不疼了",
    "烫了一下手背，有点红，没起泡，冲了冷水已经不疼了",
    "做饭时被油溅到手背，红了一点，用凉水冲了一会儿就不疼了",
    "手指被熨斗碰了一下，冰敷了一会儿，现在不疼了",
]
BURN_DEEP = [
    "手被开水烫了，冲了冷水，现在发白了，不疼了",
    "手被油烫了，那块皮发白，一点不疼了",
    "开水烫到手，起了好多泡，现在不疼了",
    "孩子被开水烫了胸口和胳膊，起了一大片水泡",
    "腿被排气管烫焦了一块，摸着没知觉",
]

# ---------------------------------------------------------------- an electric scooter
SCOOTER_CALM = [
    "刚才被电动车轻轻蹭了一下，没摔倒，身上没伤，走路正常",
    "早上被电瓶车碰了一下，腿上青了一小块，不影响走路",
    "被电动自行车刮了一下裤子，人没事",
]
SHOCKED = [
    "骑电动车充电的时候被电了，手发麻心慌",
    "被电线电了一下，现在心慌胸闷",
    "给电动车充电时手碰到插头被电了一下，现在胸口闷",
    "孩子手指插进插座被电了，哭得厉害",
    "修电瓶车的时候摸到电线，被电倒了，叫不醒",
]

# ---------------------------------------------------------------- a pet by its breed
PET_CALM = [
    "我家腊肠狗腰突了，后腿走路拖着，要手术吗",
    "我家暹罗猫突然抽搐了，要去宠物医院吗",
    "我家萨摩耶后腿拖着走，是不是腰出问题了",
]
PERSON_STROKE = [
    "我爸突然右边胳膊腿没劲，走路拖着腿，说话不清楚",
    "我妈刚才一侧身子麻了，嘴歪了",
    "奶奶早上起来左边手脚不能动了",
    "老公走路突然拖着一条腿，说话含糊",
]

# ---------------------------------------------------------------- a news item watched
NEWS_CALM = [
    "刚看完一个球员在场上突然倒地的新闻，运动员也会心律失常吗",
    "看了一条老人突然倒地叫不醒的新闻，心脏骤停能救回来吗",
    "刷到一个小孩吞了纽扣电池的视频，好吓人，怎么预防",
]
COLLAPSE_NOW = [
    "刚看完新闻，我爸突然倒地叫不醒了",
    "打球的时候队友突然倒地，叫不醒，没呼吸了",
    "我妈刚才突然晕倒了，叫不醒",
    "老人在客厅栽倒在地上，怎么喊都不应",
]

# ---------------------------------------------------------------- a bite handled, wound healed
BITE_HANDLED_CALM = [
    "上周被狗咬了，当天就打了狂犬疫苗和免疫球蛋白，今天打完第三针，伤口也愈合了",
    "五天前被猫抓破了手，当天打了狂犬疫苗，今天第三针打完了，伤口已经结痂了",
    "十天前被狗咬伤，疫苗按时在打，伤口已经长好了，想问第四针的时间",
]
BITE_DUE = [
    "上周被狗咬了，伤口已经愈合了，疫苗一直没打，现在还来得及吗",
    "刚被狗咬了，流血了",
    "昨天被流浪猫抓破了手，出血了，还没打疫苗",
    "孩子刚才被邻居家的狗咬了腿，两个牙印在冒血",
    "三天前被狗咬了，伤口还没好，没打过疫苗",
]


@pytest.mark.parametrize(
    "text",
    VISION_CHECKED_CALM
    + EYE_INJECTION_CALM
    + SEEN_AND_WELL_CALM
    + WHY_ASKED_CALM
    + BURN_COOLED_CALM
    + SCOOTER_CALM
    + PET_CALM
    + NEWS_CALM
    + BITE_HANDLED_CALM,
)
def test_a_near_miss_stays_calm(text):
    assert not emergency(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    VISION_STILL
    + EYE_POKED
    + SEEN_BUT_NOT_WELL
    + WHY_BUT_TOLD
    + BURN_DEEP
    + SHOCKED
    + PERSON_STROKE
    + COLLAPSE_NOW
    + BITE_DUE,
)
def test_the_emergency_worded_alike_is_flagged(text):
    assert emergency(text), text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("被电动车撞倒了，小腿骨头戳出来了", "major_trauma"),
        ("骑电动车摔了，腿弯成奇怪的角度，疼得厉害", "major_trauma"),
        ("手被开水烫了，冲了冷水，现在发白了，不疼了", "burns"),
        ("上周被狗咬了，伤口已经愈合了，疫苗一直没打，现在还来得及吗", "animal_bite_rabies"),
    ],
)
def test_the_category_named_is_the_right_one(text, category):
    assert category in flagged(text), (text, flagged(text))

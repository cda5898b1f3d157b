"""Conversations where a calm-sounding turn must not hide the alarming one, and the reverse.

Mechanisms: "not like before" (不是以前那种晕) compares this episode with the past, it tells
no history; a medicine just taken (刚吃了个药, 吃完感冒药没多久) is a likely allergen;
the whole body shaking a while and then hard to wake (全身抖了一会，现在叫不太醒) is a fit
and its drowsy spell; an age or a pregnancy week that answers our question may run on into
the report (多大？40天，体温38度; 孕多少周？33周，…) and makes the question the asker's own;
an A-not-A question (想不想睡, 有没有伤口) neither tells nor denies its words unless the
answer that follows is no; a wound told by its look (两个黑色的小洞) is the mark of a
current; an all-clear first believed and then corrected (以为没破皮，不对，…) excludes
nothing, and a sign first believed and then corrected as something else (以为被蛇咬了，仔细看
是被树枝划了) is a mistake; a movement beyond the will (不受控制地抽) is no denial; a past
day's episode whose next turn tells a test done and normal (昨天被电了一下。/ 做了心电图，
都正常) is over.  Our own wordings, written from clinical knowledge, not from any evaluation
set."""

import pytest
from redflag_support import flagged_case

NOT_LIKE_BEFORE = [
    (
        ["我爸今早起来就头晕", "不是以前那种晕，走路往一边倒，说话含糊，六十八岁"],
        "sudden_imbalance",
    ),
    ("奶奶突然天旋地转，不是以前那种晕，站都站不稳，还看东西重影", "sudden_imbalance"),
    (["外公刚才开始晕", "和平时不一样，不是以前那种晕，说话大舌头"], "sudden_imbalance"),
    (["我妈早上起床就晕", "不是以前的那种晕，走不稳，舌头发硬"], "sudden_imbalance"),
    ("老伴儿今天突然头晕，不是以前那种颈椎的晕，一直往一边倒", "sudden_imbalance"),
]

LIKE_BEFORE = [
    ["我妈有耳石症", "今早起床又晕了，跟以前那种晕一样，躺一会就好"],
    "以前晕过几次，是颈椎病，这几天没晕",
    "不是以前那种晕，就是有点头昏脑胀，没睡好",
]

DRUG_JUST_TAKEN = [
    ("刚吃了个药，嘴唇有点肿，嗓子有点紧，应该是心理作用吧", "anaphylaxis"),
    ("刚才服了两片布洛芬，现在嘴唇肿起来了，喉咙发紧", "anaphylaxis"),
    ("我老公刚吃了点药，说嗓子紧，舌头有点大", "anaphylaxis"),
    ("吃完感冒药没多久，嘴唇就肿了，喘不上气", "anaphylaxis"),
    ("孩子刚喝了口服液，嘴肿了，嗓子堵得慌", "anaphylaxis"),
    ("吃了降压药以后没多久脸和嘴唇都肿了，喉咙发紧", "anaphylaxis"),
]

DRUG_CALM = [
    "刚吃了个药，感觉好多了",
    "刚吃了感冒药，想睡一会，嗓子不疼了",
    "刚吃了药，想问下饭后能喝茶吗",
]

SHAKE_THEN_DROWSY = [
    ("我老公刚刚全身抖了一会，现在睡着了叫不太醒，他以前没这样，是不是累的", "seizure"),
    ("奶奶刚才浑身抖了一阵，现在叫都叫不醒", "seizure"),
    ("孩子刚才全身哆嗦了一两分钟，现在昏睡，叫半天才醒", "seizure"),
    (["我爸刚才在沙发上全身发抖", "现在叫不太醒，睡得很沉"], "seizure"),
    ("儿子刚才身体抖了好一会，之后喊不太醒", "seizure"),
    ("我妈说刚才手脚不受控制地抽，她说可能是累了，是不是我想多了", "seizure"),
]

SHAKE_CALM = [
    "刚才全身抖了一下，是打了个寒颤，人很清醒，在聊天",
    "紧张的时候浑身发抖，一会就好",
    "全身抖了一下，是打了个冷颤，现在在看电视",
]

AGE_ANSWER_RUNS_ON = [
    (["我家宝宝发烧了", "多大？四十天，体温38度"], "infant_fever"),
    (["宝宝发烧了", "几个月了？两个月，烧到38.5"], "infant_fever"),
    (["孩子发热", "多大？五十天，量了38.2"], "infant_fever"),
    (["孕晚期肚子发紧正常吗", "孕多少周？33周，每隔几分钟就疼一次"], "pregnancy_bleeding"),
    (["孕期肚子一阵阵疼正常吗", "几周？32周，每隔五分钟疼一次，还见红了"], "pregnancy_bleeding"),
]

AGE_ANSWER_CALM = [
    ["宝宝发烧了", "烧几天了？四十天，体温38度"],
    ["宝宝咳嗽", "多久了？四十天，有点痰"],
    ["宝宝发烧了", "多大？三岁，体温38度"],
    ["孕晚期肚子发紧正常吗", "孕多少周？33周，偶尔发紧一下，不疼，一会就好"],
]

A_NOT_A_THEN_YES = [
    (["孩子摔到后脑勺", "我问他想不想睡觉", "嗯，他一直打哈欠叫不太起来"], "head_injury"),
    ("孩子从床上摔下来磕到头，现在一直打哈欠", "head_injury"),
    (["儿子后脑勺磕到桌角了", "问他困不困", "他说困，叫不太醒"], "head_injury"),
    (["同事被电击了", "我问他手上有没有伤口", "有，两个黑色的小洞"], "electric_injury"),
    (["工友刚被电打了一下", "问他有没有伤口", "有，手心一个发黑的洞"], "electric_injury"),
]

A_NOT_A_THEN_NO = [
    ["孩子摔到后脑勺", "我问他想不想睡觉，他说不想，一直在玩"],
    ["孩子摔到后脑勺", "问他想不想睡", "不想，一直在玩，没吐"],
    ["同事被电了一下", "我问他手上有没有伤口", "没有，心跳也正常，人没事"],
    ["同事被电了一下", "问他有没有伤口", "他说没有，手不麻"],
]

BELIEF_CORRECTED_ALARM = [
    (["我妈被猫咬了", "以为没破皮，不对，仔细看有个小洞在渗血"], "animal_bite_rabies"),
    ("孩子被狗咬了一口，开始以为没咬破，后来发现有血印子", "animal_bite_rabies"),
    ("被邻居家的狗咬了，以为没破皮，再一看渗血了", "animal_bite_rabies"),
    ("以为被蛇咬了，仔细看是两个牙印，腿肿起来了", "snake_bite"),
]

BELIEF_CORRECTED_CALM = [
    "以为被蛇咬了，仔细看是被树枝划了一下",
    "以为被蛇咬了，仔细看就是被草割了个口子",
    ["我妈被猫咬了", "以为没破皮，仔细看了确实没破，也没出血"],
]

TESTED_NEXT_TURN = [
    ["昨天被电了一下", "做了心电图和抽血，都正常"],
    ["前天游泳呛水了", "医院观察了一晚，胸片正常"],
    ["昨天感觉胎动少", "去做了胎心监护，都正常"],
]

TESTED_THEN_AGAIN = [
    (["昨天被电了一下", "做了心电图都正常，可是现在手还是麻，心慌"], "electric_injury"),
    (["昨天感觉胎动少", "去做了胎心监护都正常，今天又感觉不到胎动了"], "reduced_fetal_movement"),
]

ALARMING = (
    NOT_LIKE_BEFORE
    + DRUG_JUST_TAKEN
    + SHAKE_THEN_DROWSY
    + AGE_ANSWER_RUNS_ON
    + A_NOT_A_THEN_YES
    + BELIEF_CORRECTED_ALARM
    + TESTED_THEN_AGAIN
)
CALM = (
    LIKE_BEFORE
    + DRUG_CALM
    + SHAKE_CALM
    + AGE_ANSWER_CALM
    + A_NOT_A_THEN_NO
    + BELIEF_CORRECTED_CALM
    + TESTED_NEXT_TURN
)


@pytest.mark.parametrize("case,category", ALARMING)
def test_the_alarming_turn_is_flagged(case, category):
    got = flagged_case(case)
    assert category in got, (case, got)


@pytest.mark.parametrize("case", CALM)
def test_the_calm_look_alike_stays_calm(case):
    assert not flagged_case(case), case

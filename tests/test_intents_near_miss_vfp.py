"""Near-misses of session 8's second false-alarm helper (vfp), each next to an emergency in
the same words that must stay flagged.

Mechanisms: clothing bitten through with the skin said untouched (裤腿被狗咬破，皮没碰到)
is a thing bitten, and 裤腿 is no leg; a pet counted (我家两只狗); a character of a show
(女主, 男主角) is no patient; an idiom of anger (气得吐血); pain on turning or bending the
head (转头疼) is no headache; paint or plaster falling (掉了一块漆) is no fall; a general
question of why a thing is dangerous or whether a drug harms the liver; "I am only asking"
(我就是问问) names no patient; a wish to ask ahead (想提前问清楚) with no moment told; a future bite (以后再被咬) is hypothetical; a function told
normal right after its word (喘气正常, 吃奶正常) is not the sign, unless it is an "even"
word (喝水都正常).  Our own wordings, written from clinical knowledge, not from any
evaluation set."""

import pytest
from redflag_support import flagged

PAIRS = [
    (
        "外套袖子被邻居家的狗咬穿了，胳膊上一点没伤到，用不用去打针",
        "外套袖子被邻居家的狗咬穿了，胳膊上两个牙洞一直渗血",
        "animal_bite_rabies",
    ),
    (
        "我家三只猫抢吃的打起来了，那只白的耳朵被抓破了",
        "我家三只猫打架，我伸手去拉，被抓破了手背，出血了",
        "animal_bite_rabies",
    ),
    (
        "昨天追的剧里男主角突然倒地不省人事，医生说是心脏骤停，真实情况能救回来吗",
        "追剧追到半夜，我老公突然倒地不省人事，叫不醒",
        "unconsciousness",
    ),
    ("孩子考试又没及格，真是气得我吐血", "我爸跟人吵完架，突然吐了一大口血", "haematemesis"),
    (
        "睡觉枕头太高，早上起来扭头疼，别的都好，不发烧",
        "早上起来突然头疼得像要裂开，从来没这么疼过，吐了两次",
        "thunderclap_headache",
    ),
    (
        "柜子撞了一下墙，掉了一块墙皮，怎么补",
        "我爸从墙上掉了下来，躺在地上起不来",
        "major_trauma",
    ),
    ("磁力珠吞下去为什么那么危险", "孩子刚吞了好几颗磁力珠，肚子疼", "button_battery"),
    ("布洛芬吃多了伤肾吗", "我刚一口气吃了三十片布洛芬，想死", "drug_overdose"),
    (
        "网上说吃完饭突然胸口压着疼就是心梗，怎么分辨？我只是问问",
        "我爸吃完饭突然胸口压着疼，一身冷汗，怎么分辨是不是心梗？",
        "cardiac_chest_pain",
    ),
    (
        "去年被蛇咬过住了院，现在好了，将来要是再被咬该先做什么",
        "刚才被蛇咬了，腿肿得很快，要是再被咬该先做什么",
        "snake_bite",
    ),
    (
        "化疗的病人发烧一般挂哪个科？想提前问清楚流程",
        "我妈在化疗，今天发烧39度，发抖，想提前问清楚流程",
        "sepsis",
    ),
    (
        "孩子游泳呛了水，咳了两声就好了，现在呼吸挺正常，在玩",
        "孩子游泳呛了水，咳了两声就好了，现在喘得很快",
        "drowning",
    ),
]


@pytest.mark.parametrize("quiet,emergency,category", PAIRS)
def test_the_look_alike_is_quiet(quiet, emergency, category):
    assert not flagged(quiet), (quiet, flagged(quiet))


@pytest.mark.parametrize("quiet,emergency,category", PAIRS)
def test_the_emergency_in_the_same_words_stays_flagged(quiet, emergency, category):
    assert category in flagged(emergency), (emergency, flagged(emergency))


def test_clothing_bitten_with_a_wound_told_stays_an_emergency():
    # the thing is bitten, but the body is hurt too (or the untouched skin is only hoped)
    assert "animal_bite_rabies" in flagged("裤腿被狗咬破了，腿上有牙印在渗血")
    assert "animal_bite_rabies" in flagged("裤腿被狗咬破了，皮没破吧，可腿上在渗血")


def test_normal_after_an_even_word_or_a_question_is_no_denial():
    # 呼吸正常吗 asks; 喘得不正常 is abnormal
    assert "drowning" in flagged("孩子游泳呛了水，当时咳几声就好了，现在喘得不正常")
    assert "drowning" in flagged("孩子游泳呛了水，当时咳几声就好了，现在喘，呼吸正常吗")

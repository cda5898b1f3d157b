"""Near-misses about things, terms, shows and disproved scares, each next to an
emergency in the same words that must stay flagged.

Mechanisms: a thing's owner named right before it (我的鞋, 我手机) is not who the thing's
trouble happened to, and a person word is read with its lookahead at a span's end (我的
手机 is no person); a device that flickers like a fit, fell into water or broke in a fall,
a thing chewed by a pet, a newborn animal, a show's guest who says 自己, a show's
character (女主, 男主角), a pet given with a count (我家两只狗); clothing bitten through
with the skin said untouched (裤腿被狗咬破，皮没碰到), and 裤腿 is no leg; a place word or a
plant that hides a body or bite word (门口, 路灯, 咬人猫), a clinic named after a sign
(晕厥门诊), 没气短 (no shortness of breath, not 没气), a price or a count after 血糖仪;
an idiom of anger (气得吐血), pain on turning the head (转头疼), paint falling (掉了一块漆);
how a term is read or written, a why-question about what a sign is like or why a thing is
dangerous, whether a drug harms the liver, 是真的吗 after hearsay, 会不会影响智力,
"I am only asking" (我就是问问), a wish to ask ahead with no moment told, a future bite
(以后再被咬); a class or a training held by an institution (我们学校); a scare told as a
belief and then disproved (以为…一片都没少); 都没 over a run of signs; 现在一切正常 and
现在不疼不红 as the end of an episode; a function told normal right after its word
(喘气正常), unless it is an "even" word (喝水都正常) or a question; 没有持续流水; 半年了 as
long-standing.  Our own wordings, written from clinical knowledge, not from any
evaluation set."""

import pytest
from redflag_support import flagged

PAIRS = [
    # a device or an object is the subject
    ("我的平板画面老是跟抽风似的乱闪，是屏坏了吗", "我爸刚才突然抽风，口吐白沫，叫不醒", "seizure"),
    ("我的耳机掉水里泡了半天，还能用吗", "孩子掉水里了，捞上来没呼吸了", "drowning"),
    ("我手机从五楼掉下去摔碎了，屏幕全裂了", "我爸从五楼掉下去了，叫不醒", "major_trauma"),
    ("我的拖鞋被猫咬烂了", "我被邻居家的狗咬了，流了好多血", "animal_bite_rabies"),
    ("刚出生的小猫不吃奶一直叫怎么办", "刚出生的宝宝不吃奶，一直睡叫不醒", "neonatal_danger"),
    # a word inside a place, a plant or a clinic's name
    ("小区路口的红绿灯杆子歪了，谁来管", "我妈嘴角突然歪了，说话不清", "stroke"),
    ("花盆里的咬人猫蛰了一下手，火辣辣的", "被流浪狗咬了一口，咬破了皮", "animal_bite_rabies"),
    ("胸痛中心在几楼，想约下周的复查", "我爸胸口压着疼半小时了，一身冷汗", "cardiac_chest_pain"),
    ("量血压150/95，没胸闷没气短，要加药吗", "溺水的孩子捞上来没气了", "drowning"),
    ("血糖仪多少钱1台，能走医保吗", "我爸血糖2.1，叫不醒，一身冷汗", "hypoglycaemia"),
    # a question for information
    ("“晕厥”这个词怎么读", "我妈刚才晕厥了，现在还叫不醒", "unconsciousness"),
    ("为什么脑出血的人血压是高的？", "我爸突然脑出血，叫不醒", "stroke"),
    ("网上说吃退烧药会引起抽搐，是真的吗？孩子没抽过", "孩子发烧突然抽搐，眼睛上翻", "seizure"),
    ("热性惊厥会不会影响以后学习", "孩子刚才高烧抽搐了，现在还在抽", "seizure"),
    (
        "我们单位想办一次心肺复苏培训，能请医生来讲课吗",
        "同事刚才突然倒地，没呼吸了",
        "unconsciousness",
    ),
    # a scare disproved, signs denied, an episode over
    (
        "以为老人多吃了降压药，数了一下药盒一粒都没少，人好好的",
        "老人一下吃了二十片降压药，现在头晕站不起来",
        "drug_overdose",
    ),
    (
        "以为孩子喝了消毒液，瓶盖都没打开，虚惊一场",
        "孩子喝了消毒液，嘴里起泡一直吐",
        "chemical_poisoning",
    ),
    (
        "煤气灶刚才熄火了，开窗通风了，家里人都没头痛头晕",
        "家里烧炭取暖，全家人头痛头晕想吐",
        "carbon_monoxide",
    ),
    (
        "厨房着火了，火很快扑灭了，谁都没受伤，现在一切正常",
        "厨房着火了，我妈被困在里面，脸上烧伤了",
        "burns",
    ),
    (
        "防晒霜进眼睛了，用清水冲了一下，现在不疼不红",
        "洗厕灵溅进眼睛里了，疼得睁不开",
        "eye_injury",
    ),
    (
        "孕35周，咳嗽时漏了一点尿，没有持续流水",
        "孕35周，下面突然哗哗流水止不住",
        "pregnancy_bleeding",
    ),
    # long-standing
    ("面瘫大半年了，嘴角还有点歪，要继续理疗吗", "我妈今天早上突然嘴角歪了，说话不清", "stroke"),
    # (a second round: clothing, pets counted, shows, idioms, general questions)
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


EXPLAINED_OR_DENIED = [
    # tenderness in the chest muscles, both legs said to be strong
    ("练完卧推胸口两侧肌肉疼，按上去就疼，抬手臂也疼", "健身以后胸口压着疼，左胳膊也疼，一身冷汗"),
    ("腰疼好几天了，大小便都正常，两条腿也有劲", "腰疼三天，今天两条腿都没劲了，屁股周围麻"),
]


@pytest.mark.parametrize("quiet,emergency", EXPLAINED_OR_DENIED)
def test_a_sign_explained_or_denied_after_it_is_quiet(quiet, emergency):
    assert not flagged(quiet), (quiet, flagged(quiet))
    assert flagged(emergency), (emergency, flagged(emergency))


def test_a_belief_with_no_disproof_stays_an_emergency():
    # 以为 alone disproves nothing: the scare stands until something shows it false
    assert "button_battery" in flagged("以为孩子吞了电池，现在看着好好的")
    assert not flagged("以为孩子吞了电池，结果根本没吞，电池在沙发底下找到了")


def test_clothing_bitten_with_a_wound_told_stays_an_emergency():
    # the thing is bitten, but the body is hurt too (or the untouched skin is only hoped)
    assert "animal_bite_rabies" in flagged("裤腿被狗咬破了，腿上有牙印在渗血")
    assert "animal_bite_rabies" in flagged("裤腿被狗咬破了，皮没破吧，可腿上在渗血")


def test_normal_after_an_even_word_or_a_question_is_no_denial():
    # 呼吸正常吗 asks; 喘得不正常 is abnormal
    assert "drowning" in flagged("孩子游泳呛了水，当时咳几声就好了，现在喘得不正常")
    assert "drowning" in flagged("孩子游泳呛了水，当时咳几声就好了，现在喘，呼吸正常吗")

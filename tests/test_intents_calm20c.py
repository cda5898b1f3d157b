"""Near-misses of relatives far away, forwarded messages, hearsay and general questions,
next to the emergencies worded like them that must stay flagged.  Readings covered:

- a piece forwarded in a group chat (群里转了篇文章说…, 家族群里有人转的口诀) is the source's
  case — unless a kin word follows the source (群里转了我妈的照片) or a later clause tells a
  person's sign of now.
- a stranger in a clip or a feed (看视频说有个博主…, 看抖音上有人…, 朋友圈看到有人的狗…) and
  an animal show (动物世界里…) are not the asker's patient — a video call with a relative
  (视频里看到我妈嘴歪了, 跟我爸视频) stays a report.
- a fitness teacher's say-so (瑜伽课老师说…会大小便失禁) is hearsay — unless it is news of a
  relative (瑜伽课老师说我女儿刚才晕倒了).
- advice or a drug's effect heard of no one named (听说老人晕倒了不能随便扶, 听说吃感冒药会尿
  不出来) — not news of a relative (听说我妈晕倒了不能随便扶，现在叫不醒).
- a knowledge question: why a thing is said (为什么说…), how rare it is (是不是很少见), what it
  looks like (是什么样), how two things differ (有什么不同) — unless a person is told having it.
- a test told normal after an exposure of an earlier day, then told well now with no adverb
  (现在都好) or the passing sign gone (现在也不晕了), is over — unless a sign of now follows.
- a per-day dose asked (一天最多吃多少) is no duration told; an amount taken told (吃了一整瓶,
  吞了一把) makes the question someone's case.

Sentences written for this file."""

import pytest
from redflag_support import emergency

HEARSAY_CALM = [
    # forwarded in a group chat
    "群里转了中风120的口诀，想问家里老人怎么预防脑卒中，平时要注意什么",
    "群里转了篇文章说腰突严重会大小便失禁，想问什么情况下必须马上手术",
    "家族群里有人转了篇文章说心梗会胸口压着疼，平时怎么预防",
    "微信群里转发的视频说吃毒蘑菇会死人，怎么辨别",
    "群里转了个口诀说中风要看嘴歪不歪，这个准吗",
    # a stranger in a clip or a feed, an animal show
    "看视频说有个博主孕晚期胎动少，去医院紧急剖了，她说得好吓人，这种情况多吗",
    "看抖音上有人量血压240/140还在打麻将，这种人真的没事吗",
    "朋友圈看到有人的狗被蜜蜂蛰了脸肿得很大，狗也会过敏休克吗",
    "看视频说有个老人嘴歪了，是不是中风，怎么判断",
    "刷抖音看到有个孕妇大出血，好吓人，这种多见吗",
    "朋友圈看到有人家的猫被蛇咬了，猫会死吗",
    "看快手上有个大爷血压200多还喝酒，这样会不会中风",
    "看动物世界里眼镜蛇咬死了一头野牛，蛇毒这么厉害吗",
    "看动物世界里鳄鱼咬断了斑马的腿，好残忍",
    # a teacher's say-so, advice heard
    "我们瑜伽课老师说腰椎间盘突出压到神经会大小便失禁，我挺怕的，我只是腰有时候酸",
    "我们瑜伽课老师说倒立会脑出血，我挺怕的",
    "健身教练说蛋白粉吃多了会伤肾，是真的吗",
    "听说老人晕倒了不能随便扶，正确的做法是什么",
    "据说老人摔倒了不能马上扶起来，要怎么做",
    "前列腺增生的老人，听说吃感冒药会尿不出来，哪些药要避开",
    "听说吃头孢喝酒会休克，是真的吗",
]
HEARSAY_WORDS_REPORTED = [
    "视频里看到我妈嘴歪了，说话不清楚",
    "视频里看到我外婆一边嘴角往下耷拉，问她话答非所问",
    "视频里看到我爷爷坐着，一个人在发抖，嘴唇发紫，喘不上气",
    "跟我爸视频，看到他一直捂着胸口，满头大汗，说胸口压着疼",
    "视频里看到一个老人嘴歪，我刚才发现我妈也嘴歪了，说话不清",
    "群里转了我妈的照片，她嘴歪了，半边身子不能动",
    "我姐在家族群里说我爸晕倒了，叫不醒",
    "我哥在群里发消息说嫂子大出血了，止不住",
    "群里转了篇文章说腰突会大小便失禁，我现在就是腰疼，两条腿发软，尿失禁了",
    "看抖音上有人量血压240，我爸刚量了220/130，头疼得厉害，看东西模糊",
    "看视频说有个博主胎动少，我孕34周，今天一天都没感觉到胎动",
    "我刷抖音的时候突然胸口压着疼，出冷汗，喘不上气",
    "看视频的时候我爸突然倒地，叫不醒",
    "看纪录片的时候孩子被蛇咬了，腿肿得很厉害",
    "看动物世界里说眼镜蛇很毒，我刚被蛇咬了，手肿得厉害",
    "朋友圈看到我表姐发的，她被毒蛇咬了，手肿得发紫",
    "我家狗被蜜蜂蛰了，我也被蛰了，现在脸肿得很大，喘不上气",
    "瑜伽课老师说我女儿刚才在课上晕倒了，现在叫不醒",
    "听说我爸晕倒了，叫不醒，怎么办",
    "听说我妈晕倒了不能随便扶，现在叫不醒怎么办",
    "听说吃感冒药会尿不出来，我爸吃了感冒药现在一整天都尿不出来，肚子胀得很",
]


@pytest.mark.parametrize("text", HEARSAY_CALM)
def test_hearsay_and_shows_stay_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", HEARSAY_WORDS_REPORTED)
def test_video_calls_and_relatives_news_flagged(text: str) -> None:
    assert emergency(text), text


QUESTIONS_CALM = [
    "扑热息痛吃多了会伤肝吗，一天最多吃多少",
    "布洛芬吃多了会伤胃吗，一天最多吃多少",
    "对乙酰氨基酚一天最多吃多少，吃多了会伤肝吗",
    "为什么说溺水救上来以后还要观察好几个小时，什么是继发性溺水",
    "为什么说心梗有黄金救治时间，什么是黄金四小时",
    "过敏性休克是不是很少见？一般吃东西过敏多久会发作",
    "脑膜炎是不是很少见？一般会有什么症状",
    "宝宝脱水轻的和重的各是什么样，怎么看尿量",
    "中暑严重的是什么样，怎么预防",
    "毒蛇咬的牙印和无毒蛇的有什么不同",
    "心绞痛和心梗有什么不同",
]
QUESTION_WORDS_REPORTED = [
    "我儿子刚吃了一整瓶扑热息痛，会伤肝吗，一天最多吃多少",
    "吃了一整瓶扑热息痛会伤肝吗，一天最多吃多少",
    "吃了一整瓶扑热息痛会伤肝吗",
    "吞了一把安眠药会伤肝吗，一天最多吃多少",
    "喝了半瓶敌敌畏会死吗",
    "我妈把一瓶安眠药全吃了，现在叫不醒，一天最多能吃几片",
    "为什么说溺水救上来以后还要观察，我儿子刚从河里救上来，一直咳粉红色泡沫痰，喘得很快",
    "孩子溺水救上来了，为什么说还要观察？他现在嘴唇发紫，喘不上气",
    "过敏性休克是不是很少见？我刚吃了虾，现在喉咙发紧喘不上气，全身起疹子",
    "宝宝脱水重的是什么样？我家宝宝一天没尿了，眼窝凹陷，叫他没精神",
    "我刚被蛇咬了，毒蛇咬的牙印和无毒蛇的有什么不同？手肿得发紫",
    "我爸被蛇咬了两个牙印，腿肿到大腿了，毒蛇和无毒蛇有什么不同",
]


@pytest.mark.parametrize("text", QUESTIONS_CALM)
def test_general_questions_stay_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", QUESTION_WORDS_REPORTED)
def test_questions_with_a_case_flagged(text: str) -> None:
    assert emergency(text), text


CHECKED_AND_WELL_CALM = [
    "昨天家里燃气泄漏，我们都去医院检查了，医生说碳氧血红蛋白正常，现在都好",
    "前天厨房煤气泄漏，全家去医院查了都正常，现在也都好",
    "昨天烧炭有点头晕，去医院查了都正常，现在也不晕了",
]
CHECKED_THEN_WORSE = [
    "昨天家里燃气泄漏，去医院检查了，医生说碳氧血红蛋白正常，现在又头疼又想吐，叫他反应很慢",
    "昨天家里燃气泄漏，去医院查了都正常，现在我妈又晕倒了，叫不醒",
    "昨晚烧炭取暖，今天查了血都正常，可是现在我爸一直吐，叫不醒",
    "昨天低血糖晕倒了，医院查了都正常，现在又出冷汗手抖，叫不醒",
    "昨天烧炭，查了都正常，现在也不晕了，但是我妈刚才突然抽搐了",
]


@pytest.mark.parametrize("text", CHECKED_AND_WELL_CALM)
def test_checked_normal_and_well_now_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", CHECKED_THEN_WORSE)
def test_checked_then_a_sign_of_now_flagged(text: str) -> None:
    assert emergency(text), text

"""Near-misses whose subject is no patient, a term, an old event or a harmless source of
blood, and the emergencies that look like them and must stay flagged.

Mechanisms: two names asked to be one thing (…和…是一回事吗, 是一个意思吗) or a term's
meaning asked (是指什么样的…) is a question for information, and so is a why-question
about no one in particular (为什么…比…危险); 怎么识别 asks how to recognise a sign; a
repair question (能修吗, 保险丝, 开不了机), a washing machine shaking out of level, a
splash on a screen, a tree in the garden, a young animal, a dog breed and a drama
(医疗剧, 《…》里) are no patient — unless a person is named with the sign; a stay in
hospital (住过一周NICU, 住院那几天) and 是三年前的事 are history; 我的手机 is no hand;
blood from the gums or the nose named in the sentence explains pink froth or a streak of
blood in what is spat out, and a gum that keeps bleeding is no bleeding in pregnancy.
Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged

NEAR_MISSES = [
    # a term asked about
    "过敏性休克和严重过敏是一回事吗",
    "“服药过量”和“药物中毒”是一个意思吗",
    "“撕裂样胸痛”是指什么样的胸痛",
    "为什么误吞磁铁比吞硬币危险",
    "为什么煤气中毒的人嘴唇会是樱桃红色",
    "为什么被毒蛇咬了要把伤口放低",
    "我是辅导员 怎么识别学生有没有自杀念头",
    # a thing, an animal or a story is the subject
    "我的平板屏幕突然“瘫痪”了 右半边点了没反应 能修吗",
    "车里的导航屏突然“失明”了 一片黑 是不是保险丝烧了",
    "烘干机转起来像抽风一样狂抖 是没放平吗",
    "手机屏幕上溅了几滴84消毒液 会不会腐蚀坏",
    "手机掉进鱼缸了 捞出来开不了机",
    "楼下的监控被雷击坏了 还能修好吗",
    "我家法斗一热就喘得厉害 是品种的问题吗",
    "我家小母狗生完崽子以后一直在流血",
    "家里刚生的狗崽一直喘得厉害",
    "在看医疗剧 里面说病人突然心脏骤停 抢救要按多深",
    "看《急诊室的故事》里一个产妇生完孩子大出血 现在还会这样吗",
    "阳台上的樱桃树枝断了 一直往外流胶 止不住",
    # an old event
    "产后大出血是五年前的事了 现在想要二胎",
    "女儿出生时吸入羊水窒息住过一周NICU 现在一岁了 想约体检",
    # blood from the mouth or nose
    "刷牙的时候牙龈出血 吐出来的牙膏沫带点血",
    "早上流鼻血 之后吐的痰里带点血",
    "怀孕20周 最近刷牙牙龈总出血 要补维C吗",
]

LOOKALIKES = [
    ("我妈胸口压着疼半个小时了 一直出冷汗 心梗和心绞痛是一回事吗", "cardiac_chest_pain"),
    ("孩子刚才吞了一颗纽扣电池 为什么一直流口水", "button_battery"),
    ("我是班主任 学生刚才发消息说不想活了 已经写好遗书", "suicide_self_harm"),
    ("爷爷突然半身不遂 嘴歪了 说话不清楚", "stroke"),
    ("我爸刚才倒地抽搐 口吐白沫 叫不醒 手机也摔了还能修吗", "seizure"),
    ("洗衣机脱水的时候我妈突然倒地抽搐 叫不醒", "seizure"),
    ("消毒液溅到孩子眼睛里了 一直喊疼睁不开", "eye_injury"),
    ("孩子掉进泳池里 捞上来没有呼吸了", "drowning"),
    ("打雷的时候在树下被雷击了 现在昏迷不醒", "electric_injury"),
    ("刚才看《甄嬛传》的时候我妈突然口角歪斜 说话不清", "stroke"),
    ("在看韩剧 我爸突然捂着胸口倒下了 叫不醒", "unconsciousness"),
    ("脑出血是两年前的事了 今天突然又说话不清 右手没劲", "stroke"),
    ("给院子里的树剪枝 从梯子上摔下来 后脑着地 叫不醒", "head_injury"),
    ("刷牙的时候突然吐了一大口血 还有血块", "haematemesis"),
    ("怀孕20周 下面突然出血 比月经还多", "pregnancy_bleeding"),
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_a_near_miss_with_no_patient_or_no_sign_is_no_emergency(text):
    assert not flagged(text), (text, flagged(text))


@pytest.mark.parametrize("text,category", LOOKALIKES)
def test_the_emergency_that_looks_like_it_stays_flagged(text, category):
    assert category in flagged(text), (text, flagged(text))

"""Emergencies wrapped in courtesy or feeling: greetings and lead-ins (医生您好, 在吗,
打扰了, 请问一下, 我想咨询一下), thanks and requests for a reply (谢谢您了, 麻烦尽快回复,
求回复, 在线等), pleas (拜托了, 急急急, a clause of its own asking what to do: …，怎么办啊) and feelings (😭, 🙏, [流泪], 呜呜呜, 啊啊啊, ！！！,
??).  None of it tells anything clinical, so the red-flag layer reads the message
without it (`courtesy.without_courtesy`): the classifier's signs are not diluted by the
extra words, an emoji typed after an age does not break the age's reading, and a
lead-in clause is not read as an information question.  A lead-in that is the question
itself (想问一下…怎么预防…) stays, and wrapped look-alikes (history, prevention, info,
mild, resolved) stay calm.  All wordings are our own."""

from __future__ import annotations

import pytest
from redflag_support import emergency

from intents.courtesy import without_courtesy
from intents.normalize import safety_text

WRAPPERS = [
    ("你好，我想咨询一下，", "，谢谢您了"),
    ("医生您好，打扰了，请问一下，", ""),
    ("", "，麻烦医生尽快回复，谢谢谢谢"),
    ("", "！！！急急急，在线等啊啊啊"),
    ("大夫在吗？", "😭😭🙏"),
    ("[流泪]", "[流泪]拜托了"),
    ("请问大夫，", "??求回复"),
    ("在吗在吗，", "呜呜呜"),
    ("", "，我们该咋办呀??"),
    ("打扰一下，", "！！怎么办才好😭"),
]


# ------------------------------------------------------------ the reading itself
@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("你好医生，我想问一下，老人胸口闷得慌", "老人胸口闷得慌"),
        ("大夫您好，打扰了，娃烧到四十度，谢谢", "娃烧到四十度"),
        ("医生你好我家孩子吐了一整天", "我家孩子吐了一整天"),
        ("孩子才五十天😭，发烧了", "孩子才五十天，发烧了"),
        ("宝宝拉肚子[流泪][流泪]，一天没尿", "宝宝拉肚子，一天没尿"),
        ("腿被压住了！！！怎么办啊啊啊", "腿被压住了"),
        ("在吗？急急急，嘴唇发紫，求回复🙏🙏", "嘴唇发紫"),
        ("手指头切掉了??拜托了", "手指头切掉了?"),
        ("狗把腿咬穿了，一直淌血，怎么办啊", "狗把腿咬穿了，一直淌血"),
        ("喘不上来气了，我该咋整", "喘不上来气了"),
    ],
)
def test_courtesy_is_cut_to_the_bare_report(text, bare):
    assert without_courtesy(safety_text(text)) == safety_text(bare)


@pytest.mark.parametrize(
    "text",
    [
        "想问一下被狗咬了要打针吗",  # the lead-in is the question itself
        "请问孩子发烧几度要去医院",
        "谢谢",  # nothing but thanks: read as sent
        "医生，我头疼",  # an address alone is no greeting
        "啊，腿断了",
        "要是被毒蛇咬了怎么办",  # the plea is the question itself
        "你好像有点发烧",  # you seem to…, no greeting
        "宝宝哇哇哭了一晚上",  # a baby's crying, not the writer's feeling
    ],
)
def test_what_is_not_courtesy_stays(text):
    assert without_courtesy(safety_text(text)) == safety_text(text).lstrip(",")


# ------------------------------------------------------------ emergencies, wrapped
EMERGENCIES = [
    "来月经第三天，一会儿就透一片，起来眼前发黑",  # heavy bleeding
    "三十七周了，从早上到现在就感觉他动了一下",  # reduced fetal movement
    "闺女才四十多天😭，脑门滚烫，三十八度三",  # infant fever, emoji after the age
    "吃完海鲜浑身起疙瘩，嗓子像被掐住",  # anaphylaxis
    "我这两天一吃东西就吐黑乎乎的东西，拉的也是黑的",  # melaena
    "孕三十六周，胎动比平时少了一大半",
    "被铁钉扎进眼珠子了",
]


@pytest.mark.parametrize("text", EMERGENCIES)
@pytest.mark.parametrize(("before", "after"), WRAPPERS)
def test_wrapped_emergency_is_caught_as_bare(text, before, after):
    assert emergency(text)
    assert emergency(before + text + after), before + text + after


# ------------------------------------------------------------ look-alikes, wrapped
LOOKALIKES = [
    "我爸三年前中过风，现在复查要挂什么科",  # history
    "家里老人怎么预防中风",  # prevention
    "心梗的早期症状有哪些",  # information
    "去山里玩，要是被蛇咬了该怎么处理",  # prevention
    "宝宝三岁，发烧37度8，精神很好",  # mild, not an infant
    "昨天那个胸痛已经查过了，心电图都正常，现在不疼了",  # resolved
    "我妈糖尿病十几年了，血糖一直控制得挺好，想开点药",  # chronic
    # no symptom word but in the courtesy (麻烦回复 holds 烦): the classifier is not asked
    "冬天脱毛衣被静电电得一哆嗦",
    "家里插座冒了个火花，人没碰到",
]


@pytest.mark.parametrize("text", LOOKALIKES)
@pytest.mark.parametrize(("before", "after"), WRAPPERS)
def test_wrapped_lookalike_stays_calm(text, before, after):
    assert not emergency(before + text + after), before + text + after

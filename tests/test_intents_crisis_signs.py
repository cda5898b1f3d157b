"""Suicide and self-harm told in the ways the catalogue must read (passive death wishes,
plans and means, farewells, self-harm acts, third person, an errand around it) and their
look-alikes (idioms, titles, a charcoal barbecue, a drug's side effect asked about), and
the rarer signs of ectopic pregnancy, eclampsia, infant burns, testicular torsion and an
acute abdomen told without its usual words."""

import pytest
from redflag_support import check, flagged_case

SUICIDE = [
    # a passive wish not to wake up again
    "最近总希望晚上睡着了就不想再醒来",
    "要是能一觉睡过去再也别醒就好了",
    # asking for sleeping pills "so that I need not wake up", across turns
    ["失眠能开点安眠药吗", "能不能多开几盒", "攒够了我就可以不用再醒了"],
    # looking up a lethal amount, and pills stored
    "我在手机上搜了吃多少片安眠药会出事，家里已经存了一瓶",
    # a poison one means to drink
    "柜子里还有一瓶农药，我今晚想把它喝了",
    # a means ready with the time and place decided (told yesterday: still ready today)
    "以前看过心理医生，前天已经把绳子准备好了，地方也选好了",
    "炭已经买好了，时间也定了",
    # charcoal bought with nothing about a barbecue
    "买了三袋木炭放在车里，胶带也准备好了",
    # a farewell with "do not look for me"
    "给妹妹发了消息说谢谢这些年的照顾，以后别找我了",
    # giving the bank card's password with a farewell
    "我爸把银行卡密码都告诉我了，还说以后就靠你了",
    # burden talk with refusing food
    "我外婆说活着就是拖累我们，这几天不吃不喝",
    # a person's words about himself in the third person
    "我老公总说他走了我们娘俩就轻松了，刚才把保险单拿给我看",
    # cutting to feel better (non-suicidal self-injury)
    "孩子手臂上一道一道的口子，说心里难受划一下就舒服了",
    "他刚刚又用刀片划了大腿，血还在流",
    # despair in words other than 活着没意思
    "我觉得不想再撑了，药已经准备好了",
    "觉得活着就是受罪，只想早点解脱",
    # asking how a method feels or where to cut: an inquiry about the means
    "想问一下烧炭是不是睡着就过去了，不会痛苦吧",
    "百草枯要喝多少才会没救",
    # a conditional threat with the person at a dangerous place
    "她说要是我不回来她就从楼上跳下去，现在人在阳台上",
    # a photo of a bleeding wrist with an apology to everyone
    "表弟在群里发了手腕流血的照片，说对不起大家",
    # "the world turns without me" and wanting it over
    "反正没有我地球也一样转，我想结束了",
    # the house transferred, then "I can go in peace"
    "外公说房子过户给我以后他就可以安心走了",
    # walking into the sea
    "下了班我打算去海边直接走进去",
]

NOT_SUICIDE = [
    # a song or book title
    "有首歌叫《不如死了算了》，你听过吗",
    # the way one wants to live, not whether
    "我不想活在父母的期待里，想自己选专业",
    "我不想活得太累了，打算换份轻松的工作",
    # suicide prevention as a topic
    "社区想办一场自杀预防讲座，请问医院能派人吗",
    # a drug's side effect asked about
    "听说这种抗抑郁药会增加自杀念头，是真的吗？我现在没有这种想法",
    # charcoal for a barbecue
    "买好了木炭，周末去郊外烧烤",
    # jumping off stairs or furniture
    "下楼时跳楼梯崴了脚，脚踝肿了",
]


@pytest.mark.parametrize("case", SUICIDE)
def test_suicide_told_every_way(case):
    assert "suicide_self_harm" in flagged_case(case), case


@pytest.mark.parametrize("text", NOT_SUICIDE)
def test_suicide_look_alikes_stay_quiet(text):
    check(text, None)


OTHER = [
    # a weak positive test and pain on one side with bleeding, across turns
    (
        ["月经一向不准", "这个月一直没来，今天测出来是弱阳", "现在下面见血，右边小肚子疼得厉害"],
        "ectopic_pregnancy",
    ),
    # early pregnancy, abdominal pain and fainting
    ("我老婆怀孕一个多月，刚才捂着肚子疼晕过去了", "ectopic_pregnancy"),
    # the period later than usual, one-sided pain
    ("以为是来月经了，就是比平时推迟了十来天，肚子一边疼得厉害", "ectopic_pregnancy"),
    # an eclamptic fit that stopped
    ("媳妇怀孕三十五周，刚才突然抽起来了，吐白沫，现在不抽了人叫不太醒", "preeclampsia"),
    # an admin question in an earlier turn does not make a reading general
    (["产科夜里有人吗", "孕33周", "刚量了170/110，头很疼，眼睛花"], "preeclampsia"),
    # a typo for 周
    ("孕27州，下面出了不少血，肚子一阵阵发紧", "pregnancy_bleeding"),
    # an infant's genitals scalded
    ("热水壶倒了，开水泼在宝宝的小鸡鸡和大腿上，起了水泡", "burns"),
    # burnt before, blistered over an area this time
    ("以前也被油烫过，这次整条胳膊一大片都起泡，有的地方发白了反而不疼", "burns"),
    # a testis drawn up with pain
    ("以前也疼过一会儿就好，这次疼了两个多小时，那边睾丸缩上去了", "testicular_torsion"),
    # told as food poisoning, rolling in pain
    ("他说是吃坏了，可是疼得在地上打滚，一动就更疼", "acute_abdomen"),
]

NOT_OTHER = [
    "孕32周，咳嗽时漏了一点尿，没有持续流水，现在也没有了",
    "小区着火了，我们很快就下楼了，没有呛到，现在一切正常",
    "阴囊上长了个小囊肿，医生说观察，好几年没变化",
    "我手机从三楼掉下去了，屏幕碎了，还能修吗",
]


@pytest.mark.parametrize(("case", "category"), OTHER)
def test_rarer_signs_of_other_categories(case, category):
    assert category in flagged_case(case), case


@pytest.mark.parametrize("text", NOT_OTHER)
def test_rarer_look_alikes_stay_quiet(text):
    check(text, None)

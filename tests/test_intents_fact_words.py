"""Facts the classifier's gate and the rules need, told in lay words: a farewell letter,
affairs put in order and the pills gathered (suicide); a refusal to go to hospital
followed by the patient's own say-so (no doctor's verdict); the typed slips of 胎动 and
the Wu 号头 (month); the sweats, tremor and confusion of low sugar in someone who names
no diabetes; an unsteady walk with a numb tongue.  Each mechanism with emergencies in our
own wordings and the look-alikes that must stay calm."""

import pytest

from intents.normalize import safety_text
from tests.redflag_support import flagged


# ---------------------------------------------------------------- suicide: lay warning signs
@pytest.mark.parametrize(
    "text",
    [
        "我妈把家里的药都拿出来摆在桌上，写了封信给我们",
        "我爸把抽屉里所有的药都翻出来堆在床头，还留了张纸条说对不起",
        "我老婆今天把存折和银行卡都交给我了，又把家里的药全拿出来放在枕头边",
        "我哥这几天把欠的钱都还清了，东西收拾好了，今晚给我们每人写了一封信",
        "女儿把她攒的药都倒在桌上，给我留了一封信就把自己关在房间",
        "我奶奶把降压药安眠药都找出来摆了一排，还写了张字条放在桌上",
        "我爸写了封信放在桌上，把家里的药全都拿出来了，人不见了",
    ],
)
def test_a_letter_affairs_in_order_and_the_pills_gathered_are_a_suicide_warning(
    text: str,
) -> None:
    assert "suicide_self_harm" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "我妈把家里过期的药都拿出来整理了一下，准备扔掉",
        "孩子给我们写了封信，说考试考得不好",
        "我把家里的药都拿出来摆在桌上，想问问哪些能一起吃",
        "我爸把存折和银行卡都交给我了，让我帮他去银行办业务",
        "我妈把药都拿出来摆在桌上，写了张纸条标注每天吃几片",
        "爸爸出差前把钥匙交给邻居了，留了张纸条",
        "我女儿给我写了封信，还把房间收拾好了，说是母亲节礼物",
    ],
)
def test_sorting_pills_or_a_letter_alone_stays_calm(text: str) -> None:
    assert "suicide_self_harm" not in flagged(text)


# ---------------------------------------------------------------- a refusal is no doctor's word
@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "不好意思问一下，我妈五十一岁，最近月经不规律，今天中午开始下面哗哗地流血，"
            "她用了成人尿垫都湿透了，一直说头晕眼花，嘴唇发白，手脚冰凉，我爸不在家，"
            "她又不愿意去医院说是更年期正常现象",
            "heavy_vaginal_bleeding",
        ),
        (
            "我老婆下面大出血，一小时换了三片夜用卫生巾都湿透了，脸色煞白，她不肯去医院说是来大姨妈",
            "heavy_vaginal_bleeding",
        ),
        ("我爸胸口疼得直冒冷汗，已经半小时了，他死活不去医院说是胃病犯了", "cardiac_chest_pain"),
        (
            "我妈下面流血止不住，裤子都湿透了，头晕站不起来，她不想去看医生说是更年期",
            "heavy_vaginal_bleeding",
        ),
        ("奶奶刚才突然一边手脚没劲，嘴也歪了，她不愿意上医院说是累着了", "stroke"),
        (
            "我姐阴道出血量特别大，血块一团一团的，人已经站不稳了，她没去医院说是月经乱了",
            "heavy_vaginal_bleeding",
        ),
    ],
)
def test_a_refusal_to_go_then_the_patients_say_so_leaves_the_sign_standing(
    text: str, category: str
) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "我妈绝经两年了，上个月有点出血，去医院检查说是子宫内膜炎，已经治好了",
        "我妈前几天下面出了点血，医院说是更年期，开了药现在已经不出了",
        "我爸上周胸口疼了一下，去医院检查了，医生说是肋间神经痛，现在没事了",
    ],
)
def test_a_doctors_verdict_on_a_past_episode_still_ends_it(text: str) -> None:
    assert not flagged(text)


# ---------------------------------------------------------------- typed slips of 胎动, Wu 号头
@pytest.mark.parametrize(
    "text",
    [
        "孕36周今天胎懂很少，有点担心",
        "怀孕33周，从早上到现在胎洞明显少了",
        "孕38周了，今天一整天都没什么胎冻",
        "我老婆怀孕35周，她说今天胎栋比平时少很多",
        "孕32周 胎董感觉不到了 怎么办",
        "34周了，昨晚到现在胎咚几乎没有",
    ],
)
def test_a_typed_slip_of_fetal_movement_is_read_as_it(text: str) -> None:
    assert "reduced_fetal_movement" in flagged(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("轮胎洞补好了吗，多少钱", "胎洞"),
        ("车胎冻住了打不了气", "胎冻"),
        ("胚胎冻了两个，想问移植时间", "胎冻"),
        ("胚胎冻存一年多少钱", "胎冻"),
        ("我家孩子吹号头，嗓子哑了", "号头"),
    ],
)
def test_tyres_embryos_and_bugles_are_not_rewritten(text: str, kept: str) -> None:
    assert kept in safety_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "阿拉小囡刚刚两个号月，今朝额角头烫得来，量了38度多",
        "阿拉囡囡一个号头，额头烫，量了38度5",
    ],
)
def test_a_month_told_as_haotou_is_an_infants_age(text: str) -> None:
    assert "infant_fever" in flagged(text)


# ---------------------------------------------------------------- sweats, tremor, confusion
@pytest.mark.parametrize(
    "text",
    [
        "我看我爷爷坐在那发呆，一直冒汗，手在抖，叫他名字他不认识我了",
        "奶奶下午突然出了一身虚汗，手抖得拿不住碗，问她话答非所问",
        "外公刚才在沙发上发呆，出冷汗，手一直哆嗦，不认人了",
        "老太太一直冒冷汗，手抖，说胡话，叫她也不理人",
        "我妈坐着突然一头汗，手抖个不停，跟她说话她呆呆的认不出我",
        "爷爷出虚汗手发抖，糊里糊涂的，连我都不认识了",
        "我老公坐着发呆，一直冒汗，手抖，叫他他不理人",
    ],
)
def test_sweats_tremor_and_confusion_are_an_emergency_without_a_sugar_told(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "爷爷跑步回来一身汗，手有点抖，说累了想歇会",
        "我爸夏天干活出了一身汗，回来手有点抖，精神挺好",
        "奶奶老年痴呆好几年了，不认人，今天天热出了点汗",
        "我家孩子发呆，出汗多，写字手抖，是不是缺钙",
        "我最近老是出汗手抖，心慌，是不是甲亢",
        "爷爷帕金森手抖好多年了，今天天热出汗，有点发呆",
    ],
)
def test_sweating_and_a_tremor_without_acute_confusion_stay_calm(text: str) -> None:
    assert not flagged(text)


# ---------------------------------------------------------------- unsteady walk, numb tongue
@pytest.mark.parametrize(
    "text",
    [
        "我爸说头晕走不了直线，舌头有点木，他说是血压高了一点，躺会就好",
        "我妈走路打偏，老往一边倒，舌头发麻，她说歇歇就好",
        "爷爷今天走路发飘往一边倒，舌根发木，说话还行",
        "我老公刚才起来走不直，舌头木木的，他说是没睡好",
        "奶奶走路跑偏，站都站不稳，舌头麻木，她说是累的",
        "我爸突然走不成直线，半边舌头没感觉",
    ],
)
def test_an_unsteady_walk_with_a_numb_tongue_is_a_sudden_imbalance(text: str) -> None:
    assert "sudden_imbalance" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "舌头上扎了个木刺，走路没问题",
        "我家小孩学走路老往一边倒，正常吗",
        "我爸前年小脑梗塞后走路一直往一边偏，舌头发木好几年了，来复查",
        "舌头被热汤烫了有点木，走路什么的都正常",
        "牙科打了麻药，舌头木了，什么时候能恢复",
        "昨天拔牙打麻药舌头木了半天，走路没事",
    ],
)
def test_a_numb_tongue_or_a_toddlers_gait_alone_stays_calm(text: str) -> None:
    assert not flagged(text)

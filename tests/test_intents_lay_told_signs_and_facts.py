"""Emergencies whose sign or needed fact is told in lay words, and their look-alikes.

Readings covered:
- a pregnancy told as the pregnancy's count and its months after a wife or a woman
  (媳妇二胎七个多月, 嫂子这胎8个月): ``ages._BARE_MONTHS`` with ``_WHICH_PREGNANCY``;
  the child's months told by the family (我家二胎八个月) stay a child's age;
- the womb told still instead of the baby (肚子里一点动静都没有) at 28 weeks or more
  (``womb_quiet``), and the usual liveliness told with 以前/原来 (原来这个点踢得可欢了)
  as the baseline, not as the movements back (``baseline_moves`` marker: movements only);
- several fresh cuts bleeding on a wrist or forearm, or cuts found after someone shut
  themselves in, as self-harm (``self_cuts_bleeding``, ``shut_away``; not after an accident);
- a child's dehydration told by skin that stays pinched up with a 不 that denies nothing
  (捏起来平不下去), a dry mouth or tongue, and a nappy that stays dry (``no_urine_any``);
- double vision told as things seen doubled (字都叠在一起, 看什么都成了双的), and gone
  only while one eye is covered: the cover test, not an end (``cover_eye`` marker);
- a benign cause of black stools asked about and then denied (铋剂会让大便发黑吗 …
  没吃铋剂): a veto denied later vetoes nothing (``redflags._denied_later``);
- breathing that can be heard (呼吸拉风箱似的, 嗓子里嘶嘶响) after an allergen;
- the old folk giving advice (老人说再熬一熬) are not an old patient (``_elderly_word``).
"""

import pytest
from redflag_support import flagged, flagged_case

EMERGENCIES = [
    # a pregnancy told by its count between the woman and the months
    ("我媳妇二胎七个多月了，这两天头痛得厉害，看东西模糊，血压165", "preeclampsia"),
    ("嫂子三胎快九个月，刚才被人撞了一下，肚子疼，下面见血了", "pregnancy_bleeding"),
    # the belly told still, the liveliness of before as the baseline
    ("怀孕33周了，从早上到现在肚里一点动静都没有，平常早就踢起来了", "reduced_fetal_movement"),
    ("我媳妇36周，她说今天肚子里安安静静的，原来这个点踢得可欢了", "reduced_fetal_movement"),
    ("孕35周，今天宝宝一下也没踢，之前每天晚上都动得很欢", "reduced_fetal_movement"),
    # fresh cuts side by side, or cuts after shutting oneself in
    ("儿子把自己锁在卫生间里半天，出来时小臂上好几道血口子", "suicide_self_harm"),
    ("刚看到闺女胳膊内侧好几条划痕，还在冒血", "suicide_self_harm"),
    # skin that stays pinched, a dry mouth, a nappy that stays dry
    ("娃十一个月，皮肤捏一下半天不回去，尿片从早上到现在一直是干的", "child_dehydration"),
    ("宝宝八个月，一块湿尿布都没换过，嘴里干巴巴的，没精神", "child_dehydration"),
    # the old folk's advice names no old patient
    ("拉了一天水样的，喂什么吐什么，半天多没尿，软塌塌的，老人说再熬一熬", "child_dehydration"),
    ("一直吐，什么都喝不进，十来个小时没尿，人蔫了，老人讲喝点米汤就好", "child_dehydration"),
    # double vision told as things doubled, gone only with one eye covered
    ("老婆刚才说电视上的字都成了双的，遮住一只眼睛就正常了", "sudden_vision_loss"),
    ("奶奶今天看什么都成了双的，盖住一只眼睛就好了", "sudden_vision_loss"),
    # a benign cause asked about, then denied
    (
        ["铋剂是不是会让大便发黑", "我妈最近没吃铋剂，今天拉的大便像沥青，黏糊糊的，人虚得很"],
        "melaena",
    ),
    # breathing that can be heard after a food
    ("领导尝了我带的腰果饼，脸和脖子一下子又红又肿，呼吸拉风箱似的", "anaphylaxis"),
]

LOOKALIKES = [
    # a child's months after the family, and months since a birth
    "我家二胎八个月了，这两天有点咳嗽流鼻涕",
    "我老婆二胎生完八个月了，最近腰疼",
    # the belly quiet after an operation, and rumbling in pregnancy
    "胆囊手术后第二天，肚子里静悄悄的，还没排气",
    "孕30周，肚子里咕噜咕噜响，是不是拉肚子",
    # movements back after a check, compared with before; 之前 before an episode over
    "孕34周，昨天觉得孩子动得少，去做了胎心监护，现在跟以前一样动得很欢",
    "我妈刚才心口疼了几分钟，之前含了一片药就好了",
    # old scars, and scratches from a fall
    "女儿手腕上有几道旧疤，是初中时划的，现在在看心理科，情况稳定",
    "孩子摔倒了，胳膊上蹭了好几道口子，有点渗血",
    # a wet nappy, and a nappy rash
    "宝宝拉肚子两天，尿不湿是湿的，还能喝奶，精神挺好",
    "宝宝一岁，尿布疹，屁股红红的，要不要换个牌子的纸尿裤",
    # the old folk's advice about a mild diarrhoea
    "拉肚子两天了，尿还正常，老人说扛一扛就好",
    # a question about seeing double, a squint for years, tired eyes
    "孩子问为什么把两只眼睛对起来看东西会成双的",
    "我有斜视好多年了，累的时候看东西偶尔会重叠",
    "眼睛有点干涩，闭上眼休息一会就好了",
    # the other red foods denied, not the one eaten
    "中午吃了红心火龙果，刚才吐了，吐出来红红的，没吃火龙果以外的红色东西",
    # iron taken, black stools and well
    ["吃铁剂大便会变黑吗", "我每天都在吃铁剂，大便黑黑的，人挺好的"],
    # out of breath after running, an allergy asked about
    "孩子跑完步喘气呼哧呼哧的，歇一会儿就好了",
    "我对花生过敏，想问平时应该注意什么",
]


@pytest.mark.parametrize(("case", "category"), EMERGENCIES)
def test_lay_sign_is_read(case, category):
    assert category in flagged_case(case), case


@pytest.mark.parametrize("case", LOOKALIKES)
def test_lookalike_stays_calm(case):
    assert not flagged_case(case), (case, flagged_case(case))


def test_old_patient_who_speaks_stays_old():
    # an old person telling her own sign is still the patient
    assert "cardiac_chest_pain" in flagged("家里老人说胸口疼得厉害，出冷汗")

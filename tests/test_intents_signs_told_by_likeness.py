"""Emergencies whose sign is told by a likeness, an image or lay words rather than by its
name, and their look-alikes.  Readings covered:

- blood pouring like a tap, a hose, an opened sluice (血跟自来水管似的流): a bleed that will not
  stop (``gush_image``);
- limbs shaking as if a current ran through them (像触电一样抖) with a whole body gone rigid as
  a board (身体绷得像根棍子) or no answer: a fit (``fit_shake``, ``fit_stiff``); either image
  alone (a tingling 像过电一样麻, a body stiff after exercise) is no fit;
- spots like pinpricks that bled (针尖大的小红点), and spots that a pressed finger or glass does
  not make fade in a child (红点点按了也不褪): a non-blanching rash (``blanch_test_failed``);
- a child limp like a rag doll, a lifted arm falling back (``rag_doll``);
- a limb bent into a letter or like a broken stick (弯成一个S字, 像折断的筷子);
- a headache never so bad in a lifetime (活这么大没这么头痛过), though told with 没 and 过;
- 我过去她… in a run-on with no comma: I went over, not "in the past";
- a baby "landed" days ago (刚落地3天) is a newborn; a cry as faint as a kitten's is a weak cry;
- a nappy told dry (纸尿裤一直是干的, 尿片没湿过) is no urine passed;
- a belly swollen to bursting (憋得快爆了) with only drops of urine;
- a residual urine of 200 ml or more on a scan is a bladder newly failing;
- a thirst never quenched (喝水怎么都不解渴) with fast, deep breathing and a strange-smelling
  breath (嘴里一股怪怪的味道): the ketone breath of DKA.

Sentences written for this file."""

import pytest
from redflag_support import emergency, flagged


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("腿上割了个口子，血像开了闸的水龙头一样往外冒", "uncontrolled_bleeding"),
        ("他胳膊划了一下，血跟水管爆了一样", "uncontrolled_bleeding"),
        ("我爸突然浑身像触电一样抖，身体绷得像根棍子", "seizure"),
        ("她胳膊腿像触电似的乱颤，身子绷得跟铁板一样", "seizure"),
        ("她四肢像过电一样颤，叫她也没反应", "seizure"),
        ("烧了一天，胸口出了好些跟针扎出血似的小点", "meningitis"),
        ("闺女胳膊上有些紫红点，拿杯子压着还看得见", "meningitis"),
        ("儿子腿上的红点点按了也不褪", "meningitis"),
        ("儿子浑身软得跟布娃娃似的，叫他也只是哼", None),
        ("女儿胳膊抬起来一松手就掉下去，像个布偶一样软", None),
        ("小腿摔得弯成一个S字", "major_trauma"),
        ("这辈子都没这么头疼过", "thunderclap_headache"),
        ("活这么大都没这么头痛过", "thunderclap_headache"),
        ("闺女落地才四天，哭得跟小猫叫一样，身上凉", "neonatal_danger"),
        ("我爷爷在院子里浇花突然摔了我过去他叫不应", "unconsciousness"),
        ("孩子刚落地5天，哭起来跟小猫叫似的", "neonatal_danger"),
        ("娃才落地没几天，哭起来跟蚊子哼似的", "neonatal_danger"),
        ("上吐下泻一整天，纸尿裤一直是干的", "child_dehydration"),
        ("拉肚子拉了好几次，尿片大半天都没湿过", "child_dehydration"),
        ("腰疼得厉害，残余尿350毫升", "cauda_equina"),
        ("腰疼得直不起来，B超查残余尿量450ml", "cauda_equina"),
        ("屁股周围麻木，超声说膀胱残余尿700毫升", "cauda_equina"),
        ("儿子这几天喝水怎么都不解渴，现在喘得很重，嘴里一股怪怪的味道", "dka"),
        ("女儿喝水跟喝不饱似的，呼吸又深又快，口气酸酸的", "dka"),
    ],
)
def test_a_sign_told_by_a_likeness_is_an_emergency(text, category):
    assert emergency(text), text
    if category is not None:
        assert category in flagged(text), (text, flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "家里水管漏了，地上全是水，怎么修",
        "手麻，一阵一阵的像过电一样",
        "练完瑜伽浑身僵得跟木头一样，第二天还酸",
        "孩子身上的红疹子按一下就褪了，不发烧",
        "给孩子买了个布娃娃，很软很舒服",
        "孩子瘦得胳膊像树枝一样，怎么补营养",
        "用铁丝弯成S字形的挂钩，手划了个小口子",
        "家里装了落地窗，宝宝睡觉怕光怎么办",
        "儿子的杯子落地摔碎了，划了一下没出血",
        "宝宝拉肚子两次，尿不湿湿了好几片，精神很好",
        "吃太多了，肚子胀得要炸了",
        "体检B超残余尿20毫升，腰有点酸",
        "夏天孩子喝水跟喝不够似的，正常吗",
        "嘴里有股怪味，是不是上火了",
        "我过去有过一次晕倒，叫不应，后来查了没事",
        "孩子发烧，胳膊上有几个红点，按了就褪",
        "宝宝屁股上有块青色胎记按了不褪",
        "针扎了一下手指，出了个血点",
    ],
)
def test_look_alikes_stay_calm(text):
    assert not emergency(text), (text, flagged(text))

"""Repairs of the rules that vetoed or missed an emergency the words made plain, and of
the readings that flagged a look-alike: each mechanism with an emergency it must catch
and a look-alike it must leave alone (our own wordings)."""

from __future__ import annotations

import pytest
from redflag_support import emergency, flagged, flagged_case

from intents.ages import infant_age_days
from intents.normalize import safety_text

CAUGHT = [
    # an infant's age told by a pronoun at the head of a clause that goes on
    (["孩子吃奶有点少", "她两个月，昨天打的疫苗", "现在摸着烫，量了38.2"], "infant_fever"),
    # an outcome only asked for (我叫他吐掉) is no outcome
    ("儿子把磁力珠塞嘴里玩，我叫他吐掉，他说咽下去了，数了数少了两颗", "button_battery"),
    # a snake called harmless, with the venom's signs
    ("外公在菜地被蛇咬了，他说那是菜花蛇没毒，可到了晚上牙龈一直渗血，小便是酱油色", "snake_bite"),
    # a bite by something unseen (没看清: doubt, not denial) with local envenoming
    (
        "昨晚在草丛里被啥东西咬了，天太黑没看清，估计是蛇，现在整条腿肿了，起了好几个血泡",
        "snake_bite",
    ),
    # a running engine in a closed garage and no answer from inside
    ("姐夫把自己反锁在车库里，车子一直开着，我们敲门他也不回应", "carbon_monoxide"),
    # a farewell, care said to be needed no more and a readiness with no object
    (
        "麻烦把我下周的复查号退了吧，以后用不着了，感谢这么多年大家的照顾，我都想好了",
        "suicide_self_harm",
    ),
    # another body part said to be fine does not end the injury
    ("我妈被三轮车撞倒了，躺在地上起不来，腿弯了，头倒是没事", "major_trauma"),
    # a poison spat out at once was still swallowed
    ("刚才拿错了，喝了一口装在饮料瓶里的敌敌畏，赶紧吐出来了，应该没事吧", "chemical_poisoning"),
    # 患者 (the written register's "the patient") and 手术史 are no consultation
    ("患者女，72岁，腹痛伴呕吐一天，停止排便排气，既往阑尾手术史", "acute_abdomen"),
    # 这两天老是…: all of these two days, not a habit
    ("我爷爷七十九了，这两天老是心慌，刚才上厕所时眼前一黑摔倒了", "arrhythmia_syncope"),
    # an encounter of today (刚才…遇到) is a report, not "if one meets"
    ("刚才在山上遇到打雷，旁边的电线杆被击中，我被震倒了，现在腿发麻站不起来", "electric_injury"),
    # a testis pain said softly, with a swelling
    ("右边蛋蛋有点疼，前天搬东西可能抻着了，现在疼得一边肿起来了", "testicular_torsion"),
    # a scald of the genitals told as 下面
    ("下面被热水壶里的开水烫到了，起了好几个泡", "burns"),
    # guarding (腰都直不起) with no wind passed
    ("肚子有点疼，疼了一晚上，腰都直不起来，一直没放屁", "acute_abdomen"),
    # a belly hard to the touch after a blow
    ("中午摔了一跤肚子磕在台阶上，晚上肚子疼，摸着硬邦邦的", "acute_abdomen"),
    # a fragment into the eye with the sight worse
    ("用切割机切铁板时有东西飞进眼睛里，现在视力变差了", "eye_injury"),
    # a quotation of what a person said stays a report
    ("他发消息说“我不想活了”，现在电话打不通", "suicide_self_harm"),
    # a person shocked too, after a pet chewed a wire
    ("我家狗啃了充电线，我去拔插头，被电了一下，现在手还麻，心跳很快", "electric_injury"),
    # bloody mucus before term is still bleeding in pregnancy
    ("孕32周，早上擦的时候有点粉色黏液，肚子一阵阵发紧", "pregnancy_bleeding"),
]


@pytest.mark.parametrize(("case", "category"), CAUGHT)
def test_emergency_caught(case, category):
    assert category in flagged_case(case), case


LOOKALIKES = [
    ["孩子吃奶有点少", "她两岁，昨天打的疫苗", "刚才量了38.2"],
    "儿子把磁力珠塞嘴里玩，我叫他吐掉，他吐出来了，数了数一颗不少",
    "热水器漏水了，物业电话一直打不通，想问下周日有没有门诊",
    "我们新开的密室主题叫“自杀森林”，想问问你们医院能不能团购体检",
    "我家狗啃了充电线，被电了一下，现在正常吃东西",
    "邻居的宠物蛇咬了我家猫一口，猫要紧吗，那种蛇没毒",
    "我家刚生下来十天的小猫发烧了怎么办",
    "甩干机转起来一直抖，像抽风似的，要报修吗",
    "想学一下被电击以后怎么急救，我是物业电工",
    "溺水急救的培训班怎么报名",
    "手上溅到强碱应该冲洗多久？先了解一下",
    "上次孕期出血那次的彩超报告单能补打吗",
    "孕38周，早上擦的时候有点粉色黏液，不疼也没流水，是要生了吗",
    "孕30周，宝宝这几天动得很多，晚上踢得睡不着，正常吗",
    "眼镜片被铁屑划了好多道，去哪配新的",
    "如果在山上遇到打雷应该怎么躲",
]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalike_not_flagged(text):
    got = flagged_case(text)
    assert not got, (text, got)


def test_pronoun_age_in_a_clause_that_goes_on():
    assert infant_age_days(safety_text("宝宝有点咳。\n她1个半月，打过第二针")) == pytest.approx(
        45.6
    )
    assert infant_age_days(safety_text("她一个半月，打过第二针")) is None  # no baby named
    assert infant_age_days(safety_text("宝宝有点咳。\n她两岁，打过第二针")) is None


def test_request_is_no_outcome_but_a_done_spit_is():
    assert "button_battery" in flagged("孩子嘴里含着小磁铁，我让他吐出来，他说吞下去了，少了一颗")
    assert not emergency("孩子嘴里含着小磁铁，我让他吐，他吐出来了，一颗不少")


def test_a_test_of_the_garage_needs_someone_inside():
    assert not flagged("车库里车一直开着热车，我就在旁边，开着门")

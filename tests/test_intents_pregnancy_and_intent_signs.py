"""How pregnant women and their families tell the weeks, the waters and the baby's
movements, and the indirect ways people tell that they mean to end their life.  Each
mechanism pairs emergencies with look-alikes:

- gestational age told without 孕: 我这会儿才三十三周, 媳妇有喜八个多月; the old numerals
  廿 (20) and 卅 (30), as in Cantonese 有咗廿八周;
- the waters told as the lower body leaking clear water (下面淌了一滩清水), or as a warm
  gush first taken for urine (以为自己尿裤子了);
- the baby's kicks (没觉着孩子踢, 宝宝不蹬了) and a reduction told without naming the movement
  again once the baby has been named (一次都没感觉到, 基本感觉不到), also in a later turn
  after a question on how to count; a reduction since a few days (前几天起, 上周开始) is
  this episode's onset, not the past; 宝宝/胎动 only name the subject (a question about them
  or a denied kick does not set the subject aside);
- death or self-harm told as the way out (要是我跳下去, 就再也不用…): feeling trapped is a
  warning sign, the "if" does not make it a supposition (WHO mhGAP; AFSP warning signs);
- a noose made ready (绳子系在房梁上了) is a preparatory act (C-SSRS) on its own; a rope
  for the laundry, a swing or a hammock is not;
- a scrape between cars (车蹭了一下) is a collision, and a seat-belt bruise shows the force
  reached the chest and belly;
- after spraying pesticide, sweat pouring as if washed is a muscarinic sign of
  organophosphate poisoning (大汗, like the pinpoint pupils and the drooling).

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import flagged_case

from intents.ages import pregnancy_weeks
from intents.normalize import safety_text

EMERGENCIES = [
    # weeks without 孕, and contractions before term
    ("我这会儿才三十三周 下午开始肚子一阵一阵发紧 半小时来了四五回", "pregnancy_bleeding"),
    ("老婆有咗廿八周 啱啱上厕所纸上好多血", "pregnancy_bleeding"),
    # the waters told as clear water from below
    ("儿媳妇有喜八个多月 刚才起身下面淌了一滩清水 止都止不住", "ruptured_membranes"),
    ("我怀孕三十四周 睡醒发现下身一直在往外冒水 透明的", "ruptured_membranes"),
    (
        "三十四周 刚才弯腰捡东西 突然一股热的往下涌 还以为自己尿裤子了 换了裤子还在湿",
        "ruptured_membranes",
    ),
    # kicks, and the movement no longer felt
    ("孕三十三周 从早上到现在都没觉着孩子踢 拍肚子也没反应", "reduced_fetal_movement"),
    ("怀孕三十周 平时宝宝踢得很勤 这两天宝宝不蹬了", "reduced_fetal_movement"),
    ("三十六周了 宝宝昨天还挺闹腾 今天一次都没感觉到", "reduced_fetal_movement"),
    (
        ["胎动一般一天要数几次", "我孕三十四周", "今天吃完饭躺了一个小时 一下也没感觉"],
        "reduced_fetal_movement",
    ),
    # since a few days: the onset of this episode
    ("怀孕三十三周 前几天起胎动就一天比一天少", "reduced_fetal_movement"),
    # death as the way out
    ("要是我从宿舍楼跳下去了 是不是就再也不用还这些网贷了", "suicide_self_harm"),
    ("我死了就什么都不用管了 药我都攒够了", "suicide_self_harm"),
    # a noose made ready
    ("麻绳我已经系好了", "suicide_self_harm"),
    ("我爸把皮带拴在门框上了 人坐在那儿不说话", "suicide_self_harm"),
    # a scrape between cars, a seat-belt bruise
    (
        ["倒车的时候跟后面的车蹭了一下", "我妈在后座 现在说肚子越来越疼 脸都白了 出冷汗"],
        "major_trauma",
    ),
    # sweat after pesticide
    ("大伯上午在棉花地里打药 回家一直冒汗 衣服都湿透了 还说眼睛看不清", "chemical_poisoning"),
]

LOOK_ALIKES = [
    # weeks that are no pregnancy, a numeral that is no age
    "这个咳嗽我才三周 应该没事吧",
    "廿四小时营业的药店在哪里",
    # water that is no waters
    "孕三十周 洗完澡下面有点痒 白带多",
    # movements that are fine, a movement question without a report
    "孕三十二周 宝宝踢得很欢 一天能感觉到好多次",
    "孕三十周 想学一下怎么数胎动",
    # a reduction in the past, checked and over
    "孕三十一周 上周胎动少了一天 去医院做了胎心监护 医生说没事",
    # ropes for other uses, escape talk with no harm
    "晾被子的绳子挂好了",
    "给孩子的秋千绳子系在树上了 结实吗",
    "要是明天考完试 是不是就不用再熬夜了",
    # a scrape with no one hurt, a belt that chafed on a ride
    "停车时跟旁边的车蹭了一下 掉了点漆 人都好好的 保险怎么报",
    "坐长途车系安全带勒得肩膀有点红",
    # pesticide with protection and a sweat that is over
    "上午在大棚里打药 戴着口罩手套 出了一身汗 洗完澡人挺好的",
]


@pytest.mark.parametrize("case,category", EMERGENCIES)
def test_the_sign_is_read_as_said(case, category):
    assert category in flagged_case(case), case


@pytest.mark.parametrize("case", LOOK_ALIKES)
def test_the_look_alike_stays_calm(case):
    assert not flagged_case(case), case


@pytest.mark.parametrize(
    "text,digits",
    [("有咗廿八周", "28周"), ("卅岁", "30岁"), ("廿周", "20周")],
)
def test_old_numerals_read_as_numbers(text, digits):
    assert digits in safety_text(text)


@pytest.mark.parametrize(
    "text,weeks",
    [("我现在才三十一周", 31.0), ("她有喜七个月了", 30.1), ("我这都已经35周了", 35.0)],
)
def test_weeks_told_without_a_pregnancy_word(text, weeks):
    got = pregnancy_weeks(safety_text(text))
    assert got is not None and abs(got - weeks) < 0.5, (text, got)

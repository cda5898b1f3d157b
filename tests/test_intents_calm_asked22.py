"""Knowledge, prevention and story questions read as such; their words at hand still flagged.

- Knowledge questions asked of no one: whether a condition harms the brain or an organ
  (热性惊厥会不会伤脑子), whether a first-aid step works (催吐有没有用), how two things
  differ without 有 (开放性骨折和闭合性骨折什么区别), whether a kind of act always means
  one thing (自伤行为是不是都想死), why a deadline (为什么要6小时内手术, 在 left out), after
  how long to seek care (超过几分钟要送医), how to notice it early (怎么早发现), a yes/no
  asked of a first-aid step (溺水急救要不要控水), what to do when someone else has it
  (别人抽搐时要不要…), whether it is the same as another (是不是和人的子痫一样).
- A later sentence saying the asker means to learn it beforehand (…心肺复苏怎么做？想先
  学会) makes the situation before it a supposed one, unless it is told as of now.
- Sources that are stories: a training told without 上 (培训讲…的案例), a film genre
  (警匪片里), a sports match (足球比赛里球员…).
- Past pregnancies of a relative named in short (我姐怀孕时…).
- A pill's identity (一片维生素) holds on any day and after a doctor's all-clear.
- A storage or prevention question (怎么收纳防止孩子误喝) keeps the classifier's poisoning
  verdict out.
- A scald over the body (开水烫了孩子一身) is an extensive burn; a fetal count told as under
  ten (数了不到10次) has not reached the ten.

All wordings are our own."""

from __future__ import annotations

import pytest
from redflag_support import flagged_case

CALM = [
    # knowledge questions
    "热性惊厥会不会伤脑子",
    "高烧抽筋会不会烧坏脑子",
    "癫痫发作会影响智力吗",
    "药吃多了催吐有没有用",
    "误喝农药洗胃有用吗",
    "开放性骨折和闭合性骨折什么区别",
    "脑出血和脑梗啥区别",
    "自伤行为是不是都想死",
    "你好，睾丸扭转为什么要6小时内手术",
    "脑梗为什么要4.5小时内溶栓",
    "癫痫发作超过几分钟要送医？",
    "抽搐持续多久要打120",
    "家里有抑郁症的人，怎么早发现他有想不开的念头",
    "溺水急救要不要控水",
    "触电急救能不能直接用手拉",
    "别人抽搐时要不要往嘴里塞东西？正确怎么做",
    "病人癫痫发作的时候能不能掐人中",
    "你好，我家母狗生产后抽搐，是不是和人的子痫一样",
    # learnt beforehand
    "你好，家里老人突然倒地，心肺复苏怎么做？想先学会",
    "家里老人突然抽搐该怎么处理？想先学一下以备不时之需",
    # stories and sources
    "幼儿园老师培训讲孩子吞硬币窒息的案例，问一下怎么急救",
    "警匪片里一口气吞药的镜头，现实中洗胃是怎么做的",
    "足球比赛里球员头撞头倒地，为什么马上换人",
    "篮球比赛中的球员倒地抽搐是怎么回事",
    # past pregnancies of a relative
    "我姐怀孕时胎动少过，查了没事，孩子现在五岁了",
    "我妹怀孕的时候胎动少过一阵，后来都正常",
    # a pill that is harmless, on any day
    "去年孩子误吃过一片维生素，医院说没事，现在我把药都锁起来了",
    # storage questions
    "家里消毒液、洁厕灵怎么收纳防止孩子误喝",
    "家里的药怎么存放防止孩子误食",
    # a spill that burns no one; a count that reached ten
    "茶水洒了一身，不烫",
    "看了部消防员的电影，烧伤的化妆太逼真了，看得我浑身发毛",
    "烫了个头发，浑身不舒服",
    "孕30周，两小时数了15次胎动",
]

FLAGGED = [
    ("孩子热性惊厥抽了十分钟还不停，会不会伤脑子", "seizure"),
    ("我儿子刚吃了一整瓶安眠药，催吐有没有用", "drug_overdose"),
    ("工友小腿开放性骨折，骨头都露出来了", "major_trauma"),
    ("我刚才用刀割了手腕，不想活了", "suicide_self_harm"),
    ("儿子睾丸突然剧痛两个小时了，是不是睾丸扭转", "testicular_torsion"),
    ("孩子抽搐已经超过五分钟了还没停，要送医吗", "seizure"),
    ("孩子刚掉进河里捞上来没呼吸了，急救要不要控水", "drowning"),
    ("我老公正在抽搐，要不要往嘴里塞东西", "seizure"),
    ("奶奶刚倒地叫不醒，心肺复苏怎么做？想先学会", "unconsciousness"),
    ("爷爷突然倒地了，心肺复苏怎么做？想先学会", "unconsciousness"),
    ("孩子刚喝了一口洁厕灵，嘴里起泡", "chemical_poisoning"),
    ("孩子误喝了消毒液，以后怎么收纳防止再误喝", "chemical_poisoning"),
    ("孩子刚误吃了半瓶降压药", "drug_overdose"),
    # a scald over the body
    ("开水烫了孩子一身", "burns"),
    ("热汤洒了儿子一身，皮都红了", "burns"),
    ("锅里的热油溅了我一身", "burns"),
    ("奶奶被开水泼了一身", "burns"),
    ("浑身被开水烫伤了", "burns"),
    ("孩子满身都是开水烫伤的水泡", "burns"),
    # a fetal count under ten
    ("唉，孕32周，两个小时数了不到10次胎动，要马上去医院吗？", "reduced_fetal_movement"),
    ("孕33周，晚饭后两小时数了还不到十次", "reduced_fetal_movement"),
    ("孕36周，刚才两小时数了不足10次胎动", "reduced_fetal_movement"),
]


@pytest.mark.parametrize("case", CALM)
def test_calm(case: str | list[str]) -> None:
    assert not flagged_case(case), case


@pytest.mark.parametrize(("case", "category"), FLAGGED)
def test_flagged(case: str | list[str], category: str) -> None:
    assert category in flagged_case(case), case

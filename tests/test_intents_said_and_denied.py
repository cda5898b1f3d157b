"""Words quoted from a doctor or a relative, and denials, that do not take back a danger.

Mechanisms (intents/knowledge/red_flags.yml, intents/redflags.py, intents/triage.py):
- a verdict on the outcome (医生说百草枯没救) or the family's attention (没在意) is no
  denial of a sign: these 没 words are fillers;
- "never before" (之前没吃过腰果) dates the earlier days: a first exposure, neither told
  nor denied; a sign's word naming a lacking remedy (家里没有过敏药) denies the medicine,
  not the sign;
- a doctor's earlier diagnosis (医生说过他有毛细支气管炎) is a history, not a verdict
  that closes today's episode;
- 见红 with the amount set inside it (见了点红) is still a show of blood;
- a taste (尝了, 抿了) of a poison is an ingestion;
- a relative's say-so that a home remedy will end it (他说包一下就好) is a hedge, no
  report that the bleeding stopped;
- a parent who only reports what another person has (我妈说我弟…) is not the patient:
  the parent's sex is not the patient's.

Our own wordings, written from clinical knowledge, not from any evaluation set."""

import pytest
from redflag_support import check

EMERGENCIES = [
    # a verdict on the outcome is no denial
    ("听说百草枯没救，我爸下午喝了一口，现在嘴里疼", "chemical_poisoning"),
    ("医生说这种农药喝了基本没得治，我舅刚才喝了两口敌敌畏", "chemical_poisoning"),
    ("都说百草枯没法救，我表哥中午喝了一小口", "chemical_poisoning"),
    # first exposure, a remedy lacking, attention not paid
    (
        "孩子以前没吃过花生，今天吃了两颗，嘴唇肿起来了，说喉咙发紧，家里没有过敏药",
        "anaphylaxis",
    ),
    (
        "我女儿之前从来没吃过虾，晚饭吃了几只，全身起了风团，嗓子紧，声音哑了",
        "anaphylaxis",
    ),
    ("老公吃了芒果嘴巴痒，我们没在意，现在脸肿了，嗓子发紧，身边没带抗过敏药", "anaphylaxis"),
    # a doctor's earlier diagnosis is a history
    ("宝宝一岁，喘得很厉害，胸口往里凹，医生说过他有哮喘", "severe_breathlessness"),
    ("我儿子喘不上气，嘴唇发紫，医生说过是毛细支气管炎", "severe_breathlessness"),
    # 见红 with the amount inside it
    ("孕32周，见了点红，肚子有点疼，可能是正常的吧", "pregnancy_bleeding"),
    ("怀孕30周了，今天见了一点红，没什么感觉", "pregnancy_bleeding"),
    ("我老婆孕29周，早上见了些红，她说应该没事", "pregnancy_bleeding"),
    # a taste is an ingestion
    ("我老公说就尝了一点点百草枯，没啥感觉，他不去医院", "chemical_poisoning"),
    ("我爸尝了一口敌敌畏，说没味道", "chemical_poisoning"),
    ("孩子抿了一小口农药，吐掉了", "chemical_poisoning"),
    # a relative's home remedy is no report that it stopped
    ("我老公手被机器夹了，血流了一地，他说包一下就好，不用去医院吧", "uncontrolled_bleeding"),
    ("我爸切菜切到手，血止不住，他说捂一会儿就好", "uncontrolled_bleeding"),
    ("我妈腿被玻璃划了好深，血一直往外冒，她说按一下就好", "uncontrolled_bleeding"),
    # a parent who reports is not the patient
    ("我妈说我弟下面一边肿了，疼得直哭", "testicular_torsion"),
    ("我爸说我弟蛋蛋突然疼得厉害，一边肿了", "testicular_torsion"),
    ("我妈打电话说我儿子睾丸疼得直哭，肿起来了", "testicular_torsion"),
]

CALM = [
    # a denial stays a denial
    "我没喝百草枯，只是闻到了味道，现在好好的",
    "百草枯是不是没救，想了解一下",
    # first exposure with no signs; a lacking remedy with no signs
    "孩子以前没吃过腰果，今天吃了两个，一切正常",
    "家里没有过敏药，想备一点，买哪种好",
    # a doctor's diagnosis told before, nothing happening now
    "医生说过他有哮喘，平时要注意什么",
    # the same words with nothing of the danger
    "我尝了一口汤，有点咸",
    "我老公手被纸划了个小口子，流了点血，他说贴个创可贴就好",
    "我妈说我弟最近学习压力大，睡不好",
]


@pytest.mark.parametrize("text,category", EMERGENCIES)
def test_a_quoted_word_or_a_stray_denial_does_not_take_back_the_danger(text, category):
    check(text, category)


@pytest.mark.parametrize("text", CALM)
def test_a_denial_or_a_calm_report_in_the_same_words_stays_calm(text):
    check(text, None)

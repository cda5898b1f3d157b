"""Drugs and household products named the way patients name them (intents/knowledge/red_flags.yml).

- The drug words (``med``) know the oral drugs most prescribed or sold in China by generic and
  brand name (白加黑, 右美沙芬, 思诺思, 百忧解, 优甲乐, 倍他乐克, 格列美脲, 氨酚羟考酮…), so a
  whole pack or a handful of any of them is an overdose.  A drug that harms a small child in one
  or a few tablets (sulfonylureas, beta blockers, calcium channel blockers, clonidine, tricyclics,
  antipsychotics, opioids, Lomotil, antiarrhythmics, colchicine, theophylline, lithium, iron) is
  in ``adult_med``; a drug whose window is narrow in ``narrow_med``; the glucose-lowering drugs
  in ``glucose_drug``, of which those that bring the sugar too low (insulins by brand,
  sulfonylureas, glinides: ``hypo_drug``) make one extra dose a ``glucose_med`` overdose — not
  metformin or a gliptin.  ``med`` includes the classes by name (``$drug_kind $drug_name``: a
  ``$name`` in a word class stands for that class's words), so every named drug is a drug.
- A drug named by whose it is (爸爸的优甲乐, 奶奶的格列美脲: ``elder_own``) and taken by a child
  is an adult's drug taken by the child (``elder_med_taken``), whatever the drug, not a vitamin;
  the child's own standing treatment (孩子一直服用丙戊酸钠: ``child_on_med``) is no ingestion.
- Household and farm products: pesticides, herbicides, fumigants and rodenticides by name
  (``poison``: harmful breathed too); products that poison only when swallowed (风油精, 清凉油,
  红花油 — camphor, menthol, wintergreen —, 花露水, 卸甲水, 玻璃水, 电子烟油, 驱蚊液:
  ``oral_poison``), so that smelling 风油精 to keep awake is no poisoning.
- An amount told with a prescription or a purchase (一次性开三个月的优甲乐, 又买了一盒), after a
  later moment (奥氮平吃了以后胖了好多) or counting days (布洛芬吃了好多天了) is no overdose:
  ``supply_act`` and ``after_word`` are barriers of ``overdose`` and ``pack_after_med``.
- A benign pill (vitamin, calcium) named with one extra tablet in a child is harmless: the
  ``one_extra_dose child`` alternatives hold only without a ``benign_pill``.

Sentences written for this file, from pharmacological knowledge."""

from __future__ import annotations

import pytest
import yaml
from redflag_support import emergency, flagged_case

from intents.knowledge import KNOWLEDGE_DIR
from intents.redflags import _class_words

OVERDOSE = [
    "我弟吃了一整盒右美沙芬，说看东西在转",
    "宝宝把爸爸的优甲乐吃了一板",
    "宝宝把妈妈的优甲乐吃了半板",
    "我女儿把一板白加黑全吃了",
    "弟弟吃了一整盒快克",
    "我把一盒感康都吃了",
    "她一口气吃了半瓶思诺思，现在叫不醒",
    "我妈吃了一整盒百忧解，怎么办",
    "男朋友吞了二十多片左洛复",
    "老公吞了一大把喹硫平",
    "我爸吃了一整板氨酚羟考酮",
    "她把一瓶联邦止咳露全喝了",
    "孩子把奶奶的格列美脲吃了两片",
    "小孙子把我的消渴丸吃了几粒",
    "两岁的儿子吃了一片爷爷的氨氯地平",
    "宝宝误吃了一颗外婆的普萘洛尔",
    "孩子偷吃了爸爸的曲马多",
    "三岁女儿吃了两片奶奶的阿米替林",
    "孩子误服了止泻宁",
    "我儿子把他爸的唑吡坦吃了一片",
    "娃把外公的秋水仙碱吃了",
    "孩子吃了姥姥的倍他乐克",
    "两岁宝宝误食了一片可乐定",
    "孩子吃了三片奶奶的硫酸亚铁",
    "我多吃了一片优降糖，现在心慌手抖",
    "外婆的阿托伐他汀被孙子吃了",
    "我多打了一次诺和锐",
    "来得时打了两次，现在心慌",
    "奶奶多吃了一片消渴丸",
    "孩子偷吃了爷爷的感冒药",
]

CHEMICAL = [
    "弟弟喝了一瓶风油精",
    "宝宝把清凉油吃了一些",
    "孩子把红花油喝了",
    "孩子喝了几口花露水",
    "儿子误喝了卸甲水",
    "孩子舔了电子烟油",
    "女儿喝了一口玻璃水",
    "宝宝喝了几口驱蚊液",
    "我爸喝了敌杀死",
    "他喝了半瓶草铵膦",
    "奶奶误喝了毒死蜱",
    "孩子吃了三步倒",
    "儿子刚喝了花露水，打了中毒热线说要去医院",
]

CALM = [
    "孩子多吃了一片维生素C，要紧吗",
    "孩子多吃了一片钙片，要紧吗",
    "宝宝多吃了一粒伊可新",
    "宝宝吃了妈妈的维生素",
    "我一直吃优甲乐",
    "我奶奶吃优甲乐好几年了",
    "泰诺林一次吃几片",
    "美林一次喂多少毫升",
    "孩子吃了一片美林，烧退了",
    "吃了两片白加黑，感冒好多了",
    "快克和感康能一起吃吗",
    "我们很快克服了困难",
    "我今天按时吃了一片倍他乐克",
    "我妈长期服用氨氯地平，血压控制得挺好",
    "医生给我开了百忧解，每天一片",
    "昨天吃了一片唑吡坦，睡得挺好",
    "我爸的格列美脲吃完了，想再开一盒",
    "孩子一直服用丙戊酸钠，最近成绩下降",
    "儿子在服用利培酮，最近有点胖",
    "开车困了闻了风油精提神",
    "孩子闻了花露水一直打喷嚏",
    "风油精可以涂在额头上吗",
    "新房甲醛超标，闻了好几天甲醛",
    # a bare pill or capsule of an adult's is no drug; a dose a carer chose is no ingestion
    "宝宝吃了奶奶的一粒花生",
    "宝宝吃了爸爸的胶囊咖啡",
    "宝宝喝了妈妈的口服液",
    "孩子吃了爸爸的钙片，要紧吗",
    "孩子发烧，给他吃了爸爸的布洛芬",
    # a supply, a later moment, a count of days
    "我想一次性开三个月的优甲乐",
    "吃了优甲乐，又买了一盒",
    "奥氮平吃了以后胖了好多",
    "布洛芬吃了好多天了还是疼",
    # one extra tablet of a drug that does not bring the sugar too low
    "我多吃了一片二甲双胍",
    "我多吃了一片西格列汀",
    # a taste of an earlier day that a poison centre cleared (中毒热线说不要紧)
    "昨天儿子尝了一点洗洁精，咨询了中毒热线说不要紧，今天一切正常",
]


@pytest.mark.parametrize("case", OVERDOSE)
def test_a_drug_named_by_brand_or_generic_name_is_an_overdose(case) -> None:
    assert "drug_overdose" in flagged_case(case), case


@pytest.mark.parametrize("case", CHEMICAL)
def test_a_household_or_farm_product_swallowed_is_a_poisoning(case) -> None:
    assert "chemical_poisoning" in flagged_case(case), case


@pytest.mark.parametrize("case", CALM)
def test_a_drug_or_product_in_ordinary_use_stays_calm(case) -> None:
    assert not flagged_case(case) and not emergency(case), case


def test_every_drug_of_the_special_classes_is_a_drug() -> None:
    doc = yaml.load((KNOWLEDGE_DIR / "red_flags.yml").read_text(encoding="utf-8"), yaml.CSafeLoader)
    words = {k: set(v) for k, v in _class_words(doc["words"]).items()}
    generic = {w for w in words["adult_med"] if "的" in w or "成人" in w or w.endswith("药")}
    for cls in ("adult_med", "narrow_med", "glucose_drug"):
        missing = words[cls] - generic - words["drug_name"] - words["drug_kind"]
        assert not missing, (cls, sorted(missing))
    assert words["drug_name"] <= words["med"]

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import yaml
from redflag_support import flagged

import intents
from intents.model import load_artifact
from intents.normalize import normalize_text
from intents.redflags import assess, compiled, model_allowed


def triage(text, **ctx):
    return intents.parse(text, ctx or None)["triage"]


EMERGENCIES = {
    "chest pain": "胸口剧痛，左边胳膊也疼，出冷汗",
    "chest pressure + sweat": "胸口像压了块石头，一直出汗",
    "stroke": "老公突然口角歪斜，一边手脚没劲",
    "slurred speech": "我爸刚才突然说话不清楚了",
    "breathing": "喘不上气，说话都困难",
    "cyanosis": "孩子嘴唇发紫",
    "choking": "孩子吃果冻卡在喉咙里了",
    "bleeding": "手被刀割了个大口子，血一直流",
    "unconscious": "我妈突然晕倒了叫不醒",
    "seizure": "全身抽搐，口吐白沫",
    "suicide": "我想自杀",
    "self harm": "活着没意思，想割腕",
    "overdose": "孩子误吃了很多药片",
    "pesticide": "老人喝了农药",
    "infant fever": "一个月大的宝宝高烧",
    "newborn fever": "新生儿发烧38度",
    "pregnancy bleeding": "孕晚期肚子一阵阵发紧疼，见红了",
    "fetal movement": "怀孕32周，今天胎动减少了",
    "anaphylaxis": "吃了海鲜过敏，喉咙发紧",
    "trauma": "出车祸了，腿骨头露出来了",
    "burns": "全身大面积烧伤",
    "vomiting blood": "吐了一大口血",
}


@pytest.mark.parametrize("text", EMERGENCIES.values(), ids=EMERGENCIES.keys())
def test_each_red_flag_fires(text):
    t = triage(text)
    assert t is not None and t["emergency"] is True, text
    assert t["emergency_reason"]
    assert t["departments"][0]["name"] == "急诊科"
    assert t["clarify"] is None


def test_suicide_mentions_hotline_and_psychiatry():
    t = triage("我不想活了")
    assert "12356" in t["emergency_reason"]
    assert {"急诊科", "精神心理科"} <= {d["name"] for d in t["departments"]}
    assert intents.parse("我不想活了")["intent"]["name"] == "triage"


def test_infant_fever_uses_context_age():
    assert triage("发烧了", age_years=0.1)["emergency"] is True
    assert triage("发烧了", age_years=3)["emergency"] is False


def test_pregnancy_flag_uses_context():
    assert triage("下面出血了", pregnant=True)["emergency"] is True


@pytest.mark.parametrize(
    "text",
    [
        "以前抽过烟",
        "胸口有点闷一会就好了",
        "我没有想自杀",
        "没有晕倒，就是头晕",
        "以前晕倒过一次",
        "咳嗽带血丝，抽烟二十年了",
        "爬楼梯的时候有点喘",
        "脑梗后遗症说话不清楚，想做康复",
        "孕早期有点褐色分泌物",
        "两个月大的宝宝拉肚子，没有发烧",
        "三岁孩子发烧38度5",
        "我爸有癫痫，平时吃药控制，想问问能不能停药",
        "大便带血，是不是痔疮",
    ],
)
def test_negated_mild_or_chronic_is_not_emergency(text):
    t = triage(text)
    assert t is None or t["emergency"] is False, text


# ---------------------------------------------------------------- the catalogue
ROOT = Path(__file__).resolve().parents[1]
SHARED_IDS = yaml.safe_load((ROOT / "intents/eval/categories.yml").read_text(encoding="utf-8"))


def test_catalogue_uses_the_shared_categories_with_their_acuity_and_advice():
    shared = {c["id"]: c["acuity"] for c in SHARED_IDS["categories"]}
    ours = {c.id: c for c in compiled().categories}
    assert set(ours) == set(shared) and len(ours) == 50
    for cid, cat in ours.items():
        assert cat.acuity == shared[cid], cid
        assert cat.ref and cat.departments[0] == "急诊科", cid
        assert 10 <= len(cat.advice) <= 130 and cat.advice.endswith("。"), cid


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("我爸口角突然往一边歪了", "stroke"),  # words inserted between face and droop
        ("奶奶嘴巴有点往右边斜，说话也含糊", "stroke"),
        ("兄口疼，一身冷汗", "cardiac_chest_pain"),  # typo for 胸口
        ("左眼突然看不見了", "sudden_vision_loss"),  # traditional character
        ("俺家娃才俩月，烧到三十八度多", "infant_fever"),  # dialect, Chinese numerals
        ("囡囡拉稀拉了一天，一天莫得尿", "child_dehydration"),
        ("孩子把外婆的降压药吃了几片", "drug_overdose"),
        ("我把安眠药都攒好了，今晚就想结束这一切", "suicide_self_harm"),
        ("大便黑得像柏油，站起来就头晕", "melaena"),
        ("孕34周，头疼得厉害，眼睛也花了", "preeclampsia"),
        ("怀孕八个月，今天一整天都没感觉到胎动", "reduced_fetal_movement"),
        ("全家烤炭火取暖，早上起来都头疼想吐", "carbon_monoxide"),
        ("突然头痛，这辈子从来没这么疼过", "thunderclap_headache"),
    ],
)
def test_paraphrases_typos_and_dialect_are_recognised(text, category):
    assert category in flagged(text), text


@pytest.mark.parametrize(
    "text",
    [
        "以前中风过，现在恢复得挺好",  # history
        "怎么预防中风",  # prevention
        "心梗有什么前兆",  # information question
        "如果孩子高烧抽搐了应该怎么办",  # hypothetical
        "刚才头晕了一下，现在已经好了",  # resolved
        "嘴没歪，手脚也不麻，就是头有点胀",  # negated inside the phrase
        "我没有想过伤害自己，就是睡不好",  # negated, two words in between
        "冬天摸门把手被静电打了一下",  # 静电 is not an electric injury
        "宝宝满月时发烧住过院，现在5个月了",  # the age now is 5 months
        "孕12周，有点头疼",  # before 20 weeks, mild
    ],
)
def test_modifiers_are_scoped_to_the_mention(text):
    assert flagged(text) == [], text


def test_history_does_not_reach_a_new_clause():
    assert "stroke" in flagged("我爸以前中风过，今天早上又突然说话不清了")
    assert "meningitis" not in flagged("孩子没有发烧，脖子有点硬")


@pytest.mark.parametrize(
    ("question", "report"),
    [
        ("溺水急救要先控水吗？", "孩子刚才溺水了，捞上来不喘气"),
        ("被蛇咬了能不能用嘴吸毒？", "我爸刚被蛇咬了，腿肿起来了"),
        ("一氧化碳中毒一般要做几次高压氧？", "一家人烧炭取暖，现在都头疼想吐"),
        ("怎么识别心梗？", "我爸胸口压着疼，一身冷汗"),
        ("抽搐的时候能不能往嘴里塞东西？", "孩子全身抽搐，叫不醒"),
    ],
)
def test_a_how_to_question_about_no_one_is_not_an_emergency(question, report):
    """The same red flag asked about in general (no person, no time) vs. reported."""
    assert flagged(question) == [], question
    assert flagged(report), report


def test_a_question_whether_it_will_happen_is_not_a_report():
    assert flagged("宝宝快三个月了，打完疫苗会发烧吗？") == []
    assert "infant_fever" in flagged("宝宝快三个月了，打完疫苗发烧了38度")


def test_a_long_standing_condition_does_not_mute_a_new_event():
    story = "我舅舅高血压十几年，今天单位里说头疼得厉害，量血压205/128，眼前发花"
    assert "hypertensive_emergency" in flagged(story)
    assert flagged("我有高血压十几年了，血压最高的时候到过190，一直吃药") == []


def test_ages_and_pregnancy_weeks_decide():
    assert "infant_fever" in flagged("宝宝40天，发烧38度")
    assert "infant_fever" in flagged("发烧38度2", age_years=0.1)
    assert flagged("宝宝5个月，发烧38度") == []
    assert "preeclampsia" in flagged("怀孕八个月，头痛，看东西模糊")
    assert "preeclampsia" not in flagged("怀孕三个月，头痛，看东西模糊")


@pytest.mark.parametrize(
    ("turns", "category"),
    [
        (["我闺女生下来才五十来天", "这会儿摸着额头烫，一量三十八度二"], "infant_fever"),
        (
            ["老爸打胰岛素好些年了", "中午饭没顾上吃", "刚才满头冷汗，叫他也不太理人"],
            "hypoglycaemia",
        ),
        (["我妈上个月做了膝关节置换", "今天突然胸口刺痛，气不够用"], "pulmonary_embolism"),
        (["老婆怀孕八个多月", "今天说头疼得厉害，眼前冒金星"], "preeclampsia"),
        (["孩子有一型糖尿病", "这两天没给他打胰岛素", "今天吐了好几回，喘气又深又粗"], "dka"),
    ],
)
def test_facts_from_earlier_turns_combine_with_later_symptoms(turns, category):
    """An age, a pregnancy, diabetes and insulin, a recent operation said first; the
    symptom later.  The last turn alone is not an emergency of that kind."""
    t = intents.parse(turns[-1], {"history": turns[:-1]})["triage"]
    assert t["emergency"] and category in [f["category"] for f in t["red_flags"]], turns
    assert category not in flagged(turns[-1])


def test_gate_facts_are_looked_up_on_demand():
    """The classifier's DKA verdict needs diabetes (or a high glucose) said somewhere,
    even when no rule needed to match it."""
    said = assess(normalize_text("我有糖尿病十年了，今天人不太舒服"))
    denied = assess(normalize_text("我没有糖尿病，今天人不太舒服"))
    assert model_allowed("dka", said) and not model_allowed("dka", denied)
    assert not model_allowed("infant_fever", assess(normalize_text("宝宝五个月，有点烫")))


def test_symptoms_accumulate_across_turns():
    t = intents.parse("脖子有点硬", {"history": ["孩子发烧两天了"]})["triage"]
    assert t["emergency"] is True and t["acuity"] == "emergency_now"
    assert t["red_flags"][0]["category"] == "meningitis"
    assert {"发烧", "脖子有点硬"} <= set(t["red_flags"][0]["evidence"].split("、"))
    assert intents.parse("脖子有点硬")["triage"] is None or not flagged("脖子有点硬")


@pytest.mark.parametrize(
    ("text", "acuity"),
    [
        ("老公突然说话不清，右手拿不住筷子", "call_120"),
        ("孩子吞了一颗纽扣电池", "emergency_now"),
        ("高烧39度5，三天了还不退", "urgent_today"),
        ("脚崴了，肿得厉害，不能走路", "urgent_today"),
        ("有点感冒，流鼻涕打喷嚏", "self_care"),
        ("胃胀，吃完饭打嗝", "routine"),
    ],
)
def test_every_triage_has_an_acuity(text, acuity):
    t = intents.parse(text)["triage"]
    assert t["acuity"] == acuity, text
    assert t["emergency"] is (acuity in ("call_120", "emergency_now"))


def test_no_symptom_no_triage_and_several_flags_one_reason_each():
    assert intents.parse("我要预约明天的号")["triage"] is None
    t = intents.parse("吃了一整瓶安眠药，现在叫不醒")["triage"]
    assert {"drug_overdose", "unconsciousness"} <= {f["category"] for f in t["red_flags"]}
    lines = t["emergency_reason"].splitlines()
    assert len(lines) == len(t["red_flags"]) and "。；" not in t["emergency_reason"]


def test_the_learned_net_fits_our_own_emergency_sentences():
    """The second net is trained on intents/data/red_flags_training.yml: it must say
    "emergency" (P(none) below the threshold) for nearly all of those sentences."""
    model = load_artifact().redflag
    assert set(model.labels) == {c.id for c in compiled().categories} | {"none"}
    spec = yaml.safe_load(
        (ROOT / "intents/data/red_flags_training.yml").read_text(encoding="utf-8")
    )
    texts = [normalize_text(t) for phrases in spec["emergency"].values() for t in phrases]
    none = model.labels.index("none")
    caught = sum(model.predict_proba(t)[none] < intents.MODEL_NONE_THRESHOLD for t in texts)
    assert caught / len(texts) >= 0.95


@pytest.mark.parametrize(
    "text",
    ["发烧了", "肚子疼", "腰疼", "孩子发烧38度5", "头晕想吐", "眼睛红肿", "肚子胀不消化"],
)
def test_a_plain_symptom_is_not_an_emergency_for_either_net(text):
    """The classifier learns ordinary complaints from the lexicon and the department
    texts as well as the written emergencies: a bare symptom is a clinic question."""
    t = triage(text)
    assert t is None or t["emergency"] is False, (text, t and t["red_flags"])


class _StubModel:
    """Stands in for the emergency classifier with fixed probabilities."""

    def __init__(self, probs: dict[str, float]) -> None:
        self.labels = list(probs)
        self._p = np.array(list(probs.values()))

    def predict_proba(self, text: str) -> np.ndarray:
        return self._p


@pytest.mark.parametrize(
    ("probs", "emergency"),
    [
        ({"none": 0.35, "acute_glaucoma": 0.25, "thunderclap_headache": 0.2, "stroke": 0.2}, False),
        ({"none": 0.3, "acute_glaucoma": 0.6, "thunderclap_headache": 0.1, "stroke": 0.0}, True),
        # (发胀 is a sign of the category, which lets the classifier count up to 0.6)
        ({"none": 0.45, "acute_glaucoma": 0.55, "thunderclap_headache": 0.0, "stroke": 0.0}, True),
        ({"none": 0.65, "acute_glaucoma": 0.35, "thunderclap_headache": 0.0, "stroke": 0.0}, False),
    ],
)
def test_the_classifier_must_name_one_category(monkeypatch, probs, emergency):
    """P(none) below the threshold is not enough: one category must reach
    MODEL_MIN_CATEGORY, else the verdict is a list of ordinary symptoms."""
    intents.load()
    state = intents._state
    stub = dataclasses.replace(state.artifact, redflag=_StubModel(probs))
    monkeypatch.setattr(state, "artifact", stub)
    t = triage("两只眼睛发胀")
    assert t["emergency"] is emergency
    if emergency:
        assert t["red_flags"] == [{"category": "acute_glaucoma", "evidence": ""}]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("老爷子鼻子淌血快一个钟头了，塞棉花也不好使", "uncontrolled_bleeding"),
        ("我爸突然倒在地上叫不醒了", "unconsciousness"),
    ],
)
def test_nosebleed_that_will_not_stop_and_collapse(text, category):
    assert category in flagged(text)


def test_a_fall_is_not_a_loss_of_consciousness():
    assert "unconsciousness" not in flagged("路上看见个女孩跌倒在地，膝盖擦破了")


# issue 8: a red word about a thing, a normal state or another moment is no emergency,
# while the same word about the patient still is (sentences of our own)
NOT_EMERGENCY = [
    "我家狗把拖鞋咬烂了，要不要训练它",  # an animal damaging an object
    "猫把纸箱抓破了好几道",
    "面条煮好从水里捞出来过凉水",  # food in water
    "爬完楼心跳一分钟155，歇一会就好了",  # a rate after exercise, no symptom
    "打完农药口渴，喝了几口矿泉水",  # pesticide work, then an ordinary drink
    "昨晚吃了西瓜，早上吐了一点红色的东西，现在人挺好",  # red food vomited
    "喝葡萄酒喝多了吐出来红红的",
    "鸡骨头好像卡在喉咙里，不疼，呼吸正常",  # a bone stuck, no distress
    "孩子1个月的时候黄疸住过院，现在4个月了，发烧38.5度",  # a past age
    "我同事对芒果严重过敏，办公室能放芒果吗",  # an allergy told as a trait, in a story
    "闻了一下洁厕灵，有点呛，开窗后就好了",  # a whiff, mild and over
    "孩子吞了一颗塑料珠子，今天在大便里找到了",  # a swallowed object already passed
    "前天吃了螃蟹眼皮有点肿，吃了氯雷他定肿已经消了",  # a swelling that has gone down
]
STILL_EMERGENCY = [
    ("狗把鞋子咬破了，还把我的手咬出血了", "animal_bite_rabies"),
    ("孙女掉进水缸里，捞起来一直咳", "drowning"),
    ("跑完步心跳一分钟180，眼前发黑要晕倒", "arrhythmia_syncope"),
    ("吃了火龙果，又吐了一大口血块", "haematemesis"),
    ("鱼刺卡住了，咽口水都疼，吞不下去", "button_battery"),
    ("打完农药喝了口水，现在流口水、出汗、瞳孔很小", "chemical_poisoning"),
    ("我对虾严重过敏，刚才不小心吃了一口", "anaphylaxis"),
    ("刚才吸入了很多氯气，一直咳，喘不上气", "chemical_poisoning"),
    ("吃了螃蟹嘴唇肿了，喉咙发紧，吃了药还没消", "anaphylaxis"),
]


@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_a_red_word_about_a_thing_or_another_moment_is_no_emergency(text):
    t = triage(text)
    assert t is None or t["emergency"] is False, (text, flagged(text))


@pytest.mark.parametrize(("text", "category"), STILL_EMERGENCY)
def test_the_same_words_about_the_patient_still_are(text, category):
    assert category in flagged(text)


@pytest.mark.parametrize("text", ["宝宝3个月，发烧38.2度", "宝宝刚满三个月，发烧38度，不吃奶"])
def test_a_baby_of_exactly_three_months_with_fever_is_under_three_months(text):
    """NICE's "under 3 months" includes a baby told as 3个月 (a rounded age); 3个多月 is over."""
    assert "infant_fever" in flagged(text)
    assert "infant_fever" not in flagged("宝宝3个多月，发烧38.2度")


@pytest.mark.parametrize("answer", ["110105201006161248", "13912345678", "12345"])
@pytest.mark.parametrize("earlier", [["孩子"], ["张三"], ["添加就诊人", "孩子"]])
def test_a_form_answer_without_words_is_no_emergency_after_earlier_turns(answer, earlier):
    """An ID or phone number typed into a form after "孩子": the classifier once read it
    as a blood pressure. Messages without a Chinese word go to the rules only."""
    triage = intents.parse(answer, context={"history": earlier})["triage"] or {}
    assert not triage.get("emergency")


def test_a_bare_number_still_completes_an_earlier_turn():
    triage = intents.parse("38.5", context={"history": ["宝宝出生40天", "发烧了"]})["triage"]
    assert triage["emergency"] and triage["red_flags"][0]["category"] == "infant_fever"


@pytest.mark.parametrize(
    "text", ["我哥喝农药了", "他喝敌敌畏了", "孩子吃老鼠药了", "我哥刚喝农药了"]
)
def test_a_poison_drunk_is_read_without_a_completed_aspect(text):
    """喝农药了 names the act as plainly as 喝了农药 (the verb right before the poison)."""
    assert "chemical_poisoning" in flagged(text)


@pytest.mark.parametrize(
    "text", ["怎么防止老人喝农药", "去年我舅喝农药被救回来了", "打完农药要喝水吗"]
)
def test_drinking_poison_as_prevention_or_history_is_not_flagged(text):
    assert "chemical_poisoning" not in flagged(text)


# issue 8, set H's classes (sentences of our own): a guess about the cause or a doubt
# about severity is no hypothetical, question, mild sign or resolution — the sign is there
HEDGED = [
    ("不知道算不算严重，我妈刚才突然说话不清楚，一边手没劲", "stroke"),
    ("可能是没睡好，刚才右眼突然黑了一阵子，现在还是看不见", "sudden_vision_loss"),
    ("奶奶刚才嘴角歪了，口水往下流，她自己说没事", "stroke"),
    ("可能是太紧张了，胸口有点闷，往左边胳膊窜，出冷汗", "cardiac_chest_pain"),
    ("可能是上火了，一直吃避孕药，一边小腿肿了，今天有点喘，心跳也快", "pulmonary_embolism"),
    ("不知道算不算溺水，孩子在泳池里沉下去又捞上来，现在很想睡，呼吸很急", "drowning"),
    ("可能是眼睛累了，左眼有点胀痛，发红，看灯有彩虹圈", "acute_glaucoma"),
    ("不知道算不算严重，老公有癫痫，今天抽了好几次，中间一直没醒", "seizure"),
    ("也不知道要不要紧，心跳一直一百六七十，眼前有点发黑", "arrhythmia_syncope"),
    ("不知道是不是吃了老鼠药，孩子嘴里有股怪味，一直吐", "chemical_poisoning"),  # suspected
]


@pytest.mark.parametrize(("text", "category"), HEDGED)
def test_a_hedged_report_still_reports_the_sign(text, category):
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "可能是累了，有点头晕",
        "不知道算不算严重，嗓子有点疼",
        "可能是着凉了，胸口有点闷，一会就好了",
        "孩子发烧38度，可能是热感冒，精神还好",
        "最近有点胸闷，有点心慌，出汗多，是不是更年期",  # weeks of a pattern, nothing new
    ],
)
def test_a_hedge_does_not_make_a_plain_complaint_an_emergency(text):
    assert not flagged(text)


# the patient is an animal, a character, a case in a textbook or a machine; the question
# is how to prevent, measure or prepare; the event was treated and is over
NOT_A_PATIENT_NOW = [
    "我家猫刚才抽了一下，附近有宠物医院吗",
    "我家狗偷吃了一板布洛芬，要带它去看兽医吗",
    "养的兔子被蛇咬了腿，怎么办",
    "我家小狗摸着很烫，狗的正常体温是多少",
    "鹦鹉被瓜子壳卡住了一直甩头",
    "综艺节目里有人假装晕倒，太假了",
    "看了个视频有人被电击了，为什么会被弹开",
    "病例讨论：女30岁突发胸痛伴呼吸困难，首选哪项检查",
    "我在写论文，研究老年人跌倒后昏迷的发生率",
    "剧本杀里我的角色是中毒死的",
    "电脑屏幕突然黑了，怎么按都没反应",
    "监控画面半边没了，一边能看一边看不到",
    "暑假了，怎么教孩子防溺水和防触电",
    "婴儿多少度算发烧",
    "孕晚期怎么数胎动比较准",
    "到时候破水了要不要马上去医院",
    "被狗抓了，已经打了三针狂犬疫苗，最后一针什么时候打",
    "前天插了尿管，今天拔了，现在能自己尿了",
    "宫外孕手术后一周，伤口有点痒，正常吗",
    "给员工做触电急救培训，有课件吗",
    "急救箱里要放什么对付蛇咬",
    "遥控器的纽扣电池找到了，两颗都在，孩子没吃",
    "前天吃虾过敏起疹子，吃了药已经全消了",
    "电脑蓝屏了，按什么都没反应",
    "平板屏幕一边突然不亮了",
]
# ... while a person hurt in the same message is still flagged
PERSON_HURT_TOO = [
    ("我被狗咬了，出血了", "animal_bite_rabies"),
    ("邻居家的狗咬了孩子的手，出血了", "animal_bite_rabies"),
    ("我和狗都被蛇咬了", "snake_bite"),
    ("我家狗被蛇咬了，我去拉它的时候手也被咬了", "snake_bite"),
    ("我家狗没打疫苗，把孩子的脸咬破了", "animal_bite_rabies"),
    ("我家猫把布洛芬舔了，孩子也吃了一整板布洛芬", "drug_overdose"),
    ("看手机的时候突然一只眼看不见了", "sudden_vision_loss"),
    ("我是规培医生，我爸刚才突然胸口剧痛，出冷汗", "cardiac_chest_pain"),
    ("带狗去宠物医院的路上我突然胸口剧痛，出冷汗", "cardiac_chest_pain"),
    ("我在看综艺，我爸突然倒地叫不醒", "unconsciousness"),
    ("手机突然黑屏了，我去捡的时候一头栽倒，现在左边身子动不了", "stroke"),
    ("我爸拿着手机突然没反应了", "unconsciousness"),
]


@pytest.mark.parametrize("text", NOT_A_PATIENT_NOW)
def test_no_patient_now_is_no_emergency(text):
    t = triage(text)
    assert t is None or t["emergency"] is False, (text, flagged(text))


@pytest.mark.parametrize(("text", "category"), PERSON_HURT_TOO)
def test_a_person_hurt_in_the_same_message_is_still_flagged(text, category):
    assert category in flagged(text)


# written register and short forms; facts stated but not read before
SHORT_AND_WRITTEN = [
    ("呼之不应，刺痛无反应", "unconsciousness"),
    ("右眼视物有遮挡，如幕布下垂", "sudden_vision_loss"),
    ("突然复视，看东西一个变两个", "sudden_vision_loss"),
    ("头部外伤后耳朵流出淡红色液体", "head_injury"),
    ("俩月宝宝烧38.3", "infant_fever"),
    ("月经量大，一小时湿透一片", "heavy_vaginal_bleeding"),
    ("糖尿病，停药几天，意识淡漠，血糖32", "dka"),
    ("低血糖吃了糖也不管用", "hypoglycaemia"),
    ("吃降糖药的，心慌手抖出汗，测了2.8", "hypoglycaemia"),
    ("胚胎移植后两周，一边肚子剧痛，头晕", "ectopic_pregnancy"),
    ("大姨妈迟了半个月，下面出血，左下腹很痛", "ectopic_pregnancy"),
    ("孩子把一瓶维生素当糖吃了，里面混着奶奶的降压药", "drug_overdose"),
    ("孩子吃了五片大人的那种退烧药", "drug_overdose"),
    ("老人在没空调的屋里闷了一天，皮肤滚烫不出汗，叫他答不上来", "heat_stroke"),
    ("不想再活下去了，药都准备好了", "suicide_self_harm"),
    ("我现在就站在天台上", "suicide_self_harm"),
    ("吃了药以后喉咙发紧", "anaphylaxis"),
    ("热的碱水溅到胳膊上，皮都发白了", "burns"),
    ("一整天没小便", "acute_urinary_retention"),
    ("卫生巾一小时就透了", "heavy_vaginal_bleeding"),
    ("突发视物不清", "sudden_vision_loss"),
    ("剧烈头痛伴喷射状呕吐", "thunderclap_headache"),
    ("阴道大量流血", "heavy_vaginal_bleeding"),
    ("车祸后髋部剧痛，无法站立，血压85/50", "major_trauma"),  # pelvic injury with shock
]


@pytest.mark.parametrize(("text", "category"), SHORT_AND_WRITTEN)
def test_short_written_forms_and_stated_facts(text, category):
    assert category in flagged(text)


def test_a_vomiting_child_who_barely_responds_is_an_emergency():
    """NICE NG84/CG160: no response to social cues, only rousable with difficulty."""
    for text in ["孩子吐了好几次，现在叫他也不理人", "可能是吃坏了，孩子一直吐，叫他不怎么理人"]:
        assert "child_dehydration" in flagged(text), text

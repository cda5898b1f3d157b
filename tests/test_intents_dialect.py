"""Regional words are read as Mandarin by the red-flag layer, and ordinary Mandarin is
left alone (knowledge/dialect.yml, applied by intents.normalize.normalize_safety); the
models' reading (normalize / normalize_text) does not use the glossary."""

import json
from pathlib import Path

import pytest
import yaml

import intents
from intents.normalize import (
    DIALECT_PATH,
    _respell_regional,
    cn_to_number,
    compile_glossary,
    normalize_safety,
    normalize_text,
    safety_text,
    to_simplified,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("个仔突然扯蝨，反晒白眼，叫佢唔应", "儿子突然抽搐,翻白眼,叫他不应"),
        ("阿爸头先晕低咗，成身好热，又唔出汗", "爸爸刚才晕倒了,全身好热,又不出汗"),
        ("个仔话佢春袋一边好痛", "儿子说他阴囊一边好痛"),
        ("个女屙呕咗成日，一滴尿都冇", "女儿上吐下泻了一整天,一滴尿都没有"),
        ("企都企唔稳，讲嘢含糊", "站都站不稳,说话含糊"),
        ("血一直标出嚟，撳住都止唔到", "血一直喷出来,按住都止不住"),
        ("俺家孩儿拉稀，今儿又吐，咋整", "我家孩子腹泻,今天又吐,怎么办"),
        ("娃儿脑壳痛得遭不住，莫得精神", "孩子头痛得受不了,没有精神"),
        ("我爹让长虫咬了", "我爹让蛇咬了"),
        ("侬覅急", "你不要急"),
        ("个仔先至四十几日，成个下昼都发烧", "儿子才40几日,整个下午都发烧"),
        ("一路呕一路屙", "一直呕一直拉肚子"),
        ("阿嬷拍胰岛素了后无食饭，凊汗，叫袂醒", "奶奶打胰岛素了后没吃饭,冷汗,叫不醒"),
        ("阿妈食多咗好多粒药", "妈妈吃多了好多粒药"),
        ("阿爸讲嘢乱晒", "爸爸说话乱了"),
        ("阿哥跌落嚟，动唔到", "阿哥跌下来,动不了"),
        ("个肚胀晒", "个肚胀了"),
    ],
)
def test_regional_words_become_mandarin(text: str, expected: str) -> None:
    assert safety_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "唔，好的",  # an interjection, not 不
        "做个仔细的检查",  # 个仔 only as "the son"
        "那个女孩发烧，这个女的",
        "头先疼后来晕",  # the head hurt first
        "头晕低烧",  # not 晕低 (fainted)
        "买了块面包",
        "企业体检，企鹅",
        "晒太阳晒伤了",
        "食物中毒，食道疼，吃了健胃消食片",
        "饮料喝多了",
        "关系系统",
        "劳动仲裁",
        "去阿拉伯出差",
        "伤口长虫子了",
        "一路平安",
        "抽抽搭搭地哭",
        "请勿吸烟",
        "半边身子麻木有一阵了",  # 麻木 + 有, not 木有 (没有): a negation would hide the sign
        "我有吗丁啉",  # a drug name, not 喝
        "首先至少要休息",  # 先至 only before a number
        "这个心眼小的人，心痛",  # 个心 only as "my heart" before pain
        "一气呵成个人风格",  # 成个 only before a body part or a time
        "饮食多了要注意，杂乱晒被子",  # 食 only when eaten; 晒 as drying in the sun
        "衣服膨胀晒干了",  # 晒干: dried in the sun
    ],
)
def test_ordinary_mandarin_is_left_alone(text: str) -> None:
    """Each guarded entry has a Mandarin reading it must not touch."""
    assert safety_text(text) == text.replace("，", ",")


def _only(region: str):
    doc = yaml.safe_load(DIALECT_PATH.read_text(encoding="utf-8"))
    doc["words"] = {region: doc["words"][region]}
    doc["guarded"] = [g for g in doc["guarded"] if g["region"] == region]
    return compile_glossary(doc)


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared eval sets not available")
@pytest.mark.parametrize("region", ["yue", "min", "hakka", "xiang"])
def test_regional_entries_never_fire_on_real_mandarin_questions(region: str) -> None:
    """Words of the southern varieties do not occur in ordinary
    Mandarin: on 800 real questions the glossary of that region changes nothing."""
    gloss = _only(region)
    texts = []
    for name in ("toyhom_im_dev.jsonl", "triage_dev.jsonl", "intents_dev.jsonl"):
        for line in (SHARED / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    assert len(texts) > 700
    changed = []
    for text in texts:
        base = to_simplified(text)
        idx = list(range(len(base)))
        if _respell_regional(base, idx, idx, gloss)[0] != base:
            changed.append(text)
    assert changed == []


def test_offsets_still_point_into_the_original() -> None:
    text = "阿爸发烧三十九度，冇精神"
    norm = normalize_safety(text)
    i = norm.text.index("没精神")
    start, end = norm.span(i, i + 3)
    assert text[start:end] == "冇精神"
    i = norm.text.index("爸爸")
    assert text[slice(*norm.span(i, i + 2))] == "阿爸"


def test_the_glossary_refuses_unguarded_single_characters_and_conflicts() -> None:
    regions = {"yue": "粤语"}
    with pytest.raises(ValueError, match="one character needs guards"):
        compile_glossary({"regions": regions, "words": {"yue": {"佢": "他"}}})
    with pytest.raises(ValueError, match="needs a guard"):
        compile_glossary(
            {"regions": regions, "guarded": [{"from": "佢", "to": "他", "region": "yue"}]}
        )
    with pytest.raises(ValueError, match="unknown region"):
        compile_glossary({"regions": regions, "words": {"min": {"厝里": "家里"}}})


def test_colloquial_hundreds() -> None:
    assert cn_to_number("一百四") == 140  # 心跳一百四
    assert cn_to_number("两千五") == 2500
    assert cn_to_number("一百零四") == 104
    assert normalize_text("心跳一百四") == "心跳140"


def test_the_models_reading_keeps_regional_words() -> None:
    """The intent and department models are trained and served without the glossary
    (it moved the department model); only numbers and characters are folded."""
    assert normalize_text("佢个仔成日屙呕，发烧三十九度") == "佢个仔成日屙呕,发烧39度"
    assert normalize_text("耳鼻咽喉头颈外科在哪") == "耳鼻咽喉头颈外科在哪"


def test_a_regional_emergency_is_still_flagged() -> None:
    """parse() hands the red-flag layer the glossary's reading of the message."""
    result = intents.parse("个仔突然扯蝨，反晒白眼，叫佢唔应")
    assert result["triage"]["emergency"] is True
    assert "抽搐" not in normalize_text("个仔突然扯蝨")  # only the red-flag layer reads 抽搐

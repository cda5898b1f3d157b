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
        ("老公话瞓一觉就冇事", "老公说睡一觉就没事"),
        ("阿嬷拍胰岛素了后无食饭，凊汗，叫袂醒", "奶奶打胰岛素了后没吃饭,冷汗,叫不醒"),
        ("阿妈食多咗好多粒药", "妈妈吃多了好多粒药"),
        ("阿爸讲嘢乱晒", "爸爸说话乱了"),
        ("阿哥跌落嚟，动唔到", "阿哥跌下来,动不了"),
        ("个肚胀晒", "肚子胀了"),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我阿媽頭先食多咗好多粒安眠藥，而家好眼瞓", "我妈妈刚才吃多了好多粒安眠药,现在好困"),
        ("我老婆有咗三十四周，穿咗水", "我老婆怀孕34周,破水了"),
        ("阿爺成個人暈陀陀，半邊身唔郁得", "爷爷整个人头晕,半边身体动不了"),
        ("佢撞親個頭，個頭好痛", "他撞伤头,头好痛"),
        ("個肚好痛，屙水屙咗成朝", "肚子好痛,拉水样便拉了一整个早上"),
        ("阿爸突然暈低咗，冇咗脈搏", "爸爸突然晕倒了,没有脉搏"),
        ("阿嫲唔識得醒，冇晒反應", "奶奶醒不过来,完全没有反应"),
        ("BB仔得六個禮拜，發緊燒", "宝宝才6个礼拜,正在发烧"),
        ("細蚊仔吞咗個硬幣，卡住喉嚨", "小孩吞了个硬币,卡住喉咙"),
        ("我唔想生存落去，死咗佢算", "我不想活下去,死了算了"),
        ("細路俾滾水淥親半邊身，起晒水泡", "小孩被开水烫伤半边身体,起了水泡"),
        ("阿妹鎅手，流緊血", "妹妹割腕,流着血"),
        ("佢食o左好多藥，有d暈", "他吃了好多药,有点晕"),
        ("我地阿媽飲左漂白水", "我们妈妈喝了漂白水"),
        ("個女成身起風癩，喉嚨痕", "女儿全身起荨麻疹,喉咙痒"),
        ("阿爺跌低咗，講唔到嘢", "爷爷摔倒了,说不出话"),
        ("苏虾仔出世十日，唔肯食奶", "婴儿出生10日,不肯吃奶"),
        ("我老婆作动，好似爆咗水", "我老婆开始宫缩,好像破水了"),
        ("阿嫲好鬼攰，劲晕", "奶奶非常累,很晕"),
        ("我好耐冇瞓，心嘭嘭跳", "我很久没睡,心跳很快"),
        ("点算好，点办", "怎么办才好,怎么办"),
        ("俺爹不中了", "我爸不行了"),
        ("俺娘心里憋得慌，冒凉汗", "我妈心里憋得慌,冒冷汗"),
        ("老爷子卡倒了，半拉身子不好使", "老爷子摔倒了,半边身子不管用"),
        ("俺媳妇有身子了，肚子疼得慌", "我媳妇怀孕了,肚子很疼"),
        ("我老汉出气不赢，嘴皮乌了", "我爸爸喘不过气,嘴唇乌了"),
        ("幺儿从床上扑爬下来，后脑壳流血", "孩子从床上跌跤下来,后脑勺流血"),
        ("娃儿遭开水烫了", "孩子被开水烫了"),
        ("我婆婆不得行了，落气了", "我婆婆不行了,断气了"),
        ("伊拉小人透勿过气", "他们孩子喘不过气"),
        ("阿爹讲闲话讲勿清爽，嘴巴歪脱了", "阿爹说话说不清楚,嘴巴歪了"),
        ("阿拉姆妈一记头掼倒", "我们妈妈一下子摔倒"),
        ("阮老爸心肝头真痛，规身躯凊汗", "我老爸胸口真痛,全身冷汗"),
        ("阮阿嬷跋落去，讲袂出话", "我奶奶摔下去,说不出话"),
        ("囝仔食着农药，咧抽，目睭反白", "小孩吃了农药,在抽,眼睛翻白眼"),
        ("𠊎阿姆食撇一樽药", "我妈妈吃了1瓶药"),
        ("我嗲嗲跶哒一跤，堂客怀起八个月", "我爷爷摔了一跤,妻子怀孕8个月"),
        ("我想紫砂", "我想自杀"),
        ("胸口好疼，chuan不过气，fa烧", "胸口好疼,喘不过气,发烧"),
        ("宝宝发zi，踹不过气", "宝宝发紫,喘不过气"),
        ("大仔甩咗骹，细女食唔落嘢", "大儿子脱臼了,小女儿吃不下东西"),
        ("屋企火烛，阿爸手震", "家火灾,爸爸手抖"),
        ("阮囝仔嗽血，喘甲欲死", "我孩子咳血,喘得欲死"),
        ("阿爸予狗咬着，乎虎头蜂叮着", "爸爸被狗咬着,被虎头蜂叮着"),
        ("阮某有身八个月，放乌屎", "我妻子怀孕8个月,拉黑便"),
        ("𠊎阿爸头那痛，佢问麼个都唔知", "我爸爸头痛,他问什么都不知道"),
        ("阿拉好婆一歇歇透勿过气", "我们奶奶一会儿喘不过气"),
        ("细伢子吃咖药，晕咖", "小孩吃了药,晕了"),
        ("俺娘疼嘞很，烧嘞慌", "我妈疼得很,烧得慌"),
        ("我家毛毛才两个月，发烧", "我家宝宝才2个月,发烧"),
        ("四十天的毛毛烫手", "40天的宝宝烫手"),  # baby words of every region read as 宝宝
        ("毛毛今天一下都没动", "宝宝今天一下都没动"),
        ("今天毛毛好像不太动", "今天宝宝好像不太动"),
        ("女朋友有毛毛了刚查出来", "女朋友有宝宝了刚查出来"),
        ("明天毛毛打疫苗要带什么", "明天宝宝打疫苗要带什么"),
        ("宝儿一个半月，烧到38度", "宝宝1个半月,烧到38度"),
        ("小baby才二十天不吃奶", "宝宝才20天不吃奶"),
        ("伢伢满月没几天，小毛头也是", "宝宝满月没几天,宝宝也是"),
        ("感觉宝贝不动了，崽崽才两周", "感觉宝宝不动了,宝宝才2周"),
        ("怀宝宝三十周，刚怀上的妹妹，测出有喜了", "怀孕30周,刚怀孕的妹妹,测出怀孕了"),
        ("肚皮硬邦邦，肚肚胀，肚儿里头疼", "肚子硬邦邦,肚子胀,肚子里头疼"),
        ("老伴一天没鸟，鸟不出来，一直土，土了好几次", "老伴1天没尿,尿不出来,一直吐,吐了好几次"),
        ("胸口腾得厉害，传不上气，咳学了", "胸口疼得厉害,喘不上气,咳血了"),
        ("孩紫吃了老鼠要，宝包才两个月", "孩子吃了老鼠药,宝宝才2个月"),
        ("胸口tou疼，xiong闷，婚倒了", "胸口头疼,胸闷,昏倒了"),
        ("我個仔吞咗粒花生落氣管", "我儿子吞了粒花生落气管"),  # 落气管 is the windpipe
        ("阿媽啱啱食咗成樽降血壓藥", "妈妈刚刚吃了一整瓶降血压药"),
        ("我老婆大肚三十六周，肚緊緊", "我老婆怀孕36周,肚子发紧"),
        ("阿爺講嘢黐脷，半邊面冇晒感覺", "爷爷说话口齿不清,半边脸没感觉"),
        ("佢俾電單車撞親", "他被摩托车撞伤"),  # not 被电 (an electric injury)
        ("俺爹脚脖子肿了，脑门子全是汗，嘴瓢了", "我爸脚踝肿了,额头全是汗,说话不清了"),
        # 刺挠 before a pain is a prickling pain, not an itch
        ("身上刺挠得慌，胸口刺挠着疼", "身上痒得慌,胸口刺挠着疼"),
        ("娃尿炕了，疼了半宿，倍儿难受", "娃尿床了,疼了半夜,非常难受"),
        (
            "俺达昨个儿上晌摔了，波棱盖儿秃噜皮了，血呼啦的",
            "我爸昨天上午摔了,膝盖擦破皮了,全是血的",
        ),
        ("月窠孩子呼哧带喘，牙花子出血，喘不上来气儿", "新生儿喘得厉害,牙龈出血,喘不过气"),
        ("二小子屁股蛋子木了，肩膀头子疼", "二儿子屁股木了,肩膀疼"),
        # 信门 / 心门 / 卤门 (the fontanelle), 发到震 (rigors), 一搭搭 (patches)
        ("宝宝信门鼓起来了，头顶的心门凸出来，卤门软", "宝宝囟门鼓起来了,头顶的囟门凸出来,囟门软"),
        ("阿爸发烧发到震，对脚一搭搭紫咗", "爸爸发烧发冷发抖,对脚1块1块紫了"),
    ],
)
def test_the_regional_table_reads_every_variety(text: str, expected: str) -> None:
    """Entries of the systematic table: people, body, symptoms, injuries, time,
    degree, pregnancy and negation in each variety (traditional characters too)."""
    assert safety_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "bb霜涂多了，bb机，bb弹",
        "他个头大，这个头盔",
        "这个肚兜",
        "血压跌低了，价格跌低于成本",
        "好鬼怪的天气",
        "干活费劲难受",
        "淥口区",
        "出紧急通知，头痛紧张",
        "半边身子麻",
        "好耐心，好耐用",
        "我地址变了，你地图看",
        "维生素d缺乏",
        "我左手麻",
        "黎明，黎族",
        "伤痕，痕迹",
        "好犀利的眼神",
        "正话反说",
        "作动器坏了",
        "爆水管，爆水痘",
        "早点办，快点搞好，有点整不明白",
        "一点医学常识",
        "早点解决，一点解释",
        "有点样子",
        "坐月子",
        "阮籍，阮小姐",
        "大大咧咧，咧嘴笑",
        "反白显示",
        "打不中了，看不中了",
        "不得行走",
        "那个老汉在路边",
        "伊拉克",
        "他是个小人",
        "背后讲闲话",
        "一记头槌",
        "她嗲嗲地说",
        "缅怀起过去",
        "宜兴紫砂壶",
        "炒鸡蛋",
        "治疗得几个月",
        "金樽",
        "么么哒，萌萌哒",
        "耍嘴皮子",
        "长成个人样",
        "遭遇车祸，遭到殴打",
        "大女儿，大女人，伟大女性",
        "小心火烛",
        "有身份证，有身体检查",
        "咳嗽好几天",
        "指甲痛，甲状腺",
        "给予帮助，似乎被狗咬过，几乎被车撞",
        "什么个情况",
        "前头那里",
        "好婆婆",
        "咖啡，咖喱",
        "好嘞",
        "毛毛雨，毛毛虫",
        "今天毛毛雨，明天毛毛躁躁的",
        "腿上的毛毛很多，身上长了小毛毛，毛毛躁躁",  # fine hair is no baby
        "元宝儿，我的宝贝手机，宝贝儿子，猫崽崽，my baby shark",
        "有喜欢的人，家里有喜事",
        "跳肚皮舞，肚皮上起了疹子，鱼肚儿",
        "小鸟叫，养鸟不出门，泥土，土豆，出土了，折腾死了，遗传，传染，出学校，学生",
        "宝宝包着小被子，宝包得太厚",
        "半边面包，变成瓶子，大肚子",
        "想吃奈雪的茶，楼下头有家药店",  # 吃奈 / 下头 only as typo and regional words
        "具体问一下，耳稳定性训练，这个包包3天到货",  # 体问 / 耳稳 / 包包 only before a reading or an age
        "翻了一倍儿，倍儿棒",  # 倍儿 only before a symptom
        "如今个人信息，打碎娃娃，气得背过气去",  # 今个 / 碎娃 / 背过气 are left out of the table
        "胳膊肘，脚后跟，半夜里",
        "他终于打开心门鼓起勇气，短信门事件",  # 心门 / 信门 only as a baby's or told bulging
    ],
)
def test_the_regional_table_leaves_mandarin_alone(text: str) -> None:
    """Each guarded entry of the table next to the Mandarin word it must not touch."""
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

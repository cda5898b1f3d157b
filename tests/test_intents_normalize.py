from intents.normalize import cn_to_number, normalize, normalize_text


def test_traditional_to_simplified():
    assert normalize_text("發燒頭痛，醫生說要檢查") == "发烧头痛,医生说要检查"


def test_full_width_and_case():
    assert normalize_text("ＡＢＣ３８．５℃") == "abc38.5度"


def test_chinese_numerals_with_units():
    assert normalize_text("发烧三十八度五") == "发烧38.5度"
    assert normalize_text("宝宝两岁") == "宝宝2岁"
    assert normalize_text("三个月大") == "3个月大"
    assert normalize_text("三月五号") == "3月5号"
    assert normalize_text("体温39度2") == "体温39.2度"


def test_numerals_without_units_keep_their_meaning():
    assert normalize_text("一直咳嗽一点点") == "一直咳嗽一点点"
    assert normalize_text("下周三下午") == "下周三下午"
    assert normalize_text("十分难受") == "十分难受"


def test_cn_to_number():
    assert cn_to_number("三十八") == 38
    assert cn_to_number("一百零五") == 105
    assert cn_to_number("十五") == 15
    assert cn_to_number("三点五") == 3.5
    assert cn_to_number("七八") is None  # a range, not a number


def test_spans_map_back_to_original():
    text = "我妈发烧三十八度五两天了"
    norm = normalize(text)
    i = norm.text.index("38.5度")
    start, end = norm.span(i, i + len("38.5度"))
    assert text[start:end] == "三十八度五"

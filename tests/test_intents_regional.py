"""Emergencies told in regional speech are flagged, and ordinary regional questions are
not (end to end: intents.parse, so the glossary in knowledge/dialect.yml, the red-flag
catalogue and the emergency classifier all take part).

The sentences were written for this table from knowledge of the varieties, before the
glossary entries they exercise; they are not taken from any evaluation set."""

import pytest

import intents

# (region, sentence): each must be flagged as an emergency
EMERGENCIES = [
    # ---- Cantonese (Guangdong, Hong Kong style traditional characters too)
    ("yue", "我阿媽頭先食多咗好多粒安眠藥，而家好眼瞓，叫極都唔醒"),
    ("yue", "我老婆有咗三十四周，穿咗水"),
    ("yue", "阿爺突然講嘢唔清楚，個嘴歪埋一邊，右手冇晒力"),
    ("yue", "我老豆心口好痛，痛到出晒冷汗，成個人好似冇氣咁"),
    ("yue", "個BB得兩個月大，發燒三十八度半"),
    ("yue", "佢喺樓梯跌低撞親個頭，而家嘔咗幾次，好眼瞓"),
    ("yue", "我個仔俾狗咬親，血流唔停"),
    ("yue", "阿嫲唔識得醒，點叫都冇反應"),
    ("yue", "我唔想生存落去喇，好想死"),
    ("yue", "細路仔飲咗半樽漂白水"),
    ("yue", "阿公屙咗好多黑色嘅屎，又嘔血"),
    ("yue", "個女食完蝦成身起晒風癩，喉嚨好緊，唞唔到氣"),
    ("yue", "我老婆大肚七個月，下面流好多血"),
    ("yue", "細路發羊吊，口吐白泡，成身硬晒"),
    ("yue", "阿伯俾電電親，而家冇晒反應"),
    ("yue", "我老公喺地盤跌落嚟，腳骨斷咗，骨頭戳咗出嚟"),
    ("yue", "細路俾滾水淥親半邊身，起晒水泡"),
    ("yue", "阿妹鎅咗手腕，流咗好多血"),
    ("yue", "阿爸突然暈低咗，冇咗脈搏"),
    ("yue", "BB啱啱出世十日，成身好熱，唔肯食奶"),
    ("yue", "我個心好似俾人揸住咁痛，唞氣都痛"),
    # ---- Southwest Mandarin (Sichuan, Chongqing, Guizhou)
    ("southwest", "我老汉儿胸口痛得遭不住，汗水长流"),
    ("southwest", "幺儿误吃了耗子药"),
    ("southwest", "我妈喊不醒了，嘴巴都歪起了"),
    ("southwest", "幺儿从楼上扑爬下来，脑壳在流血，喊他都不答应"),
    ("southwest", "我婆婆遭蛇咬了，脚杆肿得好凶"),
    ("southwest", "娃娃烧得滚烫，一直在扯风，眼睛往上翻"),
    ("southwest", "我屋头那个喝了敌敌畏"),
    ("southwest", "老汉儿出气不赢，嘴皮都乌了"),
    ("southwest", "我老汉儿屙的屎是黑的，还吐了好多血"),
    # ---- Northeastern
    ("northeast", "俺爸心口窝贼拉疼，脑门子直冒虚汗"),
    ("northeast", "我家老爷子突然嘴歪眼斜，哈喇子直淌，半拉身子不好使了"),
    ("northeast", "孩子抽风了，翻白眼，叫也不吱声"),
    ("northeast", "我对象喝了一瓶百草枯"),
    ("northeast", "老太太卡了一跤，后脑勺磕了，现在迷迷瞪瞪的，还吐了"),
    ("northeast", "一家人让煤烟子熏着了，头迷糊，直恶心"),
    ("northeast", "大小子让车给撞了，腿折了，骨头茬子都露出来了"),
    # ---- Henan, Shandong, Hebei
    ("north", "俺娘晌午晕过去了，到这会儿还叫不应"),
    ("north", "俺媳妇怀孩子八个月了，肚子疼得厉害，下边见红了"),
    ("north", "俺爹说话不利索了，一边胳膊抬不起来"),
    ("north", "俺孩儿才四十天，烧得滚烫"),
    ("north", "俺哥喝农药了，嘴里一股蒜味"),
    ("north", "俺家小妮儿吃花生米卡住了，脸都憋紫了"),
    ("north", "心里头憋得慌，喘不上气来，嘴唇发乌"),
    # ---- Wu (Shanghai, Zhejiang)
    ("wu", "阿拉姆妈心口头痛煞了，冷汗出了一身"),
    ("wu", "阿拉爷叔跌了一跤，头颈动勿了，手脚呒没知觉"),
    ("wu", "小囡吃了一把药片，现在困过去叫勿醒"),
    ("wu", "伊透勿过气来，嘴唇发紫"),
    ("wu", "我老婆怀孕七个月，肚皮痛煞，下头出血"),
    ("wu", "阿爹一只面孔歪脱了，讲闲话讲勿清爽"),
    # ---- Min (Hokkien, Teochew, Taiwan)
    ("min", "阮老爸胸坎真痛，凊汗一直流"),
    ("min", "阿嬷跋倒，头壳撞着，这马叫袂醒"),
    ("min", "囝仔食着农药"),
    ("min", "阿公喘袂过气，喙唇黑青"),
    ("min", "囝仔发烧，规身躯咧抽，目睭反白"),
    # ---- Hakka
    ("hakka", "𠊎阿姆头那痛到爆，讲话讲毋清"),
    ("hakka", "佢食撇一樽药，今下喊毋醒"),
    ("hakka", "细人仔跌落河，救上来冇气了"),
    # ---- Xiang (Hunan)
    ("xiang", "我娭毑跶哒一跤，脑壳出血，喊不应哒"),
    ("xiang", "我爷老子胸口痛得要死，冒冷汗"),
    ("xiang", "细伢子喝哒农药"),
    ("xiang", "堂客怀起八个月哒，肚子痛，见红哒"),
    # ---- internet and pinyin-IME spellings
    ("typo", "宝宝2个月，发shao38度8"),
    ("typo", "胸口好疼，chuan不过气，出了一身冷汗"),
    ("typo", "我想紫砂，药都准备好了"),
    ("typo", "老妈突然说话不清楚，嘴歪，肿么办"),
    # ---- a second batch, on the vocabulary of the brief (still before the glossary)
    ("yue", "阿爺成個人暈陀陀，講嘢口齒唔清，半邊身唔郁得"),
    ("yue", "我老公食咗成板安眠藥，而家冇晒知覺"),
    ("yue", "個細蚊仔吞咗個硬幣，卡住喉嚨，塊面發紫"),
    ("yue", "BB仔得六個禮拜，發緊燒"),
    ("yue", "老婆有咗BB七個月，啱啱穿咗水"),
    ("yue", "阿媽喺廁所跌低咗，冇晒反應"),
    ("yue", "阿爸撞親個頭，耳仔流血"),
    ("yue", "我好想死，唔想再捱落去"),
    ("yue", "佢俾毒蛇咬親隻腳"),
    ("yue", "阿仔發高燒，條頸硬晒，身上有好多紫色嘅點"),
    ("yue", "我老婆生完BB，下面血流唔止"),
    pytest.param(
        "yue",
        "阿嫲屙咗成朝血",
        marks=pytest.mark.xfail(
            strict=True,
            reason="read as 拉了一整个早上血: the catalogue knows 便血/拉血 but not a "
            "duration between 拉 and 血; no glossary entry can reorder the words",
        ),
    ),
    ("southwest", "我老汉儿脑壳痛得要炸，吐了好几回，眼睛看不清了"),
    ("southwest", "娃儿遭开水烫了，半边身子都起泡泡了"),
    ("southwest", "幺妹吃了一板安眠药"),
    ("southwest", "我老汉儿心口痛，痛到背上，一身都是汗"),
    ("southwest", "娃娃呛到了，脸都乌了，咳不出来"),
    ("northeast", "我老伴儿突然一头栽那了，咋招呼都没反应"),
    ("northeast", "孩子让开水烫着了，前胸后背都是泡"),
    ("northeast", "我爸喝大酒了，吐血了，一大口一大口的"),
    ("northeast", "大姑娘吃了一瓶子药，现在迷糊了"),
    ("north", "俺爷嘴歪了，说不成话"),
    ("north", "俺家妮儿叫马蜂蜇了，浑身起疙瘩，喘不动气"),
    ("north", "俺娘心口疼得慌，浑身冒凉汗"),
    ("north", "俺孩儿从床上摔下来，头上起个大包，一直吐，光想睡"),
    ("wu", "阿拉外婆一记头跌倒，叫伊勿答应"),
    ("wu", "小囡发寒热四十度，抽筋抽了老半天"),
    ("wu", "伊吃了一瓶安眠药"),
    ("min", "阮阿母喙歪去，讲话讲袂清楚"),
    ("min", "阿公心肝头真痛，喘袂过来"),
    ("min", "阮囝仔跋落水，捞起来无喘气"),
    ("hakka", "𠊎阿爸心肝头痛，出冷汗"),
    ("xiang", "我爷老子一跤跶倒就冇得反应哒"),
    ("xiang", "细伢子吃哒一板药"),
    ("typo", "我家bb才1个月，fa烧了"),
    ("typo", "老公xin口痛，出冷汗"),
    ("typo", "宝宝被呛到，脸色发zi"),
    # ---- a third batch, written after the first glossary pass as a fresh check
    # (13 of these 15 were flagged before the entries for 成樽, 大肚 + weeks)
    ("yue", "我老豆喺廁所暈低咗，叫極都唔醒"),
    ("yue", "阿媽啱啱食咗成樽降血壓藥"),
    ("yue", "個BB先至一個月，熱到三十八度幾"),
    ("yue", "我老婆大肚三十六周，肚緊緊，下面流水"),
    ("yue", "阿爺講嘢黐脷，半邊面冇晒感覺"),
    ("northeast", "俺爹一头栽那了，嘴丫子歪了"),
    ("southwest", "娃儿遭蜂子叮了，浑身起疙瘩，出气不赢"),
    ("wu", "阿拉姆妈吃了一瓶药水，叫伊勿答应"),
    ("min", "阮阿公跋落去，头壳流血，叫袂醒"),
    ("hakka", "𠊎个细人仔跌落水，今下冇气"),
    ("xiang", "我娭毑吃咖老鼠药"),
    ("typo", "老公xiong口tong，出冷汗"),
    ("yue", "佢俾電單車撞親，腳骨斷咗"),
    ("yue", "阿妹話唔想做人，鎅咗手"),
    ("southwest", "我家毛毛刚满月，烧得滚烫"),
]

# (region, sentence): ordinary questions and mild complaints, no emergency
NOT_EMERGENCIES = [
    ("yue", "我阿媽有啲咳，喉嚨痕，想睇下邊科"),
    ("yue", "阿爺膝頭哥痛咗好耐，行路有啲痛"),
    ("yue", "我老婆有咗三個月，想問產檢喺邊度掛號"),
    ("yue", "佢成日眼瞓，係咪瞓得唔夠"),
    ("yue", "個仔五歲，打完針有啲低燒，三十七度五"),
    ("yue", "頭先跌咗一跤，膝頭擦損咗少少皮"),
    ("yue", "我老豆血壓有啲高，想覆診"),
    ("yue", "頭先食咗兩粒止痛藥，而家好返啲"),
    ("yue", "阿嫲以前中過風，而家想做康復"),
    ("yue", "穿咗耳窿，有啲發炎"),
    ("yue", "唔小心割親手指，流咗少少血，已經止咗"),
    ("yue", "我老婆坐緊月，奶水唔夠，睇邊科好"),
    ("southwest", "娃儿这两天有点咳嗽，莫得发烧"),
    ("southwest", "我脑壳有点昏，昨晚黑没睡好"),
    ("southwest", "老汉儿腰杆痛了好几年了，想看一下"),
    ("northeast", "孩子嗓子有点疼，咋整"),
    ("northeast", "脚脖子崴了一下，有点肿"),
    ("northeast", "我这两天贼困，老打哈欠"),
    ("north", "俺娘胃里不得劲，吃饭不香"),
    ("north", "俺孩儿拉稀两天了，能吃能喝，精神挺好"),
    ("north", "俺媳妇怀孩子五个月了，想建档"),
    ("wu", "阿拉姆妈最近困勿着，想看看毛病"),
    ("wu", "我肚皮有点勿适意，拉了两趟"),
    ("min", "阮阿嬷腰骨痛，欲看骨科"),
    ("min", "囝仔咳嗽三工矣"),
    ("hakka", "𠊎今下有兜头那痛，睡目睡毋落"),
    ("xiang", "我娭毑膝盖痛，走路不方便"),
    ("xiang", "细伢子有点咳，冇得发烧"),
    ("typo", "最近老是失眠，肿么办"),
    ("yue", "生完BB之後成日腰痛"),
]


def _emergency(text: str) -> bool:
    triage = intents.parse(text)["triage"]
    return bool(triage and triage["emergency"])


@pytest.mark.parametrize(("region", "text"), EMERGENCIES)
def test_a_regional_emergency_is_flagged(region: str, text: str) -> None:
    assert _emergency(text), text


@pytest.mark.parametrize(("region", "text"), NOT_EMERGENCIES)
def test_an_ordinary_regional_question_is_not_an_emergency(region: str, text: str) -> None:
    assert not _emergency(text), text


def test_the_table_is_broad() -> None:
    assert len(EMERGENCIES) >= 60 and len(NOT_EMERGENCIES) >= 30
    regions = {row.values[0] if hasattr(row, "values") else row[0] for row in EMERGENCIES}
    assert len(regions) >= 9

"""Emergencies told as a scene or in a record's words rather than by their name: empty
pill packs beside someone who only groans, a drug taken "in large amount" named by its
class, back pain with a stool or urine let go in the pants, a boy seen holding his groin
pale and limping, a small child scalded over two body regions, an eye poked by "something"
or splashed with a "chemical substance", and whom to turn to when wanting to die — each
read by the rules themselves, with look-alikes that must stay calm."""

import pytest

from intents.normalize import safety_text
from intents.redflags import check
from tests.redflag_support import emergency, flagged


def _rules(text: str) -> list[str]:
    """The categories the catalogue's rules alone raise for `text`."""
    return [h.category for h in check(safety_text(text))]


def _raised(text: str, category: str) -> None:
    assert category in _rules(text), (text, _rules(text))
    assert category in flagged(text), (text, flagged(text))


def _calm(text: str) -> None:
    assert not emergency(text), (text, flagged(text))


# ---------------------------------------------------------------- empty packs, barely rousable
@pytest.mark.parametrize(
    "text",
    [
        "我老公躺在沙发上，旁边是空的药瓶，叫他只哼哼",
        "我妈躺在床上，床头好几个空药盒，叫她也叫不太醒",
        "回家发现我爸睡在地上，身边一堆空的药板，迷迷糊糊的",
        "女儿房间里有几个空的药瓶，她人迷迷糊糊的，叫她只会嗯嗯",
        "发现室友倒在床上，地上散着空的锡纸药板，喊他只哼哼两声",
        "老婆在卧室睡着，枕边一个空药瓶，怎么叫都只哼哼",
    ],
)
def test_empty_pill_packs_beside_someone_barely_rousable_are_an_overdose(text: str) -> None:
    _raised(text, "drug_overdose")


@pytest.mark.parametrize(
    "text",
    [
        "药瓶空了，要去哪里再开药？",
        "家里降压药吃完了，空药瓶扔哪里？",
        "空药瓶放在哪里比较安全",
        "宝宝睡着时哼哼几声正常吗",
        "老人睡觉的时候会哼哼",
        "我妈每天晚上吃安眠药，今天有点犯困",
        "我爸空腹吃了药盒里的降压药，有点犯困",
    ],
)
def test_an_empty_pack_or_a_groan_alone_stays_calm(text: str) -> None:
    _calm(text)


# ---------------------------------------------------------------- record style: a drug class
@pytest.mark.parametrize(
    "text",
    [
        "患者自行服用大量镇静催眠药，现嗜睡。",
        "患者自服大量催眠药后嗜睡，家属发现后送来。",
        "患者1小时前服用大量抗精神病药，现反应迟钝。",
        "患者自行口服大量抗癫痫药物，伴恶心。",
        "患者顿服地西泮30片，约2小时前。",
        "患者口服过量对乙酰氨基酚约20片。",
    ],
)
def test_a_large_amount_of_a_drug_named_by_its_class_is_an_overdose(text: str) -> None:
    _raised(text, "drug_overdose")


@pytest.mark.parametrize(
    "text",
    [
        "医生让我服用大量的水",
        "服用大量维生素C有用吗",
        "镇静催眠药的说明书在哪里看",
    ],
)
def test_a_large_amount_of_something_harmless_stays_calm(text: str) -> None:
    _calm(text)


# ---------------------------------------------------------------- back pain, soiled pants
@pytest.mark.parametrize(
    "text",
    [
        "老公腰疼，拉在裤子里了",
        "我爸腰痛了两天，今天大便憋不住，拉到裤子上了",
        "腰椎间盘突出犯了，刚才憋不住大便",
        "我妈腰疼得厉害，尿在裤子里了自己都没察觉",
        "腰疼了三天，今天尿了一裤子",
        "腰痛，早上大便憋不住直接拉出来了",
        "我老公腰突好几年了，今天腰疼加重，还拉了一裤子",
        "腰疼好几天了，今天大便憋不住拉裤子里了",
    ],
)
def test_back_pain_with_a_stool_or_urine_let_go_is_cauda_equina(text: str) -> None:
    _raised(text, "cauda_equina")


@pytest.mark.parametrize(
    "text",
    [
        "孩子拉肚子，拉在裤子里了",
        "腰疼，这两天拉肚子，早上拉在裤子里了",
        "老公腰疼，大便有点憋不住想上厕所，是吃坏了吗",
        "老人腰疼，最近大便有点干",
        "宝宝两岁了还会尿裤子正常吗",
        "腰有点酸，大便不成形",
    ],
)
def test_loose_stools_an_urge_or_no_back_pain_stay_calm(text: str) -> None:
    _calm(text)


# ---------------------------------------------------------------- a boy guarding his groin
@pytest.mark.parametrize(
    "text",
    [
        "儿子一直弯着腰捂着裆部，脸色发白，走路一瘸一拐的，问他也不好意思说",
        "12岁儿子放学回来一直捂着下面，脸色煞白，走路叉着腿",
        "孙子半夜起来捂着裆哭，不肯说哪里不舒服",
        "男孩踢完球回来捂着裤裆，直不起腰，脸色苍白",
        "我家小伙子夹着腿走路，脸色很白还冒冷汗，问他哪里疼也不说",
        "儿子刚才突然捂住裆部蹲在地上，脸发白",
    ],
)
def test_a_boy_seen_holding_his_groin_in_distress_is_a_torsion(text: str) -> None:
    _raised(text, "testicular_torsion")


@pytest.mark.parametrize(
    "text",
    [
        "两岁儿子睡觉喜欢捂着小鸡鸡，正常吗",
        "儿子老是夹着腿走，是不是习惯不好",
        "女儿捂着下面哭，说尿尿疼",
        "儿子捂着肚子说饿了",
    ],
)
def test_a_habit_a_girl_or_a_hungry_boy_stays_calm(text: str) -> None:
    _calm(text)


# ---------------------------------------------------------------- a child scalded over two regions
@pytest.mark.parametrize(
    "text",
    [
        "孩子1岁半，开水烫伤胳膊和胸口",
        "宝宝2岁，被热汤烫到脖子和前胸，起了红",
        "3岁女儿打翻热水壶，烫到了肚子和大腿",
        "儿子4岁，热粥洒了，烫伤胳膊、胸口",
        "孩子8个月，洗澡水太烫，烫到屁股和腿",
    ],
)
def test_a_small_child_scalded_over_two_regions_is_a_major_burn(text: str) -> None:
    _raised(text, "burns")


@pytest.mark.parametrize(
    "text",
    [
        "孩子手指和手背被烫了一下，红了一小块",
        "我胳膊和胸口被开水溅了几滴，有点红",
        "孩子不小心烫到手，一小块红",
    ],
)
def test_one_small_spot_or_a_few_drops_stays_calm(text: str) -> None:
    _calm(text)


# ---------------------------------------------------------------- an eye poked or splashed
@pytest.mark.parametrize(
    "text",
    [
        "眼睛被东西扎了，要去哪个科？",
        "我眼睛被铁丝扎了一下，流眼泪睁不开",
        "孩子眼睛被树枝戳到了，要去医院吗",
        "干活时眼睛被什么东西扎到了，很疼",
        "不知道被什么戳到眼睛了，眼睛睁不开",
        "患者眼部被化学物质溅入。",
        "患者右眼被碱性液体溅入，视物模糊",
        "工人眼部溅入化学试剂",
    ],
)
def test_an_eye_poked_or_splashed_with_a_chemical_is_an_eye_injury(text: str) -> None:
    _raised(text, "eye_injury")


@pytest.mark.parametrize(
    "text",
    [
        "眼睛像被什么扎了一样疼",
        "头发扎到眼睛了，有点红",
        "眼睛有点扎，是不是进沙子了",
        "化学物质溅入眼睛应该怎么急救？",
    ],
)
def test_a_likeness_a_hair_or_a_first_aid_question_stays_calm(text: str) -> None:
    _calm(text)


# ---------------------------------------------------------------- whom to turn to, wanting to die
@pytest.mark.parametrize(
    "text",
    [
        "想死的时候该找谁？",
        "不想活了能打什么热线",
        "活不下去的时候可以找谁聊聊",
        "每天都想死，该挂什么科",
        "我总是有自杀的念头，该找谁帮忙",
        "想自杀的时候怎么熬过去",
        "撑不下去的时候应该向谁求助",
    ],
)
def test_asking_whom_to_turn_to_when_wanting_to_die_is_ideation(text: str) -> None:
    _raised(text, "suicide_self_harm")


@pytest.mark.parametrize(
    "text",
    [
        "抑郁症和自杀有什么关系？",
        "抑郁和想死有什么关系",
        "自杀的人会有什么征兆？",
        "有自杀念头的人会有哪些迹象",
        "怎么预防青少年自杀？",
        "心理咨询该找谁？",
    ],
)
def test_questions_about_suicide_in_general_stay_calm(text: str) -> None:
    _calm(text)

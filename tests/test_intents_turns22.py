"""Development-set misses of D28 (the emergency assembled across turns), read by mechanism.
Readings covered:

- a small fetal count told in a word numeral (才两下, 只有三次: 下 is no unit, so the
  normaliser leaves the numeral as a word) is a count; a push on the belly that the baby
  does not answer (推了推肚子还是不动) is reduced movement.
- several under one roof with the same headache or dizziness (家里人也头疼, 一家人都头晕,
  不是一个人头疼 / 是一家人都这样) is carbon monoxide until shown otherwise — not a cold or a
  fever going round the family, nor a family trait (偏头痛, 遗传).
- a correction told over two turns (不是饮料 / 是瓶子里装的百草枯) is read as one sentence;
  the thing taken back tells the act (a drink was drunk, a sweet swallowed, a lick is an
  animal's), the thing named second is what it was — not a thing only described (这个不是
  糖，是电池).
- a person out past the window or the railing, told as no joke or with a jump, is a
  suicide attempt under way; someone standing outside the window calling in is not.
- a pain gone told with the skin unblistered (皮肤没起泡，也不疼了) is a shallow burn's
  relief, not a deep burn's numbness.
- insulin care told with the glucose in control (血糖稳定) and no sign is no hypoglycaemia.

Sentences written for this file."""

import pytest
from redflag_support import flagged_case

FETAL_FLAGGED = [
    ["胎动怎么数", "我数了两个小时", "才两下，平时很多的"],
    "怀孕34周，胎动今天一上午就两下",
    "孕32周，数了1个小时胎动，只有三次",
    ["我怀孕八个月了", "今天胎动很少", "晚饭后数了一个小时才一下"],
    ["以为宝宝睡了，没当回事", "晚上吃完饭推了推肚子还是不动"],
    "怀孕36周，拍了拍肚子宝宝也没动",
    ["宝宝一下午没怎么踢我", "推推肚子还是不动"],
    "孕30周，晃了晃肚子还是没动",
]

FETAL_CALM = [
    ["胎动怎么数", "我数了两个小时", "有十几下"],
    "孩子打了他两下",
    "怀孕30周，推了推肚子宝宝就踢我了，动得很欢",
]

CO_FLAGGED = [
    ["我头疼", "早上起来", "家里人也头疼"],
    ["不对", "不是一个人头疼", "是一家人都这样"],
    "早上起来一家人都头晕",
    "我和老公早上起来都头疼得厉害",
    "我们家几个人早上起来都头疼",
    ["妈妈说头晕想吐", "我们全家都头晕"],
]

CO_CALM = [
    "我头疼，家里人也头疼，都感冒了流鼻涕",
    "家里人也头疼过，吃了药好了",
    "我经常头疼，家里人也经常头疼，是不是遗传",
    "偏头痛会遗传吗？我们家里人都头疼",
    "我们全家都感冒了，头疼流鼻涕",
    "这不是一个人头疼的问题",
]

CORRECTED_FLAGGED = [
    ["不对", "不是饮料", "是瓶子里装的百草枯"],
    ["孩子喝了东西", "不是饮料", "是瓶子里装的百草枯"],
    "孩子喝的不是水，是敌敌畏",
    ["不对", "不是水", "是农药"],
    ["不对", "不是糖", "是那种小圆电池"],
    ["不是糖", "是遥控器里的纽扣电池"],
    ["不对", "不是舔", "是咬，出血了"],
    ["不是舔", "是抓的，抓破了"],
]

CORRECTED_CALM = [
    "这个不是糖，是电池，别让孩子拿",
    "这不是饮料，是百草枯，放高一点",
    "不是舔，是咬，没破皮",
    ["是的", "是饮料"],
]

LEDGE_FLAGGED = [
    ["不对", "不是开玩笑", "她站在窗户外面了"],
    ["我老婆说要跳楼", "我以为她开玩笑", "她现在爬到窗户外面了"],
    "他翻过阳台栏杆了，说要跳",
    ["儿子说不想活了", "现在站在窗户外面"],
    "不是闹着玩，我女儿坐在楼顶边上",
]

LEDGE_CALM = [
    "她站在窗户外面喊我吃饭",
    "工人站在窗户外面擦玻璃，不是开玩笑，很危险",
    "不是开玩笑，我朋友站在窗户外面等我",
]

BURN_FLAGGED = [
    "孩子被开水烫了，皮肤发白，不疼了",
    "被热油烫了，没起泡，但是皮肤发白不疼了",
    "烫伤的地方发黑，不疼了",
]

BURN_CALM = [
    "被烫了一下，皮肤没起泡，也不疼了",
    "开水烫到手，没起泡，现在不疼了",
    "手被锅边烫了一下，只红了一下，不疼了",
]

GLUCOSE_FLAGGED = [
    "糖尿病十年了，平时血糖稳定，今天打了胰岛素没吃饭，浑身冷汗发抖",
    "我爸打胰岛素，血糖一直控制得挺好，刚才突然叫不醒",
    "打胰岛素的，今天出汗手抖心慌",
]

GLUCOSE_CALM = [
    "糖尿病十年了，一直打胰岛素，血糖稳定",
    "我妈打胰岛素五年了，血糖控制得很好",
    "二型糖尿病，打胰岛素，血糖平稳，想开点药",
]

FLAGGED = (
    FETAL_FLAGGED + CO_FLAGGED + CORRECTED_FLAGGED + LEDGE_FLAGGED + BURN_FLAGGED + GLUCOSE_FLAGGED
)
CALM = FETAL_CALM + CO_CALM + CORRECTED_CALM + LEDGE_CALM + BURN_CALM + GLUCOSE_CALM


@pytest.mark.parametrize("case", FLAGGED, ids=str)
def test_flagged(case: str | list[str]) -> None:
    assert flagged_case(case), case


@pytest.mark.parametrize("case", CALM, ids=str)
def test_calm(case: str | list[str]) -> None:
    assert not flagged_case(case), case


@pytest.mark.parametrize(
    ("case", "category"),
    [
        (["胎动怎么数", "我数了两个小时", "才两下，平时很多的"], "reduced_fetal_movement"),
        (
            ["以为宝宝睡了，没当回事", "晚上吃完饭推了推肚子还是不动"],
            "reduced_fetal_movement",
        ),
        (["我头疼", "早上起来", "家里人也头疼"], "carbon_monoxide"),
        (["不对", "不是一个人头疼", "是一家人都这样"], "carbon_monoxide"),
        (["不对", "不是饮料", "是瓶子里装的百草枯"], "chemical_poisoning"),
        (["不对", "不是糖", "是那种小圆电池"], "button_battery"),
        (["不对", "不是舔", "是咬，出血了"], "animal_bite_rabies"),
        (["不对", "不是开玩笑", "她站在窗户外面了"], "suicide_self_harm"),
    ],
    ids=str,
)
def test_category(case: str | list[str], category: str) -> None:
    assert category in flagged_case(case), case

"""Emergencies told plainly by families (voice input, dialect, numbers in words), next to
the calm messages worded like them.  Readings covered:

- the amount of each bout told after their count (咳血3次，每次都有五六十毫升; 咯了两回血，一回
  三十来毫升) is a large haemoptysis — not a syrup's dose (止咳糖浆每次10毫升).
- 信门 / 心门 (homophones) and 卤门 (a folk name) are the fontanelle when told bulging or
  sunken or as a baby's — not 打开心门.
- a baby told by its feeds (吃奶) is who the patient is: a feed refused (还不吃奶) sets no sign
  of the classifier's neonatal danger aside.
- breathing deep and fast with a sweetish breath (一股酸甜味) and a clouded mind is
  ketoacidosis, a diabetes told or not — not a smell of the room or the food.
- Cantonese fever words: 发烧发到震 (rigors), 讲啲乱七八糟嘅嘢 (talking nonsense),
  一搭搭紫 (patches of purple) — fever with a clouded mind or mottled skin is sepsis.
- leaving life by a swallowed means (要吃药走了) with a burden or despair told is suicidal.
- a scald told large in words (面积比较大) is an extensive burn; a first aid told done and
  then whether to go (冲完了要去急诊吗) makes a how-to question a case at hand.
- one-sided pain 下面 found on getting up (早上起来) is an acute scrotum.

Sentences written for this file."""

import pytest
from redflag_support import check, emergency

HAEMOPTYSIS = [
    "外婆79岁，两小时内咳血3次，每次都有五六十毫升",
    "爷爷今天咯了两回血，一回三十来毫升",
    "老爸肺癌，今天咳血好几次，每一次五十多毫升",
    "我妈上午咳了4次血，每回都有40ml左右",
    "奶奶咳血两次，每次大概一百毫升",
]

HAEMOPTYSIS_CALM = [
    "外婆咳痰里有血丝，每次一点点",
    "爷爷咳嗽，止咳糖浆每次10毫升",
    "奶奶咳血3次，每次都是痰里一点血丝，加起来不到5毫升",
]

FONTANELLE = [
    "宝宝发烧，信门鼓起来了，一直哭，吃不下东西，老是吐",
    "孩子发高烧，卤门鼓鼓的，一直吐",
    "娃儿发烧两天，头顶的心门凸出来了，哭个不停",
    "宝宝39度，信门胀胀的，摸着硬，一直哭",
    "孩子拉肚子一天了，信门陷下去了，哭没有眼泪",
]

FONTANELLE_CALM = [
    "宝宝的信门还没闭合正常吗",
    "他终于打开心门鼓起勇气跟我说了",
    "宝宝发烧38度5，信门平平的，精神好，吃奶也好",
]

NEONATAL = [
    "想给宝宝办出院后的随访，他今天黄疸黄到脚底了，还不吃奶",
    "宝宝黄疸黄到手心脚心，也不好好吃奶了",
    "我家娃黄疸，现在全身都黄了，喂奶都不吃",
    "宝宝出生十天，黄疸越来越黄，今天不肯吃奶",
    "孙子黄疸黄到脚心了，喂奶他也不吃",
]

NEONATAL_CALM = [
    "孩子早就不吃奶了，最近脸有点黄",
    "宝宝黄疸退了，吃奶正常，没有发烧",
    "宝宝今天有点不爱吃奶，其他都好",
]

KETOACIDOSIS = [
    "孩子躺在床上呼吸又深又快，一股酸甜味，叫他迷迷糊糊",
    "外婆呼吸又深又急，身上一股甜腻味，人昏昏沉沉的",
    "女儿喘粗气，嘴里一股酸甜的味道，一直犯困，叫不太醒",
    "儿子这两天喘气很重，嘴里有股甜甜的味道，叫半天才醒",
    "老伴呼吸又深又快，呼出来一股酸甜味，问话糊里糊涂的",
]

KETOACIDOSIS_CALM = [
    "宝宝睡得迷迷糊糊的，呼吸很重，屋里一股酸甜味，刚煮了糖醋排骨",
    "孩子跑完步呼吸又深又快，一股酸甜味，刚喝了果汁，精神很好",
    "爷爷呼吸很重，有点犯困，厨房一股酸甜味",
]

SEPSIS_YUE = [
    "我阿爸发烧发到震，讲埋啲乱七八糟嘅嘢，对脚一搭搭紫咗",
    "阿妈发高烧，讲啲乱七八糟嘅嘢",
    "我爸发烧39度，一直说些乱七八糟的话",
    "阿嫲发烧，对手对脚一搭搭紫咗",
    "阿爷发烧发到震，对脚一搭搭紫咗，冇乜反应",
]

SEPSIS_YUE_CALM = [
    "他讲了一堆乱七八糟的东西，我听不懂，想挂个号",
    "阿妈细个嗰阵发烧，而家冇事",
    "屋企啲嘢乱七八糟，想问下点样预约体检",
]

SUICIDE = [
    "我老妈说她要吃药走了，不想拖累我们",
    "爷爷说干脆吞安眠药走掉，不想再拖累儿女",
    "外婆跟我说想喝农药走了算了，活着是个负担",
    "我爸说他想吃一瓶药走了，活着没意思",
    "奶奶说她要喝药走了，没有我你们会更好",
]

SUICIDE_CALM = [
    "奶奶说要记得吃降压药，不想拖累我们",
    "外公吃完药走了，说不用麻烦我们",
    "我妈吃了药就走了，去菜市场买菜",
]

BURN_OR_SPLASH = [
    "烫伤面积比较大该怎么处理？要马上去烧伤科吗",
    "我爸被开水烫了，面积挺大，起了好多泡",
    "孩子腿上烫伤面积很大，怎么办",
    "化学品溅到眼睛里，应该怎么冲洗？冲完了要去急诊吗",
    "孩子眼睛溅进了洗洁精，怎么冲？冲好了还要去医院吗",
    "石灰掉进眼睛里了，用清水冲洗多久？冲完要去眼科吗",
]

BURN_OR_SPLASH_CALM = [
    "化学品溅到眼睛里应该怎么处理？",
    "万一洗洁精溅到眼睛里，冲完了要去医院吗",
    "手指被烫了一下，面积不大，冲了凉水好多了",
    "烫伤面积大不大怎么判断？",
]

SCROTUM = [
    "我十五岁，早上起来下面右边有点疼，还挺疼的，不好意思跟家里说，会自己好吗",
    "儿子16岁，早上起来说下面左边疼，走路都别扭",
    "我13岁，今天早上一起来蛋蛋疼",
    "孙子17岁，早上起床下面一边疼，不敢跟我们说",
    "我儿子十四，早上一起来就说右边蛋蛋疼",
]

SCROTUM_CALM = [
    "我儿子上周早上起来说下面一边有点疼，下午就不疼了，现在都好了",
    "我十五岁，起床的时候膝盖右边有点疼",
    "早上起来腰有点疼",
]


@pytest.mark.parametrize("text", HAEMOPTYSIS)
def test_each_bouts_amount_after_their_count_is_a_large_haemoptysis(text: str) -> None:
    check(text, "haemoptysis")


@pytest.mark.parametrize("text", FONTANELLE)
def test_fontanelle_homophones_are_read_as_the_fontanelle(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", NEONATAL)
def test_a_refused_feed_still_tells_a_baby(text: str) -> None:
    check(text, "neonatal_danger")


@pytest.mark.parametrize("text", KETOACIDOSIS)
def test_deep_fast_breathing_with_a_sweet_breath_and_a_clouded_mind_is_ketoacidosis(
    text: str,
) -> None:
    check(text, "dka")


@pytest.mark.parametrize("text", SEPSIS_YUE)
def test_fever_with_nonsense_talk_or_purple_patches_is_sepsis(text: str) -> None:
    check(text, "sepsis")


@pytest.mark.parametrize("text", SUICIDE)
def test_leaving_life_by_a_swallowed_means_with_a_burden_is_suicidal(text: str) -> None:
    check(text, "suicide_self_harm")


@pytest.mark.parametrize("text", BURN_OR_SPLASH)
def test_a_large_scald_or_a_splash_being_rinsed_is_an_emergency(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", SCROTUM)
def test_one_sided_pain_down_there_on_getting_up_is_an_acute_scrotum(text: str) -> None:
    check(text, "testicular_torsion")


@pytest.mark.parametrize(
    "text",
    HAEMOPTYSIS_CALM
    + FONTANELLE_CALM
    + NEONATAL_CALM
    + KETOACIDOSIS_CALM
    + SEPSIS_YUE_CALM
    + SUICIDE_CALM
    + BURN_OR_SPLASH_CALM
    + SCROTUM_CALM,
)
def test_the_look_alikes_stay_calm(text: str) -> None:
    assert not emergency(text), text

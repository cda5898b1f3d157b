"""Emergencies told tersely, by voice, and played down, next to calm look-alikes.  Readings
covered:

- a flight just ended (飞机下来, 刚下飞机) is the long sitting of a journey: with chest pain,
  blood coughed or breathlessness, a pulmonary embolism.
- a small hard thing swallowed (吞硬币, 吞了颗花生) with a sign of a blocked airway (憋气,
  脸紫) is an obstruction; swallowed with none stays calm.
- a period told as coming hard (月经猛) with the dark eyes of standing (站起来眼黑) is a heavy
  bleeding with its systemic signs.
- 人昏了 is a person gone out (an engine running in a garage: carbon monoxide); 头昏了 is no
  faint.
- a collapse in the heat told bare (太阳下干活倒了, 人倒了) is a heat stroke.
- a building fallen on a person (房子塌了压着人) is a crush.
- a plainly high pressure (血压高) with a headache after a birth is a postpartum
  pre-eclampsia; a high pressure alone after a birth, or a headache in a pregnancy's first
  weeks, is no emergency by this reading.
- the cord named felt or seen below (下面摸到脐带) is a prolapse; a newborn's cord stump is
  not.
- a count of movements told with 小时 bare and the number in words (2小时才动三下) is reduced
  fetal movement.
- breathing fast (呼吸快) beside thirst, much urine and vomiting is ketoacidosis.
- a child told by 娃 lying still in a bath (娃在澡盆里 没动静) is a drowning.
- a chest drawn in at each breath told by its hollow (胸口吸进去一个窝) is severe
  breathlessness, even after 可能我想多了.
- 就是 opening a clause after an all-clear (哭完就好了 就是吐了两次) is the spoken 只是: the
  one thing not over.
- double sight come on suddenly (看我有两个头，是突然的) is a sudden eye sign (BE-FAST).
- a bare count of days of four weeks or more opening a terse message (50天 烧到38度6) is the
  baby's age; 3天 发烧 is how long, and a count with a period or a pregnancy is no baby.

Sentences written for this file."""

import pytest
from redflag_support import emergency, flagged_case

FLIGHT_PE = [
    ("飞机下来胸口疼还咳血", "pulmonary_embolism"),
    ("刚下飞机 胸痛 喘不上气", "pulmonary_embolism"),
    ("我妈下了飞机就胸口痛 咯血", "pulmonary_embolism"),
    ("从国外飞回来 飞机下来胸痛", "pulmonary_embolism"),
    ("老公飞机上下来就喘 胸痛", "pulmonary_embolism"),
    ("下飞机后咳血 胸口痛", "pulmonary_embolism"),
]
FLIGHT_CALM = [
    "下飞机后有点累 想睡觉",
    "飞机下来耳朵有点闷",
    "刚下飞机 倒时差睡不着",
]

SWALLOWED_BLOCKED = [
    ("宝宝吞硬币憋气", "airway_obstruction"),
    ("孩子吞了颗花生 憋得脸紫", "airway_obstruction"),
    ("孙子吞了个珠子 喘不上气", "airway_obstruction"),
    ("娃吞了硬币 哭不出声", "airway_obstruction"),
    ("老人吞了枣 说不出话", "airway_obstruction"),
]
SWALLOWED_CALM = [
    "孩子前天吞了硬币 拍片说已经排出来了",
    "游泳的时候憋气憋久了有点头晕",
]

PERIOD_HARD = [
    ("月经猛 站起来眼黑", "heavy_vaginal_bleeding"),
    ("例假来得好猛 眼前一阵黑", "heavy_vaginal_bleeding"),
    ("大姨妈特别猛 站起来眼发黑", "heavy_vaginal_bleeding"),
    ("这次月经量猛 人发虚", "heavy_vaginal_bleeding"),
    ("月经很猛 头晕 心慌", "heavy_vaginal_bleeding"),
]
PERIOD_CALM = [
    "月经第一天量有点多 其他都好",
    "蹲久了站起来眼黑 一会就好",
]

OUT_COLD = [
    ("车库里车开着人昏了", "carbon_monoxide"),
    ("车库里车没熄火 我爸人昏了", "carbon_monoxide"),
    ("烧炭取暖 人昏了", "carbon_monoxide"),
    ("太阳下干活倒了", "heat_stroke"),
    ("大热天地里干活 人倒了", "heat_stroke"),
    ("工地上干活一下倒了 天太热", "heat_stroke"),
    ("三伏天割稻子 干活倒下了", "heat_stroke"),
]
OUT_COLD_CALM = [
    "看书看得头昏了",
    "太阳下干活 有点累 喝了水好多了",
    "地里的玉米被风吹倒了",
]

CRUSH = [
    ("邻居家房子塌了压着人了刚拉出来腿是软的", "major_trauma"),
    ("老房子塌了 压着我爸", "major_trauma"),
    ("墙塌下来压住人了", "major_trauma"),
    ("棚子塌了 人被压住", "major_trauma"),
    ("屋顶塌了 压在里面", "major_trauma"),
]
CRUSH_CALM = [
    "邻居家老房子塌了 幸好没人在里面",
    "买房子压力大 睡不着",
]

POSTPARTUM_PRESSURE = [
    ("产后头痛血压高", "preeclampsia"),
    ("生完孩子一周 头疼 血压高", "preeclampsia"),
    ("生完二胎五天 头痛得厉害 血压偏高", "preeclampsia"),
    ("坐月子 头痛 血压有点高", "preeclampsia"),
    ("生完三天了 今天头疼 血压上来了", "preeclampsia"),
]
POSTPARTUM_CALM = [
    "产后多久可以吃降压药",
    "我爸头痛 血压一直有点高 多年了",
]

CORD = [
    ("下面摸到脐带", "ruptured_membranes"),
    ("我老婆下面摸着脐带了", "ruptured_membranes"),
    ("阴道里摸到脐带", "ruptured_membranes"),
    ("快生了 下面摸到脐带", "ruptured_membranes"),
    ("脐带脱垂了怎么办 现在就是", "ruptured_membranes"),
]
CORD_CALM = [
    "宝宝脐带还没掉 有点湿",
    "新生儿脐带怎么护理",
]

FETAL_COUNT = [
    ("两小时才动三下", "reduced_fetal_movement"),
    ("怀孕32周 2小时才动两下", "reduced_fetal_movement"),
    ("数了一下 三小时只动两下", "reduced_fetal_movement"),
    ("孕36周 两小时就动一下", "reduced_fetal_movement"),
    ("宝宝在肚子里两小时才动三次", "reduced_fetal_movement"),
]
FETAL_COUNT_CALM = [
    "手术后两小时才动了几下腿 医生说正常",
]

DKA_FAST = [
    ("口干尿多 吐 呼吸快", "dka"),
    ("糖尿病 吐了好几次 呼吸快", "dka"),
    ("孩子老喝水尿多 今天吐 呼吸快", "dka"),
    ("血糖高 喘气特别快", "dka"),
    ("尿多口渴 吐 喘气快", "dka"),
]
DKA_CALM = [
    "跑完步呼吸快 正常吗",
    "夏天口干 喝水多",
]

BATH_STILL = [
    ("娃在澡盆里 没动静", "drowning"),
    ("娃娃在浴缸里一动不动", "drowning"),
    ("囡在澡盆里趴着不动", "drowning"),
    ("孩子在水池里 没动静", "drowning"),
    ("崽在浴盆里 没动静了", "drowning"),
]
BATH_CALM = [
    "娃在澡盆里玩水 可开心了",
    "娃洗完澡睡着了",
]

INDRAWN = [
    ("可能我想多了 宝宝一岁 喘气很快 胸口吸进去一个窝 还哼哼", "severe_breathlessness"),
    ("孩子喘 胸口一吸一个坑", "severe_breathlessness"),
    ("宝宝两岁 喘得厉害 肋骨那吸进去", "severe_breathlessness"),
    ("我儿子呼吸的时候胸口吸进去一个坑", "severe_breathlessness"),
    ("奶奶喘气 锁骨吸进去", "severe_breathlessness"),
]
INDRAWN_CALM = [
    "宝宝胸口有个小窝 天生的 医生说是漏斗胸",
    "深呼吸的时候肚子吸进去",
]

ONLY_THAT = [
    ("可能没事 孩子从床上掉下来 哭完就好了 就是吐了两次 要不要观察", "head_injury"),
    ("宝宝从沙发上摔下来磕到头 哄好了 就是吐了三次", "head_injury"),
    ("孩子摔了 头磕了 哭一会就好了 就是一直想睡", "head_injury"),
    ("女儿从床上摔下来 当时就好了 就是后来吐了", "head_injury"),
]
ONLY_THAT_CALM = [
    "孩子从床上掉下来 哭完就好了 就是头上鼓了个小包",
    "孩子从床上掉下来 哭完就好了 吃喝玩都正常",
    "吐了两次都是吃的东西，没有血，没有咖啡色的，就是有点恶心",
]

DOUBLE_SUDDEN = [
    (["我爸说眼睛不舒服", "他说看我有两个头", "是突然的 之前一直好好的"], "sudden_vision_loss"),
    ("突然看东西重影", "sudden_vision_loss"),
    ("我妈刚才突然看我有两个头", "sudden_vision_loss"),
    ("奶奶看东西突然是双的", "sudden_vision_loss"),
    ("爷爷一下子看东西两个", "sudden_vision_loss"),
]
DOUBLE_CALM = [
    "看东西一直有点模糊 好几年了 想配眼镜",
    "眼镜度数不对 看东西有点重影 好几个月了",
]

BARE_DAYS = [
    ("50天 烧到38度6", "infant_fever"),
    ("40天 发烧38.2", "infant_fever"),
    ("45天 体温38.4", "infant_fever"),
    ("60天 烧到38度5", "infant_fever"),
    ("35天，体温38.3", "infant_fever"),
]
BARE_DAYS_CALM = [
    "3天 发烧38.5 吃了药退了一点",
    "200天 发烧38度 精神好",
    "50天没来月经 发烧37度",
]

FLAGGED = (
    FLIGHT_PE
    + SWALLOWED_BLOCKED
    + PERIOD_HARD
    + OUT_COLD
    + CRUSH
    + POSTPARTUM_PRESSURE
    + CORD
    + FETAL_COUNT
    + DKA_FAST
    + BATH_STILL
    + INDRAWN
    + ONLY_THAT
    + DOUBLE_SUDDEN
    + BARE_DAYS
)
CALM = (
    FLIGHT_CALM
    + SWALLOWED_CALM
    + PERIOD_CALM
    + OUT_COLD_CALM
    + CRUSH_CALM
    + POSTPARTUM_CALM
    + CORD_CALM
    + FETAL_COUNT_CALM
    + DKA_CALM
    + BATH_CALM
    + INDRAWN_CALM
    + ONLY_THAT_CALM
    + DOUBLE_CALM
    + BARE_DAYS_CALM
)


@pytest.mark.parametrize(("text", "category"), FLAGGED)
def test_terse_emergency_flagged(text: str | list[str], category: str) -> None:
    got = flagged_case(text)
    assert category in got, (text, got)


@pytest.mark.parametrize("text", CALM)
def test_terse_look_alike_stays_calm(text: str) -> None:
    assert not emergency(text), text

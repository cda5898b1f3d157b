"""Emergencies told beside words that make them read as past, mild, denied, asked about
or a relative's say-so, and the calm look-alikes of each mechanism (our own wordings):

- a past time after 比 is a measure of today's sign (量比上次大), not a story of then;
- the colloquial signs of blood loss (心怦怦跳, 脸色很白, 走路打晃, 叫半天才应);
- a volume told as a range of hundreds (两三百毫升);
- "not A but B" (不是吞了弹珠，是纽扣电池) denies the thing, not the swallowing;
- a fuel burnt with words between (烧了一宿的煤);
- a question about an act, then the act told as tonight's with its object left out;
- a lay person's "that is normal" that the sentence turns against;
- a wound deep by any degree word (伤得挺深);
- bleeding that starts again whenever the pressure is let go (一松手就往外涌);
- a pool of blood wherever she sits;
- not a drop told a clause after the urine it counts, with a swelling belly;
- and, for the look-alikes: a threshold question (多久…就要去医院), "what are its
  signs", "which ward usually", a device or a machine, a goldfish, a fading dye and the
  bill of a stay.
"""

import pytest
from redflag_support import flagged_case

from intents import redflags
from intents.normalize import safety_text

# each caught by the rules themselves (the classifier is not asked)
CAUGHT = [
    ("上个月吐过一回血，这几天又拉黑便，拉得比上次多，一起身就心慌", "melaena"),
    ("她说是吃了补铁的药，可大便黑亮黑亮的，人走路直打晃", "melaena"),
    ("老公喝完酒吐了两回，一共两三百毫升，颜色暗红", "haematemesis"),
    ("不是吞了弹珠，是一颗纽扣电池，他现在一直流口水", "button_battery"),
    ("昨晚屋里烧了半宿的炭，早上起来一家人都头晕恶心", "carbon_monoxide"),
    ("胰岛素要是多打了一次会怎样？我妈今晚好像打重了，现在一身冷汗", "drug_overdose"),
    ("奶奶说小孩蛋蛋疼很正常，可儿子疼得打滚，一边肿起来了", "testicular_torsion"),
    ("小腿被碎玻璃划了，伤得挺深，在冒血", "uncontrolled_bleeding"),
    ("手指被切到了，压着的时候好点，一松手就又冒出来", "uncontrolled_bleeding"),
    ("我老婆坐过的椅子上一大滩血，人晃晃悠悠的", "heavy_vaginal_bleeding"),
    (
        "护士说多喝水就能尿，可我爷爷喝了三大杯，还是一滴也没有，肚子越憋越大",
        "acute_urinary_retention",
    ),
    ("热射病是什么表现？我爸在工地晒了一天，现在叫不醒，身上滚烫", "heat_stroke"),
]

CALM = [
    "上次拉黑便的时候头晕，这次比上次好多了，大便已经黄了",
    "吃了补铁药，大便发黑，人精神挺好",
    "宝宝一天喝奶七八百毫升，正常吗",
    "不是吞了电池，是电池掉进沙发缝里了",
    "老家烧了一冬天的煤，想问问烟囱多久清一次",
    "胰岛素要是多打了一次会怎样？我现在血糖6点多，就是问问",
    "医生说孩子蛋蛋偶尔疼一下很正常，现在已经不疼了",
    "膝盖擦破了点皮，不深，血已经止住了",
    "按了十分钟，松手以后不流血了",
    "公交车座位上有一摊血，坐之前没注意，会不会传染",
    "宝宝尿了好几次，汗一滴都没有，吃完奶肚子鼓鼓的",
    "流鼻血压多久还止不住就得去医院",
    "心梗是什么表现，家里要备什么药",
    "骨折一般是挂骨科还是急诊外科？",
    "监控摄像头突然一片黑，是不是断电了",
    "冰箱压缩机呼哧呼哧喘得厉害，是坏了吗",
    "热水器好像被电烧了，找谁修？",
    "我家金鱼浮在水面张着嘴，像喘不过气",
    "新买的红裤子一洗就掉色，水都是红的",
    "车祸住院的发票怎么报销？",
]


@pytest.mark.parametrize(("text", "category"), CAUGHT)
def test_hard_wordings_are_caught_by_the_rules(text, category):
    got = [f.category for f in redflags.assess(safety_text(text)).flags]
    assert category in got, (text, got)


@pytest.mark.parametrize("case", CALM)
def test_hard_wording_lookalikes_stay_calm(case):
    got = flagged_case(case)
    assert not got, (case, got)

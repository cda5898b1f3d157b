"""Words of a scene that carry the sign: a heated kang or a coal boiler in the room, a
carbon-monoxide alarm that keeps sounding, a repair job during which someone was shocked,
a vomit that turns to "一大口红的" (not 口红, lipstick), vitamins "里面有铁", a fever
with an old woman who no longer answers when called, white lips with black stools, a
transplant patient's fever, a fall with a sore neck and numb hands, and a first-aid
question whether to go to hospital.  Emergencies in our own wordings and the
look-alikes that must stay calm."""

import pytest

from tests.redflag_support import flagged


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("烧炕的屋子里老两口都起不来了", "carbon_monoxide"),
        ("家里烧土暖气，早上起来全家都头疼想吐", "carbon_monoxide"),
        ("东北农村，火炕烧了一晚上，我妈早上头晕得站不住，吐了", "carbon_monoxide"),
        ("家里的一氧化碳报警器一直在叫，老婆头晕想吐", "carbon_monoxide"),
        ("报警器滴滴滴地响个不停，我头晕", "carbon_monoxide"),
        ("维修时触电了，手上有个黑洞，人有点恍惚", "electric_injury"),
        ("我在维修电路的时候被电了一下，手麻到现在", "electric_injury"),
        ("吐出来的东西有血丝，后来是一大口红的", "haematemesis"),
        ("娃把维生素当糖吃了一整瓶，里面有铁", "drug_overdose"),
        ("老太太这两天不吃不喝，一摸滚烫，今天喊也不怎么应了", "sepsis"),
        ("我爸烧了三天，今天叫他不太答应", "sepsis"),
        ("老爹说没事，就是屎有点黑，这几天一直拉，嘴唇都白了", "melaena"),
        ("大概没什么事，大便有点黑，人有点虚", "melaena"),
        ("肾移植的老公发烧38度，尿少", "sepsis"),
        ("我妈肝移植后一直吃他克莫司，今天烧到38.6", "sepsis"),
        ("跌倒后脖子疼，手指发麻", "major_trauma"),
        ("摔倒以后脖子疼，两只手都麻了", "major_trauma"),
        ("跳水时头撞到池底，脖子疼，手脚发麻", "major_trauma"),
        ("我爸骑车被撞了，说脖子疼，胳膊没劲抬不起来", "major_trauma"),
        ("请问眼睛被硫酸溅到了先冲水还是先去医院", "eye_injury"),
        ("被开水烫了一大片，先冲凉水还是先去医院", "burns"),
        ("看见邻居家小孩在泳池里趴着不动", "drowning"),
        ("河里漂着一个人", "drowning"),
        ("孩子在浴缸里一动不动", "drowning"),
        ("我外公尿不出来", "acute_urinary_retention"),
        ("老爷子憋着尿不出来", "acute_urinary_retention"),
        ("宝宝出生第二天，黄疸值十八", "neonatal_danger"),
        ("宝宝五天，胆红素300多", "neonatal_danger"),
        ("出血量估计有五六百毫升，还在流", "uncontrolled_bleeding"),
        ("伤口流了大概400毫升血，还在出血", "uncontrolled_bleeding"),
        ("我奶奶说心里难受得慌，出了一头的汗，胃也不舒服，七十多了", "cardiac_chest_pain"),
        ("我爸有冠心病，说心里不舒服，出冷汗", "cardiac_chest_pain"),
        ("测了下尿里有酮体，四个加，人没劲", "dka"),
        ("酮体试纸变深紫色了，肚子疼", "dka"),
        ("大便发黑发臭，吃过布洛芬一周", "melaena"),
        ("大便发黑，以前有胃溃疡", "melaena"),
        ("我爸肝硬化，今天大便是黑的", "melaena"),
        ("我爸心跳只有三十几下，头晕乏力", "arrhythmia_syncope"),
        ("心跳一分钟才30下", "arrhythmia_syncope"),
        ("老公吃了自己钓的河豚，现在嘴巴和手指发麻", "chemical_poisoning"),
        ("喝了自家泡的药酒，里面有草乌，现在心慌手脚麻", "chemical_poisoning"),
        ("吃完河豚一小时，浑身没劲，说话费劲", "chemical_poisoning"),
    ],
)
def test_a_scene_told_in_its_own_words_is_the_emergency(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "东北老家火炕烧得太热睡不着",
        "躺在炕上头晕",
        "一氧化碳报警器装在哪里好",
        "手机进水了能维修吗",
        "吐了点红的，后来发现是口红",
        "老伴生气了，叫他吃饭也不怎么理我",
        "落枕了脖子疼，手有点麻",
        "颈椎病好多年了，脖子疼手麻",
        "上个月摔了一跤脖子疼，手麻，现在都好了",
        "烫伤后一般要不要去医院",
        "溺水急救先控水还是先做心肺复苏",
        "吃多了维生素C会怎样",
        "泳池里的充气玩具漂着不动",
        "水上乐园的人漂着玩，很开心",
        "鱼缸里的鱼漂在水面不动了",
        "外公前列腺增生多年，一直尿得不太顺畅",
        "我外公以前尿不出来，做了手术现在好了",
        "宝宝出生第五天，黄疸值10",
        "宝宝10天，黄疸值8，吃奶好",
        "上次手术出血300毫升，现在恢复得很好",
        "献血400毫升后有点头晕",
        "奶奶说心里难受，想孙子了",
        "老公失业了心里难受，晚上睡不着",
        "运动完出了一头的汗，心里舒服多了",
        "尿酮体一个加号，没什么不舒服",
        "吃了铁剂大便发黑，以前有胃溃疡",
        "吃布洛芬会不会大便发黑",
        "大便发黑，昨天吃了猪血，在吃阿司匹林",
        "宝宝1个月，心跳一百三十多次",  # 30 inside 130 is no slow heart
        "河豚怎么做才能吃",
        "上周吃了河豚，好吃",
    ],
)
def test_look_alikes_stay_calm(text: str) -> None:
    assert flagged(text) == []

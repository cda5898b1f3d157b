"""Emergencies told by relatives far away or by people in charge of others (a video call
told with a time word, 我妈刚在视频里说…; a trainee taken ill at a class break, 培训课间…;
a coach telling of a pupil, 游泳教练说一个学员…; a nanny calling while the parent is at a
class, 培训班中午休息时，保姆打电话…; a pregnancy told with about, 孕约30周), and the
look-alikes that stay calm: a stranger in a clip, a piece of news or an article
(抖音上那个陌生大爷…的片段, 公众号文章讲外国小孩…), and knowledge asked of no one named
(什么是…, 哪个更严重, 这个说法对不对, 对肝有什么伤害, 为什么有些人…)."""

import pytest

from tests.redflag_support import flagged, flagged_case


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a relative in a video call, a time word between the relative and the video
        ("我妈刚在视频里说右眼突然看不见了，像被黑布挡住", "sudden_vision_loss"),
        ("老公刚刚在视频里说胸口压着疼，满头大汗", "cardiac_chest_pain"),
        ("我爸今天在视频里说话含糊不清，嘴也歪了", "stroke"),
        ("我姐刚才在视频里说喘不上气，嘴唇都紫了", "severe_breathlessness"),
        ("外婆晚上在视频里说头痛得要炸开，从来没这么疼过", "thunderclap_headache"),
        ("我爷爷又在视频里说左眼一下子黑了，什么都看不见", "sudden_vision_loss"),
        # a class or a training told only as the time or place of the event
        ("培训课间一个学员跑到洗手池，咳了几下，池子里一大滩鲜红的血", "haemoptysis"),
        ("培训班休息的时候一个学员突然倒地，叫不醒", "unconsciousness"),
        ("培训课下课时有个同事咳出一大口鲜红的血，还带泡沫", "haemoptysis"),
        (
            "培训班中午休息时，保姆打电话说孩子玩的小玩具里纽扣电池不见了，到处找不到，孩子两岁",
            "button_battery",
        ),
        # a coach or a teacher telling of a pupil in their charge
        ("游泳教练说一个14岁学员在泳池边突然捂着下面喊疼，一侧肿起来了", "testicular_torsion"),
        ("游泳教练说有个学员突然蛋疼得打滚，一边肿了，13岁", "testicular_torsion"),
        ("健身教练说一个学员突然胸口剧痛，出了一身冷汗", "cardiac_chest_pain"),
        ("瑜伽老师说一位学员突然说话不清，右手抬不起来", "stroke"),
        # a pregnancy told with about or nearly (孕约30周, 孕近34周)
        (
            "本超市店长报告：一名孕约30周的收银员在仓库摔倒，随后阴道流血，下腹持续疼痛",
            "pregnancy_bleeding",
        ),
        (
            "人事报告：一名孕约34周的女员工会议中突然阴道流出大量清亮液体，裤子湿透",
            "ruptured_membranes",
        ),
        ("我老婆孕近32周，刚才下面出了好多血", "pregnancy_bleeding"),
        ("我妹孕快36周了，刚才羊水破了，哗哗往下流", "ruptured_membranes"),
        ("店员孕约28周，刚才摔了一跤，肚子疼，下面见红了", "pregnancy_bleeding"),
        # a background note closed by its bracket does not make what follows a history
        (
            "护理站报告：208床赵老（肝硬化病史）半小时内呕吐暗红色血液约300毫升，伴头晕",
            "haematemesis",
        ),
        ("3床王姨（冠心病史）刚才胸口压榨样疼，出了一身冷汗", "cardiac_chest_pain"),
        ("护工说5床李爷爷（胃溃疡病史）刚才吐了一大口鲜血", "haematemesis"),
        # a newborn feeding less and hard to wake, told by a nanny or a carer
        ("也可能就是贪睡吧，育儿嫂说宝宝10天大，今天只吃了两顿，推他也不怎么醒", "neonatal_danger"),
        ("月嫂说宝宝出生12天，今天才吃了三顿，叫不太醒", "neonatal_danger"),
        ("保姆打电话说宝宝8天大，今天只吃了两回奶，怎么弄都弄不醒", "neonatal_danger"),
        # a ligature being tied to a beam, seen by a carer
        ("护士站监控里看到住户赵叔把床单拧成了绳子，正往卫生间门框上系", "suicide_self_harm"),
        ("养老院护工说302的王奶奶把围巾往床头铁架上系，还往脖子上比划", "suicide_self_harm"),
        ("宿管说有个学生把皮带往暖气管上绑，关着门不出来", "suicide_self_harm"),
        # a relative away whose own report names the place they are in stays an emergency
        ("我妈视频里说她在外地旅游，突然胸口剧痛出冷汗", "cardiac_chest_pain"),
        ("我在外地，我妈视频里说她右眼突然看不见了", "sudden_vision_loss"),
    ],
)
def test_an_emergency_told_by_a_relative_or_a_carer_is_read(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        # a stranger in a clip, a piece of news or an article
        "抖音上那个陌生大爷地铁里中风倒地的片段，评论区好多人说要记住口诀",
        "快手上有段外地老人在公园突然倒地抽搐的视频，好多人转",
        "电视上看到一个陌生孩子吃东西噎住，被路人用海姆立克救了",
        "看了段行车记录仪视频，一个陌生骑手摔倒流了好多血，评论都在说怎么止血",
        "看到一篇公众号文章讲外国小孩吞电池烧穿食道，转给了家长群",
        "姑妈在群里转了个外国妈妈在超市破水的视频，大家在聊各自生孩子的事",
        "同事转了条新闻，说外省一家人吃了野蘑菇集体中毒，大家在讨论哪些蘑菇能吃",
        "产前课老师放了一段别的医院的子痫抢救视频，好几个准妈妈都看哭了",
        "刷到一条新闻，外地一个孕妇在路边大出血，看着好揪心",
        # knowledge asked of no one named
        "雷击样头痛很危险，什么是雷击样头痛？",
        "一瓶扑热息痛一次吃下去对肝有什么伤害？",
        "一氧化碳中毒后为什么有些人过几周才出现记忆问题？",
        "为什么酮症酸中毒的人呼吸会有烂苹果味？",
        "碱烧伤和酸烧伤眼睛，哪个更严重？",
        '"干性溺水"这个说法到底对不对？',
        "被蛇咬后用嘴吸毒、绑绳子这些土办法到底行不行？",
        "热射病和普通中暑到底差在哪？",
        "都说孕晚期胎动减少比胎动多更要紧？",
        "什么叫心梗？",
        "中风和脑出血哪个更危险？",
        # a training as a lesson, and cells counted all there
        "培训课上老师讲了咯血和呕血怎么区分",
        "孩子玩遥控器，后盖开了，我数了数纽扣电池，两颗都在",
        "我爸有胃溃疡病史，以前吐过血",
        "我用绳子往门框上系了个晾衣绳，晒被子",
        "这是我最后一次跟他说话，以后再也不理他了",
        "宝宝20天，今天只吃了两顿，睡得很香，一叫就醒，哭声响亮",
    ],
)
def test_a_stranger_in_a_clip_or_a_general_question_stays_calm(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "case",
    [
        [
            "妹妹在南方读研，这学期总说失眠",
            "周末视频她说导师那边压力大，我劝了几句",
            "刚才她发来一段语音，说这是最后一次跟我说话，背景里是江风的声音",
        ],
        [
            "我弟在外地上班，最近老说睡不着",
            "刚才他打电话来，说这是最后一次给我打电话，让我照顾好爸妈",
        ],
        ["我姐最近情绪很差", "她刚在家族群里发了条语音，说这是最后一次跟大家联系了"],
    ],
)
def test_a_last_word_relayed_from_afar_is_read(case: list[str]) -> None:
    assert "suicide_self_harm" in flagged_case(case)

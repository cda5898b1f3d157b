"""A case seen or told from afar: a video call with the family is not a video watched
(视频里看到我妈…), a question about a condition asked first does not cover a case of now told
after it (宫外孕有什么症状？我停经七周，现在左下腹撕裂一样疼), and someone found lying where
one does not lie down (邻居说我妈倒在院子里了) is a collapse, and "he says it will pass in
a while" (他说过会就好了) is no recovery.  Emergencies in our own
wordings and the look-alikes that stay calm."""

import pytest

from tests.redflag_support import flagged


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("视频里看到我妈说话嘴是歪的，口水往下流", "stroke"),
        ("跟我爸视频的时候看到他一边脸耷拉下来了，说话不清楚", "stroke"),
        ("视频里我奶奶一直喘，嘴唇发紫", "severe_breathlessness"),
        ("视频里看到我侄子嘴唇干得起皮，眼窝凹下去，一天没尿了，才一岁", "child_dehydration"),
        ("视频里看到舅舅手背肿得发亮，一片紫黑，说是被竹叶青咬的", "snake_bite"),
        ("我爸吃饭噎住了，说不出话，一直指着喉咙，他说过会就好了", "airway_obstruction"),
        ("老妈胸口压着疼，一身冷汗，她说等会就好了", "cardiac_chest_pain"),
        ("宫外孕有什么症状？我停经七周，现在左下腹撕裂一样疼，头晕", "ectopic_pregnancy"),
        ("胃溃疡吃什么药好？我今天拉了好多柏油一样的黑便，头晕", "melaena"),
        ("邻居阿姨在微信上说我妈倒在院子里了", "unconsciousness"),
        ("奶奶倒在菜地里，邻居发现的", "unconsciousness"),
        ("我爸倒在卫生间了，喊他只会哼", "unconsciousness"),
    ],
)
def test_the_case_told_from_afar_is_read(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "视频里看到一个老人摔倒了叫不醒，好可怜",
        "短视频里说中风会嘴歪，是真的吗",
        "在视频上看到有人被蛇咬了腿肿得老粗",
        "心梗有什么症状？现在就想了解一下，比如胸口疼出汗那种",
        "宫外孕有什么症状？我现在没怀孕，就是问问",
        "高血压吃什么药好？我今天量了一下150/95，没有不舒服",
        "他把垃圾倒在楼道里了，真没素质",
        "视频里我看到一个人被狗咬了，流了好多血",
        "刚才噎了一下，过了一会就好了，现在能正常说话吃饭",
        "把水倒在院子里浇花",
        "我爸倒在沙发上就睡着了",
        "我妈刚才差点倒在厨房，扶住了，现在坐着说没事了，就是有点累",
        "去年我爸倒在卫生间过一次，住院治好了，现在挺好",
    ],
)
def test_a_video_watched_a_question_first_or_a_thing_poured_stays_calm(text: str) -> None:
    assert not flagged(text)

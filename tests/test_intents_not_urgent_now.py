"""Near-misses that name an emergency's event or sign but are not urgent now, next to the
emergencies worded like them that must stay flagged.  Readings covered:

- a late effect of a past event: the event named with 后 and rehabilitation or a standing
  follow-up told later in the sentence (电击伤以后左手握力差，每周去康复科理疗) is a
  history, unless the sentence goes on to a new episode (又被电了一下, 今天…).
- a test done and told normal after a sign of an earlier day (前天…，昨天去拍了胸片，结果
  正常) ends the episode, unless a sign is told of now after it (今天开始喘得厉害), the
  sign is told of today, or the patient is to be watched.
- a how-to asked for a role or a kind of person (路人该怎么救, 心脏骤停的人应该怎么做按压) is
  about no one in particular, unless a person or a moment is named (我爸…, 刚才…).
- a message that opens by asking a test's price or department (热射病查肌酸激酶挂什么科)
  with nothing told as having happened before the question (no 了) is a question for
  information.

Sentences written for this file."""

import pytest
from redflag_support import emergency, flagged

LATE_EFFECTS = [
    "一氧化碳中毒之后记忆力变差，在神经内科随访，一直挺平稳",
    "电击伤以后左手握力差，每周去康复科理疗",
    "溺水之后留下了脑瘫，在康复中心做训练",
    "被毒蛇咬伤以后脚踝活动受限，定期去康复医学科复诊",
    "热射病以后肝功能有损伤，定期复查，各项指标平稳",
    "煤气中毒以后反应慢了，在康复科做认知训练，这次来开药",
]

NEW_EPISODE_AFTER_A_LATE_EFFECT = [
    "电击伤以后一直在做康复，刚才又被插座电了一下，现在心跳很乱",
    "蛇咬伤以后在康复科理疗，今天在田里又被蛇咬了，脚肿得厉害",
    "一氧化碳中毒后在康复科随访，今天家里又有煤气味，全家都头晕想吐",
    "烧伤以后在康复科，刚才又被开水烫了一大片，起了很多泡",
    "电击伤后要复查吗，他刚才被电了一下，现在昏迷不醒",
    "电击伤以后在康复科理疗，这次又被电了一下",
]


@pytest.mark.parametrize("text", LATE_EFFECTS)
def test_a_late_effect_in_rehabilitation_is_no_emergency(text):
    assert not emergency(text)


@pytest.mark.parametrize("text", NEW_EPISODE_AFTER_A_LATE_EFFECT)
def test_a_new_episode_after_a_late_effect_is_flagged(text):
    assert emergency(text)


CHECKED_NORMAL = [
    "前天游泳呛了好几口水，咳了半天，昨天去拍了胸片，结果正常",
    "昨天在工地被电到了手，去急诊做了心电图，医生看了说没问题",
    "昨天宝宝吃东西噎了一下，咳出来以后去医院拍了片子，气管里没问题",
    "昨天被蛇咬了一口，去医院化验了凝血功能都正常",
    "昨天孩子从床上摔下来碰到头，当时哭了一会儿，去医院拍了头颅CT，结果正常",
    "上周被电了一下手麻，当时做了心电图没问题，今天没什么不舒服",
]

CHECKED_NORMAL_BUT_NOT_OVER = [
    "昨天被蛇咬了，化验了凝血都正常，今天腿肿得发黑，牙龈出血",
    "前天游泳呛了水，昨天拍了胸片正常，今天开始喘得厉害，嘴唇发紫",
    "昨天被电了一下，做了心电图正常，但是现在心慌得厉害，胸口疼",
    "昨天胸口闷，查了心电图正常，今天又开始闷，出冷汗，左胳膊麻",
    "昨天开始胸口压着疼，查了心电图正常，现在还在疼，一身冷汗",
    "刚才突然说不出话，嘴歪，查了血糖正常",
    "昨天头撞了一下，拍了CT正常，今天越来越嗜睡，吐了两次",
    "孩子昨天摔到头，查了CT正常吗？现在一直吐",
    "昨天一个月的宝宝发烧38.5，查了血常规正常，现在还在烧",
    "昨天宝宝40天发烧，去医院查了血常规都正常，医生让回家观察",
]


@pytest.mark.parametrize("text", CHECKED_NORMAL)
def test_an_earlier_sign_checked_and_normal_is_no_emergency(text):
    assert not emergency(text)


@pytest.mark.parametrize("text", CHECKED_NORMAL_BUT_NOT_OVER)
def test_a_normal_test_does_not_end_a_sign_told_of_now(text):
    assert emergency(text)


HOW_TO_FOR_A_ROLE = [
    "心脏骤停的人应该怎么做按压",
    "噎住说不出话的人，旁人应该怎么做海姆立克",
    "有人倒地抽搐口吐白沫，路人应该怎么处理",
]

A_PERSON_OR_A_MOMENT_NAMED = [
    "我爸突然晕倒了，旁边的人应该怎么做心肺复苏",
    "刚才地铁上有人晕倒了没呼吸，路人该怎么救",
    "我老公被毒蛇咬了，腿肿得厉害，咬伤的人应该怎么处理",
    "孩子抽搐停不下来，身边的人该怎么办",
    "有人晕倒了现在叫不醒，旁人该怎么救",
    "孩子刚才吃葡萄噎住了，脸憋得发紫，旁人应该怎么做海姆立克",
]


@pytest.mark.parametrize("text", HOW_TO_FOR_A_ROLE)
def test_a_how_to_for_a_role_is_no_emergency(text):
    assert not emergency(text)


@pytest.mark.parametrize("text", A_PERSON_OR_A_MOMENT_NAMED)
def test_a_how_to_after_a_person_or_moment_is_flagged(text):
    assert emergency(text)


TEST_PRICE_OR_DEPARTMENT = [
    "一氧化碳中毒查碳氧血红蛋白多少钱",
    "热射病查肌酸激酶挂什么科",
    "触电以后做心电图检查在哪个科做",
]

AN_EVENT_TOLD_BEFORE_THE_QUESTION = [
    "吞了电池，拍片挂什么科",
    "孩子刚才喝了农药，查胆碱酯酶挂什么科",
    "我爸一氧化碳中毒，现在昏迷，查碳氧血红蛋白多少钱",
    "触电后查心电图多少钱，他现在心跳很乱",
]


@pytest.mark.parametrize("text", TEST_PRICE_OR_DEPARTMENT)
def test_a_test_price_or_department_question_is_no_emergency(text):
    assert not emergency(text)


@pytest.mark.parametrize("text", AN_EVENT_TOLD_BEFORE_THE_QUESTION)
def test_an_event_told_before_a_test_question_is_flagged(text):
    assert emergency(text)


# A born baby's feeding is no fetal movement: the milk is what is less (feeding words bar
# the baby-word-then-less reading of reduced_fetal_movement)
@pytest.mark.parametrize("text", ["宝宝最近吃奶少了一点", "宝宝这几天喝奶少了，大便正常"])
def test_a_babys_feeding_is_no_fetal_movement(text):
    assert "reduced_fetal_movement" not in flagged(text)


@pytest.mark.parametrize("text", ["怀孕32周，宝宝今天动得少了", "孕34周，宝宝吃了饭以后也不动"])
def test_a_pregnant_womans_baby_moving_less_is_still_flagged(text):
    assert "reduced_fetal_movement" in flagged(text)

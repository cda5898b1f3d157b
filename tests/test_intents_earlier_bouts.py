"""A sign first told as past, habitual, over or played down, then told again as this
episode; denials of other signs beside a sign told plainly; a relative's say-so beside
signs told as facts.  What each of those words reaches, and what it does not.

- An outcome in a later clause that tells a past episode of its own (前几天也胸闷过一下就
  好了) ends that episode, not a risk named before it (打着石膏).
- A later clause that opens this episode (今天, 这次 …) ends the reach of what was past
  or over: a sign of the category told there lets the classifier judge it.
- An episode that does not pass like the earlier ones (一直不缓, 一点没缓解, 这回不一样,
  从早上到现在一直疼) reopens the earlier mention.
- An event told again for this episode (今天又吃了, 今天又摔了) inside a mention, or
  followed by a red flag of the same category, is this episode's event.
- A denial of the usual state (我平时从来不头疼) is no denial of this episode; denials
  of other signs (不发烧也没磕着，就是…) do not take back the category's own sign.
- A relative's lay reading (外婆讲这是烧要退了, 他说是老毛病, 他说歇一下就好) is a say-so, not an outcome.
- A shock told as over with a danger sign told before the outcome (被雷劈了一下，人倒在
  地上，刚缓过来) counts: the sign was part of the injury.  下头 after a measure word
  (一下头, 撞了下头) is the head; 看了会儿小说 is an activity, not a story.
- A doctor's verdict followed only by "it has not come back" (今天没有再流) stays over.

Each emergency has a look-alike the same words must still set aside.  Sentences written
for this file."""

from __future__ import annotations

from redflag_support import flagged

from intents.normalize import safety_text
from intents.redflags import assess, unhedged


def rules(text: str):
    return assess(safety_text(text))


def categories(text: str) -> list[str]:
    return [f.category for f in rules(text).flags]


# ------------------------------------------------------------ an outcome of its own episode
def test_a_past_episode_told_in_its_own_clause_does_not_end_a_risk_named_before():
    text = "半个月前腿骨折打着石膏，前几天也胸闷过一下就好了，今天又闷得喘不过气"
    assert "pulmonary_embolism" in categories(text)


def test_the_past_episode_itself_is_still_over():
    text = "上个月腿打了石膏，前几天也喘过一下，歇了歇就好了"
    assert "pulmonary_embolism" not in categories(text)
    assert not flagged(text)


# ------------------------------------------------------------ this episode ends the reach
def test_a_sign_told_after_this_episode_opens_is_not_set_aside():
    text = "之前也有过几次下面一阵一阵疼，一会儿就好，这次疼了好几个小时，左边肿起来了"
    assert not rules(text).set_aside("testicular_torsion")


def test_this_episode_over_like_the_others_stays_set_aside():
    text = "之前也有过几次下面一阵一阵疼，一会儿就好，这次也是一会儿就好了"
    assert rules(text).set_aside("testicular_torsion")
    assert not flagged(text)


# ------------------------------------------------------------ not passing this time
def test_an_episode_that_does_not_pass_reopens_the_earlier_mention():
    text = "以前偶尔眼睛胀痛头也疼，睡一觉就好了，这回从早上到现在一直疼，眼睛发红看东西模糊"
    assert "acute_glaucoma" in categories(text)


def test_an_episode_that_passed_again_is_no_emergency():
    text = "以前偶尔眼睛胀头也疼，睡一觉就好，这回也是睡了一觉就好了"
    assert not categories(text)
    assert not flagged(text)


# ------------------------------------------------------------ the event told again
def test_a_food_eaten_again_today_is_this_episodes_exposure():
    text = "前两天也吃过山上采的蘑菇没事，今天又吃了，吃完没多久就开始吐"
    assert "chemical_poisoning" in categories(text)


def test_last_years_food_with_no_sign_today_is_no_poisoning():
    text = "去年吃野蘑菇吐过一次，今天又吃了一点，现在挺好的"
    assert not categories(text)
    assert not flagged(text)


def test_a_fall_told_again_with_its_danger_sign_is_this_episodes_fall():
    text = "去年也从屋顶上摔下来过，当时没事，今天又摔了，躺在地上腿动不了"
    assert "major_trauma" in categories(text)


def test_a_fall_told_again_without_a_danger_sign_stays_past():
    text = "去年也从梯子上摔过，今天又摔了一跤，手掌擦破点皮，走路没事"
    assert not categories(text)
    assert not flagged(text)


def test_one_eye_gone_dark_before_and_again_now():
    text = "上个月右眼也黑过一下就好了，今天又黑了，半个小时了还看不见"
    assert "sudden_vision_loss" in categories(text)


def test_one_eye_gone_dark_before_and_checked_since():
    text = "前两天右眼也黑过几秒就好了，今天去眼科查了眼底，医生说没事"
    assert not categories(text)
    assert not flagged(text)


# ------------------------------------------------------------ denials
def test_a_denial_of_the_usual_state_does_not_deny_this_episode():
    text = "刚才搬箱子的时候后脑勺突然像被人打了一棍，我平时从来不头疼"
    assert not rules(text).set_aside("thunderclap_headache")


def test_a_denial_of_the_sign_itself_still_sets_it_aside():
    text = "我不头疼，就是有点鼻塞"
    assert rules(text).set_aside("thunderclap_headache")
    assert not flagged(text)


def test_other_signs_denied_do_not_take_back_the_categorys_own_sign():
    text = "不发烧也没磕着，就是刚才突然一下头疼得要命，吐了一回"
    assert not rules(text).set_aside("thunderclap_headache")
    assert "thunderclap_headache" in categories(text)


def test_denials_that_turn_to_a_report_leave_it_to_be_judged():
    text = "孕37周，没有见红也没有肚子疼，就是刚才觉得下面有东西往外流"
    assert not rules(text).set_aside("ruptured_membranes")


def test_a_list_of_denials_with_no_report_stays_set_aside():
    text = "孕37周，没有见红也没有肚子疼，宝宝动得挺好"
    assert rules(text).set_aside("ruptured_membranes")
    assert not flagged(text)


# ------------------------------------------------------------ a relative's say-so
def test_a_relatives_reading_of_a_rash_is_no_outcome():
    text = "孩子高烧39度5，肚子上冒出好多紫色的小点，按了不消，外婆讲这是烧要退了"
    assert "meningitis" in categories(text)


def test_a_rash_that_did_pass_is_over():
    text = "孩子前两天发烧，身上起了些红疹子，现在已经退了，精神挺好"
    assert not flagged(text)


def test_a_relatives_word_that_it_is_an_old_trouble_is_no_chronic_sign():
    text = "他喘得很厉害，他说是老毛病了"
    assert "severe_breathlessness" in categories(text)


def test_an_old_trouble_told_as_years_of_it_stays_chronic():
    text = "我爸慢阻肺十几年了，平时走快了会喘，他说是老毛病，想开点药"
    assert not flagged(text)


def test_a_relatives_promise_of_rest_is_left_out_of_the_second_reading():
    said = unhedged(safety_text("我爸打药以后一直吐，他说歇一下就好"))
    assert "歇" not in said and "一直吐" in said
    told = unhedged(safety_text("我爸打药以后吐了两次，他说歇了一下就好了"))
    assert "歇了一下就好了" in told


# ------------------------------------------------------------ words
def test_a_shock_that_knocked_the_patient_down_counts_however_it_ended():
    text = "孩子摸插座被电了一下，当场倒在地上，刚缓过来，手指头发黑"
    assert "electric_injury" in categories(text)


def test_a_shock_felt_in_the_hand_and_over_is_over():
    assert not flagged("被插座电了一下，手麻了一阵，现在已经缓过来了，没什么感觉")
    assert not flagged("跑完步喘得不行，坐下歇了会，刚缓过来")


def test_head_after_a_measure_word_is_the_head():
    assert "头" in safety_text("刚才咳了一下头就痛得像要炸开")
    assert "头" in safety_text("撞了下头痛得很")
    assert "下面" in safety_text("怀孕七个月了下头一直流水")


def test_reading_for_a_while_is_an_activity_not_a_story():
    text = "我在沙发上看了会儿小说，起身的时候突然头像炸开一样疼，吐了两次"
    assert categories(text)
    story = "小说里写主角突然头像炸开一样疼，吐了两次，这是什么病"
    assert not flagged(story)


# ------------------------------------------------------------ checked and fine
def test_a_doctors_verdict_and_no_return_since_keep_it_over():
    text = "前天以为自己破水了去医院查，医生说不是，是尿失禁，昨天到今天没有再流，要复查吗"
    assert not flagged(text)


def test_a_doctors_verdict_then_the_sign_again_is_this_episode():
    text = "孕36周，前天医生说是尿失禁，今天下面又一直流水，裤子都湿透了"
    assert flagged(text)

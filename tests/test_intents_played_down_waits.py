"""An emergency told beside words that play it down.  Readings covered:

- a question whether a present danger can wait (能先观察到天亮吗, 能不能明天挂个号,
  先忍一晚？) is never a how-to or first-aid question about no one in particular
  (``defer``), and the classifier's second reading (``unhedged``) cuts it, together with
  when the clinic opens or the appointment falls (妇科后天才有号, 专家号约在后天);
- a clause opened by "but" (但/可/可是/不过) after a played-down or denied clause takes
  the report up again: the denial (不碍事) and the turn word's own 不 do not reach the
  bite after it, and an animal told as vaccinated before the turn is the biter, not the
  patient;
- a relative's say-so that it is normal or to be borne (我妹说月经多正常, 奶奶说熬一熬
  就好了) is a hedge, and an old person who only advises to bear it is not the patient;
- a harmless cause told as a guess (他说估计是吃了西瓜) that the sentence turns against
  with a sign (可吐出来的是…) explains nothing, and sets no sign aside;
- a blood sugar told as a spoken range (三十二三) is read, and a limb bent the wrong way in
  lay words (弯得不对劲) is a deformity.

Each look-alike keeps the reading that clears it: a real how-to question, a mild or
denied sign, a harmless cause not turned against, an everyday wait.  Sentences written
for this file."""

import pytest
from redflag_support import emergency, flagged

from intents.normalize import safety_text
from intents.redflags import assess, unhedged


def read(text: str):
    return assess(safety_text(text), {})


# --- a question whether it can wait is no how-to question
WAIT_ASKED = [
    ("手臂被马蜂蛰了，全身起红疙瘩，胸口有点憋，头晕，能先观察到明天吗", "anaphylaxis"),
    ("被野蜂叮了两口，浑身起包，有点憋气，头昏，能先观察一晚到天亮吗", "anaphylaxis"),
    ("被马蜂叮了以后嘴唇肿起来，胸口发紧喘不上气，能先在家观察到天亮吗", None),
    ("突然剧烈头痛，像被打了一棍，吐了，能不能明天挂个神经内科", "thunderclap_headache"),
    ("被蛇咬了一口，脚肿得厉害，能先观察到天亮吗", "snake_bite"),
    ("胸口压着疼，出冷汗，左胳膊发麻，能先观察到明早吗", "cardiac_chest_pain"),
]
WAIT_CALM = [
    "被蜂蜇了要观察多久？",
    "蜜蜂蛰了手背，有点红肿，不痒不喘，能观察到明天吗",
    "头有点晕，躺一会就好了，能不能明天上午挂个神经科？",
    "被蛇咬了怎么判断有没有毒？能先观察吗",
]


@pytest.mark.parametrize(("text", "category"), WAIT_ASKED)
def test_a_question_whether_it_can_wait_is_no_how_to(text, category):
    if category is None:
        assert emergency(text)
    else:
        assert category in flagged(text)


@pytest.mark.parametrize("text", WAIT_CALM)
def test_a_real_how_to_or_a_mild_sign_stays_calm(text):
    assert not emergency(text)


# --- the classifier reads the report without the wait and the clinic's day
@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("我爸从凳子上摔下来，腿很疼，专家号约在后天，先熬一宿？", ("后天", "熬")),
        ("一小时湿透一片夜用的，头晕，门诊后天才开，我先忍着？", ("后天", "忍", "我,")),
        ("晚上咳了好几口血，后天再去呼吸科行吗？", ("后天", "呼吸科")),
    ],
)
def test_the_wait_and_the_clinics_day_are_cut_for_the_classifier(text, cut):
    plain = unhedged(safety_text(text))
    assert plain != safety_text(text)
    for word in cut:
        assert word not in plain, plain


def test_a_report_told_with_the_clinics_day_is_read_without_it():
    assert "heavy_vaginal_bleeding" in flagged(
        "两个小时换了三片夜用的，头晕，医院妇科后天才有号，先忍一晚？"
    )


@pytest.mark.parametrize(
    "text",
    [
        "脚崴了一下有点肿，还能走路，骨科专家号是明天的，先忍一晚？",
        "明天再去呼吸科可以吗？咳嗽一周了，有点痰",
        "牙疼了两天，口腔科明天才有号，先忍一晚？",
    ],
)
def test_an_everyday_complaint_that_waits_stays_calm(text):
    assert not emergency(text)


# --- a "but" after a played-down clause brings the danger back
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("邻居家的狗，说打过针了，但是咬的伤口很深，血止不住", "animal_bite_rabies"),
        ("我家养的猫，疫苗都打齐了，可是抓的口子很深，一直渗血", "animal_bite_rabies"),
        ("村里人说是草蛇，不碍事，可咬的那只手肿到胳膊肘了", "snake_bite"),
    ],
)
def test_a_turn_after_a_played_down_clause_keeps_the_bite(text, category):
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "估计是条草蛇，没啥事，就两个小红点，没肿",
        "隔壁的狗舔了一下手，皮没破，狗打过疫苗",
        "狗冲过来，不过没咬着",
    ],
)
def test_a_bite_denied_or_harmless_stays_calm(text):
    assert not emergency(text)


# --- a relative's say-so is a hedge, and the adviser is not the patient
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("拉了一天水样便，喝啥吐啥，一上午没尿，蔫蔫的，奶奶说熬一熬就好了", "child_dehydration"),
        ("拉肚子拉了一天，喝口水都吐，大半天没尿，没精神，外婆说扛扛就过去", "child_dehydration"),
        ("我妹说月经多正常，可她已经用了十来片卫生巾，脸白得吓人", "heavy_vaginal_bleeding"),
    ],
)
def test_a_relatives_say_so_does_not_talk_the_danger_away(text, category):
    assert category in flagged(text)


def test_an_old_person_advising_to_bear_it_is_not_the_patient():
    assert not read("拉了一天水样便，喝啥吐啥，一上午没尿，奶奶说熬一熬就好了").holds("elderly")
    assert read("奶奶头晕得站不住，老人自己说扛一扛").holds("elderly")
    assert read("外婆胸口疼了半小时，家里人让她忍忍").holds("elderly")


@pytest.mark.parametrize(
    "text",
    [
        "孩子拉肚子两次，尿量正常，精神也好，外婆说熬一熬就好",
        "月经量比平时多点，我嫂子说是正常的，但我想明天去妇科看看",
    ],
)
def test_a_say_so_beside_an_ordinary_complaint_stays_calm(text):
    assert not emergency(text)


# --- a harmless cause guessed at and turned against explains nothing
@pytest.mark.parametrize(
    "text",
    [
        "他说估计是晚饭吃了西瓜，可吐出来的是暗红色的一团一团的，人直冒冷汗",
        "老公觉得是喝了红酒的缘故，可他吐了一大碗暗红的东西，脸色煞白",
    ],
)
def test_a_guessed_red_food_turned_against_does_not_explain_the_blood(text):
    assert "haematemesis" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "应该是吃了西瓜，吐出来红红的，人精神挺好",
        "可能是吃了火龙果，吐出来的东西有点红",
    ],
)
def test_a_guessed_red_food_not_turned_against_still_explains_it(text):
    assert "haematemesis" not in flagged(text)


# --- facts told in lay words
def test_an_errand_first_and_a_blood_sugar_told_as_a_range():
    assert "dka" in flagged("请问内分泌科明天有号吗，我爸血糖测了三十二三，一直吐")
    assert not emergency("我爸血糖二十七八，精神还行，想挂个内分泌科的号")


@pytest.mark.parametrize(
    "text", ["奶奶在浴室滑倒，手腕弯得不对劲，肿成馒头", "爷爷摔倒后胳膊弯得奇怪，疼得直哼"]
)
def test_a_limb_bent_the_wrong_way_in_lay_words(text):
    assert "major_trauma" in flagged(text)


@pytest.mark.parametrize(
    "text", ["膝盖弯得不太舒服，爬楼有点疼", "小腿弯得有点奇怪，从小就这样，想矫正"]
)
def test_a_bend_that_is_no_injury_stays_calm(text):
    assert not emergency(text)

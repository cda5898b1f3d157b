"""Emergencies told played down, seen by a bystander or asked as a question, next to the
calm look-alikes worded like them.  Readings covered:

- a doctor's word that only asks to watch (医生说观察, 大夫叫观察, 建议在家观察) is no verdict
  that closes the sign — unless a clause of now then tells the patient well.
- the event told done and then, after a comma, how to give it first aid (喝了百草枯，要怎么
  急救) is a case at hand — not the same question about no one (百草枯中毒要怎么急救).
- whether this patient may stay at home (能在家等吗, 能在家多喝水吗) is asked of someone at
  hand, like waiting until tomorrow; a clause after the signs asking whether they are a named
  condition (右下腹疼发烧，是阑尾炎吗) is the asker's own case.
- words said to him no longer understood (听不懂我说话), suddenly or with muddled answers
  (回答也是乱的), is a receptive aphasia — not a foreigner, a dialect or a toddler.
- a low sugar that food has not set right (低血糖吃了东西还不好) is a severe low.
- a parent's view of the thirst (一直抱着水瓶喝水、老跑厕所) is the polyuria of DKA.
- bladder and bowel told only as not right (大小便不正常) with a back pain is cauda equina.
- blood coughed up with the pallor of a loss (脸色发白) is a dangerous haemoptysis.
- one who carries an adrenaline pen with a throat sign now is an anaphylaxis.
- a positive test with a bleeding told bare (有出血) and a belly pain is an ectopic until shown not.
- a person that is very unwell (人很难受) with heavy ketones is DKA.
- a testis pain for which a painkiller is asked to bridge the night (能吃止痛药等明天吗) is an
  acute scrotum.

Sentences written for this file."""

import pytest
from redflag_support import emergency

WATCH_ONLY_FLAGGED = [
    "我打完针后嗓子发紧，脸有点肿，医生说观察，可能是我太紧张了",
    "刚打完青霉素，喉咙发紧，嘴唇有点肿，护士说观察一下",
    "孩子打完疫苗嗓子发紧喘不上气，医生说先观察",
    "输液输到一半喉咙发紧、脸肿了，大夫叫观察",
    "我妈打完针说喉咙紧，脸有点肿，诊所医生说在家观察就行，应该没事吧",
    "打完针嗓子发紧，医生建议观察，我估计是紧张",
]

WATCH_ONLY_CALM = [
    "打完针有点紧张，医生说观察半小时，现在一切正常，没有不舒服",
    "上周打完针嗓子发紧，医生说观察，后来就好了",
    "打完针胳膊有点肿，医生说观察一下",
    "医生说观察，孩子现在吃喝玩都正常",
]

FIRST_AID_ASKED_FLAGGED = [
    "喝了百草枯，要怎么急救？要催吐吗",
    "误喝了敌敌畏，怎么急救？",
    "喝了农药，该怎么急救？能催吐吗",
    "吃了老鼠药，要怎么抢救？",
    "喝了半瓶百草枯，如何急救？",
    "我爸喝了农药，要怎么急救？",
]

FIRST_AID_ASKED_CALM = [
    "百草枯中毒要怎么急救？",
    "农药中毒急救方法有哪些？",
    "误喝农药怎么急救？想学一下",
    "万一喝了农药，要怎么急救？",
    "老人晕倒了应该怎么急救？",
    "孩子溺水了怎么急救",
]

STAY_HOME_ASKED_FLAGGED = [
    "尿酮体三个加号，人很难受，能在家多喝水吗",
    "尿酮体3+，人特别难受，能在家等吗",
    "酮体三个加号，浑身难受，可以在家喝水吗",
    "血糖测不出来，人很难受，能在家观察吗",
    "喝了农药，能在家等吗",
]

STAY_HOME_ASKED_CALM = [
    "感冒了，能在家休息吗",
    "有点咳嗽，可以在家观察吗",
    "尿酮体一个加号，没什么不舒服，能在家多喝水吗",
    "拉肚子两次，精神挺好，能在家多喝水吗",
]

OWN_SIGNS_ASKED_FLAGGED = [
    "右下腹疼发烧，是阑尾炎吗，能吃消炎药吗",
    "右下腹疼还发烧，是不是阑尾炎？能吃止痛药吗",
    "肚子右下边疼，发烧38度5，会不会是阑尾炎，能吃头孢吗",
    "右下腹痛又吐了，是阑尾炎吗？",
    "右下腹疼得厉害还发烧，这是阑尾炎吗",
]

OWN_SIGNS_ASKED_CALM = [
    "阑尾炎能吃消炎药吗",
    "阑尾炎一般是什么原因引起的",
    "右下腹疼是什么病？",
    "阑尾炎手术后能吃消炎药吗",
]

RECEPTIVE_APHASIA_FLAGGED = [
    "老公突然听不懂我说话，回答也是乱的，手还有点无力，家里有安宫牛黄丸，能先吃吗",
    "我爸刚才突然听不懂我们说话了",
    "奶奶吃着饭忽然听不懂人讲话，问什么答得乱七八糟",
    "我妈今天早上起来听不懂我说的话，回答牛头不对马嘴",
    "老伴一下子听不明白我说话了，应该是没睡好吧",
    "爷爷午睡醒了听不懂家里人说话，回答也是乱的",
]

RECEPTIVE_APHASIA_CALM = [
    "我听不懂医生说的方言，能换个医生吗",
    "孩子两岁了还听不懂我说话，要不要看看",
    "我爸耳背好几年了，听不清我说话",
    "老外听不懂我说话，怎么挂号",
    "外地来的护工听不懂我说话，能换人吗",
    "我说方言，医生听不懂我说话怎么办",
]

HYPO_NOT_SET_RIGHT_FLAGGED = [
    "低血糖吃了东西还不好，去急诊还是内分泌？",
    "我爸低血糖，吃了饼干还没好，一直出汗",
    "低血糖吃了糖还不好，挂什么科",
    "妈妈低血糖发作，喝了糖水还没好",
    "打完胰岛素低血糖，吃了东西不见好",
]

HYPO_NOT_SET_RIGHT_CALM = [
    "低血糖吃了东西就好了",
    "以前低血糖吃了糖就好，今天想复查",
    "低血糖要吃什么东西比较好",
    "有点低血糖，吃了块糖好多了",
]

PARENT_SEES_THIRST_FLAGGED = [
    "孩子最近一直抱着水瓶喝水、老跑厕所，今天吐了还特别困，估计是上学累了",
    "女儿这几天老抱着水杯，喝水老上厕所，今天吐了两次，叫半天才醒",
    "儿子最近喝水喝得凶，喝完水就跑厕所，今天又吐又没精神",
    "孩子老抱着水壶不放，今天吐了，很困",
    "小孩喝水、一直跑厕所，今天吐了，肚子疼",
]

PARENT_SEES_THIRST_CALM = [
    "孩子夏天抱着水瓶喝水，精神很好",
    "孩子喝水多了老跑厕所，其他都正常",
    "孩子拉肚子老跑厕所，精神还行，能喝水",
    "儿子踢球回来抱着水杯猛喝，说有点累",
]

BOWEL_BLADDER_NOT_RIGHT_FLAGGED = [
    "腰疼加上大小便不正常，挂骨科还是急诊？",
    "我爸腰痛三天了，这两天大小便也不正常",
    "搬东西闪了腰，现在大小便不太对劲",
    "腰椎间盘突出，今天突然大小便异常了",
    "腰疼得厉害，大小便都出问题了",
]

BOWEL_BLADDER_NOT_RIGHT_CALM = [
    "腰疼，大小便都正常",
    "腰疼一周，大小便没有异常",
    "大小便不正常挂什么科",
    "腰疼好几年了，大小便没问题",
]

COUGH_BLOOD_PALE_FLAGGED = [
    "老公咳完痰杯子里一层血，有泡沫，他脸色发白",
    "我爸咳嗽咳出血来，脸色很难看",
    "奶奶咳血，脸色苍白，心慌",
    "咳嗽带血，人发飘，脸没血色",
    "他咳了几口血，脸色特别差",
]

COUGH_BLOOD_PALE_CALM = [
    "痰里偶尔带点血丝，人精神挺好",
    "上个月咳血住院，已经止住了，脸色也好了",
    "咳血是什么病",
    "刷牙出血，脸色有点白",
]

EPIPEN_FLAGGED = [
    "我有肾上腺素笔，现在嗓子紧要用吗？",
    "孩子带着肾上腺素笔，刚吃了点心喉咙发紧，要不要打",
    "我随身有肾上腺素自动注射笔，现在喘不上气，嗓子发紧",
    "老婆有肾上腺素笔，现在说喉咙紧，呼吸困难",
    "我有epipen，嗓子发紧了怎么办",
]

EPIPEN_CALM = [
    "肾上腺素笔过期了去哪里换",
    "我有肾上腺素笔，现在嗓子不紧，就是想问怎么保存",
    "肾上腺素笔怎么用",
    "医生给我开了肾上腺素笔，平时要注意什么",
]

TEST_POSITIVE_BLEED_FLAGGED = [
    "验孕阳性有出血腹痛，挂妇科还是产科？",
    "验孕棒两道杠，现在有出血，肚子疼",
    "查出怀孕了，今天出血了还腹痛",
    "月经推迟十天，今天肚子痛还出血",
    "验孕阳性，流血了，肚子也疼",
]

TEST_POSITIVE_BLEED_CALM = [
    "验孕阳性，肚子不疼，也没有出血",
    "验孕阳性，想问什么时候建档",
    "验孕阳性，刷牙出血正常吗",
    "验孕阳性，流鼻血，肚子有点胀",
]

PAINKILLER_WAIT_FLAGGED = [
    "蛋蛋疼能吃止痛药等明天吗",
    "睾丸疼，吃片止疼药扛到明天行吗",
    "老公蛋疼，能不能先吃止痛片等明天去泌尿科",
    "儿子十五岁，蛋蛋痛，吃止痛药熬一晚可以吗",
    "右边睾丸疼，能吃止痛药明天再看吗",
]

PAINKILLER_WAIT_CALM = [
    "如果蛋蛋疼，能吃止痛药等明天吗",
    "蛋疼好几年了，每次都吃止痛药等它过去",
    "以前蛋疼吃止痛药等了两天就好了",
    "牙疼能吃止痛药等明天吗",
    "睾丸扭转手术做完了，能吃止痛药吗",
    "头疼能吃止痛药等明天吗",
]


@pytest.mark.parametrize("text", WATCH_ONLY_FLAGGED)
def test_watch_only_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", WATCH_ONLY_CALM)
def test_watch_only_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", FIRST_AID_ASKED_FLAGGED)
def test_first_aid_asked_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", FIRST_AID_ASKED_CALM)
def test_first_aid_asked_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", STAY_HOME_ASKED_FLAGGED)
def test_stay_home_asked_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", STAY_HOME_ASKED_CALM)
def test_stay_home_asked_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", OWN_SIGNS_ASKED_FLAGGED)
def test_own_signs_asked_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", OWN_SIGNS_ASKED_CALM)
def test_own_signs_asked_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", RECEPTIVE_APHASIA_FLAGGED)
def test_receptive_aphasia_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", RECEPTIVE_APHASIA_CALM)
def test_receptive_aphasia_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", HYPO_NOT_SET_RIGHT_FLAGGED)
def test_hypo_not_set_right_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", HYPO_NOT_SET_RIGHT_CALM)
def test_hypo_not_set_right_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", PARENT_SEES_THIRST_FLAGGED)
def test_parent_sees_thirst_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", PARENT_SEES_THIRST_CALM)
def test_parent_sees_thirst_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", BOWEL_BLADDER_NOT_RIGHT_FLAGGED)
def test_bowel_bladder_not_right_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", BOWEL_BLADDER_NOT_RIGHT_CALM)
def test_bowel_bladder_not_right_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", COUGH_BLOOD_PALE_FLAGGED)
def test_cough_blood_pale_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", COUGH_BLOOD_PALE_CALM)
def test_cough_blood_pale_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", EPIPEN_FLAGGED)
def test_epipen_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", EPIPEN_CALM)
def test_epipen_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", TEST_POSITIVE_BLEED_FLAGGED)
def test_test_positive_bleed_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", TEST_POSITIVE_BLEED_CALM)
def test_test_positive_bleed_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize("text", PAINKILLER_WAIT_FLAGGED)
def test_painkiller_wait_flagged(text: str) -> None:
    assert emergency(text), text


@pytest.mark.parametrize("text", PAINKILLER_WAIT_CALM)
def test_painkiller_wait_calm(text: str) -> None:
    assert not emergency(text), text

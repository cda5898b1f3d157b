"""Near-misses whose facts are implied (a lesson, another's child, an earlier birth, a
sign over), next to the emergencies worded like them that must stay flagged.  Readings
covered:

- a lesson is no report: a teacher teaching it in class or a medical subject's class
  (护理课上老师讲…, 上泌尿外科课，老师说…) — unless the teacher is taken ill while teaching
  (讲着讲着) or a person is told having it now; a school class that taught it, writing a
  guide or article, studying for a certificate (物理课学了安全用电, 在写一篇徒步攻略,
  要去考救生员证) — unless a moment of now is told, or someone is named between the lesson
  and the event (我在写攻略，朋友被蛇咬了怎么办).
- another mother's child told in a group chat (育儿群里有个妈妈说她家宝宝…) — unless the
  asker's own child is told having it now.
- an animal in a wildlife programme (动物世界里的鱼) — unless a person is told.
- why one must not do a thing, asked right after a condition named as a topic
  (脊柱骨折为什么不能随便搬动病人) — unless a person's fall or injury is told.
- the year of an earlier birth (生老大那年34周就破水了) is a history — unless this
  pregnancy's waters break now.
- a scar the event left (旧的电击疤痕) is a history — unless a fresh shock is told.
- a swelling told gone (肿也消了), a nose no longer bleeding after the packing came out
  (取出来没再流), only a trace left on the skin (只剩一点红) end the episode — unless a sign
  of now follows or the bleeding goes on.

Sentences written for this file."""

import pytest
from redflag_support import emergency

# a teacher teaching it in class or a medical subject's class (护理课上老师讲…, 上泌尿外科课，老师说…)
LESSON_IN_CLASS_CALM = [
    "护理课上老师讲术后病人突然喘不上气要想到肺栓塞，考试会考吗",
    "内科课上老师讲心梗病人胸口疼出冷汗，这个要怎么记",
    "生理课上老师讲人溺水后会缺氧，为什么会这样",
    "我在医学院上泌尿外科课，老师说睾丸扭转黄金时间六小时，为什么是六小时",
    "急救课上老师教了被蛇咬了要怎么包扎",
    "上外科课，教授讲脾破裂病人会休克，考试会考吗",
]
LESSON_IN_CLASS_EMERGENCY = [
    "护理课上老师讲着讲着突然喘不上气，嘴唇发紫",
    "上课的时候老师说他突然晕倒了，叫不醒",
    "体育课上老师说孩子跑完步倒地抽搐，叫不醒",
    "我在医学院上课，刚才突然一侧睾丸剧痛，肿起来了",
    "内科课上我同学突然胸口疼，出冷汗，脸色发白",
    "护理课上老师讲肺栓塞，我妈术后第三天，现在突然喘不上气",
]

# another mother's child told in a group chat (育儿群里有个妈妈说她家宝宝…)
OTHER_MOTHERS_CHILD_CALM = [
    "育儿群里有个妈妈说她家宝宝满月发烧住院了，我家的还没生，先问问要准备什么",
    "妈妈群里有个宝妈说她家宝宝二十天发烧住院了，吓死我了，我还在孕期",
    "家长群里有个家长说他家孩子被电了，我们家要怎么防",
]
OTHER_MOTHERS_CHILD_EMERGENCY = [
    "育儿群里有个妈妈说她家宝宝发烧住院了，我家宝宝50天，现在也烧到38度5",
    "群里有人说她家孩子也这样，我儿子现在喘不上气，嘴唇发紫",
    "我家宝宝满月，今天发烧38度5",
]

# an animal in a wildlife programme (动物世界里的鱼…)
WILDLIFE_PROGRAMME_CALM = [
    "动物世界里的鱼离开水一直张嘴，是在喘不过气吗",
    "看人与自然里的羚羊被蛇咬了，会不会死",
    "动物世界里的狮子喘不上气是生病了吗",
]
WILDLIFE_PROGRAMME_EMERGENCY = [
    "看动物世界的时候，我爸突然喘不上气，嘴唇发紫",
    "在看人与自然，我奶奶突然叫不醒了",
    "鱼离开水张嘴的样子，我儿子现在就是这样喘不过气，嘴唇发紫",
]

# why one must not do a thing, asked right after a condition named as a topic (脊柱骨折为什么不能随便搬动病人)
WHY_NOT_MOVE_CALM = [
    "脊柱骨折为什么不能随便搬动病人？",
    "颈椎骨折为什么不能随便挪动",
    "骨盆骨折的人为什么不能随便翻身",
    "脊柱骨折为什么不要随便扶起来",
]
WHY_NOT_MOVE_EMERGENCY = [
    "我爸从房顶摔下来了，医生说可能脊柱骨折，为什么不能随便搬动他",
    "孩子从三楼摔下来了，为什么不能随便挪动",
    "刚才我妈从楼梯上摔下来脊柱骨折了，为什么不能扶她起来",
    "老公车祸后腿变形了，为什么不能随便动他",
]

# writing a guide, a school lesson, studying for a certificate (在写一篇攻略, 物理课学了, 要去考救生员证)
WRITING_OR_LESSON_CALM = [
    "我在写一篇户外徒步攻略，想加一段被蛇咬了怎么办，能帮忙看看对不对吗",
    "想写一篇科普文章，讲讲被电击了怎么办",
    "我在写公众号推文，想写溺水了怎么办，有没有要注意的",
    "我儿子物理课学了安全用电，回家问我人被电了为什么会粘在电线上",
    "女儿生物课讲了被蛇咬了要怎么处理，问我对不对",
    "我要去考救生员证，想问问溺水者救上来后心肺复苏的步骤",
    "准备考急救证，想问溺水了怎么救",
]
WRITING_OR_LESSON_EMERGENCY = [
    "我在写一篇户外徒步攻略，刚才在山上被蛇咬了，腿肿得厉害",
    "我在写攻略，朋友被蛇咬了怎么办",
    "我儿子物理课学了安全用电，今天在家玩插座被电了，手上发黑",
    "我要去考救生员证，刚才泳池里有个孩子溺水了，救上来没呼吸",
    "在写稿子，突然胸口剧痛，出冷汗",
    "准备考驾照，今天练车撞了，我爸头破血流昏迷不醒",
    "我在考虑办出生证，宝宝40天发烧38度5",
    "我在写作业，我妈突然晕倒了，叫不醒",
]

# the year of an earlier birth (生老大那年34周就破水了)
EARLIER_BIRTH_YEAR_CALM = [
    "生老大那年34周就破水了，在NICU住了半个月，现在孩子六岁活蹦乱跳，我这次刚建档，问问要不要提前做什么检查",
    "怀老大那年32周破水早产了，这胎刚8周，要注意什么",
    "生二宝那年也是提前破水，现在想要三胎，需要检查什么",
]
EARLIER_BIRTH_YEAR_EMERGENCY = [
    "生老大那年34周就破水了，这次怀二胎33周，今天早上又破水了",
    "怀老大那年就早产，现在怀孕35周，刚才突然破水了，流了好多",
    "生老大那年破水早产，现在孕30周，内裤湿了一大片，是羊水吗",
]

# a scar the event left (旧的电击疤痕)
OLD_SCAR_CALM = [
    "我是电工，手上有旧的电击疤痕，一直没问题",
    "脚上有蛇咬留下的疤，好多年了，能去掉吗",
    "手臂上有以前电击的伤疤，想问问能不能做祛疤",
]
OLD_SCAR_EMERGENCY = [
    "我是电工，刚才被电击了一下，手上有个黑色的伤口，心慌",
    "电工师傅被电击了，手上烧黑了一块，现在胸闷",
    "手上有旧的电击疤痕，今天又被电了一下，现在心跳很乱",
    "被蛇咬了，脚上两个牙印，肿得厉害",
]

# a swelling told gone (现在肿也消了)
SWELLING_GONE_CALM = [
    "前天被蛇咬了，去医院打了血清，观察了两天，现在肿也消了",
    "昨天被蛇咬了，打了血清，观察了一天，现在腿肿都消了",
    "前天被蛇咬，打了抗蛇毒血清，现在红肿也基本消了，还要复查吗",
]
SWELLING_GONE_EMERGENCY = [
    "前天被蛇咬了，打了血清，现在肿也消了，但是今天尿是酱油色，牙龈出血",
    "被蛇咬了，腿肿得厉害，肿还没消",
    "刚被蛇咬了，一个小时了，肿也没消，越来越大",
    "被蛇咬了半小时，现在肿都消了吗？还是很肿，头晕",
]

# a nose told no longer bleeding, or the packing out and no more flow (今天取出来没再流)
BLEEDING_OVER_CALM = [
    "昨天流鼻血很久，去急诊填塞了，今天取出来没再流",
    "前天鼻血流了很久，医生塞了纱条，今天拔出来也没再流了",
    "昨晚流鼻血流了好久，去医院处理了，今天鼻血没再流",
]
BLEEDING_OVER_EMERGENCY = [
    "昨天流鼻血很久，去急诊填塞了，今天取出来又流了，止不住",
    "流鼻血一个小时了还止不住",
    "鼻血流了很久，纱条取出来没再流，但是刚才又开始流了，止不住",
    "孕36周，破水了，现在没再流了",
    "手被刀割了个大口子，血止不住，伤口还在流",
]

# only a trace left on the skin (今天只剩一点红)
TRACE_LEFT_CALM = [
    "昨天被蜂蛰了肿起来，去急诊打了针，观察几个小时就回家了，今天只剩一点红",
    "前天被马蜂叮了，手肿了，医院打了针，现在只剩一点红印",
    "上午被蜜蜂蛰了，脸肿了一下，吃了过敏药，现在只剩一点点红",
    "前天对虾过敏起了疹子，打了针，今天就只剩一些印子",
]
TRACE_LEFT_EMERGENCY = [
    "刚被蜂蛰了，身上起了一片疹子，嗓子发紧，喘不上气",
    "昨天被蜂蛰了，今天只剩一点红，但是现在嘴唇肿了，喘不上气",
    "被蜂蛰了，胳膊只剩一点红，可人晕过去了，叫不醒",
    "被马蜂蛰了好几下，现在头晕、呼吸困难",
    "吃了虾过敏，疹子只剩一点红，但是喘不上气，嘴唇发紫",
    "被蜂蛰了，只剩一点红，喘得厉害，脸色发白",
]


@pytest.mark.parametrize(
    "text",
    LESSON_IN_CLASS_CALM
    + OTHER_MOTHERS_CHILD_CALM
    + WILDLIFE_PROGRAMME_CALM
    + WHY_NOT_MOVE_CALM
    + WRITING_OR_LESSON_CALM
    + EARLIER_BIRTH_YEAR_CALM
    + OLD_SCAR_CALM
    + SWELLING_GONE_CALM
    + BLEEDING_OVER_CALM
    + TRACE_LEFT_CALM,
)
def test_implied_calm_reading_stays_calm(text: str) -> None:
    assert not emergency(text), text


@pytest.mark.parametrize(
    "text",
    LESSON_IN_CLASS_EMERGENCY
    + OTHER_MOTHERS_CHILD_EMERGENCY
    + WILDLIFE_PROGRAMME_EMERGENCY
    + WHY_NOT_MOVE_EMERGENCY
    + WRITING_OR_LESSON_EMERGENCY
    + EARLIER_BIRTH_YEAR_EMERGENCY
    + OLD_SCAR_EMERGENCY
    + SWELLING_GONE_EMERGENCY
    + BLEEDING_OVER_EMERGENCY
    + TRACE_LEFT_EMERGENCY,
)
def test_same_words_told_as_an_emergency_stay_flagged(text: str) -> None:
    assert emergency(text), text

"""Near-misses of someone in one's charge that stay calm: a textbook or homework case
(案例里的病人…, 题干中的孕妇…), a pet's illness compared with people as a kind (养的老狗…
青光眼，人的青光眼也这样吗), and an event asked about as a what-if (她问被喷到眼睛会不会瞎);
and the same words read as emergencies when a real patient is at hand, or when the event is
told as done (眼镜蛇的毒液喷到她眼睛里了, 刚被喷到眼睛)."""

import pytest

from tests.redflag_support import flagged


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a real patient in front of the nurse or the trainee
        ("我是护士，病房里的病人阴道大出血，怎么评估出血量", "heavy_vaginal_bleeding"),
        ("我在急诊轮转，眼前这个病人阴道大出血，怎么评估出血量", "heavy_vaginal_bleeding"),
        ("交完作业回宿舍，室友突然咳出一大口鲜血", "haemoptysis"),
        ("护理专业的学生，实习时病房里的产妇突然阴道大出血", "heavy_vaginal_bleeding"),
        # a person in a pet's story, hurt now
        ("家里的狗一直叫，我跑出来一看，人倒在地上叫不醒", "unconsciousness"),
        (
            "养的老狗眼睛发蓝，带它看完兽医回来，我右眼突然胀痛，看灯有彩虹圈，还吐了",
            "acute_glaucoma",
        ),
        # venom or a spray in an eye told as done
        ("带孩子去动物园看眼镜蛇表演，眼镜蛇的毒液喷到她眼睛里了", "eye_injury"),
        ("刚才儿子被喷到眼睛，会不会瞎", "eye_injury"),
        ("孩子刚被喷到眼睛会不会瞎", "eye_injury"),
        ("老公在云南被眼镜蛇喷到眼睛了，现在睁不开", "eye_injury"),
        ("蛇毒喷进了我右眼，火辣辣地疼", "eye_injury"),
    ],
)
def test_a_real_patient_at_hand_is_read(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        # a textbook or homework case
        "护理专业的学生交作业，案例里的病人阴道大出血，问我怎么评估出血量",
        "老师布置的作业，案例里的患者突然胸口剧痛大汗，问该怎么处理",
        "这个案例中的孩子误吞了纽扣电池，护理措施有哪些",
        "复习时看到题干中的孕妇阴道大出血，我想知道先做什么",
        # a pet's illness compared with people as a kind
        "养的老狗一只眼睛突然发蓝变大，兽医说是青光眼，人的青光眼也这样吗",
        "我家猫一只眼突然红肿变大，宠物医院说是青光眼，人也会这样吗",
        # an event asked about as a what-if
        "带孩子去动物园看了眼镜蛇表演，她回来一直问被喷到眼睛会不会瞎",
        "孩子问被喷到眼睛会不会瞎",
        "女儿好奇被毒液喷到眼睛会怎么样",
    ],
)
def test_a_case_on_paper_a_pet_or_a_what_if_stays_calm(text: str) -> None:
    assert not flagged(text)

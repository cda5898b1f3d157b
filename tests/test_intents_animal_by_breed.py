"""A dog or a cat is often named by its breed (金毛, 柯基, 橘猫), and a bite told by where
it landed (一口咬在我儿子手上): both tell an animal bite on a person (the `$animal` word
class and the `person_patient` marker in intents/knowledge/red_flags.yml).  What the pet
bit to pieces, or a bite through a glove with the skin whole, is not an exposure.
Sentences written for this file."""

import pytest
from redflag_support import flagged

BITES = [
    "我们家金毛刚才咬了我老公，小腿上一个洞在冒血",
    "我家狗狗刚才护食，一口咬在我儿子手上，咬出血了",
    "邻居的柯基扑上来咬住了我女儿的手，流血了",
]

NOT_AN_EXPOSURE = [
    "我家金毛把拖鞋咬坏了",
    "我家柯基今天打狂犬疫苗，打完有点蔫",
    "泰迪咬在我手上，隔着手套，皮没破",
]


@pytest.mark.parametrize("text", BITES)
def test_a_bite_by_a_breed_or_told_by_where_it_landed_is_flagged(text):
    assert "animal_bite_rabies" in flagged(text)


@pytest.mark.parametrize("text", NOT_AN_EXPOSURE)
def test_a_breed_named_without_a_bite_through_the_skin_is_not(text):
    assert "animal_bite_rabies" not in flagged(text)

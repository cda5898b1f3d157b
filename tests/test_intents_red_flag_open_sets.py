"""Open red-flag case files (intents/eval/open/): independent sets not yet at recall 1.0.
Each is held at the number of emergencies it still misses — fixing one means lowering its
number here; a change that misses one more fails."""

from pathlib import Path

import pytest

from intents.cli import evaluate

OPEN = Path(__file__).resolve().parents[1] / "intents" / "eval" / "open"
# emergencies (single messages and conversations) each set may still miss
# (stop 22's P second half and Q missed nothing once ages told as answers, spoken glucose
# readings and pregnancy-only words reached the fact gates: intents/eval/red_flags_eighteenth
# and red_flags_nineteenth)
# (stop 24's development set W: ages and pregnancies told only by cues — 脐带还没掉,
# 百天照还没拍, 四维彩超刚做完, 离生还有三周 — first missed 26 of 90 and 16 of 120)
# (stop 25: W's pregnancies missed nothing once an antenatal test and the time since, the
# baby in the belly, maternity leave and placenta findings told a pregnancy — gated as
# intents/eval/red_flags_twenty_seventh; W's infants miss one, a fever with night feeds,
# whose age is now asked, once a baby home from an unnamed stay days ago was read as home
# from its birth, and the mother's birth wound, birth customs, an unformed BCG scar and
# jaundice not yet gone told an age)
# (stop 25's development sets: X2, pregnancies and diabetes told only by cues, first missed
# 15 of 150; Y1, hard wordings, first missed 12 of 475, gated in stop 26 as
# intents/eval/red_flags_thirty_first once infant ages told anywhere were read)
# (stop 26's development sets: Z1, the fact-dependent categories in depth, first missed 7 of
# 270; C1, conversations only, first missed 1 of 125, gated as
# intents/eval/red_flags_thirty_seventh once a turn that is only the baby's age was read;
# Z1 gated in stop 27 as intents/eval/red_flags_thirty_second once a child's dehydration
# told with nobody named — no child, no adult, no age — passed the classifier's gate)
# (stop 30's development sets: D1, D3 and D4, 1,350 lines each by independent writers — D3
# with half its emergencies asked as questions, told by numbers, played down or seen by a
# bystander; D4 with doctors' and relatives' words quoted — first missed 10, 7 and 24 of 950;
# what is left is a pregnancy or a bleeding's site not told, or a sign softened with nothing
# else beside it. D2 missed nothing: intents/eval/red_flags_forty_seventh; D3 followed in
# stop 31: intents/eval/red_flags_forty_eighth)
# (stop 31's development sets, 1,350 lines each by independent writers: D5 leaning on played
# down, questions, bystanders and numbers, first missed 22 of 950, what is left a sign told
# with too little to know it from an ordinary complaint (我孙子说下面疼, 尿不出来 with no age);
# D6 dialect, slips, long posts and late turns, first missed 5, now 1 (人突然晕倒叫不醒，应该怎么
# 急救, a how-to with no one named); D7 and D8 missed nothing once fixed: intents/eval/
# red_flags_fifty_second and red_flags_fifty_third)
# (stop 32's development sets, by seven more independent writers: D9, the 13 most-missed
# categories in depth, first missed 20 of 585, now 4; D10 played down, seen by a bystander or
# asked, first missed 15, now 2; D11 rural voice input, dialect, brand names and 中文 numerals,
# first missed 6, now 3; D13 children and the very old told by their carers with numbers, first
# missed 7, now 1 — what is left is a pregnancy or an age never told, or a sign too vague to
# tell from an ordinary complaint. D12 (emergencies inside errands and long posts), D14 (the
# writer far from the patient: video calls, relayed and forwarded messages, first missed 36)
# and D15 (facts implied, not stated) missed nothing once fixed: intents/eval/
# red_flags_fifty_seventh, _fifty_ninth and _sixtieth; stop 25's X pregnancies and stop 31's D6
# missed nothing any more and moved up: intents/eval/red_flags_thirtieth, _fifty_first)
# (stop 33's development sets, by nine more independent writers: D16, the 12 categories the
# held-out sets missed most, 45 emergencies each, first missed 10 of 540, now 1 (a first-aid
# question about no one named: 晕倒的人呼吸很慢很弱，怎么判断还有没有心跳？); D17 played down,
# seen by a bystander or asked, first missed 26 of 950, now 2 (a fish bone with no danger sign;
# a red, painful eye alone as glaucoma); D20 pregnancy and infant facts told only by cues,
# first missed 7 of 360, now 1 (a wife's flow she cannot hold, no pregnancy told). D18 (hard
# near-misses), D19 (conversations) and D21 (plain lay words) missed nothing once fixed:
# intents/eval/red_flags_sixty_third, _sixty_fourth and _sixty_sixth; D22, terse, voice-typed
# and played down, first missed 15 of 950 and is gated as red_flags_sixty_seventh; D23,
# regional words, traditional characters, English and pinyin initials mixed in, first missed 7,
# now 3 (a wife's swelling and flashes with no pregnancy told; first aid asked for heat stroke
# with no one named; "尿不出来怎么办" with no one named); D24, the emergency one item among
# several people or complaints, first missed 8, now 5 (a what-if of coughing blood; a wife's
# swelling or waters and a baby's breathing with no pregnancy or age told; a right-sided belly
# pain with fever played down as "可能是吃坏了吧")
# (stop 34's development sets, by seven more independent writers, 1,350 lines each unless
# told: D25 the rarest lay words, folk names and metaphors, first missed 7 of 950, now 4; D26
# the needed facts told only by cues (预产期下个月, 满月酒, 打胰岛素的笔), first missed 11, now 5;
# D27 emergencies that carry a calm-looking trap (a first-aid question with no one named, a
# what-if that is now, a wish to wait), first missed 12, now 3; D28 conversations, 10 singles
# and 9 conversations a category, first missed 45, now 27 — most of them turns that are bare
# answers to a question the bot asked (是的 / 肝硬化 / 十年了), which tell no emergency without
# that question; D30 half seen by a bystander, half played down, first missed 9, now 1. D29
# (relatives far away and people responsible for others, first missed 11) and D31 (1,300
# lines, two near-misses of each kind a category, first missed 2) missed nothing once fixed:
# intents/eval/red_flags_seventy_fourth and _seventy_sixth; stop 30's D4 missed nothing any
# more and moved up: intents/eval/red_flags_forty_ninth)
STILL_MISSED: dict[str, int] = {
    "red_flags_twenty_sixth.jsonl": 1,
    "red_flags_forty_sixth.jsonl": 3,
    "red_flags_fiftieth.jsonl": 2,
    "red_flags_fifty_fourth.jsonl": 4,
    "red_flags_fifty_fifth.jsonl": 2,
    "red_flags_fifty_sixth.jsonl": 3,
    "red_flags_fifty_eighth.jsonl": 1,
    "red_flags_sixty_first.jsonl": 1,
    "red_flags_sixty_second.jsonl": 2,
    "red_flags_sixty_fifth.jsonl": 1,
    "red_flags_sixty_eighth.jsonl": 2,
    "red_flags_sixty_ninth.jsonl": 2,
    "red_flags_seventieth.jsonl": 4,
    "red_flags_seventy_first.jsonl": 5,
    "red_flags_seventy_second.jsonl": 3,
    "red_flags_seventy_third.jsonl": 27,
    "red_flags_seventy_fifth.jsonl": 1,
}


def test_every_open_set_has_a_ratchet() -> None:
    assert sorted(p.name for p in OPEN.glob("red_flags*.jsonl")) == sorted(STILL_MISSED)


@pytest.mark.skipif(not STILL_MISSED, reason="no open set: every set is gated at recall 1.0")
@pytest.mark.parametrize("name", sorted(STILL_MISSED))
def test_open_sets_miss_no_more_than_recorded(name: str) -> None:
    m = evaluate(OPEN / name)
    missed = [x for x in m["misses"] if "missed_emergency" in x]
    assert len(missed) <= STILL_MISSED[name], missed
    assert m["near_miss_false_rate"] <= 0.10

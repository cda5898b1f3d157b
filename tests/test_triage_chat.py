"""Triage in chat, through `/wechat`: red flags first, clarifying questions, a
department with a reason and an offer to book, top 3 when unsure, a human on request."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from chat_support import GREETING, Chat

from bot.app import create_app
from bot.clock import FrozenClock
from bot.compose import build_services
from bot.config import DEFAULT_CONFIG, ConfigError, Settings, parse_settings
from bot.storage import Storage
from handlers.triage import QUESTIONS, RedFlagEventRepo
from intents.redflags import ASKABLE

DISCLAIMER = "不能代替医生诊断"
TEMPLATES = Path(__file__).resolve().parents[1] / "handlers" / "templates" / "triage"
FALLBACK = (
    "抱歉，我没有完全理解您的意思。您可以这样问我：\n· “头疼发烧挂什么科”\n"
    "· “预约明天的儿科”\n· “查一下我的报告”\n· 回复“人工”联系客服（0571-88888888）"
)
ASK_SYMPTOM = (
    "请告诉我您哪里不舒服、大概多长时间了，我来帮您推荐科室。\n例如：“胃疼三天了，吃完饭更明显”。"
)


@pytest.fixture
async def chat(aiohttp_client: Any, settings: Settings, storage: Storage) -> Chat:
    services = build_services(settings, storage)
    await services.nlu.parse("你好")  # load the model before the first reply
    client = await aiohttp_client(create_app(settings, services=services))
    return Chat(client, services, "o_triage_1")


async def test_clear_symptom_names_department_reason_and_offers_booking(chat: Chat) -> None:
    reply = await chat.say("最近老是咳嗽有痰，晚上更厉害")
    assert "【呼吸内科】" in reply
    assert "理由：" in reply
    assert "预约呼吸内科" in reply  # the quick reply that books it
    assert "/h5/booking?dept=resp" in reply
    assert DISCLAIMER in reply
    conv = await chat.services.conversations.load(chat.openid)
    assert conv.data["triage_department"] == "呼吸内科"


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("胸口剧痛，左边胳膊也疼，出冷汗", "不要自己开车"),
        ("老公突然口角歪斜，一边手脚没劲", "记下症状开始"),
    ],
)
async def test_red_flags_come_before_anything_else(chat: Chat, text: str, advice: str) -> None:
    await chat.click("BOOK")  # even in the middle of another conversation
    reply = await chat.say(text)
    assert reply.startswith("⚠️") and "拨打 120" in reply
    assert advice in reply  # what to do now, for this red flag
    emergency = chat.services.settings.hospital["emergency"]
    assert emergency["phone"] in reply and emergency["address"] in reply
    assert "预约" not in reply and "/h5/booking" not in reply and DISCLAIMER not in reply
    assert (await chat.state())[0] == ""  # the booking form was abandoned


async def test_an_emergency_interrupts_a_form_where_an_id_number_is_expected(chat: Chat) -> None:
    await chat.click("PATIENTS")
    assert "姓名" in await chat.say("添加就诊人")
    assert (await chat.state())[0] == "patient_add:ask_name"
    reply = await chat.say("等一下，孩子吃果冻噎住了，脸都紫了")
    assert reply.startswith("⚠️") and "海姆立克" in reply
    assert (await chat.state())[0] == ""


async def test_each_red_flag_event_is_stored_for_staff_without_the_message(
    chat: Chat, storage: Storage
) -> None:
    await chat.say("我爸吃了一整瓶安眠药，现在叫不醒")
    [event] = await storage.repo(RedFlagEventRepo).recent()
    assert event["openid"] == chat.openid and event["acuity"] == "call_120"
    assert {"drug_overdose", "unconsciousness"} <= set(event["categories"])
    assert set(event) == {"openid", "at", "acuity", "categories", "evidence"}
    assert all(len(e) <= 60 and e in "我爸吃了一整瓶安眠药，现在叫不醒" for e in event["evidence"])


async def test_several_red_flags_make_one_numbered_message(chat: Chat) -> None:
    reply = await chat.say("我爸吃了一整瓶安眠药，现在叫不醒")
    assert "1. " in reply and "2. " in reply and "。；" not in reply
    assert "药盒" in reply  # overdose: bring the packet
    assert reply.count("拨打 120") >= 1


async def test_suicide_answer_is_warm_direct_and_offers_a_human(chat: Chat) -> None:
    reply = await chat.say("我不想活了，安眠药都攒好了")
    assert "12356" in reply and "120" in reply and "陪" in reply
    assert "人工" in reply  # a person to talk to
    assert DISCLAIMER not in reply and "预约" not in reply and "仅供参考" not in reply
    assert not reply.startswith("⚠️")
    assert chat.services.settings.hospital["phone"] in await chat.say("人工")


@pytest.fixture
async def timed_chat(aiohttp_client: Any, settings: Settings, storage: Storage) -> Chat:
    clock = FrozenClock(datetime(2025, 6, 15, 10, 0), settings.tz)
    services = build_services(settings, storage, clock=clock)
    await services.nlu.parse("你好")
    client = await aiohttp_client(create_app(settings, services=services))
    return Chat(client, services, "o_triage_timed")


async def test_symptoms_add_up_across_turns_for_half_an_hour(timed_chat: Chat) -> None:
    first = await timed_chat.say("孩子发烧两天了")
    assert not first.startswith("⚠️")
    reply = await timed_chat.say("脖子有点硬，低头困难")
    assert reply.startswith("⚠️") and "脑膜炎" in reply
    # answered: the next message starts afresh
    assert not (await timed_chat.say("脖子有点硬")).startswith("⚠️")
    await timed_chat.say("孩子发烧两天了")
    timed_chat.services.clock.advance(minutes=31)  # type: ignore[attr-defined]
    assert not (await timed_chat.say("脖子有点硬，低头困难")).startswith("⚠️")


async def test_a_fact_stated_without_a_symptom_reaches_the_red_flags_of_later_turns(
    timed_chat: Chat,
) -> None:
    """An age, an exposure or a medicine said on its own (no symptom yet) is kept with
    the symptom turns, as `nlu eval` passes every earlier turn."""
    await timed_chat.say("我儿子才2个月大")  # we ask what is wrong …
    await timed_chat.say("我要挂号")  # … another flow starts and is cancelled
    await timed_chat.say("取消")
    reply = await timed_chat.say("发烧38度5")
    assert reply.startswith("⚠️") and "3 个月以下" in reply, reply
    await timed_chat.say("她停经两个月了")
    await timed_chat.say("查报告")
    reply = await timed_chat.say("现在一侧肚子很痛")
    assert reply.startswith("⚠️") and "宫外孕" in reply, reply
    # nothing about the patient: not kept, later messages are read alone
    await timed_chat.say("明天上午张医生有号吗")
    assert not (await timed_chat.say("发烧38度5")).startswith("⚠️")


async def test_kept_turns_hold_no_id_or_phone_number_in_the_clear(timed_chat: Chat) -> None:
    """The kept turns live in the conversation state (Redis, not encrypted): an ID or a
    phone number typed with a symptom or a fact is masked there; the red flags still add up."""
    await timed_chat.say("孩子2个月，身份证号110101202409071234，电话13912345678")
    conversations = timed_chat.services.conversations
    raw = await conversations.redis.get(conversations.key(timed_chat.openid))
    assert raw and b"202409071234" not in raw and b"13912345678" not in raw
    kept = " ".join(t["text"] for t in json.loads(raw)["data"]["symptoms"])
    assert "孩子2个月" in kept and "202409071234" not in kept and "13912345678" not in kept
    reply = await timed_chat.say("发烧38度5")
    assert reply.startswith("⚠️") and "3 个月以下" in reply, reply


def test_the_emergency_block_of_the_hospital_profile_is_validated() -> None:
    raw = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    raw["hospital"]["emergency"] = {"phone": "0571-1"}
    with pytest.raises(ConfigError, match=r"hospital\.emergency\.address[\s\S]*Fix: "):
        parse_settings(raw)
    raw["hospital"]["emergency"] = "急诊楼"
    with pytest.raises(ConfigError, match=r"hospital\.emergency: must be a mapping[\s\S]*Fix: "):
        parse_settings(raw)


async def test_unclear_symptom_asks_then_answers_within_two_turns(chat: Chat) -> None:
    first = await chat.say("疼")
    form, slots = await chat.state()
    assert form == "triage:clarify" and slots["turns"] == 1
    assert "部位" in first and DISCLAIMER not in first  # where does it hurt?
    second = await chat.say("肚子")
    third = second if DISCLAIMER in second else await chat.say("三天了")
    assert DISCLAIMER in third  # at most two questions, then departments
    assert "消化内科" in third and "预约" in third
    assert (await chat.state())[0] == ""


@pytest.mark.parametrize(
    ("first", "question", "watch", "answer", "category"),
    [
        ("宝宝发烧38度5", "多大年龄", "不满3个月", "两个月", "3 个月以下的宝宝"),
        ("头疼眼花，血压160", "是否怀孕", "怀孕5个月以上", "怀孕32周了", "子痫前期"),
    ],
)
async def test_a_fact_an_emergency_hinges_on_is_asked_first_with_what_to_do_meanwhile(
    chat: Chat, first: str, question: str, watch: str, answer: str, category: str
) -> None:
    """The classifier reads an emergency that needs a fact nobody told (a baby's age, a
    pregnancy): the bot asks for it at once, says what to do meanwhile if it is so, and
    the answer, read with the first message, makes it the emergency."""
    reply = await chat.say(first)
    assert question in reply and watch in reply
    assert chat.services.settings.hospital["emergency"]["phone"] in reply
    assert "预约" not in reply and DISCLAIMER not in reply
    assert (await chat.state())[0] == "triage:clarify"
    emergency = await chat.say(answer)
    assert emergency.startswith("⚠️") and category in emergency


async def test_the_asked_fact_told_otherwise_ends_in_a_department(chat: Chat) -> None:
    assert "不满3个月" in await chat.say("宝宝发烧38度5")
    reply = await chat.say("8个月")
    assert not reply.startswith("⚠️") and "儿科" in reply
    assert "不满3个月" not in reply  # asked once
    # the age answered is kept for the conversation's later turns: not asked again
    assert "多大年龄" not in await chat.say("宝宝还是发烧，38度8")


async def test_a_told_age_leaves_nothing_to_ask(chat: Chat) -> None:
    reply = await chat.say("宝宝八个月，发烧38度5")
    assert "不满3个月" not in reply and "多大年龄" not in reply


async def test_a_new_request_leaves_the_triage_questions(chat: Chat) -> None:
    await chat.say("疼")
    assert (await chat.state())[0] == "triage:clarify"
    reply = await chat.say("医院地址在哪")
    assert chat.services.settings.hospital["address"] in reply


@pytest.mark.parametrize(("text", "dept"), [("现在皮肤痒", "皮肤科"), ("现在在发烧", "发热门诊")])
async def test_a_symptom_said_with_a_time_word_after_a_queue_question_is_triaged(
    chat: Chat, text: str, dept: str
) -> None:
    """ "现在…" opens many queue questions ("现在到几号了"); with a symptom after it, it is
    a patient describing how they feel now, not another queue question."""
    assert "没有待就诊的预约" in await chat.say("排队到几号了")
    reply = await chat.say(text)
    assert "没有待就诊的预约" not in reply
    assert f"【{dept}】" in reply and DISCLAIMER in reply


async def test_human_agent_and_menu_triage(chat: Chat) -> None:
    assert chat.services.settings.hospital["phone"] in await chat.say("转人工")
    start = await chat.click("TRIAGE")
    assert "描述" in start
    assert (await chat.state())[0] == "triage:clarify"
    reply = await chat.say("眼睛红肿发痒，一直流眼泪")
    assert "眼科" in reply


@pytest.mark.parametrize(
    "text", ["😀😀😀", "1234567890", "<xml><a>1</a></xml>", "hello 我想 book 一个号", "x" * 5000]
)
async def test_odd_input_gets_a_helpful_reply(chat: Chat, text: str) -> None:
    """Not an error and not just any text: one of the answers that say what to do next
    (which one depends on the NLU's reading, e.g. a long run of letters reads as a
    symptom not yet described)."""
    reply = await chat.say(text)
    assert reply in (FALLBACK, GREETING, ASK_SYMPTOM), reply


async def test_the_clarify_limit_ends_in_three_departments_and_a_human_contact(
    aiohttp_client: Any, settings: Settings, storage: Storage
) -> None:
    """`nlu.clarify_max_turns` from config.yml: once it is spent, the patient gets the
    three most likely departments and how to reach a person, instead of another question."""
    default = build_services(settings, storage)
    asking = Chat(
        await aiohttp_client(create_app(settings, services=default)), default, "o_clarify_asks"
    )
    # With questions left (config.yml allows 2), the NLU asks before recommending.
    assert await asking.say("头晕") == "请问患者多大年龄？（例如“5岁”“3个月”“65岁”）"

    raw = {**settings.raw, "nlu": {**settings.section("nlu"), "clarify_max_turns": 0}}
    spent = settings.with_overrides(raw=raw)
    services = build_services(spent, storage)
    chat = Chat(
        await aiohttp_client(create_app(spent, services=services)), services, "o_clarify_limit"
    )
    reply = await chat.say("头晕")
    lines = reply.splitlines()
    assert lines[0] == "根据您的描述，以下科室可能适合您："
    assert [line.split("：")[0] for line in lines[1:4]] == [
        "1. 神经内科",
        "2. 血液内科",
        "3. 耳鼻喉科",
    ]
    assert all(len(line.split("：", 1)[1]) > 4 for line in lines[1:4])  # each with a reason
    assert lines[4:] == [
        "",
        "回复“预约+科室名”挂号，例如“预约神经内科”；拿不准可回复“人工”咨询导诊台。",
        "（以上为智能导诊建议，仅供参考，不能代替医生诊断。）",
    ]
    assert (await chat.state())[0] == ""  # no further question pending
    # The human contact it offers answers with the hospital's phone.
    assert await chat.say("人工") == (
        "正在为您转接人工服务：\n"
        "· 导诊台电话：0571-88888888（门诊 周一至周日 8:00-12:00，13:30-17:30；急诊 24 小时）\n"
        "· 工作时间内也可直接在此留言，客服人员会尽快回复您。\n"
        "如遇紧急情况，请拨打 120。"
    )


def test_every_fact_the_red_flag_layer_may_ask_has_a_question_in_the_dialogue() -> None:
    assert set(ASKABLE) <= set(QUESTIONS)
    for question in ASKABLE:
        assert (TEMPLATES / f"clarify_{question}.j2").read_text(encoding="utf-8").count("_watch")

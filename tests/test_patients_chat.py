"""Managing patients by chat, end to end through `/wechat` (signed XML, real app)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import pytest
from chat_support import Chat

from bot.app import create_app
from bot.clock import FrozenClock
from bot.compose import build_services
from bot.config import Settings
from bot.dialogue.state import ConversationStore
from bot.storage import Storage

TEST_KEY = "test-only-secret-key-0123456789abcdef"
OPENID = "o_chat_patient"
ID = "11010519491231002X"
PHONE = "13812345678"
CHILD = "110105201506011238"  # 10 years old on 2025-06-15
PARENT = "110105198001010112"


@pytest.fixture
async def chat(aiohttp_client: Any, settings: Settings, storage: Storage) -> Chat:
    s = settings.with_overrides(secret_key=TEST_KEY)
    services = build_services(s, storage, clock=FrozenClock(datetime(2025, 6, 15, 10, 0), s.tz))
    await services.nlu.parse("你好")  # load the model before the first timed reply
    client = await aiohttp_client(create_app(s, services=services))
    return Chat(client, services, OPENID)


async def test_add_a_patient_through_the_chat_form(
    chat: Chat, storage: Storage, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert "还没有添加就诊人" in await chat.click("PATIENTS")
    assert "姓名" in await chat.say("添加就诊人")
    assert "证件号码" in await chat.say("张三")
    # a typo is refused and the form stays on the same question
    reply = await chat.say("110105194912310021")
    assert "校验不通过" in reply and "重新输入" in reply
    reply = await chat.say(ID.lower())
    assert "手机号" in reply and "居民身份证" in reply
    raw_state = await storage.redis.get(ConversationStore.key(OPENID))
    assert raw_state and ID.encode() not in raw_state and ID.lower().encode() not in raw_state
    assert "手机号格式不对" in await chat.say("12345")
    assert "关系" in await chat.say("138 1234 5678")
    reply = await chat.say("我自己")
    assert "已添加就诊人：张三（本人）" in reply and "默认" in reply
    assert "110***********002X" in reply and "138****5678" in reply
    assert ID not in reply and PHONE not in reply
    assert await storage.redis.get(ConversationStore.key(OPENID)) is None  # form over, state gone
    [patient] = await chat.services.patients.list(OPENID)
    assert patient.id_number == ID and patient.phone == PHONE and patient.relation == "本人"
    reply = await chat.say("就诊人")
    assert "1. 张三（本人）【默认】" in reply and "/h5/patients" in reply
    assert "仅可预约挂号" in reply
    # nothing on the whole /wechat path logged the numbers (raw records, before masking)
    assert caplog.records
    logged = caplog.text + "".join(repr(r.__dict__) for r in caplog.records)
    for secret in (ID, ID.lower(), PHONE, "138 1234 5678"):
        assert secret not in logged


async def test_minor_needs_a_guardian_in_chat(chat: Chat) -> None:
    await chat.say("添加就诊人")
    await chat.say("小明")
    await chat.say(CHILD)
    await chat.say("13912345678")
    reply = await chat.say("孩子")
    assert "未满 16 周岁" in reply and "监护人的姓名" in reply
    assert "证件号码" in await chat.say("张三")
    reply = await chat.say("110105201006161248")  # a 14-year-old cannot be the guardian
    assert "年满 18 周岁" in reply
    assert "不能是就诊人本人" in await chat.say(CHILD)
    reply = await chat.say(PARENT)
    assert "已添加就诊人：小明（子女）" in reply
    [kid] = await chat.services.patients.list(OPENID)
    assert kid.guardian_name == "张三" and kid.guardian_id_number == PARENT


async def test_cancel_ends_the_form_without_saving(chat: Chat, storage: Storage) -> None:
    await chat.say("添加就诊人")
    await chat.say("张三")
    await chat.say(ID)
    assert "已退出「添加就诊人」" in await chat.say("取消")
    assert await storage.redis.get(ConversationStore.key(OPENID)) is None
    assert await chat.services.patients.list(OPENID) == []


async def test_default_remove_and_bind_card_by_chat(chat: Chat) -> None:
    svc = chat.services.patients
    for name, number, rel in (("张三", ID, "本人"), ("李四", PARENT, "配偶")):
        await chat.say("添加就诊人")
        await chat.say(name)
        await chat.say(number)
        await chat.say(PHONE)
        assert "已添加就诊人" in await chat.say(rel)
    assert "已将李四设为默认就诊人" in await chat.say("设为默认 2")
    assert (await svc.default(OPENID)).name == "李四"  # type: ignore[union-attr]

    from handlers.his.local import CardRepo

    await chat.services.storage.repo(CardRepo).col.insert_one(
        {"_id": "20250001", "name": "张三", "id_hash": svc.keyring.lookup_hash(ID)}
    )
    assert "哪位就诊人" in await chat.say("绑定就诊卡")
    assert "就诊卡号" in await chat.say("1")
    assert "绑定成功" in await chat.say("20250001")
    # the card is 张三's: 李四 cannot take it
    await chat.say("绑定就诊卡 2")
    assert "已绑定在您的其他就诊人上" in await chat.say("20250001")
    zhang, li = await svc.list(OPENID)
    assert zhang.can_use_online_services and not li.can_use_online_services


@pytest.mark.parametrize("card, expected", [("20250001", "绑定成功"), ("20259999", "无法绑定")])
async def test_bind_card_by_chat(chat: Chat, card: str, expected: str) -> None:
    svc = chat.services.patients
    await chat.say("添加就诊人")
    await chat.say("张三")
    await chat.say(ID)
    await chat.say(PHONE)
    await chat.say("本人")
    from handlers.his.local import CardRepo

    await chat.services.storage.repo(CardRepo).col.insert_one(
        {"_id": "20250001", "name": "张三", "id_hash": svc.keyring.lookup_hash(ID)}
    )
    assert "张三的就诊卡号" in await chat.say("绑定就诊卡")  # one patient: no question
    assert expected in await chat.say(card)
    [p] = await svc.list(OPENID)
    assert p.can_use_online_services == (expected == "绑定成功")


async def test_remove_by_number(chat: Chat) -> None:
    svc = chat.services.patients
    for name, number, rel in (("张三", ID, "本人"), ("李四", PARENT, "配偶")):
        await chat.say("添加就诊人")
        await chat.say(name)
        await chat.say(number)
        await chat.say(PHONE)
        await chat.say(rel)
    assert "要删除第几位" in await chat.say("删除就诊人")
    reply = await chat.say("删除就诊人 1")
    assert "已删除就诊人张三（110***********002X）" in reply
    [left] = await svc.list(OPENID)
    assert left.name == "李四" and left.is_default  # default moved to the one left


async def test_free_text_request_prefills_the_relation(chat: Chat) -> None:
    assert "姓名" in await chat.say("帮我妈添加一个就诊人")  # NLU: bind_patient, relation
    await chat.say("王秀英")
    await chat.say(PARENT)
    reply = await chat.say(PHONE)  # no relation question: it came with the request
    assert "已添加就诊人：王秀英（父母）" in reply


async def test_unknown_and_mismatching_cards_get_the_same_reply(chat: Chat) -> None:
    svc = chat.services.patients
    await chat.say("添加就诊人")
    await chat.say("张三")
    await chat.say(ID)
    await chat.say(PHONE)
    await chat.say("本人")
    from handlers.his.local import CardRepo

    await chat.services.storage.repo(CardRepo).col.insert_many(
        [  # someone else's card, and a card in 张三's name with another ID number
            {"_id": "20250007", "name": "李四", "id_hash": svc.keyring.lookup_hash(PARENT)},
            {"_id": "20250008", "name": "张三", "id_hash": svc.keyring.lookup_hash(PARENT)},
        ]
    )
    replies = []
    for card in ("20259999", "20250007", "20250008"):
        assert "就诊卡号" in await chat.say("绑定就诊卡")
        replies.append(await chat.say(card))
    assert replies[0] == replies[1] == replies[2], replies
    assert "无法绑定" in replies[0] and "门诊服务台" in replies[0]
    [p] = await svc.list(OPENID)
    assert not p.can_use_online_services

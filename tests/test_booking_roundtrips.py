"""MongoDB round trips of the chat booking path, counted on the wire.

A pymongo `CommandListener` on the test's own client counts every command the real
dispatcher sends while one patient books through chat. The bounds are the design
(handlers/booking/service.py): 2 for the first message, 1 for the choice, 4 for the
confirmation (the place and the appointment are one transaction: + its commit). A regression that re-reads a patient or a schedule fails here.
The later tests show that the schedule carried from the choice to the confirmation
never lets a stopped or full session, or a removed patient, be booked.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from booking_support import (
    TODAY,
    Commands,
    add_doctor,
    add_patient,
    counted_services,
    make_schedule,
    ref,
    remaining,
)

from bot.config import Settings
from bot.dialogue import Message
from bot.services import Services


@pytest.fixture
async def counted(settings: Settings) -> AsyncIterator[tuple[Services, Commands]]:
    listener = Commands()
    async with counted_services(settings, listener) as services:
        # The app rebuilds the patients' account index at start-up; here the fixture
        # does, so that no rebuild runs in the background while a test counts commands.
        assert await services.patients.repo.accounts.rebuild()
        yield services, listener


class Chat:
    def __init__(self, services: Services, listener: Commands, openid: str) -> None:
        self.services, self.listener, self.openid, self.n = services, listener, openid, 0

    async def say(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """The reply and the MongoDB commands this one message cost."""
        self.n += 1
        msg = Message(
            openid=self.openid,
            kind="text",
            create_time=self.n,
            text=text,
            msg_id=f"{self.openid}:{self.n}",
        )
        self.listener.seen.clear()
        self.listener.on = True
        try:
            reply = await self.services.dispatcher.dispatch(msg)
        finally:
            self.listener.on = False
        return reply.text, list(self.listener.seen)


async def test_a_chat_booking_costs_at_most_seven_round_trips(
    counted: tuple[Services, Commands],
) -> None:
    services, listener = counted
    await add_patient(services, "o_rt", "张三")
    doctor = await add_doctor(services)
    sid = await make_schedule(
        services, TODAY + timedelta(days=1), "上午", capacity=5, doctor=doctor
    )
    await make_schedule(services, TODAY + timedelta(days=2), "上午", capacity=5, doctor=doctor)
    chat = Chat(services, listener, "o_rt")

    reply, first = await chat.say("帮我约明天上午的眼科")
    assert "1. " in reply and "李明" in reply and "回复序号选择" in reply
    assert "11月24日" not in reply  # the window is read once, the asked day shown
    reply, choice = await chat.say("1")
    assert "请确认预约信息" in reply and "张三（本人）" in reply
    reply, confirm = await chat.say("确认")
    assert "预约成功" in reply and "第 1 号" in reply

    assert len(first) <= 2, first
    assert len(choice) <= 2, choice
    assert len(confirm) <= 4, confirm
    assert confirm[-1][0] == "commitTransaction"  # place + appointment: one transaction
    assert len(first) + len(choice) + len(confirm) <= 7, (first, choice, confirm)
    # the place is taken by exactly one conditional update, then one insert
    assert [c for c in confirm if c[0] in ("findAndModify", "update", "insert")] == [
        ("findAndModify", "his_schedules"),
        ("insert", "appointments"),
    ]
    assert await remaining(services, sid) == 4
    appts = services.booking.appointments.col
    assert await appts.count_documents({"schedule_id": sid, "active": True}) == 1


async def test_questions_cost_at_most_two_round_trips(
    counted: tuple[Services, Commands],
) -> None:
    services, listener = counted
    await add_patient(services, "o_q", "张三")
    await add_patient(services, "o_q", "张母", relation="母亲")
    await make_schedule(services, TODAY + timedelta(days=1), "上午", capacity=2)
    chat = Chat(services, listener, "o_q")

    reply, asked = await chat.say("帮我约明天下午的眼科")
    assert "为哪位就诊人" in reply
    assert len(asked) <= 2, asked
    # nothing in the afternoon: the other times of the window, from the same one query
    reply, listed = await chat.say("2")
    assert "没有可预约的号了" in reply and "上午" in reply
    assert len(listed) <= 2, listed
    reply, choice = await chat.say("1")
    assert "请确认预约信息" in reply and "张母（父母）" in reply
    assert len(choice) <= 2, choice


async def test_a_named_doctor_comes_from_the_cached_doctor_list(
    counted: tuple[Services, Commands],
) -> None:
    services, listener = counted
    await add_patient(services, "o_doc", "张三")
    doctor = await add_doctor(services)  # the process has read the doctors before
    await make_schedule(services, TODAY + timedelta(days=1), "上午", capacity=2, doctor=doctor)
    await make_schedule(services, TODAY + timedelta(days=1), "下午", capacity=2)
    chat = Chat(services, listener, "o_doc")

    reply, first = await chat.say("帮我约李明医生明天上午的号")
    assert "李明" in reply and "普通门诊" not in reply and "回复序号选择" in reply
    assert ("find", "his_doctors") not in first
    assert len(first) <= 2, first


async def test_a_session_stopped_after_the_choice_is_not_booked(
    counted: tuple[Services, Commands],
) -> None:
    services, listener = counted
    await add_patient(services, "o_stop", "张三")
    sid = await make_schedule(services, TODAY + timedelta(days=1), "上午", capacity=3)
    chat = Chat(services, listener, "o_stop")
    await chat.say("帮我约明天上午的眼科")
    reply, _ = await chat.say("1")
    assert "请确认预约信息" in reply

    await services.booking.stop_session(sid, "医生临时出差")
    reply, _ = await chat.say("确认")
    assert "已停诊" in reply and "预约成功" not in reply
    assert await services.booking.appointments.col.count_documents({"schedule_id": sid}) == 0


async def test_a_session_filled_after_the_choice_offers_the_waitlist(
    counted: tuple[Services, Commands],
) -> None:
    services, listener = counted
    await add_patient(services, "o_late", "张三")
    sid = await make_schedule(services, TODAY + timedelta(days=1), "上午", capacity=1)
    chat = Chat(services, listener, "o_late")
    await chat.say("帮我约明天上午的眼科")
    reply, _ = await chat.say("1")
    assert "请确认预约信息" in reply

    await services.booking.book(await ref(services, "o_fast", "李四"), sid, idem_key="f")
    reply, _ = await chat.say("确认")
    assert "已约满" in reply and "候补" in reply
    assert await remaining(services, sid) == 0
    assert await services.booking.appointments.col.count_documents({"schedule_id": sid}) == 1


async def test_a_patient_removed_after_the_choice_is_not_booked(
    counted: tuple[Services, Commands],
) -> None:
    services, listener = counted
    patient = await add_patient(services, "o_gone", "张三")
    sid = await make_schedule(services, TODAY + timedelta(days=1), "上午", capacity=3)
    chat = Chat(services, listener, "o_gone")
    await chat.say("帮我约明天上午的眼科")
    reply, _ = await chat.say("1")
    assert "请确认预约信息" in reply

    await services.patients.remove("o_gone", patient.id)
    reply, _ = await chat.say("确认")
    assert "没有找到这位就诊人" in reply
    assert await remaining(services, sid) == 3


async def test_payment_questions_of_a_new_account_cost_one_round_trip(
    counted: tuple[Services, Commands],
) -> None:
    """A "缴费" from an account with no patient is answered from the patients' account
    index (no query once the index is complete); from an account with no card holder it
    reads its patients only: registration holds (the appointments) matter to card
    holders alone."""
    services, listener = counted
    chat = Chat(services, listener, "o_new")
    reply, commands = await chat.say("缴费")
    assert reply
    assert commands == [], commands
    await add_patient(services, "o_new", "张三")  # no card bound yet
    _, commands = await chat.say("缴费")
    assert commands == [("find", "patients")], commands

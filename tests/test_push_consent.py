"""Subscription-notification consent: WeChat's event XML → our record → one send each."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from bot.clock import SHANGHAI
from bot.storage import Storage
from bot.wechat import xml_in
from bot.wechat.simulate import event_xml
from bot.wechat.subscribe_events import SubscribeChoice, subscribe_choices
from push.consent import SubscribeConsent, record_consent_event

AT = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)


def popup_xml(*items: tuple[str, str], openid: str = "o_a") -> str:
    """`subscribe_msg_popup_event` as WeChat sends it: one <List> per template."""
    lists = "".join(
        f"<List><TemplateId><![CDATA[{t}]]></TemplateId>"
        f"<SubscribeStatusString><![CDATA[{s}]]></SubscribeStatusString>"
        "<PopupScene>2</PopupScene></List>"
        for t, s in items
    )
    return (
        "<xml><ToUserName><![CDATA[gh_hospital]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        "<CreateTime>1610969440</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        "<Event><![CDATA[subscribe_msg_popup_event]]></Event>"
        f"<SubscribeMsgPopupEvent>{lists}</SubscribeMsgPopupEvent></xml>"
    )


def test_popup_event_with_several_templates() -> None:
    msg = xml_in.parse(popup_xml(("T_VISIT", "accept"), ("T_REPORT", "reject")))
    assert subscribe_choices(msg) == [
        SubscribeChoice("T_VISIT", "accept"),
        SubscribeChoice("T_REPORT", "reject"),
    ]


def test_popup_event_with_one_template_is_a_list_too() -> None:
    msg = xml_in.parse(popup_xml(("T_VISIT", "accept")))
    assert subscribe_choices(msg) == [("T_VISIT", "accept")]


def test_change_event() -> None:
    xml = event_xml(
        "subscribe_msg_change_event",
        fields={
            "SubscribeMsgChangeEvent": {
                "List": {"TemplateId": "T_VISIT", "SubscribeStatusString": "reject"}
            }
        },
    )
    assert subscribe_choices(xml_in.parse(xml)) == [("T_VISIT", "reject")]


def test_other_events_and_junk_give_no_choices() -> None:
    assert subscribe_choices(xml_in.parse(event_xml("subscribe"))) == []
    sent = event_xml(
        "subscribe_msg_sent_event",
        fields={"SubscribeMsgSentEvent": {"List": {"TemplateId": "T", "ErrorCode": "0"}}},
    )
    assert subscribe_choices(xml_in.parse(sent)) == []
    odd = popup_xml(("T_A", "ban"), ("", "accept"), ("T_B", "accept"))
    assert subscribe_choices(xml_in.parse(odd)) == [("T_B", "accept")]
    empty = event_xml("subscribe_msg_popup_event", fields={"SubscribeMsgPopupEvent": "x"})
    assert subscribe_choices(xml_in.parse(empty)) == []


async def test_event_to_consent_to_sends(storage: Storage) -> None:
    consent = storage.repo(SubscribeConsent)
    msg = xml_in.parse(
        popup_xml(("T_VISIT", "accept"), ("T_REPORT", "accept"), ("T_BILL", "reject"))
    )
    recorded = await record_consent_event(
        consent, msg.openid, subscribe_choices(msg), long_term={"T_REPORT"}, at=AT
    )
    assert recorded == 3
    assert await consent.has_consent("o_a", "T_VISIT")
    assert not await consent.has_consent("o_a", "T_BILL")
    assert not await consent.has_consent("o_b", "T_VISIT")  # another user

    assert await consent.take_one("o_a", "T_VISIT", at=AT)  # one-time: one send
    assert not await consent.take_one("o_a", "T_VISIT", at=AT)
    assert not await consent.has_consent("o_a", "T_VISIT")
    for _ in range(3):  # long-term: until turned off
        assert await consent.take_one("o_a", "T_REPORT", at=AT)

    off = xml_in.parse(
        event_xml(
            "subscribe_msg_change_event",
            openid="o_a",
            fields={
                "SubscribeMsgChangeEvent": {
                    "List": {"TemplateId": "T_REPORT", "SubscribeStatusString": "reject"}
                }
            },
        )
    )
    await record_consent_event(consent, off.openid, subscribe_choices(off), at=AT)
    assert not await consent.take_one("o_a", "T_REPORT", at=AT)


async def test_each_acceptance_allows_one_send_even_under_concurrency(storage: Storage) -> None:
    consent = storage.repo(SubscribeConsent)
    for _ in range(3):
        await consent.record("o_a", "T_VISIT", "accept", "one_time", at=AT)
    assert await consent.remaining("o_a", "T_VISIT") == 3

    taken = await asyncio.gather(*(consent.take_one("o_a", "T_VISIT", at=AT) for _ in range(10)))
    assert taken.count(True) == 3
    assert await consent.remaining("o_a", "T_VISIT") == 0

    await consent.give_back("o_a", "T_VISIT")  # the send failed before WeChat took it
    assert await consent.take_one("o_a", "T_VISIT", at=AT)

    await consent.record("o_a", "T_VISIT", "accept", "one_time", at=AT)
    await consent.record("o_a", "T_VISIT", "reject", "one_time", at=AT)
    assert not await consent.has_consent("o_a", "T_VISIT")  # a rejection drops the rest
    await consent.give_back("o_a", "T_VISIT")  # nothing to give back to a rejection
    assert not await consent.has_consent("o_a", "T_VISIT")


async def test_record_refuses_unknown_values(storage: Storage) -> None:
    consent = storage.repo(SubscribeConsent)
    with pytest.raises(ValueError):
        await consent.record("o_a", "T", "ban", "one_time", at=AT)
    with pytest.raises(ValueError):
        await consent.record("o_a", "T", "accept", "forever", at=AT)

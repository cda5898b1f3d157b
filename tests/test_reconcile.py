"""Reconcilers, consent events and the channel configuration.

The reconcilers repair what transactions make impossible from now on (data from before,
a hand edit, an external HIS), log each repair and count it in /metrics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from booking_support import TODAY, frozen_services, make_schedule, owed, ref, remaining

from bot.config import ConfigError, Settings
from bot.dialogue import Message
from bot.observability import REGISTRY
from bot.storage import Storage
from handlers.booking.models import Status
from push.channels import parse_channels
from push.consent import SubscribeConsent


def repairs(kind: str) -> float:
    return REGISTRY.get_sample_value("hospital_bot_reconciler_repairs_total", {"kind": kind}) or 0


async def test_a_leaked_place_is_given_back_and_counted(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    svc = services.booking
    sid = await make_schedule(services, TODAY + timedelta(days=1), capacity=3)
    await svc.book(await ref(services, "o_a", "周甲"), sid, idem_key="a")
    # What a crash between two separate writes used to leave: a place taken, no booking.
    await services.his.hold(sid)  # type: ignore[call-arg]
    assert await remaining(services, sid) == 1
    jobs = {j.name: j for j in services.jobs}
    before = repairs("places")

    assert await jobs["booking.reconcile_places"].fn() == 1

    assert await remaining(services, sid) == 2  # 3 places, 1 active appointment
    assert repairs("places") == before + 1
    assert await jobs["booking.reconcile_places"].fn() == 0  # nothing left to repair


async def test_a_stopped_appointment_without_its_notice_gets_it_once(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    svc = services.booking
    sid = await make_schedule(services, TODAY + timedelta(days=1), capacity=3)
    appt = await svc.book(await ref(services, "o_b", "吴乙"), sid, idem_key="b")
    # Stopped by hand (or by code from before the outbox): no notice was owed.
    await svc.appointments.col.update_one(
        {"_id": appt.id},
        {
            "$set": {
                "status": Status.STOPPED,
                "active": False,
                "cancelled_at": services.clock.now(),
                "cancel_reason": "设备检修",
            }
        },
    )
    jobs = {j.name: j for j in services.jobs}
    before = repairs("notices")

    assert await jobs["booking.reconcile_notices"].fn() == 1
    assert await jobs["booking.reconcile_notices"].fn() == 0

    [notice] = await owed(services, "o_b")
    assert notice["_id"] == f"stop:{appt.id}" and "设备检修" in notice["text"]
    assert repairs("notices") == before + 1


async def test_consent_events_are_recorded_for_the_channel_choice(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    event = {
        "SubscribeMsgPopupEvent": {
            "List": [
                {"TemplateId": "TPL_A", "SubscribeStatusString": "accept"},
                {"TemplateId": "TPL_B", "SubscribeStatusString": "reject"},
            ]
        }
    }
    msg = Message(
        openid="o_c", kind="event", create_time=1, event="subscribe_msg_popup_event", extra=event
    )

    reply = await services.dispatcher.dispatch(msg)

    assert reply.empty  # WeChat shows nothing for this event
    consent = storage.repo(SubscribeConsent)
    assert await consent.has_consent("o_c", "TPL_A")
    assert not await consent.has_consent("o_c", "TPL_B")


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"notices": {"nope": {}}}, "push.notices.nope: unknown notice type"),
        (
            {"notices": {"booking_stopped": {"template": {"id": "T", "fields": {"k": "{x}"}}}}},
            "push.notices.booking_stopped.template.fields.k: {x} is not a field",
        ),
        ({"notices": {"broadcast": {"template": {"fields": {"k": "{title}"}}}}}, "needs an `id`"),
        ({"custom_cap": -1}, "push.custom_cap"),
    ],
)
def test_channel_config_errors_name_the_field_and_the_fix(section: dict, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_channels(section)
    assert message in str(info.value) and "Fix:" in str(info.value)

"""LocalHIS: band-level places, release, card lookup, the demo seed and the seam."""

from __future__ import annotations

from datetime import timedelta

import pytest
from booking_support import TODAY, frozen_services, make_schedule

from bot.config import Settings
from bot.storage import Storage
from handlers.demo import DEMO_CARDS, seed_demo
from handlers.his import HIS, HISError
from handlers.his.local import LocalHIS


async def test_band_places_are_taken_and_released_atomically(
    settings: Settings, storage: Storage
) -> None:
    services = frozen_services(settings, storage)
    his = services.his
    sid = await make_schedule(services, TODAY + timedelta(days=1), "上午", capacity=8)
    s = await his.schedule(sid)
    assert s is not None and len(s.bands) == 8 and s.bands[0].capacity == 1
    first = await his.hold(sid, "08:00")
    assert (first.band_start, first.number) == ("08:00", 1)
    with pytest.raises(HISError) as info:
        await his.hold(sid, "08:00")
    assert info.value.code == "full"
    auto = await his.hold(sid)  # the earliest band with a place
    assert auto.band_start == "08:30"
    await his.release(first)
    await his.release(first)  # a stray second release never exceeds the capacity
    s = await his.schedule(sid)
    assert s is not None and s.remaining == 7 and s.band("08:00").remaining == 1  # type: ignore[union-attr]
    await his.stop_session(sid, "test")
    with pytest.raises(HISError) as info:
        await his.hold(sid)
    assert info.value.code == "stopped"


async def test_demo_seed_builds_a_hospital_once(settings: Settings, storage: Storage) -> None:
    services = frozen_services(settings, storage)
    assert (
        await seed_demo(services.storage, services.patients.keyring, services.his, services.clock)
        is True
    )
    his = services.his
    assert isinstance(his, LocalHIS)
    members = [n for n in vars(HIS) if not n.startswith("_")]
    assert "hold" in members and all(callable(getattr(his, n)) for n in members)
    doctors = await his.doctors()
    assert len(doctors) >= 45 and len({d.department for d in doctors}) >= 15
    assert all(d.title and d.specialties for d in doctors)
    schedules = await his.schedules(day_from=TODAY, day_to=TODAY + timedelta(days=6))
    assert {s.day for s in schedules} == {TODAY + timedelta(days=i) for i in range(7)}
    assert {s.session for s in schedules} >= {"上午", "下午"}
    eye = [s for s in schedules if s.department == "eye" and s.day == TODAY + timedelta(days=1)]
    assert eye
    card_no, name, number = DEMO_CARDS[0]
    card = await his.lookup_card(card_no)
    assert card is not None and card.name == name
    assert services.patients.keyring.matches(number, card.id_hash)
    assert (
        await seed_demo(services.storage, services.patients.keyring, services.his, services.clock)
        is False
    )  # not on a database with data

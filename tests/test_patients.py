"""Real-name patients: validation rules, minors, the per-account limit, default, removal and
card binding through the HIS."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from bot.clock import FrozenClock
from bot.compose import build_services
from bot.config import ConfigError, Settings
from bot.pii import Keyring
from bot.render import render
from bot.services import Services
from bot.storage import Storage
from handlers.his import CardInfo
from handlers.his.local import LocalHIS
from handlers.patients import (
    PatientError,
    PatientForm,
    PatientRules,
    PatientService,
)

TEST_KEY = "test-only-secret-key-0123456789abcdef"
OPENID = "o_family"


def with_check(first17: str) -> str:
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return first17 + ("X" if value == 10 else str(value))


ADULT = "11010519491231002X"  # female, 1949
CHILD = with_check("11010520150601123")  # male, 10 years old on 2025-06-15
TEEN_15 = with_check("11010520100616124")  # turns 15 on 2025-06-16
SIXTEEN = with_check("11010520090615124")  # 16 today
PARENT = with_check("11010519850101201")


@pytest.fixture
def psettings(settings: Settings) -> Settings:
    return settings.with_overrides(secret_key=TEST_KEY)


@pytest.fixture
def pservices(psettings: Settings, storage: Storage) -> Services:
    clock = FrozenClock(datetime(2025, 6, 15, 10, 0), psettings.tz)
    return build_services(psettings, storage, clock=clock)


@pytest.fixture
def svc(pservices: Services) -> PatientService:
    return pservices.patients


def clock_of(services: Services) -> FrozenClock:
    assert isinstance(services.clock, FrozenClock)
    return services.clock


def form(**kw: str) -> PatientForm:
    values = {"name": "张三", "id_number": ADULT, "phone": "13812345678", "relation": "本人"} | kw
    return PatientForm(**values)


def adult(i: int) -> str:
    return with_check(f"11010519800101{i:02d}1")


async def refused(coro: object) -> PatientError:
    with pytest.raises(PatientError) as info:
        await coro  # type: ignore[misc]
    return info.value


# -- validation -----------------------------------------------------------------------


async def test_add_validates_name_phone_relation(svc: PatientService) -> None:
    assert (await refused(svc.add(OPENID, form(name="张")))).code == "name_invalid"
    assert (await refused(svc.add(OPENID, form(phone="12812345678")))).code == "phone_invalid"
    assert (await refused(svc.add(OPENID, form(phone="1381234567")))).code == "phone_invalid"
    assert (await refused(svc.add(OPENID, form(relation="邻居")))).code == "relation_invalid"
    assert (
        await refused(svc.add(OPENID, form(id_number="110105194912310021")))
    ).code == "id_checksum"
    assert (await refused(svc.add(OPENID, form(sex="男")))).code == "sex_mismatch"
    p = await svc.add(OPENID, form(phone="+86 138-1234-5678", name="Anna Smith"))
    assert p.phone == "13812345678" and p.name == "Anna Smith"
    assert p.sex == "女" and str(p.birth_date) == "1949-12-31"


async def test_documents_without_birth_date_need_one(svc: PatientService) -> None:
    err = await refused(svc.add(OPENID, form(id_kind="hk_macau_pass", id_number="H12345678")))
    assert err.code == "birth_required"
    p = await svc.add(
        OPENID, form(id_kind="hk_macau_pass", id_number="h12345678", birth_date="1990-05-01")
    )
    assert p.id_kind == "hk_macau_pass" and p.id_number == "H12345678"
    assert p.id_kind_label == "港澳居民来往内地通行证"


# -- minors ---------------------------------------------------------------------------


async def test_minor_without_guardian_is_refused_with_a_clear_message(
    svc: PatientService, pservices: Services
) -> None:
    err = await refused(svc.add(OPENID, form(name="小明", id_number=CHILD, relation="子女")))
    assert err.code == "guardian_required" and err.details["minor_age"] == 16

    text = render(
        "patients/error.j2",
        code=err.code,
        details=err.details,
        hospital=pservices.settings.hospital,
    )
    assert text == "就诊人未满 16 周岁，需要同时填写监护人的姓名和证件号码，请补充后再提交。"
    # name without a number is not enough either
    err = await refused(
        svc.add(OPENID, form(name="小明", id_number=CHILD, relation="子女", guardian_name="张三"))
    )
    assert err.code == "guardian_required"
    assert await svc.list(OPENID) == []


async def test_minor_with_guardian_is_added_and_guardian_is_checked(svc: PatientService) -> None:
    err = await refused(
        svc.add(
            OPENID,
            form(
                name="小明",
                id_number=CHILD,
                relation="子女",
                guardian_name="张三",
                guardian_id_number="110105194912310021",
            ),
        )
    )
    assert err.code == "id_checksum" and err.details["who"] == "guardian"
    err = await refused(
        svc.add(
            OPENID,
            form(
                name="小明",
                id_number=CHILD,
                relation="子女",
                guardian_name="小红",
                guardian_id_number=TEEN_15,
            ),
        )
    )
    assert err.code == "guardian_minor"
    p = await svc.add(
        OPENID,
        form(
            name="小明",
            id_number=CHILD,
            relation="子女",
            guardian_name="张三",
            guardian_id_number=PARENT,
        ),
    )
    assert p.guardian_name == "张三" and p.guardian_id_number == PARENT
    assert p.age_on(svc.today()) == 10


async def test_minor_age_boundary_and_config(
    svc: PatientService, pservices: Services, psettings: Settings, storage: Storage
) -> None:
    # 16 today: no guardian needed; 14 (turning 15 tomorrow): needed
    await svc.add(OPENID, form(name="小李", id_number=SIXTEEN, relation="子女"))
    err = await refused(svc.add(OPENID, form(name="小王", id_number=TEEN_15, relation="子女")))
    assert err.code == "guardian_required"
    # a hospital that sets minor_age: 14 lets the 14-year-old in alone
    raw = {**psettings.raw, "patients": {"max_per_account": 5, "minor_age": 14}}
    other = build_services(psettings.with_overrides(raw=raw), storage, clock=pservices.clock)
    p = await other.patients.add("o_other", form(name="小王", id_number=TEEN_15, relation="子女"))
    assert p.guardian_name == ""


# -- limit, default, removal ----------------------------------------------------------


async def test_limit_of_five_per_account(svc: PatientService, pservices: Services) -> None:
    assert svc.rules.max_per_account == 5
    for i in range(5):
        if i == svc.rules.max_additions_per_day:
            clock_of(pservices).advance(days=1)  # at most 3 additions a day
        await svc.add(
            OPENID, form(name=f"家人{'一二三四五'[i]}", id_number=adult(i), relation="其他")
        )
    err = await refused(svc.add(OPENID, form(id_number=adult(6), relation="其他")))
    assert err.code == "limit" and err.details["max"] == 5
    assert len(await svc.list(OPENID)) == 5
    # the slot index enforces it even past the service check
    err = await refused(svc.repo.insert({"openid": OPENID, "id_hash": "x"}, 5))
    assert err.code == "limit"
    # removing one frees a place
    first = (await svc.list(OPENID))[0]
    await svc.remove(OPENID, first.id)
    await svc.add(OPENID, form(id_number=adult(6), relation="其他"))
    assert len(await svc.list(OPENID)) == 5


async def test_first_patient_is_default_and_default_can_move(svc: PatientService) -> None:
    a = await svc.add(OPENID, form(name="张三"))
    b = await svc.add(OPENID, form(name="李四", id_number=adult(1), relation="配偶"))
    assert a.is_default and not b.is_default
    assert (await svc.default(OPENID)).id == a.id  # type: ignore[union-attr]
    chosen = await svc.set_default(OPENID, b.id)
    assert chosen is not None and chosen.is_default
    patients = await svc.list(OPENID)
    assert [p.is_default for p in patients] == [False, True]
    assert await svc.set_default("o_stranger", a.id) is None  # not theirs
    assert await svc.set_default(OPENID, "not-an-id") is None


async def test_only_one_self(svc: PatientService) -> None:
    await svc.add(OPENID, form())
    err = await refused(svc.add(OPENID, form(name="李四", id_number=adult(1), relation="本人")))
    assert err.code == "self_taken"


async def test_remove_promotes_a_new_default(svc: PatientService) -> None:
    a = await svc.add(OPENID, form(name="张三"))
    b = await svc.add(OPENID, form(name="李四", id_number=adult(1), relation="配偶"))
    assert await svc.remove("o_stranger", a.id) is None
    removed = await svc.remove(OPENID, a.id)
    assert removed is not None and removed.name == "张三"
    remaining = await svc.list(OPENID)
    assert [p.id for p in remaining] == [b.id] and remaining[0].is_default
    assert await svc.get(OPENID, a.id) is None


# -- card binding ---------------------------------------------------------------------


async def add_card(pservices: Services, card_no: str, name: str, id_number: str) -> None:
    """Register a card in the LocalHIS card collection (what seed-demo does)."""
    from handlers.his.local import CardRepo

    keyring: Keyring = pservices.patients.keyring
    await pservices.storage.repo(CardRepo).col.insert_one(
        {"_id": card_no, "name": name, "id_hash": keyring.lookup_hash(id_number)}
    )


async def test_matching_card_binds_and_unlocks_online_services(
    svc: PatientService, pservices: Services
) -> None:
    p = await svc.add(OPENID, form())
    assert p.can_book and not p.can_use_online_services
    await add_card(pservices, "20250001", "张三", ADULT)
    his = pservices.his
    assert await his.lookup_card("20250001") == CardInfo(
        "20250001", "张三", svc.keyring.lookup_hash(ADULT)
    )
    bound = await svc.bind_card(OPENID, p.id, " 2025 0001 ")
    assert bound.card_no == "20250001" and bound.can_use_online_services
    assert (await svc.get(OPENID, p.id)).can_use_online_services  # type: ignore[union-attr]


async def test_mismatching_card_is_refused(svc: PatientService, pservices: Services) -> None:
    p = await svc.add(OPENID, form())
    other = await svc.add(OPENID, form(name="李四", id_number=adult(1), relation="配偶"))
    await add_card(pservices, "C0NAME", "王五", ADULT)  # other name
    await add_card(pservices, "C0ID", "张三", adult(1))  # other ID number
    await add_card(pservices, "C0OK", "张三", ADULT)

    # unknown card, other name, other ID number: one answer, no oracle
    assert (await refused(svc.bind_card(OPENID, p.id, "C0NAME"))).code == "card_no_match"
    assert (await refused(svc.bind_card(OPENID, p.id, "C0IDX"))).code == "card_no_match"
    assert (await refused(svc.bind_card(OPENID, p.id, "C0ID"))).code == "card_no_match"
    assert (await refused(svc.bind_card(OPENID, p.id, "!!"))).code == "card_invalid"
    assert (await refused(svc.bind_card(OPENID, "nope", "C0OK"))).code == "not_found"
    assert not (await svc.get(OPENID, p.id)).can_use_online_services  # type: ignore[union-attr]
    await svc.bind_card(OPENID, p.id, "C0OK")
    err = await refused(svc.bind_card(OPENID, other.id, "C0OK"))
    assert err.code == "card_taken"


async def test_card_lookups_are_limited_per_account_per_day(
    svc: PatientService, pservices: Services
) -> None:
    assert svc.rules.card_attempts_per_day == 5
    p = await svc.add(OPENID, form())
    await add_card(pservices, "C0OK", "张三", ADULT)

    for i in range(5):  # guessing card numbers
        assert (await refused(svc.bind_card(OPENID, p.id, f"GUESS{i}"))).code == "card_no_match"
    err = await refused(svc.bind_card(OPENID, p.id, "C0OK"))  # even the right one
    assert err.code == "card_attempts" and err.details["max"] == 5

    text = render(
        "patients/error.j2",
        code=err.code,
        details=err.details,
        hospital=pservices.settings.hospital,
    )
    assert text == (
        "今天绑定就诊卡已尝试 5 次，请明天再试，或带证件到门诊服务台办理（0571-88888888）。"
    )
    assert not (await svc.get(OPENID, p.id)).can_use_online_services  # type: ignore[union-attr]
    # a format error never reaches the HIS and costs nothing; tomorrow there are 5 again
    assert (await refused(svc.bind_card(OPENID, p.id, "!!"))).code == "card_invalid"
    clock_of(pservices).advance(days=1)
    assert (await svc.bind_card(OPENID, p.id, "C0OK")).card_no == "C0OK"


async def test_a_card_binds_to_one_account_only(svc: PatientService, pservices: Services) -> None:
    his = pservices.his
    assert his.shares_cards is False  # LocalHIS
    await add_card(pservices, "C0FAM", "张三", ADULT)
    mine = await svc.add(OPENID, form())
    theirs = await svc.add("o_relative", form(relation="父母"))  # the same person
    await svc.bind_card(OPENID, mine.id, "C0FAM")
    err = await refused(svc.bind_card("o_relative", theirs.id, "C0FAM"))
    assert err.code == "card_taken_elsewhere"

    text = render(
        "patients/error.j2",
        code=err.code,
        details=err.details,
        hospital=pservices.settings.hospital,
    )
    assert text == (
        "这张就诊卡已被其他微信账号绑定，不能重复绑定。"
        "如需改绑到本账号，请带证件到门诊服务台办理（0571-88888888）。"
    )
    assert not (await svc.get("o_relative", theirs.id)).card_no  # type: ignore[union-attr]


async def test_two_accounts_binding_one_card_at_once_bind_it_once(
    svc: PatientService, pservices: Services
) -> None:

    await add_card(pservices, "C0RACE", "张三", ADULT)
    pa = await svc.add("o_a", form())
    pb = await svc.add("o_b", form())

    async def bind(openid: str, pid: str) -> str:
        try:
            await svc.bind_card(openid, pid, "C0RACE")
        except PatientError as exc:
            return exc.code
        return "bound"

    results = await asyncio.gather(bind("o_a", pa.id), bind("o_b", pb.id))
    assert sorted(results) == ["bound", "card_taken_elsewhere"]


async def test_a_his_that_shares_cards_lets_a_family_bind_one_card(
    svc: PatientService, pservices: Services
) -> None:
    class SharingHIS(LocalHIS):
        shares_cards = True

    assert isinstance(pservices.his, LocalHIS)
    svc.his = SharingHIS(pservices.his.deps)  # a HIS adapter that allows family sharing
    await add_card(pservices, "C0SHARE", "张三", ADULT)
    mine = await svc.add(OPENID, form())
    theirs = await svc.add("o_relative", form(relation="父母"))
    await svc.bind_card(OPENID, mine.id, "C0SHARE")
    bound = await svc.bind_card("o_relative", theirs.id, "C0SHARE")
    assert bound.card_no == "C0SHARE"


def test_patient_rules_are_validated_with_a_fix(psettings: Settings) -> None:
    for key, bad in (
        ("max_additions_per_day", 0),
        ("card_attempts_per_day", "many"),
        ("unverified_ids_need_card", "yes"),
    ):
        raw = {**psettings.raw, "patients": {**psettings.raw["patients"], key: bad}}
        with pytest.raises(ConfigError) as info:
            PatientRules.from_settings(psettings.with_overrides(raw=raw))
        assert f"patients.{key}" in str(info.value) and "Fix:" in str(info.value)

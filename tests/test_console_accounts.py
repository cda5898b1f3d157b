"""Staff console accounts: scrypt with stored parameters, rehash on login, untrusted
input refused without raising, and the same KDF work for unknown usernames."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from bot import console_accounts
from bot.config import Settings
from bot.console_accounts import (
    DUMMY_HASH,
    StaffRepo,
    add_staff,
    needs_rehash,
    split_list,
    verify_password,
)
from bot.storage import Storage

PASSWORD = "correct horse battery"


@pytest.fixture
def kdf_salts(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The salt of every KDF run (a wrapper around the real scrypt)."""
    salts: list[bytes] = []
    real = console_accounts._kdf

    def counting(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
        salts.append(salt)
        return real(password, salt, n, r, p)

    monkeypatch.setattr(console_accounts, "_kdf", counting)
    return salts


@pytest.fixture
async def repo(storage: Storage) -> StaffRepo:
    staff = storage.repo(StaffRepo)
    assert await staff.add("nurse_zhang", "张护士", "nurse", PASSWORD)
    return staff


def salt_of(stored: str) -> bytes:
    return bytes.fromhex(stored.split("$")[-2])


@pytest.mark.parametrize(
    ("username", "password"),
    [
        (123, "x"),
        (["a"], "x"),
        ({"$ne": ""}, PASSWORD),  # a query operator smuggled in through JSON
        ("nurse_zhang", None),
        ("nurse_zhang", {"$gt": ""}),
        ("", PASSWORD),
        ("nurse_zhang", ""),
        ("n" * 65, PASSWORD),
        ("nurse_zhang", "p" * 1025),
    ],
)
async def test_malformed_credentials_are_refused_quietly(
    storage: Storage, kdf_salts: list[bytes], username: Any, password: Any
) -> None:
    assert await storage.repo(StaffRepo).authenticate(username, password) is None
    assert kdf_salts == []  # refused before any lookup or KDF


async def test_unknown_and_disabled_users_cost_one_dummy_verification(
    repo: StaffRepo, kdf_salts: list[bytes]
) -> None:
    assert await repo.authenticate("nobody", PASSWORD) is None
    assert kdf_salts == [salt_of(DUMMY_HASH)]
    await repo.col.update_one({"username": "nurse_zhang"}, {"$set": {"active": False}})  # type: ignore[union-attr]
    assert await repo.authenticate("nurse_zhang", PASSWORD) is None
    assert kdf_salts == [salt_of(DUMMY_HASH)] * 2


async def test_known_user_verifies_against_their_own_hash(
    repo: StaffRepo, kdf_salts: list[bytes]
) -> None:
    doc = await repo.col.find_one({"username": "nurse_zhang"})  # type: ignore[union-attr]
    assert doc is not None and doc["password"].startswith("scrypt$n=32768,r=8,p=3$")
    assert PASSWORD not in doc["password"]
    assert await repo.authenticate("nurse_zhang", "wrong password!") is None
    user = await repo.authenticate("nurse_zhang", PASSWORD)
    assert user is not None and user["name"] == "张护士"
    assert kdf_salts == [salt_of(doc["password"])] * 2  # no rehash: parameters are current


async def test_a_legacy_hash_is_upgraded_at_the_next_login(
    storage: Storage, kdf_salts: list[bytes]
) -> None:
    staff = storage.repo(StaffRepo)
    salt = bytes.fromhex("00112233445566778899aabbccddeeff")
    # the format written before parameters were stored: scrypt N=2^14, r=8, p=1
    digest = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    legacy = f"scrypt${salt.hex()}${digest.hex()}"
    await staff.col.insert_one(  # type: ignore[union-attr]
        {
            "username": "old_admin",
            "name": "老管理员",
            "role": "admin",
            "password": legacy,
            "active": True,
        }
    )
    assert needs_rehash(legacy)
    assert await staff.authenticate("old_admin", "not the password") is None
    assert (await staff.col.find_one({"username": "old_admin"}))["password"] == legacy  # type: ignore[union-attr,index]
    assert await staff.authenticate("old_admin", PASSWORD) is not None
    stored = (await staff.col.find_one({"username": "old_admin"}))["password"]  # type: ignore[union-attr,index]
    assert stored.startswith("scrypt$n=32768,r=8,p=3$") and not needs_rehash(stored)
    expected = hashlib.scrypt(
        PASSWORD.encode(), salt=salt_of(stored), n=2**15, r=8, p=3, dklen=32, maxmem=1 << 26
    )
    assert stored.endswith("$" + expected.hex())
    kdf_salts.clear()
    assert await staff.authenticate("old_admin", PASSWORD) is not None
    assert kdf_salts == [salt_of(stored)]  # upgraded once, then verified as usual


def test_the_dummy_hash_has_todays_parameters_and_matches_nothing_simple() -> None:
    assert not needs_rehash(DUMMY_HASH)
    assert not verify_password("", DUMMY_HASH) and not verify_password("password", DUMMY_HASH)


@pytest.mark.parametrize(
    "stored",
    ["", "plain", "bcrypt$x$y", "scrypt$zz$00", "scrypt$n=3,r=8,p=1$00$00", "scrypt$n=1$00$00"],
)
def test_foreign_or_broken_hashes_never_verify(stored: str) -> None:
    assert not verify_password(PASSWORD, stored) and needs_rehash(stored)


async def test_staff_add_stores_a_nurses_departments_and_wards(
    settings: Settings, storage: Storage, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    departments, wards = split_list("peds，eye"), split_list("儿科一病区, 眼科病区")
    assert await add_staff(settings, "nurse_he", "何护士", "nurse", departments, wards) == 0
    doc = await storage.repo(StaffRepo).active("nurse_he")
    assert doc is not None and "password" not in doc  # never read back with the session
    assert (doc["role"], doc["departments"], doc["wards"]) == (
        "nurse",
        ["peds", "eye"],
        ["儿科一病区", "眼科病区"],
    )


@pytest.mark.parametrize(
    ("role", "departments", "wards", "problem"),
    [
        ("nurse", ["peds", "nosuch"], [], "unknown department code 'nosuch'"),
        ("nurse", [], [], "a nurse needs --departments and/or --wards"),
        ("nurse", [], ["病" * 41], "more than 40 characters"),
    ],
)
async def test_staff_add_refuses_a_scope_that_cannot_work(
    settings: Settings,
    storage: Storage,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
    role: str,
    departments: list[str],
    wards: list[str],
    problem: str,
) -> None:
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    assert await add_staff(settings, "nurse_x", "", role, departments, wards) == 2
    assert problem in capsys.readouterr().err
    assert await storage.repo(StaffRepo).active("nurse_x") is None


async def test_an_admin_needs_no_departments(
    settings: Settings, storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    assert await add_staff(settings, "admin_x", "", "admin") == 0
    assert (await storage.repo(StaffRepo).active("admin_x"))["role"] == "admin"  # type: ignore[index]

"""Personal data at rest: encryption, lookup hash, masking, nothing plaintext in Mongo,
Redis or the logs."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
from pymongo.errors import DuplicateKeyError

from bot.clock import FrozenClock
from bot.compose import build_services
from bot.config import Settings
from bot.dialogue import Message
from bot.dialogue.state import ConversationStore
from bot.pii import Keyring, PIIError, keyring_for
from bot.render import mask_id, mask_phone
from bot.services import Services
from bot.storage import Storage
from handlers.patients import PatientError, PatientForm, PatientService

TEST_KEY = "test-only-secret-key-0123456789abcdef"
ID = "11010519491231002X"
PHONE = "13812345678"


@pytest.fixture
def pii_services(settings: Settings, storage: Storage) -> Services:
    clock = FrozenClock(datetime(2025, 6, 15, 10, 0), settings.tz)
    return build_services(settings.with_overrides(secret_key=TEST_KEY), storage, clock=clock)


@pytest.fixture
def svc(pii_services: Services) -> PatientService:
    return pii_services.patients


def form(**kw: str) -> PatientForm:
    values = {"name": "张三", "id_number": ID, "phone": PHONE, "relation": "本人"} | kw
    return PatientForm(**values)


def test_round_trip_and_fresh_nonce() -> None:
    k = Keyring(TEST_KEY)
    a, b = k.encrypt(ID, "patient.id"), k.encrypt(ID, "patient.id")
    assert a != b and ID not in a
    assert k.decrypt(a, "patient.id") == ID == k.decrypt(b, "patient.id")
    assert a.startswith(f"pii1.{k.current.kid}.")


def test_ciphertext_is_bound_to_its_field_and_tamper_evident() -> None:
    k = Keyring(TEST_KEY)
    token = k.encrypt(ID, "patient.id")
    with pytest.raises(PIIError):
        k.decrypt(token, "patient.phone")  # swapped into another field
    head, blob = token.rsplit(".", 1)
    flipped = blob[:-2] + ("A" if blob[-2] != "A" else "B") + blob[-1]
    with pytest.raises(PIIError):
        k.decrypt(f"{head}.{flipped}", "patient.id")
    with pytest.raises(PIIError):
        Keyring("another key").decrypt(token, "patient.id")  # unknown key id


def test_key_rotation_keeps_old_values_readable() -> None:
    old = Keyring("old secret")
    token, old_hash = old.encrypt(ID, "patient.id"), old.lookup_hash(ID)
    new = Keyring("new secret", previous=("old secret",))
    assert new.decrypt(token, "patient.id") == ID
    assert new.key_id(new.encrypt(ID, "patient.id")) == new.current.kid != old.current.kid
    assert old_hash in new.lookup_hashes(ID) and new.lookup_hash(ID) != old_hash
    assert new.matches(ID, old_hash) and not new.matches("11010519491231003X", old_hash)


def test_keyring_from_settings_reads_previous_keys(settings: Settings) -> None:
    old = Keyring("old secret")
    s = settings.with_overrides(
        secret_key="new secret", raw={**settings.raw, "pii": {"previous_secret_keys": ["x"]}}
    )
    ring = keyring_for(s, env={"PII_PREVIOUS_SECRET_KEYS": "old secret"})
    assert ring.decrypt(old.encrypt(PHONE, "p"), "p") == PHONE
    assert len(ring.keys) == 3


def test_without_secret_key_a_per_data_dir_key_is_generated(settings: Settings) -> None:
    assert settings.secret_key == ""
    a, b = keyring_for(settings), keyring_for(settings)
    assert a.current.kid == b.current.kid  # same data dir, same key
    assert (settings.data_dir / "secret_key").exists()


def test_masking_filters() -> None:
    assert mask_id(ID) == "110***********002X"
    assert mask_phone(PHONE) == "138****5678"


async def test_stored_document_has_no_plaintext(svc: PatientService, storage: Storage) -> None:
    patient = await svc.add("o_pii", form())
    raw = await storage.db["patients"].find_one({"openid": "o_pii"})
    assert raw is not None
    dump = repr(raw)
    assert ID not in dump and ID.lower() not in dump and PHONE not in dump
    assert "19491231002" not in dump and "12345678" not in dump
    assert raw["id_enc"].startswith("pii1.") and raw["phone_enc"].startswith("pii1.")
    # ... and the service decrypts them back
    assert patient.id_number == ID and patient.phone == PHONE
    assert (await svc.get("o_pii", patient.id)).phone == PHONE  # type: ignore[union-attr]
    assert ID not in repr(patient) and PHONE not in repr(patient)


async def test_uniqueness_through_the_lookup_hash(svc: PatientService, storage: Storage) -> None:
    await svc.add("o_uniq", form())
    with pytest.raises(PatientError) as info:
        await svc.add(
            "o_uniq", form(id_number="１１０１０５１９４９１２３１００２ｘ", relation="其他")
        )
    assert info.value.code == "duplicate"
    # the unique index itself refuses a second document with the same hash
    raw = await storage.db["patients"].find_one({"openid": "o_uniq"})
    assert raw is not None
    dup = {k: v for k, v in raw.items() if k != "_id"} | {"slot": 5, "is_default": False}
    with pytest.raises(DuplicateKeyError):
        await storage.db["patients"].insert_one(dup)
    # another WeChat account may add the same person
    other = await svc.add("o_other", form())
    assert other.id_number == ID


async def test_rekey_after_rotation(pii_services: Services, storage: Storage) -> None:
    svc = pii_services.patients
    p = await svc.add("o_rot", form())
    rotated = PatientService(
        svc.repo,
        svc.quotas,
        Keyring("brand new key", previous=(TEST_KEY,)),
        svc.clock,
        svc.rules,
        svc.his,
        svc.active_appointments,
    )
    assert (await rotated.get("o_rot", p.id)).id_number == ID  # type: ignore[union-attr]
    assert await rotated.has_document("o_rot", ID)  # old hash still found
    assert await rotated.rekey() == 1
    raw = await storage.db["patients"].find_one({"openid": "o_rot"})
    assert raw is not None and raw["key_id"] == rotated.keyring.current.kid
    assert raw["id_hash"] == rotated.keyring.lookup_hash(ID)
    fresh = PatientService(
        svc.repo,
        svc.quotas,
        Keyring("brand new key"),
        svc.clock,
        svc.rules,
        svc.his,
        svc.active_appointments,
    )
    assert (await fresh.get("o_rot", p.id)).phone == PHONE  # type: ignore[union-attr]


async def test_logs_and_conversation_state_never_hold_the_numbers(
    pii_services: Services, storage: Storage, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    openid = "o_logs"

    async def say(text: str) -> str:
        msg = Message(
            openid=openid, kind="text", create_time=1700000000, text=text, msg_id=str(hash(text))
        )
        return (await pii_services.dispatcher.dispatch(msg)).text

    await say("添加就诊人")
    await say("张三")
    await say(ID.lower())
    state = await storage.redis.get(ConversationStore.key(openid))
    assert state and ID.encode() not in state and ID.lower().encode() not in state
    await say(PHONE)
    state = await storage.redis.get(ConversationStore.key(openid))
    assert state and PHONE.encode() not in state
    reply = await say("本人")
    assert "已添加就诊人" in reply and "110***********002X" in reply and ID not in reply
    assert "138****5678" in reply and PHONE not in reply
    # a direct add through the service, too
    await pii_services.patients.add("o_logs2", form())
    everything = caplog.text + "".join(repr(r.__dict__) for r in caplog.records)
    assert caplog.records, "expected some log records to inspect"
    for secret in (ID, ID.lower(), PHONE):
        assert secret not in everything

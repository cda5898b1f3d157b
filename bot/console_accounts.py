"""Staff accounts for the console (`hospital-bot staff add`).

Passwords are stored as scrypt hashes with OWASP's parameters (N=2^15, r=8, p=3: 32 MiB,
a few hundred milliseconds), written as `scrypt$n=...,r=...,p=...$salt$digest` so the
parameters travel with each hash: hashes made with older, weaker parameters still
verify and are replaced at the account's next successful login. The KDF runs in a
thread so a login does not stall the event loop.

`authenticate` takes untrusted input: anything but two strings of sane length is
refused without touching the database, and an unknown (or disabled) username costs
the same KDF work as a known one (verified against a fixed dummy hash), so response
times do not reveal which usernames exist. The password is read from STAFF_PASSWORD or
asked for on the terminal, never taken from the command line (shell history).
"""

from __future__ import annotations

import asyncio
import getpass
import hashlib
import hmac
import os
import re
import secrets
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from bot.config import Settings
from bot.storage import Repository, Storage

SCRYPT = {"n": 2**15, "r": 8, "p": 3}
LEGACY_SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # `scrypt$salt$digest`, before parameters were stored
DKLEN = 32
MAXMEM = 64 * 1024 * 1024  # 128 * r * n = 32 MiB, above OpenSSL's default ceiling
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
MAX_USERNAME = 64
# Random salt and digest, no known password: what unknown usernames are checked against.
DUMMY_HASH = (
    "scrypt$n=32768,r=8,p=3$491259774add372b63449e72c7885414"
    "$143129a922bdb95d22c066f1ee46c8cd92fd62582487370eab6ffe2a961a8ad9"
)


def _kdf(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=DKLEN, maxmem=MAXMEM)


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = _kdf(password, salt, **SCRYPT)
    params = ",".join(f"{k}={v}" for k, v in SCRYPT.items())
    return f"scrypt${params}${salt.hex()}${digest.hex()}"


def _parse(stored: str) -> tuple[dict[str, int], bytes, str] | None:
    """(parameters, salt, digest hex) of a stored hash, None when it is not one of ours."""
    parts = stored.split("$") if isinstance(stored, str) else []
    if len(parts) == 3 and parts[0] == "scrypt":
        params, salt_hex, digest_hex = dict(LEGACY_SCRYPT), parts[1], parts[2]
    elif len(parts) == 4 and parts[0] == "scrypt":
        try:
            params = {k: int(v) for k, v in (kv.split("=") for kv in parts[1].split(","))}
        except ValueError:
            return None
        salt_hex, digest_hex = parts[2], parts[3]
        if set(params) != set(SCRYPT) or not 1 <= params["r"] <= 32 or not 1 <= params["p"] <= 16:
            return None
        if not 2 <= params["n"] <= 2**20 or params["n"] & (params["n"] - 1):
            return None
    else:
        return None
    try:
        return params, bytes.fromhex(salt_hex), digest_hex
    except ValueError:
        return None


def verify_password(password: str, stored: str) -> bool:
    parsed = _parse(stored)
    if parsed is None:
        return False
    params, salt, digest_hex = parsed
    return hmac.compare_digest(_kdf(password, salt, **params).hex(), digest_hex)


def needs_rehash(stored: str) -> bool:
    """True for a hash made with other parameters than today's (rehash at next login)."""
    parsed = _parse(stored)
    return parsed is None or parsed[0] != SCRYPT


class StaffRepo(Repository):
    collection = "staff"
    indexes: ClassVar[list[IndexModel]] = [IndexModel([("username", ASCENDING)], unique=True)]

    async def add(
        self,
        username: str,
        name: str,
        role: str,
        password: str,
        *,
        departments: Sequence[str] = (),
        wards: Sequence[str] = (),
    ) -> bool:
        """A new account (False: the username is taken). A nurse works for `departments`
        (codes) and `wards`; an admin for everything."""
        doc: dict[str, Any] = {
            "username": username,
            "name": name or username,
            "role": role,
            "departments": list(departments),
            "wards": list(wards),
            "password": hash_password(password),
            "active": True,
            "created_at": datetime.now(UTC),
        }
        try:
            await self.col.insert_one(doc)  # type: ignore[union-attr]
        except DuplicateKeyError:
            return False
        return True

    async def active(self, username: str) -> dict[str, Any] | None:
        """The account behind a console session, re-read on every request so a disabled
        account or a changed role takes effect at once."""
        return await self.col.find_one(  # type: ignore[union-attr]
            {"username": username, "active": True}, {"password": 0}
        )

    async def authenticate(self, username: object, password: object) -> dict[str, Any] | None:
        """The active staff account for these credentials, else None (never raises on input)."""
        if not isinstance(username, str) or not isinstance(password, str):
            return None  # e.g. {"$ne": ""} from a JSON body: never a query operator
        if not 0 < len(username) <= MAX_USERNAME or not 0 < len(password) <= MAX_PASSWORD:
            return None
        doc = await self.col.find_one({"username": username, "active": True})  # type: ignore[union-attr]
        stored = str(doc.get("password", "")) if doc else DUMMY_HASH
        ok = await asyncio.to_thread(verify_password, password, stored)
        if doc is None or not ok:
            return None
        if needs_rehash(stored):
            fresh = await asyncio.to_thread(hash_password, password)
            await self.col.update_one(  # type: ignore[union-attr]
                {"_id": doc["_id"], "password": stored}, {"$set": {"password": fresh}}
            )
            doc["password"] = fresh
        return doc


def split_list(text: str) -> list[str]:
    """ "peds, eye" / "peds，eye" → ["peds", "eye"] (the CLI's --departments and --wards)."""
    return [item.strip() for item in re.split(r"[,，、]", text or "") if item.strip()]


def check_scope(settings: Settings, role: str, departments: list[str], wards: list[str]) -> str:
    """What is wrong with a new account's departments and wards ("" when nothing)."""
    codes = {d.code for d in settings.departments}
    unknown = [d for d in departments if d not in codes]
    if unknown:
        return (
            f"--departments: unknown department code {unknown[0]!r}. Fix: use codes from "
            f"config.yml departments, e.g. {', '.join(sorted(codes)[:5])}."
        )
    if any(len(w) > 40 for w in wards):
        return "--wards: a ward name has more than 40 characters. Fix: use the HIS ward names."
    if role == "nurse" and not departments and not wards:
        return (
            "a nurse needs --departments and/or --wards (she can broadcast only there). "
            "Fix: e.g. --departments peds,eye or --wards 儿科一病区; or --role admin."
        )
    return ""


async def add_staff(
    settings: Settings,
    username: str,
    name: str,
    role: str,
    departments: Sequence[str] = (),
    wards: Sequence[str] = (),
) -> int:
    if not 0 < len(username) <= MAX_USERNAME:
        print(f"username must have 1-{MAX_USERNAME} characters", file=sys.stderr)
        return 2
    problem = check_scope(settings, role, list(departments), list(wards))
    if problem:
        print(problem, file=sys.stderr)
        return 2
    password = os.environ.get("STAFF_PASSWORD") or getpass.getpass("password: ")
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        print(f"password must have {MIN_PASSWORD}-{MAX_PASSWORD} characters", file=sys.stderr)
        return 2
    storage = Storage(settings.mongodb_uri, settings.redis_url, settings.database)
    try:
        await storage.ensure_indexes()
        created = await storage.repo(StaffRepo).add(
            username, name, role, password, departments=departments, wards=wards
        )
    finally:
        await storage.close()
    print(f"staff {username} added ({role})" if created else f"staff {username} already exists")
    return 0 if created else 1

"""Staff accounts for the console (`hospital-bot staff add`).

Passwords are stored as scrypt hashes; the password is read from STAFF_PASSWORD or
asked for on the terminal, never taken from the command line (shell history).
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import os
import secrets
import sys
from datetime import UTC, datetime
from typing import Any, ClassVar

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from bot.config import Settings
from bot.storage import Repository, Storage

SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
MIN_PASSWORD = 10


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), **SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


class StaffRepo(Repository):
    collection = "staff"
    indexes: ClassVar[list[IndexModel]] = [IndexModel([("username", ASCENDING)], unique=True)]

    async def add(self, username: str, name: str, role: str, password: str) -> bool:
        doc: dict[str, Any] = {
            "username": username,
            "name": name or username,
            "role": role,
            "password": hash_password(password),
            "active": True,
            "created_at": datetime.now(UTC),
        }
        try:
            await self.col.insert_one(doc)  # type: ignore[union-attr]
        except DuplicateKeyError:
            return False
        return True

    async def authenticate(self, username: str, password: str) -> dict[str, Any] | None:
        doc = await self.col.find_one({"username": username, "active": True})  # type: ignore[union-attr]
        if doc and verify_password(password, doc["password"]):
            return doc
        return None


async def add_staff(settings: Settings, username: str, name: str, role: str) -> int:
    password = os.environ.get("STAFF_PASSWORD") or getpass.getpass("password: ")
    if len(password) < MIN_PASSWORD:
        print(f"password must have at least {MIN_PASSWORD} characters", file=sys.stderr)
        return 2
    storage = Storage(settings.mongodb_uri, settings.redis_url, settings.database)
    try:
        await storage.ensure_indexes()
        created = await storage.repo(StaffRepo).add(username, name, role, password)
    finally:
        await storage.close()
    print(f"staff {username} added ({role})" if created else f"staff {username} already exists")
    return 0 if created else 1

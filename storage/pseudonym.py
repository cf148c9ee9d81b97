"""The keyed pseudonym that replaces a member's id where a record must stay (a case).

A keyed HMAC, not a plain hash: ids are short numbers anyone could hash one by one, so
without the key a pseudonym says nothing; with the same key the same member always gets
the same pseudonym, so a pseudonymised history still reads as one person's. The key is
made on first use, kept in the database (table `privacy_keys`, created lazily here) and
never leaves it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import aiosqlite

_CREATE = ("CREATE TABLE IF NOT EXISTS privacy_keys ("
           "name TEXT PRIMARY KEY, key BLOB NOT NULL) WITHOUT ROWID")
_NAME = "pseudonym"
PREFIX = "anon-"


async def pseudonym_key(conn: aiosqlite.Connection) -> bytes:
    """The database's key, made now when there is none (inside the caller's transaction)."""
    await conn.execute(_CREATE)
    await conn.execute("INSERT OR IGNORE INTO privacy_keys (name, key) VALUES (?, ?)",
                       (_NAME, secrets.token_bytes(32)))
    ((key,),) = await conn.execute_fetchall(
        "SELECT key FROM privacy_keys WHERE name = ?", (_NAME,))
    return bytes(key)


def pseudonym(key: bytes, user: str) -> str:
    """`anon-` and 16 hex digits: stable per member and key, unlinkable without the key."""
    return PREFIX + hmac.new(key, user.encode(), hashlib.sha256).hexdigest()[:16]

"""Cooldowns, moderator notes and rule revisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import SQLiteStore

AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
BIG = "1234567890123456789"


async def test_cooldowns_are_upserted_and_listed_while_running(make_store):
    async with make_store() as store:
        await store.save_cooldown("discord:1", BIG, "no-insults", AT + timedelta(minutes=5))
        await store.save_cooldown("discord:1", BIG, "no-links", AT + timedelta(minutes=1))
        await store.save_cooldown("discord:1", "u2", "no-insults", AT - timedelta(minutes=1))
        # firing again moves the end of the same cooldown
        await store.save_cooldown("discord:1", BIG, "no-insults", AT + timedelta(minutes=9))
    async with make_store() as store:
        assert await store.cooldowns_after(AT) == [
            ("discord:1", BIG, "no-links", AT + timedelta(minutes=1)),
            ("discord:1", BIG, "no-insults", AT + timedelta(minutes=9)),
        ]
        assert await store.cooldowns_after(AT + timedelta(minutes=9)) == []


async def test_notes_per_member_in_order(make_store):
    async with make_store() as store:
        first = await store.add_note("discord:1", BIG, "42", "warned in DM", AT)
        await store.add_note("discord:1", "other", "42", "not this one", AT)
        second = await store.add_note("discord:1", BIG, "43", "apologised",
                                      AT + timedelta(hours=1))
        assert (first.community, first.user, first.moderator, first.text, first.at) == (
            "discord:1", BIG, "42", "warned in DM", AT)
    async with make_store() as store:
        assert await store.notes("discord:1", BIG) == [first, second]
        assert await store.notes("telegram:1", BIG) == []


async def test_revisions_skip_the_latest_digest(db_path):
    async with SQLiteStore(db_path) as store:
        path = "rules/community.yaml"
        assert await store.record_revision(path, "sha256:aaa", 120, AT) is True
        assert await store.record_revision(path, "sha256:aaa", 120, AT) is False
        assert await store.record_revision(path, "sha256:bbb", 130, AT + timedelta(1))
        # going back to an older content is a new revision: it is not the latest
        assert await store.record_revision(path, "sha256:aaa", 120, AT + timedelta(2))
        assert await store.record_revision("rules/other.yaml", "sha256:aaa", 5, AT)
        revisions = await store.revisions(path)
        assert [(r.digest, r.size, r.accepted_at) for r in revisions] == [
            ("sha256:aaa", 120, AT), ("sha256:bbb", 130, AT + timedelta(1)),
            ("sha256:aaa", 120, AT + timedelta(2))]
        assert all(r.path == path for r in revisions)
        assert await store.revisions("nowhere.yaml") == []

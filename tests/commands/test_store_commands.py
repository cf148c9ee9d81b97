"""Migration 0003 on a real SQLite file: case changes, appeals, reports, uploads, reopened."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage.errors import StoreError
from storage.models import NewCase
from storage.sqlite import SQLiteStore
from tests.runtime.fakes import T0

C = "fake:g1"


async def test_command_records_survive_a_reopen(tmp_path):
    async with SQLiteStore(tmp_path / "db.sqlite") as store:
        await store.open_case(NewCase(community=C, user="u", action="warn", rule="manual",
                                      reason="old", created_at=T0, points=2))
        amended = await store.amend_reason(C, 1, "new", "mod", T0 + timedelta(minutes=1))
        assert amended is not None and amended.reason == "new"
        assert await store.amend_reason(C, 9, "x", "mod", T0) is None
        appeal = await store.open_appeal(C, 1, "u", "sorry", T0)
        assert appeal is not None and appeal.status == "open"
        assert await store.open_appeal(C, 1, "u", "again", T0) is None
        decided = await store.decide_appeal(appeal.id, "accepted", "mod", T0)
        assert decided is not None and decided.decided_by == "mod"
        assert await store.decide_appeal(appeal.id, "denied", "mod", T0) is None
        await store.note_change(C, 1, "appeal_accepted", "mod", T0, new="#1")
        assert await store.withdraw_points(C, 1) == 2
        await store.add_report(C, "r", T0, user="u", reason="spam", excerpt="hi")
        first = await store.add_upload(C, "a.yaml", b"one", "d1", "admin", T0)
        second = await store.add_upload(C, "b.yaml", b"two", "d2", "admin", T0)
        assert (first.revision, second.revision) == (1, 2)
        await store.activate_upload(C, 1, "admin", T0)
        with pytest.raises(StoreError):
            await store.activate_upload(C, 5, "admin", T0)
    async with SQLiteStore(tmp_path / "db.sqlite") as store:
        assert [(c.kind, c.old, c.new) for c in await store.case_changes(C, 1)] == [
            ("reason", "old", "new"), ("appeal_accepted", "", "#1")]
        assert (await store.appeal_of(C, 1)).status == "accepted"
        assert [r.reason for r in await store.reports_since(C, "r", T0)] == ["spam"]
        assert await store.reports_since(C, "r", T0 + timedelta(seconds=1)) == []
        [active] = await store.active_uploads()
        assert (active.revision, active.content) == (1, b"one")
        await store.activate_upload(C, None, "admin", T0)
        assert await store.active_uploads() == []
        assert (await store.upload(C, 2)).file_name == "b.yaml"
        assert await store.points_since(C, "u", T0) == []

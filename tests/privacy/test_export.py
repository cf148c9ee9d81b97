"""`member_export` and `gardien privacy export`: a member present in every declared table
is found in every one, under FORMATS.md's keys, as moderator too, filtered by community."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gardien.cli import main
from storage import SQLiteStore
from storage.inventory import PERSONAL
from storage.member_export import KEYS
from tests.privacy.filling import MEMBER, NAME, OTHER, C, D, T, fill

FORMATS_KEYS = ("cases", "cases_as_moderator", "notes", "points", "timers", "reports",
                "appeals", "activity", "watch", "verification")


async def test_every_declared_table_is_exported_under_its_key(tmp_path: Path) -> None:
    async with SQLiteStore(tmp_path / "gardien.db") as store:
        filled = await fill(store, active_timer=True)
        found = await store.member_export(MEMBER, now=T)
    assert found["user"] == MEMBER and found["generated_at"] == "2026-11-20T10:00:00Z"
    mine = found["communities"][C]
    assert set(FORMATS_KEYS) <= set(mine) and list(mine) == list(KEYS)
    tables = {(key, row["table"]) for key, rows in mine.items() for row in rows}
    for entry in PERSONAL:   # the coverage: a declared table missing here fails
        assert any(table == entry.table for _, table in tables), entry.table
    cases = [r for r in mine["cases"] if r["table"] == "cases"]
    assert [c["number"] for c in cases] == [filled.case]
    assert cases[0]["created_at"] == "2026-11-20T10:00:00Z" and cases[0]["evidence"]
    as_moderator = {(r["table"], r.get("number")) for r in mine["cases_as_moderator"]}
    assert ("cases", filled.moderated) in as_moderator
    assert ("case_changes", filled.moderated) in as_moderator
    assert {"lockdowns", "rule_uploads", "rule_active"} <= {t for t, _ in as_moderator}
    assert ("cases", filled.other_case) not in as_moderator   # OTHER's case by MOD
    assert [p["points"] for p in mine["points"]] == [2]
    assert len(mine["timers"]) == 2 and len(mine["reports"]) == 2
    assert mine["appeals"][0]["status"] == "denied"
    assert {r["table"] for r in mine["activity"]} == {
        "insight_members", "insight_membership", "insight_member_days"}
    folded = next(r for r in mine["activity"] if r["table"] == "insight_member_days")
    assert folded == {"table": "insight_member_days", "day": "2026-11-19", "messages": 4,
                      "last_at": "2026-11-19T10:00:00Z"}
    assert mine["watch"][0]["term"] == "gardien"
    assert mine["verification"][0]["status"] == "pending"
    assert mine["cooldowns"][0]["rule"] == "caps"
    own, mention = mine["archived_messages"]
    assert own["author_name"] == NAME and own["text"] == "hello everyone"
    assert mention == {"table": "archived_messages", "channel": "5", "message_id": "61",
                       "at": "2026-11-20T10:00:00Z", "mentions_you": True}   # not OTHER's words
    assert "id" not in cases[0] and "community" not in cases[0]
    assert [c["reason"] for c in found["communities"][D]["cases"]] == ["flood"]


async def test_community_filter_and_another_member(tmp_path: Path) -> None:
    async with SQLiteStore(tmp_path / "gardien.db") as store:
        await fill(store)
        only_d = await store.member_export(MEMBER, D)
        platform = await store.member_export(MEMBER, "discord:")
        other = await store.member_export(OTHER, C)
        nobody = await store.member_export("42")
    assert list(only_d["communities"]) == [D]
    assert set(platform["communities"]) == {C, D}
    theirs = other["communities"][C]
    assert [c["user"] for c in theirs["cases"] if c["table"] == "cases"] == [OTHER, OTHER]
    assert all(n["user"] == OTHER for n in theirs["notes"])
    assert nobody["communities"] == {}


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "gardien.yaml"
    config.write_text(f"storage: {tmp_path / 'gardien.db'}\n")
    return config


async def _filled(tmp_path: Path) -> None:
    async with SQLiteStore(tmp_path / "gardien.db") as store:
        await fill(store)


def test_cli_export_prints_indented_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    import asyncio

    asyncio.run(_filled(tmp_path))
    code = main(["privacy", "export", "--config", str(_config(tmp_path)), "--user", MEMBER,
                 "--community", C])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("{\n  \"user\"")
    found = json.loads(out)
    assert list(found["communities"]) == [C] and found["communities"][C]["notes"]


def test_cli_export_without_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    assert main(["privacy", "export", "--config", str(_config(tmp_path)), "--user", "1"]) == 2
    assert "no database" in capsys.readouterr().err

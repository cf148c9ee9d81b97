"""`privacy erase`: each declared table's erasure, the cases kept (evidence blanked) and
active timers kept without --cases; with --cases no byte of the member's id or name in
gardien.db, -wal or -shm, other members untouched, case numbers still gapless."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from gardien.cli import main
from gardien.privacy_export_cmd import erase_files
from storage import SQLiteStore
from storage.inventory import PERSONAL
from tests.privacy.filling import MEMBER, NAME, OTHER, OTHER_NAME, C, D, fill


def raw(path: Path) -> bytes:
    """Every byte of the database's files as they are on disk."""
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal"),
                                              path.with_name(path.name + "-shm"))
                    if p.exists())


def needles(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.lower().encode()]


async def test_without_cases_everything_goes_but_cases_and_active_timers(tmp_path: Path
                                                                         ) -> None:
    async with SQLiteStore(tmp_path / "gardien.db") as store:
        filled = await fill(store, active_timer=True)
        report = await store.member_erase(MEMBER, C)
        left = (await store.member_export(MEMBER, C))["communities"][C]
        elsewhere = await store.member_export(MEMBER, D)
        other = (await store.member_export(OTHER, C))["communities"][C]
    assert set(report.tables) == {entry.table for entry in PERSONAL}   # every table touched
    cases = [r for r in left["cases"] if r["table"] == "cases"]
    assert [(c["number"], c["evidence"]) for c in cases] == [(filled.case, "")]
    assert NAME not in cases[0]["reason"] and report.pseudonym in cases[0]["reason"]
    assert [(t["kind"], t["done_at"]) for t in left["timers"]] == [("unban", None)]
    assert [a.kind for a in report.active] == ["unban"]
    for key in ("notes", "points", "reports", "appeals", "activity", "watch", "verification",
                "cooldowns", "archived_messages"):
        assert left[key] == [], key
    assert report.tables["cases"] == {"evidence blanked": 1, "kept": 1}
    # the community's own records of what they did as moderator stay without --cases
    assert {r["table"] for r in left["cases_as_moderator"]} >= {"lockdowns", "rule_uploads"}
    assert elsewhere["communities"][D]["cases"][0]["evidence"] == "aaaa"   # --community
    # OTHER keeps their case, their note (its moderator pseudonymised), their message
    assert [c["number"] for c in other["cases"] if c["table"] == "cases"] == [
        filled.moderated, filled.other_case]
    assert [(n["text"], n["moderator"]) for n in other["notes"]] == [
        ("seems fine", report.pseudonym)]
    (message,) = other["archived_messages"]
    assert message["mentions"] == [] and message["text"] == f"hi {report.pseudonym}!"


async def test_with_cases_no_byte_of_the_member_is_left(tmp_path: Path) -> None:
    path = tmp_path / "gardien.db"
    async with SQLiteStore(path) as store:
        filled = await fill(store)
    before = raw(path)
    assert all(n in before for n in needles(MEMBER)[:1] + needles(NAME)[:1])
    report = await erase_files(path, MEMBER, None, with_cases=True)
    after = raw(path)
    for needle in needles(MEMBER) + needles(NAME):
        assert needle not in after, needle
    for needle in (OTHER.encode(), OTHER_NAME.encode()):
        assert needle in after            # another member untouched
    assert report.pseudonym.encode() in after
    conn = sqlite3.connect(path)
    numbers = [n for (n,) in conn.execute(
        "SELECT number FROM cases WHERE community = ? ORDER BY number", (C,))]
    assert numbers == [1, 2, 3] and filled.other_case == 3     # gapless: nothing deleted
    users = [u for (u,) in conn.execute(
        "SELECT user FROM cases WHERE community = ? ORDER BY number", (C,))]
    assert users == [report.pseudonym, OTHER, OTHER]
    (moderator,) = conn.execute("SELECT moderator FROM cases WHERE community = ? AND "
                                "number = 2", (C,)).fetchone()
    assert moderator == report.pseudonym
    conn.close()
    async with SQLiteStore(path) as store:   # the same pseudonym the next time
        again = await store.member_erase(MEMBER, None, with_cases=True)
    assert again.pseudonym == report.pseudonym


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "gardien.yaml"
    config.write_text(f"storage: {tmp_path / 'gardien.db'}\n")
    return config


async def _filled(path: Path, active: bool) -> None:
    async with SQLiteStore(path) as store:
        await fill(store, active_timer=active)


def test_cli_erase_says_what_remains(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    asyncio.run(_filled(tmp_path / "gardien.db", True))
    code = main(["privacy", "erase", "--config", str(_config(tmp_path)), "--user", MEMBER,
                 "--community", C])
    out = capsys.readouterr().out
    assert code == 0
    assert "notes: pseudonymised 1, deleted 1" in out
    assert "1 case(s) stay, evidence emptied" in out
    assert "active temporary sanction in discord:111 (case #1)" in out
    assert "a Discord ban" in out and "unban" in out


async def test_cli_erase_refuses_while_the_bot_holds_the_database(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path)
    async with SQLiteStore(tmp_path / "gardien.db") as store:
        await fill(store)
        code = await asyncio.to_thread(main, ["privacy", "erase", "--config", str(config),
                                              "--user", MEMBER, "--cases"])
        assert (await store.member_export(MEMBER))["communities"][C]["notes"]
    assert code == 2
    assert "stop `gardien run`" in capsys.readouterr().err

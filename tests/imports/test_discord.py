"""`gardien import discord`: DiscordChatExporter files mapped field by field, merged in
time order; a truncated file told with its position; Gardien's own archives read back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from bot.archive.dce import dumps, export
from bot.history import Author, ChannelInfo, FileRef, Mention, PastMessage
from tests.imports.exports import discord_server, lines, run


def test_every_field_is_mapped_and_two_channels_merge_in_time_order(tmp_path: Path) -> None:
    files = discord_server(tmp_path)
    done = run("import", "discord", *map(str, files))
    assert done.returncode == 0, done.stderr
    events = lines(done.stdout)
    # help's 3001 (09:00:30) first; 2003 at 11:02:00.5+01:00 is 10:02:00.5Z
    assert [e["id"] for e in events] == ["3001", "2001", "3002", "2003", "2004", "2007"]
    first, hello, _, edited, reply, join = events
    assert first == {
        "id": "3001", "type": "message", "platform": "discord", "community": "900",
        "at": "2026-11-20T09:00:30Z",
        "user": {"id": "1002", "name": "bob", "roles": [], "bot": False},
        "channel": "help", "channel_id": "801", "text": "@everyone look", "mentions": [],
        "attachments": [{"filename": "setup.exe", "size": 40000},
                        {"filename": "shot.png", "size": 1200}],
        "everyone": True}
    assert edited["at"] == "2026-11-20T10:02:00.500Z" and edited["text"] == "you moron"
    assert "edited" not in edited   # the final text, once, at its post time
    assert hello["user"] == {"id": "1001", "name": "alice", "bot": False,
                             "roles": ["member", "501", "artist", "502"]}
    assert hello["mentions"] == ["1002"] and hello["channel"] == "general"
    assert reply["user"]["bot"] is True and reply["reply_to"] == "2001"
    assert join == {"id": "2007", "type": "join", "platform": "discord", "community": "900",
                    "at": "2026-11-20T10:06:00Z",
                    "user": {"id": "1004", "name": "carol", "roles": [], "bot": False}}
    assert "6 events imported" in done.stderr


def test_the_stream_is_what_simulate_parses(tmp_path: Path) -> None:
    from bot.eventstream import parse_event

    done = run("import", "discord", *map(str, discord_server(tmp_path)))
    parsed = [parse_event(line) for line in done.stdout.splitlines()]
    message = parsed[0]
    assert message.community == "discord:900"   # what adapters/discord/inbound.py says
    assert message.at == datetime(2026, 11, 20, 9, 0, 30, tzinfo=UTC)
    assert message.mentions_everyone and message.attachments[0].extension == "exe"
    assert parsed[4].reply_to == "2001"


def test_out_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    done = run("import", "discord", str(discord_server(tmp_path)[1]), "--out", str(out))
    assert done.returncode == 0 and done.stdout == ""
    assert [e["id"] for e in lines(out.read_text())] == ["3001", "3002"]


def test_a_truncated_file_is_refused_with_its_position(tmp_path: Path) -> None:
    whole = discord_server(tmp_path)[0].read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(whole[:1500])
    done = run("import", "discord", str(cut))
    assert done.returncode == 2
    line = whole[:1500].count(b"\n") + 1
    column = 1500 - whole[:1500].rindex(b"\n")
    assert (f"cut.json: line {line} column {column} (byte offset 1500): the file ends in the "
            "middle of the JSON") in done.stderr


def test_a_syntax_error_is_placed_where_it_is(tmp_path: Path) -> None:
    good = discord_server(tmp_path)[0].read_text()
    spot = good.index('"you moron"')
    bad = tmp_path / "bad.json"
    bad.write_text(good[:spot] + "you moron" + good[spot + 11:])
    done = run("import", "discord", str(bad))
    assert done.returncode == 2
    line = good[:spot].count("\n") + 1
    column = spot - good[:spot].rindex("\n")
    assert f"bad.json: line {line} column {column} (byte offset {spot}):" in done.stderr
    assert "invalid" in done.stderr


def test_a_file_of_another_shape_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"messages": []}))
    done = run("import", "discord", str(other))
    assert done.returncode == 2
    assert "no 'guild' object: not a DiscordChatExporter export" in done.stderr


def test_a_bad_message_is_reported_and_the_rest_imported(tmp_path: Path) -> None:
    path = discord_server(tmp_path)[1]
    document = json.loads(path.read_text())
    document["messages"][0]["timestamp"] = "yesterday"
    path.write_text(json.dumps(document))
    done = run("import", "discord", str(path))
    assert done.returncode == 0
    assert [e["id"] for e in lines(done.stdout)] == ["3002"]
    assert "message 1 (id 3001): skipped: timestamp is not an ISO 8601 time" in done.stderr


def test_an_archive_written_by_gardien_imports_back(tmp_path: Path) -> None:
    channel = ChannelInfo(id="801", name="help", community_id="900", community_name="S",
                          category_id="7", category="Talk")
    at = datetime(2026, 11, 1, 9, 30, 0, 123000, tzinfo=UTC)
    past = [
        PastMessage(id="1", at=at, author=Author("11", "ann", "Annie", False,
                                                 (("5", "mod"),)),
                    text="see <@12>", mentions=(Mention("12", "ben"),),
                    attachments=(FileRef("a.png", 300, "f1", "https://x/a.png"),)),
        PastMessage(id="2", at=at.replace(minute=31), author=Author("12", "ben", bot=True),
                    text="ok", reply_to="1", edited_at=at.replace(minute=40)),
    ]
    path = tmp_path / "archive.json"
    path.write_bytes(dumps(export(channel, past, None, None, at)))
    events = lines(run("import", "discord", str(path)).stdout)
    assert [(e["id"], e["at"], e["text"], e["user"], e["mentions"], e["attachments"],
             e.get("reply_to")) for e in events] == [
        ("1", "2026-11-01T09:30:00.123Z", "see <@12>",
         {"id": "11", "name": "ann", "roles": ["mod", "5"], "bot": False}, ["12"],
         [{"filename": "a.png", "size": 300}], None),
        ("2", "2026-11-01T09:31:00.123Z", "ok",
         {"id": "12", "name": "ben", "roles": [], "bot": True}, [], [], "1")]
    assert {(e["platform"], e["community"], e["channel"], e["channel_id"]) for e in events} \
        == {("discord", "900", "help", "801")}


def test_a_telegram_archive_imports_as_telegram_events(tmp_path: Path) -> None:
    channel = ChannelInfo(id="-1001234", name="Les Jardiniers", community_id="-1001234")
    at = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    path = tmp_path / "tg-archive.json"
    path.write_bytes(dumps(export(channel, [PastMessage("5", at, Author("42", "Dana"), "hi")],
                                  None, None, at)))
    event, = lines(run("import", "discord", str(path)).stdout)
    assert (event["platform"], event["community"], event["channel"]) == (
        "telegram", "-1001234", "-1001234")

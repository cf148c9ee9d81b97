"""`gardien import telegram`: a Telegram Desktop export (one chat, a whole account) mapped
field by field, with the ids the live bot uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.eventstream import parse_event
from tests.imports.exports import T, lines, run, telegram_account, telegram_chat

CHAT = "-1001234567890"   # a supergroup: -100<id>, as adapters/telegram/translate.py sees it


def at(seconds: int) -> str:
    from datetime import UTC, datetime
    return datetime.fromtimestamp(T + seconds, UTC).isoformat().replace("+00:00", "Z")


def imported(path: Path) -> dict[str, dict[str, Any]]:
    done = run("import", "telegram", str(path))
    assert done.returncode == 0, done.stderr
    return {e["id"]: e for e in lines(done.stdout)}


def message(ident: str, seconds: int, user: tuple[str, str], text: str,
            **extra: Any) -> dict[str, Any]:
    return {"id": ident, "type": "message", "platform": "telegram", "community": CHAT,
            "at": at(seconds), "user": {"id": user[0], "name": user[1]}, "channel": CHAT,
            "channel_id": CHAT, "text": text, "mentions": [], "attachments": [], "links": [],
            **extra}


def test_messages_field_by_field(tmp_path: Path) -> None:
    events = imported(telegram_chat(tmp_path / "result.json"))
    dana, eve, gus = ("42", "Dana"), ("43", "Eve"), ("44", "Gus")
    assert events["2"] == message("2", 10, dana, "hello all")
    # an entity array: text_link target as a hidden link, mention_name as an id
    assert events["3"] == message("3", 20, eve, "see this page and Dana @frank",
                                  mentions=["42", "@frank"],
                                  links=["https://win.example.ru/x"])
    assert events["4"] == message("4", 30, eve, "",
                                  attachments=[{"filename": "photo.jpg", "size": 52000}],
                                  group=f"album-43-{at(30)}")
    assert events["5"]["attachments"] == [{"filename": "notes.pdf", "size": 1200}]
    # an edit: the exported (final) text, once, at its post time
    assert events["6"] == message("6", 50, eve, "you moron")
    assert events["7"] == message("7", 60, dana, "no insults please", reply_to="6")
    # forwarded: the forwarder's message, as the live bot sees it
    assert events["8"] == message("8", 80, gus, "forwarded news")
    # an album: three photos of one author in one second share a group
    assert {events[i]["group"] for i in ("9", "10", "11")} == {f"album-44-{at(90)}"}
    assert events["9"]["attachments"] == [{"filename": "photo.jpg", "size": 0}]
    # a post as a channel speaks for that channel's id, -100<id>
    assert events["12"]["user"] == {"id": "-1001500", "name": "Le Canal"}
    assert events["13"]["attachments"] == [{"filename": "voice.ogg", "size": 3000}]


def test_service_messages_become_joins_and_leaves(tmp_path: Path) -> None:
    events = imported(telegram_chat(tmp_path / "result.json"))
    people = {i: (e["type"], e["user"]["id"], e["user"]["name"], e["at"])
              for i, e in events.items() if e["type"] != "message"}
    assert people == {
        "1": ("join", "42", "Dana", at(0)),                # by link: the actor joined
        "14-1": ("join", "name:Ivy", "Ivy", at(120)),      # added: the export has no ids
        "14-2": ("join", "name:Jo", "Jo", at(120)),
        "15": ("join", "46", "Kim", at(130)),              # by request
        "16": ("leave", "43", "Eve", at(140)),             # left on her own
        "17": ("leave", "name:Gus", "Gus", at(150)),       # removed by Dana
    }
    assert "18" not in events   # a pin is no event


def test_the_community_is_the_live_bots(tmp_path: Path) -> None:
    done = run("import", "telegram", str(telegram_chat(tmp_path / "result.json")))
    first = parse_event(done.stdout.splitlines()[2])
    assert first.community == f"telegram:{CHAT}"
    assert first.links == ("https://win.example.ru/x",)


def test_a_whole_account_export(tmp_path: Path) -> None:
    done = run("import", "telegram", str(telegram_account(tmp_path / "result.json")))
    assert done.returncode == 0
    events = lines(done.stdout)
    assert [(e["community"], e["id"], e["type"]) for e in events] == [
        (CHAT, "1", "join"), (CHAT, "2", "message"), (CHAT, "3", "message"),
        ("-55", "1", "message")]   # a left basic group: -<id>
    assert events[3]["text"] == "in the old group"
    assert "chat 'Alice' (personal_chat) is not a group or channel: skipped" in done.stderr
    assert "private words" not in done.stdout


def test_a_truncated_export_is_refused_with_its_position(tmp_path: Path) -> None:
    whole = telegram_chat(tmp_path / "result.json").read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(whole[:2000])
    done = run("import", "telegram", str(cut))
    assert done.returncode == 2
    line = whole[:2000].count(b"\n") + 1
    column = 2000 - whole[:2000].rindex(b"\n")
    assert f"cut.json: line {line} column {column} (byte offset 2000): the file ends" \
        in done.stderr


def test_a_message_without_a_time_is_reported_and_skipped(tmp_path: Path) -> None:
    from tests.imports.exports import tg_message
    bad = tg_message(2, T, "user42", "Dana", "no time")
    del bad["date_unixtime"], bad["date"]
    path = telegram_chat(tmp_path / "r.json", [bad, tg_message(3, T, "user42", "Dana", "ok")])
    done = run("import", "telegram", str(path))
    assert [e["id"] for e in lines(done.stdout)] == ["3"]
    assert "message 1 (id 2): skipped: no 'date_unixtime'" in done.stderr


def test_unix_text_is_utc_text_of_that_second() -> None:
    from datetime import UTC, datetime

    from bot.imports.common import unix_text, utc_text

    seconds = [*range(-86_401, -86_000), *range(-3_601, 3_601), *range(T - 90_000, T, 7),
               253_402_300_799]   # before 1970, around midnight, a day's clock, 9999
    for second in seconds:
        assert unix_text(second) == utc_text(datetime.fromtimestamp(second, UTC)), second

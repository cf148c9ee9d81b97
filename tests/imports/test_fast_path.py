"""Exports large enough to be read in several spans (bot/imports/spans.py): any layout and
any text give the same events; what orjson cannot read as yajl does is read by ijson; an
error far into a file is still placed where it is."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.imports.exports import RULES, author, dce_file, dce_message, lines, run

ROLES = author("1001", "alice", roles=(("501", "member"), ("502", "artist"), ("503", "ops")))
TRICKY = ('}, {"id": "9"}', '"}, {', "}]", "{[}]", '\\"}, {', "a},\n{b", "} , {")


def _messages(count: int) -> list[dict[str, Any]]:
    return [dce_message(str(10_000 + n), f"2026-11-20T10:{n // 60 % 60:02d}:{n % 60:02d}"
                        f".{n % 1000:03d}+00:00", ROLES if n % 2 else author("1002", "bob"),
                        f"{TRICKY[n % len(TRICKY)]} message {n}", mentions=("1002",) * (n % 2),
                        files=(("a.png", n),) if n % 3 == 0 else ())
            for n in range(count)]


def _write(path: Path, document: dict[str, Any], layout: str) -> Path:
    if layout == "indented":
        text = json.dumps(document, ensure_ascii=False, indent=2)
    elif layout == "compact":
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    else:   # one message a line, as the synthetic exports of bench/ write them
        head = json.dumps({k: v for k, v in document.items() if k != "messages"})
        body = ",\n".join(json.dumps(m) for m in document["messages"])
        text = head[:-1] + ', "messages": [\n' + body + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    return path


def test_any_layout_and_any_text_give_the_same_events(tmp_path: Path) -> None:
    messages = _messages(3000)   # about 2 MB: several spans of 256 KB
    document = json.loads(dce_file(tmp_path / "x.json", ("800", "general"), messages)
                          .read_text())
    outputs = []
    for layout in ("indented", "compact", "lines"):
        done = run("import", "discord", str(_write(tmp_path / f"{layout}.json", document,
                                                    layout)))
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    events = lines(outputs[0])
    assert [e["id"] for e in events] == [m["id"] for m in messages]
    assert [e["text"] for e in events] == [m["content"] for m in messages]
    assert events[1]["user"]["roles"] == ["member", "501", "artist", "502", "ops", "503"]
    assert events[3]["attachments"] == [{"filename": "a.png", "size": 3}]


def test_what_orjson_cannot_read_as_yajl_does_is_read_by_ijson(tmp_path: Path) -> None:
    messages = _messages(2000)
    path = dce_file(tmp_path / "odd.json", ("800", "general"), messages)
    text = path.read_text(encoding="utf-8")
    spot = text.index(' message 1500"')   # a lone surrogate, far into the file
    path.write_text(text[:spot] + ' message \\ud800 1500"' + text[spot + 14:],
                    encoding="utf-8")
    done = run("import", "discord", str(path))
    assert done.returncode == 0, done.stderr
    events = lines(done.stdout)
    assert [e["id"] for e in events] == [m["id"] for m in messages]   # each once, in order
    assert events[1500]["text"].endswith(" 1500") and events[1499]["text"].endswith(" 1499")
    assert "2,000 events imported" in done.stderr


def test_an_integer_past_64_bits_is_refused_as_yajl_refuses_it(tmp_path: Path) -> None:
    messages = _messages(2000)
    messages[1200]["mentions"] = [{"id": 123456789012345678901234567890}]
    path = dce_file(tmp_path / "big.json", ("800", "general"), messages)
    done = run("import", "discord", str(path))
    assert done.returncode == 2
    assert "big.json: line " in done.stderr and "integer overflow" in done.stderr
    assert len(lines(done.stdout)) == 1200   # those before it, each once


def test_an_error_far_into_a_file_is_placed_where_it_is(tmp_path: Path) -> None:
    good = dce_file(tmp_path / "good.json", ("800", "general"), _messages(3000)).read_text(
        encoding="utf-8")
    spot = good.index(' message 2500"')
    spot = good.rindex('"content": "', 0, spot) + len('"content": ')
    bad = tmp_path / "bad.json"
    bad.write_text(good[:spot] + good[spot + 1:], encoding="utf-8")   # its opening quote
    done = run("import", "discord", str(bad))
    assert done.returncode == 2
    before = good[:spot].encode("utf-8")
    line, column = before.count(b"\n") + 1, len(before) - before.rindex(b"\n")
    assert f"bad.json: line {line} column {column} (byte offset {len(before)}):" in done.stderr
    assert [e["id"] for e in lines(done.stdout)][-1] == "12499"   # those before it


def test_a_large_telegram_chat_with_an_odd_message(tmp_path: Path) -> None:
    messages: list[dict[str, Any]] = [
        {"id": n, "type": "message", "date": "2026-11-20T10:00:00",
         "date_unixtime": str(1_795_000_000 + n), "from": "Ann", "from_id": f"user{n % 7}",
         "text": TRICKY[n % len(TRICKY)],
         "text_entities": [{"type": "plain", "text": TRICKY[n % len(TRICKY)]}]}
        for n in range(1, 4001)]
    messages[2999]["reply_to_message_id"] = 9_000_000_000_000_000_000   # 19 digits
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "G", "type": "private_supergroup", "id": 42,
                                "messages": messages}, indent=1), encoding="utf-8")
    done = run("import", "telegram", str(path))
    assert done.returncode == 0, done.stderr
    events = lines(done.stdout)
    assert [e["id"] for e in events] == [str(n) for n in range(1, 4001)]
    assert {e["community"] for e in events} == {"-10042"}
    assert events[2999]["reply_to"] == "9000000000000000000"
    assert events[0]["at"] == datetime.fromtimestamp(1_795_000_001, UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    assert events[6]["user"]["id"] == "0" and events[6]["text"] == TRICKY[0]


def test_simulate_refuses_an_overlong_message_of_an_export_as_its_line(tmp_path: Path) -> None:
    messages = _messages(20)
    messages[5]["content"] = "moron " + "x" * (1 << 20)
    path = dce_file(tmp_path / "long.json", ("800", "general"), messages)
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES)
    done = run("simulate", str(rules), str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert "line 6: skipped: longer than 1,048,576 characters" in done.stderr
    assert len(lines(done.stdout)) >= 1


def test_bytes_that_are_not_text_are_refused_with_their_place(tmp_path: Path) -> None:
    good = dce_file(tmp_path / "good.json", ("800", "general"), _messages(1500)).read_bytes()
    spot = good.index(b" message 1200")
    before = good[:spot]
    line, column = before.count(b"\n") + 1, len(before) - before.rindex(b"\n")
    for name, inserted, what in (
            ("byte.json", b"\xff", "not UTF-8 (byte 0xff)"),
            ("half.json", b"\\udc00", "a string holds half of a surrogate pair")):
        (tmp_path / name).write_bytes(before + inserted + good[spot:])
        done = run("import", "discord", str(tmp_path / name))
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert f"{name}: line {line} column {column} (byte offset {spot}): {what}" in (
            done.stderr)
        assert len(lines(done.stdout)) <= 1200   # at most those before it


def test_a_file_in_another_encoding_is_refused_as_not_utf8(tmp_path: Path) -> None:
    """Windows tools may save JSON as UTF-16: yajl refuses its first byte outside any
    string, and the error says so plainly, placed at that byte (not yajl's raw bytes)."""
    good = dce_file(tmp_path / "good.json", ("800", "general"), _messages(3)).read_text("utf-8")
    for kind in ("discord", "telegram"):
        path = tmp_path / f"{kind}-utf16.json"
        path.write_bytes(good.encode("utf-16"))   # with its byte order mark
        done = run("import", kind, str(path))
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert f"{path.name}: line 1 column 1 (byte offset 0): not UTF-8 (byte 0xff)" in (
            done.stderr), done.stderr

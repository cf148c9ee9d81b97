"""The event-stream reader under hostile input (issue 11, reproduction 6 and "What to build" 7).

First through `gardien simulate` itself: a malformed line (deep nesting, a byte that is not
UTF-8, a huge integer, a string where a boolean belongs, a null id) is reported with its
line number and skipped, and the rest of the stream is still replayed. Then properties:
whatever a line holds, `parse_event` returns an event or raises `EventFormatError`, never
anything else, and `simulate` accounts for every line.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.eventstream import (
    MAX_LINE_BYTES,
    EventFormatError,
    event_of,
    parse_event,
    read_lines,
)
from bot.simulate import SHOWN_PROBLEMS, simulate
from rules.compiler import compile_ruleset
from rules.events import Join, Message, valid_text

GARDIEN = [sys.executable, "-m", "gardien"]
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
RULES = """\
version: 1
name: Fuzz
rules:
  - id: insult
    match: {words: [moron]}
    actions: [delete, {warn: {points: 1}}]
  - id: flood
    match: {flood: {messages: 3, within: 10s}}
    actions: [{timeout: 10m}]
"""


def event(ident: Any = "m1", t: float = 0, text: str = "moron", **changes: Any,
          ) -> dict[str, Any]:
    user = {"id": "u1", "name": "alice", "roles": ["member"]}
    user.update(changes.pop("user", {}))
    data = {"id": ident, "type": "message", "platform": "discord", "community": "g",
            "channel": "general", "at": (T0 + timedelta(seconds=t)).isoformat(),
            "user": user, "text": text}
    data.update(changes)
    return data


def line(data: Any) -> bytes:
    return json.dumps(data).encode()


@pytest.fixture(scope="module")
def rules_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


def simulate_cli(rules: Path, tmp_path: Path, lines: list[bytes], *extra: str,
                 ) -> subprocess.CompletedProcess[str]:
    events = tmp_path / "events.jsonl"
    events.write_bytes(b"\n".join(lines) + b"\n")
    return subprocess.run([*GARDIEN, "simulate", str(rules), str(events), *extra],
                          capture_output=True, text=True, timeout=60, check=False)


def verdicts(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [json.loads(out)["event"] for out in done.stdout.splitlines()]


# --- reproduction 6, through `gardien simulate` -------------------------------------------

def test_deep_nesting_a_bad_byte_and_a_huge_integer_are_skipped(rules_file, tmp_path):
    latin1 = line(event("m3", 100))[:-1] + b', "extra": "caf\xe9"}'   # Latin-1, not UTF-8
    done = simulate_cli(rules_file, tmp_path, [
        line(event("m1", 0)),
        b"[" * 100_000,
        latin1,
        b'{"id": "m4", "size": ' + b"9" * 5000 + b"}",
        b'{"id": "m5", "nested": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5001,
        line(event("m6", 200)),
    ], "--json")
    assert done.returncode == 0, done.stderr
    assert verdicts(done) == ["m1", "m6"]
    assert done.stderr.splitlines() == [
        "line 2: skipped: not an event: JSON nested too deeply",
        f"line 3: skipped: not UTF-8: byte 0xe9 at byte {latin1.index(0xE9) + 1}",
        "line 4: skipped: not an event: a number has more than 4,300 digits",
        "line 5: skipped: not an event: JSON nested too deeply",
    ]


def test_a_string_false_is_not_a_bot(rules_file, tmp_path):
    done = simulate_cli(rules_file, tmp_path, [
        line(event("m1", 0, user={"bot": "false"})),      # was taken as true: exempt
        line(event("m2", 100, user={"bot": False})),
        line(event("m3", 200, user={"id": "b", "bot": True})),   # a real bot: exempt
        line(event("m4", 300, user={"bot": 0})),
        line(event("m5", 400, everyone="yes")),
        line(event("m6", 500, edited="false")),
    ], "--json")
    assert done.returncode == 0
    assert verdicts(done) == ["m2"]
    assert done.stderr.splitlines() == [
        "line 1: skipped: 'user.bot' must be true or false, not the string 'false'",
        "line 4: skipped: 'user.bot' must be true or false, not a number",
        "line 5: skipped: 'everyone' must be true or false, not the string 'yes'",
        "line 6: skipped: 'edited' must be true or false, not the string 'false'",
    ]


@pytest.mark.parametrize(("changes", "reason"), [
    ({"id": None}, "'id' must be a non-empty string or an integer, not null"),
    ({"id": ""}, "'id' must not be empty"),
    ({"id": True}, "'id' must be a non-empty string or an integer, not true (a boolean)"),
    ({"id": 1.5}, "'id' must be a non-empty string or an integer, not a number"),
    ({"community": None}, "'community' must be a non-empty string or an integer, not null"),
    ({"user": {"id": None}}, "'user.id' must be a non-empty string or an integer, not null"),
    ({"user": {"id": ""}}, "'user.id' must not be empty"),
    ({"user": {"id": [1]}}, "'user.id' must be a non-empty string or an integer, not a list"),
    ({"mentions": [None]}, "'mentions' must hold strings, not null"),
    ({"attachments": [{"filename": "a.exe", "size": "big"}]},
     "an attachment's 'size' must be a number of bytes, not the string 'big'"),
    ({"attachments": [{"filename": "a.exe", "size": -1}]},
     "an attachment's 'size' must be a number of bytes, not a number"),
])
def test_null_and_mistyped_ids_are_refused(rules_file, tmp_path, changes, reason):
    done = simulate_cli(rules_file, tmp_path, [line(event("m1", 0, **changes)),
                                                line(event("m2", 100))], "--json")
    assert done.returncode == 0
    assert verdicts(done) == ["m2"]
    assert done.stderr.splitlines() == [f"line 1: skipped: {reason}"]


def test_integer_ids_are_still_ids(rules_file, tmp_path):
    done = simulate_cli(rules_file, tmp_path, [
        line(event(123, 0, community=-1001, user={"id": 10**18})),
    ], "--json")
    assert done.returncode == 0, done.stderr
    assert [json.loads(out)["user"] for out in done.stdout.splitlines()] == [str(10**18)]


def test_a_bad_byte_costs_its_own_line_only_and_the_summary_counts_it(rules_file, tmp_path):
    done = simulate_cli(rules_file, tmp_path, [
        b"\xef\xbb\xbf" + line(event("m1", 0)),     # a byte-order mark, as some editors write
        b"\xff\xfe\x00garbage",
        b"\xed\xa0\x80",                               # an encoded surrogate is not UTF-8 either
        line(event("m4", 100, text="you moron \udc80")),   # an escaped one is text: U+FFFD
    ])
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Simulated 2 events (2 messages, 0 joins) with 'Fuzz'")
    assert "2 events triggered a rule; 2 malformed lines skipped." in done.stdout
    assert done.stderr.splitlines() == ["line 2: skipped: not UTF-8: byte 0xff at byte 1",
                                        "line 3: skipped: not UTF-8: byte 0xed at byte 1"]


def test_a_line_longer_than_the_limit_is_skipped_without_being_kept(rules_file, tmp_path):
    long = line(event("m1", 0, text="x" * (MAX_LINE_BYTES * 3)))
    done = simulate_cli(rules_file, tmp_path, [long, line(event("m2", 100))], "--json")
    assert done.returncode == 0
    assert verdicts(done) == ["m2"]
    assert done.stderr.splitlines() == [
        f"line 1: skipped: longer than {MAX_LINE_BYTES:,} bytes"]


def test_only_the_first_reasons_are_listed_then_a_count(rules_file, tmp_path):
    bad = SHOWN_PROBLEMS + 15
    done = simulate_cli(rules_file, tmp_path,
                        [b"oops"] * bad + [line(event("m1", 0))], "--json")
    assert done.returncode == 0
    assert verdicts(done) == ["m1"]
    errors = done.stderr.splitlines()
    assert len(errors) == SHOWN_PROBLEMS + 1
    assert errors[0] == "line 1: skipped: not JSON: Expecting value at column 1"
    assert errors[-1] == f"... and 15 more malformed lines skipped ({bad} in all)"


def test_a_stream_with_no_event_at_all_exits_1(rules_file, tmp_path):
    done = simulate_cli(rules_file, tmp_path, [b"oops", b"\xff", b"[]"], "--json")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1] == (
        f"{tmp_path / 'events.jsonl'}: no event could be read (3 malformed lines)")


def test_an_empty_stream_is_not_an_error(rules_file):
    done = subprocess.run([*GARDIEN, "simulate", str(rules_file), "-", "--json"], input=b"",
                          capture_output=True, timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")


def test_standard_input_is_read_as_bytes_too(rules_file):
    stdin = line(event("m1", 0)) + b"\n\xff\n" + line(event("m3", 100)) + b"\n"
    done = subprocess.run([*GARDIEN, "simulate", str(rules_file), "-", "--json"], input=stdin,
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 0
    assert [json.loads(out)["event"] for out in done.stdout.splitlines()] == ["m1", "m3"]
    assert done.stderr == b"line 2: skipped: not UTF-8: byte 0xff at byte 1\n"


# --- properties of the reader -------------------------------------------------------------

def parsed_or_refused(raw: str | bytes) -> Message | Join | None:
    """The one contract: an event, or EventFormatError; any other exception fails."""
    try:
        return parse_event(raw)
    except EventFormatError as error:
        assert str(error) and "\n" not in str(error)
        return None


JSON_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats()
                | st.text(max_size=20) | st.sampled_from([10**40, -(10**40), "", "false"]))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=12)
KEYS = ["id", "type", "platform", "community", "channel", "channel_id", "at", "user", "text",
        "mentions", "role_mentions", "everyone", "attachments", "links", "edited", "group",
        "reply_to"]
USER_KEYS = ["id", "name", "roles", "joined_at", "created_at", "bot"]


@settings(max_examples=300, deadline=None)
@given(raw=st.text(max_size=200) | st.binary(max_size=200))
def test_any_text_or_bytes_is_an_event_or_refused(raw):
    parsed_or_refused(raw)


@settings(max_examples=300, deadline=None)
@given(data=JSON_VALUES)
def test_any_json_value_is_an_event_or_refused(data):
    parsed_or_refused(json.dumps(data))


@settings(max_examples=400, deadline=None)
@given(key=st.sampled_from(KEYS + [f"user.{k}" for k in USER_KEYS]), value=JSON_VALUES,
       drop=st.booleans())
def test_any_field_of_a_good_event_replaced_by_anything(key, value, drop):
    data = event()
    target, name = (data["user"], key[5:]) if key.startswith("user.") else (data, key)
    if drop:
        target.pop(name, None)
    else:
        target[name] = value
    parsed = parsed_or_refused(json.dumps(data))
    if parsed is None:
        return
    # what is accepted is accepted as it was written: no null id, no truthy string
    assert parsed.id and parsed.user.id
    assert isinstance(parsed.user.bot, bool)
    if name == "bot" and not drop:
        assert value is None or value is parsed.user.bot


@settings(max_examples=60, deadline=None)
@given(depth=st.integers(1, 5000), opener=st.sampled_from(['[', '{"a": ']))
def test_any_depth_of_nesting(depth, opener):
    closer = "]" if opener == "[" else "}"
    nested = opener * depth + "1" + closer * depth
    parsed_or_refused(json.dumps(event())[:-1] + f', "junk": {nested}}}')


@settings(max_examples=100, deadline=None)
@given(digits=st.integers(1, 20_000))
def test_any_size_of_integer(digits):
    parsed_or_refused(json.dumps(event())[:-1] + f', "n": {"7" * digits}}}')
    parsed_or_refused(json.dumps(event("x"))[:-1].replace('"x"', "7" * digits) + "}")


@settings(max_examples=200, deadline=None)
@given(text=st.text(), name=st.text(), ident=st.text(min_size=1) | st.integers())
def test_a_well_formed_event_keeps_its_fields_as_valid_text(text, name, ident):
    parsed = parse_event(json.dumps(event(ident, text=text, user={"id": ident, "name": name})))
    assert isinstance(parsed, Message)
    assert parsed.id == parsed.user.id == valid_text(str(ident))
    assert parsed.text == valid_text(text) and parsed.user.name == valid_text(name)
    for field in (parsed.text, parsed.user.name, parsed.id):
        field.encode("utf-8")   # no lone surrogate left


@settings(max_examples=200, deadline=None)
@given(chunks=st.lists(st.binary(max_size=50) | st.sampled_from([b"\n", b"\r\n", b"\xff"]),
                       max_size=30))
def test_read_lines_gives_back_every_byte_of_short_lines(chunks):
    raw = b"".join(chunks)
    got = list(read_lines(io.BytesIO(raw)))
    assert b"".join(got) == (raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
    assert all(piece.endswith(b"\n") for piece in got[:-1])


def test_read_lines_bounds_a_stream_without_newlines():
    got = list(read_lines(io.BytesIO(b"a" * (MAX_LINE_BYTES * 5 + 7) + b"\nnext\n")))
    assert [len(piece) for piece in got] == [MAX_LINE_BYTES + 1, 5]


@pytest.fixture(scope="module")
def ruleset():
    return compile_ruleset(RULES, "fuzz.yaml", Path("."))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(
    st.builds(lambda d: json.dumps(d), JSON_VALUES),
    st.builds(lambda t, s: json.dumps(event(f"m{s}", s, text=t)), st.text(max_size=50),
              st.integers(-10**6, 10**6)),
    st.binary(max_size=40),
), max_size=25))
def test_simulate_accounts_for_every_line(ruleset, lines):
    errors = io.StringIO()
    summary = simulate(ruleset, lines, io.StringIO(), errors)
    counted = sum(1 for raw in lines if raw.strip())
    assert summary.events + summary.malformed == counted
    assert summary.messages + summary.joins == summary.events
    assert errors.getvalue().count("\n") == min(summary.malformed, SHOWN_PROBLEMS) + (
        summary.malformed > SHOWN_PROBLEMS)


def _answer(parse: Any, given: Any) -> tuple[str, Any]:
    try:
        return "event", parse(given)
    except EventFormatError as error:
        return "refused", str(error)


@settings(max_examples=400, deadline=None)
@given(key=st.sampled_from(KEYS + [f"user.{k}" for k in USER_KEYS]), value=JSON_VALUES,
       text=st.text(max_size=30), digits=st.sampled_from([1, 18, 19, 20, 40]))
def test_a_line_as_text_as_bytes_and_as_its_dict_gives_one_answer(key, value, text, digits):
    # the fast paths (orjson on bytes, an importer's dict) answer as the standard one does
    data = event(text=text, mentions=["1" * digits], group="2" * digits)
    target, name = (data["user"], key[5:]) if key.startswith("user.") else (data, key)
    target[name] = value
    written = json.dumps(data, ensure_ascii=False)
    as_text = _answer(parse_event, written)
    try:
        raw: bytes | None = written.encode("utf-8")
    except UnicodeEncodeError:   # a lone surrogate: as bytes it is no UTF-8 (refused so)
        raw = None
    if raw is not None:
        assert _answer(parse_event, raw) == as_text
    assert _answer(event_of, json.loads(written)) == as_text

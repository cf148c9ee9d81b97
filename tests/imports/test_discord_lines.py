"""A Discord import's lines, written by hand for plain messages (bot/imports/discord.py,
`lines`), are `dumps_line`'s very text whatever the values: strings to escape, values of
other types, authors shared or not, events of another shape."""

from __future__ import annotations

from typing import Any
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from bot.eventstream import dumps_line
from bot.imports import discord

PLACE = {"platform": "discord", "community": "900", "channel": "général \"1\"",
         "channel_id": "800"}
TEXTS = st.text(alphabet=st.characters(codec=None), max_size=30) | st.sampled_from(
    ['"', "\\", "\n\t\x00\x1f\x7f", "\u2028\u2029", "\ud800", "é😀", "@everyone", ""])
VALUES = TEXTS | st.integers() | st.none() | st.booleans() | st.lists(TEXTS, max_size=2)


def _message(ident: str, text: str, user: dict[str, Any], mentions: Any) -> dict[str, Any]:
    return {"id": ident, "type": "message", "platform": PLACE["platform"],
            "community": PLACE["community"], "at": "2026-01-01T00:00:00Z",
            "user": user, "channel": PLACE["channel"], "channel_id": PLACE["channel_id"],
            "text": text, "mentions": mentions, "attachments": []}


@given(st.lists(st.tuples(TEXTS, TEXTS, st.lists(TEXTS, max_size=3), st.booleans(),
                          st.integers(0, 2)), min_size=1, max_size=8))
def test_plain_messages_are_dumps_line(messages: list[tuple[str, str, list[str], bool,
                                                            int]]) -> None:
    shared = {"id": "1", "name": "alice", "roles": ["member"], "bot": False}
    events = []
    for ident, text, mentions, bot, which in messages:
        user = shared if which == 0 else {"id": ident, "name": text, "roles": mentions,
                                          "bot": bot}
        events.append(_message(ident, text, user, mentions))
    with mock.patch.object(discord, "dumps_line", side_effect=dumps_line) as written:
        got = list(discord.lines(events))
    assert got == [dumps_line(e) for e in events]
    # by hand indeed: dumps_line wrote the authors only, each shared one once
    assert written.call_count == len({id(e["user"]) for e in events})


@given(st.sampled_from(["id", "platform", "community", "at", "channel", "channel_id",
                        "text", "mentions"]), VALUES)
def test_a_value_of_another_type_is_written_as_dumps_line_writes_it(key: str,
                                                                    value: Any) -> None:
    event = _message("7", "hi", {"id": "1", "name": "a", "roles": [], "bot": False}, ["2"])
    event[key] = value
    assert list(discord.lines([event])) == [dumps_line(event)]


def test_events_of_other_shapes_and_converted_ones_are_dumps_line() -> None:
    author = {"id": "5", "name": "bob \"b\"", "isBot": True,
              "roles": [{"id": "501", "name": "mod\\"}]}
    bodies = [
        {"id": "1", "type": "Default", "timestamp": "2026-01-01T10:00:00.123+00:00",
         "content": "hello @everyone \u2028", "author": author,
         "mentions": [{"id": "6"}, {"id": 7}], "attachments": []},
        {"id": "2", "type": "Reply", "timestamp": "2026-01-01T11:00:00+02:00",
         "content": "re", "author": author, "reference": {"messageId": "1"}},
        {"id": "3", "type": "Default", "timestamp": "2026-01-01T10:00:01.000+00:00",
         "content": "file", "author": author,
         "attachments": [{"fileName": "a.exe", "fileSizeBytes": 10}]},
        {"id": "4", "type": "GuildMemberJoin", "timestamp": "2026-01-01T10:00:02.000Z",
         "author": author},
    ]
    events = [timed[1] for body in bodies if (timed := discord.convert(body, PLACE))]
    assert len(events) == 4
    assert list(discord.lines(events)) == [dumps_line(e) for e in events]
    events[0]["extra"] = 1   # a key the hand-written line does not have
    assert list(discord.lines(events[:1])) == [dumps_line(events[0])]

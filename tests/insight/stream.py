"""A known month of events, written out by hand, for the report tests.

Community discord:g1, in Europe/Paris (CEST = UTC+2 until 2026-10-25 01:00 UTC, then
CET = UTC+1). Each line says, after the UTC time, the local day and hour it falls in.
discord:a0 has one message: it sorts first.
"""

from __future__ import annotations

import json
from pathlib import Path

G1 = "g1"


def _user(name: str, bot: bool = False) -> dict[str, object]:
    return {"id": name, "name": name, "bot": bot} if bot else {"id": name, "name": name}


def message(ident: str, at: str, who: str, channel: str, text: str = "hi", *,
            community: str = G1, edited: bool = False, bot: bool = False) -> dict[str, object]:
    event: dict[str, object] = {"id": ident, "type": "message", "platform": "discord",
                                "community": community, "channel": channel, "at": at,
                                "user": _user(who, bot), "text": text}
    if edited:
        event["edited"] = True
    return event


def member(ident: str, kind: str, at: str, who: str) -> dict[str, object]:
    return {"id": ident, "type": kind, "platform": "discord", "community": G1, "at": at,
            "user": _user(who)}


EVENTS = [
    member("j0", "join", "2026-09-20T10:00:00Z", "gina"),            # Sep 20: before the period
    message("o1", "2026-09-30T21:59:59Z", "alice", "general"),       # Sep 30 23:59:59: before
    message("m1", "2026-10-01T08:00:00Z", "alice", "general"),       # Oct 1 (Thu) 10h
    message("m2", "2026-10-01T21:30:00Z", "bob", "random"),          # Oct 1 23h
    message("m3", "2026-10-01T22:30:00Z", "bob", "random"),          # Oct 2 (Fri) 00h
    message("x1", "2026-10-02T09:00:00Z", "alice", "general", edited=True),   # an edit: not counted
    message("x2", "2026-10-02T09:00:00Z", "helper", "general", "moron", bot=True),  # a bot
    message("a1", "2026-10-03T12:00:00Z", "zed", "general", community="a0"),
    member("j1", "join", "2026-10-05T10:00:00Z", "dave"),            # Oct 5 (Mon) 12h
    message("m4", "2026-10-05T10:05:00Z", "dave", "general"),        # Oct 5 12h
    member("l1", "leave", "2026-10-06T09:00:00Z", "dave"),           # Oct 6
    member("j2", "join", "2026-10-10T12:00:00Z", "erin"),            # Oct 10: never posts
    member("j3", "join", "2026-10-12T12:00:00Z", "frank"),           # Oct 12 (Mon)
    message("m5", "2026-10-12T12:01:00Z", "frank", "help"),          # Oct 12 14h
    member("l2", "leave", "2026-10-13T12:00:00Z", "frank"),          # Oct 13
    message("m6", "2026-10-14T16:00:00Z", "gina", "help"),           # Oct 14 (Wed) 18h
    message("m7", "2026-10-15T18:00:00Z", "carol", "general", "moron"),       # Oct 15 (Thu) 20h
    message("m8", "2026-10-16T18:00:00Z", "carol", "general", "moron"),       # Oct 16 (Fri) 20h
    message("m9", "2026-10-17T18:00:00Z", "carol", "general", "you moron"),   # Oct 17 (Sat) 20h
    member("j4", "join", "2026-10-18T09:50:00Z", "hank"),            # Oct 18 (Sun) 11h
    message("m10", "2026-10-18T10:00:00Z", "hank", "general", "see scam.example/win"),  # 12h
    member("j5", "join", "2026-10-20T09:00:00Z", "dave"),            # Oct 20: dave rejoins
    message("m11", "2026-10-22T16:00:00Z", "gina", "general", "banana"),      # Oct 22 (Thu) 18h
    message("m12", "2026-10-24T23:30:00Z", "gina", "general"),       # Oct 25 (Sun) 01h CEST
    message("m13", "2026-10-25T00:30:00Z", "carol", "general"),      # Oct 25 02:30 CEST
    message("m14", "2026-10-25T01:30:00Z", "carol", "general"),      # Oct 25 02:30 CET, again
    message("m15", "2026-10-25T02:30:00Z", "gina", "general"),       # Oct 25 03h CET
    message("m16", "2026-10-25T23:30:00Z", "alice", "general"),      # Oct 26 (Mon) 00h
    message("m17", "2026-10-28T07:00:00Z", "ivan", "general"),       # Oct 28 (Wed) 08h
    member("l3", "leave", "2026-10-28T08:00:00Z", "ivan"),           # Oct 28 09h
    member("j6", "join", "2026-10-28T09:00:00Z", "ivan"),            # Oct 28 10h: no post after
    message("m18", "2026-10-31T22:59:59Z", "dave", "general"),       # Oct 31 (Sat) 23:59:59
    message("o2", "2026-10-31T23:00:00Z", "bob", "general"),         # Nov 1 00:00: after
    member("j7", "join", "2026-10-31T23:00:00Z", "jack"),            # Nov 1 00:00: after
]

RULES = """\
version: 1
name: Report test
locale: {locale}
timezone: Europe/Paris
escalation:
  steps:
    - {{points: 3, action: timeout, duration: 1h}}
rules:
  - id: no-insults
    match: {{words: [moron]}}
    actions: [delete, {{warn: {{points: 1, reason: insult}}}}]
  - id: no-scam
    match: {{links: {{deny: [scam.example]}}}}
    actions: [delete, ban]
  - id: shadowy
    mode: shadow
    match: {{words: [banana]}}
    actions: [delete, kick]
"""


def write_stream(directory: Path, extra: list[str] | None = None) -> Path:
    path = directory / "events.jsonl"
    lines = [json.dumps(event) for event in EVENTS] + (extra or [])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_rules(directory: Path, locale: str = "en", body: str | None = None) -> Path:
    path = directory / f"rules.{locale}.yaml"
    path.write_text(body if body is not None else RULES.format(locale=locale), encoding="utf-8")
    return path

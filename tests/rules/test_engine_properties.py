"""Property tests of the engine on random messages (issue 11, "What to build" 7).

Every field of a message is random (text in any script with control and bidi characters,
roles, mentions, files, links, edits, albums, bots, join and account times), as are the
authors, the communities and the times, in any order, years apart or all in one second.
Whatever comes, `evaluate` does not raise, decides the same twice, and its verdicts keep the
format's promises: only the file's rules, actions merged in order, at most one sanction, no
verdict for bots and the exempt, no flood without that many messages around it in time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules.actions import ACTION_ORDER
from rules.engine import Engine
from rules.events import Attachment, Member, Message, valid_event
from rules.ruleset import Ruleset

T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
YEAR = 365 * 86400
FLOOD, FLOOD_WITHIN = 3, 10
RULES = """\
exempt: {roles: [Moderators], users: ["42"], channels: [staff]}
escalation:
  expire_after: 1d
  steps: [{points: 3, action: timeout, duration: 1h}, {points: 5, action: kick},
          {points: 8, action: ban}]
"""
RULE_LIST = f"""\
- id: words
  match: {{words: {{lists: ['builtin:en', 'builtin:fr'], add: [moron], allow: [scunthorpe]}}}}
  actions: [delete, {{warn: {{points: 1, reason: insult}}}}, {{reply: "{{mention}}: {{reason}}"}}]
- id: regex
  match: {{regex: ['(?i)free\\s+nitro', '\\p{{Cyrillic}}{{3,}}', '[\\x{{202e}}\\x{{200f}}]']}}
  actions: [{{warn: {{points: 2}}}}, {{alert: "{{user}} in {{community}}"}}]
- id: links
  cooldown: 30s
  match: {{links: {{deny: ['*.ru', bit.ly], invites: true}}}}
  actions: [delete, {{timeout: 10m}}]
- id: caps-or-mentions
  match: {{any: [{{caps: {{ratio: 0.7, min_letters: 8}}}}, {{mentions: {{more_than: 3}}}},
                {{mentions: {{more_than: 0}}}}]}}
  actions: [{{dm: "calm down"}}]
- id: flood
  match: {{flood: {{messages: {FLOOD}, within: {FLOOD_WITHIN}s}}}}
  actions: [{{timeout: 1h}}]
- id: repeat
  match: {{repeat: {{times: 2, within: 1m}}}}
  actions: [delete]
- id: files
  match: {{attachments: {{extensions: [exe, scr]}}}}
  actions: [kick]
- id: newcomer-links
  mode: shadow
  match: {{all: [{{newcomer: {{joined_within: 1d, account_younger_than: 7d}}}},
                {{links: {{deny: ['*']}}}}]}}
  actions: [ban]
- id: long-not-vip
  match: {{all: [{{length: {{max_chars: 300}}}}, {{not: {{roles: [vip]}}}},
                {{not: {{channels: [spam-ok]}}}}]}}
  actions: [{{ban: {{duration: 1d}}}}]
"""
SANCTIONS = {"timeout", "kick", "ban"}

TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from(
    ["\u202e", "\u200f", "\u200b", "\u0301", "\x00", "\x1b", "\ufdfa", "\ud800", "\n"]),
    max_size=80) | st.sampled_from(
    ["you moron", "FREE   NITRO", "discord.gg/abc bit.ly/x", "ПРИВЕТ МИР", "STOP SHOUTING NOW",
     "https://x.ru", "ok", "scunthorpe", "x" * 400, "connard", ""])
NAMES = st.sampled_from(["u1", "u2", "42", "bot"]) | st.text(max_size=5)
ROLES = st.lists(st.sampled_from(["member", "member", "vip", "Moderators", "MODERATORS"])
                 | st.text(max_size=4), max_size=2)
MOMENT = st.one_of(st.integers(0, 60), st.integers(-10 * YEAR, 10 * YEAR))


@st.composite
def messages(draw: st.DrawFn) -> Message:
    at = T0 + timedelta(seconds=draw(MOMENT))
    member = Member(
        id=draw(NAMES), name=draw(st.text(max_size=10)), roles=tuple(draw(ROLES)),
        joined_at=draw(st.none() | st.builds(lambda s: T0 + timedelta(seconds=s), MOMENT)),
        created_at=draw(st.none() | st.builds(lambda s: T0 + timedelta(seconds=s), MOMENT)),
        bot=draw(st.integers(0, 9)) == 0)
    message = Message(
        id=f"m{draw(st.integers(0, 10**6))}",
        community=draw(st.sampled_from(["discord:g1", "telegram:-100", "console:local"])),
        at=at, user=member, text=draw(TEXT),
        channel=draw(st.sampled_from(["general", "general", "staff", "spam-ok", "", "Général"])),
        channel_id=draw(st.sampled_from(["", "123", "staff"])),
        mentions=tuple(draw(st.lists(st.text(max_size=4), max_size=6))),
        role_mentions=tuple(draw(st.lists(st.text(max_size=4), max_size=2))),
        mentions_everyone=draw(st.booleans()),
        attachments=tuple(draw(st.lists(st.builds(
            Attachment, st.sampled_from(["a.exe", "b.PNG", "c.", ".scr", "noext"]) | st.text(
                max_size=8), st.integers(0, 10**12)), max_size=3))),
        links=tuple(draw(st.lists(st.sampled_from(["https://x.ru/a", "http://[::1", ""])
                                  | st.text(max_size=10), max_size=2))),
        edited=draw(st.integers(0, 4)) == 0,
        group=draw(st.sampled_from(["", "", "", "album1", "album2"])),
    )
    return valid_event(message)   # as the core and the simulator hand them to the engine


@pytest.fixture(scope="module")
def ruleset(tmp_path_factory: pytest.TempPathFactory) -> Ruleset:
    from rules.compiler import load_ruleset

    path = tmp_path_factory.mktemp("engine") / "rules.yaml"
    text = "version: 1\nname: Engine properties\n" + RULES + "rules:\n" + "".join(
        f"  {line}\n" for line in RULE_LIST.splitlines())
    path.write_text(text, encoding="utf-8")
    return load_ruleset(path)


def exempt(message: Message) -> bool:
    return (message.user.bot or message.user.id == "42"
            or "moderators" in {role.casefold() for role in message.user.roles}
            or message.channel == "staff" or message.channel_id == "staff")


def spans(times: list[float], now: float, window: float) -> int:
    """The most of `times` in one span of `window` seconds holding `now`."""
    return max((sum(1 for t in times if start <= t <= start + window)
                for start in times if now - window <= start <= now), default=0)


SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(stream=st.lists(messages(), min_size=1, max_size=25))
def test_verdicts_keep_the_formats_promises(ruleset, stream):
    enforced = {rule.id for rule in ruleset.rules if rule.mode == "enforce"} | {"escalation"}
    shadow = {rule.id for rule in ruleset.rules if rule.mode == "shadow"}
    engine = Engine(ruleset)
    sent: dict[tuple[str, str], list[float]] = {}
    for message in stream:
        verdict = engine.on_message(message)
        kinds = verdict.action_kinds
        assert set(verdict.rules) <= enforced and set(verdict.shadow) <= shadow
        assert len(set(verdict.rules)) == len(verdict.rules)
        assert kinds == sorted(kinds, key=ACTION_ORDER.index)
        assert kinds.count("delete") <= 1 and len(SANCTIONS.intersection(kinds)) <= 1
        assert len([k for k in kinds if k in SANCTIONS]) <= 1
        assert verdict.points >= 0 and verdict.points_added >= 0
        assert bool(verdict.actions) <= bool(verdict.rules)   # shadow rules carry out nothing
        if exempt(message):
            assert not verdict.triggered and not verdict.actions
            continue
        times = sent.setdefault((message.community, message.user.id), [])
        times.append(message.at.timestamp())
        if "flood" in verdict.rules:   # counted by time, whatever the arrival order
            assert not message.edited
            assert spans(times, message.at.timestamp(), FLOOD_WITHIN) >= FLOOD


@SETTINGS
@given(stream=st.lists(messages(), min_size=1, max_size=25))
def test_the_same_stream_gets_the_same_verdicts(ruleset, stream):
    first, second = Engine(ruleset), Engine(ruleset)
    assert [first.on_message(m) for m in stream] == [second.on_message(m) for m in stream]


def shifted(message: Message, delta: timedelta) -> Message:
    user = message.user
    return message._replace(at=message.at + delta, user=user._replace(
        joined_at=user.joined_at and user.joined_at + delta,
        created_at=user.created_at and user.created_at + delta))


@SETTINGS
@given(stream=st.lists(messages(), min_size=1, max_size=25),
       delta=st.integers(-30 * YEAR, 30 * YEAR))
def test_only_the_times_between_events_matter(ruleset, stream, delta):
    # Moving every time by the same amount (years back or ahead) changes no decision.
    shift = timedelta(seconds=delta)
    here, there = Engine(ruleset), Engine(ruleset)
    for message in stream:
        a, b = here.on_message(message), there.on_message(shifted(message, shift))
        assert (a.rules, a.shadow, a.action_kinds, a.points) == (
            b.rules, b.shadow, b.action_kinds, b.points)


@SETTINGS
@given(moments=st.lists(st.tuples(st.sampled_from(["u1", "u2"]), MOMENT), min_size=1,
                        max_size=30))
def test_flood_and_repeat_fire_only_on_messages_close_in_time(ruleset, moments):
    # The same text from two members, at times in any order: a verdict of flood (or repeat)
    # needs that many of the member's messages around the message's own time; and while the
    # member's history holds all they sent, every such burst is seen.
    engine = Engine(ruleset)
    sent: dict[str, list[float]] = {}
    for n, (user, offset) in enumerate(moments):
        at = T0 + timedelta(seconds=offset)
        verdict = engine.on_message(Message(id=f"m{n}", community="discord:g1", at=at,
                                            user=Member(id=user), text="same text"))
        times = sent.setdefault(user, [])
        times.append(at.timestamp())
        flood = spans(times, at.timestamp(), FLOOD_WITHIN) >= FLOOD
        repeat = spans(times, at.timestamp(), 60) >= 2
        assert "flood" not in verdict.rules or flood
        assert "repeat" not in verdict.rules or repeat
        if len(times) <= ruleset.history_keep:   # all remembered: nothing may be missed
            assert ("flood" in verdict.rules, "repeat" in verdict.rules) == (flood, repeat)

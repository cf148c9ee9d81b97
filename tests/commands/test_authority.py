"""Refusals: private, worded from the catalogue, logged, and no case written."""

from __future__ import annotations

import pytest

from bot.command_model import MODERATE, Authority

from .bench import BOT, HELPER, MEMBER, MOD, OWNER, bench

TG_ADMIN = Authority("20", "tgadmin", rank=1, admin=True)
HIGH = Authority("21", "senior", rank=7, rights=frozenset({MODERATE}))
ABOVE_BOT = Authority("22", "toprole", rank=60)


@pytest.mark.parametrize(("command", "invoker", "target", "options", "text"), [
    ("kick", HELPER, MEMBER, {"reason": "x"},
     "You need the Kick Members (Telegram: restrict members) right for this command."),
    ("warn", MEMBER, MEMBER, {"reason": "x"},
     "You need the Moderate Members (Telegram: restrict members) right for this command."),
    ("rules upload", Authority("5", rank=5, rights=frozenset({MODERATE})), None,
     {"file": b"x"}, "You need the Manage Server (Telegram: change group info) right for "
                     "this command."),
    ("ban", MOD, OWNER, {"reason": "x"}, "No one can act on the owner."),
    ("warn", MOD, TG_ADMIN, {"reason": "x"},
     "Administrators cannot be sanctioned by command."),
    ("timeout", MOD, HIGH, {"reason": "x", "duration": "1m"},
     "You can only act on members whose highest role is below yours."),
    ("kick", OWNER, ABOVE_BOT, {"reason": "x"},
     "This member's highest role is not below mine: move my role higher to let me act on them."),
    ("ban", MOD, BOT, {"reason": "x"}, "I will not act on myself."),
    ("warn", MOD, MOD, {"reason": "x"}, "You cannot use this command on yourself."),
    ("appeal accept", MOD, None, {"appeal": 1, "_only_user": "77"},
     "This button is not for you."),
    ("nope", MOD, None, {}, "Unknown command: nope."),
])
async def test_refusals_record_no_case(tmp_path, command, invoker, target, options, text):
    async with bench(tmp_path) as b:
        answer = await b.run(command, invoker, target, **options)
        assert answer.refused and answer.private
        assert answer.text == text
        assert await b.cases() == []
        assert b.adapter.attempts == []


async def test_the_owner_passes_rights_and_rank(tmp_path):
    async with bench(tmp_path) as b:
        owner = Authority("1", "owner", rank=0, owner=True)
        answer = await b.run("kick", owner, HIGH, reason="owner says so")
        assert not answer.refused
        assert [c.moderator for c in await b.cases()] == ["1"]


async def test_refusals_follow_the_invokers_language(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("ban", MOD, OWNER, reason="x", locale="fr")
        assert answer.text == "Personne ne peut agir sur le propriétaire."


@pytest.mark.parametrize(("command", "target", "options", "text"), [
    ("warn", None, {"reason": "x"}, "Name the member: the member option, a reply to their "
                                    "message, or @username / their id first."),
    ("timeout", MEMBER, {}, "Missing option: duration."),    # a sanction's reason is optional
    ("note", MEMBER, {"text": "   "}, "Missing option: text."),   # blanks are no text
    ("warn", MEMBER, {"reason": "x", "points": 0}, "points must be between 1 and 1000 (got 0)."),
    ("warn", MEMBER, {"reason": "x", "points": "two"},
     "points must be a whole number, not 'two'."),
    ("timeout", MEMBER, {"reason": "x", "duration": "10 minutes"},
     "'10 minutes' is not a duration: write an integer and a unit (s, m, h, d, w), e.g. 10m."),
    ("timeout", MEMBER, {"reason": "x", "duration": "0s"},
     "'0s' is not a duration: write an integer and a unit (s, m, h, d, w), e.g. 10m."),
    ("ban", MEMBER, {"reason": "x", "delete_messages": "8d"},
     "delete_messages is at most 1w (got 8d)."),
    ("purge", None, {"count": 1001}, "count must be between 1 and 1000 (got 1001)."),
    ("purge", None, {"count": 0}, "count must be between 1 and 1000 (got 0)."),
    ("case", None, {"case": -3}, "case must be at least 1 (got -3)."),
    ("note", MEMBER, {"text": "x" * 1501}, "text is too long: at most 1500 characters."),
])
async def test_bad_options_answer_precisely(tmp_path, command, target, options, text):
    async with bench(tmp_path) as b:
        answer = await b.run(command, MOD, target, **options)
        assert answer.refused and answer.private and answer.text == text
        assert await b.cases() == []


async def test_telegram_style_string_integers_are_accepted(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("warn", MOD, MEMBER, reason="x", points="2")
        assert "2 point(s)" in answer.text

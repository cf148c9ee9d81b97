"""The rest of reproduction 9 of issue 11: manual timeouts bounded, ranks on `purge` and
on `reason` (a low-ranked moderator rewrote the owner's case, purged the owner's messages).

Every refusal is private, worded from the catalogue, logged, and writes no case.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.adapter import Capability
from bot.command_model import MANAGE_MESSAGES, MODERATE, Authority
from bot.commands.registry import BY_NAME, MAX_TIMEOUT

from .bench import COMMUNITY, HELPER, MEMBER, MOD, OWNER, bench

JANITOR = Authority("4", "janitor", rank=2, rights=frozenset({MANAGE_MESSAGES}))
JUNIOR = Authority("6", "junior", rank=2, rights=frozenset({MODERATE}))


# --- manual timeouts: at most the table's bound (28 days, Discord's cap) -----------------
def test_the_timeout_duration_is_bounded_in_the_table():
    option = BY_NAME["timeout"].option("duration")
    assert option is not None and option.longest == MAX_TIMEOUT == timedelta(days=28)


@pytest.mark.parametrize(("duration", "accepted"), [
    ("28d", True), ("4w", True), ("29d", False), ("5w", False), ("36500d", False)])
async def test_a_hundred_year_timeout_is_refused(tmp_path, duration, accepted):
    async with bench(tmp_path) as b:
        answer = await b.run("timeout", HELPER, MEMBER, duration=duration, reason="calm")
        assert answer.refused is not accepted
        if accepted:
            [(timeout, _)] = b.adapter.of_kind("timeout")
            assert timeout.duration <= MAX_TIMEOUT
        else:
            assert answer.text == f"duration is at most 4w (got {duration})."
            assert await b.cases() == [] and b.adapter.attempts == []


# --- purge: a named member's messages only from above them --------------------------------
@pytest.mark.parametrize(("target", "text"), [
    (OWNER, "No one can act on the owner."),
    (MOD, "You can only act on members whose highest role is below yours."),
    (Authority("7", "peer", rank=2), "You can only act on members whose highest role is "
                                     "below yours."),
])
async def test_a_low_ranked_manage_messages_member_cannot_purge_those_above(tmp_path, target,
                                                                             text):
    async with bench(tmp_path) as b:
        answer = await b.run("purge", JANITOR, target, count=10)
        assert answer.refused and answer.private and answer.text == text
        assert await b.cases() == [] and b.adapter.purged == []


@pytest.mark.parametrize("target", [MEMBER, JANITOR, None])
async def test_purging_below_oneself_ones_own_or_the_channel_is_allowed(tmp_path, target):
    async with bench(tmp_path) as b:
        answer = await b.run("purge", JANITOR, target, count=10)
        assert answer.text == "Case #1: 7 message(s) deleted."
        assert b.adapter.purged == [(COMMUNITY, "general", 10,
                                     target.id if target else None)]


async def test_the_owner_purges_anyones_messages(tmp_path):
    async with bench(tmp_path) as b:
        assert not (await b.run("purge", OWNER, MOD, count=3)).refused


# --- reason: another moderator's case only from above them; the owner's never ------------
async def test_the_owners_case_keeps_its_reason(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("ban", OWNER, MEMBER, reason="raid leader")
        answer = await b.run("reason", MOD, case=1, text="nothing really")
        assert answer.refused and answer.text == (
            "Case #1 is the owner's: only the owner can amend its reason.")
        assert (await b.store.case(COMMUNITY, 1)).reason == "raid leader"
        assert await b.store.case_changes(COMMUNITY, 1) == []
        assert not (await b.run("reason", OWNER, case=1, text="raid organiser")).refused


async def test_a_case_by_a_higher_moderator_is_refused_equal_and_own_are_allowed(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("warn", MOD, MEMBER, reason="rude")                     # rank 5
        answer = await b.run("reason", JUNIOR, case=1, text="polite")     # rank 2
        assert answer.refused and answer.text == (
            "Case #1 was written by mod (2), who ranks above you: only they or someone above "
            "them can amend its reason.")
        assert (await b.store.case(COMMUNITY, 1)).reason == "rude"
        assert not (await b.run("reason", HELPER, case=1, text="very rude")).refused  # rank 5
        await b.run("warn", JUNIOR, MEMBER, reason="spam")
        assert not (await b.run("reason", JUNIOR, case=2, text="links")).refused     # own
        assert not (await b.run("reason", MOD, case=2, text="scam links")).refused   # below


async def test_automatic_cases_are_anyones_to_amend(tmp_path):
    from tests.runtime.harness import message

    async with bench(tmp_path) as b:
        await b.adapter.push(message("you moron", MEMBER.id, at=b.clock()))
        assert await b.core.drain(timeout=10)
        [case] = await b.cases()
        assert case.moderator is None
        assert not (await b.run("reason", JUNIOR, case=1, text="insulted eve")).refused


async def test_without_the_moderators_standing_only_they_or_the_owner_amend(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("warn", MOD, MEMBER, reason="rude")
        b.adapter.capabilities = b.adapter.capabilities - {Capability.STANDING}
        answer = await b.run("reason", HELPER, case=1, text="x")
        assert answer.refused and answer.text == (
            "I cannot check the standing of 2, who wrote case #1, right now: only they or the "
            "owner can amend it for now.")
        assert not (await b.run("reason", MOD, case=1, text="own")).refused
        assert not (await b.run("reason", OWNER, case=1, text="owner")).refused

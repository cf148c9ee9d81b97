"""Two lesser findings of issue 11: `/ban <the group's own id>` was accepted on Telegram
(a chat or a channel is not a member to sanction), and options such as `points: "²"`
raised ValueError past the parser (`"²".isdigit()` is True, int() refuses it).

Every refusal is private, worded from the catalogue, logged, and writes no case.
"""

from __future__ import annotations

import pytest

from bot.command_model import Authority, Invocation
from bot.commands import buttons

from .bench import BOT, MEMBER, MOD, bench


# --- no sanction on a chat or a channel (Telegram: `/ban <the group's own id>`) -------------
@pytest.mark.parametrize("target", [
    Authority("-1001234567890", "the group"),     # a Telegram group or channel id
    Authority("-42", "a basic group"),
    Authority("g1", "this community"),            # the community's own id (fake:g1)
])
@pytest.mark.parametrize("command", ["ban", "kick", "warn", "timeout"])
async def test_a_chat_is_not_a_member_to_sanction(tmp_path, target, command):
    async with bench(tmp_path) as b:
        answer = await b.run(command, MOD, target, reason="x", duration="1h")
        assert answer.refused and answer.text == (
            "That is a chat or a channel, not a member: name a person.")
        assert await b.cases() == [] and b.adapter.attempts == []


async def test_a_channels_messages_may_still_be_purged(tmp_path):
    async with bench(tmp_path) as b:
        channel = Authority("-1009876543210", "spam channel")
        assert not (await b.run("purge", MOD, channel, count=5)).refused


# --- options that look like numbers but are not ASCII digits ----------------------------
@pytest.mark.parametrize(("command", "target", "options", "text"), [
    ("warn", MEMBER, {"reason": "x", "points": "²"}, "points must be a whole number, not '²'."),
    ("warn", MEMBER, {"reason": "x", "points": "٣"}, "points must be a whole number, not '٣'."),
    ("case", None, {"case": "#¹"}, "case must be a whole number, not '#¹'."),
    ("purge", None, {"count": "1" * 5000},
     f"count is far too large (got {'1' * 40}…)."),
    ("case", None, {"case": "9" * 19}, f"case is far too large (got {'9' * 19})."),
    ("timeout", MEMBER, {"reason": "x", "duration": "1" * 5000 + "d"},
     f"'{'1' * 40}…' is not a duration: write an integer and a unit (s, m, h, d, w), "
     "e.g. 10m."),
])
async def test_non_ascii_and_endless_numbers_get_a_precise_refusal(tmp_path, command, target,
                                                                   options, text):
    async with bench(tmp_path) as b:
        answer = await b.run(command, MOD, target, **options)
        assert answer.refused and answer.text == text
        assert await b.cases() == []


async def test_a_private_appeal_with_a_superscript_case_number_is_refused_not_raised(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.center.invoke(Invocation(
            community="fake:", command="appeal", invoker=MEMBER, bot=BOT,
            options={"case": "²", "text": "please"}))
        assert answer.refused and answer.text == "Unknown command: appeal."


async def test_a_forged_button_payload_with_a_superscript_reaches_a_refusal(tmp_path):
    decoded = buttons.decode("g1|appeal_accept|appeal=²")
    assert decoded == ("appeal accept", {"appeal": "²"}, None)
    async with bench(tmp_path) as b:
        answer = await b.run(decoded[0], MOD, **decoded[1])
        assert answer.refused and answer.text == "appeal must be a whole number, not '²'."

"""A manual warn's escalation step needs the step's own right (issue 11, reproduction 9).

On Discord a helper with Moderate Members only ran `warn points:5` and the escalation
step banned the member. Now the warn and its points are recorded, the step is not carried
out, and the mod log gets a request whose button lets a moderator with the right apply
it, checked again when pressed.
"""

from __future__ import annotations

from bot.adapter import Capability
from bot.command_model import BAN, MODERATE, Authority
from bot.commands import buttons
from bot.posts import Button
from rules.actions import Ban, Timeout

from .bench import COMMUNITY, HELPER, MEMBER, MOD, OWNER, RULES, bench

APPLY = "escalation apply"
WAITING = ("Escalation: ban needs the Ban Members (Telegram: restrict members) right, which "
           "you lack; it waits for a moderator who has it (request posted in the mod log).")


def request(b):
    """The mod log's request and its one button."""
    [post] = [post for post in b.adapter.log_posts() if post.buttons]
    [button] = post.buttons
    return post, button


async def press(b, button: Button, who: Authority, **extra: object):
    return await b.run(button.command, who, **{**button.options, **extra})


async def test_a_helper_warns_the_step_waits_and_a_moderator_with_ban_applies_it(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("warn", HELPER, MEMBER, reason="spam", points=5)
        assert not answer.refused
        assert answer.text == ("Case #1: bob (10) warned; they now have 5 point(s).\n"
                               + WAITING)
        [warn] = await b.cases()
        assert (warn.action, warn.moderator, warn.points, warn.status) == (
            "warn", HELPER.id, 5, "done")
        assert b.adapter.of_kind("ban") == [] and b.adapter.of_kind("timeout") == []
        assert b.center.services.points.current(COMMUNITY, MEMBER.id, b.clock()) == 5
        post, button = request(b)
        assert post.text == (
            "Case #1: helper (3) warned bob (10), who now has 5 point(s). The escalation step "
            "(ban) needs the Ban Members (Telegram: restrict members) right, which helper (3) "
            "lacks, so it was not applied: a moderator who has that right can apply it.")
        assert (button.label, button.command, button.options, button.style) == (
            "Apply: ban", APPLY, {"case": 1, "step": 5}, "danger")

        refused = await press(b, button, HELPER)
        assert refused.refused and refused.text == (
            "You need the Ban Members (Telegram: restrict members) right for this command.")
        assert len(await b.cases()) == 1 and b.adapter.of_kind("ban") == []

        applied = await press(b, button, MOD)
        assert not applied.refused and applied.private
        assert applied.text == ("Case #2: escalation ban applied to bob (10) (the step of the "
                                "warn in case #1).")
        step = (await b.cases())[-1]
        assert (step.action, step.rule, step.moderator, step.user, step.status) == (
            "ban", "escalation", MOD.id, MEMBER.id, "done")
        [(ban, target)] = b.adapter.of_kind("ban")
        assert isinstance(ban, Ban) and ban.rule == "escalation" and target.user == MEMBER.id

        again = await press(b, button, OWNER)
        assert again.refused
        assert again.text == "Already applied: case #2, after the warn of case #1."
        assert len(await b.cases()) == 2


async def test_a_step_within_the_invokers_rights_is_still_carried_at_once(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("warn", HELPER, MEMBER, reason="spam", points=3)   # timeout
        assert answer.text.endswith("Escalation: timeout (case #2).")
        [(timeout, _)] = b.adapter.of_kind("timeout")
        assert isinstance(timeout, Timeout) and timeout.rule == "escalation"
        assert [post for post in b.adapter.log_posts() if post.buttons] == []


async def test_the_presser_is_checked_on_the_members_standing_now(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("warn", HELPER, MEMBER, reason="spam", points=5)
        _, button = request(b)
        junior = Authority("30", "junior", rank=1, rights=frozenset({MODERATE, BAN}))
        assert (await press(b, button, junior)).text == (
            "You can only act on members whose highest role is below yours.")
        b.adapter.standings[MEMBER.id] = Authority(MEMBER.id, "bob", rank=9)  # promoted since
        assert (await press(b, button, MOD)).text == (
            "You can only act on members whose highest role is below yours.")
        assert (await press(b, button, MEMBER)).text == (
            "You need the Ban Members (Telegram: restrict members) right for this command.")
        b.adapter.capabilities = b.adapter.capabilities - {Capability.STANDING}
        assert (await press(b, button, OWNER)).text == (
            "I cannot check 10's standing right now: try again in a moment.")
        assert len(await b.cases()) == 1 and b.adapter.of_kind("ban") == []


async def test_a_step_whose_points_expired_or_that_left_the_rules_is_not_applied(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("warn", HELPER, MEMBER, reason="spam", points=5)
        _, button = request(b)
        b.clock.advance(days=31)                      # escalation.expire_after: 30d
        assert (await press(b, button, MOD)).text == (
            "bob (10) now has 0 point(s), below this step's 5: nothing to apply.")
        b.rules_path.write_text(RULES.format(locale="en").replace(
            "    - {points: 5, action: ban}\n", ""), encoding="utf-8")
        await b.rulebook.reload(force=True)
        assert (await press(b, button, MOD)).text == (
            "The rule file no longer has an escalation step at 5 points: nothing to apply "
            "for case #1.")
        assert (await b.run(APPLY, MOD, case=7, step=5)).text == (
            "No escalation step waits on case #7.")
        assert len(await b.cases()) == 1 and b.adapter.of_kind("ban") == []


async def test_without_a_mod_log_the_helper_is_told_to_ask_someone(tmp_path):
    rules = RULES.format(locale="en").replace("log_channel: mod-log\n", "")
    async with bench(tmp_path, rules=rules) as b:
        answer = await b.run("warn", HELPER, MEMBER, reason="spam", points=5)
        assert answer.text.splitlines()[1] == (
            "Escalation: ban needs the Ban Members (Telegram: restrict members) right, which "
            "you lack, so it was not applied, and there is no mod log to ask in: tell a "
            "moderator who has it.")
        assert b.adapter.of_kind("ban") == [] and b.adapter.posts == []


async def test_the_request_reads_in_the_communitys_language(tmp_path):
    async with bench(tmp_path, locale="fr") as b:
        answer = await b.run("warn", HELPER, MEMBER, reason="spam", points=5)
        assert answer.text.splitlines()[1].startswith("Escalade : bannissement exige le droit")
        post, button = request(b)
        assert post.text.startswith("Sanction n°1 : helper (3) a averti bob (10)")
        assert button.label == "Appliquer : bannissement"


def test_the_buttons_payload_fits_telegram_with_the_community_chat():
    button = Button("Apply: ban", APPLY, {"case": 99_999_999, "step": 1000,
                                          "c": -1001234567890}, style="danger")
    payload = buttons.encode(button)
    assert len(payload.encode()) <= buttons.MAX_PAYLOAD
    assert buttons.decode(payload) == (APPLY, {"case": 99_999_999, "step": 1000,
                                               "c": "-1001234567890"}, None)


async def test_the_owner_and_moderators_with_the_right_escalate_at_once(tmp_path):
    async with bench(tmp_path) as b:
        assert BAN in MOD.rights
        answer = await b.run("warn", MOD, MEMBER, reason="spam", points=5)
        assert answer.text.endswith("Escalation: ban (case #2).")
        answer = await b.run("warn", OWNER, Authority("12", "zed", rank=1), reason="x",
                             points=5)
        assert answer.text.endswith("Escalation: ban (case #4).")
        assert len(b.adapter.of_kind("ban")) == 2


LADDER = """\
version: 1
name: A ladder whose later steps are not all harsher
locale: en
escalation:
  steps:
    - {points: 2, action: timeout, duration: 1d}
    - {points: 3, action: timeout, duration: 1h}
    - {points: 4, action: kick}
    - {points: 6, action: timeout, duration: 2h}
    - {points: 8, action: ban, duration: 7d}
    - {points: 9, action: ban}
rules:
  - id: x
    match: {words: [x]}
    actions: [delete]
"""


async def test_the_step_left_for_later_is_the_one_the_ladder_would_fire(tmp_path):
    from rules.sentencing import escalate

    async with bench(tmp_path, rules=LADDER) as b:
        points = b.center.services.points
        ruleset = b.rulebook.for_community(COMMUNITY)
        values = {"mention": "@bob", "user": "bob", "points": 0, "community": COMMUNITY,
                  "rule": "escalation", "reason": "", "duration": ""}
        for before in range(10):
            for after in range(before + 1, 11):
                crossed = points.crossed(COMMUNITY, before, after, values)
                expected = escalate(ruleset, before, after, values)
                assert (crossed[1] if crossed else None) == expected, (before, after)
                if crossed is not None:
                    assert points.step_at(COMMUNITY, crossed[0], values) == expected

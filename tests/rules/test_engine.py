"""Verdict semantics: union of rules, merging, escalation, expiry, cooldowns, shadow,
exemptions, edits and templates. Time always comes from the events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rules.actions import Alert, Ban, Delete, Dm, Kick, Reply, Timeout, Warn
from rules.engine import Engine, evaluate
from rules.events import Member
from rules.state import MemberState

ESCALATION = """
escalation:
  expire_after: 30d
  steps:
    - {points: 3, action: timeout, duration: 1h}
    - {points: 5, action: kick}
    - {points: 8, action: ban}
"""


def insult_rule(points: int = 1, rule_id: str = "insult", cooldown: str = "0s") -> str:
    return f"""
        - id: {rule_id}
          cooldown: {cooldown}
          match: {{words: [moron]}}
          actions:
            - warn: {{points: {points}, reason: insult}}
    """


def of(verdict, kind):
    return [a for a in verdict.actions if a.kind == kind]


# --- union and merging ------------------------------------------------------
def test_every_matching_rule_applies_in_file_order(engine_for, message):
    engine = engine_for("""
        - id: zeta
          match: {regex: [idiot]}
          actions: [delete, {warn: {points: 2, reason: rude}}, {reply: "z"}]
        - id: alpha
          match: {words: [moron]}
          actions: [delete, {warn: {points: 1, reason: insult}}, {alert: "a"}]
        - id: other
          match: {words: [banana]}
          actions: [delete]
    """)
    verdict = engine.on_message(message("moron idiot"))
    assert verdict.rules == ("zeta", "alpha")
    assert verdict.action_kinds == ["delete", "warn", "reply", "alert"]
    assert len(of(verdict, "delete")) == 1
    (warn,) = of(verdict, "warn")
    assert warn.points == 3
    assert verdict.points == 3 and verdict.points_added == 3
    assert warn.reason == "rude; insult"


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("{timeout: 10m}", "{timeout: 1h}", Timeout("b", duration=timedelta(hours=1))),
    ("{timeout: 1d}", "kick", Kick("b")),
    ("kick", "{timeout: 28d}", Kick("a")),
    ("{ban: {duration: 7d}}", "kick", Ban("a", duration=timedelta(days=7))),
    ("{ban: {duration: 7d}}", "ban", Ban("b")),
    ("ban", "{ban: {duration: 365d}}", Ban("a")),
    ("{ban: {duration: 1d}}", "{ban: {duration: 2d}}", Ban("b", duration=timedelta(days=2))),
])
def test_only_the_most_severe_sanction(engine_for, message, first, second, expected):
    engine = engine_for(f"""
        - id: a
          match: {{words: [moron]}}
          actions: [{first}]
        - id: b
          match: {{words: [moron]}}
          actions: [{second}]
    """)
    verdict = engine.on_message(message("moron"))
    sanctions = [a for a in verdict.actions if a.kind in ("timeout", "kick", "ban")]
    assert len(sanctions) == 1
    got = sanctions[0]
    assert (type(got), got.rule, getattr(got, "duration", None)) == (
        type(expected), expected.rule, getattr(expected, "duration", None))


def test_a_bare_ban_is_permanent_and_deletes_nothing(engine_for, message):
    verdict = engine_for("""
        - id: a
          match: {words: [moron]}
          actions: [ban]
    """).on_message(message("moron"))
    (ban,) = of(verdict, "ban")
    assert ban.duration is None and ban.delete_messages is None


# --- escalation -------------------------------------------------------------
def test_escalation_fires_when_points_cross_a_step_from_below(engine_for, message):
    engine = engine_for(insult_rule(), ESCALATION)
    verdicts = [engine.on_message(message("moron", t=i)) for i in range(9)]
    assert [v.points for v in verdicts] == list(range(1, 10))
    fired = [i + 1 for i, v in enumerate(verdicts) if "escalation" in v.rules]
    assert fired == [3, 5, 8]
    assert verdicts[2].rules == ("insult", "escalation")
    (timeout,) = of(verdicts[2], "timeout")
    assert timeout.rule == "escalation" and timeout.duration == timedelta(hours=1)
    assert timeout.reason == "3 warning points"
    assert of(verdicts[4], "kick")[0].rule == "escalation"
    assert of(verdicts[7], "ban")[0] == Ban("escalation", reason="8 warning points")
    assert not of(verdicts[3], "timeout") and not of(verdicts[8], "ban")


def test_several_steps_crossed_at_once(engine_for, message):
    engine = engine_for(insult_rule(points=6), ESCALATION)
    first = engine.on_message(message("moron"))
    assert first.points == 6
    assert first.rules == ("insult", "escalation")
    assert first.action_kinds == ["warn", "kick"]      # timeout and kick: kick is more severe
    second = engine.on_message(message("moron", t=1))
    assert second.points == 12
    assert second.action_kinds == ["warn", "ban"]


def test_escalation_fires_again_after_points_expire(engine_for, message):
    engine = engine_for(insult_rule(), """
        escalation:
          expire_after: 1d
          steps: [{points: 2, action: timeout, duration: 1h}]
    """)
    day = 86400
    assert "escalation" not in engine.on_message(message("moron", t=0)).rules
    assert "escalation" in engine.on_message(message("moron", t=60)).rules
    assert "escalation" not in engine.on_message(message("moron", t=120)).rules   # 3, above
    late = engine.on_message(message("moron", t=2 * day))
    assert late.points == 1 and "escalation" not in late.rules
    again = engine.on_message(message("moron", t=2 * day + 60))
    assert again.points == 2 and "escalation" in again.rules


@pytest.mark.parametrize(("gap", "points", "escalates"), [(3600, 2, True), (3601, 1, False)])
def test_expiry_boundary(engine_for, message, gap, points, escalates):
    engine = engine_for(insult_rule(), """
        escalation:
          expire_after: 1h
          steps: [{points: 2, action: kick}]
    """)
    engine.on_message(message("moron", t=0))
    verdict = engine.on_message(message("moron", t=gap))
    assert verdict.points == points
    assert ("escalation" in verdict.rules) is escalates


def test_time_comes_from_the_events_not_the_wall_clock(engine_for, message):
    engine = engine_for(insult_rule(), ESCALATION)
    old = datetime(2001, 3, 1, tzinfo=UTC)
    for day in range(3):
        verdict = engine.on_message(message("moron", t=old + timedelta(days=day)))
    assert verdict.points == 3 and "escalation" in verdict.rules


# --- cooldown ---------------------------------------------------------------
def test_cooldown_is_per_user_per_rule_until_it_ends(engine_for, message):
    engine = engine_for("""
        - id: slow
          cooldown: 1m
          match: {words: [moron]}
          actions: [{warn: {points: 1}}]
        - id: always
          match: {words: [moron]}
          actions: [delete]
    """)
    assert engine.on_message(message("moron", t=0)).rules == ("slow", "always")
    assert engine.on_message(message("moron", t=30)).rules == ("always",)
    assert engine.on_message(message("moron", t=59, user="u2")).rules == ("slow", "always")
    assert engine.on_message(message("moron", t=59, community="telegram:-1")).rules == (
        "slow", "always")
    assert engine.on_message(message("moron", t=59.5)).rules == ("always",)
    assert engine.on_message(message("moron", t=60)).rules == ("slow", "always")


def test_a_rule_in_cooldown_adds_no_points(engine_for, message):
    engine = engine_for(insult_rule(cooldown="10m"))
    assert engine.on_message(message("moron", t=0)).points == 1
    quiet = engine.on_message(message("moron", t=1))
    assert quiet.rules == () and quiet.points == 1


# --- shadow and off ---------------------------------------------------------
def test_shadow_rules_are_reported_and_carry_out_nothing(engine_for, message):
    engine = engine_for("""
        - id: trial
          mode: shadow
          match: {words: [moron]}
          actions: [delete, {warn: {points: 5}}, ban, {reply: "x"}]
        - id: live
          match: {regex: [idiot]}
          actions: [delete]
    """, "escalation: {steps: [{points: 1, action: kick}]}")
    verdict = engine.on_message(message("moron"))
    assert verdict.triggered
    assert verdict.shadow == ("trial",)
    assert verdict.rules == () and verdict.actions == () and verdict.points == 0
    both = engine.on_message(message("moron idiot", t=1))
    assert both.rules == ("live",) and both.shadow == ("trial",)
    assert both.action_kinds == ["delete"] and both.points == 0


def test_mode_off_rules_never_apply(compile_rules, message):
    ruleset = compile_rules("""
        - id: dormant
          mode: off
          match: {words: [moron]}
          actions: [ban]
        - id: awake
          match: {regex: [idiot]}
          actions: [delete]
    """)
    assert ruleset.disabled == ("dormant",)
    assert [rule.id for rule in ruleset.rules] == ["awake"]
    verdict = Engine(ruleset).on_message(message("moron"))
    assert not verdict.triggered and verdict.actions == ()


# --- exemptions -------------------------------------------------------------
EXEMPT = """
exempt:
  users: [123, Alice]
  roles: [Moderators, 777]
  channels: [staff, 555]
"""


EXEMPT_RULE = """
    - id: r
      match: {any: [{words: [moron]}, {flood: {messages: 2, within: 1m}}]}
      actions: [ban]
"""


def test_a_display_name_never_exempts(engine_for, message):
    """Names are chosen by members: `users: [Alice]` only matches the id "Alice" (console)."""
    engine = engine_for(EXEMPT_RULE, EXEMPT)
    assert engine.on_message(message("moron", user="u9", name="Alice")).rules == ("r",)
    assert not engine.on_message(message("moron", t=1, user="Alice")).triggered


@pytest.mark.parametrize("fields", [
    {"user": "123"},
    {"roles": ("moderators",)},
    {"roles": ("member", "777")},
    {"channel": "Staff"},
    {"channel": "other", "channel_id": "555"},
    {"bot": True},
])
def test_exempt_members_and_channels_are_never_evaluated(engine_for, message, fields):
    engine = engine_for(EXEMPT_RULE, EXEMPT)
    verdict = engine.on_message(message("moron", **{"user": "u9", **fields}))
    assert not verdict.triggered and verdict.actions == ()
    assert engine.on_message(message("moron", t=1, user="u8")).rules == ("r",)


@pytest.mark.parametrize("fields", [{"channel": "staff"}, {"roles": ("Moderators",)}])
def test_exempt_messages_do_not_count_towards_flood(engine_for, message, fields):
    engine = engine_for(EXEMPT_RULE, EXEMPT)
    assert not engine.on_message(message("hello", t=0, **fields)).triggered
    assert not engine.on_message(message("hello", t=1)).triggered
    assert engine.on_message(message("hello", t=2)).rules == ("r",)


# --- edits ------------------------------------------------------------------
def test_edited_messages_are_rechecked_but_not_counted_for_flood(engine_for, message):
    engine = engine_for("""
        - id: insult
          match: {words: [moron]}
          actions: [delete]
        - id: flood
          match: {flood: {messages: 3, within: 1m}}
          actions: [{timeout: 10m}]
    """)
    assert engine.on_message(message("hello", id="m1", t=0)).rules == ()
    assert engine.on_message(message("moron", id="m1", t=1, edited=True)).rules == ("insult",)
    assert engine.on_message(message("hi again", id="m1", t=2, edited=True)).rules == ()
    assert engine.on_message(message("second", id="m2", t=3)).rules == ()
    assert engine.on_message(message("third", id="m3", t=4)).rules == ("flood",)
    # fixing a typo in a flooding message is not a new message: no second sanction
    assert engine.on_message(message("third!", id="m3", t=5, edited=True)).rules == ()


# --- templates and locale ---------------------------------------------------
TEMPLATE = "{mention}|{user}|{rule}|{reason}|{duration}|{points}|{community}"


def test_templates_are_rendered(engine_for, message):
    engine = engine_for(f"""
        - id: insult
          match: {{words: [moron]}}
          actions:
            - warn: {{points: 2, reason: "insult to {{community}}"}}
            - timeout: 10m
            - reply: "{TEMPLATE}"
            - dm: "you got {{points}} points, {{user}}"
            - alert: "{{rule}} by {{mention}}: {{reason}} ({{duration}})"
    """)
    member = Member(id="42", name="alice", mention_text="<@42>")
    verdict = engine.on_message(message("moron", member=member))
    assert of(verdict, "reply") == [
        Reply("insult", text="<@42>|alice|insult|insult to discord:g1|10m|2|discord:g1")]
    assert of(verdict, "dm") == [Dm("insult", text="you got 2 points, alice")]
    assert of(verdict, "alert") == [
        Alert("insult", text="insult by <@42>: insult to discord:g1 (10m)")]
    assert of(verdict, "warn") == [Warn(
        "insult", points=2, reason="insult to discord:g1",
        text="<@42>, you have been warned: insult to discord:g1. You now have 2 point(s).")]
    assert of(verdict, "timeout")[0].reason == "insult to discord:g1"


def test_mention_without_platform_markup_is_at_name(engine_for, message):
    engine = engine_for("""
        - id: r
          description: Be nice
          match: {words: [moron]}
          actions: [{reply: "{mention} {reason}"}, delete]
    """)
    verdict = engine.on_message(message("moron", user="7", name="bob"))
    assert verdict.actions == (Delete("r"), Reply("r", text="@bob Be nice"))


def test_french_locale_warn_and_escalation_texts(engine_for, message):
    engine = engine_for(insult_rule(), "locale: fr\n" + ESCALATION)
    member = Member(id="1", name="zoé", mention_text="@zoé")
    verdicts = [engine.on_message(message("moron", t=i, member=member)) for i in range(3)]
    assert of(verdicts[0], "warn")[0].text == (
        "@zoé, vous avez reçu un avertissement : insult. Vous avez maintenant 1 point(s).")
    assert of(verdicts[2], "timeout")[0].reason == "3 points d'avertissement"


# --- purity -----------------------------------------------------------------
def test_evaluate_from_fresh_state_is_repeatable(compile_rules, message):
    ruleset = compile_rules(insult_rule(), ESCALATION)
    event = message("moron")
    assert evaluate(ruleset, event, MemberState()) == evaluate(ruleset, event, MemberState())

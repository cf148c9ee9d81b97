"""The AutoMod plan from real compiled rule files: what AutoMod carries, within Discord's
limits (6 keyword rules, 1,000 keywords of 60 characters, 100 allowed), most severe first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rules.automod import (
    MARKER,
    MAX_KEYWORD_LENGTH,
    MAX_KEYWORDS,
    MAX_TIMEOUT_SECONDS,
    AutoModSource,
    KeywordRule,
    Plan,
    plan,
)
from rules.problems import RuleFileError
from rules.ruleset import Ruleset

Compile = Callable[..., Ruleset]
HEAD = ("automod: {sync: true}\nlog_channel: mod-log\n"
        "exempt: {roles: [Moderators], channels: [staff]}")


def source(compile_rules: Compile, rules: str, head: str = HEAD) -> AutoModSource:
    found = compile_rules(rules, head).automod
    assert found is not None
    return found


def test_without_sync_the_file_hands_no_rule_to_automod(compile_rules: Compile) -> None:
    rules = "- {id: a, match: {words: [moron]}, actions: [delete]}"
    assert compile_rules(rules).automod is None
    off = compile_rules(rules, "automod: {sync: false}").automod
    assert off is not None and not off.sync and plan(off).rules == ()


def test_sync_must_be_true_or_false(write_rules: Callable[..., Path]) -> None:
    from rules.compiler import load_ruleset

    path = write_rules("- {id: a, match: {words: [moron]}, actions: [delete]}",
                       "automod: {sync: yes please}")
    with pytest.raises(RuleFileError) as refused:
        load_ruleset(path)
    assert "write true or false" in str(refused.value)


def test_only_rules_automod_can_carry_whole_are_given_to_it(compile_rules: Compile) -> None:
    found = source(compile_rules, """\
        - {id: insults, match: {words: [Moron, 'big  Jerk']}, actions: [delete, {reply: no}]}
        - {id: warns, match: {words: [idiot]}, actions: [delete, warn]}
        - {id: quiet, match: {words: [psst]}, actions: [{dm: hush}]}
        - {id: mixed, match: {words: [spam], caps: {ratio: 0.5}}, actions: [delete]}
        - {id: watched, mode: shadow, match: {words: [meh]}, actions: [delete]}
        """)
    assert [rule.id for rule in found.rules] == ["insults"]
    assert found.rules[0].keywords == (("moron", 22), ("big jerk", 22))   # folded, bare
    assert dict(found.left) == {
        "warns": "AutoMod would lose its warn",
        "quiet": "it does not delete",
        "mixed": "its match is more than one words condition",
        "watched": "not enforced on messages",
    }
    assert found.exempt_roles == ("Moderators",) and found.exempt_channels == ("staff",)
    assert found.log_channel == "mod-log"


def test_a_timeout_is_carried_capped_at_four_weeks_and_the_reason_is_the_notice(
        compile_rules: Compile) -> None:
    found = plan(source(compile_rules, """\
        - id: slurs
          match: {words: [slur]}
          actions: [delete, {timeout: {duration: 60d, reason: hateful words}}, {alert: "{user}"}]
        - {id: short, match: {words: [rude]}, actions: [delete, {timeout: {duration: 10m}}]}
        """))
    slurs, short = plan_by_name(found)["[gardien] slurs"], plan_by_name(found)[
        "[gardien] short"]
    assert (slurs.timeout, slurs.custom_message, slurs.alert) == (
        MAX_TIMEOUT_SECONDS, "hateful words", True)
    assert (short.timeout, short.alert) == (600, False)


def plan_by_name(found: Plan) -> dict[str, KeywordRule]:
    return {rule.name: rule for rule in found.rules}


def test_keywords_automod_cannot_hold_are_counted_and_left_to_gardien(
        compile_rules: Compile) -> None:
    long = "x" * (MAX_KEYWORD_LENGTH + 1)
    found = plan(source(compile_rules, f"""\
        - {{id: a, match: {{words: [ok, "{long}", "wild*card"]}}, actions: [delete]}}
        """))
    assert found.rules[0].keywords == ("ok",)
    assert found.unfit == 2


def test_an_allow_list_automod_cannot_hold_keeps_the_rule_with_gardien(
        compile_rules: Compile) -> None:
    allow = ", ".join(f"fine{i}" for i in range(101))
    found = source(compile_rules, f"""\
        - {{id: big, match: {{words: {{add: [bad], allow: [{allow}]}}}}, actions: [delete]}}
        - {{id: small, match: {{words: {{add: [worse], allow: [Scunthorpe]}}}}, actions: [delete]}}
        """)
    assert [rule.id for rule in found.rules] == ["small"]
    assert found.rules[0].allow == ("scunthorpe",)
    assert "allow list" in dict(found.left)["big"]


def test_large_lists_are_split_most_severe_first_and_the_rest_overflows(
        write_file: Callable[..., Path], compile_rules: Compile) -> None:
    write_file("\n".join(f"mild{i}" for i in range(2500)), "mild.txt")
    write_file("\n".join(f"harsh{i}" for i in range(1500)), "harsh.txt")
    rules = """\
        - {id: mild, match: {words: {lists: [mild.txt]}}, actions: [delete]}
        - id: harsh
          match: {words: {lists: [harsh.txt]}}
          actions: [delete, {timeout: {duration: 1h}}]
        """
    found = source(compile_rules, rules)
    full = plan(found)
    assert [(r.name, len(r.keywords)) for r in full.rules] == [
        (f"{MARKER} harsh", 1000), (f"{MARKER} harsh (2)", 500),
        (f"{MARKER} mild", 1000), (f"{MARKER} mild (2)", 1000), (f"{MARKER} mild (3)", 500)]
    assert full.overflow == 0
    assert all(len(r.keywords) <= MAX_KEYWORDS for r in full.rules)
    crowded = plan(found, others=3)       # three keyword rules of the moderators' own
    assert [r.name for r in crowded.rules] == [
        f"{MARKER} harsh", f"{MARKER} harsh (2)", f"{MARKER} mild"]
    assert crowded.overflow == 1500
    assert plan(found, others=6).rules == () and plan(found, others=6).overflow == 4000


def test_rules_that_do_the_same_share_a_keyword_rule_and_keep_their_origin(
        compile_rules: Compile) -> None:
    found = plan(source(compile_rules, """\
        - {id: insults, match: {words: [moron]}, actions: [delete]}
        - {id: more-insults, match: {words: [idiot, moron]}, actions: [delete]}
        """))
    assert len(found.rules) == 1
    shared = found.rules[0]
    assert shared.name == f"{MARKER} insults"
    assert shared.keywords == ("moron", "idiot")
    assert shared.rule_of("IDIOT") == "more-insults" and shared.rule_of("moron") == "insults"
    assert shared.rule_of(None) == "insults"


def test_exemptions_beyond_discord_limits_are_cut_and_said(compile_rules: Compile) -> None:
    roles = ", ".join(f"role{i}" for i in range(25))
    found = plan(source(compile_rules, "- {id: a, match: {words: [x]}, actions: [delete]}",
                        f"automod: {{sync: true}}\nexempt: {{roles: [{roles}], users: [u1]}}"))
    assert len(found.exempt_roles) == 20 and found.exempt_users == 1
    assert found.notes == ("only the first 20 exempt roles are carried",)


def test_per_keyword_severity_orders_keywords_across_the_rules_sharing_a_keyword_rule(
        compile_rules: Compile, write_file: Callable[..., Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # What the severity hook returns once wired to the word lists' own severities: here,
    # the "harsh" words rank above the others whatever rule they are in.
    import rules.automod as automod

    monkeypatch.setattr(automod, "severity",
                        lambda rule, keyword, builtin=None: 5 if "harsh" in keyword else 1)
    write_file("\n".join(f"mild{i}" for i in range(900)), "mild.txt")
    write_file("\n".join(f"harsh{i}" for i in range(200)), "harsh.txt")
    found = plan(source(compile_rules, """\
        - {id: first, match: {words: {lists: [mild.txt]}}, actions: [delete]}
        - {id: second, match: {words: {lists: [harsh.txt]}}, actions: [delete]}
        """), others=5)
    only = found.rules[0]
    assert len(found.rules) == 1 and found.overflow == 100
    assert only.keywords[:200] == tuple(f"harsh{i}" for i in range(200))
    assert only.rule_of("harsh3") == "second" and only.name == f"{MARKER} second"


def test_a_built_in_category_list_is_synced_most_severe_entries_first(
        compile_rules: Compile) -> None:
    from rules.wordlists import builtin_entries

    found = plan(source(compile_rules, """\
        - {id: fr-words, match: {words: {lists: [builtin:fr/insults], min_severity: 2}},
           actions: [delete]}
        """))
    entries = {e.text: e.severity for e in builtin_entries("fr/insults")}
    keywords = [k for rule in found.rules for k in rule.keywords]
    assert keywords and all(entries.get(k, 2) >= 2 for k in keywords)
    ranks = [entries.get(k, 2) for k in keywords]
    assert ranks == sorted(ranks, reverse=True)   # severity 3 entries lead
    assert not any(entries[k] == 1 for k in keywords if k in entries)

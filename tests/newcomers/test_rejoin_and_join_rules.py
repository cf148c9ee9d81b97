"""No escape by rejoining, and rules evaluated at the moment of joining (`on: [join]`)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.command_model import MODERATE, Authority, Invocation
from rules.actions import Ban, Timeout
from rules.compiler import compile_ruleset
from rules.problems import RuleFileError
from tests.runtime.harness import message

from .bench import COMMUNITY, bench, rules_file

MUTE = """\
  - id: mute
    match: {words: [mutelong]}
    actions: [{timeout: 3h}]
"""
JOIN_RULES = """\
  - id: scam-names
    on: [join]
    match: {words: [nitro, "free gift"]}
    actions: [ban, {alert: "{user} joined with a scam name"}]
  - id: both
    on: [message, join]
    match: {words: [shouty]}
    actions: [delete, {timeout: 1h}]
"""


async def test_rejoining_while_timed_out_reapplies_the_rest(tmp_path):
    async with bench(tmp_path, rules_file('welcome: {message: "Hi {user}"}', MUTE)) as b:
        await b.adapter.push(message("mutelong", "42", at=b.clock(), community=COMMUNITY))
        await b.drain()
        await b.leave("42")
        b.clock.advance(hours=1)
        await b.join("42", "alice")
        cases = await b.store.cases()
        assert [(c.action, c.rule, c.status) for c in cases] == [
            ("timeout", "mute", "done"), ("timeout", "rejoin", "done")]
        assert cases[1].expires_at == cases[0].expires_at   # the same end
        assert cases[1].reason == "rejoined while timed out (case #1)"
        [_, (again, target)] = b.adapter.of_kind("timeout")
        assert isinstance(again, Timeout) and target.user == "42"
        assert again.duration == timedelta(hours=2)
        # after the timeout ran out, a rejoin is clean
        b.clock.advance(hours=3)
        await b.join("42", "alice")
        assert len(await b.store.cases()) == 2


async def test_a_lifted_timeout_is_not_reapplied(tmp_path):
    async with bench(tmp_path, rules_file("", MUTE)) as b:
        await b.adapter.push(message("mutelong", "42", at=b.clock(), community=COMMUNITY))
        await b.drain()
        mod = Authority("2", "mod", rank=5, rights=frozenset({MODERATE}))
        await b.center.invoke(Invocation(
            community=COMMUNITY, command="untimeout", invoker=mod,
            bot=Authority("99", bot=True, rank=50), target=Authority("42", "alice")))
        await b.drain()
        await b.join("42", "alice")
        assert [c.rule for c in await b.store.cases()] == ["mute", "manual"]


async def test_join_rules_act_on_display_names_at_the_join(tmp_path):
    head = 'log_channel: mod-log\nwelcome: {message: "Hi {user}"}'

    async with bench(tmp_path, rules_file(head, JOIN_RULES)) as b:
        verdict = await b.join("66", "Free N1tro Giveaway")
        assert verdict is not None and verdict.rules == ("scam-names",)
        [(ban, target)] = b.adapter.of_kind("ban")
        assert isinstance(ban, Ban) and target.user == "66"
        [alert] = b.adapter.of_kind("alert")
        assert alert[0].text == "Free N1tro Giveaway joined with a scam name"
        [case] = await b.store.cases()
        assert (case.action, case.rule, case.evidence) == (
            "ban", "scam-names", "Free N1tro Giveaway")
        assert b.adapter.posted("welcome:") == []          # removed: not welcomed
        # a rule on messages and joins: at the join only its timeout applies
        await b.join("67", "shouty")
        assert [a.kind for a, t in b.adapter.executed if t.user == "67"] == ["timeout"]
        # an ordinary name passes and is welcomed
        assert await b.join("68", "alice") is None
        assert len(b.adapter.posted("welcome:")) == 2
        # join rules are not applied to messages
        await b.adapter.push(message("free gift here", "68", at=b.clock(),
                                     community=COMMUNITY))
        await b.drain()
        assert [c.user for c in await b.store.cases()] == ["66", "67"]


def _problems(tmp_path, rules: str) -> list[str]:
    with pytest.raises(RuleFileError) as refused:
        compile_ruleset(rules_file("", rules), "rules.yaml", tmp_path)
    return [p.message for p in refused.value.problems]


def test_the_on_key_is_validated_with_suggestions(tmp_path):
    [problem] = _problems(tmp_path, """\
  - id: a
    on: [jion, mesage, zzz]
    match: {words: [x]}
    actions: [kick]
""")
    assert problem == ("on: unknown value 'jion' (did you mean 'join'?), 'mesage' (did you "
                       "mean 'message'?), 'zzz'; expected message, join")
    assert _problems(tmp_path, """\
  - id: a
    on: []
    match: {words: [x]}
    actions: [kick]
""") == ["on: the list is empty; give message, join or both"]
    [useless] = _problems(tmp_path, """\
  - id: a
    on: [join]
    match: {words: [x]}
    actions: [delete, kick]
""")
    assert useless.startswith("a rule evaluated only on joins cannot delete")


def test_join_rule_examples_are_names_of_newcomers(tmp_path):
    ruleset = compile_ruleset(rules_file("", """\
  - id: fresh-scam
    on: [join]
    match: {all: [{newcomer: {joined_within: 1m}}, {regex: ["(?i)support"]}]}
    actions: [kick]
    examples: {match: ["Discord Support"], pass: ["alice"]}
"""), "rules.yaml", tmp_path)
    assert [r.id for r in ruleset.join_rules] == ["fresh-scam"]
    assert ruleset.message_rules == ()

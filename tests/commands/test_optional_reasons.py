"""A sanction's reason is optional (FORMATS.md, second round): the case stores "" and every
text shows "no reason given", unless the rule file says `commands: {require_reason: true}`."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import pytest

from bot.casetext import format_case
from gardien.cases_cmd import write_json, write_table
from rules.compiler import compile_ruleset
from rules.problems import RuleFileError

from .bench import COMMUNITY, MEMBER, MOD, OTHER, OWNER, RULES, bench

REQUIRED = RULES.replace("log_channel: mod-log\n",
                         "log_channel: mod-log\ncommands: {{require_reason: true}}\n")
SANCTIONS = [("warn", {}), ("timeout", {"duration": "10m"}), ("kick", {}), ("ban", {}),
             ("ban", {"duration": "1d"})]


@pytest.mark.parametrize(("command", "options"), SANCTIONS)
async def test_a_sanction_without_a_reason_is_recorded_and_reads_no_reason_given(
        tmp_path, command, options):
    async with bench(tmp_path) as b:
        answer = await b.run(command, target=MEMBER, **options)
        assert not answer.refused and answer.text.startswith("Case #1: bob (10) ")
        [case] = await b.cases()
        assert (case.action, case.moderator, case.reason, case.status) == (
            command, MOD.id, "", "done")
        [(action, _)] = b.adapter.of_kind(command)
        assert action.reason == ""             # the platform gets no made-up reason
        [post] = b.adapter.log_posts()
        assert "Reason: no reason given" in post.text.splitlines()


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
async def test_blanks_are_no_reason(tmp_path, blank):
    async with bench(tmp_path) as b:
        await b.run("kick", target=MEMBER, reason=blank)
        [case] = await b.cases()
        assert case.reason == ""
        [post] = b.adapter.log_posts()
        assert "Reason: no reason given" in post.text


async def test_the_warned_member_reads_no_reason_given(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("warn", target=MEMBER)
        assert answer.text == "Case #1: bob (10) warned; they now have 1 point(s)."
        [(warn, _)] = b.adapter.of_kind("warn")
        assert warn.text == "@bob, you have been warned: no reason given. You now have " \
                            "1 point(s)."


async def test_case_history_and_appeal_read_no_reason_given(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("ban", target=MEMBER)
        shown = await b.run("case", case=1)
        assert "Reason: no reason given" in shown.text.splitlines()
        history = await b.run("history", target=MEMBER)
        assert history.text.splitlines()[1].endswith("ban by 2 (done) — no reason given")
        await b.run("appeal", invoker=MEMBER, case=1, text="sorry")
        appeal = b.adapter.log_posts()[-1].text
        assert "Case reason: no reason given" in appeal.splitlines()
        # amending a reasonless case: the change reads what there was
        await b.run("reason", case=1, text="spam")
        amended = (await b.run("case", case=1)).text
        assert "Reason: spam" in amended and "(was: no reason given)." in amended


async def test_in_french_the_case_reads_aucune_raison_donnee(tmp_path):
    async with bench(tmp_path, locale="fr") as b:
        await b.run("timeout", target=MEMBER, duration="10m")
        [post] = b.adapter.log_posts()
        assert "Motif : aucune raison donnée" in post.text.splitlines()
        await b.run("warn", target=OTHER)
        [(warn, _)] = b.adapter.of_kind("warn")
        assert "vous avez reçu un avertissement : aucune raison donnée." in warn.text
        [case] = [c for c in await b.cases() if c.action == "timeout"]
        assert case.reason == ""
        assert "Motif : aucune raison donnée" in format_case("fr", case)


async def test_a_step_crossed_by_a_reasonless_warn_fills_reason_with_the_same_words(tmp_path):
    step = '{{points: 3, action: timeout, duration: 1h, reason: "after {{reason}}"}}'
    rules = RULES.replace("{{points: 3, action: timeout, duration: 1h}}", step)
    async with bench(tmp_path, rules=rules.format(locale="en")) as b:
        await b.run("warn", target=MEMBER, points=3)
        warn, step = await b.cases()
        assert (warn.reason, step.action, step.reason) == ("", "timeout", "after no reason given")


async def test_gardien_cases_keeps_the_empty_reason_in_json_and_words_it_in_the_table(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("kick", target=MEMBER)
        cases = await b.cases()
    lines, table = io.StringIO(), io.StringIO()
    write_json(cases, lines)
    assert json.loads(lines.getvalue())["reason"] == ""
    write_table(cases, table)
    assert table.getvalue().splitlines()[1].endswith("no reason given")


@pytest.mark.parametrize(("command", "options"), SANCTIONS)
async def test_require_reason_refuses_a_sanction_without_one_and_records_nothing(
        tmp_path, command, options):
    async with bench(tmp_path, rules=REQUIRED.format(locale="en")) as b:
        answer = await b.run(command, target=MEMBER, **options)
        assert answer.refused and answer.private
        assert answer.text == (f"A reason is required for {command} here (the rule file sets "
                               "commands.require_reason): add one.")
        blank = await b.run(command, target=MEMBER, reason="  ", **options)
        assert blank.refused
        assert await b.cases() == []
        assert b.adapter.executed == [] and b.adapter.posts == []
        assert await b.store.points_since(COMMUNITY, MEMBER.id, b.clock()) == []
        given = await b.run(command, target=MEMBER, reason="spam", **options)
        assert not given.refused
        [case] = await b.cases()
        assert (case.action, case.reason) == (command, "spam")


async def test_require_reason_is_answered_in_the_moderators_language(tmp_path):
    async with bench(tmp_path, rules=REQUIRED.format(locale="en")) as b:
        answer = await b.run("ban", target=MEMBER, locale="fr")
        assert answer.refused and answer.text == (
            "Un motif est obligatoire pour ban ici (la charte fixe commands.require_reason) : "
            "ajoutez-en un.")


async def test_require_reason_leaves_other_commands_alone(tmp_path):
    async with bench(tmp_path, rules=REQUIRED.format(locale="en")) as b:
        assert not (await b.run("ban", target=MEMBER, reason="spam")).refused
        assert not (await b.run("unban", target=MEMBER)).refused
        assert not (await b.run("timeout", target=OTHER, duration="1m", reason="calm")).refused
        assert not (await b.run("untimeout", target=OTHER)).refused
        assert not (await b.run("report", invoker=OTHER, target=MEMBER, message_id="m1",
                                message_text="hello")).refused
        assert [c.action for c in await b.cases()] == ["ban", "unban", "timeout", "untimeout"]


async def test_an_uploaded_rule_file_turns_require_reason_on_for_its_community(tmp_path):
    async with bench(tmp_path) as b:
        assert not (await b.run("kick", target=MEMBER)).refused
        uploaded = REQUIRED.format(locale="en").encode()
        answer = await b.run("rules upload", invoker=OWNER, file=uploaded,
                             file_name="strict.yaml")
        assert "now active" in answer.text
        assert (await b.run("kick", target=OTHER)).refused
        assert [c.user for c in await b.cases()] == [MEMBER.id]


def _problems(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(RuleFileError) as caught:
        compile_ruleset(textwrap.dedent(text), "rules.yaml", Path("."))
    return [(p.line, p.column, p.message) for p in caught.value.problems]


BASE = """\
version: 1
name: x
{commands}
rules:
  - id: a
    match: {{words: [a]}}
    actions: [delete]
"""


@pytest.mark.parametrize(("commands", "expected"), [
    ("commands:\n  require_reson: true",
     (4, 3, "unknown key 'require_reson'; did you mean 'require_reason'?")),
    ("commands:\n  reasons: true",
     (4, 3, "unknown key 'reasons'; expected one of: require_reason")),
    ("commands:\n  require_reason: yes",
     (4, 19, "require_reason: write true or false, not 'yes'")),
    ('commands:\n  require_reason: "true"',
     (4, 19, "require_reason: write true or false, not 'true'")),
    ("commands:\n  require_reason: 1", (4, 19, "require_reason: write true or false, not 1")),
    ("commands:\n  require_reason:", (4, 18, "require_reason: write true or false, not None")),
    ("commands: {require_reason: [true]}",
     (3, 28, "require_reason: write true or false, not [True]")),
])
def test_bad_commands_sections_are_problems_at_their_line_and_column(commands, expected):
    line, column, message = expected
    [(got_line, got_column, got)] = _problems(BASE.format(commands=commands))
    assert got == message
    assert (got_line, got_column) == (line, column)


def test_commands_must_be_a_mapping():
    [(line, column, message)] = _problems(BASE.format(commands="commands: true"))
    assert (line, column) == (3, 11) and message.startswith("commands: ")
    assert "(got True)" in message


@pytest.mark.parametrize(("commands", "required"), [
    ("", False), ("commands:", False), ("commands: {}", False),
    ("commands: {require_reason: false}", False), ("commands: {require_reason: true}", True),
])
def test_require_reason_defaults_to_false(commands, required):
    ruleset = compile_ruleset(BASE.format(commands=commands), "rules.yaml",
                              Path("."))
    assert ruleset.require_reason is required

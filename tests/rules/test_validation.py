"""Every validation message an admin can get, with its file, line, column and rule id."""

from __future__ import annotations

import textwrap
import time

import pytest

from rules.compiler import compile_ruleset, load_ruleset
from rules.problems import Problem, RuleFileError
from rules.yamlsource import MAX_FILE_BYTES


@pytest.fixture
def problems(write_file):
    """Write `text` as a rule file; return (path, problems) of the refusal."""

    def refuse(text: str) -> list[Problem]:
        path = write_file(text)
        with pytest.raises(RuleFileError) as caught:
            load_ruleset(path)
        assert all(p.file == str(path) for p in caught.value.problems)
        return caught.value.problems

    return refuse


def where(problem: Problem) -> tuple[int, int, str | None]:
    return problem.line, problem.column, problem.rule


GOOD_RULE = """
  - id: ok
    match: {words: [moron]}
    actions: [delete]
"""


def single(found: list[Problem]) -> Problem:
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


# --- YAML level -------------------------------------------------------------
def test_yaml_syntax_error_has_line_and_column(problems):
    found = single(problems("""\
        version: 1
        name: x
        rules:
          - id: a
            match: {words: [a]
            actions: [delete]
    """))
    assert found.message.startswith("YAML syntax error:")
    assert "expected ',' or '}'" in found.message
    assert (found.line, found.column) == (6, 5)


def test_alias_bomb_is_refused_quickly(problems):
    lines = ["version: 1", "name: bomb", "a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    lines.append("rules: *a11")            # 10**12 values once expanded
    start = time.monotonic()
    found = single(problems("\n".join(lines) + "\n"))
    assert time.monotonic() - start < 3
    assert "alias bomb" in found.message and found.message.startswith("refused:")


def test_file_over_one_mebibyte_is_refused_quickly(write_file, tmp_path):
    path = write_file("version: 1\nname: big\nrules:\n" + GOOD_RULE + "# " + "x" * MAX_FILE_BYTES)
    start = time.monotonic()
    with pytest.raises(RuleFileError) as caught:
        load_ruleset(path)
    assert time.monotonic() - start < 2
    found = single(caught.value.problems)
    assert found.message == f"the file is {path.stat().st_size} bytes: the limit is 1048576"
    with pytest.raises(RuleFileError, match="the limit is 1048576"):
        compile_ruleset(path.read_text(), "inline.yaml", tmp_path)


def test_duplicate_yaml_keys(problems):
    found = problems("""\
        version: 1
        name: x
        name: y
        rules:
          - id: a
            match: {words: [a]}
            actions: [delete]
            actions: [ban]
    """)
    assert [(p.line, p.column, p.message) for p in found] == [
        (3, 1, "duplicate key 'name': it is already set above"),
        (8, 5, "duplicate key 'actions': it is already set above"),
    ]


def test_mode_off_stays_the_string_off(write_file):
    ruleset = load_ruleset(write_file("""\
        version: 1
        name: off
        rules:
          - id: a
            mode: off
            match: {words: [a]}
            actions: [delete]
          - id: b
            mode: shadow
            match: {words: [b]}
            actions: [delete]
    """))
    assert ruleset.name == "off"
    assert ruleset.disabled == ("a",)
    assert [(r.id, r.mode) for r in ruleset.rules] == [("b", "shadow")]


def test_mode_no_is_not_a_boolean_either(problems):
    found = single(problems("version: 1\nname: x\nrules:\n  - id: a\n    mode: no\n"
                            "    match: {words: [a]}\n    actions: [delete]\n"))
    assert found.message.startswith("mode: ") and "'no'" in found.message
    assert where(found) == (5, 11, "a")


# --- keys -------------------------------------------------------------------
def test_unknown_keys_suggest_the_right_one(problems):
    found = problems("""\
        version: 1
        name: x
        lokale: en
        rules:
          - id: a
            descripton: hi
            match:
              word: [a]
              caps: {ration: 0.5}
              words: {lits: [x]}
            actions: [{warn: {pointz: 2}}]
    """)
    assert [(p.line, p.column, p.rule, p.message) for p in found] == [
        (3, 1, None, "unknown key 'lokale'; did you mean 'locale'?"),
        (6, 5, "a", "unknown key 'descripton'; did you mean 'description'?"),
        (8, 7, "a", "unknown condition 'word'; did you mean 'words'?"),
        (9, 14, "a", "caps: unknown key 'ration'; did you mean 'ratio'?"),
        (10, 15, "a", "words: unknown key 'lits'; did you mean 'lists'?"),
        (11, 23, "a", "unknown key 'pointz'; did you mean 'points'?"),
    ]


@pytest.mark.parametrize(("value", "line", "column"), [
    ("cooldown: 1.5h", 5, 15), ("cooldown: 10 minutes", 5, 15), ("cooldown: 10", 5, 15),
    ("cooldown: 10y", 5, 15),
])
def test_bad_durations(problems, value, line, column):
    found = single(problems(f"version: 1\nname: x\nrules:\n  - id: a\n    {value}\n"
                            "    match: {words: [a]}\n    actions: [delete]\n"))
    given = value.split(": ", 1)[1]
    shown = repr(int(given)) if given.isdigit() else repr(given)
    assert found.message == (f"cooldown: {shown} is not a duration: write an integer and a unit "
                             "(s, m, h, d, w), e.g. 10m")
    assert where(found) == (line, column, "a")


def test_bad_duration_in_a_condition(problems):
    found = single(problems("version: 1\nname: x\nrules:\n  - id: a\n"
                            "    match: {flood: {messages: 3, within: 10 s}}\n"
                            "    actions: [delete]\n"))
    assert found.message.startswith("flood: within: '10 s' is not a duration")
    assert found.rule == "a"


def test_duplicate_rule_ids(problems):
    found = single(problems("version: 1\nname: x\nrules:" + GOOD_RULE + GOOD_RULE))
    assert found.message == "duplicate rule id 'ok': first used on line 4"
    assert where(found) == (8, 9, "ok")


@pytest.mark.parametrize("rule_id", ["No_Insults", "no insults", "émoji", ""])
def test_bad_rule_id_pattern(problems, rule_id):
    found = single(problems(f"version: 1\nname: x\nrules:\n  - id: '{rule_id}'\n"
                            "    match: {words: [a]}\n    actions: [delete]\n"))
    assert found.message == (f"id: string should match pattern '^[a-z0-9-]+$' (got {rule_id!r})")
    assert (found.line, found.column) == (4, 9)


# --- conditions and actions -------------------------------------------------
def test_re2_refusal_carries_re2_reason(problems):
    found = problems("version: 1\nname: x\nrules:\n  - id: a\n"
                     "    match: {regex: [ok, '(?<=a)b', 'x(?!y)']}\n    actions: [delete]\n")
    assert [(p.line, p.column, p.rule, p.message) for p in found] == [
        (5, 25, "a", "RE2 cannot compile '(?<=a)b': invalid perl operator: (?<="),
        (5, 36, "a", "RE2 cannot compile 'x(?!y)': invalid perl operator: (?!"),
    ]


def test_regex_backreference_is_refused(problems):
    found = single(problems("version: 1\nname: x\nrules:\n  - id: a\n"
                            "    match: {regex: ['(a)\\1']}\n    actions: [delete]\n"))
    assert found.message.startswith("RE2 cannot compile '(a)\\\\1': ")
    assert "escape" in found.message


def test_regex_needs_at_least_one_pattern(problems):
    found = single(problems("version: 1\nname: x\nrules:\n  - id: a\n"
                            "    match: {regex: []}\n    actions: [delete]\n"))
    assert found.message.startswith("regex: list should have at least 1 item")
    assert where(found) == (5, 20, "a")


@pytest.mark.parametrize(("lists", "message"), [
    ("[missing.txt]", "word list 'missing.txt' not found (looked for "),
    ("['builtin:de']", "unknown built-in list 'builtin:de': the built-in lists are builtin:en, "
                       "builtin:fr"),
    ("[/dev/zero]", "word list '/dev/zero' cannot be read: it is not a regular file"),
])
def test_word_list_problems(problems, lists, message):
    start = time.monotonic()
    found = problems("version: 1\nname: x\nrules:\n  - id: a\n"
                     f"    match: {{words: {{lists: {lists}}}}}\n    actions: [delete]\n")
    assert time.monotonic() - start < 3
    assert [p.message for p in found] == [
        "no words to look for: give a list of words, `lists` or `add`", found[1].message]
    assert found[1].message.startswith(message) and found[1].rule == "a"


@pytest.mark.parametrize(("action", "message"), [
    ("bann", "unknown action 'bann'; did you mean 'ban'?"),
    ("{mute: 10m}", "unknown action 'mute'; expected one of: alert, ban, delete, dm, kick, "
                    "reply, timeout, warn"),
    ("timeout", "action 'timeout' needs a duration, e.g. `timeout: 10m`"),
    ("reply", "action 'reply' needs a text: `reply: ...`"),
    ("dm", "action 'dm' needs a text: `dm: ...`"),
    ("alert", "action 'alert' needs a text: `alert: ...`"),
    ("{reply: ''}", "reply: give the text to send"),
    ("{reply: 'hi {name}'}", "unknown placeholder {name} in 'hi {name}'; the placeholders are "
                             "{mention}, {user}, {rule}, {reason}, {duration}, {points}, "
                             "{community}"),
    ("{warn: {reason: 'bad {mention!r}'}}", "placeholder {mention} takes no format options in "
                                            "'bad {mention!r}'"),
    ("{timeout: 0s}", "duration: a timeout must last at least 1s"),
])
def test_action_problems(problems, action, message):
    found = single(problems(f"version: 1\nname: x\nrules:\n  - id: a\n"
                            f"    match: {{words: [a]}}\n    actions:\n      - {action}\n"))
    assert found.message == message
    assert found.rule == "a" and found.line == 7


def test_timeout_step_without_duration(problems):
    found = single(problems("""\
        version: 1
        name: x
        escalation:
          steps:
            - {points: 3, action: timeout}
            - {points: 5, action: kick}
        rules:
          - id: a
            match: {words: [a]}
            actions: [delete]
    """))
    assert found.message == "steps: a timeout step needs a duration, e.g. duration: 1h"
    assert where(found) == (5, 7, None)


def test_empty_rules(problems):
    found = single(problems("version: 1\nname: x\nrules: []\n"))
    assert found.message == "rules: the list is empty; add at least one rule"
    assert (found.line, found.column) == (3, 8)


def test_missing_required_keys(problems):
    found = problems("version: 1\nrules:\n  - id: a\n    match: {words: [a]}\n")
    assert {p.message for p in found} == {"missing required key 'name'",
                                          "missing required key 'actions'"}


# --- examples ---------------------------------------------------------------
def test_failing_examples_both_ways(problems):
    found = problems("""\
        version: 1
        name: x
        rules:
          - id: insult
            match: {words: [moron]}
            actions: [delete]
            examples:
              match: ["you moron", "hello"]
              pass: ["fine", "MORON"]
          - id: flood
            match: {flood: {messages: 3, within: 10s}}
            actions: [delete]
            examples:
              match: [{text: hi, times: 3}, {text: hi, times: 3, every: 1m}]
              pass: [{text: hi, times: 2}]
    """)
    assert [(p.line, p.column, p.rule, p.message) for p in found] == [
        (8, 28, "insult", "example 'hello' should match but does not"),
        (9, 22, "insult", "example 'MORON' should pass but matches"),
        (14, 37, "flood", "example 'hi' should match but does not"),
    ]


def test_passing_examples_accept_the_file(write_file):
    ruleset = load_ruleset(write_file(textwrap.dedent("""\
        version: 1
        name: x
        rules:
          - id: insult
            match: {words: [moron]}
            actions: [delete]
            examples: {match: ["you moron"], pass: ["fine"]}
    """)))
    assert [rule.id for rule in ruleset.rules] == ["insult"]


# --- several at once ---------------------------------------------------------
def test_several_problems_listed_at_once_in_order(problems, tmp_path):
    found = problems("""\
        version: 2
        name: x
        rules:
          - id: first
            match: {regex: ['(']}
            actions: [delete]
          - id: second
            cooldown: soon
            match: {wrods: [a]}
            actions: [bann]
    """)
    assert [(p.line, p.column, p.rule) for p in found] == [
        (1, 10, None), (5, 21, "first"), (8, 15, "second"), (9, 13, "second"), (10, 15, "second"),
    ]
    assert "RE2 cannot compile '('" in found[1].message
    assert "did you mean 'words'" in found[3].message
    text = str(RuleFileError(found))
    assert f"{tmp_path / 'rules.yaml'}:9:13: [rule second] unknown condition 'wrods'" in text
    assert text.count("\n") == len(found) - 1

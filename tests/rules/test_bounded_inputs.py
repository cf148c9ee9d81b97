"""A few bytes of rule file never cost seconds or gigabytes (issue 11, items 3 and 5).

Examples are priced from their numbers before a message is built; numbers too long for
Python to read, patterns that match every message, and compiles that outlast their time
budget are refused with the position and the rule they belong to.
"""

from __future__ import annotations

import time
import tracemalloc

import pytest

from rules.compiler import compile_ruleset, load_ruleset
from rules.examples import MAX_EXAMPLE_MENTIONS, MAX_EXAMPLE_TEXT, MAX_EXAMPLES_LOAD
from rules.problems import CompileBudget, Problem, RuleFileError
from rules.yamlsource import MAX_INT_DIGITS

HEAD = "version: 1\nname: Bomb\nrules:\n  - id: r\n"
MENTIONS_BOMB = (HEAD + "    match: {mentions: {more_than: 5}}\n    actions: [delete]\n"
                 "    examples:\n      match: [{text: hi, mentions: 30000000}]\n")
TEXT_BOMB = (HEAD + "    match: {length: {max_chars: 100}}\n    actions: [delete]\n"
             "    examples:\n      match: [{text: 'twenty characters..', text_times: 100000,"
             " times: 100}]\n")


def refused(text: str, tmp_path, **options: object) -> list[Problem]:
    with pytest.raises(RuleFileError) as raised:
        compile_ruleset(text, "bomb.yaml", tmp_path, **options)  # type: ignore[arg-type]
    return raised.value.problems


def bounded(text: str, tmp_path, seconds: float = 1.0,
            mebibytes: float = 20.0) -> list[Problem]:
    """The file's problems, asserting they took little time and memory to find."""
    tracemalloc.start()
    began = time.monotonic()
    try:
        problems = refused(text, tmp_path)
        elapsed = time.monotonic() - began
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < seconds, elapsed
    assert peak < mebibytes * 2**20, peak
    return problems


# --- examples ----------------------------------------------------------------------------
def test_the_161_byte_mentions_bomb_is_refused_in_milliseconds_naming_the_entry(tmp_path):
    [problem] = bounded(MENTIONS_BOMB, tmp_path)
    assert str(problem) == (
        f"bomb.yaml:8:36: [rule r] example 'hi': mentions: 30000000 is more than the "
        f"{MAX_EXAMPLE_MENTIONS} an example may have")


def test_a_repeated_text_is_priced_before_it_is_built(tmp_path):
    [problem] = bounded(TEXT_BOMB, tmp_path)
    line = TEXT_BOMB.splitlines()[7]
    assert (problem.line, problem.column, problem.rule) == (8, line.index("100000") + 1, "r")
    assert problem.message == (
        "example 'twenty characters..': its text is 1900000 characters once repeated "
        f"text_times: 100000 times, more than the {MAX_EXAMPLE_TEXT} an example may have")


def test_the_largest_example_text_still_runs(tmp_path):
    text = (HEAD + "    match: {length: {max_chars: 99999}}\n    actions: [delete]\n"
            f"    examples: {{match: [{{text: a, text_times: {MAX_EXAMPLE_TEXT}}}],"
            " pass: [{text: a, text_times: 99999}]}\n")
    ruleset = compile_ruleset(text, "big.yaml", tmp_path)
    assert [rule.id for rule in ruleset.rules] == ["r"]


def test_many_small_examples_share_one_budget_and_none_runs_past_it(tmp_path):
    entries = ", ".join(["{text: x, times: 100}"] * 200)   # 200 x 100 messages
    text = (HEAD + "    match: {regex: [zzz]}\n    actions: [delete]\n"
            f"    examples: {{pass: [{entries}]}}\n")
    [problem] = bounded(text, tmp_path)
    assert problem.rule == "r" and problem.line == 7
    assert problem.message.startswith(
        f"example 'x': with it the file's examples would send {MAX_EXAMPLES_LOAD + 10000} "
        "characters (each message counting at least 100), more than the "
        f"{MAX_EXAMPLES_LOAD} allowed")
    # the entry named is the one that crosses the budget: the 101st
    assert problem.column == text.splitlines()[6].index("{text: x", 0) + 1 + 100 * 23


def test_examples_within_the_budget_run_and_still_refuse_a_wrong_one(tmp_path):
    text = (HEAD + "    match: {mentions: {more_than: 5}}\n    actions: [delete]\n"
            f"    examples: {{match: [{{text: hi, mentions: {MAX_EXAMPLE_MENTIONS}}}],"
            " pass: [{text: hi, mentions: 6}]}\n")
    [problem] = refused(text, tmp_path)
    assert problem.message == "example 'hi' should pass but matches"


# --- integers ----------------------------------------------------------------------------
@pytest.mark.parametrize("number", ["9" * 5000, "-" + "1" * 4301, "0x" + "f" * 4000])
def test_a_number_python_cannot_read_is_a_problem_at_its_position(tmp_path, number):
    text = HEAD + f"    match: {{mentions: {{more_than: {number}}}}}\n    actions: [delete]\n"
    [problem] = bounded(text, tmp_path)
    assert (problem.file, problem.line, problem.column) == ("bomb.yaml", 5, 35)
    assert problem.message.startswith("refused: this number ")
    assert str(MAX_INT_DIGITS) in problem.message


def test_the_longest_readable_number_is_still_read(tmp_path):
    text = (HEAD + f"    match: {{mentions: {{more_than: {'9' * MAX_INT_DIGITS}}}}}\n"
            "    actions: [delete]\n")
    assert compile_ruleset(text, "ok.yaml", tmp_path).rules[0].id == "r"


def test_a_huge_id_and_a_huge_duration_are_refused_where_written(tmp_path):
    text = ("version: 1\nname: N\nexempt:\n  users: [" + "1" * 4400 + "]\nrules:\n  - id: r\n"
            "    cooldown: " + "9" * 5000 + "m\n    match: {regex: [x]}\n    actions: [delete]\n")
    [problem] = refused(text, tmp_path)
    assert (problem.line, problem.column) == (4, 11)
    text = text.replace("1" * 4400, "12345")
    [problem] = refused(text, tmp_path)
    assert (problem.line, problem.rule) == (7, "r")
    assert problem.message == ("cooldown: '999999999999…999m' is too long: the longest "
                               "duration is 36500d")


def test_a_raid_threshold_beyond_any_window_is_refused(tmp_path):
    text = ("version: 1\nname: N\nraid: {joins: 99999999999999999999, within: 1m, "
            "lockdown: 10m}\nrules:\n  - id: r\n    match: {regex: [x]}\n    actions: [delete]\n")
    [problem] = refused(text, tmp_path)
    assert problem.message.startswith("joins: input should be less than or equal to 100000")


# --- patterns ----------------------------------------------------------------------------
@pytest.mark.parametrize("pattern", ["''", "'a*'", "'(?:free)?'", "'$'", "'spam|'"])
def test_a_pattern_that_matches_the_empty_text_matches_everything_and_is_refused(
        tmp_path, pattern):
    text = HEAD + f"    match: {{regex: [idiot, {pattern}]}}\n    actions: [delete]\n"
    [problem] = refused(text, tmp_path)
    assert (problem.line, problem.column, problem.rule) == (5, 28, "r")
    assert problem.message.endswith("matches every message (it matches an empty text); "
                                    "write what the pattern must find")


@pytest.mark.parametrize("pattern", ["'^$'", "'.'", "'\\bspam\\b'", "'(?i)free nitro'"])
def test_patterns_that_need_some_text_are_kept(tmp_path, pattern):
    text = HEAD + f"    match: {{regex: [{pattern}]}}\n    actions: [delete]\n"
    assert compile_ruleset(text, "ok.yaml", tmp_path).rules[0].id == "r"


# --- time --------------------------------------------------------------------------------
def many_rules(count: int) -> str:
    rules = "".join(f"  - id: r{i}\n    match: {{regex: ['a{i}b']}}\n    actions: [delete]\n"
                    f"    examples: {{match: ['a{i}b'], pass: [x]}}\n" for i in range(count))
    return "version: 1\nname: Many\nrules:\n" + rules


def test_a_compile_that_outlasts_its_budget_stops_where_it_got_to(tmp_path):
    began = time.monotonic()
    [problem] = refused(many_rules(3000), tmp_path, budget=CompileBudget.starting_now(0.05))
    assert time.monotonic() - began < 1.0
    assert problem.message == ("checking the file takes longer than the 0.05 s allowed (it got "
                               "this far); make it smaller or simpler")
    assert problem.line > 1


def test_without_a_budget_the_same_file_compiles(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text(many_rules(300), encoding="utf-8")
    assert len(load_ruleset(path).rules) == 300

"""Running a rule file's `examples`: each must match (or pass) its own rule.

Examples are the admin's unit tests; a failing one refuses the file, so a
rule that does not do what its author meant never goes live.

A few bytes of YAML can ask for a lot (`mentions: 30000000`, `text_times:
100000` sent `times: 100`), so what the examples would send is counted from
their numbers before any message is built, and a file asking for more than a
budget is refused, naming the entry. Messages are then built one at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rules.context import MessageContext
from rules.engine import observe
from rules.events import Attachment, Member, Message
from rules.problems import CompileBudget, Problem
from rules.ruleset import CompiledRule, Ruleset
from rules.spec import Example, ExampleMessage
from rules.state import MemberState
from rules.yamlsource import Path as YamlPath
from rules.yamlsource import Source

EXAMPLE_TIME = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
SETTLED_MEMBER = timedelta(days=365)
SETTLED_ACCOUNT = timedelta(days=3 * 365)

# One example message: far beyond what a platform delivers (Discord 4,000 characters,
# Telegram 4,096, a few dozen mentions), so no honest example reaches these.
MAX_EXAMPLE_TEXT = 100_000       # characters, once `text` is repeated `text_times` times
MAX_EXAMPLE_MENTIONS = 1_000
# The whole file: what its examples send together, counted in characters of text plus
# mentions, attachments and links, each message counting at least MESSAGE_COST (judging an
# empty message is not free). About a second of judging on a slow machine, at worst.
MAX_EXAMPLES_LOAD = 1_000_000
MESSAGE_COST = 100
SHOWN_TEXT = 40                  # characters of an example's text quoted in a problem


def example_messages(example: Example, *, joining: bool = False) -> list[Message]:
    """The message(s) an example stands for; the last one is the one judged. `joining`:
    for rules evaluated only on joins, the member joins now (its text is their name)."""
    return list(_messages(example, joining=joining))


def _messages(example: Example, *, joining: bool = False) -> Iterator[Message]:
    """The example's messages one at a time, sharing their text and mentions."""
    spec = ExampleMessage(text=example) if isinstance(example, str) else example
    settled = timedelta(0) if joining else SETTLED_MEMBER
    joined = EXAMPLE_TIME - (spec.joined_ago if spec.joined_ago is not None else settled)
    created = EXAMPLE_TIME - (spec.account_age if spec.account_age is not None else SETTLED_ACCOUNT)
    user = Member(
        id="example-user",
        name="example",
        roles=tuple(spec.roles),
        joined_at=joined,
        created_at=created,
    )
    text = spec.text * spec.text_times
    mentions = tuple(f"user-{i}" for i in range(spec.mentions))
    attachments = tuple(Attachment(name) for name in spec.attachments)
    first = EXAMPLE_TIME - spec.every * (spec.times - 1)
    for n in range(spec.times):
        yield Message(
            id=f"example-{n}",
            community="example:local",
            at=first + spec.every * n,
            user=user,
            text=text,
            channel=spec.channel,
            mentions=mentions,
            mentions_everyone=spec.everyone,
            attachments=attachments,
            links=tuple(spec.links),
        )


def rule_matches(ruleset: Ruleset, rule: CompiledRule, example: Example) -> bool:
    state = MemberState()
    matched = False
    if not rule.on_message:   # a join rule: the example is a display name, judged once
        *_, message = _messages(example, joining=True)
        return rule.predicate(MessageContext(message, state, message.at.timestamp(),
                                             ruleset.bank))
    for message in _messages(example):
        matched = rule.predicate(observe(ruleset, message, state))
    return matched


@dataclass(frozen=True, slots=True)
class _Entry:
    """One example of one rule, with where it is written."""

    rule: CompiledRule
    expected: str          # "match" or "pass"
    example: Example
    path: YamlPath

    @property
    def shown(self) -> str:
        text = self.example if isinstance(self.example, str) else self.example.text
        return repr(text if len(text) <= SHOWN_TEXT else text[:SHOWN_TEXT] + "…")


def _entries(ruleset: Ruleset, source: Source) -> list[_Entry]:
    indices: dict[str, int] = {}
    for index, raw in enumerate(source.data.get("rules", [])):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            indices.setdefault(raw["id"], index)
    found: list[_Entry] = []
    for rule in ruleset.rules:
        if rule.examples is None:
            continue
        for expected, examples in (("match", rule.examples.match), ("pass", rule.examples.pass_)):
            for position, example in enumerate(examples):
                path = ("rules", indices.get(rule.id, 0), "examples", expected, position)
                found.append(_Entry(rule, expected, example, path))
    return found


def _load(example: Example) -> int:
    """What judging the example costs, from its numbers alone (nothing is built)."""
    if isinstance(example, str):
        return MESSAGE_COST + len(example)
    one = (len(example.text) * example.text_times + example.mentions
           + len(example.attachments) + len(example.links))
    return example.times * max(MESSAGE_COST, one)


def _over_budget(entries: list[_Entry], source: Source) -> list[Problem]:
    """Every example too big on its own, else the first that takes the file over budget."""
    problems: list[Problem] = []

    def refuse(entry: _Entry, field: str | None, message: str) -> None:
        line, column = source.position((*entry.path, field) if field else entry.path)
        problems.append(Problem(source.file, line, column, f"example {entry.shown}: {message}",
                                entry.rule.id))

    for entry in entries:
        example = entry.example
        if isinstance(example, str):
            continue
        if example.mentions > MAX_EXAMPLE_MENTIONS:
            refuse(entry, "mentions", f"mentions: {example.mentions} is more than the "
                   f"{MAX_EXAMPLE_MENTIONS} an example may have")
        length = len(example.text) * example.text_times
        if length > MAX_EXAMPLE_TEXT:
            refuse(entry, "text_times" if example.text_times > 1 else "text",
                   f"its text is {length} characters once repeated text_times: "
                   f"{example.text_times} times, more than the {MAX_EXAMPLE_TEXT} an example "
                   "may have")
    if problems:
        return problems
    total = 0
    for entry in entries:
        total += _load(entry.example)
        if total > MAX_EXAMPLES_LOAD:
            refuse(entry, None, f"with it the file's examples would send {total} characters "
                   f"(each message counting at least {MESSAGE_COST}), more than the "
                   f"{MAX_EXAMPLES_LOAD} allowed; use fewer, shorter or less repeated examples")
            break
    return problems


def check_examples(ruleset: Ruleset, source: Source,
                   budget: CompileBudget | None = None) -> list[Problem]:
    entries = _entries(ruleset, source)
    refused = _over_budget(entries, source)
    if refused:
        return refused
    problems: list[Problem] = []
    for entry in entries:
        line, column = source.position(entry.path)
        if budget is not None:
            budget.check(source.file, line, column, entry.rule.id)
        if rule_matches(ruleset, entry.rule, entry.example) == (entry.expected == "match"):
            continue
        shown = entry.example if isinstance(entry.example, str) else entry.example.text
        verb = (
            "should match but does not"
            if entry.expected == "match"
            else "should pass but matches"
        )
        problems.append(
            Problem(source.file, line, column, f"example {shown!r} {verb}", entry.rule.id)
        )
    return problems

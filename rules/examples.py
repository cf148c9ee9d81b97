"""Running a rule file's `examples`: each must match (or pass) its own rule.

Examples are the admin's unit tests; a failing one refuses the file, so a
rule that does not do what its author meant never goes live.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rules.context import MessageContext
from rules.engine import observe
from rules.events import Attachment, Member, Message
from rules.problems import Problem
from rules.ruleset import CompiledRule, Ruleset
from rules.spec import Example, ExampleMessage
from rules.state import MemberState
from rules.yamlsource import Source

EXAMPLE_TIME = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
SETTLED_MEMBER = timedelta(days=365)
SETTLED_ACCOUNT = timedelta(days=3 * 365)


def example_messages(example: Example, *, joining: bool = False) -> list[Message]:
    """The message(s) an example stands for; the last one is the one judged. `joining`:
    for rules evaluated only on joins, the member joins now (its text is their name)."""
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
    first = EXAMPLE_TIME - spec.every * (spec.times - 1)
    return [
        Message(
            id=f"example-{n}",
            community="example:local",
            at=first + spec.every * n,
            user=user,
            text=spec.text * spec.text_times,
            channel=spec.channel,
            mentions=tuple(f"user-{i}" for i in range(spec.mentions)),
            mentions_everyone=spec.everyone,
            attachments=tuple(Attachment(name) for name in spec.attachments),
            links=tuple(spec.links),
        )
        for n in range(spec.times)
    ]


def rule_matches(ruleset: Ruleset, rule: CompiledRule, example: Example) -> bool:
    state = MemberState()
    matched = False
    if not rule.on_message:   # a join rule: the example is a display name, judged once
        message = example_messages(example, joining=True)[-1]
        return rule.predicate(MessageContext(message, state, message.at.timestamp(),
                                             ruleset.bank))
    for message in example_messages(example):
        matched = rule.predicate(observe(ruleset, message, state))
    return matched


def check_examples(ruleset: Ruleset, source: Source) -> list[Problem]:
    indices: dict[str, int] = {}
    for index, raw in enumerate(source.data.get("rules", [])):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            indices.setdefault(raw["id"], index)
    problems: list[Problem] = []
    for rule in ruleset.rules:
        if rule.examples is None:
            continue
        for expected, examples in (("match", rule.examples.match), ("pass", rule.examples.pass_)):
            for position, example in enumerate(examples):
                if rule_matches(ruleset, rule, example) == (expected == "match"):
                    continue
                path = ("rules", indices.get(rule.id, 0), "examples", expected, position)
                line, column = source.position(path)
                shown = example if isinstance(example, str) else example.text
                verb = (
                    "should match but does not"
                    if expected == "match"
                    else "should pass but matches"
                )
                problems.append(
                    Problem(source.file, line, column, f"example {shown!r} {verb}", rule.id)
                )
    return problems

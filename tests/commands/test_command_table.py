"""One command table: the core, Discord and Telegram all read bot/commands/registry.py.

Checked with the real pieces: discord.py's app_commands tree builds the slash commands
Discord would receive, Telegram's own parser reads typed commands, the core's option
validation judges them. A bound the core accepts is what Discord's picker offers and
what Telegram lets through, both ways; every text the table or the code names exists
in every catalogue language, and no text is left that nothing uses.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands

import catalogue.en
import catalogue.fr
from adapters.discord import commands as discord_commands
from adapters.telegram import parse as telegram
from adapters.telegram import texts as telegram_menu
from bot.command_model import (
    RIGHTS,
    Authority,
    CommandSpec,
    Invocation,
    Kind,
    OptionSpec,
    Scope,
    Target,
    group_help_key,
)
from bot.commands import options as core_options
from bot.commands.registry import BY_NAME, COMMANDS, MAX_POINTS, TYPED
from catalogue import CATALOGUES, LOCALES, t

ROOT = Path(__file__).resolve().parents[2]
BOT_NAME = "gardien_test_bot"
MOD = Authority("2", "mod", rank=5, rights=frozenset(RIGHTS))
GARDIEN = Authority("99", "gardien", rank=50, rights=frozenset(RIGHTS), bot=True)
BOB = Authority("5551001", "bob", rank=1)
FAMILIES = {f"bot.commands.{name}" for name in
            ("sanctions", "escalation", "cases", "rulefiles", "members", "newcomers",
             "stats", "announce", "archives", "mydata")}

# Discord's application command option types (discord.com/developers/docs, "option type").
DISCORD_TYPES = {Kind.MEMBER: 6, Kind.TEXT: 3, Kind.INTEGER: 4, Kind.DURATION: 3,
                 Kind.FILE: 11, Kind.CHANNEL: 3, Kind.DAY: 3}
DISCORD_PERMISSIONS = {"moderate": 1 << 40, "kick": 1 << 1, "ban": 1 << 2,
                       "manage_messages": 1 << 13, "manage_server": 1 << 5}


# --- the table itself ---------------------------------------------------------------------
def test_every_command_has_its_own_handler_in_a_command_family():
    assert len(BY_NAME) == len(COMMANDS)
    assert len({spec.handler for spec in COMMANDS}) == len(COMMANDS)
    for spec in COMMANDS:
        assert inspect.iscoroutinefunction(spec.handler), spec.name
        assert spec.handler.__module__ in FAMILIES, spec.name


def test_the_declarations_are_consistent():
    for spec in COMMANDS:
        members = [option for option in spec.options if option.kind is Kind.MEMBER]
        if spec.target is Target.REQUIRED:
            assert [option.required for option in members] == [True], spec.name
        if spec.hierarchy:
            assert spec.target is not Target.NONE and spec.right is not None, spec.name
    with pytest.raises(ValueError, match="disagrees"):
        CommandSpec("x", COMMANDS[0].handler, None,
                    (OptionSpec("member", Kind.MEMBER, required=True),))
    with pytest.raises(ValueError, match="bounds"):
        OptionSpec("points", Kind.TEXT, low=1)
    assert BY_NAME["warn"].option("points") == OptionSpec(
        "points", Kind.INTEGER, low=1, high=MAX_POINTS, default=1)


def test_every_command_option_and_group_has_its_texts_in_every_locale():
    keys = table_keys()
    assert len(keys) > 40
    for locale in LOCALES:
        assert sorted(keys - set(CATALOGUES[locale])) == [], locale
        for spec in TYPED:          # what Discord shows: descriptions of 1..100 characters
            shown = [spec.help_key, *(option.help_key for option in spec.options)]
            if spec.group is not None:
                shown.append(group_help_key(spec.group))
            for key in shown:
                assert 1 <= len(CATALOGUES[locale][key]) <= 100, (locale, key)


# --- Discord ------------------------------------------------------------------------------
def discord_commands_payload() -> dict[str, dict[str, Any]]:
    """What Discord receives for the table, by command name (built by the real tree)."""

    async def build() -> list[dict[str, Any]]:
        client = discord.Client(intents=discord.Intents.none())
        tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)

        async def handler(interaction: discord.Interaction, name: str,
                          values: dict[str, Any]) -> None:
            raise AssertionError("never invoked here")

        discord_commands.build(tree, COMMANDS, handler)
        payload = [command.to_dict(tree) for command in tree.get_commands(type=None)]
        await client.close()
        return payload

    return {command["name"]: command for command in asyncio.run(build())}


@pytest.fixture(scope="module")
def discord_payload() -> dict[str, dict[str, Any]]:
    return discord_commands_payload()


def discord_command(payload: dict[str, dict[str, Any]], spec: CommandSpec) -> dict[str, Any]:
    group, name = discord_commands.discord_name(spec)
    if group is None:
        return payload[name]
    [sub] = [option for option in payload[group]["options"] if option["name"] == name]
    assert sub["type"] == 1                                     # a subcommand
    return sub


def test_discord_options_carry_exactly_the_tables_types_bounds_and_required_flags(
        discord_payload):
    for spec in TYPED:
        sent = discord_command(discord_payload, spec).get("options", [])
        assert [o["name"] for o in sent] == [o.name for o in spec.options], spec.name
        for option, got in zip(spec.options, sent, strict=True):
            assert got["type"] == DISCORD_TYPES[option.kind], (spec.name, option.name)
            assert got.get("required", False) is option.required, (spec.name, option.name)
            assert got.get("min_value") == option.low, (spec.name, option.name)
            assert got.get("max_value") == option.high, (spec.name, option.name)
            assert got.get("max_length") == option.max_length, (spec.name, option.name)
    points = discord_command(discord_payload, BY_NAME["warn"])["options"][2]
    assert (points["name"], points["min_value"], points["max_value"]) == ("points", 1, 1000)


def test_discord_contexts_and_permissions_follow_scope_and_right(discord_payload):
    for spec in TYPED:
        if spec.group is not None or spec.name == discord_commands.GROUP:
            continue
        command = discord_payload[spec.name]
        private = spec.scope is Scope.COMMUNITY_OR_PRIVATE
        assert sorted(command["contexts"]) == ([0, 1] if private else [0]), spec.name
        expected = DISCORD_PERMISSIONS.get(spec.right or "")
        assert command["default_member_permissions"] == expected, spec.name


# --- Telegram -----------------------------------------------------------------------------
def sample(option: OptionSpec) -> str:
    """A valid value for an option not under test, as typed on Telegram."""
    return {Kind.MEMBER: "@bobm", Kind.TEXT: "because", Kind.INTEGER: str(option.low or 1),
            Kind.DURATION: "1h", Kind.FILE: "", Kind.CHANNEL: "general",
            Kind.DAY: "2026-11-01"}[option.kind]


def telegram_text(spec: CommandSpec, name: str, value: object) -> str:
    """`/command ...` written with the table's order and Telegram's grammar, `name` set to
    `value`, every other required option given a valid value."""

    def given(option: OptionSpec) -> str | None:
        if option.name == name:
            return str(value)
        return sample(option) if option.required else None

    words = [f"/{spec.name}"]
    for option in telegram.in_order(spec):
        words.append(given(option) or "")
    text = telegram.free_text(spec)
    for option in spec.options:
        keyed = telegram.KEYED.get(option.name)
        if keyed is not None and given(option) is not None:
            words.append(f"{keyed.shown.split(':')[0]}:{given(option)}")
    if text is not None:
        words.append(given(text) or "")
    return " ".join(word for word in words if word)


def telegram_invocation(text: str) -> Invocation:
    """The real parser's reading of `text`, as the router hands it to the core."""
    found = telegram.split(text, BOT_NAME)
    assert found is not None, text
    request = telegram.parse(*found, replied=False)
    assert not request.bad_subcommand, text
    return Invocation(community="telegram:-100", command=request.command, invoker=MOD,
                      bot=GARDIEN, target=BOB if request.target else None,
                      options=request.options)


def core_accepts(invocation: Invocation) -> bool:
    try:
        core_options.parse(BY_NAME[invocation.command], invocation)
    except core_options.BadOption:
        return False
    return True


def discord_allows(payload: dict[str, dict[str, Any]], spec: CommandSpec, name: str,
                   value: int | str) -> bool:
    """Whether Discord's picker lets `value` through, from the registered bounds."""
    [got] = [o for o in discord_command(payload, spec).get("options", []) if o["name"] == name]
    if isinstance(value, str):
        return len(value) <= got.get("max_length", 6000)
    low, high = got.get("min_value"), got.get("max_value")
    return (low is None or value >= low) and (high is None or value <= high)


def edges(option: OptionSpec) -> list[int | str]:
    """Values on both sides of every bound the option has."""
    if option.kind is Kind.TEXT:
        assert option.max_length is not None
        return ["x" * option.max_length, "x" * (option.max_length + 1)]
    low = option.low if option.low is not None else 0
    found = [low, low + 1] + ([low - 1] if low > 0 else [])  # Telegram numbers are unsigned
    found += [option.high, option.high + 1] if option.high is not None else [10**9]
    return found


BOUNDED = [(spec.name, option.name, value)
           for spec in TYPED for option in spec.options
           if option.kind is Kind.INTEGER or (option.kind is Kind.TEXT and option.max_length)
           for value in edges(option)]


@pytest.mark.parametrize(("command", "name", "value"), BOUNDED,
                         ids=[f"{c}-{n}-{v if isinstance(v, int) else len(v)}"
                              for c, n, v in BOUNDED])
def test_both_platforms_and_the_core_take_exactly_the_same_bounds(discord_payload, command,
                                                                  name, value):
    spec = BY_NAME[command]
    option = spec.option(name)
    assert option is not None
    if isinstance(value, int):
        expected = (option.low is None or value >= option.low) and (
            option.high is None or value <= option.high)
    else:
        expected = option.max_length is None or len(value) <= option.max_length
    typed = telegram_invocation(telegram_text(spec, name, value))
    assert typed.options.get(name) == value                     # the grammar round-trips
    assert core_accepts(typed) is expected                      # Telegram, then the core
    assert discord_allows(discord_payload, spec, name, value) is expected
    sent = {o.name: sample(o) for o in spec.options
            if o.required and o.kind in (Kind.TEXT, Kind.DURATION, Kind.CHANNEL)}
    sent |= {o.name: o.low or 1 for o in spec.options if o.required and o.kind is Kind.INTEGER}
    clicked = Invocation(community="discord:1", command=command, invoker=MOD, bot=GARDIEN,
                         target=BOB, options={**sent, name: value})
    assert core_accepts(clicked) is expected                    # Discord's typed value


@pytest.mark.parametrize(("points", "accepted"), [(0, False), (1, True), (1000, True),
                                                  (1001, False)])
def test_warn_points_are_one_to_a_thousand_on_both_platforms(discord_payload, points,
                                                             accepted):
    typed = telegram_invocation(f"/warn @bobm spam points:{points}")
    assert typed.options == {"reason": "spam", "points": points}
    assert core_accepts(typed) is accepted
    assert discord_allows(discord_payload, BY_NAME["warn"], "points", points) is accepted
    clicked = Invocation(community="discord:1", command="warn", invoker=MOD, bot=GARDIEN,
                         target=BOB, options={"reason": "spam", "points": points})
    assert core_accepts(clicked) is accepted


def test_telegram_reads_targets_and_files_from_the_table():
    assert {name for name in telegram.BY_NAME
            if telegram.takes_member(telegram.BY_NAME[name])} == {
        "warn", "timeout", "untimeout", "note", "history", "kick", "ban", "unban", "purge",
        "report"}
    assert {name for name in telegram.BY_NAME if telegram.files(telegram.BY_NAME[name])} == {
        "rules check", "rules upload"}
    assert telegram.SUBCOMMANDS == {"rules": ("show", "check", "upload", "rollback", "reload"),
                                    "lockdown": ("start", "end")}
    assert telegram.usage(BY_NAME["warn"]) == "warn <member> [reason] [points:N]"


# --- menus --------------------------------------------------------------------------------
def test_buttons_only_commands_are_in_no_menu(discord_payload):
    buttons = [spec for spec in COMMANDS if spec.scope is Scope.BUTTON]
    assert {spec.name for spec in buttons} == {"verify", "appeal accept", "appeal deny",
                                               "escalation apply"}
    for locale in LOCALES:
        listed = telegram_menu.member_menu(locale) + telegram_menu.moderator_menu(locale)
        names = {name for name, _ in listed}
        assert "verify" not in names
        assert all(spec.name not in names for spec in buttons)
        assert all(spec.name.split(" ", 1)[-1] not in description
                   for spec in buttons for name, description in listed if name == "appeal")
    assert telegram.split("/verify", BOT_NAME) is None
    assert "verify" not in discord_payload
    assert all(option["type"] != 1 for option in discord_payload["appeal"]["options"])


def test_telegram_menus_follow_the_rights():
    for locale in LOCALES:
        member = [name for name, _ in telegram_menu.member_menu(locale)]
        moderator = [name for name, _ in telegram_menu.moderator_menu(locale)]
        assert member == list(dict.fromkeys(
            spec.group or spec.name for spec in TYPED if spec.right is None))
        assert moderator == list(dict.fromkeys(
            spec.group or spec.name for spec in TYPED if spec.right is not None))


# --- the catalogue ------------------------------------------------------------------------
def table_keys() -> set[str]:
    """The keys the table names: each command's help, each option's name and description,
    each Discord group's description."""
    keys: set[str] = set()
    for spec in COMMANDS:
        keys.add(spec.help_key)
        for option in spec.options:
            keys |= {option.name_key, option.help_key}
        if spec.group is not None and spec.scope is not Scope.BUTTON:
            keys.add(group_help_key(spec.group))
    return keys


# Functions that take a catalogue key -> the position of the key among their arguments.
KEY_ARGUMENT = {"t": 1, "template": 1, "say": 0, "public": 0, "answer": 0, "refuse": 0,
                "english": 0, "BadOption": 0,
                # the adapters' refusals: worded(Forbidden, key), mapped(doing), cannot(.., why)
                "worded": 1, "mapped": 0, "cannot": 2}


@dataclass
class Scan:
    literal: dict[str, str] = field(default_factory=dict)      # key -> where it is used
    prefixes: dict[str, str] = field(default_factory=dict)     # "action." + x, f"right.{x}"
    strings: set[str] = field(default_factory=set)             # every string constant


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def _prefix(node: ast.expr) -> str | None:
    """The literal head of a key built at run time."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        node = node.left
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value,
                                                                            str) else None
    if isinstance(node, ast.JoinedStr) and node.values:
        head = node.values[0]
        return head.value if isinstance(head, ast.Constant) else None
    return None


def scan(sources: dict[str, str]) -> Scan:
    found = Scan()
    for where, text in sources.items():
        for node in ast.walk(ast.parse(text, where)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.strings.add(node.value)
            if not isinstance(node, ast.Call) or _callee(node) not in KEY_ARGUMENT:
                continue
            position = KEY_ARGUMENT[_callee(node) or ""]
            if len(node.args) <= position:
                continue
            argument = node.args[position]
            place = f"{where}:{node.lineno}"
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.literal[argument.value] = place
            elif (prefix := _prefix(argument)) is not None:
                found.prefixes[prefix] = place
    return found


def problems(found: Scan, catalogues: dict[str, dict[str, str]]) -> tuple[list[str], list[str]]:
    """(keys used but missing in a locale, keys defined that nothing uses)."""
    missing = sorted(f"{key} ({where}) in {locale}"
                     for key, where in found.literal.items()
                     for locale, texts in catalogues.items() if key not in texts)
    missing += sorted(f"{prefix}… ({where}) in {locale}"
                      for prefix, where in found.prefixes.items()
                      for locale, texts in catalogues.items()
                      if not any(key.startswith(prefix) for key in texts))
    used = set(found.literal) | table_keys() | found.strings
    unused = sorted(key for texts in catalogues.values() for key in texts
                    if key not in used and not any(
                        key.startswith(prefix) and "." not in key[len(prefix):]
                        for prefix in found.prefixes))
    return missing, sorted(set(unused))


def production_sources() -> dict[str, str]:
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
            for package in ("bot", "rules", "adapters")
            for path in sorted((ROOT / package).rglob("*.py"))}


def test_every_key_used_exists_in_every_locale_and_every_key_is_used():
    found = scan(production_sources())
    # not vacuous: the scan sees the calls of every layer, and the keys built at run time
    assert len(found.literal) >= 100
    assert {"error.internal", "telegram.unknown_user", "discord.menu.report", "warn.member",
            "raid.reason", "option.duration_at_most"} <= set(found.literal)
    assert {"action.", "right.", "raid.action.", "appeal.status.", "option.name."} <= set(
        found.prefixes)
    # ... and reaches most texts by a call or the table alone (keys handed to a helper first,
    # `_single(ctx, action, "kick.done")`, count as used by being written in the source)
    reached = set(found.literal) | table_keys() | {
        key for key in CATALOGUES["en"]
        if any(key.startswith(prefix) for prefix in found.prefixes)}
    assert len(reached & set(CATALOGUES["en"])) >= 0.75 * len(CATALOGUES["en"])
    missing, unused = problems(found, CATALOGUES)
    assert missing == []
    assert unused == []


def test_the_scan_catches_a_missing_key_and_an_unused_one():
    found = scan({"x.py": 'ctx.say("nothing.here")\nt(locale, f"nope.{kind}")\n'})
    missing, unused = problems(found, {"en": {"lonely.text": "x"}})
    assert missing == ["nothing.here (x.py:1) in en", "nope.… (x.py:2) in en"]
    assert unused == ["lonely.text"]


def test_each_languages_domains_never_define_the_same_key():
    for package in (catalogue.en, catalogue.fr):
        domains = [importlib.import_module(f"{package.__name__}.{info.name}").TEXTS
                   for info in pkgutil.iter_modules(package.__path__)]
        assert len(domains) >= 4, package.__name__   # core, commands, platforms, cases...
        assert sum(len(texts) for texts in domains) == len(package.TEXTS), package.__name__


def test_an_unknown_subcommand_is_answered_with_the_groups_own_words():
    def answer(locale: str, group: str, name: str) -> str:
        *choices, last = telegram.SUBCOMMANDS[group]
        return t(locale, "telegram.unknown_subcommand", group=group, name=name,
                 choices=", ".join(choices), last=last)

    assert answer("en", "rules", "oops") == (
        "Unknown rules subcommand oops: use show, check, upload, rollback or reload.")
    assert answer("fr", "lockdown", "later") == (
        "Sous-commande de lockdown inconnue later : utilisez start ou end.")

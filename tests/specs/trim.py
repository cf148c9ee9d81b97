"""Cut the full Discord and Telegram API descriptions down to what the adapter tests check.

The tests check every request the fake Discord and Telegram servers record against these
descriptions (tests/discord/spec.py, tests/telegram/spec.py). The full files are about
2 MB; the repository keeps only the operations and methods the bot calls, plus everything
those reach, so a plain clone can run the tests. What is kept gives the same verdicts as
the full file for every listed operation and method.

Discord: each listed operation keeps its parameters and request body; the path item keeps
its shared parameters; every schema a kept part points at (`$ref`, followed to the end)
is kept whole. Responses and security are dropped: the check never reads them.
Telegram: each listed method is kept whole, with every type its parameters can hold
(arrays, fields of objects, subtypes of unions), followed to the end.

The bot calls a new endpoint? Add it to the lists below and rerun:

    python3 tests/specs/trim.py FULL/discord-openapi.json FULL/telegram-bot-api.json

`--check` writes nothing and exits 1 when the committed copies differ from a fresh cut.
Standard library only, so it runs from any Python 3.11.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DISCORD_OUT = HERE / "discord-openapi.json"
TELEGRAM_OUT = HERE / "telegram-bot-api.json"

# (method, path template) of every Discord request the tests make (discord.py's calls
# through the fake server, and tests/discord/test_spec_check.py's own).
DISCORD_OPERATIONS: tuple[tuple[str, str], ...] = (
    ("PUT", "/applications/{application_id}/commands"),
    ("GET", "/channels/{channel_id}"),                   # crisis slow mode: an uncached channel
    ("PATCH", "/channels/{channel_id}"),                 # crisis slow mode: rate_limit_per_user
    ("GET", "/channels/{channel_id}/messages"),
    ("POST", "/channels/{channel_id}/messages"),
    ("POST", "/channels/{channel_id}/messages/bulk-delete"),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}"),
    ("GET", "/channels/{channel_id}/messages/{message_id}"),    # a poll Discord ended, read
    ("POST", "/channels/{channel_id}/polls/{message_id}/expire"),   # a poll ended at `lasts`
    ("GET", "/gateway/bot"),
    ("GET", "/guilds/{guild_id}/audit-logs"),
    ("GET", "/guilds/{guild_id}/auto-moderation/rules"),            # automod.sync: listed
    ("POST", "/guilds/{guild_id}/auto-moderation/rules"),           # automod.sync: created
    ("DELETE", "/guilds/{guild_id}/auto-moderation/rules/{rule_id}"),   # automod.sync: gone
    ("PATCH", "/guilds/{guild_id}/auto-moderation/rules/{rule_id}"),    # automod.sync: changed
    ("POST", "/guilds/{guild_id}/bulk-ban"),
    ("DELETE", "/guilds/{guild_id}/bans/{user_id}"),    # ALLOWED in spec.py names it
    ("PUT", "/guilds/{guild_id}/bans/{user_id}"),
    ("PUT", "/guilds/{guild_id}/incident-actions"),     # raid.lock: invites paused
    ("DELETE", "/guilds/{guild_id}/members/{user_id}"),
    ("GET", "/guilds/{guild_id}/members/{user_id}"),
    ("PATCH", "/guilds/{guild_id}/members/{user_id}"),
    ("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"),
    ("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"),
    ("GET", "/guilds/{guild_id}/roles/{role_id}"),       # raid.lock: @everyone read afresh
    ("PATCH", "/guilds/{guild_id}/roles/{role_id}"),     # raid.lock: @everyone edited
    ("POST", "/interactions/{interaction_id}/{interaction_token}/callback"),
    ("GET", "/oauth2/applications/@me"),
    ("GET", "/users/@me"),
    ("POST", "/users/@me/channels"),
    ("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
)

# The parts of a Discord operation the check reads (plus its name and description).
OPERATION_KEYS = ("description", "operationId", "parameters", "requestBody")

# Every Bot API method the tests call (python-telegram-bot's calls through the fake
# server, and tests/telegram/test_units.py's own).
TELEGRAM_METHODS: tuple[str, ...] = (
    "answerCallbackQuery", "approveChatJoinRequest", "banChatMember", "banChatSenderChat",
    "deleteMessage", "deleteMessages", "deleteWebhook", "editMessageReplyMarkup", "getChat",
    "getChatAdministrators", "getFile", "getMe", "getUpdates", "restrictChatMember",
    "sendDocument", "sendMessage", "sendPhoto", "sendPoll", "setChatPermissions",
    "setMyCommands", "setWebhook", "stopPoll", "unbanChatMember", "unbanChatSenderChat",
)

ARRAY = "Array of "


def trimmed_note(source: str) -> str:
    return (f"Trimmed copy of {source}: only what Gardien's tests check "
            "(tests/specs/trim.py; see tests/specs/README.md).")


def _refs(node: Any) -> Iterator[str]:
    """Every `$ref` inside a JSON value."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _pointer(ref: str) -> tuple[str, ...]:
    if not ref.startswith("#/"):
        raise SystemExit(f"trim.py: only local $refs are handled, found {ref!r}")
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/"))


def _at(doc: Any, parts: Iterable[str]) -> Any:
    for part in parts:
        doc = doc[part]
    return doc


def _put(doc: dict[str, Any], parts: tuple[str, ...], value: Any) -> None:
    for part in parts[:-1]:
        doc = doc.setdefault(part, {})
    doc[parts[-1]] = value


def trim_discord(full: dict[str, Any]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for method, template in DISCORD_OPERATIONS:
        item = full["paths"].get(template)
        if item is None or method.lower() not in item:
            raise SystemExit(f"trim.py: {method} {template} is not in the Discord spec")
        kept = paths.setdefault(template, {k: v for k, v in item.items() if k == "parameters"})
        operation = item[method.lower()]
        kept[method.lower()] = {k: operation[k] for k in OPERATION_KEYS if k in operation}
    out: dict[str, Any] = {k: full[k] for k in ("openapi", "info", "externalDocs", "servers")
                           if k in full}
    out["x-trimmed"] = trimmed_note("discord/discord-api-spec specs/openapi.json")
    out["paths"] = paths
    pending = list(_refs(paths))
    seen: set[tuple[str, ...]] = set()
    while pending:
        parts = _pointer(pending.pop())
        if parts in seen:
            continue
        seen.add(parts)
        value = _at(full, parts)
        _put(out, parts, value)
        pending.extend(_refs(value))
    return out


def _type_names(types: Iterable[str]) -> Iterator[str]:
    for kind in types:
        while kind.startswith(ARRAY):
            kind = kind.removeprefix(ARRAY)
        yield kind


def trim_telegram(full: dict[str, Any]) -> dict[str, Any]:
    missing = [m for m in TELEGRAM_METHODS if m not in full["methods"]]
    if missing:
        raise SystemExit(f"trim.py: not in the Telegram spec: {', '.join(missing)}")
    methods = {m: full["methods"][m] for m in TELEGRAM_METHODS}
    pending = [k for m in methods.values() for f in m.get("fields", [])
               for k in _type_names(f["types"])]
    types: dict[str, Any] = {}
    while pending:
        name = pending.pop()
        if name in types or name not in full["types"]:    # Integer, String, ...: built in
            continue
        definition = full["types"][name]
        types[name] = definition
        pending += definition.get("subtypes", [])
        pending += [k for f in definition.get("fields", []) for k in _type_names(f["types"])]
    out = {k: v for k, v in full.items() if k not in ("methods", "types")}
    out["x-trimmed"] = trimmed_note("PaulSonOfLars/telegram-bot-api-spec api.json")
    out["methods"] = methods
    out["types"] = types
    return out


def render(doc: dict[str, Any]) -> str:
    """Sorted keys, one value a line: reproducible and readable in a diff."""
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("discord", type=Path, help="full discord-openapi.json")
    parser.add_argument("telegram", type=Path, help="full telegram-bot-api.json")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the committed copies are stale")
    args = parser.parse_args(argv)
    outputs = {
        DISCORD_OUT: render(trim_discord(json.loads(args.discord.read_text("utf-8")))),
        TELEGRAM_OUT: render(trim_telegram(json.loads(args.telegram.read_text("utf-8")))),
    }
    stale = False
    for target, text in outputs.items():
        before = target.read_text("utf-8") if target.is_file() else None
        source = args.discord if target is DISCORD_OUT else args.telegram
        sizes = f"{source.stat().st_size:,} -> {len(text.encode('utf-8')):,} bytes"
        if args.check:
            stale |= before != text
            print(f"{target.name}: {'stale' if before != text else 'up to date'} ({sizes})")
        else:
            target.write_text(text, encoding="utf-8")
            print(f"{target.name}: {sizes}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())

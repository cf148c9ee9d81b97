"""The fake Discord's interaction side: INTERACTION_CREATE payloads, and the REST
answers for interaction callbacks, followup webhooks, command sync, history and files.

Payloads follow Discord's v10 shapes (samples in payloads/interaction_*.json):
the invoker's `member` carries its resolved channel `permissions`, `resolved`
carries the users, members and attachments the options name.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import guild as g

if TYPE_CHECKING:
    from .fake import FakeDiscord

ALL_PERMISSIONS = (1 << 51) - 1
ADMINISTRATOR = 8
OPTION_TYPES = {"member": 6, "reason": 3, "duration": 3, "delete_messages": 3, "text": 3,
                "points": 4, "case": 4, "count": 4, "revision": 4, "file": 11, "period": 3,
                "channel": 3, "at": 3, "from": 3, "to": 3}


def permissions(guild: g.Guild, user_id: int) -> int:
    """A member's server-wide permissions from their roles (the owner and admins: all)."""
    if user_id == g.OWNER:
        return ALL_PERMISSIONS
    roles = {int(r["id"]): int(r["permissions"]) for r in guild.roles()}
    total = roles[guild.id]
    for role_id in guild.members.get(user_id, ([], None))[0]:
        total |= roles.get(role_id, 0)
    return ALL_PERMISSIONS if total & ADMINISTRATOR else total


def _member(guild: g.Guild, user_id: int, *, with_user: bool) -> dict[str, Any]:
    roles, joined = guild.members[user_id]
    body = {**g.member_body(roles, joined), "permissions": str(permissions(guild, user_id))}
    return {"user": g.user(user_id), **body} if with_user else body


def _base(fake: FakeDiscord, kind: int, user: int, channel: int, locale: str) -> dict[str, Any]:
    guild = fake.guild
    return {
        "id": str(g.snowflake()), "application_id": str(g.APP), "type": kind,
        "token": "itoken-" + secrets.token_hex(8), "version": 1,
        "guild_id": str(guild.id), "channel_id": str(channel),
        "channel": {"id": str(channel), "type": 0, "guild_id": str(guild.id),
                    "name": "general" if channel == g.GENERAL else "mod-log",
                    "position": 0, "permission_overwrites": [], "nsfw": False,
                    "parent_id": None, "flags": 0},
        "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
        "member": _member(guild, user, with_user=True),
        "locale": locale, "guild_locale": "en-US",
        "app_permissions": str(permissions(guild, g.BOT)),
        "entitlements": [], "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0, "attachment_size_limit": 10 * 1024 * 1024,
    }


def command(fake: FakeDiscord, name: str, options: dict[str, Any] | None = None, *,
            user: int = g.MOD, channel: int = g.GENERAL, locale: str = "en-US",
            files: dict[str, bytes] | None = None) -> dict[str, Any]:
    """A slash command (type 2). `name` as typed: "warn" or "rules upload".

    `member` takes a user id (a member of the fake server or not); `file` a file name,
    whose bytes (`files`) the fake then serves as the attachment's URL.
    """
    resolved: dict[str, dict[str, Any]] = {}
    opts = []
    for key, value in (options or {}).items():
        if key == "member":
            resolved.setdefault("users", {})[str(value)] = g.user(value)
            if value in fake.guild.members:
                resolved.setdefault("members", {})[str(value)] = _member(
                    fake.guild, value, with_user=False)
            value = str(value)
        elif key == "file":
            data = (files or {})[value]
            fake.files[value] = data
            attachment_id = str(g.snowflake())
            url = f"http://127.0.0.1:{fake.port}/attachments/{attachment_id}/{value}"
            resolved.setdefault("attachments", {})[attachment_id] = {
                "id": attachment_id, "filename": value, "size": len(data), "url": url,
                "proxy_url": url, "content_type": "application/x-yaml; charset=utf-8",
                "ephemeral": True}
            value = attachment_id
        opts.append({"name": key, "type": OPTION_TYPES[key], "value": value})
    top, _, sub = name.partition(" ")
    if sub:
        opts = [{"name": sub, "type": 1, "options": opts}]
    data = {"id": str(fake.command_ids.get(top, g.snowflake())), "name": top, "type": 1,
            "options": opts}
    if resolved:
        data["resolved"] = resolved
    return {**_base(fake, 2, user, channel, locale), "data": data}


def report_menu(fake: FakeDiscord, message: dict[str, Any], *, user: int = g.ALICE,
                locale: str = "en-US") -> dict[str, Any]:
    """"Report message" chosen on `message` (a message context menu: data type 3)."""
    data = {"id": str(fake.command_ids.get("Report message", g.snowflake())),
            "name": "Report message", "type": 3, "target_id": message["id"],
            "resolved": {"messages": {message["id"]: message}}}
    return {**_base(fake, 2, user, int(message["channel_id"]), locale), "data": data}


def press(fake: FakeDiscord, custom_id: str, message: dict[str, Any], *, user: int = g.MOD,
          locale: str = "en-US") -> dict[str, Any]:
    """A press on a button (type 3) of `message` (a message payload the bot sent)."""
    return {**_base(fake, 3, user, int(message["channel_id"]), locale),
            "message": message, "data": {"custom_id": custom_id, "component_type": 2}}


# --- REST -------------------------------------------------------------------------------------
def json_response(status: int, body: Any) -> web.Response:
    from .fake import _json
    return _json(status, body)


def handle(fake: FakeDiscord, method: str, parts: list[str], query: dict[str, str],
           body: Any) -> web.Response | None:
    """The answer for an interaction-side route, or None when it is not one."""
    if method == "POST" and len(parts) == 4 and parts[0] == "interactions" and parts[3] == (
            "callback"):
        flags = ((body or {}).get("data") or {}).get("flags", 0)
        return json_response(200, {"interaction": {
            "id": parts[1], "type": 2, "response_message_id": str(g.snowflake()),
            "response_message_loading": body.get("type") == 5,
            "response_message_ephemeral": bool(flags & 64)},
            "resource": {"type": body.get("type")}})
    if parts[:1] == ["webhooks"] and len(parts) >= 3:
        if method == "DELETE":
            return web.Response(status=204)
        sent = fake.guild.message(g.BOT, (body or {}).get("content") or "")
        sent["author"] = g.user(g.BOT, bot=True)
        sent["webhook_id"] = parts[1]
        sent["components"] = (body or {}).get("components") or []
        sent["flags"] = (body or {}).get("flags") or 0
        return json_response(200, sent)
    if method == "PUT" and parts[:1] == ["applications"] and parts[2:] == ["commands"]:
        listed = []
        for item in body or []:
            command_id = fake.command_ids.setdefault(item["name"], g.snowflake())
            listed.append({"description": "", **item, "id": str(command_id),   # menus: ""
                           "application_id": parts[1], "version": str(g.snowflake()),
                           "default_member_permissions": item.get(
                               "default_member_permissions")})
        return json_response(200, listed)
    if method == "GET" and len(parts) == 3 and parts[0] == "channels" and parts[2] == (
            "messages"):
        return _history(fake.history.get(int(parts[1]), []), query)
    return None


def _history(stored: list[dict[str, Any]], query: dict[str, str]) -> web.Response:
    """GET /channels/{id}/messages as Discord pages it: at most 100 (default 50), newest
    first; `before`: the newest ones older than it; `after`: the oldest ones newer than it
    (still sent newest first). `stored` is newest first."""
    limit = int(query.get("limit", 50))
    if not 1 <= limit <= 100:
        return json_response(400, {"message": "Invalid Form Body", "code": 50035})
    if "after" in query:
        newer = [m for m in stored if int(m["id"]) > int(query["after"])]
        return json_response(200, newer[-limit:])     # the oldest `limit`, newest first
    if "before" in query:
        stored = [m for m in stored if int(m["id"]) < int(query["before"])]
    return json_response(200, stored[:limit])


def ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)

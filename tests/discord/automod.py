"""The fake Discord's AutoMod: a server's auto-moderation rules, kept and checked as
Discord checks them, and the gateway event Discord sends when one acts.

Routes (v10): GET/POST /guilds/{guild}/auto-moderation/rules, GET/PATCH/DELETE
.../rules/{rule}. Rules are answered in the shape of Discord's auto-moderation rule
object. A body over Discord's limits is refused with 50035 (Invalid Form Body) and the
failing field in `errors`, as Discord does; a seventh keyword rule too. Without Manage
Server on the bot's roles every route answers 50013 (Missing Permissions).
"""

from __future__ import annotations

import copy
from typing import Any

from . import guild as g

Answered = tuple[int, Any]
INVALID_FORM = 50035
MISSING_PERMISSIONS = 50013
UNKNOWN_RULE = 10066
KEYWORD = 1
LIMITS = {"keyword_filter": (1000, 60), "allow_list": (100, 60), "regex_patterns": (10, 260)}
MAX_KEYWORD_RULES = 6


class AutoModBox:
    def __init__(self, guild: g.Guild) -> None:
        self.guild = guild
        self.rules: dict[int, dict[str, Any]] = {}   # rule id -> the rule, as Discord keeps it

    def add(self, name: str, keywords: list[str], *, creator: int = g.OWNER) -> dict[str, Any]:
        """A rule a moderator made in Discord's own settings."""
        body = {"name": name, "event_type": 1, "trigger_type": KEYWORD,
                "trigger_metadata": {"keyword_filter": keywords}, "actions": [{"type": 1}]}
        return self._create(body, creator)

    def gardiens(self) -> list[dict[str, Any]]:
        return [r for r in self.rules.values() if r["creator_id"] == str(g.BOT)]

    def route(self, method: str, parts: list[str], body: Any) -> Answered | None:
        if len(parts) < 4 or parts[0] != "guilds" or parts[2:4] != ["auto-moderation", "rules"]:
            return None
        if not self._may_manage():
            return 403, {"message": "Missing Permissions", "code": MISSING_PERMISSIONS}
        if len(parts) == 4:
            if method == "GET":
                return 200, [copy.deepcopy(r) for r in self.rules.values()]
            if method == "POST":
                refused = self._refusal(body or {}, creating=True)
                return refused or (200, self._create(body, g.BOT))
        elif len(parts) == 5 and parts[4].isdigit():
            found = self.rules.get(int(parts[4]))
            if found is None:
                return 404, {"message": "Unknown Auto Moderation Rule", "code": UNKNOWN_RULE}
            if method == "GET":
                return 200, copy.deepcopy(found)
            if method == "DELETE":   # answered by the fake's default: 204, no body
                del self.rules[int(parts[4])]
                return None
            if method == "PATCH":
                refused = self._refusal(body or {}, creating=False)
                if refused is not None:
                    return refused
                found.update({k: v for k, v in (body or {}).items() if k in found})
                found["exempt_roles"] = [str(r) for r in found["exempt_roles"]]
                found["exempt_channels"] = [str(c) for c in found["exempt_channels"]]
                return 200, copy.deepcopy(found)
        return 405, {"message": "405: Method Not Allowed", "code": 0}

    def execution(self, rule_id: int, user: int, keyword: str, *, action: int = 1,
                  content: str = "", channel: int = g.GENERAL,
                  metadata: dict[str, Any] | None = None) -> dict[str, Any]:
        """An AUTO_MODERATION_ACTION_EXECUTION payload: rule `rule_id` acted on `user`."""
        return {"guild_id": str(self.guild.id), "rule_id": str(rule_id),
                "rule_trigger_type": KEYWORD, "user_id": str(user),
                "channel_id": str(channel), "content": content,
                "matched_keyword": keyword, "matched_content": keyword,
                "action": {"type": action, "metadata": metadata or {}}}

    def _may_manage(self) -> bool:
        return bool(self.guild.role_permissions.get(g.ROLE_BOT, self.guild.bot_perms)
                    & g.MANAGE_GUILD)

    def _create(self, body: dict[str, Any], creator: int) -> dict[str, Any]:
        rule_id = g.snowflake()
        metadata = dict(body.get("trigger_metadata") or {})
        for key in LIMITS if body.get("trigger_type") == KEYWORD else ():
            metadata.setdefault(key, [])
        rule = {"id": str(rule_id), "guild_id": str(self.guild.id), "name": body["name"],
                "creator_id": str(creator), "event_type": body["event_type"],
                "trigger_type": body["trigger_type"], "trigger_metadata": metadata,
                "actions": list(body.get("actions") or []),
                "enabled": bool(body.get("enabled", False)),
                "exempt_roles": [str(r) for r in body.get("exempt_roles") or []],
                "exempt_channels": [str(c) for c in body.get("exempt_channels") or []]}
        self.rules[rule_id] = rule
        return copy.deepcopy(rule)

    def _refusal(self, body: dict[str, Any], *, creating: bool) -> Answered | None:
        errors: dict[str, Any] = {}
        metadata = body.get("trigger_metadata") or {}
        for key, (most, longest) in LIMITS.items():
            values = metadata.get(key) or []
            if len(values) > most:
                errors.setdefault("trigger_metadata", {})[key] = _error(
                    "BASE_TYPE_MAX_LENGTH", f"Must be {most} or fewer in length.")
            elif any(not value or len(value) > longest for value in values):
                errors.setdefault("trigger_metadata", {})[key] = _error(
                    "AUTO_MODERATION_INVALID_KEYWORD", f"Keywords are 1 to {longest} long.")
        for key, most in (("exempt_roles", 20), ("exempt_channels", 50)):
            if len(body.get(key) or []) > most:
                errors[key] = _error("BASE_TYPE_MAX_LENGTH", f"Must be {most} or fewer.")
        for index, action in enumerate(body.get("actions") or []):
            seconds = (action.get("metadata") or {}).get("duration_seconds")
            if action.get("type") == 3 and not (seconds and 0 < seconds <= 2419200):
                errors.setdefault("actions", {})[str(index)] = _error(
                    "NUMBER_TYPE_MAX", "duration_seconds is at most 2419200.")
        keyword_rules = sum(r["trigger_type"] == KEYWORD for r in self.rules.values())
        if creating and body.get("trigger_type") == KEYWORD and (
                keyword_rules >= MAX_KEYWORD_RULES):
            errors["trigger_type"] = _error("AUTO_MODERATION_MAX_RULES_OF_TYPE_EXCEEDED",
                                            "Maximum number of rules of this type reached.")
        if not errors:
            return None
        return 400, {"message": "Invalid Form Body", "code": INVALID_FORM, "errors": errors}


def _error(code: str, message: str) -> dict[str, Any]:
    return {"_errors": [{"code": code, "message": message}]}

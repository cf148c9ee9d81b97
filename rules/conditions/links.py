"""`links`: denied domains, domains outside an allow-list, and invite links."""

from __future__ import annotations

import fnmatch
import re

from pydantic import Field, model_validator

from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.context import MessageContext
from rules.links_parse import Link
from rules.spectypes import StrictModel
from rules.yamlsource import Path as YamlPath

_INVITE_HOSTS = {
    "discord.gg": re.compile(r"/\S+"),
    "discord.com": re.compile(r"/invite/\S+"),
    "discordapp.com": re.compile(r"/invite/\S+"),
    "www.discord.com": re.compile(r"/invite/\S+"),
    "t.me": re.compile(r"/(\+|joinchat/)\S+"),
    "telegram.me": re.compile(r"/(\+|joinchat/)\S+"),
    "telegram.dog": re.compile(r"/(\+|joinchat/)\S+"),
}


class LinksOptions(StrictModel):
    deny: list[str] | None = Field(None, description="host globs, e.g. *.ru, bit.ly")
    allow: list[str] | None = Field(
        None, description="host globs that are fine; `allow: []` alone matches any link"
    )
    invites: bool = Field(False, description="Discord and Telegram invite links")

    @model_validator(mode="after")
    def _something(self) -> LinksOptions:
        if self.deny is None and self.allow is None and not self.invites:
            raise ValueError("give deny, allow or invites: true")
        return self


def glob_regex(globs: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex for host globs; `*.x.org` covers subdomains only."""
    if not globs:
        return None
    parts = [fnmatch.translate(glob.strip().lower().rstrip(".")) for glob in globs]
    return re.compile("|".join(f"(?:{part})" for part in parts), re.IGNORECASE)


def is_invite(link: Link) -> bool:
    path_re = _INVITE_HOSTS.get(link.host)
    return path_re is not None and path_re.match(link.path) is not None


def compile_links(options: LinksOptions, ctx: CompileContext, path: YamlPath) -> Predicate:
    deny = glob_regex(options.deny or [])
    allow = glob_regex(options.allow or [])
    invites = options.invites
    allow_only = not options.deny and options.allow is not None

    def bad_link(message_ctx: MessageContext) -> bool:
        for link in message_ctx.links:
            if invites and is_invite(link):
                message_ctx.evidence = f"invite {link.host}{link.path}"
                return True
            allowed = allow is not None and allow.match(link.host) is not None
            if deny is not None and not allowed and deny.match(link.host):
                message_ctx.evidence = link.host
                return True
            if allow_only and not allowed:
                message_ctx.evidence = link.host
                return True
        return False

    return bad_link


KIND = ConditionKind(
    name="links",
    options=LinksOptions,
    compile=compile_links,
    summary="a link whose domain matches `deny`, or (with only `allow`) a link outside `allow`; "
    "`invites: true` matches Discord and Telegram invites",
    cost=4,
)

"""`links`: denied domains, domains outside an allow-list, and invite links."""

from __future__ import annotations

import fnmatch
import re

from pydantic import Field, model_validator

from rules import checks
from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.spectypes import StrictModel
from rules.yamlsource import Path as YamlPath


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


def compile_links(options: LinksOptions, ctx: CompileContext, path: YamlPath) -> Predicate:
    allow_only = not options.deny and options.allow is not None
    return checks.bad_link(glob_regex(options.deny or []), glob_regex(options.allow or []),
                           options.invites, allow_only)


KIND = ConditionKind(
    name="links",
    options=LinksOptions,
    compile=compile_links,
    summary="a link whose domain matches `deny`, or (with only `allow`) a link outside `allow`; "
    "`invites: true` matches Discord and Telegram invites",
    cost=4,
)

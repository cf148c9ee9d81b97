"""What a command family gets: the invocation, the community's rules, words, services.

Private answers follow the invoker's language when the platform gives one the
catalogues know; everything public (mod log, DMs, channel replies) follows the
rule file's `locale`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog

from bot.command_model import Answer, CommandSpec, Invocation
from bot.commands.services import Services
from bot.posts import Button
from catalogue import supported, t
from rules.ruleset import Ruleset

log = structlog.get_logger("gardien.commands")


@dataclass
class Context:
    services: Services
    inv: Invocation
    spec: CommandSpec
    ruleset: Ruleset
    values: dict[str, Any]
    now: datetime

    @property
    def locale(self) -> str:
        """The community's language (public texts)."""
        return supported(self.ruleset.locale)

    @property
    def private_locale(self) -> str:
        return supported(self.inv.locale) if self.inv.locale else self.locale

    @property
    def community(self) -> str:
        return self.inv.community

    def say(self, key: str, /, **values: object) -> str:
        """A text for the invoker."""
        return t(self.private_locale, key, **values)

    def public(self, key: str, /, **values: object) -> str:
        """A text others read (mod log, the member, the channel)."""
        return t(self.locale, key, **values)

    def answer(self, key: str, /, *, private: bool = True, buttons: tuple[Button, ...] = (),
               **values: object) -> Answer:
        text = self.say(key, **values) if private else self.public(key, **values)
        return Answer(text, private=private, buttons=buttons)

    def refuse(self, key: str, /, **values: object) -> Answer:
        """A refusal: private, no case, logged."""
        return refusal(self.inv, self.say(key, **values), key)


def refusal(inv: Invocation, text: str, key: str) -> Answer:
    log.info("command_refused", community=inv.community, command=inv.command,
             invoker=inv.invoker.id, target=inv.target.id if inv.target else None, reason=key)
    return Answer(text, private=True, refused=True)

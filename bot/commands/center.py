"""The entry point adapters call: `await center.invoke(invocation) -> Answer`.

Checks rights and hierarchy (authority.py), validates options (options.py),
then runs the command's family: sanctions, cases, rule files, member commands.
A refusal is private, logged and writes no case; an unexpected error is logged
and answered with a generic text (never an exception's text in a chat).
"""

from __future__ import annotations

from dataclasses import replace

import structlog

from bot.command_model import Answer, CommandSpec, Invocation
from bot.commands import authority, options
from bot.commands.context import Context, refusal
from bot.commands.registry import BY_NAME, COMMANDS
from bot.commands.services import Services
from bot.ledger import LedgerUnavailable
from catalogue import supported, t
from rules.events import valid_text

log = structlog.get_logger("gardien.commands")

class CommandCenter:
    """Checks rights, runs the command family, writes cases ledger-first, answers."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.store = services.store
        self.rulebook = services.rulebook
        self.clock = services.clock

    async def _private_appeal(self, invocation: Invocation) -> Invocation | Answer:
        locale = supported(invocation.locale or "en")
        number = options.whole_number(str(invocation.options.get("case", "")))
        if invocation.command != "appeal" or number is None:
            return refusal(invocation, t(locale, "refuse.unknown", command=invocation.command),
                           "refuse.unknown")
        mine = [case.community for case in await self.store.cases(user=invocation.invoker.id)
                if case.number == number and case.community.startswith(invocation.community)]
        if not mine:
            return refusal(invocation, t(locale, "case.not_found", number=number),
                           "case.not_found")
        if len(set(mine)) > 1:
            return refusal(invocation, t(locale, "appeal.where", number=number,
                                         communities=", ".join(sorted(set(mine)))),
                           "appeal.where")
        return replace(invocation, community=mine[0])

    def specs(self) -> tuple[CommandSpec, ...]:
        """Every command, for registration (Discord slash commands, Telegram setMyCommands)."""
        return COMMANDS

    async def invoke(self, invocation: Invocation) -> Answer:
        invocation = _valid(invocation)
        if invocation.community.endswith(":") and invocation.command != "mydata":
            # From a private chat (a banned member cannot post in the community): only an
            # appeal makes sense there, and the case number tells which community it is about
            # (`mydata` there exports every community of the platform).
            found = await self._private_appeal(invocation)
            if isinstance(found, Answer):
                return found
            invocation = found
        spec = BY_NAME.get(invocation.command)
        ruleset = self.rulebook.for_community(invocation.community)
        locale = supported(invocation.locale or ruleset.locale)
        if spec is None:
            return refusal(invocation, t(locale, "refuse.unknown",
                                         command=invocation.command), "refuse.unknown")
        refused = authority.refusal(invocation, spec)
        if refused is not None:
            key, values = refused
            if "right" in values:
                values = {"right": t(locale, f"right.{values['right']}")}
            return refusal(invocation, t(locale, key, **values), key)
        try:
            values = options.parse(spec, invocation, require_reason=ruleset.require_reason)
        except options.BadOption as bad:
            shown = dict(bad.values)
            if "name" in shown:
                shown["name"] = t(locale, f"option.name.{shown['name']}")
            return refusal(invocation, t(locale, bad.key, **shown), bad.key)
        ctx = Context(self.services, invocation, spec, ruleset, values, self.clock())
        try:
            answer = await spec.handler(ctx)
        except LedgerUnavailable:   # logged once per incident by the ledger watch
            return Answer(t(locale, "error.ledger"))
        except Exception:
            log.exception("command_failed", community=invocation.community,
                          command=invocation.command, invoker=invocation.invoker.id)
            return Answer(t(locale, "error.internal"))
        log.info("command", community=invocation.community, command=invocation.command,
                 invoker=invocation.invoker.id,
                 target=invocation.target.id if invocation.target else None,
                 refused=answer.refused)
        return answer


def _valid(inv: Invocation) -> Invocation:
    """The invocation with valid text in what people typed (no lone surrogate reaches the
    store: see rules.events.valid_text)."""
    options = {key: valid_text(value) if isinstance(value, str) else value
               for key, value in inv.options.items()}
    target = (replace(inv.target, name=valid_text(inv.target.name))
              if inv.target is not None else None)
    return replace(inv, options=options, message_text=valid_text(inv.message_text),
                   invoker=replace(inv.invoker, name=valid_text(inv.invoker.name)),
                   target=target)
